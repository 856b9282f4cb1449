"""Sentence alignment of a source and its translation (`auditor.source.align`) and the
omission rule built on it: hand-made fixtures, one per cause of a missed omission."""

from __future__ import annotations

import numpy as np

from auditor.source.align import align


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def _pair_vectors():
    """Two source sentences of one topic and one target sentence: each source sentence
    reads as a translation of it alone (cosine 0.87 and 0.93), and the two merged score
    a little higher (+0.016), as a dropped sentence next to its neighbour's translation
    does with e5."""
    e = np.eye(4, dtype=np.float32)
    tgt = _unit(e[0] + 0.25 * e[1])
    src = np.stack([_unit(e[0] + 0.5 * e[2]), _unit(e[0] + 0.3 * e[1] + 0.4 * e[3])])
    return src, np.stack([tgt])


def test_a_merge_whose_target_is_too_short_for_it_splits_off_the_dropped_sentence():
    src, tgt = _pair_vectors()
    # two source sentences of 100 characters, one target of 100: one of them is missing
    beads = align([100, 100], [100], src, tgt)
    assert [(b.src, b.tgt) for b in beads] == [((0,), ()), ((1,), (0,))]


def test_a_merge_whose_target_has_the_length_of_both_sentences_stays():
    src, tgt = _pair_vectors()
    # the translator joined two short sentences into one of their combined length
    beads = align([60, 60], [120], src, tgt)
    assert [(b.src, b.tgt) for b in beads] == [((0, 1), (0,))]


def test_a_target_of_a_few_characters_proves_nothing_by_length():
    src, tgt = _pair_vectors()
    # a two-word target fits neither sentence: no group is split on its length
    beads = align([100, 100], [8], src, tgt)
    assert [(b.src, b.tgt) for b in beads] == [((0, 1), (0,))]
