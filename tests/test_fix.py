"""Applying edits: applicability levels, overlaps, insertions."""

from auditor.findings import Applicability as A
from auditor.fix import Edit, apply_edits


def E(start, end, content, app=A.SAFE, origin="X"):
    return Edit(start, end, content, app, origin)


def test_applies_safe_edits_right_to_left_independent():
    text = "the attackbecause of “union”represents"
    edits = [E(4, 17, "attack because", A.UNSAFE), E(28, 28, " ")]
    out, done = apply_edits(text, edits)
    assert out == "the attackbecause of “union” represents"
    assert [e.status for e in done] == ["display", "applied"]
    out2, _ = apply_edits(text, [E(4, 17, "attack because", A.UNSAFE), E(28, 28, " ")], A.UNSAFE)
    assert out2 == "the attack because of “union” represents"


def test_overlaps_keep_the_more_applicable_edit():
    text = "abcdef"
    edits = [E(1, 4, "X", A.UNSAFE, "U"), E(2, 3, "Y", A.SAFE, "S")]
    out, done = apply_edits(text, edits, A.UNSAFE)
    assert out == "abYdef"
    assert done[0].status == "skipped" and "S" in done[0].reason


def test_insertions_at_same_point_clash_but_adjacent_edits_do_not():
    out, done = apply_edits("ab", [E(1, 1, "-"), E(1, 1, "+"), E(0, 1, "A"), E(1, 2, "B")])
    assert out == "A-B"
    assert [e.status for e in done] == ["applied", "skipped", "applied", "applied"]


def test_edit_refuses_when_text_differs():
    e = E(0, 3, "xyz")
    e.original = "abc"
    out, _ = apply_edits("abd!", [e])
    assert out == "abd!" and e.status == "skipped"
