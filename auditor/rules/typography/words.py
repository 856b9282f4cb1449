"""Word-level typography: glued words, doubled words, inverted French clitics
(TYP001, TYP008, TYP013)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from auditor import lexicon
from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.rules.base import Rule, RuleContext, register
from auditor.rules.typography._common import FAMILY, known, pack_set, zipf

# Lower-case alphabetic tokens of 8+ letters, not part of a URL, handle, hashtag,
# e-mail address, file name, hyphenated compound or code identifier.
_LONG_LOWER = re.compile(r"(?<![\w#@/\\.\-'’&+=_])[a-z]{5,40}(?![\w@/\\\-_+=]|[.'’][A-Za-z0-9])")
_SHORT = 8  # tokens shorter than this split only into two very common words ("ofthe")
_MIN_SHORT_PART = 4.5
_TWO_LETTER = frozenset("of to in on at by an as is it be we he me my no so up us or do go if am".split())
_MIN_PART = 2.5  # every part is a word (zipf >= 2.5: three times per ten million words)
_FUNCTION_WORD = 6.0  # zipf of "the", "of", "with", "have", "this": glue with these is never a compound
_MIN_CONTENT = 3.0  # two content words must both be common ...
_MIN_CONTENT_SUM = 9.0  # ... and the pair likely
_MIN_ANCHORED = (5.5, 10.0)  # or one part very common (a frequent verb, noun) and the pair likelier
_MIN_GAIN_3 = 18.5  # z1 + z2 + z3 for a three-way split
_MAX_KNOWN_GLUE = 2.5  # a known token rarer than this may still be a glue ("theworld")
_MAX_FUNCTION_GLUE = 3.5  # "ofthe" (3.3) is a frequent typo, still two words
_TOP_WORD = 6.5  # zipf of the commonest function words: the, of, and, to, in, is, for
_NEGATING_PREFIXES = frozenset({"in", "on"})
_PARTICLES = frozenset({"in", "on", "up", "out", "off", "down", "over", "back"})


def _part_ok(part: str, minimum: float = _MIN_PART) -> float:
    if len(part) < 2 or (len(part) == 2 and part not in _TWO_LETTER):
        return 0.0
    z = zipf(part)
    return z if z >= minimum else 0.0


def _not_compound_head(left: str, endings: tuple[str, ...]) -> bool:
    """A first part that cannot head an English closed compound: a participle, an
    adverb, an adjective with a typical ending, a regular plural ("efficientoperation",
    "weaponsclashing")."""
    if len(left) < 6:
        return False  # "speed", "fish", "plant": too short to judge by the ending
    if left.endswith(endings):
        return True
    return left.endswith("s") and not left.endswith(("ss", "us", "is", "ics", "ws"))


def _two_way(left: str, right: str, z1: float, z2: float, known_token: float) -> float | None:
    """Score of the split ``left|right`` (sum of zipf), or None when it is not a glue."""
    if left in pack_set("glued", "prefixes"):
        return None
    if right in pack_set("glued", "suffixes"):
        # "checkin", "lookup" are compounds; "includedin", "filledup" are not
        if not (right in _PARTICLES and _not_compound_head(left, _endings())):
            return None
    if right == "or" and left[-1] in "tsrnd":
        return None  # "suggestor", "preventor": a (misspelt) agent noun
    if left in _NEGATING_PREFIXES and z2 < _FUNCTION_WORD:
        return None  # "instable", "indiscriminating": a negative prefix, not "in"
    score = z1 + z2
    if len(left) + len(right) < _SHORT:
        ok = max(z1, z2) >= _FUNCTION_WORD and min(z1, z2) >= (_TOP_WORD if known_token else _MIN_SHORT_PART)
    elif max(z1, z2) >= _FUNCTION_WORD:
        ok = True
    elif known_token:
        ok = False  # a rare known word splits only around a function word
    elif min(z1, z2) < _MIN_CONTENT:
        ok = False
    elif max(z1, z2) >= _MIN_ANCHORED[0] and score >= _MIN_ANCHORED[1]:
        ok = True
    else:
        ok = score >= _MIN_CONTENT_SUM and (_not_compound_head(left, _endings()) or right.endswith("ly"))
    if ok and known_token and score - 9.0 < known_token + 2.0:
        ok = False
    return score if ok else None


def _two_function_words(token: str, known_token: float) -> tuple[str, str] | None:
    """A frequent web typo made of two top function words ("ofthe", "inthe", "tothe"),
    which no real word of that frequency is ("atone", "forgo" have a weaker part)."""
    if known_token >= _MAX_FUNCTION_GLUE:
        return None
    for i in range(2, len(token) - 1):
        left, right = token[:i], token[i:]
        if _part_ok(left, _TOP_WORD) and _part_ok(right, _TOP_WORD):
            return left, right
    return None


@lru_cache(maxsize=None)
def _endings() -> tuple[str, ...]:
    return tuple(pack_set("glued", "head_endings"))


@lru_cache(maxsize=65536)
def best_split(token: str) -> tuple[str, ...] | None:
    """The most likely split of an unknown (or rare) lower-case token into 2 (or 3)
    words, or None when no split is clearly likelier than the token being one word."""
    known_token = zipf(token) if known(token) else 0.0
    if known_token >= _MAX_KNOWN_GLUE:
        return _two_function_words(token, known_token)
    best: tuple[float, tuple[str, ...]] | None = None
    n = len(token)
    for i in range(2, n - 1):
        left, right = token[:i], token[i:]
        z1 = _part_ok(left)
        if not z1:
            continue
        z2 = _part_ok(right)
        if not z2:
            continue
        score = _two_way(left, right, z1, z2, known_token)
        if score is not None and (best is None or score > best[0]):
            best = (score, (left, right))
    if best is not None or known_token or n < _SHORT:
        return best[1] if best else None
    prefixes = pack_set("glued", "prefixes")
    suffixes = pack_set("glued", "suffixes")
    for i in range(2, n - 3):
        left = token[:i]
        z1 = _part_ok(left, _MIN_CONTENT)
        if not z1 or left in prefixes:
            continue
        for j in range(i + 2, n - 1):
            mid, right = token[i:j], token[j:]
            z2 = _part_ok(mid, _MIN_CONTENT)
            if not z2:
                continue
            z3 = _part_ok(right, _MIN_CONTENT)
            if not z3 or right in suffixes:
                continue
            score = z1 + z2 + z3
            if score >= _MIN_GAIN_3 and (best is None or score > best[0]):
                best = (score, (left, mid, right))
    return best[1] if best else None


@register
class GluedWords(Rule):
    """Two or three words written without the space between them.

    What it does:
        Looks at lower-case alphabetic tokens of five letters or more that are not words
        of English by `wordfreq` frequency (or are rare web typos such as "ofthe") and
        splits them where the split is far likelier than the token: around a function
        word ("attackbecause", "informationand", "ofthe"), or between two common content
        words when the first cannot head a closed compound (a participle, an adverb, an
        adjective, a plural: "efficientoperation"). Two nouns ("pricelist") may be a
        compound and are left alone, as are derivations (a known prefix such as "anti",
        "counter", "over", or suffix such as "wide", "like"), agent nouns ("preventor"),
        names (capitalised), URLs, handles, hashtags, e-mails, hyphenated compounds and
        code identifiers. Tokens under eight letters split only into two very common
        words ("andthe"). Three-way splits are tried for long tokens.

    Why it matters:
        Text extraction that removes a link, an italic span or a line break between two
        words glues them together.

    Example:
        ``a preventive attackbecause with a simple retaliation`` ->
        ``a preventive attack because with a simple retaliation``

    Fix safety:
        Unsafe: where the space goes (and whether a comma belongs there too) is a
        judgement.
    """

    code = "TYP001"
    name = "glued-words"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "unsafe"

    def warm_up(self) -> None:
        zipf("the")

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        english = lexicon.zipf_table("en")
        for m in _LONG_LOWER.finditer(text):
            token = m.group()
            if english.get(token, 0.0) >= _MAX_FUNCTION_GLUE:
                continue  # fast path: a common word (known, and that frequent)
            parts = best_split(token)
            if parts is None:
                continue
            fixed = " ".join(parts)
            yield self.finding(
                article, m.start(), m.end(), f"Glued words: {token!r} reads as {fixed!r}.",
                replacements=[Replacement(m.start(), m.end(), fixed, Applicability.UNSAFE, f"split into {fixed!r}")],
                confidence=0.8,
                evidence={"zipf": [round(zipf(p), 2) for p in parts]},
            )


_DOUBLED = re.compile(
    r"(?<![\w'’\-.@#/])([^\W_](?:[\w'’\-–/.,:]*[^\W_])?)"
    r"((?:[)\]\"”’]?(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)[(\[\"“‘]?\1)+)(?![\w'’\-/]|[.,:]\w)",
    re.IGNORECASE,
)
# A Chinese given name is often a doubled syllable ("Lang Lang", "Bing Bing").
_PINYIN_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:[aeiou]|ai|ei|ao|ou|ia|ie|iao|iu|ua|uo|uai|ui|ue)(?:n|ng)?", re.I
)
_THOUSANDS_GROUP = re.compile(r"\d{3}")
_NAME_LIKE = frozenset({"will", "may", "can", "bill", "mark", "grace", "hope", "rose", "august", "june"})
_NOT_WORD = re.compile(r"[^\w\s]+")
_LAUGHTER = frozenset("ha haha ho he hee la na blah bla ya yo boo hip".split())


_CLAUSE_END = re.compile(r"[.,;:!?](?:\s|$|[\"”’)\]])")


@register
class DoubledWord(Rule):
    """The same word written twice (or more) in a row.

    What it does:
        Flags "the the", "food food", "Minister Minister" and longer runs ("food food
        food food"). Doublings that English allows ("that that", "had had", "is is",
        "bye bye", "very very"), reduplicated place names ("Walla Walla", "Bora Bora")
        and capitalised pairs that are names rather than common words ("Lang Lang") are
        allowed when doubled, but flagged when tripled.

    Why it matters:
        A repeated word is one of the commonest MT and editing slips (DEMETR's
        "repetition" perturbations); a careful editor never lets one pass.

    Example:
        ``died after eating contaminated pet food food.`` -> ``... pet food.``

    Fix safety:
        Safe for function words ("the the", "of of"), whose doubling is never
        grammatical, and for a lower-case word doubled right before a clause ends
        ("pet food food." -> "pet food."): the second copy cannot open a new clause, so
        the reading "for life, life is ..." with a lost comma is ruled out. Unsafe
        otherwise (deleting a content word mid-clause, a capitalised word or a run of
        three or more is a judgement).
        Doubled function words and runs of three or more are reported as errors (a
        careful editor never lets them pass); other doublings as warnings.
    """

    code = "TYP013"
    name = "doubled-word"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        allowed = pack_set("doubled", "allowed")
        names = pack_set("doubled", "names")
        safe_words = pack_set("doubled", "safe_to_delete")
        tokens = _NOT_WORD.sub("", text.lower()).split()
        if not any(map(str.__eq__, tokens, tokens[1:])):
            return  # fast path: no two neighbouring tokens are the same word
        for m in _DOUBLED.finditer(text):
            word = m.group(1)
            span_text = m.group()
            if "\n\n" in span_text or "\n \n" in span_text:
                continue
            gap = m.group(2)[: -len(word)]
            if len(span_text.split()) == 2 and ("(" in gap or "[" in gap) and not (")" in gap or "]" in gap):
                continue  # "energy (energy of enlightenment)": a gloss, not a repeat
            lower = word.lower()
            words = [w.strip("()[]\"“”‘’") for w in span_text.split()]
            repeats = len(words) - 1
            if word[0].isdigit():
                if repeats == 1 and _THOUSANDS_GROUP.fullmatch(word):
                    continue  # "100 100" may be 100,100 with a space as thousands separator
                if any(w != words[0] for w in words[1:]):
                    continue
            if repeats == 1:
                if lower in names or (lower in allowed and not _sentence_final(text, m.end())):
                    continue
                if words[1] != words[0] and not (
                    words[0][:1].isupper() and _sentence_initial(text, m.start())
                    and lower in safe_words and lower not in _NAME_LIKE
                ):
                    continue  # "Will will", "May may": a name then a word; "The the" is flagged
                if word[:1].isupper() and _PINYIN_SYLLABLE.fullmatch(word):
                    continue  # "Lang Lang": a Chinese name
            elif repeats == 2 and lower in names or lower in _LAUGHTER:
                continue
            first_end = m.start(1) + len(word)
            ends_clause = bool(_CLAUSE_END.match(text, m.end()))
            # "food food." / "food food,": the second copy ends the clause, so it cannot be
            # the first word of a new one ("for life life is" may be "for life, life is")
            lone_repeat = repeats == 1 and word.islower() and word.isalpha() and ends_clause and lower not in allowed
            applicability = Applicability.SAFE if lower in safe_words or lone_repeat else Applicability.UNSAFE
            yield self.finding(
                article, m.start(), m.end(),
                f"Word {word!r} repeated{' ' + str(repeats + 1) + ' times' if repeats > 1 else ''}.",
                replacements=[Replacement(first_end, m.end(), "", applicability, "delete the repeat")],
                confidence=0.9 if repeats > 1 or applicability is Applicability.SAFE else 0.8,
                severity=Severity.ERROR if repeats > 1 or applicability is Applicability.SAFE else None,
            )


def _sentence_final(text: str, pos: int) -> bool:
    while pos < len(text) and text[pos] in ")]\"”’'":
        pos += 1
    return pos >= len(text) or (text[pos] in ".!?" and (pos + 1 >= len(text) or not text[pos + 1].isalnum()))


def _sentence_initial(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"“‘'(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"


_PRONOUNS = "he|she|it|they|we|you|I|one|il|elle|on|ils|elles|nous|vous"
_INVERTED = re.compile(rf"-(?:t-)?({_PRONOUNS})(?![\w\-])")


@register
class InvertedClitic(Rule):
    """A subject pronoun hyphenated after its verb, as French inverts it.

    What it does:
        Flags a verb joined by a hyphen to a following subject pronoun: "said-he",
        "does-it", "a-t-il" rendered as "has-he". Only verbs of speech and auxiliaries
        (a list in the ``typography`` pack) are considered, so compounds such as
        "know-it-all" and "do-it-yourself" are left alone.

    Why it matters:
        French writes "a-t-il dit", "dit-elle", "est-ce"; a literal translation keeps the
        inversion and the hyphen, which English never uses.

    Example:
        ``“We will respond,” said-he.`` -> ``“We will respond,” he said.``

    Fix safety:
        Unsafe: the fix reorders the words ("he said") for verbs of speech and only
        removes the hyphen for auxiliaries ("does it"), which may still need rewording.
    """

    code = "TYP008"
    name = "inverted-clitic"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "unsafe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if "-" not in text:
            return
        verbs = pack_set("clitic", "verbs")
        auxiliaries = {"does", "did", "do", "is", "was", "are", "were", "has", "have", "had", "can", "could",
                       "will", "would", "should", "must", "may", "might", "shall"}
        for m in _INVERTED.finditer(text):
            pronoun = m.group(1)
            start = m.start()
            while start > 0 and text[start - 1].isalpha():
                start -= 1
            verb = text[start : m.start()]
            if verb not in verbs or (start > 0 and text[start - 1] in "-_"):
                continue
            if pronoun in {"il", "elle", "on", "ils", "elles", "nous", "vous"}:
                fixed = None
            elif verb in auxiliaries:
                fixed = f"{verb} {pronoun}"
            else:
                fixed = f"{pronoun} {verb}"
            replacements = [Replacement(start, m.end(), fixed, Applicability.UNSAFE, f"write {fixed!r}")] if fixed else []
            yield self.finding(
                article, start, m.end(), f"Inverted subject pronoun {text[start:m.end()]!r} (French word order).",
                replacements=replacements, confidence=0.8, source_lang="fr",
            )
