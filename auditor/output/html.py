"""``html``: one self-contained page for editors, opened from disk.

The page is static HTML with the report embedded as JSON and one inline script that
renders it (overview, article view, fix view, filters); see docs/output.md. Layout::

    <head>  CSP meta, <style> (html_assets/report.css)
    <body>  the shell (header, filters, empty views)
            <script type="application/json" id="auditor-articles">[ARTICLE, ...]</script>
            <script type="application/json" id="auditor-meta">{...}</script>
            <script> (html_assets/report.js) </script>

The articles are streamed into the JSON array one by one, so memory stays flat; the
browser renders an article's text only when it is opened. Safety:

* JSON is written with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped (`script_json`), so
  no text can close the ``<script>`` element that holds it;
* the script never parses HTML (it builds DOM nodes and sets ``textContent``);
* a Content-Security-Policy meta tag allows exactly the page's own inline script and
  style (by their SHA-256 hashes) and nothing else: no request leaves the page.

Offsets are converted to UTF-16 code units here, because JavaScript strings count them.
`render_fix_html` renders ``auditor fix`` results and `render_score_html` an
``auditor score`` document with the same stylesheet.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any, TextIO

from auditor import __version__
from auditor.output import Formatter
from auditor.output._common import Utf16Index
from auditor.report import ArticleReport, Summary
from auditor.rules.base import RULE_URL, Rule

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


def script_json(obj: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``.

    The escaped characters can only occur inside JSON strings, where ``\\uXXXX`` means the
    same character, so the result parses to the same value.
    """
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPE_TABLE)


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A file of ``auditor/output/html_assets/``, checked to be safe to inline."""
    text = (resources.files("auditor.output") / "html_assets" / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"html asset {name} contains '</', which could close its element")
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str | None, style: str) -> str:
    """A policy that allows this inline script and style (by hash) and no request at all."""
    return "; ".join([
        "default-src 'none'",
        "script-src " + (_sha256(script) if script is not None else "'none'"),
        f"style-src {_sha256(style)}",
        "img-src 'none'", "font-src 'none'", "connect-src 'none'", "media-src 'none'",
        "object-src 'none'", "frame-src 'none'", "worker-src 'none'", "manifest-src 'none'",
        "base-uri 'none'", "form-action 'none'",
    ])


def _head(title: str, script: str | None) -> str:
    style = asset("report.css")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{html.escape(content_security_policy(script, style))}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<meta name=\"generator\" content=\"auditor {html.escape(__version__)}\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{style}</style>\n</head>\n"
    )


_SHELL = """<body>
<a class="skip" href="#main">Skip to the report</a>
<header class="top"><h1>{title}</h1><nav aria-label="views">
<a id="nav-overview" href="#view=overview">Overview</a></nav>
<p class="keys">Keys: <kbd>n</kbd>/<kbd>p</kbd> next/previous finding, <kbd>/</kbd> search,
<kbd>Esc</kbd> close the details.</p></header>
<div class="layout">
<aside id="filters" aria-label="filters"><h2>Filters</h2><noscript>The report needs JavaScript.</noscript></aside>
<main id="main" tabindex="-1"><section id="overview" aria-label="overview"></section>
<section id="article" aria-label="article" hidden></section></main>
</div>
<div id="tip" role="tooltip" hidden></div>
<p class="status" id="status" role="status" aria-live="polite"></p>
"""


class HtmlPage:
    """Writes one report page: the head and shell, then the articles one by one, then the
    meta data and the script."""

    def __init__(self, stream: TextIO, kind: str, title: str):
        self.stream = stream
        self.kind = kind
        self.title = title
        self._count = 0
        self._open = False

    def begin(self) -> None:
        if self._open:
            return
        script = asset("report.js")
        self.stream.write(_head(self.title, script))
        self.stream.write(_SHELL.format(title=html.escape(self.title)))
        self.stream.write('<script type="application/json" id="auditor-articles">[')
        self._open = True

    def add(self, data: dict[str, Any]) -> None:
        self.begin()
        self.stream.write(("\n" if self._count == 0 else ",\n") + script_json(data))
        self._count += 1

    def end(self, meta: dict[str, Any]) -> None:
        self.begin()
        meta = {"tool": "auditor", "version": __version__, "kind": self.kind, "title": self.title, **meta}
        self.stream.write("\n]</script>\n")
        self.stream.write(f'<script type="application/json" id="auditor-meta">{script_json(meta)}</script>\n')
        self.stream.write(f"<script>{asset('report.js')}</script>\n</body>\n</html>\n")
        self.stream.flush()


# -- data ------------------------------------------------------------------------------
def _rule_entry(rules: dict[str, dict[str, str]], finding: Any) -> None:
    if finding.code not in rules:
        rules[finding.code] = {"name": finding.name, "family": finding.category, "url": finding.url}


def findings_data(article: Any, findings: Iterable[Any], u16: Utf16Index) -> list[dict[str, Any]]:
    """Findings with their spans in UTF-16 units (``s``, ``e``), line and column (``l``)."""
    out = []
    for f in findings:
        item: dict[str, Any] = {"s": u16(f.start), "e": u16(f.end), "code": f.code, "sev": f.severity.value,
                                "conf": f.confidence, "msg": f.message, "l": list(article.line_col(f.start))}
        if f.replacements:
            item["reps"] = [{"s": u16(r.start), "e": u16(r.end), "content": r.content,
                             "app": r.applicability.value, "desc": r.description} for r in f.replacements]
        if f.source_lang:
            item["sl"] = f.source_lang
        if f.source_excerpt:
            item["sx"] = f.source_excerpt
        if f.evidence:
            item["ev"] = f.evidence
        out.append(item)
    return out


def _article_head(article: Any) -> dict[str, Any]:
    return {"id": article.id, "path": article.path, "url": article.url or "", "title": article.title,
            "words": article.word_count, "src": article.source_lang or "", "text": article.text}


def article_data(report: ArticleReport, rules: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The embedded object of one checked article; adds its findings' rules to ``rules``."""
    article = report.article
    data = _article_head(article)
    guess = report.source_guess
    data.update(risk=report.risk, tf={"lang": guess.lang, "confidence": guess.confidence} if guess else None,
                findings=findings_data(article, report.findings, Utf16Index(article.text)))
    for f in report.findings:
        _rule_entry(rules, f)
    if report.baselined:
        data["baselined"] = report.baselined
    if report.errors:
        data["errors"] = list(report.errors)
    return data


