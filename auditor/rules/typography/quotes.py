"""Quotation marks: wrong-way marks, marks that do not pair, mixed and foreign styles
(TYP009-TYP012)."""

from __future__ import annotations

import re
from typing import Iterator

from auditor.document import Article, Span
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.rules.base import Rule, RuleContext, register
from auditor.rules.typography._common import CACHE, FAMILY

SAFE = Applicability.SAFE

# An opening mark in closing position (after a word or punctuation, before a space,
# punctuation or the end) and a closing mark in opening position.
_OPEN_AS_CLOSE = re.compile(
    r"(?P<dq>“)(?<=[\w.,!?;:…%)\]]“)(?=[\s,.;:!?)\]—–]|$)|(?P<sq>‘)(?<=[\w.,!?]‘)(?=[\s,.;:!?)\]—–]|$)"
)
_CLOSE_AS_OPEN = re.compile(r"”(?=[A-Za-z0-9])(?:(?<=[\s(\[—–/]”)|(?<=^”))", re.M)
_CURLY_DQ = re.compile(r"[“”]")


def _curly_marks(article: Article) -> dict[int, list[tuple[int, bool]]]:
    """Per paragraph index: (offset, is_opening) of each curly double quotation mark,
    with the direction read from its position, not its shape."""

    def build(a: Article) -> dict[int, list[tuple[int, bool]]]:
        text = a.text
        if "“" not in text and "”" not in text:
            return {}
        wrong_close = {m.start() for m in _OPEN_AS_CLOSE.finditer(text) if m.lastgroup == "dq"}
        wrong_open = {m.start() for m in _CLOSE_AS_OPEN.finditer(text)}
        out: dict[int, list[tuple[int, bool]]] = {}
        for index, para in enumerate(a.paragraphs):
            marks = []
            for m in _CURLY_DQ.finditer(text, para.start, para.end):
                pos = m.start()
                opening = (text[pos] == "“" and pos not in wrong_close) or pos in wrong_open
                marks.append((pos, opening))
            if marks:
                out[index] = marks
        return out

    return CACHE.get(article, "curly_marks", build)


@register
class QuoteDirection(Rule):
    """Opening quotation mark used to close a quotation, or the reverse.

    What it does:
        Flags “ or ‘ written where a quotation closes (after a word, before a space or
        punctuation: ``Ukraine“, announced``) and ” written where one opens (after a
        space, before a word: ``said ”We``).

    Why it matters:
        Italian, German and Polish sources (and some keyboards' "smart quotes") produce
        wrong-way marks that survive translation.

    Example:
        ``the issue of arms support to Ukraine“, announced`` ->
        ``the issue of arms support to Ukraine”, announced``

    Fix safety:
        Safe: the mark is replaced by its mirror; its position leaves no doubt about its
        role. The apostrophe ’ is never treated as a wrong-way opening mark ('’90s').
    """

    code = "TYP009"
    name = "quote-direction"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if "“" not in text and "”" not in text and "‘" not in text:
            return
        for m in _OPEN_AS_CLOSE.finditer(text):
            mirror = "”" if m.lastgroup == "dq" else "’"
            yield self.finding(
                article, m.start(), m.end(), f"Opening quotation mark {text[m.start()]!r} used to close a quotation.",
                replacements=[Replacement(m.start(), m.end(), mirror, SAFE, f"use {mirror!r}")],
                confidence=0.9,
            )
        for m in _CLOSE_AS_OPEN.finditer(text):
            yield self.finding(
                article, m.start(), m.end(), "Closing quotation mark '”' used to open a quotation.",
                replacements=[Replacement(m.start(), m.end(), "“", SAFE, "use '“'")],
                confidence=0.8,
            )


_STRAIGHT_DQ = re.compile(r'"')


def _starts_with_quote(text: str, para: Span | None, marks: str) -> bool:
    return para is not None and text[para.start] in marks


