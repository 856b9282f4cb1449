"""Helpers shared by the formatters: offset conversions, rule lookup, paths as URIs.

Findings carry code-point offsets into ``Article.text``; the conversions to lines,
columns and UTF-16 code units live here and only here. Names that come from the input
(file names, record ids) go through `printable` before they reach a terminal: an escape
sequence in a file name is shown, never run.
"""

from __future__ import annotations

import bisect
import os
import re
from pathlib import Path, PurePosixPath
from typing import Iterable
from urllib.parse import quote

from auditor.document import Article
from auditor.findings import Finding
from auditor.rules.base import Rule

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# C0 and C1 controls, DEL, bidirectional overrides and isolates, lone surrogates (a file
# name that is not valid UTF-8 decodes to these)
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(value: str) -> str:
    """``value`` with control characters (ESC included), bidirectional controls and lone
    surrogates written as Python escapes (``\\x1b``, ``\\u202e``, ``\\udcff``, an
    undecodable byte of a file name shown as ``\\xff``), so that a name from the input
    cannot move the cursor, recolour or clear a terminal, or break a UTF-8 writer."""
    if value.isprintable() and value.isascii():
        return value
    return _UNPRINTABLE.sub(_escape, value)


def _escape(match: "re.Match[str]") -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that os.fsdecode could not decode
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"

#: input suffixes whose article text is the file's content verbatim, so offsets,
#: lines and columns of the text are those of the file (JSONL, HTML, WARC: not so)
VERBATIM_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown"})


class Utf16Index:
    """Code-point offset -> UTF-16 code-unit offset for one text.

    Every astral character (outside the Basic Multilingual Plane, e.g. most emoji)
    counts twice in UTF-16. Texts without any (nearly all news) take a fast path.
    """

    __slots__ = ("_astral",)

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class Positions:
    """Lines and columns of offsets in one article, in code points and in UTF-16 units.

    Lines honour ``Article.line_offset``; columns are 1-based. A column in UTF-16 units
    counts an astral character before it on the same line as two.
    """

    __slots__ = ("article", "utf16")

    def __init__(self, article: Article):
        self.article = article
        self.utf16 = Utf16Index(article.text)

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.article.line_col(offset)

    def line_col_utf16(self, offset: int) -> tuple[int, int]:
        line, col = self.article.line_col(offset)
        start = offset - col + 1
        return line, self.utf16(offset) - self.utf16(start) + 1


class RuleTable:
    """The selected rules, by code, with their position in the selection."""

    def __init__(self, rules: Iterable[type[Rule]] = ()):
        self.rules: list[type[Rule]] = list(rules)
        self.index: dict[str, int] = {r.code: i for i, r in enumerate(self.rules)}
        self.by_code: dict[str, type[Rule]] = {r.code: r for r in self.rules}

    def get(self, code: str) -> type[Rule] | None:
        return self.by_code.get(code)

    def summary(self, finding: Finding) -> str:
        rule = self.by_code.get(finding.code)
        return rule.summary() if rule is not None else humanize(finding.name)


def humanize(name: str) -> str:
    """``false-friend`` -> ``False friend``."""
    text = name.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def is_verbatim(article: Article) -> bool:
    """True when the article text is its file's content exactly (plain text, Markdown,
    stdin), so file offsets and lines are the article's own."""
    if not article.path or article.path == "-":
        return True
    name = article.path.lower()
    if name.endswith(".gz"):
        return False
    return os.path.splitext(name)[1] in VERBATIM_SUFFIXES


#: kept as is in a path URI; ":" is escaped so no first segment reads as a scheme
_PATH_SAFE = "/-._~!$&'()*+,;=@"


def path_uri(path: str, base: Path | None = None) -> tuple[str, bool]:
    """A URI for ``path``: relative to ``base`` (default: the working directory) when it
    lies below it, else an absolute ``file://`` URI. Returns ``(uri, is_relative)``. A
    byte of a file name that is not UTF-8 is percent-encoded as that byte.
    """
    if not path or path == "-":
        return "stdin", True
    p = Path(path)
    if not p.is_absolute():
        rel = PurePosixPath(*p.parts).as_posix()
        return quote(rel, safe=_PATH_SAFE, errors="surrogateescape"), True
    base = (base or Path.cwd()).resolve()
    try:
        rel = p.resolve().relative_to(base)
        return quote(PurePosixPath(*rel.parts).as_posix(), safe=_PATH_SAFE, errors="surrogateescape"), True
    except ValueError:
        return "file://" + quote(p.resolve().as_posix(), errors="surrogateescape"), False  # as Path.as_uri


def display_path(path: str, base: Path | None = None) -> str:
    """``path`` relative to the working directory when below it, with ``/`` separators,
    made `printable`."""
    if not path or path == "-":
        return "<stdin>"
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to((base or Path.cwd()).resolve())
        except ValueError:
            return printable(p.as_posix())
    return printable(p.as_posix())

