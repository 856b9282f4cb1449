"""Negation cues in a text span: "non", "ne ... pas", "nicht", "kein", "not", "n't", ...

Counting is robust to how a negation is rendered ("senza problemi" -> "no problems",
"kein Geld" -> "no money" count one each); a difference between the two sides is a
polarity change.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.source.lexicon import Lexicon

_WORD = regex.compile(r"\p{L}+?n[’']t(?!\p{L})|\p{L}+", regex.IGNORECASE)
_FR_WINDOW = 6


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    text: str


def cues(text: str, lex: Lexicon, start: int = 0, end: int | None = None) -> list[Cue]:
    """Negation cues in ``text[start:end]`` (one per negated clause for French ne ... pas)."""
    end = len(text) if end is None else end
    if lex.char_cues:
        return _char_cues(text, lex, start, end)
    words = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text, start, end)]
    out: list[Cue] = []
    used: set[int] = set()
    prefixed = {i for i, (_, _, w) in enumerate(words) if _prefix_negated(w, lex)} if lex.negation_prefix else set()
    for i in prefixed:  # negative concord: "nikdo nepřišel" is one negation
        used.update(j for j in range(max(0, i - _FR_WINDOW), min(len(words), i + _FR_WINDOW + 1))
                    if j != i and words[j][2] in lex.ne_second)
    last_concord = -_FR_WINDOW - 1  # index of the last negative pronoun counted
    for i, (s, e, w) in enumerate(words):
        if i in used:
            continue
        if lex.ne_second and w in lex.ne_second and i not in prefixed and i - last_concord <= _FR_WINDOW \
                and w not in lex.ne_particles:
            last_concord = i  # negative concord: "nikdy žádný průser" = "never any trouble"
            continue
        if i in prefixed:
            out.append(Cue(s, e, text[s:e]))
            continue
        if w.endswith(("n't", "n’t")):  # "didn't", "can't"
            out.append(Cue(e - 3, e, text[e - 3 : e]))
            continue
        if lex.ne_particles and w in lex.ne_particles and not _in_name(text, s):
            # French "ne ... pas" (ne alone is expletive); Spanish/Italian/Portuguese
            # negative concord "no ... nada" (the particle alone negates too)
            found = False
            for j in range(i + 1, min(len(words), i + 1 + _FR_WINDOW)):
                if words[j][2] in ("que", "qu") and not lex.particle_alone:  # ne ... que = "only"
                    break
                if words[j][2] in lex.ne_second:  # every negative word of the clause
                    used.add(j)
                    found = True
            if found or lex.particle_alone:
                # a negative word just before the particle is the same negation ("Никто не пришёл")
                before = {words[j][0] for j in range(max(0, i - _FR_WINDOW), i) if words[j][2] in lex.ne_second}
                out = [c for c in out if c.start not in before]
                out.append(Cue(s, e, text[s:e]))
            continue
        if w in lex.negation_cues and not _in_name(text, s):
            if w == "no" and lex.lang == "en" and _is_number_abbrev(text, e):
                continue
            if w == "nor" and any(c.text.casefold() == "neither" for c in out):
                continue  # "neither ... nor" negates once, as "weder ... noch" does
            if text[e : e + 1] == "-" and text[e + 1 : e + 2].isalpha():
                continue  # a prefix ("non-EU", "non-empty"): a negative word, counted by soft_cues
            if w in lex.ne_second:
                last_concord = i
            out.append(Cue(s, e, text[s:e]))
    for phrase in lex.negation_phrases:
        low = text[start:end].casefold()
        pos = low.find(phrase)
        while pos >= 0:
            a, b = start + pos, start + pos + len(phrase)
            # a phrase replaces the single-word cues it contains
            out = [c for c in out if not (a <= c.start < b)]
            out.append(Cue(a, b, text[a:b]))
            pos = low.find(phrase, pos + len(phrase))
    if lex.negation_exclude is not None:
        for m in lex.negation_exclude.finditer(text, start, end):
            out = [c for c in out if not (m.start() <= c.start < m.end())]
    out.sort(key=lambda c: c.start)
    return out


def _char_cues(text: str, lex: Lexicon, start: int, end: int) -> list[Cue]:
    """Negation in a language written without spaces: every occurrence of a cue (the
    longest first, never two on the same characters) outside the words that negate
    nothing ("不过" = but, "少ない" = few)."""
    region = text[start:end]
    taken: list[tuple[int, int]] = []
    for word in lex.char_exclude:
        pos = region.find(word)
        while pos >= 0:
            taken.append((start + pos, start + pos + len(word)))
            pos = region.find(word, pos + len(word))
    out: list[Cue] = []
    for cue in lex.char_cues:
        pos = region.find(cue)
        while pos >= 0:
            a, b = start + pos, start + pos + len(cue)
            if not any(a < y and x < b for x, y in taken):
                taken.append((a, b))
                out.append(Cue(a, b, text[a:b]))
            pos = region.find(cue, pos + len(cue))
    out.sort(key=lambda c: c.start)
    return out


def _prefix_negated(word: str, lex: Lexicon) -> bool:
    """A word negated by the language's prefix (Czech "nemá", "nebyl", "nelze"): the rest
    is itself a common word ("má", "byl") and the word is not a lexicalised one ("nemoc")."""
    prefix = lex.negation_prefix
    if not word.startswith(prefix) or len(word) < len(prefix) + 2 or word.startswith(lex.prefix_exclude):
        return False
    from auditor.source.entities import _zipf

    return _zipf(word[len(prefix):], lex.lang) >= 3.0


def _is_number_abbrev(text: str, end: int) -> bool:
    """"No. 5" is a number, not a negation."""
    return text[end : end + 1] == "." and text[end + 1 : end + 3].strip()[:1].isdigit()


def _in_name(text: str, start: int) -> bool:
    """A capitalised cue in mid-sentence belongs to a name ("Médicos Sin Fronteras")."""
    if not text[start].isupper():
        return False
    pos = start - 1
    while pos >= 0 and text[pos] in " \u00a0\"'“‘«(":
        pos -= 1
    return pos >= 0 and (text[pos].isalnum() or text[pos] == ",")


_MORPH_NEG = regex.compile(r"(?<![\p{L}-])(?:un|in|im|il|ir|dis|non-?)(\p{Ll}{4,})(?!\p{L})")
_SOFT_WORDS = frozenset({"absent", "absence", "lack", "lacks", "lacked", "lacking", "devoid", "free", "refused", "refuses",
                         "refuse", "denied", "denies", "deny", "rejected", "avoid", "avoided", "neglected", "missing",
                         "prevent", "prevents", "prevented", "preventing", "stop", "stops", "stopped", "void",
                         # "wenn nicht" = "unless", "nicht A, sondern B" = "B rather than A" / "instead of A"
                         "unless", "except", "rather", "instead",
                         # "не вдалося" = "they failed" (with "to", "failed" is an implicit cue of the pack)
                         "failed", "fail", "fails", "unable"})


def soft_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """English words that carry a negation in their meaning ("incorrect", "unmarked",
    "absent", "lacking"): they may render a source negation ("non è corretta"), so they
    excuse a lost negation, but never count as an added one."""
    from auditor.source.entities import _zipf

    end = len(text) if end is None else end
    out = []
    for m in _MORPH_NEG.finditer(text, start, end):
        if _zipf(m.group(1), "en") >= 3.0 and _zipf(m.group().lower(), "en") >= 2.0:
            out.append(Cue(m.start(), m.end(), m.group()))
    for m in _WORD.finditer(text, start, end):
        if m.group().lower() in _SOFT_WORDS:
            out.append(Cue(m.start(), m.end(), m.group()))
    return out


def source_soft_cues(text: str, lex: Lexicon, start: int = 0, end: int | None = None) -> list[Cue]:
    """Source words made of the pack's soft negative prefix and a word of the language of
    four letters or more ("нелегко" = не + легко, "неможе" = не може written together):
    they may carry the negation English writes as "not", so they excuse an English
    negation without counterpart, but never count as a lost one."""
    prefix = lex.soft_prefix
    if not prefix:
        return []
    from auditor.source.entities import _zipf

    end = len(text) if end is None else end
    out = []
    for m in _WORD.finditer(text, start, end):
        word = m.group().casefold()
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 4 and word not in lex.negation_cues and _zipf(rest, lex.lang) >= 3.0:
            out.append(Cue(m.start(), m.end(), m.group()))
    return out
