"""People in an article and the pronouns that refer to them (used by ``GEN001``).

A small, rule-based discourse model, no gazetteer of real people: the gender of a person
is what the text itself establishes.

1. *Mentions.* Names ("Angela Merkel", "Mr Kirby", "their daughter Kim Ju-ae", "Jane Doe,
   an actress,"), later short forms of a tracked name ("Merkel"), capitalised words that
   may be a person of unknown gender ("Trump said", "President Xi", "17-year-old
   Thunberg", "mocked Cosby"), and person nouns ("the woman", "his wife", "the
   president"). Runs of capitalised words that name a group, a place or a thing ("the
   Egyptians", "Marine Brigade", "USS Lind") are no one.
2. *Gender evidence* per person (`Person.gender`): a first name that gender-guesser knows
   as one gender in every country that lists it, a Slavic surname ending, a title or
   honorific ("Mrs", "Signora", "Herr", "Queen"; ``packs/en/people.toml``), a gendered
   role noun in apposition ("actress", "businessman", "daughter"). Evidence that
   disagrees cancels out. A person with no such evidence gets a gender from two or more
   earlier pronouns that could refer to no one else.
3. *Pronouns* (he, she, his, her, him, hers, himself, herself), in text order, outside
   quotations and outside sentences of unmarked direct speech (one with "I", "we",
   "you"): the candidates are the people mentioned in the sentence up to the pronoun and
   in the sentence before, the people pronoun chains there refer to, a noun-phrase
   subject the tracker cannot name ("the dog is doing his best"), and the subject after
   a fronted phrase holding the pronoun ("During his visit, Prime Minister X ...").
   Grammar narrows them: a possessive or reflexive in its clause's own verb phrase is
   bound to that clause's subject ("Kim Ju-ae cupped his father's cheeks"); an object
   pronoun is never its clause's subject ("Andrea would move there to be with him"); a
   reflexive looks no further than its sentence; the source of "According to X, he ..."
   is not the subject.
4. *Verdict.* A pronoun with a candidate of its own gender or of unknown gender resolves
   to the most salient one (named people before nouns, the latest first) and extends
   that person's chain. One whose candidates all have the other gender is a
   *contradiction* when one of them is a named person, and no person of the pronoun's
   gender appears in the two sentences before (within the paragraph, when the person is
   named in it); for a bound possessive only a rival whose gender rests on evidence
   other than pronouns counts.

Everything here is data about the article; the rule decides what to report.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

import regex as re

from auditor import lexicon
from auditor.document import Article, Span
from auditor.packs import load_pack

_MALE = frozenset({"male", "mostly_male"})
_FEMALE = frozenset({"female", "mostly_female"})
OTHER = {"male": "female", "female": "male"}


# -- first names and surnames ------------------------------------------------------------

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
    as clearly one gender in every country that lists them, and ``"?"`` for every other
    name it lists (a first name of unclear gender: still a sign of a person). A name
    whose gender depends on the country (`country_dependent`) has no gender: the text
    gives no country. Parsing the data file takes ~1.5 s, so the flat table is cached on
    disk (`auditor.lexicon.cached_table`)."""

    def build() -> dict[str, str]:
        import gender_guesser.detector as gd

        detector = gd.Detector(case_sensitive=False)
        table = {}
        for name, by_country in detector.names.items():
            g = detector.get_gender(name)
            table[name] = g if g in ("male", "female") and not country_dependent(by_country) else "?"
        return table

    try:
        return lexicon.cached_table(f"gender-guesser-{lexicon.dist_version('gender-guesser')}-with-unclear", build)
    except Exception:  # gender-guesser missing or unreadable: titles and nouns still work
        return {}


def first_name_gender(name: str) -> str | None:
    """"male" or "female" for a first name that gender-guesser knows as clearly one
    gender (not "mostly_", not "andy") in every country that lists it; None otherwise
    (unknown names, and names such as "Andrea" whose gender depends on the country)."""
    g = _clear_genders().get(name.lower())
    return g if g in ("male", "female") else None


def known_first_name(name: str) -> bool:
    """True for any name gender-guesser lists, whatever its gender ("Kim", "Andrea")."""
    return name.lower() in _clear_genders()


#: surname endings that carry gender in Slavic languages (Czech/Slovak -ová, -ská;
#: Polish -ska/-ski; Russian -ova/-eva/-skaya and -ov/-ev/-sky): the text's own evidence
#: for a person whose first name says nothing ("Lucie Helemová", "Ivan Petrov")
_FEMALE_SURNAME = re.compile(r"(?:ová|ova|eva|ská|cká|ska|cka|skaya|ckaya)$")
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


# -- the packs -------------------------------------------------------------------------

@dataclass(frozen=True)
class Lexicon:
    titles: dict[str, str | None]        # "Mrs" -> "female", "President" -> None
    role_nouns: dict[str, str | None]    # "actress" -> "female", "president" -> None
    surname_first: frozenset[str]
    ambiguous_given: frozenset[str]
    not_surnames: frozenset[str]
    not_person_words: frozenset[str] = frozenset()


@lru_cache(maxsize=None)
def lexicon_() -> Lexicon:
    people = load_pack("en", "people") or {}
    grammar = load_pack("en", "grammar") or {}
    titles: dict[str, str | None] = {}
    for gender in ("neutral", "female", "male"):
        for t in people.get("titles", {}).get(gender, []):
            titles[t] = None if gender == "neutral" else gender
    nouns: dict[str, str | None] = {n: None for n in grammar.get("words", {}).get("person_nouns", [])}
    for gender in ("neutral", "female", "male"):
        for n in people.get("role_nouns", {}).get(gender, []):
            nouns[n] = None if gender == "neutral" else gender
    names = grammar.get("names", {})
    return Lexicon(titles, nouns, frozenset(names.get("surname_first", [])),
                   frozenset(names.get("ambiguous_given", [])), frozenset(names.get("not_surnames", [])),
                   frozenset(people.get("names", {}).get("not_person_words", [])))


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


