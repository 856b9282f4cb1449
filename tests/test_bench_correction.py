"""The pure helpers of bench/correction.py: item selection, restoration counts, the
"do no harm" verdict and line reading."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def bench(bench_script):
    return bench_script("correction.py")


def test_qualifying_skips_unapplied_and_unchanged(bench):
    items = [
        {"pert_sent": "a a b", "mt_sent": "a b", "pert_check": True},
        {"pert_sent": "same", "mt_sent": "same", "pert_check": True},  # nothing perturbed
        {"pert_sent": "x x", "mt_sent": "x", "pert_check": False},  # perturbation failed
        {"pert_sent": "c c d", "mt_sent": "c d"},  # no pert_check: counts as applied
        {"pert_sent": "e e", "mt_sent": "e", "pert_check": True},
    ]
    assert bench.qualifying(items) == [("a a b", "a b"), ("c c d", "c d"), ("e e", "e")]
    assert bench.qualifying(items, limit=2) == [("a a b", "a b"), ("c c d", "c d")]


def test_restoration_counts(bench):
    pert = ["the the cat", "a dog dog", "it is is", "fine fine"]
    good = ["the cat", "a dog", "it is", "fine"]
    fixed = ["the cat", "a dog dog", "it", "fine"]  # restored, untouched, wrong, restored
    r = bench.restoration(pert, fixed, good)
    assert (r["items"], r["restored"], r["untouched"], r["wrong"]) == (4, 2, 1, 1)
    assert r["restored_share"] == 0.5 and r["wrong_share"] == 0.25
    assert bench.restoration([], [], [])["restored_share"] == 0.0


def _res(delta, p):
    return {"delta": delta, "p_value": p}


@pytest.mark.parametrize(
    "chrf, ter, passed, n_worse",
    [
        (_res(0.05, 0.01), _res(-0.2, 0.01), True, 0),  # better on both
        (_res(-0.05, 0.3), None, True, 0),  # small, not significant loss
        (_res(-0.05, 0.01), None, True, 1),  # within the gate, but flagged
        (_res(-0.2, 0.3), None, False, 0),  # below the -0.1 floor
        (_res(-0.2, 0.01), _res(0.3, 0.02), False, 2),  # fails the gate, both flags
        (_res(0.0, 0.0099), None, True, 0),  # no change: sacrebleu's p means nothing
        (None, _res(0.1, 0.5), True, 0),  # TER worse but not significantly
        (None, None, True, 0),  # identical output
    ],
)
def test_harm_verdict(bench, chrf, ter, passed, n_worse):
    v = bench.harm_verdict(chrf, ter)
    assert v["passed"] is passed
    assert len(v["worse"]) == n_worse
    assert bool(v["reasons"]) is not passed


def test_read_lines_keeps_empty_segments(bench, tmp_path):
    f = tmp_path / "hyp.en"
    f.write_text("one\n\nthree\n", encoding="utf-8")
    assert bench.read_lines(f) == ["one", "", "three"]
    assert bench.read_lines(f, limit=2) == ["one", ""]
    f.write_text("no final newline", encoding="utf-8")
    assert bench.read_lines(f) == ["no final newline"]
