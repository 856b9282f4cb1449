"""Formatters: one module per output format, each fed the same `ArticleReport`s.

A formatter streams: ``begin`` once, ``article`` per report in input order, ``end`` with
the summary. Formatters render; they never decide anything. Offsets are converted
(line/column, UTF-16 code units) only here.
"""

from __future__ import annotations

import importlib
import io
from typing import Any, Sequence, TextIO

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
    """``begin``, ``article`` per report, ``end``.

    A formatter whose output for an article depends on that article's report alone (and
    on the selected rules) sets ``renders_alone`` and splits ``article`` in two:
    ``render(report)`` (pure: it may run in a ``--jobs`` worker, see `Renderer`) and
    ``emit(rendered)`` (writes it, in input order, with whatever separates articles);
    ``article`` is then ``emit(render(report))``, so one process or many write the same
    bytes.
    """

    #: True when `render` and `emit` are implemented (``article`` = ``emit(render(r))``)
    renders_alone = False

    def __init__(self, stream: TextIO, *, color: bool = False):
        self.stream = stream
        self.color = color

    def begin(self, rules: list[type[Rule]]) -> None:
        """Called once before the first article with the selected rules."""

    def article(self, report: ArticleReport) -> None:
        if not self.renders_alone:
            raise NotImplementedError
        self.emit(self.render(report))

    def render(self, report: ArticleReport) -> Any:
        """The article's output (picklable), from its report alone."""
        raise NotImplementedError

    def emit(self, rendered: Any) -> None:
        """Write what `render` returned for the next article."""
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        """Called once after the last article."""


def get_formatter(name: str) -> type[Formatter]:
    try:
        module, cls = FORMATS[name].split(":")
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None
    return getattr(importlib.import_module(module), cls)


class Renderer:
    """``render(report)`` of the format ``name`` in any process: a picklable recipe (name,
    colour, selected rules) whose formatter is built on first use, with a throw-away
    stream (what `Formatter.begin` writes there is dropped)."""

    def __init__(self, name: str, *, color: bool = False, rules: Sequence[type[Rule]] = ()):
        if not get_formatter(name).renders_alone:
            raise ValueError(f"the {name} format does not render articles one by one")
        self.name, self.color, self.rules = name, color, tuple(rules)
        self._formatter: Formatter | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"name": self.name, "color": self.color, "rules": self.rules, "_formatter": None}

    def __call__(self, report: ArticleReport) -> Any:
        if self._formatter is None:
            self._formatter = get_formatter(self.name)(io.StringIO(), color=self.color)
            self._formatter.begin(list(self.rules))
        return self._formatter.render(report)