class _lazy:
    """A module pattern compiled on its first use, when it puts the compiled pattern in its
    own place among the module's globals: an article without a pronoun never needs the
    tracker's patterns (~35 ms to compile)."""

    __slots__ = ("_name", "_args")

    def __init__(self, name: str, *args) -> None:
        self._name, self._args = name, args

    def __getattr__(self, attr: str):
        pattern = globals()[self._name]
        if pattern is self:  # the first use (later ones through a reference held elsewhere find it compiled)
            pattern = globals()[self._name] = re.compile(*self._args)
        return getattr(pattern, attr)


#: a capitalised name token: "Merkel", "Joo-ae", "O'Brien", "Słania", "McCarthy"
TOKEN = r"\p{Lu}[\p{Ll}\p{Lu}]*\p{Ll}[\p{Ll}\p{Lu}]*(?:[-'’](?![sS]\b)\p{L}+)?"
_PARTICLE = r"(?:de|da|di|del|della|van|von|der|den|du|le|la|dos|das|bin|ibn|al|el)"
_NAME_SEQ = _lazy("_NAME_SEQ",
    rf"\b{TOKEN}(?:[ \t]+(?:\p{{Lu}}\.[ \t]+|{_PARTICLE}[ \t]+)?{TOKEN}){{0,6}}(?![\w-])")
_TOKEN_RE = _lazy("_TOKEN_RE", TOKEN)
#: entries kept by the per-process caches of name tokens and name genders
_CACHE_MAX = 50_000
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im|[Hh]ers|[Hh]imself|[Hh]erself|HE|SHE|HIS|HER)\b")
PRONOUN_GENDER = {"he": "male", "his": "male", "him": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}
_SENT_FUNCTION = frozenset(
    "A An The This That These Those It Its They Their Them We Our You Your I My Me He His Him She Her "
    "There Here In On At Of For From With By To As But And Or If When While After Before Since "
    "Although Though Because During Despite However Also Then So Yet Now Today Yesterday Tomorrow "
    "Meanwhile Moreover Furthermore According Not No Yes Some Many Most All Both Each Every "
    "Other Another Such What Which Who Whom Whose Where Why How Police Government".split())
_MONTHS_DAYS = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_FRONTED = _lazy("_FRONTED",
    r"(?i)(?:in|during|on|at|after|before|upon|since|despite|while|when|as|for|with|of|"
    r"throughout|following|ahead of|at the end of)\b")
_VERB_AFTER = _lazy("_VERB_AFTER",
    r"[ \t]*(?:,[^,]{0,60},[ \t]*)?(?:['’]s\b|(?:has|had|was|is|will|would|could|can|may|might|must|"
    r"should|did|does|also|then|later|still|never|always|already|first|once|recently|"
    r"said|says|told|tells|added|adds|went|came|made|took|gave|wrote|spoke|met|left|became|"
    r"won|lost|kept|held|sent|knew|thought|felt|saw|got|ran|led|began|sang|fought|"
    r"[a-z]+ed|[a-z]+s)\b)")
#: first- and second-person words: a sentence that holds one outside quotation marks is
#: (often unmarked) direct speech, whose third persons the tracker cannot place
_SPEECH = _lazy("_SPEECH", r"(?<!\p{Lu}\p{Ll}+[ \t]+)\bI\b(?![.'’-]\w)|\b(?:me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours)\b")
#: a sentence that opens with a determiner opens with its own subject ("The dog is doing
#: his best"), a possible antecedent the tracker does not know
_DET_SUBJECT = _lazy("_DET_SUBJECT", r"[\W]*(?:The|A|An|This|That|Another|Its|Their|Our|Your|My|One|Each|Every)\s+[\w-]+")
#: the stretch between a subject and a pronoun in its own verb phrase: a verb (not one
#: of reporting, which introduces another clause), then a few words, no clause boundary
_BOUND_VP = _lazy("_BOUND_VP", r"(?:[ \t]+[\w'’-]+){1,10}[ \t]+")
_CLAUSE_WORD_PATTERN = (
    r"\b(?:that|which|who|whom|whose|when|where|while|because|as|after|before|since|until|if|"
    r"unless|although|though|and|but|or|nor|so|than|said|says|told|tells|announced|added|stated|"
    r"explained|argued|claimed|insisted|believed|thought|wrote|asked|noted|reported|recalled|"
    r"revealed|admitted|confirmed|warned|urged|accused|thanked|praised|criticised|criticized|"
    r"blamed|called|invited|met|welcomed|joined|married|followed|replaced|succeeded|defeated|"
    r"beat|with|by|for|against|like|about|of)\b|\p{Lu}|\d")
_CLAUSE_WORD = _lazy("_CLAUSE_WORD", _CLAUSE_WORD_PATTERN)
_CLAUSE_START = _lazy("_CLAUSE_START",
    r"[,;:(—–]|\b(?:that|since|when|while|because|after|before|as|if|although|though|and|but)\b")
_VERB_LIKE = _lazy("_VERB_LIKE",
    r"[a-z]+(?:ed|ing)|(?:is|was|were|are|has|had|have|will|would|can|could|may|might|must|shall|"
    r"should|did|does|do|sat|met|saw|took|gave|made|said|told|left|went|came|got|let|put|won|"
    r"[a-z]*[^s]s)")
#: a noun phrase in subject position later in the sentence ("the mite will", "a
#: spokesperson said"): a possible antecedent that is not a tracked person
_FW = r"(?:he|she|it|they|we|you|i|who|which|that|and|or|but|when|while|if|as|of|in|on|at|to|for|with|by|from)\b"
_NP_SUBJECT = _lazy("_NP_SUBJECT",
    rf"\b(?:the|a|an|this|that|its|their)[ \t]+(?:(?!{_FW})[a-z][\w-]*[ \t]+){{0,2}}?(?!{_FW})[a-z][\w-]*[ \t]+"
    r"(?:will|would|can|could|may|might|must|is|was|has|had|does|did|[a-z]+ed)\b")
