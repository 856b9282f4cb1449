"""`--source` files that cannot be read: one error naming the file, once, and every
article still checked (without that source). Before, a source was decoded with
replacement characters, so a binary or Latin-1 file was compared as if it were the
source ("source (it): '\\ufffd\\ufffd...'"), and a damaged gzip stopped the run."""

from __future__ import annotations

import json

from auditor.api import Auditor

from _cli import run


def _batch(tmp_path, bad_source: bytes, bad_name: str = "a.it.txt"):
    articles, sources = tmp_path / "in", tmp_path / "src"
    articles.mkdir()
    sources.mkdir()
    (articles / "a.en.txt").write_text("The minister met the mayor on Monday.\n", encoding="utf-8")
    (articles / "b.en.txt").write_text("The council approved the budget.\n", encoding="utf-8")
    (sources / bad_name).write_bytes(bad_source)
    (sources / "b.it.txt").write_text("Il consiglio ha approvato il bilancio.\n", encoding="utf-8")
    return str(articles), str(sources)


def test_binary_source_in_a_folder_is_one_error_and_both_articles_are_checked(tmp_path, capsys):
    articles, sources = _batch(tmp_path, b"\x00\x01\x02PK\x03\x04 not text")
    code, out, err = run(capsys, "check", articles, "--source", sources, "--format", "json")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {sources}/a.it.txt: binary file, skipped"]
    report = json.loads(out)
    assert sorted(a["path"].rsplit("/", 1)[-1] for a in report["articles"]) == ["a.en.txt", "b.en.txt"]
    assert code == 0  # as for any input error of check (README, exit codes): no finding at error


def test_latin1_source_is_not_compared_with_replacement_characters(tmp_path, capsys):
    articles, sources = _batch(tmp_path, "Il sindaco è stato ricevuto lunedì dal ministro.\n".encode("latin-1"))
    code, out, err = run(capsys, "check", articles, "--source", sources, "--format", "json")
    assert f"{sources}/a.it.txt: invalid UTF-8 at byte" in err
    assert "\ufffd" not in out


def test_one_bad_source_file_for_every_article_is_reported_once(tmp_path, capsys):
    articles, _ = _batch(tmp_path, b"")
    source = tmp_path / "story.it.txt.gz"
    source.write_bytes(b"\x1f\x8b\x08\x00 damaged")
    code, out, err = run(capsys, "check", articles, "--source", str(source), "--format", "json")
    assert err.count("story.it.txt.gz:") == 1
    assert "gzip" in err and "internal error" not in err
    assert len(json.loads(out)["articles"]) == 2


def test_fix_reports_the_source_and_still_fixes(tmp_path, capsys):
    articles, sources = _batch(tmp_path, b"\x00\x00\x00\x00")
    (tmp_path / "in" / "b.en.txt").write_text("The council approved the the budget.\n", encoding="utf-8")
    code, out, err = run(capsys, "fix", articles, "--source", sources, "--no-model", "--diff")
    assert f"{sources}/a.it.txt: binary file, skipped" in err
    assert "+The council approved the budget." in out


def test_api_check_warns_and_checks_without_the_source(tmp_path):
    source = tmp_path / "story.it.txt"
    source.write_bytes(b"\x00\x01binary")
    notes: list[tuple[str, str]] = []
    auditor = Auditor(source=source, notify=lambda level, message: notes.append((level, message)))
    report = auditor.check("The council approved the the budget.")
    assert any(f.code == "TYP013" for f in report.findings)
    assert notes and notes[0][0] == "warning" and "story.it.txt: binary file" in notes[0][1]
