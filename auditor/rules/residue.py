"""Page residue (family ``RES``): what a scraper or aggregator leaves around the story.

Headline suffixes ("... – Europe", "... | The Daily Courier"), repeated headlines and
paragraphs, copyright notices, calls to action, teasers, navigation, credits, template
bios, advertising labels, and lines that recur across a whole feed.

Phrases are data: ``auditor/packs/<lang>/boilerplate.toml`` (format in the header of
``en/boilerplate.toml``). This module holds the generic matchers:

* line matchers: every short line is stripped of decorations ("*", ">", "•") and tested
  only against the entries that can match it: those that can start with its first
  character and whose literal anchors (`_plan`) it holds. An entry's regex is compiled
  the first time a line passes its gate, so a run compiles the few entries its input
  needs, not all of them (the gates of every entry are cached on disk);
* inline matchers ("(Photo by ...)", "(ANSA)"): one combined regex over the text;
* paragraph matchers (template bios) on short paragraphs;
* structural checks in code: headline suffix, repeated headline, repeated paragraph,
  section label above the headline;
* batch mining (``RES001`` suffixes, ``RES010`` lines) in the corpus pre-pass, with hashed
  keys in a bounded counter so memory stays flat on huge dumps.

All of an article's analysis is computed once and shared by the RES rules.

Codes (never reused):

* ``RES001`` title-suffix, ``RES002`` duplicate-title, ``RES003`` duplicate-paragraph,
* ``RES004`` copyright-notice, ``RES005`` call-to-action, ``RES006`` read-also-teaser,
* ``RES007`` navigation, ``RES008`` credit-line, ``RES009`` author-bio,
* ``RES010`` recurring-boilerplate, ``RES011`` section-label, ``RES012`` ad-marker.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any, ClassVar, Iterable
from urllib.parse import urlsplit

from auditor import lexicon
from auditor.document import Article
from auditor.errors import ConfigError
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.packs import load_pack, pack_languages
from auditor.rules.base import Option, Rule, RuleContext, register

try:  # the stdlib parser only serves the first-character prefilter; without it, a full scan
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re import _constants as _sre_c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]
try:  # how the stdlib engine folds case; without it, every line is tested against every entry
    from _sre import unicode_tolower as _sre_lower  # type: ignore[import-not-found]
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another Python
    _sre_lower = None
    _EXTRA_CASES = {}

PACK = "boilerplate"
KINDS = ("copyright", "call-to-action", "ad-marker", "read-also", "navigation", "credit", "bio")
MODES = ("line", "start", "inline", "paragraph")
LANGUAGE_NAMES = {
    "it": "Italian", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese",
    "nl": "Dutch", "ru": "Russian", "pl": "Polish", "ro": "Romanian", "cs": "Czech",
}

#: lines longer than this are prose, never page furniture
MAX_LINE_CHARS = 400
MAX_LINE_WORDS = 60
#: a headline longer than this is a paragraph, not a headline
MAX_HEADLINE_WORDS = 40
#: lines examined at the top of an article for a repeated headline / standfirst
TOP_LINES = 10
#: a repeated line at the top that is not the headline must have at least this many words
MIN_TOP_DUP_WORDS = 4
#: a repeated paragraph must have at least this many words (dialogue like "No." repeats)
MIN_DUP_WORDS = 6
#: link lines under a "Related articles" heading
MAX_BLOCK_LINES = 12
MAX_LINK_WORDS = 25

_SPACES = " \t\r\n\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_LEAD_DECOR = _SPACES + "*_#>•·▪■□◆▶►→»›|~-–—"
_TRAIL_DECOR = _SPACES + "*_.:;,!…»›>|~-–—"
_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_WORD_PATTERN = r"[^\W_]+(?:[-'’.][^\W_]+)*"  # compiled on first use (`_words`): 4 ms
# separators between a headline and a glued site/section name; "::" "|" "•" "·" "»" "//"
# are never punctuation inside an English headline, dashes need more evidence
_SUFFIX_SEP = re.compile(r"[ \t\u00a0]+(?:[–—|•·»]|-{1,2}|::|//)[ \t\u00a0]+")
_STRONG_SEPS = frozenset({"|", "•", "·", "»", "::", "//"})
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|info|news|tv|co\.uk|it|es|fr|de|pt|nl|eu|in|us|ca|au|ie)\b", re.I)
_CONNECTORS = frozenset(
    "of the and & for on in at de di del della la le el los las des du der die das y e et und da do dos van von".split()
)
_SECTION_SPLIT = re.compile(r"\s*[|/>»›·•,:]\s*|\s+-\s+")


# ----------------------------------------------------------------------------------------
# packs
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One pack entry; its regex is compiled on first use."""

    kind: str
    mode: str
    wrapped: str  # the pattern with its case flag: what `regex` compiles
    certain: bool
    then: str | None
    max_words: int
    lang: str  # the pack's language
    source_lang: str | None  # the source language the phrase points to (pack or calque-of)
    calque: bool
    notes: str
    pattern: str
    #: sets of ASCII strings (case folded by `_fold`), each set holding one string that
    #: every match contains; empty: no gate (see `_plan`)
    anchors: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def regex(self) -> "re.Pattern[str]":
        return re.compile(self.wrapped)

    def gate(self, folded: str) -> bool:
        """False when this entry cannot match a text whose `_fold` is ``folded``."""
        for alternatives in self.anchors:
            for anchor in alternatives:
                if anchor in folded:
                    break
            else:
                return False
        return True


@dataclass
class Matchers:
    line_entries: list[Entry]
    #: canonical first character (`_canon`) -> indexes of the line entries that can match
    #: a line starting with it; a character not in it: `line_any`. None: no index
    line_by_first: dict[str, tuple[int, ...]] | None
    line_any: tuple[int, ...]
    inline_entries: list[Entry]
    inline_regex: "re.Pattern[str] | None"
    inline_starts: "re.Pattern[str] | None"  # where an inline match can start (None: anywhere)
    max_line_words: int  # lines with more words cannot match a line entry
    paragraph_entries: list[Entry]
    paragraph_by_first: dict[str, tuple[int, ...]] | None  # as `line_by_first`
    paragraph_any: tuple[int, ...]
    sections: dict[str, str | None]  # casefolded section name -> source language (None = en)
    site_words: frozenset[str]
    gated: int = 0  # lines and paragraphs gated so far

    @cached_property
    def paragraph_prefilter(self) -> "re.Pattern[str] | None":
        """One regex of every paragraph entry (compiled on first use)."""
        return _combine(self.paragraph_entries)

    def paragraph_may_match(self, text: str, start: int, end: int) -> bool:
        """False when no paragraph entry can match ``text[start:end]`` from its start
        (what `paragraph_prefilter` tests), by first character and anchors."""
        self.gated += 1
        if self.paragraph_by_first is None or self.gated > PREFILTER_AFTER:
            return True
        indexes = self.paragraph_by_first.get(_canon(text[start]), self.paragraph_any) if start < end \
            else self.paragraph_any
        folded: str | None = None
        for i in indexes:
            entry = self.paragraph_entries[i]
            if not entry.anchors:
                return True
            if folded is None:
                folded = _fold(text[start:end])
            if entry.gate(folded):
                return True
        return False

    @cached_property
    def line_prefilter(self) -> "re.Pattern[str] | None":
        """One regex of every line entry: it matches a line iff one of them does
        (compiled once a run has gated `PREFILTER_AFTER` lines)."""
        return _combine(self.line_entries)

    def line_candidates(self, core: str) -> Iterable[Entry]:
        """The line entries that can match ``core`` (a stripped line), in pack order:
        every other entry certainly fails on it."""
        self.gated += 1
        if self.gated > PREFILTER_AFTER and not self.line_prefilter.match(core):  # type: ignore[union-attr]
            return  # a long run: one match of the combined regex beats testing the gates
        if self.line_by_first is None:
            indexes: Iterable[int] = range(len(self.line_entries))
        else:
            indexes = self.line_by_first.get(_canon(core[0]), self.line_any) if core else self.line_any
        folded: str | None = None
        for i in indexes:
            entry = self.line_entries[i]
            if entry.anchors:
                if folded is None:
                    folded = _fold(core)
                if not entry.gate(folded):
                    continue
            yield entry


