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

Speed: every entry is compiled once. Each entry gets an *anchor*, a set of literal strings
one of which any match must contain (derived from the pattern's syntax tree); an entry's
regex runs only when one of its anchors occurs in the lower-cased article. All pack
matches of an article are computed once and shared by the CAL rules.
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

import regex

from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.packs import load_pack, source_languages
from auditor.rules.base import Rule, RuleContext, register

try:  # the stdlib parser is only used to derive anchors; its absence only costs speed
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re import _constants as _sre_c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

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
}
#: at or above this confidence a direct word swap is offered as an ``unsafe`` fix
UNSAFE_CONFIDENCE = 0.8
#: below this confidence a pack finding is reported as ``info`` instead of ``warning``
WARNING_CONFIDENCE = 0.7
_MIN_ANCHOR = 3


# ---------------------------------------------------------------------------------------
# pack entries
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One compiled pack entry (see ``auditor/packs/README.md`` for the fields)."""

    id: str
    lang: str
    kind: str
    pattern: "regex.Pattern[str]"
    unless: "regex.Pattern[str] | None"
    source: str
    replacements: tuple[str, ...]
    rewrite: str
    confidence: float
    why: str
    example: str
    clean: str
    #: lower-case strings one of which every match contains; empty = always run
    anchors: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return KIND_CODE[self.kind]

    def fires(self, text: str) -> bool:
        """True if the entry matches ``text`` outside its ``unless`` context (pack tests)."""
        return bool(match_entries(text, [self]))


def example_text(example: str) -> str:
    """The MT side of an entry's ``example`` (``"MT text -> corrected text"``)."""
    return example.split(" -> ", 1)[0]


def compile_entry(lang: str, raw: dict) -> Entry:
    """Validate and compile one raw pack entry; raises ValueError naming the problem."""
    ident = str(raw.get("id", "")).strip()
    if not ident:
        raise ValueError("entry without an id")
    kind = raw.get("kind", "")
    if kind not in KINDS:
        raise ValueError(f"{ident}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    try:
        pattern = regex.compile(raw["match"])
        unless = regex.compile(raw["unless"]) if raw.get("unless") else None
    except KeyError:
        raise ValueError(f"{ident}: missing 'match'") from None
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
        pattern=pattern,
        unless=unless,
        source=str(raw.get("source", "")),
        replacements=tuple(str(r) for r in replacements),
        rewrite=str(raw.get("rewrite", "") or ""),
        confidence=confidence,
        why=str(raw.get("why", "")),
        example=str(raw.get("example", "")),
        clean=str(raw.get("clean", "") or ""),
        anchors=anchors_of(raw["match"]),
    )


#: problems found while loading packs (bad entries are skipped, not fatal)
PACK_ERRORS: list[str] = []


@lru_cache(maxsize=1)
def load_entries() -> tuple[Entry, ...]:
    """Every valid calque entry of every source-language pack, in language order."""
    entries: list[Entry] = []
    seen: set[str] = set()
    for lang in source_languages():
        pack = load_pack(lang, "calques")
        if not pack:
            continue
        for raw in pack.get("entry", []):
            try:
                entry = compile_entry(lang, raw)
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


# ---------------------------------------------------------------------------------------
# anchors: literal strings a match must contain
# ---------------------------------------------------------------------------------------
_INLINE_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


def anchors_of(pattern: str) -> tuple[str, ...]:
    """Lower-case strings one of which every match of ``pattern`` contains.

    Walks the stdlib parse tree of the pattern (syntax it does not know, such as the
    ``regex`` module's ``\\p{..}``, just means no anchor: the entry always runs)."""
    try:
        tree = _sre_parse.parse(pattern)
    except Exception:
        return ()
    best = _best(_requirements(list(tree)))
    return tuple(sorted(best)) if best else ()


def _score(alternatives: frozenset[str]) -> float:
    return min(len(a) for a in alternatives) - 0.5 * (len(alternatives) - 1)


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    good = [c for c in candidates if c and min(len(a) for a in c) >= _MIN_ANCHOR]
    return max(good, key=_score) if good else None