#: after "her": a word of the noun phrase it determines ("her car", "her own"), not an
#: adverb or a preposition ("told her yesterday", "gave her a book" is left as object)
_DETERMINER_NEXT = _lazy("_DETERMINER_NEXT",
    r"[ \t]+(?!(?:a|an|the|to|that|in|on|at|for|with|and|or|but|as|from|by|of|up|down|out|off|"
    r"back|again|away|about|into|over|when|if|because|so|too|very|not|is|was|will|would|twice|once|"
    r"yesterday|today|tonight|now|then|here|there|why|how|what|whether|last|this|next|later|earlier|"
    r"already|still|just|even|only|also|instead|personally|directly|repeatedly|publicly)\b)"
    r"(?![a-z]+ly\b)(?:own\b|[a-z0-9])")
#: a preposition of place or origin right before a capitalised word ("in Brunei")
_PLACE_BEFORE = frozenset("in at into near across towards toward via outside inside around throughout".split())
_SHIP_PREFIXES = frozenset("USS HMS HMAS HMCS HMNZS RMS SS MV MS USNS INS FS".split())
_WORD = _lazy("_WORD", r"\b[A-Za-z][a-z]*(?:-[a-z]+)*\b")
_TWO_WORDS = _lazy("_TWO_WORDS", r"[A-Za-z]+[ \t]+[A-Za-z]+\b")
_HYPHEN_NEXT = _lazy("_HYPHEN_NEXT", r"-\w")
#: verbs of ships and boats, which English calls "she"
_NAUTICAL = _lazy("_NAUTICAL",
    r"\b(?:sail(?:ed|s|ing)?|steam(?:ed|ing)?|launched|commissioned|decommissioned|recommissioned|"
    r"anchored|moored|docked|berthed|ran aground|sank|scuttled|refitted|convoy|escorted|"
    r"torpedoed|shipyard|tons|knots|hull|voyage|maiden)\b", re.I)
#: a fronted phrase naming a source or a model, then the main clause's subject pronoun
_SOURCE_PHRASE = _lazy("_SOURCE_PHRASE",
    r"[\W]*(?:(?:but|and|yet|so|then|still)[ \t]+)?(?:according to|like|unlike|impressed by|encouraged by|inspired by|together with|along with|"
    r"in contrast to|compared with|compared to|thanks to|as reported by|as told to|quoted by|"
    r"in an interview with|speaking to|speaking with|asked by|due to|because of|owing to|"
    r"at the request of|at the behest of|on the orders of|at the invitation of|on behalf of)\b"
    r"[^,;]{1,80},[ \t]*(?=(?:he|she)\b)", re.I)
#: capitalised particles that open a surname ("Di Grassi", "Van Alstyne", "De Gaulle")
_SURNAME_PARTICLES = frozenset("di de da del della dei van von der den le la du mac st ten ter dos das".split())
#: a relative clause whose subject is the name before it, up to the pronoun
_RELATIVE_SUBJECT = _lazy("_RELATIVE_SUBJECT", r"[ \t]*,?[ \t]*who[ \t]")
#: a relative clause set off by commas between a subject and its verb
_PARENTHETICAL = _lazy("_PARENTHETICAL", r"[ \t]*,[ \t]*(?:who|whose|which)\b[^,;:\"“”()]{1,80},[ \t]")
#: for an object pronoun: prepositions and coordinated verbs stay in the clause ("he was
#: weak and could not save her", "who was with him")
_CLAUSE_WORD_NO_PREP = _lazy("_CLAUSE_WORD_NO_PREP",
    _CLAUSE_WORD_PATTERN.replace("|with|by|for|against|like|about|of)", ")").replace("|and|but|or|", "|"))
#: a regnal number after a monarch's or pope's name ("Louis XIV", "John Paul II")
_REGNAL = _lazy("_REGNAL", r"[ \t]+(?:[IVX]{1,5})\b(?![.'’]?\w)")
_CZECH_FEMALE = _lazy("_CZECH_FEMALE", r"(?:ová|ská|cká)$")
_AGE_BEFORE = _lazy("_AGE_BEFORE", r"\d+-year-old|\d+,")
#: small patterns of the tracker's methods, compiled once rather than looked up in the
#: module's cache at each call
_SPACES = _lazy("_SPACES", r"\s+")
_GAP_WORD = _lazy("_GAP_WORD", r"[\w'’-]+")
_GAP_PUNCTUATION = _lazy("_GAP_PUNCTUATION", r"[,;:.()\"“”]")
_APPOSITION_BEFORE = _lazy("_APPOSITION_BEFORE", r"[ \t]*,[ \t]*(?:the|a|an)?[ \t]*(?:[\w-]+[ \t]+){0,2}?$")
_SPACE_CAPITAL = _lazy("_SPACE_CAPITAL", r" \p{Lu}")
_COMMA_POSSESSIVE = _lazy("_COMMA_POSSESSIVE", r",[ \t]*(?:his|her|their)\b")
_COMMA_SUBJECT = _lazy("_COMMA_SUBJECT", r",[ \t]*(?P<p>he|she)\b")
_ING_NEXT = _lazy("_ING_NEXT", r"[ \t]+[a-z]+ing\b")


