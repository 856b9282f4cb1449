"""Inline suppression comments in Markdown and HTML.

* ``<!-- auditor: ignore CODE[, CODE...] -->`` silences the codes (prefixes) in the next
  paragraph; without codes, every rule.
* ``<!-- auditor: disable CODE -->`` ... ``<!-- auditor: enable CODE -->`` silences a range;
  a ``disable`` without its ``enable`` runs to the end of the article.
"""

from __future__ import annotations

import bisect
import re

from auditor.document import _PARAGRAPH_BREAK, Span, Suppression, _append_stripped

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
    targets: _Targets | None = None
    for match in DIRECTIVE.finditer(text):
        verb = match.group("verb").lower()
        codes = _codes(match.group("codes"))
        if verb == "ignore":
            targets = targets or _Targets(text)
            end = targets.end_of_next_paragraph(match.end())
            # the directive itself and everything up to the end of the next paragraph
            out.append(Suppression(codes, match.start(), end))
        elif verb == "disable":
            open_ranges.setdefault(codes, match.start())
        elif codes in open_ranges:
            out.append(Suppression(codes, open_ranges.pop(codes), match.end()))
    for codes, start in open_ranges.items():
        out.append(Suppression(codes, start, len(text)))
    return out


class _Targets:
    """The end of the first paragraph after an offset that is not a directive alone, for
    every ``ignore`` of a text in one pass: the paragraph breaks are found once and the
    next real paragraph after each break is precomputed, so a text holding thousands of
    directives is not re-split per directive (that was quadratic)."""

    def __init__(self, text: str):
        self.text = text
        self.breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
        self.starts = [start for start, _ in self.breaks]
        # after[j]: the end of the first real paragraph at or after the one following break j
        self.after: list[int] = [len(text)] * (len(self.breaks) + 1)
        for j in range(len(self.breaks) - 1, -1, -1):
            end = self._real(self.breaks[j][1], self._stop(j + 1))
            self.after[j] = end if end is not None else self.after[j + 1]

    def _stop(self, j: int) -> int:
        return self.starts[j] if j < len(self.breaks) else len(self.text)

    def _real(self, start: int, end: int) -> int | None:
        """The end of ``text[start:end]`` stripped, unless it is empty or a directive alone."""
        span: list[Span] = []
        _append_stripped(self.text, start, end, span)
        if not span or DIRECTIVE.fullmatch(self.text, span[0].start, span[0].end):
            return None
        return span[0].end

    def end_of_next_paragraph(self, pos: int) -> int:
        """As `split_paragraphs(text, pos)` then the first paragraph that is not only a
        directive: its end (the end of the text when there is none)."""
        i = bisect.bisect_left(self.starts, pos)
        end = self._real(pos, self._stop(i))
        if end is not None:
            return end
        return self.after[i] if i < len(self.breaks) else len(self.text)


def unsuppressed(findings: list, suppressions: list[Suppression]) -> list:
    """The ``findings`` that no suppression covers, in their order. A sweep over both
    sorted by offset keeps only the ranges open at each finding (a heap by end), so many
    directives cost O((findings + directives) log directives), not their product."""
    import heapq

    if not suppressions:
        return list(findings)
    ranges = sorted(suppressions, key=lambda s: s.start)
    open_ranges: list[tuple[int, int, Suppression]] = []
    covered: set[int] = set()
    i = 0
    for index in sorted(range(len(findings)), key=lambda k: findings[k].start):
        f = findings[index]
        while i < len(ranges) and ranges[i].start <= f.start:
            heapq.heappush(open_ranges, (ranges[i].end, i, ranges[i]))
            i += 1
        while open_ranges and open_ranges[0][0] <= f.start:
            heapq.heappop(open_ranges)  # closed before this finding
        if any(s.covers(f.code, f.start) for _, _, s in open_ranges):
            covered.add(index)
    return [f for k, f in enumerate(findings) if k not in covered]
