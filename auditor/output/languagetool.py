"""``languagetool``: per article, the response body of LanguageTool's ``POST /v2/check``.

One JSON object per article per line (JSONL), so editors and tools that already read
LanguageTool responses can show the findings. Field names and layout follow
LanguageTool's own serializer (``RuleMatchesAsJsonSerializer``)::

    {"software": {"name": "auditor", "version": ..., "buildDate": ..., "apiVersion": 1,
                  "premium": false, "status": ""},
     "warnings": {"incompleteResults": false},
     "language": {"name": "English", "code": "en",
                  "detectedLanguage": {"name": "English", "code": "en", "confidence": 1.0,
                                       "source": "input"}},
     "matches": [{"message", "shortMessage", "replacements": [{"value"}], "offset",
                  "length", "context": {"text", "offset", "length"}, "sentence",
                  "type": {"typeName"}, "rule": {"id", "description", "issueType",
                  "urls": [{"value"}], "category": {"id", "name"}},
                  "ignoreForIncompleteSentence", "contextForSureMatch"}],
     "article": {...}}

``offset``/``length`` (and the context's) count UTF-16 code units, as the Java server
does: an emoji or other astral character before a match shifts its offset by 2. The
extra top-level ``article`` key names the article (id, path, url, title, MT risk,
translated-from guess); a source-aware match carries an extra ``source`` object. The
language is the one the input declares (``Article.lang``), not detected.
"""

from __future__ import annotations

import bisect
import json
from typing import Any

from auditor import __version__
from auditor.document import Article
from auditor.findings import Finding, Severity
from auditor.output import Formatter
from auditor.output._common import RuleTable, Utf16Index, humanize, utf16_len
from auditor.report import ArticleReport
from auditor.rules.base import Rule

#: characters of context on each side of a match (LanguageTool's default is 40)
CONTEXT_SIZE = 40
API_VERSION = 1
BUILD_DATE = ""

LANGUAGE_NAMES = {
    "en": "English", "en-US": "English (US)", "en-GB": "English (GB)", "it": "Italian",
    "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "nl": "Dutch",
    "pl": "Polish", "ru": "Russian", "uk": "Ukrainian", "ca": "Catalan", "ro": "Romanian",
    "sv": "Swedish", "da": "Danish", "el": "Greek", "ja": "Japanese", "zh": "Chinese",
    "ar": "Arabic", "tr": "Turkish", "cs": "Czech", "sk": "Slovak", "hu": "Hungarian",
}

#: rule family -> ITS 2.0 localization quality issue type, as LanguageTool reports them
ISSUE_TYPE = {
    "residue": "addition",
    "typography": "typographical",
    "calque": "mistranslation",
    "grammar": "grammar",
    "untranslated": "untranslated",
    "fluency": "style",
    "source": "mistranslation",
    "encoding": "characters",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code) or LANGUAGE_NAMES.get(code.split("-")[0], code)


def context(text: str, start: int, end: int, size: int = CONTEXT_SIZE) -> dict[str, Any]:
    """LanguageTool's match context: ``size`` characters each side, ``...`` where the text
    is cut, line breaks as spaces; ``offset``/``length`` in UTF-16 units of the context."""
    lo = start - size
    prefix = "..."
    if lo < 0:  # as LanguageTool: "..." only where text was cut (or exactly reached)
        lo, prefix = 0, ""
    hi = end + size
    postfix = "..."
    if hi > len(text):
        hi, postfix = len(text), ""
    body = text[lo:hi].replace("\n", " ").replace("\r", " ")
    return {
        "text": prefix + body + postfix,
        "offset": len(prefix) + utf16_len(text[lo:start]),
        "length": utf16_len(text[start:end]),
    }


