"""Untranslated words (UNT001) and foreign-script runs (UNT002): flagged and clean cases
with exact spans and languages, DEMETR code-mix recall and false alarms."""

from __future__ import annotations

import json
import re

import pytest

from auditor.config import Settings
from auditor.document import Article
from auditor.rules.engine import Engine


def _check(code: str, text: str):
    findings, errors = Engine(Settings(select=[code])).check(Article(text=text))
    assert not errors
    return findings


# (code, text, flagged substring, first language of source_lang)
FLAGGED = [
    ("UNT001", "The sindaco of the town resigned on Monday.", "sindaco", "it"),
    ("UNT001", "He criticised il governo for the delay.", "il governo", "it"),
    ("UNT001", "The mayor of [la ciudad] said no.", "la ciudad", "es"),
    ("UNT001", "Brazil's candidates Lula e Alckmin met voters.", "e", "it"),
    ("UNT001", "The new demands could nicht be met.", "nicht", "de"),
    ("UNT001", "Behörden are expecting a slowdown.", "Behörden", "de"),
    ("UNT001", "France is le septième EU country to suffer.", "le septième", "fr"),
    ("UNT001", "It was l'erosione of the party that began early.", "l'erosione", "it"),
    ("UNT001", "Travellers who adapted to a nové culture struggle at home.", "nové", "cs"),
    ("UNT001", "The commission investigated the przypadek last year.", "przypadek", "pl"),
    ("UNT001", "Skiers plan their entire Urlaub around one resort.", "Urlaub", "de"),
    ("UNT001", "The anti-missile system has proven su worth in the war.", "su", "es"),
    ("UNT001", "He preferred his performances y those of his rival.", "y", "es"),
    # German "ß" (wordfreq lists "größte" as "grösste")
    ("UNT001", "Madagascar is by far the größte island of the region.", "größte", "de"),
    # a German noun mid-sentence; the comma parts it from the name that follows
    ("UNT001", "In an emotional Reaktion, Mick Fleetwood spoke of a loss.", "Reaktion", "de"),
    # a source word typed without its diacritics (Romanian "podoabă", "adâncă")
    ("UNT001", "The bishop wore a golden podoaba at the ceremony.", "podoaba", "ro"),
    ("UNT001", "The river is adanca near the old bridge.", "adanca", "ro"),
    ("UNT002", "Cyanuric acid and 三聚氰胺 were found.", "三聚氰胺", "zh"),
    ("UNT002", "The leader Путин spoke on Friday.", "Путин", "ru"),
    ("UNT002", "The city of ग्वालियर is old.", "ग्वालियर", "hi"),
    ("UNT002", "The dish, すき焼き, is popular.", "すき焼き", "ja"),
    ("UNT002", "The new スプレータイプ serum.", "スプレータイプ", "ja"),
    ("UNT002", "The mayor of Київ spoke.", "Київ", "uk"),
]

CLEAN = [
    ("UNT001", "We met in the piazza for the fiesta, then had a siesta."),
    ("UNT001", "Kindergarten fees rise, which is per se a problem, déjà vu via Rome."),
    ("UNT001", "Luiz Inácio Lula da Silva and Charles de Gaulle met Guillermo del Toro."),
    ("UNT001", "The newspaper \u201cLa Repubblica\u201d reported it."),
    ("UNT001", "Also note the pronunciation: \"caro\" means \"dear\", while \"carro\" means \"carriage\"."),
    ("UNT001", "The Bundestag passed the law, and the Länder agreed."),
    ("UNT001", "The court in Thüringen ruled on Friday."),
    ("UNT001", "Trains run between Ústí nad Labem and Kolín, operated by České dráhy."),
    ("UNT001", "The researcher of the foundation Wissenschaft und Politik explained it."),
    ("UNT001", "The company ZSCHUTSCHKE UND BACHMANN made the model."),
    ("UNT001", "The president said the economy grew by 3 percent in the second quarter."),
    ("UNT001", "The study by Smith et al. was published en masse, a de facto standard."),
    ("UNT001", "Read more at www.example.com/il-governo or mail info@sindaco.it today."),
    # English words that are also source words without their diacritics ("naïve", "café")
    ("UNT001", "The naive senoritas in the cafe ordered a pina colada and jalapeno nachos."),
    ("UNT001", "The mediatisation of 1803 ended the abbey's rule."),
    # a German noun inside a name: a capitalised neighbour with only a space between
    ("UNT001", "She now chairs the Reaktion Verlag in Munich."),
    ("UNT002", "The α-helix and β-sheet are common."),
    ("UNT002", "WНO data show 55 million cases; the mattress is 105х195."),
    ("UNT002", "See https://премияарсеньева.рф/ for details."),
    ("UNT002", "Xishuangbanna (西双版納) lies in Yunnan."),
]


@pytest.mark.parametrize("code,text,quote,lang", FLAGGED)
def test_flagged(code, text, quote, lang):
    findings = _check(code, text)
    start = re.search(rf"(?<!\w){re.escape(quote)}(?!\w)", text).start()
    assert [(f.code, f.start, f.end) for f in findings] == [(code, start, start + len(quote))]
    assert findings[0].source_lang.split(",")[0] == lang


