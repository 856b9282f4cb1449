"""``--source PATH``: give each article its source text from a file or a folder.

* a file: the source of every article read (one translated article per run);
* a folder: sources paired with inputs by file name. An article read from
  ``out/story-12.en.txt`` (or a JSONL line with id ``story-12``) takes the source file
  whose name, without extensions and without a language tag, is ``story-12``: e.g.
  ``src/story-12.it.txt`` (source language ``it`` from the tag) or ``src/story-12.txt``
  (language detected). Articles without a matching source are left as they are.

Sources already in the article (the JSONL ``source_text`` field) are kept.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Iterator

from auditor.document import Article
from auditor.errors import UsageError

_LANG_TAG = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]{2})?$")
_EXTENSIONS = {".txt", ".md", ".markdown", ".text", ".src", ".gz", ".html", ".htm"}
MAX_SOURCE_BYTES = 20 * 2**20


def split_name(name: str) -> tuple[str, str | None]:
    """``story-12.it.txt`` -> (``story-12``, ``it``); ``story-12.txt`` -> (``story-12``, None)."""
    base = os.path.basename(name)
    while True:
        stem, ext = os.path.splitext(base)
        if ext.lower() in _EXTENSIONS and stem:
            base = stem
            continue
        break
    stem, ext = os.path.splitext(base)
    if ext and _LANG_TAG.match(ext[1:]):
        return stem, ext[1:].lower().replace("_", "-").split("-")[0]
    return base, None


def _read(path: Path) -> str:
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise UsageError(f"source {path} is larger than {MAX_SOURCE_BYTES // 2**20} MB")
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        import gzip

        data = gzip.decompress(data)
    return data.decode("utf-8-sig", errors="replace")


class SourcePairer:
    """Finds and attaches source texts; reads each source file once, when first needed."""

    def __init__(self, path: str | os.PathLike, lang: str | None = None):
        self.root = Path(path)
        self.lang = lang
        if not self.root.exists():
            raise UsageError(f"--source {path}: no such file or directory")
        self._index: dict[str, Path] = {}
        if self.root.is_dir():
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        stem, _lang = split_name(name)
                        self._index.setdefault(stem, Path(dirpath) / name)

    def source_for(self, article: Article) -> tuple[str, str | None] | None:
        """(source text, source language or None) for ``article``, or None."""
        if self.root.is_file():
            return _read(self.root), self.lang or split_name(self.root.name)[1]
        keys = []
        if article.path:
            keys.append(split_name(article.path)[0])
        if article.id:
            keys.append(split_name(str(article.id))[0])
        for key in keys:
            path = self._index.get(key)
            if path is not None:
                return _read(path), self.lang or split_name(path.name)[1]
        return None

    def attach(self, article: Article) -> Article:
        if article.source_text:
            return article
        found = self.source_for(article)
        if found is not None:
            article.source_text, lang = found
            if lang and not article.source_lang:
                article.source_lang = lang
        return article


def with_sources(items: Iterable, path: str | os.PathLike | None, lang: str | None = None) -> Iterator:
    """The articles of ``items`` with their sources attached (other items pass through)."""
    if path is None:
        yield from items
        return
    pairer = SourcePairer(path, lang)
    for item in items:
        yield pairer.attach(item) if isinstance(item, Article) else item
