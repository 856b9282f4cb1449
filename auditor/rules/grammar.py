"""MT grammar (``GRM``): constructions that English writers do not produce but literal
machine translation of Romance and German news does.

* GRM001 pronoun-doubling: a resumptive subject pronoun after a full subject.
* GRM002 person-shift: second person in a third-person narrative, outside quotes.
* GRM003 misread-sentence-start: a source letter or article misread at sentence start.
* GRM004 verb-subject-inversion: "Yesterday declared the minister", "said the minister that".
* GRM005 source-style-date: "the day 5 of June", "on the past day 12", "on 12 of March".
* GRM006 acronym-casing: an initialism in source-language title case ("Csis", "Onu").

Helpers shared with the gender and fluency families live here too: quoted regions (speech
is not narrative) and the English word classes of ``packs/en/grammar.toml``.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable, Iterator

from auditor.document import Article, Span
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.packs import load_pack
from auditor.rules.base import Rule, RuleContext, register

# -- shared helpers -------------------------------------------------------------------------

_OPENERS = "“«„‹"
_CLOSERS = "”»‟›"
# A regex that begins with a lookbehind, \b or an alternation is tried at every position of
# the text; one that begins with a character set lets the engine skip to the characters
# that can start a match. The patterns marked "plain:" below are written that way and
# match exactly what the plain form does (tests/test_regex_forms.py compares them).
#: plain: ``["“”«»„‹›‟]|(?<![\w])‘|’(?![\w])``
_QUOTE_CHARS = re.compile(r"[\"“”«»„‹›‟‘’](?:(?<=[\"“”«»„‹›‟])|(?<=‘)(?<!\w‘)|(?<=’)(?!\w))")


def quoted_regions(article: Article) -> list[tuple[int, int]]:
    """Spans of ``article.text`` inside double quotation marks (and ‘single’ ones that
    are not apostrophes), paragraph by paragraph. An opening mark never closed extends to
    the end of its paragraph and a closing mark never opened reaches back to the
    paragraph start, so a mangled quote errs towards "quoted" (rules skip quotes).
    Cached on the article."""
    cache = article.__dict__.get("_auditor_quoted")
    if cache is not None:
        return cache
    text = article.text
    regions: list[tuple[int, int]] = []
    for para in article.paragraphs:
        depth = 0
        start = para.start
        straight_open = False
        for m in _QUOTE_CHARS.finditer(text, para.start, para.end):
            ch = m.group()
            if ch == '"':
                if straight_open:
                    regions.append((start, m.end()))
                    straight_open = False
                elif depth == 0:
                    straight_open = True
                    start = m.start()
                continue
            if straight_open:
                continue
            if ch in _OPENERS or ch == "‘":
                if depth == 0:
                    start = m.start()
                depth += 1
            else:  # a closer
                if depth == 0:
                    regions.append((para.start, m.end()))
                else:
                    depth -= 1
                    if depth == 0:
                        regions.append((start, m.end()))
        if depth or straight_open:
            regions.append((start, para.end))
    regions.sort()
    merged: list[tuple[int, int]] = []
    for s, e in regions:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    article.__dict__["_auditor_quoted"] = merged
    return merged


def in_regions(regions: list[tuple[int, int]], pos: int) -> bool:
    """True if ``pos`` lies inside one of the sorted, disjoint ``regions``."""
    i = bisect.bisect_right(regions, (pos, float("inf"))) - 1
    return i >= 0 and regions[i][0] <= pos < regions[i][1]


@lru_cache(maxsize=None)
def english_words() -> dict[str, list[str]]:
    """The word classes of ``packs/en/grammar.toml``."""
    pack = load_pack("en", "grammar") or {}
    return pack.get("words", {})


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first, spaces matching any run of spaces."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def sentences_of(article: Article) -> list[Span]:
    return article.sentences


_SENT_LEAD = re.compile(r"""[\s"“‘«(\[]*""")


# -- GRM001 ---------------------------------------------------------------------------------

_AUX_AFTER = frozenset(
    "was were is are has had have will would can could may might must should did does do "
    "resigned died".split()
)
_NAME_STOP = frozenset(
    """on in at after before yesterday today tomorrow then when while meanwhile and but so
    also now here there later since until as if because although though last this that
    next for from with without during despite under over monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december indeed instead still yet finally however
    moreover nevertheless again once perhaps maybe only even what which who where how
    why the a an his her their our its my your mr mrs ms dr""".split()
)

