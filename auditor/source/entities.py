"""Proper names on both sides of a translation, and whether each finds its counterpart.

A *source name* is a capitalised token that is not sentence-initial and that reads like a
name rather than a capitalised common noun (German capitalises every noun, Italian and
Spanish often write "Governo", "Estado"): it is rare in the source language, or at least
as frequent in English as in the source language (names travel: "Trump", "Twitter",
"Warner"). A *target name* is a capitalised token of the translation that is not a
common English word. A name finds its counterpart when the other side holds the same
word after case and accent folding, a word sharing a long prefix ("Italia"/"Italy"),
a close spelling ("Tschaikowski"/"Tchaikovsky"), or, with the embedding model, a word
whose embedding is nearly the same ("Deutschland"/"Germany").

In German, where word frequency cannot tell a town from a common noun ("Erfurt", "Halle"
are frequent German words), a town that the gazetteer (`auditor.source.gazetteer`) knows is
a name, unless its word is far more frequent than a town of its size ("Hof", "Lage").
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Sequence

import regex

if TYPE_CHECKING:  # imported where used: a check without a source text never loads numpy
    import numpy as np

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}\p{N}]*(?:['’\-]\p{L}[\p{L}\p{M}\p{N}]*)*|\p{N}+", regex.VERSION1)
# words of multi-word exonyms that are not names on their own ("Paesi Bassi")
_ARTICLES = frozenset({"el", "la", "le", "les", "los", "las", "il", "lo", "der", "die", "das", "o", "a", "os", "as",
                       "paesi", "paises", "pays", "gran", "grande", "repubblica", "republica", "republique"})
_ELISION = regex.compile(r"^\p{Ll}{1,5}['’](?=\p{L}{2})")  # not English "do's", "it's"
_POSSESSIVE = regex.compile(r"['’]s?$")
# words that stand capitalised in English running text without being names
_EN_FUNCTION_CAPS = frozenset("i i'm i'd i've i'll mr mrs ms dr st".split())
# days of the week, which English capitalises and most source languages do not; the
# plurals ("on Mondays") are rare enough to pass for names
_EN_WEEKDAYS = frozenset(d + s for d in "monday tuesday wednesday thursday friday saturday sunday".split() for s in ("", "s"))
WORD_SIM_THRESHOLD = 0.905
# a capitalised English word counts as a name below this Zipf frequency ("Paraguay" 3.2,
# "Huber" 2.9; "Earth" 5.1 and "Hospital" 5.1 do not)
TARGET_NAME_MAX_ZIPF = 3.5
ACRONYMS = True
_ROMAN = regex.compile(r"^[IVXLC]+(?:e|er|ème|º|°)?$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    folded: str
    initial: bool  # first word of its sentence


# Cyrillic -> Latin (a simple scientific-style transliteration: "Путин" -> "putin")
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g",
})


# Ukrainian national transliteration (the one English news uses for Ukrainian names:
# "Київ" = "Kyiv", "Йосип" = "Yosyp", "Харків" = "Kharkiv"), against the Russian-style
# table above; the iotated letters are "y-" at the start of a word and "i-" after it
_UKRAINIAN = str.maketrans({"и": "y", "г": "h", "і": "i", "ї": "i", "й": "i", "є": "ie", "ю": "iu", "я": "ia",
                            "х": "kh", "щ": "shch", "ь": "", "'": "", "’": ""})
_UK_INITIAL = {"й": "y", "є": "ye", "ю": "yu", "я": "ya", "ї": "yi"}


def cyrillic_variants(word: str) -> set[str]:
    """Other Latin spellings of a Cyrillic word than `fold`'s: the Ukrainian national
    transliteration, "кс" written "x" ("Алексей" = "Alexey"), "ф" written "ph"
    ("Софья" = "Sophia"), "ау" for English "ow", initial "е" as "ye", initial "ей" as
    "ai"/"ay" ("Ейдін" = "Aidin"), "ью" as "ew" ("Ньюарк" = "Newark"), initial "ж" as "j"
    ("Жан" = "Jean") and a final "і" as "ie" ("Жозі" = "Josie"). Empty for a word
    in another script."""
    low = word.casefold()
    if not any("\u0400" <= c <= "\u04ff" for c in low):
        return set()
    base = fold(word)
    head = _UK_INITIAL.get(low[0], "")
    ukrainian = fold(head + low[1:].translate(_UKRAINIAN) if head else low.translate(_UKRAINIAN))
    out = {ukrainian, base.replace("ks", "x"), base.replace("f", "ph"), ukrainian.replace("ks", "x")}
    if "au" in base:  # English "ow" is Russian "ау" ("Даунс" = "Downes", "Браун" = "Brown")
        out.add(base.replace("au", "ow"))
    if low[0] in "её":  # Russian "е" opening a word is "ye" ("Есенин" = "Yesenin", "Ельцин" = "Yeltsin")
        out.add("y" + base)
    if low.startswith(("ей", "эй")):  # English "Ai-" ("Ейдін" = "Aidin", "Эйдан" = "Aidan")
        out.update({"ai" + fold(low[2:]), "ay" + fold(low[2:])})
    if "ью" in low:  # English "ew" ("Ньюарк" = "Newark", "Ньютон" = "Newton")
        out.add(fold(low.replace("ью", "ew")))
    if low[0] == "ж":  # French and English "J" ("Жан" = "Jean", "Жозеф" = "Joseph")
        out.add("j" + fold(low[1:]))
    if low.endswith("і") and len(low) >= 4:  # English "-ie" of a name ("Жозі" = "Josie", "Сюзі" = "Susie")
        out.update({fold(low[:-1]) + "ie", ("j" + fold(low[1:-1]) if low[0] == "ж" else fold(low[:-1])) + "ie"})
    out.discard(base)
    return out


def fold(word: str) -> str:
    """Case, accents and script folded for comparing names across languages."""
    word = _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word
    word = word.casefold()
    if any("\u0400" <= c <= "\u04ff" for c in word):
        word = word.translate(_CYRILLIC)  # before stripping accents: "й" is not "и"
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ß", "ss")


def tokens(text: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    first = True
    for m in _TOKEN.finditer(text, start, end):
        word, s = m.group(), m.start()
        elision = _ELISION.match(word)
        if elision:  # "qu'Emin", "dell'Italia", "l'Héma": the name after the article
            s += elision.end()
            word = word[elision.end() :]
        out.append(Token(s, m.end(), word, fold(word), first))
        if first and word[0].isalnum():
            first = False
    return out


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    if lang == "en" and " " not in word:  # the shared English table (auditor.lexicon)
        from auditor import lexicon

        return lexicon.zipf(word.lower())
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a core dependency
        return 0.0
    try:
        return zipf_frequency(word, lang)
    except (LookupError, ValueError, ImportError):  # unknown language, or one needing jieba/MeCab
        return 0.0


def _is_capitalised(word: str) -> bool:
    letters = "".join(c for c in word if c.isalpha())
    return word[0].isupper() and not letters.isupper()


@lru_cache(maxsize=65536)
def is_source_name(word: str, lang: str) -> bool:
    if ACRONYMS and 3 <= len(word) <= 5 and word.isascii() and word.isalpha() and word.isupper():
        # a Latin acronym: "CSU", "ESPN", "NSA" travel unchanged ("США" does not); in
        # Chinese and Japanese text a frequent English word in capitals is English copy
        # ("50%OFF", "NEW"), which the translation words freely
        return not (lang in ("zh", "ja") and _zipf(word.casefold(), "en") >= _ENGLISH_COPY_ZIPF)
    if len(word) < 3 or not _is_capitalised(word) or sum(c.isalpha() for c in word) < 3:
        return False
    if _DIMENSIONS.match(word):
        return False  # "ДхШхВ" = "LxWxH": initials of dimensions, translated letter by letter
    if any(c.isdigit() for c in word):
        return True  # "Poder360", "Meteor-2"
    low = word.casefold()
    if lang in _COMPOUNDING and fold(word) in common_nouns(lang):
        return False  # "Tour", "Messing": a common noun spelt like an English word
    src = _zipf(low, lang)
    if lang in _COMPOUNDING and src < 2.5 and _town_demonym(low, lang):
        return True
    if lang in _COMPOUNDING:
        if lang == "de" and _umlauts_spelt_out(word, src):
            return False  # a common noun typed without its umlauts ("Rueckruf", "Gebuehren")
        # every noun is capitalised: rare words are names ("Achleiten") unless they are
        # compounds of common words ("Zinsforderungen" = Zins + forderungen)
        if src < 2.5 and (_INNER_CAPITAL.search(word) or not _is_compound(low, lang)):
            return True  # a capital inside ("FlexFold", "MBundestag") marks a brand, never a compound
        if src < _BRAND_MAX_ZIPF and _brand(word):
            return True  # a brand German writes often ("ServusTV", "FritzBox", "HiFi")
    else:
        # capitalised mid-sentence: a name when rare in the source language, or known to
        # English ("Salvini", "Twitter"), or in a Slavic language a first name ("Petr", "Lucie":
        # nouns are written in lower case there), but not a very frequent source
        # word that English barely knows ("Governo", "Comune") nor one English does not know ("Cúpula")
        if src < 3.0:
            latin = _LATIN_ADJECTIVE.get(lang)
            if (latin is not None and latin.search(low)) or _adjective_family_zipf(low, lang) >= 3.0:
                # an adjective built with a Latin suffix ("Архієпархіальний" = "Archdiocesan",
                # "-альн-" = "-al") or a rare case form of a frequent adjective
                # ("Закордонному виборчому окрузі" = "the Foreign electoral district"),
                # capitalised as the first word of a name: a common word, a name only when
                # English knows its transliteration
                return any(_zipf(form, "en") >= 1.5 for form in {fold(low)} | cyrillic_variants(low))
            return True
        if lang in _CASE_ENDINGS and src < _FUNCTION_WORD_ZIPF and _first_name(low):
            return True  # not in Romance languages, whose institutions' capitalised words are first names too ("Salud", "Paz")
        en = _zipf(low, "en")
        if src >= 4.3:  # a frequent source word: a name only if English uses it as much
            return en >= src - 1.0
        return en >= 1.5
    if lang in _COMPOUNDING and _town_demonym(low, lang):
        return True  # the people or team of a town ("die Leverkusener" = "the team from Leverkusen")
    if lang in _COMPOUNDING and _known_name(low, lang):
        return True  # a frequent word, but a first name ("Günther") or a place ("Ludwigsburg")
    if lang in _COMPOUNDING and _town(low, lang, src):
        return True  # a town of the language's countries ("Erfurt", "Leverkusen", "Halle"; not "Hof")
    if lang in _COMPOUNDING and src < _INTERNATIONAL_MAX \
            and max(_INTERNATIONAL_MIN, src - 0.5) <= _en_zipf(low) <= src + 0.75 \
            and not (_en_zipf(low) >= src and _english_word(low)):
        # rare in both languages and about as frequent in each: "Verstappen", "Bezos", "Witt";
        # not a word of the English dictionary that English uses more ("Messing" = brass,
        # spelt like "messing"; "Nimbus", rarer in English, stays)
        return True
    # a name English shares ("Biden", "Bosch"), not "Kind" or "See"; German capitalises the
    # English loanwords it uses as common nouns ("Brand", "Mail", "Stock", "Songs"), so
    # there a word English uses often is a common noun, not evidence of a name (unless
    # the sentence shows it is a name: `_shared_names`); nor, in a compounding language, a
    # word of the English dictionary (`_shared_with_english` asks that English use it at
    # least as often): a noun spelt like an English word
    return _shared_with_english(low, lang, 4.2 if lang in _COMPOUNDING else 5.2) \
        and not (lang in _COMPOUNDING and _english_word(low))


# endings of Ukrainian and Russian adjectives (hard and soft stems), longest first, and the
# forms of the word family tried for its frequency: the nominative and the frequent cases
_ADJECTIVE_ENDINGS = {
    "uk": ("ього", "ьому", "ими", "іми", "ого", "ому", "ими", "ій", "ий", "их", "іх", "им", "ім", "ої", "ою", "ею", "у",
           "ю", "а", "я", "е", "є", "і"),
    "ru": ("ого", "его", "ому", "ему", "ыми", "ими", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их",
           "ым", "им", "ую", "юю"),
}
_ADJECTIVE_FAMILY = {"uk": ("ий", "а", "е", "і", "ого", "ої", "ій", "ня", "нього"),
                     "ru": ("ый", "ий", "ая", "ое", "ые", "ого", "ой")}
# endings that only adjectives have (a noun's "-а", "-у", "-і" are not evidence of one)
_ADJECTIVE_ONLY = {"uk": ("ього", "ьому", "ого", "ому", "ими", "ий", "ій", "их", "ої"),
                   "ru": ("ого", "его", "ому", "ему", "ыми", "ими", "ый", "ий", "ая", "ое", "ые", "ых", "ым", "ую")}
# a place's or a person's adjective ("Київському", "Зеленського") is a name however frequent
_NAME_ADJECTIVE = regex.compile(r"(?:ськ|цьк|зьк|ск|цк|зк|ов|ев|єв|ин|ін)\p{L}{0,4}$")


# Ukrainian and Russian adjectives with a Latin suffix ("-альн-" = "-al", "-ічн-" = "-ic",
# "-ивн-" = "-ive", "-арн-" = "-ary"), in any case: "Архієпархіальний" = "Archdiocesan",
# "Регіональному" = "Regional"; places and people make theirs with "-ськ-"
_LATIN_ADJECTIVE = {
    "uk": regex.compile(r"\p{L}{3,}(?:альн|ічн|ивн|арн)(?:ий|ій|а|я|е|є|і|ого|ього|ому|ьому|ої|им|ім|их|іх|ими|іми|ою|ею|у|ю)$"),
    "ru": regex.compile(r"\p{L}{3,}(?:альн|ичн|ивн|арн)(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ых|их|ым|им|ыми|ими|ую|юю)$"),
}


@lru_cache(maxsize=65536)
def _adjective_family_zipf(low: str, lang: str) -> float:
    """The Zipf frequency of the commonest form of the adjective that ``low`` is a rare
    case form of ("закордонному", 2.5: "закордонний" 3.5), 0 for a word with no adjective
    ending, for a place's or person's adjective ("київському", "зеленського") and outside
    Ukrainian and Russian."""
    if lang not in _ADJECTIVE_ONLY or not low.endswith(_ADJECTIVE_ONLY[lang]) or _NAME_ADJECTIVE.search(low):
        return 0.0
    ending = next(e for e in _ADJECTIVE_ENDINGS[lang] if low.endswith(e))
    stem = low[: -len(ending)]
    if len(stem) < 4:
        return 0.0
    return max(_zipf(stem + e, lang) for e in _ADJECTIVE_FAMILY[lang])


def _en_zipf(low: str) -> float:
    """English Zipf frequency of a word, or of its spelling without diacritics where that
    is no English dictionary word: English text writes "Räikkönen" mostly "Raikkonen"
    (2.6 against 1.6), but "Bär" is no "bar"."""
    en = _zipf(low, "en")
    plain = fold(low)
    if plain == low or not plain.isascii() or _english_word(plain):
        return en
    return max(en, _zipf(plain, "en"))


def _english_word(low: str) -> bool:
    """``low`` is a word of the English dictionary (`auditor.spelling`), inflected forms
    included ("messing", "tips"), and no first name ("ruth", "glen" are both); names are
    not ("bosch", "biden")."""
    from auditor.spelling import is_word

    return is_word(low) and not _first_name(low)


_INNER_CAPITAL = regex.compile(r"^\p{L}+\p{Ll}\p{Lu}|^\p{Lu}\p{Lu}\p{Ll}")
# capitals inside a word that are no brand's: the gender-fair capital I ("BürgerInnen"), an
# acronym's plural ("CDs"), a company's legal form ending in one capital ("GmbH", "GbR")
_NO_BRAND = regex.compile(r"\p{Ll}In(?:nen)?$|^\p{Lu}+s$|\p{Ll}\p{Lu}$")
# a word with a capital inside is a brand's name up to this German Zipf frequency, however
# often German text uses it ("ServusTV" 2.6, "FritzBox" 3.1, "HiFi" 3.0; "YouTube" 4.8 and
# "AfD" 5.2 are found as names by English and as acronyms)
_BRAND_MAX_ZIPF = 3.5


def _brand(word: str) -> bool:
    """A word with a capital inside that marks a brand or product ("ServusTV", "FritzBox",
    "HiFi"), not the gender-fair "BürgerInnen", a plural "CDs" or a legal form "GmbH"."""
    return bool(_INNER_CAPITAL.search(word)) and not _NO_BRAND.search(word)


# "ae", "oe", "ue" standing for "ä", "ö", "ü" (not in "neue", "Feuer", "Quelle", "Israel")
_SPELT_UMLAUT = regex.compile(r"(?<![aeiq])([aou])e")
_UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}


def _umlauts_spelt_out(word: str, src: float) -> bool:
    """A German common word typed on a keyboard without umlauts ("Rueckruf" = "Rückruf",
    "Gebuehren" = "Gebühren"): rare as it is, a known word or compound with the umlauts put
    back, which is no name itself, and unknown to English. Surnames of German origin keep
    the spelt-out form in English ("Mueller" 3.6, "Kuehne" 1.6, "Huebner" 2.0 in English),
    and a spelt-out name stays a name ("Duesseldorf")."""
    if src >= 2.5 or not _SPELT_UMLAUT.search(word.casefold()) or _zipf(word.casefold(), "en") >= 1.0:
        return False
    umlauted = _SPELT_UMLAUT.sub(lambda m: _UMLAUT[m.group(1)], word[0].casefold() + word[1:])
    umlauted = umlauted[0].upper() + umlauted[1:]
    low = umlauted.casefold()
    return (_zipf(low, "de") >= 2.5 or _is_compound(low, "de")) and not is_source_name(umlauted, "de")


def _town(low: str, lang: str, src: float) -> bool:
    """A town of the countries of ``lang`` by the gazetteer (`auditor.source.gazetteer`),
    whose name is not far more frequent than the town is large ("Hof", "Lage")."""
    from auditor.source import gazetteer

    return gazetteer.is_town(low, lang, src)


# endings of German nouns and adjectives of a town's people ("Leverkusener", "Kölnerin",
# "Münchnern")
_DEMONYM_ENDINGS = ("erinnen", "erin", "ern", "ers", "er")


def _town_demonym(low: str, lang: str) -> str:
    """The town of a noun or adjective of its people or team, the town being a gazetteer
    name (`_town`): "leverkusen" for "Leverkusener", "koln" for "Kölnerin"; "" for another
    word. English writes it with the town's name ("the team from Leverkusen")."""
    for ending in _DEMONYM_ENDINGS:
        base = low[: -len(ending)]
        if low.endswith(ending) and len(base) >= 4:
            return base if _town(base, lang, _zipf(base, lang)) else ""
    return ""


