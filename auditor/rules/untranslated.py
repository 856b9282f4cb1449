"""Untranslated words (``UNT``): source-language words left in the English text.

* UNT001 untranslated-word: Latin-script words that are common in a source language and
  not English ("the sindaco", "il governo", "could nicht be met", "Lula e Alckmin").
* UNT002 foreign-script: a run of a non-Latin script inside English text ("三聚氰胺",
  "Путин").

Evidence is word frequency (``wordfreq``, Zipf scale: 7 = "the", 3 = once per million
words): a word is foreign when it is far more frequent in a source language than in
English. Proper names (capitalised mid-sentence), loanwords in normal English use
(``packs/en/loanwords.toml``) and quoted mentions (``"caro" means "dear"``) stay
unflagged. Lookups are cached per word, so the cost per word after warm-up is a dict hit;
an article's new words are looked up together, one batch per language (`learn`), and a
sentence is only looked at word by word when one of its words could be marked
(`_has_candidates`).
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Iterator

import regex

from auditor import lexicon
from auditor.document import Article
from auditor.findings import Finding, Severity
from auditor.packs import load_pack
from auditor.rules.base import Rule, RuleContext, register
from auditor.rules.grammar import in_regions, quoted_regions

#: source languages checked for Latin-script words (wordfreq codes)
SOURCE_LANGS = ("it", "es", "fr", "de", "pt", "pl", "cs", "ro")
#: Zipf thresholds (see the module doc); calibrated on WMT22 references and DEMETR
EN_COMMON = 4.0      # at or above: an ordinary English word whatever else it is
MIN_SOURCE = 3.0     # a foreign word must be at least this common in its language
MIN_SOURCE_UNKNOWN = 2.0  # ... or this common when English has never seen it
MIN_MARGIN = 2.5     # ... and this much more common there than in English
MIN_MARGIN_CAP = 3.0  # the same for a capitalised word at sentence start
SHORT = 2            # words this short are only evidence next to other foreign words
WEAK_MARGIN = 1.5    # below this margin a word is no evidence at all

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_NOT_ENGLISH_LETTERS = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßąćęłńśźżčďěňřšťůœ"


@lru_cache(maxsize=1)
def _not_english_letter() -> "re.Pattern[str]":
    """A letter English does not use (compiled on first use: ignoring case, the class
    costs milliseconds to compile)."""
    return re.compile(f"[{_NOT_ENGLISH_LETTERS}]", re.I)


# -- word knowledge (cached) ------------------------------------------------------------------

_EN_CACHE: dict[str, float] = {}
_FOREIGN_CACHE: dict[str, tuple[float, tuple[tuple[str, float], ...]]] = {}


def _zipf(word: str, lang: str) -> float:
    """Zipf frequency of a lower-case word. Source languages keep only words with Zipf >=
    2.0, which halves their tables (load time and memory): a rarer word can never be
    evidence, since a foreign word needs MIN_SOURCE_UNKNOWN (2.0) or more to count."""
    return lexicon.zipf(word, lang, 0.0 if lang == "en" else MIN_SOURCE_UNKNOWN)


def english_zipf(word: str) -> float:
    z = _EN_CACHE.get(word)
    if z is None:
        z = _EN_CACHE[word] = _zipf(word, "en")
    return z


def foreign_evidence(word: str) -> tuple[float, tuple[tuple[str, float], ...]]:
    """(margin over English, ((lang, zipf), ...) best first) for a lower-case word; a
    margin <= 0 means no evidence."""
    hit = _FOREIGN_CACHE.get(word)
    if hit is not None:
        return hit
    en = english_zipf(word)
    if _plainly_english(word, en):
        hit = (0.0, ())
    else:
        hit = _evidence(en, [(lang, _zipf(word, lang)) for lang in SOURCE_LANGS]) or _folded_evidence(word, en)
    _FOREIGN_CACHE[word] = hit
    return hit


#: a word typed without its diacritics counts only this long, and only when English has
#: never seen it (on 292,000 words of WMT22 English, original and translated, no word
#: qualifies; on MLQE-PE ro-en MT, 15 in 87,000 words, all untranslated: "adanca",
#: "podoaba", "crestina")
FOLDED_MIN_LENGTH = 6
#: endings that English coins rare words with: such a word is English even where French
#: has it with an accent ("mediatisation", French "médiatisation")
_ENGLISH_SUFFIXES = ("tion", "sion", "ment", "ness", "ism", "ist", "ship")


def _folded_evidence(word: str, en: float) -> tuple[float, tuple[tuple[str, float], ...]]:
    """`foreign_evidence` of a word no source language has as it is written: a source
    word with its diacritics lost ("indepartata" for Romanian "îndepărtată", common where
    the source text was typed without them), from `lexicon.folded_words` (words at
    `MIN_SOURCE` or above)."""
    if en > 0 or len(word) < FOLDED_MIN_LENGTH or not word.isascii() or not word.isalpha() \
            or word.endswith(_ENGLISH_SUFFIXES):
        return -en, ()
    hit = lexicon.folded_words(SOURCE_LANGS, MIN_SOURCE_UNKNOWN, MIN_SOURCE).get(word)
    return (hit[1], (hit,)) if hit else (0.0, ())


#: a word at least this common in English has a margin below `WEAK_MARGIN` unless it is
#: among the words of `_frequent_source_words` (no lookup in every source language) ...
FREQUENT_EN = 3.0
#: ... once this many words have their evidence (a short run never loads those words)
FREQUENT_AFTER = 2_000


@lru_cache(maxsize=1)
def _frequent_source_words() -> dict[str, float]:
    """``{word: its highest Zipf value in SOURCE_LANGS}`` for the words at or above
    ``FREQUENT_EN + WEAK_MARGIN`` in a source language (about 20,000)."""
    return lexicon.frequent_words(SOURCE_LANGS, MIN_SOURCE_UNKNOWN, FREQUENT_EN + WEAK_MARGIN)


def _below_by_frequent(word: str, en: float) -> bool | None:
    """Whether the margin of `foreign_evidence` is below `WEAK_MARGIN` (computed as it
    does) for a word `FREQUENT_EN` in English, from `_frequent_source_words` alone: such a
    word needs a source language at ``FREQUENT_EN + WEAK_MARGIN`` or more to reach the
    margin. None for other words, and before `FREQUENT_AFTER` words have their evidence."""
    if en < FREQUENT_EN or _plainly_english(word, en) or len(_FOREIGN_CACHE) < FREQUENT_AFTER:
        return None
    return _frequent_source_words().get(lexicon.wordfreq_key(word), 0.0) - en < WEAK_MARGIN


def _below_weak_margin(word: str) -> bool:
    """True when the margin of `foreign_evidence` (``word`` in lower case) is below
    `WEAK_MARGIN`, by `_below_by_frequent` where it tells."""
    below = None if word in _FOREIGN_CACHE else _below_by_frequent(word, english_zipf(word))
    return foreign_evidence(word)[0] < WEAK_MARGIN if below is None else below


def _plainly_english(word: str, en: float) -> bool:
    """True for a word common in English and not too short to be a foreign one: it is
    never looked up in the source languages."""
    return en >= EN_COMMON and len(word) > SHORT


def _evidence(en: float, scores: list[tuple[str, float]]) -> tuple[float, tuple[tuple[str, float], ...]] | tuple[()]:
    """`foreign_evidence` from a word's English Zipf value and its ``(lang, zipf)`` in
    every source language (in `SOURCE_LANGS` order); an empty tuple when no source
    language has the word."""
    if not any(z for _lang, z in scores):
        return ()  # in none of the source languages (most words): see `_folded_evidence`
    scores.sort(key=lambda kv: -kv[1])
    best = scores[0][1]
    return best - en, tuple(kv for kv in scores if kv[1] >= best - 0.5 and kv[1] > 0)


def learn(words: set[str]) -> None:
    """Look the lower-case ``words`` up in English and the source languages in one batch
    per language (`lexicon.zipf_many`: a word looked up one by one in the on-disk index
    costs several times as much), so that `english_zipf` and `foreign_evidence` answer
    them from their caches."""
    new = [w for w in words if w not in _FOREIGN_CACHE]
    if not new:
        return
    unseen = [w for w in new if w not in _EN_CACHE]
    if unseen:
        _EN_CACHE.update(lexicon.zipf_many(unseen, "en", 0.0))
    foreign = []
    for w in new:
        en = _EN_CACHE[w]
        if _plainly_english(w, en):
            _FOREIGN_CACHE[w] = (0.0, ())
        elif not _below_by_frequent(w, en):
            foreign.append(w)  # (a word below the margin by `_below_by_frequent` is looked up when needed)
    if foreign:
        by_lang = [(lang, lexicon.zipf_many(foreign, lang, MIN_SOURCE_UNKNOWN)) for lang in SOURCE_LANGS]
        for w in foreign:
            en = _EN_CACHE[w]
            _FOREIGN_CACHE[w] = _evidence(en, [(lang, table[w]) for lang, table in by_lang]) or _folded_evidence(w, en)


@lru_cache(maxsize=None)
def _loanwords() -> tuple[frozenset[str], "_LoanPhrases | None"]:
    pack = load_pack("en", "loanwords") or {}
    data = pack.get("loanwords", {})
    words = frozenset(w.lower() for w in data.get("words", []))
    phrases = sorted(data.get("phrases", []), key=len, reverse=True)
    return words, (_LoanPhrases(phrases) if phrases else None)


class _LoanPhrases:
    """The loan phrases as one regex, compiled on first use (only an article with a
    candidate finding needs it)."""

    def __init__(self, phrases: list[str]):
        self.phrases = phrases

    @cached_property
    def pattern(self) -> "re.Pattern[str]":
        alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in self.phrases)
        return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.I)

    def finditer(self, text: str, pos: int, endpos: int) -> Iterator["re.Match[str]"]:
        return self.pattern.finditer(text, pos, endpos)


@lru_cache(maxsize=None)
def _function_words() -> tuple[dict[str, tuple[str, ...]], frozenset[str], dict[str, tuple[str, ...]]]:
    """(conjunction -> languages, name particles, standalone function word -> languages)
    from ``packs/<lang>/function_words.toml``."""
    conj: dict[str, list[str]] = {}
    standalone: dict[str, list[str]] = {}
    particles: set[str] = set()
    for lang in SOURCE_LANGS:
        words = (load_pack(lang, "function_words") or {}).get("words", {})
        for w in words.get("conjunctions", []):
            conj.setdefault(w, []).append(lang)
        for w in words.get("standalone", []):
            standalone.setdefault(w, []).append(lang)
        particles.update(words.get("particles", []))
    return ({k: tuple(v) for k, v in conj.items()}, frozenset(particles),
            {k: tuple(v) for k, v in standalone.items()})


# -- UNT001 -----------------------------------------------------------------------------------

_SENT_START = re.compile(r"""[\s"“‘«(\[]*""")