#: the subject pronoun both of PronounDoubling's patterns need ("\s+(?:he|she|they)\b")
#: plain: ``\b(?:he|she|they)\b``
_SUBJECT_PRONOUN = re.compile(r"h(?<!\w.)e\b|s(?<!\w.)he\b|t(?<!\w.)hey\b")


@register
class PronounDoubling(Rule):
    """A subject pronoun that repeats a subject already named.

    What it does:
        Flags a sentence that opens with a full subject (a person noun phrase such as
        "The Russian president" or a two- or three-word name) immediately followed by a
        resumptive pronoun and a verb: "The Russian president he thus clarified".

    Why it matters:
        Romance sources drop or dislocate subjects ("Il presidente russo ha così
        chiarito"); MT systems that misalign the subject then emit both the noun and a
        pronoun, which reads as broken English.

    Example:
        "The minister she announced new measures." -> "The minister announced new
        measures." Not flagged: "The president, he said, ..." (a parenthetical), "The
        man he met was ..." (a relative clause without "that").

    Fix safety:
        Unsafe: deleting the pronoun is right for the doubled subject, but a rare
        relative clause ("The minister he appointed resigned") reads the same way.
    """

    code = "GRM001"
    name = "pronoun-doubling"
    family = "grammar"
    severity = Severity.WARNING
    fixable = "unsafe"
    _np: re.Pattern | None = None

    def warm_up(self) -> None:
        self._compile()

    def _compile(self) -> None:
        """The patterns (~30 ms to build), made the first time an article holds a subject pronoun."""
        if self._np is not None:
            return
        w = english_words()
        adv = _alternation(w.get("adverbs", []))
        verb = r"(?:[a-z]+ed|said|told|made|took|gave|went|came|spoke|wrote|met|left|became|began|" \
               r"brought|thought|felt|saw|knew|won|lost|held|sent|put|set|kept|got|has|had|was|" \
               r"is|will|would|could|can|must|should|did|does|[a-z]+s)"
        tail = rf"(?:\s+(?:{adv}))*\s+(?P<verb>{verb})\b"
        np = re.compile(
            rf"(?P<np>(?:The|This|That|Our|Their|His|Her|Its|A|An)\s+(?:[\w’'-]+\s+){{0,3}}?"
            rf"(?P<head>{_alternation(w.get('person_nouns', []))}|{_alternation(w.get('group_nouns', []))})"
            rf"(?P<name>(?:\s+[A-Z][\w’'-]+){{0,3}}))"
            rf"\s+(?P<pron>he|she|they)\b{tail}"
        )
        self._name = re.compile(
            rf"(?P<np>(?P<first>[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){{1,4}})\s+(?P<pron>he|she)\b{tail}"
        )
        self._groups = frozenset(w.get("group_nouns", []))
        self._next = re.compile(r"\s*([\w’']+|\S)")
        self._np = np  # last: it marks the patterns made

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if not _SUBJECT_PRONOUN.search(text):
            return  # both patterns need one
        self._compile()
        for sent in article.sentences:
            lead = _SENT_LEAD.match(text, sent.start, sent.end)
            pos = lead.end()
            m = self._np.match(text, pos, sent.end)
            if m:
                plural = m.group("head").lower() in self._groups and not m.group("name")
                if plural != (m.group("pron") == "they"):
                    continue
            else:
                m = self._name.match(text, pos, sent.end)
                if not m or any(t.lower() in _NAME_STOP for t in m.group("np").split()):
                    continue
            nxt = self._next.match(text, m.end(), sent.end)
            if nxt is None or not nxt.group(1)[0].isalnum() or nxt.group(1).lower() in _AUX_AFTER:
                continue  # "The man he met was ...": a relative clause
            ps, pe = m.span("pron")
            yield self.finding(
                article, m.start("np"), m.end("verb"),
                f"doubled subject: '{m.group('pron')}' repeats '{m.group('np')}'",
                replacements=[Replacement(ps, pe + 1, "", Applicability.UNSAFE, f"remove '{m.group('pron')}'")],
                confidence=0.85,
            )


