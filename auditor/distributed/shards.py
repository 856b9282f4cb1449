"""Input shards: the files of a dump, listed once on the driver and read where a worker runs.

An input is a local file or folder, or a URL that pyarrow's filesystems open
(``file:///data/dump/``, ``s3://bucket/crawl/`` with credentials from the environment,
``gs://``, ``hdfs://``; any other scheme through fsspec when the matching package, e.g.
``s3fs``, is installed). Folders are walked recursively in sorted order with the CLI's
``--include``/``--exclude`` globs, so a shard's id and path are exactly what ``auditor
check`` gives the same file. Each file is one shard, read by the CLI's readers (JSONL and
``.jsonl.gz``, text, Markdown, HTML, WARC) or, for ``.parquet``, row by row as JSONL
records (the same field options). A remote file is copied to a private temporary file
first (streamed), then read under its URL.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from auditor.document import Article
from auditor.errors import InputError, UsageError
from auditor.io import DEFAULT_INCLUDE, ReadOptions, _matches, _walk_dir, read_path, walk
from auditor.io.common import os_error, renamed

__all__ = ["Shard", "list_shards", "read_shard", "is_url", "PARQUET"]

#: file name endings read as Parquet tables (one article per row)
PARQUET = (".parquet", ".pq")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Shard:
    """One input file: ``index`` in the run's sorted listing, ``uri`` (a local path as
    given or walked, or a URL), ``id`` (its path relative to the folder named, as the CLI
    gives text articles) and ``size`` in bytes (-1 when unknown)."""

    index: int
    uri: str
    id: str
    size: int = -1


def is_url(path: str) -> bool:
    """True for ``scheme://...`` (a Windows drive letter is no scheme)."""
    head, sep, _ = path.partition("://")
    return bool(sep) and len(head) > 1 and head.replace("+", "").isalnum()


def list_shards(paths: list[str], options: ReadOptions) -> tuple[list[Shard], list[InputError]]:
    """Every input file under ``paths``, in order, and the errors met while listing
    (a missing file, an unreadable folder: the CLI's one-line errors)."""
    if "-" in paths:
        raise UsageError("the distributed engine reads files and URLs, not stdin ('-')")
    # the CLI's default globs (matched without regard to case) and Parquet tables
    include = options.include or DEFAULT_INCLUDE + tuple(f"*{ext}" for ext in PARQUET)
    fold = not options.include
    shards: list[Shard] = []
    errors: list[InputError] = []
    for path in paths:
        found = _list_url(path, include, options.exclude, fold) if is_url(path) else _list_local(path, include, options, fold)
        for item in found:
            if isinstance(item, InputError):
                errors.append(item)
            else:
                shards.append(Shard(len(shards), *item))
    return shards, errors


def _list_local(path: str, include: tuple[str, ...], options: ReadOptions, fold: bool) -> Iterator[tuple[str, str, int] | InputError]:
    found = (_walk_dir(path, "", include, options.exclude, case_insensitive=fold) if os.path.isdir(path)
             else walk(path, options))
    for item in found:
        if isinstance(item, InputError):
            yield item
            continue
        try:
            size = os.stat(item[0]).st_size
        except OSError:
            size = -1
        yield item[0], item[1], size


def filesystem(uri: str) -> tuple[Any, str]:
    """``(pyarrow filesystem, path inside it)`` for a URL: pyarrow's own (local, S3, GCS,
    HDFS), else fsspec's through pyarrow's wrapper."""
    import pyarrow.fs as pafs

    try:
        return pafs.FileSystem.from_uri(uri)
    except (ValueError, NotImplementedError, OSError):  # a scheme pyarrow has no filesystem for
        pass
    try:
        import fsspec
    except ImportError:
        raise UsageError(f"{uri}: no filesystem for this URL (install fsspec and its driver, e.g. s3fs)") from None
    try:
        fs, path = fsspec.core.url_to_fs(uri)
    except (ImportError, ValueError) as exc:
        raise UsageError(f"{uri}: no filesystem for this URL ({exc})") from None
    return pafs.PyFileSystem(pafs.FSSpecHandler(fs)), path


