"""Issue 13, a sentence dropped from a Japanese or Chinese paragraph: a 2-1 group gives up
the sentence that adds almost nothing to it (`align._split_off_low_gain`). Vectors are
built for these tests: a target, its translation's source at cosine 0.9, and a second
source sentence of the same topic (cosine 0.8 with the target) at a chosen angle."""

import math

import numpy as np

from auditor.source.align import LOW_GAIN, Bead, _split_off_low_gain, align


def _unit(*c):
    v = np.array(c, dtype=float)
    return v / np.linalg.norm(v)


def _texts(theta):
    a = _unit(0.9, 0.4359, 0, 0)  # the source of target 0
    b = _unit(0.8, 0.6 * math.cos(theta), 0.6 * math.sin(theta), 0)  # a neighbour of the same topic
    c = _unit(0, 0, 0.3919, 0.92)  # the source of target 1
    sv = np.stack([a, b, c])
    tv = np.stack([_unit(1, 0, 0, 0), _unit(0, 0, 0, 1)])
    return sv, tv


def _gain(sv, tv):
    merged = _unit(*(sv[0] + sv[1])) @ tv[0]
    return float(merged - sv[0] @ tv[0])


def test_a_sentence_adding_almost_nothing_is_split_off():
    sv, tv = _texts(1.48)
    assert 0.005 < _gain(sv, tv) < LOW_GAIN
    lengths, targets = [60, 40, 50], [80, 55]
    # merged without the rule: the dropped sentence hides in the group
    assert align(lengths, targets, sv, tv)[0].src == (0, 1)
    beads = align(lengths, targets, sv, tv, split_low_gain=True)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert abs(beads[0].similarity - 0.9) < 1e-3


def test_a_sentence_that_raises_the_cosine_stays():
    sv, tv = _texts(2.3)
    assert _gain(sv, tv) > LOW_GAIN
    beads = align([60, 40, 50], [80, 55], sv, tv, split_low_gain=True)
    assert [(b.src, b.tgt) for b in beads] == [((0, 1), (0,)), ((2,), (1,))]


def test_a_target_long_enough_for_both_keeps_the_group():
    sv, tv = _texts(1.48)
    sims = sv @ tv.T
    bead = Bead((0, 1), (0,), 0.91)
    # 80 characters for sources of 60 + 40 (too long for `_split_off_by_length`): the rest fits, the sentence goes
    assert len(_split_off_low_gain([bead], sims, sv, tv, [60, 40, 50], [80, 55])) == 2
    # 130 characters: longer than LOW_GAIN_LENGTH times both sources, the group stays
    assert _split_off_low_gain([bead], sims, sv, tv, [60, 40, 50], [130, 55]) == [bead]
    # the target does not fit the neighbour alone (REST_FIT): the group stays
    assert _split_off_low_gain([bead], sims, sv, tv, [20, 80, 50], [100, 55]) == [bead]


def test_the_sentence_read_best_by_the_target_is_kept():
    sv, tv = _texts(1.48)
    sims = sv @ tv.T
    # the same group with the sentences' roles swapped: the first now reads less like the
    # target, so it is the one given up, before the kept one
    swapped = np.stack([sv[1], sv[0], sv[2]])
    out = _split_off_low_gain([Bead((0, 1), (0,), 0.91)], swapped @ tv.T, swapped, tv, [40, 60, 50], [65, 55])
    assert [(b.src, b.tgt) for b in out] == [((0,), ()), ((1,), (0,))]
    assert sims[1, 0] < sims[0, 0]

