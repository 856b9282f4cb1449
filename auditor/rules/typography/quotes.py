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
UNSAFE = Applicability.UNSAFE

# An opening mark in closing position (after a word or punctuation, before a space,
# punctuation or the end) and a closing mark in opening position.
# (one character set first, so the regex engine skips to the marks; the mark found tells a
# double from a single one; plain form: ``(?P<dq>“)(?<=...)(?=...)|(?P<sq>‘)(?<=...)(?=...)``)
_OPEN_AS_CLOSE = re.compile(
    r"[“‘](?:(?<=[\w.,!?;:…%)\]]“)(?=[\s,.;:!?)\]—–]|$)|(?<=[\w.,!?]‘)(?=[\s,.;:!?)\]—–]|$))"
)
_CLOSE_AS_OPEN = re.compile(r"”(?=[A-Za-z0-9])(?:(?<=[\s(\[—–/]”)|(?<=^”))", re.M)


_DOUBLE_MARK = re.compile(r'[“”"„]')
_INCH_AFTER = ("", " ", ",", ".", "\n")


def _double_marks(article: Article) -> dict[int, list[tuple[int, bool]]]:
    """Per paragraph index: (offset, is_opening) of each double quotation mark, curly,
    low-9 („) and straight alike, with the direction read from its position: a curly
    mark in the wrong position counts for what it does (TYP009 reports its shape), and a
    straight mark opens after a space or a bracket and before a word. Straight marks are
    left out of a paragraph where they cannot be read: an odd number with an inch mark
    among them (5'11"), or an even number with no other kind of mark (they pair up)."""

    def build(a: Article) -> dict[int, list[tuple[int, bool]]]:
        text = a.text
        if not any(c in text for c in '“”"„'):
            return {}
        wrong_close = {m.start() for m in _OPEN_AS_CLOSE.finditer(text) if m.group() == "“"}
        wrong_open = {m.start() for m in _CLOSE_AS_OPEN.finditer(text)}
        out: dict[int, list[tuple[int, bool]]] = {}
        for index, para in enumerate(a.paragraphs):
            found = [m.start() for m in _DOUBLE_MARK.finditer(text, para.start, para.end)]
            if not found:
                continue
            straight = [p for p in found if text[p] == '"']
            typographic = len(found) - len(straight)
            if straight and (
                len(straight) % 2 and any(p > 0 and text[p - 1].isdigit() and text[p + 1 : p + 2] in _INCH_AFTER
                                          for p in straight)
                or not len(straight) % 2 and not typographic
            ):
                found = [p for p in found if text[p] != '"']
            marks = []
            for pos in found:
                char = text[pos]
                if char == '"':
                    before = text[pos - 1] if pos > para.start else " "
                    after = text[pos + 1] if pos + 1 < para.end else " "
                    opening = (before.isspace() or before in "([{—–/“‘") and not after.isspace()
                else:
                    opening = char == "„" or (char == "“" and pos not in wrong_close) or pos in wrong_open
                marks.append((pos, opening))
            if marks:
                out[index] = marks
        return out

    return CACHE.get(article, "double_marks", build)


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
        role. Unsafe when a “ is followed on its line by a ” with no mark between: then it
        opens that quotation with its space on the wrong side (``the“ water-fish-bird”
        chain``, a WMT22 reference), and mirroring it would close the quotation twice.
        The apostrophe ’ is never treated as a wrong-way opening mark ('’90s').
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
            mirror = "”" if m.group() == "“" else "’"
            # "the“ water-fish-bird” chain": a closing mark follows on the line, so this
            # one opens, with its space on the wrong side; mirroring it would close twice
            sure = m.group() != "“" or not _closing_mark_follows(text, m.end())
            yield self.finding(
                article, m.start(), m.end(), f"Opening quotation mark {text[m.start()]!r} used to close a quotation.",
                replacements=[Replacement(m.start(), m.end(), mirror, SAFE if sure else UNSAFE, f"use {mirror!r}")],
                confidence=0.9 if sure else 0.6,
            )
        for m in _CLOSE_AS_OPEN.finditer(text):
            yield self.finding(
                article, m.start(), m.end(), "Closing quotation mark '”' used to open a quotation.",
                replacements=[Replacement(m.start(), m.end(), "“", SAFE, "use '“'")],
                confidence=0.8,
            )


_NEXT_DOUBLE_MARK = re.compile(r'[“”"„\n]')


def _closing_mark_follows(text: str, pos: int) -> bool:
    """True when the next double quotation mark after ``pos`` on its line is a ”."""
    m = _NEXT_DOUBLE_MARK.search(text, pos)
    return m is not None and m.group() == "”"


def _starts_with_quote(text: str, para: Span | None, marks: str) -> bool:
    return para is not None and text[para.start] in marks