def _wrap(pattern: str, case: bool) -> str:
    return f"(?:{pattern})" if case else f"(?i:{pattern})"


def _compile_entry(lang: str, raw: dict[str, Any], where: str, *, eager: bool = True) -> Entry:
    """One validated pack entry; ``eager`` compiles its regex now, to report a bad one
    (`matchers` has them compiled once by `_plan`, whose result is cached on disk)."""
    try:
        kind = raw["kind"]
        mode = raw.get("match", "line")
        pattern = raw["pattern"]
    except KeyError as exc:
        raise ConfigError(f"{where}: entry lacks {exc}") from None
    if kind not in KINDS:
        raise ConfigError(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    if mode not in MODES:
        raise ConfigError(f"{where}: unknown match {mode!r} (expected one of {', '.join(MODES)})")
    case = bool(raw.get("case", False))
    wrapped = _wrap(pattern, case)
    if eager:
        _check_pattern(wrapped, pattern, where)
    calque_of = raw.get("calque-of")
    source_lang = calque_of if calque_of else (None if lang == "en" else lang)
    then = raw.get("then")
    if then not in (None, "title", "block"):
        raise ConfigError(f"{where}: unknown then {then!r} (expected title or block)")
    return Entry(
        kind=kind,
        mode=mode,
        wrapped=wrapped,
        certain=bool(raw.get("certain", True)),
        then=then,
        max_words=int(raw.get("max-words", 30 if mode == "start" else 120)),
        lang=lang,
        source_lang=source_lang,
        calque=bool(calque_of),
        notes=str(raw.get("notes", "")),
        pattern=pattern,
    )


def _check_pattern(wrapped: str, pattern: str, where: str) -> None:
    try:
        re.compile(wrapped)
    except re.error as exc:
        raise ConfigError(f"{where}: bad pattern {pattern!r}: {exc}") from None


@lru_cache(maxsize=1)
def matchers() -> Matchers:
    """Every boilerplate pack read once (English first, so it wins ties); the regexes
    are compiled on first use, behind the gates of `_plans`."""
    langs = pack_languages()
    langs = (["en"] if "en" in langs else []) + [lang for lang in langs if lang != "en"]
    entries: list[Entry] = []
    wheres: list[str] = []
    sections: dict[str, str | None] = {}
    site_words: set[str] = set()
    for lang in langs:
        pack = load_pack(lang, PACK)
        if pack is None:
            continue
        for i, raw in enumerate(pack.get("entry", [])):
            wheres.append(f"pack {lang}/{PACK}.toml entry {i + 1}")
            entries.append(_compile_entry(lang, raw, wheres[-1], eager=False))
        title = pack.get("title", {})
        for name in title.get("sections", []):
            sections.setdefault(_norm(name), None if lang == "en" else lang)
        site_words.update(w.casefold() for w in title.get("site-words", []))
    plans = _plans(entries, wheres)  # every regex checked (once: the result is cached)
    line_entries = [replace(e, anchors=plans[e.wrapped][1]) for e in entries if e.mode in ("line", "start")]
    inline_entries = [e for e in entries if e.mode == "inline"]
    paragraph_entries = [replace(e, anchors=plans[e.wrapped][1]) for e in entries if e.mode == "paragraph"]
    line_by_first, line_any = _first_index([plans[e.wrapped][0] for e in line_entries])
    paragraph_by_first, paragraph_any = _first_index([plans[e.wrapped][0] for e in paragraph_entries])
    return Matchers(
        line_entries=line_entries,
        line_by_first=line_by_first,
        line_any=line_any,
        inline_entries=inline_entries,
        inline_regex=re.compile("|".join(f"(?P<e{i}>{e.wrapped})" for i, e in enumerate(inline_entries)))
        if inline_entries
        else None,
        inline_starts=_starts_regex(inline_entries),
        max_line_words=max((e.max_words for e in line_entries if e.mode == "start"), default=0),
        paragraph_entries=paragraph_entries,
        paragraph_by_first=paragraph_by_first,
        paragraph_any=paragraph_any,
        sections=sections,
        site_words=frozenset(site_words),
    )


# ----------------------------------------------------------------------------------------
# gates: which entries can match a line, without compiling them
# ----------------------------------------------------------------------------------------
#: bump when `_plan` (or what it means) changes: the on-disk cache is keyed by it
PLAN_VERSION = 2
#: characters outside ASCII that the stdlib engine, ignoring case, takes for an ASCII
#: letter: U+0130 and U+212A lower-case to "i" and "k", U+0131 and U+017F are extra case
#: forms of "i" and "s" (``re._casefix``); a test checks this against every code point
_FOLD = str.maketrans({"\u0130": "i", "\u212a": "k", "\u0131": "i", "\u017f": "s"})
#: after this many lines and paragraphs (10-20 articles), a run is long: the combined
#: regexes are compiled (tens of milliseconds) and tested first, as they cost less per
#: line than the gates (tens of microseconds)
PREFILTER_AFTER = 500
#: anchor sets whose shortest string is shorter than this gate too little to be worth
#: testing, unless an entry has no other
_MIN_ANCHOR = 3
#: how many anchor sets (all required) gate an entry
_ANCHOR_SETS = 3


def _fold(text: str) -> str:
    """``text`` folded so that whatever the stdlib engine, ignoring case, matches with an
    ASCII string ``a`` folds to ``a.lower()``."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def _canon(ch: str) -> str:
    """One representative of the characters the stdlib engine takes for ``ch`` when
    ignoring case (its simple lower case, or the least of its extra case forms)."""
    if ch.isascii():
        return ch.lower()
    low = _sre_lower(ord(ch))  # type: ignore[misc]
    return chr(min((low, *_EXTRA_CASES.get(low, ()))))


def _plans(entries: list[Entry], wheres: list[str]) -> dict[str, tuple[list[str] | None, tuple[tuple[str, ...], ...]]]:
    """`_plan` of every entry's pattern, from an on-disk cache keyed by the patterns,
    this code's version and Python's (parsing ~100 patterns costs tens of milliseconds
    of every start-up). Building it compiles every pattern, so a bad one is a
    `ConfigError` then; a cached plan exists only for patterns that compiled."""
    unique = sorted({e.wrapped for e in entries})
    key = hashlib.sha256("\n".join([str(PLAN_VERSION), sys.version, *unique]).encode("utf-8", "surrogatepass"))

    def build() -> dict:
        for entry, where in zip(entries, wheres):
            _check_pattern(entry.wrapped, entry.pattern, where)
        return {w: list(_plan(w)) for w in unique}

    table = lexicon.cached_table(f"residue-plan-{key.hexdigest()[:20]}", build)
    return {w: (None if first is None else list(first), tuple(tuple(s) for s in sets)) for w, (first, sets) in table.items()}


def _plan(wrapped: str) -> tuple[list[str] | None, list[list[str]]]:
    """(the canonical characters (`_canon`) a match can start with, or None when any;
    anchor sets: every match holds one string of each set, after `_fold`)."""
    if _sre_lower is None:
        return None, []  # pragma: no cover - no way to fold as the engine does
    first = _first_chars(wrapped)
    try:
        sets = _required(list(_sre_parse.parse(wrapped)))
    except Exception:  # pragma: no cover - the pattern compiled already
        sets = []
    sets.sort(key=lambda s: (-min(len(a) for a in s), len(s), sorted(s)))
    good = [s for s in sets if min(len(a) for a in s) >= _MIN_ANCHOR] or sets[:1]
    unique: list[list[str]] = []
    for s in good:
        if sorted(s) not in unique:
            unique.append(sorted(s))
    # (an upper-case form of two characters, such as "SS", stands for a character that is
    # in the set itself)
    return (None if first is None else sorted({_canon(ch) for ch in first if len(ch) == 1})), unique[:_ANCHOR_SETS]


_REPEATS = tuple(op for op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)) if op)


def _required(items: list) -> list[frozenset[str]]:
    """Sets of strings from a parsed sequence, one string of each set in every match:
    runs of literals (ASCII folded to lower case, or caseless symbols and punctuation
    such as "©"), and the alternatives of a branch that has one in each of its arms.
    Anything else (classes, lookarounds, optional parts, other letters) only ends a run:
    missing an anchor costs speed, never a match."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _sre_c.LITERAL and (av < 128 or _caseless(av)):
            run.append(chr(av).lower())
            continue
        flush()
        if op is _sre_c.SUBPATTERN:
            out.extend(_required(list(av[-1])))
        elif op is _sre_c.BRANCH:
            arms = [_best(_required(list(arm))) for arm in av[1]]
            if arms and all(arms):
                out.append(frozenset().union(*arms))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            out.extend(_required(list(av[2])))
    flush()
    return out


def _caseless(code: int) -> bool:
    """A symbol or punctuation mark that no other character matches, even ignoring case
    (so `_fold` leaves it as it is wherever the engine matches it)."""
    import unicodedata

    ch = chr(code)
    return (unicodedata.category(ch)[0] in "SP" and _sre_lower(code) == code and code not in _EXTRA_CASES  # type: ignore[misc]
            and ch.lower() == ch)


def _best(sets: list[frozenset[str]]) -> frozenset[str] | None:
    return max(sets, key=lambda s: (min(len(a) for a in s), -len(s), sorted(s)), default=None)


def _first_index(firsts: list[list[str] | None]) -> tuple[dict[str, tuple[int, ...]] | None, tuple[int, ...]]:
    """(canonical first character -> entry indexes, the indexes of the entries that can
    start with anything); (None, ()) when case cannot be folded as the engine does."""
    if _sre_lower is None:
        return None, ()  # pragma: no cover
    anywhere = tuple(i for i, first in enumerate(firsts) if first is None)
    starting: dict[str, list[int]] = {}
    for i, first in enumerate(firsts):
        for ch in first or ():
            starting.setdefault(ch, []).append(i)
    return {ch: tuple(sorted({*anywhere, *indexes})) for ch, indexes in starting.items()}, anywhere


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when unknown (any)."""
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:  # pragma: no cover - the pattern compiled already
        return None
    chars, nullable = _first_of(list(parsed), False)
    return None if chars is None or nullable else frozenset(chars)


def _first_of(items: list, icase: bool) -> tuple[set[str] | None, bool]:
    c = _sre_c
    out: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width
        if op is c.LITERAL:
            ch = chr(av)
            out.update({ch, ch.lower(), ch.upper()} if icase else {ch})
            return out, False
        if op is c.IN:
            for sub_op, sub_av in av:
                if sub_op is c.LITERAL:
                    ch = chr(sub_av)
                    out.update({ch, ch.lower(), ch.upper()} if icase else {ch})
                elif sub_op is c.RANGE and sub_av[1] - sub_av[0] < 512:
                    for code in range(sub_av[0], sub_av[1] + 1):
                        ch = chr(code)
                        out.update({ch, ch.lower(), ch.upper()} if icase else {ch})
                else:
                    return None, False
            return out, False
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            sub_icase = (icase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            chars, nullable = _first_of(list(sub), sub_icase)
        elif op is c.BRANCH:
            chars, nullable = set(), False
            for branch in av[1]:
                b_chars, b_nullable = _first_of(list(branch), icase)
                if b_chars is None:
                    return None, False
                chars |= b_chars
                nullable = nullable or b_nullable
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = av
            chars, nullable = _first_of(list(sub), icase)
            nullable = nullable or low == 0
        else:
            return None, False
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _starts_regex(entries: list[Entry]) -> "re.Pattern[str] | None":
    chars: set[str] = set()
    for entry in entries:
        first = _first_chars(entry.wrapped)
        if first is None:
            return None
        chars |= first
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]") if chars else None


def _combine(entries: list[Entry]) -> "re.Pattern[str] | None":
    return re.compile("|".join(e.wrapped for e in entries)) if entries else None


@lru_cache(maxsize=1)
def _words() -> "re.Pattern[str]":
    return re.compile(_WORD_PATTERN)


def _norm(line: str) -> str:
    """Comparison key of a line: decorations and case dropped, spaces collapsed."""
    return _squash(_strip_decor(line))


def _squash(text: str) -> str:
    """Spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _strip_decor(line: str) -> str:
    return line.lstrip(_LEAD_DECOR).rstrip(_TRAIL_DECOR)


def _core_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding whitespace (no-break spaces included)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _hash(value: str, size: int = 8) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=size).digest(), "little")


