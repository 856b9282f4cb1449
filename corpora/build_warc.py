"""Build corpora/sample.warc.gz from the pages in corpora/html/ (run from anywhere).

    python corpora/build_warc.py            # rewrites corpora/sample.warc.gz

The archive is what a crawler would capture: a ``warcinfo`` record, then for each page a
``request`` and an HTML ``response`` (URI = the page's canonical link or og:url), plus
records the reader must skip silently: a stylesheet, a ``robots.txt`` and a redirect.
Dates and record ids are fixed (ids are UUID5 of the URI), so the output is byte-for-byte
reproducible and can be committed.
"""

from __future__ import annotations

import io
import re
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
OUT = HERE / "sample.warc.gz"
DATE = "2024-09-20T08:00:00Z"
_URL = re.compile(rb"""<link rel="canonical" href="([^"]+)"|<meta property="og:url" content="([^"?]+)""")


def _record_id(uri: str, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ' ' + uri)}>"


def _write(writer: WARCWriter, uri: str, kind: str, payload: bytes, http: StatusAndHeaders | None, content_type: str = "") -> None:
    headers = {"WARC-Record-ID": _record_id(uri, kind), "WARC-Date": DATE}
    record = writer.create_warc_record(
        uri, kind, payload=io.BytesIO(payload), length=len(payload) if http is None else None,
        warc_content_type=content_type, warc_headers_dict=headers, http_headers=http,
    )
    writer.write_record(record)


def _response(writer: WARCWriter, uri: str, status: str, content_type: str, body: bytes, extra: list | None = None) -> None:
    host = uri.split("/")[2]
    path = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: auditor-sample-crawler/1.0\r\n\r\n".encode()
    _write(writer, uri, "request", request, None, "application/http; msgtype=request")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))] + (extra or [])
    _write(writer, uri, "response", body, StatusAndHeaders(status, headers, protocol="HTTP/1.1"))


def build(out: Path = OUT) -> Path:
    with open(out, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        info = io.BytesIO(b"software: auditor corpora/build_warc.py\r\nformat: WARC File Format 1.1\r\n")
        _write(writer, "", "warcinfo", info.getvalue(), None, "application/warc-fields")
        for page in sorted((HERE / "html").glob("*.html")):
            body = page.read_bytes()
            match = _URL.search(body)
            uri = (match.group(1) or match.group(2)).decode() if match else f"https://example.com/{page.name}"
            host = "/".join(uri.split("/")[:3])
            _response(writer, f"{host}/static/site.css", "200 OK", "text/css", b"body { font-family: serif; }\n")
            _response(writer, uri, "200 OK", "text/html; charset=utf-8", body)
            _response(writer, f"{host}/robots.txt", "200 OK", "text/plain", b"User-agent: *\nDisallow: /search\n")
            _response(
                writer, uri.replace("https://", "http://"), "301 Moved Permanently", "text/html",
                b"<html><body>Moved</body></html>", [("Location", uri)],
            )
    return out


if __name__ == "__main__":
    print(build())
