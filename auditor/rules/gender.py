"""Pronoun and gender consistency (``GEN``).

GEN001 pronoun-gender-mismatch: a person introduced with a first name of known gender
(``gender-guesser``'s name lists, only names it marks as clearly male or female in every
country that lists them) or with an honorific ("Mr", "Mrs"), and then
resumed by a subject pronoun of the other gender, when that person is the only possible
antecedent.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib.metadata import version
from typing import Iterator

from auditor import lexicon
from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.packs import load_pack
from auditor.rules.base import Rule, RuleContext, register
from auditor.rules.grammar import english_words, in_regions, quoted_regions
from auditor.rules.untranslated import english_zipf

_MALE = frozenset({"male", "mostly_male"})
_FEMALE = frozenset({"female", "mostly_female"})


def country_dependent(genders_by_country: dict[str, str]) -> bool:
    """True when gender-guesser's per-country entries of a name (``{gender: one column
    per country}``, a blank column meaning "not listed there") give it a male gender in
    some country and a female one in another: "Andrea" is a man's name in Italy and a
    woman's in Germany, "Nicola" in Italy and in Britain, "Jean" in France and in the US."""
    listed = {gender for gender, columns in genders_by_country.items() if columns.strip()}
    return bool(listed & _MALE) and bool(listed & _FEMALE)


@lru_cache(maxsize=None)
def _clear_genders() -> dict[str, str]:
    """``{lower-case first name: "male" | "female"}`` for the names gender-guesser knows
    as clearly one gender in every country that lists them. A name whose gender depends
    on the country (`country_dependent`) is left out: the text gives no country, so it
    is no evidence either way. Parsing the data file takes ~1.5 s, so the flat table is
    cached on disk (`auditor.lexicon.cached_table`)."""

    def build() -> dict[str, str]:
        import gender_guesser.detector as gd

        detector = gd.Detector(case_sensitive=False)
        table = {}
        for name, by_country in detector.names.items():
            g = detector.get_gender(name)
            if g in ("male", "female") and not country_dependent(by_country):
                table[name] = g
        return table

    return lexicon.cached_table(f"gender-guesser-{version('gender-guesser')}-same-in-every-country", build)


#: surname endings that carry gender in Slavic languages (Czech/Slovak -ová, -ská;
#: Polish -ska/-ski; Russian -ova/-eva/-skaya and -ov/-ev/-sky): the text's own evidence
#: for a person whose first name says nothing ("Lucie Helemová", "Ivan Petrov")
_FEMALE_SURNAME = re.compile(r"(?:ová|ova|ská|cká|ska|cka|skaya|ckaya)$")
_MALE_SURNAME = re.compile(r"(?:ov|ev|ëv|ský|cký|ski|cki|sky|skiy|skij)$")


def surname_gender(surname: str) -> str | None:
    """"female" or "male" from a Slavic surname ending ("Helemová", "Kowalska",
    "Petrova"; "Kowalski", "Petrov"), None otherwise (and for names under five letters:
    "Kiev", "Nova")."""
    low = surname.lower()
    if len(low) < 5:
        return None
    if _FEMALE_SURNAME.search(low):
        return "female"
    if _MALE_SURNAME.search(low):
        return "male"
    return None


def first_name_gender(name: str) -> str | None:
    """"male" or "female" for a first name that gender-guesser knows as clearly one
    gender (not "mostly_", not "andy") in every country that lists it; None otherwise
    (unknown names, and names such as "Andrea" whose gender depends on the country)."""
    return _clear_genders().get(name.lower())


@lru_cache(maxsize=None)
def _name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    names = (load_pack("en", "grammar") or {}).get("names", {})
    return (frozenset(names.get("surname_first", [])), frozenset(names.get("ambiguous_given", [])),
            frozenset(names.get("not_surnames", [])))


#: the longest stretch of text before a pronoun searched for its antecedent (two real
#: sentences are far shorter; a text without sentence ends must not make it quadratic)
MAX_WINDOW = 2000
_CAP = r"[A-Z][a-zà-öø-ÿ]+(?:[-'’][A-Z]?[a-zà-öø-ÿ]+)?"
# every capitalised token followed by one to three capitalised words (the last one is the
# surname); a lookahead, so "Vice President Eva Krumpová" is tried at "Eva" too
_FULL_NAME = re.compile(rf"\b(?=(?P<given>{_CAP})(?:\s+(?:{_CAP}|[A-Z]\.))*?\s+(?P<surname>{_CAP})(?![\w-]))")
_ANY_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b")
_NOT_PERSON = frozenset("They It We He She I You This That These Those The There Here Police".split())
_CAP_WORD = re.compile(r"\b[A-Z][a-zà-öø-ÿ]+")
_HONORIFIC = re.compile(rf"\b(?P<hon>Mr|Mrs|Ms|Miss|Mister|Madam)\.?\s+(?P<surname>{_CAP})")
_HONORIFIC_GENDER = {"Mr": "male", "Mister": "male", "Mrs": "female", "Ms": "female", "Miss": "female", "Madam": "female"}
_PRONOUN = re.compile(r"\b(?P<p>[Hh]e|[Ss]he)\b(?=\s+(?P<next>[a-z]+))|\b(?P<poss>[Hh]is|[Hh]er)\s+(?=[a-z])")
_PRONOUNS_OF = {
    "male": re.compile(r"\b(?:he|him|his|himself)\b", re.I),
    "female": re.compile(r"\b(?:she|her|hers|herself)\b", re.I),
}
_PRONOUN_GENDER = {"he": "male", "she": "female", "his": "male", "her": "female"}
_SWAP = {"he": "she", "she": "he", "his": "her", "her": "his"}
# a capitalised word followed by a verb: another likely person ("Trump called ...")
_OTHER_SUBJECT = re.compile(rf"\b({_CAP})(?:['’]s)?\s+(?:said|says|told|called|added|asked|announced|accused|met|"
                            r"thanked|urged|warned|praised|criticised|criticized|replied|[a-z]+ed)\b")