# ----------------------------------------------------------------------------------------
# per-article analysis, shared by the rules
# ----------------------------------------------------------------------------------------
@dataclass
class Hit:
    """A residue match: lines ``first..last`` (or an inline span) of one pack entry."""

    entry: Entry
    start: int
    end: int
    first: int = -1  # line indexes; -1 for inline hits
    last: int = -1
    extended: bool = False  # took the following title / link block
    at_foot: bool = False  # a paragraph hit among the last three paragraphs


@dataclass
class Suffix:
    start: int  # the separator's leading space
    end: int
    text: str  # the suffix without separator
    separator: str
    reasons: list[str]
    key: str  # batch-mining key


@dataclass
class Analysis:
    article: Article
    headline: int | None = None  # line index
    label: int | None = None  # section label line above the headline
    label_lang: str | None = None
    hits: list[Hit] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)  # line indexes claimed by a residue finding
    dup_runs: list[tuple[int, int]] = field(default_factory=list)
    suffixes: list[Suffix] = field(default_factory=list)
    dup_paragraphs: list[tuple[int, int, int, int]] = field(default_factory=list)  # start, end, first, last


_last: tuple[Article, str, Analysis] | None = None


def analyse(article: Article) -> Analysis:
    """The residue analysis of ``article`` (cached for the last article seen)."""
    global _last
    if _last is not None and _last[0] is article and _last[1] is article.text:
        return _last[2]
    result = _analyse(article)
    _last = (article, article.text, result)
    return result


_last_light: tuple[Article, str, Analysis] | None = None


def analyse_headline(article: Article) -> Analysis:
    """Only the headline and its suffix candidates: what the batch pre-pass needs (a full
    `analyse` costs as much as checking the article)."""
    global _last_light
    if _last is not None and _last[0] is article and _last[1] is article.text:
        return _last[2]
    if _last_light is not None and _last_light[0] is article and _last_light[1] is article.text:
        return _last_light[2]
    m = matchers()
    raw = _line_texts(article)
    result = Analysis(article)
    _find_headline(article, raw, [i for i, line in enumerate(raw) if line.strip()], m, result)
    if result.headline is not None:
        result.suffixes = _find_suffixes(raw[result.headline], article.lines[result.headline].start, m)
    _last_light = (article, article.text, result)
    return result


def _line_texts(article: Article) -> list[str]:
    text = article.text
    return [text[s.start : s.end] for s in article.lines]


def _analyse(article: Article) -> Analysis:
    m = matchers()
    text = article.text
    lines = article.lines
    raw = _line_texts(article)
    result = Analysis(article)
    nonblank = [i for i, line in enumerate(raw) if line.strip()]

    _find_headline(article, raw, nonblank, m, result)
    _scan_lines(article, raw, m, result)
    _find_duplicate_top(article, raw, nonblank, result)
    if result.headline is not None and result.headline not in result.taken:
        result.suffixes = _find_suffixes(raw[result.headline], lines[result.headline].start, m)
    _scan_inline(article, m, result)
    _scan_paragraphs(article, m, result)
    _find_duplicate_paragraphs(article, result)
    return result


