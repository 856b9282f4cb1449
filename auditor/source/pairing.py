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
from auditor.errors import InputError, UsageError
from auditor.io.common import decode, read_file
from auditor.io.text import read_gzip

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


def _read(path: Path) -> str | InputError:
    """The text of a source file, read as an article file is: at most `MAX_SOURCE_BYTES`,
    gunzipped when its name ends in ``.gz``, a byte-order mark dropped; a binary file, a
    damaged gzip, bytes that are not UTF-8 or a file that cannot be read give the reader's
    one-line `InputError` naming the file, never text with replacement characters."""
    name = str(path)
    data = read_gzip(name, MAX_SOURCE_BYTES) if name.lower().endswith(".gz") else read_file(name, MAX_SOURCE_BYTES)
    if isinstance(data, InputError):
        return data
    decoded = decode(data, name)
    return decoded if isinstance(decoded, InputError) else decoded[0]


class SourcePairer:
    """Finds and attaches source texts: a single source file is read once, a folder's
    files when an article asks for them (none held after).

    A source file that cannot be read is an `InputError` raised by `source_for` (and
    `attach`) the first time an article asks for it; the articles that ask again get no
    source, so a batch reports the file once and goes on (`with_sources`).
    """

    def __init__(self, path: str | os.PathLike, lang: str | None = None):
        self.root = Path(path)
        self.lang = lang
        if not self.root.exists():
            raise UsageError(f"--source {path}: no such file or directory")
        self._index: dict[str, Path] = {}
        self._root_text: str | None = None
        self._unreadable: set[Path] = set()  # reported once, then skipped
        self._single = self.root.is_file()  # one source for every article
        if not self._single:
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        stem, _lang = split_name(name)
                        self._index.setdefault(stem, Path(dirpath) / name)

    def source_for(self, article: Article) -> tuple[str, str | None] | None:
        """(source text, source language or None) for ``article``, or None."""
        path = self.root if self._single else self._match(article)
        if path is None or path in self._unreadable:
            return None
        text = self._root_text if self._root_text is not None else _read(path)  # only a single source is kept
        if isinstance(text, InputError):
            self._unreadable.add(path)
            raise text
        if self._single:
            self._root_text = text  # one file for every article: read it once
        return text, self.lang or split_name(path.name)[1]

    def _match(self, article: Article) -> Path | None:
        """The source file of ``article`` in the folder: by its path's or its id's stem."""
        keys = []
        if article.path:
            keys.append(split_name(article.path)[0])
        if article.id:
            keys.append(split_name(str(article.id))[0])
        for key in keys:
            path = self._index.get(key)
            if path is not None:
                return path
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

    def attach_each(self, item: Article | InputError | object) -> Iterator:
        """``item`` with its source attached; when its source file cannot be read, that
        file's `InputError` first and then the article as it is (checked without a
        source). Items that are not articles pass through."""
        if not isinstance(item, Article):
            yield item
            return
        try:
            self.attach(item)
        except InputError as error:
            yield error
        yield item


def with_sources(items: Iterable, path: str | os.PathLike | None, lang: str | None = None) -> Iterator:
    """The articles of ``items`` with their sources attached (other items pass through;
    an unreadable source file is reported once, before the first article that needs it)."""
    if path is None:
        yield from items
        return
    pairer = SourcePairer(path, lang)
    for item in items:
        yield from pairer.attach_each(item)