class LanguageToolFormatter(Formatter):
    """LanguageTool ``/v2/check`` responses, one JSON object per article per line."""

    def begin(self, rules: list[type[Rule]]) -> None:
        self.table = RuleTable(rules)

    renders_alone = True

    def render(self, report: ArticleReport) -> str:
        if not hasattr(self, "table"):
            self.begin([])
        return json.dumps(self.response(report), ensure_ascii=False, separators=(",", ":")) + "\n"

    def emit(self, rendered: str) -> None:
        self.stream.write(rendered)
        self.stream.flush()

    def response(self, report: ArticleReport) -> dict[str, Any]:
        article = report.article
        u16 = Utf16Index(article.text)
        sentence_starts: list[int] | None = None
        matches = []
        for f in report.findings:
            if sentence_starts is None:
                sentence_starts = [s.start for s in article.sentences]
            matches.append(self._match(article, u16, sentence_starts, f))
        code = article.lang or "en"
        name = language_name(code)
        warnings: dict[str, Any] = {"incompleteResults": bool(report.errors)}
        if report.errors:
            warnings["incompleteResultsReason"] = "; ".join(report.errors)
        return {
            "software": {"name": "auditor", "version": __version__, "buildDate": BUILD_DATE,
                         "apiVersion": API_VERSION, "premium": False, "status": ""},
            "warnings": warnings,
            "language": {"name": name, "code": code,
                         "detectedLanguage": {"name": name, "code": code, "confidence": 1.0, "source": "input"}},
            "matches": matches,
            "article": {
                "id": article.id, "path": article.path, "url": article.url or None, "title": article.title,
                "mtRisk": report.risk,
                "translatedFrom": report.source_guess.to_dict() if report.source_guess else None,
            },
        }

    def _sentence(self, article: Article, starts: list[int], offset: int) -> str:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0:
            span = article.sentences[i]
            if span.start <= offset < span.end:
                return span.slice(article.text).strip()
        line = article.line_at(offset)
        return line.slice(article.text).strip()

    def _match(self, article: Article, u16: Utf16Index, starts: list[int], f: Finding) -> dict[str, Any]:
        text = article.text
        # a replacement may cover more than the span (a residue line and its newline): the
        # match then covers both, and every value replaces exactly the match's range
        lo = min([f.start] + [r.start for r in f.replacements])
        hi = max([f.end] + [r.end for r in f.replacements])
        replacements = []
        for r in sorted(f.replacements, key=lambda r: -r.applicability.rank):
            item = {"value": text[lo:r.start] + r.content + text[r.end:hi]}
            if r.description:
                item["shortDescription"] = r.description
            replacements.append(item)
        offset = u16(lo)
        rule = self.table.get(f.code)
        family = rule.family if rule is not None else f.category
        estimate = -1 if rule is not None and rule.needs_corpus else 0
        match: dict[str, Any] = {
            "message": f.message,
            "shortMessage": humanize(f.name),
            "replacements": replacements,
            "offset": offset,
            "length": u16(hi) - offset,
            "context": context(text, lo, hi),
            "sentence": self._sentence(article, starts, f.start),
            "type": {"typeName": "Hint" if f.severity is Severity.INFO else "Other"},
            "rule": {
                "id": f.code,
                "description": self.table.summary(f),
                "issueType": getattr(rule, "issue_type", None) or ISSUE_TYPE.get(family, "uncategorized"),
            },
            "ignoreForIncompleteSentence": estimate == -1 or estimate > 3,
            "contextForSureMatch": estimate,
        }
        if f.url:
            match["rule"]["urls"] = [{"value": f.url}]
        match["rule"]["category"] = {"id": family.upper(), "name": humanize(family)}
        if f.source_start is not None or f.source_excerpt is not None:
            match["source"] = self._source(article, f)
        return match

    @staticmethod
    def _source(article: Article, f: Finding) -> dict[str, Any]:
        """Where the match points in the source text (UTF-16 units when the source text is
        known, else the code points the rule gave)."""
        out: dict[str, Any] = {}
        if f.source_lang:
            out["lang"] = f.source_lang
        if f.source_start is not None:
            start, end = f.source_start, f.source_end if f.source_end is not None else f.source_start
            src = article.source_text
            if src is not None and end <= len(src):
                out["offset"] = utf16_len(src[:start])
                out["length"] = utf16_len(src[start:end])
            else:
                out["offset"] = start
                out["length"] = end - start
        if f.source_excerpt is not None:
            out["excerpt"] = f.source_excerpt
        return out