def _find_headline(article: Article, raw: list[str], nonblank: list[int], m: Matchers, result: Analysis) -> None:
    if article.title_span is not None and 0 <= article.title_span.start < len(article.text):
        index = _line_index(article, article.title_span.start)
    elif article.title:
        index = None  # the headline lives outside the text (a JSONL title field)
    else:
        index = nonblank[0] if nonblank else None
    if index is not None:
        following = [i for i in nonblank if i > index][:1]
        if (
            following
            and following[0] - index <= 3
            and len(raw[following[0]].split()) >= 3  # the headline under the label
            and _is_section_label(raw[index], m)
        ):
            result.label = index
            result.label_lang = _section_lang(raw[index], m)
            result.taken.add(index)
            index = following[0]
        if len(raw[index].split()) > MAX_HEADLINE_WORDS:
            index = None
    result.headline = index


def _line_index(article: Article, offset: int) -> int:
    return bisect.bisect_right(article._line_starts, offset) - 1


def _section_parts(line: str) -> list[str]:
    core = _strip_decor(line)
    if not core or len(core) > 60:
        return []
    return [p for p in _SECTION_SPLIT.split(core) if p]


def _is_section_label(line: str, m: Matchers) -> bool:
    parts = _section_parts(line)
    if not parts or len(_strip_decor(line).split()) > 5:
        return False
    return all(_squash(p) in m.sections for p in parts)


def _section_lang(line: str, m: Matchers) -> str | None:
    langs = {m.sections.get(_squash(p)) for p in _section_parts(line)}
    langs.discard(None)
    return ",".join(sorted(langs)) if langs and len(langs) == 1 else None


def _scan_lines(article: Article, raw: list[str], m: Matchers, result: Analysis) -> None:
    if not m.line_entries:
        return
    lines = article.lines
    max_words = max(m.max_line_words, MAX_LINK_WORDS)
    n = len(raw)
    i = 0
    while i < n:
        line = raw[i]
        if not line or len(line) > MAX_LINE_CHARS or i in result.taken or i == result.headline:
            i += 1
            continue
        core = _strip_decor(line)
        words = len(core.split())
        if not core or words > max_words:
            i += 1
            continue
        hit_entry = None
        label_only = False
        for entry in m.line_candidates(core):
            if entry.mode == "line":
                if entry.regex.fullmatch(core):
                    hit_entry, label_only = entry, True
                    break
            else:
                match = entry.regex.match(core)
                if match and words <= entry.max_words:
                    hit_entry = entry
                    label_only = not _strip_decor(core[match.end() :]) and match.end() >= len(core) - 2
                    break
        if hit_entry is None:
            i += 1
            continue
        last = i
        extended = False
        if hit_entry.then and label_only:
            last = _extend(raw, i, hit_entry.then, m, result)
            extended = last != i
        start, _ = _core_bounds(article.text, lines[i].start, lines[i].end)
        _, end = _core_bounds(article.text, lines[last].start, lines[last].end)
        result.hits.append(Hit(hit_entry, start, end, i, last, extended))
        result.taken.update(range(i, last + 1))
        i = last + 1


def _extend(raw: list[str], index: int, then: str, m: Matchers, result: Analysis) -> int:
    """The last line taken by a label at ``index``: its teaser title or its link block."""
    last = index
    blank_run = 0
    j = index + 1
    taken = 0
    while j < len(raw) and taken < (1 if then == "title" else MAX_BLOCK_LINES):
        line = raw[j]
        if not line.strip():
            blank_run += 1
            if blank_run > 1:
                break
            j += 1
            continue
        words = len(line.split())
        if words > MAX_LINK_WORDS or len(line) > 250 or j == result.headline:
            break
        core = _strip_decor(line)
        if any(
            (e.regex.fullmatch(core) if e.mode == "line" else e.regex.match(core)) for e in m.line_candidates(core)
        ):
            break  # another piece of furniture: it gets its own finding
        if then == "block" and line.rstrip().endswith(".") and words >= 6:
            break  # a sentence of prose, not a link title
        last = j
        taken += 1
        blank_run = 0
        j += 1
    return last


def _find_duplicate_top(article: Article, raw: list[str], nonblank: list[int], result: Analysis) -> None:
    seen: set[str] = set()
    if article.title and article.title_span is None:
        seen.add(_norm(article.title))
    headline_keys: set[str] = set(seen)
    dups: list[int] = []
    for count, i in enumerate(nonblank):
        if count >= TOP_LINES:
            break
        line = raw[i]
        if len(line.split(None, MAX_LINE_WORDS)) > MAX_LINE_WORDS:
            break  # more than MAX_LINE_WORDS words (the split stops there)
        if i in result.taken:
            continue
        key = _norm(line)
        if len(key) < 3 or not _HAS_LETTER.search(key):
            continue
        if key in seen:
            # a repeated headline always counts; other lines need some length ("Yes!")
            if key in headline_keys or len(key.split()) >= MIN_TOP_DUP_WORDS:
                dups.append(i)
            continue
        seen.add(key)
        if i == result.headline:
            headline_keys.add(key)
            # the same headline without its site suffix is still the headline
            for suffix in _find_suffixes(line, 0, matchers()):
                seen.add(_norm(line[: suffix.start]))
                headline_keys.add(_norm(line[: suffix.start]))
    # runs of adjacent repeated lines become one finding each, when the run repeats the
    # headline (a repeated body line is left to RES003)
    runs: list[tuple[int, int]] = []
    for i in dups:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    raw_keys = {i: _norm(raw[i]) for i in dups}
    for first, last in runs:
        if any(raw_keys[i] in headline_keys for i in range(first, last + 1)):
            result.dup_runs.append((first, last))
            result.taken.update(range(first, last + 1))


def _title_like(words: list[str], m: Matchers) -> bool:
    capitalised = 0
    for i, word in enumerate(words):
        bare = word.strip("()[]'\"’‘“”")
        if not bare:
            return False
        if bare.casefold() in _CONNECTORS and i > 0:
            continue
        first = bare[0]
        if first.isupper() or first.isdigit() or _DOMAIN.fullmatch(bare):
            capitalised += 1
            continue
        return False
    return capitalised > 0


def _name_shaped(suffix: str, words: list[str], m: Matchers) -> bool:
    """Whether a trailing segment no list knows may still be a site or section name, for
    the batch to confirm: a domain, or title-cased words ("Xyzzy Planet") or one short
    lower-case token ("dpa"), not ending like a sentence. A clause after a dash ("-
    especially advertising.", "- what age do you mean?") is part of the headline, however
    many articles of the batch repeat it."""
    if _DOMAIN.search(suffix):
        return True
    if suffix.endswith((".", "?", "!", ",", ";", ":", "…")):
        return False
    return _title_like(words, m) or (len(words) == 1 and len(suffix) <= 6)


def _find_suffixes(line: str, offset: int, m: Matchers) -> list[Suffix]:
    """Site or section names glued to the end of a headline line (at most two).

    The last element may be a mere candidate (empty ``reasons``): a short trailing segment
    that only batch evidence can confirm.
    """
    start, end = _core_bounds(line, 0, len(line))
    out: list[Suffix] = []
    for _ in range(2):
        seps = list(_SUFFIX_SEP.finditer(line, start, end))
        if not seps:
            break
        sep = seps[-1]
        suffix = line[sep.end() : end].strip()
        prefix = line[start : sep.start()].rstrip()
        suffix_words = suffix.split()
        prefix_words = _words().findall(prefix)
        if not suffix or len(suffix) > 48 or len(prefix_words) < 3:
            break
        content = [w for w in suffix_words if w.casefold() not in _CONNECTORS]
        if not 1 <= len(content) <= 4 or len(suffix_words) > 6:
            break
        key = _squash(suffix).translate(_DIGITS_TO_ZERO)
        separator = sep.group().strip()
        reasons: list[str] = []
        if _title_like(suffix_words, m) and not suffix.endswith((".", ",", ";", ":")) and not prefix.endswith((".", ",", ":", ";")):
            if key in m.sections:
                reasons.append("section name")
            if any(w.strip("().,").casefold() in m.site_words for w in suffix_words) or _DOMAIN.search(suffix):
                reasons.append("site name")
            if separator in _STRONG_SEPS:
                reasons.append(f"'{separator}' separator")
            if len(prefix_words) < 4 and separator not in _STRONG_SEPS:
                reasons = []  # "Real Madrid – Barcelona": too short to be a headline on its own
            if prefix.endswith(("”", '"', "’", "'")) and separator not in _STRONG_SEPS and "site name" not in reasons:
                reasons = []  # "'We will win' – Zelensky": an attribution, part of the headline
        if not reasons and not _name_shaped(suffix, suffix_words, m):
            break  # "... or a trap - especially advertising.": the headline's own words
        out.append(Suffix(offset + sep.start(), offset + end, suffix, separator, reasons, key))
        if not reasons:
            break  # a candidate only: batch evidence may still confirm it
        end = sep.start()
    return out


