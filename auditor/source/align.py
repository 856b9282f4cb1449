"""Sentence alignment of a source text and its translation.

Dynamic programming over the two sentence sequences with beads 1-1, 1-2, 2-1 (one
sentence split in two, two merged), 2-2 (two sentences split differently), 1-3 and 1-4
(a long sentence, common in Chinese with its comma-joined clauses, or an unpunctuated
chat message, rendered as three or four English ones; not the reverse, which would hide
an omitted source sentence among short ones; only the parts of one Chinese or Japanese
sentence, `PART_MOVES`, may join three or four), 1-0 (a source sentence with no
translation) and 0-1 (a target sentence with no source). A merged group whose target
is far too short for it gives up the sentence that its length and cosine do not need
(`_split_off_by_length`); from Chinese or Japanese, a 2-1 group also gives up the
sentence that adds almost nothing to its cosine (`_split_off_low_gain`). The cost of a
bead is ``1 - cosine`` of multilingual sentence embeddings (a merged side is the
normalised sum of its sentences) when an embedder is available, else the Gale-Church
length cost (Gale & Church, 1993: the target length is normally distributed around
``c`` times the source length; ``c`` is set per source language, `length_ratio`, so
that Chinese or Japanese sources, three to four times shorter in characters than their
English, align as well as European ones).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # imported where used: a check without a source text never loads numpy
    import numpy as np

MOVES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (1, 4), (1, 0), (0, 1))
# the parts of one source sentence (the messages of a chat line, `auditor.source.soft_pieces`)
# may also be joined three or four into one target sentence (a heading or a list line)
PART_MOVES = MOVES + ((3, 1), (4, 1))
# embedding costs: a sentence left out costs as much as a pair at cosine 1 - SKIP
SKIP_COST = 0.115
MERGE_COST = 0.02
MERGE_GAIN = 0.005
# a 1-1 pair at or above this cosine is a plausible translation (below SRC008's thresholds
# of 0.79-0.87 only for the worst good pairs): 2-2 beads do not replace two such pairs
DIAGONAL_OK = 0.8
# a target sentence left alone is part of a neighbouring bead when its own cosine with that
# bead's source reaches this: a piece of a long source sentence scores lower than a whole
# translation (0.79-0.80 for the clauses of a Chinese sentence rendered as four English
# sentences), a sentence from nowhere lower still (0.71-0.74 for one of the same topic)
ABSORB_OK = 0.78
# a source sentence at the edge of a merged group whose own cosine with the group's target
# stays below this has no translation there (an omission the merge would hide)
SPLIT_OFF = 0.78
# ... and whatever its cosine, when the group's target is shorter than SHORT_GROUP times
# the group's source length (both in English characters), its length fits the group
# without the sentence better by LENGTH_FIT (log of the ratio) and the sentence raises the
# group's cosine by less than LENGTH_GAIN
SHORT_GROUP = 0.75
LENGTH_FIT = 0.2
LENGTH_GAIN = 0.03
# (the rest must fit the target within this log ratio: a target of a few characters fits
# no group and proves nothing)
REST_FIT = 0.7
# a source sentence left alone takes back a neighbouring group's edge target that reads as
# its own translation by this margin over the group's source (`_give_back_targets`)
GIVE_BACK = 0.03
# a chat line of k + 1 messages translated as k sentences has one message dropped when the
# others pair one to one with the targets better, by this mean cosine per pair, than any
# reading that joins two neighbouring messages in one target (`dropped_piece`): a joined
# side scores 0.005-0.03 higher by itself. On the even WMT22 zh/ja paragraphs (3 segments,
# one sentence dropped) 19 dropped messages beat the best join by 0.008-0.033; 8 good lines
# did too, 7 of them headings whose figure is in the target or messages whose translation
# the alignment gave to a neighbour, which `auditor.source._drop_pieces` sets aside
PIECE_DROP = 0.008
# Chinese and Japanese (`align(split_low_gain=True)`): a source sentence merged with one
# neighbour into one target sentence has no translation there when it raises the pair's
# cosine over its neighbour's alone by less than LOW_GAIN, the target is no longer than
# LOW_GAIN_LENGTH times the two sources (English characters) and fits the neighbour alone
# (`REST_FIT`), and it reads less like the target than its neighbour does. On the even
# WMT22 ja paragraphs (3 segments, one sentence dropped) 6 dropped sentences hidden in a
# 2-1 group gained 0.005-0.014; the undamaged paragraphs' 2-1 groups gained 0.013 (a target
# 1.26 times its sources) and 0.023-0.041.
LOW_GAIN = 0.015
LOW_GAIN_LENGTH = 1.15
# Gale-Church parameters (characters): mean ratio, variance per character, bead priors
GC_C = 1.0
GC_S2 = 6.8
# characters of English per source character where it is far from 1: measured on the
# even-numbered segments of the WMT22 references (zh-en 3.94, ja-en 2.63; de, cs, ru and
# uk lie between 0.97 and 1.12 and keep GC_C)
LENGTH_RATIO = {"zh": 3.94, "ja": 2.63}
GC_PRIOR = {(1, 1): 0.89, (1, 2): 0.0445, (2, 1): 0.0445, (2, 2): 0.011, (1, 3): 0.004, (1, 4): 0.001,
            (1, 0): 0.0099, (0, 1): 0.0099}


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
          tgt_vecs: np.ndarray | None = None, ratio: float = GC_C, moves: Sequence[tuple[int, int]] = MOVES,
          split_low_gain: bool = False) -> list[Bead]:
    """Beads in order; with vectors the cost is embedding-based, else length-based
    (``ratio``: characters of English per source character, `length_ratio`). ``moves``:
    the groupings allowed (`PART_MOVES` for the parts of one sentence, with vectors).
    ``split_low_gain`` (Chinese and Japanese sources): 2-1 groups also give up a sentence
    that adds almost nothing to them (`_split_off_low_gain`)."""
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
            for di, dj in moves:
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
    if sims is not None:
        beads = _split_off_sources(beads, sims, src_vecs, tgt_vecs)
        beads = _split_off_by_length(beads, sims, src_vecs, tgt_vecs, src_lengths, tgt_lengths, ratio)
        if split_low_gain:
            beads = _split_off_low_gain(beads, sims, src_vecs, tgt_vecs, src_lengths, tgt_lengths, ratio)
        beads = _give_back_targets(beads, sims, src_vecs, tgt_vecs)
        beads = _absorb_targets(beads, sims, src_vecs, tgt_vecs)
    return beads


def _split_off_by_length(beads: list[Bead], sims, sv, tv, ls, lt, ratio: float = GC_C) -> list[Bead]:
    """Merged groups judged by length as well: a source sentence at either edge of a
    group of two or more merged into one target sentence is taken out as a sentence
    without translation when the target is far too short for the whole group
    (`SHORT_GROUP`) but fits the rest of it (`LENGTH_FIT`, `REST_FIT`), and the sentence raises the group's cosine
    by less than `LENGTH_GAIN`. A dropped sentence whose neighbour's translation is of
    the same topic raises a merged cosine a little (0.005-0.03 with e5), as much as a
    sentence that the translator joined to its neighbour; the lengths tell them apart.
    ``ls``: source lengths in English characters (`length_ratio` applied where the
    source is Chinese or Japanese) unless ``ratio`` says otherwise."""
    out: list[Bead] = []
    for bead in beads:
        src, tgt = list(bead.src), bead.tgt
        if len(tgt) != 1 or len(src) < 2:
            out.append(bead)
            continue
        target = lt[tgt[0]]
        whole = sum(ls[i] for i in src) * ratio
        if target >= whole * SHORT_GROUP:
            out.append(bead)
            continue
        best = None
        for edge in (0, len(src) - 1):
            rest = src[:edge] + src[edge + 1:]
            rest_len = sum(ls[i] for i in rest) * ratio
            fit_rest, fit_all = abs(math.log(max(target, 1) / max(rest_len, 1))), abs(math.log(max(target, 1) / max(whole, 1)))
            gain = _similarity(tuple(src), tgt, sims, sv, tv) - _similarity(tuple(rest), tgt, sims, sv, tv)
            if fit_rest < min(fit_all - LENGTH_FIT, REST_FIT) and gain < LENGTH_GAIN and (best is None or gain < best[0]):
                best = (gain, edge)
        if best is None:
            out.append(bead)
            continue
        edge = best[1]
        rest = tuple(src[:edge] + src[edge + 1:])
        parts = [Bead(rest, tgt, _similarity(rest, tgt, sims, sv, tv))]
        out += [Bead((src[edge],), ())] + parts if edge == 0 else parts + [Bead((src[edge],), ())]
    return out


def _split_off_low_gain(beads: list[Bead], sims, sv, tv, ls, lt, ratio: float = GC_C) -> list[Bead]:
    """Two source sentences merged into one target sentence: the one that raises the
    pair's cosine over its neighbour's alone by less than `LOW_GAIN`, and reads less like
    the target than its neighbour, is taken out as a sentence without translation when
    the target is no longer than `LOW_GAIN_LENGTH` times the two (a translation of both
    would be longer than one of them) and fits the neighbour alone (`REST_FIT`). A
    Japanese sentence dropped next to one of the same topic scores 0.79-0.83 with its
    neighbour's translation, above `SPLIT_OFF`, and a short one changes the group's length
    too little for `_split_off_by_length`. ``ls``: source lengths in English characters
    unless ``ratio`` says otherwise."""
    out: list[Bead] = []
    for bead in beads:
        if len(bead.src) != 2 or len(bead.tgt) != 1:
            out.append(bead)
            continue
        target = lt[bead.tgt[0]]
        whole = sum(ls[i] for i in bead.src) * ratio
        merged = _similarity(bead.src, bead.tgt, sims, sv, tv)
        best = None
        for edge in (0, 1):
            mine, other = bead.src[edge], bead.src[1 - edge]
            gain = merged - float(sims[other, bead.tgt[0]])
            fit = abs(math.log(max(target, 1) / max(ls[other] * ratio, 1)))
            if (gain < LOW_GAIN and target <= whole * LOW_GAIN_LENGTH and fit <= REST_FIT
                    and sims[mine, bead.tgt[0]] <= sims[other, bead.tgt[0]] and (best is None or gain < best[0])):
                best = (gain, edge)
        if best is None:
            out.append(bead)
            continue
        mine, other = bead.src[best[1]], bead.src[1 - best[1]]
        kept = Bead((other,), bead.tgt, float(sims[other, bead.tgt[0]]))
        out += [Bead((mine,), ()), kept] if best[1] == 0 else [kept, Bead((mine,), ())]
    return out


def _split_off_sources(beads: list[Bead], sims, sv, tv) -> list[Bead]:
    """Merged groups judged sentence by sentence: a source sentence at either edge of a
    group of two or more merged into one target sentence, whose own cosine with it is
    below `SPLIT_OFF`, is taken out as a sentence without translation."""
    out: list[Bead] = []
    for bead in beads:
        src, tgt = list(bead.src), bead.tgt
        if len(tgt) != 1:  # 2-2: a sentence split across two targets matches each only in part
            out.append(bead)
            continue
        before: list[int] = []
        after: list[int] = []
        while len(src) >= 2 and tgt and max(float(sims[src[0], j]) for j in tgt) < SPLIT_OFF:
            before.append(src.pop(0))
        while len(src) >= 2 and tgt and max(float(sims[src[-1], j]) for j in tgt) < SPLIT_OFF:
            after.insert(0, src.pop())
        if not before and not after:
            out.append(bead)
            continue
        out += [Bead((i,), ()) for i in before]
        out.append(Bead(tuple(src), tgt, _similarity(tuple(src), tgt, sims, sv, tv)))
        out += [Bead((i,), ()) for i in after]
    return out


def _give_back_targets(beads: list[Bead], sims, sv, tv) -> list[Bead]:
    """A source sentence left alone next to a group of one source sentence and three or
    four target sentences takes the group's edge target beside it when that target reads
    as its translation (cosine at least `DIAGONAL_OK`) better than as the group's, by
    `GIVE_BACK`: a merged side always gains from one more sentence of the same text, so
    a 1-3 group could take the translation of its neighbour and leave it "untranslated".
    (Groups of two keep theirs: short chat sentences all score 0.8 and more with each
    other's translations, and a dropped one took its neighbour's.)"""
    out = list(beads)
    for k, bead in enumerate(out):
        if len(bead.src) != 1 or bead.tgt:
            continue
        i = bead.src[0]
        for n in (k - 1, k + 1):
            if not 0 <= n < len(out) or not out[n].src or len(out[n].tgt) < 3:
                continue
            near = out[n]
            j = near.tgt[-1] if n < k else near.tgt[0]
            mine, theirs = float(sims[i, j]), max(float(sims[s, j]) for s in near.src)
            if mine >= DIAGONAL_OK and mine >= theirs + GIVE_BACK:
                rest = tuple(t for t in near.tgt if t != j)
                out[n] = Bead(near.src, rest, _similarity(near.src, rest, sims, sv, tv))
                out[k] = Bead((i,), (j,), mine)
                break
    return out


def _absorb_targets(beads: list[Bead], sims, sv, tv) -> list[Bead]:
    """A target sentence left alone whose own cosine with the source of a neighbouring
    bead reads as part of its translation (at least `ABSORB_OK`) is part of that bead: the
    rest of a long source sentence rendered as several (Chinese clauses joined by commas),
    which the merge rule keeps out when it adds little to the merged cosine. An added
    sentence with no source has no such cosine; source sentences are never absorbed."""
    out = list(beads)
    k = 0
    while k < len(out):
        bead = out[k]
        if bead.src or not bead.tgt:
            k += 1
            continue
        j = bead.tgt[0]
        best, at = ABSORB_OK, None
        for n in (k - 1, k + 1):
            if 0 <= n < len(out) and out[n].src and out[n].tgt:
                cos = max(float(sims[i, j]) for i in out[n].src)
                if cos >= best:
                    best, at = cos, n
        if at is None:
            k += 1
            continue
        near = out[at]
        tgt = tuple(sorted(near.tgt + bead.tgt))
        out[at] = Bead(near.src, tgt, _similarity(near.src, tgt, sims, sv, tv))
        del out[k]
        k = max(0, k - 1)
    return out


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
    if max(move) > 2:  # three or four sentences: the last one must raise it over the best group of one fewer
        best_part = max(best_part, _best_group(i0, i1, j0, j1, sv, tv))
    penalty = SKIP_COST if merged < best_part + MERGE_GAIN else 0.0
    if move == (2, 2):
        # two sentences split differently ("A B. C." / "A. B C."): only where the two 1-1
        # pairs do not already read as translations (a merged pair of sentences always
        # scores higher than each alone, so it must not compete with good 1-1 pairs)
        if min(float(sims[i0, j0]), float(sims[i0 + 1, j0 + 1])) >= DIAGONAL_OK:
            return float("inf")
        return 2 * (1.0 - merged) + MERGE_COST + penalty
    return 1.0 - merged + MERGE_COST * (move[0] + move[1] - 2) + penalty


def _best_group(i0, i1, j0, j1, sv, tv) -> float:
    """The best cosine of a 1-k bead's side of one against k - 1 neighbours of the k."""
    if i1 - i0 == 1:
        one, many = sv[i0], tv[j0:j1]
    else:
        one, many = tv[j0], sv[i0:i1]
    k = len(many)
    return max(float(one @ _norm(many[a:a + k - 1].sum(axis=0))) for a in range(2))


