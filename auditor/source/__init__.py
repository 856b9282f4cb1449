"""Source-aware checking: the translation read beside its source article.

`analyse(article)` segments the source (``Article.source_text``), detects its language
when ``Article.source_lang`` is absent, aligns its sentences with the translation's and
returns a `SourceAnalysis` that the SRC rules share (cached per article, so eight rules
cost one alignment). Articles without a source cost nothing: `analyse` returns None.

Layout: `lexicon` (per-language word lists from the packs), `numbers`, `entities`,
`negation` (what is compared), `embed` (the optional sentence-embedding model), `align`
(the sentence aligner), `langid` (source-language detection), `pairing` (``--source``).
"""

from __future__ import annotations

import regex
from dataclasses import dataclass, field
from functools import lru_cache

from auditor.document import Article, Span, split_paragraphs, split_sentences
from auditor.source.align import Bead, align, length_ratio
from auditor.source.embed import get_embedder
from auditor.source.langid import detect_language

_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")
_CJK_END = regex.compile(r"[。！？](?=.)")
# a sentence end before a capital of any script ("тебе. Міцно", "kolo. Škoda"), a digit or
# an opening quote; the English splitter of `auditor.document` knows Latin-1 capitals only
_SENTENCE_END = regex.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«„(\[]?[\p{Lu}\p{N}])""")
_LANG_NAMES = {
    "italian": "it", "spanish": "es", "french": "fr", "german": "de", "portuguese": "pt", "dutch": "nl",
    "english": "en", "polish": "pl", "czech": "cs", "russian": "ru", "chinese": "zh", "japanese": "ja", "hindi": "hi",
}


def normalise_lang(lang: str | None) -> str | None:
    """"it", "IT", "it-IT", "italian" -> "it"; None stays None."""
    if not lang:
        return None
    low = lang.strip().lower().replace("_", "-")
    if low in _LANG_NAMES:
        return _LANG_NAMES[low]
    for name, code in _LANG_NAMES.items():
        if low.startswith(name):
            return code
    return low.split("-")[0] or None


def split_source(text: str) -> list[Span]:
    """Sentences of a source text or its translation: paragraphs, then sentence ends
    before a capital of any script, then the CJK full stops; spans without a letter or
    digit dropped."""
    out: list[Span] = []
    for para in split_paragraphs(text):
        for sent in split_sentences(text, para.start, para.end, _SENTENCE_END):
            pos = sent.start
            for m in _CJK_END.finditer(text, sent.start, sent.end):
                out.append(Span(pos, m.end()))
                pos = m.end()
                while pos < sent.end and text[pos].isspace():
                    pos += 1
            out.append(Span(pos, sent.end))
    return [s for s in out if s.end > s.start and _HAS_WORD.search(text, s.start, s.end)]


@dataclass
class SourceAnalysis:
    """A translation aligned with its source. Sentence spans index ``source_text`` and
    ``text``; beads index those lists."""

    text: str
    source_text: str
    lang: str | None
    src_sents: list[Span]
    tgt_sents: list[Span]
    beads: list[Bead]
    method: str  # "embeddings", "length" or "trivial"
    model: str | None = None
    extra: dict = field(default_factory=dict)

    def src_range(self, bead: Bead) -> tuple[int, int] | None:
        if not bead.src:
            return None
        return self.src_sents[bead.src[0]].start, self.src_sents[bead.src[-1]].end

    def tgt_range(self, bead: Bead) -> tuple[int, int] | None:
        if not bead.tgt:
            return None
        return self.tgt_sents[bead.tgt[0]].start, self.tgt_sents[bead.tgt[-1]].end

    def insertion_point(self, index: int) -> int:
        """Where the translation of the unaligned source bead ``index`` would stand: after
        the last target sentence of the beads before it (0 when none)."""
        for bead in reversed(self.beads[:index]):
            if bead.tgt:
                return self.tgt_sents[bead.tgt[-1]].end
        for bead in self.beads[index:]:
            if bead.tgt:
                return self.tgt_sents[bead.tgt[0]].start
        return 0


def analyse(article: Article) -> SourceAnalysis | None:
    """The shared source analysis of ``article``, or None when it has no source text."""
    if not article.source_text or not article.source_text.strip():
        return None
    return _analyse(article.text, article.source_text, normalise_lang(article.source_lang), get_embedder())


@lru_cache(maxsize=16)
def _analyse(text: str, source_text: str, lang: str | None, embedder) -> SourceAnalysis:
    if lang is None:
        lang = detect_language(source_text)
    src = split_source(source_text)
    tgt = split_source(text)
    if not src or not tgt:
        beads = [Bead((i,), ()) for i in range(len(src))] + [Bead((), (j,)) for j in range(len(tgt))]
        return SourceAnalysis(text, source_text, lang, src, tgt, beads, "trivial")
    src_lengths = [s.end - s.start for s in src]
    tgt_lengths = [s.end - s.start for s in tgt]
    if embedder is None:
        ratio = length_ratio(lang)
        if ratio != 1.0:  # Chinese or Japanese: only their own characters weigh more (names in Latin do not)
            src_lengths = [_weighted_length(s.slice(source_text), ratio) for s in src]
        beads = _absorb_gaps(_pair_gaps(align(src_lengths, tgt_lengths)), src_lengths, tgt_lengths)
        return SourceAnalysis(text, source_text, lang, src, tgt, beads, "length")
    vectors = embedder.embed([s.slice(source_text) for s in src] + [s.slice(text) for s in tgt])
    sv, tv = vectors[: len(src)], vectors[len(src) :]
    if len(src) == 1 and len(tgt) == 1:
        beads = [Bead((0,), (0,), float(sv[0] @ tv[0]))]
    else:
        beads = align(src_lengths, tgt_lengths, sv, tv)
    analysis = SourceAnalysis(text, source_text, lang, src, tgt, beads, "embeddings", embedder.name)
    analysis.extra["embed_words"] = _word_embed(embedder)
    return analysis


_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


def _weighted_length(sentence: str, ratio: float) -> int:
    """The length of a source sentence in English characters: its Han/kana characters
    count ``ratio`` each, everything else (Latin names, digits, spaces) one."""
    wide = len(_WIDE.findall(sentence))
    return round(wide * ratio + (len(sentence) - wide))


def _pair_gaps(beads: list[Bead]) -> list[Bead]:
    """Length alone cannot tell an omission next to an addition from one sentence
    translated loosely: a source-only bead next to a target-only bead becomes one 1-1
    bead (the embedding aligner, which sees meaning, keeps such gaps)."""
    out: list[Bead] = []
    for bead in beads:
        prev = out[-1] if out else None
        if prev is not None and len(prev.src) + len(prev.tgt) == 1 and len(bead.src) + len(bead.tgt) == 1 \
                and bool(prev.src) != bool(bead.src):
            out[-1] = Bead(prev.src + bead.src, prev.tgt + bead.tgt)
        else:
            out.append(bead)
    return out


def _absorb_gaps(beads: list[Bead], src_lengths: list[int], tgt_lengths: list[int]) -> list[Bead]:
    """A target sentence left unaligned by length next to an aligned group whose target
    is too short for its source is the rest of that group's translation (a source
    sentence split into three or four English ones, common from Chinese): join it to
    the group when that brings the group's length ratio closer to 1. Source-only beads
    are joined the same way when the neighbour's source is too short; a sentence whose
    length the neighbour cannot absorb stays an omission or an addition."""
    import math

    def misfit(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        ls, lt = sum(src_lengths[i] for i in src), sum(tgt_lengths[j] for j in tgt)
        return abs(math.log(max(lt, 1) / max(ls, 1)))

    out = list(beads)
    changed = True
    while changed:
        changed = False
        for k, bead in enumerate(out):
            if bead.src and bead.tgt:
                continue
            for n in (k - 1, k + 1):
                if not 0 <= n < len(out) or not (out[n].src and out[n].tgt):
                    continue
                near = out[n]
                src = tuple(sorted(near.src + bead.src))
                tgt = tuple(sorted(near.tgt + bead.tgt))
                if misfit(src, tgt) < misfit(near.src, near.tgt):
                    out[min(k, n)] = Bead(src, tgt)
                    del out[max(k, n)]
                    changed = True
                    break
            if changed:
                break
    return out


def _word_embed(embedder):
    def embed(words):
        return embedder.embed(list(words), query=True)
    return embed


__all__ = ["Bead", "SourceAnalysis", "analyse", "normalise_lang", "split_source"]
