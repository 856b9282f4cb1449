"""Issue 11, section 5: first names whose gender depends on the country (GEN001), and
JSONL titles that live outside the text."""

from __future__ import annotations

import io
import json
import sys

import pytest

from auditor.config import Settings
from auditor.document import Article
from auditor.rules.engine import Engine
from auditor.rules.gender import country_dependent, first_name_gender

from _cli import run


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


# -- JSONL titles outside the text --------------------------------------------------------

TITLE = "Leaders sign the migration pact in Tunis – Europe"
BODY = "The leaders of Italy and Tunisia signed a pact on Monday.\n\nThe agreement covers border patrols and funding.\n"


@pytest.fixture
def dump(tmp_path):
    path = tmp_path / "d.jsonl"
    rows = [{"id": "a1", "title": TITLE, "text": BODY, "site": "x"},
            {"id": "a2", "title": "Storm hits the coast", "text": "Storm hits the coast\n\nWinds reached 100 km/h.\n"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_title_outside_the_text_is_audited_as_the_first_line(capsys, dump):
    code, out, err = run(capsys, "check", str(dump), "--isolated", "-f", "json", "-q")
    assert code == 1, err
    first, second = json.loads(out)["articles"]
    # offsets count from the headline: "Leaders sign the migration pact in Tunis" is 40 code points
    assert [(f["code"], f["start"], f["end"], f["text"]) for f in first["findings"]] == [
        ("RES001", 40, 49, " – Europe")]
    assert first["title"] == TITLE
    assert second["findings"] == []  # a title that starts the text is not doubled
    code, out, _ = run(capsys, "check", str(dump), "--isolated", "-q")
    assert f"{dump}#a1:1:41: RES001" in out  # line 1 is the headline


def test_fix_writes_the_corrected_title_to_its_own_field(capsys, dump):
    code, out, err = run(capsys, "fix", str(dump), "--isolated", "--no-model")
    assert code == 0, err
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["title"] == TITLE and first["text"] == BODY and first["site"] == "x"  # the record is intact
    assert first["corrected_title"] == "Leaders sign the migration pact in Tunis"
    assert first["corrected_text"] == BODY
    assert [(e["start"], e["end"], e["original"]) for e in first["edits"]] == [(40, 49, " – Europe")]
    assert "corrected_title" not in second and second["corrected_text"] == second["text"]
    # --replace-text: the corrected headline goes to the title field and the text field
    # keeps the text alone (never the headline); originals are kept only when changed
    code, out, err = run(capsys, "fix", str(dump), "--isolated", "--no-model", "--replace-text")
    assert code == 0, err
    first = json.loads(out.splitlines()[0])
    assert (first["title"], first["original_title"], first["text"]) == (
        "Leaders sign the migration pact in Tunis", TITLE, BODY)
    assert "original_text" not in first and "corrected_title" not in first


def test_records_with_a_source_get_no_source_findings_on_the_title(tmp_path):
    from auditor.io import ReadOptions
    from auditor.io.jsonl import record_to_article

    record = {"title": "Pact signed", "text": "The leaders signed a pact.", "source_text": "I leader hanno firmato un patto."}
    article = record_to_article(record, options=ReadOptions())
    assert article.text == "Pact signed\n\nThe leaders signed a pact." and article.body_start == 13
    assert [(s.codes, s.start, s.end) for s in article.suppressions] == [(("SRC",), 0, 13)]
    assert record_to_article({"title": "Pact signed", "text": "x y"}, options=ReadOptions()).suppressions == []


class _Edit:
    def __init__(self, start, end, content):
        self.start, self.end, self.content = start, end, content


def _apply(text, edits):
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.content + text[e.end:]
    return text


@pytest.mark.parametrize("edits, title, body", [
    ([], "Pact signed – Europe", "Body one.\n"),
    ([_Edit(11, 20, "")], "Pact signed", "Body one.\n"),                      # suffix removed
    ([_Edit(20, 20, "!")], "Pact signed – Europe!", "Body one.\n"),          # added at the end of the title
    ([_Edit(22, 22, "New: ")], "Pact signed – Europe", "New: Body one.\n"),  # added at the start of the text
    ([_Edit(0, 21, "")], "", "Body one.\n"),                                 # the headline line removed
    ([_Edit(0, 4, "Deal"), _Edit(27, 30, "two")], "Deal signed – Europe", "Body two.\n"),
    ([_Edit(16, 24, "X")], "Pact signed – Eu", "Xdy one.\n"),                 # across the separator: to the text
])
def test_split_title_moves_the_boundary_through_the_edits(edits, title, body):
    from auditor.document import with_title

    text, span, start = with_title("Pact signed – Europe", "Body one.\n")
    assert (text, span.end, start) == ("Pact signed – Europe\n\nBody one.\n", 20, 22)
    article = Article(text=text, title="Pact signed – Europe", title_span=span, body_start=start)
    assert article.split_title(_apply(text, edits), edits) == (title, body)
    assert Article(text="a\n\nb").split_title("a\n\nc") == (None, "a\n\nc")


def test_a_title_with_line_breaks_becomes_one_line():
    from auditor.document import with_title

    text, span, start = with_title("Two\nlines", "Body.")
    assert text == "Two lines\n\nBody." and span.end == 9 and start == 11
