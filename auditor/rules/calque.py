"""Calques, false friends and literal idioms (family ``CAL``).

Language knowledge lives in the packs (``auditor/packs/<lang>/calques.toml``, one per
source language, format in ``auditor/packs/README.md``); this module holds the generic
matchers that read every pack, plus one pack-independent matcher for capitalised common
nouns in the middle of a sentence.

Codes (one per entry ``kind``; never reused):

* ``CAL001`` false-friend: an English word used with the meaning of a similar source word.
* ``CAL002`` calque: a word-for-word collocation or construction (``kind`` = calque or
  collocation).
* ``CAL003`` literal-idiom: a source-language idiom translated word for word.
* ``CAL004`` garbled-idiom: a source idiom mangled beyond recognition ("put it guard X").
* ``CAL005`` preposition-calque: the source language's preposition after an English word.
* ``CAL006`` capitalised-common-noun: a common noun capitalised mid-sentence (pack-free).

Speed: each entry gets *anchors* (`anchors_of`): sets of literal words, pairs of
consecutive words or word fragments, derived from the pattern's syntax tree, one of each
set occurring in every match; an entry's regex runs on a paragraph only when its anchors
occur there, and is built on first use from its compiled form cached on disk
(`compiled_forms`). Anchors are looked up word by word (`PackMatcher`), each distinct word
once per process. All pack matches of an article are computed once and shared by the CAL
rules.
"""

from __future__ import annotations

import bisect
import re
import warnings
from array import array
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable, Iterator, NamedTuple

import regex

from auditor import lexicon
from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.packs import load_pack, source_languages
from auditor.rules.base import Rule, RuleContext, register

try:  # the stdlib parser is only used to derive anchors; its absence only costs speed
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re import _compiler as _sre_compiler  # type: ignore[attr-defined]
    from re import _constants as _sre_c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_compile as _sre_compiler  # type: ignore[no-redef]
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]
try:  # the engines' constructors: pack regexes rebuilt from their cached compiled form
    import _sre
    from regex import _regex as _regex_engine
except ImportError:  # pragma: no cover - not CPython
    _sre = None  # type: ignore[assignment]
    _regex_engine = None  # type: ignore[assignment]

KINDS = ("false-friend", "calque", "collocation", "idiom", "garbled-idiom", "preposition")
KIND_CODE = {
    "false-friend": "CAL001",
    "calque": "CAL002",
    "collocation": "CAL002",
    "idiom": "CAL003",
    "garbled-idiom": "CAL004",
    "preposition": "CAL005",
}
LANGUAGE_NAMES = {
    "it": "Italian",
    "es": "Spanish",
    "pt": "Portuguese",
    "fr": "French",
    "de": "German",
    "ca": "Catalan",
    "nl": "Dutch",
    "ro": "Romanian",
    "cs": "Czech",
    "et": "Estonian",
    "pl": "Polish",
    "ru": "Russian",
}
#: at or above this confidence a direct word swap is offered as an ``unsafe`` fix
UNSAFE_CONFIDENCE = 0.8
#: below this confidence a pack finding is reported as ``info`` instead of ``warning``
WARNING_CONFIDENCE = 0.7
_MIN_ANCHOR = 3
#: a whole word is looked up, not searched: two letters ("on", "TV", "31") are enough
_MIN_WORD_ANCHOR = 2
#: word-start fragments are looked up by their first letters
_PREFIX_KEY = 4
#: how many anchor sets (all required) gate an entry's regex
_ANCHOR_SETS = 3


# ---------------------------------------------------------------------------------------
# pack entries
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One pack entry (see ``auditor/packs/README.md`` for the fields). Its regexes are
    compiled on first use: most entries never pass the anchor gate of a given input."""

    id: str
    lang: str
    kind: str
    match: str
    unless_source: str
    source: str
    replacements: tuple[str, ...]
    rewrite: str
    confidence: float
    why: str
    example: str
    clean: str
    #: sets of anchors, rarest first; every match holds one anchor of each set (see
    #: `anchors_of`); empty = always run
    anchors: tuple[tuple["Anchor", ...], ...] = ()

    @property
    def code(self) -> str:
        return KIND_CODE[self.kind]

    @cached_property
    def pattern(self) -> "regex.Pattern[str] | re.Pattern[str]":
        return compile_pack_regex(self.match)

    @cached_property
    def unless(self) -> "regex.Pattern[str] | re.Pattern[str] | None":
        return compile_pack_regex(self.unless_source) if self.unless_source else None

    def fires(self, text: str) -> bool:
        """True if the entry matches ``text`` outside its ``unless`` context (pack tests)."""
        return bool(match_entries(text, [self]))


def compile_pack_regex(source: str) -> "regex.Pattern[str] | re.Pattern[str]":
    """A pack regex compiled by the standard library when it accepts it (about 4x faster to
    compile: most of a short run's calque cost), else by ``regex`` (variable-width
    look-behind, a group name used twice). ``regex`` in its default VERSION0 mode matches as
    ``re`` does: all 699 pack patterns that both accept gave the same matches and groups on
    1.9 MB of examples, clean sentences and WMT22 references. A pattern neither accepts
    raises ``regex.error``.

    A pack regex is rebuilt from its compiled form cached on disk (`compiled_forms`) when
    there is one: compiling costs 0.3 ms (``re``) to 1.7 ms (``regex``) a pattern, and a
    run of a thousand articles needs some 700 of them."""
    form = compiled_forms().get(source)
    if form is not None:
        pattern = _rebuild(source, form)
        if pattern is not None:
            return pattern
    try:
        return re.compile(source)
    except re.error:
        return regex.compile(source)


#: bump when the layout of `compiled_forms` changes
COMPILED_VERSION = 1


@lru_cache(maxsize=1)
def compiled_forms() -> dict[str, tuple]:
    """The compiled form of every pack regex (``match`` and ``unless``), cached on disk
    and keyed by the patterns, this Python and the ``regex`` module's version: for ``re``
    the arguments ``re`` passes to ``_sre.compile`` (its byte code), for ``regex`` those its
    own pickling passes to ``_regex.compile``. Each form is checked when it is built: the
    pattern rebuilt from it must equal the one compiled from source."""
    import hashlib
    import sys

    entries = load_entries()
    sources = sorted({e.match for e in entries} | {e.unless_source for e in entries if e.unless_source})
    if _sre is None or _regex_engine is None:
        return {}  # pragma: no cover - not CPython: compile from source
    parts = [str(COMPILED_VERSION), sys.version, regex.__version__, str(_sre.MAGIC), *sources]
    key = hashlib.sha256("\n".join(parts).encode("utf-8"))

    def build() -> dict[str, tuple]:
        forms = {}
        for source in sources:
            form = _compiled_form(source)
            if form is not None:
                forms[source] = form
        return forms

    return lexicon.cached_table(f"calque-regex-{key.hexdigest()[:20]}", build)


def _compiled_form(source: str) -> tuple | None:
    """The cacheable compiled form of ``source`` (see `compiled_forms`), or None when the
    pattern does not compile or the rebuilt pattern would differ."""
    try:
        compiled = re.compile(source)
    except re.error:
        try:
            pattern = regex.compile(source)
        except regex.error:
            return None
        form: tuple = ("regex", pattern._pickled_data)
        rebuilt = _rebuild(source, form)
        return form if rebuilt is not None and rebuilt._pickled_data == pattern._pickled_data else None
    try:
        parsed = _sre_parse.parse(source, 0)
        code = _sre_compiler._code(parsed, 0)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        form = ("re", int(parsed.state.flags), array("I", code).tobytes(), parsed.state.groups - 1, groupindex,
                tuple(indexgroup))
    except Exception:  # pragma: no cover - another Python's internals: compile from source
        return None
    return form if _rebuild(source, form) == compiled else None


def _rebuild(source: str, form: tuple) -> "regex.Pattern[str] | re.Pattern[str] | None":
    """The pattern of a compiled form, without parsing (None if the engine refuses it)."""
    try:
        if form[0] == "re":
            _, flags, code, groups, groupindex, indexgroup = form
            return _sre.compile(source, flags, array("I", code).tolist(), groups, groupindex, indexgroup)
        return _regex_engine.compile(*form[1])
    except Exception:  # pragma: no cover - a form of another version: compile from source
        return None


def example_text(example: str) -> str:
    """The MT side of an entry's ``example`` (``"MT text -> corrected text"``)."""
    return example.split(" -> ", 1)[0]


