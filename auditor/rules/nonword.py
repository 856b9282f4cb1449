"""Non-words (``FLU002``): words that are not English at all, the pseudo-words a
translation system builds from English word pieces when it meets a rare source word
("adymiths", "calamystone rotenox", "Substants").

A word is a non-word when every source of word knowledge disowns it:

* English word frequencies (``wordfreq``, through `auditor.rules.untranslated.english_zipf`)
  have never seen it (Zipf below `EN_UNSEEN`: fewer than one occurrence in 100 million
  words of web, news, subtitles and Wikipedia text);
* no source language of the untranslated-word rule knows it (`foreign_evidence`: those
  words are UNT001's);
* the word lists of the hunspell ``en_US``/``en_AU`` dictionaries do not hold it, itself or with an English ending or prefix taken off (`_is_word`; the affix engine, ~3 s to load, is never used in a check);
* it is not an English word with an English affix, the plural of a rare noun English
  has seen, or a compound of two common English words ("superyachts", "skarns",
  "icecubes"), nor shaped like a Greek or Latin scientific term ("gonarthrosis",
  "przewalskii"; the lists are in ``packs/en/nonword.toml``);
* it is not one edit away from a common English word: that is an ordinary typo
  ("acclount", "dictinary"), which human-written English has about as often as
  machine translation (about 0.4 per 1,000 words of the clean sets below), so it is
  no evidence of translation.

And where it stands says it is no name or term: it occurs once in the article, is not
quoted, in parentheses, in an enumeration or after a capitalised word or a genus
initial, and is lower case mid-sentence, or capitalised only because it opens a
sentence, with an English inflection, and followed by a lower-case word that is not a
speech verb ("Substants are ...", not "Kowalczyks said"). Capitalised words
mid-sentence are names: garbled names ("Constantinopoly") are left alone, since a
close English neighbour is as common among real foreign names.

Measured (``bench/realmt.py``): on the real-MT dev half 7 findings, all on gold items
(5 fluency.non-word, 2 inside garbled sentences): fluency recall 0.03 -> 0.22; on the
held-out half 1 finding, on a gold item: fluency recall 0 -> 0.03 (its non-words are
mostly garbled names mid-sentence, which this rule leaves alone). On clean English
(``bench/realmt.py scan`` and the sampled negatives, 899,000 words): 0.04 findings per
1,000 words on WMT22 references, 0.09 on original English (3 in 34,000 words: a user
name and two typos in chat logs), 0.31 on MLQE-PE English Wikipedia (rare technical
and cultural terms no dictionary holds: "skarns", "bekishe"), 0.19 on MLQE-PE
post-edits (many of them real non-words the post-editor left: "transtsendent",
"admirators"); 0.16 over all.

Cost: a word is judged once per process (cached); an article whose white-space chunks
are all known to be harmless costs a split and a set difference (0.06 ms per
320-word article in a warm process, 0.15-0.18 ms with first lookups).
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from typing import Iterator

from auditor import lexicon
from auditor.document import Article
from auditor.findings import Finding, Severity
from auditor.packs import load_pack
from auditor.rules.base import Rule, RuleContext, register
from auditor.rules.grammar import in_regions, quoted_regions
from auditor.rules.untranslated import english_zipf, foreign_evidence

#: below this English Zipf value wordfreq has (practically) never seen the word
EN_UNSEEN = 1.0
#: shorter words are abbreviations, interjections and typos more often than garbles
MIN_LEN = 5
#: a word one edit from an English word at least this common is an ordinary typo
TYPO_NEIGHBOUR = 2.5
#: parts of a compound must be this common in English (each at least `MIN_COMPOUND_PART`
#: letters: "icecubes", "fishway")
COMPOUND_PART = 3.0
MIN_COMPOUND_PART = 3
#: an affix's stem this long may be known from the spelling dictionaries alone
KNOWN_BY_DICTIONARY = 6
#: an affix's stem must have at least this many letters
MIN_PART = 4
#: a quotation of this many words or fewer is a title or a mention
QUOTE_WORDS = 10
#: an affix's stem must be this common in English (or a dictionary word)
STEM = 2.0

#: a candidate token: ASCII letters only, `MIN_LEN` or more, between non-word characters
#: (so that words with digits or non-English letters, "B52s" or "Iarnrą", never match)
_TOKEN = re.compile(r"\b[A-Za-z]{5,}\b")
_NEXT_WORD = re.compile(r"[^\W\d_]+")
#: the end of an enumeration before its last item: ", pears and ", ", bowman, and "
_LAST_ITEM = re.compile(r",\s+(?:[^\W\d_]+\s+){0,2}(?:and|or)\s+$|,\s+(?:and|or)\s+$")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: characters next to a word that make it part of a URL, handle, number or compound
_GLUE_BEFORE = frozenset("-/@#_.\\&+=%$€£*~^|<[")
_GLUE_AFTER = frozenset("-/@_\\&+=%*~^|>]")
_QUOTES_OPEN = frozenset("\"“‘«'„(")
_QUOTES_CLOSE = frozenset("\"”’»')")
_SENT_OPEN = frozenset(" \t\"“‘«„(['")


class _Pack:
    """``packs/en/nonword.toml``: affixes, word shapes and context words."""

    def __init__(self, data: dict):
        affixes = data.get("affixes", {})
        shapes = data.get("shapes", {})
        longest = lambda xs: tuple(sorted(set(xs), key=len, reverse=True))  # noqa: E731
        self.prefixes = longest(affixes.get("prefixes", []))
        self.suffixes = longest(affixes.get("suffixes", []))
        self.latin = tuple(shapes.get("latin_endings", []))
        self.technical_endings = tuple(shapes.get("technical_endings", []))
        self.technical_prefixes = tuple(shapes.get("technical_prefixes", []))
        self.inflections = tuple(shapes.get("inflections", []))
        self.speech_verbs = frozenset(data.get("context", {}).get("speech_verbs", []))


@lru_cache(maxsize=1)
def _pack() -> _Pack:
    return _Pack(load_pack("en", "nonword") or {})


# -- word knowledge (cached per process) --------------------------------------------------

_PLAIN: set[str] = set()        # tokens that are never a non-word, wherever they stand
_PLAIN_CHUNKS: set[str] = set()  # white-space-separated chunks that hold no candidate
_NONWORD: dict[str, str] = {}   # lower-case non-words -> the reason kept (for evidence)
_LOW_CACHE: dict[str, bool] = {}
_CACHE_LIMIT = 400_000


#: English endings stripped to find a dictionary stem: (ending, what replaces it)
_STEM_ENDINGS = (("'s", ""), ("’s", ""), ("ies", "y"), ("ied", "y"), ("ier", "y"), ("iest", "y"),
                 ("ily", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                 ("ing", ""), ("ing", "e"), ("ers", ""), ("er", ""), ("er", "e"), ("est", ""),
                 ("ly", ""), ("ness", ""), ("ment", ""), ("ments", ""))
_STEM_PREFIXES = ("un", "re", "de", "non", "dis", "mis", "pre", "over", "under", "out", "co")


@lru_cache(maxsize=1)
def _dictionary_stems() -> frozenset[str]:
    """The words of the shipped hunspell dictionaries (``auditor/spelling``: en_US and
    en_AU ``.dic`` files), as listed, before their affix rules; cached on disk. Reading
    them costs ~0.2 s, loading the dictionaries with their affix rules (spylls) ~3 s,
    which a one-article check must not pay."""
    from auditor.spelling import DICTIONARIES, HERE

    files = [HERE / f"{name}.dic.gz" for name in DICTIONARIES]

    def build() -> dict:
        words: list[str] = []
        for path in files:
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
                next(fh, None)  # the entry count
                words += (w for w in (line.split("/", 1)[0].strip() for line in fh) if w)
        return {"words": words}

    key = "-".join(str(path.stat().st_size) for path in files)
    return frozenset(lexicon.cached_table(f"hunspell-stems-{key}", build)["words"])


def _listed(form: str, min_stem: int) -> bool:
    """True when ``form`` is in the dictionaries' word lists, itself or with one English
    ending of `_STEM_ENDINGS` replaced, leaving a stem of at least ``min_stem`` letters."""
    stems = _dictionary_stems()
    return form in stems or any(
        form.endswith(ending) and len(form) - len(ending) >= min_stem and form[: -len(ending)] + repl in stems
        for ending, repl in _STEM_ENDINGS)


def _is_word(word: str) -> bool:
    """True when ``word`` is in the spelling dictionaries' word lists, itself or with an
    English ending or prefix taken off (a light stand-in for hunspell's affix rules); in
    the case given, or lower-cased when it is capitalised (a capitalised common word)."""
    forms = (word, word.lower()) if word[:1].isupper() else (word,)
    return any(
        _listed(form, 3) or any(form.startswith(prefix) and len(form) - len(prefix) >= 4
                                and _listed(form[len(prefix):], 0) for prefix in _STEM_PREFIXES)
        for form in forms)


def _known(word: str, floor: float = STEM) -> bool:
    """An English word: common enough in wordfreq, or (a longer stem) in the spelling
    dictionaries (asked last: a dictionary lookup costs a hundred times a frequency one)."""
    return english_zipf(word) >= floor or (len(word) >= KNOWN_BY_DICTIONARY and _is_word(word))


def _affixed(low: str) -> bool:
    """True if ``low`` is an English word with an English prefix or suffix, or a compound
    of two common English words ("un" + "patched", "superyacht" + "s", "shuttle" + "bay")."""
    pack = _pack()
    n = len(low)
    for p in pack.prefixes:
        if low.startswith(p) and n - len(p) >= MIN_PART and _known(low[len(p):]):
            return True
    for s in pack.suffixes:
        if low.endswith(s) and n - len(s) >= MIN_PART - 1:
            stem = low[: -len(s)]
            if s in ("s", "es") and english_zipf(stem) >= EN_UNSEEN:
                return True  # the plural of a rare noun English has seen ("skarns", "voivodes")
            if _known(stem) or _known(stem + "e") or (stem.endswith("i") and _known(stem[:-1] + "y")) \
                    or (len(stem) > MIN_PART and stem[-1] == stem[-2] and _known(stem[:-1])):
                return True
    for i in range(MIN_COMPOUND_PART, n - MIN_COMPOUND_PART + 1):
        if english_zipf(low[:i]) >= COMPOUND_PART and english_zipf(low[i:]) >= COMPOUND_PART:
            return True
    return False


def _edits1(word: str) -> set[str]:
    """Every string one deletion, substitution, insertion or adjacent transposition away."""
    out: set[str] = set()
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            out.add(a + b[1:])
            for c in _LETTERS:
                out.add(a + c + b[1:])
            if len(b) > 1:
                out.add(a + b[1] + b[0] + b[2:])
        for c in _LETTERS:
            out.add(a + c + b)
    out.discard(word)
    return out


def _typo_of_common_word(low: str) -> bool:
    """True if ``low`` is one edit away from an English word of Zipf >= `TYPO_NEIGHBOUR`."""
    found = lexicon.zipf_many(_edits1(low), "en", TYPO_NEIGHBOUR)
    return any(z >= TYPO_NEIGHBOUR for z in found.values())


def nonword_shape(low: str) -> bool:
    """True if the lower-case ``low`` is a word no English source knows (see the module
    doc): the word-level half of the test, cached per process."""
    hit = _LOW_CACHE.get(low)
    if hit is not None:
        return hit
    pack = _pack()
    ok = (
        len(low) >= MIN_LEN
        and low.isascii()
        and low.isalpha()
        and not low.endswith(pack.latin)
        and not low.endswith(pack.technical_endings)
        and not low.startswith(pack.technical_prefixes)
        and english_zipf(low) < EN_UNSEEN
        and not foreign_evidence(low)[1]
        and not _affixed(low)
        and not _is_word(low)
        and not _typo_of_common_word(low)
    )
    _LOW_CACHE[low] = ok
    return ok


def _may_be_nonword(token: str) -> bool:
    """False for a token that can never be flagged, wherever it stands (a cheap,
    necessary condition: shape and English frequency, then the full word test)."""
    if len(token) < MIN_LEN or not token.isascii():
        return False
    if not (token.islower() or (token[0].isupper() and token[1:].islower())):
        return False  # capitals, camel case, apostrophes: acronyms, brands, contractions
    low = token.lower()
    if token[0].isupper():
        pack = _pack()
        if not low.endswith(pack.inflections) or low.endswith(("ss", "us", "is")):
            return False  # only an inflected capitalised word can be flagged (at a sentence start)
    if english_zipf(low) >= EN_UNSEEN:
        return False
    if token[0].isupper() and _is_word(token):
        return False  # a dictionary name ("Constantinople")
    return nonword_shape(low)


def _candidates(text: str) -> set[str]:
    """The tokens of ``text`` that may be non-words. The text is cut at white space
    (much cheaper than a regex over it) and chunks known to hold no candidate ("said,",
    "Minister") are dropped with one set difference; only new chunks are tokenised."""
    chunks = set(text.split()) - _PLAIN_CHUNKS
    if not chunks:
        return chunks
    if len(_PLAIN_CHUNKS) > _CACHE_LIMIT:
        _PLAIN_CHUNKS.clear()
        _PLAIN.clear()
        _LOW_CACHE.clear()
    tokens = set(_TOKEN.findall(" ".join(chunks))) - _PLAIN
    out = {t for t in tokens if _may_be_nonword(t)}
    _PLAIN.update(tokens - out)
    if not out:
        _PLAIN_CHUNKS.update(chunks)  # the common case: nothing new is a candidate
        return out
    for chunk in chunks:
        if not any(t in out for t in _TOKEN.findall(chunk)):
            _PLAIN_CHUNKS.add(chunk)
    return out


# -- FLU002 -----------------------------------------------------------------------------

@register
class NonWord(Rule):
    """A word that is not English at all: a garbled or invented word.

    What it does:
        Flags words that no English source knows: unseen in English word frequencies
        (wordfreq), absent from the word lists of the hunspell ``en_US`` and ``en_AU``
        dictionaries (itself or with an English ending or prefix taken off), not a
        common word of a source language (those are UNT001's), not an English word with
        an English prefix or suffix, the plural of a rare English noun or a compound of
        two common words ("superyachts", "skarns"), not shaped like a Greek or Latin
        scientific term ("gonarthrosis", "przewalskii"), and not one keystroke from a
        common English word (an ordinary typo, as frequent in human writing as in
        machine translation). The word must also read as no name or term: it occurs
        once in the article, outside quotation marks, parentheses and enumerations, in
        lower case and not after a capitalised word or a genus initial, or capitalised
        only because it opens a sentence, with an English inflection (-s, -ing, -ed,
        -ly) and followed by a lower-case word that is not a speech verb ("Substants
        are", not "Kowalczyks said"). Capitalised words mid-sentence are names and never
        flagged; so are words with digits, hyphens, inner capitals or non-English
        letters, and parts of URLs and handles. Word lists: ``packs/en/nonword.toml``.

    Why it matters:
        A translation system that meets a rare source word (a term, a name, a compound)
        often glues English word pieces into a pseudo-word ("the calamystone rotenox",
        "small adymiths", "Substants are tangible things"). The reader cannot recover the
        meaning; the source word must be looked up and translated.

    Example:
        "deposits usually occur at small adymiths in the area" -> "... in small depths
        ...". Not flagged: rare real words ("thylakoid" is in wordfreq), names
        mid-sentence ("met Urmas Paedi"), a surname opening a sentence before "said",
        terms repeated in the article ("molnupiravir"), list items ("pears, plums and
        capulins"), acronyms ("NATO"), brands ("iPhone"), compounds ("shuttle-bay",
        "superyachts"), words with digits ("B52s"), typos ("goverment").

    Fix safety:
        No fix: the intended word can only be recovered from the source text.
    """

    code = "FLU002"
    name = "non-word"
    family = "fluency"
    severity = Severity.INFO
    fixable = "none"

    def warm_up(self) -> None:
        _pack()
        english_zipf("the")

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        cands = _candidates(text)
        if not cands:
            return
        pack = _pack()
        quotes: list[tuple[int, int]] | None = None
        starts = {s.start for s in article.sentences}
        matches = [m for m in _TOKEN.finditer(text) if m.group() in cands]
        stems = {_stem(w.lower()) for w in cands}
        counts: dict[str, int] = {}
        for m in _TOKEN.finditer(text.lower()):
            stem = _stem(m.group())
            if stem in stems:
                counts[stem] = counts.get(stem, 0) + 1
        for m in matches:
            word = m.group()
            low = word.lower()
            s, e = m.span()
            if counts.get(_stem(low), 0) > 1 or _glued(text, s, e):
                continue  # a term of the article ("vintrobes ... vintrobe"), or part of a larger unit
            before = text[s - 1] if s else " "
            after = text[e] if e < len(text) else " "
            if before in _QUOTES_OPEN or after in _QUOTES_CLOSE:
                continue  # a quoted mention or a gloss: "artysh" (juniper), (pomskies)
            if word[0].isupper():
                if not _opens_sentence(text, s, starts):
                    continue  # a name
                if not low.endswith(pack.inflections) or low.endswith(("ss", "us", "is")):
                    continue  # an uninflected capitalised word: a name ("Percivale travels")
                nxt = _NEXT_WORD.match(text, e + 1) if after == " " else None
                if nxt is None or not nxt.group().islower() or nxt.group() in pack.speech_verbs:
                    continue  # "Kumpens said", "Breclav –": a name opening the sentence
            else:
                if _opens_sentence(text, s, starts):
                    continue  # a lower-case line or sentence opening: a fragment, a list item, a handle
                prev = _previous_word(text, s)
                if prev and prev[0].isupper():
                    continue  # after a capitalised word: a binomial, a title, a name ("Rojak cingur")
                if text[s - 2 : s] == ", " or after == ",":
                    continue  # an item of an enumeration or a glossed term ("cycads, cordaitales, and", "dolabra, a pickaxe")
                if s >= 3 and text[s - 2 : s] == ". " and text[s - 3].isupper() and (s == 3 or not text[s - 4].isalpha()):
                    continue  # a species after its genus initial ("P. dominula")
                if _LAST_ITEM.search(text, max(0, s - 60), s):
                    continue  # the last item of an enumeration ("pears, plums and capulins")
            if quotes is None:
                quotes = quoted_regions(article)
            if in_regions(quotes, s) and _short_quote(text, quotes, s):
                continue
            yield self.finding(
                article, s, e, f"'{word}' is not an English word",
                confidence=0.6 if word[0].isupper() else 0.7,
                evidence={"english_zipf": english_zipf(low), "dictionary": False},
            )


def _stem(low: str) -> str:
    """``low`` without a plural -s, so that a term and its plural count together."""
    return low[:-1] if low.endswith("s") and not low.endswith("ss") else low


def _glued(text: str, s: int, e: int) -> bool:
    """True if the word is part of a larger unit: a number, hyphenated compound, URL,
    handle, file name or a word with non-English letters ("Iarnrą")."""
    before = text[s - 1] if s else " "
    after = text[e] if e < len(text) else " "
    if before.isalnum() or after.isalnum() or before in _GLUE_BEFORE or after in _GLUE_AFTER:
        return True
    if after == "." and e + 1 < len(text) and text[e + 1].isalnum():
        return True
    return text[s - 2 : s] in ("@ ", "# ") or text[e : e + 2] == " _"  # a handle split by tokenisation


def _opens_sentence(text: str, s: int, starts: set[int]) -> bool:
    """True if only spaces and opening quotes stand between a sentence (or line) start
    and ``s``."""
    i = s
    while i > 0 and text[i - 1] in _SENT_OPEN:
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return True
    if text[i - 1] == "." and i >= 3 and text[i - 2].isupper() and not text[i - 3].isalpha():
        return False  # after an initial: "Lewis F. Luehrs"
    return i in starts or text[i - 1] in ".!?:;"


def _previous_word(text: str, s: int) -> str | None:
    """The word right before ``s`` (one space between), if any."""
    if s < 2 or text[s - 1] != " ":
        return None
    j = s - 1
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] in "'’"):
        j -= 1
    return text[j : s - 1].lstrip("'’") or None


def _short_quote(text: str, quotes: list[tuple[int, int]], pos: int) -> bool:
    """True if ``pos`` lies in a quotation of `QUOTE_WORDS` words or fewer (a title, a
    name or a mention: "'Mu isamaa on minu arm'")."""
    import bisect

    i = bisect.bisect_right(quotes, (pos, float("inf"))) - 1
    qs, qe = quotes[i]
    return qe - qs < 12 * QUOTE_WORDS and len(text[qs:qe].split()) <= QUOTE_WORDS
