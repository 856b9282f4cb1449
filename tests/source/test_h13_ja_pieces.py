"""Issue 13, a message dropped from a Japanese chat line (`auditor.source.soft_pieces`,
`auditor.source._drop_pieces`): hand-written sentences, each case failing before its fix."""

from __future__ import annotations

import numpy as np
import pytest

from auditor.document import Span
from auditor.source import _drop_pieces, soft_pieces, split_source
from auditor.source.align import Bead


def _pieces(text: str) -> list[str]:
    return [p.slice(text) for s in split_source(text, "ja") for p in soft_pieces(text, s)]


@pytest.mark.parametrize("text, expected", [
    # a message after a closing quote ("「...」 なお、...") or after the chat ellipsis "、、"
    ("「バージョン2が公開されました」 なお、まだテスト中のようです。",
     ["「バージョン2が公開されました」", "なお、まだテスト中のようです。"]),
    ("歯医者は苦手なんですけど、、 型取りが特にいやです。", ["歯医者は苦手なんですけど、、", "型取りが特にいやです。"]),
    # a message opening with a figure ("20歳です")
    ("昨日は鍋を作りました 20歳です。", ["昨日は鍋を作りました", "20歳です。"]),
    # still one message: a figure with no Japanese after it, a comma before the space
    ("価格は 300 です。", ["価格は 300 です。"]),
    ("はい、 そうです。", ["はい、 そうです。"]),
])
def test_soft_ends(text, expected):
    assert _pieces(text) == expected


class _Vectors:
    """An embedder that knows the vectors of a few texts."""

    name = "fixture"

    def __init__(self, table: dict[str, np.ndarray]):
        self.table = table

    def embed(self, texts, query=False):
        return np.array([self.table[t] for t in texts])


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs + (0.0,) * (5 - len(xs)))
    return v / np.linalg.norm(v)


# "We are far apart in age... Thank you in advance." and "Two or three times a day.", the
# translation without "Thank you in advance.": the short formula reads 0.82 like the next
# English sentence (e5 scores a short message so with many), which its own source reads 0.88 like
LINE = "年の差がかなりあります... 宜しくお願いします。"
NEXT = "一日に二、三回ですね。"
T0, T1 = "There's quite an age gap between us...", "Two or three times a day."
_y = (0.82 - 0.6 * 0.76) / 0.8
VECTORS = {
    "年の差がかなりあります...": _unit(0.95, 0, 0, 0.312),
    "宜しくお願いします。": np.array([0.76, _y, (1 - 0.76 ** 2 - _y ** 2) ** 0.5, 0, 0]),
    T0: _unit(1.0), T1: _unit(0.6, 0.8),
}


def _drop(next_similarity: float):
    source = LINE + " " + NEXT
    text = T0 + " " + T1
    src = [Span(0, len(LINE)), Span(len(LINE) + 1, len(source))]
    tgt = [Span(0, len(T0)), Span(len(T0) + 1, len(text))]
    beads = [Bead((0,), (0,), 0.87), Bead((1,), (1,), next_similarity)]
    units, out = _drop_pieces(src, beads, source, text, tgt, "ja", _Vectors(VECTORS))
    return [u.slice(source) for u in units], [(b.src, b.tgt) for b in out]


def test_the_fixture_reads_as_described():
    v = VECTORS
    assert abs(float(v["宜しくお願いします。"] @ v[T1]) - 0.82) < 1e-6
    assert abs(float(v["宜しくお願いします。"] @ v[T0]) - 0.76) < 1e-6


def test_a_formula_dropped_beside_a_sentence_that_reads_like_it_is_found():
    # the next target is its own source's translation (0.88 > 0.82): the formula has none
    units, beads = _drop(0.88)
    assert units == ["年の差がかなりあります...", "宜しくお願いします。", NEXT]
    assert beads == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_a_message_whose_translation_the_alignment_gave_a_neighbour_stays():
    # the next target reads more like the formula than like its own source: the alignment
    # may have given it the formula's translation, so nothing is taken as dropped
    units, beads = _drop(0.80)
    assert units == [LINE, NEXT]
    assert beads == [((0,), (0,)), ((1,), (1,))]
