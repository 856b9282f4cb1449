"""Issue 13, SRC004 on Japanese paraphrases: words that English renders with "not" though
they carry no negative ending (hand-written sentences; each failed before the ja pack's
entries), and the colloquial negative "知らねー" counted as the negation it is."""

from __future__ import annotations

import pytest

from _source_check import source_findings


def _src004(source: str, target: str, lang: str = "ja") -> list[str]:
    return [f.code for f in source_findings(source, target, lang, "SRC004")]


@pytest.mark.parametrize("source, target", [
    ("この坂を自転車で登るのは無理です。", "I can't ride a bike up this slope."),  # 無理 = "can't"
    ("今日は参加者が少ないですね。", "There aren't many participants today."),  # 少ない = "not many"
    ("駅まで歩く人は少なかったです。", "There weren't many people walking to the station."),
    ("そんなこと知らねーよ。", "I don't care about that."),  # 知らねー = "don't know/care"
    ("どう説明したものか。", "I don't know how to explain it."),  # a rhetorical ものか
])
def test_paraphrased_negation_is_no_mismatch(source, target):
    assert _src004(source, target) == []


def test_colloquial_negation_still_goes_missing():
    # "知らねー" is a negation: a translation without one lost it
    assert _src004("そんなこと知らねーよ。", "I know about that.") == ["SRC004"]
    # ... and the words that excuse an English "not" never count as a lost one
    assert _src004("この坂を自転車で登るのは無理です。", "Riding a bike up this slope is impossible.") == []


def test_a_plain_added_negation_is_still_reported():
    assert _src004("彼は朝ごはんを食べた。", "He didn't eat breakfast.") == ["SRC004"]


@pytest.mark.parametrize("source, target", [
    ("長文すいません。", "Sorry for the long post."),  # an apology is no negation
    ("返信が遅れて申し訳ありません。", "I'm sorry for the late reply."),
    ("レビュー投稿者名 あかぬま", "Review by Akanuma"),  # ぬ inside a name (沼)
])
def test_words_that_only_look_negative(source, target):
    assert _src004(source, target) == []


def test_no_different_is_a_weak_negation():
    # "変わらない" (= "no different") rendered "the same": its loss is no clear mismatch (info)
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.findings import Severity
    from auditor.rules.engine import Engine

    settings = Settings()
    settings.select = ["SRC004"]
    article = Article(text="This town is at the same latitude as Sapporo.", source_text="この町は緯度的には札幌と変わらない。",
                      source_lang="ja")
    assert [f.severity for f in Engine(settings).check(article)[0]] == [Severity.INFO]
