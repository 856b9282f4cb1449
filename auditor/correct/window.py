"""Marked windows: the unit the correction model reads and writes.

The model never sees a whole article or even a whole sentence. It gets a short window of
words around one flagged span, with the span marked::

    The Russian president ⟦he⟧ thus clarified Moscow's plans

and writes the corrected window without the marks. Everything outside the marks is
context that the model only has to copy, which makes copying the cheap, default answer
and lets the gate check that nothing outside the span changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = "\u27e6"  # ⟦
CLOSE = "\u27e7"  # ⟧
MARKERS = (OPEN, CLOSE)

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Window:
    """``text[start:end]`` of some sentence with ``[span_start, span_end)`` marked.

    All offsets are relative to the string the window was cut from.
    """

    text: str
    start: int
    end: int
    span_start: int
    span_end: int

    @property
    def plain(self) -> str:
        """The window without marks (what copying the input produces)."""
        return self.text

    @property
    def marked(self) -> str:
        s, e = self.span_start - self.start, self.span_end - self.start
        return f"{self.text[:s]}{OPEN}{self.text[s:e]}{CLOSE}{self.text[e:]}"

    @property
    def local_span(self) -> tuple[int, int]:
        return self.span_start - self.start, self.span_end - self.start


def word_bounds(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def cut_window(text: str, span_start: int, span_end: int, left_words: int = 8, right_words: int = 8) -> Window:
    """The window of ``text`` reaching ``left_words`` words before and ``right_words``
    words after the span (fewer at the ends of ``text``); whole words only."""
    if not 0 <= span_start <= span_end <= len(text):
        raise ValueError(f"span {span_start}..{span_end} outside a text of {len(text)}")
    bounds = word_bounds(text)
    before = [b for b in bounds if b[1] <= span_start]
    after = [b for b in bounds if b[0] >= span_end]
    # a word that straddles the span edge belongs to the window entirely
    start = span_start
    for b in bounds:
        if b[0] < span_start < b[1]:
            start = b[0]
    end = span_end
    for b in bounds:
        if b[0] < span_end < b[1]:
            end = b[1]
    if left_words > 0 and before:
        start = min(start, before[max(0, len(before) - left_words)][0])
    if right_words > 0 and after:
        end = max(end, after[min(len(after), right_words) - 1][1])
    return Window(text[start:end], start, end, span_start, span_end)


def strip_markers(text: str) -> str:
    return text.replace(OPEN, "").replace(CLOSE, "")


def changed_region(a: str, b: str, prefer_suffix: bool = False) -> tuple[int, int, int, int]:
    """The smallest region that differs between ``a`` and ``b``.

    Returns ``(a_start, a_end, b_start, b_end)`` with ``a[:a_start] == b[:b_start]`` and
    ``a[a_end:] == b[b_end:]``. When the split is ambiguous ("the the cat" -> "the cat"),
    ``prefer_suffix`` attributes the change as far left as possible instead of as far
    right as possible.
    """
    la, lb = len(a), len(b)
    limit = min(la, lb)
    if not prefer_suffix:
        p = 0
        while p < limit and a[p] == b[p]:
            p += 1
        q = 0
        while q < limit - p and a[la - 1 - q] == b[lb - 1 - q]:
            q += 1
    else:
        q = 0
        while q < limit and a[la - 1 - q] == b[lb - 1 - q]:
            q += 1
        p = 0
        while p < limit - q and a[p] == b[p]:
            p += 1
    return p, la - q, p, lb - q


_CLOSING = frozenset(",.;:!?)]}\"'\u201d\u2019\u00bb")


def join_span(left: str, middle: str, right: str) -> str:
    """``left + middle + right``, where an empty ``middle`` takes one space with it:
    deleting "he" from "president he thus" gives "president thus", deleting the second
    "Hamburg" from "Hamburg Hamburg, Munich" gives "Hamburg, Munich"."""
    if not middle and left.endswith(" "):
        if right.startswith(" "):
            return left + right[1:]
        if not right or right[0] in _CLOSING:
            return left[:-1] + right
    return left + middle + right


def span_target(target: str, left: str, right: str) -> str | None:
    """The text that replaces the marked span so that ``join_span(left, it, right)`` is
    ``target``; None when ``target`` does not keep ``left`` and ``right``."""
    if target.startswith(left) and target.endswith(right) and len(left) + len(right) <= len(target):
        middle = target[len(left) : len(target) - len(right)]
        if join_span(left, middle, right) == target:
            return middle
    if join_span(left, "", right) == target:
        return ""
    return None


def wrap_span(text: str) -> str:
    """The target of a span-mode model: the replacement between marks, so that deleting
    the span ("⟦⟧") is not an empty output (ctranslate2 never ends on the first step)."""
    return f"{OPEN}{text}{CLOSE}"


def unwrap_span(output: str) -> str:
    """The replacement inside a span-mode model's output (tolerates missing marks)."""
    text = output.strip()
    if text.startswith(OPEN):
        text = text[1:]
    if text.endswith(CLOSE):
        text = text[:-1]
    return text.replace(OPEN, "").replace(CLOSE, "")