@register
class UnbalancedQuotes(Rule):
    """Quotation marks that do not pair up within a paragraph.

    What it does:
        Reads the curly double quotation marks of each paragraph in order (by position,
        so a wrong-way mark counts for what it does) and flags a closing mark with no
        opening mark, an opening mark inside a quotation opened with the same mark (a
        nested quotation must use ‘ ’, or the first quotation was never closed), and an
        opening mark never closed. A paragraph whose quotation continues in the next
        paragraph (which then starts with an opening mark, as English style wants) is
        fine. Straight quotes (``"``) are checked in paragraphs where their number is
        odd (inch marks such as ``5'11"`` aside): each mark is read as opening or
        closing from its position and the one that pairs with nothing is flagged.

    Why it matters:
        Unpaired quotation marks leave readers unsure who is speaking; they are a
        frequent residue of sentence-by-sentence translation and of quote nesting in
        Italian and French ("« ... “ ... ” ... »" flattened to the same mark).

    Example:
        ``noted that “the unholy “Putin-Kim union” represents ...”`` ->
        ``noted that “the unholy ‘Putin-Kim union’ represents ...”``

    Fix safety:
        No automatic fix: where the missing mark belongs is a judgement.
    """

    code = "TYP010"
    name = "unbalanced-quotes"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "none"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        paragraphs = article.paragraphs
        for index, marks in _curly_marks(article).items():
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            stack: list[int] = []
            for pos, opening in marks:
                if opening:
                    if stack:
                        yield self._flag(article, pos, "Quotation opened inside a quotation with the same mark; "
                                         "use ‘ ’ for the inner one, or close the first quotation.")
                    stack.append(pos)
                elif stack:
                    stack.pop()
                else:
                    yield self._flag(article, pos, "Closing quotation mark with no opening mark in this paragraph.")
            if stack and not _starts_with_quote(text, following, "“\""):
                yield self._flag(article, stack[0], "Quotation opened but never closed in this paragraph.")
        if '"' in text:
            for index, para in enumerate(paragraphs):
                marks = [m.start() for m in _STRAIGHT_DQ.finditer(text, para.start, para.end)]
                if len(marks) % 2 == 0:
                    continue
                inches = [p for p in marks if p > 0 and text[p - 1].isdigit() and text[p + 1 : p + 2] in ("", " ", ",", ".", "\n")]
                if inches:
                    continue  # an inch mark (5'11", a 55" screen) makes the count odd
                following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
                if text[para.start] == '"' and _starts_with_quote(text, following, '"'):
                    continue  # a quotation running on into the next paragraph
                yield from self._straight(article, para, marks)

    def _straight(self, article: Article, para: Span, marks: list[int]) -> Iterator[Finding]:
        """Pair straight quotes by their position (an opener follows a space or an opening
        bracket and precedes a word) and flag the one that does not pair."""
        text = article.text
        stack: list[int] = []
        stray: list[int] = []
        for pos in marks:
            before = text[pos - 1] if pos > para.start else " "
            after = text[pos + 1] if pos + 1 < para.end else " "
            opening = (before.isspace() or before in "([{—–/“‘") and not after.isspace()
            if opening:
                stack.append(pos)
            elif stack:
                stack.pop()
            else:
                stray.append(pos)
        if stray:
            yield self._flag(article, stray[0], 'Closing straight quotation mark (") with no opening mark in this paragraph.')
        elif stack:
            yield self._flag(article, stack[0] if len(stack) == 1 else stack[-1],
                             'Straight quotation mark (") opened but never closed in this paragraph.')

    def _flag(self, article: Article, pos: int, message: str) -> Finding:
        return self.finding(article, pos, pos + 1, message, confidence=0.7)


_STRAIGHT_APOSTROPHE = re.compile(r"(?<=[A-Za-z])'(?=[A-Za-z])")
_CURLY_APOSTROPHE = re.compile(r"(?<=[A-Za-z])’(?=[A-Za-z])")
_CURLY_DOUBLE = re.compile(r"[“”„]")


