"""Pronoun and gender consistency (``GEN``).

GEN001 pronoun-gender-mismatch: a third-person singular pronoun whose gender contradicts
the one person it can refer to, when the text itself establishes that person's gender
(a first name of one gender in every country that lists it, a Slavic surname ending, a
title such as "Mrs" or "Signora", a gendered role noun such as "actress" or "daughter").
The people and the pronoun links come from the person tracker, `auditor.rules.people`.
"""

from __future__ import annotations

from typing import Iterator

from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.rules.base import Rule, RuleContext, register
from auditor.rules.grammar import quoted_regions
from auditor.rules.people import (  # noqa: F401  (re-exported: the gender helpers' old home)
    PRONOUN,
    _clear_genders,
    country_dependent,
    first_name_gender,
    is_object,
    surname_gender,
    tracker,
)

_SWAP = {"he": "she", "she": "he", "his": "her", "her": "his", "him": "her", "hers": "his", "himself": "herself",
         "herself": "himself"}


@register
class PronounGenderMismatch(Rule):
    """A third-person pronoun whose gender contradicts the only person it can refer to.

    What it does:
        Follows the people of the article (`auditor.rules.people`) with the gender the
        text itself gives them: a first name gender-guesser knows as one gender in
        every country that lists it ("Angela Merkel", later "Merkel"), a Slavic surname
        ending ("Lucie Helemová", "Ivan Petrov"), a title or honorific ("Mr Kirby",
        "Signora Rossi", "Frau Weber", "Queen Rania"), or a gendered role noun in
        apposition ("the actress Jane Doe", "their daughter Kim Ju-ae", "Jane Doe, a
        businesswoman,"). A first name whose gender depends on the country ("Andrea":
        a man in Italy, a woman in Germany; "Nicola", "Jean") is no evidence on its own.
        Each he/she/his/her/him/hers/himself/herself outside quotations and unmarked
        direct speech is resolved against the people named in its sentence (up to it)
        and the sentence before, the people that pronoun chains there refer to, person
        nouns ("the president", "his wife") and capitalised words that may be a person
        of unknown gender ("Trump said"); a possessive in its clause's own verb phrase
        is bound to the clause's subject, an object pronoun never is. A person the text
        gives no other evidence for takes the gender of two earlier pronouns that could
        refer to no one else. The pronoun is flagged when every candidate has the
        other gender, one of them a named person, and no person of the pronoun's gender
        appears in the two sentences before.

    Why it matters:
        Languages with null subjects (Italian, Spanish, Portuguese) or gender-neutral
        pronouns (Chinese, Japanese, Hungarian, Turkish) leave the pronoun to the MT
        system, which often guesses "he".

    Example:
        "Angela Merkel arrived in Rome. He said the talks went well." -> "She said ...".
        "Their daughter Kim Ju-ae attended. Kim Ju-ae made his first appearance." ->
        "her". Not flagged: "Angela Merkel met the president. He said ..." (another
        candidate), "Angela Merkel arrived with her husband. He said ..." (a rival of
        the other gender), quotations, names of unclear gender ("Kim", "Andrea"),
        "Trump called Gov. Gretchen Whitmer a dictator because he ..." (Trump may be
        meant).

    Fix safety:
        Unsafe: the swap is right when the antecedent is right, which is inferred.
        "her" becomes "his" before a noun and "him" otherwise.
    """

    code = "GEN001"
    name = "pronoun-gender-mismatch"
    family = "gender"
    severity = Severity.WARNING
    fixable = "unsafe"

    def warm_up(self) -> None:
        _clear_genders()
        tracker()

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if not PRONOUN.search(text):
            return
        tracking = tracker().track(article, quoted_regions(article))
        for link in tracking.links:
            if link.verdict != "contradiction":
                continue
            person = tracking.people[link.person]
            word, pron = link.word, link.word.lower()
            swap = _SWAP[pron]
            if pron == "her" and is_object(text, link.start, link.end):
                swap = "him"
            yield self.finding(
                article, link.start, link.end,
                f"'{word}' refers to {person.key}, {link.antecedent_gender} by {link.why}",
                replacements=[Replacement(link.start, link.end, _match_case(swap, word), Applicability.UNSAFE)],
                confidence=0.7 if pron in ("he", "she") else 0.6,
                evidence={"antecedent": person.key, "antecedent_gender": link.antecedent_gender,
                          "gender_evidence": link.why, "candidates": link.candidates},
            )


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word.capitalize() if like[0].isupper() else word