def _similarity(src, tgt, sims, sv, tv) -> float | None:
    if sims is None or not src or not tgt:
        return None
    if len(src) == 1 and len(tgt) == 1:
        return float(sims[src[0], tgt[0]])
    return float(_norm(sv[list(src)].sum(axis=0)) @ _norm(tv[list(tgt)].sum(axis=0)))


def dropped_piece(piece_vecs: np.ndarray, tgt_vecs: np.ndarray) -> tuple[int, float] | None:
    """Of the ``k + 1`` parts of one source sentence (the messages of a chat line,
    `auditor.source.soft_pieces`) translated as ``k`` target sentences: the part whose
    removal lets the others pair one to one, in order, with the targets best, and by how
    much (mean cosine per pair) that beats the best reading with every part translated
    (two neighbouring parts joined in one target). Both readings pair ``k`` groups, so
    their sums compare, except that a joined side scores a little higher by itself
    (hence the margin `PIECE_DROP`). None unless there is one part more than targets."""
    n, k = len(piece_vecs), len(tgt_vecs)
    if k < 1 or n != k + 1:
        return None
    sims = piece_vecs @ tgt_vecs.T
    drops = []
    for d in range(n):
        rest = [p for p in range(n) if p != d]
        drops.append(sum(float(sims[p, x]) for x, p in enumerate(rest)))
    joins = []
    for m in range(n - 1):
        total = 0.0
        for x in range(k):
            if x < m:
                total += float(sims[x, x])
            elif x == m:
                total += float(_norm(piece_vecs[m] + piece_vecs[m + 1]) @ tgt_vecs[x])
            else:
                total += float(sims[x + 1, x])
        joins.append(total)
    d = max(range(n), key=lambda i: drops[i])
    return d, (drops[d] - max(joins)) / k