# -- GRM002 ---------------------------------------------------------------------------------

_YOU_ANY = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I)
_THIRD = re.compile(r"\b(?:he|she|his|her|him|they|their|them)\b", re.I)
_YOU_PAST = re.compile(
    # plain: ``\b(?P<you>[Yy]ou)\s+...``
    r"(?P<you>[Yy](?<!\w.)ou)\s+(?P<verb>had(?:\s+(?:already|also|just|never|not))?\s+[a-z]+|were|was|did|said|spoke|"
    r"told|went|made|gave|took|met|wrote|came|saw|knew|thought|became|began|[a-z]{3,}ed)\b"
)
# what may stand before a subject "you" in its clause: nothing, a connective, or a short
# introductory prepositional phrase ("On that occasion")
_CLAUSE_LEAD = re.compile(
    r"(?:(?:and|but|then|so|later|yet|also|afterwards|And|But|Then|So|Later|Yet|Also)\s*)?"
    r"(?:(?:On|In|At|During|After|Before|Since|Back|on|in|at|during|after|before|since)\s+[\w’'-]+(?:\s+[\w’'-]+){0,3})?"
)
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|unless|wish|though|imagine|suppose|when|once|as|what|how|had)\b", re.I)


@register
class PersonShift(Rule):
    """Second person ("you") in a third-person news narrative, outside quotes.

    What it does:
        Flags "you" followed by a past-tense narrative verb ("you had spoken", "you
        declared") outside quotation marks, in an article whose narrative is otherwise
        in the third person (it mentions he/she/they and uses "you" at most twice
        outside quotes).

    Why it matters:
        Italian formal address (Lei/Ella) and Spanish/Portuguese "usted"/"você" are
        third-person forms that MT sometimes renders as "you"; in reported narrative it
        points the story at the reader.

    Example:
        "On that occasion you had spoken about ..." -> "On that occasion he had spoken
        about ...". Not flagged: "you" inside quotes, generic "you can see", "if you had
        asked".

    Fix safety:
        Display only: the right pronoun (he, she, they) depends on who spoke.
    """

    code = "GRM002"
    name = "person-shift"
    family = "grammar"
    severity = Severity.WARNING
    fixable = "display"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if "you" not in text and "You" not in text:
            return
        quotes = quoted_regions(article)
        hits = [m for m in _YOU_PAST.finditer(text) if not in_regions(quotes, m.start())]
        if not hits:
            return
        outside = sum(1 for m in _YOU_ANY.finditer(text) if not in_regions(quotes, m.start()))
        if outside > 2:
            return  # the article addresses its reader
        third = sum(1 for m in _THIRD.finditer(text) if not in_regions(quotes, m.start()))
        if third < 2:
            return
        for m in hits:
            sent_start = max(0, m.start() - 60)
            head = re.split(r"[.;:!?,–—\n]", text[sent_start : m.start()])[-1].strip()
            if _HYPOTHETICAL.search(head) or not _CLAUSE_LEAD.fullmatch(head):
                continue  # "if you had ...", "the effect you mentioned" (a relative clause)
            yield self.finding(
                article, m.start(), m.end(),
                "second person in third-person narrative: who is 'you'?",
                replacements=[Replacement(m.start("you"), m.end("you"), "he", Applicability.DISPLAY,
                                          "use the third person (he, she, they)")],
                confidence=0.7,
                source_lang="it,es,pt",
            )


# -- GRM003 ---------------------------------------------------------------------------------

_IS_PREDICATE = (r"(?=\s+(?:been|possible|necessary|likely|unlikely|probable|clear|true|false|important|"
                 r"essential|expected|forbidden|allowed|arrived|died|dead|born|finished|over)\b)")
# "AND" in capitals needs the predicate too: a lede may open with its first word in
# capitals ("AND one knew - though ..."), as British papers print a drop capital
_MISREAD = re.compile(
    rf"(?P<and>And['’](?=\s)|E['’](?=\s+[a-z])|(?:AND|And){_IS_PREDICATE})"
    r"|(?P<the>THE(?=\s+[a-z]))"
)


