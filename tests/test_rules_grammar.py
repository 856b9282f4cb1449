"""MT grammar rules (GRM001-GRM006): flagged and clean cases with exact spans, plus the seed."""

from __future__ import annotations

import pytest

from auditor.config import Settings
from auditor.document import Article
from auditor.findings import Applicability
from auditor.rules.engine import Engine

NARRATIVE = "Officials met in Rome on Monday. He said they would meet again, and she agreed with him. "


def _check(code: str, text: str):
    engine = Engine(Settings(select=[code]))
    findings, errors = engine.check(Article(text=text))
    assert not errors
    return findings


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


# (code, text, expected flagged substring)
FLAGGED = [
    ("GRM001", "The Russian president he thus clarified Moscow's plans.", "The Russian president he thus clarified"),
    ("GRM001", "The minister she announced new measures on Friday.", "The minister she announced"),
    ("GRM001", "Mario Draghi he said that the bank would act.", "Mario Draghi he said"),
    ("GRM001", "The protesters they blocked the road.", "The protesters they blocked"),
    ("GRM001", "Russian President Vladimir Putin he warned the West.", "Russian President Vladimir Putin he warned"),
    ("GRM001", "The premier Giorgia Meloni she replied on Friday.", "The premier Giorgia Meloni she replied"),
    ("GRM002", NARRATIVE + "On that occasion you had spoken about weapons.", "you had spoken"),
    ("GRM002", NARRATIVE + "Later you declared the talks over.", "you declared"),
    ("GRM003", "Police came at dawn. AND been arrested a man of 40.", "AND"),
    ("GRM003", "Police came at dawn. And' been arrested a man of 40.", "And'"),
    ("GRM003", "Police came at dawn. And been arrested a man of 40.", "And"),
    ("GRM003", "Police came at dawn. THE police arrested a man.", "THE"),
    ("GRM004", "Yesterday declared the minister that taxes will fall.", "Yesterday declared the"),
    ("GRM004", "The reform passed, explained the minister that it was needed.", "explained the minister that"),
    ("GRM005", "The vote took place on the past day 12 in Rome.", "the past day 12"),
    ("GRM005", "The summit opens on the day 5 of June in Paris.", "the day 5 of June"),
    ("GRM005", "The law was approved on 12 of March by parliament.", "12 of March"),
    ("GRM005", "Why does the delivery only begin on 21.4.?", "21.4."),
    ("GRM005", "Tickets bought before 1.7.2023 stay valid.", "1.7.2023"),
    ("GRM005", "My order from 05.02.23 never came.", "05.02.23"),
    ("GRM006", "Victor Cha, head of the think tank Csis Korea, spoke.", "Csis"),
    ("GRM006", "The Onu said the aid had arrived.", "Onu"),
    ("GRM006", "An agent of the Fbi was questioned.", "Fbi"),
    ("GRM006", "Brussels and the Ue agreed.", "Ue"),
]

CLEAN = [
    ("GRM001", "The president, he said, will travel to Kyiv."),
    ("GRM001", "The man he met was a former spy."),
    ("GRM001", "The minister he appointed resigned."),
    ("GRM001", "On Monday he said the talks had failed."),
    ("GRM001", "Yesterday she announced her candidacy."),
    ("GRM001", "The minister said he would resign."),
    ("GRM001", "When President Joe Biden arrived he said hello."),
    ("GRM001", "The Prime Minister he met on Monday was tired."),
    ("GRM002", NARRATIVE + "\u201cYou had promised us peace,\u201d she told him."),
    ("GRM002", NARRATIVE + "If you had asked him, he would have said no."),
    ("GRM002", "He said the vaccine has the effect you mentioned earlier, and she agreed with him."),
    ("GRM002", "You can see the lake from the hotel. You will love it. You should book early. You had better hurry."),
    ("GRM003", "And the minister said no."),
    ("GRM003", "AND THEN THERE WERE NONE: A REVIEW"),
    ("GRM003", "The police arrested a man."),
    ("GRM004", "\u201cWe will win,\u201d said the premier."),
    ("GRM004", "He told the minister that the plan had failed."),
    ("GRM004", "Yesterday the minister declared that taxes would fall."),
    ("GRM005", "On day 3 of the trial the judge spoke."),
    ("GRM005", "The vote is on the 5th of June."),
    ("GRM005", "It happened on 12 March."),
    ("GRM005", "Two of March's games were postponed."),
    ("GRM005", "The shop opens from 14.00. The rates rose by 2.5. See sections 2.1 and 2.2."),
    ("GRM005", "Inflation fell to 1.9 from 2.5. Growth held."),
    ("GRM003", "AND nobody expected the winter to be this long."),  # a lede's first word in capitals
    ("GRM006", "She sang \"Un amour de printemps\" and then \"Un, deux, trois\"."),
    ("GRM005", "It lies between latitude 15.20 and 17.28. On 3.14.15 nothing happened."),
    ("GRM006", "NATO and Nato allies met the UN and KCNA reporters."),
    ("GRM006", "Unesco and Nasa officials met the FBI and the CIA."),
    ("GRM006", "Who said it? Us, and Aids charities."),
]


