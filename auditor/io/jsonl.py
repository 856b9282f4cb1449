"""JSONL / NDJSON dumps (optionally gzipped): one article per line, streamed.

A dump is read line by line (never whole), so its size is bounded only by the disk. Each
bad line gives an `InputError` naming the file and the line, and reading goes on; a
truncated gzip gives every complete line before the damage, then one error naming the
line the data ends in.

Fields: the text, title and id fields come from `ReadOptions` (defaults ``text``,
``title``, ``id``; a dotted name such as ``article.body`` reaches into nested objects);
a title that is not the start of the text is put in front of it (`auditor.document.with_title`)
so that the headline is audited;
``url``, ``lang``, ``source_lang`` and ``source_text`` are optional; every other field is
kept in ``Article.meta``. Without an id field the id is the line number.

Hostile lines each give a one-line error naming the line, and reading goes on: a line
over ``ReadOptions.max_line_bytes``, a number with more digits than Python converts, a
text over ``ReadOptions.max_article_chars``. Lone surrogates (``"\\ud800"``), which no
UTF-8 writer accepts, are replaced with U+FFFD in every string of the record.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Iterator

from auditor.document import Article, Span, Suppression, with_title
from auditor.errors import InputError
from auditor.io.common import os_error, too_long

if TYPE_CHECKING:
    from auditor.io import ReadOptions

_MISSING = object()
_OPTIONAL = ("url", "lang", "source_lang", "source_text")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null",
               int: "a number", float: "a number"}


def read_jsonl(path: str, options: ReadOptions, *, compressed: bool | None = None) -> Iterator[Article | InputError]:
    """Articles of the dump at ``path`` (gzip-compressed when ``compressed``, default:
    when the name ends in ``.gz``)."""
    if compressed is None:
        compressed = path.lower().endswith(".gz")
    try:
        handle: BinaryIO = gzip.open(path, "rb") if compressed else open(path, "rb")  # type: ignore[assignment]
    except OSError as exc:
        yield os_error(exc, path)
        return
    with handle:
        yield from iter_jsonl(handle, path, options)


_EMPTY = (b"\n", b"\r\n", b"")


def iter_jsonl(
    stream: BinaryIO, path: str, options: ReadOptions, *, lines: Iterable[tuple[int, bytes | None]] = (), start: int = 0
) -> Iterator[Article | InputError]:
    """Articles of a binary JSONL ``stream``.

    ``lines`` are ``(line number, line)`` pairs already read from it (the stdin sniffer's
    look-ahead; None for a line too long, already skipped), parsed first; ``start`` is the number of the last line they cover. Empty
    lines are skipped before any parsing, so a file of millions of them reads in a
    second or two. A line longer than ``ReadOptions.max_line_bytes`` is skipped with an
    error (its bytes are never held in memory).
    """
    limit = options.line_limit
    for number, line in lines:
        if line is None:
            yield _line_too_long(limit, path, number)
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        item = _parsed(line, path, number, options)
        if item is not None:
            yield item
    lineno = start
    partial = False  # the failure (if any) happened inside line `lineno`, not after it
    content = bool(lines)  # a non-empty line was seen
    readline = stream.readline
    try:
        while True:
            line = readline(limit + 1)
            if line in _EMPTY:
                if not line:
                    break
                lineno += 1
                continue
            lineno += 1
            if not content and line.strip():
                content = True
            if not line.endswith(b"\n"):
                partial = True
                if len(line) > limit:
                    skip_rest_of_line(stream)
                    partial = False
                    yield _line_too_long(limit, path, lineno)
                    continue
                # the last line, without its newline: a truncated gzip only fails on the
                # next read, so make sure the stream really ends here before using it
                stream.read(1)
                partial = False
            if lineno == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            item = _parsed(line, path, lineno, options)
            if item is not None:
                yield item
        if not content:
            yield InputError("empty file (no JSON lines)" if lineno else "empty file", path)
    except EOFError:
        reached = lineno if partial else lineno + 1
        yield InputError(f"truncated gzip: the data ends in line {reached}", path, reached)
    except (gzip.BadGzipFile, zlib.error) as exc:
        reached = lineno if partial else lineno + 1
        where = "not a gzip file" if lineno == 0 and isinstance(exc, gzip.BadGzipFile) else f"corrupt gzip data: {exc}"
        yield InputError(where, path, reached if lineno else None)
    except OSError as exc:
        yield os_error(exc, path)


@dataclass(frozen=True, slots=True)
class JsonLine:
    """One JSONL line read but not parsed (`ReadOptions.defer`): the process that audits
    it parses it, so a ``--jobs`` parent only splits the dump into lines. Its errors
    name the file and the line exactly as the reader's own would."""

    line: bytes
    path: str
    lineno: int

    def parse(self, options: ReadOptions) -> Article | InputError | None:
        """The line's `Article` or `InputError`; None for a line of white space only."""
        return _parse_line(self.line, self.path, self.lineno, options)


