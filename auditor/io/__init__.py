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

Inside a directory only regular files are read: a FIFO, socket or device that matches the
globs gives a "not a regular file, skipped" error (opening a FIFO with no writer would
block forever). A FIFO, process substitution (``<(cmd)``) or ``/dev/stdin`` named on the
command line is read; `auditor.io.spool` copies such inputs once when they must be read
twice (the corpus pre-pass, then the audit).

Size limits (`ReadOptions`), each a one-line error naming the file (and line) while the
rest of the batch is read: ``max_bytes`` per file, ``max_line_bytes`` per JSONL line,
``max_article_chars`` per article text (and per ``source_text``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Iterable, Iterator

from auditor.document import Article
from auditor.errors import InputError, UsageError
from auditor.io.common import MB, os_error, renamed

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

    Limits, each turning what exceeds it into a one-line `InputError` (the batch goes on):
    ``max_bytes``: the largest text, Markdown or HTML file (decompressed, for ``.gz``),
    stdin text, or WARC record payload (decompressed) read. ``max_line_bytes``: the
    longest JSONL line. ``max_article_chars``: the longest article text (code points, the
    headline included) and ``source_text`` audited; rules are linear in the text, and a
    million characters (some 170,000 words) is far beyond any news article.
    ``encoding``: of text files without a byte-order mark. ``format``: ``auto`` (by
    extension) or one reader for every input. ``defer``: JSONL lines come as
    `auditor.io.jsonl.JsonLine`s (their bytes, file and line number), parsed by
    `JsonLine.parse` where they are audited (a ``--jobs`` worker), not by the reader.
    """

    text_field: str = "text"
    title_field: str = "title"
    id_field: str = "id"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    max_bytes: int = 50 * MB
    max_line_bytes: int = 16 * MB
    max_article_chars: int = 1_000_000
    encoding: str = "utf-8"
    format: str = "auto"
    defer: bool = False

    @property
    def line_limit(self) -> int:
        """The longest JSONL line read: ``max_line_bytes``, or ``max_bytes`` if smaller."""
        return min(self.max_bytes, self.max_line_bytes)


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


def iter_articles(
    paths: Iterable[str], options: ReadOptions | None = None, *, copies: dict[str, str | InputError] | None = None
) -> Iterator[Article | InputError]:
    """Every article in ``paths`` (files, directories, ``-`` for stdin), in order.

    ``copies`` maps an input named in ``paths`` to a file holding its bytes (see
    `auditor.io.spool`), read instead under the input's own name, or to the error met
    while copying it."""
    options = options or ReadOptions()
    if options.format not in FORMATS:
        raise UsageError(f"unknown input format {options.format!r} (choose from {', '.join(FORMATS)})")
    for path in paths:
        if path == "-":
            from auditor.io.stdin import read_stdin

            yield from read_stdin(options)
            continue
        if copies and path in copies:
            copy = copies[path]
            if isinstance(copy, InputError):
                yield copy
                continue
            for item in read_path(copy, _posix(path), options, name=path):
                yield renamed(item, copy, path)
            continue
        for item in walk(path, options):
            if isinstance(item, InputError):
                yield item
            else:
                yield from read_path(item[0], item[1], options)


def read_path(path: str, article_id: str, options: ReadOptions, *, name: str | None = None) -> Iterator[Article | InputError]:
    """The articles of one file, read by the reader its name (``name``, default ``path``)
    or ``options.format`` picks."""
    fmt = detect_format(name or path) if options.format == "auto" else options.format
    if fmt == "jsonl":
        from auditor.io.jsonl import read_jsonl

        return read_jsonl(path, options, compressed=(name or path).lower().endswith(".gz"))
    if fmt == "warc":
        from auditor.io.warc import read_warc

        return read_warc(path, options)
    if fmt == "html":
        from auditor.io.html import read_html

        return read_html(path, article_id, options)
    from auditor.io.text import read_text

    return read_text(path, article_id, options, markdown=fmt == "markdown",
                     compressed=(name or path).lower().endswith(".gz"))


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
            continue
        name = rel_path.lower() if case_insensitive else rel_path
        if not _matches(name, include) or _matches(rel_path, exclude):
            continue
        if is_file:
            yield entry.path, rel_path
        else:
            kind = _special_kind(entry.path)
            if kind:  # a FIFO would block the batch until something writes to it
                yield InputError(f"not a regular file ({kind}), skipped", entry.path)


def _special_kind(path: str) -> str:
    """What a non-regular, non-directory file is (``a FIFO``, ``a socket``, ``a device``),
    or "" for a broken symbolic link or a file that vanished."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "" if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "a special file"


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