# what follows the last mark of a quotation whose opening lies before the text: the end
# of the line (after an optional stop), or an attribution ("...,” the minister said)
_LINE_END_AFTER = re.compile(r"[.,;]?[ \t]*(?:\n|$)")
_ATTRIBUTION = re.compile(
    r"[ \t]*(?:according\s+to\b|(?:[\w’'.\-]+[ \t]+){0,5}?(?:said|says|say|told|tells|added|adds|wrote|writes|"
    r"explained|explains|asked|asks|replied|replies|stated|states|noted|notes|continued|continues|"
    r"concluded|concludes|declared|declares|insisted|insists|stressed|stresses|argued|argues|recalled|"
    r"recalls|warned|warns|commented|comments|reported|reports|tweeted|posted|quoted|announced|announces|"
    r"informed|informs|confirmed|confirms|admitted|admits|revealed|reveals|responded|responds|retorted|"
    r"emphasi[sz]ed|emphasi[sz]es|underlined|underlines|reiterated|reiterates|pointed|points)\b)"
)
_THAT_AFTER = re.compile(r"\s+that\b")
# what may stand before the first mark of a quotation that runs past the end of the text:
# the start of a line, or a colon or comma introducing the quotation
_QUOTE_INTRO = re.compile(r"(?:^|\n|[:,][ \t]+)[ \t]*$")


def _may_close_earlier_quote(text: str, pos: int) -> bool:
    """A closing mark at ``pos`` that reads as the end of a quotation: at the end of its
    line, or after a stop or comma and before an attribution ("...,” Tvrdík told ...")."""
    if _LINE_END_AFTER.match(text, pos + 1):
        return True
    before = pos
    while before > 0 and text[before - 1] in " \t":
        before -= 1  # "motorway, ”informed": a mark spaced on the wrong side
    after = pos + 1 if text[pos + 1 : pos + 2] not in (",", ".") else pos + 2  # '...fine", Kornel said'
    if not (before > 0 and text[before - 1] in ",.!?…" or after == pos + 2):
        return False
    m = _ATTRIBUTION.match(text, after)
    return bool(m) and not _THAT_AFTER.match(text, m.end())  # "...," he stated that: reported speech


def _may_open_later_quote(text: str, pos: int) -> bool:
    """An opening mark at ``pos`` that reads as the start of a quoted sentence: at the
    start of its line or after "said:" / "said,", before a capital letter or a digit."""
    nxt = text[pos + 1 : pos + 2]
    return (nxt.isupper() or nxt.isdigit()) and bool(_QUOTE_INTRO.search(text, max(0, pos - 40), pos))


