"""`auditor fix`: outputs, in-place rewriting, diff/json, model edits through the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.correct.corrector import Proposal
from auditor.document import Article
from auditor.findings import Applicability, Replacement
from auditor.fix import fix_article
from auditor.rules.engine import Engine
from auditor.config import Settings

from _cli import run

DIRTY = "Markets rally as inflation cools – Business\n\nShares rose on Monday. The index closed higher.\n\nReproduction reserved © Copyright ANSA\n"
CLEAN_BODY = "Markets rally as inflation cools\n\nShares rose on Monday. The index closed higher.\n"


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (src / "b.jsonl").write_text(json.dumps({"id": "x1", "text": DIRTY, "extra": 5}) + "\n", encoding="utf-8")
    return src


def test_single_file_to_stdout_and_input_untouched(capsys, corpus):
    path = corpus / "sub" / "a.txt"
    before = path.read_bytes()
    code, out, _ = run(capsys, "fix", str(path), "--no-model", "--isolated", "--quiet")
    assert code == 0
    assert out == CLEAN_BODY
    assert path.read_bytes() == before


def test_out_dir_keeps_relative_paths_and_formats(capsys, corpus, tmp_path):
    dest = tmp_path / "out"
    code, _, _ = run(capsys, "fix", str(corpus), "--out", str(dest), "--no-model", "--isolated", "--quiet")
    assert code == 0
    assert (dest / "sub" / "a.txt").read_text("utf-8") == CLEAN_BODY
    [record] = [json.loads(line) for line in (dest / "b.jsonl").read_text("utf-8").splitlines()]
    assert record["id"] == "x1" and record["extra"] == 5 and record["text"] == DIRTY
    assert record["corrected_text"] == CLEAN_BODY
    assert {e["origin"][:3] for e in record["edits"]} == {"RES"}
    assert all(e["status"] == "applied" for e in record["edits"])


def test_in_place_is_atomic_with_backup(capsys, corpus):
    path = corpus / "sub" / "a.txt"
    code, _, _ = run(capsys, "fix", str(path), "--in-place", "--no-model", "--isolated", "--quiet")
    assert code == 0
    assert path.read_text("utf-8") == CLEAN_BODY
    assert (corpus / "sub" / "a.txt.orig").read_text("utf-8") == DIRTY
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temporary left
    path.write_text(DIRTY, encoding="utf-8")
    (corpus / "sub" / "a.txt.orig").unlink()
    run(capsys, "fix", str(path), "--in-place", "--no-backup", "--no-model", "--isolated", "--quiet")
    assert path.read_text("utf-8") == CLEAN_BODY and not (corpus / "sub" / "a.txt.orig").exists()


def test_diff_and_json(capsys, corpus):
    path = corpus / "sub" / "a.txt"
    code, out, _ = run(capsys, "fix", str(path), "--diff", "--no-model", "--isolated", "--quiet")
    assert code == 0
    assert "-Markets rally as inflation cools – Business\n+Markets rally as inflation cools\n" in out
    assert "-Reproduction reserved © Copyright ANSA\n" in out
    code, out, _ = run(capsys, "fix", str(path), "--format", "json", "--no-model", "--isolated", "--quiet")
    doc = json.loads(out)
    edits = doc["articles"][0]["edits"]
    assert doc["articles"][0]["corrected_text"] == CLEAN_BODY
    assert [(e["original"], e["status"], e["applicability"]) for e in edits if e["status"] == "applied"] == [
        (" – Business", "applied", "safe"), ("\n\nReproduction reserved © Copyright ANSA", "applied", "safe")]


@pytest.mark.parametrize("args", [["fix", "A", "B", "--no-model"], ["fix", "A", "--diff", "--in-place", "--no-model"],
                                  ["fix", "-", "--in-place", "--no-model"], ["fix", "A", "--format", "xml"]])
def test_usage_errors(capsys, args):
    code, _, err = run(capsys, *args)
    assert code == 2 and err.startswith("error:")


class FakeCorrector:
    """Stands in for the model: proposes fixed edits and lets the test decide the verdict."""

    def __init__(self, accepted: bool):
        self.accepted = accepted

    def propose_article(self, article, findings, recheck):
        span = next((f for f in findings if f.text == "Villages"), None)
        if span is None:  # with --unsafe-fixes the rule's own fix repairs it: the model is not asked
            return []
        edit = Replacement(span.start, span.end, "countries",
                           Applicability.UNSAFE if self.accepted else Applicability.DISPLAY, "model correction")
        return [Proposal(window=(0, len(article.text)), span=(span.start, span.end), original=article.text, candidate="",
                         codes=(span.code,), scores={"margin": 2.0 if self.accepted else -1.0}, accepted=self.accepted,
                         reason="accepted" if self.accepted else "margin below 1.0", applicability=edit.applicability, edit=edit)]


@pytest.mark.parametrize("accepted", [True, False])
def test_model_edits_pass_only_through_the_gate(accepted):
    text = "The pact binds the two Villages in case of aggression."
    engine = Engine(Settings(select=["CAL"]))
    if not any(f.text == "Villages" for f in engine.check(Article(text=text))[0]):
        pytest.skip("no CAL rule flags 'Villages' in this build")
    result = fix_article(Article(text=text), engine, FakeCorrector(accepted))
    model = [e for e in result.edits if e.origin == "model"]
    assert len(model) == 1 and model[0].applicability is not Applicability.SAFE
    if accepted:  # a model edit that passed the gate is unsafe: only --unsafe-fixes applies it
        assert result.corrected == text and model[0].status == "display" and "--unsafe-fixes" in model[0].reason
        result = fix_article(Article(text=text), engine, FakeCorrector(accepted), unsafe=True)
        assert result.corrected == text.replace("Villages", "countries")
    else:
        assert result.corrected == text and model[0].status == "rejected" and "margin" in model[0].reason


def test_seed_fix_changes_only_flagged_spans(seed_dir):
    article = Article(text=(seed_dir / "article.txt").read_text("utf-8"), path="article.txt")
    result = fix_article(article, Engine(Settings()), None, unsafe=True)
    # every applied edit lies on a finding's replacement, and nothing else changed
    rebuilt = []
    pos = 0
    for e in sorted(result.applied, key=lambda e: e.start):
        rebuilt.append(article.text[pos:e.start] + e.content)
        pos = e.end
    assert "".join(rebuilt) + article.text[pos:] == result.corrected
    assert "Reproduction reserved" not in result.corrected and "PREV " not in result.corrected
    assert "Google" not in result.corrected and "– Europe" not in result.corrected
    assert result.corrected.count("Putin does not rule out sending missiles") == 1
    assert "“Putin-Kim union” represents" in result.corrected and "Ukraine”, announced" in result.corrected
    assert "attack because" in result.corrected
    assert "The Russian president thus clarified" in result.corrected and "CSIS Korea" in result.corrected
    assert "one of the two countries" in result.corrected
    # the body outside flagged spans is untouched
    assert "Meanwhile, discussions continue on the Comprehensive Strategic Partnership Treaty" in result.corrected


@pytest.mark.parametrize("model_args", [["--no-model"], []], ids=["rules", "shipped-model"])
def test_jobs_give_the_same_output_in_input_order(capsys, tmp_path, model_args):
    # several articles, one bad file among them: --jobs 2 must match --jobs 1 edit for edit
    src = tmp_path / "many"
    src.mkdir()
    texts = {
        "a.txt": DIRTY,
        "b.txt": "Rome, the minister he said that the the plan works.\n\nHe spoke to reporters.\n",
        "c.txt": "Cyanuric acid was found in samples of pets who died after eating pet food food.\n",
        "d.txt": "Officials said the attackbecause of the storm was delayed .\n",
    }
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "e.txt").write_bytes(b"caf\xe9 au lait \xff")  # not UTF-8
    outs = []
    for jobs in ("1", "2"):
        code, out, err = run(capsys, "fix", str(src), "--format", "json", "--isolated", "--quiet", "--jobs", jobs, *model_args)
        assert code == 1 and "e.txt" in err  # the bad file is named (exit 1: not everything was read), the rest is fixed
        outs.append(json.loads(out)["articles"])
    assert [a["path"] for a in outs[1]] == sorted(str(src / n) for n in texts)
    assert outs[0] == outs[1]
    fixed = {Path(a["path"]).name: a["corrected_text"] for a in outs[1]}
    assert "food." in fixed["c.txt"] and "food food" not in fixed["c.txt"]
    assert fixed["a.txt"] == CLEAN_BODY


def test_jobs_with_a_missing_model_is_one_error(capsys, corpus, tmp_path):
    code, out, err = run(capsys, "fix", str(corpus), "--format", "json", "--isolated", "--jobs", "2", "--model", str(tmp_path / "nope"))
    assert code == 2 and "Traceback" not in err
    assert len([line for line in err.splitlines() if "nope" in line]) == 1
