"""Issue 13, negation balance on real translations (SRC004): hand-written sentences, one
per cause; each failed before its fix."""

from __future__ import annotations

import pytest

from auditor.source import negation as neg
from auditor.source.lexicon import lexicon

from _source_check import source_findings


def _cues(text: str, lang: str) -> list[str]:
    return [c.text for c in neg.cues(text, lexicon(lang))]


@pytest.mark.parametrize("text, lang, expected", [
    # Ukrainian and Russian "ніякий"/"никакой" in every form negate alone ("no loans") ...
    ("Будь ласка, ніяких дзвінків після десятої.", "uk", ["ніяких"]),
    ("Там не було ніякої води.", "uk", ["не"]),  # ... and join the verb's "не" as one negation
    ("Пожалуйста, никаких звонков после десяти.", "ru", ["никаких"]),
    ("Он не звонил никому.", "ru", ["не"]),
    # an alternative question's "чи немає" is "or not", which English leaves out
    ("У школі є форма чи немає, чи можна прийти у джинсах?", "uk", []),
    ("Ты придёшь или нет, скажи?", "ru", []),
    # English "n't just" / "n't only" is "not only" ("nicht nur"), not a polarity
    ("This doesn’t just help at home, but also on the road.", "en", []),
    ("It wasn't only the price that mattered.", "en", []),
    # "not till" / "n't ... until" say "only then" ("erst"), "out of nowhere" = "from somewhere"
    ("The parcel will not arrive till Friday.", "en", []),
    ("We didn't hear back until the next morning.", "en", []),
    ("Out of nowhere, a storm came up.", "en", []),
    # still negations
    ("This doesn’t help at all.", "en", ["n’t"]),
    ("The parcel will not arrive.", "en", ["not"]),
])
def test_cues(text, lang, expected):
    assert _cues(text, lang) == expected


def _src004(source: str, target: str, lang: str = "de") -> list[str]:
    return [f.code for f in source_findings(source, target, lang, "SRC004")]


def test_negative_question_asked_positively():
    # "Muss ich nichts mitbringen?" asks what "Do I need to bring anything?" asks
    assert _src004("Muss ich sonst nichts mitbringen?", "Do I need to bring anything else?") == []
    # without "any-" the negation is still missing, and outside a question "anything" excuses nothing
    assert _src004("Muss ich sonst nichts mitbringen?", "Do I need to bring something else?") == ["SRC004"]
    assert _src004("Ich muss nichts mitbringen.", "I need to bring anything.") == ["SRC004"]


def test_answer_no_is_no_added_negation():
    # "Не треба" (= you needn't) answered "No, you needn't": the "No," adds no negation
    assert _src004("Не треба, я сам впораюся.", "No, you needn't, I'll manage myself.", "uk") == []
    # ... and may render the source's answer "Ні"
    assert _src004("Ні. Я вже поїв.", "No. I have already eaten.", "uk") == []
    # "no" before a noun still negates
    assert _src004("Я вже поїв.", "I have no food.", "uk") == ["SRC004"]


def test_question_opening_with_ne():
    # "Не вийшло в тебе подзвонити?" asks "Did you manage to call?" as often as "Didn't you ...?"
    src = "Не вийшло в тебе вчора подзвонити лікарю?"
    assert _src004(src, "Did you manage to call the doctor yesterday?", "uk") == []
    assert _src004(src, "Didn't you manage to call the doctor yesterday?", "uk") == []
    assert _cues("Не йди туди.", "uk") == ["Не"]  # an order is still negated
    assert _cues("Він не прийшов. Не знаєш чому?", "uk") == ["не"]


@pytest.mark.parametrize("text, lang, expected", [
    # "не витримує критики" = "is beneath criticism"; "жах, а не дорога" closing a sentence = "a terrible road"
    ("Такий аргумент не витримує критики.", "uk", []),
    ("Это ужас, а не дорога!", "ru", []),
    ("Це просто жах, а не дорога.", "uk", []),
    # an elliptical "and not so": "друзі давні й не дуже" = "old friends and more recent ones"
    ("Друзі давні й не дуже, друзі по духу.", "uk", []),
    ("Друзья старые и не очень.", "ru", []),
    ("Він не дуже старий.", "uk", ["не"]),
    # "а не" before more of the sentence, and a plain "не", still negate
    ("Я хочу чай, а не каву, бо каву не люблю.", "uk", ["не", "не"]),
])
def test_paraphrased_negations_uk_ru(text, lang, expected):
    assert _cues(text, lang) == expected


def test_gone_renders_a_lost_negation():
    # "Києва нема" = "Kyiv is gone"
    assert _src004("Їм сказали: Києва нема.", "They were told: Kyiv is gone.", "uk") == []
    assert _src004("Їм сказали: Києва нема.", "They were told: Kyiv is here.", "uk") == ["SRC004"]


@pytest.mark.parametrize("source, target, lang", [
    # a negation repeated over a list of verbs, which English writes once
    ("Ми не спали, не їли і не пили два дні.", "We did not sleep, eat or drink for two days.", "uk"),
    ("Мы не спали, не ели и не пили два дня.", "We did not sleep, eat or drink for two days.", "ru"),
    # ... or repeats: the repeated cue excuses the English one
    ("Ми не спали, не їли і не пили два дні.", "We didn't sleep, didn't eat and didn't drink for two days.", "uk"),
    # three negations in a row, joined by commas alone
    ("Сусід не відчиняє, не відповідає, не виходить.", "The neighbour doesn't open the door, answer the phone, come out.", "uk"),
])
def test_negation_repeated_over_a_list(source, target, lang):
    assert _src004(source, target, lang) == []


def test_a_list_negated_once_still_loses_its_negation():
    assert _src004("Ми не спали, не їли і не пили два дні.", "We slept, ate and drank for two days.", "uk") == ["SRC004"]
    # a second negation of its own clause still counts ("I don't know. Don't ask.")
    assert _cues("Я не знаю. Не питай.", "uk") == ["не", "Не"]
    assert _cues("Він не прийшов, бо не встиг.", "uk") == ["не", "не"]
    assert _cues("Хто не бачив, не лізьте з порадами.", "uk") == ["не", "не"]  # two clauses, no list
    assert _cues("Ми не спали, не їли і не пили.", "uk") == ["не"]
