"""``text``: human-readable findings in the style of ruff.

Each finding::

    news/a.txt:3:42: CAL012 [warning] "Villages" is a false friend of Italian "Paesi"
      |
    3 | ...assistance with North Korean leader Kim Jong-un in the event of aggression against one of the two Villages.
      |                                                                                                   ^^^^^^^^
      = fix (unsafe): replace with "countries"

then, per article with findings, one line with its MT risk and translated-from guess.
File names, record ids and messages are shown `printable` (escape sequences escaped).
Columns are 1-based code points. The source line is clipped to a window around the
span, tabs are expanded and wide (East Asian, emoji) characters count two cells, so
the carets sit under the span on a terminal.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache

from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.output import Formatter
from auditor.output._common import display_path, printable
from auditor.report import ArticleReport, Summary

#: at most this many cells of a source line are shown around a span
WINDOW = 100
#: context kept before the span when a long line is clipped
LEAD = 30
TAB = 4
ELLIPSIS = "…"

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOR = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_BLUE = "\x1b[1;34m"
_GREEN = "\x1b[32m"


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    """Terminal cells of one character (tabs are expanded before this is asked)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def _visible(ch: str) -> str:
    """Control characters shown as their Control Pictures so they take one cell."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return ch


def render_segment(text: str) -> tuple[str, list[int]]:
    """``text`` as shown (tabs expanded, controls made visible) and the display width of
    each character of ``text``."""
    if text.isascii() and text.isprintable():
        return text, [1] * len(text)
    out: list[str] = []
    widths: list[int] = []
    for ch in text:
        if ch == "\t":
            out.append(" " * TAB)
            widths.append(TAB)
        elif ch < " " or ch == "\x7f":
            out.append(_visible(ch))
            widths.append(1)
        else:
            out.append(ch)
            widths.append(_char_width(ch))
    return "".join(out), widths


def snippet(article: Article, start: int, end: int) -> tuple[str, int, int, bool]:
    """The line holding ``start`` clipped to a window around ``[start, end)``.

    Returns ``(shown_line, caret_column, caret_width, continues)``: the caret column is a
    0-based display cell, ``continues`` says the span runs past the end of the line.
    """
    line = article.line_at(start)
    text = article.text
    line_end = line.end
    if line_end > max(line.start, start) and text[line_end - 1] == "\r":
        line_end -= 1
    continues = end > line_end
    stop = min(end, line_end)
    # clip the line to the window: a little context before the span, the span, the rest
    lo, hi = line.start, line_end
    clipped_left = clipped_right = False
    if hi - lo > WINDOW:
        if start - lo > LEAD:
            lo = start - LEAD
            clipped_left = True
        if hi - lo > WINDOW:
            hi = max(lo + WINDOW, min(stop, lo + 2 * WINDOW))
            clipped_right = hi < line_end
    before, w_before = render_segment(text[lo:start])
    span, w_span = render_segment(text[start : min(stop, hi)])
    after, _ = render_segment(text[min(stop, hi) : hi])
    shown = (ELLIPSIS if clipped_left else "") + before + span + after + (ELLIPSIS if clipped_right else "")
    column = (1 if clipped_left else 0) + sum(w_before)
    width = max(1, sum(w_span))
    return shown, column, width, continues


def _quote(value: str, limit: int = 80) -> str:
    if len(value) > limit:
        value = value[: limit - 1] + ELLIPSIS
    return json.dumps(value, ensure_ascii=False)


def fix_hint(finding: Finding, text: str) -> str | None:
    """``fix (safe): replace with "..."`` for the most trusted replacement, or None."""
    if not finding.replacements:
        return None
    best = max(finding.replacements, key=lambda r: r.applicability.rank)
    more = len(finding.replacements) - 1
    hint = f"fix ({best.applicability.value}): {_describe(best, text)}"
    if best.description:
        hint += f" ({best.description})"
    if more:
        hint += f" [+{more} more]"
    return hint


def _describe(r: Replacement, text: str) -> str:
    if r.start == r.end:
        return f"insert {_quote(r.content)}"
    if not r.content:
        return f"delete {_quote(text[r.start:r.end])}"
    return f"replace with {_quote(r.content)}"


class TextFormatter(Formatter):
    """Ruff-like text: ``path:line:col: CODE [severity] message``, the line, carets, the
    fix hint, and one risk line per article with findings."""

    def _paint(self, style: str, value: str) -> str:
        return f"{style}{value}{_RESET}" if self.color else value

    renders_alone = True

    def render(self, report: ArticleReport) -> str:
        findings = report.findings
        if not findings:
            return ""
        article = report.article
        name = display_path(article.path) if article.path else printable(article.id or "<stdin>")
        if article.path and article.id and article.display_name != article.path:
            name = f"{name}#{printable(article.id)}"  # an article inside a dump
        out: list[str] = []
        for f in findings:
            out.append(self._finding(article, name, f))
        out.append(self._article_line(name, report))
        # a blank line after each finding, as ruff does, and after the article line
        return "\n\n".join(out) + "\n\n"

    def emit(self, rendered: str) -> None:
        if rendered:
            self.stream.write(rendered)

    def _finding(self, article: Article, name: str, f: Finding) -> str:
        line, col = article.line_col(f.start)
        end_line, _ = article.line_col(f.end)
        sev_style = _SEVERITY_COLOR[f.severity]
        message, *more = f.message.split("\n")
        head = (
            f"{self._paint(_BOLD, name)}:{line}:{col}: {self._paint(sev_style, f.code)} "
            f"[{f.severity.value}] {printable(message)}"
        )
        shown, caret_col, caret_width, continues = snippet(article, f.start, f.end)
        gutter = " " * len(str(line))
        bar = self._paint(_BLUE, "|")
        carets = "^" * caret_width
        if continues:
            carets += f" (continues to line {end_line})"
        lines = [
            head,
            f"{gutter} {bar}",
            f"{self._paint(_BLUE, str(line))} {bar} {shown}",
            f"{gutter} {bar} {' ' * caret_col}{self._paint(sev_style, carets)}",
        ]
        eq = self._paint(_BLUE, "=")
        for extra in more:
            if extra.strip():
                lines.append(f"{gutter} {eq} {extra.strip()}")
        if f.source_excerpt:
            src = f"source: {_quote(f.source_excerpt)}"
            if f.source_lang:
                src = f"source ({f.source_lang}): {_quote(f.source_excerpt)}"
            lines.append(f"{gutter} {eq} {src}")
        hint = fix_hint(f, article.text)
        if hint:
            lines.append(f"{gutter} {eq} {self._paint(_GREEN, hint)}")
        return "\n".join(lines)

    def _article_line(self, name: str, report: ArticleReport) -> str:
        counts: dict[str, int] = {}
        for f in report.findings:
            counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
        n = len(report.findings)
        parts = [f"{n} finding{'s' if n != 1 else ''} ("
                 + ", ".join(f"{counts[s.value]} {s.value}" for s in reversed(list(Severity)) if s.value in counts) + ")"]
        parts.append(f"MT risk {report.risk:.1f}/100")
        if report.source_guess is not None:
            g = report.source_guess
            parts.append(f"translated from {g.lang}? (confidence {g.confidence:.2f})")
        fixable = sum(1 for f in report.findings if f.fix_applicability is Applicability.SAFE)
        if fixable:
            parts.append(f"{fixable} safe fix{'es' if fixable != 1 else ''}")
        return f"{self._paint(_BOLD, name)}: " + "; ".join(parts)

    def end(self, summary: Summary) -> None:
        self.stream.flush()
