"""Sentence alignment of a source text and its translation.

Dynamic programming over the two sentence sequences with beads 1-1, 1-2, 2-1 (one
sentence split in two, two merged), 2-2 (two sentences split differently), 1-0 (a source sentence with no translation) and 0-1
(a target sentence with no source). The cost of a bead is ``1 - cosine`` of multilingual
sentence embeddings (a merged side is the normalised sum of its sentences) when an
embedder is available, else the Gale-Church length cost (Gale & Church, 1993: the
target length is normally distributed around ``c`` times the source length; ``c`` is
set per source language, `length_ratio`, so that Chinese or Japanese sources, three to
four times shorter in characters than their English, align as well as European ones).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # imported where used: a check without a source text never loads numpy
    import numpy as np

MOVES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1))
# embedding costs: a sentence left out costs as much as a pair at cosine 1 - SKIP
SKIP_COST = 0.115
MERGE_COST = 0.02
MERGE_GAIN = 0.005
# a 1-1 pair at or above this cosine is a plausible translation (below SRC008's thresholds
# of 0.79-0.87 only for the worst good pairs): 2-2 beads do not replace two such pairs
DIAGONAL_OK = 0.8
# Gale-Church parameters (characters): mean ratio, variance per character, bead priors
GC_C = 1.0
GC_S2 = 6.8
# characters of English per source character where it is far from 1: measured on the
# even-numbered segments of the WMT22 references (zh-en 3.94, ja-en 2.63; de, cs, ru and
# uk lie between 0.97 and 1.12 and keep GC_C)
LENGTH_RATIO = {"zh": 3.94, "ja": 2.63}
GC_PRIOR = {(1, 1): 0.89, (1, 2): 0.0445, (2, 1): 0.0445, (2, 2): 0.011, (1, 0): 0.0099, (0, 1): 0.0099}


@dataclass(frozen=True)
class Bead:
    """``src``/``tgt``: indices of the sentences on each side (empty: unaligned);
    ``similarity``: the embedding cosine where computed; ``settled``: the pair is a
    translation by cheap evidence (lexical anchors, `auditor.source.anchors`), so the
    similarity rule has nothing to add."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float | None = None
    settled: bool = False


def length_ratio(lang: str | None) -> float:
    """Characters of English per character of a ``lang`` source."""
    return LENGTH_RATIO.get(lang or "", GC_C)


def _norm(v: np.ndarray) -> np.ndarray:
    import numpy as np

    n = float(np.linalg.norm(v))
    return v / n if n else v


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _gc_cost(ls: int, lt: int, move: tuple[int, int], c: float = GC_C) -> float:
    prior = -math.log(GC_PRIOR[move])
    if ls == 0 or lt == 0:
        return prior + 4.0 if ls + lt else prior
    mean = (ls + lt / c) / 2.0
    delta = (lt - ls * c) / math.sqrt(mean * GC_S2)
    p = 2.0 * (1.0 - _phi(abs(delta)))
    return prior - math.log(max(p, 1e-12))


def align(src_lengths: Sequence[int], tgt_lengths: Sequence[int], src_vecs: np.ndarray | None = None,
          tgt_vecs: np.ndarray | None = None, ratio: float = GC_C) -> list[Bead]:
    """Beads in order; with vectors the cost is embedding-based, else length-based
    (``ratio``: characters of English per source character, `length_ratio`)."""
    import numpy as np

    n, m = len(src_lengths), len(tgt_lengths)
    use_vecs = src_vecs is not None and tgt_vecs is not None and n and m
    sims = (src_vecs @ tgt_vecs.T) if use_vecs else None
    inf = float("inf")
    cost = np.full((n + 1, m + 1), inf)
    back: dict[tuple[int, int], tuple[int, int]] = {}
    cost[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, None
            for di, dj in MOVES:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi, pj] == inf:
                    continue
                c = cost[pi, pj] + _bead_cost(pi, i, pj, j, src_lengths, tgt_lengths, sims, src_vecs, tgt_vecs, ratio)
                if c < best:
                    best, arg = c, (di, dj)
            cost[i, j] = best
            if arg is not None:
                back[(i, j)] = arg
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = back[(i, j)]
        src = tuple(range(i - di, i))
        tgt = tuple(range(j - dj, j))
        beads.append(Bead(src, tgt, _similarity(src, tgt, sims, src_vecs, tgt_vecs)))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _bead_cost(i0, i1, j0, j1, ls, lt, sims, sv, tv, ratio: float = GC_C) -> float:
    move = (i1 - i0, j1 - j0)
    if sims is None:
        return _gc_cost(sum(ls[i0:i1]), sum(lt[j0:j1]), move, ratio)
    if move[0] == 0 or move[1] == 0:
        return SKIP_COST * (move[0] + move[1])
    if move == (1, 1):
        return 1.0 - float(sims[i0, j0])
    s = _norm(sv[i0:i1].sum(axis=0))
    t = _norm(tv[j0:j1].sum(axis=0))
    merged = float(s @ t)
    # a merge must earn its place: the added sentence has to raise the similarity over
    # the best single sentence, else it is an unaligned sentence riding along
    best_part = float(sims[i0:i1, j0:j1].max())
    penalty = SKIP_COST if merged < best_part + MERGE_GAIN else 0.0
    if move == (2, 2):
        # two sentences split differently ("A B. C." / "A. B C."): only where the two 1-1
        # pairs do not already read as translations (a merged pair of sentences always
        # scores higher than each alone, so it must not compete with good 1-1 pairs)
        if min(float(sims[i0, j0]), float(sims[i0 + 1, j0 + 1])) >= DIAGONAL_OK:
            return float("inf")
        return 2 * (1.0 - merged) + MERGE_COST + penalty
    return 1.0 - merged + MERGE_COST + penalty


def _similarity(src, tgt, sims, sv, tv) -> float | None:
    if sims is None or not src or not tgt:
        return None
    if len(src) == 1 and len(tgt) == 1:
        return float(sims[src[0], tgt[0]])
    return float(_norm(sv[list(src)].sum(axis=0)) @ _norm(tv[list(tgt)].sum(axis=0)))
