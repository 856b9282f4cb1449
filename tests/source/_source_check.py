"""Helper for the source-aware tests: the engine's findings on a translation checked
against its source."""

from __future__ import annotations

from auditor.config import Settings
from auditor.document import Article
from auditor.findings import Finding
from auditor.rules.engine import Engine


def source_findings(source: str, target: str, lang: str, select: str = "SRC") -> list[Finding]:
    """The findings of the rules ``select`` names (a code or a prefix) on ``target``, with
    ``source`` in ``lang`` as its source text."""
    settings = Settings()
    settings.select = [select]
    return Engine(settings).check(Article(text=target, source_text=source, source_lang=lang))[0]
