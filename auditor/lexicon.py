"""Fast word-frequency lookups (Zipf scale) over wordfreq's lists.

``wordfreq.zipf_frequency`` tokenises and normalises its argument on every call and loads
a language's whole list (0.1-0.3 s each) on first use. Rules look up lower-case single
words by the thousand, so this module keeps one plain ``{word: zipf}`` dict per language,
restricted to words at or above a floor, and caches it on disk (marshal) under
``$AUDITOR_CACHE`` or ``~/.cache/auditor`` keyed by the wordfreq version, so that later
runs load it in milliseconds. The cache is only an accelerator and is never trusted: each
file carries a format version and the SHA-256 of its payload, and it is rebuilt whenever
it is missing, stale, of another version, truncated or tampered with; a read-only home
directory just means no cache.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Callable

from auditor.atomic import write_atomic


def _cache_dir() -> Path:
    return Path(os.environ.get("AUDITOR_CACHE") or Path.home() / ".cache" / "auditor")


#: the cache file format: a header line, the SHA-256 of the payload, then the payload
#: (marshal). Bump the version whenever the layout or the meaning of a table changes.
CACHE_FORMAT = b"auditor-table 1"


def cached_table(name: str, build: Callable[[], dict]) -> dict:
    """The dict cached on disk as ``name``, or ``build()`` (then cached) when the cache
    is missing, unreadable, of another format version, or fails its checksum (truncated
    or tampered with). ``name`` must change whenever the data would."""
    path = _cache_dir() / f"{name}.marshal"
    table = _load(path)
    if table is not None:
        return table
    table = build()
    _store(path, table)
    return table


def _load(path: Path) -> dict | None:
    """The table in ``path`` when its header, version and checksum hold, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, rest = data.partition(b"\n")
    digest, _, payload = rest.partition(b"\n")
    if header != CACHE_FORMAT or digest != hashlib.sha256(payload).hexdigest().encode("ascii"):
        return None
    try:
        table = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return table if isinstance(table, dict) else None


@lru_cache(maxsize=None)
def zipf_table(lang: str, floor: float = 0.0) -> dict[str, float]:
    """``{word: zipf}`` for the words of ``lang`` with a Zipf value >= ``floor``."""

    def build() -> dict[str, float]:
        import wordfreq  # only to build: importing it costs a quarter of a second

        table = {}
        for word, freq in wordfreq.get_frequency_dict(lang).items():
            z = round(math.log10(freq) + 9, 2)
            if z >= floor:
                table[word] = z
        return table

    return cached_table(f"wordfreq-{version('wordfreq')}-{lang}-{floor:g}", build)


def _store(path: Path, table: dict) -> None:
    payload = marshal.dumps(table)
    data = CACHE_FORMAT + b"\n" + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError:
        pass  # no writable cache: stay in memory


def zipf(word: str, lang: str = "en", floor: float = 0.0) -> float:
    """The Zipf frequency of a lower-case ``word`` in ``lang`` (0 when unknown or below
    ``floor``)."""
    return zipf_table(lang, floor).get(word, 0.0)