@pytest.mark.parametrize("code,text,quote", FLAGGED)
def test_flagged(code, text, quote):
    findings = _check(code, text)
    assert [(f.code, f.start, f.end) for f in findings] == [(code, *_span(text, quote))]


@pytest.mark.parametrize("code,text", CLEAN)
def test_clean(code, text):
    assert _check(code, text) == []


def test_pronoun_doubling_fix_removes_pronoun():
    text = "The minister she announced new measures."
    (f,) = _check("GRM001", text)
    (r,) = f.replacements
    assert r.applicability is Applicability.UNSAFE
    assert text[: r.start] + r.content + text[r.end :] == "The minister announced new measures."


def test_acronym_fix_and_source_lang():
    text = "The Onu and the Csis met."
    onu, csis = _check("GRM006", text)
    assert (onu.replacements[0].content, csis.replacements[0].content) == ("UN", "CSIS")
    assert "it" in onu.source_lang.split(",") and csis.source_lang == "it"


def test_date_fix():
    text = "It was approved on 12 of March."
    (f,) = _check("GRM005", text)
    (r,) = f.replacements
    assert text[: r.start] + r.content + text[r.end :] == "It was approved on 12 March."


def test_dotted_date_fix():
    text = "Shipping starts on 16.3. and ends on 02.11.2024."
    first, second = _check("GRM005", text)
    assert (first.replacements[0].content, second.replacements[0].content) == ("16 March", "2 November 2024")
    assert first.replacements[0].applicability is Applicability.UNSAFE


def test_person_shift_needs_third_person_article():
    # an article that addresses its reader throughout is not a person shift
    text = "You arrived late. Your bags were lost. You had spoken to the desk. You waited."
    assert _check("GRM002", text) == []


def test_seed(seed_dir):
    text = (seed_dir / "article.txt").read_text("utf-8")
    findings = _check("GRM", text)
    got = {(f.name, f.text) for f in findings}
    assert ("pronoun-doubling", "The Russian president he thus clarified") in got
    assert ("person-shift", "you had spoken") in got
    assert ("acronym-casing", "Csis") in got
    for f in findings:
        assert f.text not in {"NATO", "Nato", "KCNA", "UN"}
    assert len(findings) == 3


def test_seed_artifacts_overlap_and_no_false_alarms(seed_dir):
    """Every GRM/UNT/GEN/FLU finding on the seed overlaps an annotated artifact, and the
    annotated grammar/casing artifacts are all found."""
    import json

    text = (seed_dir / "article.txt").read_text("utf-8")
    artifacts = [json.loads(line) for line in (seed_dir / "artifacts.jsonl").read_text("utf-8").splitlines() if line.strip()]
    spans = {}
    for a in artifacts:
        start = text.find(a["quote"])
        assert start >= 0, a["quote"]
        spans[a["quote"]] = (a["type"], start, start + len(a["quote"]))
    findings, errors = Engine(Settings(select=["GRM", "UNT", "GEN", "FLU"])).check(Article(text=text))
    assert not errors
    for f in findings:
        assert any(s < f.end and f.start < e for _, s, e in spans.values()), f
    wanted = {"grammar.pronoun-doubling", "grammar.person-shift", "casing.acronym"}
    for kind, s, e in spans.values():
        if kind in wanted:
            assert any(f.start < e and s < f.end for f in findings), kind