_VERBISH = re.compile(
    r"(?:[a-z]+ed|said|says|told|tells|added|adds|has|had|was|is|will|would|could|can|"
    r"may|might|must|should|did|does|also|then|later|still|never|always|already|thus|"
    r"went|came|made|took|gave|wrote|spoke|met|left|became|won|lost|kept|held|sent|"
    r"knew|thought|felt|saw|got|ran|[a-z]+s)"
)


@register
class PronounGenderMismatch(Rule):
    """A subject pronoun whose gender contradicts the only person it can refer to.

    What it does:
        Tracks people introduced with a full name whose first name has a clear gender
        in gender-guesser's name lists, the same in every country that lists it
        ("Angela Merkel", later "Merkel"), whose Slavic surname carries gender
        ("Lucie Helemová", "Ivan Petrov", "Anna Kowalska"), or with an honorific
        ("Mr Kirby"). A first
        name whose gender depends on the country ("Andrea": a man in Italy, a woman in
        Germany; "Nicola", "Jean", "Simone") is no evidence on its own: only the text
        can say, through an honorific ("Mr Rossi") for the same surname. Flags "he"/"she" used as a subject (followed by a verb)
        outside quotes when the current sentence (up to the pronoun) and the previous
        one name exactly one person, contain no person noun ("the president", "his
        wife") that could be the antecedent, no earlier pronoun of the flagged gender
        and no other capitalised word that may be a person, and the pronoun's gender is
        the other one. Possessives ("his", "her") are checked the same way within their
        own sentence ("Markus Söder and her cabinet").

    Why it matters:
        Languages with null subjects (Italian, Spanish, Portuguese) or gender-neutral
        pronouns (Chinese, Japanese, Hungarian) leave the pronoun to the MT system,
        which often guesses "he".

    Example:
        "Angela Merkel arrived in Rome. He said the talks went well." -> "She said ...".
        Not flagged: "Angela Merkel met the president. He said ..." (two candidates),
        quotes, names with an unclear gender ("Kim"), and "Andrea Rossi arrived. He
        said ..." (Andrea is a man's name in Italy); "Andrea Rossi ... Mr Rossi ... She
        said ..." is flagged, the honorific being the evidence.

    Fix safety:
        Unsafe: the swap is right when the antecedent is right, which is inferred.
    """

    code = "GEN001"
    name = "pronoun-gender-mismatch"
    family = "gender"
    severity = Severity.WARNING
    fixable = "unsafe"

    def __init__(self) -> None:
        w = english_words()
        # singular person nouns: a plural ("reporters") cannot be resumed by he/she
        nouns = sorted(set(w.get("person_nouns", [])) | {
            "man", "woman", "person", "friend", "partner", "child", "baby", "colleague",
            "rival", "opponent", "predecessor", "successor"},
            key=len, reverse=True)
        alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
        self._person_noun = re.compile(rf"\b(?:{alt})\b", re.I)
        # possessive (*+): each word is consumed whole, so a long run of words that does not
        # reach the end fails at once instead of trying 2^n ways to split it
        self._apposition = re.compile(rf"\b(?:{alt})\s+(?:(?:{_CAP}|[A-Z]+|of|the)\s+)*+$", re.I)

    @staticmethod
    def _unknown_name(rest: str, text: str, sentences, k: int, win_start: int) -> bool:
        """True if ``rest`` holds a capitalised word that is not sentence-initial and not
        an English word: a possible other person (a name gender-guesser does not know)."""
        for m in _CAP_WORD.finditer(rest):
            if english_zipf(m.group().lower()) < 3.5:
                return True
        return False

    def warm_up(self) -> None:
        _clear_genders()

    @staticmethod
    def _previous_has(gender: str, text: str, prev, mentions: list) -> bool:
        """True if the sentence ``prev`` holds a pronoun of ``gender`` or names a person
        of that gender ("Senator Wendy Rogers warned ... Writer Shiv Ramdas paraphrased
        her words": "her" is Rogers)."""
        if _PRONOUNS_OF[gender].search(text, prev.start, prev.end):
            return True
        for j in range(bisect.bisect_left(mentions, (prev.start,)), len(mentions)):
            if mentions[j][0] >= prev.end:
                break
            if mentions[j][3] == gender:
                return True
        return False

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if not _ANY_PRONOUN.search(text):
            return
        surname_first, ambiguous, not_surnames = _name_lists()
        known: dict[str, str] = {}  # surname -> gender ("?" when two people share it)
        mentions: list[tuple[int, int, str, str]] = []  # (start, end, surname, gender)
        covered_to = -1
        for m in _FULL_NAME.finditer(text):
            if m.start() < covered_to:
                continue  # inside a name already taken ("Eva" of "Eva Maria Krumpová")
            given = m.group("given")
            if given.lower() in surname_first:
                continue
            surname = m.group("surname")
            gender = None if given.lower() in ambiguous else first_name_gender(given)
            by_surname = surname_gender(surname)
            if gender is None and by_surname and english_zipf(given.lower()) < 3.0 \
                    and given not in _NOT_PERSON:
                gender = by_surname  # "Lucie Helemová": the surname says it (not "In Kharkov")
            elif by_surname and by_surname != gender:
                continue  # the two disagree: no evidence
            if gender is None:
                continue
            covered_to = m.end("surname")
            if surname.lower() in not_surnames:
                continue  # "Warner Brothers", "Grace Hospital"
            known[surname] = gender if known.get(surname, gender) == gender else "?"
            mentions.append((m.start(), m.end("surname"), surname, gender))
        for m in _HONORIFIC.finditer(text):
            gender = _HONORIFIC_GENDER[m.group("hon")]
            surname = m.group("surname")
            known[surname] = gender if known.get(surname, gender) == gender else "?"
            mentions.append((m.start(), m.end(), surname, gender))
        if not known:
            return
        covered = {i for a, b, _, _ in mentions for i in range(a, b)}  # names are short: linear
        surname_re = re.compile(r"\b(?:" + "|".join(re.escape(x) for x in known) + r")\b")
        for m in surname_re.finditer(text):
            if m.start() not in covered:
                mentions.append((m.start(), m.end(), m.group(), known[m.group()]))
        mentions.sort()
        quotes = quoted_regions(article)
        sentences = article.sentences
        for k, sent in enumerate(sentences):
            for pm in _PRONOUN.finditer(text, sent.start, sent.end):
                if in_regions(quotes, pm.start()):
                    continue
                possessive = pm.group("poss") is not None
                word = pm.group("poss") if possessive else pm.group("p")
                if not possessive and not _VERBISH.fullmatch(pm.group("next")):
                    continue
                pron = word.lower()
                gender = _PRONOUN_GENDER[pron]
                # subject pronouns look back one sentence; possessives stay in theirs
                win_start = sentences[k - 1].start if k > 0 and not possessive else sent.start
                win_start = max(win_start, pm.start() - MAX_WINDOW)  # a run-on "sentence": bounded
                inside = []  # the mentions between win_start and the pronoun (sorted by start)
                for j in range(bisect.bisect_left(mentions, (win_start,)), len(mentions)):
                    x = mentions[j]
                    if x[0] >= pm.start():
                        break
                    if x[1] <= pm.start():
                        inside.append(x)
                people = {(x[2], x[3]) for x in inside}
                if len(people) != 1:
                    continue
                ((surname, person_gender),) = people
                if person_gender in ("?", gender):
                    continue
                # person nouns in apposition right before a name ("singer Steven Tyler")
                # are that person; any other one is a rival antecedent
                pieces, pos = [], win_start
                for a, b, _, _ in inside:
                    pieces.append(self._apposition.sub("", text[pos:a]))
                    pos = b
                pieces.append(text[pos : pm.start()])
                rest = " | ".join(pieces)
                if self._person_noun.search(rest) or _PRONOUNS_OF[gender].search(rest):
                    continue  # another antecedent, or an earlier pronoun of this gender
                if possessive and k > 0 and self._previous_has(gender, text, sentences[k - 1], mentions):
                    continue  # the previous sentence speaks of someone of this gender
                if any(o.group(1) not in _NOT_PERSON for o in _OTHER_SUBJECT.finditer(rest)) \
                        or self._unknown_name(rest, text, sentences, k, win_start):
                    continue  # another person may be meant ("Trump called ...", "Tanjiro")
                start, end = pm.span("poss") if possessive else pm.span("p")
                yield self.finding(
                    article, start, end,
                    f"'{word}' refers to {surname}, introduced as {person_gender}",
                    replacements=[Replacement(start, end, _match_case(_SWAP[pron], word), Applicability.UNSAFE)],
                    confidence=0.6 if possessive else 0.7,
                    evidence={"antecedent": surname, "antecedent_gender": person_gender},
                )


def _match_case(word: str, like: str) -> str:
    return word.capitalize() if like[0].isupper() else word