@register
class UntranslatedWord(Rule):
    """A source-language word left untranslated in the English text.

    What it does:
        Flags words (and runs of words) that are common in Italian, Spanish, French,
        German, Portuguese, Polish, Czech or Romanian and rare in English, by word
        frequency: "the sindaco of the town", "il governo", "[la ciudad]", "could nicht be
        met", a headline left in capitals ("ZASE SPOLU!"), and a source conjunction
        between two names ("Lula e Alckmin", "Felix Slováček a Lucie Helemová"). A function word next
        to a foreign word joins its finding ("il governo"). The finding names the
        language(s) in ``source_lang``. A source word that lost its diacritics
        ("indepartata" for Romanian "îndepărtată", from a source typed without them)
        counts when English has never seen it.

    Why it matters:
        An untranslated word is the plainest sign of machine translation (an unknown word
        copied through, or a name-like word the system did not dare translate) and
        usually hides a meaning the reader cannot recover.

    Example:
        "The sindaco of Rome said ..." -> "The mayor of Rome said ...". Not flagged:
        proper names ("Lula da Silva", "Banca d'Italia"), loanwords in English use
        ("piazza", "per se", "déjà vu", "via"), quoted mentions ("'caro' means 'dear'").

    Fix safety:
        No fix: the translation depends on context; the finding names the language.
    """

    code = "UNT001"
    name = "untranslated-word"
    family = "untranslated"
    severity = Severity.WARNING
    fixable = "none"

    def warm_up(self) -> None:
        for lang in ("en", *SOURCE_LANGS):
            _zipf("the", lang)
        _frequent_source_words()  # a long run uses them
        lexicon.folded_words(SOURCE_LANGS, MIN_SOURCE_UNKNOWN, MIN_SOURCE)

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        loan_words, loan_phrases = _loanwords()
        conj, particles, standalone = _function_words()
        quotes: list[tuple[int, int]] | None = None
        total = foreign_total = 0
        found: list[tuple[int, int, tuple[tuple[str, float], ...], bool]] = []
        sentences = article.sentences
        words_by_sentence = [_WORD.findall(text, sent.start, sent.end) for sent in sentences]
        _learn_tokens(words_by_sentence)
        # a match inside a sentence is a match in the text (the pattern has no anchors)
        lookalike = _LOOKALIKE_BETWEEN_NAMES.search(text) is not None
        for sent, words in zip(sentences, words_by_sentence):
            total += len(words)
            if not _has_candidates(words) \
                    and not (lookalike and _LOOKALIKE_BETWEEN_NAMES.search(text, sent.start, sent.end)):
                continue  # nothing here can be marked (the common case)
            first = _SENT_START.match(text, sent.start, sent.end).end()
            toks = list(_WORD.finditer(text, sent.start, sent.end))
            groups = [m.group() for m in toks]
            # per token: None (English/unknown/name), or (strong, langs)
            marks: list[tuple[bool, tuple[tuple[str, float], ...]] | None] = [None] * len(toks)
            in_name = False
            for i, m in enumerate(toks):
                word = groups[i]
                if not in_name and word in _SAFE and word[0].islower():
                    continue  # plainly English (`_has_candidates`): never marked, and no name goes on
                low = word.lower()
                if in_name and word[0].islower() and (len(low) <= 3 or english_zipf(_elided(low)) < 3.0):
                    continue  # inside a foreign proper name: "České dráhy", "Právo a spravedlnost"
                if 0 < i < len(toks) - 1 and word[0].islower() and groups[i - 1][0].isupper() \
                        and groups[i + 1][0].isupper() and toks[i - 1].start() != first \
                        and (low in particles or not (_name_like(groups[i - 1], SOURCE_LANGS)
                                                      and _name_like(groups[i + 1], SOURCE_LANGS))):
                    continue  # inside a foreign name: "Wissenschaft und Politik", "Edermanning bei Reut"
                if not word[1:].islower() and not word.isupper() and not word.istitle():
                    continue  # camel case: a brand ("iRozhlas", "eBay")
                in_name = word[0].isupper() and _foreign_name(m, first)
                if word in _SAFE:
                    continue  # `_may_be_marked` is False: no path below marks it
                if low in loan_words:
                    continue
                s, e = m.span()
                before = text[s - 1] if s > 0 else " "
                after = text[e] if e < len(text) else " "
                if before in "/@#._\\" or after in "/@_\\" or (after == "." and e + 1 < len(text) and text[e + 1].isalnum()):
                    continue  # URLs, handles, file names
                capital = word[0].isupper()
                if word.isupper() and len(low) >= 4 and _caps_run(toks, i):
                    # a run of capitals ("ZASE SPOLU!"): plain source words, not acronyms
                    margin, langs = foreign_evidence(low)
                    if langs and margin >= MIN_MARGIN_CAP and langs[0][1] >= 4.0 and english_zipf(low) < 1.5:
                        marks[i] = (True, langs)
                    continue
                if capital and (s != first or word.isupper()):
                    mark = self._capitalised(word, low, i, toks, text)
                    if mark:
                        marks[i] = mark
                    continue
                low = _elided(low)
                margin, langs = foreign_evidence(low)
                if margin <= 0 or not langs:
                    continue
                if langs[0][1] < MIN_SOURCE and not (langs[0][1] >= MIN_SOURCE_UNKNOWN and english_zipf(low) == 0
                                                      and (len(low) >= 6 or _not_english_letter().search(low))):
                    continue  # too rare in the source language, unless English has never seen it
                if capital and (langs[0][1] < 4.5 or (i + 1 < len(toks) and toks[i + 1].group()[0].isupper())
                                or _first_name(word) or _named_elsewhere(article, word, first)):
                    continue  # a sentence-initial name: "Morawiecki said", "Lukáš Neuheisl"
                need = MIN_MARGIN_CAP if capital or len(low) == 3 else MIN_MARGIN
                if len(low) <= SHORT:
                    if margin >= WEAK_MARGIN:
                        marks[i] = (False, langs)
                elif margin >= need:
                    marks[i] = (True, langs)
                elif margin >= WEAK_MARGIN:
                    marks[i] = (False, langs)
            # conjunctions between two capitalised names: "Lula e Alckmin"
            for i in range(1, len(toks) - 1):
                low = groups[i]
                if low in conj and toks[i - 1].start() != first and _gap(text, toks[i - 1], toks[i]) \
                        and _gap(text, toks[i], toks[i + 1]) \
                        and _name_like(groups[i - 1], conj[low]) and _name_like(groups[i + 1], conj[low]) \
                        and (low not in _ENGLISH_LOOKALIKES or _foreign_pair(groups[i - 1], groups[i + 1])):
                    marks[i] = (True, _ranked(low, conj[low]))
            # a source function word alone between two lower-case English words:
            # "his performances y those of", "has proven su worth"
            for i in range(1, len(toks) - 1):
                low = groups[i]
                if low in standalone and (marks[i] is None or not marks[i][0]) \
                        and _english_neighbour(toks[i - 1]) and _english_neighbour(toks[i + 1]) \
                        and _gap(text, toks[i - 1], toks[i]) and _gap(text, toks[i], toks[i + 1]):
                    marks[i] = (True, _ranked(low, standalone[low]))
            # runs of adjacent marked tokens; a run needs a strong member
            i = 0
            while i < len(toks):
                if marks[i] is None:
                    i += 1
                    continue
                j = i
                while j + 1 < len(toks) and marks[j + 1] is not None and _gap(text, toks[j], toks[j + 1]):
                    j += 1
                run = marks[i : j + 1]
                if any(strong for strong, _ in run):
                    s, e = toks[i].start(), toks[j].end()
                    # drop weak particles inside a name at the edges ("da Silva")
                    foreign_total += j - i + 1
                    if not _in_loan_phrase(loan_phrases, text, s, e):
                        found.append((s, e, _vote(run), j - i + 1 == len(toks)))
                i = j + 1
        if not found or foreign_total > 0.5 * max(total, 1):
            return  # nothing, or the whole article is not English
        quotes = quoted_regions(article)
        for s, e, langs, _whole in found:
            if in_regions(quotes, s) and (_fills_quote(text, s, e) or _quoted_title(text, quotes, s)):
                continue  # a quoted mention ("caro" means "dear") or title (“Wir sind Bayern”)
            lang_list = ",".join(langs)
            yield self.finding(
                article, s, e, f"untranslated word(s) from {_names(langs)}",
                replacements=[],
                confidence=0.8 if len(langs) == 1 else 0.7,
                source_lang=lang_list,
            )

    @staticmethod
    def _capitalised(word: str, low: str, i: int, toks: list, text: str):
        """A capitalised word mid-sentence is a name, unless it is a German common noun
        (German capitalises nouns) standing between lower-case words."""
        if len(low) < 5 or word.isupper() or "-" in word or i == 0:
            return None
        prev = toks[i - 1].group()
        # a capitalised neighbour makes it part of a name ("Deutsche Bank") unless
        # punctuation stands between ("an emotional Reaktion, Mick Fleetwood said")
        prev_cap = prev[0].isupper() and _gap(text, toks[i - 1], toks[i])
        next_cap = i + 1 < len(toks) and toks[i + 1].group()[0].isupper() and _gap(text, toks[i], toks[i + 1])
        if prev_cap or next_cap or prev.lower() in _PLACE_PREPOSITIONS:
            return None  # part of a name, or a place ("in Thüringen")
        margin, langs = foreign_evidence(low)
        if _german_noun(low, margin, langs):
            return (True, (("de", langs[0][1]),))
        return None