@pytest.mark.parametrize("code,text", CLEAN)
def test_clean(code, text):
    assert _check(code, text) == []


def test_article_in_another_language_is_not_flagged_word_by_word():
    text = "Il presidente ha detto che il governo non ha fatto niente per la città di Roma."
    assert _check("UNT", text) == []


def test_seed_has_no_untranslated_words(seed_dir):
    text = (seed_dir / "article.txt").read_text("utf-8")
    assert _check("UNT", text) == []


def test_demetr_codemix_recall_and_false_alarms(data_dir):
    items = json.loads((data_dir / "demetr" / "critical_id4_codemix.json").read_text("utf-8"))
    engine = Engine(Settings(select=["UNT"]))
    perturbed = [x for x in items if x["pert_check"] and x["pert_sent"] != x["mt_sent"]]
    hits = sum(1 for x in perturbed if engine.check(Article(text=x["pert_sent"]))[0])
    alarms = sum(1 for x in items if engine.check(Article(text=x["mt_sent"]))[0])
    assert hits / len(perturbed) >= 0.8
    assert alarms / len(items) <= 0.03


# --- issue 12: headlines in capitals, Czech "a" between names, English look-alikes
def _unt(text):
    from auditor.document import Article
    from auditor.rules.base import RuleContext
    from auditor.rules.untranslated import UntranslatedWord

    return [text[f.start:f.end] for f in UntranslatedWord().check(Article(text=text, id="t"), RuleContext())]


def test_capitals_run_of_source_words():
    assert _unt("Video: Felix Slováček and Lucie Helemová: ZASE SPOLU! They met again.") == ["ZASE SPOLU"]


def test_capitals_acronyms_stay_clean():
    assert _unt("The NATO summit and the WHO report were discussed. BREAKING NEWS tonight.") == []


def test_czech_a_between_foreign_names():
    assert _unt("Felix Slováček a Lucie Helemová were seen together in Prague.") == ["a"]


def test_english_a_in_title_case_stays_clean():
    assert _unt("Trump Gives Biden a Warning Over Trade.") == []


SENTENCE_FILTER_TEXTS = [
    "The sindaco of the town resigned on Monday. Petra Kvitová won in Brno. The EU said no.",
    "Alojar  a  Portillo met Machos in Dorset. Felix Slováček a Lucie Helemová sang.",
    "Questo è il governo. L'ACQUA È BUONA e la ZASE SPOLU! In Thüringen the Behörden waited.",
    "He met Wissenschaft und Politik in Edermanning bei Reut. His performances y those of su team.",
    "DELL'ACQUA rose. Dell'acqua rose. d’Italia called. Kto to jest? Lula e Alckmin met voters.",
]


@pytest.mark.parametrize("text", SENTENCE_FILTER_TEXTS)
def test_the_sentence_filter_never_hides_a_finding(text, monkeypatch):
    """`_has_candidates` only skips sentences where nothing can be marked: forcing every
    sentence through the word-by-word checks finds exactly the same."""
    from auditor.rules import untranslated

    filtered = [(f.start, f.end, f.message) for f in _check("UNT001", text)]
    monkeypatch.setattr(untranslated, "_has_candidates", lambda words: True)
    assert [(f.start, f.end, f.message) for f in _check("UNT001", text)] == filtered


def test_folded_words_map_plain_forms_to_the_source_word():
    from auditor import lexicon
    from auditor.rules.untranslated import MIN_SOURCE, MIN_SOURCE_UNKNOWN, SOURCE_LANGS

    assert lexicon.fold_diacritics("îndepărtată") == "indepartata"
    assert lexicon.fold_diacritics("łódź") == "łodz"  # "ł" does not decompose
    folded = lexicon.folded_words(SOURCE_LANGS, MIN_SOURCE_UNKNOWN, MIN_SOURCE)
    assert folded["indepartata"][0] == "ro"
    assert "casa" not in folded  # a word of its language as it is written ("casa", Italian)
    assert all(plain.isascii() and z >= MIN_SOURCE for plain, (_lang, z) in folded.items())


def test_the_frequent_source_words_tell_the_margin_as_the_lookups_do(monkeypatch):
    """`_below_by_frequent` (no lookup in each source language) agrees with the margin of
    `foreign_evidence` for words common in English, frequent in a source language or not."""
    from auditor import lexicon
    from auditor.rules import untranslated

    monkeypatch.setattr(untranslated, "FREQUENT_AFTER", 0)
    common = [w for w, z in lexicon.zipf_table("en").items() if 3.0 <= z < 4.0]
    words = common[::25] + ["con", "die", "per", "via", "come", "son", "mare", "pie", "est", "hotel", "gift", "sin"]
    told = 0
    for word in words:
        en = untranslated.english_zipf(word)
        below = untranslated._below_by_frequent(word, en)
        if below is not None:
            told += 1
            assert below == (untranslated.foreign_evidence(word)[0] < untranslated.WEAK_MARGIN), word
    assert told > 100
