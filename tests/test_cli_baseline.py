"""`auditor check --baseline`, configuration files and the seed acceptance run."""

from __future__ import annotations

import json

from _cli import run

DIRTY = "Markets rally as inflation cools – Business\n\nShares rose on Monday.\n\nReproduction reserved © Copyright ANSA\n"


def test_baseline_records_then_reports_only_new(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(DIRTY, encoding="utf-8")
    base = tmp_path / "base.json"
    code, _, err = run(capsys, "check", str(article), "--baseline", str(base), "--isolated", "--select", "RES", "-f", "json")
    assert code == 0 and "recorded 2 finding(s)" in err
    assert json.loads(base.read_text())["articles"] == {str(article): {
        "RES001: – Business": 1, "RES004:Reproduction reserved © Copyright ANSA": 1}}
    code, out, _ = run(capsys, "check", str(article), "--baseline", str(base), "--isolated", "--select", "RES", "-f", "json")
    assert code == 0 and json.loads(out)["summary"]["findings"] == 0
    article.write_text(DIRTY + "\nFor Latest Updates Follow us on Google News\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(article), "--baseline", str(base), "--isolated", "--select", "RES", "-f", "json")
    doc = json.loads(out)
    assert code == 1 and [f["code"] for f in doc["articles"][0]["findings"]] == ["RES005"]
    assert doc["summary"]["baselined"] == 2


def test_config_file_selects_and_sets_fail_on(capsys, tmp_path, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('select = ["RES001"]\n[severity]\nRES = "info"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "a.txt", "-f", "json", "-q")
    findings = json.loads(out)["articles"][0]["findings"]
    assert code == 0 and [(f["code"], f["severity"]) for f in findings] == [("RES001", "info")]
    code, _, _ = run(capsys, "check", "a.txt", "-q", "--fail-on", "info")
    assert code == 1
    (tmp_path / "auditor.toml").write_text('select = [\n')
    code, _, err = run(capsys, "check", "a.txt", "-q")
    assert code == 2 and "invalid TOML" in err and "Traceback" not in err


def test_seed_check_reports_residue_with_exact_spans(capsys, seed_dir):
    path = seed_dir / "article.txt"
    text = path.read_text("utf-8")
    code, out, _ = run(capsys, "check", str(path), "--isolated", "-f", "json", "-q")
    assert code == 1
    [article] = json.loads(out)["articles"]
    spans = {(f["code"], text[f["start"]:f["end"]]) for f in article["findings"]}
    for quote in ["Reproduction reserved © Copyright ANSA", "For Latest Updates Follow us on Google\u00a0News",
                  "PREV The massacre of Christians in Africa",
                  "NEXT Nato, outgoing Dutch PM Mark Rutte appointed new secretary general. “We will be the cornerstone of security”"]:
        assert any(t == quote for _, t in spans), quote
    assert any(c == "RES001" and t.endswith("– Europe") for c, t in spans)
    assert any(c == "RES002" and t.count("Putin does not rule out") == 2 for c, t in spans)
    assert article["translated_from"]["lang"] == "it"
    assert article["mt_risk"] > 50


def test_markdown_front_matter_is_not_audited(capsys, tmp_path):
    page = tmp_path / "p.md"
    page.write_text("---\nlang: en\nsection: environment\n---\n\n# Seedlings return to the hillsides\n\n"
                    "Crews planted oaks on the slopes.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(page), "--isolated", "-f", "json", "-q")
    assert code == 0 and json.loads(out)["articles"][0]["findings"] == []
