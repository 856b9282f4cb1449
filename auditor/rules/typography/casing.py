"""Letter case and line breaks: lower-case sentence starts and sentences, lower-case "i",
shouted words, paragraphs broken in mid-sentence (TYP014-TYP018)."""

from __future__ import annotations

import re
from typing import Iterator

from auditor.document import Article, Span
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.rules.base import Rule, RuleContext, register
from auditor.rules.typography._common import CACHE, FAMILY, caps_allowed, in_url, loose_sentences, zipf

UNSAFE = Applicability.UNSAFE

_LEAD = re.compile(r"[\s\"“‘'(\[«—–\-*•]*")
_LIST_MARKER = re.compile(r"[a-z]{1,4}[.)]")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")


def _first_letter(text: str, span: Span) -> int | None:
    """Offset of the first character after leading quotes, brackets and dashes, when it
    is a letter."""
    m = _LEAD.match(text, span.start, span.end)
    pos = m.end()
    return pos if pos < span.end and text[pos].isalpha() else None


def _brandish(token: str) -> bool:
    """'iPhone', 'eBay', 'mRNA', 'x86', 'de.wikipedia': not a lower-case sentence start."""
    return any(c.isupper() or c.isdigit() for c in token[1:]) or "." in token.rstrip(".,;:!?\"”’)")