def compile_entry(lang: str, raw: dict, *, eager: bool = True,
                  anchors: "tuple[tuple[Anchor, ...], ...] | None" = None) -> Entry:
    """Validate one raw pack entry; raises ValueError naming the problem. ``eager``
    compiles its regexes now (to report a bad one); otherwise on first use. ``anchors``:
    the entry's `anchors_of`, when already known (`load_entries` caches them on disk)."""
    ident = str(raw.get("id", "")).strip()
    if not ident:
        raise ValueError("entry without an id")
    kind = raw.get("kind", "")
    if kind not in KINDS:
        raise ValueError(f"{ident}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    if not isinstance(raw.get("match"), str) or not raw["match"]:
        raise ValueError(f"{ident}: missing 'match'")
    if eager:
        try:
            regex.compile(raw["match"])
            if raw.get("unless"):
                regex.compile(raw["unless"])
        except regex.error as exc:
            raise ValueError(f"{ident}: bad regex: {exc}") from None
    confidence = float(raw.get("confidence", 0.5))
    if not 0.0 <= confidence <= 1.0:
        raise ValueError(f"{ident}: confidence {confidence} out of [0, 1]")
    replacements = raw.get("replacements", [])
    if isinstance(replacements, str):
        replacements = [replacements]
    return Entry(
        id=ident,
        lang=lang,
        kind=kind,
        match=raw["match"],
        unless_source=str(raw.get("unless", "") or ""),
        source=str(raw.get("source", "")),
        replacements=tuple(str(r) for r in replacements),
        rewrite=str(raw.get("rewrite", "") or ""),
        confidence=confidence,
        why=str(raw.get("why", "")),
        example=str(raw.get("example", "")),
        clean=str(raw.get("clean", "") or ""),
        anchors=anchors if anchors is not None else anchors_of(raw["match"]),
    )


#: problems found while loading packs (bad entries are skipped, not fatal)
PACK_ERRORS: list[str] = []


@lru_cache(maxsize=1)
def load_entries() -> tuple[Entry, ...]:
    """Every valid calque entry of every source-language pack, in language order."""
    entries: list[Entry] = []
    seen: set[str] = set()
    packs = [(lang, load_pack(lang, "calques")) for lang in source_languages()]
    anchors = _cached_anchors([raw["match"] for _, pack in packs if pack for raw in pack.get("entry", [])
                               if isinstance(raw.get("match"), str)])
    for lang, pack in packs:
        if not pack:
            continue
        for raw in pack.get("entry", []):
            try:
                entry = compile_entry(lang, raw, eager=False, anchors=anchors.get(raw.get("match")))
            except ValueError as exc:
                PACK_ERRORS.append(f"{lang}/calques.toml: {exc}")
                warnings.warn(f"skipping calque entry: {lang}/calques.toml: {exc}", stacklevel=2)
                continue
            if entry.id in seen:
                PACK_ERRORS.append(f"{lang}/calques.toml: duplicate id {entry.id}")
                continue
            seen.add(entry.id)
            entries.append(entry)
    return tuple(entries)


#: bump when `anchors_of` (or what it ranks by) changes: the on-disk cache is keyed by it
ANCHORS_VERSION = 6


def _cached_anchors(patterns: list[str]) -> dict[str, tuple[tuple["Anchor", ...], ...]]:
    """`anchors_of` for every pattern, from an on-disk cache keyed by the patterns
    themselves, this code's version and the word-frequency data that ranks the anchors
    (walking ~1,300 parse trees costs about a second of every CLI start-up)."""
    import hashlib

    unique = sorted(set(patterns))
    key = hashlib.sha256("\n".join([str(ANCHORS_VERSION), lexicon.dist_version("wordfreq"), *unique]).encode("utf-8"))

    def build() -> dict:
        return {p: [[list(a) for a in s] for s in anchors_of(p)] for p in unique}

    table = lexicon.cached_table(f"calque-anchors-{key.hexdigest()[:20]}", build)
    return {p: tuple(tuple(Anchor(*a) for a in s) for s in sets) for p, sets in table.items()}


# ---------------------------------------------------------------------------------------
# anchors: literal strings a match must contain
# ---------------------------------------------------------------------------------------
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_PROPERTY = re.compile(r"\\[pP]\{[\w=:]+\}")


class Anchor(NamedTuple):
    """A lower-case string every match contains: a whole word (``word``: looked up in
    the article's word set), two whole words next to each other (``word``, the text holds
    one space: nothing but non-word characters between them in the match, so they are
    consecutive ``\\w+`` words of the text) or a fragment (searched as a substring)."""

    text: str
    word: bool
    #: the fragment starts a word (tested against the article's words by prefix)
    start: bool = False


def anchors_of(pattern: str) -> tuple[tuple[Anchor, ...], ...]:
    """Sets of anchors, rarest first: every match of ``pattern`` contains one anchor of
    each set (empty: none found).

    Walks the stdlib parse tree of the pattern (syntax it does not know, such as the
    ``regex`` module's ``\\p{..}``, just means no anchor: the entry always runs)."""
    # the stdlib parser rejects duplicate group names and \p{..}: neutralise them first
    simplified = _NAMED_GROUP.sub("(?:", pattern)
    simplified = _PROPERTY.sub(lambda m: "\\W" if m.group(0)[1] == "P" else "\\w", simplified)
    try:
        tree = _sre_parse.parse(simplified)
    except Exception:
        return ()
    sets = _ranked(_requirements(list(tree), True, True))
    return tuple(tuple(sorted(c)) for c in sets[:_ANCHOR_SETS])


@lru_cache(maxsize=None)
def _anchor_cost(anchor: Anchor) -> float:
    """Roughly how often ``anchor`` occurs in English (a word's frequency; for a
    fragment such as ``launche``, a guess from its length, doubled for the slower test; for
    a pair of words, a guess from the frequencies of both)."""
    if " " in anchor.text:
        first, second = (_anchor_cost(Anchor(w, True, True)) for w in anchor.text.split(" "))
        return min(first, second, first * second / 1e7) / 10
    zipf = lexicon.zipf(anchor.text.lower())
    if zipf <= 0:
        zipf = max(0.0, 7.0 - len(anchor.text))
    return 10.0**zipf * (1 if anchor.word else 2)


def _score(alternatives: frozenset[Anchor]) -> float:
    """Higher is better: the rarer the anchors, the fewer articles run the regex."""
    return -sum(_anchor_cost(a) for a in alternatives)


def _ranked(candidates: list[frozenset[Anchor]]) -> list[frozenset[Anchor]]:
    good = {c for c in candidates if c and all(len(a.text) >= (_MIN_WORD_ANCHOR if a.word else _MIN_ANCHOR) for a in c)}
    return sorted(good, key=lambda c: (-_score(c), sorted(c)))


def _best(candidates: list[frozenset[Anchor]]) -> frozenset[Anchor] | None:
    ranked = _ranked(candidates)
    return ranked[0] if ranked else None


_REPEATS = tuple(
    op for op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)) if op is not None
)
_NONWORD_CATEGORIES = {_sre_c.CATEGORY_SPACE, _sre_c.CATEGORY_NOT_WORD, _sre_c.CATEGORY_LINEBREAK}


