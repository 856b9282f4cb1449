"""Inline suppression comments in Markdown and HTML.

* ``<!-- auditor: ignore CODE[, CODE...] -->`` silences the codes (prefixes) in the next
  paragraph; without codes, every rule.
* ``<!-- auditor: disable CODE -->`` ... ``<!-- auditor: enable CODE -->`` silences a range;
  a ``disable`` without its ``enable`` runs to the end of the article.
"""

from __future__ import annotations

import re

from auditor.document import Suppression, split_paragraphs

DIRECTIVE = re.compile(
    r"<!--\s*auditor:\s*(?P<verb>ignore|disable|enable)\b(?P<codes>[^>]*?)\s*-->", re.IGNORECASE
)


def _codes(raw: str) -> tuple[str, ...]:
    return tuple(c.upper() for c in re.split(r"[\s,]+", raw.strip()) if c)


def parse_directives(text: str) -> list[Suppression]:
    """Suppressions declared by comments in ``text`` (offsets into ``text``)."""
    if "auditor:" not in text:
        return []
    out: list[Suppression] = []
    open_ranges: dict[tuple[str, ...], int] = {}
    for match in DIRECTIVE.finditer(text):
        verb = match.group("verb").lower()
        codes = _codes(match.group("codes"))
        if verb == "ignore":
            paragraphs = split_paragraphs(text, match.end())
            target = next((p for p in paragraphs if not DIRECTIVE.fullmatch(text, p.start, p.end)), None)
            # the directive itself and everything up to the end of the next paragraph
            out.append(Suppression(codes, match.start(), target.end if target else len(text)))
        elif verb == "disable":
            open_ranges.setdefault(codes, match.start())
        elif codes in open_ranges:
            out.append(Suppression(codes, open_ranges.pop(codes), match.end()))
    for codes, start in open_ranges.items():
        out.append(Suppression(codes, start, len(text)))
    return out
