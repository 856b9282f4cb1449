"""docs/rules.md (the page SARIF and LanguageTool outputs link to) and docs/eval.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

from auditor.cli.app import main
from auditor.rules.base import RULE_URL, all_rules

DOCS = Path(__file__).resolve().parents[1] / "docs"


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of ``markdown`` (lower case, punctuation
    dropped, spaces to hyphens; repeats get -1, -2 ...)."""
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", markdown, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


def test_committed_rules_md_is_up_to_date(capsys):
    assert main(["rules", "--format", "markdown"]) == 0
    generated = capsys.readouterr().out
    committed = (DOCS / "rules.md").read_text("utf-8")
    assert committed == generated, "docs/rules.md is stale: run `auditor rules --format markdown > docs/rules.md`"


def test_every_rule_has_its_anchor_and_sections():
    text = (DOCS / "rules.md").read_text("utf-8")
    anchors = github_anchors(text)
    for code, rule in all_rules().items():
        assert code.lower() in anchors, code
        section = text.split(f"\n## {code}\n", 1)[1].split("\n## ", 1)[0]
        assert f"**{rule.name}**" in section
        for heading in ("What it does", "Why it matters", "Example", "Fix safety"):
            assert f"\n### {heading}\n" in section, (code, heading)
        assert "\n    " not in section, f"{code}: an indented line would render as a code block"
        for option in rule.options:
            assert f"- `{option}`: " in section


def test_sarif_and_languagetool_links_land_on_an_anchor(capsys, tmp_path):
    anchors = github_anchors((DOCS / "rules.md").read_text("utf-8"))
    article = tmp_path / "a.txt"
    article.write_text("Markets rally as inflation cools – Business\n\nThe sindaco of Rome said it .\n", encoding="utf-8")
    assert main(["check", str(article), "--isolated", "-q", "-f", "sarif"]) == 1
    driver = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]
    uris = [r["helpUri"] for r in driver["rules"]]
    assert len(uris) == len(all_rules())
    assert main(["check", str(article), "--isolated", "-q", "-f", "languagetool"]) == 1
    doc = json.loads(capsys.readouterr().out)
    matches = doc["matches"] if "matches" in doc else [m for a in doc["articles"] for m in a["matches"]]
    lt_uris = [u["value"] for m in matches for u in m["rule"].get("urls", [])]
    assert lt_uris
    for uri in uris + lt_uris:
        page, anchor = uri.split("#")
        assert page == RULE_URL.split("#")[0] and page.endswith("/docs/rules.md")
        assert anchor in anchors, uri


def test_eval_gold_format_is_documented():
    text = (DOCS / "eval.md").read_text("utf-8")
    # every field the loader reads, and the unit of the offsets
    for needle in ("`article`", "`type`", "`quote`", "`occurrence`", "`start`, `end`", "`fix`", "`clean`",
                   "`tier`", "in code points", "`(remove`", "family.kind"):
        assert needle in text, needle


def test_configuration_doc_names_every_key_and_option():
    from auditor.config import _KNOWN_KEYS

    text = (DOCS / "configuration.md").read_text("utf-8")
    for key in _KNOWN_KEYS:
        assert f"`{key}`" in text, key
    for code, rule in all_rules().items():
        for option in rule.options:
            assert re.search(rf"^\|[^|]*{code}[^|]*\| `{option}` \|", text, flags=re.M), (code, option)