class HtmlFormatter(Formatter):
    """``auditor check --format html``: the whole report as one page."""

    title = "auditor report"

    def __init__(self, stream: TextIO, *, color: bool = False):
        super().__init__(stream, color=color)
        self.page = HtmlPage(stream, "check", self.title)
        self.rules: dict[str, dict[str, str]] = {}  # as the findings say
        self.declared: dict[str, dict[str, str]] = {}  # the selected rules, as their classes say
        self.selected: list[str] = []

    def begin(self, rules: list[type[Rule]]) -> None:
        self.selected = [r.code for r in rules]
        self.declared = {r.code: {"name": r.name, "family": r.family, "url": RULE_URL.format(code=r.code.lower())}
                         for r in rules}
        self.page.begin()

    def article(self, report: ArticleReport) -> None:
        self.page.add(article_data(report, self.rules))

    def end(self, summary: Summary) -> None:
        self.page.end({"rules": {**self.declared, **self.rules}, "selected": self.selected, "summary": summary.to_dict()})


# -- fix -------------------------------------------------------------------------------
def _original_text(result: dict[str, Any]) -> str:
    """The text before fixing, for a `FixResult.to_dict()` without ``text``: the applied
    edits undone on the corrected text (their offsets are into the original)."""
    corrected = result["corrected_text"]
    pieces, pos, cur = [], 0, 0
    for e in sorted((e for e in result["edits"] if e["status"] == "applied"), key=lambda e: (e["start"], e["end"])):
        gap = e["start"] - pos
        pieces.append(corrected[cur:cur + gap])
        pieces.append(e["original"])
        cur += gap + len(e["content"])
        pos = e["end"]
    pieces.append(corrected[cur:])
    return "".join(pieces)


