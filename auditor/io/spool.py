"""Inputs that can be read only once, copied so that a second pass reads the same bytes.

`auditor check` reads its inputs twice when a rule mines the batch (the corpus pre-pass,
then the audit). A FIFO, a process substitution (``check <(zcat dump.jsonl.gz)``) or
``/dev/stdin`` named on the command line yields its bytes once: the second read would see
an empty file, or block forever on a FIFO whose writer is gone. `spooled` copies each
such input once, streaming, to a private temporary folder (removed on exit); the readers
then read the copy under the input's own name (`auditor.io.iter_articles`, ``copies``).
Regular files and directories are read in place; ``-`` (stdin) is not mined at all.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from typing import Iterable, Iterator

from auditor.errors import InputError
from auditor.io.common import os_error

__all__ = ["spooled", "reads_once"]

_CHUNK = 1 << 20


def reads_once(path: str) -> bool:
    """True when ``path`` (not ``-``) names something other than a regular file or a
    directory: a FIFO, a pipe behind ``/dev/fd/N``, a character device."""
    if path == "-":
        return False
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # the reader reports it
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextmanager
def spooled(paths: Iterable[str]) -> Iterator[dict[str, str | InputError]]:
    """``{input: copy}`` for every input in ``paths`` that `reads_once`; an input that
    fails while being copied maps to its `InputError` (it is never opened again)."""
    copies: dict[str, str | InputError] = {}
    targets = [p for p in dict.fromkeys(paths) if reads_once(p)]
    if not targets:
        yield copies
        return
    with tempfile.TemporaryDirectory(prefix="auditor-spool-") as folder:
        for number, path in enumerate(targets):
            copy = os.path.join(folder, str(number))
            try:
                with open(path, "rb") as source, open(copy, "wb") as target:
                    shutil.copyfileobj(source, target, _CHUNK)
            except OSError as exc:
                copies[path] = os_error(exc, path)
                continue
            copies[path] = copy
        yield copies