#: a capitalised word mid-sentence is a German noun (not a name) when German has it this
#: much more often than English, at least this often, and English has it less than this
DE_NOUN_MARGIN = 3.0
DE_NOUN_ZIPF = 3.5
DE_NOUN_MAX_EN = 2.0


def _german_noun(low: str, margin: float, langs: tuple[tuple[str, float], ...]) -> bool:
    """Whether a capitalised word with this `foreign_evidence` reads as a German noun."""
    return margin >= DE_NOUN_MARGIN and bool(langs) and langs[0][0] == "de" and langs[0][1] >= DE_NOUN_ZIPF \
        and english_zipf(low) < DE_NOUN_MAX_EN


#: tokens that are plainly English: never marked, and they never make their sentence
#: worth a look; every other token seen has its `_token_flags` in `_FLAGS`
_SAFE: set[str] = set()
_FLAGS: dict[str, int] = {}
#: a token that makes its sentence worth a look: a margin of `WEAK_MARGIN` over English
#: (elision removed), or a source function word that is not also an English word
LOOKS_FOREIGN = 1
#: a token that `UntranslatedWord.check` may mark (`_may_be_marked`)
MAY_BE_MARKED = 2
_CACHE_LIMIT = 400_000


def _learn_tokens(words_by_sentence: list[list[str]]) -> None:
    """`learn` the tokens of an article that `_has_candidates` has not classified yet
    (as it looks them up: lower case, with and without elision)."""
    # (`difference` with the dict itself: set minus dict_keys would walk every key)
    tokens = set().union(*words_by_sentence).difference(_SAFE).difference(_FLAGS)
    if tokens:
        lows = {w.lower() for w in tokens}
        learn(lows | {_elided(low) for low in lows if "'" in low or "’" in low})


