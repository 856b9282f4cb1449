"""``json`` and ``jsonl``: machine-readable findings.

``json`` writes one document, streamed (the opening, then each article as it comes,
then the summary), so memory stays flat on any batch::

    {"tool": "auditor", "version": "0.1.0", "rules": ["CAL001", ...],
     "articles": [ARTICLE, ARTICLE, ...],
     "summary": {...}}

``jsonl`` writes one ``ARTICLE`` object per line, flushed per article; it writes no
summary line (the summary goes to stderr, as for every format; use ``json`` to have it
in the output).

``ARTICLE`` is `ArticleReport.to_dict()` with, for each finding and replacement,
``location`` and ``end_location`` (``{"line", "column"}``, 1-based, columns in code
points; ``end_location`` is the position just past the span), and for a source-aware
finding whose article carries its source text, ``source_location`` and
``source_end_location`` in that text. See docs/output.md for the full schema.
"""

from __future__ import annotations

import json
from typing import Any

from auditor import __version__
from auditor.document import Article
from auditor.output import Formatter
from auditor.report import ArticleReport, Summary
from auditor.rules.base import Rule


def _loc(article: Article, offset: int) -> dict[str, int]:
    line, column = article.line_col(offset)
    return {"line": line, "column": column}


def _source_loc(source: str, offset: int) -> dict[str, int]:
    line = source.count("\n", 0, offset) + 1
    start = source.rfind("\n", 0, offset) + 1
    return {"line": line, "column": offset - start + 1}


def article_object(report: ArticleReport) -> dict[str, Any]:
    """The per-article object shared by ``json`` and ``jsonl``."""
    data = report.to_dict()
    article = report.article
    source = article.source_text
    for f, fd in zip(report.findings, data["findings"]):
        fd["location"] = _loc(article, f.start)
        fd["end_location"] = _loc(article, f.end)
        for r, rd in zip(f.replacements, fd["replacements"]):
            rd["location"] = _loc(article, r.start)
            rd["end_location"] = _loc(article, r.end)
        if source is not None and f.source_start is not None and f.source_start <= len(source):
            fd["source_location"] = _source_loc(source, f.source_start)
            if f.source_end is not None and f.source_end <= len(source):
                fd["source_end_location"] = _source_loc(source, f.source_end)
    if report.baselined:
        data["baselined"] = report.baselined
    if report.errors:
        data["errors"] = list(report.errors)
    return data


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class JsonFormatter(Formatter):
    """One JSON document, streamed article by article."""

    def begin(self, rules: list[type[Rule]]) -> None:
        head = {"tool": "auditor", "version": __version__, "rules": [r.code for r in rules]}
        # the document's opening: everything but the closing brace, then the array
        self.stream.write(_dumps(head)[:-1] + ',"articles":[')
        self._first = True
        self._begun = True

    renders_alone = True

    def render(self, report: ArticleReport) -> str:
        return _dumps(article_object(report))

    def emit(self, rendered: str) -> None:
        if not getattr(self, "_begun", False):
            self.begin([])
        self.stream.write(("\n" if self._first else ",\n") + rendered)
        self._first = False

    def end(self, summary: Summary) -> None:
        if not getattr(self, "_begun", False):
            self.begin([])
        self.stream.write('\n],"summary":' + _dumps(summary.to_dict()) + "}\n")
        self.stream.flush()


class JsonlFormatter(Formatter):
    """One JSON object per article per line, flushed per article; no summary line."""

    renders_alone = True

    def render(self, report: ArticleReport) -> str:
        return _dumps(article_object(report)) + "\n"

    def emit(self, rendered: str) -> None:
        self.stream.write(rendered)
        self.stream.flush()
