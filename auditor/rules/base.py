"""The `Rule` base class and the registry that maps codes to rules.

A rule is a class with metadata (code, name, family, default severity, fix availability)
and a docstring with the headings *What it does*, *Why it matters*, *Example* and
*Fix safety*. Register it with ``@register``; the engine instantiates every selected rule
once per run and calls ``check(article, context)``.
"""

from __future__ import annotations

import inspect
import math
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator, Mapping

from auditor.document import Article
from auditor.findings import Finding, Replacement, Severity

RULE_URL = "https://github.com/auditor-mt/auditor/blob/main/docs/rules.md#{code}"
_CODE = re.compile(r"^[A-Z]{2,4}\d{3}$")


@dataclass
class RuleContext:
    """What a rule may use besides the article.

    ``options``: per-rule options from configuration (``[tool.auditor.rules.CODE]``),
    checked against each rule's declared `Option`s and keyed by kebab-case name.
    ``corpus``: facts mined from the whole batch in a pre-pass (``Rule.observe``),
    keyed by rule code.
    """

    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    corpus: dict[str, Any] = field(default_factory=dict)

    def options_for(self, code: str) -> dict[str, Any]:
        return self.options.get(code, {})


@dataclass(frozen=True)
class Option:
    """The schema of one rule option (``[rules.CODE] name = value`` in the configuration).

    ``kind`` is ``int``, ``float``, ``bool`` or ``str``; numbers may be bounded by
    ``minimum`` and ``maximum`` (inclusive). A rule declares its options in its
    ``options`` class attribute, so that configuration is checked when it is loaded,
    before any article is read.
    """

    kind: type
    minimum: float | None = None
    maximum: float | None = None

    def parse(self, value: Any) -> Any:
        """``value`` checked (an integer is accepted where a float is expected); raises
        ``ValueError`` with a one-line reason otherwise."""
        expected = {int: "an integer", float: "a number", bool: "true or false", str: "a string"}[self.kind]
        ok = isinstance(value, self.kind) and not (self.kind is int and isinstance(value, bool))
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            shown = type(value).__name__ if isinstance(value, (list, dict)) else f"{value!r:.40}"
            raise ValueError(f"expected {expected}, got {shown}")
        if self.kind in (int, float):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"expected a finite number, got {value!r}")
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"{value!r} is below the minimum {self.minimum:g}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"{value!r} is above the maximum {self.maximum:g}")
        return value


def option_key(name: str) -> str:
    """The canonical (kebab-case) form of an option name: ``min_count`` -> ``min-count``."""
    return name.strip().lower().replace("_", "-")