def _has_candidates(words: list[str]) -> bool:
    """False when `UntranslatedWord.check` can find nothing in a sentence of these
    tokens (mostly set operations, so clean text costs little more than tokenising): no
    token looks foreign, or none can be marked (a capitalised name: "EU", "Petra")
    and no English look-alike conjunction ("a", "i") stands between two capitalised
    words."""
    rest = set(words) - _SAFE
    if not rest:
        return False
    if len(_SAFE) > _CACHE_LIMIT:
        _SAFE.clear(), _FLAGS.clear(), _EN_CACHE.clear(), _FOREIGN_CACHE.clear()
    flags = 0
    for w in rest:
        f = _FLAGS.get(w)
        if f is None:
            f = _token_flags(w)
            if f:
                _FLAGS[w] = f
            else:
                _SAFE.add(w)
        flags |= f
    if not flags & LOOKS_FOREIGN:
        return False
    return bool(flags & MAY_BE_MARKED) or _lookalike_between_capitals(words)


def _token_flags(word: str) -> int:
    """`LOOKS_FOREIGN` and `MAY_BE_MARKED` as they hold for ``word``."""
    low = word.lower()
    conj, _particles, standalone = _function_words()
    looks = not _below_weak_margin(_elided(low)) or (low in conj and low not in _ENGLISH_LOOKALIKES) \
        or low in standalone
    return (LOOKS_FOREIGN if looks else 0) | (MAY_BE_MARKED if _may_be_marked(word) else 0)


