"""HTML pages: article extraction with trafilatura.

The article text is what trafilatura keeps of the page (navigation, footers and sidebars
go), one paragraph per extracted block, blocks separated by a blank line. The headline
(the page's ``<h1>``, else ``og:title``, else ``<title>``) is the first line of the text
and ``title_span`` points at it. ``url`` comes from ``<link rel="canonical">``, else
``og:url``; ``lang`` from ``<html lang>``.

Inline suppressions: ``<!-- auditor: ignore CODE -->``, ``disable`` and ``enable`` comments
in the HTML act as they do in Markdown. Comments do not survive extraction, so each one
is pinned to the start of the next element's text with a marker, and the markers found
in the extracted text become `Article.suppressions` (the text itself stays clean).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Iterator

from auditor.document import Article, Span, Suppression
from auditor.errors import InputError
from auditor.io.common import decode, looks_binary, read_file, too_long
from auditor.suppress import DIRECTIVE, parse_directives

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from auditor.io import ReadOptions

# trafilatura logs page-level complaints ("discarding data") as warnings; the reader
# reports what matters as InputErrors instead
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1", "cp819"})
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")
#: pages whose extracted text is shorter than this (navigation-only pages, error pages,
#: index pages where the extractor keeps a menu) are not articles
MIN_WORDS = 8
_MARKER = "auditorpin{}x"
_MARKER_RE = re.compile(r"auditorpin(\d+)x ?")
_CANONICAL = (
    "//link[contains(concat(' ', normalize-space(translate(@rel, 'CANOIL', 'canoil')), ' '), ' canonical ')]/@href"
)
_OG = "//meta[@property='og:{0}' or @name='og:{0}']/@content"


def read_html(path: str, article_id: str, options: ReadOptions) -> Iterator[Article | InputError]:
    """The article in the HTML file ``path``."""
    data = read_file(path, options.max_bytes)
    if isinstance(data, InputError):
        yield data
        return
    yield article_from_html(data, path=path, article_id=article_id, options=options)


def decode_html(data: bytes, path: str, *, charset: str | None = None, lenient: bool = False) -> str | InputError:
    """Decode a page: the HTTP charset, else a ``<meta charset>``, else UTF-8. ``lenient``
    (web archives) replaces undecodable bytes instead of failing."""
    declared = charset or _declared_charset(data)
    if declared and declared.lower().replace("_", "-") in _WINDOWS_1252_LABELS:
        declared = "cp1252"  # as browsers do (WHATWG Encoding Standard)
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = None  # a byte-order mark wins over any declaration
    if declared:
        try:
            return data.decode(declared, errors="replace" if lenient else "strict")
        except (LookupError, UnicodeDecodeError):
            pass
    if lenient:
        if looks_binary(data):
            return InputError("binary content, skipped", path)
        return data.decode("utf-8", errors="replace")
    decoded = decode(data, path)
    return decoded if isinstance(decoded, InputError) else decoded[0]


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data, 0, 4096)
    return match.group(1).decode("ascii") if match else None


def article_from_html(
    data: bytes | str,
    *,
    path: str,
    article_id: str,
    options: ReadOptions,
    url: str = "",
    charset: str | None = None,
    lenient: bool = False,
    meta: dict | None = None,
) -> Article | InputError:
    """One article extracted from an HTML page (bytes are decoded with `decode_html`)."""
    import lxml.etree
    import lxml.html
    import trafilatura

    if isinstance(data, bytes):
        if not data.strip():
            return InputError("empty file", path)
        decoded = decode_html(data, path, charset=charset, lenient=lenient)
        if isinstance(decoded, InputError):
            return decoded
        data = decoded
    markup = _XML_DECL.sub("", data, count=1)
    if not markup.strip():
        return InputError("empty file", path)
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        return InputError(f"cannot parse HTML: {exc}", path)

    page_url = url or _first(tree, _CANONICAL) or _first(tree, _OG.format("url"))
    lang = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "en").strip().lower()
    lang = re.split(r"[-_]", lang)[0] or "en"
    heading = _headline(tree)
    directives = _pin_directives(tree, markup)

    try:
        document = trafilatura.bare_extraction(
            tree, url=page_url or None, include_comments=False, with_metadata=False, include_images=False
        )
    except Exception as exc:  # trafilatura raises a variety of errors on odd pages
        return InputError(f"cannot extract the article: {exc!r}", path)
    body = getattr(document, "text", None) if document is not None else None
    if not body or len(_MARKER_RE.sub("", body).split()) < MIN_WORDS:
        return InputError("no article text found in the page", path)

    blocks: list[str] = []
    lone = ""  # markers whose element kept no other text: pinned to the next block
    for line in body.split("\n"):
        line = line.strip()
        if not line:
            continue
        if not _MARKER_RE.sub("", line).strip():
            lone += line + " "
            continue
        blocks.append(lone + line)
        lone = ""
    first = _MARKER_RE.sub("", blocks[0]).strip() if blocks else ""
    if heading and first != heading:
        blocks.insert(0, heading)
    title = heading or first
    pinned = "\n\n".join(blocks) + "\n"
    text, suppressions = _unpin(pinned, directives)
    long = too_long(text, options.max_article_chars, path)
    if long is not None:
        return long
    span = Span(0, len(title)) if title and text.startswith(title) else None
    info = {"format": "html"}
    if meta:
        info.update(meta)
    return Article(
        text=text,
        id=article_id,
        path=path,
        title=title if span else "",
        title_span=span,
        url=page_url,
        lang=lang,
        suppressions=suppressions,
        meta=info,
    )


def _first(tree: HtmlElement, xpath: str) -> str:
    for value in tree.xpath(xpath):
        value = str(value).strip()
        if value:
            return value
    return ""


def _clean(text: str) -> str:
    return " ".join(text.split())


def _headline(tree: HtmlElement) -> str:
    for h1 in tree.iter("h1"):
        text = _clean(h1.text_content())
        if text:
            return text
    og = _clean(_first(tree, _OG.format("title")))
    if og:
        return og
    title = tree.find(".//title")
    return _clean(title.text_content()) if title is not None else ""


def _pin_directives(tree: HtmlElement, markup: str) -> list[str]:
    """Replace each ``auditor:`` comment by a marker at the start of the next element's
    text; returns the directives in marker order."""
    import lxml.etree

    if "auditor:" not in markup:
        return []
    directives: list[str] = []
    for comment in list(tree.iter(lxml.etree.Comment)):
        raw = f"<!--{comment.text or ''}-->"
        if not DIRECTIVE.fullmatch(raw.strip()):
            continue
        target = _next_text_element(comment)
        if target is None:
            continue
        target.text = _MARKER.format(len(directives)) + " " + (target.text or "").lstrip()
        directives.append(raw)
    return directives


def _next_text_element(node):
    """The element whose text follows ``node`` in document order (descending into the first
    block of a container)."""
    current = node
    while current is not None:
        sibling = current.getnext()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()  # skip comments and processing instructions
        if sibling is not None:
            target = sibling
            while (target.text is None or not target.text.strip()) and len(target):
                child = next((c for c in target if isinstance(c.tag, str)), None)
                if child is None:
                    break
                target = child
            return target
        current = current.getparent()
        if current is not None and current.tag in ("body", "html"):
            return None
    return None


def _unpin(pinned: str, directives: list[str]) -> tuple[str, list[Suppression]]:
    """Drop the markers from ``pinned``; turn the directives they stand for into
    suppressions over the clean text (same semantics as Markdown comments)."""
    if not directives:
        return pinned, []
    clean: list[str] = []
    commented: list[str] = []
    inserts: list[tuple[int, int, int]] = []  # (position in commented, length, position in clean)
    clean_len = commented_len = pos = 0
    for match in _MARKER_RE.finditer(pinned):
        index = int(match.group(1))
        piece = pinned[pos : match.start()]
        clean.append(piece)
        commented.append(piece)
        clean_len += len(piece)
        commented_len += len(piece)
        if index < len(directives):
            comment = directives[index]
            inserts.append((commented_len, len(comment), clean_len))
            commented.append(comment)
            commented_len += len(comment)
        pos = match.end()
    clean.append(pinned[pos:])
    commented.append(pinned[pos:])
    text = "".join(clean)

    def to_clean(offset: int) -> int:
        shift = 0
        for at, length, clean_at in inserts:
            if offset < at:
                break
            if offset < at + length:
                return clean_at
            shift += length
        return offset - shift

    out = []
    for s in parse_directives("".join(commented)):
        start, end = to_clean(s.start), to_clean(s.end)
        if end > start:
            out.append(Suppression(s.codes, start, end))
    return text, out
