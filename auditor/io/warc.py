"""Web archives (``.warc``, ``.warc.gz``) via warcio, streamed record by record.

Every ``response`` record (or ``resource`` record) whose content type is HTML and whose
HTTP status is 2xx becomes an article extracted with trafilatura (see `auditor.io.html`):
``id`` is the WARC-Target-URI (the WARC-Record-ID when the record has no URI or the URI
was seen before in the file), ``url`` the target URI; the record id and date are kept in
``Article.meta``. Other records (requests, metadata, images, redirects, pages with no
article text) are skipped silently. A corrupt record gives one `InputError` naming the
record and its byte offset; the archive cannot be resynchronised after it, so reading
of that file stops there.
"""

from __future__ import annotations

import zlib
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
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield os_error(exc, path)
        return
    number = 0
    seen: set[str] = set()
    with handle:
        records = ArchiveIterator(handle)
        try:
            for record in records:
                number += 1
                item = _record_article(record, number, path, options, seen)
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OSError) as exc:
            offset = getattr(records, "offset", None)
            where = f" at byte {offset}" if isinstance(offset, int) else ""
            reason = " ".join(str(exc).split()) or type(exc).__name__
            yield InputError(f"corrupt WARC record {number + 1}{where}: {reason}", path)


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