@register
class MixedQuoteStyles(Rule):
    """Straight and curly quotation marks (or apostrophes) mixed in one article.

    What it does:
        Counts straight (``"``, ``'``) and typographic (“ ”, ’) double quotation marks
        and apostrophes; when an article uses both styles for the same mark, reports one
        finding on the first mark of the less used style.

    Why it matters:
        Text assembled from several sources (an MT segment pasted into an edited page,
        sentences translated separately) shows its seams in mixed quote styles.

    Example:
        ``“We will not,” he said. "It is over."`` (two styles in one article)

    Fix safety:
        No automatic fix: house style decides which form to keep.
    """

    code = "TYP011"
    name = "mixed-quote-styles"
    family = FAMILY
    severity = Severity.INFO
    fixable = "none"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        mixed = []
        if '"' in text:
            curly = [m.start() for m in _CURLY_DOUBLE.finditer(text)]
            if curly:
                straight = [m.start() for m in re.finditer('"', text)]
                mixed.append(("quotation marks", straight, curly))
        if "'" in text and "’" in text:
            straight = [m.start() for m in _STRAIGHT_APOSTROPHE.finditer(text)]
            curly = [m.start() for m in _CURLY_APOSTROPHE.finditer(text)]
            if straight and curly:
                mixed.append(("apostrophes", straight, curly))
        if not mixed:
            return
        what, straight, curly = mixed[0]
        minority = straight if len(straight) <= len(curly) else curly
        kinds = " and ".join(m[0] for m in mixed)
        counts = {m[0]: {"straight": len(m[1]), "curly": len(m[2])} for m in mixed}
        pos = minority[0]
        detail = "; ".join(f"{k}: {v['straight']} straight, {v['curly']} curly" for k, v in counts.items())
        yield self.finding(
            article, pos, pos + 1, f"Straight and curly {kinds} mixed in this article ({detail}).",
            confidence=0.6, evidence=counts,
        )


_FOREIGN = re.compile(r"[«»‹›„‚]")
_INNER_SPACE = " \u00a0\u202f"
_ENGLISH = {("double", True): "“", ("double", False): "”", ("single", True): "‘", ("single", False): "’"}


def _foreign_marks(text: str, para: Span) -> list[tuple[int, int, str, bool]]:
    """(start, end, kind, is_opening) of the source-language quotation marks of a
    paragraph, with the direction read from the position (German writes »...«, French
    « ... » with inner spaces); marks with a space on both sides stay undecided."""
    out = []
    for m in _FOREIGN.finditer(text, para.start, para.end):
        pos = m.start()
        char = text[pos]
        kind = "single" if char in "‹›‚" else "double"
        prev = text[pos - 1] if pos > para.start else " "
        nxt = text[pos + 1] if pos + 1 < para.end else " "
        start, end = pos, pos + 1
        if char in "„‚":
            if not nxt.isalnum():
                continue
            opening = True
        elif (prev.isspace() or prev in "([—–-/") and not nxt.isspace():
            opening = True
        elif not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]"):
            opening = False
        elif nxt in _INNER_SPACE and char in "«‹" and text[pos + 2 : pos + 3].isalnum():
            opening, end = True, pos + 2  # French "« texte"
        elif prev in _INNER_SPACE and char in "»›" and pos - 2 >= para.start and (text[pos - 2].isalnum() or text[pos - 2] in ".!?"):
            opening, start = False, pos - 1  # French "texte »"
        else:
            continue
        out.append((start, end, kind, opening))
    return out


@register
class ForeignQuotationMarks(Rule):
    """Quotation marks of the source language: « », ‹ ›, „ ‚.

    What it does:
        Flags guillemets (French, Italian, Spanish, Russian « », German » «) and low-9
        opening marks (German, Polish, Czech „) used as quotation marks, including the
        (no-break) space French puts inside guillemets. The direction of each mark is
        read from its position, so German »Text« becomes “Text”. Guillemets are reported
        only when an opening and a closing one pair up in the paragraph, so navigation
        separators ("Home » News") are left alone.

    Why it matters:
        English news uses “ ” (and ‘ ’ inside); the source's marks are a translation
        artifact.

    Example:
        ``the so-called «special operation»`` -> ``the so-called “special operation”``

    Fix safety:
        Safe: each mark is replaced by the English mark of the same direction, inner
        spaces removed. A German closing “ left after „ is fixed by TYP009.
    """

    code = "TYP012"
    name = "foreign-quotation-marks"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if not any(c in text for c in "«»‹›„‚"):
            return
        for para in article.paragraphs:
            marks = _foreign_marks(text, para)
            # guillemets are reported only when they pair up in the paragraph ("Home » News"
            # is a navigation separator); a low-9 mark („) is always a quotation mark
            has_open = any(opening for _, _, _, opening in marks)
            has_close = any(not opening for _, _, _, opening in marks)
            for start, end, kind, opening in marks:
                mark = text[start:end].strip(_INNER_SPACE)
                if mark not in "„‚" and not (has_open and has_close):
                    continue
                english = _ENGLISH[(kind, opening)]
                yield self.finding(
                    article, start, end, f"Source-language quotation mark {mark!r}; English uses {english!r}.",
                    replacements=[Replacement(start, end, english, SAFE, f"use {english!r}")],
                    confidence=0.9,
                )