def _scan_inline(article: Article, m: Matchers, result: Analysis) -> None:
    if m.inline_regex is None:
        return
    text = article.text
    if m.inline_starts is None:
        matches: Iterable[re.Match[str]] = m.inline_regex.finditer(text)
    else:
        matches = _matches_at(m.inline_regex, m.inline_starts, text)
    for match in matches:
        index = _line_index(article, match.start())
        if index in result.taken:
            continue
        entry = m.inline_entries[int(match.lastgroup[1:])]
        result.hits.append(Hit(entry, match.start(), match.end()))


def _matches_at(regex: "re.Pattern[str]", starts: "re.Pattern[str]", text: str) -> Iterable["re.Match[str]"]:
    """Non-overlapping matches of ``regex`` tried only where ``starts`` finds a first char."""
    end = 0
    for candidate in starts.finditer(text):
        if candidate.start() < end:
            continue
        match = regex.match(text, candidate.start())
        if match:
            end = match.end()
            yield match


def _scan_paragraphs(article: Article, m: Matchers, result: Analysis) -> None:
    if not m.paragraph_entries:
        return
    text = article.text
    paragraphs = article.paragraphs
    for p_index, para in enumerate(paragraphs):
        if not m.paragraph_may_match(text, para.start, para.end):
            continue  # certainly no match: the prefilter need not be compiled
        if not m.paragraph_prefilter.match(text, para.start, para.end):  # type: ignore[union-attr]
            continue
        body = text[para.start : para.end]
        words = len(body.split())
        first = _line_index(article, para.start)
        last = _line_index(article, para.end - 1)
        if any(i in result.taken for i in range(first, last + 1)):
            continue
        for entry in m.paragraph_entries:
            if words <= entry.max_words and entry.regex.match(body):
                at_foot = p_index >= len(paragraphs) - 3
                result.hits.append(Hit(entry, para.start, para.end, first, last, at_foot=at_foot))
                result.taken.update(range(first, last + 1))
                break


def _find_duplicate_paragraphs(article: Article, result: Analysis) -> None:
    text = article.text
    seen: set[str] = set()
    for para in article.paragraphs:
        words = text[para.start : para.end].split()
        if len(words) < MIN_DUP_WORDS:
            continue
        first = _line_index(article, para.start)
        last = _line_index(article, para.end - 1)
        key = " ".join(words).casefold()  # `_squash` of the paragraph, from its words
        if any(i in result.taken for i in range(first, last + 1)):
            seen.add(key)
            continue
        if key in seen:
            result.dup_paragraphs.append((para.start, para.end, first, last))
            result.taken.update(range(first, last + 1))
        else:
            seen.add(key)


# ----------------------------------------------------------------------------------------
# fixes
# ----------------------------------------------------------------------------------------
def line_removal(article: Article, first: int, last: int) -> tuple[int, int]:
    """The range that removes lines ``first..last`` with their line break.

    The range runs from the end of the previous non-blank line (so the blank lines before
    the residue go with it and the paragraph break of the text around is kept), or, at the
    top of the text, from the line to the start of the next non-blank line. Ranges of
    neighbouring residue lines touch but never overlap.
    """
    text = article.text
    lines = article.lines
    k = first - 1
    while k >= 0 and not text[lines[k].start : lines[k].end].strip():
        k -= 1
    if k >= 0:
        return lines[k].end, lines[last].end
    k = last + 1
    while k < len(lines) and not text[lines[k].start : lines[k].end].strip():
        k += 1
    return lines[first].start, lines[k].start if k < len(lines) else len(text)


def inline_removal(text: str, start: int, end: int) -> tuple[int, int]:
    """The range that removes ``text[start:end]`` with one neighbouring space."""
    if start > 0 and text[start - 1] in " \t\u00a0":
        return start - 1, end
    if end < len(text) and text[end] in " \t\u00a0":
        return start, end + 1
    return start, end


# ----------------------------------------------------------------------------------------
# bounded counting for the batch pre-pass
# ----------------------------------------------------------------------------------------
class BoundedCounter:
    """Counts of hashed keys, at most ``2 x capacity`` entries in memory.

    When full, only the ``capacity`` largest counts are kept (the rest are forgotten), so a
    key that recurs in many articles survives while one-off lines drop out: memory stays
    bounded on any dump and frequent keys are counted (a lower bound once pruned).
    """

    __slots__ = ("capacity", "counts", "pruned")

    def __init__(self, capacity: int = 100_000):
        self.capacity = max(16, int(capacity))
        self.counts: dict[int, int] = {}
        self.pruned = 0

    def add(self, key: int, amount: int = 1) -> None:
        counts = self.counts
        counts[key] = counts.get(key, 0) + amount
        if len(counts) > 2 * self.capacity:
            self.prune()

    def prune(self) -> None:
        ranked = sorted(self.counts.items(), key=lambda kv: kv[1], reverse=True)
        self.pruned += len(ranked) - self.capacity
        self.counts = dict(ranked[: self.capacity])

    def merge(self, other: "BoundedCounter") -> "BoundedCounter":
        for key, count in other.counts.items():
            self.add(key, count)
        self.pruned += other.pruned
        return self

    def get(self, key: int) -> int:
        return self.counts.get(key, 0)

    def __len__(self) -> int:
        return len(self.counts)


def feed_of(article: Article) -> str:
    """The feed an article belongs to: its URL's host, else its file's folder."""
    if article.url:
        host = urlsplit(article.url).netloc.lower()
        return host[4:] if host.startswith("www.") else host
    if article.path:
        return os.path.dirname(article.path)
    return ""


def _option(options: dict[str, Any], name: str, default: Any, kind: type) -> Any:
    value = options.get(name.replace("-", "_"), options.get(name, default))
    try:
        value = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"rule option {name} = {value!r}: expected a {kind.__name__}") from None
    if value < 0:
        raise ConfigError(f"rule option {name} = {value!r}: must not be negative")
    return value


def _mine_key(line: str) -> str:
    return _norm(line).translate(_DIGITS_TO_ZERO)


# ----------------------------------------------------------------------------------------
# rules
# ----------------------------------------------------------------------------------------
def _certainty(certain: bool) -> tuple[Severity, Applicability, float]:
    if certain:
        return Severity.ERROR, Applicability.SAFE, 0.95
    return Severity.WARNING, Applicability.UNSAFE, 0.6


def _lang_note(entry: Entry) -> str:
    if entry.calque and entry.source_lang:
        names = " or ".join(LANGUAGE_NAMES.get(x, x) for x in entry.source_lang.split(","))
        return f" (a literal translation of the {names} template)"
    if entry.source_lang:
        return f" (left in {LANGUAGE_NAMES.get(entry.source_lang, entry.source_lang)})"
    return ""


class _ResidueRule(Rule):
    """Base of the RES rules: compiles the packs when the engine instantiates a rule, so a
    broken pack is a configuration error up front, not an internal error per article."""

    family = "residue"

    def __init__(self) -> None:
        matchers()