def _requirements(items: list) -> list[frozenset[str]]:
    """Candidate anchor sets for a sequence of parse items (each one is required)."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(frozenset(["".join(run).lower()]))
            run.clear()

    for op, arg in items:
        if op is _sre_c.LITERAL:
            run.append(chr(arg))
            continue
        if op is _sre_c.AT:
            continue  # \b, ^, $: zero width; a literal run across them stays contiguous
        flush()
        if op is _sre_c.SUBPATTERN:
            out.extend(_requirements(list(arg[-1])))
        elif op is _sre_c.BRANCH:
            per_branch = [_best(_requirements(list(b))) for b in arg[1]]
            if all(per_branch):
                out.append(frozenset().union(*per_branch))  # type: ignore[arg-type]
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)):
            low, _high, body = arg
            if low >= 1:
                out.extend(_requirements(list(body)))
        elif op is getattr(_sre_c, "ATOMIC_GROUP", None):
            out.extend(_requirements(list(arg)))
        # IN, ANY, ASSERT, ASSERT_NOT, GROUPREF, ...: nothing required from them
    flush()
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


def match_entries(text: str, entries: Iterable[Entry], sentence_starts: list[int] | None = None,
                  sentence_ends: list[int] | None = None) -> list[PackHit]:
    """Every entry match in ``text``, merged by span, overlaps resolved.

    ``unless`` is tested within the sentence that holds the match (the whole text when no
    sentence bounds are given)."""
    lowered = text.lower()
    by_span: dict[tuple[int, int], PackHit] = {}
    for entry in entries:
        if entry.anchors and not any(a in lowered for a in entry.anchors):
            continue
        for m in entry.pattern.finditer(text):
            try:
                start, end = m.span("hit")
            except (IndexError, regex.error):
                start, end = m.span()
            if start < 0:
                start, end = m.span()
            if end <= start:
                continue
            if entry.unless is not None:
                lo, hi = _sentence_bounds(start, len(text), sentence_starts, sentence_ends)
                lo, hi = min(lo, m.start()), max(hi, m.end())
                if entry.unless.search(text, lo, hi):
                    continue
            hit = by_span.get((start, end))
            if hit is None:
                hit = by_span[(start, end)] = PackHit(start, end, m.start(), m.end())
            hit.entries.append(entry)
            hit.match_start, hit.match_end = min(hit.match_start, m.start()), max(hit.match_end, m.end())
            if entry.rewrite:
                hit.rewrites.append(m.expand(entry.rewrite) if "\\g<" in entry.rewrite else entry.rewrite)
    hits = sorted(by_span.values(), key=lambda h: (h.start, -(h.end - h.start)))
    for hit in hits:
        hit.entries.sort(key=lambda e: -e.confidence)  # stable: language order among equals
    return _drop_contained(hits)


def _drop_contained(hits: list[PackHit]) -> list[PackHit]:
    """Drop a hit lying inside a longer hit that is at least as confident."""
    kept: list[PackHit] = []
    for hit in hits:
        if any(k.start <= hit.start and hit.end <= k.end and k.confidence >= hit.confidence for k in kept):
            continue
        kept.append(hit)
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
    hits = match_entries(article.text, load_entries(), [s.start for s in sentences], [s.end for s in sentences])
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


def _adapt_case(content: str, hit_text: str, at_sentence_start: bool) -> str:
    if at_sentence_start and hit_text[:1].isupper() and content[:1].islower():
        return content[:1].upper() + content[1:]
    return content


class _PackRule(Rule):
    """Shared logic of the pack-driven CAL rules (not registered itself)."""

    family = "calque"
    fixable = "unsafe"

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
        direct = entry.kind not in ("idiom", "garbled-idiom") and len(hit_text.split()) <= 3
        for e in hit.entries:
            for content in e.replacements:
                content = _adapt_case(content, hit_text, at_start)
                if content in seen or content == hit_text:
                    continue
                seen.add(content)
                unsafe = not replacements and direct and hit.confidence >= UNSAFE_CONFIDENCE and len(content.split()) <= 4
                replacements.append(
                    Replacement(
                        hit.start,
                        hit.end,
                        content,
                        Applicability.UNSAFE if unsafe else Applicability.DISPLAY,
                        f"replace with '{content}'",
                    )
                )
        for rewrite in hit.rewrites:
            rewrite = _adapt_case(rewrite, text[hit.match_start : hit.match_end], at_start and hit.match_start == hit.start)
            if rewrite not in seen:
                seen.add(rewrite)
                replacements.append(
                    Replacement(hit.match_start, hit.match_end, rewrite, Applicability.DISPLAY, f"rewrite as '{rewrite}'")
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
        0.8 and the fix swaps a word or two; other suggestions are ``display`` only.
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
_CAPITALISED_PLURAL = regex.compile(
    rf"(?<![\w’'-])(?P<pre>(?i:{_QUANTIFIERS}|the\s+(?:{_NUMBERS}|other|remaining|respective|various))"
    rf"(?:\s+(?:{_NUMBERS}))?)\s+(?P<hit>[A-Z][a-z]{{2,}}s)\b"
    r"(?![-’'&]|\s+(?:[A-Z0-9]|(?:of|for|and|&|de|del|du|des|von|der)\s+(?:the\s+)?[A-Z]))"
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
    communions sacraments""".split()
)
#: plural nouns that Romance and German MT typically capitalises (institutions, places)
_INSTITUTION_NOUNS = frozenset(
    """countries states nations villages towns cities regions provinces municipalities
    councils ministries ministers governments parliaments parties institutions authorities
    administrations presidents leaders courts judges prosecutors forces armies companies
    agencies unions associations federations communities peoples territories islands
    capitals borders churches schools universities hospitals banks embassies consulates
    deputies senators members partners powers superpowers republics kingdoms districts
    departments prefectures counties cantons communes mayors governors magistrates
    chambers assemblies commissions committees offices ambassadors allies neighbours
    neighbors continents populations citizens""".split()
)
_STOP_ZIPF = 3.4  # "a very common noun": lower-case form and singular at least this frequent


