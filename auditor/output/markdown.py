"""``markdown``: a compact summary for CI job summaries and pull-request comments.

Written once, at the end (GitHub Markdown)::

    ## auditor: 27 articles, 126 findings
    3,950 words; 46 error, 78 warning, 2 info; ...

    ### Findings by family      | family | findings | error | warning | info |
    ### Findings by rule        | rule | name | family | findings |        (top `TOP_RULES`)
    ### Riskiest articles       | MT risk | article | findings | translated from |  (top `TOP_ARTICLES`)
    ### Most frequent findings  | rule | text | count | message |        (top `TOP_FINDINGS`)

Memory stays bounded by the number of distinct rules and matched texts: articles are
kept only while they are among the riskiest. Every piece of article text is escaped for
Markdown and inline HTML, and ``@`` is followed by a zero-width space so that an
article never mentions a GitHub user.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter

from auditor.findings import Severity
from auditor.output import Formatter
from auditor.output._common import printable
from auditor.report import ArticleReport, Summary
from auditor.rules.base import Rule

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SEVERITIES = [s.value for s in reversed(list(Severity))]  # error, warning, info


def md_escape(text: str, limit: int = 80) -> str:
    """One table cell of plain text: one line, clipped to ``limit`` characters, Markdown
    punctuation backslash-escaped, ``&``, ``<``, ``>`` as entities, no @-mentions."""
    text = printable(" ".join(str(text).split()))  # whitespace to one space, then ESC and the like escaped
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("@", "@\u200b")


def _table(head: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    rule = ["---:" if i in right else "---" for i in range(len(head))]
    return ["| " + " | ".join(head) + " |", "| " + " | ".join(rule) + " |",
            *("| " + " | ".join(row) + " |" for row in rows)]


def _label(report: ArticleReport) -> str:
    a = report.article
    where = (a.path or "<stdin>") + (f"#{a.id}" if a.id and a.id not in (a.path or "") else "")
    return f"{md_escape(a.title, 60)} ({md_escape(where, 60)})" if a.title else md_escape(where, 60)


class MarkdownFormatter(Formatter):
    """Counts by family, rule and severity, the riskiest articles and the most frequent
    findings, written at the end of the run."""

    TOP_ARTICLES = 10
    TOP_RULES = 20
    TOP_FINDINGS = 10

    def __init__(self, stream, *, color: bool = False):
        super().__init__(stream, color=color)
        self.rules: dict[str, tuple[str, str]] = {}
        self.families: dict[str, Counter] = {}
        self.pairs: Counter = Counter()
        self.messages: dict[tuple[str, str], str] = {}
        self.top: list[tuple[float, int, str, int, str]] = []  # a min-heap of the riskiest
        self.index = 0

    def begin(self, rules: list[type[Rule]]) -> None:
        for r in rules:
            self.rules.setdefault(r.code, (r.name, r.family))

    def article(self, report: ArticleReport) -> None:
        self.index += 1
        for f in report.findings:
            self.rules.setdefault(f.code, (f.name, f.category))
            self.families.setdefault(f.category, Counter())[f.severity.value] += 1
            key = (f.code, f.text[:60])
            self.pairs[key] += 1
            self.messages.setdefault(key, f.message)
        if report.findings:
            guess = report.source_guess
            item = (report.risk, -self.index, _label(report), len(report.findings),
                    f"{guess.lang} ({guess.confidence:.2f})" if guess else "")
            if len(self.top) < self.TOP_ARTICLES:
                heapq.heappush(self.top, item)
            else:
                heapq.heappushpop(self.top, item)

    def end(self, summary: Summary) -> None:
        self.stream.write("\n".join(self.lines(summary)) + "\n")
        self.stream.flush()

    def lines(self, summary: Summary) -> list[str]:
        """The summary as Markdown lines."""
        s = summary
        out = [f"## auditor: {s.articles:,} article{'s' if s.articles != 1 else ''}, "
               f"{s.findings:,} finding{'s' if s.findings != 1 else ''}", ""]
        facts = [f"{s.words:,} words", ", ".join(f"{s.by_severity.get(v, 0):,} {v}" for v in _SEVERITIES)]
        if s.baselined:
            facts.append(f"{s.baselined:,} in the baseline")
        if s.input_errors:
            facts.append(f"{len(s.input_errors):,} input error{'s' if len(s.input_errors) != 1 else ''}")
        out += ["; ".join(facts) + ".", ""]
        if not s.findings:
            return out + ["No finding.", ""]
        out += ["### Findings by family", ""]
        fam_rows = sorted(self.families.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        out += _table(["family", "findings", *_SEVERITIES],
                      [[md_escape(fam), f"{sum(c.values()):,}", *(f"{c.get(v, 0):,}" for v in _SEVERITIES)]
                       for fam, c in fam_rows], {1, 2, 3, 4})
        out += ["", "### Findings by rule", ""]
        codes = sorted(s.by_code.items(), key=lambda kv: (-kv[1], kv[0]))
        out += _table(["rule", "name", "family", "findings"],
                      [[md_escape(code), md_escape(self.rules.get(code, ("", ""))[0]),
                        md_escape(self.rules.get(code, ("", ""))[1]), f"{n:,}"] for code, n in codes[: self.TOP_RULES]], {3})
        if len(codes) > self.TOP_RULES:
            rest = sum(n for _, n in codes[self.TOP_RULES:])
            out += ["", f"and {len(codes) - self.TOP_RULES} more rules ({rest:,} findings)."]
        out += ["", "### Riskiest articles", ""]
        top = sorted(self.top, reverse=True)
        out += _table(["MT risk", "article", "findings", "translated from"],
                      [[f"{risk:.1f}", label, f"{n:,}", guess] for risk, _, label, n, guess in top], {0, 2})
        out += ["", "### Most frequent findings", ""]
        pairs = sorted(self.pairs.items(), key=lambda kv: (-kv[1], kv[0]))[: self.TOP_FINDINGS]
        out += _table(["rule", "text", "count", "message"],
                      [[md_escape(code), md_escape(text, 40) or ("(whitespace)" if text else "(empty)"), f"{n:,}",
                        md_escape(self.messages[(code, text)], 100)] for (code, text), n in pairs], {2})
        return out + [""]