def _may_be_marked(word: str) -> bool:
    """False for a token that `UntranslatedWord.check` can never mark, wherever it
    stands (a necessary condition of each of its paths; the conjunctions that are also
    English words aside): a source function word may be marked; a lower-case word needs
    a margin of `WEAK_MARGIN` over English; a capitalised one is only marked as a word
    of a run of capitals, a German noun mid-sentence or a common source word opening a
    sentence."""
    low = word.lower()
    conj, _particles, standalone = _function_words()
    if low in standalone or (low in conj and low not in _ENGLISH_LOOKALIKES):
        return True
    if not word[0].isupper():
        return not _below_weak_margin(_elided(low))
    if not word[1:].islower() and not word.isupper() and not word.istitle():
        return False  # camel case: skipped
    if english_zipf(low) < max(1.5, DE_NOUN_MAX_EN):  # a run of capitals and a German noun need a word rare in English
        margin, langs = foreign_evidence(low)
        if word.isupper():  # only in a run of capitals
            return len(low) >= 4 and bool(langs) and margin >= MIN_MARGIN_CAP and langs[0][1] >= 4.0 \
                and english_zipf(low) < 1.5
        if len(low) >= 5 and "-" not in word and _german_noun(low, margin, langs):
            return True  # a German noun mid-sentence (`_capitalised`)
    elif word.isupper():
        return False
    if _below_weak_margin(_elided(low)):  # at the start of a sentence
        return False
    margin, langs = foreign_evidence(_elided(low))
    return margin >= WEAK_MARGIN and bool(langs) and langs[0][1] >= 4.5


