"""Non-words (FLU002): pseudo-words no English source knows are flagged; rare real words,
names, terms, acronyms, brands, compounds, typos of common words and foreign words are not.

The flagged words are invented for these tests (none is in wordfreq, the hunspell
dictionaries or a source language); every case is a table row: (text, the flagged words).
"""

from __future__ import annotations

import pytest

from auditor.config import Settings
from auditor.document import Article
from auditor.findings import Severity
from auditor.rules.engine import Engine
from auditor.rules.nonword import nonword_shape


def _flagged(text: str) -> list[str]:
    findings, errors = Engine(Settings(select=["FLU002"])).check(Article(text=text))
    assert not errors
    return [text[f.start : f.end] for f in findings]


FLAGGED = [
    # lower case mid-sentence
    ("The engineers inspected the old flumerate near the bridge.", ["flumerate"]),
    ("Residents said the vintrobes had closed the market early.", ["vintrobes"]),
    ("Farmers spread the grastomile over the fields in spring.", ["grastomile"]),
    ("Deposits usually occur at small drevoniths in the hills.", ["drevoniths"]),
    # capitalised only because it opens a sentence, with an English inflection
    ("The road was closed. Plondings were built along the coast during the war.", ["Plondings"]),
    ("Trevasting tools were common in the valley.", ["Trevasting"]),
    # two in one sentence
    ("The agency used the flumerate grastomile to control the fish.", ["flumerate", "grastomile"]),
]

NOT_FLAGGED = [
    # rare real English words (dictionary or wordfreq)
    "The defenestration of the minister was a quixotic and sesquipedalian affair.",
    "The thylakoid membrane holds the chlorophyll.",
    # names mid-sentence, and a name opening a sentence
    "The delegation met Urmas Vaikmaa and Jaanika Põldmets in Tallinn.",
    "Vaikmaa travels to Riga next week.",
    "Kowalczyks said the plan was ready.",
    "Eight of the players were from Brnovice, a village near the border.",
    # foreign names and words in running text (UNT001's, or names)
    "The sindaco of the town met the prefetto on Monday.",
    "He spoke with Jean-Baptiste Lefebvre about the Rijksmuseum.",
    # acronyms, brands, words with digits, URLs and handles
    "The NATO summit and the UNHCR report were discussed.",
    "She bought an iPhone and a PlayStation for the children.",
    "The B52s and the X5000 model were on display.",
    "See www.flumerate.com or write to @vintrobes for details.",
    # hyphenated compounds, English affixes and compounds
    "A flumerate-based system and a post-grastomile era.",
    "The superyachts and the unpatchable servers were sold.",
    # quoted or bracketed mentions, and a term the article repeats
    'The word "flumerate" is not in any dictionary.',
    "They cooked dumplings (flumerate) for the guests.",
    "The vintrobes were new. Every family bought vintrobes that year.",
    # an ordinary typo of a common word is not evidence of translation
    "The goverment said the comittee would meet on Tuesday.",
    # technical words built from Greek and Latin parts
    "She was treated for gonarthrosis and spermatorrhea.",
    # a lower-case word after a capitalised one (a binomial or a title)
    "The reserves of Gymnocypris trevastii have grown.",
    # short words
    "The zorb and the blimk were lost.",
    # enumerations of terms, a species after its genus initial, the plural of a rare noun
    "The market sold pears, plums, flumerate and apples.",
    "The market sold pears, plums and grastomile.",
    "The wasp P. vintrobes nests under roofs.",
    "The rocks are skarns and the birds are galagos.",
]


@pytest.mark.parametrize("text,words", FLAGGED)
def test_non_words_are_flagged(text, words):
    assert _flagged(text) == words


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_real_words_names_and_terms_are_not_flagged(text):
    assert _flagged(text) == []


def test_finding_metadata():
    findings, _ = Engine(Settings(select=["FLU002"])).check(Article(text="The engineers inspected the old flumerate near the bridge."))
    (f,) = findings
    assert (f.code, f.name, f.category, f.severity) == ("FLU002", "non-word", "fluency", Severity.INFO)
    assert 0 < f.confidence < 1
    assert not f.replacements  # nothing to apply: the intended word needs the source


@pytest.mark.parametrize("word,expected", [
    ("flumerate", True), ("drevoniths", True),
    ("government", False),   # English
    ("goverment", False),    # one edit from a common word: a typo
    ("unpatchable", False),  # prefix + English word
    ("superyachts", False),  # English word + suffix
    ("windowgarden", False),  # compound of two common words
    ("sindaco", False),      # Italian (UNT001's)
    ("przewalskii", False),  # Latin ending
    ("zorb", False),         # too short
])
def test_word_level_test(word, expected):
    assert nonword_shape(word) is expected


@pytest.mark.parametrize("word, known", [
    ("reconcile", True), ("unreconciled", True), ("Decoupling", True), ("organisations", True),
    ("Constantinople", True), ("adymiths", False), ("calamystone", False), ("paris", False),
])
def test_dictionary_words_without_hunspell(word, known):
    from auditor.rules.nonword import _is_word

    assert _is_word(word) is known


def test_checking_never_loads_the_hunspell_engine():
    """The affix engine (spylls) takes ~3 s to load both dictionaries: a check must not pay
    it, even for an article whose candidates reach the dictionary test."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from auditor.api import Auditor\n"
        "from auditor.document import Article\n"
        "text = 'Substants are tangible things. Deposits occur at small adymiths near Constantinople.'\n"
        "findings = Auditor(isolated=True, select=['FLU002']).engine.check(Article(text=text))[0]\n"
        "print(len(findings), any(m.startswith('spylls') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["2", "False"]