@register
class MisreadSentenceStart(Rule):
    """A sentence-initial source letter or article read as an English word.

    What it does:
        Flags at the start of a sentence: "And'"/"E'", or "And"/"AND" directly before a
        participle or predicate adjective ("And been arrested"), which is Italian "È"
        (is) misread as "e" (and); and an upper-case "THE" before lower-case words, the
        Portuguese/Italian article "A" read as English.

    Why it matters:
        OCR and MT of upper-case sentence starts lose the accent ("E'" for "È") and
        English "And been arrested" is ungrammatical and changes the meaning.

    Example:
        "And been arrested a man of 40." -> "A 40-year-old man has been arrested."
        Not flagged: "And the minister said ..." (a conjunction), "AND" in an all-caps
        headline.

    Fix safety:
        Display only: the sentence needs rewording, not a word swap.
    """

    code = "GRM003"
    name = "misread-sentence-start"
    family = "grammar"
    severity = Severity.WARNING
    fixable = "display"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        for sent in article.sentences:
            pos = _SENT_LEAD.match(text, sent.start, sent.end).end()
            m = _MISREAD.match(text, pos, sent.end)
            if not m:
                continue
            body = text[sent.start : sent.end]
            if sum(c.isupper() for c in body) > 0.5 * sum(c.isalpha() for c in body):
                continue  # an all-caps line
            if m.group("the"):
                yield self.finding(article, m.start(), m.end(),
                                   "upper-case 'THE' at sentence start: a source article ('A', 'O') read as English?",
                                   replacements=[Replacement(m.start(), m.end(), "The", Applicability.DISPLAY)],
                                   confidence=0.6, source_lang="pt,it")
            else:
                yield self.finding(article, m.start(), m.end(),
                                   f"'{m.group()}' at sentence start: Italian 'È' (is) misread as 'e' (and)?",
                                   replacements=[Replacement(m.start(), m.end(), "It is", Applicability.DISPLAY,
                                                             "Italian 'È' means 'is' / 'has been'")],
                                   confidence=0.75, source_lang="it")


# -- GRM004 ---------------------------------------------------------------------------------

_TIME_LEAD = (r"(?:Yesterday|Today|Tonight|This\s+(?:morning|afternoon|evening)|Last\s+night|"
              r"On\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))")
# verbs that take no person object, so "VERB the minister that" is an inverted subject
_INTRANSITIVE_SAY = ("said declared announced stated explained added stressed underlined clarified "
                     "specified confirmed reiterated noted observed argued claimed replied commented "
                     "concluded affirmed revealed admitted insisted remarked emphasised emphasized "
                     "recalled highlighted").split()


@register
class VerbSubjectInversion(Rule):
    """A reporting verb placed before its subject, copied from the source word order.

    What it does:
        Flags a sentence that opens with a time adverbial followed directly by a
        reporting verb and its subject ("Yesterday declared the minister ..."), and a
        reporting verb followed by a person subject and "that" ("... declared the
        minister that ...").

    Why it matters:
        Italian, Spanish and Portuguese put the subject after the verb ("Ha dichiarato
        ieri il ministro che ..."); English only allows the inversion in a trailing
        attribution ("..., said the minister.").

    Example:
        "Yesterday announced the minister that taxes will fall." -> "Yesterday the
        minister announced that taxes will fall." Not flagged: "'We will win,' said the
        premier." "He told the minister that ..." (told takes an object).

    Fix safety:
        No fix: the clause must be reordered by hand.
    """

    code = "GRM004"
    name = "verb-subject-inversion"
    family = "grammar"
    severity = Severity.WARNING
    fixable = "none"

    def __init__(self) -> None:
        w = english_words()
        say = _alternation(_INTRANSITIVE_SAY)
        persons = _alternation(w.get("person_nouns", []) + w.get("group_nouns", []) + ["government", "ministry", "company", "court"])
        self._lead = re.compile(rf"{_TIME_LEAD}\s*,?\s+(?:{say})\s+(?:the|a|an|[A-Z][a-z]+)\b")
        self._that = re.compile(
            rf"\b(?:{say})\s+(?:the|its|his|her|their)\s+(?:[\w’'-]+\s+){{0,2}}?(?:{persons})\s+that\b"
        )

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        for sent in article.sentences:
            pos = _SENT_LEAD.match(text, sent.start, sent.end).end()
            m = self._lead.match(text, pos, sent.end)
            if m:
                yield self.finding(article, m.start(), m.end(), "verb before its subject (source word order)",
                                   confidence=0.75, source_lang="it,es,pt")
                continue
            if text.find("that", sent.start, sent.end) < 0:
                continue  # the pattern ends with "that": nothing to find
            for m in self._that.finditer(text, sent.start, sent.end):
                yield self.finding(article, m.start(), m.end(), "verb before its subject (source word order)",
                                   confidence=0.7, source_lang="it,es,pt")


