"""`auditor.api.Auditor`: the one engine path. Its reports are the CLI's JSON, its batch
pre-pass does not leak into other calls, and it is safe to call from several threads."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from auditor import Auditor
from auditor.cli.app import main
from auditor.errors import InputError, UsageError

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "corpora" / "articles").glob("*.*"))


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    return Auditor(isolated=True, model=False)


def run_cli(args: list[str], capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, dict]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = main(args)
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_import_auditor_stays_cheap():
    code = "import sys, auditor; print(sorted(m for m in ('auditor.api', 'auditor.rules', 'auditor.io') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    out = subprocess.run([sys.executable, "-c", "from auditor import Auditor; print(Auditor.__module__)"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "auditor.api"


@pytest.mark.parametrize("path", ARTICLES[:3] + ARTICLES[-2:], ids=lambda p: p.name)
def test_check_is_the_cli_json(auditor, path, capsys):
    rel = str(path.relative_to(ROOT))
    text = path.read_bytes().decode("utf-8")
    report = auditor.check(text, path=rel, id=rel, format="markdown" if path.suffix == ".md" else "text")
    code, doc = run_cli(["check", rel, "--isolated", "--format", "json", "-q", "--fail-on", "info"], capsys)
    assert doc["articles"][0] == report.to_dict()
    assert (code == 1) == report.worst_at_least("info")


def test_a_title_reads_as_a_jsonl_record(auditor, tmp_path, capsys, monkeypatch):
    record = {"id": "a1", "title": "Bridge closed after the collapse – Cronaca",
              "text": "The two Villages said that the bridge is closed.\n\nFollow us on Google News"}
    dump = tmp_path / "one.jsonl"
    dump.write_text(json.dumps(record) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, doc = run_cli(["check", "one.jsonl", "--isolated", "--format", "json", "-q"], capsys)
    report = auditor.check(record["text"], title=record["title"], id="a1", path="one.jsonl")
    assert doc["articles"][0] == report.to_dict()
    assert report.findings and report.article.title_span is not None


def test_stdin_filename_names_the_article(capsys, monkeypatch):
    path = ARTICLES[2]
    rel = str(path.relative_to(ROOT))
    text = path.read_text("utf-8")
    monkeypatch.chdir(ROOT)
    _, from_file = run_cli(["check", rel, "--isolated", "--format", "json", "-q"], capsys)
    _, from_stdin = run_cli(["check", "-", "--stdin-filename", rel, "--isolated", "--format", "json", "-q"],
                            capsys, stdin=text, monkeypatch=monkeypatch)
    assert from_stdin["articles"] == from_file["articles"]
    assert main(["check", rel, "--stdin-filename", "x.txt", "--isolated"]) == 2  # no '-' to name


def test_fix_is_the_cli_json(auditor, capsys):
    path = next(p for p in ARTICLES if "bridge" in p.name)
    rel = str(path.relative_to(ROOT))
    fixed = auditor.fix(path.read_text("utf-8"), path=rel, id=rel)
    _, doc = run_cli(["fix", rel, "--isolated", "--no-model", "--format", "json", "-q"], capsys)
    assert doc["articles"][0] == fixed.to_dict()
    assert fixed.changed and all(e.applicability.value == "safe" for e in fixed.applied)
    unsafe = auditor.fix(path.read_text("utf-8"), unsafe=True)
    assert len(unsafe.applied) >= len(fixed.applied)


def _feed_article(n: int) -> str:
    return (f"Story number {n} about the harbour\n\nThe harbour reopened on Monday after repairs, officials said.\n\n"
            "Subscribe to the Daily Courier newsletter for more stories like this\n")


def test_check_many_mines_the_batch_without_touching_the_auditor(auditor):
    batch = [{"text": _feed_article(i), "id": str(i), "url": f"https://courier.example/{i}"} for i in range(6)]
    mined = [r.findings for r in auditor.check_many(batch)]
    assert all(any(f.code == "RES010" for f in findings) for findings in mined)
    alone = auditor.check(batch[0]["text"], url=batch[0]["url"])
    assert not any(f.code == "RES010" for f in alone.findings)  # the batch's corpus stayed with the batch
    assert [r.article.id for r in auditor.check_many(batch, mine=False)] == [str(i) for i in range(6)]


def test_threads_get_the_sequential_answers(auditor):
    texts = [p.read_text("utf-8") for p in ARTICLES] * 3
    expected = [auditor.check(t).to_dict() for t in texts]
    fresh = Auditor(isolated=True, model=False)  # cold: its first use happens in the threads

    def one(text: str) -> dict:
        return fresh.check(text).to_dict()

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(one, texts))
    assert got == expected
    with ThreadPoolExecutor(max_workers=4) as pool:
        fixes = list(pool.map(lambda t: fresh.fix(t).corrected, texts))
    assert fixes == [auditor.fix(t).corrected for t in texts]


def test_narrowed_selection_is_the_cli_select(auditor):
    text = next(p for p in ARTICLES if "bridge" in p.name).read_text("utf-8")
    narrow = auditor.narrowed(select=["RES"])
    assert narrow is auditor.narrowed(select=["res"])  # kept, keyed by the codes
    assert {f.code[:3] for f in narrow.check(text).findings} == {"RES"}
    assert narrow.check(text).to_dict() == Auditor(isolated=True, select=["RES"], model=False).check(text).to_dict()
    assert all(not f.code.startswith("RES") for f in auditor.narrowed(ignore=["RES"]).check(text).findings)
    with pytest.raises(UsageError):
        auditor.narrowed(select=["ZZZ"])


def test_bad_inputs_are_typed_errors(auditor):
    with pytest.raises(InputError, match="empty"):
        auditor.check("  \n ")
    with pytest.raises(InputError, match="surrogate"):
        auditor.check("Headline\n\nA lone \ud800 surrogate.")
    with pytest.raises(UsageError):
        auditor.check("Headline", format="pdf")
    with pytest.raises(UsageError):
        list(auditor.check_many([{"text": "x", "body": "y"}]))
    with pytest.raises(UsageError):
        Auditor(isolated=True, select=["ZZZ"])


def test_languagetool_shape_counts_utf16(auditor):
    text = "Floods in the north 🌊🌊 – Cronaca\n\nThe two Villages signed the accord on Monday, officials said.\n"
    report = auditor.check(text)
    response = report.to_languagetool(auditor.rules)
    first = report.findings[0]
    match = response["matches"][0]
    astral_before = sum(1 for ch in text[:first.start] if ord(ch) > 0xFFFF)
    assert match["offset"] == min([first.start] + [r.start for r in first.replacements]) + astral_before
    assert match["rule"]["id"] == first.code
