"""Web archives (``.warc``, ``.warc.gz``) via warcio, streamed record by record.

Every ``response`` record (or ``resource`` record) whose content type is HTML and whose
HTTP status is 2xx becomes an article extracted with trafilatura (see `auditor.io.html`):
``id`` is the WARC-Target-URI (the WARC-Record-ID when the record has no URI or the URI
was seen before in the file), ``url`` the target URI; the record id and date are kept in
``Article.meta``. Other records (requests, metadata, images, redirects, pages with no
article text) are skipped silently. A corrupt record gives one `InputError` naming the
record and its byte offset; the archive cannot be resynchronised after it, so reading
of that file stops there.

Every decompressed record is bounded in memory: headers (WARC and HTTP) may take at most
`HEADER_BYTES` (a gzip bomb where headers should be is a corrupt record), and a page's
payload is read up to ``ReadOptions.max_bytes`` (a larger page is a "page too large"
error; the rest of it is skipped in small blocks, never held).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from auditor.document import Article
from auditor.errors import InputError
from auditor.io.common import os_error
from auditor.io.html import article_from_html

if TYPE_CHECKING:
    from auditor.io import ReadOptions

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NOT_ARTICLE = "no article text found"


def read_warc(path: str, options: ReadOptions) -> Iterator[Article | InputError]:
    """Articles of the HTML responses in the archive at ``path``."""
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield os_error(exc, path)
        return
    number = 0
    seen: set[str] = set()
    with handle:
        records = _strict_iterator(handle)
        iterator = iter(records)
        if os.fstat(handle.fileno()).st_size == 0:
            yield InputError("empty file", path)
            return
        while True:
            failing = number + 1
            try:
                record = next(iterator, None)
                if record is None:
                    _check_complete(records, number)
                    return
                if record.format != "warc":
                    raise ArchiveLoadFailed("not a WARC record (ARC and unknown formats are not read)")
                number = failing
                item = _record_article(record, number, path, options, seen)
            except Exception as exc:  # warcio raises all kinds of errors on corrupt input
                yield _corrupt(exc, records, number if isinstance(exc, _CurrentRecordError) else failing, path)
                return
            if item is not None:
                yield item


def _corrupt(exc: Exception, records, number: int, path: str) -> InputError:
    offset = getattr(records, "offset", None)
    if isinstance(exc, _CurrentRecordError) and getattr(records, "member_info", None):
        offset = records.member_info[0]  # where the damaged record starts
    where = f" at byte {offset}" if isinstance(offset, int) else ""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return InputError(f"corrupt WARC record {number}{where}: {reason}", path)


def _check_complete(records, number: int) -> None:
    """Raise when the archive ended early: a gzip member cut short, or no record at all."""
    from warcio.exceptions import ArchiveLoadFailed

    decompressor = getattr(records.reader, "decompressor", None)
    if decompressor is not None and not getattr(decompressor, "eof", True):
        raise ArchiveLoadFailed("truncated gzip member")
    if number == 0:
        raise ArchiveLoadFailed("no WARC record found")


class _CurrentRecordError(Exception):
    """The record just read (not the next one) turned out to be damaged."""


def _strict_iterator(handle):
    """A warcio `ArchiveIterator` that raises, instead of printing a warning to stderr, when a
    record is not followed by its blank lines (a wrong Content-Length: what follows would
    be parsed from the wrong offset)."""
    import io
    import sys

    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class StrictIterator(ArchiveIterator):
        def _consume_blanklines(self):
            before, saved = self.err_count, sys.stderr
            sys.stderr = io.StringIO()
            try:
                with _bounded_lines(self.reader):
                    result = super()._consume_blanklines()
            finally:
                sys.stderr = saved
            if self.err_count > before:
                raise ArchiveLoadFailed("record not followed by a blank line (wrong Content-Length?)")
            return result

        def _next_record(self, next_line):
            try:
                with _bounded_lines(self.reader):  # WARC and HTTP headers: a bounded read
                    record = super()._next_record(next_line)
                if record.format == "warc" and record.rec_headers.get_header("Content-Length") is None:
                    raise ArchiveLoadFailed("record headers cut short (no Content-Length)")
                return record
            except EOFError:
                # warcio takes any end of input while parsing a record's headers for the
                # end of the archive; tell a clean end from one inside a record
                decompressor = getattr(self.reader, "decompressor", None)
                if decompressor is not None:
                    if not getattr(decompressor, "eof", True):
                        raise ArchiveLoadFailed("truncated gzip member") from None
                elif _size(self.fh) - (self.offset or 0) > 4:  # more than the blank lines
                    raise ArchiveLoadFailed("record headers cut short") from None
                raise

        def read_to_end(self, record=None):
            raw = self.record.raw_stream if self.record is not None and not self.member_info else None
            result = super().read_to_end(record)
            missing = getattr(raw, "limit", 0)
            if isinstance(missing, int) and missing > 0:
                raise _CurrentRecordError(f"record truncated ({missing} bytes of its content missing)")
            decompressor = getattr(self.reader, "decompressor", None)
            if raw is not None and decompressor is not None and not getattr(decompressor, "eof", True):
                raise _CurrentRecordError("truncated gzip member")
            return result

    return StrictIterator(handle)


#: the longest header line read, and the most header bytes read per record, before the
#: record counts as corrupt (warcio reads a header "line" up to the record's length: a
#: decompression bomb without a newline would be held whole)
HEADER_LINE = 64 * 1024
HEADER_BYTES = 1024 * 1024


@contextmanager
def _bounded_lines(reader):
    """While parsing headers, ``reader.readline`` returns at most `HEADER_LINE` bytes at a
    time and raises once `HEADER_BYTES` were read."""
    from warcio.exceptions import ArchiveLoadFailed

    original = reader.readline
    left = HEADER_BYTES

    def readline(length=None):
        nonlocal left
        line = original(HEADER_LINE if length is None else min(length, HEADER_LINE))
        left -= len(line)
        if left < 0:
            raise ArchiveLoadFailed(f"record headers over {HEADER_BYTES} bytes (a decompression bomb?)")
        return line

    reader.readline = readline
    try:
        yield
    finally:
        del reader.readline  # the class's own method again


def _size(handle) -> int:
    try:
        return os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return 0


def _record_article(record, number: int, path: str, options: ReadOptions, seen: set[str]) -> Article | InputError | None:
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    if mime.strip().lower() not in _HTML_TYPES:
        return None
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    uri = headers.get_header("WARC-Target-URI") or ""
    record_id = headers.get_header("WARC-Record-ID") or ""
    ident = uri if uri and uri not in seen else (record_id or f"record-{number}")
    seen.add(uri)
    payload = record.content_stream().read(options.max_bytes + 1)
    name = uri or record_id or f"#{number}"
    if len(payload) > options.max_bytes:
        return InputError(f"record {number} ({name}): page too large (limit {options.max_bytes} bytes)", path)
    missing = getattr(record.raw_stream, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        return None  # truncated: the iterator reports it when it moves past the record
    meta = {"warc_record_id": record_id}
    date = headers.get_header("WARC-Date")
    if date:
        meta["warc_date"] = date
    item = article_from_html(
        payload, path=path, article_id=ident, options=options, url=uri, charset=charset, lenient=True, meta=meta
    )
    if isinstance(item, InputError):
        if item.reason.startswith((_NOT_ARTICLE, "empty file")):
            return None  # index pages, empty bodies: not articles
        return InputError(f"record {number} ({name}): {item.reason}", path)
    return item