# -- GRM005 ---------------------------------------------------------------------------------

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATES = [
    # plain: ``\bthe\s+...`` (both)
    (re.compile(rf"t(?<!\w.)he\s+(?:past|last|next|coming|current)\s+day\s+(?P<d>\d{{1,2}})\b(?:\s+(?:of\s+)?(?P<m>{_MONTH}))?"),
     "it,es,pt,fr"),
    (re.compile(rf"t(?<!\w.)he\s+day\s+(?P<d>\d{{1,2}})\s+(?:of\s+)?(?P<m>{_MONTH})\b"), "it,es,pt,fr"),
    (re.compile(rf"(?<![\d,.])\b(?P<d>\d{{1,2}})\s+of\s+(?P<m>{_MONTH})\b(?!['’]s)"), "es,pt,fr,it"),
]
_MONTH_NAMES = ("January February March April May June July August September October November "
                "December").split()
# "on 16.3.", "from 01.09.2004", "before 1.1.2022": day.month. with or without a year, after a
# preposition of time (a decimal, a section number "2.1" or a time "14.00" has no such
# preposition, no second dot or no valid month)
_DOTTED_DATE = re.compile(
    r"\b(?P<prep>[Oo]n|[Ff]rom|[Uu]ntil|[Tt]ill|[Ss]ince|[Bb]efore|[Aa]fter|[Ss]tarting)\s+"
    r"(?P<date>(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)?\d{2})?)(?![\d.]\d)"
)
# what every match of `_DOTTED_DATE` and of the "12 of March" pattern holds: a cheap scan
# first, so that an article without one never runs the longer patterns
_DOTTED_CORE = re.compile(r"\d\.\d{1,2}\.")
_OF_MONTH_CORE = re.compile(r"\d\s+of\s+[JFMASOND]")


@register
class SourceStyleDate(Rule):
    """A date written in the source language's pattern.

    What it does:
        Flags "the day 5 of June", "the past day 12" (Italian "lo scorso 12", "il giorno
        5 giugno"), "12 of March" (Spanish/Portuguese "12 de marzo/março"), and a
        numeric date in the continental day.month. form after a preposition of time
        ("on 16.3.", "from 01.09.2004": German "am 16.3.", Czech "od 1.1.2022"). A
        decimal, a section number ("in 2.1 and 2.2.") or a time ("from 14.00.") is not
        read as a date: it needs the preposition, a day up to 31 and a month up to 12,
        and the dot after the month.

    Why it matters:
        English news writes "June 5" or "5 June"; the literal pattern is a telltale of
        word-for-word translation and can be misread ("the past day 12").

    Example:
        "on the day 5 of June" -> "on 5 June"; "shipping starts on 16.3." -> "shipping
        starts on 16 March". Not flagged: "on the 5th of June", "day 3 of the trial",
        "from 14.00.", "latitude 15.20 and 17.28."

    Fix safety:
        Unsafe when the day and month are both present (the order follows house style);
        display only for "the past day 12", whose month must be looked up, and for a
        dotted date with a two-digit year ("03.01.21": which century is a judgement).
    """

    code = "GRM005"
    name = "source-style-date"
    family = "grammar"
    severity = Severity.WARNING
    fixable = "unsafe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        yield from self._dotted(article)
        has_day = "day" in text
        has_of_month = _OF_MONTH_CORE.search(text) is not None
        if not has_day and not has_of_month:
            return
        taken: list[tuple[int, int]] = []
        for pattern, langs in _DATES:
            if not (has_day if pattern is not _DATES[2][0] else has_of_month):
                continue
            for m in pattern.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append(m.span())
                month = m.group("m")
                if month:
                    fix = Replacement(m.start(), m.end(), f"{m.group('d')} {month}", Applicability.UNSAFE)
                else:
                    fix = Replacement(m.start(), m.end(), f"{m.group('d')} <month>", Applicability.DISPLAY)
                yield self.finding(article, m.start(), m.end(), "date in source-language order",
                                   replacements=[fix], confidence=0.8, source_lang=langs)


    def _dotted(self, article: Article) -> Iterator[Finding]:
        text = article.text
        if "." not in text or _DOTTED_CORE.search(text) is None:
            return
        for m in _DOTTED_DATE.finditer(text):
            day, month, year = int(m.group("d")), int(m.group("m")), m.group("y")
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            if year is None and m.end() < len(text) and text[m.end()].isalnum():
                continue  # "on 3.5.x": not a date
            if year is None and m.group("prep").lower() == "from" and len(m.group("d")) + len(m.group("m")) < 4:
                continue  # "it fell to 1.9 from 2.5.": a decimal ends the sentence ("from 18.01." is a date)
            fixed = f"{day} {_MONTH_NAMES[month - 1]}" + (f" {year}" if year and len(year) == 4 else "")
            applicability = Applicability.UNSAFE if year is None or len(year) == 4 else Applicability.DISPLAY
            yield self.finding(
                article, m.start("date"), m.end("date"), "numeric date in the source language's day.month. form",
                replacements=[Replacement(m.start("date"), m.end("date"), fixed, applicability)],
                confidence=0.8, source_lang="de,cs,ru,uk,pl,it,fr,es,pt",
            )


