"""Per-language word lists of the source-aware checks, read from
``auditor/packs/<lang>/source_check.toml`` and compiled once per language."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from auditor.packs import load_pack

TARGET_LANG = "en"


@dataclass(frozen=True)
class Lexicon:
    lang: str
    number_words: dict[str, int]
    scales: dict[str, int]
    percent_words: tuple[str, ...]
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    negation_cues: frozenset[str]
    negation_phrases: tuple[str, ...]
    ne_particles: frozenset[str]
    ne_second: frozenset[str]
    particle_alone: bool
    negation_exclude: "regex.Pattern[str] | None"
    negation_prefix: str  # a negative prefix of verbs and adjectives (Czech "ne-"), or ""
    char_cues: tuple[str, ...]  # negation found by character sequence (Chinese, Japanese), longest first
    char_exclude: tuple[str, ...]  # words containing a char cue that negate nothing
    # the pack's ``reliability`` of its negation cues: "exact" (SRC004 reports an error),
    # "approximate" (a clear mismatch is a warning, any other info), "hint" (always info)
    negation_reliability: str
    prefix_exclude: tuple[str, ...]  # word beginnings with the prefix that are not negations
    words_re: "regex.Pattern[str]"  # spelled numbers, months and scale words as whole words
    abbreviations: frozenset[str] = frozenset()  # folded, without the final period ("bzw", "z.b")
    soft_prefix: str = ""  # a negative prefix whose words may render English "not" ("нелегко")
    soft_exclude: tuple[str, ...] = ()  # word beginnings with the soft prefix that negate nothing ("unter")
    floor_words: frozenset[str] = frozenset()  # words for a storey ("Stock", "patro"): its number counts two ways
    floor_shift: int = 0  # how the count differs from the American one (German "erster Stock" = US "second floor": 1)
    soft_suffixes: tuple[str, ...] = ()  # negative endings of words that English may render "without", "no" ("kostenlos")
    # from ``source_numbers.toml`` (`_number_pack`): Chinese/Japanese counters after which a
    # numeral of one character is a number ("三个"), words whose numeral is no number
    # ("十分", "一部"), characters that make a numeral approximate ("几十"), and Japanese
    # era names with the year before their first year ("令和" = 2018)
    counters: tuple[str, ...] = ()
    one_counters: tuple[str, ...] = ()  # "一" counts as 1 before these ("一级" = level 1)
    numeral_exclude: tuple[str, ...] = ()
    approximate: frozenset[str] = frozenset()
    eras: dict[str, int] = field(default_factory=dict)
    prefix_exclude_words: frozenset[str] = frozenset()  # whole words with the prefix that are not negations ("nese")
    superlative_prefix: str = ""  # a prefix that starts the negative one too (Czech "nej-": "nejlepší", not "nejsou")
    char_exclude_re: "regex.Pattern[str] | None" = None  # contexts in which a char cue negates nothing ("15分钟不到")
    idioms: tuple[str, ...] = ()  # regular expressions of idioms whose negations cancel or mean no negation
    char_cue_re: "regex.Pattern[str] | None" = None  # char-language cues found by context (Japanese "舐めるな」" = don't)
    soft_stems: tuple[str, ...] = ()  # word beginnings that negate in their meaning ("chybí" = is missing)
    soft_chars: tuple[str, ...] = ()  # char-language words that negate in their meaning ("停电" = "without power")
    question_soft_chars: tuple[str, ...] = ()  # soft only where the translation asks ("ではないでしょうか" = "isn't it ...?")
    # char-language words in which a cue is firm (the negative verb endings, "不能", "没有"); None:
    # every cue is firm
    firm_words: tuple[str, ...] | None = None
    weak_words: tuple[str, ...] = ()  # char-language words in which a cue is weak ("而不是" = "rather than")
    # endings of prefixed words that are adjectives, adverbs or nouns, each with the past-tense
    # ending that tells a verb sharing it ("" : none does): Czech "ní" -> "nil" ("nekvalitní")
    weak_endings: tuple[tuple[str, str], ...] = ()
    # words that join a list ("і", "та", "a", "ani"): a cue repeated after one, or after a comma, is
    # the negation of the list, which English writes once (`negation.repeated_cues`)
    negation_coordinators: frozenset[str] = frozenset()

    @property
    def known(self) -> bool:
        return bool(self.number_words or self.months or self.negation_cues or self.char_cues)

    @property
    def approximate_negation(self) -> bool:
        """The pack says its negation cues are approximate ("approximate" or "hint")."""
        return self.negation_reliability in ("approximate", "hint")

    @property
    def negates(self) -> bool:
        """True when the lexicon can find negation at all."""
        return bool(self.negation_cues or self.char_cues)


def _fold(word: str) -> str:
    return word.casefold()


@lru_cache(maxsize=None)
def lexicon(lang: str | None) -> Lexicon:
    """The lexicon of ``lang`` (an empty one for languages without a pack)."""
    data = (load_pack(lang, "source_check") if lang else None) or {}
    numbers = data.get("numbers", {})
    months_data = data.get("months", {})
    negation = data.get("negation", {})
    months = {_fold(name): i + 1 for i, name in enumerate(months_data.get("names", []))}
    months.update({_fold(k): int(v) for k, v in months_data.get("aliases", {}).items()})
    words = {_fold(k): int(v) for k, v in numbers.get("words", {}).items()}
    words.update({_fold(k): int(v) for k, v in numbers.get("ordinals", {}).items()})
    extra = (load_pack(lang, "source_numbers") if lang else None) or {}
    words.update(_number_forms(extra))
    scales = {_fold(k): int(v) for k, v in numbers.get("scales", {}).items()}
    scales.update({_fold(k): int(v) for k, v in extra.get("scales", {}).items()})
    counters = extra.get("counters", {})
    cues = [_fold(c) for c in negation.get("cues", []) + negation.get("implicit", [])]
    exclude = [_phrase_pattern(p) for p in negation.get("exclude", [])]
    single = frozenset(c for c in cues if " " not in c)
    phrases = tuple(c for c in cues if " " in c)
    # a scale word alone counts as one of it ("milion korun" = "1 million crowns"); short
    # abbreviations ("m", "mil") stand alone for other things (metres, "I'm")
    vocab = sorted(set(words) | set(months) | {k for k in scales if len(k) >= 5}, key=len, reverse=True)
    words_re = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(regex.escape(w) for w in vocab) + r")(?![\p{L}\p{N}])",
                             regex.IGNORECASE | regex.VERSION1) if vocab else regex.compile(r"(?!x)x")
    return Lexicon(
        lang=lang or "",
        number_words=words,
        scales=scales,
        percent_words=tuple(_fold(p) for p in numbers.get("percent", [])),
        months=months,
        ambiguous_months=frozenset(_fold(m) for m in months_data.get("ambiguous", [])),
        negation_cues=single,
        negation_phrases=phrases,
        ne_particles=frozenset(_fold(p) for p in negation.get("particle", [])),
        ne_second=frozenset(_fold(p) for p in negation.get("second", [])),
        particle_alone=bool(negation.get("particle-alone", False)),
        negation_exclude=regex.compile(r"(?<!\p{L})(?:" + "|".join(exclude) + r")(?!\p{L})", regex.IGNORECASE)
        if exclude else None,
        words_re=words_re,
        negation_prefix=_fold(negation.get("prefix", "")),
        char_cues=tuple(sorted(negation.get("chars", []), key=len, reverse=True)),
        char_exclude=tuple(negation.get("char-exclude", [])),
        negation_reliability=negation.get("reliability", "exact"),
        prefix_exclude=tuple(_fold(w) for w in negation.get("prefix-exclude", [])),
        soft_prefix=_fold(negation.get("soft-prefix", "")),
        floor_words=frozenset(_fold(w) for w in data.get("floors", {}).get("words", [])),
        floor_shift=int(data.get("floors", {}).get("shift", 0)),
        soft_exclude=tuple(_fold(w) for w in negation.get("soft-prefix-exclude", [])),
        soft_suffixes=tuple(sorted((_fold(w) for w in negation.get("soft-suffixes", [])), key=len, reverse=True)),
        abbreviations=_abbreviations(data.get("abbreviations", {}).get("words", [])),
        counters=tuple(sorted(counters.get("after", []), key=len, reverse=True)),
        one_counters=tuple(counters.get("one", [])),
        numeral_exclude=tuple(counters.get("not-numbers", [])),
        approximate=frozenset(counters.get("approximate", [])),
        eras={k: int(v) for k, v in extra.get("eras", {}).items()},
        prefix_exclude_words=frozenset(_fold(w) for w in negation.get("prefix-exclude-words", [])),
        superlative_prefix=_fold(negation.get("superlative-prefix", "")),
        char_exclude_re=regex.compile("|".join(f"(?:{p})" for p in negation["char-exclude-patterns"]))
        if negation.get("char-exclude-patterns") else None,
        soft_chars=tuple(negation.get("soft-chars", [])),
        question_soft_chars=tuple(negation.get("question-soft-chars", [])),
        char_cue_re=regex.compile("|".join(f"(?:{p})" for p in negation["char-patterns"]))
        if negation.get("char-patterns") else None,
        soft_stems=tuple(_fold(w) for w in negation.get("soft-stems", [])),
        idioms=tuple(negation.get("idioms", [])),
        firm_words=tuple(negation["firm-words"]) if "firm-words" in negation else None,
        weak_words=tuple(negation.get("weak-words", [])),
        weak_endings=tuple(sorted(negation.get("weak-endings", {}).items(), key=lambda e: len(e[0]), reverse=True)),
        negation_coordinators=frozenset(_fold(w) for w in negation.get("coordinators", [])),
    )


def _number_forms(data: dict) -> dict[str, int]:
    """Number words of a ``source_numbers.toml`` pack: its ``[words]`` table, and each
    ``[[inflected]]`` group's stems with every ending ("osm" + "ého" = "osmého" = 8)."""
    out = {_fold(k): int(v) for k, v in data.get("words", {}).items()}
    for group in data.get("inflected", []):
        endings = group.get("endings", [""])
        for stem, value in group.get("stems", {}).items():
            out.update({_fold(stem + e): int(value) for e in endings})
    for group in data.get("compound", []):
        out.update(_compounds(group))
    # Ukrainian writes the apostrophe both ways ("п'ять", "п’ять")
    out.update({k.replace("'", "’"): v for k, v in list(out.items()) if "'" in k})
    return out


