"""The ``html`` and ``markdown`` formatters (and the fix and score pages), fed the shared
findings of tests/test_output.py. What a browser does with the page is tested in
tests/test_browser_report.py."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_output import RULES, TEXT, DoubleSpace, _finding, build_reports, render

from auditor.cli.app import main
from auditor.document import Article
from auditor.findings import Applicability
from auditor.fix import Edit, FixResult, apply_edits, edits_from_findings
from auditor.output import get_formatter
from auditor.output.html import asset, render_fix_html, render_score_html, script_json
from auditor.output.markdown import md_escape
from auditor.report import ArticleReport, Summary

ROOT = Path(__file__).resolve().parents[1]
EVIL = ('Evil </script><script>alert("x")</script> headline\n\n<img src="http://127.0.0.1:9/x.png" onerror="alert(1)">'
        " and <b>bold</b> & \u2028 \u2029 <!-- -->")


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = tag
            self.scripts.append((dict(attrs), ""))
        elif tag == "style":
            self._in = tag
            self.styles.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "style":
            self.styles[-1] += data


def _embedded(page: str) -> tuple[list[dict], dict]:
    parsed = _Page(page)
    data = {a.get("id"): text for a, text in parsed.scripts if a.get("type") == "application/json"}
    return json.loads(data["auditor-articles"]), json.loads(data["auditor-meta"])


def _utf16(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start: 2 * end].decode("utf-16-le")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# -- html: the embedded data ----------------------------------------------------------------
def test_html_embeds_every_article_and_finding_with_utf16_spans():
    articles, meta = _embedded(render("html"))
    assert [a["path"] for a in articles] == ["news/doc.txt", "dumps/day:1,a.jsonl", "clean.txt"]
    doc = articles[0]
    assert doc["text"] == TEXT and doc["risk"] == 72.5 and doc["tf"] == {"lang": "it", "confidence": 0.61}
    assert doc["src"] == "it" and doc["words"] > 0
    assert [f["code"] for f in doc["findings"]] == ["RES901", "CAL901", "TYP901", "FLU901"]
    cal = doc["findings"][1]
    # 54..62 in code points; the emoji before it counts two UTF-16 units
    assert (cal["s"], cal["e"]) == (55, 63)
    assert _utf16(TEXT, cal["s"], cal["e"]) == "Villages"
    assert cal["l"] == [3, 23] and cal["sx"] == "Paesi" and cal["sl"] == "it" and cal["conf"] == 0.8
    assert cal["reps"] == [{"s": 55, "e": 63, "content": "countries", "app": "unsafe", "desc": ""}]
    assert doc["findings"][0]["reps"][0]["desc"] == "remove the site name"
    assert "reps" not in doc["findings"][3] and doc["findings"][3]["msg"].endswith("keep it on one line")
    assert articles[1]["id"] == "a2" and len(articles[1]["findings"]) == 1 and articles[2]["findings"] == []
    assert meta["kind"] == "check" and meta["selected"] == ["RES901", "CAL901", "TYP901", "FLU901"]
    assert meta["rules"]["CAL901"] == {"name": "false-friend", "family": "calque",
                                       "url": "https://example.org/rules/cal901"}  # the finding's own URL
    assert meta["summary"]["findings"] == 5 and meta["summary"]["input_errors"] == ["broken.jsonl:7: invalid JSON"]


def test_html_streams_article_by_article():
    stream = io.StringIO()
    formatter = get_formatter("html")(stream)
    formatter.begin(RULES)
    reports = build_reports()
    formatter.article(reports[0])
    so_far = stream.getvalue()
    assert '"path":"news/doc.txt"' in so_far and "auditor-meta" not in so_far
    formatter.article(reports[1])
    formatter.end(Summary())
    articles, meta = _embedded(stream.getvalue())
    assert len(articles) == 2 and meta["summary"]["articles"] == 0


def test_html_with_no_article_is_a_valid_page():
    stream = io.StringIO()
    formatter = get_formatter("html")(stream)
    formatter.end(Summary())  # without begin: as the other formatters allow
    articles, meta = _embedded(stream.getvalue())
    assert articles == [] and meta["summary"]["articles"] == 0


# -- html: safety ---------------------------------------------------------------------------------
def test_script_json_cannot_close_its_element():
    obj = {"t": EVIL, "k<>&": ["\u2028"]}
    out = script_json(obj)
    assert not set("<>&\u2028\u2029") & set(out)
    assert json.loads(out) == obj


def _evil_page() -> str:
    article = Article(text=EVIL, path="evil</script>.txt", title=EVIL.splitlines()[0],
                      url="javascript:alert(3)", id="<img src=x onerror=alert(2)>")
    start = EVIL.index("<img")
    report = ArticleReport(article, [_finding(DoubleSpace, EVIL, start, start + 10, "</script><script>alert(4)</script>")],
                           risk=50.0)
    stream = io.StringIO()
    formatter = get_formatter("html")(stream)
    formatter.begin(RULES)
    formatter.article(report)
    formatter.end(Summary())
    return stream.getvalue()


def test_html_article_text_never_becomes_markup():
    page = _evil_page()
    parsed = _Page(page)
    # exactly the page's own elements: two JSON blocks and one script, one style, no image
    assert [a.get("type") for a, _ in parsed.scripts] == ["application/json", "application/json", None]
    assert [t for t, _ in parsed.tags if t in ("img", "b", "iframe", "object")] == []
    assert page.count("</script>") == 3 and page.count("<script") == 3
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    articles, _ = _embedded(page)
    assert articles[0]["text"] == EVIL and articles[0]["findings"][0]["msg"].startswith("</script>")


def test_html_csp_allows_exactly_its_own_script_and_style():
    page = render("html")
    parsed = _Page(page)
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    policy = dict((d.split(" ", 1) + [""])[:2] for d in csp.split("; "))
    script = [text for a, text in parsed.scripts if a.get("type") is None]
    assert len(script) == 1 and len(parsed.styles) == 1
    # the hashes are those of the inline elements exactly as the browser reads them
    assert policy["script-src"] == _sha(script[0])
    assert policy["style-src"] == _sha(parsed.styles[0])
    for directive in ("default-src", "connect-src", "img-src", "font-src", "frame-src", "base-uri", "form-action"):
        assert policy[directive] == "'none'", directive
    assert "unsafe" not in csp
    # nothing is fetched: no element points anywhere
    assert not [(t, a) for t, a in parsed.tags if "src" in a or (t == "link")]
    assert all(a["href"].startswith("#") for t, a in parsed.tags if t == "a")


def test_html_script_builds_nodes_and_never_parses_html():
    script = asset("report.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "createContextualFragment", "DOMParser"):
        assert sink not in script, sink
    assert "</" not in script and "</" not in asset("report.css")


# -- html: the CLI and the page's parts --------------------------------------------------------------
def test_check_format_html_writes_one_page(tmp_path, capsys):
    out = tmp_path / "report.html"
    code = main(["check", "--isolated", "-q", "--no-mine", "-f", "html", "-o", str(out),
                 str(ROOT / "corpora" / "articles" / "it-bridge-collapse-mt.txt")])
    assert code == 1  # errors found, as with every format
    articles, meta = _embedded(out.read_text(encoding="utf-8"))
    assert len(articles) == 1 and articles[0]["findings"]
    assert meta["summary"]["findings"] == len(articles[0]["findings"])
    assert {f["code"] for f in articles[0]["findings"]} <= set(meta["rules"])
    for f in articles[0]["findings"]:  # the file is ASCII-free of astral characters: units == code points
        assert 0 <= f["s"] <= f["e"] <= len(articles[0]["text"])


def _fix_result() -> FixResult:
    doc = build_reports()[0]
    edits = edits_from_findings(TEXT, doc.findings)
    model = Edit(54, 62, "nations", Applicability.UNSAFE, "model", original="Villages",
                 evidence={"codes": ["CAL901"], "scores": {"lm": -3.2}, "checks": ["lm"], "reason": "no better"},
                 status="rejected", reason="the language model prefers the original")
    corrected, edits = apply_edits(TEXT, edits + [model], Applicability.SAFE)
    return FixResult(doc.article, corrected, edits, doc.findings)


def test_fix_page_from_results_and_from_their_dicts():
    result = _fix_result()
    assert result.changed
    for given in (result, result.to_dict()):
        stream = io.StringIO()
        render_fix_html([given], stream)
        articles, meta = _embedded(stream.getvalue())
        (a,) = articles
        assert meta["kind"] == "fix" and meta["summary"] == {"articles": 1, "changed": 1}
        assert a["text"] == TEXT  # from a dict: rebuilt from the corrected text and the applied edits
        assert a["corrected"] == result.corrected
        by_origin = {e["origin"]: e for e in a["edits"]}
        assert by_origin["RES901"]["status"] == "applied" and by_origin["RES901"]["app"] == "safe"
        assert by_origin["CAL901"]["status"] == "display"  # unsafe, not applied by default
        model = by_origin["model"]
        assert (model["s"], model["e"]) == (55, 63)  # UTF-16 units, as the findings
        assert model["status"] == "rejected" and model["reason"] == "the language model prefers the original"
        assert model["ev"]["scores"] == {"lm": -3.2}
        assert [e["s"] for e in a["edits"]] == sorted(e["s"] for e in a["edits"])
    # a result carries its findings (the findings tab); a dict does not
    stream = io.StringIO()
    render_fix_html([result], stream)
    assert len(_embedded(stream.getvalue())[0][0]["findings"]) == 4


def test_fix_format_html_writes_one_page_with_every_article(tmp_path, capsys):
    src = ROOT / "corpora" / "articles"
    out = tmp_path / "fixes.html"
    code = main(["fix", "--isolated", "-q", "--no-model", "--format", "html", "-o", str(out), str(src)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    articles, meta = _embedded(page)
    assert meta["kind"] == "fix"
    assert len(articles) == len(list(src.iterdir())) == meta["summary"]["articles"]
    changed = [a for a in articles if a["corrected"] != a["text"]]
    assert changed and meta["summary"]["changed"] == len(changed)
    for a in changed:  # every applied edit is a safe rule fix at the default level
        applied = [e for e in a["edits"] if e["status"] == "applied"]
        assert applied and all(e["app"] == "safe" and e["origin"] != "model" for e in applied)
    assert capsys.readouterr().out == ""  # the page went to the file, nothing to stdout


def test_fix_output_goes_with_a_report_format_only(tmp_path, capsys):
    code = main(["fix", "--isolated", "--no-model", "-o", str(tmp_path / "x.txt"),
                 str(ROOT / "corpora" / "articles" / "it-bridge-collapse-mt.txt")])
    assert code == 2 and "--output FILE goes with --format json or html" in capsys.readouterr().err
    assert not (tmp_path / "x.txt").exists()


def test_score_page_is_static(tmp_path, capsys):
    hyp, ref, base = tmp_path / "hyp.txt", tmp_path / "ref.txt", tmp_path / "base.txt"
    hyp.write_text("the cat sat on the mat\na <b>bold</b> claim\n", encoding="utf-8")
    ref.write_text("the cat sat on the mat\na bold claim\n", encoding="utf-8")
    base.write_text("the cat is on a mat\na claim\n", encoding="utf-8")
    code = main(["score", "--hyp", str(hyp), "--ref", str(ref), "--baseline", str(base), "-m", "bleu,chrf",
                 "--paired", "bs", "--samples", "50", "--sentence-level", "--format", "html"])
    assert code == 0
    page = capsys.readouterr().out
    parsed = _Page(page)
    assert parsed.scripts == []
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "script-src 'none'" in csp and _sha(parsed.styles[0]) in csp
    assert "<h2>Paired tests against the baseline</h2>" in page and "<td>BLEU</td>" in page
    assert len(re.findall(r"<tr>", page)) == 1 + 2 + 1 + 2 + 1 + 2  # corpus, paired, segments (+ heads)
    assert render_score_html({"corpus": []}).count("<table>") == 1


# -- markdown -------------------------------------------------------------------------------------------
def test_markdown_summary():
    out = render("markdown")
    lines = out.splitlines()
    assert lines[0] == "## auditor: 3 articles, 5 findings"
    assert lines[2] == "26 words; 1 error, 3 warning, 1 info; 1 input error."
    fam = lines.index("### Findings by family")
    assert lines[fam + 2 : fam + 8] == [
        "| family | findings | error | warning | info |", "| --- | ---: | ---: | ---: | ---: |",
        "| typography | 2 | 0 | 2 | 0 |",  # most findings first, then by name
        "| calque | 1 | 0 | 1 | 0 |", "| fluency | 1 | 0 | 0 | 1 |", "| residue | 1 | 1 | 0 | 0 |"]
    rules = lines.index("### Findings by rule")
    assert lines[rules + 4 : rules + 6] == ["| TYP901 | double-space | typography | 2 |",
                                            "| CAL901 | false-friend | calque | 1 |"]
    risky = lines.index("### Riskiest articles")
    assert lines[risky + 4 : risky + 7] == ["| 72.5 | Putin rules out talks – Europe (news/doc.txt) | 4 | it (0.61) |",
                                            "| 12.0 | Second (dumps/day:1,a.jsonl#a2) | 1 |  |", ""]
    assert "clean.txt" not in out  # no finding, not listed
    top = lines.index("### Most frequent findings")
    assert lines[top + 4 : top + 6] == ["| TYP901 | (whitespace) | 2 | Two spaces between words |",
                                        '| CAL901 | Villages | 1 | "Villages" renders Italian "Paesi" (countries) |']


def test_markdown_keeps_only_the_riskiest_articles():
    stream = io.StringIO()
    formatter = get_formatter("markdown")(stream)
    formatter.TOP_ARTICLES = 2
    summary = Summary()
    for n, risk in enumerate([5.0, 50.0, 20.0, 50.0, 1.0]):
        text = f"Story {n}  here."
        report = ArticleReport(Article(text=text, path=f"s{n}.txt", title=f"Story {n}"),
                               [_finding(DoubleSpace, text, 7 + len(str(n)), 9 + len(str(n)), "Two spaces")], risk=risk)
        summary.add(report)
        formatter.article(report)
    formatter.end(summary)
    lines = stream.getvalue().splitlines()
    risky = lines.index("### Riskiest articles")
    # ties keep input order
    assert lines[risky + 4 : risky + 7] == ["| 50.0 | Story 1 (s1.txt) | 1 |  |", "| 50.0 | Story 3 (s3.txt) | 1 |  |", ""]
    assert len(formatter.top) == 2


def test_markdown_escapes_article_text():
    assert md_escape("a|b <script> *x* [l](u) @user & `c`") == \
        "a\\|b &lt;script&gt; \\*x\\* \\[l\\](u) @\u200buser &amp; \\`c\\`"
    assert md_escape("line\nbreak") == "line break"
    assert md_escape("x" * 100, 10) == "x" * 9 + "…"


def test_markdown_without_findings():
    stream = io.StringIO()
    formatter = get_formatter("markdown")(stream)
    formatter.begin([])
    formatter.article(build_reports()[2])
    summary = Summary()
    summary.add(build_reports()[2])
    formatter.end(summary)
    assert stream.getvalue().splitlines() == ["## auditor: 1 article, 0 findings", "",
                                              "4 words; 0 error, 0 warning, 0 info.", "", "No finding.", ""]


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_new_formats_are_registered(fmt):
    assert get_formatter(fmt).__module__ == f"auditor.output.{fmt}"