def _is_separator(item: tuple | None) -> bool:
    """True when ``item`` certainly matches (at least one) non-word character or is \\b:
    a word run next to it ends there."""
    if item is None:
        return False
    op, arg = item
    if op is _sre_c.AT:
        return arg in (_sre_c.AT_BOUNDARY, _sre_c.AT_BEGINNING, _sre_c.AT_END, _sre_c.AT_BEGINNING_STRING,
                       _sre_c.AT_END_STRING, _sre_c.AT_BEGINNING_LINE, _sre_c.AT_END_LINE)
    if op is _sre_c.LITERAL:
        return not _is_word_char(chr(arg))
    if op is _sre_c.IN:
        for kind, value in arg:
            if kind is _sre_c.CATEGORY and value in _NONWORD_CATEGORIES:
                continue
            if kind is _sre_c.LITERAL and not _is_word_char(chr(value)):
                continue
            if kind is _sre_c.NEGATE:
                return False
            return False
        return True
    if op in _REPEATS:
        low, _high, body = arg
        return low >= 1 and len(body) == 1 and _is_separator(body[0])
    return False


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _consumes_non_word(item: tuple) -> bool:
    """True when ``item`` matches one or more characters, none of them a word character."""
    op, arg = item
    if op is _sre_c.LITERAL or op is _sre_c.IN:
        return _is_separator(item)
    if op in _REPEATS:
        low, _high, body = arg
        return low >= 1 and len(body) == 1 and _consumes_non_word(body[0])
    return False


def _only_non_word(item: tuple) -> bool:
    """True when ``item`` matches nothing but non-word characters, maybe none (``\\s*``)
    or is a lookaround (zero width)."""
    op, arg = item
    if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
        return True
    if op in _REPEATS:
        _low, _high, body = arg
        return len(body) == 1 and _consumes_non_word(body[0])
    return _consumes_non_word(item)


def _ends_with_separator(items: list) -> bool:
    """True when whatever ``items`` match ends with a separator (see `_is_separator`),
    maybe followed by more non-word characters (``\\.\\s*``)."""
    while items and _only_non_word(items[-1]) and not _is_separator(items[-1]):
        items = items[:-1]
    if not items:
        return False
    op, arg = items[-1]
    if op is _sre_c.SUBPATTERN:
        return _ends_with_separator(list(arg[-1]))
    if op is _sre_c.BRANCH:
        return all(_ends_with_separator(list(b)) for b in arg[1])
    if op in _REPEATS and not _is_separator(items[-1]):
        low, _high, body = arg
        return low >= 1 and _ends_with_separator(list(body))
    return _is_separator(items[-1])


def _word_start_after(item: tuple, before: bool) -> bool:
    """True when the position after a group or repeat ``item`` is a word start (the
    character before it is not a word character), ``before``: whether the position
    before it was one (where an optional ``item`` may leave it)."""
    op, arg = item
    if op is _sre_c.SUBPATTERN:
        return _ends_with_separator(list(arg[-1]))
    if op is _sre_c.BRANCH:
        return all(_ends_with_separator(list(b)) or (not b and before) for b in arg[1])
    if op in _REPEATS:
        low, _high, body = arg
        return _ends_with_separator(list(body)) and (low >= 1 or before)
    return False


def _single_letter(item: tuple) -> tuple | None:
    """``[Ww]`` (the cases of one letter, as packs spell a capital at a sentence start) as
    the literal lower-case letter: anchors are looked up in lower-cased text."""
    op, arg = item
    if op is not _sre_c.IN or not arg or any(kind is not _sre_c.LITERAL for kind, _ in arg):
        return None
    lowered = {chr(value).lower() for _, value in arg}
    if len(lowered) != 1:
        return None
    (letter,) = lowered
    return (_sre_c.LITERAL, ord(letter)) if len(letter) == 1 and _is_word_char(letter) else None


#: at most this many pairs in a pair anchor set (alternative words on both sides)
_MAX_PAIRS = 64


def _literal_words(items: list, head: str = "") -> frozenset[str] | None:
    """The lower-case words that ``head`` and then ``items`` spell when they are nothing
    but literal word characters, groups and alternatives of them (``ma(?:ke|de)``),
    else None (also when there would be more than `_MAX_PAIRS` or an empty one)."""
    words = _spelled(items, head)
    return words if words is not None and all(words) else None


def _spelled(items: list, head: str = "") -> frozenset[str] | None:
    """`_literal_words`, the empty string included."""
    words = {head}
    for item in items:
        item = _single_letter(item) or item
        op, arg = item
        if op is _sre_c.LITERAL and _is_word_char(chr(arg)):
            words = {w + chr(arg) for w in words}
            continue
        if op is _sre_c.SUBPATTERN:
            alternatives = [_spelled(list(arg[-1]))]
        elif op is _sre_c.BRANCH:
            alternatives = [_spelled(list(b)) for b in arg[1]]
        else:
            return None
        if any(a is None for a in alternatives):
            return None
        words = {w + x for w in words for a in alternatives for x in a}  # type: ignore[union-attr]
        if len(words) > _MAX_PAIRS:
            return None
    return frozenset(w.lower() for w in words)