def fix_data(result: Any, rules: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The embedded object of one fixed article, from a `FixResult` or its ``to_dict()``
    (optionally with ``text``, the original; without it the original is rebuilt)."""
    if isinstance(result, dict):
        text = result.get("text")
        if text is None:
            text = _original_text(result)
        data = {"id": result.get("id", ""), "path": result.get("path", ""), "url": result.get("url") or "",
                "title": result.get("title", ""), "words": len(text.split()), "src": result.get("source_lang") or "",
                "text": text, "findings": []}
        edits = result["edits"]
        corrected = result["corrected_text"]
        remaining = result.get("remaining_findings")
    else:
        article = result.article
        text = article.text
        data = _article_head(article)
        data["findings"] = findings_data(article, result.findings, Utf16Index(text))
        for f in result.findings:
            _rule_entry(rules, f)
        summary = result.to_dict()
        edits, corrected, remaining = summary["edits"], result.corrected, summary["remaining_findings"]
    u16 = Utf16Index(text)
    data.update(risk=None, tf=None, corrected=corrected, remaining=remaining, edits=[
        {"s": u16(e["start"]), "e": u16(e["end"]), "original": e.get("original", ""), "content": e["content"],
         "app": e["applicability"], "origin": e["origin"], "status": e["status"], "reason": e.get("reason", ""),
         "desc": e.get("description", ""), **({"ev": e["evidence"]} if e.get("evidence") else {})}
        for e in sorted(edits, key=lambda e: (e["start"], e["end"]))])
    return data


class FixHtmlReport:
    """Streams ``auditor fix`` results into one page: ``add`` each result, then ``close``."""

    def __init__(self, stream: TextIO, *, title: str = "auditor fixes", model: str | None = None):
        self.page = HtmlPage(stream, "fix", title)
        self.rules: dict[str, dict[str, str]] = {}
        self.model = model
        self.articles = self.changed = 0

    def add(self, result: Any) -> None:
        data = fix_data(result, self.rules)
        self.articles += 1
        self.changed += data["corrected"] != data["text"]
        self.page.add(data)

    def close(self) -> None:
        self.page.end({"rules": self.rules, "model": self.model,
                       "summary": {"articles": self.articles, "changed": self.changed}})


def render_fix_html(results: Iterable[Any], stream: TextIO, *, title: str = "auditor fixes",
                    model: str | None = None) -> None:
    """Write the fix page of ``results`` (`FixResult` objects or their ``to_dict()``)."""
    report = FixHtmlReport(stream, title=title, model=model)
    for result in results:
        report.add(result)
    report.close()


# -- score -----------------------------------------------------------------------------
def _table(head: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    th = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{html.escape(h)}</th>' for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{html.escape(str(c))}</td>'
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>\n"


def render_score_html(doc: dict[str, Any], width: int = 1) -> str:
    """An ``auditor score`` document as a static page (tables; no script at all)."""
    out = [_head("auditor score", None), '<body class="score"><main id="main">\n<h1>auditor score</h1>\n']
    meta = [("hypotheses", doc.get("hyp")), ("references", ", ".join(doc.get("refs") or [])),
            ("baseline", doc.get("baseline")), ("segments", doc.get("segments_count")), ("version", doc.get("version"))]
    out.append("<dl class=\"meta\">" + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>"
                                                for k, v in meta if v is not None) + "</dl>\n")
    out.append("<h2>Corpus scores</h2>\n")
    out.append(_table(["metric", "score", "signature"],
                      [[s["label"], s["formatted"], s["signature"]] for s in doc.get("corpus", [])], {1}))
    if doc.get("paired"):
        out.append("<h2>Paired tests against the baseline</h2>\n<p>95% confidence interval of the system; "
                   "p &lt; 0.05 is significant.</p>\n")
        rows = []
        for p in doc["paired"]:
            ci = f"[{p['ci95'][0]:.{width}f}, {p['ci95'][1]:.{width}f}]" if p.get("ci95") else "-"
            rows.append([p["metric"], p["test"], f"{p['baseline']:.{width}f}", f"{p['system']:.{width}f}",
                         f"{p['delta']:+.{width}f}", ci, f"{p['p_value']:.4f}", "yes" if p["significant"] else "no"])
        out.append(_table(["metric", "test", "baseline", "system", "delta", "95% CI", "p", "significant"],
                          rows, {2, 3, 4, 6}))
    if doc.get("segments"):
        metrics = [k for k in doc["segments"][0] if k != "id"]
        out.append("<h2>Segments</h2>\n")
        out.append(_table(["segment", *metrics],
                          [[s["id"], *(f"{s[m]:.{width}f}" for m in metrics)] for s in doc["segments"]],
                          set(range(1, len(metrics) + 1))))
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)