def _list_url(url: str, include: tuple[str, ...], exclude: tuple[str, ...], fold: bool) -> Iterator[tuple[str, str, int] | InputError]:
    import pyarrow.fs as pafs

    fs, root = filesystem(url)
    try:
        info = fs.get_file_info(root)
    except OSError as exc:
        yield InputError(f"cannot read: {exc}", url)
        return
    if info.type == pafs.FileType.NotFound:
        yield InputError("no such file or directory", url)
        return
    if info.type != pafs.FileType.Directory:
        yield url, url, info.size if info.size is not None else -1
        return
    try:
        infos = fs.get_file_info(pafs.FileSelector(root, recursive=True))
    except OSError as exc:
        yield InputError(f"cannot read: {exc}", url)
        return
    base = url.rstrip("/")
    prefix = root.rstrip("/") + "/"
    found = []
    for entry in infos:
        if entry.type != pafs.FileType.File or not entry.path.startswith(prefix):
            continue
        rel = entry.path[len(prefix):]
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if not _matches(rel.lower() if fold else rel, include) or _matches(rel, exclude):
            continue
        found.append((rel, entry.size if entry.size is not None else -1))
    for rel, size in sorted(found, key=lambda item: item[0].split("/")):
        yield f"{base}/{rel}", rel, size


def read_shard(shard: Shard, options: ReadOptions) -> Iterator[Article | InputError]:
    """The articles (and one-line reader errors) of ``shard``, in order, as the CLI's
    readers give them."""
    if is_url(shard.uri):
        yield from _read_remote(shard, options)
    else:
        yield from _read_local(shard.uri, shard.id, options)


def _read_local(path: str, ident: str, options: ReadOptions, name: Optional[str] = None) -> Iterator[Article | InputError]:
    if (name or path).lower().endswith(PARQUET):
        yield from read_parquet(path, options, name=name)
    else:
        yield from read_path(path, ident, options, name=name)


def _read_remote(shard: Shard, options: ReadOptions) -> Iterator[Article | InputError]:
    """A ``file://`` URL is read in place; any other remote file is copied to a private
    temporary file (streamed), read as a local one under its URL, and removed."""
    fs, path = filesystem(shard.uri)
    if fs.type_name == "local":  # file:// : read in place
        for item in _read_local(path, shard.id, options, name=shard.uri):
            yield renamed(item, path, shard.uri)
        return
    folder = tempfile.mkdtemp(prefix="auditor-shard-")
    try:
        name = shard.uri.rstrip("/").rsplit("/", 1)[-1]
        local = os.path.join(folder, name or "shard")
        try:
            with fs.open_input_stream(path) as source, open(local, "wb") as target:
                shutil.copyfileobj(source, target, _CHUNK)
        except FileNotFoundError:
            yield InputError("no such file or directory", shard.uri)
            return
        except OSError as exc:
            yield os_error(exc, shard.uri)
            return
        for item in _read_local(local, shard.id, options, name=shard.uri):
            yield renamed(item, local, shard.uri)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_parquet(path: str, options: ReadOptions, *, name: Optional[str] = None) -> Iterator[Article | InputError]:
    """The rows of a Parquet file as JSONL records (``--text-field`` etc.), streamed by
    record batch; a row's number (from 1) stands where a JSONL line's would."""
    import pyarrow.parquet as pq

    from auditor.io.jsonl import record_to_article

    label = name or path
    try:
        table = pq.ParquetFile(path)
        batches = table.iter_batches(batch_size=1024)
        number = 0
        for batch in batches:
            for row in batch.to_pylist():
                number += 1
                item = record_to_article(row, path=label, lineno=number, options=options)
                yield item
        if number == 0:
            yield InputError("empty file (no rows)", label)
    except OSError as exc:
        yield os_error(exc, label)
    except Exception as exc:  # pyarrow.lib.ArrowInvalid: not a Parquet file, corrupt pages
        yield InputError(f"not a readable Parquet file: {' '.join(str(exc).split())}", label)