def _parsed(line: bytes, path: str, lineno: int, options: ReadOptions) -> Article | InputError | JsonLine | None:
    if options.defer:
        return JsonLine(line, path, lineno) if line.strip() else None
    return _parse_line(line, path, lineno, options)


def _line_too_long(limit: int, path: str, lineno: int) -> InputError:
    return InputError(f"line too long (over {limit:,} bytes; see ReadOptions.max_line_bytes), skipped", path, lineno)


def skip_rest_of_line(stream: BinaryIO) -> None:
    """Read past the end of the current line, 1 MB at a time."""
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


#: a lone surrogate (a JSON escape such as "\ud800" with no partner): not text, and no
#: UTF-8 writer accepts it
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


def parse_object(raw: str, path: str, lineno: int) -> dict | InputError:
    """The JSON object on one line of a JSONL file, or the one-line `InputError` that
    names the file and line: malformed JSON, nesting too deep for the parser, a number
    with more digits than Python converts, or a value that is not an object. Shared by
    every JSONL reader (articles here; hypotheses, references and gold in `auditor.scoring`)."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", path, lineno)
    except RecursionError:
        return InputError("malformed JSON: nested too deeply", path, lineno)
    except ValueError:  # Python's int-string limit (sys.get_int_max_str_digits)
        return InputError(f"a number with more than {sys.get_int_max_str_digits():,} digits", path, lineno)
    if not isinstance(record, dict):
        return InputError(f"expected a JSON object, got {_kind(record)}", path, lineno)
    return record


def _parse_line(line: bytes, path: str, lineno: int, options: ReadOptions) -> Article | InputError | None:
    if not line.strip():
        return None
    try:
        raw = line.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        return InputError(f"invalid UTF-8 at byte {exc.start} of the line: {exc.reason}", path, lineno)
    record = parse_object(raw, path, lineno)
    if isinstance(record, InputError):
        return record
    if _ESCAPED_SURROGATE.search(line):
        record = _without_surrogates(record)
    return record_to_article(record, path=path, lineno=lineno, options=options)


def _without_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (keys too) replaced by U+FFFD,
    one code point for one, so offsets into the text do not move."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def _kind(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _get(record: dict, name: str) -> Any:
    if name in record:
        return record[name]
    if "." in name:
        value: Any = record
        for part in name.split("."):
            if not isinstance(value, dict) or part not in value:
                return _MISSING
            value = value[part]
        return value
    return _MISSING


def record_to_article(record: dict, *, path: str = "", lineno: int | None = None, options: ReadOptions) -> Article | InputError:
    """An `Article` from one parsed JSON record (also usable on rows of other dump formats)."""
    text = _get(record, options.text_field)
    if text is _MISSING:
        return InputError(f"no {options.text_field!r} field (set the text field with --text-field)", path, lineno)
    if not isinstance(text, str):
        return InputError(f"field {options.text_field!r} is {_kind(text)}, not a string", path, lineno)
    if not text.strip():
        return InputError(f"empty text in field {options.text_field!r}", path, lineno)

    title = _get(record, options.title_field)
    title = title.strip() if isinstance(title, str) else ""
    span = None
    body_start = 0
    if title:
        lead = len(text) - len(text.lstrip())
        if text.startswith(title, lead):
            span = Span(lead, lead + len(title))
        else:  # a headline outside the text is audited too, as the first line (see with_title)
            text, span, body_start = with_title(title, text)
            title = text[span.start : span.end]

    long = too_long(text, options.max_article_chars, path, lineno)
    if long is not None:
        return long

    ident = _get(record, options.id_field)
    if ident is _MISSING or ident is None or isinstance(ident, (dict, list)):
        ident = lineno if lineno is not None else ""
    opt = {k: record.get(k) for k in _OPTIONAL}
    used = {options.text_field, options.title_field, options.id_field, *_OPTIONAL}
    meta = {k: v for k, v in record.items() if k not in used}
    source_text = opt["source_text"] if isinstance(opt["source_text"], str) and opt["source_text"] else None
    if source_text is not None:
        long = too_long(source_text, options.max_article_chars, path, lineno, what="source_text")
        if long is not None:
            return long
    return Article(
        text=text,
        id=str(ident),
        path=path,
        title=title,
        title_span=span,
        url=opt["url"] if isinstance(opt["url"], str) else "",
        lang=opt["lang"].strip().lower() if isinstance(opt["lang"], str) and opt["lang"].strip() else "en",
        source_lang=opt["source_lang"].strip().lower() if isinstance(opt["source_lang"], str) and opt["source_lang"].strip() else None,
        source_text=source_text,
        meta=meta,
        record=record,
        body_start=body_start,
        # the source has no headline to compare a headline put in front of the text with
        suppressions=[Suppression(("SRC",), 0, body_start)] if body_start and source_text else [],
    )
