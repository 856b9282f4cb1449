"""Helpers shared by the readers: bounded reads, decoding with precise errors, headlines.

Every function here returns an `InputError` instead of raising one, so a reader can yield
it and go on with the next file.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
from typing import Any

from auditor.document import Article, Span
from auditor.errors import InputError

MB = 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls that never appear in text (tab, newlines, form feed, backspace and escape do)
_CONTROL = re.compile(rb"[\x01-\x07\x0e-\x1a\x1c-\x1f]")
_SAMPLE = 8192


def os_error(exc: OSError, path: str) -> InputError:
    """A one-line `InputError` for an `OSError` raised while opening or reading ``path``."""
    if isinstance(exc, FileNotFoundError):
        return InputError("no such file or directory", path)
    if isinstance(exc, PermissionError):
        return InputError("permission denied", path)
    if isinstance(exc, IsADirectoryError):
        return InputError("is a directory", path)
    return InputError(f"cannot read: {exc.strerror or exc}", path)


def size_error(size: int, limit: int, path: str) -> InputError:
    return InputError(
        f"file too large ({_megabytes(size)}; the limit is {_megabytes(limit)}, see ReadOptions.max_bytes)", path
    )


def too_long(text: str, limit: int, path: str, line: int | None = None, what: str = "article") -> InputError | None:
    """An `InputError` when ``text`` is longer than ``limit`` code points (see
    ``ReadOptions.max_article_chars``), else None."""
    if len(text) <= limit:
        return None
    return InputError(
        f"{what} too long ({len(text):,} characters; the limit is {limit:,}, see ReadOptions.max_article_chars), skipped",
        path, line,
    )


def renamed(item: Any, old: str, new: str) -> Any:
    """``item`` (an `Article`, `InputError` or deferred `auditor.io.jsonl.JsonLine`) read
    from the file ``old`` (a spooled copy) as if read from ``new``."""
    if isinstance(item, InputError):
        return InputError(item.reason, new, item.line) if item.path == old else item
    return dataclasses.replace(item, path=new) if item.path == old else item


def _megabytes(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n} bytes"


def read_file(path: str, limit: int) -> bytes | InputError:
    """The bytes of ``path``, or an error when it cannot be read or is larger than ``limit``."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                return size_error(size, limit, path)
            data = handle.read(limit + 1)
    except OSError as exc:
        return os_error(exc, path)
    if len(data) > limit:  # grew while reading, or a special file without a size
        return size_error(len(data), limit, path)
    return data


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read: NUL bytes (without a UTF-16/32
    byte-order mark), or a sample dense with control bytes or invalid UTF-8."""
    if any(data.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if len(_CONTROL.findall(sample)) > len(sample) // 20:
        return True
    decoded = sample.decode("utf-8", errors="replace")
    # a multi-byte character cut at the sample's end gives at most one replacement
    return decoded.count("\ufffd") > max(1, len(decoded) // 10)


def decode(data: bytes, path: str, encoding: str = "utf-8") -> tuple[str, str] | InputError:
    """Decode ``data`` (a byte-order mark picks the encoding and is dropped).

    Returns ``(text, encoding_used)`` or an `InputError`: ``binary file, skipped``, or
    ``invalid UTF-8 at byte N (line L)`` where N is the 0-based offset in the file.
    """
    if looks_binary(data):
        return InputError("binary file, skipped", path)
    skip = 0
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, skip = name, len(bom)
            break
    try:
        return codecs.decode(data[skip:], encoding), encoding
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        line = data.count(b"\n", 0, offset) + 1
        label = "UTF-8" if codecs.lookup(encoding).name == "utf-8" else encoding
        return InputError(f"invalid {label} at byte {offset} (line {line}): {exc.reason}", path)
    except LookupError:
        return InputError(f"unknown encoding {encoding!r}", path)


_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_LINE = re.compile(r"[^\n]*")
_COMMENT_LINE = re.compile(r"\s*<!--.*?-->\s*")
_ATX = re.compile(r"#{1,6}[ \t]+")
_ATX_CLOSE = re.compile(r"[ \t]+#+$")


def headline(text: str, *, markdown: bool = False) -> tuple[str, Span | None]:
    """The first non-empty line of ``text`` (stripped) and its span.

    Lines holding only an HTML comment (e.g. an ``auditor:`` directive) are skipped; in
    Markdown, so are a leading front-matter block and the ``#`` marks of an ATX heading,
    which stay outside the span.
    """
    pos = 0
    if markdown:
        front = _FRONT_MATTER.match(text)
        if front:
            pos = front.end()
    for match in _LINE.finditer(text, pos):
        start, end = match.span()
        line = match.group()
        if not line.strip() or _COMMENT_LINE.fullmatch(line):
            continue
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if markdown:
            mark = _ATX.match(text, start, end)
            if mark:
                start = mark.end()
                close = _ATX_CLOSE.search(text, start, end)
                if close:
                    end = close.start()
        if end > start:
            return text[start:end], Span(start, end)
    return "", None