def _requirements(items: list, left_ok: bool, right_ok: bool, prefix: str = "",
                  prefix_left: bool = False) -> list[frozenset[Anchor]]:
    """Candidate anchor sets for a sequence of parse items (each one is required).

    ``left_ok``/``right_ok``: the sequence starts/ends at a word boundary, so a literal
    run touching that edge is a whole word. ``prefix``: literal text just before the
    sequence (the parser factors ``take|took`` into ``t(?:ake|ook)``). Two whole words
    with only non-word characters between them ("said for" in ``said\\s+for``, also
    from alternatives: ``(?:think|thinks)\\s+to``) also give a pair anchor set."""
    out: list[frozenset[Anchor]] = []
    run: list[str] = list(prefix)
    run_left = prefix_left if prefix else left_ok
    boundary = left_ok and not prefix  # is the current position a word start?
    # the last whole word (or its alternatives), while only non-word characters
    # (``gap``: some) followed it
    last_words: frozenset[str] | None = None
    gap = False

    def pair_with_last(words: frozenset[str]) -> None:
        if last_words and gap and len(last_words) * len(words) <= _MAX_PAIRS:
            out.append(frozenset(Anchor(f"{a} {b}", True, True) for a in sorted(last_words) for b in sorted(words)))

    def flush(right: bool) -> None:
        nonlocal last_words, gap
        if run:
            text = "".join(run).lower()
            whole = run_left and right
            out.append(frozenset([Anchor(text, whole, run_left)]))
            if whole:
                pair_with_last(frozenset([text]))
            last_words, gap = (frozenset([text]) if whole else None), False
            run.clear()

    for index, item in enumerate(items):
        item = _single_letter(item) or item
        op, arg = item
        following = items[index + 1] if index + 1 < len(items) else None
        right = _is_separator(following) if following is not None else right_ok
        if op is _sre_c.LITERAL:
            char = chr(arg)
            if _is_word_char(char):
                if not run:
                    run_left = boundary
                run.append(char)
                boundary = False
            else:
                flush(True)
                gap = True
                boundary = True
            continue
        if op is _sre_c.ASSERT:
            # a positive lookaround: its text must be there too (its own anchor sets, its
            # edges taken as mid-word); zero width, so a run across it stays contiguous
            out.extend(_requirements(list(arg[1]), False, False))
            continue
        if op is _sre_c.ASSERT_NOT:
            continue
        if op is _sre_c.AT:
            if _is_separator(item):
                flush(True)
                boundary = True
            continue
        if _is_separator(item):
            flush(True)
            if _consumes_non_word(item):
                gap = True
            else:
                last_words = None
            boundary = True
            continue
        # a group or alternatives spelling whole words: pairs with the words around it
        words = None
        if op is _sre_c.SUBPATTERN or op is _sre_c.BRANCH:
            words = _literal_words([item], "".join(run))
            if words is not None and (run_left if run else boundary) and right:
                pair_with_last(words)
            else:
                words = None
        if op is _sre_c.BRANCH and run:
            # a literal prefix factored out of the alternatives: glue it back on
            head, head_left = "".join(run), run_left
            flush(False)
            per_branch = [_best(_requirements(list(b), False, right, head, head_left)) for b in arg[1]]
            if per_branch and all(per_branch):
                out.append(frozenset().union(*per_branch))  # type: ignore[arg-type]
            boundary = False
            last_words, gap = words, False
            continue
        flush(False)
        if op is _sre_c.SUBPATTERN:
            out.extend(_requirements(list(arg[-1]), boundary, right))
        elif op is _sre_c.BRANCH:
            per_branch = [_best(_requirements(list(b), boundary, right)) for b in arg[1]]
            if per_branch and all(per_branch):
                out.append(frozenset().union(*per_branch))  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _high, body = arg
            if low >= 1:
                out.extend(_requirements(list(body), boundary, right and _high == 1))
        elif op is getattr(_sre_c, "ATOMIC_GROUP", None):
            out.extend(_requirements(list(arg), boundary, right))
        last_words, gap = words, False
        # IN, ANY, groups, repeats: what follows may continue a word, unless they end
        # with a separator
        boundary = _word_start_after(item, boundary)
    flush(right_ok)
    return out


# ---------------------------------------------------------------------------------------
# matching an article (shared by the CAL rules)
# ---------------------------------------------------------------------------------------
@dataclass
class PackHit:
    """Matches of one span by one or more entries (all languages merged)."""

    start: int
    end: int
    match_start: int
    match_end: int
    entries: list[Entry] = field(default_factory=list)
    rewrites: list[str] = field(default_factory=list)

    @property
    def primary(self) -> Entry:
        return self.entries[0]

    @property
    def confidence(self) -> float:
        return max(e.confidence for e in self.entries)

    @property
    def langs(self) -> list[str]:
        out: list[str] = []
        for e in self.entries:
            if e.lang not in out:
                out.append(e.lang)
        return out


_WORDS = re.compile(r"\w+")
#: fragments are looked up in a word by the three letters they start with
_FRAGMENT_KEY = 3
#: the per-word anchor cache is emptied when it grows past this many words
_WORD_CACHE_SIZE = 200_000


