"""Fluency outliers (FLU001): the shipped English LM flags word salad, not clean news."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("pocketsphinx")

from auditor.config import Settings  # noqa: E402
from auditor.document import Article  # noqa: E402
from auditor.rules.engine import Engine  # noqa: E402
from auditor.rules.fluency import context_gains, sentence_score  # noqa: E402


def _check(text: str, **options):
    settings = Settings(select=["FLU"], rule_options={"FLU001": options} if options else {})
    findings, errors = Engine(settings).check(Article(text=text))
    assert not errors
    return findings


GARBLED = [
    "Were have arrived the agents and after the controls these leave.",
    "The of minister the yesterday announced in budget new a Rome.",
    "Police the said that arrested was man the station near the.",
]

CLEAN = [
    "The agents arrived and, after the checks, they left.",
    "The minister announced a new budget in Rome yesterday.",
    "Police said a man was arrested near the station on Friday night.",
    "Volodymyr Zelensky met Olaf Scholz and Emmanuel Macron in Kyiv on Thursday.",
    "Short one.",
]


@pytest.mark.parametrize("text", GARBLED)
def test_garbled_sentence_is_flagged_with_its_span(text):
    article_text = "The weather was fine. " + text + " Everyone went home."
    findings = _check(article_text)
    start = article_text.index(text)
    assert [(f.code, f.start, f.end) for f in findings] == [("FLU001", start, start + len(text))]
    assert findings[0].evidence["lm_score"] < -1.55


@pytest.mark.parametrize("text", CLEAN)
def test_clean_sentence_is_not_flagged(text):
    assert _check(text) == []


def test_headlines_without_final_punctuation_are_not_scored():
    assert _check("Were have arrived the agents and after the controls these leave") == []


def test_threshold_option():
    text = "The agents arrived and, after the checks, they left."
    assert _check(text, threshold=100.0)  # everything is below an absurd threshold


def test_context_gain_prefers_english_order():
    ordered = context_gains("the president of the united states".split())
    shuffled = context_gains("states the united of president the".split())
    assert sentence_score([g for _, g in ordered]) > 0 > sentence_score([g for _, g in shuffled])


def test_out_of_vocabulary_words_break_the_history():
    gains = context_gains("the zzqxv minister said".split())
    # "the" is scored after <s>; "zzqxv" is not scored and "minister" starts a new
    # history, so the next scored word is "said"
    assert [i for i, _ in gains] == [0, 3]


def test_demetr_shuffled_recall_and_false_alarms(data_dir):
    items = json.loads((data_dir / "demetr" / "critical_id20_shuffled.json").read_text("utf-8"))
    engine = Engine(Settings(select=["FLU"]))
    perturbed = [x for x in items if x["pert_check"] and x["pert_sent"] != x["mt_sent"]]
    hits = sum(1 for x in perturbed if engine.check(Article(text=x["pert_sent"]))[0])
    alarms = sum(1 for x in items if engine.check(Article(text=x["mt_sent"]))[0])
    assert hits / len(perturbed) >= 0.85
    assert alarms / len(items) <= 0.005
