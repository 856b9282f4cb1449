"""Lexical anchors: the cheap evidence that an aligned sentence pair is a translation.

A source sentence and its translation share words whose spelling survives translation:
figures, names, and in related languages cognates ("governo"/"government",
"Polizei"/"police", "премьер"/"premier" after transliteration). Two sentences picked at
random share almost none. `agreement` measures the share of each side's content words
(four letters or more, or a figure) that find a word on the other side with the same
first four letters after folding case, accents and script (`entities.fold`), or, from
five letters, a close spelling (`entities.similar`: "Diözese"/"diocese").

The share decides which pairs need the embedding model (`auditor.source.analyse`): a
pair whose two sides both reach `SETTLED_SHARE`, with at least `SETTLED_WORDS` shared
words and lengths in proportion, is a translation by cheap evidence; only the others
are embedded. Measured on DEMETR good pairs (`mt_sent`) this settles 92-95 % of it, es,
fr and de pairs and 70 % of cs, ru and pl ones, and 0-2 % of pairs whose translation
is that of another sentence (`base_id33_shuffle_trans`); on single-sentence WMT22
segments (even-numbered) 42-51 % of de, cs, ru references, and 1.6-2.4 % of pairs of a
source with the reference of the segment two lines below (same document, same names).
Chinese and Japanese sources share almost no spelling with English: their pairs are
embedded. A 1-1 pair that shares one word only is also settled when its lengths are close
and its punctuation the same (`_structure_enough`).

German shares less spelling with English than the Romance languages, so a German source
also counts its anchor words (`packs/de/source_anchors.toml`: "Kinder"/"children", "Angst"/"fear") as
shared, in 1-1 pairs that have at least `SETTLED_WORDS` of them (one alone settles
nothing unless the lengths are close and the punctuation the same, `_structure_enough`;
merged groups are judged by spelling alone: a document's topic words,
"Impfung"/"vaccination", recur in its neighbouring sentences). On single-sentence WMT22
de-en segments this settles 69 % of the reference pairs of even-numbered segments and
70 % of odd-numbered ones (55 % and 56 % by spelling alone), and 4.4 % and 3.3 % of the
pairs of a source with the reference two segments below (2.9 % and 2.0 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.packs import load_pack
from auditor.source.entities import fold, similar, skeleton

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*|\p{N}+")
# both sides at least this share of content words matched, and at least this many
SETTLED_SHARE = 0.10
SETTLED_WORDS = 2
# lengths in proportion: the target within this factor of the expected length
SETTLED_LENGTH_FACTOR = 2.0
# a 1-1 pair with one shared word (a figure or a cognate, not a name: `_one_anchor_enough`)
# is settled when its lengths are this close
SINGLE_ANCHOR_LENGTH_FACTOR = 1.4
# a 1-1 pair with one shared word of any kind (a name too) is settled when its lengths are
# this close and both sides have the same punctuation (`_same_punctuation`)
STRUCTURE_LENGTH_FACTOR = 1.3
_PREFIX = 4
# words this long are also compared by spelling (`entities.similar`)
_CLOSE = 5


@dataclass(frozen=True)
class Agreement:
    """``source_share``/``target_share``: the share of each side's content words with a
    counterpart on the other side; ``shared``: how many source words found one."""

    source_share: float
    target_share: float
    shared: int


def _content(text: str) -> list[str]:
    out = []
    for w in _WORD.findall(text):
        if w[0].isdigit():
            out.append(w)
        elif len(w) >= _PREFIX:
            out.append(fold(w))
    return out


def _key(word: str) -> str:
    return word if word[0].isdigit() else word[:_PREFIX]


@lru_cache(maxsize=None)
def _anchor_table(lang: str | None) -> dict[str, tuple[str, ...]]:
    """``{source stem: English stems}`` of ``lang``'s anchor words (none for most), from
    ``packs/<lang>/source_anchors.toml``: frequent content words whose translation is
    nearly always one of a few English words, for a source language whose spelling English
    shares little of (German: "Kinder"/"children", "Angst"/"fear"). A source stem matches
    the start of a source word, so that compounds count by their first part
    ("Elternrolle"); an English stem, the start of an English word."""
    pack = (load_pack(lang, "source_anchors") if lang else None) or {}
    return {word: tuple(english) for word, english in pack.get("anchors", {}).items()}


def _translations(word: str, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The English stems of the longest stem of ``table`` that ``word`` starts with."""
    for end in range(len(word), 2, -1):
        hit = table.get(word[:end])
        if hit:
            return hit
    return ()