@register
class UnbalancedQuotes(Rule):
    """Quotation marks that do not pair up within a paragraph.

    What it does:
        Reads the double quotation marks of each paragraph in order, curly (“ ”), low-9
        („) and straight (``"``) together, each with the direction its position gives it
        (a wrong-way mark counts for what it does; a straight mark opens after a space
        and before a word), and flags a closing mark with no opening mark, a curly
        opening mark inside a quotation opened with a curly mark (a nested quotation must
        use ‘ ’, or the first quotation was never closed), and an opening mark never
        closed. A quotation may open with one style and close with the other
        (“...," is TYP011's business, not an unpaired mark), and an opening mark in
        closing position with nothing to close is read by its shape when a closing mark
        follows ("Smith, J.,“ The Title”, 1990": a spaced mark, TYP009 reports its
        position once, this rule does not count it twice), as is a closing mark in
        opening position that is the paragraph's last mark ("motorway, ”informed"). Straight quotes alone are
        checked only where their number is odd, inch marks such as ``5'11"`` aside.

        What it leaves alone, because it cannot know:
        * a quotation that continues in the next paragraph (which then starts with an
          opening mark, as English style wants);
        * the edges of an excerpt. Text cut from a longer page or a sentence-split corpus
          (one segment per line) may start inside a quotation and end inside another: a
          closing mark that is the first quotation mark of the text and reads as the end
          of a quotation (at the end of its line, or before an attribution such as
          "the minister said") is not flagged, nor an opening mark that is the last
          mark of the text and reads as the start of a quoted sentence (at a line start
          or after "said:", before a capital letter).

    Why it matters:
        Unpaired quotation marks leave readers unsure who is speaking; they are a
        frequent residue of sentence-by-sentence translation and of quote nesting in
        Italian and French ("« ... “ ... ” ... »" flattened to the same mark).

    Example:
        ``noted that “the unholy “Putin-Kim union” represents ...”`` ->
        ``noted that “the unholy ‘Putin-Kim union’ represents ...”``;
        ``under international norms”, thus targeting`` (no opening mark). Not flagged:
        ``“I eat everything," the actor said.`` (two styles, TYP011) or a text that
        starts ``we will win this,” the coach said.`` (the quotation opened before it).

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
        all_marks = _double_marks(article)
        if not all_marks:
            return
        first_index, last_index = min(all_marks), max(all_marks)
        for index, marks in all_marks.items():
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            stack: list[int] = []
            stray: list[int] = []
            for n, (pos, opening) in enumerate(marks):
                if not opening and not stack and text[pos] == "“" and n + 1 < len(marks) and not marks[n + 1][1]:
                    opening = True  # 'J.F.,“ Peter Caxaro”': a spaced opening mark, paired by its shape
                elif opening and text[pos] == "”" and n + 1 == len(marks):
                    opening = False  # 'motorway, ”informed': a spaced closing mark, the last one
                if opening:
                    if stack and text[pos] == "“" and text[stack[-1]] in "“„":
                        yield self._flag(article, pos, "Quotation opened inside a quotation with the same mark; "
                                         "use ‘ ’ for the inner one, or close the first quotation.")
                    stack.append(pos)
                elif stack:
                    stack.pop()
                elif n == 0 and index == first_index and _may_close_earlier_quote(text, pos):
                    continue  # the text may start inside a quotation opened before it
                else:
                    stray.append(pos)
            for pos in stray:
                if text[pos] == '"' and pos != stray[0]:
                    continue  # straight marks: the first one that pairs with nothing
                yield self._flag(article, pos, "Closing quotation mark with no opening mark in this paragraph."
                                 if text[pos] != '"' else
                                 'Closing straight quotation mark (") with no opening mark in this paragraph.')
            if not stack or _starts_with_quote(text, following, "“\"„"):
                continue  # a quotation running on into the next paragraph
            if (len(stack) == 1 and stack[0] == marks[-1][0] and index == last_index
                    and _may_open_later_quote(text, stack[0])):
                continue  # the text may end inside a quotation closed after it
            pos = stack[0] if len(stack) == 1 or text[stack[-1]] != '"' else stack[-1]
            yield self._flag(article, pos, "Quotation opened but never closed in this paragraph." if text[pos] != '"'
                             else 'Straight quotation mark (") opened but never closed in this paragraph.')

    def _flag(self, article: Article, pos: int, message: str) -> Finding:
        return self.finding(article, pos, pos + 1, message, confidence=0.7)


_CURLY_DOUBLE = re.compile(r"[“”„]")
_STRAIGHT_DOUBLE = re.compile('"')


def _sentence_chunks(article: Article) -> list[tuple[int, int]]:
    """The sentences of the article, cut at line breaks too (one segment per line)."""
    text = article.text
    out = []
    for sent in article.sentences:
        pos = sent.start
        while True:
            brk = text.find("\n", pos, sent.end)
            if brk < 0:
                out.append((pos, sent.end))
                break
            out.append((pos, brk))
            pos = brk + 1
    return out


@register
class MixedQuoteStyles(Rule):
    """Straight and curly quotation marks mixed in one sentence or one quotation.

    What it does:
        Looks for a sentence (or a line) that uses both straight (``"``) and typographic
        (“ ” „) double quotation marks, and for a quotation opened in one style and
        closed in the other (paired as TYP010 pairs them, across sentences too); when it
        finds one, reports one finding for the article, on the first mark of the article's less used style in that sentence,
        with the counts over the whole article as evidence. A mix spread over different
        sentences (one quotation in “ ”, a later one in ``" "``) is left alone: text
        assembled by several hands or pasted from several sources changes style from one
        sentence to the next (the WMT22 references and original English do it in one
        article in four), while a quotation opened in one style and closed in the other,
        or two styles in one sentence, shows a seam inside a sentence. Apostrophes are
        not compared: people type ' and their software turns some into ’, so both
        appear in one sentence of careful human text ("I hadn’t ... didn't").

    Why it matters:
        A sentence whose marks do not match was stitched together: an MT segment pasted
        into an edited page, part of a sentence retyped, a quotation closed by another
        tool.

    Example:
        ``“I eat absolutely everything," the actor said.`` (opened curly, closed
        straight). Not flagged: ``“We will not,” he said. "It is over."``

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
        if '"' not in text or not any(c in text for c in "“”„"):
            return
        straight = [m.start() for m in _STRAIGHT_DOUBLE.finditer(text)]
        curly = [m.start() for m in _CURLY_DOUBLE.finditer(text)]
        minority = _STRAIGHT_DOUBLE if len(straight) <= len(curly) else _CURLY_DOUBLE
        where = None
        for start, end in _sentence_chunks(article):
            if _STRAIGHT_DOUBLE.search(text, start, end) and _CURLY_DOUBLE.search(text, start, end):
                where = minority.search(text, start, end).start()
                break
        for pair in _mixed_pairs(article):
            if where is None or pair[0] < where:
                where = pair[0] if minority.match(text, pair[0]) else pair[1]
            break
        if where is None:
            return
        yield self.finding(
            article, where, where + 1,
            f"Straight and curly quotation marks mixed in one sentence or quotation ({len(straight)} straight, "
            f"{len(curly)} curly in this article).",
            confidence=0.6, evidence={"quotation marks": {"straight": len(straight), "curly": len(curly)}},
        )


def _mixed_pairs(article: Article) -> Iterator[tuple[int, int]]:
    """(opening, closing) offsets of the quotations opened in one style and closed in the
    other (“...", "...”), paired as TYP010 pairs them."""
    text = article.text
    for marks in _double_marks(article).values():
        stack: list[int] = []
        for pos, opening in marks:
            if opening:
                stack.append(pos)
            elif stack:
                start = stack.pop()
                if (text[start] == '"') != (text[pos] == '"'):
                    yield start, pos


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
