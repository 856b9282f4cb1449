"""Fast word-frequency lookups (Zipf scale) over wordfreq's lists.

``wordfreq.zipf_frequency`` tokenises and normalises its argument on every call and loads
a language's whole list (0.1-0.3 s each) on first use. Rules look up lower-case single
words by the thousand, so this module keeps one plain ``{word: zipf}`` dict per language,
restricted to words at or above a floor, and caches it on disk (marshal) under
``$AUDITOR_CACHE`` or ``~/.cache/auditor`` keyed by the wordfreq version, so that later
runs load it in milliseconds. The cache is only an accelerator: it is rebuilt whenever it
is missing, stale or unreadable, and a read-only home directory just means no cache.
"""

from __future__ import annotations

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


def cached_table(name: str, build: Callable[[], dict]) -> dict:
    """The dict cached on disk as ``name``, or ``build()`` (then cached) when the cache
    is missing or unreadable. ``name`` must change whenever the data would."""
    path = _cache_dir() / f"{name}.marshal"
    try:
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = build()
    _store(path, table)
    return table


@lru_cache(maxsize=None)
def zipf_table(lang: str, floor: float = 0.0) -> dict[str, float]:
    """``{word: zipf}`` for the words of ``lang`` with a Zipf value >= ``floor``."""
    import wordfreq

    def build() -> dict[str, float]:
        table = {}
        for word, freq in wordfreq.get_frequency_dict(lang).items():
            z = round(math.log10(freq) + 9, 2)
            if z >= floor:
                table[word] = z
        return table

    return cached_table(f"wordfreq-{version('wordfreq')}-{lang}-{floor:g}", build)


def _store(path: Path, table: dict[str, float]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps(table))
    except OSError:
        pass  # no writable cache: stay in memory


def zipf(word: str, lang: str = "en", floor: float = 0.0) -> float:
    """The Zipf frequency of a lower-case ``word`` in ``lang`` (0 when unknown or below
    ``floor``)."""
    return zipf_table(lang, floor).get(word, 0.0)