def agreement(source: str, target: str, lang: str | None = None) -> Agreement:
    """``lang``: the source language, whose anchor words (``packs/<lang>/source_anchors.toml``) count as shared
    with their English translations."""
    src, tgt = _content(source), _content(target)
    if not src or not tgt:
        return Agreement(0.0, 0.0, 0)
    src_keys = {_key(w) for w in src}
    tgt_keys = {_key(w) for w in tgt}
    src_long = [w for w in src if len(w) >= _CLOSE and not w[0].isdigit()]
    tgt_long = [w for w in tgt if len(w) >= _CLOSE and not w[0].isdigit()]

    def found(word: str, keys: set[str], others: list[str]) -> bool:
        # the same first letters, or a close spelling ("Diözese"/"diocese", "Mohammeds"/"Muhammad's")
        return _key(word) in keys or (len(word) >= _CLOSE and not word[0].isdigit()
                                      and any(similar(word, o) for o in others if o[0] == word[0]
                                              or skeleton(o)[:2] == skeleton(word)[:2]))

    table = _anchor_table(lang)
    english = {w: _translations(w, table) for w in src if not w[0].isdigit()} if table else {}
    stems = tuple({e for es in english.values() for e in es})

    def translated(word: str) -> bool:
        return any(t.startswith(e) for e in english.get(word, ()) for t in tgt)

    def translates(word: str) -> bool:
        return bool(stems) and word.startswith(stems)

    s = sum(1 for w in src if found(w, tgt_keys, tgt_long) or translated(w))
    t = sum(1 for w in tgt if found(w, src_keys, src_long) or translates(w))
    return Agreement(s / len(src), t / len(tgt), s)


_CAPITALISED = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}'’-]*")


def _one_anchor_enough(sources: list[str], targets: list[str], source: str, target: str, expected: float,
                       length: int) -> bool:
    """A 1-1 pair whose lengths are within `SINGLE_ANCHOR_LENGTH_FACTOR` is settled by one
    shared word when that word is a figure or a cognate ("Polizei"/"police"), not a name
    that both sides merely mention ("Amazon"): the English side's capitalised words are
    left out of the comparison. Anchor words do not count here (`_anchor_table`)."""
    if len(sources) != 1 or len(targets) != 1:
        return False
    if abs(math.log(length / expected)) > math.log(SINGLE_ANCHOR_LENGTH_FACTOR):
        return False
    return agreement(source, _CAPITALISED.sub(" ", target)).shared >= 1


# the end of a sentence (its last punctuation before closing quotes and brackets), and the
# marks inside it that a translation keeps: commas, colons and semicolons, brackets, dashes
# between spaces
_END = regex.compile(r"([.!?…:;。！？．]+)[\s\"'”’»)\]」』）]*$")
_END_CLASS = str.maketrans({"。": ".", "．": ".", "！": "!", "？": "?", ":": ".", ";": "."})
_INNER = (regex.compile(r","), regex.compile(r"[:;]"), regex.compile(r"[()\[\]]"), regex.compile(r"\s[-–—]\s"))


def _punctuation(sentence: str) -> tuple:
    """The punctuation skeleton of a sentence: its end mark ("?", "!", "…", "." or none)
    and how many of each inner mark (`_INNER`) it has."""
    text = sentence.strip()
    m = _END.search(text)
    end = ""
    if m:
        marks = m.group(1).translate(_END_CLASS)
        end = "?" if "?" in marks else "!" if "!" in marks else "…" if "…" in marks or ".." in marks else "."
        text = text[: m.start()]
    return (end,) + tuple(len(p.findall(text)) for p in _INNER)


