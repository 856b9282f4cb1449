"""The engine: runs the selected rules on an article, applies configured severities,
inline suppressions and the baseline, sorts findings and scores the article.

The engine is picklable, so ``--jobs N`` ships one copy to each worker process.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Iterable

from auditor.baseline import Baseline
from auditor.config import Settings
from auditor.document import Article
from auditor.errors import ConfigError
from auditor.findings import Finding
from auditor.report import ArticleReport
from auditor.risk import assess
from auditor.rules.base import Rule, RuleContext, select_rules, validate_options
from auditor.suppress import parse_directives, unsuppressed


class Engine:
    def __init__(self, settings: Settings | None = None, *, baseline: Baseline | None = None, debug: bool = False):
        self.settings = settings or Settings()
        self.rules: list[Rule] = [cls() for cls in select_rules(self.settings.select, self.settings.ignore)]
        self.context = RuleContext(options=checked_options(self.settings.rule_options))
        self.baseline = baseline
        self.debug = debug

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.rules]

    @property
    def needs_corpus(self) -> bool:
        return any(r.needs_corpus for r in self.rules)

    def warm_up(self) -> None:
        """Load every rule's lazy data now (before forking worker processes, or in a
        server): whole word tables rather than their on-disk indexes."""
        from auditor import lexicon

        lexicon.prefer_tables()
        for rule in self.rules:
            rule.warm_up()

    # -- corpus pre-pass ------------------------------------------------------------------
    def new_corpus_states(self) -> dict[str, Any]:
        return {r.code: r.new_corpus_state() for r in self.rules if r.needs_corpus}

    def observe(self, article: Article, states: dict[str, Any]) -> None:
        for rule in self.rules:
            if rule.needs_corpus:
                rule.observe(article, states[rule.code])

    def finish_corpus(self, states: dict[str, Any], articles: int) -> None:
        for rule in self.rules:
            if rule.needs_corpus:
                self.context.corpus[rule.code] = rule.finish_corpus_state(states[rule.code], articles)

    def prepare(self, articles: Iterable[Article]) -> int:
        """Run the corpus pre-pass over ``articles``; returns how many were seen."""
        corpus = self.observe_all(articles)
        self.finish_corpus(corpus.states, corpus.articles)
        return corpus.articles

    def observe_all(self, articles: Iterable[Article]) -> "CorpusState":
        """The pre-pass state of ``articles`` (one block of a batch), not yet finished:
        `merge_corpus` it with the other blocks' states, then `with_corpus_state`."""
        corpus = CorpusState(self.new_corpus_states())
        for article in articles:
            self.observe(article, corpus.states)
            corpus.articles += 1
        return corpus

    def merge_corpus(self, a: "CorpusState", b: "CorpusState") -> "CorpusState":
        """``a`` with ``b`` merged into it (each mining rule's `Rule.merge_corpus_state`);
        ``b`` is left as it is."""
        for rule in self.rules:
            if rule.needs_corpus and rule.code in b.states:
                if rule.code in a.states:
                    a.states[rule.code] = rule.merge_corpus_state(a.states[rule.code], b.states[rule.code])
                else:
                    a.states[rule.code] = copy.deepcopy(b.states[rule.code])
        a.articles += b.articles
        return a

    def with_corpus_state(self, corpus: "CorpusState") -> "Engine":
        """A copy of this engine (sharing its rules) whose corpus facts are those of the
        merged pre-pass state ``corpus``; this engine is left as it is."""
        clone = copy.copy(self)
        clone.context = RuleContext(options=self.context.options)
        clone.finish_corpus(corpus.states, corpus.articles)
        return clone

    def with_corpus(self, articles: Iterable[Article]) -> "Engine":
        """A copy of this engine (sharing its rules) whose corpus facts are mined from
        ``articles``; this engine is left as it is, so threads that share it are not
        disturbed by the pre-pass of one batch."""
        clone = copy.copy(self)
        clone.context = RuleContext(options=self.context.options)
        clone.prepare(articles)
        return clone

    # -- checking -------------------------------------------------------------------------
    def check(self, article: Article) -> tuple[list[Finding], list[str]]:
        """Findings for ``article`` (suppressions applied, sorted) and internal errors."""
        findings: list[Finding] = []
        errors: list[str] = []
        for rule in self.rules:
            try:
                findings.extend(rule.check(article, self.context))
            except Exception as exc:  # a bug in one rule must not stop the batch
                if self.debug:
                    raise
                errors.append(f"{article.display_name}: internal error in {rule.code}: {exc!r}")
        suppressions = list(article.suppressions) + parse_directives(article.text)
        kept = unsuppressed(findings, suppressions)
        for f in kept:
            f.severity = self.settings.severity_for(f.code, f.severity)
        kept.sort(key=lambda f: f.sort_key)
        return _dedupe(kept), errors

    def audit(self, article: Article) -> ArticleReport:
        findings, errors = self.check(article)
        baselined = 0
        if self.baseline is not None:
            findings, baselined = self.baseline.filter(article, findings)
        risk, source_guess = assess(article.text, findings, article.word_count)
        return ArticleReport(
            article=article,
            findings=findings,
            risk=risk,
            source_guess=source_guess,
            baselined=baselined,
            errors=errors,
        )


@dataclass
class CorpusState:
    """The batch pre-pass state of some articles: each mining rule's state (by code)
    and how many articles were observed. Picklable, so blocks observed on different
    machines are merged (`Engine.merge_corpus`) into the state of the whole batch."""

    states: dict[str, Any] = field(default_factory=dict)
    articles: int = 0


def checked_options(raw: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Rule options checked against each rule's declared `Option`s, keyed by kebab-case
    name (``min_count`` and ``min-count`` are one option). Options no rule declares are
    dropped (the configuration loader has warned about them); a wrong value is a
    `ConfigError`, raised before any article is read."""
    out: dict[str, dict[str, Any]] = {}
    for code, values in raw.items():
        try:
            valid, _warnings = validate_options(code, values)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        if valid:
            out[code.upper()] = valid
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop exact repeats (same code and span), keeping the first."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for f in findings:
        key = (f.code, f.start, f.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
