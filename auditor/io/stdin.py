"""Standard input (``-``): a JSONL stream or one text article, sniffed.

To keep a large stream (``zcat dump.jsonl.gz | auditor check -``) streaming, the sniffer
looks at the first `SNIFF_LINES` non-empty lines only (and at most
``ReadOptions.max_bytes`` of input): stdin is JSONL when its first non-empty line is a
JSON object and so are most (more than half) of the lines looked at. Then every line is
read as JSONL: a line that is not a JSON object, among the first ones or later, is a
per-line error naming its line, and the other lines are audited. Otherwise the whole
input is one text article (subject to ``ReadOptions.max_bytes``). Empty lines count for
nothing and are not kept one by one.
"""

from __future__ import annotations

import io
import json
import sys
from typing import TYPE_CHECKING, BinaryIO, Iterator

from auditor.document import Article
from auditor.errors import InputError
from auditor.io.common import size_error

if TYPE_CHECKING:
    from auditor.io import ReadOptions

NAME = "<stdin>"
SNIFF_LINES = 100


def _binary_stdin() -> BinaryIO:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    # a text stream without a buffer (tests, embedding): re-encode it
    return io.BytesIO(stream.read().encode("utf-8"))


def _is_json_object(line: bytes) -> bool:
    line = line.strip().removeprefix(b"\xef\xbb\xbf")
    if not (line.startswith(b"{") and line.endswith(b"}")):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def read_stdin(options: ReadOptions, stream: BinaryIO | None = None) -> Iterator[Article | InputError]:
    """The articles on stdin (or on ``stream``, a binary stream)."""
    from auditor.io.jsonl import iter_jsonl, skip_rest_of_line
    from auditor.io.text import article_from_bytes

    stream = stream if stream is not None else _binary_stdin()
    fmt = options.format
    head = bytearray()  # every byte read so far, for a text article
    overflow = False  # a line too long to keep was skipped
    if fmt in ("auto", "jsonl"):
        lines: list[tuple[int, bytes | None]] = []  # the non-empty lines read, with their numbers
        lineno = objects = 0
        first_is_object = False
        while len(lines) < SNIFF_LINES and len(head) <= options.max_bytes:
            line = stream.readline(options.line_limit + 1)
            if not line:
                break
            lineno += 1
            if len(line) > options.line_limit and not line.endswith(b"\n"):
                skip_rest_of_line(stream)  # never held: JSONL reports it, text is too large
                lines.append((lineno, None))
                overflow = True
                continue
            head += line
            if not line.strip():
                continue
            lines.append((lineno, line))
            if _is_json_object(line):
                objects += 1
                first_is_object = first_is_object or len(lines) == 1
        jsonl = fmt == "jsonl" or (first_is_object and 2 * objects > len(lines))
        if jsonl:
            yield from iter_jsonl(stream, NAME, options, lines=lines, start=lineno)
            return
    if overflow:
        yield InputError(f"not JSONL, and a line is over {options.line_limit:,} bytes: too large for one article", NAME)
        return
    if fmt == "html":
        from auditor.io.html import article_from_html

        data = stream.read(options.max_bytes + 1)
        if len(data) > options.max_bytes:
            yield size_error(len(data), options.max_bytes, NAME)
            return
        yield article_from_html(data, path=NAME, article_id="", options=options)
        return
    if fmt == "warc":
        yield InputError("WARC input cannot be read from stdin; pass the file", NAME)
        return
    budget = options.max_bytes + 1 - len(head)
    data = bytes(head) + (stream.read(budget) if budget > 0 else b"")
    if len(data) > options.max_bytes:
        yield size_error(len(data), options.max_bytes, NAME)
        return
    yield article_from_bytes(data, path=NAME, article_id="", options=options, markdown=fmt == "markdown")
