"""Issue 13, numbers on real translations (SRC001): a German score written like a clock
time ("7:18") that English writes with a hyphen ("7-18"). Hand-written; failed before the fix."""

from __future__ import annotations

from auditor.config import Settings
from auditor.document import Article
from auditor.rules.engine import Engine


def _src001(source: str, target: str) -> list[str]:
    settings = Settings()
    settings.select = ["SRC001"]
    return [f.message for f in Engine(settings).check(Article(text=target, source_text=source, source_lang="de"))[0]]


SCORE = "Nach zehn Minuten stand es schon 7:18 für die Gäste."


def test_score_with_a_hyphen_matches():
    assert _src001(SCORE, "After ten minutes the visitors already led 7-18.") == []
    assert _src001(SCORE, "After ten minutes the visitors already led 7–18.") == []


def test_changed_score_is_still_found():
    assert _src001(SCORE, "After ten minutes the visitors already led 7-19.") != []
    assert _src001(SCORE, "After ten minutes the visitors already led 18-7.") != []


def test_clock_time_unchanged():
    assert _src001("Der Zug fährt um 7:18 ab.", "The train leaves at 7:18.") == []
    assert _src001("Der Zug fährt um 7:18 ab.", "The train leaves at 7:28.") != []


def test_vehicle_number_joined_with_a_period():
    source = "Die Lok E 95 01 wurde 1927 geliefert."
    assert _src001(source, "The locomotive E 95.01 was delivered in 1927.") == []
    assert _src001(source, "The locomotive E 95.02 was delivered in 1927.") != []


# --- figures of speech (helper H-NAMES): "100 %" and a half turn may come out as words


def _src001_lang(source: str, target: str, lang: str) -> list[str]:
    settings = Settings()
    settings.select = ["SRC001"]
    return [f.message for f in Engine(settings).check(Article(text=target, source_text=source, source_lang=lang))[0]]


def test_hundred_percent_rendered_as_a_word():
    assert _src001("Ich bin mir zu 100 % sicher, dass es klappt.", "I am absolutely sure that it will work.") == []
    assert _src001("Ich bin mir zu 100 Prozent sicher.", "I am absolutely sure.") == []
    assert _src001("Er war sich absolut sicher.", "He was 100% sure.") == []
    assert _src001("Ich bin mir zu 100 Prozent sicher.", "I am 90 percent sure.") != []  # changed: still found
    assert _src001("Die Halle bietet Platz für 100 Gäste.", "The hall has room for guests.") != []  # no idiom


def test_half_turn_rendered_as_a_word():
    assert _src001("Die Partei hat ihren Kurs um 180 Grad geändert.", "The party has done a U-turn.") == []
    assert _src001_lang("Партія змінила курс на 180 градусів.", "The party did a complete U-turn.", "uk") == []
    assert _src001_lang("Партія змінила курс на 180 градусів.", "The party turned 90 degrees.", "uk") != []
    assert _src001("Der Winkel beträgt 120 Grad.", "The angle is wide.") != []  # no turn


def test_ukrainian_clock_hour():
    # "після 17 години" = "after 5 pm": the hour of the clock (a changed hour is still found)
    assert _src001_lang("Можемо зустрітися після 17 години.", "We can meet after 5 pm.", "uk") == []
    assert _src001_lang("Можемо зустрітися після 17 години.", "We can meet after 6 pm.", "uk") != []
    assert _src001_lang("Ми чекали 3 години.", "We waited 3 hours.", "uk") == []