# -- GRM006 ---------------------------------------------------------------------------------

#: plain: ``(?<![\w.'’-])[A-Z][a-z]{1,4}(?![\w'’-])``
_TITLE_TOKEN = re.compile(r"[A-Z](?<![\w.'’-][A-Z])[a-z]{1,4}(?![\w'’-])")


@register
class AcronymCasing(Rule):
    """An initialism written in the source language's title case ("Csis", "Onu").

    What it does:
        Flags a title-case token whose upper-case form is a spelled-out initialism of
        ``packs/en/acronyms.toml`` ("Fbi", "Cia", "Csis") or a source-language
        abbreviation ("Onu" for UN, "Ue" for EU, "Otan" for NATO). Acronyms pronounced
        as words ("Nato", "Unesco", "Nasa") are accepted British house style and are not
        flagged (the pack documents this decision).

    Why it matters:
        Italian (and partly French/Spanish) press writes acronyms in title case; English
        news writes CSIS, FBI and UN, and "Onu"/"Ue" are not English at all.

    Example:
        "the think tank Csis Korea" -> "the think tank CSIS Korea"; "the Onu" -> "the
        UN". Not flagged: "NATO", "Nato", "KCNA", "Who said it", and a two-letter form
        not after "the" ("Un mariage d'amour", "Un, dos, tres": the French and Spanish
        article in a title).

    Fix safety:
        Unsafe: the expansion is certain for the listed forms, but a rare name can share
        the spelling ("Usa" is also a river and a town).
    """

    code = "GRM006"
    name = "acronym-casing"
    family = "grammar"
    severity = Severity.WARNING
    fixable = "unsafe"

    def __init__(self) -> None:
        pack = load_pack("en", "acronyms") or {}
        casing = pack.get("casing", {})
        self._initialisms = {a.upper(): a for a in casing.get("initialisms", [])}
        self._source = {k: (v["fix"], v.get("langs")) for k, v in pack.get("source_forms", {}).items()}

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        for m in _TITLE_TOKEN.finditer(text):
            tok = m.group()
            e = m.end()
            if e + 1 < len(text) and text[e] in "./@" and text[e + 1].isalnum():
                continue  # a domain or a path ("Cnn.co.jp")
            if tok in self._source:
                fix, langs = self._source[tok]
            elif tok.upper() in self._initialisms:
                if len(tok) == 2 and text[max(0, m.start() - 4) : m.start()].lower() != "the ":
                    continue  # "Un mariage", "Un, dos, tres": a Romance article, unless "the Un"
                fix, langs = self._initialisms[tok.upper()], "it"
            else:
                continue
            yield self.finding(
                article, m.start(), m.end(), f"acronym in source-language house style: write '{fix}'",
                replacements=[Replacement(m.start(), m.end(), fix, Applicability.UNSAFE)],
                confidence=0.8, source_lang=langs,
            )
