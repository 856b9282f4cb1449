"""Plain text and Markdown: one article per file.

``Article.text`` is the decoded content exactly as read (newlines, ``\\r\\n`` included,
untouched) with one exception: a leading byte-order mark is dropped, so offsets count
code points from the first character after it. The headline is the first non-empty line
(in Markdown, without its ``#`` marks and after any front matter).
"""

from __future__ import annotations

import gzip
import zlib
from typing import TYPE_CHECKING, Iterator

from auditor.document import Article, Suppression
from auditor.errors import InputError
from auditor.io.common import _FRONT_MATTER, decode, headline, os_error, read_file, size_error, too_long

if TYPE_CHECKING:
    from auditor.io import ReadOptions


def article_from_bytes(
    data: bytes, *, path: str, article_id: str, options: ReadOptions, markdown: bool = False
) -> Article | InputError:
    """One article from the bytes of a text file (or stdin)."""
    decoded = decode(data, path, options.encoding)
    if isinstance(decoded, InputError):
        return decoded
    text, encoding = decoded
    if not text.strip():
        return InputError("empty file", path)
    long = too_long(text, options.max_article_chars, path)
    if long is not None:
        return long
    title, span = headline(text, markdown=markdown)
    meta = {"format": "markdown" if markdown else "text"}
    if encoding != "utf-8":
        meta["encoding"] = encoding
    suppressions = []
    front = _FRONT_MATTER.match(text) if markdown else None
    if front:  # YAML front matter is metadata, not prose: no rule looks at it
        suppressions.append(Suppression((), 0, front.end()))
    return Article(text=text, id=article_id, path=path, title=title, title_span=span, meta=meta,
                   suppressions=suppressions)


def read_text(
    path: str, article_id: str, options: ReadOptions, *, markdown: bool = False, compressed: bool | None = None
) -> Iterator[Article | InputError]:
    """The article in the text or Markdown file ``path`` (gzip-compressed when
    ``compressed``, default: when the name ends in ``.gz``)."""
    if path.lower().endswith(".gz") if compressed is None else compressed:
        data = read_gzip(path, options.max_bytes)
    else:
        data = read_file(path, options.max_bytes)
    if isinstance(data, InputError):
        yield data
        return
    yield article_from_bytes(data, path=path, article_id=article_id, options=options, markdown=markdown)


def read_gzip(path: str, limit: int) -> bytes | InputError:
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except EOFError:
        return InputError("truncated gzip file", path)
    except (gzip.BadGzipFile, zlib.error) as exc:
        return InputError(f"corrupt gzip file: {exc}", path)
    except OSError as exc:
        return os_error(exc, path)
    if len(data) > limit:
        return size_error(len(data), limit, path)
    return data
