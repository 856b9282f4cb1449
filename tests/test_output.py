"""Every formatter fed from one hand-built set of findings.

The expected offsets, lines and columns below were counted by hand from ``TEXT``:

    offset  0: "Putin rules out talks – Europe"        line 1 (headline, 30 chars)
    offset 30: "\\n", 31: "\\n"                          line 2 is empty
    offset 32: "Leaders 🙂 met the two Villages today."  line 3; 🙂 at 40, "Villages" 54..62
    offset 70: "He said:\\tthe  weapons"                  line 4; tab at 78, "  " 82..84
    offset 92: "were supplied."                         line 5; "weapons\\nwere" is 84..96

🙂 (U+1F642) is one code point but two UTF-16 code units and two terminal cells.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from auditor import __version__
from auditor.document import Article, Span
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.output import FORMATS, get_formatter
from auditor.output._common import Utf16Index, is_verbatim, path_uri
from auditor.output.github import escape_data, escape_property
from auditor.output.languagetool import context
from auditor.report import ArticleReport, Summary
from auditor.risk import SourceGuess
from auditor.rules.base import Rule

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

TEXT = (
    "Putin rules out talks – Europe\n"
    "\n"
    "Leaders 🙂 met the two Villages today.\n"
    "He said:\tthe  weapons\n"
    "were supplied.\n"
)
SOURCE = "Capi 🙂 dei due Paesi."  # "Paesi" at 15..20; the emoji at 5


# -- rules (not registered: the registry stays untouched) -------------------------------
class SiteSuffix(Rule):
    """Site name glued to the headline.

    What it does: flags a site name after a dash at the end of a headline.
    Why it matters: it is scraping residue, not part of the title.
    Example: "Putin rules out talks – Europe".
    Fix safety: safe, the suffix is removed.
    """

    code, name, family, severity, fixable = "RES901", "site-suffix", "residue", Severity.ERROR, "safe"
    needs_corpus = True


class FalseFriend(Rule):
    """A false friend of the source language.

    What it does: flags words that mirror a source word with another meaning.
    Why it matters: the sentence says something else.
    Example: "the two Villages" for Italian "i due Paesi".
    Fix safety: unsafe, the meaning must be checked.
    """

    code, name, family, severity, fixable = "CAL901", "false-friend", "calque", Severity.WARNING, "unsafe"


class DoubleSpace(Rule):
    """Two spaces between words.

    What it does: flags runs of spaces. Why it matters: residue of editing.
    Example: "the  weapons". Fix safety: safe.
    """

    code, name, family, severity, fixable = "TYP901", "double-space", "typography", Severity.WARNING, "safe"


class BrokenLine(Rule):
    """A sentence broken across lines.

    What it does: flags a line break inside a sentence. Why it matters: layout residue.
    Example: "weapons\\nwere". Fix safety: none.
    """

    code, name, family, severity, fixable = "FLU901", "broken-line", "fluency", Severity.INFO, "none"


RULES = [SiteSuffix, FalseFriend, DoubleSpace, BrokenLine]


def _finding(rule: type[Rule], text: str, start: int, end: int, message: str, **kw) -> Finding:
    return Finding(code=rule.code, name=rule.name, category=rule.family, severity=rule.severity,
                   start=start, end=end, text=text[start:end], message=message,
                   url=f"https://example.org/rules/{rule.code.lower()}", **kw)


def build_reports() -> list[ArticleReport]:
    doc = Article(text=TEXT, path="news/doc.txt", title="Putin rules out talks – Europe",
                  title_span=Span(0, 30), source_lang="it", source_text=SOURCE)
    findings = [
        _finding(SiteSuffix, TEXT, 22, 30, 'Site name "Europe" glued to the headline: 100% boilerplate',
                 replacements=[Replacement(21, 30, "", Applicability.SAFE, "remove the site name")]),
        _finding(FalseFriend, TEXT, 54, 62, '"Villages" renders Italian "Paesi" (countries)',
                 replacements=[Replacement(54, 62, "countries", Applicability.UNSAFE)],
                 confidence=0.8, source_lang="it", source_start=15, source_end=20, source_excerpt="Paesi"),
        _finding(DoubleSpace, TEXT, 82, 84, "Two spaces between words",
                 replacements=[Replacement(82, 84, " ", Applicability.SAFE)]),
        _finding(BrokenLine, TEXT, 84, 96, "Line break inside a sentence\nkeep it on one line"),
    ]
    text2 = "Second story  here."
    dump = Article(text=text2, id="a2", path="dumps/day:1,a.jsonl", title="Second")
    f2 = _finding(DoubleSpace, text2, 12, 14, "Two spaces between words",
                  replacements=[Replacement(12, 14, " ", Applicability.SAFE)])
    clean = Article(text="Nothing to see here.", path="clean.txt")
    return [
        ArticleReport(doc, findings, risk=72.5, source_guess=SourceGuess("it", 0.61, {"it": 1.2})),
        ArticleReport(dump, [f2], risk=12.0),
        ArticleReport(clean, [], risk=0.0),
    ]


def render(fmt: str, color: bool = False) -> str:
    stream = io.StringIO()
    formatter = get_formatter(fmt)(stream, color=color)
    formatter.begin(RULES)
    summary = Summary()
    for report in build_reports():
        summary.add(report)
        formatter.article(report)
    summary.input_errors.append("broken.jsonl:7: invalid JSON")
    formatter.end(summary)
    return stream.getvalue()


# -- helpers ----------------------------------------------------------------------------
def test_utf16_index_counts_astral_characters_twice():
    index = Utf16Index(TEXT)
    assert index(40) == 40  # the emoji itself starts at the same unit
    assert index(41) == 42
    assert index(54) == 55
    assert Utf16Index("plain ascii")(5) == 5


def test_verbatim_and_uris():
    assert is_verbatim(Article(text="x", path="a/b.txt"))
    assert is_verbatim(Article(text="x"))
    assert not is_verbatim(Article(text="x", path="d.jsonl.gz", id="1"))
    assert not is_verbatim(Article(text="x", path="page.HTML"))
    assert path_uri("dumps/day:1,a b.jsonl") == ("dumps/day%3A1,a%20b.jsonl", True)


def test_every_format_has_a_formatter():
    for name in FORMATS:
        assert get_formatter(name) is not None
    with pytest.raises(ValueError):
        get_formatter("yaml")


# -- text -------------------------------------------------------------------------------
def test_text_headers_carets_and_hints():
    out = render("text")
    lines = out.splitlines()
    assert "\x1b[" not in out
    assert lines[0] == 'news/doc.txt:1:23: RES901 [error] Site name "Europe" glued to the headline: 100% boilerplate'
    assert lines[1] == "  |"
    assert lines[2] == "1 | Putin rules out talks – Europe"
    assert lines[3] == "  | " + " " * 22 + "^" * 8
    assert lines[4] == '  = fix (safe): delete " – Europe" (remove the site name)'
    # the emoji takes two cells: "Leaders " (8) + 🙂 (2) + " met the two " (13) = 23
    i = lines.index('news/doc.txt:3:23: CAL901 [warning] "Villages" renders Italian "Paesi" (countries)')
    assert lines[i + 2] == "3 | Leaders 🙂 met the two Villages today."
    assert lines[i + 3] == "  | " + " " * 23 + "^" * 8
    assert lines[i + 4] == '  = source (it): "Paesi"'
    assert lines[i + 5] == '  = fix (unsafe): replace with "countries"'
    # the tab is expanded to four cells: "He said:" (8) + 4 + "the" (3) = 15
    i = lines.index("news/doc.txt:4:13: TYP901 [warning] Two spaces between words")
    assert lines[i + 2] == "4 | He said:    the  weapons"
    assert lines[i + 3] == "  | " + " " * 15 + "^^"
    assert lines[i + 4] == '  = fix (safe): replace with " "'
    # a span over two lines: the first line is marked to its end
    i = lines.index("news/doc.txt:4:15: FLU901 [info] Line break inside a sentence")
    assert lines[i + 3] == "  | " + " " * 17 + "^" * 7 + " (continues to line 5)"
    assert lines[i + 4] == "  = keep it on one line"  # later lines of a message
    assert ("news/doc.txt: 4 findings (1 error, 2 warning, 1 info); MT risk 72.5/100; "
            "translated from it? (confidence 0.61); 2 safe fixes") in lines
    assert "dumps/day:1,a.jsonl#a2:1:13: TYP901 [warning] Two spaces between words" in lines
    assert "dumps/day:1,a.jsonl#a2: 1 finding (1 warning); MT risk 12.0/100; 1 safe fix" in lines
    assert "clean.txt" not in out  # a clean article prints nothing


def test_text_color_only_when_asked():
    out = render("text", color=True)
    assert "\x1b[1;31mRES901\x1b[0m" in out
    assert "\x1b[1;36m^^^^^^^ (continues to line 5)\x1b[0m" in out


def test_text_clips_long_lines_around_the_span():
    text = "word " * 60 + "TARGET" + " tail" * 60
    start = text.index("TARGET")
    report = ArticleReport(Article(text=text, path="long.txt"),
                           [_finding(DoubleSpace, text, start, start + 6, "m")], risk=1.0)
    stream = io.StringIO()
    formatter = get_formatter("text")(stream)
    formatter.begin(RULES)
    formatter.article(report)
    lines = stream.getvalue().splitlines()
    shown, carets = lines[2], lines[3]
    assert shown.startswith("1 | …") and shown.endswith("…")
    assert len(shown) < 120
    # 30 characters of context and the ellipsis before the span
    assert carets == "  | " + " " * 31 + "^" * 6
    assert shown[4 + 31 : 4 + 37] == "TARGET"


# -- json / jsonl -----------------------------------------------------------------------
def test_json_document():
    doc = json.loads(render("json"))
    assert doc["tool"] == "auditor" and doc["version"] == __version__
    assert doc["rules"] == ["RES901", "CAL901", "TYP901", "FLU901"]
    assert [a["path"] for a in doc["articles"]] == ["news/doc.txt", "dumps/day:1,a.jsonl", "clean.txt"]
    assert doc["summary"]["articles"] == 3
    assert doc["summary"]["findings"] == 5
    assert doc["summary"]["by_severity"] == {"info": 1, "warning": 3, "error": 1}
    assert doc["summary"]["input_errors"] == ["broken.jsonl:7: invalid JSON"]
    first = doc["articles"][0]
    assert first["mt_risk"] == 72.5 and first["translated_from"]["lang"] == "it"
    res, cal, typ, flu = first["findings"]
    assert res["location"] == {"line": 1, "column": 23} and res["end_location"] == {"line": 1, "column": 31}
    assert res["replacements"][0]["location"] == {"line": 1, "column": 22}
    assert res["replacements"][0]["applicability"] == "safe"
    assert cal["location"] == {"line": 3, "column": 23} and cal["end_location"] == {"line": 3, "column": 31}
    assert typ["location"] == {"line": 4, "column": 13}
    assert flu["location"] == {"line": 4, "column": 15} and flu["end_location"] == {"line": 5, "column": 5}
    # source-aware fields
    assert (cal["source_start"], cal["source_end"], cal["source_excerpt"]) == (15, 20, "Paesi")
    assert cal["source_location"] == {"line": 1, "column": 16}
    assert cal["source_end_location"] == {"line": 1, "column": 21}
    assert "source_start" not in res
    assert doc["articles"][2]["findings"] == []


def test_json_streams_article_by_article():
    stream = io.StringIO()
    formatter = get_formatter("json")(stream)
    formatter.begin(RULES)
    reports = build_reports()
    formatter.article(reports[0])
    after_one = stream.getvalue()
    assert '"articles":[' in after_one and '"path":"news/doc.txt"' in after_one
    assert '"summary"' not in after_one
    formatter.article(reports[1])
    formatter.end(Summary())
    assert len(json.loads(stream.getvalue())["articles"]) == 2


def test_json_with_no_article_is_valid():
    stream = io.StringIO()
    formatter = get_formatter("json")(stream)
    formatter.begin([])
    formatter.end(Summary())
    assert json.loads(stream.getvalue())["articles"] == []


def test_jsonl_one_line_per_article_and_no_summary():
    lines = render("jsonl").splitlines()
    assert len(lines) == 3
    objs = [json.loads(line) for line in lines]
    assert [o["id"] for o in objs] == ["", "a2", ""]
    assert objs[1]["findings"][0]["location"] == {"line": 1, "column": 13}
    assert all("summary" not in o for o in objs)
    assert objs[0]["findings"][1]["source_excerpt"] == "Paesi"


# -- sarif ------------------------------------------------------------------------------
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_URI_REF = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


def test_sarif_validates_against_the_official_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(lambda v: bool(_URI.match(v)))
    checker.checks("uri-reference")(lambda v: bool(_URI_REF.match(v)))
    log = json.loads(render("sarif"))
    validator = jsonschema.Draft4Validator(schema, format_checker=checker)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_content():
    log = json.loads(render("sarif"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    driver = run["tool"]["driver"]
    assert driver["name"] == "auditor" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["RES901", "CAL901", "TYP901", "FLU901"]
    cal_rule = driver["rules"][1]
    assert cal_rule["name"] == "false-friend"
    assert cal_rule["shortDescription"]["text"] == "A false friend of the source language."
    assert "Why it matters" in cal_rule["fullDescription"]["text"]
    assert cal_rule["helpUri"].endswith("#cal901")
    assert [r["defaultConfiguration"]["level"] for r in driver["rules"]] == ["error", "warning", "warning", "note"]

    results = run["results"]
    assert len(results) == 5
    res, cal, typ, flu, dump = results
    assert (res["ruleId"], res["ruleIndex"], res["level"]) == ("RES901", 0, "error")
    assert (flu["ruleIndex"], flu["level"]) == (3, "note")
    loc = cal["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "news/doc.txt", "uriBaseId": "%SRCROOT%"}
    # UTF-16: the emoji before "Villages" counts two
    assert loc["region"] == {"startLine": 3, "startColumn": 24, "endLine": 3, "endColumn": 32,
                             "charOffset": 55, "charLength": 8, "snippet": {"text": "Villages"}}
    assert res["locations"][0]["physicalLocation"]["region"]["charOffset"] == 22
    flu_region = flu["locations"][0]["physicalLocation"]["region"]
    assert (flu_region["startLine"], flu_region["startColumn"], flu_region["endLine"], flu_region["endColumn"]) == (4, 15, 5, 5)
    assert (flu_region["charOffset"], flu_region["charLength"]) == (85, 12)
    # fixes: safe and unsafe replacements, none for the finding without one
    change = res["fixes"][0]["artifactChanges"][0]
    assert change["replacements"][0]["deletedRegion"]["charOffset"] == 21
    assert change["replacements"][0]["deletedRegion"]["charLength"] == 9
    assert change["replacements"][0]["insertedContent"] == {"text": ""}
    assert cal["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "countries"}
    assert "fixes" not in flu
    assert cal["properties"]["sourceExcerpt"] == "Paesi" and cal["properties"]["sourceStart"] == 15
    # the JSONL article: the container file, the id as logical location, no offsets/fixes
    dloc = dump["locations"][0]
    assert dloc["physicalLocation"]["artifactLocation"]["uri"] == "dumps/day%3A1,a.jsonl"
    assert dloc["logicalLocations"][0]["name"] == "a2"
    assert "charOffset" not in dloc["physicalLocation"]["region"]
    assert "fixes" not in dump and dump["properties"]["articleId"] == "a2"
    # fingerprints are distinct per result
    prints = [r["partialFingerprints"]["auditorFingerprint/v1"] for r in results]
    assert len(set(prints)) == 5
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"] == "broken.jsonl:7: invalid JSON"
    assert run["properties"]["summary"]["findings"] == 5


# -- github -----------------------------------------------------------------------------
def test_github_escaping_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("dir/a:b,c%d\n") == "dir/a%3Ab%2Cc%25d%0A"


def test_github_annotations():
    lines = render("github").splitlines()
    assert len(lines) == 5
    assert lines[0] == ("::error file=news/doc.txt,line=1,col=23,endLine=1,endColumn=31,title=RES901 site-suffix::"
                        'Site name "Europe" glued to the headline: 100%25 boilerplate%0A'
                        'fix (safe): delete " – Europe" (remove the site name)')
    assert lines[1].startswith("::warning file=news/doc.txt,line=3,col=24,endLine=3,endColumn=32,title=CAL901 false-friend::")
    assert lines[3] == ("::notice file=news/doc.txt,line=4,col=15,endLine=5,endColumn=5,title=FLU901 broken-line::"
                        "Line break inside a sentence%0Akeep it on one line")
    assert lines[4] == ("::warning file=dumps/day%3A1%2Ca.jsonl,line=1,col=13,endLine=1,endColumn=15,"
                        "title=TYP901 double-space::[a2] Two spaces between words%0Afix (safe): replace with \" \"")


# -- languagetool -----------------------------------------------------------------------
def test_languagetool_context_follows_languagetool():
    # 40 characters each side, "..." where cut, line breaks as spaces
    ctx = context("a\nb" + "x" * 50, 0, 1)
    assert ctx == {"text": "a b" + "x" * 38 + "...", "offset": 0, "length": 1}


def test_languagetool_responses():
    lines = render("languagetool").splitlines()
    assert len(lines) == 3
    doc, dump, clean = (json.loads(line) for line in lines)
    assert set(doc) == {"software", "warnings", "language", "matches", "article"}
    assert doc["software"]["apiVersion"] == 1 and doc["software"]["version"] == __version__
    assert doc["language"]["code"] == "en" and doc["language"]["name"] == "English"
    assert doc["language"]["detectedLanguage"]["code"] == "en"
    assert doc["warnings"] == {"incompleteResults": False}
    assert doc["article"]["path"] == "news/doc.txt" and doc["article"]["translatedFrom"]["lang"] == "it"
    assert dump["article"]["id"] == "a2" and clean["matches"] == []

    res, cal, typ, flu = doc["matches"]
    # the false friend: 54 code points, 55 UTF-16 units (the emoji counts two)
    assert cal["offset"] == 55 and cal["length"] == 8
    assert cal["message"] == '"Villages" renders Italian "Paesi" (countries)'
    assert cal["shortMessage"] == "False friend"
    assert cal["replacements"] == [{"value": "countries"}]
    assert cal["context"] == {
        "text": "...t talks – Europe  Leaders 🙂 met the two Villages today. He said:\tthe  weapons were suppl...",
        "offset": 44,  # "..." 3 + "t talks – Europe" 16 + "  " 2 + "Leaders " 8 + emoji 2 + " met the two " 13
        "length": 8,
    }
    assert cal["sentence"] == "Leaders 🙂 met the two Villages today."
    assert cal["type"] == {"typeName": "Other"}
    assert cal["rule"] == {
        "id": "CAL901",
        "description": "A false friend of the source language.",
        "issueType": "mistranslation",
        "urls": [{"value": "https://example.org/rules/cal901"}],
        "category": {"id": "CALQUE", "name": "Calque"},
    }
    assert cal["ignoreForIncompleteSentence"] is False and cal["contextForSureMatch"] == 0
    assert cal["source"] == {"lang": "it", "offset": 16, "length": 5, "excerpt": "Paesi"}
    # the suffix: its replacement covers the space before the dash, so the match does too
    assert (res["offset"], res["length"]) == (21, 9)
    assert res["replacements"] == [{"value": "", "shortDescription": "remove the site name"}]
    assert res["context"]["text"] == "Putin rules out talks – Europe  Leaders 🙂 met the two Villages today. ..."
    assert res["context"]["offset"] == 21
    assert res["sentence"] == "Putin rules out talks – Europe"
    assert res["rule"]["issueType"] == "addition"
    assert res["contextForSureMatch"] == -1 and res["ignoreForIncompleteSentence"] is True
    assert "source" not in res
    assert (typ["offset"], typ["length"], typ["replacements"]) == (83, 2, [{"value": " "}])
    assert typ["sentence"] == "He said:\tthe  weapons\nwere supplied."
    assert (flu["offset"], flu["length"]) == (85, 12)
    assert flu["type"] == {"typeName": "Hint"}
    assert flu["rule"]["category"] == {"id": "FLUENCY", "name": "Fluency"}
    assert flu["replacements"] == []


def test_text_wide_characters_crlf_and_empty_spans():
    text = "首相が来た said\r\nA \x07bell\r\n"  # 5 wide characters: 10 cells, then a space
    report = ArticleReport(Article(text=text, path="x.md"), [
        _finding(DoubleSpace, text, 6, 10, "wide"),
        _finding(DoubleSpace, text, 10, 10, "empty"),  # at the "\r": one caret after the line
        _finding(DoubleSpace, text, 15, 19, "bell"),   # after a control character
    ], risk=1.0)
    stream = io.StringIO()
    formatter = get_formatter("text")(stream)
    formatter.begin(RULES)
    formatter.article(report)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "x.md:1:7: TYP901 [warning] wide"
    assert lines[2] == "1 | 首相が来た said"  # the "\r" is not shown
    assert lines[3] == "  | " + " " * 11 + "^^^^"
    assert lines[8] == "  | " + " " * 15 + "^"
    assert lines[12] == "2 | A \u2407bell"  # BEL shown as its control picture, one cell
    assert lines[13] == "  | " + " " * 3 + "^^^^"


# -- rendering in another process (auditor check --jobs N) -------------------------------
@pytest.mark.parametrize("fmt", [f for f in FORMATS if get_formatter(f).renders_alone])
@pytest.mark.parametrize("color", [False, True])
def test_render_elsewhere_then_emit_writes_the_same_bytes(fmt, color):
    """What a worker renders (through a pickled `Renderer`) and the parent emits is what
    `Formatter.article` writes, rule errors (SARIF notifications) included."""
    import copy
    import pickle

    from auditor.output import Renderer
    from auditor.pipeline import Rendered

    reports = build_reports()
    broken = copy.copy(reports[2])
    broken.errors = ["clean.txt: internal error in TST001: ValueError()"]
    reports.append(broken)

    def write(emit: bool) -> tuple[str, dict]:
        stream = io.StringIO()
        formatter = get_formatter(fmt)(stream, color=color)
        formatter.begin(RULES)
        summary = Summary()
        renderer = pickle.loads(pickle.dumps(Renderer(fmt, color=color, rules=RULES)))
        for report in reports:
            if emit:
                rendered = pickle.loads(pickle.dumps(Rendered.of(report, renderer(report))))
                rendered.add_to(summary)
                formatter.emit(rendered.output)
            else:
                summary.add(report)
                formatter.article(report)
        formatter.end(summary)
        return stream.getvalue(), summary.to_dict()

    assert write(emit=True) == write(emit=False)


def test_a_format_that_needs_the_whole_batch_has_no_renderer():
    from auditor.output import Renderer

    for fmt in ("markdown", "html"):
        assert not get_formatter(fmt).renders_alone
        with pytest.raises(ValueError):
            Renderer(fmt)