@dataclass
class Person:
    """One tracked person: the forms that name them and what the text says of their gender."""

    key: str
    forms: set[str] = field(default_factory=set)
    evidence: dict[str, set[str]] = field(default_factory=lambda: {"male": set(), "female": set()})
    #: how many pronouns of each gender were resolved to this person, and to no one else
    votes: dict[str, int] = field(default_factory=lambda: {"male": 0, "female": 0})

    #: resolved pronouns of one gender (and none of the other) that establish a gender
    #: for a person the text gives no other evidence for
    PRONOUNS_ESTABLISH = 2

    @property
    def gender(self) -> str | None:
        """The gender the text establishes: evidence of one kind only, or, with no
        evidence at all, `PRONOUNS_ESTABLISH` earlier pronouns of one gender and none of
        the other."""
        m, f = self.evidence["male"], self.evidence["female"]
        if m and not f:
            return "male"
        if f and not m:
            return "female"
        if not m and not f:
            vm, vf = self.votes["male"], self.votes["female"]
            if vm >= self.PRONOUNS_ESTABLISH and not vf:
                return "male"
            if vf >= self.PRONOUNS_ESTABLISH and not vm:
                return "female"
        return None

    @property
    def why(self) -> str:
        g = self.gender
        if not g:
            return ""
        if self.evidence[g]:
            return ", ".join(sorted(self.evidence[g]))
        return f"{self.votes[g]} earlier pronouns"


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names a possible antecedent. ``person`` is an index into
    `Tracking.people` for tracked names, -1 for a possible person of unknown identity
    (an unknown capitalised name, a person noun); ``gender`` is what the mention itself
    says (a role noun: "his wife" is female)."""

    start: int
    end: int
    person: int
    gender: str | None
    kind: str  # "name" | "unknown" | "noun" | "pronoun"


@dataclass(frozen=True)
class PronounLink:
    start: int
    end: int
    word: str
    gender: str
    verdict: str  # "resolved" | "contradiction" | "unresolved" | "quoted" | "speech" | "ambiguous"
    person: int = -1  # the antecedent (resolved) or the contradicted person
    candidates: int = 0
    antecedent_gender: str | None = None  # a contradicted person's gender then, and why
    why: str = ""


@dataclass
class Tracking:
    people: list[Person]
    mentions: list[Mention]
    links: list[PronounLink]


class Tracker:
    """Builds a `Tracking` for an article. Construct once (the patterns compile the packs)."""

    #: sentences before the pronoun's sentence whose people are candidates
    WINDOW = 1
    #: sentences before the pronoun's sentence where a person of the pronoun's gender rules a finding out
    RIVALS = 2
    #: the most text (characters) on either side of a pronoun that is looked at
    MAX_WINDOW = 2000

    def __init__(self) -> None:
        lx = lexicon_()
        self.lx = lx
        #: `_name_gender` kept per name (a name recurs within and across articles)
        self._name_gender_of = lru_cache(maxsize=_CACHE_MAX)(self._name_gender)
        titles = _alt(lx.titles)
        nouns = _alt(lx.role_nouns)
        # "the daughter of King X": a relation to X, not X
        self._of_title = re.compile(rf"\b(?:of|to|for|by|with)[ \t]+(?:(?:the|{titles})\.?[ \t]+)*$", re.I)
        self._multi_nouns = frozenset(n.split()[0] for n in lx.role_nouns if " " in n)
        #: the spellings of a noun (or first word of one) as a word of `_WORD`: lower case,
        #: or its first letter in upper case
        self._noun_spellings = frozenset(spelling for n in {*lx.role_nouns, *self._multi_nouns} if n == n.lower()
                                         for spelling in (n, n[:1].upper() + n[1:]))
        # "the actress", "his daughter", "Kim's daughter", "businessman" right before a name
        # "Jane Doe, a 45-year-old actress," / "Jane Doe, the mother of two"; not "Louis,
        # and his wife" nor "Mussolini, his mistress" (another person), nor "Kim, whose
        # daughter" (matched at the name's end: no "^", which would only match at 0)
        self._noun_after = re.compile(
            rf"[ \t]*,[ \t]*(?:(?:the|a|an)[ \t]+)?(?:(?!(?:and|or|but|his|her|their|its|whose|who|which)\b)[\w-]+[ \t]+){{0,2}}?(?P<noun>{nouns})\b(?!['’])",
            re.I)

    # -- mentions --------------------------------------------------------------------
    def _name_gender(self, tokens: tuple[str, ...]) -> tuple[str | None, str]:
        """The gender a full name gives by itself, and why: its first name (one gender
        in every country that lists it), else a Slavic surname ending after a first name
        the lists do not know ("Zdenka Helemová"); "?" when the two disagree. Nothing
        for a single word, a family name that leads ("Kim Ju-ae"), a first name that is
        also an English word ("Christian Democrats", "Number One Song Stylist") or a
        surname particle ("Di Grassi")."""
        first, last = tokens[0], tokens[-1]
        low = first.lower()
        if len(tokens) == 1:
            if _CZECH_FEMALE.search(first) and _zipf(first) < 3.0:
                return "female", f"surname {first}"  # "Gelemová": Czech and Slovak -ová
            return None, ""
        if len(tokens) < 2 or low in self.lx.surname_first or low in self.lx.ambiguous_given \
                or low in _SURNAME_PARTICLES or _zipf(first) >= 5.5:
            return None, ""
        by_first, by_surname = first_name_gender(first), surname_gender(last)
        if by_first:
            if by_surname and by_surname != by_first:
                return "?", ""
            return by_first, f"first name {first}"
        if by_surname and not known_first_name(first) and _zipf(first) < 3.0:
            return by_surname, f"surname {last}"
        return None, ""

    def _names(self, text: str, tracking: Tracking, sentence_starts: list[int]) -> list[Mention]:
        lx = self.lx
        people, index = tracking.people, {}
        raw: list[tuple[int, int, str, list[str], str | None, str]] = []  # start, end, text, tokens, gender, why
        unknown: list[Mention] = []

        def person_for(key: str) -> int:
            if key not in index:
                index[key] = len(people)
                people.append(Person(key))
            return index[key]

        for m in _NAME_SEQ.finditer(text):
            if m.group() in _SENT_FUNCTION or m.group() in _MONTHS_DAYS:
                continue  # a lone function word or date ("The", "However", "May")
            spans = [(m.start() + offset, t) for offset, t in _sequence_tokens(m.group())]
            # leading function words and dates ("In June", "The")
            article_first = spans[0][1] in ("The", "A", "An")
            while spans and (spans[0][1] in _SENT_FUNCTION or spans[0][1] in _MONTHS_DAYS):
                spans = spans[1:]
            if not spans:
                continue
            before = text[max(0, spans[0][0] - 80):spans[0][0]]
            # titles and capitalised role nouns inside the sequence: the name follows the
            # last one ("Scottish Transport Minister Keith Brown", "Psychologist Veronika
            # Stepanova", "Queen Rania"); the nearest gendered one gives the gender
            title_gender: str | None = None
            title_word = ""
            has_title = False
            last = -1
            for i, (_, t) in enumerate(spans):
                if t in lx.titles or t.lower() in lx.role_nouns:
                    last = i
            if last == len(spans) - 1:
                continue  # titles and no name ("The British Prime Minister")
            if last >= 0:
                has_title = True
                for _, t in reversed(spans[:last + 1]):
                    g = lx.titles.get(t) if t in lx.titles else lx.role_nouns.get(t.lower())
                    if g and not title_gender:
                        title_gender, title_word = g, t
                spans = spans[last + 1:]
            elif len(spans) > 2 and not known_first_name(spans[0][1]):
                # "Tinkoff Group Oleg Tinkov": the name starts at the first known first name
                for j, (_, t) in enumerate(spans[:-1]):
                    if j and known_first_name(t) and t.lower() not in lx.ambiguous_given and _zipf(t) < 5.5:
                        spans = spans[j:]
                        break
            for t in (_titles_before(before, lx.titles) if last < 0 else ()):
                has_title = True
                if lx.titles.get(t) and not title_gender:
                    title_gender, title_word = lx.titles[t], t
            while spans and spans[0][1] in _MONTHS_DAYS:
                spans = spans[1:]
            if not spans:
                continue
            start = spans[0][0]
            tokens = [t for _, t in spans]
            before = text[max(0, start - 80):start]
            first = tokens[0]
            if tokens[-1].lower() in lx.not_surnames:
                continue
            if any(t in lx.not_person_words for t in tokens):
                continue  # "Marine Brigade", "James Webb Space Telescope"
            prev = _last_word(before)
            if prev in _SHIP_PREFIXES:
                continue  # a ship ("USS Wallace L. Lind")
            if not has_title and (prev in ("the", "a", "an") or article_first):
                continue  # "the Egyptians", "the Marine Brigade": a group, a place, a thing
            sentence_initial = _is_sentence_initial(text, start, sentence_starts)
            end = m.end()
            gender, why = title_gender, (f"title {title_word}" if title_gender else "")
            noun = _noun_before(before, lx.role_nouns) if not has_title or not title_gender else None
            if noun and lx.role_nouns.get(noun.lower()):
                g = lx.role_nouns[noun.lower()]
                gender, why = (g, f"role noun '{noun}'") if gender in (None, g) else ("?", "")
            # (the pattern begins with spaces and a comma: only then is it tried)
            after = self._noun_after.match(text, end, min(len(text), end + 60)) \
                if text[end:end + 60].lstrip(" \t").startswith(",") else None
            if after and lx.role_nouns.get(after.group("noun").lower()):
                g = lx.role_nouns[after.group("noun").lower()]
                gender, why = (g, f"role noun '{after.group('noun')}'") if gender in (None, g) else ("?", "")
            surname_first = first.lower() in lx.surname_first
            g, name_why = self._name_gender_of(tuple(tokens))
            if g is None and len(tokens) == 1 and _REGNAL.match(text, end):
                # "Napoleon I", "Alfonso X", "Elizabeth II": a monarch's first name
                g = first_name_gender(first)
                name_why = f"first name {first}" if g else ""
            if g is not None:
                gender, why = (g, why or name_why) if gender in (None, g) else ("?", "")
            is_person = bool(
                gender or has_title or len(tokens) >= 2 and (known_first_name(first) or surname_first)
                or noun or (after and lx.role_nouns.get(after.group("noun").lower()))
                or _AGE_BEFORE.fullmatch(prev) or before.rstrip().endswith(("aged", "age"))
                or (len(tokens) == 1 and known_first_name(first) and _zipf(first) < (4.0 if not sentence_initial else 3.8))
                or _VERB_AFTER.match(text, end) and (not sentence_initial or not _common_words(tokens)
                                                     or known_first_name(first) and _zipf(first) < 5.0))
            if not is_person and len(tokens) <= 3 and not (sentence_initial and len(tokens) == 1) \
                    and all(_zipf(t) < 3.5 for t in tokens) and prev.lower() not in _PLACE_BEFORE:
                # an unknown capitalised word ("mocked Cosby for his ..."): maybe a person
                unknown.append(Mention(start, end, -1, None, "unknown"))
                continue
            if not is_person:
                continue
            if gender in ("male", "female"):
                raw.append((start, end, " ".join(tokens), tokens, gender, why))
            else:
                raw.append((start, end, " ".join(tokens), tokens, None, ""))

        # people: one per full name; a surname alone resolves to the one person bearing it
        by_surname: dict[str, set[int]] = {}
        mentions: list[Mention] = []
        for start, end, name, tokens, gender, why in raw:
            surname_first = tokens[0].lower() in lx.surname_first
            key: str | None = name if len(tokens) >= 2 else None
            if key is None:
                # a single token: an earlier full name ending with it, else its own key
                owners = by_surname.get(tokens[0], set())
                key = people[next(iter(owners))].key if len(owners) == 1 else (None if owners else tokens[0])
            if key is None:
                unknown.append(Mention(start, end, -1, None, "unknown"))
                continue
            pid = person_for(key)
            p = people[pid]
            p.forms.add(name)
            if gender:
                p.evidence[gender].add(why or "name")
            if len(tokens) >= 2 and not surname_first:
                by_surname.setdefault(tokens[-1], set()).add(pid)
                # an earlier lone surname that is this person's: merge its evidence
                if tokens[-1] in index and index[tokens[-1]] != pid:
                    old = people[index[tokens[-1]]]
                    for g in ("male", "female"):
                        p.evidence[g] |= old.evidence[g]
            mentions.append(Mention(start, end, pid, gender, "name"))
        # a lone surname mentioned before its full name: point it at the full name's person
        fixed = []
        for x in mentions:
            p = people[x.person]
            owners = by_surname.get(p.key, set())
            if " " not in p.key and len(owners) == 1:
                fixed.append(Mention(x.start, x.end, next(iter(owners)), x.gender, "name"))
            elif " " not in p.key and len(owners) > 1:
                fixed.append(Mention(x.start, x.end, -1, None, "unknown"))
            else:
                fixed.append(x)
        # a surname shared by people of different genders: every lone use is unknown
        return fixed + unknown

    def _noun_candidates(self, text: str):
        """The person nouns of ``text`` as match objects, longest first where two words
        make one ("prime minister", "first lady"): the words of the text (`_WORD`) that
        are nouns, much faster than one alternation of every noun."""
        multi = self._multi_nouns
        for m in self._noun_words(text):
            low = m.group().lower()
            if low in multi:
                two = _TWO_WORDS.match(text, m.start())
                if two and _SPACES.sub(" ", two.group().lower()) in self.lx.role_nouns:
                    yield two
                    continue
            if low in self.lx.role_nouns and not _HYPHEN_NEXT.match(text, m.end()):
                yield m

    def _noun_words(self, text: str) -> list:
        """The `_WORD` matches of ``text`` (as ``_WORD.finditer`` finds them) whose lower
        case is a person noun or the first word of one. A word of `_WORD` has at most its
        first letter in upper case, so these are the places where a noun occurs in one of
        its two spellings (a set intersection finds which) that `_WORD` matches in full;
        after a hyphen such a place may be inside a longer word ("ex-wife"), and only
        then are all the words matched one by one."""
        found = set(_WORD.findall(text)) & self._noun_spellings
        if not found:
            return []
        out = []
        for word in found:
            pos = text.find(word)
            while pos >= 0:
                m = _WORD.match(text, pos)
                if m is not None and m.end() == pos + len(word):
                    if pos and text[pos - 1] == "-":
                        return [m for m in _WORD.finditer(text) if m.group() in self._noun_spellings]
                    out.append(m)
                pos = text.find(word, pos + 1)
        out.sort(key=lambda m: m.start())
        return out

    def _nouns(self, text: str, names: list[Mention]) -> list[Mention]:
        """Person nouns not in apposition to a name ("the woman", "his wife")."""
        starts = sorted((m.start, m.end) for m in names)
        out = []
        for m in self._noun_candidates(text):
            word = m.group().lower()
            i = bisect.bisect_left(starts, (m.end(),))
            if i < len(starts) and starts[i][0] - m.end() <= 3 and text[m.end():starts[i][0]].strip(" ,") == "":
                continue  # "actress Jane Doe": the name is the mention
            if i < len(starts) and starts[i][0] - m.end() <= 60:
                gap = text[m.end():starts[i][0]]
                words = _GAP_WORD.findall(gap)
                if len(words) <= 8 and not _GAP_PUNCTUATION.search(gap) \
                        and not any(_VERB_LIKE.fullmatch(w) for w in words) \
                        and not self._of_title.search(gap):
                    continue  # "entrepreneur and founder of the Tinkoff Group Oleg Tinkov"
            if i > 0 and _APPOSITION_BEFORE.match(text[starts[i - 1][1]:m.start()]):
                continue  # "Jane Doe, an actress"
            if m.group()[0].isupper() and word in ("man", "son", "host", "one"):
                continue
            # a capitalised title word right before a capitalised word is a title, not a noun
            nxt = text[m.end():m.end() + 2]
            if m.group()[0].isupper() and _SPACE_CAPITAL.match(nxt):
                continue  # "General Assembly", "President Xi" (the name is the mention)
            out.append(Mention(m.start(), m.end(), -1, self.lx.role_nouns.get(word), "noun"))
        return out

    # -- pronouns --------------------------------------------------------------------
    def track(self, article: Article, quotes: list[tuple[int, int]] | None = None) -> Tracking:
        text = article.text
        tracking = Tracking([], [], [])
        sentences = article.sentences
        sstarts = [s.start for s in sentences]
        names = self._names(text, tracking, sstarts)
        mentions = sorted(names + self._nouns(text, names), key=lambda x: (x.start, x.end))
        tracking.mentions = mentions
        quotes = quotes or []
        people = tracking.people
        chain: list[Mention] = []  # pronouns resolved or unresolved, in order
        mstarts = [x.start for x in mentions]
        pstarts = [p.start for p in article.paragraphs]
        speech = [m.start() for m in _SPEECH.finditer(text)]
        nautical: list[int] | None = None  # found at the first "she" or "her" that needs them
        for k, whole in enumerate(sentences):
            for pm in PRONOUN.finditer(text, whole.start, whole.end):
                word = pm.group()
                # a run-on "sentence" (a text without sentence ends) is looked at only
                # near the pronoun, so that the work stays linear in the text
                sent = Span(max(whole.start, pm.start() - self.MAX_WINDOW), min(whole.end, pm.end() + self.MAX_WINDOW))
                gender = PRONOUN_GENDER[word.lower()]
                if _inside(quotes, pm.start()):
                    tracking.links.append(PronounLink(pm.start(), pm.end(), word, gender, "quoted"))
                    continue
                if gender == "female":
                    if nautical is None:
                        nautical = _nautical_positions(text)
                    if _any_in(nautical, sent.start, sent.end):
                        tracking.links.append(PronounLink(pm.start(), pm.end(), word, gender, "ship"))
                        continue
                if _any_in(speech, sent.start, sent.end):
                    tracking.links.append(PronounLink(pm.start(), pm.end(), word, gender, "speech"))
                    continue
                lo = max(sentences[max(0, k - self.WINDOW)].start, pm.start() - self.MAX_WINDOW)
                if word.lower() in ("himself", "herself"):
                    lo = sent.start  # a reflexive is bound inside its own sentence
                cands = self._candidates(mentions, mstarts, chain, lo, pm.start())
                if not any(c.start >= sent.start for c in cands) and _DET_SUBJECT.match(text, sent.start, pm.start()):
                    cands.append(Mention(sent.start, sent.start, -1, None, "unknown"))
                last = max((c.end for c in cands if c.start >= sent.start), default=sent.start)
                np = _NP_SUBJECT.search(text, last, pm.start())
                if np:  # "Anna Gauer, probably the mite will not use a trap, he is ...": the mite
                    cands.append(Mention(np.start(), np.end(), -1, None, "unknown"))
                if not any(c.start >= sent.start for c in cands):
                    cands += self._cataphora(text, sent, pm, mentions, mstarts)
                source = _SOURCE_PHRASE.match(text, sent.start, pm.end())
                if source and word.lower() in ("he", "she"):
                    # "According to historian Oana Băluță, he ...": not the source
                    cands = [c for c in cands if not (source.start() <= c.start < source.end())]
                bound = self._bound(text, sent.start, pm, cands, people)
                if bound is not None:
                    cands = [bound]
                elif is_object(text, pm.start(), pm.end()):
                    # "Andrea would move there to be with him": not Andrea (an object
                    # pronoun is never its own clause's subject)
                    subject = self._clause_subject(text, sent.start, pm, cands, objects=True)
                    if subject is not None and subject.person >= 0:
                        cands = [c for c in cands if c.person != subject.person]
                compatible = [c for c in cands if self._gender_of(c, people) in (None, gender)]
                if compatible:
                    best = max(compatible, key=lambda c: (c.person >= 0, c.start))
                    entities = {c.person if c.person >= 0 else ("?", c.start) for c in compatible}
                    if best.person >= 0 and len(entities) == 1:
                        # only an unambiguous resolution establishes a gender
                        people[best.person].votes[gender] += 1
                    link = PronounLink(pm.start(), pm.end(), word, gender, "resolved", best.person, len(cands))
                    chain.append(Mention(pm.start(), pm.end(), best.person, gender, "pronoun"))
                elif not cands:
                    link = PronounLink(pm.start(), pm.end(), word, gender, "unresolved")
                    chain.append(Mention(pm.start(), pm.end(), -1, gender, "pronoun"))
                else:
                    rivals_lo = max(sentences[max(0, k - self.RIVALS)].start, pm.start() - self.MAX_WINDOW)
                    para = pstarts[bisect.bisect_right(pstarts, pm.start()) - 1] if pstarts else 0
                    if rivals_lo < para and any(c.kind == "name" and c.start >= para for c in cands):
                        rivals_lo = para  # the person is named in this paragraph: its rivals too
                    rivals = self._candidates(mentions, mstarts, chain, rivals_lo, pm.start())
                    rival = any(self._gender_of(c, people) in (None, gender) and c.kind != "noun"
                                or self._gender_of(c, people) == gender for c in rivals)
                    named = [c for c in cands if c.person >= 0]
                    if bound is not None:
                        # a bound possessive still yields to a person of its own gender
                        # by strong evidence close before ("Mila Kunis starred. Critic
                        # Joe Morgenstern praised her beauty.")
                        named = [bound]
                        rival = any(self._strong_gender_of(c, people) == gender for c in rivals)
                    # every candidate is of the other gender; the antecedent is the most
                    # salient named one (the latest), and there must be one
                    if named and not rival:
                        pid = max(named, key=lambda c: c.start).person
                        link = PronounLink(pm.start(), pm.end(), word, gender, "contradiction", pid, len(cands),
                                           people[pid].gender, people[pid].why)
                        # the chain keeps the person it was about, with the person's gender
                        chain.append(Mention(pm.start(), pm.end(), pid, people[pid].gender, "pronoun"))
                    else:
                        link = PronounLink(pm.start(), pm.end(), word, gender, "ambiguous", -1, len(cands))
                        chain.append(Mention(pm.start(), pm.end(), -1, gender, "pronoun"))
                tracking.links.append(link)
        return tracking

    @staticmethod
    def _bound(text: str, sent_start: int, pm, cands: list[Mention], people: list[Person]) -> Mention | None:
        """The subject a possessive or reflexive pronoun in its own verb phrase is bound
        to ("Kim Ju-ae cupped his father's cheeks", "Edgar Veguilla suffered wounds to
        her arm"): the clause subject (`_clause_subject`), a named person of strong
        gender, with no person of the pronoun's gender earlier in the sentence. Rivals
        in earlier sentences do not compete with it."""
        if is_object(text, pm.start(), pm.end()):
            return None
        c = Tracker._clause_subject(text, sent_start, pm, cands)
        if c is None or c.person < 0 or people[c.person].gender is None or c.kind != "name":
            return None
        gender = PRONOUN_GENDER[pm.group().lower()]
        if any(people[x.person].gender == gender for x in cands if x.start >= sent_start and x.person >= 0):
            return None  # someone of the pronoun's gender earlier in the sentence
        return c

    @staticmethod
    def _clause_subject(text: str, sent_start: int, pm, cands: list[Mention], objects: bool = False) -> Mention | None:
        """The last mention of the sentence before the pronoun when it is the subject of
        the pronoun's own clause: a verb and a few words between them, no clause
        boundary, other person or reporting verb, and nothing but its own modifiers
        between the clause start and it. For an object pronoun (``objects``) a
        preposition does not end the clause ("who was with him")."""
        inside = [c for c in cands if c.start >= sent_start and (objects or c.kind != "pronoun")]
        if not inside:
            return None
        c = max(inside, key=lambda c: c.start)
        between = text[c.end:pm.start()]
        boundary = _CLAUSE_WORD if not objects else _CLAUSE_WORD_NO_PREP
        aside = _PARENTHETICAL.match(between)
        if aside:  # "Rani Shahi, who later suppressed the strike, punched him"
            between = between[aside.end() - 1:]
        else:
            rel = _RELATIVE_SUBJECT.match(between)
            if rel:  # "Padme, who announces his pregnancy": who is Padme
                vp = between[rel.end() - 1:]
                return c if _BOUND_VP.fullmatch(vp) and not boundary.search(vp) else None
        if not _BOUND_VP.fullmatch(between) or boundary.search(between):
            return None
        # the subject: nothing but its own modifiers between the clause start and it
        # ("At one point, Kim Ju-ae cupped ..."; not "Berlusconi married ... Francisca
        # Pascal in his chapel")
        head = _CLAUSE_START.split(text[sent_start:c.start])[-1]
        words = _GAP_WORD.findall(head)
        if len(words) > 6 or any(_VERB_LIKE.fullmatch(w) for w in words):
            return None
        return c

    @staticmethod
    def _strong_gender_of(c: Mention, people: list[Person]) -> str | None:
        """A candidate's gender by evidence other than pronouns resolved to it (a name, a
        title, a role noun), or an unresolved pronoun's own."""
        if c.person < 0:
            return c.gender
        p = people[c.person]
        m, f = p.evidence["male"], p.evidence["female"]
        return "male" if m and not f else "female" if f and not m else None

    @staticmethod
    def _gender_of(c: Mention, people: list[Person]) -> str | None:
        """What a candidate's gender is taken to be: a tracked person's strong gender
        (None when unknown or contradictory), else the mention's own (a role noun, or the
        pronoun of an unresolved chain link)."""
        return people[c.person].gender if c.person >= 0 else c.gender

    @staticmethod
    def _candidates(mentions, mstarts, chain, lo: int, hi: int) -> list[Mention]:
        out = []
        for j in range(bisect.bisect_left(mstarts, lo), len(mentions)):
            x = mentions[j]
            if x.start >= hi:
                break
            if x.end <= hi:
                out.append(x)
        for x in reversed(chain):
            if x.start < lo:
                break
            out.append(x)
        return out

    @staticmethod
    def _cataphora(text: str, sent, pm, mentions, mstarts) -> list[Mention]:
        """The subject after a fronted phrase holding the pronoun ("During his visit to
        Brunei, Prime Minister X said ..."): the first mention after the phrase's comma."""
        head = text[sent.start:pm.start()]
        if not _FRONTED.match(head.lstrip('"“ ')) or ("," in head and pm.group().lower() in ("he", "she")):
            return []
        comma = text.find(",", pm.end(), sent.end)
        if comma < 0 or _COMMA_POSSESSIVE.match(text[comma:comma + 8]):
            return []  # "While he was a psychiatrist, his wife ...": the wife is not he
        after = _COMMA_SUBJECT.match(text[comma:comma + 6])
        if after:  # "On the eve of her wedding to Ham, she abandons him": she
            return [Mention(comma + 2, comma + 2 + len(after.group("p")), -1, PRONOUN_GENDER[after.group("p")],
                            "pronoun")]
        j = bisect.bisect_left(mstarts, comma)
        if j < len(mentions) and mentions[j].start < sent.end and mentions[j].start - comma < 40 \
                and _VERB_AFTER.match(text, mentions[j].end + (text[mentions[j].end:mentions[j].end + 1] == ",")):
            return [mentions[j]]
        return []