def _same_punctuation(source: str, target: str) -> bool:
    """Both sides end alike (a question with a question, a statement with a statement)
    and have the same number of commas, colons, brackets and spaced dashes inside."""
    return _punctuation(source) == _punctuation(target)


def _structure_enough(sources: list[str], targets: list[str], source: str, target: str, expected: float,
                      length: int, shared: int) -> bool:
    """A 1-1 pair with at least one shared word of any kind, a name or an anchor word
    included (`agreement`; the shares already at `SETTLED_SHARE`), is settled when its
    lengths are within `STRUCTURE_LENGTH_FACTOR` and its punctuation is the same
    (`_same_punctuation`): a short colloquial sentence often shares nothing but a name
    with its translation ("Weder ServusTV noch ORF tun das." / "Neither ServusTV nor ORF
    do this.") or one anchor word ("Die Angst war groß." / "The fear was great."). Measured
    on the single-sentence WMT22 de-en pairs of even-numbered segments (986): reference
    pairs settled 678 -> 760 (open 308 -> 226), pairs of a source with the reference of the
    segment 2, 4 or 6 below (same document, same names and topic words) 95 -> 98 of 2,970;
    cs 369 -> 392 of 724 (43 -> 47 of 2,166), ru 606 -> 625 of 1,008 (85 -> 86 of 3,018);
    DEMETR it/es/fr/de shuffled translations: none more. A factor 1.4 settled 4 more de
    references and 1 more mismatch; 1.25, 10 fewer and 1 fewer."""
    if len(sources) != 1 or len(targets) != 1 or not shared:
        return False
    if abs(math.log(length / expected)) > math.log(STRUCTURE_LENGTH_FACTOR):
        return False
    return _same_punctuation(source, target)


def settled(sources: list[str], targets: list[str], ratio: float = 1.0, lang: str | None = None) -> bool:
    """True when cheap evidence says ``targets`` (one or more sentences) translate
    ``sources``: lengths in proportion (``ratio``: characters of English per source
    character) and lexical anchors on both sides (`agreement`). Where a side has several
    sentences, each of them needs an anchor on the other side: a merged pair hides no
    sentence without counterpart. ``lang``: the source language, whose anchor words
    (`_anchor_table`) count for a 1-1 pair with at least `SETTLED_WORDS` of them. A 1-1
    pair with fewer shared words is settled by one of them with close lengths: a figure or
    cognate (`_one_anchor_enough`), or any shared word where the punctuation is the same
    too (`_structure_enough`; not from Chinese or Japanese, whose ``ratio`` is not 1)."""
    if len(sources) > 1 or len(targets) > 1:
        # a merged group is settled by spelling alone: a dropped sentence shares its
        # document's topic words ("Impfung"/"vaccination") with its neighbour's translation
        lang = None
    source, target = " ".join(sources), " ".join(targets)
    ls, lt = len(source.strip()), len(target.strip())
    if not ls or not lt or abs(math.log(lt / (ls * ratio))) > math.log(SETTLED_LENGTH_FACTOR):
        return False
    a = agreement(source, target, lang)
    if min(a.source_share, a.target_share) < SETTLED_SHARE:
        return False
    if ratio == 1.0 and _structure_enough(sources, targets, source, target, ls * ratio, lt, a.shared):
        return True
    if a.shared < SETTLED_WORDS and not (
            a.shared and _one_anchor_enough(sources, targets, source, target, ls * ratio, lt)):
        return False
    if len(sources) > 1 and any(agreement(s, target).shared == 0 for s in sources):
        return False  # (merged groups: by spelling alone, as above)
    return len(targets) == 1 or all(agreement(source, t).target_share > 0 for t in targets)
