"""Shared data and helpers of the typography family: the pack, word frequencies, and
small per-article caches.

Word frequencies come from `wordfreq` through `auditor.lexicon` (one ``{word: zipf}``
dict of about 320,000 English words, cached on disk and shared with the other families).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from auditor import lexicon
from auditor.document import Article, Span
from auditor.packs import load_pack

FAMILY = "typography"


@lru_cache(maxsize=None)
def pack() -> dict[str, Any]:
    return load_pack("en", "typography") or {}


def pack_set(section: str, key: str) -> frozenset[str]:
    return frozenset(pack().get(section, {}).get(key, ()))


def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words, 2 decimals) of a lower-case word; 0.0 when unknown."""
    return lexicon.zipf_table("en").get(word, 0.0)


def known(word: str) -> bool:
    return word in lexicon.zipf_table("en")


@lru_cache(maxsize=None)
def caps_allowed() -> frozenset[str]:
    """ALL-CAPS words that are acronyms: our pack plus acronyms.toml when it exists."""
    words = set(pack_set("casing", "caps_allowed"))
    acronyms = load_pack("en", "acronyms") or {}
    for value in acronyms.get("casing", {}).values():
        if isinstance(value, list):
            words.update(v for v in value if isinstance(v, str))
    return frozenset(w.upper() for w in words)


_URLISH = re.compile(r"://|www\.|@|\.(?:com|org|net|gov|edu|io|co|uk|it|fr|de|es|ru|cn|html?|php|pdf)\b|/", re.I)


def token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token around ``text[start:end]``."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    n = len(text)
    while right < n and not text[right].isspace():
        right += 1
    return left, right


def in_url(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` lies in a URL, e-mail address, handle or file path."""
    left, right = token_bounds(text, start, end)
    token = text[left:right]
    return bool(_URLISH.search(token)) or token.startswith("#")


class _ArticleCache:
    """Per-article values shared by several rules (the last article only)."""

    def __init__(self) -> None:
        self._article: Article | None = None
        self._values: dict[str, Any] = {}

    def get(self, article: Article, key: str, build) -> Any:
        if self._article is not article:
            self._article = article
            self._values = {}
        if key not in self._values:
            self._values[key] = build(article)
        return self._values[key]


CACHE = _ArticleCache()

# A sentence end inside a paragraph: terminal punctuation, optional closing quotes or
# brackets, then white space (whatever the case of the next letter).
# (matched from the mark itself, which is not part of the break: a mark is rare, so the
# regex engine skips to the marks; plain form ``(?<=[.!?…])["'”’»)\]]*\s+``)
_SENTENCE_BREAK = re.compile(r"""[.!?…]["'”’»)\]]*\s+""")


def loose_sentences(article: Article) -> list[Span]:
    """Sentences split at every ``.!?`` followed by space (lower-case next letter too),
    except after abbreviations; used by the casing rules, which must see the lower-case
    sentence starts that `Article.sentences` does not split at."""

    def build(a: Article) -> list[Span]:
        abbreviations = pack_set("casing", "abbreviations")
        text = a.text
        out: list[Span] = []
        for para in a.paragraphs:
            pos = para.start
            for m in _SENTENCE_BREAK.finditer(text, para.start, para.end):
                mark = m.start()  # the sentence mark; the break follows it
                start = mark + 1
                if text[mark] == "." and _abbreviation_before(text, mark, abbreviations):
                    continue
                if text[mark] == "…" or text[mark] == "." and mark >= 1 and text[mark - 1] == ".":
                    continue  # an ellipsis ("...", "…") does not end a sentence for casing
                out.append(Span(pos, start))
                pos = m.end()
            if pos < para.end:
                out.append(Span(pos, para.end))
        return out

    return CACHE.get(article, "loose_sentences", build)


def _abbreviation_before(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if len(word) == 1:
        return True  # an initial or a list letter: "J. smith" is rare, "a. the" rarer
    if "." in word:
        return True  # "U.S.", "a.m.", "Ph.D."
    if len(word) <= 3 and word[0].isupper():
        return True  # "Bt.", "Kft.", "Co.": a short capitalised word is likely abbreviated
    return word.lower() in abbreviations