#: a word that every match of `_NAUTICAL` holds (in lower case), and the characters that
#: `_NAUTICAL` (ignoring case) takes for an ASCII letter whose lower case is not that letter
_NAUTICAL_STEMS = ("sail", "steam", "launched", "commissioned", "anchored", "moored", "docked", "berthed",
                   "ran aground", "sank", "scuttled", "refitted", "convoy", "escorted", "torpedoed", "shipyard",
                   "tons", "knots", "hull", "voyage", "maiden")
_NAUTICAL_FOLDS = "\u0130\u017f\u212a"  # İ (i), ſ (s), K (k)


def _nautical_positions(text: str) -> list[int]:
    """Where `_NAUTICAL` matches in ``text``; a text without any of its words (most)
    is not scanned with the pattern (slow: an alternation that ignores case)."""
    if not any(ch in text for ch in _NAUTICAL_FOLDS):
        low = text.lower()
        if not any(stem in low for stem in _NAUTICAL_STEMS):
            return []
    return [m.start() for m in _NAUTICAL.finditer(text)]


def is_object(text: str, start: int, end: int) -> bool:
    """True when the pronoun at ``text[start:end]`` is an object: "him", and "her" not
    followed by a noun ("told her", "asked her twice", "caught her cheating"; not "her
    car", "her own")."""
    w = text[start:end].lower()
    if w == "him":
        return True
    return w == "her" and (not _DETERMINER_NEXT.match(text, end)
                           or bool(_ING_NEXT.match(text[end:end + 30])))


