"""The artifact injector: clean English in, MT-like English (and its marked window) out.

It uses the same knowledge as the rules: inverted calque packs (a pack entry's
``replacements`` are found in clean text and turned back into the literal surface),
doubled subjects, glued words, untranslated function words of it/es/fr/de/pt,
wrong-person pronouns, casing damage, quote damage, repeated words, Moses tokenisation
and missing spaces after punctuation. A share of examples is left untouched: their marked
span is clean and the right answer is to copy it.

Every injection is one edit of the clean sentence, ``clean[a:b] -> damage``, so the
damaged and clean sentences agree outside it and the marked window of the damaged
sentence maps exactly onto the window of the clean one.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from auditor.correct.window import cut_window, span_target

KINDS = (
    "clean",
    "calque",
    "doubled_subject",
    "glued_words",
    "untranslated",
    "person_shift",
    "casing",
    "quote",
    "repeat",
    "tokenised",
    "missing_space",
)


@dataclass(frozen=True)
class Example:
    """One training pair: ``source`` (marked damaged window) -> ``target`` (clean window)."""

    kind: str
    source: str
    target: str
    damaged: str  # the whole damaged sentence
    clean: str  # the whole clean sentence
    target_span: str | None = None  # what replaces the marked span (None: not expressible)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- knowledge
# English function word -> its form in it, es, fr, de, pt (None: same as English or too
# ambiguous). The forms an English reader meets when MT leaves a word untranslated.
FUNCTION_WORDS: dict[str, dict[str, str | None]] = {
    "and": {"it": "e", "es": "y", "fr": "et", "de": "und", "pt": "e"},
    "of": {"it": "di", "es": "de", "fr": "de", "de": "von", "pt": "de"},
    "the": {"it": "il", "es": "el", "fr": "le", "de": "der", "pt": "o"},
    "with": {"it": "con", "es": "con", "fr": "avec", "de": "mit", "pt": "com"},
    "for": {"it": "per", "es": "para", "fr": "pour", "de": "für", "pt": "para"},
    "but": {"it": "ma", "es": "pero", "fr": "mais", "de": "aber", "pt": "mas"},
    "or": {"it": "o", "es": "o", "fr": "ou", "de": "oder", "pt": "ou"},
    "that": {"it": "che", "es": "que", "fr": "que", "de": "dass", "pt": "que"},
    "on": {"it": "su", "es": "sobre", "fr": "sur", "de": "auf", "pt": "sobre"},
    "without": {"it": "senza", "es": "sin", "fr": "sans", "de": "ohne", "pt": "sem"},
    "also": {"it": "anche", "es": "también", "fr": "aussi", "de": "auch", "pt": "também"},
    "between": {"it": "tra", "es": "entre", "fr": "entre", "de": "zwischen", "pt": "entre"},
    "after": {"it": "dopo", "es": "después", "fr": "après", "de": "nach", "pt": "depois"},
    "very": {"it": "molto", "es": "muy", "fr": "très", "de": "sehr", "pt": "muito"},
    "is": {"it": "è", "es": "es", "fr": "est", "de": "ist", "pt": "é"},
    "are": {"it": "sono", "es": "son", "fr": "sont", "de": "sind", "pt": "são"},
    "in": {"it": "nel", "es": "en", "fr": "dans", "de": None, "pt": "em"},
    "who": {"it": "che", "es": "quien", "fr": "qui", "de": "der", "pt": "quem"},
    "when": {"it": "quando", "es": "cuando", "fr": "quand", "de": "wenn", "pt": "quando"},
    "because": {"it": "perché", "es": "porque", "fr": "parce que", "de": "weil", "pt": "porque"},
}
SOURCE_LANGS = ("it", "es", "fr", "de", "pt")

# Used only when no calque pack is installed: (clean English, literal surface) pairs of
# well-known false friends and word-for-word renderings (it/es/fr/de/pt news MT).
FALLBACK_CALQUES: tuple[tuple[str, str], ...] = (
    ("countries", "Villages"), ("country", "Village"), ("actually", "effectively"),
    ("currently", "actually"), ("eventually", "possibly"), ("sensible", "sensitive"),
    ("warned", "put on guard"), ("news conference", "press conference"),
    ("took part in", "participated to"), ("in recent years", "in the last years"),
    ("according to", "according with"), ("lawyer", "advocate"), ("library", "bookshop"),
    ("company", "society"), ("the police", "the forces of order"), ("judge", "magistrate"),
    ("to attend", "to assist"), ("prosecutor", "procurator"), ("council", "junta"),
    ("outbreak", "focus"), ("fire", "incendium"), ("record", "primate"),
    ("president", "premier"), ("mayor", "syndic"), ("scheduled", "foreseen"),
)

SUBJECT_VERBS = (
    "said|says|is|was|has|had|will|would|could|can|did|does|were|are|have|announced|"
    "added|noted|stated|explained|claimed|told|made|took|gave|went|became|remained|"
    "decided|wanted|thus|also|then|later|never|already"
)
_NP_SUBJECT = re.compile(
    r"(?:^|(?<=[,;:] ))((?:The|A|An|This|That|These|Those|Our|Its|His|Her|Their)"
    r"(?: [A-Za-z][\w'-]*){1,3}|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}) (?=(?:" + SUBJECT_VERBS + r")\b)"
)
_PERSON_NOUN = re.compile(
    r"(?:president|minister|leader|man|woman|king|queen|chief|director|spokesman|"
    r"spokeswoman|player|singer|actor|actress|author|writer|father|mother|son|daughter|"
    r"premier|judge|mayor|governor|senator|general|coach|manager|head|ambassador)$",
    re.I,
)
_FEMALE = re.compile(r"(?:woman|queen|actress|mother|daughter|spokeswoman)$", re.I)
_WORD = re.compile(r"[A-Za-z][a-z]+")
_ANY_WORD = re.compile(r"\S+")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_LOWER_WORD = re.compile(r"(?<=[a-z,] )[a-z]{4,}\b")
_PROPER = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b")
_PRONOUN = re.compile(r"\b(he|she|He|She|his|His|him)\b")
_QUOTED = re.compile(r'"([^"\n]{1,120})"')
_PUNCT_SPACE = re.compile(r"(?<=[a-z])([,;:]|\.(?= [A-Z])) (?=[A-Za-z])")
_GLUE = re.compile(r"(?<=[a-z]{2}) (?=[a-z]{2,}\b)")
_TOKENISABLE = re.compile(r"[,.;:!?()\"'%$]")


@lru_cache(maxsize=1)
def _moses_tokenizer():
    try:
        from sacremoses import MosesTokenizer
    except ImportError:  # pragma: no cover
        return None
    return MosesTokenizer(lang="en")


def _tokenise(text: str) -> str:
    tok = _moses_tokenizer()
    if tok is None:
        return re.sub(r"([,.;:!?()\"%])", r" \1 ", text).replace("  ", " ").strip()
    return tok.tokenize(text, escape=False, return_str=True)


def pack_calques() -> list[tuple[str, str]]:
    """(clean English, literal surface) pairs read from every installed calque pack."""
    try:
        from auditor.packs import load_pack, source_languages
    except Exception:  # pragma: no cover
        return []
    pairs: list[tuple[str, str]] = []
    try:
        langs = source_languages()
    except Exception:
        return []
    for lang in langs:
        try:
            pack = load_pack(lang, "calques")
        except Exception:
            continue
        if not pack:
            continue
        for key, entries in pack.items():
            if key == "meta" or not isinstance(entries, list):
                continue
            for entry in entries:
                if not isinstance(entry, dict):
                    continue
                surface = entry.get("phrase") or entry.get("match") or entry.get("surface") or entry.get("text")
                reps = entry.get("replacements") or entry.get("replacement") or entry.get("fix") or []
                if isinstance(reps, str):
                    reps = [reps]
                if not isinstance(surface, str) or any(c in surface for c in "\\[](){}|*+?^$"):
                    continue
                for rep in reps:
                    if isinstance(rep, str) and rep and rep.lower() != surface.lower():
                        pairs.append((rep, surface))
    return pairs


class Injector:
    """Draws damaged/clean window pairs from clean sentences.

    ``weights`` maps an artifact kind (see `KINDS`) to its sampling weight; kinds that do
    not apply to a sentence are skipped and another kind is drawn.
    """

    def __init__(
        self,
        seed: int = 0,
        weights: dict[str, float] | None = None,
        window_words: tuple[int, int] = (3, 10),
        widen_prob: float = 0.3,
        calques: list[tuple[str, str]] | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        default = {k: 1.0 for k in KINDS}
        default["clean"] = 3.0
        self.weights = {k: float(v) for k, v in (weights or default).items() if k in KINDS and v > 0}
        self.window_words = window_words
        self.widen_prob = widen_prob
        calques = pack_calques() if calques is None else calques
        self.calques = calques or list(FALLBACK_CALQUES)
        self._calque_re = [
            (re.compile(r"\b" + re.escape(clean) + r"\b"), surface) for clean, surface in self.calques
        ]
        self._kind_fns: dict[str, Callable[[str], tuple[str, Edit] | None]] = {
            k: getattr(self, f"_{k}") for k in KINDS
        }

    # ------------------------------------------------------------------ public API
    def sample(self, sentence: str, kind: str | None = None) -> Example | None:
        """One example from ``sentence`` (None when ``kind`` does not apply to it)."""
        kinds = [kind] if kind else self.rng.choices(list(self.weights), weights=list(self.weights.values()), k=3)
        for k in kinds:
            result = self._kind_fns[k](sentence)
            if result is not None:
                clean, edit = result
                return self._example(k, clean, edit)
        return None

    def damage(self, sentence: str, kind: str) -> tuple[str, str, tuple[int, int]] | None:
        """``(clean, damaged, (span_start, span_end))`` for one artifact of ``kind``."""
        result = self._kind_fns[kind](sentence)
        if result is None:
            return None
        clean, edit = result
        damaged = clean[: edit.start] + edit.text + clean[edit.end :]
        s, e = self._span(damaged, edit)
        return clean, damaged, (s, e)

    # ------------------------------------------------------------------ helpers
    def _span(self, damaged: str, edit: Edit) -> tuple[int, int]:
        s, e = edit.start, edit.start + len(edit.text)
        while s < e and damaged[s].isspace():
            s += 1
        while e > s and damaged[e - 1].isspace():
            e -= 1
        if s == e and 0 < s < len(damaged) and not damaged[s - 1].isspace() and not damaged[s].isspace():
            # a deletion inside a token (glued words): mark the whole token
            while s > 0 and not damaged[s - 1].isspace():
                s -= 1
            while e < len(damaged) and not damaged[e].isspace():
                e += 1
        if s == e:  # a deletion: mark the word before (or after) the gap
            before = damaged[:s].rstrip()
            if before:
                m = list(_ANY_WORD.finditer(before))[-1]
                s, e = m.start(), m.end()
            else:
                m = _ANY_WORD.search(damaged, s)
                if m:
                    s, e = m.start(), m.end()
        return s, e

    def _example(self, kind: str, clean: str, edit: Edit) -> Example:
        damaged = clean[: edit.start] + edit.text + clean[edit.end :]
        s, e = self._span(damaged, edit)
        if self.rng.random() < self.widen_prob:  # rules differ in how much they mark
            before = list(_ANY_WORD.finditer(damaged, 0, s))
            after = _ANY_WORD.search(damaged, e)
            if before and self.rng.random() < 0.5:
                s = before[-1].start()
            elif after:
                e = after.end()
        lo, hi = self.window_words
        win = cut_window(damaged, s, e, self.rng.randint(lo, hi), self.rng.randint(lo, hi))
        delta = len(edit.text) - (edit.end - edit.start)
        # the window reaches at least the edit on both sides, so its ends map directly
        cstart = win.start if win.start <= edit.start else win.start - delta
        cend = win.end - delta if win.end >= edit.start + len(edit.text) else win.end
        target = clean[cstart:cend]
        ls, le = win.local_span
        return Example(kind, win.marked, target, damaged, clean, span_target(target, win.plain[:ls], win.plain[le:]))

    def _pick(self, matches: list[re.Match[str]]) -> re.Match[str] | None:
        return self.rng.choice(matches) if matches else None

    # ------------------------------------------------------------------ artifact kinds
    # each returns (clean sentence, edit) or None; the clean sentence may itself be a
    # variant of the input (e.g. with curly quotes) that is still clean English
    def _clean(self, s: str) -> tuple[str, Edit] | None:
        words = list(_ANY_WORD.finditer(s))
        if not words:
            return None
        i = self.rng.randrange(len(words))
        j = min(len(words), i + self.rng.choice((1, 1, 1, 2, 3)))
        a, b = words[i].start(), words[j - 1].end()
        return s, Edit(a, b, s[a:b])

    def _calque(self, s: str) -> tuple[str, Edit] | None:
        options = []
        for pattern, surface in self._calque_re:
            for m in pattern.finditer(s):
                options.append((m, surface))
        if not options:
            return None
        m, surface = self.rng.choice(options)
        return s, Edit(m.start(), m.end(), surface)

    def _doubled_subject(self, s: str) -> tuple[str, Edit] | None:
        m = self._pick(list(_NP_SUBJECT.finditer(s)))
        if m is None:
            return None
        np = m.group(1)
        head = np.split()[-1]
        if re.search(r"[^s]s$", head) and not head[0].isupper() and head.lower() not in {"his", "its", "this"}:
            pron = "they"
        elif _FEMALE.search(head):
            pron = "she"
        elif _PERSON_NOUN.search(head) or (head[0].isupper() and " " in np and np.split()[0][0].isupper()):
            pron = self.rng.choice(("he", "he", "she"))
        elif head[0].isupper() and not np.startswith(("The ", "A ", "An ")):
            pron = self.rng.choice(("he", "she"))
        else:
            pron = "it"
        pos = m.end(1) + 1
        return s, Edit(pos, pos, pron + " ")

    def _glued_words(self, s: str) -> tuple[str, Edit] | None:
        m = self._pick(list(_GLUE.finditer(s)))
        if m is None:
            return None
        if self.rng.random() < 0.3 and s[m.start() - 1] in ",":
            return None
        return s, Edit(m.start(), m.end(), "")

    def _untranslated(self, s: str) -> tuple[str, Edit] | None:
        lang = self.rng.choice(SOURCE_LANGS)
        matches = [
            m for m in re.finditer(r"\b(" + "|".join(FUNCTION_WORDS) + r")\b", s)
            if FUNCTION_WORDS[m.group(1)].get(lang)
        ]
        m = self._pick(matches)
        if m is None:
            return None
        return s, Edit(m.start(), m.end(), FUNCTION_WORDS[m.group(1)][lang] or m.group(1))

    def _person_shift(self, s: str) -> tuple[str, Edit] | None:
        if '"' in s:  # quoted speech may legitimately say "you"
            return None
        m = self._pick(list(_PRONOUN.finditer(s)))
        if m is None:
            return None
        word = m.group(1)
        new = {"he": "you", "she": "you", "his": "your", "him": "you"}[word.lower()]
        if word[0].isupper():
            new = new.capitalize()
        return s, Edit(m.start(), m.end(), new)

    def _casing(self, s: str) -> tuple[str, Edit] | None:
        choice = self.rng.random()
        if choice < 0.35:
            m = self._pick([m for m in _ACRONYM.finditer(s) if m.start() > 0])
            if m:
                return s, Edit(m.start(), m.end(), m.group(0).capitalize())
        if choice < 0.65:
            m = self._pick(list(_LOWER_WORD.finditer(s)))
            if m:
                return s, Edit(m.start(), m.end(), m.group(0).capitalize())
        if choice < 0.85:
            m = self._pick(list(_PROPER.finditer(s)))
            if m:
                return s, Edit(m.start(), m.end(), m.group(0).lower())
        words = list(_ANY_WORD.finditer(s))
        if len(words) < 2:
            return None
        i = self.rng.randrange(len(words))
        j = min(len(words), i + self.rng.randint(2, 6))
        a, b = words[i].start(), words[j - 1].end()
        low = s[a:b].lower()
        if low == s[a:b]:
            return None
        return s, Edit(a, b, low)

    def _quote(self, s: str) -> tuple[str, Edit] | None:
        quoted = list(_QUOTED.finditer(s))
        if quoted and self.rng.random() < 0.7:
            m = self.rng.choice(quoted)
            a, b = m.start(), m.end()
        else:
            words = list(_ANY_WORD.finditer(s))
            words = [w for w in words if w.group(0).isalpha()]
            if len(words) < 3:
                return None
            i = self.rng.randrange(len(words) - 1)
            j = min(len(words), i + self.rng.randint(1, 4))
            a, b = words[i].start(), words[j - 1].end()
            if '"' in s[a:b] or "\n" in s[a:b]:
                return None
            s = s[:a] + '"' + s[a:b] + '"' + s[b:]
            b += 2
        curly = self.rng.random() < 0.7
        op, cl = ("\u201c", "\u201d") if curly else ('"', '"')
        s = s[:a] + op + s[a + 1 : b - 1] + cl + s[b:]
        mode = self.rng.random()
        if curly and mode < 0.35:  # closing mark written as an opening one
            return s, Edit(b - 1, b, op)
        if mode < 0.7 and b < len(s) and s[b] == " " and b + 1 < len(s) and s[b + 1].isalnum():
            return s, Edit(b - 1, b + 1, cl)  # no space after the closing mark
        if a > 0 and s[a - 1] == " ":
            return s, Edit(a - 1, a + 1, op)  # no space before the opening mark
        if curly:
            return s, Edit(a, a + 1, cl)  # opening mark written as a closing one
        return None

    def _repeat(self, s: str) -> tuple[str, Edit] | None:
        words = [w for w in _WORD.finditer(s)]
        if not words:
            return None
        if self.rng.random() < 0.5:
            w = words[-1] if self.rng.random() < 0.4 else self.rng.choice(words)
            times = self.rng.choice((1, 1, 1, 3))
            return s, Edit(w.end(), w.end(), (" " + w.group(0)) * times)
        i = self.rng.randrange(len(words))
        j = min(len(words), i + self.rng.randint(2, 4))
        phrase = s[words[i].start() : words[j - 1].end()]
        if "\n" in phrase:
            return None
        return s, Edit(words[j - 1].end(), words[j - 1].end(), " " + phrase)

    def _tokenised(self, s: str) -> tuple[str, Edit] | None:
        hits = list(_TOKENISABLE.finditer(s))
        if not hits:
            return None
        h = self.rng.choice(hits)
        words = list(_ANY_WORD.finditer(s))
        k = next(i for i, w in enumerate(words) if w.start() <= h.start() < w.end())
        if self.rng.random() < 0.3:
            i, j = 0, len(words)
        else:
            i, j = max(0, k - self.rng.randint(0, 3)), min(len(words), k + 1 + self.rng.randint(0, 3))
        a, b = words[i].start(), words[j - 1].end()
        tok = _tokenise(s[a:b])
        if tok == s[a:b]:
            return None
        return s, Edit(a, b, tok)

    def _missing_space(self, s: str) -> tuple[str, Edit] | None:
        m = self._pick(list(_PUNCT_SPACE.finditer(s)))
        if m is None:
            return None
        return s, Edit(m.start(), m.end(), m.group(1))