class _PackRule(_ResidueRule):
    """Shared check of the pack-driven residue rules: findings of one ``kind``."""

    family = "residue"
    severity = Severity.ERROR
    fixable = "safe"
    kind: str = ""
    what: str = ""  # the message
    label: str = ""  # the fix description: "remove the <label> line"

    def check(self, article: Article, context: RuleContext) -> Iterable[Finding]:
        analysis = analyse(article)
        for hit in analysis.hits:
            if hit.entry.kind != self.kind:
                continue
            yield self._finding(article, hit)

    def _finding(self, article: Article, hit: Hit) -> Finding:
        entry = hit.entry
        certain = entry.certain
        if hit.first >= 0:
            start, end = line_removal(article, hit.first, hit.last)
            what = "line" if hit.first == hit.last else "lines"
        else:
            start, end = inline_removal(article.text, hit.start, hit.end)
            what = "text"
        severity, applicability, confidence = _certainty(certain)
        if hit.extended and entry.then == "block":
            applicability = Applicability.UNSAFE  # where the link list ends is a judgement
        if entry.calque:
            confidence = min(confidence, 0.7)  # a weak source hint: the English is also plausible
        return self.finding(
            article,
            hit.start,
            hit.end,
            f"{self.what}{_lang_note(entry)}; remove it",
            replacements=[Replacement(start, end, "", applicability, f"remove the {self.label} {what}")],
            confidence=confidence,
            severity=severity,
            source_lang=entry.source_lang,
            evidence={"kind": entry.kind, "pattern-lang": entry.lang, "note": entry.notes},
        )


#: distinct headlines RES001's pre-pass remembers; past it, every headline counts
MAX_MINED_HEADLINES = 200_000


def _add_headline(state: dict[str, Any], headline: int, suffix: int) -> None:
    headlines: dict[int, int] = state["headlines"]
    if headline in headlines:
        return
    if len(headlines) < MAX_MINED_HEADLINES:
        headlines[headline] = suffix
    else:
        state["overflow"].add(suffix)