def validate_options(code: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The options ``values`` of rule ``code`` checked against its declared `Option`s.

    Returns the valid options keyed by their kebab-case names, and a warning for every
    option the rule does not declare (dropped) or for a code that names no rule. Raises
    ``ValueError`` (one line, naming the option) for a value of the wrong type or out of
    range."""
    rule = all_rules().get(code.upper())
    if rule is None:
        return {}, [f"[rules.{code}]: no rule has this code; its options are ignored"]
    out: dict[str, Any] = {}
    warnings: list[str] = []
    for name, value in values.items():
        key = option_key(name)
        spec = rule.options.get(key)
        if spec is None:
            known = ", ".join(sorted(rule.options)) or "none"
            warnings.append(f"[rules.{rule.code}]: unknown option {name!r} ignored (options: {known})")
            continue
        try:
            out[key] = spec.parse(value)
        except ValueError as exc:
            raise ValueError(f"[rules.{rule.code}] {key}: {exc}") from None
    return out, warnings


def unknown_selectors(prefixes: Iterable[str]) -> list[str]:
    """The prefixes (rule codes, families such as ``RES``, or ``ALL``) that match no rule."""
    codes = list(all_rules())
    return [p for p in prefixes if p.upper() != "ALL" and not any(c.startswith(p.upper()) for c in codes)]


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[str] = "none"  # "safe", "unsafe", "display" or "none"
    #: set to True when the rule needs a pre-pass over the whole batch (see ``observe``)
    needs_corpus: ClassVar[bool] = False
    #: the options this rule reads from ``context.options_for(code)`` (kebab-case names)
    options: ClassVar[dict[str, Option]] = {}

    def check(self, article: Article, context: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError

    def warm_up(self) -> None:
        """Load what the rule builds lazily (word lists, models, compiled patterns).

        Called before ``--jobs N`` forks its workers, so that they share the loaded data
        (copy-on-write) instead of each loading it again."""

    # -- corpus pre-pass (only for rules with needs_corpus = True) --------------------
    def new_corpus_state(self) -> Any:
        return None

    def observe(self, article: Article, state: Any) -> None:
        """Record facts about one article of the batch into ``state``."""

    def merge_corpus_state(self, a: Any, b: Any) -> Any:
        """Combine two states (from parallel workers)."""
        raise NotImplementedError

    def finish_corpus_state(self, state: Any, articles: int) -> Any:
        """Turn the accumulated state into what ``check`` reads from ``context.corpus``."""
        return state

    # -- helpers ------------------------------------------------------------------------
    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n\n", 1)[0].replace("\n", " ")

    def finding(
        self,
        article: Article,
        start: int,
        end: int,
        message: str,
        *,
        replacements: Iterable[Replacement] = (),
        confidence: float = 1.0,
        severity: Severity | None = None,
        source_lang: str | None = None,
        **extra: Any,
    ) -> Finding:
        """Build a `Finding` for ``article.text[start:end]`` with this rule's metadata."""
        return Finding(
            code=self.code,
            name=self.name,
            category=self.family,
            severity=severity or self.severity,
            start=start,
            end=end,
            text=article.text[start:end],
            message=message,
            replacements=list(replacements),
            confidence=round(min(1.0, max(0.0, confidence)), 3),
            url=RULE_URL.format(code=self.code.lower()),
            source_lang=source_lang,
            **extra,
        )


_REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry (codes are unique and never reused)."""
    if not _CODE.match(cls.code):
        raise ValueError(f"rule code {cls.code!r} must be a family prefix plus three digits")
    if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} registered twice")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cls.name):
        raise ValueError(f"rule name {cls.name!r} must be kebab-case")
    for heading in ("What it does", "Why it matters", "Example", "Fix safety"):
        if heading not in (cls.__doc__ or ""):
            raise ValueError(f"rule {cls.code} doc lacks the heading {heading!r}")
    _REGISTRY[cls.code] = cls
    return cls


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule, by code, after importing every family module."""
    from auditor.rules import load_families

    load_families()
    return dict(sorted(_REGISTRY.items()))


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[type[Rule]]:
    """Rules whose code starts with a prefix in ``select`` (all when empty) and none in
    ``ignore``. The longest matching prefix wins, as in ruff (``--select TYP --ignore
    TYP0 --select TYP001`` keeps TYP001)."""
    select = [s.upper() for s in select] or ["ALL"]
    ignore = [s.upper() for s in ignore]
    chosen = []
    for code, rule in all_rules().items():
        if _prefix_strength(code, select) > _prefix_strength(code, ignore):
            chosen.append(rule)
    return chosen


def _prefix_strength(code: str, prefixes: list[str]) -> int:
    """Length of the longest prefix matching ``code`` (``ALL`` counts 0; none: -1)."""
    return max((0 if p == "ALL" else len(p) for p in prefixes if p == "ALL" or code.startswith(p)), default=-1)


def iter_matches(pattern: "re.Pattern[str]", text: str, start: int = 0, end: int | None = None) -> Iterator["re.Match[str]"]:
    """``pattern.finditer`` over ``text[start:end]`` with absolute offsets."""
    return pattern.finditer(text, start, len(text) if end is None else end)
