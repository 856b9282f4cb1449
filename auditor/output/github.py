"""``github``: GitHub Actions workflow commands, one annotation per finding::

    ::warning file=news/a.txt,line=3,col=42,endLine=3,endColumn=50,title=CAL012 false-friend::"Villages" is ...

Levels: error -> ``error``, warning -> ``warning``, info -> ``notice``. Columns are
1-based UTF-16 code units (as in SARIF; GitHub is a UTF-16 world). Escaping follows the
runner's rules: in the message ``%``, ``\\r``, ``\\n`` become ``%25``, ``%0D``, ``%0A``; in
property values ``:`` and ``,`` also become ``%3A`` and ``%2C``. An article from a JSONL,
HTML or WARC file is annotated on that file, its id in front of the message and its
lines/columns those of the article text.
"""

from __future__ import annotations

from auditor.findings import Severity
from auditor.output import Formatter
from auditor.output._common import Positions, display_path, is_verbatim
from auditor.output.text import fix_hint
from auditor.report import ArticleReport

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command."""
    return value.translate(_DATA)


def escape_property(value: str) -> str:
    """Escape a property value (``file=``, ``title=``) of a workflow command."""
    return value.translate(_PROPERTY)


class GithubFormatter(Formatter):
    """GitHub Actions annotations (``::error``/``::warning``/``::notice``)."""

    renders_alone = True

    def render(self, report: ArticleReport) -> str:
        if not report.findings:
            return ""
        article = report.article
        pos = Positions(article)
        file = escape_property(display_path(article.path) if article.path else "stdin")
        prefix = "" if is_verbatim(article) or not article.id else f"[{article.id}] "
        out = []
        for f in report.findings:
            line, col = pos.line_col_utf16(f.start)
            end_line, end_col = pos.line_col_utf16(f.end)
            props = (
                f"file={file},line={line},col={col},endLine={end_line},endColumn={end_col},"
                f"title={escape_property(f'{f.code} {f.name}')}"
            )
            message = prefix + f.message
            hint = fix_hint(f, article.text)
            if hint:
                message += "\n" + hint
            out.append(f"::{COMMAND[f.severity]} {props}::{escape_data(message)}\n")
        return "".join(out)

    def emit(self, rendered: str) -> None:
        if rendered:
            self.stream.write(rendered)
            self.stream.flush()
