"""Judge an edit on the whole words of the text it produces.

An edit is a replacement ``text[a0:a1] -> new``. `snap` widens it to whole words, so
that an edit of "Village" inside "Villages" is seen (and reported) as "Villages" ->
"countrys", not as "Village" -> "country". `WordGuard` then refuses an edit that writes a
word found neither in an English spelling dictionary (`auditor.spelling`) nor in the
input text, or that leaves two spaces in a row where there were none.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

from auditor.spelling import is_word

#: a word: letters, with inner apostrophes (straight or curly) and hyphens
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _wordy(ch: str) -> bool:
    return ch.isalnum()


def snap(text: str, a0: int, a1: int, new: str) -> tuple[int, int, str]:
    """The edit ``text[a0:a1] -> new`` widened to whole words: over the rest of a word that
    the edit cuts in the original, or that continues across the edit's boundary in the
    result (a deleted space joins two words)."""
    result_first = (new + text[a1:a1 + 1])[:1]
    while a0 > 0 and _wordy(text[a0 - 1]) and (_wordy(result_first) or (a0 < a1 and _wordy(text[a0]))):
        a0 -= 1
        new = text[a0] + new
        result_first = new[:1]
    result_last = (text[a0 - 1:a0] + new)[-1:]
    while a1 < len(text) and _wordy(text[a1]) and (_wordy(result_last) or (a0 < a1 and _wordy(text[a1 - 1]))):
        new = new + text[a1]
        a1 += 1
        result_last = new[-1:]
    return a0, a1, new


def words(text: str) -> list[str]:
    """The words of ``text`` (see `WORD`)."""
    return WORD.findall(text)


def unknown_word(new: str, known: set[str]) -> str | None:
    """The first word of ``new`` that is neither in ``known`` (case-folded words) nor in
    the spelling dictionaries (a hyphenated word passes when each part does), else None."""
    for word in words(new):
        if word.casefold() in known or is_word(word):
            continue
        if "-" in word and all(p.casefold() in known or is_word(p) for p in word.split("-")):
            continue
        return word
    return None


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of ``text`` widened over the word characters on both sides."""
    while start > 0 and _wordy(text[start - 1]):
        start -= 1
    while end < len(text) and _wordy(text[end]):
        end += 1
    return start, end


class WordGuard:
    """Checks the edits of one text on the text they produce: no invented words, no new
    double spaces.

    ``text`` is the input; ``extra`` are other texts whose words count as known (the
    source text, for instance). Words of the input with its encoding repaired (mojibake,
    HTML entities) are known too: a mojibake fix writes the word the input meant.
    """

    def __init__(self, text: str, extra: Iterable[str | None] = ()):
        self.text = text
        self.known = {w.casefold() for t in (text, *extra) if t for w in words(t)}
        self._repaired = False

    def _add_repaired(self) -> None:
        if self._repaired:
            return
        self._repaired = True
        try:
            import ftfy

            fixed = ftfy.fix_text(self.text)
        except Exception:  # only means fewer known words
            fixed = self.text
        self.known.update(w.casefold() for w in words(html.unescape(fixed)))

    def reason(self, result: str, r0: int, r1: int, a0: int, a1: int) -> str | None:
        """Why an edit may not be applied, or None. ``result[r0:r1]`` is what the edit
        wrote in the resulting text, in place of ``text[a0:a1]``: the whole words of
        ``result`` around it are checked."""
        w0, w1 = word_span(result, r0, r1)
        bad = unknown_word(result[w0:w1], self.known)
        if bad is not None:
            self._add_repaired()
            bad = unknown_word(result[w0:w1], self.known)
        if bad is not None:
            return f"it would write {bad!r}, which is neither an English word nor in the input"
        if "  " in result[max(r0 - 1, 0):r1 + 1] and "  " not in self.text[max(a0 - 1, 0):a1 + 1]:
            return "it would leave two spaces in a row"
        return None