def _any_in(positions: list[int], start: int, end: int) -> bool:
    """True if one of the sorted ``positions`` lies in ``[start, end)``."""
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


@lru_cache(maxsize=_CACHE_MAX)
def _sequence_tokens(sequence: str) -> tuple[tuple[int, str], ...]:
    """The name tokens of a capitalised-word sequence with their offsets in it (kept per
    sequence: names recur)."""
    return tuple((t.start(), t.group()) for t in _TOKEN_RE.finditer(sequence))


def _last_word(before: str) -> str:
    """The word right before a name, when only spaces separate them ("" otherwise)."""
    if not before or before[-1] not in " \t":
        return ""
    parts = before.rsplit(None, 1)
    return parts[-1] if parts else ""


def _titles_before(before: str, titles) -> list[str]:
    """The titles right before a name, nearest first ("Michigan Gov. " -> ["Gov"])."""
    out = []
    words = before.split() if before and before[-1] in " \t" else []
    while words and words[-1].rstrip(".") in titles and (words[-1].endswith(".") or words[-1].isalpha()):
        out.append(words.pop().rstrip("."))
    return out


def _noun_before(before: str, nouns) -> str | None:
    """A person noun right before a name, a comma allowed between ("the actress ",
    "his wife, "); two-word nouns too ("first lady ")."""
    words = before.rstrip(" \t").rstrip(",").split()
    if not words or not before[-1:].isspace() and not before.rstrip(" \t").endswith(","):
        return None
    if len(words) >= 2 and f"{words[-2]} {words[-1]}".lower() in nouns:
        return f"{words[-2]} {words[-1]}"
    w = words[-1]
    return w if w.lower() in nouns and w.isalpha() else None


def _zipf(word: str) -> float:
    from auditor.rules.untranslated import english_zipf

    return english_zipf(word.lower())


def _common_words(tokens: list[str]) -> bool:
    """True when every token is a common English word ("Police", "Parliament")."""
    return all(_zipf(t) >= 4.0 for t in tokens)


def _is_sentence_initial(text: str, pos: int, starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and text[starts[i]:pos].strip(" \t\"“‘'(") == ""


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(regions, (pos, float("inf"))) - 1
    return i >= 0 and regions[i][0] <= pos < regions[i][1]


@lru_cache(maxsize=1)
def tracker() -> Tracker:
    return Tracker()


def track(article: Article, quotes: list[tuple[int, int]] | None = None) -> Tracking:
    """The people of ``article`` and what each third-person singular pronoun refers to."""
    return tracker().track(article, quotes)