def _lookalike_between_capitals(words: list[str]) -> bool:
    """True if a conjunction that is also an English word ("a", "i") stands between two
    capitalised tokens: the only way such a word is marked ("Slováček a Lucie")."""
    return any(words[i] in _ENGLISH_LOOKALIKES and words[i - 1][0].isupper() and words[i + 1][0].isupper()
               for i in range(1, len(words) - 1))


def _in_loan_phrase(pattern, text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` lies inside a loan phrase ("per se", "inter vivos")."""
    if pattern is None:
        return False
    for m in pattern.finditer(text, max(0, start - 40), min(len(text), end + 40)):
        if m.start() <= start and end <= m.end() or m.start() < end and start < m.end():
            return True
    return False


_ELISION = re.compile(r"^(?:l|d|dell|nell|all|dall|sull|coll|un|qu|j|n|s|c|m|t|quell|quest|po)['’](?=\w{3})")


def _elided(low: str) -> str:
    """The word after an Italian/French elision ("l'erosione" -> "erosione")."""
    return _ELISION.sub("", low, count=1) if ("'" in low or "’" in low) else low


def _foreign_name(tok: "re.Match[str]", first: int) -> bool:
    """A capitalised mid-sentence token that English does not know: the head of a foreign
    proper name whose later words are lower case (Czech/Polish style "České dráhy")."""
    word = tok.group()
    if not word[0].isupper():
        return False
    low = word.lower()
    if english_zipf(low) >= 1.5:
        return False
    # the head is itself a common source-language word (an adjective or noun: "České",
    # "Sdružení"), not a surname ("Niesiołowski podkreślił" is a name and a verb)
    _margin, langs = foreign_evidence(low)
    return bool(langs) and langs[0][1] >= 3.5


@lru_cache(maxsize=4096)
def _first_name(word: str) -> bool:
    from auditor.rules.gender import first_name_gender

    return first_name_gender(word) is not None


_MID_SENTENCE_WORD = re.compile(r"(?<=[a-z,;] )[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SEGMENT_END = re.compile(r"(?=['’\-])")


def _named_elsewhere(article: Article, word: str, first: int) -> bool:
    """True if ``word`` occurs capitalised mid-sentence elsewhere in the article (a name):
    after a lower-case letter, comma or semicolon and a space, and followed by a word
    boundary. The words that can match are indexed once per article (`_mid_sentence_words`),
    so the check is a set lookup, not a scan of the whole text per candidate."""
    return word in _mid_sentence_words(article)


def _mid_sentence_words(article: Article) -> frozenset[str]:
    """Every string ``w`` (a `_WORD` token or a prefix of one cut before an apostrophe or
    hyphen) for which ``(?<=[a-z,;] )w\b`` matches ``article.text``; one pass, cached on
    the article."""
    cached = article.__dict__.get("_auditor_mid_sentence")
    if cached is not None and cached[0] is article.text:
        return cached[1]
    text = article.text
    words: set[str] = set()
    for m in _MID_SENTENCE_WORD.finditer(text):
        token, end = m.group(), m.end()
        for cut in _SEGMENT_END.finditer(token):
            words.add(token[: cut.start()])  # the prefix ends before a non-word character
        nxt = text[end] if end < len(text) else ""
        if not (nxt.isalnum() or nxt == "_"):
            words.add(token)
    result = frozenset(words)
    article.__dict__["_auditor_mid_sentence"] = (text, result)
    return result


_PLACE_PREPOSITIONS = frozenset(
    "in at from to near of via into across around outside inside towards toward through "
    "between by for with".split()
)


def _name_like(word: str, langs: tuple[str, ...]) -> bool:
    """A capitalised word that can stand beside a conjunction in "Lula e Alckmin": not
    all capitals (a company "X UND Y"), not a common noun of the conjunction's language
    ("Wissenschaft und Politik" is a German name)."""
    if not word[0].isupper() or word.isupper():
        return False
    low = word.lower()
    if english_zipf(low) >= 2.5:
        return True
    return not any(_zipf(low, lang) >= 4.5 for lang in langs)


#: source conjunctions that are also English words (Czech/Slovak "a", Polish "i"); they
#: do not make a sentence a candidate by themselves (English is full of "a"): only a
#: sentence where one stands between two capitalised words is looked at
_ENGLISH_LOOKALIKES = frozenset({"a", "i", "to", "or"})
_LOOKALIKE_BETWEEN_NAMES = re.compile(r"[A-ZÀ-ÞĀ-Ž][^\W\d_]+ (?:a|i|to|or) [A-ZÀ-ÞĀ-Ž][^\W\d_]")


def _foreign_pair(left: str, right: str) -> bool:
    """For a conjunction that is also an English word (Czech "a"): the names on both
    sides are not English words ("Slováček a Lucie", not "Gives Biden a Warning")."""
    return english_zipf(left.lower()) < 2.0 and english_zipf(right.lower()) < 3.5


def _caps_run(toks: list, i: int) -> bool:
    """True if token ``i`` (all capitals) stands next to another all-capital word of
    three letters or more: a headline or slogan in capitals ("ZASE SPOLU!")."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(toks):
            w = toks[j].group()
            if len(w) >= 3 and w.isupper():
                return True
    return False


def _ranked(word: str, langs: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """``langs`` with the word's Zipf frequency in each, most frequent first."""
    return tuple(sorted(((lang, _zipf(word, lang)) for lang in langs), key=lambda kv: -kv[1]))


def _english_neighbour(tok: "re.Match[str]") -> bool:
    """A lower-case word common in English (so the word between two of them is alone)."""
    word = tok.group()
    return word.islower() and english_zipf(word) >= 3.0 and _below_weak_margin(word)


def _gap(text: str, a: "re.Match[str]", b: "re.Match[str]") -> bool:
    """True if only spaces separate two tokens."""
    between = text[a.end() : b.start()]
    return between.isspace() and "\n" not in between


def _fills_quote(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` is all there is between its quotation marks."""
    before = text[max(0, start - 2) : start].strip()
    after = text[end : end + 2].strip()
    return bool(before) and before[-1] in "\"“‘«'„" and bool(after) and after[0] in "\"”’»'"


#: a quotation longer than this is not a title (8 words or fewer)
_TITLE_CHARS = 400


def _quoted_title(text: str, quotes: list[tuple[int, int]], pos: int) -> bool:
    """True if ``pos`` lies in a short quotation that starts with a capital: a title."""
    import bisect

    i = bisect.bisect_right(quotes, (pos, float("inf"))) - 1
    qs, qe = quotes[i]
    if qe - qs > _TITLE_CHARS:
        return False  # not a short title (and never copy a long quote per candidate)
    inner = text[qs:qe].strip("\"“”‘’«»„ ")
    words = inner.split()
    if not inner or not inner[0].isupper() or len(words) > 8:
        return False
    # a title capitalises its words (“Guten Tag, liebes Glück”) or is all foreign
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.4 * len(words)


def _vote(run) -> tuple[str, ...]:
    totals: dict[str, float] = {}
    for _strong, langs in run:
        for lang, z in langs:
            totals[lang] = totals.get(lang, 0.0) + z
    best = max(totals.values())
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    return tuple(lang for lang, z in ranked if z >= best - 0.5)[:3]


_LANG_NAMES = {"it": "Italian", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese",
               "pl": "Polish", "cs": "Czech", "ro": "Romanian", "ru": "Russian", "uk": "Ukrainian", "zh": "Chinese",
               "ja": "Japanese", "ko": "Korean", "hi": "Hindi", "ar": "Arabic", "he": "Hebrew",
               "el": "Greek", "th": "Thai", "bg": "Bulgarian", "sr": "Serbian"}


def _names(langs) -> str:
    return " or ".join(_LANG_NAMES.get(lang, lang) for lang in langs)


# -- UNT002 -----------------------------------------------------------------------------------

_SCRIPT_CLASS = (r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Cyrillic}\p{Devanagari}\p{Arabic}"
                 r"\p{Hebrew}\p{Greek}\p{Thai}\p{Bengali}\p{Tamil}\p{Georgian}\p{Armenian}ー]")
# a pre-check (much faster than the `regex` script classes on clean text): the blocks of
# the scripts above
_FOREIGN_BLOCKS = ((0x0370, 0x03FF), (0x0400, 0x052F), (0x0530, 0x058F), (0x0590, 0x06FF), (0x0900, 0x09FF),
                   (0x0B80, 0x0BFF), (0x0E00, 0x0E7F), (0x10A0, 0x10FF), (0x3040, 0x30FF), (0x3400, 0x9FFF),
                   (0xAC00, 0xD7AF), (0xF900, 0xFAFF))


def _any_foreign_script(text: str) -> bool:
    """True if ``text`` holds a character of `_FOREIGN_BLOCKS` (a set of its distinct
    characters, rather than a regex class of these ranges, which costs 10 ms to compile)."""
    return any(lo <= ord(ch) <= hi for ch in set(text) if ch >= "\u0370" for lo, hi in _FOREIGN_BLOCKS)


_GLOSSED = re.compile(r"[A-Z][\w'’-]*\s*$")


class _Scripts:
    """The `regex` script patterns, compiled on first use: only a text that passes the
    pre-check `_any_foreign_script` needs them."""

    @cached_property
    def run(self) -> "regex.Pattern[str]":
        return regex.compile(rf"{_SCRIPT_CLASS}+(?:[\s\-·・、，。]+{_SCRIPT_CLASS}+)*")

    @cached_property
    def kana(self) -> "regex.Pattern[str]":
        return regex.compile(r"[\p{Hiragana}\p{Katakana}]")

    @cached_property
    def langs(self) -> list[tuple["regex.Pattern[str]", str]]:
        return [
            (regex.compile(r"\p{Hangul}"), "ko"),
            (regex.compile(r"\p{Han}"), "zh"),
            (regex.compile(r"[іїєґІЇЄҐ]"), "uk"),
            (regex.compile(r"\p{Cyrillic}"), "ru"),
            (regex.compile(r"\p{Devanagari}"), "hi"),
            (regex.compile(r"\p{Arabic}"), "ar"),
            (regex.compile(r"\p{Hebrew}"), "he"),
            (regex.compile(r"\p{Greek}"), "el"),
            (regex.compile(r"\p{Thai}"), "th"),
        ]

    @cached_property
    def any_letter(self) -> "regex.Pattern[str]":
        return regex.compile(r"\p{L}")

    @cached_property
    def latin_letter(self) -> "regex.Pattern[str]":
        return regex.compile(r"\p{Latin}")


_SCRIPTS = _Scripts()


def script_lang(run: str) -> str | None:
    if _SCRIPTS.kana.search(run):
        return "ja"
    for pattern, lang in _SCRIPTS.langs:
        if pattern.search(run):
            return lang
    return None


@register
class ForeignScript(Rule):
    """A run of a non-Latin script inside English text.

    What it does:
        Flags runs of Chinese, Japanese, Korean, Cyrillic, Devanagari, Arabic, Hebrew,
        Greek, Thai (and a few more) letters inside an English article, with the
        language the script points to in ``source_lang`` (kana -> ja, Hangul -> ko, Han
        -> zh, Cyrillic -> ru or uk, ...). Single Greek letters (α, β, Δ) and articles
        that are mostly in another script are left alone.

    Why it matters:
        A source word copied through untranslated is unreadable for the English reader
        and a sure sign of a failed translation.

    Example:
        "Cyanuric acid and 三聚氰胺 were found" -> "Cyanuric acid and melamine were
        found".

    Fix safety:
        No fix: the word must be translated.
    """

    code = "UNT002"
    name = "foreign-script"
    family = "untranslated"
    severity = Severity.WARNING
    fixable = "none"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if text.isascii() or not _any_foreign_script(text):
            return
        runs = [m for m in _SCRIPTS.run.finditer(text)]
        if not runs:
            return
        latin = len(_SCRIPTS.latin_letter.findall(text))
        other = sum(len(_SCRIPTS.any_letter.findall(m.group())) for m in runs)
        if other > latin:
            return  # the article is not English
        for m in runs:
            run = m.group()
            s, e = m.span()
            before = text[s - 1] if s else " "
            after = text[e] if e < len(text) else " "
            if before.isascii() and before.isalnum() or after.isascii() and after.isalnum() or before == "°":
                continue  # a homoglyph inside a Latin word or number ("WНO", "105х195")
            chunk_start = text.rfind(" ", 0, s) + 1
            chunk_end = text.find(" ", e)
            chunk = text[chunk_start : chunk_end if chunk_end >= 0 else len(text)]
            if "://" in chunk or "www." in chunk or "@" in chunk:
                continue  # part of a URL or an address
            if before == "(" and after == ")" and _GLOSSED.search(text, max(0, s - 40), s - 1):
                continue  # an original-script gloss after its English form: "Xishuangbanna (西双版納)"
            lang = script_lang(run)
            if lang == "el" and len(run) <= 2:
                continue  # a Greek letter used as a symbol
            yield self.finding(
                article, m.start(), m.end(), f"untranslated {_LANG_NAMES.get(lang or '', 'foreign')} text",
                confidence=0.9, source_lang=lang,
            )