@register
class TitleSuffix(_ResidueRule):
    """A site or section name glued to the end of the headline.

    What it does:
        Finds a short trailing segment after " – ", " - ", " | ", " :: ", " — " (and "•",
        "·", "»", "//") on the headline line: 1-4 title-cased words that are a section name
        ("Europe", "Politics"), contain a site-name word ("News", "Daily", "Times",
        "Courier", "24") or a domain, or follow a separator that headlines never use
        (" | "), while the rest is a headline of four words or more. A suffix that ends the
        headlines of several articles of the batch (``min-count``) is furniture too, even
        when no list knows it, if it is shaped like a name: a domain, title-cased words or
        one short token, not ending like a sentence ("- especially advertising." and "-
        what age do you mean?" end several MT systems' versions of one headline, and are
        the headline's own words).

    Why it matters:
        The page title of the source site ("Headline – Section – Site") was scraped as the
        headline: readers see the site's furniture, and a republished story shows where it
        was copied from.

    Example:
        ``Putin does not rule out sending missiles to Kim and nuclear threat – Europe``:
        " – Europe" is flagged. Not flagged: ``Covid-19 cases rise – but hospitals cope``,
        ``Real Madrid – Barcelona 2-1``, ``'We will win' – Zelensky``.

    Fix safety:
        Removing the separator and the suffix is safe when a list or the batch confirms
        the suffix and the text goes on after the headline line (a page: headline, then
        body); the rule reports nothing it is not sure of. On a text of one line (a
        segment, a caption) the line may be a sentence rather than a page title, and a
        translator may have kept the source's own "... - Xinhua" on purpose, so the fix
        there is unsafe.

    Options:
        ``min-count`` (3): articles of the batch whose headline ends with the same suffix
        before the suffix counts as furniture; ``min-share`` (0.0): the share of the
        batch they must make. Copies of one headline in the batch count once (a syndicated
        story's own last words are no site name); the pre-pass remembers 200,000 distinct
        headlines, and past that counts every headline.
    """

    code = "RES001"
    name = "title-suffix"
    family = "residue"
    severity = Severity.ERROR
    fixable = "safe"
    needs_corpus = True
    options = {"min-count": Option(int, minimum=0), "min-share": Option(float, minimum=0.0, maximum=1.0)}

    def new_corpus_state(self) -> dict[str, Any]:
        # "headlines": each distinct headline with a suffix (its hash -> the suffix's hash),
        # up to MAX_MINED_HEADLINES; "overflow": suffix counts of the headlines past that
        return {"articles": 0, "headlines": {}, "overflow": BoundedCounter()}

    def observe(self, article: Article, state: dict[str, Any]) -> None:
        state["articles"] += 1
        analysis = analyse_headline(article)
        if analysis.suffixes:
            # a suffix is furniture when it ends *different* headlines: copies of one
            # story in the batch (syndicated, scraped twice) count once, or the story's
            # own last words would be taken for a site name
            suffix = analysis.suffixes[0]
            line = article.lines[analysis.headline]
            headline = _hash(_norm(article.text[line.start:suffix.start]) + "\x00" + suffix.key)
            _add_headline(state, headline, _hash(suffix.key))

    def merge_corpus_state(self, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
        a["articles"] += b["articles"]
        for headline, suffix in b["headlines"].items():
            _add_headline(a, headline, suffix)
        a["overflow"].merge(b["overflow"])
        return a

    def finish_corpus_state(self, state: dict[str, Any], articles: int) -> dict[str, Any]:
        counts = Counter(state["headlines"].values())
        for key, count in state["overflow"].counts.items():
            counts[key] += count
        return {"articles": state["articles"] or articles, "counts": {k: v for k, v in counts.items() if v >= 2}}

    def check(self, article: Article, context: RuleContext) -> Iterable[Finding]:
        analysis = analyse(article)
        if not analysis.suffixes:
            return
        options = context.options_for(self.code)
        min_count = _option(options, "min-count", 3, int)
        min_share = _option(options, "min-share", 0.0, float)
        corpus = context.corpus.get(self.code)
        found: list[tuple[Suffix, list[str]]] = []  # the cached analysis is not mutated
        evidence: dict[str, Any] = {}
        for suffix in analysis.suffixes:
            reasons = list(suffix.reasons)
            if corpus and corpus["articles"]:
                count = corpus["counts"].get(_hash(suffix.key), 0)
                share = count / corpus["articles"]
                if count >= max(min_count, 2) and share >= min_share:
                    reasons.append(f"ends {count} headlines of the batch")
                    evidence.update({"articles": count, "share": round(share, 4)})
            if not reasons:
                break
            found.append((suffix, reasons))
        if not found:
            return
        start, end = found[-1][0].start, found[0][0].end
        raw = _line_texts(article)
        last_text = found[0][0].text
        repeated = any(raw[i].rstrip().endswith(last_text) for a, b in analysis.dup_runs for i in range(a, b + 1))
        names = " and ".join(f"'{s.text}'" for s, _ in reversed(found))
        all_reasons = list(dict.fromkeys(r for _, reasons in found for r in reasons))
        why = "; ".join(all_reasons)
        on_a_page = bool(article.text[end:].strip())  # a body (or more lines) follows the headline
        applicability = Applicability.SAFE if on_a_page else Applicability.UNSAFE
        yield self.finding(
            article,
            start,
            end,
            f"site or section name {names} glued to the headline ({why}); remove it",
            replacements=[Replacement(start, end, "", applicability, "remove the suffix")],
            confidence=0.98 if repeated or evidence else 0.9,
            evidence=evidence or {"reasons": all_reasons},
        )


@register
class DuplicateTitle(_ResidueRule):
    """The headline (or headline and standfirst) repeated at the top of the article.

    What it does:
        Compares the first lines of the article (up to ten non-empty lines, before the
        first long paragraph): a line equal to an earlier one, ignoring case, spacing,
        decorations and a glued site suffix, is a repeat. Adjacent repeated lines form
        one finding. When the headline comes from metadata only (a JSONL ``title`` the
        text does not start with), a first line equal to it up to case and decorations is
        reported as a warning.

    Why it matters:
        Scrapers that take the page title, the ``og:title`` and the ``<h1>`` each add a
        copy of the headline; a published page must show it once.

    Example:
        ``Headline – Europe`` / (blank) / ``Headline – Europe`` / ``Headline – Europe``:
        the second and third copies are one finding.

    Fix safety:
        Safe when the copies stand right under the headline (only blank lines or other
        page furniture between): they are exact copies of a line that stays. Unsafe when
        other text stands between (on 1,873 ten-line blocks of WMT22 references and
        original English, the only such "copies" were the text's own lines: a dialogue's
        repeated ``"Yeah!"``, a manual's repeated ``Tap Settings.``) and against a
        metadata title.
    """

    code = "RES002"
    name = "duplicate-title"
    family = "residue"
    severity = Severity.ERROR
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterable[Finding]:
        analysis = analyse(article)
        lines = article.lines
        for first, last in analysis.dup_runs:
            start, _ = _core_bounds(article.text, lines[first].start, lines[first].end)
            _, end = _core_bounds(article.text, lines[last].start, lines[last].end)
            r_start, r_end = line_removal(article, first, last)
            copies = last - first + 1
            # against a metadata title only (the text has no headline line), the "repeat"
            # may be the text's own headline: a judgement
            in_text = analysis.headline is not None
            # a copy right under the headline (only blank lines, other page furniture or
            # lines the copy repeats too, a standfirst, between) is what scrapers leave;
            # one further down may be the text's own line: dialogue ("Yeah!"), a repeated
            # step ("Tap Settings."), a refrain
            beside = in_text and _right_under_headline(article, analysis, first, last)
            yield self.finding(
                article,
                start,
                end,
                "headline repeated at the top of the article; remove the "
                + ("copy" if copies == 1 else f"{copies} repeated lines"),
                replacements=[
                    Replacement(
                        r_start,
                        r_end,
                        "",
                        Applicability.SAFE if beside else Applicability.UNSAFE,
                        "remove the repeated lines",
                    )
                ],
                confidence=0.97 if beside else 0.85 if in_text else 0.7,
                severity=Severity.ERROR if in_text else Severity.WARNING,
            )


def _right_under_headline(article: Article, analysis: Analysis, first: int, last: int) -> bool:
    """True when the lines between the headline and the repeated run ``first..last`` are
    blank, claimed by another residue finding, or repeated in the run themselves."""
    raw = _line_texts(article)
    copied = {_norm(raw[k]) for k in range(first, last + 1)}
    return all(not raw[k].strip() or k in analysis.taken or _norm(raw[k]) in copied
               for k in range(analysis.headline + 1, first))


@register
class DuplicateParagraph(_ResidueRule):
    """A paragraph repeated verbatim.

    What it does:
        Reports every paragraph (six words or more) whose text, ignoring case and spacing,
        already appeared earlier in the article; the span is the repeat.

    Why it matters:
        Repeated blocks come from templates that print the lead twice, from teasers and
        from broken extraction; no edited article repeats a paragraph word for word.

    Example:
        A standfirst printed above the story and again as its first paragraph.

    Fix safety:
        Safe: the removed paragraph is an exact copy of one that stays.
    """

    code = "RES003"
    name = "duplicate-paragraph"
    family = "residue"
    severity = Severity.ERROR
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterable[Finding]:
        analysis = analyse(article)
        for start, end, first, last in analysis.dup_paragraphs:
            r_start, r_end = line_removal(article, first, last)
            yield self.finding(
                article,
                start,
                end,
                "paragraph repeated verbatim; remove the copy",
                replacements=[Replacement(r_start, r_end, "", Applicability.SAFE, "remove the repeated paragraph")],
                confidence=0.95,
            )


@register
class CopyrightNotice(_PackRule):
    """A copyright or reproduction notice of the source page.

    What it does:
        Flags lines that are copyright notices: "© 2024 ...", "All rights reserved",
        agency notices ("This material may not be published, broadcast ..."), the source
        languages' templates ("Riproduzione riservata", "Todos los derechos reservados",
        "Tous droits réservés", "Alle Rechte vorbehalten", "Todos os direitos
        reservados") and their literal translations ("Reproduction reserved").

    Why it matters:
        The notice belongs to the site the story was copied from; left in a translated
        republication it is both wrong and a sign of the copy. Source-language and
        calqued notices also point to the language of the original.

    Example:
        ``Reproduction reserved © Copyright ANSA`` (Italian "Riproduzione riservata").
        Not flagged: "The copyright law was changed in 2019."

    Fix safety:
        Safe for the listed notices (the whole line goes, with its line break); unsafe
        for the looser patterns.
    """

    code = "RES004"
    name = "copyright-notice"
    kind = "copyright"
    label = "copyright"
    what = "Copyright notice of the source page"


@register
class CallToAction(_PackRule):
    """A call to action or a piece of site furniture in the body.

    What it does:
        Flags lines such as "For Latest Updates Follow us on Google News", "Subscribe to
        our newsletter", "Share this article", share bars ("Facebook Twitter WhatsApp"),
        comment-form prompts ("Leave a comment", "Your email address will not be
        published"), paywall teasers ("This article is for subscribers only") and their
        source-language forms ("Seguici su", "Síguenos en", "Suivez-nous sur").

    Why it matters:
        Page furniture scraped with the story; nobody reading the article can follow,
        share or subscribe from a text.

    Example:
        ``For Latest Updates Follow us on Google News``. Not flagged: "She urged
        supporters to follow her on social media."

    Fix safety:
        Safe for the listed prompts (the whole line goes); unsafe for "Click here ..."
        lines.
    """

    code = "RES005"
    name = "call-to-action"
    kind = "call-to-action"
    label = "call-to-action"
    what = "Call to action of the source page"


@register
class ReadAlsoTeaser(_PackRule):
    """A "Read also" teaser with the title of another article.

    What it does:
        Flags teaser lines that link to other stories: "Read also: ...", "READ MORE",
        "See also:", "Related: ...", and the source languages' "Leggi anche", "Lee
        también", "Lire aussi", "Lesen Sie auch", "Auch interessant", "Leia também". A
        label alone on its line takes the next line (the teaser title) with it.

    Why it matters:
        The teaser interrupts the story with the headline of an unrelated article; "Read
        also" itself is a calque of several source-language templates.

    Example:
        ``Leggi anche: Ucraina, Zelensky a Roma``.

    Fix safety:
        Safe with a separator ("Read also:"); unsafe for a bare "Read also" label, whose
        teaser title is guessed from the next line.
    """

    code = "RES006"
    name = "read-also-teaser"
    kind = "read-also"
    label = "teaser"
    what = "Teaser for another article"


@register
class Navigation(_PackRule):
    """Navigation: pagers, related-article lists, tags and breadcrumbs.

    What it does:
        Flags "PREV title" / "NEXT title" pagers, "Previous article" / "Next article"
        (with the linked title on the next line), "Related articles" / "You may also
        like" headings with the short link lines under them, "Tags: ..." lines,
        breadcrumbs ("Home > World > Europe") and page controls ("Back to top").

    Why it matters:
        The links of the page were flattened into the text: the titles of other stories
        now read as part of this one.

    Example:
        ``PREV The massacre of Christians in Africa``. Not flagged: "Next year the
        previous government's plan ...".

    Fix safety:
        Safe for pager, tag and control lines; unsafe for a related-articles block, whose
        end is a guess.
    """

    code = "RES007"
    name = "navigation"
    kind = "navigation"
    label = "navigation"
    what = "Navigation of the source page"


@register
class CreditLine(_PackRule):
    """A photo credit, caption credit or agency credit left in the body.

    What it does:
        Flags credit lines ("Photo: ...", "Photo by ...", "Credit: ...", "Reuters",
        "(Reporting by ...; Editing by ...)"), credits inside a paragraph ("(Photo by
        Jane Doe/Getty Images)") and source-language agency credits ("ROMA (ANSA) -",
        "(EFE)", "(dpa)", "Fonte: ANSA").

    Why it matters:
        Credits belong to the picture or to the source feed, not to the text of the
        republished story; an agency tag also names the language of the original.

    Example:
        ``The leaders met in Hanoi (Photo by Jane Doe/Getty Images) on Thursday.``

    Fix safety:
        Safe for credit lines and parenthesised photo credits; unsafe for "Source: ..."
        lines, reporter credit lines and agency datelines, which some publishers keep.
    """

    code = "RES008"
    name = "credit-line"
    kind = "credit"
    label = "credit"
    what = "Credit line of the source page"


@register
class AuthorBio(_PackRule):
    """A template author bio.

    What it does:
        Flags short paragraphs that open like a CMS author box: "<Name> is a journalist
        who loves ...", "... with a passion for ...", "... years of experience" (and the
        Italian, Spanish, French and German forms), plus "About the author" headings.

    Why it matters:
        The bio of the original writer (often a template) is not part of the story and
        misattributes a translated text.

    Example:
        ``Maria Rossi is a freelance journalist who loves writing about tech.``

    Fix safety:
        Safe when the bio is among the last three paragraphs; unsafe elsewhere.
    """

    code = "RES009"
    name = "author-bio"
    kind = "bio"
    label = "bio"
    what = "Template author bio"

    def _finding(self, article: Article, hit: Hit) -> Finding:
        finding = super()._finding(article, hit)
        if hit.entry.mode == "paragraph" and not hit.at_foot:
            finding.replacements = [
                Replacement(r.start, r.end, r.content, Applicability.UNSAFE, r.description) for r in finding.replacements
            ]
            finding.severity = Severity.WARNING
        return finding


@register
class RecurringBoilerplate(_ResidueRule):
    """A line that recurs in many articles of the same feed.

    What it does:
        In a pre-pass over the batch, counts the distinct short lines (under 200
        characters; digits ignored, so dated notices match) of every article, per feed
        (the URL's host, else the file's folder). A line found in at least ``min-count``
        articles that are at least ``min-share`` of their feed is boilerplate even when no
        list knows it; each occurrence is reported with the evidence.

    Why it matters:
        Every site has its own furniture (a slogan, a disclaimer, a sign-off); a line
        that repeats across a feed is template, not reporting.

    Example:
        ``Stay with us for more updates from the region.`` in 40 of 120 articles of one
        site.

    Fix safety:
        Unsafe: batch statistics cannot tell a template from a recurring real line (a
        standard disclaimer a publisher wants kept).

    Options:
        ``min-count`` (5), ``min-share`` (0.2). Memory is bounded: beyond 200,000 distinct
        hashed lines only the 100,000 most frequent are kept.
    """

    code = "RES010"
    name = "recurring-boilerplate"
    family = "residue"
    options = {"min-count": Option(int, minimum=0), "min-share": Option(float, minimum=0.0, maximum=1.0)}
    severity = Severity.WARNING
    fixable = "unsafe"
    needs_corpus = True

    max_keys: ClassVar[int] = 100_000

    def new_corpus_state(self) -> dict[str, Any]:
        return {"feeds": BoundedCounter(self.max_keys), "lines": BoundedCounter(self.max_keys)}

    def _keys(self, article: Article, analysis: Analysis) -> dict[int, int]:
        """Line index -> mining key of every line that can be mined."""
        feed = _hash(feed_of(article), 4) << 64
        text = article.text
        keys: dict[int, int] = {}
        for i, span in enumerate(article.lines):
            if span.end - span.start > 200 or i == analysis.headline:
                continue
            line = text[span.start : span.end]
            if not line.strip():
                continue
            key = _mine_key(line)
            if len(key) < 3 or not _HAS_LETTER.search(key):
                continue
            keys[i] = feed | _hash(key)
        return keys

    def observe(self, article: Article, state: dict[str, Any]) -> None:
        state["feeds"].add(_hash(feed_of(article), 4))
        counter: BoundedCounter = state["lines"]
        for key in set(self._keys(article, analyse_headline(article)).values()):
            counter.add(key)

    def merge_corpus_state(self, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
        a["feeds"].merge(b["feeds"])
        a["lines"].merge(b["lines"])
        return a

    def finish_corpus_state(self, state: dict[str, Any], articles: int) -> dict[str, Any]:
        counter: BoundedCounter = state["lines"]
        return {
            "feeds": dict(state["feeds"].counts),
            "counts": {k: v for k, v in counter.counts.items() if v >= 2},
            "articles": articles,
        }

    def check(self, article: Article, context: RuleContext) -> Iterable[Finding]:
        corpus = context.corpus.get(self.code)
        if not corpus or not corpus["counts"]:
            return
        options = context.options_for(self.code)
        min_count = max(2, _option(options, "min-count", 5, int))
        min_share = _option(options, "min-share", 0.2, float)
        analysis = analyse(article)
        counts = corpus["counts"]
        lines = article.lines
        for i, key in self._keys(article, analysis).items():
            if i in analysis.taken:
                continue
            count = counts.get(key, 0)
            if count < min_count:
                continue
            feed_size = corpus["feeds"].get(key >> 64, corpus["articles"]) or 1
            share = count / feed_size
            if share < min_share:
                continue
            start, end = _core_bounds(article.text, lines[i].start, lines[i].end)
            r_start, r_end = line_removal(article, i, i)
            strong = share >= 0.5 and count >= 2 * min_count
            yield self.finding(
                article,
                start,
                end,
                f"line recurs in {count} articles of this feed ({share:.0%}): site boilerplate; remove it",
                replacements=[Replacement(r_start, r_end, "", Applicability.UNSAFE, "remove the recurring line")],
                confidence=0.85 if strong else 0.65,
                severity=Severity.ERROR if strong else Severity.WARNING,
                evidence={"articles": count, "share": round(share, 4)},
            )


@register
class SectionLabel(_ResidueRule):
    """A bare section label on its own line above the headline.

    What it does:
        Flags a first line that is only a section name ("World", "Europe", "ESTERI",
        "Politics / Europe") followed by the headline.

    Why it matters:
        The section breadcrumb of the source page was taken as part of the text; it
        pushes the real headline to the second line.

    Example:
        ``Esteri`` / ``Putin does not rule out sending missiles to Kim``.

    Fix safety:
        Safe: the label is a known section name standing alone above the headline.
    """

    code = "RES011"
    name = "section-label"
    family = "residue"
    severity = Severity.ERROR
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterable[Finding]:
        analysis = analyse(article)
        if analysis.label is None:
            return
        span = article.lines[analysis.label]
        start, end = _core_bounds(article.text, span.start, span.end)
        r_start, r_end = line_removal(article, analysis.label, analysis.label)
        yield self.finding(
            article,
            start,
            end,
            "section label above the headline; remove it",
            replacements=[Replacement(r_start, r_end, "", Applicability.SAFE, "remove the section label")],
            confidence=0.9,
            source_lang=analysis.label_lang,
        )


@register
class AdMarker(_PackRule):
    """An advertising label left in the text.

    What it does:
        Flags lines that are only an advertising slot label: "Advertisement", "Sponsored
        content", "Story continues below advertisement", "Scroll to continue", and the
        source languages' "Pubblicità", "Publicidad", "Publicité", "Anzeige", "Werbung",
        "Publicidade".

    Why it matters:
        The ad slot was removed but its label stayed in the body.

    Example:
        ``ADVERTISEMENT`` between two paragraphs.

    Fix safety:
        Safe: the whole line is the label.
    """

    code = "RES012"
    name = "ad-marker"
    kind = "ad-marker"
    label = "advertising label"
    what = "Advertising label"