def _shared_with_english(low: str, lang: str, upper: float = 5.2) -> bool:
    """English uses ``low`` at least as often as ``lang`` does, and as a name would be
    used (Zipf 3 to ``upper``): "Trump", "Twitter", "Biden"."""
    src, en = _zipf(low, lang), _zipf(low, "en")
    return 3.0 <= en < upper and en >= src


_COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no"})
# inflecting languages of Latin script, which write their nouns in lower case: a first name
# before a capitalised word opens a person at a sentence start too ("Emmanuel Macron";
# not in Russian or Ukrainian: measured on WMT22, more false alarms there, no names missed)
_LATIN_INFLECTING = frozenset({"cs", "sk", "pl", "sl", "hr"})
COMPOUNDING = _COMPOUNDING  # languages that capitalise (or compound) their nouns: every noun may look like a name
_ENGLISH_COPY_ZIPF = 4.5
_DIMENSIONS = regex.compile(r"^\p{Lu}(?:[xх×]\p{Lu})+$")
# a capitalised word of a compounding language below this Zipf frequency, that English
# uses about as often (at least _INTERNATIONAL_MIN, from half a point less to three
# quarters more), is an international name: German common nouns are far rarer in English
# ("Einspruch" 3.7/0, "Geburtstag"), the English loanwords German uses as nouns far more
# frequent ("Overall", "Mail", "Team")
_INTERNATIONAL_MAX = 3.5
_INTERNATIONAL_MIN = 2.0


