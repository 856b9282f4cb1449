"""`auditor check` end to end: readers -> engine -> JSON output -> exit codes.

Two test-only rules (TST001 warning, TST002 error) are registered for the duration of
this module, so the exit codes do not depend on the real rule set; every run selects
them with ``--select TST`` and ignores configuration files with ``--isolated``.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from auditor.cli.app import main
from auditor.findings import Severity
from auditor.rules import base
from auditor.rules.base import Rule

pytest.importorskip("auditor.output.json_format")

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


class _WordRule(Rule):
    word = ""

    def check(self, article, context):
        for match in re.finditer(rf"\b{self.word}\b", article.text):
            yield self.finding(article, match.start(), match.end(), f"test marker {self.word!r}")


class SindacoMarker(_WordRule):
    """Flags the word "sindaco" (test only).

    What it does: marks every "sindaco".
    Why it matters: gives the CLI tests a finding of known severity and span.
    Example: "the sindaco of the town".
    Fix safety: no fix.
    """

    code = "TST001"
    name = "test-sindaco-marker"
    family = "test"
    severity = Severity.WARNING
    word = "sindaco"


class PrevMarker(_WordRule):
    """Flags the word "PREV" (test only).

    What it does: marks every "PREV".
    Why it matters: gives the CLI tests an error-level finding.
    Example: "PREV".
    Fix safety: no fix.
    """

    code = "TST002"
    name = "test-prev-marker"
    family = "test"
    severity = Severity.ERROR
    word = "PREV"


@pytest.fixture(autouse=True, scope="module")
def test_rules():
    base.all_rules()  # load the real families first, so ours are added, not overwritten
    for cls in (SindacoMarker, PrevMarker):
        base.register(cls)
    yield
    for cls in (SindacoMarker, PrevMarker):
        base._REGISTRY.pop(cls.code, None)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--isolated", "-q", *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: str) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "--format", "json", "--select", "TST", *args)
    return code, json.loads(out), err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- usage errors ---------------------------------------------------------------------------

def test_unknown_format_is_a_usage_error(capsys):
    code, out, err = run(capsys, "--format", "yaml", str(CORPORA / "dump.jsonl"))
    assert code == 2
    assert "unknown format 'yaml'" in err
    assert "Traceback" not in err and out == ""


def test_unknown_option_is_a_usage_error(capsys):
    code, _, err = run(capsys, "--no-such-option", str(CORPORA / "dump.jsonl"))
    assert code == 2
    assert "No such option" in err and "Traceback" not in err


def test_no_rule_selected_is_a_usage_error(capsys):
    code, _, err = run(capsys, "--select", "ZZZ", str(CORPORA / "dump.jsonl"))
    assert code == 2 and "no rule selected" in err


def test_nothing_readable_exits_2(capsys, tmp_path):
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 10)
    code, report, err = run_json(capsys, str(missing), str(binary))
    assert code == 2
    assert report["summary"]["articles"] == 0
    assert report["summary"]["input_errors"] == [
        f"{missing}: no such file or directory",
        f"{binary}: binary file, skipped",
    ]
    assert f"error: {missing}: no such file or directory" in err
    assert "Traceback" not in err


# -- exit codes by --fail-on -------------------------------------------------------------------

@pytest.fixture
def mt(tmp_path) -> Path:
    return write(tmp_path / "mt.txt", "Bridge closed\n\nThe sindaco spoke to the sindaco of the next town.\n")


@pytest.fixture
def clean(tmp_path) -> Path:
    return write(tmp_path / "clean.txt", "Bridge closed\n\nThe mayor spoke.\n")


def test_warning_finding_passes_by_default_and_fails_at_warning(capsys, mt):
    code, report, _ = run_json(capsys, str(mt))
    assert code == 0  # default --fail-on error
    (article,) = report["articles"]
    assert [(f["code"], f["start"], f["end"], f["text"]) for f in article["findings"]] == [
        ("TST001", 19, 26, "sindaco"),
        ("TST001", 40, 47, "sindaco"),
    ]
    assert article["findings"][0]["location"] == {"line": 3, "column": 5}
    assert run_json(capsys, "--fail-on", "warning", str(mt))[0] == 1
    assert run_json(capsys, "--fail-on", "info", str(mt))[0] == 1
    assert run_json(capsys, "--fail-on", "error", str(mt))[0] == 0


def test_clean_input_exits_0_at_any_threshold(capsys, clean):
    for level in ("info", "warning", "error"):
        code, report, _ = run_json(capsys, "--fail-on", level, str(clean))
        assert code == 0 and report["summary"]["findings"] == 0


def test_error_finding_fails_by_default(capsys):
    code, report, _ = run_json(capsys, str(CORPORA / "articles" / "it-bridge-collapse-mt.txt"))
    assert code == 1
    codes = [f["code"] for f in report["articles"][0]["findings"]]
    assert codes.count("TST002") == 1 and codes.count("TST001") == 1


def test_bad_fail_on_value_is_a_usage_error(capsys, mt):
    code, _, err = run(capsys, "--select", "TST", "--fail-on", "fatal", str(mt))
    assert code == 2 and "Traceback" not in err


def test_input_errors_do_not_stop_the_batch_or_change_the_exit_code(capsys, mt, clean, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "the sindaco"}\n{broken\n')
    code, report, err = run_json(capsys, str(clean), str(bad), str(mt), str(tmp_path / "gone.md"))
    assert code == 0  # findings are warnings; input errors alone do not fail a partly read batch
    assert [a["path"] for a in report["articles"]] == [str(clean), str(bad), str(mt)]
    assert report["summary"]["input_errors"] == [
        f"{bad}:2: malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{tmp_path / 'gone.md'}: no such file or directory",
    ]
    assert err.count("error: ") == 2


# -- readers through the CLI ----------------------------------------------------------------------

def test_stdin_jsonl(capsys, monkeypatch):
    data = b'{"id": "a1", "text": "The sindaco."}\n{"id": "a2", "text": "The mayor."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, report, _ = run_json(capsys, "--fail-on", "warning", "-")
    assert code == 1
    assert [(a["id"], a["path"], len(a["findings"])) for a in report["articles"]] == [
        ("a1", "<stdin>", 1), ("a2", "<stdin>", 0)
    ]


def test_jsonl_field_options(capsys, tmp_path):
    dump = write(tmp_path / "d.jsonl", json.dumps({"key": "k9", "body": "A sindaco.", "head": "H"}) + "\n")
    code, report, _ = run_json(capsys, "--text-field", "body", "--title-field", "head", "--id-field", "key", str(dump))
    (article,) = report["articles"]
    # the title "H" is not in the text: audited in front of it ("H\n\nA sindaco.")
    assert (article["id"], article["title"], article["findings"][0]["start"]) == ("k9", "H", 5)
    code, report, err = run_json(capsys, str(dump))  # default field "text" is absent
    assert code == 2 and "no 'text' field" in err


def test_directory_globs(capsys):
    code, report, _ = run_json(capsys, "--include", "*.txt", "--exclude", "clean-*", str(CORPORA))
    assert [a["id"] for a in report["articles"]] == [
        "articles/de-rail-strike-mt.txt",
        "articles/es-drought-reservoirs-mt.txt",
        "articles/it-bridge-collapse-mt.txt",
        "articles/pt-lisbon-housing-mt.txt",
    ]


def test_html_comment_suppresses_findings(capsys, tmp_path):
    para = "said the sindaco of the town, who has led the council for nine years and faces re-election."
    page = write(
        tmp_path / "p.html",
        "<html><body><article><h1>Council vote</h1>"
        f"<p>First, {para}</p><!-- auditor: ignore TST001 --><p>Then {para}</p><p>Last, {para}</p>"
        "</article></body></html>",
    )
    code, report, _ = run_json(capsys, str(page))
    (article,) = report["articles"]
    lines = [f["location"]["line"] for f in article["findings"]]
    assert lines == [3, 7]  # paragraph 2 of the body (line 5) is silenced
    assert all(f["text"] == "sindaco" for f in article["findings"])


def test_corpora_read_without_input_errors(capsys):
    code, report, err = run_json(capsys, "--exclude", "README.md", str(CORPORA))
    assert report["summary"]["input_errors"] == []
    assert report["summary"]["articles"] == 7 + 8 + 8 + 2 + 2
    assert "error:" not in err


def test_jobs_keep_order_and_error_messages(capsys, mt, clean, tmp_path):
    missing = tmp_path / "missing.txt"
    code, report, err = run_json(capsys, "--jobs", "2", str(mt), str(missing), str(clean))
    assert [a["path"] for a in report["articles"]] == [str(mt), str(clean)]
    assert report["summary"]["input_errors"] == [f"{missing}: no such file or directory"]
    assert f"error: {missing}: no such file or directory" in err


# -- --jobs N: workers that parse, audit and render give the bytes of --jobs 1 -----------------

FOOTER = "Example Post: all the news, every day"


@pytest.fixture
def feed(tmp_path) -> list[str]:
    """A dump whose boilerplate is mined across the batch (RES001 title suffix, RES010
    recurring footer), with bad lines among the good ones, then a text file and a file
    that does not exist."""
    lines = []
    for i in range(40):
        body = f"The sindaco of town {i} opened the bridge on Monday.\n\nTraffic resumed at noon, said the police."
        footer = f"\n\n{FOOTER}" if i % 4 else ""
        lines.append(json.dumps({"id": f"n{i}", "title": f"Bridge {i} reopens – Example Post",
                                 "text": f"Bridge {i} reopens – Example Post\n\n{body}{footer}\n"}))
    lines[5] = '{"id": "broken", "text": "no closing brace"'
    lines[9] = "[1, 2, 3]"
    lines[13] = json.dumps({"id": "no-text", "body": "PREV"})
    lines[17] = "   "
    lines[21] = ""
    dump = tmp_path / "feed.jsonl"
    dump.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    return [str(dump), str(write(tmp_path / "mt.txt", "PREV Bridge closed\n\nThe sindaco spoke.\n")),
            str(tmp_path / "missing.txt")]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "languagetool", "markdown", "html"])
def test_jobs_2_writes_the_bytes_of_jobs_1(capsys, monkeypatch, feed, fmt):
    from auditor import pipeline

    # tasks of a few items, so that the corpus pre-pass is merged from several blocks and
    # results come back from both workers interleaved
    monkeypatch.setattr(pipeline, "CHECK_CHUNK", 3)
    monkeypatch.setattr(pipeline, "MINE_CHUNK", 4)
    calls = []
    check_stream = pipeline.check_stream
    monkeypatch.setattr(pipeline, "check_stream", lambda *a, **k: calls.append(1) or check_stream(*a, **k))
    args = ["--format", fmt, "--select", "RES,TYP,TST", "--no-color", *feed]
    one = run(capsys, "--jobs", "1", *args)
    two = run(capsys, "--jobs", "2", *args)
    # the formats that render article by article render in the workers
    assert len(calls) == (fmt not in ("markdown", "html"))

    def same(text: str) -> str:  # the run time is the one thing allowed to differ
        return re.sub(r'("seconds": ?)[0-9.]+', r"\1S", text)

    assert two[0] == one[0] == 1
    assert same(two[1]) == same(one[1])
    assert two[2] == one[2]
    dump = feed[0]
    assert two[2].splitlines() == [
        f"error: {dump}:6: malformed JSON: Expecting ',' delimiter (column 44)",
        f"error: {dump}:10: expected a JSON object, got an array",
        f"error: {dump}:14: no 'text' field (set the text field with --text-field)",
        f"error: {feed[2]}: no such file or directory",
    ]
    if fmt == "jsonl":  # the mined rules fired, on the articles in input order
        articles = [json.loads(line) for line in two[1].splitlines()]
        assert [a["id"] for a in articles] == [f"n{i}" for i in range(40) if i not in (5, 9, 13, 17, 21)] + [feed[1]]
        codes = {f["code"] for a in articles for f in a["findings"]}
        assert {"RES001", "RES010", "TST001", "TST002"} <= codes


def test_jobs_2_mines_the_batch_as_one_pass(capsys, monkeypatch, feed):
    """The corpus pre-pass in blocks (one per worker task) finds what one pass finds."""
    from auditor import pipeline

    monkeypatch.setattr(pipeline, "MINE_CHUNK", 2)
    one = run(capsys, "--jobs", "1", "--format", "jsonl", "--select", "RES001,RES010", feed[0])
    two = run(capsys, "--jobs", "2", "--format", "jsonl", "--select", "RES001,RES010", feed[0])
    assert two == one
    articles = [{f["code"] for f in json.loads(line)["findings"]} for line in one[1].splitlines()]
    # mined from the whole batch: a block of two articles alone shows no recurring line
    assert sum("RES010" in codes for codes in articles) >= 20
    assert sum("RES001" in codes for codes in articles) >= 20
