"""Readers: turn paths, directories, stdin and dumps into `Article`s, streaming.

`iter_articles` yields an `Article` per article and an `InputError` (not raised) per
unreadable file or line, so a batch goes on past bad input. Formats, by extension:

* ``.txt``, ``.md``, ``.markdown`` and any other extension: one article per file
  (`auditor.io.text`);
* ``.jsonl``, ``.ndjson`` (``.gz`` too): one article per line (`auditor.io.jsonl`);
* ``.html``, ``.htm``, ``.xhtml``: one article per page (`auditor.io.html`);
* ``.warc``, ``.warc.gz``: one article per HTML response (`auditor.io.warc`);
* ``-``: standard input, JSONL when its lines are JSON objects, else one text article.

Directories are walked recursively in sorted order (hidden files and folders skipped);
``include`` / ``exclude`` globs are matched against the path relative to the directory
(a pattern without ``/`` also matches the file name alone); symbolic links to folders are
not followed. Files named on the command line are always read. Input files are only ever opened for reading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Iterable, Iterator

from auditor.document import Article
from auditor.errors import InputError, UsageError
from auditor.io.common import MB, os_error

__all__ = ["ReadOptions", "iter_articles", "detect_format", "walk", "KNOWN_EXTENSIONS", "FORMATS"]

#: reader name -> file name endings that select it (lower case)
KNOWN_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "jsonl": (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"),
    "warc": (".warc", ".warc.gz"),
    "html": (".html", ".htm", ".xhtml"),
    "markdown": (".md", ".markdown"),
    "text": (".txt",),
}
FORMATS = ("auto", "text", "markdown", "jsonl", "html", "warc")
DEFAULT_INCLUDE = tuple(f"*{ext}" for exts in KNOWN_EXTENSIONS.values() for ext in exts)


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: JSONL field names and directory globs.

    ``max_bytes``: the largest text, Markdown or HTML file (or JSONL line, or WARC
    payload) read; larger ones give a "file too large" error. ``encoding``: of text files
    without a byte-order mark. ``format``: ``auto`` (by extension) or one reader for
    every input.
    """

    text_field: str = "text"
    title_field: str = "title"
    id_field: str = "id"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    max_bytes: int = 50 * MB
    encoding: str = "utf-8"
    format: str = "auto"


def detect_format(name: str) -> str:
    """The reader for a file name: ``jsonl``, ``warc``, ``html``, ``markdown`` or ``text``."""
    lower = name.lower()
    for fmt, endings in KNOWN_EXTENSIONS.items():
        if lower.endswith(endings):
            return fmt
    if lower.endswith(".gz"):
        inner = detect_format(lower[:-3])
        return inner if inner in ("text", "markdown") else "text"
    return "text"


def iter_articles(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article | InputError]:
    """Every article in ``paths`` (files, directories, ``-`` for stdin), in order."""
    options = options or ReadOptions()
    if options.format not in FORMATS:
        raise UsageError(f"unknown input format {options.format!r} (choose from {', '.join(FORMATS)})")
    for path in paths:
        if path == "-":
            from auditor.io.stdin import read_stdin

            yield from read_stdin(options)
            continue
        for item in walk(path, options):
            if isinstance(item, InputError):
                yield item
            else:
                yield from read_path(item[0], item[1], options)


def read_path(path: str, article_id: str, options: ReadOptions) -> Iterator[Article | InputError]:
    """The articles of one file, read by the reader its name (or ``options.format``) picks."""
    fmt = detect_format(path) if options.format == "auto" else options.format
    if fmt == "jsonl":
        from auditor.io.jsonl import read_jsonl

        return read_jsonl(path, options)
    if fmt == "warc":
        from auditor.io.warc import read_warc

        return read_warc(path, options)
    if fmt == "html":
        from auditor.io.html import read_html

        return read_html(path, article_id, options)
    from auditor.io.text import read_text

    return read_text(path, article_id, options, markdown=fmt == "markdown")


def walk(path: str, options: ReadOptions) -> Iterator[tuple[str, str] | InputError]:
    """``(file path, id)`` for a file, or for every matching file under a directory (the id
    is the path relative to the directory, with ``/``); an `InputError` for what cannot be
    listed."""
    try:
        is_dir = os.path.isdir(path)
        if not is_dir:
            os.stat(path)
    except OSError as exc:
        yield os_error(exc, path)
        return
    if not is_dir:
        yield path, _posix(path)
        return
    include = options.include or DEFAULT_INCLUDE
    yield from _walk_dir(path, "", include, options.exclude, case_insensitive=not options.include)


def _walk_dir(root: str, rel: str, include, exclude, *, case_insensitive: bool) -> Iterator[tuple[str, str] | InputError]:
    folder = os.path.join(root, rel) if rel else root
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield os_error(exc, folder)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel_path = f"{rel}/{entry.name}" if rel else entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
        except OSError as exc:
            yield os_error(exc, entry.path)
            continue
        if is_dir:
            if not _matches(rel_path, exclude) and not _matches(rel_path + "/", exclude):
                yield from _walk_dir(root, rel_path, include, exclude, case_insensitive=case_insensitive)
        elif is_file:
            name = rel_path.lower() if case_insensitive else rel_path
            if _matches(name, include) and not _matches(rel_path, exclude):
                yield entry.path, rel_path


def _matches(rel_path: str, patterns: Iterable[str]) -> bool:
    name = rel_path.rstrip("/").rsplit("/", 1)[-1]
    for pattern in patterns:
        if fnmatchcase(rel_path, pattern):
            return True
        if "/" not in pattern and fnmatchcase(name, pattern):
            return True
        if pattern.startswith("**/") and fnmatchcase(rel_path, pattern[3:]):
            return True
    return False


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path