def _token_at(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[pos:end]


def _broken_starts(article: Article) -> set[int]:
    """Start offsets of paragraphs that continue a paragraph cut in mid-sentence."""
    return {q.start for _, q, _ in _broken_pairs(article)}


def _broken_pairs(article: Article) -> list[tuple[Span, Span, int]]:
    def build(a: Article) -> list[tuple[Span, Span, int]]:
        text = a.text
        paras = a.paragraphs
        out = []
        for p, q in zip(paras, paras[1:]):
            last = text[p.end - 1]
            if not (last.isalpha() and last.islower()) and last != ",":
                continue
            first = _first_letter(text, q)
            if first is None or first != q.start or not text[first].islower():
                continue
            word_start = p.end - 1
            while word_start > p.start and not text[word_start - 1].isspace():
                word_start -= 1
            last_word = text[word_start : p.end].rstrip(",")
            if not last_word.isalpha() or not last_word.islower():
                continue
            token = _token_at(text, first)
            if _brandish(token) or in_url(text, first, first + 1):
                continue
            out.append((p, q, word_start))
        return out

    return CACHE.get(article, "broken_pairs", build)


# a line that reads as a message to someone: a question, a reply or greeting word first,
# or a first- or second-person pronoun
_CHAT_OPENER = re.compile(r"(?:yes|yeah|no|nope|ok|okay|hi|hello|hey|thanks|thank|please|sorry|well)\b")
_CHAT_PRONOUN = re.compile(r"\b(?:[iI](?:['’](?:m|ve|ll|d))?|me|my|we|us|our|you|your)\b")


def _chat_line(article: Article, pos: int) -> bool:
    """True when the lower-case letter at ``pos`` starts a line of a paragraph made of
    several lines (one segment per line, as in chat logs, reviews and sentence-split
    corpora) and the line reads as conversation. Such a segment was typed in lower case
    by its writer, and a translation mirrors the source's casing: it is the register
    of user text, not damage done by a pipeline. A one-line paragraph (a sentence on its
    own) is never read so."""
    text = article.text
    if pos and text[pos - 1] != "\n":
        return False
    para = article.paragraph_at(pos)
    if para is None or "\n" not in text[para.start : para.end]:
        return False
    if not _UPPER.search(text, para.start, para.end):
        return False  # no capital anywhere: a lower-cased pipeline, not a writer's habit
    line = article.line_at(pos)
    chunk = text[line.start : line.end].rstrip()
    return (chunk.endswith("?") or bool(_CHAT_OPENER.match(chunk))
            or bool(_CHAT_PRONOUN.search(chunk)))


def _is_lower_sentence(text: str, span: Span) -> bool:
    chunk = text[span.start : span.end]
    return not _UPPER.search(chunk) and len(chunk.split()) >= 4


@register
class LowercaseSentenceStart(Rule):
    """A sentence that starts with a lower-case letter.

    What it does:
        Flags the first letter of a paragraph, or of a sentence after a full stop, when
        it is lower case. Brand names ("iPhone", "eBay"), list markers ("a)"), bracketed
        tags ("[rice] Meal"), URLs, handles, text after an abbreviation ("e.g. the") or
        an ellipsis ("...", "…"), a one-word credit at the end of a line ("dpa"), dialogue tags
        after a quotation ("?” he asked") and paragraphs that continue a broken
        paragraph (TYP018) are not flagged; neither is a whole lower-case sentence
        (TYP015 reports it). Nor is a chat message: in text with one segment per line
        (chat logs, reviews, sentence-split corpora: a paragraph of several lines), a
        line that reads as conversation (a question, a reply or greeting word
        first, "I", "we" or "you" in it: "yes both email addresses", "when will you get
        back to me?") was typed in lower case by its writer, and a translation mirrors
        the source's casing.

    Why it matters:
        Sentence splitting and re-joining in MT pipelines, and careless editing, leave
        sentences without their capital.

    Example:
        ``contaminated pet food. cyanuric acid was found`` -> ``... food. Cyanuric acid was found``

    Fix safety:
        Unsafe: the first letter is capitalised; a deliberately lower-case name
        ("de Gaulle", "bell hooks") would be wrongly changed.
    """

    code = "TYP014"
    name = "lowercase-sentence-start"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "unsafe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        broken = None
        para_starts = {p.start for p in article.paragraphs}
        for span in loose_sentences(article):
            pos = _first_letter(text, span)
            if pos is None or not text[pos].islower():
                continue
            if span.start not in para_starts:
                j = span.start - 1
                while j > 0 and text[j].isspace():
                    j -= 1
                if text[j] != ".":
                    continue  # after "?", "!" or a closing quotation mark: a dialogue tag
                k = j
                while k > 0 and (text[k - 1].isdigit() or text[k - 1] in "ivxlIVXL"):
                    k -= 1
                if k < j and (k == 0 or text[k - 1] in "\n(" or text[k - 1].isspace() and j - k <= 3):
                    continue  # a numbered list item or a number: "1. the first point", "No. 5. the"
            if _is_lower_sentence(text, span):
                continue
            token = _token_at(text, pos)
            if _brandish(token) or _LIST_MARKER.fullmatch(token) or in_url(text, pos, pos + 1):
                continue
            lead = text[span.start : pos]
            if any(c in lead for c in "([-*•–—"):
                continue  # a parenthesis, a bracketed tag or a list item may start in lower case
            line_end = text.find("\n", pos, span.end)
            if not text[pos : line_end if line_end >= 0 else span.end].strip().count(" "):
                continue  # a one-word tag at the end of a line: an agency credit ("dpa")
            if _chat_line(article, pos):
                continue  # "yes both email addresses": a chat message typed in lower case
            if broken is None:
                broken = _broken_starts(article)
            if span.start in broken:
                continue
            end = pos + len(token.rstrip(".,;:!?\"”’)"))
            yield self.finding(
                article, pos, max(end, pos + 1), "Sentence starts with a lower-case letter.",
                replacements=[Replacement(pos, pos + 1, text[pos].upper(), UNSAFE, "capitalise")],
                confidence=0.8,
            )


# a question or exclamation mark closing a quotation or a bracket just before: what follows
# is its dialogue tag or the rest of the sentence ('"..., no?" asked', "(tomorrow!) the most").
# A bare "!" or "?" is not enough: "more than! ten people" is a stray mark (TYP007), and the
# lower-case words after it are still flagged here
_AFTER_QUERY = re.compile(r"""[?!]["”’')\]]+[ \t]+$""")


@register
class LowercaseSentence(Rule):
    """A whole sentence written in lower case.

    What it does:
        Flags a sentence of four words or more that starts with a lower-case letter and
        contains no capital letter at all, where a capital is expected at least at the
        start (and usually for a name or an acronym). What follows a quoted or bracketed
        question or exclamation (a dialogue tag: '"..., no?" asked another user.'; "I
        look forward to it (tomorrow!) the most"), or an ellipsis ("There is hope…
        that it will end"), a clause after a
        dash or in brackets, list items and paragraphs that continue a broken paragraph
        (TYP018) are not sentences of their own and are left alone, as in TYP014, and so
        is a chat message typed in lower case on a line of its own (TYP014 says which).

    Why it matters:
        Lower-cased MT output (a pipeline that lower-cases its input and never restores
        the case) loses the capitals of names and acronyms as well as the first letter.

    Example:
        ``cyanuric acid and melamine were both found in urine samples.`` ->
        ``Cyanuric acid and melamine were both found in urine samples.``

    Fix safety:
        Unsafe: the first letter is capitalised; names and acronyms inside the sentence
        need a human (or the model) to restore.
    """

    code = "TYP015"
    name = "lowercase-sentence"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "unsafe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        broken = None
        for span in loose_sentences(article):
            pos = _first_letter(text, span)
            if pos is None or not text[pos].islower() or not _is_lower_sentence(text, span):
                continue
            token = _token_at(text, pos)
            if _LIST_MARKER.fullmatch(token) or in_url(text, pos, pos + 1):
                continue
            if any(c in text[span.start : pos] for c in "([-*•–—"):
                continue  # a parenthesis, a list item or a clause after a dash
            if _AFTER_QUERY.search(text, max(0, span.start - 6), span.start):
                continue  # '..., no?" asked another user.', 'never, never! be about': a tag or the same sentence
            if _chat_line(article, pos):
                continue  # "when will you get back to me?": a chat message typed in lower case
            if broken is None:
                broken = _broken_starts(article)
            if span.start in broken:
                continue
            yield self.finding(
                article, span.start, span.end, "Whole sentence in lower case (names and acronyms too?).",
                replacements=[Replacement(pos, pos + 1, text[pos].upper(), UNSAFE, "capitalise the first letter")],
                confidence=0.8,
            )


_LOWER_I = re.compile(
    r"i(?<![\w'’.\-/]i)(?=['’](?:m|ve|ll|d)\b|[ \t]+(?:am|was|have|had|do|did|don['’]t|didn['’]t|can|can['’]t|"
    r"could|would|will|won['’]t|think|know|believe|hope|feel|want|need|said|say|just|also|really|never|"
    r"love|see|mean|guess|wish|went|got|saw|told|thought|must|should|may|might)\b)"
)


@register
class LowercasePronounI(Rule):
    """The pronoun "I" written in lower case.

    What it does:
        Flags a lone "i" followed by a contraction ("i'm", "i've") or by a verb ("i
        think", "i don't know").

    Why it matters:
        A lower-case "i" shows lower-cased MT output or unedited user text.

    Example:
        ``i don't know if you realize`` -> ``I don't know if you realize``

    Fix safety:
        Safe: the letter is capitalised; the verb after it makes the pronoun certain.
    """

    code = "TYP016"
    name = "lowercase-pronoun-i"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        for m in _LOWER_I.finditer(text):
            yield self.finding(
                article, m.start(), m.end(), 'The pronoun "I" is written in lower case.',
                replacements=[Replacement(m.start(), m.end(), "I", Applicability.SAFE, "write 'I'")],
                confidence=0.95,
            )


_CAPS = re.compile(r"[A-Z]{5,}(?![\w\-'’&/#])")
_CAPS_BEFORE_OK = re.compile(r"[\w\-'’&/.#@]")
_CAPS_NEIGHBOUR = re.compile(r"[A-Z][A-Z0-9&.\-]+")


@register
class AllCapsWord(Rule):
    """A common word written in capitals in running text.

    What it does:
        Flags a word of five letters or more written in capitals whose lower-case form
        is a common English word ("the PRESIDENT said"), in a sentence that is otherwise
        in mixed case. Acronyms (a list in the packs), rare words (likely acronyms or
        names), the first word of a paragraph (a dateline: "WASHINGTON —"), runs of two
        or more capitalised words (a label or a heading: "BREAKING NEWS") and lines
        mostly in capitals (an all-caps headline) are left alone.

    Why it matters:
        Capitals copied from a source page's styling (small caps, a name in capitals in
        Italian and French press releases: "Mario ROSSI") are not English news style.

    Example:
        ``the meeting with the PRESIDENT of the region`` -> ``the meeting with the president of the region``

    Fix safety:
        Unsafe: the word is lower-cased (title-cased at a sentence start); a name or an
        emphasis may need another form.
    """

    code = "TYP017"
    name = "all-caps-word"
    family = FAMILY
    severity = Severity.INFO
    fixable = "unsafe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        allowed = caps_allowed()
        caps_lines: dict[int, bool] = {}  # line start -> an all-caps line (each line once)
        counts: dict[str, int] = {}  # word -> occurrences in the text (each word once)
        for m in _CAPS.finditer(text):
            if m.start() and _CAPS_BEFORE_OK.match(text, m.start() - 1):
                continue
            word = m.group()
            if word in allowed or zipf(word.lower()) < 3.5:
                continue
            line = article.line_at(m.start())
            if line.start not in caps_lines:
                letters = [c for c in text[line.start : line.end] if c.isalpha()]
                caps_lines[line.start] = sum(c.isupper() for c in letters) * 2 >= len(letters)
            if caps_lines[line.start]:
                continue  # an all-caps line
            before = text[max(line.start, m.start() - 60) : m.start()].split()
            if not before or m.start() == line.start:
                continue  # first word of the line: dateline, label
            after = text[m.end() : min(line.end, m.end() + 60)].split()
            neighbours = before[-3:] + after[:3]
            if any(_CAPS_NEIGHBOUR.fullmatch(w.strip("\"“”‘’(),:;.!?")) for w in neighbours):
                continue  # a run or a list of capitals: a label, a heading, a name
            if word not in counts:
                counts[word] = text.count(word)
            if counts[word] > 1:
                continue  # the same word in capitals again: a brand or a name in house style
            sentence_start = before[-1][-1:] in ".!?:"
            fixed = word.capitalize() if sentence_start else word.lower()
            yield self.finding(
                article, m.start(), m.end(), f"{word!r} in capitals in running text.",
                replacements=[Replacement(m.start(), m.end(), fixed, UNSAFE, f"write {fixed!r}")],
                confidence=0.6,
            )


@register
class BrokenParagraph(Rule):
    """A sentence broken across paragraphs.

    What it does:
        Flags a paragraph that ends without terminal punctuation, in a lower-case word
        (or a comma), followed by a paragraph that starts with a lower-case letter:
        ``the president of the\\n\\n\\nregion said``.

    Why it matters:
        Text extraction that drops a link or an inline element (or a page layout that
        wraps lines) splits one sentence into two paragraphs; MT then translates each
        half on its own.

    Example:
        ``the president of the\\n\\nregion said`` -> ``the president of the region said``

    Fix safety:
        Unsafe: the fix joins the two paragraphs with a space; text may be missing in
        between (the link text that was cut out).
    """

    code = "TYP018"
    name = "broken-paragraph"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "unsafe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        for p, q, word_start in _broken_pairs(article):
            first_end = q.start
            while first_end < q.end and not text[first_end].isspace():
                first_end += 1
            yield self.finding(
                article, word_start, first_end, "Sentence broken across two paragraphs.",
                replacements=[Replacement(p.end, q.start, " ", UNSAFE, "join the paragraphs")],
                confidence=0.75,
            )