# endings of German place names that are evidence on their own ("-ingen", "-feld" and
# "-platz" are not: "Anbringen" is a verb, "Spielfeld" a noun)
_PLACE_EVIDENCE = ("burg", "dorf", "hausen", "heim", "stadt", "furt", "stedt", "hofen", "rode")


def _known_name(low: str, lang: str) -> bool:
    """Evidence that a capitalised word of a compounding language, frequent enough to be
    a common noun, is a name: a place-name ending after a stem that is not itself a
    common word ("Ludwigsburg", "Hamburg"; not "Hauptstadt", "Altersheim", "Burg").
    First names are evidence only before a surname (`_people`)."""
    for e in _PLACE_EVIDENCE:
        if low.endswith(e) and len(low) >= len(e) + 3:
            return _zipf(low[: -len(e)], lang) < 3.5
    return False


# German determiners: a capitalised word right after one (lower-case words between) is
# used as a common noun ("der Brand", "im ersten Stock", "die Songs")
_DETERMINERS = frozenset("der die das den dem des ein eine einen einem einer eines kein keine keinen keinem "
                         "keiner keines im am zum zur vom beim ins ans aufs mein meine meinen meinem dein deine "
                         "sein seine seinen seinem ihr ihre ihren ihrem unser unsere diese dieser dieses diesen "
                         "diesem jede jeder jedes jeden welche alle".split())


# a word between a determiner and its noun: an inflected adjective or participle ("im
# gängigen Mignon", "im ersten Stock"), not a preposition or conjunction
_ADJECTIVE_FORM = regex.compile(r"\p{Ll}{2,}(?:e|en|er|es|em)$")
_NOT_ADJECTIVES = frozenset("unter über hinter gegen wegen neben zwischen oder aber sehr wieder immer nie".split())


def _shared_names(toks: list[Token], lang: str, source_text: str) -> tuple[set[int], set[int], set[int]]:
    """(starts of words English uses as often as the source language: "Trump", "Twitter",
    "Hamilton", "Brand", "Mail"; starts of those used as nouns in this sentence: after a
    determiner, or the second part of a compound such as "E-Mail"; starts of every
    capitalised word after a determiner: "im Ref", "ein Tableau", "im gängigen Mignon").
    In a compounding language a frequent word English shares is a name unless the
    sentence uses it as a common noun."""
    shared: set[int] = set()
    nouns: set[int] = set()
    determined: set[int] = set()
    for k, tok in enumerate(toks):
        if tok.initial or not tok.text[:1].isupper() or len(tok.text) < 3:
            continue
        for prev in reversed(toks[max(0, k - 3):k]):
            if prev.text.casefold() in _DETERMINERS:
                # the determiner of a compound's head ("der Corona-Krise", "der Trump-Regierung")
                # says nothing of its first part
                if "-" not in tok.text:
                    determined.add(tok.start)
                break
            if prev.text[:1].isupper() or not _ADJECTIVE_FORM.search(prev.text) or prev.text.casefold() in _NOT_ADJECTIVES:
                break  # a name before it ("Donald Trump"), or a word that is no adjective ("einer in Versailles")
        if not _shared_with_english(tok.text.casefold(), lang) or tok.folded in common_nouns(lang):
            continue  # a German noun spelt like an English word ("auf Tour", "Messing") is no shared name
        shared.add(tok.start)
        if tok.start in determined or (tok.start > 0 and source_text[tok.start - 1: tok.start] == "-"):
            nouns.add(tok.start)
    return shared, nouns, determined


def _common_noun(low: str, lang: str) -> bool:
    """A capitalised word of a compounding language that the language knows (Zipf 2.5 or
    more; from Zipf 2.0, a word the language uses more than English does: "die Fase" =
    the chamfer, "die Biathleten") and that no place-name ending marks as a name: used
    after a determiner, it is a common noun ("im Ref", "ein Tableau"), where a word
    unknown to the language ("der Hakro"), one English uses more ("die Althea") or, below
    Zipf 2.5, a town of the gazetteer ("zum Pfronten Fantag") is not."""
    src = _zipf(low, lang)
    if src < _DETERMINED_NOUN_ZIPF or (src < 2.5 and (_zipf(low, "en") >= src or _town(low, lang, src))):
        return False  # a small town is as rare ("zum Pfronten Fantag")
    return not _known_name(low, lang) and not _town_demonym(low, lang)


# a rare technical noun after a determiner ("in der Fase" = in the chamfer, Zipf 2.1 in German
# and 1.8 in English) is a common noun from this German frequency, when English uses it less
_DETERMINED_NOUN_ZIPF = 2.0


def _surname_like(low: str, lang: str) -> bool:
    """A word after a first name that reads as a surname: rare in the source language, or
    fairly frequent there and known to English too ("Schmid" 3.9/2.6, "Lauterbach"
    3.6/1.7), as surnames travel; not a common noun English does not know ("Einspruch")."""
    src, en = _zipf(low, lang), _zipf(low, "en")
    # German surnames that are also words ("Bauer" 4.4/3.5, "Hoffmann" 4.2/2.9) are used
    # in English text nearly as much; German nouns ("Einspruch" 3.7/0, "Haus" 5.4/2.8) are not
    return src < 3.0 or (src < 4.0 and en >= 1.5) or (src < 4.5 and en >= src - 1.5)


def _first_name(low: str) -> bool:
    from auditor.rules.gender import first_name_gender

    return first_name_gender(low) is not None