def _compounds(group: dict) -> dict[str, int]:
    """Words built on a number ("dvanáctiletý" = 12-year-old, "sedmadvacetiletý" = 27):
    each of the group's ``heads`` (a number's combining form), and each unit joined to
    each ten by ``joiner`` ("sedm" + "a" + "dvaceti" = 27), before each of ``suffixes``."""
    heads = {_fold(k): int(v) for k, v in group.get("heads", {}).items()}
    units = {_fold(k): int(v) for k, v in group.get("units", {}).items()}
    tens = {k: v for k, v in heads.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)}
    joiner = group.get("joiner", "")
    heads.update({u + joiner + t: uv + tv for u, uv in units.items() for t, tv in tens.items()})
    return {h + _fold(suffix): v for h, v in heads.items() for suffix in group.get("suffixes", [])}


def _abbreviations(words: list[str]) -> frozenset[str]:
    """Folded abbreviations without spaces and the final period, with the heads of the
    dotted ones ("z.B" -> "z.b" and "z": the splitter may cut "z. B." after "z.")."""
    out: set[str] = set()
    for word in words:
        folded = _fold(word).replace(" ", "").rstrip(".")
        out.add(folded)
        parts = folded.split(".")
        out.update(".".join(parts[:k]) for k in range(1, len(parts)))
    return frozenset(out)


def _phrase_pattern(phrase: str) -> str:
    """"not ... until" -> "not", up to six words, "until"; spaces match any whitespace."""
    parts = [r"\s+".join(regex.escape(w) for w in chunk.split()) for chunk in phrase.split("...")]
    return r"(?:\s+\S+){0,6}?\s+".join(p for p in parts if p)
