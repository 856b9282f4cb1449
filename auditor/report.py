"""`ArticleReport` and `Summary`: what the engine produces and the formatters render."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from auditor.document import Article
from auditor.findings import Finding, Severity
from auditor.risk import SourceGuess


@dataclass
class ArticleReport:
    article: Article
    findings: list[Finding]
    risk: float
    source_guess: SourceGuess | None = None
    #: findings hidden by a baseline (counted, not shown)
    baselined: int = 0
    #: internal errors of rules on this article (a rule bug must not stop the batch)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        a = self.article
        return {
            "id": a.id,
            "path": a.path,
            "url": a.url or None,
            "title": a.title,
            "words": a.word_count,
            "mt_risk": self.risk,
            "translated_from": self.source_guess.to_dict() if self.source_guess else None,
            "findings": [f.to_dict() for f in self.findings],
        }


#: reader errors kept word for word in `Summary.input_errors` (the rest are counted)
MAX_ERROR_SAMPLE = 1000


@dataclass
class Summary:
    """Running totals over a batch; ``input_errors`` are the one-line reader errors (the
    first `MAX_ERROR_SAMPLE` of them; ``input_error_count`` counts them all, so that a
    dump of millions of bad lines costs no memory per line)."""

    articles: int = 0
    words: int = 0
    by_severity: Counter = field(default_factory=Counter)
    by_code: Counter = field(default_factory=Counter)
    input_errors: list[str] = field(default_factory=list)
    baselined: int = 0
    seconds: float = 0.0
    input_error_count: int = 0

    def add_input_error(self, message: str) -> None:
        self.input_error_count += 1
        if len(self.input_errors) < MAX_ERROR_SAMPLE:
            self.input_errors.append(message)

    @property
    def errors(self) -> int:
        """Every reader error of the batch (not only the sample kept)."""
        return max(self.input_error_count, len(self.input_errors))

    def add(self, report: ArticleReport) -> None:
        self.add_counts(report.article.word_count, report.baselined,
                        [(f.severity.value, f.code) for f in report.findings])

    def add_counts(self, words: int, baselined: int, tally: Iterable[tuple[str, str]]) -> None:
        """`add` from an article's counts alone: ``tally`` holds ``(severity, code)`` of each
        finding shown (a `check_stream` worker sends these instead of the report)."""
        self.articles += 1
        self.words += words
        self.baselined += baselined
        for severity, code in tally:
            self.by_severity[severity] += 1
            self.by_code[code] += 1

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def worst_at_least(self, threshold: Severity) -> bool:
        return any(n and Severity(s).rank >= threshold.rank for s, n in self.by_severity.items())

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "words": self.words,
            "findings": self.findings,
            "by_severity": {s.value: self.by_severity.get(s.value, 0) for s in Severity},
            "by_code": dict(sorted(self.by_code.items())),
            "baselined": self.baselined,
            "input_errors": self.input_errors,
            "input_error_count": self.errors,
            "seconds": round(self.seconds, 3),
        }

    def line(self) -> str:
        sev = ", ".join(f"{self.by_severity.get(s.value, 0)} {s.value}" for s in reversed(list(Severity)))
        parts = [f"{self.articles} article{'s' if self.articles != 1 else ''}",
                 f"{self.findings} finding{'s' if self.findings != 1 else ''} ({sev})"]
        if self.baselined:
            parts.append(f"{self.baselined} in baseline")
        if self.errors:
            parts.append(f"{self.errors} input error{'s' if self.errors != 1 else ''}")
        parts.append(f"{self.seconds:.2f}s")
        return "; ".join(parts)