class PackMatcher:
    """Runs a set of entries over texts; an index from anchor strings to entries lets
    each text run only the regexes whose anchors occur in it.

    Every anchor test is a test of one word of the lower-cased text (the word itself, its
    start or a fragment inside it: an anchor made of word characters occurs in a text
    exactly when it occurs inside one of its ``\\w+`` words), so each distinct word is
    matched against the anchors once and the answer (a set of anchor ids) is cached for
    every later text; a pair of words is looked up among the text's consecutive words;
    anchors with other characters are searched in the text itself."""

    def __init__(self, entries: Iterable[Entry], index: dict | None = None):
        """``index``: `build_index` of the entries, when already known (`default_matcher`
        caches it on disk)."""
        self.entries = tuple(entries)
        if index is None:
            index = self.build_index(self.entries)
        self.always: list[int] = index["always"]
        self._first: dict[int, list[int]] = index["first"]  # anchor id -> entries gated by it
        self._rest: list[tuple[frozenset[int], ...]] = index["rest"]  # per entry: the other sets
        self._by_word: dict[str, int] = index["word"]
        self._by_pair: dict[tuple[str, ...], int] = index["pair"]  # two consecutive words
        self._by_prefix: dict[str, list[tuple[str, int]]] = index["prefix"]  # keyed by the first letters
        self._by_short_prefix: dict[str, int] = index["short_prefix"]  # word starts shorter than the key
        self._by_fragment: dict[str, list[tuple[str, int]]] = index["fragment"]  # keyed by the first letters
        self._in_text: list[tuple[str, int]] = index["in_text"]  # fragments not made of word characters
        self._pairs = set(self._by_pair)
        self._always = frozenset(self.always)
        self._first_ids = frozenset(self._first)
        self._word_anchors: dict[str, frozenset[int]] = {}
        self._has_hit = [("(?P<hit>" in e.match) for e in self.entries]
        self._broken: set[int] = set()

    @staticmethod
    def build_index(entries: tuple[Entry, ...]) -> dict:
        """The anchors of ``entries`` numbered by how each is tested (a word, a pair, a
        word start, else a fragment) and its text, and the tables that
        look them up (plain lists, dicts, tuples and frozensets: marshal can store them)."""
        ids: dict[tuple[str, str], int] = {}  # (test, text) -> anchor id
        known: dict[tuple[Anchor, ...], frozenset[int]] = {}  # entries of several languages share sets

        def set_ids(anchors: tuple[Anchor, ...]) -> frozenset[int]:
            found = known.get(anchors)
            if found is None:
                numbers = []
                for text, word, start in anchors:
                    key = ("word" if word else "prefix" if start and _WORDS.fullmatch(text) else "in", text)
                    ident = ids.get(key)
                    if ident is None:
                        ident = ids[key] = len(ids)
                    numbers.append(ident)
                found = known[anchors] = frozenset(numbers)
            return found

        always: list[int] = []
        first: dict[int, list[int]] = {}
        rest: list[tuple[frozenset[int], ...]] = []
        for i, entry in enumerate(entries):
            if not entry.anchors:
                always.append(i)
                rest.append(())
                continue
            for ident in sorted(set_ids(entry.anchors[0])):
                first.setdefault(ident, []).append(i)
            rest.append(tuple(set_ids(anchors) for anchors in entry.anchors[1:]))
        index: dict = {"always": always, "first": first, "rest": rest, "word": {}, "pair": {}, "prefix": {},
                       "short_prefix": {}, "fragment": {}, "in_text": []}
        for (test, text), ident in ids.items():
            if test == "word" and " " in text:
                index["pair"][tuple(text.split(" "))] = ident
            elif test == "word":
                index["word"][text] = ident
            elif test == "prefix" and len(text) >= _PREFIX_KEY:
                index["prefix"].setdefault(text[:_PREFIX_KEY], []).append((text, ident))
            elif test == "prefix":
                index["short_prefix"][text] = ident
            elif len(text) >= _FRAGMENT_KEY and _WORDS.fullmatch(text):
                index["fragment"].setdefault(text[:_FRAGMENT_KEY], []).append((text, ident))
            else:
                index["in_text"].append((text, ident))
        return index

    def _anchors_in_word(self, word: str) -> frozenset[int]:
        """Ids of the anchors that a lower-case word satisfies (cached)."""
        found = []
        ident = self._by_word.get(word)
        if ident is not None:
            found.append(ident)
        for prefix, ident in self._by_prefix.get(word[:_PREFIX_KEY], ()):
            if word.startswith(prefix):
                found.append(ident)
        short = self._by_short_prefix
        for size in range(1, min(_PREFIX_KEY, len(word) + 1)):
            ident = short.get(word[:size])
            if ident is not None:
                found.append(ident)
        by_fragment = self._by_fragment
        for at in range(len(word) - _FRAGMENT_KEY + 1):
            for fragment, ident in by_fragment.get(word[at : at + _FRAGMENT_KEY], ()):
                if word.startswith(fragment, at):
                    found.append(ident)
        cache = self._word_anchors
        if len(cache) >= _WORD_CACHE_SIZE:
            cache.clear()
        result = cache[word] = frozenset(found)
        return result

    def present_anchors(self, text: str) -> set[int]:
        """Ids of the anchors that occur in ``text``."""
        lowered = text.lower()
        words = _WORDS.findall(lowered)
        cache = self._word_anchors
        distinct = set(words)
        found = list(map(cache.get, distinct))
        if None in found:  # words never seen before
            learn = self._anchors_in_word
            found = [learn(word) if ids is None else ids for word, ids in zip(distinct, found)]
        present: set[int] = set().union(*found)
        if self._pairs:
            present.update(map(self._by_pair.__getitem__, self._pairs.intersection(zip(words, words[1:]))))
        for fragment, ident in self._in_text:
            if fragment in lowered:
                present.add(ident)
        return present

    def candidates(self, text: str) -> list[int]:
        """Indexes of the entries whose anchors occur in ``text`` (in pack order): one
        anchor of the first set (rarest) picks an entry, one of each other set keeps it."""
        present = self.present_anchors(text)
        first = self._first
        chosen = self._always.union(*[first[ident] for ident in present & self._first_ids])
        rest = self._rest
        out = []
        for i in sorted(chosen):
            for anchors in rest[i]:
                if present.isdisjoint(anchors):
                    break
            else:
                out.append(i)
        return out

    def match(self, text: str, sentence_starts: list[int] | None = None,
              sentence_ends: list[int] | None = None,
              blocks: Iterable[tuple[int, int]] | None = None) -> list[PackHit]:
        """Every entry match in ``text``, merged by span, overlaps resolved.

        Matches never cross ``blocks`` (paragraphs; default: the whole text), and each
        block runs only the entries whose anchors it holds. ``unless`` is tested within
        the sentence that holds the match (the whole text without sentence bounds)."""
        by_span: dict[tuple[int, int], PackHit] = {}
        blocks = [(0, len(text))] if blocks is None else list(blocks)
        # the matches of a pattern in a block, shared by the entries of several languages
        # that carry the same English pattern (each still tests its own ``unless``)
        found: dict[str, list] = {}
        for block_start, block_end in blocks:
            found.clear()
            for i in self.candidates(text[block_start:block_end]):
                self._run(i, text, block_start, block_end, sentence_starts, sentence_ends, by_span, found)
        hits = sorted(by_span.values(), key=lambda h: (h.start, -(h.end - h.start)))
        for hit in hits:
            hit.entries.sort(key=lambda e: -e.confidence)  # stable: language order among equals
        return _drop_contained(hits)

    def _run(self, i: int, text: str, pos: int, endpos: int, sentence_starts: list[int] | None,
             sentence_ends: list[int] | None, by_span: dict[tuple[int, int], PackHit],
             found: dict[str, list] | None = None) -> None:
        if i in self._broken:
            return
        entry = self.entries[i]
        has_hit = self._has_hit[i]
        try:
            pattern, unless = entry.pattern, entry.unless
        except regex.error as exc:  # a bad pack regex disables its entry, not the rule
            self._broken.add(i)
            PACK_ERRORS.append(f"{entry.lang}/calques.toml: {entry.id}: bad regex: {exc}")
            warnings.warn(f"skipping calque entry {entry.id}: bad regex: {exc}", stacklevel=2)
            return
        if found is None:
            matches = pattern.finditer(text, pos, endpos)
        else:
            matches = found.get(entry.match)
            if matches is None:
                matches = found[entry.match] = list(pattern.finditer(text, pos, endpos))
        for m in matches:
            start, end = m.span("hit") if has_hit else m.span()
            if start < 0:
                start, end = m.span()
            if end <= start:
                continue
            if unless is not None:
                lo, hi = _sentence_bounds(start, len(text), sentence_starts, sentence_ends)
                lo, hi = min(lo, m.start()), max(hi, m.end())
                if unless.search(text, lo, hi):
                    continue
            hit = by_span.get((start, end))
            if hit is None:
                hit = by_span[(start, end)] = PackHit(start, end, m.start(), m.end())
            hit.entries.append(entry)
            hit.match_start, hit.match_end = min(hit.match_start, m.start()), max(hit.match_end, m.end())
            if entry.rewrite:
                hit.rewrites.append(m.expand(entry.rewrite) if "\\g<" in entry.rewrite else entry.rewrite)


