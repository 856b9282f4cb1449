"""Patterns rewritten to begin with a character set (so that the regex engine skips to
where a match can start) match exactly what their plain forms match."""

from __future__ import annotations

import re

import pytest

from auditor import document
from auditor.rules import grammar

#: (pattern, its plain form)
REWRITTEN = [
    (grammar._QUOTE_CHARS, r"[\"“”«»„‹›‟]|(?<![\w])‘|’(?![\w])"),
    (grammar._SUBJECT_PRONOUN, r"\b(?:he|she|they)\b"),
    (grammar._TITLE_TOKEN, r"(?<![\w.'’-])[A-Z][a-z]{1,4}(?![\w'’-])"),
    (grammar._YOU_PAST, grammar._YOU_PAST.pattern.replace(r"(?P<you>[Yy](?<!\w.)ou)", r"\b(?P<you>[Yy]ou)")),
    (grammar._DATES[0][0], r"\bthe" + grammar._DATES[0][0].pattern[len(r"t(?<!\w.)he"):]),
    (grammar._DATES[1][0], r"\bthe" + grammar._DATES[1][0].pattern[len(r"t(?<!\w.)he"):]),
    (document._SENTENCE_END, r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])"""),
]

TEXTS = [
    "He said ‘yes’ and she said “no”; they’re fine, the ‘80s, rock’n’roll, l’Unità, x‘y, «oui» „ja“.",
    "\"Straight\" quotes, ‘single’ at the start‘, and’ at the end’. ’Tis ‹this› ‟that”.",
    "He, she and they; the shed, heshe, sheer, theyre, THEY, They, ashe, he_, _he, 2he.",
    "Mr Smith met Dr Jones. The UN and Nato. Sept. Tues Ab Abcdef x-Ab Ab-x .Ab 'Ab O'Neil Ab’s",
    "You had already gone. you said it; Beyou had; You were; you walked; You hadn't; YOU had been",
    "on the past day 12 of March, the day 3 March, thereafter the day 4 of June, bathe day 5 May, the next day 31",
    "It ended... Then it? Yes!! “Quote.” Next. 3 p.m. Later.. Again?! ‘So.’ (Done.) [x.] Fine…Really. A. B.",
    "", "x", "!!!", "‘", "’", "the", "he",
]


@pytest.mark.parametrize("pattern, plain", REWRITTEN, ids=lambda x: getattr(x, "pattern", x)[:30])
def test_rewritten_pattern_matches_what_its_plain_form_matches(pattern, plain):
    plain = re.compile(plain, pattern.flags)
    assert plain.pattern != pattern.pattern
    for text in TEXTS:
        for bounds in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3 + 1)):
            got = [(m.span(), m.groups()) for m in pattern.finditer(text, *bounds)]
            want = [(m.span(), m.groups()) for m in plain.finditer(text, *bounds)]
            assert got == want, (text, bounds)


def test_rewritten_patterns_by_hand():
    quotes = [m.group() for m in grammar._QUOTE_CHARS.finditer(TEXTS[0])]
    # ‘yes’, “no”, ‘80s, «oui», „ja“; not the apostrophes of they’re, rock’n’roll, l’Unità,
    # nor x‘y (a ‘ after a letter)
    assert quotes == ["‘", "’", "“", "”", "‘", "«", "»", "„", "“"]
    # lower case, whole words only
    assert [m.group() for m in grammar._SUBJECT_PRONOUN.finditer(TEXTS[2])] == ["she", "they"]
    # capitalised words of 2-5 letters, not glued to a hyphen, dot or apostrophe
    assert [m.group() for m in grammar._TITLE_TOKEN.finditer(TEXTS[3])] == [
        "Mr", "Smith", "Dr", "Jones", "The", "Nato", "Sept", "Tues", "Ab"]
    # a sentence end is the whole run of marks, with the closing quote
    ends = [m.group() for m in document._SENTENCE_END.finditer(TEXTS[6])]
    # (not "(Done.)" before a lower-case "[x", nor "…" glued to "Really", nor the final "B.")
    assert ends == ["...", "?", "!!", ".”", ".", ".", "..", "?!", ".’", ".]", ".", "."]


def test_opening_mark_as_closer_matches_its_plain_form():
    from auditor.rules.typography import quotes

    plain = re.compile(r"(?P<dq>“)(?<=[\w.,!?;:…%)\]]“)(?=[\s,.;:!?)\]—–]|$)"
                       r"|(?P<sq>‘)(?<=[\w.,!?]‘)(?=[\s,.;:!?)\]—–]|$)")
    texts = TEXTS + ["He said “yes“. She said ‘no‘ x‘y, “a“b, “ok“, 5%“ end“"]
    for text in texts:
        got = [(m.span(), "dq" if m.group() == "“" else "sq") for m in quotes._OPEN_AS_CLOSE.finditer(text)]
        assert got == [(m.span(), m.lastgroup) for m in plain.finditer(text)], text
    # by hand: the closing marks of “yes“. ‘no‘ “ok“, 5%“ and end“ (the end of the text);
    # not x‘y nor “a“b (a word follows), nor any mark after a space
    found = [m.start() for m in quotes._OPEN_AS_CLOSE.finditer(texts[-1])]
    assert [texts[-1][i - 1:i + 1] for i in found] == ["s“", "o‘", "k“", "%“", "d“"]


def test_loose_sentence_breaks_match_the_plain_form():
    from auditor.rules.typography import _common

    plain = re.compile(r"""(?<=[.!?…])["'”’»)\]]*\s+""")
    for text in TEXTS + ["a.. b. ' c?! d…” e", "end.” Next ‘So.’ x"]:
        got = [(m.start() + 1, m.end()) for m in _common._SENTENCE_BREAK.finditer(text)]
        assert got == [m.span() for m in plain.finditer(text)], text
