"""Issue 11, section 5: first names whose gender depends on the country (GEN001), and
JSONL titles that live outside the text."""

from __future__ import annotations

import io
import json
import sys

import pytest

from auditor.cli.app import main
from auditor.config import Settings
from auditor.document import Article
from auditor.rules.engine import Engine
from auditor.rules.gender import country_dependent, first_name_gender


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def gen(text: str) -> list[tuple[str, str]]:
    findings, errors = Engine(Settings(select=["GEN"])).check(Article(text=text))
    assert errors == []
    return [(f.text, f.evidence["antecedent_gender"]) for f in findings]


# -- GEN001 -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Andrea", "Nicola", "Simone", "Michele", "Daniele", "Jean", "Karen"])
def test_names_whose_gender_depends_on_the_country_have_none(name):
    assert first_name_gender(name) is None


@pytest.mark.parametrize("name, gender", [("Angela", "female"), ("Mario", "male"), ("Giuseppe", "male"),
                                          ("Ursula", "female"), ("Emanuele", "male")])
def test_names_with_one_gender_everywhere_keep_it(name, gender):
    assert first_name_gender(name) == gender


def test_country_dependent_reads_gender_guessers_columns():
    # one column per country; a blank column: not listed there
    assert country_dependent({"female": " 4  7 ", "male": "   7  "})
    assert country_dependent({"mostly_female": "5     ", "mostly_male": "  3   "})
    assert not country_dependent({"female": " 4  7 ", "mostly_female": "5     "})
    assert not country_dependent({"female": "4     ", "male": "      "})
    assert not country_dependent({"male": "4", "andy": "3"})


def test_andrea_is_not_read_as_a_woman():
    assert gen("Andrea Rossi arrived in Rome on Monday. He said the talks went well.") == []
    assert gen("Nicola Sturgeon arrived in Rome on Monday. He said the talks went well.") == []
    # a name with one gender everywhere still drives the finding
    assert gen("Mario Draghi arrived in Rome on Monday. She said the talks went well.") == [("She", "male")]


def test_text_evidence_still_counts_for_a_country_dependent_name():
    text = "Andrea Rossi arrived in Rome on Monday. Mr Rossi met reporters. She said the talks went well."
    assert gen(text) == [("She", "male")]


def test_fix_with_unsafe_fixes_keeps_he_for_andrea(capsys, monkeypatch):
    text = "Andrea Rossi arrived in Rome on Monday.\n\nHe said the talks with the mayor went well.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))
    code, out, err = run(capsys, "fix", "-", "--isolated", "--no-model", "--unsafe-fixes", "--select", "GEN")
    assert code == 0, err
    assert out == text
    # the same story about an Angela is rewritten: the pathway is live
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.replace("Andrea", "Angela").encode()),
                                                       encoding="utf-8"))
    code, out, _ = run(capsys, "fix", "-", "--isolated", "--no-model", "--unsafe-fixes", "--select", "GEN")
    assert out == text.replace("Andrea", "Angela").replace("He said", "She said")
