"""``sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One log with one run, streamed: the tool and its rules first, then each result as its
article comes, then the invocation (with input errors and internal rule errors as
notifications) and the summary as run properties.

Units: columns, ``charOffset`` and ``charLength`` are **UTF-16 code units**, the SARIF
default, and the run says so (``"columnKind": "utf16CodeUnits"``); an emoji before a
span on the same line moves its column by two. Lines honour ``Article.line_offset``.

Articles whose text is their file verbatim (plain text, Markdown, stdin) get full
regions and ``fixes``. Articles taken out of a container (a JSONL record, an HTML page,
a WARC record) point at the container file; their region's lines and columns are those
of the article text, ``charOffset``/``charLength`` and ``fixes`` are left out (they would
be wrong in the file), and the article id is given as a logical location and in the
result's properties.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.output import Formatter
from auditor.output._common import Positions, RuleTable, is_verbatim, path_uri
from auditor.report import ArticleReport, Summary
from auditor.rules.base import RULE_URL, Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/auditor-mt/auditor"
FINGERPRINT_KEY = "auditorFingerprint/v1"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: GitHub code scanning reads these rule properties
GITHUB_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    doc = rule.doc()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary() or rule.name},
        "fullDescription": {"text": doc or rule.name, "markdown": doc or rule.name},
        "help": {"text": doc or rule.name, "markdown": doc or rule.name},
        "helpUri": RULE_URL.format(code=rule.code.lower()),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": ["machine-translation", rule.family],
            "problem.severity": GITHUB_SEVERITY[rule.severity],
            "fix": rule.fixable,
        },
    }


class SarifFormatter(Formatter):
    """SARIF 2.1.0, one run, results streamed."""

    def __init__(self, stream, *, color: bool = False, base: Path | None = None):
        super().__init__(stream, color=color)
        self.base = (base or Path.cwd()).resolve()
        self._begun = False
        self._first = True
        self._notifications: list[dict[str, Any]] = []

    def begin(self, rules: list[type[Rule]]) -> None:
        self.table = RuleTable(rules)
        driver = {
            "name": "auditor",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [rule_descriptor(r) for r in rules],
        }
        run_head = {
            "tool": {"driver": driver},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": self.base.as_uri().rstrip("/") + "/"}},
            "columnKind": "utf16CodeUnits",
        }
        head = {"$schema": SCHEMA_URI, "version": "2.1.0"}
        self.stream.write(_dumps(head)[:-1] + ',"runs":[' + _dumps(run_head)[:-1] + ',"results":[')
        self._begun = True

    renders_alone = True

    def render(self, report: ArticleReport) -> tuple[list[str], str]:
        """The article's rule errors (notifications) and its results, joined."""
        if not hasattr(self, "table"):
            self.begin([])
        if not report.findings:
            return list(report.errors), ""
        article = report.article
        pos = Positions(article)
        verbatim = is_verbatim(article)
        uri, relative = path_uri(article.path, self.base)
        location = {"uri": uri}
        if relative and uri != "stdin":
            location["uriBaseId"] = "%SRCROOT%"
        seen: dict[str, int] = {}
        parts = []
        for f in report.findings:
            parts.append(_dumps(self._result(article, pos, verbatim, location, f, seen)))
        return list(report.errors), ",\n".join(parts)

    def emit(self, rendered: tuple[list[str], str]) -> None:
        if not self._begun:
            self.begin([])
        errors, results = rendered
        for message in errors:
            self._notifications.append({"level": "error", "message": {"text": message}})
        if results:
            self.stream.write(("\n" if self._first else ",\n") + results)
            self._first = False

    # -- one result -----------------------------------------------------------------------
    def _region(self, pos: Positions, start: int, end: int, verbatim: bool) -> dict[str, Any]:
        line, col = pos.line_col_utf16(start)
        end_line, end_col = pos.line_col_utf16(end)
        region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
        if verbatim:
            u_start = pos.utf16(start)
            region["charOffset"] = u_start
            region["charLength"] = pos.utf16(end) - u_start
        return region

    def _result(self, article: Article, pos: Positions, verbatim: bool, location: dict[str, Any],
                f: Finding, seen: dict[str, int]) -> dict[str, Any]:
        region = self._region(pos, f.start, f.end, verbatim)
        if f.text and "\n" not in f.text and len(f.text) <= 200:
            region["snippet"] = {"text": f.text}
        physical = {"artifactLocation": location, "region": region}
        loc: dict[str, Any] = {"physicalLocation": physical}
        props: dict[str, Any] = {"category": f.category, "confidence": f.confidence,
                                 "span": {"start": f.start, "end": f.end}}
        if article.id:
            loc["logicalLocations"] = [{
                "name": article.id,
                "fullyQualifiedName": article.display_name,
                "kind": "object",
            }]
            props["articleId"] = article.id
        if not verbatim:
            props["regionBase"] = "article"
        if f.source_lang:
            props["sourceLang"] = f.source_lang
        if f.source_start is not None:
            props["sourceStart"] = f.source_start
            props["sourceEnd"] = f.source_end
        if f.source_excerpt is not None:
            props["sourceExcerpt"] = f.source_excerpt
        if f.fix_applicability is not None:
            props["applicability"] = f.fix_applicability.value

        key = f"{article.id}\x00{f.code}\x00{' '.join(f.text.split()).lower()}"
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = hashlib.sha256(f"{location['uri']}\x00{key}\x00{occurrence}".encode("utf-8", "surrogateescape")).hexdigest()[:32]

        result: dict[str, Any] = {"ruleId": f.code}
        index = self.table.index.get(f.code)
        if index is not None:
            result["ruleIndex"] = index
        result.update({
            "level": LEVEL[f.severity],
            "message": {"text": f.message or f.name},
            "locations": [loc],
            "partialFingerprints": {FINGERPRINT_KEY: digest},
        })
        if verbatim:
            fixes = [self._fix(pos, location, r) for r in f.replacements
                     if r.applicability in (Applicability.SAFE, Applicability.UNSAFE)]
            if fixes:
                result["fixes"] = fixes
        result["properties"] = props
        return result

    def _fix(self, pos: Positions, location: dict[str, Any], r: Replacement) -> dict[str, Any]:
        what = r.description or (f"Replace with {json.dumps(r.content, ensure_ascii=False)}" if r.content else "Delete")
        return {
            "description": {"text": f"{what} ({r.applicability.value} fix)"},
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{
                    "deletedRegion": self._region(pos, r.start, r.end, True),
                    "insertedContent": {"text": r.content},
                }],
            }],
            "properties": {"applicability": r.applicability.value},
        }

    def end(self, summary: Summary) -> None:
        if not self._begun:
            self.begin([])
        for message in summary.input_errors:
            self._notifications.append({"level": "error", "message": {"text": message}})
        invocation = {"executionSuccessful": True}
        if self._notifications:
            invocation["toolExecutionNotifications"] = self._notifications
        tail = '\n],"invocations":[' + _dumps(invocation) + '],"properties":{"summary":' + _dumps(summary.to_dict()) + "}}]}\n"
        self.stream.write(tail)
        self.stream.flush()