def match_entries(text: str, entries: Iterable[Entry], sentence_starts: list[int] | None = None,
                  sentence_ends: list[int] | None = None) -> list[PackHit]:
    """`PackMatcher.match` for a one-off set of entries."""
    return PackMatcher(entries).match(text, sentence_starts, sentence_ends)


#: bump when `PackMatcher.build_index` changes: the on-disk copy is keyed by it
INDEX_VERSION = 2


@lru_cache(maxsize=1)
def default_matcher() -> PackMatcher:
    """The matcher over every entry of every pack (built once per process), its index
    cached on disk: it follows from the entries' patterns in order (their anchors are
    `anchors_of` them), keyed with everything the anchors are keyed by."""
    import hashlib

    entries = load_entries()
    parts = [f"{INDEX_VERSION} {ANCHORS_VERSION} {_PREFIX_KEY} {_FRAGMENT_KEY}", lexicon.dist_version("wordfreq"),
             *(e.match for e in entries)]
    key = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]
    index = lexicon.cached_table(f"calque-index-{key}", lambda: PackMatcher.build_index(entries))
    return PackMatcher(entries, index)


def _drop_contained(hits: list[PackHit]) -> list[PackHit]:
    """Drop a hit lying inside a longer hit that is at least as confident.

    ``hits`` are sorted by start (longest first); only kept hits that end after the
    current start can contain it, so those alone are compared (linear in the number of
    hits for any text, not quadratic)."""
    kept: list[PackHit] = []
    active: list[PackHit] = []  # kept hits that may still contain a later one
    for hit in hits:
        active = [k for k in active if k.end > hit.start]
        if any(k.start <= hit.start and hit.end <= k.end and k.confidence >= hit.confidence for k in active):
            continue
        kept.append(hit)
        active.append(hit)
    return kept


def _sentence_bounds(offset: int, length: int, starts: list[int] | None, ends: list[int] | None) -> tuple[int, int]:
    if not starts or ends is None:
        return 0, length
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return 0, starts[0]
    return starts[i], max(ends[i], offset)


_cache: tuple[Article | None, str, list[PackHit]] = (None, "", [])


def article_hits(article: Article) -> list[PackHit]:
    """Pack hits of ``article``, computed once and shared by the CAL rules."""
    global _cache
    cached_article, cached_text, hits = _cache
    if cached_article is article and cached_text is article.text:
        return hits
    sentences = article.sentences
    hits = default_matcher().match(
        article.text,
        [s.start for s in sentences],
        [s.end for s in sentences],
        [(p.start, p.end) for p in article.paragraphs],
    )
    _cache = (article, article.text, hits)
    return hits


# ---------------------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------------------
def _lang_list(hit: PackHit) -> str:
    parts = []
    for lang in hit.langs:
        sources = [e.source for e in hit.entries if e.lang == lang and e.source]
        name = LANGUAGE_NAMES.get(lang, lang.upper())
        parts.append(f"{name} '{sources[0]}'" if sources else name)
    return ", ".join(parts)


def direct_swap(hit_text: str, content: str) -> bool:
    """True when ``content`` can replace ``hit_text`` word for word without breaking the
    sentence: one word for one word with the same ending (-s, -ed, -ing), or the same
    number of words with the same head ("depends from" -> "depends on"). "made a
    question" -> "ask a question" is not (the tense would be lost)."""
    hit_words, new_words = hit_text.split(), content.split()
    if len(hit_words) == 1 and len(new_words) == 1:
        return _ending(hit_words[0]) == _ending(new_words[0])
    return len(hit_words) == len(new_words) <= 3 and hit_words[0].lower() == new_words[0].lower()


def _ending(word: str) -> str:
    word = word.lower()
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and not word.endswith("ss"):
            return suffix
    return ""


def _adapt_case(content: str, hit_text: str, at_sentence_start: bool) -> str:
    if at_sentence_start and hit_text[:1].isupper() and content[:1].islower():
        return content[:1].upper() + content[1:]
    return content


class _PackRule(Rule):
    """Shared logic of the pack-driven CAL rules (not registered itself)."""

    family = "calque"
    fixable = "unsafe"

    # no warm_up: compiling every pack regex up front (~1 s) costs more than the workers
    # compiling, each on its own, the few hundred that their articles need

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        hits = article_hits(article)
        if not hits:
            return
        starts = [s.start for s in article.sentences]
        text = article.text
        for hit in hits:
            if hit.primary.code != self.code:
                continue
            yield self._finding(article, text, hit, starts)

    def _finding(self, article: Article, text: str, hit: PackHit, starts: list[int]) -> Finding:
        entry = hit.primary
        hit_text = text[hit.start : hit.end]
        i = bisect.bisect_right(starts, hit.start) - 1
        sentence_start = starts[i] if i >= 0 else 0
        at_start = not any(c.isalnum() for c in text[sentence_start : hit.start])
        replacements: list[Replacement] = []
        seen: set[str] = set()
        swappable = entry.kind not in ("idiom", "garbled-idiom")
        for e in hit.entries:
            for content in e.replacements:
                content = _adapt_case(content, hit_text, at_start)
                if content in seen or content == hit_text:
                    continue
                seen.add(content)
                unsafe = (
                    not replacements
                    and swappable
                    and hit.confidence >= UNSAFE_CONFIDENCE
                    and direct_swap(hit_text, content)
                )
                replacements.append(
                    Replacement(
                        hit.start,
                        hit.end,
                        content,
                        Applicability.UNSAFE if unsafe else Applicability.DISPLAY,
                        f"{LANGUAGE_NAMES.get(e.lang, e.lang.upper())} '{e.source}'",
                    )
                )
        for rewrite in hit.rewrites:
            rewrite = _adapt_case(rewrite, text[hit.match_start : hit.match_end], at_start and hit.match_start == hit.start)
            if rewrite not in seen:
                seen.add(rewrite)
                replacements.append(
                    Replacement(hit.match_start, hit.match_end, rewrite, Applicability.DISPLAY, "rewrite")
                )
        suggestion = entry.replacements[0] if entry.replacements else (hit.rewrites[0] if hit.rewrites else "")
        message = self.message(hit_text, _lang_list(hit), suggestion)
        confidence = hit.confidence
        return self.finding(
            article,
            hit.start,
            hit.end,
            message,
            replacements=replacements,
            confidence=confidence,
            severity=Severity.WARNING if confidence >= WARNING_CONFIDENCE else Severity.INFO,
            source_lang=",".join(hit.langs),
            evidence={"entries": [e.id for e in hit.entries], "why": entry.why},
        )

    def message(self, hit_text: str, sources: str, suggestion: str) -> str:
        raise NotImplementedError