@lru_cache(maxsize=4096)
def _common_plural_noun(word: str) -> float:
    """0 when ``word`` (capitalised) is not a common plural noun, else a confidence."""
    from wordfreq import zipf_frequency

    lower = word.lower()
    if lower in _PROPER_PLURALS:
        return 0.0
    if lower in _INSTITUTION_NOUNS:
        return 0.6
    if lower.endswith(_DEMONYM_SUFFIXES):
        return 0.0
    if zipf_frequency(lower, "en") < _STOP_ZIPF:
        return 0.0
    if lower.endswith("ies"):
        singulars = [lower[:-3] + "y"]
    elif lower.endswith("es"):
        singulars = [lower[:-1], lower[:-2]]
    else:
        singulars = [lower[:-1]]
    if max(zipf_frequency(s, "en") for s in singulars) < _STOP_ZIPF:
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
        covered: list[tuple[int, int]] | None = None
        for m in _CAPITALISED_PLURAL.finditer(text):
            start, end = m.span("hit")
            word = m.group("hit")
            confidence = _common_plural_noun(word)
            if not confidence:
                continue
            if title is not None and title.start <= start < title.end:
                continue
            before = m.group("pre").split()[-1]
            if before[0].isupper() or (m.start() > 0 and text[m.start() - 1] in "\"“‘'«"):
                continue  # "the All Blacks", "The Seven Sisters", a quoted name
            if _title_like(text, start, end):
                continue
            if covered is None:
                covered = [(h.start, h.end) for h in article_hits(article)]
            if any(s < end and start < e for s, e in covered):
                continue
            lower = word.lower()
            seen_lower = regex.search(rf"(?<![\w-]){regex.escape(lower)}(?![\w-])", text) is not None
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
