"""Atomic file writes: a temporary sibling renamed over the target, so a reader never sees
a half-written file and an interrupted write leaves the old file intact.

New files get the usual permissions (``0o666`` less the umask, e.g. 0644), not the 0600 of
a temporary file; a replaced file keeps its own mode. `backup` copies a file to
``FILE.orig`` (or ``FILE.orig.1``, ``.2``, ... when that exists: a backup is never
overwritten), atomically too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def default_mode() -> int:
    """``0o666`` less the process umask: the mode ``open()`` would give a new file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def temp_sibling(path: Path) -> tuple[int, str]:
    """``(fd, name)`` of a new temporary file next to ``path`` (same file system)."""
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")


def commit(tmp: str, path: Path, mode: int | None = None) -> None:
    """Give ``tmp`` the mode of ``path`` (or ``mode``, or the default for a new file),
    flush it to disk, and rename it over ``path``."""
    if mode is None:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = default_mode()
    os.chmod(tmp, mode)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` atomically (same folder, then ``os.replace``)."""
    path = Path(path)
    fd, tmp = temp_sibling(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        commit(tmp, path, mode)
    except BaseException:
        remove_quietly(tmp)
        raise


def backup_name(path: Path) -> Path:
    """The first of ``FILE.orig``, ``FILE.orig.1``, ``FILE.orig.2``, ... that does not exist."""
    candidate = path.with_name(path.name + ".orig")
    n = 0
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{path.name}.orig.{n}")
    return candidate


def backup(path: Path) -> Path:
    """Copy ``path`` (its bytes, mode and times) to a new backup file (`backup_name`),
    atomically and without ever replacing an existing file; returns the backup's path.
    Raises `OSError` (nothing is left behind) when it cannot be written."""
    path = Path(path)
    fd, tmp = temp_sibling(path)
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(path, tmp)
        while True:
            target = backup_name(path)
            try:
                os.link(tmp, target)  # fails if the name was taken meanwhile: never overwrites
            except FileExistsError:
                continue
            except OSError:  # a file system without hard links
                if os.path.lexists(target):
                    continue
                os.rename(tmp, target)
                return target
            os.unlink(tmp)
            return target
    except BaseException:
        remove_quietly(tmp)
        raise


class AtomicTextFile:
    """A UTF-8 text file written through a temporary sibling: ``close`` renames it into
    place, ``abort`` (or an error before ``close``) leaves the old file, if any, intact.
    An unwritable target is an `OSError` at construction, before any work is done."""

    def __init__(self, path: Path):
        self.path = Path(path)
        fd, self._tmp = temp_sibling(self.path)
        self._fh = os.fdopen(fd, "w", encoding="utf-8")
        self._done = False

    def write(self, text: str) -> int:
        return self._fh.write(text)

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        if self._done:
            return
        self._done = True
        self._fh.close()
        commit(self._tmp, self.path)

    def abort(self) -> None:
        if self._done:
            return
        self._done = True
        self._fh.close()
        remove_quietly(self._tmp)