@register
class FalseFriend(_PackRule):
    """A false friend: an English word used with the meaning of a look-alike source word.

    What it does:
        Flags English words used in a sense they have only in the source language, in a
        context that betrays it ("one of the two Villages" for Italian *Paesi*, countries;
        "John Kirby defined the pact as" for *definire*, called; "actually" for
        *attualmente*, currently). Entries come from the calque packs
        (``auditor/packs/<lang>/calques.toml``, ``kind = "false-friend"``).

    Why it matters:
        False friends read fluently and change the meaning; they are the artifact readers
        notice least and misread most.

    Example:
        ``the pact of assistance in case of aggression against one of the two Villages``
        -> ``... one of the two countries``.

    Fix safety:
        The pack's first replacement is ``unsafe`` when the entry's confidence is at least
        0.8 and it is a direct swap (one word for one word with the same ending, or the
        same head word: see `direct_swap`); other suggestions are ``display`` only.
    """

    code = "CAL001"
    name = "false-friend"

    def message(self, hit_text: str, sources: str, suggestion: str) -> str:
        tail = f" ({suggestion})" if suggestion else ""
        return f"'{hit_text}' may render {sources}{tail}"


@register
class Calque(_PackRule):
    """A calque: a source-language collocation or construction translated word for word.

    What it does:
        Flags word combinations that are normal in the source language and odd in
        English ("the warning was launched" for Italian *lanciare un avvertimento*,
        "constitutional coverage" for *copertura costituzionale*). Pack entries with
        ``kind = "calque"`` or ``"collocation"``.

    Why it matters:
        Each calque is understandable, but together they make a text read as translated
        and sometimes shift the meaning.

    Example:
        ``The warning was launched by Vladimir Putin`` -> ``The warning was issued by ...``.

    Fix safety:
        ``unsafe`` for confident single-word swaps, otherwise ``display``.
    """

    code = "CAL002"
    name = "calque"

    def message(self, hit_text: str, sources: str, suggestion: str) -> str:
        tail = f"; English usually says '{suggestion}'" if suggestion else ""
        return f"'{hit_text}' looks like a word-for-word rendering of {sources}{tail}"


@register
class LiteralIdiom(_PackRule):
    """A source-language idiom translated word for word.

    What it does:
        Flags idioms rendered literally ("it costs an eye of the head", "put the cart
        before the oxen", "has hair on the teeth"). Pack entries with ``kind = "idiom"``.

    Why it matters:
        A literal idiom is either nonsense or comic in English; readers lose the meaning.

    Example:
        ``The new stadium cost an eye of the head`` -> ``... cost an arm and a leg``.

    Fix safety:
        Idioms need a rewrite, so suggestions are ``display`` only.
    """

    code = "CAL003"
    name = "literal-idiom"
    fixable = "display"

    def message(self, hit_text: str, sources: str, suggestion: str) -> str:
        tail = f"; English says '{suggestion}'" if suggestion else ""
        return f"'{hit_text}' renders the idiom {sources} word for word{tail}"


@register
class GarbledIdiom(_PackRule):
    """A source-language idiom mangled by the translation (wrong words and word order).

    What it does:
        Flags broken renderings of source idioms, e.g. "he put it guard Putin" for Italian
        *ha messo in guardia Putin* (Putin warned). Pack entries with
        ``kind = "garbled-idiom"``.

    Why it matters:
        The sentence no longer parses; the reader cannot recover the meaning.

    Example:
        ``A decision that would be a mistake, he put it guard Putin.`` -> ``..., Putin
        warned.``

    Fix safety:
        The rewrite usually reorders the sentence, so it is ``display`` only.
    """

    code = "CAL004"
    name = "garbled-idiom"
    fixable = "display"

    def message(self, hit_text: str, sources: str, suggestion: str) -> str:
        tail = f"; meaning '{suggestion}'" if suggestion else ""
        return f"'{hit_text}' looks like a garbled rendering of {sources}{tail}"


@register
class PrepositionCalque(_PackRule):
    """A preposition carried over from the source language.

    What it does:
        Flags an English verb, noun or adjective followed by the preposition its source
        equivalent takes ("depends of" for *dipende da* / *depende de*, "assisted at" for
        *assistere a*, "married with" for *sposato con*). Pack entries with
        ``kind = "preposition"``.

    Why it matters:
        Wrong prepositions are among the most frequent and most visible MT errors.

    Example:
        ``The outcome depends of the vote`` -> ``The outcome depends on the vote``.

    Fix safety:
        ``unsafe`` for confident swaps of the preposition, otherwise ``display``.
    """

    code = "CAL005"
    name = "preposition-calque"

    def message(self, hit_text: str, sources: str, suggestion: str) -> str:
        tail = f"; English uses '{suggestion}'" if suggestion else ""
        return f"'{hit_text}' carries over the construction of {sources}{tail}"


# ---------------------------------------------------------------------------------------
# capitalised common nouns (pack-independent)
# ---------------------------------------------------------------------------------------
_QUANTIFIERS = (
    "both|all|other|these|those|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    "several|many|various|numerous|neighbouring|neighboring|remaining|respective|some|"
    "different|individual|most|our|their"
)
_NUMBERS = "two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|\\d+"
_CAPITALISED_WORD = regex.compile(
    r"(?<=\s)(?P<hit>[A-Z][a-z]{2,}s)\b"
    r"(?![-’'&]|\s+(?:[A-Z0-9]|(?:of|for|and|&|de|del|du|des|von|der)\s+(?:the\s+)?[A-Z]))"
)


@lru_cache(maxsize=1)
def _preceding() -> "regex.Pattern[str]":
    """The numeral or quantifier that must come right before the word (compiled on first
    use: most articles have no candidate word, and it costs milliseconds to compile)."""
    return regex.compile(
        rf"(?<![\w’'-])(?P<pre>(?i:{_QUANTIFIERS}|the\s+(?:{_NUMBERS}|other|remaining|respective|various))"
        rf"(?:\s+(?:{_NUMBERS}))?)\s+$"
    )


