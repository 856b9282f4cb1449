"""Formatters: one module per output format, each fed the same `ArticleReport`s.

A formatter streams: ``begin`` once, ``article`` per report in input order, ``end`` with
the summary. Formatters render; they never decide anything. Offsets are converted
(line/column, UTF-16 code units) only here.
"""

from __future__ import annotations

import importlib
from typing import TextIO

from auditor.report import ArticleReport, Summary
from auditor.rules.base import Rule

#: format name -> "module:Class" (modules are imported lazily, so start-up stays fast)
FORMATS: dict[str, str] = {
    "text": "auditor.output.text:TextFormatter",
    "json": "auditor.output.json_format:JsonFormatter",
    "jsonl": "auditor.output.json_format:JsonlFormatter",
    "sarif": "auditor.output.sarif:SarifFormatter",
    "github": "auditor.output.github:GithubFormatter",
    "languagetool": "auditor.output.languagetool:LanguageToolFormatter",
    "html": "auditor.output.html:HtmlFormatter",
    "markdown": "auditor.output.markdown:MarkdownFormatter",
}


class Formatter:
    def __init__(self, stream: TextIO, *, color: bool = False):
        self.stream = stream
        self.color = color

    def begin(self, rules: list[type[Rule]]) -> None:
        """Called once before the first article with the selected rules."""

    def article(self, report: ArticleReport) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        """Called once after the last article."""


def get_formatter(name: str) -> type[Formatter]:
    try:
        module, cls = FORMATS[name].split(":")
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None
    return getattr(importlib.import_module(module), cls)
