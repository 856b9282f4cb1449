"""Standard input (``-``): a JSONL stream or one text article, sniffed.

Stdin is JSONL when every non-empty line is a JSON object. To keep a large stream
(``zcat dump.jsonl.gz | auditor check -``) streaming, the sniffer looks at the first
`SNIFF_LINES` non-empty lines only: when they are all JSON objects the rest is read as
JSONL (a bad line later on is a per-line error); at the first line that is not, the whole
input is one text article (subject to ``ReadOptions.max_bytes``).
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
    from auditor.io.jsonl import iter_jsonl
    from auditor.io.text import article_from_bytes

    stream = stream if stream is not None else _binary_stdin()
    fmt = options.format
    head: list[bytes] = []
    if fmt in ("auto", "jsonl"):
        objects = 0
        size = 0
        jsonl = fmt == "jsonl"
        while not jsonl:
            line = stream.readline(options.max_bytes + 1)
            if not line:
                jsonl = objects > 0
                break
            head.append(line)
            size += len(line)
            if not line.strip():
                continue
            if size > options.max_bytes or not _is_json_object(line):
                break
            objects += 1
            if objects >= SNIFF_LINES:
                jsonl = True
        if jsonl:
            yield from iter_jsonl(stream, NAME, options, lines=head)
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
    budget = options.max_bytes + 1 - sum(map(len, head))
    data = b"".join(head) + (stream.read(budget) if budget > 0 else b"")
    if len(data) > options.max_bytes:
        yield size_error(len(data), options.max_bytes, NAME)
        return
    yield article_from_bytes(data, path=NAME, article_id="", options=options, markdown=fmt == "markdown")