@lru_cache(maxsize=None)
def _speech_verbs(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """(verbs of saying, words that need a quotation or comma before them) from
    ``packs/<lang>/source_names.toml`` ``[speakers]``."""
    data = _names_pack(lang).get("speakers", {})
    return (frozenset(w.casefold() for w in data.get("verbs", [])),
            frozenset(w.casefold() for w in data.get("after-quote", [])))


# a word right after a verb of saying this frequent or more is no speaker's name ("sagte
# Danke" 5.6, "sagte Tschüss" 4.0, "Servus" 3.5), unless it is a first name used as a
# surname ("sagte Friedrich")
_SPEAKER_MAX_ZIPF = 3.4
_CLAUSE_END = regex.compile(r"[\s\u00a0]*(?:$|[,.;:!?)\"“”„»«]|\p{Ll})")


def _speakers(toks: list[Token], lang: str, text: str) -> set[int]:
    """Starts of the speakers' names of a German report ("sagte Friedrich, der ...", "betonte
    Burghardt und ...", "“...”, so Glasner weiter."): a capitalised word right after a verb
    of saying (`_speech_verbs`), with no article, followed by punctuation or a lower-case
    word, and no frequent word ("sagte Danke", "sagte Tschüss")."""
    verbs, after_quote = _speech_verbs(lang)
    if not verbs or not text:
        return set()
    out: set[int] = set()
    for v, b in zip(toks, toks[1:]):
        word = v.text.casefold()
        if word not in verbs and word not in after_quote or b.start - v.end != 1 or b.initial:
            continue
        if not b.text[:1].isupper() or not b.text[1:].islower() or len(b.text) < 3:
            continue
        if word not in verbs and not regex.search(r"[,\"“”»«][\s\u00a0]*$", text[max(0, v.start - 3):v.start]):
            continue  # "so" after a quotation or comma only (not "so Gott will")
        if not _CLAUSE_END.match(text, b.end):
            continue  # another capitalised word follows: a title before a name ("sagte Kanzler Scholz")
        low = b.folded
        if (_zipf(low, lang) >= _SPEAKER_MAX_ZIPF and not _first_name(low)) or low in common_nouns(lang):
            continue
        out.add(b.start)
    return out


def _opening_surname(low: str, lang: str) -> bool:
    """The second word of a sentence opening with a first name, read as a surname ("Christoph
    Hafer landete ...") when it reads like one (`_surname_like`) and is no compound of
    common words: "Per Knopfdruck" (= at the push of a button) opens a sentence too."""
    return _surname_like(low, lang) and not _is_compound(low, lang)


# a word this frequent in the source language is a function word ("eine", "dann"), not a
# first name, whatever a list of names says ("Peter" 5.1, "Thomas" 5.0 in German)
_FUNCTION_WORD_ZIPF = 5.5


def _people(toks: list[Token], lang: str, kept: frozenset[str] | set[str] = frozenset()) -> set[int]:
    """Starts of the tokens of "First Surname" pairs: a first name of one gender in every
    country that lists it (gender-guesser, as GEN001 reads it) right before another
    capitalised word ("Günther Rühle", "Frank Müller"). Alone, such a word may be a noun
    ("Brand", "Rose"). ``kept``: the translation's capitalised words, folded; a second word
    that is a common noun of the source language ("Wasser") is a surname when the
    translation keeps it as it is and English has no such word ("Heiko Wasser" = "Heiko
    Wasser", not "water")."""
    from auditor.rules.gender import first_name_gender

    out: set[int] = set()
    for a, b in zip(toks, toks[1:]):
        if b.start - a.end > 1 or not (a.text[:1].isupper() and b.text[:1].isupper()) or len(b.text) < 3:
            continue
        if a.initial and lang not in _LATIN_INFLECTING and not (lang in _COMPOUNDING and _opening_surname(b.folded, lang)):
            continue  # "Per Knopfdruck", "Meine Uni" open a German sentence; "Emmanuel Macron" a Czech one
        if _zipf(a.text.casefold(), lang) >= _FUNCTION_WORD_ZIPF:
            continue  # a function word that is also a first name somewhere ("so Bossong: Eine Einigung")
        if first_name_gender(a.text.casefold()) is not None and (
                _surname_like(b.text.casefold(), lang) or (b.folded in kept and not _english_word(b.folded))):
            out.update((a.start, b.start))  # the surname is no common word ("Mercedes Einspruch" is not a person)
    return out


# German place-name endings: "Talstraße", "Achleiten" are names, not compounds of nouns
_PLACE_ENDINGS = ("strasse", "straße", "platz", "dorf", "burg", "berg", "hausen", "heim", "ingen", "stadt", "feld",
                  "gasse", "allee", "leiten", "kirchen", "brück", "brücken", "bach", "furt", "stedt", "hofen", "rode")


# inflection endings of German nouns and nominalised participles ("Ansteckungen",
# "Geimpfte", "Röhrenverstärkers"), tried longest first
_INFLECTIONS = ("ern", "ens", "en", "er", "es", "e", "n", "s")
# two-letter verbal prefixes of German nouns ("An|schnitt", "Ab|sage", "Ge|impfte")
_SHORT_PREFIXES = frozenset({"an", "ab", "um", "zu", "ge", "be", "er"})


def _is_compound(low: str, lang: str) -> bool:
    """A rare capitalised word built from common words of ``lang`` (a compound, or an
    inflected form of a common noun): a common noun, not a name."""
    if low.endswith(_PLACE_ENDINGS):
        # a place-name ending after the stem of a common verb is a common noun ("Hör|platz"
        # from "hören", "Spiel|feld"); street and place names are built on names and nouns
        head = next(low[: -len(e)] for e in _PLACE_ENDINGS if low.endswith(e))
        return lang == "de" and len(head) >= 3 and _zipf(head + "en", lang) >= 3.5 and not _first_name(head)
    if lang == "de" and low.endswith(_NOUN_SUFFIXES + _LATIN_SUFFIXES) and len(low) >= 7:
        return True  # an abstract noun ("Stornierung", "Kurzfristigkeit"), a Latin one ("Sekretär", "vorpubertär")
    stems = [low] + [low[: -len(e)] for e in _INFLECTIONS if low.endswith(e) and len(low) - len(e) >= 4]
    for stem in stems:
        if stem != low and stem.endswith(_PLACE_ENDINGS):
            return False  # a place name's genitive ("Ludwigsburgs"), not a form of a common word
        if stem != low and _zipf(stem, lang) >= 2.5:
            return True  # an inflected form of a known word
        for k in range(2, len(stem) - 3):
            # a long second member may be rarer ("Ober|fräse", "Innen|manschetten": Zipf 2.47);
            # a first name is no member unless it is a frequent word too ("Jam|anka" is a
            # surname, "Garten|rose" a noun)
            if _zipf(stem[k:], lang) >= (2.3 if len(stem) - k >= 5 else 2.5) and (
                    stem[:k] in _SHORT_PREFIXES if k < 3 else _first_member(stem[:k], lang)) \
                    and not _name_member(stem[k:], lang):
                return True  # a known word after a prefix or a first member ("An|schnitt", "Zins|forderung")
            if lang == "de" and k >= 3 and (_agent_noun(stem[k:], lang) or _long_members(stem[:k], stem[k:], lang)) \
                    and _first_member(stem[:k], lang, _LONG_MEMBER_ZIPF if len(stem[:k]) >= 6 else _FIRST_MEMBER_ZIPF):
                return True  # "Milch|aufschäumer", "Knötchen|flechte"
        tail = stem[-3:]
        if len(stem) >= 6 and _zipf(tail, lang) >= max(_SHORT_TAIL_ZIPF, _zipf(tail, "en")) \
                and _zipf(stem[:-3], lang) >= _SHORT_HEAD_ZIPF:
            return True  # two frequent words, the second of three letters ("Fan|tag", "Fuß|weg")
    return _misspelt(low, lang) or (lang == "de" and _misspelt_compound(low, lang))


# a second member of a compound that is a first name must be at least this frequent a
# word of the language ("Rose" 4.2 is; "Anka" 2.7, which makes "Jamanka" a compound, is not)
_NAME_MEMBER_ZIPF = 3.0


def _name_member(tail: str, lang: str) -> bool:
    """A first name rarer than `_NAME_MEMBER_ZIPF` ("anka"), which is no second member of
    a compound ("Jam|anka" is a surname), unless it is also the doer or device noun of a
    known verb ("Heber" from "heben": "Luft|heber")."""
    if _zipf(tail, lang) >= _NAME_MEMBER_ZIPF or not _first_name(tail):
        return False
    return not (tail.endswith("er") and _zipf(tail[:-2] + "en", lang) >= 2.0)


# a member of six letters or more of a German compound whose other member is as long may
# be this rare ("Knötchen|flechte": 2.42 and 2.32); shorter ones split surnames ("Gey|witz")
_LONG_MEMBER_ZIPF = 2.3


def _long_members(head: str, tail: str, lang: str) -> bool:
    """Both members of six letters or more and the second a word of Zipf 2.3 or more
    ("Knötchen|flechte"): the first may then be as rare (`_first_member` with the lower
    bound), where a short one would split a surname into syllables."""
    return len(head) >= 6 and len(tail) >= 6 and _zipf(tail, lang) >= _LONG_MEMBER_ZIPF


def _agent_noun(tail: str, lang: str) -> bool:
    """A German noun of the doer or the device made from a verb ("Schäumer" from
    "schäumen", "Aufschäumer" from "aufschäumen", "Entkalker"): the verb is a known word
    (Zipf 2.0 or more; a verbal prefix may be cut off first), the noun itself rarer."""
    if len(tail) < 6 or not tail.endswith("er"):
        return False
    stem = tail[:-2]
    for p in ("",) + _VERB_PREFIXES:
        rest = stem[len(p):]
        if stem.startswith(p) and len(rest) >= 4 and max(_zipf(rest + "en", lang), _zipf(rest + "n", lang)) >= 2.0:
            return True
    return False


def _misspelt_compound(low: str, lang: str) -> bool:
    """A long compound whose second member carries a typing slip ("Erziehungs|berechtige"
    for "berechtigte", "Rücksende|ettikett" for "etikett"): a first member, then a word
    of Zipf 3.0 or more with one letter left out or one doubled."""
    if len(low) < 12:
        return False
    for k in range(4, len(low) - 5):
        tail = low[k:]
        if not _first_member(low[:k], lang):
            continue
        if any(tail[i] == tail[i - 1] and _zipf(tail[:i] + tail[i + 1:], lang) >= 3.0 for i in range(1, len(tail))):
            return True  # a letter typed twice
        if any(_zipf(tail[:i] + ch + tail[i:], lang) >= 3.0 for i in range(1, len(tail) + 1) for ch in _ALPHABET):
            return True  # a letter left out
    return False


# linking elements between the members of a German compound ("Gesundheit|s|minister",
# "Sonne|n|schein", "Kind|er|garten")
_LINKS = ("es", "en", "er", "ns", "s", "n", "e")
_FIRST_MEMBER_ZIPF = 2.5


# endings of German abstract nouns: a word built with one is a common noun ("Stornierung",
# "Kurzfristigkeit", "Kenntlichmachung"), never a name, and may open a compound
# ("Verschraubungs|punkte")
_VERB_PREFIXES = ("an", "ab", "auf", "aus", "ein", "um", "vor", "nach", "mit", "zu", "ver", "be", "ent", "zer", "ge")
_NOUN_SUFFIXES = ("ung", "ungen", "keit", "keiten", "heit", "heiten", "schaft", "schaften")
# endings of German nouns and adjectives from Latin "-arius", "-itas", "-ismus" ("Sekretär",
# "pubertär", "Rarität", "Tourismus"): a word with one is a common word, also when rare
# or misspelt ("Vorbupertär", capitalised by a slip)
_LATIN_SUFFIXES = ("är", "äre", "ären", "ärin", "ärinnen", "ität", "itäten", "ismus")
# ... and these of nouns borrowed from Latin, before a linking "s" ("Obszönitäts|initiative",
# "Informations|stand")
_MEMBER_SUFFIXES = ("ität", "ion", "ismus", "nis")


@lru_cache(maxsize=65536)
def _first_member(head: str, lang: str, least: float = 0.0) -> bool:
    """``head`` can open a compound: a known word (Zipf 2.5 or more), bare or before a
    linking element, a verb's stem ("Abhol|termin"), an abstract noun ("Verschraubungs|
    punkte"), or itself a compound of such ("Mängel|haftungs|ansprüche"). A surname is
    not cut into a rare syllable and a common word: "Gey|witz", "Ruppichte|roth".
    ``least``: a lower bound than the usual Zipf 2.5 for a word (`_LONG_MEMBER_ZIPF`)."""
    for h in [head] + [head[: -len(e)] for e in _LINKS if head.endswith(e) and len(head) - len(e) >= 3]:
        bound = least or _FIRST_MEMBER_ZIPF
        if _zipf(h, lang) >= bound or any(_zipf(h + e, lang) >= bound for e in ("en", "n", "e")):
            return True  # a word, or a verb's stem ("Umspann|station", "Hör|platz")
        if lang == "de" and h.endswith(_NOUN_SUFFIXES + _MEMBER_SUFFIXES) and len(h) >= 7:
            return True
        if lang == "de" and any(h.startswith(p) and len(h) - len(p) >= 3 and _first_member(h[len(p):], lang)
                                for p in _VERB_PREFIXES):
            return True  # a prefixed verb's stem ("Um|spann|station")
        if len(h) >= 7 and any(_zipf(h[k:], lang) >= _FIRST_MEMBER_ZIPF and _first_member(h[:k], lang)
                               for k in range(3, len(h) - 2)):
            return True
    return False


# a compound whose second member has three letters ("Fantag") counts when both members
# are frequent words, the second more frequent in the language than in English (not
# "Ten|net": English words are frequent in German text too)
_SHORT_TAIL_ZIPF = 4.0
_SHORT_HEAD_ZIPF = 3.5
_ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüß"


def _misspelt(low: str, lang: str) -> bool:
    """A rare word that is a frequent word with one letter left out ("Artike" for
    "Artikel", "Bestätigng") or, eight letters or more, with one letter too many
    ("MBundestag"): a typing slip in a common noun, not a name."""
    if len(low) < 5:
        return False
    for i in range(len(low) + 1):
        for ch in _ALPHABET:
            if _zipf(low[:i] + ch + low[i:], lang) >= 4.0:
                return True
    # a stray letter in a long word ("MBundestag", "Rücksendeettikett"): names this long
    # are rarely one letter off a frequent word
    return len(low) >= 8 and any(_zipf(low[:i] + low[i + 1:], lang) >= 4.0 for i in range(len(low)))


_INITIAL_NAME_LANGS = frozenset({"it", "es", "fr", "pt", "de", "nl", "ca", "ro"})


@lru_cache(maxsize=65536)
def is_initial_source_name(word: str, lang: str) -> bool:
    """A sentence-initial word is a name only when the source language does not know it."""
    if len(word) < 3 or not _is_capitalised(word) or sum(c.isalpha() for c in word) < 3:
        return False
    if lang not in _INITIAL_NAME_LANGS:
        # inflecting languages: a rare sentence-initial form is often a common word, unless
        # it is a Latin word that English uses about as often ("Scholz", "Bayraktar")
        low = word.casefold()
        src = _zipf(low, lang)
        return not _CYRILLIC_WORD.search(word) and src < 3.0 and _zipf(low, "en") >= max(1.5, src - 0.5)
    low = word.casefold()
    src = _zipf(low, lang)
    if src >= (2.5 if lang in _COMPOUNDING else 3.0):
        return lang in _COMPOUNDING and _town(low, lang, src)  # a town opening a sentence ("Leipzig hat ...")
    if lang in _COMPOUNDING and max(_INTERNATIONAL_MIN, src - 0.5) <= _en_zipf(low) <= src + 0.75:
        return True  # rare in both languages and about as frequent in each: "Verstappen"
    return not (lang in _COMPOUNDING and _is_compound(low, lang))


@lru_cache(maxsize=65536)
def is_target_name(word: str, initial: bool) -> bool:
    if len(word) < 3 or not _is_capitalised(word) or any(c.isdigit() for c in word):
        return False
    if word.endswith("s") and word[:-1].isupper():
        return False  # an acronym's plural ("UAVs"): acronyms are not compared as names in English
    if _DIMENSIONS.match(word):
        return False  # "LxWxH"
    low = word.casefold().replace("’", "'")
    if low in _EN_FUNCTION_CAPS or low in _EN_WEEKDAYS or _CONTRACTION.search(low):
        return False  # "I’m", "Don’t", "We’ll": capitalised because they open a sentence
    if "-" in low and all(not part or _zipf(part, "en") >= 2.5 for part in low.split("-")):
        return False  # a hyphenated compound of common words: "Card-Sized", "Ten-thousand", "C-sections"
    if _zipf(fold(low), "en") >= (2.0 if initial else TARGET_NAME_MAX_ZIPF):
        return False
    # a rare word that the English dictionary knows in lower case is a common word written
    # with a capital ("Interdepartmental", "Hypertension" opening a sentence), not a name
    from auditor.spelling import is_word

    if is_word(low):
        return False
    # an English derivation of a dictionary word: "Unclenching", "Springless", "Outfitted"
    for suffix in _EN_SUFFIXES:
        stem = low[: -len(suffix)]
        if low.endswith(suffix) and len(stem) >= 4 and (is_word(stem) or is_word(stem + "e") or (
                len(stem) >= 5 and stem[-1] == stem[-2] and is_word(stem[:-1]))):
            return False
    return True


_EN_SUFFIXES = ("ing", "ed", "less", "ness", "ly", "es", "s")


_CONTRACTION = regex.compile(r"'(?:m|re|ve|ll|d|t)$|n't$")


def title_case(toks: Sequence[Token]) -> bool:
    """A headline written in Title Case ("Card-Sized Magnifier With Light"): most of its
    longer words are capitalised, so capitals say nothing about names."""
    words = [t for t in toks if len(t.text) >= 4 and t.text[:1].isalpha()]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.75 * len(words)


def similar(a: str, b: str) -> bool:
    """Same name across languages, from the folded spellings alone."""
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 4 and long.startswith(short):
        return True  # "corona"/"coronavirus", "trump"/"trumps"
    if len(short) == 3 and len(long) <= 5 and long.startswith(short):
        return True  # an inflected short name: "fed"/"fedu"
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    if common >= 4 and common >= 0.6 * len(short):
        return True  # "italia"/"italy", "francia"/"france"
    ska, skb = skeleton(a), skeleton(b)
    if ska == skb and len(ska) >= 3 or (
            len(short) >= 4 and _translit(a) == _translit(b)) or (
            len(ska) >= 4 and len(skb) >= 4 and (ska.startswith(skb) or skb.startswith(ska))
            and 4 * min(len(ska), len(skb)) >= 3 * max(len(ska), len(skb))):
        # the same consonants: a transliteration, or an inflected one ("khemiltona"/"hamilton");
        # a prefix of three quarters or more of them ("Verstappen" is not "first")
        return True
    if len(short) >= 5 and abs(len(a) - len(b)) <= 3 and a[0] == b[0]:
        # a close spelling or transliteration: "tschaikowski"/"tchaikovsky", "brayanta"/"bryant"
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75:
            return True
    return False


def _split_hyphens(toks: list[Token]) -> list[Token]:
    """"Johns-Hopkins-Universität" -> its capitalised parts; other tokens unchanged."""
    out = []
    for t in toks:
        if "-" not in t.text:
            out.append(t)
            continue
        pos = t.start
        for i, part in enumerate(t.text.split("-")):
            if part[:1].isupper():
                out.append(Token(pos, pos + len(part), part, fold(part), t.initial and i == 0))
            pos += len(part) + 1
    return out


def _with_parts(toks: list[Token]) -> set[str]:
    """Folded words plus the parts of hyphenated ones ("Johns-Hopkins-Universität")."""
    out = set()
    for t in toks:
        out.add(t.folded)
        if "-" in t.folded:
            out.update(p for p in t.folded.split("-") if p)
    return out


def _names_pack(lang: str | None) -> dict:
    """``packs/<lang>/source_names.toml`` (empty where the language has none)."""
    from auditor.packs import load_pack

    return (load_pack(lang, "source_names") if lang else None) or {}


@lru_cache(maxsize=None)
def exonyms(lang: str) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(source word -> English words, English word -> source words), folded, from
    ``packs/<lang>/source_names.toml``; multi-word names map word by word."""
    data = _names_pack(lang)
    return _word_maps(data.get("exonyms", {}).items(), spelled_out=True)


_CYRILLIC_WORD = regex.compile(r"\p{Cyrillic}")


@lru_cache(maxsize=None)
def common_nouns(lang: str) -> frozenset[str]:
    """Folded common nouns of a compounding language spelt like English words ("Tour",
    "Tipps", "Messing" = brass), from ``packs/<lang>/source_names.toml`` ``[common-nouns]``:
    never a name on their own, however often English uses the word."""
    data = _names_pack(lang)
    return frozenset(fold(w) for w in data.get("common-nouns", {}).get("words", []))


@lru_cache(maxsize=None)
def _exonym_spellings(lang: str) -> frozenset[str]:
    """The words of the pack's source names as written, in lower case: a Cyrillic word
    is taken for an exonym only in its own spelling, since transliteration folds
    different letters together ("Крим" and "крім" are both "krim")."""
    data = _names_pack(lang)
    return frozenset(w.casefold() for name in data.get("exonyms", {}) for w in _TOKEN.findall(name))


@lru_cache(maxsize=None)
def cldr_exonyms(lang: str) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Like `exonyms`, from the CLDR territory and language names (`cldr_names`). They
    only excuse a name ("Estland" found as "Estonia"); unlike the pack, they never make a
    word a name that must come out in English ("США" may come out as "USA")."""
    return _word_maps(cldr_names(lang), spelled_out=False)


@lru_cache(maxsize=None)
def _english_territories() -> frozenset[str]:
    """Folded capitalised words of CLDR's English territory names ("thuringia" is not one;
    "germany", "bosnia", "herzegovina" are)."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover - babel is a core dependency
        return frozenset()
    return frozenset(fold(w) for name in Locale.parse("en").territories.values() for w in _TOKEN.findall(name)
                     if w[:1].isupper())


def known_english_name(folded: str, lang: str) -> bool:
    """``folded`` is a word of an English name that the pack's exonyms of ``lang`` give
    ("thuringia", "bavaria", "europe") or of a CLDR territory ("germany"): a well-known
    place or body, which a translator may name from context ("the only federal state,
    Thuringia" for "als einziges Bundesland")."""
    return folded in exonyms(lang)[1] or folded in _english_territories()


@lru_cache(maxsize=None)
def _source_exonym_index(lang: str) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """The source words of the pack's and CLDR's exonyms by their first three letters
    (a short name's case ending may change the fourth: "Тора"/"Тору"), each with its
    English words."""
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for forward in (exonyms(lang)[0], cldr_exonyms(lang)[0]):
        for source, english in forward.items():
            index.setdefault(source[:3], []).append((source, english))
    return index


def _exonym_english(folded: str, lang: str) -> set[str]:
    """English words of the exonyms whose source form ``folded`` inflects or derives
    from ("kyievi" -> "kyiv", "pridnistrovskoho" -> "transnistria")."""
    out: set[str] = set()
    for source, english in _source_exonym_index(lang).get(folded[:3], ()):
        if len(folded) < len(source) - 3:
            continue  # an inflected form is not much shorter than its word: "Althea" is no form of "Althochdeutsch"
        if source != folded and (similar(source, folded) or same_stem(source, folded, lang)):
            out |= english
    return out


@lru_cache(maxsize=None)
def _exonym_index(lang: str) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """The English words of the pack's and CLDR's exonyms by their first four letters,
    each with its source forms."""
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for backward in (exonyms(lang)[1], cldr_exonyms(lang)[1]):
        for english, sources in backward.items():
            index.setdefault(english[:4], []).append((english, sources))
    return index


# endings of English proper adjectives and nouns of peoples ("Slavic", "Estonian",
# "Spanish", "Chinese", "Hussite", "Scandinavians"), which most source languages write in
# lower case ("slovanskou", "punskou", "estnischen", "husitská")
# ("-i" of "Israeli" is left out: it ends surnames too, "Kowalski")
# "-ani": "Romani"/"ромської", "Pakistani"/"пакистанський"
_PROPER_ADJECTIVE = regex.compile(r"(?:ic|ian|an|ani|ish|ese|ite|ik)s?$")  # "-ik": "Bolsheviks"/"більшовиками"


def _source_adjective(folded: str, source_words: set[str]) -> bool:
    """An English proper adjective ("slavic", "punic") with a source word of the same stem:
    the same first three letters, or the same first three consonant classes
    ("slovanskou"/"slavic")."""
    if len(folded) < 4 or not _PROPER_ADJECTIVE.search(folded):
        return False
    sk = skeleton(folded)[:3]
    return any(len(w) >= 4 and (w[:3] == folded[:3] or (len(sk) == 3 and skeleton(w)[:3] == sk)) for w in source_words)


# case endings of Czech, Slovak, Polish, Russian and Ukrainian names after `fold`
# (Cyrillic transliterated, accents dropped), longest first: "Peňová"/"Peña",
# "Nového Boru"/"Nový Bor", "Dubou"/"Dubá", "Шольца"/"Scholz"
_CASE_ENDINGS = {
    "cs": ("ovou", "ove", "ova", "ovi", "eho", "emu", "ych", "ymi", "ech", "ach", "ami", "ou", "em", "ym", "u", "a",
           "y", "e", "i", "o"),
    "sk": ("ovou", "ove", "ova", "ovi", "eho", "emu", "ych", "ymi", "ech", "ach", "ami", "ou", "om", "ym", "u", "a",
           "y", "e", "i", "o"),
    "pl": ("owej", "owa", "ego", "emu", "ach", "ami", "owi", "em", "om", "ie", "a", "u", "y", "e", "i", "o"),
    # with the instrumental of feminine and soft nouns ("Вікою"/"Vika", "Колею"/"Kolya",
    # "Ольгой") and the feminine adjective ("Новая"/"Новій" = "Novaya")
    "ru": ("yaya", "ogo", "ego", "omu", "emu", "ykh", "ikh", "ami", "yami", "oyu", "eyu", "aya", "oy", "ey", "yy", "iy",
           "ym", "im", "om", "em", "ov", "ev", "ya", "yu", "a", "u", "e", "y", "i", "o"),
    "uk": ("ogo", "omu", "ykh", "ikh", "ami", "oyu", "eyu", "oiu", "eiu", "oyi", "aya", "iy", "yy", "oi", "ii", "ym",
           "im", "om", "em", "ov", "ev", "ya", "yu", "a", "u", "e", "y", "i", "o"),
}
_STEM_MIN = 3


def _stem(folded: str, lang: str) -> str:
    for ending in _CASE_ENDINGS.get(lang, ()):
        if folded.endswith(ending) and len(folded) - len(ending) >= _STEM_MIN:
            return folded[: -len(ending)]
    return folded


_ADJECTIVE_SK = regex.compile(r"^(?P<base>\p{L}{4,}?)(?:ij)?s[kc]\p{L}{0,4}$")


# a Ukrainian or Russian adjective in "-зьк-"/"-зск-", built on a place whose stem ends in
# г/ж/з ("Прага" -> "празькому", "Рига" -> "ризький", "Волга" -> "волзький")
_ADJECTIVE_ZK = regex.compile(r"^(?P<base>\p{L}{3,}?)zs?k\p{L}{0,4}$")


def _adjective_base(folded: str, lang: str) -> str:
    """The place a Slavic adjective in -sk- is built on ("shankhayskoy" -> "shankhay",
    "moskovskiy" -> "moskov"; "prazkomu" -> "prah", as "Прага" is "Praha" and "Prague"),
    or ""."""
    if lang not in _CASE_ENDINGS:
        return ""
    m = _ADJECTIVE_SK.match(folded)
    if m:
        return m.group("base")
    m = _ADJECTIVE_ZK.match(folded) if lang in _CYRILLIC_LANGS else None
    return m.group("base") + "h" if m else ""


def same_stem(source_word: str, target_word: str, lang: str) -> bool:
    """A name of an inflecting language and its form in the translation, which keeps
    the nominative: the same stem once the case endings of ``lang`` are cut from both
    ("nového"/"nový", "dubou"/"dubá", "penova"/"pena", "dady"/"dada")."""
    if lang not in _CASE_ENDINGS or min(len(source_word), len(target_word)) < _STEM_MIN + 1:
        return False
    stem = _stem(source_word, lang)
    return stem == _stem(target_word, lang)


# case endings of Ukrainian and Russian soft-stem names in "-я" ("Аня": "Ані", "Аню",
# "Анею"; "Коля": "Колі", "Колю"), after `fold`
_SOFT_ENDINGS = ("eyu", "eiu", "yu", "iu", "ya", "ia", "yi", "i", "e")


def soft_stem(source_word: str, target_word: str, lang: str) -> bool:
    """A short name of the soft declension and its English nominative in "-ya"/"-ia"
    ("ani" and "Anya", "kolyu" and "Kolya"): the same stem of two letters or more once the
    endings are cut, which `same_stem` (three letters) does not reach."""
    if lang not in ("uk", "ru", "be") or not target_word.endswith(("ya", "ia")) or len(target_word) < 4:
        return False
    stem = target_word[:-2]
    return any(source_word == stem + e for e in _SOFT_ENDINGS)


def close_stem(source_word: str, target_word: str, lang: str) -> bool:
    """An inflected name whose stem, its case ending cut, is a close spelling of the
    translation's form (`similar`): "Ейдіна" ("aidina", stem "aidin") and "Aiden", a
    vowel transliterated another way. Stems of five letters or more."""
    if lang not in _CASE_ENDINGS:
        return False
    stem = _stem(source_word, lang)
    return stem != source_word and len(stem) >= 5 and similar(stem, target_word)


def _people_word(folded: str, target_words: set[str], lang: str) -> bool:
    """A source noun for a person of a people ("Rus" = a Russian, "Němec" = a German)
    rendered by the English proper adjective: the English word starts with its stem."""
    stem = _stem(folded, lang) if lang in _CASE_ENDINGS else folded
    return len(stem) >= _STEM_MIN and any(t.startswith(stem) and _PROPER_ADJECTIVE.search(t) and len(t) <= len(stem) + 5
                                          for t in target_words)


@lru_cache(maxsize=None)
def demonyms() -> dict[str, str]:
    """English names of peoples that do not share their country's spelling ("danes" ->
    "denmark", "czechs" -> "czechia"), folded, from ``packs/en/demonyms.toml``."""
    from auditor.packs import load_pack

    data = load_pack("en", "demonyms") or {}
    return {fold(k): fold(v) for k, v in data.get("demonyms", {}).items()}


def _demonym_found(folded: str, source_words: set[str], lang: str) -> bool:
    """An English name of a people whose country the source names, or whose source
    word shares the first three letters of the country's source name ("Danes" and
    "Däninnen"/"Dänemark", "Czechs" and "Češi"/"Česko")."""
    country = demonyms().get(folded) or demonyms().get(folded[:-1] if folded.endswith("s") else "")
    if not country:
        return False
    forms = {country} | _derived_sources(country, lang)
    return any(similar(form, w) or (len(w) >= 4 and w[:3] == form[:3]) for form in forms for w in source_words)


def _acronym_prefix(word: str, source_words: set[str]) -> bool:
    """An acronym of the translation ("AfD") that begins a longer source word built on
    it ("afdler" = an AfD member)."""
    letters = [c for c in word if c.isalpha()]
    if not 2 <= len(letters) <= 6 or sum(c.isupper() for c in letters) < 2:
        return False
    low = fold(word)
    return any(len(w) > len(low) and w.startswith(low) for w in source_words)


def _inside_compound(folded: str, source_words: set[str]) -> bool:
    """A name whose first five letters stand inside a longer source word: the source
    writes it as part of a compound or derived word ("Hradiště" in "Uherskohradišťsku",
    "Europa" in "Europapark")."""
    if len(folded) < 5:
        return False
    head = folded[:5]
    return any(len(w) > len(folded) and head in w[1:] for w in source_words)


def _derived_sources(folded: str, lang: str) -> set[str]:
    """Source forms of the exonyms whose English form is ``folded`` or a word derived
    from it ("estonian" and "estonia" -> "estnisch", "estland"; "bavarian" -> "bayern"):
    the source may use the adjective where English uses the place, or the reverse, and
    its adjective shares the beginning of its own form ("estnischen", "bayerischen")."""
    out: set[str] = set()
    for english, sources in _exonym_index(lang).get(folded[:4], ()):
        if similar(folded, english):
            out |= sources
    return out


# words of a spelled-out form that say nothing of it ("terms and conditions")
_GLUE = frozenset({"and", "the", "for", "of", "with"})


def _word_maps(pairs, *, spelled_out: bool) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Word-by-word maps of (source name, [English names]) pairs: the capitalised words
    of each side, folded. ``spelled_out``: an English form without capitals counts by
    its words of three letters or more (an acronym that English spells out in lower
    case: "PKV" = "private health insurance")."""
    forward: dict[str, set[str]] = {}
    backward: dict[str, set[str]] = {}
    for name, english in pairs:
        en_words: set[str] = set()
        for e in english:
            words = _TOKEN.findall(e)
            caps = {fold(w) for w in words if w[:1].isupper()}
            en_words |= caps or ({fold(w) for w in words if len(w) >= 3 and w.casefold() not in _GLUE}
                                 if spelled_out else set())
        if name[:1].islower():  # a common noun that English writes as a name ("klettverschluss" = "Velcro"):
            for e in en_words:   # it only excuses the English name
                backward.setdefault(e, set()).update(fold(w) for w in _TOKEN.findall(name))
            continue
        for word in _TOKEN.findall(name):
            if word[:1].isupper() and fold(word) not in _ARTICLES:
                forward.setdefault(fold(word), set()).update(en_words)
                for e in en_words:
                    backward.setdefault(e, set()).add(fold(word))
    return ({k: frozenset(v) for k, v in forward.items()}, {k: frozenset(v) for k, v in backward.items()})


# consonant classes for comparing a name with its transliteration ("khemiltona"/"hamilton",
# "ferstappen"/"verstappen", "aysedory"/"isadora"): vowels and glides drop out
_SKELETON = str.maketrans({"v": "f", "w": "f", "c": "k", "q": "k", "z": "s", "y": ""})
_VOWELS = regex.compile(r"[aeiouy]+")


# transliteration conventions folded together, longest first: Russian "дж"/Palladius
# "чж", "цз" = English j/zh ("Джоэл" = "Joel", "Чжаовэнь" = "Zhaowen", "Цзиньпин" =
# "Jinping"); German "sch" = "sh" ("Scholz" = "Шольц"); "ng" = "n" ("Яосян" = "Yaoxiang");
# Russian г for English h ("гипертония" = "hypertonia"); English "th" is "t" elsewhere
# ("Thomas" = "Tomáš", "Athens" = "Atény"); English c before e and i is s
# ("Джасінда" = "Jacinda"); English "chr" is "kr" ("Christina" = "Крістіна"); Cyrillic
# "рж" is the Polish and Czech "rz"/"rž" ("Кржковська" = "Krzkowska")
_TRANSLIT = (("th", "t"), ("dh", "d"), ("shch", "s"), ("tsch", "c"), ("chzh", "j"), ("dzh", "j"), ("tsz", "j"), ("sch", "s"), ("sh", "s"),
             ("chr", "kr"), ("rzh", "rz"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ts", "s"), ("tz", "s"), ("ck", "k"), ("ci", "si"), ("ce", "se"),
             ("ng", "n"), ("x", "s"),
             ("gh", "h"), ("g", "h"))


@lru_cache(maxsize=1 << 16)
def _translit(folded: str) -> str:
    """``folded`` with the transliteration conventions folded together, vowels kept
    ("chzhuchzhou" and "zhuzhou" are both "jujou")."""
    word = folded
    for a, b in _TRANSLIT:
        word = word.replace(a, b)
    return word


@lru_cache(maxsize=1 << 16)  # called for every pair of words `similar` compares
def skeleton(folded: str) -> str:
    word = _VOWELS.sub("", _translit(folded)).translate(_SKELETON)
    return regex.sub(r"(.)\1+", r"\1", word)


def cldr_names(lang: str) -> list[tuple[str, list[str]]]:
    """(name in ``lang``, [English name]) for every territory and language in the Unicode
    CLDR ("Estland" -> "Estonia", "Německo" -> "Germany", "Estnisch" -> "Estonian"),
    through Babel; names that are the same in both are left out."""
    if not lang or lang == "en":
        return []
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # pragma: no cover - babel is a core dependency
        return []
    try:
        local, english = Locale.parse(lang), Locale.parse("en")
    except (UnknownLocaleError, ValueError):
        return []
    out = []
    for table, en_table in ((local.territories, english.territories), (local.languages, english.languages)):
        for code, name in table.items():
            en_name = en_table.get(code)
            if en_name and fold(name) != fold(en_name) and name[:1].isupper():
                out.append((name, [en_name]))
    return out


WordEmbed = Callable[[Sequence[str]], "np.ndarray"]


def _embedding_match(word: str, candidates: Sequence[str], embed: WordEmbed | None) -> bool:
    if embed is None or not candidates:
        return False
    vectors = embed([word, *dict.fromkeys(candidates)])
    return bool((vectors[1:] @ vectors[0]).max() >= WORD_SIM_THRESHOLD)


@dataclass(frozen=True)
class NameDiff:
    source: Token | None
    target: Token | None


def compare(src: list[Token], tgt: list[Token], src_lang: str, *, source_text: str = "", src_all: list[Token] | None = None,
            tgt_all: list[Token] | None = None, embed: WordEmbed | None = None, target_text: str = "") -> list[NameDiff]:
    """Names of ``src`` with no counterpart in ``tgt`` and the reverse; a missing source
    name and an unexplained target name in the same stretch pair up as a change.

    ``src_all``/``tgt_all``: the whole texts, consulted before calling a name missing
    (a name may move to a neighbouring sentence)."""
    src_all = src if src_all is None else src_all
    tgt_all = tgt if tgt_all is None else tgt_all
    tgt_folded = _with_parts(tgt_all)
    src_folded = _with_parts(src_all)
    src_folded |= {v for t in src_all for v in cyrillic_variants(t.text)}
    forward, backward = exonyms(src_lang)
    cldr_forward, cldr_backward = cldr_exonyms(src_lang)
    from auditor.source.gazetteer import other_names

    town_names = other_names(src_lang) if src_lang in _COMPOUNDING else {}
    tgt_caps = {t.folded for t in _split_hyphens(tgt_all) if t.text[:1].isupper()}
    tgt_acronym_words = {t.folded for t in _split_hyphens(tgt_all) if len(t.text) >= 2 and t.text.isupper()}
    missing: list[Token] = []
    seen: set[str] = set()
    people = _people(src, src_lang, tgt_caps) | (_speakers(src, src_lang, source_text) if src_lang in _COMPOUNDING else set())
    initials = _initials(tgt, target_text)
    src_acronyms, tgt_acronyms = _acronyms(src), _acronyms(tgt)
    src_spelled = _spelled_out(src) if tgt_acronyms else {}
    tgt_spelled = _spelled_out(tgt) if src_acronyms else {}
    shouted = _shouted(src, src_lang)
    shared, nouns, determined = (_shared_names(src, src_lang, source_text) if src_lang in _COMPOUNDING
                                 else (set(), set(), set()))
    # words the stretch uses as common nouns after a determiner ("in der Fase"): so are their
    # other occurrences ("im Bild „Detail Fase“")
    counts = None  # occurrences of each word in the stretches and the texts, built for the first found name
    determined_nouns = {t.folded for t in src if t.start in determined and t.start not in people
                        and _common_noun(t.folded, src_lang) and not _brand(t.text)}  # "die FritzBox" stays a name
    for tok in _split_hyphens(src):
        if tok.folded in seen or not tok.text[:1].isupper():
            continue
        english = forward.get(tok.folded)
        if english is not None and _CYRILLIC_WORD.match(tok.text) and tok.text.casefold() not in _exonym_spellings(src_lang):
            english = None  # the same Latin letters, another word: "Крім" (= except) is not "Крим" (Crimea)
        if english is not None:  # a known exonym: "Spanien" must come out as "Spain"
            seen.add(tok.folded)
            if not (english & tgt_folded or tok.folded in tgt_folded
                    or any(similar(e, f) for e in english for f in tgt_folded)):  # "Russia"/"Russian"
                missing.append(tok)
            continue
        if _ROMAN.match(tok.text):
            continue
        lead = _LEADING_ACRONYM.match(tok.text)
        if lead and not tok.text.isupper() and _acronym_found(lead.group(), forward, tgt_acronym_words):
            continue  # a word derived from an acronym ("КДБістським" = "KGB"), found by the acronym
        if tok.start not in people and not (
                is_initial_source_name(tok.text, src_lang) if tok.initial and not tok.text.isupper()
                else is_source_name(tok.text, src_lang)) \
                and not (tok.start in shared and tok.start not in nouns):
            continue
        if tok.start in shouted:
            continue  # a common word of a headline in capitals ("ZASE SPOLU!"), not an acronym
        if _title_start(tok, source_text, src_lang) and not _travels(tok, src_lang):
            continue  # the first word of a quoted title, capitalised as such ("Пернатые звезды")
        if tok.start not in people and tok.folded in determined_nouns:
            continue  # a known word after a determiner, here or elsewhere in the stretch: a common noun ("im Ref", "ein Tableau")
        if tok.end < len(source_text) and source_text[tok.end] == "." and len(tok.text) <= 4 \
                and source_text[tok.end + 1 :].strip(" \"'”“»«)"):
            continue  # an abbreviation ("Dott.", "Sig."), not a short name ending the text ("... и Zara.")
        seen.add(tok.folded)
        forms = {tok.folded} | cyrillic_variants(tok.text)
        if forms & tgt_folded or any(similar(form, f) or same_stem(form, f, src_lang) or close_stem(form, f, src_lang)
                                     or soft_stem(form, f, src_lang) for form in forms for f in tgt_folded):
            if counts is None:
                counts = _name_counts(src, tgt, src_all, tgt_all)
            if _fewer_in_target(tok.folded, counts):
                missing.append(tok)  # "Bosch-Werkzeuge ... der Bosch-Qualität" = "tools ... Bosch quality"
            continue
        if any(ch.isdigit() for ch in tok.folded) and any(
                len(f) >= 2 and any(ch.isdigit() for ch in f) and tok.folded.startswith(f) for f in tgt_folded):
            continue  # a code with a source ending: "V4kový" = "V4k", "V4"
        base = _adjective_base(tok.folded, src_lang)
        if base and any(similar(base, f) for f in tgt_folded):
            continue  # a place through its adjective: "Шанхайской организации" = "Shanghai Organisation"
        if any(similar(e, f) for e in _exonym_english(tok.folded, src_lang) for f in tgt_folded):
            continue  # an inflected or derived form of a known exonym ("Придністровського"/"Transnistrian")
        if _people_word(tok.folded, tgt_folded, src_lang):
            continue
        if tok.start in src_spelled and src_spelled[tok.start] & tgt_acronyms:
            continue  # a name the translation writes as its acronym ("The Wall Street Journal" = "WSJ")
        if tok.folded[:1] in initials and tok.start in people:
            continue  # a first name written as its initial ("Josefa Kajetána Tyla" = "J. K. Tyl")
        if cldr_forward.get(tok.folded, frozenset()) & tgt_folded:
            continue  # a country or language under its English name
        if tgt_caps.intersection(town_names.get(tok.folded, ())):
            continue  # a town under another of its names ("Biel" = "Bienne", "Sitten" = "Sion")
        town = _town_demonym(tok.folded, src_lang) if src_lang in _COMPOUNDING else ""
        if town and (tgt_caps.intersection(town_names.get(town, ())) or any(similar(town, f) for f in tgt_folded)):
            continue  # the people of a town by the town's name ("Kölnerin" = "from Cologne")
        if tok.text.isupper():
            acronyms = [t.folded for t in tgt if t.text.isupper() and len(t.text) >= 2]
            if any(sorted(a) == sorted(tok.folded) or tok.folded.startswith(a) for a in acronyms):
                continue  # in English word order ("ADN" = "DNA", "ONG" = "NGO") or shorter ("USA" = "US")
        # a word of the translation that the source has as it is is the counterpart of
        # that word, not of this name ("Amazon-Gründer Bezos": "Amazon" is not "Bezos")
        if _embedding_match(tok.text, [t.text for t in tgt if len(t.text) >= 4 and t.folded not in src_folded], embed):
            continue
        missing.append(tok)
    added: list[Token] = []
    seen = set()
    headline = title_case(tgt)
    for tok in tgt:
        if tok.folded in seen or not is_target_name(tok.text, tok.initial or headline):
            continue
        seen.add(tok.folded)
        if tok.folded in src_folded or (backward.get(tok.folded, frozenset()) | cldr_backward.get(tok.folded, frozenset())) & src_folded:
            continue
        if any(similar(tok.folded, f) or same_stem(f, tok.folded, src_lang) or close_stem(f, tok.folded, src_lang)
               or soft_stem(f, tok.folded, src_lang) for f in src_folded):
            continue
        if any(similar(form, f) or same_stem(form, f, src_lang) or (len(form) >= 5 and form in f[1:])
               for form in _derived_sources(tok.folded, src_lang) for f in src_folded):
            continue  # "Estonia"/"estnischen", "Bavarian"/"bayerischen": a place through its adjective,
            # or inside a compound ("Lower Bavaria"/"Niederbayern")
        if src_folded.intersection(town_names.get(tok.folded, ())):
            continue  # a town of the source under another of its names ("Bienne"/"Biel")
        if _first_name_of_found(tok, tgt, src_folded, src_lang):
            continue  # the translation gives the full name ("schrieb Şahin" = "wrote Uğur Şahin")
        if _demonym_found(tok.folded, src_folded, src_lang):
            continue  # "Danes"/"Däninnen", "Czechs"/"Češi": a people through its country's name
        if any(similar(tok.folded, base) for base in (_adjective_base(f, src_lang) for f in src_folded) if base):
            continue  # a place the source names through its adjective ("Вишгородського району" = "Vyshgorod district")
        if _source_adjective(tok.folded, src_folded) or _inside_compound(tok.folded, src_folded):
            continue
        if tok.start in tgt_spelled and tgt_spelled[tok.start] & src_acronyms:
            continue  # the source's acronym spelled out ("УП" = "Ukrainska Pravda")
        if _acronym_prefix(tok.text, src_folded):
            continue  # "AfD" in "afdler", "SPD" in "SPD-Chef"
        if "-" in tok.folded and all(_zipf(part, "en") >= 2.5 or any(similar(part, f) for f in src_folded)
                                     for part in tok.folded.split("-") if part):
            continue  # a hyphenated word whose rare parts the source has ("Bra-balconette"/"балконет")
        if _embedding_match(tok.text, [t.text for t in src if len(t.text) >= 4], embed):
            continue
        added.append(tok)
    diffs = [NameDiff(s, added.pop(0) if added else None) for s in missing]
    diffs.extend(NameDiff(None, t) for t in added)
    return diffs


def _name_counts(*groups: list[Token]) -> tuple[Counter, ...]:
    """Occurrences of each folded word in each group of tokens, hyphenated parts included."""
    return tuple(Counter(t.folded for t in _split_hyphens(toks)) for toks in groups)


def _fewer_in_target(folded: str, counts: tuple[Counter, ...]) -> bool:
    """A name spelt the same on both sides that the source stretch has more often than
    its translation, and the whole source more often than the whole translation ("Bosch"
    twice, hyphenated parts included, against once): one of them was dropped. Only the
    identical spelling counts, so a source inflection ("Boschs") is never one too many.
    ``counts``: `_name_counts` of the source and target stretches and texts."""
    src, tgt, src_all, tgt_all = counts
    return tgt[folded] >= 1 and src[folded] > tgt[folded] and src_all[folded] > tgt_all[folded]


def _first_name_of_found(tok: Token, tgt: list[Token], src_folded: set[str], lang: str) -> bool:
    """``tok`` is a first name (gender-guesser, in its own spelling or without diacritics)
    right before a capitalised word of the translation that the source has: the translator
    wrote out the full name of a person the source calls by surname ("Şahin" = "Uğur
    Şahin"). The surname must not be a common English word: in "the Abu Doha Grand Prix"
    for "Абу-Даби", "Doha" (a first name too) stands before "Grand", which the source's
    "Гран-при" spells alike."""
    if not (_first_name(tok.text.casefold()) or _first_name(tok.folded)):
        return False
    nxt = next((t for t in tgt if t.start > tok.end), None)
    return nxt is not None and nxt.start - tok.end == 1 and nxt.text[:1].isupper() and (
        _zipf(nxt.folded, "en") < _SURNAME_MAX_ZIPF) and (
        nxt.folded in src_folded or any(similar(nxt.folded, f) or same_stem(f, nxt.folded, lang) for f in src_folded))


# a surname after a first name the translation adds is no common English word ("Grand": zipf 4.6)
_SURNAME_MAX_ZIPF = 4.0


_OPENING_QUOTES = "\"«„“‚‘'"


_LEADING_ACRONYM = regex.compile(r"^\p{Lu}{2,5}(?=\p{Ll})")


def _acronym_found(acronym: str, forward: dict[str, frozenset[str]], tgt_acronyms: set[str]) -> bool:
    """The acronym a source word opens with ("КДБ" of "КДБістським" = a KGB one, "SPD" of
    "SPDler") is among the translation's acronyms (``tgt_acronyms``, folded: "by" of
    "BYpol" is no English "by"), as it is or as the English acronym the pack gives."""
    low = fold(acronym)
    return low in tgt_acronyms or bool(forward.get(low, frozenset()) & tgt_acronyms)


def _title_start(tok: Token, text: str, lang: str) -> bool:
    """The first word of a quoted title or name in a language that capitalises only that
    word ("Пернатые звезды", "план «Перамога»", "„Sdružení pro obnovu“"): its capital says
    nothing of a name."""
    if lang in _INITIAL_NAME_LANGS or tok.start == 0 or text[tok.start - 1] not in _OPENING_QUOTES:
        return False
    return tok.start == 1 or not text[tok.start - 2].isalnum()


def _travels(tok: Token, lang: str) -> bool:
    """A word that reads as a name outside its language: written in Latin letters in a
    language of another script, or used in English as it is or transliterated
    ("Škoda"; "Газпром" = "Gazprom" 2.6, "Роснефть"; not "Пернатые", "Перамога")."""
    if not _CYRILLIC_WORD.search(tok.text) and lang in _CYRILLIC_LANGS:
        return True
    return any(_zipf(form, "en") >= 1.0 for form in {tok.folded} | cyrillic_variants(tok.text))


_CYRILLIC_LANGS = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk"})


def _acronyms(toks: list[Token]) -> set[str]:
    """Folded acronyms of two to five capitals ("WSJ", "УП" = "up")."""
    return {t.folded for t in toks if 2 <= len(t.text) <= 5 and t.text.isupper() and t.text.isalpha()}


_SPELLED_GLUE = frozenset({"of", "the", "and", "for", "de", "der", "des", "la", "le"})


def _spelled_out(toks: list[Token]) -> dict[int, set[str]]:
    """Start of each capitalised word -> the initials of the runs of capitalised words it
    belongs to ("The Wall Street Journal" -> "wsj", "twsj", "ws", ...; "of"/"the" between
    them are skipped), folded: a name may stand for an acronym of the other side."""
    out: dict[int, set[str]] = {}
    run: list[Token] = []
    for tok in [*toks, None]:
        if tok is not None and tok.text[:1].isupper() and not tok.text.isupper() and (not run or tok.start - run[-1].end <= 5):
            run.append(tok)
            continue
        if tok is not None and run and tok.text.casefold() in _SPELLED_GLUE:
            continue
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + 6) + 1):
                letters = "".join(t.folded[:1] for t in run[i:j])
                for t in run[i:j]:
                    out.setdefault(t.start, set()).add(letters)
        run = [tok] if tok is not None and tok.text[:1].isupper() and not tok.text.isupper() else []
    return out


def _initials(toks: list[Token], text: str) -> set[str]:
    """Folded initials of the translation: a capital letter alone before a period ("J. K.
    Tyl", "F. Šalda"), "A" and "I" left out."""
    if not text:
        return set()
    return {t.folded for t in toks if len(t.text) == 1 and t.text.isupper() and t.text not in "AI"
            and text[t.end : t.end + 1] == "."}


def _shouted(toks: list[Token], lang: str) -> set[int]:
    """Starts of the words of a phrase in capitals ("ZASE SPOLU!"): two or more words in
    capitals in a row, each of three letters or more and a common word of ``lang``; an
    acronym stands alone or beside names ("ANO", "ODS")."""
    out: set[int] = set()
    run: list[Token] = []
    for tok in toks:
        if len(tok.text) >= 3 and tok.text.isupper() and tok.text.isalpha() and _zipf(tok.text.casefold(), lang) >= 3.0:
            if run and tok.start - run[-1].end > 2:
                run = []
            run.append(tok)
            if len(run) >= 2:
                out.update(t.start for t in run)
        else:
            run = []
    return out


_LETTER = regex.compile(r"\p{L}")
_CASED = regex.compile(r"[\p{Latin}\p{Cyrillic}]")


def comparable_script(text: str) -> bool:
    """True when most letters of ``text`` are Latin or Cyrillic (names comparable by
    spelling after folding and transliteration)."""
    sample = text[:3000]
    letters = len(_LETTER.findall(sample))
    return letters > 0 and len(_CASED.findall(sample)) >= 0.6 * letters
