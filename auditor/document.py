"""`Article`: the unit every rule sees, with paragraphs, sentences and line lookup.

All spans are code-point offsets into ``Article.text`` exactly as read. Paragraphs are
blocks separated by blank lines; sentences are found inside paragraphs by a fast regex
segmenter (library segmenters such as pysbd run at a few thousand sentences per second,
far below the throughput target of the CLI).

Headlines that live outside the text (a JSONL ``title`` field that is not the start of
the ``text`` field) are audited like the first line of a plain-text file: the reader
builds ``Article.text`` as ``title + "\n\n" + text`` with `with_title`, ``title_span``
covers the headline and ``body_start`` says where the record's own text begins, so that
`Article.split_title` can write a corrected headline and a corrected text back to their
own fields. Offsets, lines and columns of such an article count from the headline (line
1 is the headline, line 3 the first line of the text field).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable


@dataclass(frozen=True)
class Span:
    """A half-open ``[start, end)`` range of ``Article.text``."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Suppression:
    """Codes (prefixes; empty = all) silenced over ``[start, end)`` by an inline comment."""

    codes: tuple[str, ...]
    start: int
    end: int

    def covers(self, code: str, start: int) -> bool:
        if not self.start <= start < self.end:
            return False
        return not self.codes or any(code.startswith(c) for c in self.codes)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and an
# upper-case letter, a digit or an opening quote. Abbreviations are excluded below.
# plain: ``[.!?…]+["'”’»)\]]*(?=...)``; a match only ever starts at the first mark of a
# run, which the lookbehind says at once (the plain form retries inside runs that fail)
_SENTENCE_END = re.compile(r"""[.!?…](?<![.!?…][.!?…])[.!?…]*["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])""")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sen rep gov gen col lt sgt capt cmdr adm maj jr sr inc ltd co corp "
    "vs etc no nos vol art fig jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k "
    "e.g i.e a.m p.m mt ft approx dept est".split()
)


#: what `with_title` puts between a headline and the text it stands above
TITLE_SEPARATOR = "\n\n"


def with_title(title: str, text: str) -> tuple[str, Span, int]:
    """``text`` with the headline ``title`` in front of it, as a plain-text article has
    it: ``(title + "\n\n" + text, the title's span, where text begins)``. Line breaks
    inside the title become spaces (same length), so the headline is one line."""
    line = title.replace("\r", " ").replace("\n", " ")
    return line + TITLE_SEPARATOR + text, Span(0, len(line)), len(line) + len(TITLE_SEPARATOR)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the period at ``dot`` closes an abbreviation or an initial ("J. Smith")."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and text[start].isupper():
        return True  # an initial
    return word in _ABBREVIATIONS


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Blocks of ``text[start:end]`` separated by blank lines, stripped of outer whitespace."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        _append_stripped(text, pos, match.start(), spans)
        pos = match.end()
    _append_stripped(text, pos, end, spans)
    return spans


def split_sentences(text: str, start: int, end: int, boundary: "re.Pattern[str] | None" = None) -> list[Span]:
    """Sentences of the paragraph ``text[start:end]``; ``boundary`` matches a sentence end
    (default: before an English capital, a digit or an opening quote)."""
    spans: list[Span] = []
    pos = start
    for match in (boundary or _SENTENCE_END).finditer(text, start, end):
        if text[match.start()] == "." and match.end() - match.start() == 1:
            if _is_abbreviation(text, match.start()):
                continue
        _append_stripped(text, pos, match.end(), spans)
        pos = match.end()
    _append_stripped(text, pos, end, spans)
    return spans


def _append_stripped(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


@dataclass
class Article:
    """One article: the text exactly as read plus what the reader knows about it.

    ``title`` is the headline as a string; ``title_span`` locates it in ``text`` when the
    headline is part of the text (plain text: the first non-empty line).

    ``body_start`` is 0 when ``text`` is the input's text as it was read; when a reader
    put a headline that lives outside the text in front of it (`with_title`: a JSONL
    ``title`` field), it is where the input's own text begins in ``text``.
    """

    text: str
    id: str = ""
    path: str = ""
    title: str = ""
    title_span: Span | None = None
    url: str = ""
    lang: str = "en"
    source_lang: str | None = None
    source_text: str | None = None
    line_offset: int = 0
    suppressions: list[Suppression] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    #: the raw record of a dump line (JSONL), so that `auditor fix` can write it back
    record: dict[str, Any] | None = None
    #: where the input's own text begins in ``text`` (> 0 after `with_title`)
    body_start: int = 0

    @cached_property
    def paragraphs(self) -> list[Span]:
        return split_paragraphs(self.text)

    @cached_property
    def sentences(self) -> list[Span]:
        out: list[Span] = []
        for para in self.paragraphs:
            out.extend(split_sentences(self.text, para.start, para.end))
        return out

    @cached_property
    def lines(self) -> list[Span]:
        """Every line (without its newline), empty lines included."""
        spans = []
        pos = 0
        for line in self.text.split("\n"):
            spans.append(Span(pos, pos + len(line)))
            pos += len(line) + 1
        return spans

    @cached_property
    def _line_starts(self) -> list[int]:
        return [s.start for s in self.lines]

    @cached_property
    def word_count(self) -> int:
        return len(self.text.split())

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of ``offset``."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1 + self.line_offset, offset - self._line_starts[index] + 1

    def line_at(self, offset: int) -> Span:
        return self.lines[bisect.bisect_right(self._line_starts, offset) - 1]

    def paragraph_at(self, offset: int) -> Span | None:
        for para in self.paragraphs:
            if para.start <= offset < para.end:
                return para
        return None

    def split_title(self, corrected: str, edits: Iterable[Any] = ()) -> tuple[str | None, str]:
        """``(headline, text)`` of ``corrected`` (``text`` after ``edits``, objects with
        ``start``, ``end`` and ``content``, were applied) for writing back to the
        input's own fields: ``(None, corrected)`` unless `with_title` built the text.

        The end of the headline and the start of the text are moved through the edits;
        an edit that spans both (removing the headline line, say) gives its content to
        the text."""
        if not self.body_start or self.title_span is None:
            return None, corrected
        title_end = _moved(self.title_span.end, edits, keep_insertions=True)
        body_start = _moved(self.body_start, edits, keep_insertions=False)
        return corrected[:title_end], corrected[max(body_start, title_end):]

    @property
    def display_name(self) -> str:
        if self.path and self.id and self.id != self.path and not self.path.endswith("/" + self.id):
            return f"{self.path}#{self.id}"  # an article inside a dump (one file per article: the path)
        return self.path or self.id or "<stdin>"


def _moved(offset: int, edits: Iterable[Any], keep_insertions: bool) -> int:
    """Where ``offset`` of a text lands once ``edits`` (non-overlapping) are applied.

    An edit that ends at or before ``offset`` shifts it by its change of length; one
    that spans it moves it to the edit's start.
    An insertion exactly at ``offset`` counts as before it when ``keep_insertions``
    (the headline keeps what is added at its end), else as after it (the text keeps
    what is added at its start)."""
    moved = offset
    for edit in edits:
        start, end, size = edit.start, edit.end, len(edit.content)
        if start == end == offset:
            moved += size if keep_insertions else 0
        elif end <= offset:
            moved += size - (end - start)
        elif start < offset:  # the edit spans the offset: to its start (its content follows)
            moved += start - offset
    return moved