# nationalities, religions, parties, teams and other plurals that English capitalises
_DEMONYM_SUFFIXES = ("ans", "ians", "eses", "ese", "is", "ites", "ists")
_PROPER_PLURALS = frozenset(
    """americas andes alps balkans caucasus maldives netherlands philippines bahamas emirates
    falklands highlands midlands rockies himalayas pyrenees carpathians appalachians urals
    christmas easter texas kansas arkansas illinois paris athens swiss jews turks poles danes
    czechs slovaks swedes finns scots brits arabs kurds serbs croats greeks thais uzbeks
    kazakhs tatars tamils sikhs hindus muslims christians catholics protestants mormons
    baptists sunnis shias shiites druze democrats republicans tories liberals conservatives
    socialists communists greens whigs nazis soviets bolsheviks allies olympics paralympics
    games oscars emmys grammys baftas beatles stones scouts guides patriots giants bills
    jets eagles bears lions tigers kings warriors lakers celtics clippers bulls heat rangers
    saints chiefs raiders packers steelers cowboys dolphins broncos ravens titans colts
    browns bengals texans jaguars vikings cardinals rams seahawks falcons panthers
    buccaneers chargers commanders yankees mets dodgers cubs astros braves orioles reds
    pirates padres mariners royals twins brewers nationals marlins rockies athletics
    spurs gunners hammers magpies wolves blues reds foxes toffees canaries hornets villans
    mavericks nuggets suns pistons pacers knicks nets hawks hornets grizzlies pelicans
    timberwolves thunder blazers kings rockets wizards bucks cavaliers raptors sixers
    commandments gospels psalms proverbs apostles mercedes jesus moses james charles
    marks wales hopkins adams williams jones roberts edwards simmons reynolds
    communions sacraments tests ashes houses chambers members orders gods""".split()
)
#: plural nouns that Romance and German MT typically capitalises (institutions, places)
_INSTITUTION_NOUNS = frozenset(
    """countries states nations villages towns cities regions provinces municipalities
    councils ministries ministers governments parliaments parties institutions authorities
    administrations presidents leaders courts judges prosecutors forces armies companies
    agencies unions associations federations communities peoples territories islands
    capitals borders churches schools universities hospitals banks embassies consulates
    deputies senators partners powers superpowers republics kingdoms districts
    departments prefectures counties cantons communes mayors governors magistrates
    chambers assemblies commissions committees offices ambassadors allies neighbours
    neighbors continents populations citizens""".split()
)
_PLURAL_ZIPF = 4.0  # "a very common noun": the lower-case plural at least this frequent ...
_STOP_ZIPF = 3.4  # ... and its singular at least this frequent


@lru_cache(maxsize=4096)
def _common_plural_noun(word: str) -> float:
    """0 when ``word`` (capitalised) is not a common plural noun, else a confidence."""
    lower = word.lower()
    if lower in _PROPER_PLURALS:
        return 0.0
    if lower in _INSTITUTION_NOUNS:
        return 0.6
    if lower.endswith(_DEMONYM_SUFFIXES):
        return 0.0
    if lexicon.zipf(lower) < _PLURAL_ZIPF:
        return 0.0
    if lower.endswith("ies"):
        singulars = [lower[:-3] + "y"]
    elif lower.endswith("es"):
        singulars = [lower[:-1], lower[:-2]]
    else:
        singulars = [lower[:-1]]
    if max(lexicon.zipf(s) for s in singulars) < _STOP_ZIPF:
        return 0.0
    return 0.45


def _title_like(text: str, start: int, end: int) -> bool:
    """True when the words around ``start..end`` are mostly capitalised (a title or name)."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    window = text[max(left, start - 60) : min(right, end + 60)]
    words = [w for w in _WORD.findall(window) if len(w) > 3]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 4 and capitalised * 2 >= len(words)


_WORD = regex.compile(r"[^\W\d_]+")


@register
class CapitalisedCommonNoun(Rule):
    """A common noun capitalised in the middle of a sentence.

    What it does:
        Flags a capitalised plural common noun after a numeral or quantifier in running
        text ("one of the two Villages", "the two States consider", "both Regions"). A
        word qualifies when its lower-case form and its singular are frequent English
        words (wordfreq) and it is not a nationality, religion, party, team or place
        (a stop list plus suffixes such as ``-ians``); multi-word names ("the two Houses
        of Parliament", "Member States") and title-case lines are left alone. No pack is
        needed: the capital itself is the evidence (Italian *Paesi*, *Stati*, *Regioni*;
        German capitalises every noun). Where a pack entry already flags the span, this
        rule stays silent.

    Why it matters:
        MT copies the source's capitals (institutional capitals in Italian and Spanish
        journalism, all nouns in German); in English they read as names.

    Example:
        ``the unilateral sanctions that the two States consider illegal`` -> ``... the
        two states consider illegal``.

    Fix safety:
        Lower-casing is a judgement (the word may be a name): ``unsafe`` when the same
        word also appears in lower case in the article, otherwise ``display``.
    """

    code = "CAL006"
    name = "capitalised-common-noun"
    family = "calque"
    severity = Severity.INFO
    fixable = "unsafe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        title = article.title_span
        covered: _Overlaps | None = None
        runs: _LowerSeen | None = None
        for w in _CAPITALISED_WORD.finditer(text):
            start, end = w.span("hit")
            word = w.group("hit")
            confidence = _common_plural_noun(word)
            if not confidence:
                continue
            window = max(0, start - 40)
            m = _preceding().search(text, window, start)
            if m is None:
                continue
            if title is not None and title.start <= start < title.end:
                continue
            before = m.group("pre").split()[-1]
            if before[0].isupper() or (m.start() > 0 and text[m.start() - 1] in "\"“‘'«"):
                continue  # "the All Blacks", "The Seven Sisters", a quoted name
            if _title_like(text, start, end):
                continue
            if covered is None:
                covered = _Overlaps([(h.start, h.end) for h in article_hits(article)])
            if covered.any(start, end):
                continue
            lower = word.lower()
            if runs is None:
                runs = _LowerSeen(text)
            seen_lower = runs.seen(lower)
            if seen_lower:
                confidence += 0.1
            yield self.finding(
                article,
                start,
                end,
                f"'{word}' is capitalised mid-sentence; a common noun ('{lower}') reads as a name "
                "(the source language's capitals carried over?)",
                replacements=[
                    Replacement(
                        start,
                        end,
                        lower,
                        Applicability.UNSAFE if seen_lower else Applicability.DISPLAY,
                        f"lower-case '{word}'",
                    )
                ],
                confidence=confidence,
                evidence={"after": m.group("pre"), "lower_case_elsewhere": seen_lower},
            )


class _Overlaps:
    """Whether a span overlaps any of a set of spans, by bisection (a linear scan per
    candidate was quadratic on a long article)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []  # the largest end among the first i + 1 spans
        for _, e in spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def any(self, start: int, end: int) -> bool:
        """True if some span ``(s, e)`` has ``s < end and start < e``."""
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.max_end[i - 1] > start


class _LowerSeen:
    """Whether a word occurs in a text on its own (``(?<![\\w-])word(?![\\w-])``): the
    text's runs of word characters and hyphens are collected once, so each word is a set
    lookup instead of a search of the whole text."""

    _RUN = regex.compile(r"[\w-]+")

    def __init__(self, text: str):
        self.text = text
        self.runs: set[str] | None = None
        self.other: dict[str, bool] = {}

    def seen(self, word: str) -> bool:
        if self._RUN.fullmatch(word):
            if self.runs is None:
                self.runs = set(self._RUN.findall(self.text))
            return word in self.runs
        if word not in self.other:  # an apostrophe or the like: search, once per word
            pattern = rf"(?<![\w-]){regex.escape(word)}(?![\w-])"
            self.other[word] = regex.search(pattern, self.text) is not None
        return self.other[word]
