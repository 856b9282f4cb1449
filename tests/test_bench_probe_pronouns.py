"""The check measured by bench/probe_source_pronouns.py: the figures in
reports/probe-source-pronouns.md rest on `contradicts`, so its reading of each language's
pronouns is pinned here on sentences written for the test."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def probe(bench_script):
    return bench_script("probe_source_pronouns.py")


@pytest.mark.parametrize("source, target, lang", [
    ("她说明天会来。", "He said he would come tomorrow.", "zh"),
    ("他说明天会来。", "She said she would come tomorrow.", "zh"),
    ("Она сказала, что придёт.", "He said he would come.", "ru"),
    ("Er sagte, dass er morgen kommt.", "She said she would come tomorrow.", "de"),
    ("Elle a dit qu'elle viendrait.", "He said he would come.", "fr"),
    ("彼女は来ると言った。", "He said he would come.", "ja"),
])
def test_contradicting_pronouns_are_flagged(probe, source, target, lang):
    assert probe.contradicts(source, target, lang)


@pytest.mark.parametrize("source, target, lang", [
    ("她说明天会来。", "She said she would come tomorrow.", "zh"),
    ("其他人说明天会来。", "She said the others would come tomorrow.", "zh"),  # 其他 = "other", no pronoun
    ("他们说明天会来。", "She said they would come tomorrow.", "zh"),  # 他们 = "they"
    ("Sie sagte, er komme morgen.", "She said he would come tomorrow.", "de"),  # both genders in the English
    ("Er gab ihr das Buch.", "She gave him the book.", "de"),  # "ihr" may be her: left alone
    ("Il lui a parlé.", "She spoke to him.", "fr"),  # "lui" = to him or to her: left alone
    ("Он пришёл.", "It arrived.", "ru"),  # no English pronoun of a person
    ("Er kommt morgen.", "She comes tomorrow.", "hi"),  # a language without a list
])
def test_agreeing_ambiguous_or_unlisted_pronouns_are_left_alone(probe, source, target, lang):
    assert not probe.contradicts(source, target, lang)


def test_japanese_he_is_not_read_inside_she(probe):
    assert probe.source_genders("彼女は来た。", "ja") == (0, 1, 0)
    assert probe.source_genders("彼は来た。彼らも来た。", "ja") == (1, 0, 0)
