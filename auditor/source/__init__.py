"""Source-aware checking: the translation read beside its source article.

`analyse(article)` segments the source (``Article.source_text``), detects its language
when ``Article.source_lang`` is absent, aligns its sentences with the translation's and
returns a `SourceAnalysis` that the SRC rules share (cached per article, so eight rules
cost one alignment). Articles without a source cost nothing: `analyse` returns None.

Layout: `lexicon` (per-language word lists from the packs), `numbers`, `entities`,
`negation` (what is compared), `embed` (the optional sentence-embedding model), `anchors`
(the cheap evidence that decides which pairs the model must see), `align` (the sentence
aligner), `figures` (a merged sentence whose figures the translation lacks), `langid`
(source-language detection), `pairing` (``--source``).
"""

from __future__ import annotations

import os

import regex
from dataclasses import dataclass, field, replace
from functools import lru_cache

from auditor.document import Article, Span, split_paragraphs, split_sentences
from auditor.source.align import Bead, align, length_ratio
from auditor.source.anchors import settled
from auditor.source.embed import get_embedder
from auditor.source.figures import lost_verbatim, split_off_by_figures
from auditor.source.langid import detect_language

_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")
# a CJK full stop, with the closing quotes after it, unless a quotative particle or a
# comma follows ("買うか！と思える", "どうする？って話": the sentence goes on)
# (A space between CJK characters, which separates the sentences of chat messages, is no
# sentence end here: it also separates the parts of titles and headings, "第十八条 ...",
# which the translation joins, and the fragments were reported as omitted; a message
# dropped from such a line is found by `_drop_pieces`.)
# A half-width "!" or "?" after a CJK character ends one too where a space and another CJK
# character follow ("最大600円割引! 楽天ペイで", "親とかある? 意味わからん"), unless a
# quotative particle follows.
_CJK_END = regex.compile(r"[。！？]+[」』）\)”\"]*(?![とっ、，」』）\)”])(?=.)"
                         r"|(?<=[\p{Han}\p{Hiragana}\p{Katakana}ー])[!?]+(?=[ \u3000]+(?![とっ])[\p{Han}\p{Hiragana}\p{Katakana}])")
_LETTERS = regex.compile(r"\p{L}+")
_OPEN_QUOTE, _CLOSE_QUOTE = "「『（(“", "」』）)”"
# a sentence end before a capital of any script ("тебе. Міцно", "kolo. Škoda"), a digit or
# an opening quote; the English splitter of `auditor.document` knows Latin-1 capitals only
# or a sentence end with the space left out after a lower-case word ("холодильником?Бо")
_SENTENCE_END = regex.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«„(\[]?[\p{Lu}\p{N}])|(?<=\p{Ll}\p{Ll})[!?…]+(?=\p{Lu}\p{Ll})|(?<=\p{Ll}\p{Ll})\.(?=\p{Lu}\p{Ll}*(?:\s|$))""")
# in a source whose language lists its abbreviations, also a period (or ! ?) after a
# lower-case word before a lower-case one: chat messages start sentences in lower case
# ("вдячна. навіть не сподівалась"), and the abbreviations ("м. Буча", "т. зв.") are joined again
_SOURCE_END = regex.compile(_SENTENCE_END.pattern + r"|(?<=\p{Ll}{3})(?:\.|[!?]+)(?=\s+\p{Ll})")
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


def split_source(text: str, lang: str | None = None) -> list[Span]:
    """Sentences of a source text or its translation: paragraphs, then sentence ends
    before a capital of any script, then the CJK full stops; spans without a letter or
    digit dropped. ``lang``: a period after one of that language's abbreviations (the
    pack's ``[abbreviations]``: "bzw.", "z. B.", "т. е.") ends no sentence."""
    from auditor.source.lexicon import lexicon

    abbreviations = lexicon(lang).abbreviations if lang else frozenset()
    out: list[Span] = []
    for para in split_paragraphs(text):
        sentences = split_sentences(text, para.start, para.end, _SOURCE_END if abbreviations else _SENTENCE_END)
        if abbreviations:
            sentences = _join_abbreviations(text, sentences, abbreviations)
        for sent in sentences:
            pos = sent.start
            for m in _CJK_END.finditer(text, sent.start, sent.end):
                if not _cjk_boundary(text, pos, m.end(), sent.end):
                    continue
                out.append(Span(pos, m.end()))
                pos = m.end()
                while pos < sent.end and text[pos].isspace():
                    pos += 1
            out.append(Span(pos, sent.end))
    return [s for s in out if s.end > s.start and _HAS_WORD.search(text, s.start, s.end)]


def _cjk_boundary(text: str, start: int, at: int, end: int) -> bool:
    """A CJK full stop at ``at`` ends a sentence begun at ``start``: outside quotes and
    brackets, and with Han or kana or two words after it (a trailing "#URL#" or Latin
    tag belongs to the sentence before)."""
    stretch = text[start:at]
    if sum(stretch.count(c) for c in _OPEN_QUOTE) > sum(stretch.count(c) for c in _CLOSE_QUOTE):
        return False
    return _WIDE.search(text, at, end) is not None or len(_LETTERS.findall(text, at, end)) >= 2


# the last word of a sentence before its period, with the dots inside it ("bzw", "z.B"),
# and the same with the word before it when a space splits it ("z. B")
_LAST_WORD = regex.compile(r"(?<![\p{L}.])\p{L}[\p{L}.]*(?=\.$)")
_LAST_TWO = regex.compile(r"(?<![\p{L}.])\p{L}{1,3}\.\s\p{L}{1,3}(?=\.$)")


def _join_abbreviations(text: str, sentences: list[Span], abbreviations: frozenset[str]) -> list[Span]:
    """Sentences whose last word is an abbreviation joined with the next one."""
    from auditor.source.lexicon import _fold

    out: list[Span] = []
    for sent in sentences:
        if out:
            prev = out[-1]
            window = max(prev.start, prev.end - 16)
            ends = [m.group() for m in (_LAST_WORD.search(text, window, prev.end), _LAST_TWO.search(text, window, prev.end)) if m]
            if any(_fold(e).replace(" ", "") in abbreviations for e in ends):
                out[-1] = Span(prev.start, sent.end)
                continue
        out.append(sent)
    return out


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
    method: str  # "embeddings", "anchors" (every pair settled without the model), "length" or "trivial"
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

    def expected_length(self, bead: Bead) -> int:
        """The English length in characters that the source of ``bead`` should have: its
        characters, with Han and kana counted `length_ratio` each (`_weighted_length`)."""
        rng = self.src_range(bead)
        if rng is None:
            return 0
        ratio = length_ratio(self.lang)
        sentence = self.source_text[rng[0]:rng[1]]
        return len(sentence) if ratio == 1.0 else _weighted_length(sentence, ratio)

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


def analyse(article: Article, gate: bool | None = None) -> SourceAnalysis | None:
    """The shared source analysis of ``article``, or None when it has no source text.

    ``gate`` (the default): the embedding model sees only what cheap evidence leaves
    open. The sentences are first aligned by length; where that pairs every sentence
    (no sentence left alone on either side), each pair with lengths in proportion and
    shared figures, names or cognates on both sides (`anchors.settled`) is taken as a
    translation without the model, and the sentences of the other pairs are embedded in
    one batch. Where the lengths leave a sentence alone, the whole text is embedded in
    one batch and aligned by meaning. ``gate=False``: every sentence is embedded
    (calibration of the similarity threshold); None: False when the environment sets
    ``AUDITOR_EMBEDDINGS=all``."""
    if not article.source_text or not article.source_text.strip():
        return None
    if gate is None:
        gate = os.environ.get("AUDITOR_EMBEDDINGS", "").lower() != "all"
    return _analyse(article.text, article.source_text, normalise_lang(article.source_lang), get_embedder(), gate)


@lru_cache(maxsize=16)
def _analyse(text: str, source_text: str, lang: str | None, embedder, gate: bool = True) -> SourceAnalysis:
    if lang is None:
        lang = detect_language(source_text)
    src = split_source(source_text, lang)
    tgt = split_source(text)
    if not src or not tgt:
        beads = [Bead((i,), ()) for i in range(len(src))] + [Bead((), (j,)) for j in range(len(tgt))]
        return SourceAnalysis(text, source_text, lang, src, tgt, beads, "trivial")
    src_lengths = [s.end - s.start for s in src]
    tgt_lengths = [s.end - s.start for s in tgt]
    ratio = length_ratio(lang)
    weighted = src_lengths
    if ratio != 1.0:  # Chinese or Japanese: only their own characters weigh more (names in Latin do not)
        weighted = [_weighted_length(s.slice(source_text), ratio) for s in src]
    if embedder is None:
        beads = _absorb_gaps(_pair_gaps(align(weighted, tgt_lengths)), weighted, tgt_lengths)
        return SourceAnalysis(text, source_text, lang, src, tgt, beads, "length")
    src_texts = [s.slice(source_text) for s in src]
    tgt_texts = [s.slice(text) for s in tgt]

    def is_settled(bead: Bead) -> bool:
        return settled([src_texts[i] for i in bead.src], [tgt_texts[j] for j in bead.tgt], ratio, lang)

    def settled_texts(sources: list[str], targets: list[str]) -> bool:
        return settled(sources, targets, ratio, lang)

    by_length = align(weighted, tgt_lengths) if gate else []
    marks = [bool(b.src and b.tgt) and is_settled(b) for b in by_length]
    # the lengths' alignment is kept where it leaves no sentence alone and every merged
    # group is settled; an open 1-1 pair needs only its own cosine
    if gate and all(b.src and b.tgt and (ok or len(b.src) + len(b.tgt) == 2) for b, ok in zip(by_length, marks)):
        unsettled = [b for b, ok in zip(by_length, marks) if not ok]
        beads = [replace(b, settled=True) for b, ok in zip(by_length, marks) if ok]
        if unsettled:  # one batch for every open pair of the text
            si = sorted({i for b in unsettled for i in b.src})
            tj = sorted({j for b in unsettled for j in b.tgt})
            vectors = embedder.embed([src_texts[i] for i in si] + [tgt_texts[j] for j in tj])
            sv = dict(zip(si, vectors[: len(si)]))
            tv = dict(zip(tj, vectors[len(si) :]))
            beads = [replace(b, settled=True) if ok else replace(b, similarity=_cosine([sv[i] for i in b.src],
                                                                                        [tv[j] for j in b.tgt]))
                     for b, ok in zip(by_length, marks)]
        src, beads = _split_pieces(src, beads, source_text, text, tgt, weighted, tgt_lengths, ratio, embedder,
                                   settled_texts)
        src, beads = _drop_pieces(src, beads, source_text, text, tgt, lang, embedder)
        analysis = SourceAnalysis(text, source_text, lang, src, tgt, beads, "embeddings" if unsettled else "anchors",
                                  embedder.name)
        analysis.extra["embed_words"] = _word_embed(embedder)
        return analysis
    vectors = embedder.embed(src_texts + tgt_texts)
    sv, tv = vectors[: len(src)], vectors[len(src) :]
    if len(src) == 1 and len(tgt) == 1:
        beads = [Bead((0,), (0,), float(sv[0] @ tv[0]))]
    else:
        # lengths in English characters: `_split_off_by_length`; Chinese and Japanese 2-1 groups
        # also give up a sentence that adds almost nothing (`align._split_off_low_gain`); any
        # merged group, a sentence whose figures the translation lacks (`figures`)
        beads = align(weighted, tgt_lengths, sv, tv, split_low_gain=lang in _PIECE_LANGS)
        beads = split_off_by_figures(beads, src, tgt, source_text, text, lang, weighted, tgt_lengths,
                                     lambda s, t: _cosine([sv[i] for i in s], [tv[j] for j in t]))
    if gate:
        beads = [replace(b, settled=True) if b.src and b.tgt and is_settled(b) else b for b in beads]
    src, beads = _split_pieces(src, beads, source_text, text, tgt, weighted, tgt_lengths, ratio, embedder,
                                   settled_texts)
    src, beads = _drop_pieces(src, beads, source_text, text, tgt, lang, embedder)
    analysis = SourceAnalysis(text, source_text, lang, src, tgt, beads, "embeddings", embedder.name)
    analysis.extra["embed_words"] = _word_embed(embedder)
    return analysis


def _cosine(src: list, tgt: list) -> float:
    """The cosine of two sides of a bead (a merged side: the normalised sum)."""
    import numpy as np

    s, t = np.sum(src, axis=0), np.sum(tgt, axis=0)
    return float(s @ t / ((np.linalg.norm(s) * np.linalg.norm(t)) or 1.0))


_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


def _weighted_length(sentence: str, ratio: float) -> int:
    """The length of a source sentence in English characters: its Han/kana characters
    count ``ratio`` each, everything else (Latin names, digits, spaces) one."""
    wide = len(_WIDE.findall(sentence))
    return round(wide * ratio + (len(sentence) - wide))


# a soft sentence end inside a Chinese or Japanese sentence: spaces after a CJK character,
# a CJK full stop inside quotes, an ellipsis or a placeholder ("#PRS_ORG#") and before
# another CJK character, unless a quotative particle follows ("ならない... って気持ち":
# the sentence goes on; an ellipsis without a space never ends one). Chat messages and
# lists separate their sentences so; titles and headings separate their parts, which a
# translation joins, so they stay one sentence unless the translation is too short for
# the whole (`_split_pieces`). Spaces after a closing quote ("「...」 なお、") or the chat
# ellipsis "、、", and before a figure that opens a message ("お料理 20歳です"), end one too.
_SOFT_END = regex.compile(r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}ー…。！？!?.#」』]|、、)[ \u3000]+(?![とっ])(?=[\p{Han}\p{Hiragana}\p{Katakana}]|\d+[\p{Han}\p{Hiragana}\p{Katakana}])")


def soft_pieces(text: str, span: Span) -> list[Span]:
    """The parts of a source sentence between its soft ends (`_SOFT_END`); a part of
    fewer than two CJK characters stays with the part before it (the first: after)."""
    pieces: list[Span] = []
    pos = span.start
    for m in _SOFT_END.finditer(text, span.start, span.end):
        pieces.append(Span(pos, m.start()))
        pos = m.end()
    pieces.append(Span(pos, span.end))
    out: list[Span] = []
    for piece in pieces:
        if out and (len(_WIDE.findall(text, piece.start, piece.end)) < 2
                    or len(_WIDE.findall(text, out[-1].start, out[-1].end)) < 2):
            out[-1] = Span(out[-1].start, piece.end)
        else:
            out.append(piece)
    return out


def _split_pieces(src: list[Span], beads: list[Bead], source_text: str, text: str, tgt: list[Span],
                  weighted: list[int], tgt_lengths: list[int], ratio: float, embedder,
                  is_settled=None) -> tuple[list[Span], list[Bead]]:
    """Source sentences of several parts (`soft_pieces`: the messages of a chat line)
    aligned with a translation too short for them are aligned again part by part: the
    whole text, by meaning, with those sentences replaced by their parts. The new
    alignment is kept where it leaves a part without translation whose sentence's
    translation fits the sentence without it (`align.SHORT_GROUP`, `align.LENGTH_FIT`,
    `align.REST_FIT`), leaves the other sentences alone or paired as the first
    alignment did and no more target sentences alone; a dropped message was otherwise
    hidden in the sentence holding the whole line. The parts of a sentence may join
    three or four into one target sentence (`align.PART_MOVES`: a heading, a list line). Returns the source sentences (parts where kept) and the beads, renumbered;
    ``is_settled`` marks the new groups that cheap evidence settles."""
    import math

    from auditor.source.align import LENGTH_FIT, PART_MOVES, REST_FIT, SHORT_GROUP

    candidates: dict[int, list[Span]] = {}
    for bead in beads:
        if len(bead.src) != 1 or not bead.tgt:
            continue
        i = bead.src[0]
        if sum(tgt_lengths[j] for j in bead.tgt) >= SHORT_GROUP * weighted[i]:  # the length accounts for the whole
            continue
        pieces = soft_pieces(source_text, src[i])
        if len(pieces) >= 2:
            candidates[i] = pieces
    if not candidates:
        return src, beads
    units: list[Span] = []
    owner: list[int] = []  # the sentence each unit comes from
    for i, span in enumerate(src):
        for piece in candidates.get(i, [span]):
            units.append(piece)
            owner.append(i)
    lengths = [_weighted_length(u.slice(source_text), ratio) if owner[k] in candidates else weighted[owner[k]]
               for k, u in enumerate(units)]
    vectors = embedder.embed([u.slice(source_text) for u in units] + [t.slice(text) for t in tgt])
    new = align(lengths, tgt_lengths, vectors[: len(units)], vectors[len(units):], moves=PART_MOVES)
    if sum(1 for b in new if b.tgt and not b.src) > sum(1 for b in beads if b.tgt and not b.src):
        return src, beads
    alone_before = {i for b in beads if not b.tgt for i in b.src}
    if {owner[k] for b in new if not b.tgt for k in b.src if owner[k] not in candidates} != alone_before:
        return src, beads  # a sentence alone before stays alone, one paired stays paired
    kept = False
    for b in new:
        if b.tgt:
            continue
        for k in b.src:
            i = owner[k]
            if i not in candidates:
                continue
            mine = [n for n, o in enumerate(owner) if o == i]
            lone = [n for n in mine if any(n in c.src and not c.tgt for c in new)]
            lt = sum(tgt_lengths[j] for c in new if any(owner[n] == i for n in c.src) for j in c.tgt)
            whole = sum(lengths[n] for n in mine)
            rest = whole - sum(lengths[n] for n in lone)
            fit_all = abs(math.log(max(lt, 1) / max(whole, 1)))
            fit_rest = abs(math.log(max(lt, 1) / max(rest, 1)))
            if not (lt and fit_rest < min(fit_all - LENGTH_FIT, REST_FIT)):
                return src, beads
            kept = True
    if not kept:
        return src, beads
    if is_settled is not None:
        new = [replace(b, settled=True) if b.src and b.tgt and is_settled(
            [units[k].slice(source_text) for k in b.src], [tgt[j].slice(text) for j in b.tgt]) else b for b in new]
    return units, new


def _drop_pieces(src: list[Span], beads: list[Bead], source_text: str, text: str, tgt: list[Span],
                 lang: str | None, embedder) -> tuple[list[Span], list[Bead]]:
    """A source sentence of ``k + 1`` parts (`soft_pieces`: the messages of a chat line
    without end punctuation) aligned with ``k`` target sentences has one message without
    translation when the other parts pair one to one with the targets, in order, better
    than any reading with two neighbouring parts joined (`align.dropped_piece`, by
    `align.PIECE_DROP`), no target sentence outside the group reads as that part's
    translation (cosine at least `align.DIAGONAL_OK` and above its best inside the group:
    the alignment gave it to a neighbour; unless the part's reading wins by twice the
    margin and that target is closer to its own source, or settled with it: a short
    formula, "宜しくお願いします", reads 0.8 like many an English sentence) and no
    figure of the part is found in the group's targets (a heading "第十八条" joined to
    "Article 18: ..."). The sentence is
    then replaced by its parts: the message alone, the others paired with the targets.
    Its length cannot tell (a chat message of six characters is a tenth of the line), and
    the line's alignment as a whole hid the message. A message whose figures or Latin
    words ("RX7800") appear nowhere in the translation (`figures.lost_verbatim`) needs
    no margin: its reading need only beat the best join. Returns the source sentences
    and the beads, renumbered."""
    from auditor.source.align import DIAGONAL_OK, PIECE_DROP, dropped_piece
    from auditor.source.lexicon import lexicon
    from auditor.source.numbers import extract

    if embedder is None or lang not in _PIECE_LANGS:
        return src, beads
    found: dict[int, list[Bead]] = {}  # sentence -> its beads, indexing its parts from 0
    parts: dict[int, list[Span]] = {}
    paired = {j: b for b in beads if b.src for j in b.tgt}

    def _owned(j: int, cos: float) -> bool:
        """Target ``j`` is its own source's translation rather than the part's: settled
        by cheap evidence, or closer to its source than to the part (a short message,
        "宜しくお願いします", scores 0.8 with many an English sentence)."""
        b = paired.get(j)
        return b is not None and (b.settled or b.similarity is not None and b.similarity > cos)

    for bead in beads:
        if len(bead.src) != 1 or not bead.tgt:
            continue
        i = bead.src[0]
        pieces = soft_pieces(source_text, src[i])
        if len(pieces) != len(bead.tgt) + 1:
            continue
        vectors = embedder.embed([p.slice(source_text) for p in pieces] + [t.slice(text) for t in tgt])
        pv, tv = vectors[: len(pieces)], vectors[len(pieces):]
        best = dropped_piece(pv, tv[list(bead.tgt)])
        # a message whose figures or Latin words the translation lacks needs only to win
        if best is None or best[1] < (0.0 if lost_verbatim(source_text, pieces[best[0]], text, lang) else PIECE_DROP):
            continue
        d = best[0]
        cos = tv @ pv[d]
        inside = max(float(cos[j]) for j in bead.tgt)
        if any(float(cos[j]) >= DIAGONAL_OK and float(cos[j]) > inside
               and not (best[1] >= 2 * PIECE_DROP and _owned(j, float(cos[j])))
               for j in range(len(tgt)) if j not in bead.tgt):
            continue
        figures = extract(source_text, lexicon(lang), pieces[d].start, pieces[d].end)
        if figures:
            t0, t1 = tgt[bead.tgt[0]].start, tgt[bead.tgt[-1]].end
            if any(f.matches(g) for f in figures for g in extract(text, lexicon("en"), t0, t1)):
                continue
        rest = [p for p in range(len(pieces)) if p != d]
        own = [Bead((p,), (j,), float(pv[p] @ tv[j])) for p, j in zip(rest, bead.tgt)]
        own.insert(d, Bead((d,), ()))
        found[i], parts[i] = own, pieces
    if not found:
        return src, beads
    units: list[Span] = []
    first: dict[int, int] = {}  # sentence -> its first unit
    for i, span in enumerate(src):
        first[i] = len(units)
        units += parts.get(i, [span])
    out: list[Bead] = []
    for bead in beads:
        if len(bead.src) == 1 and bead.src[0] in found:
            base = first[bead.src[0]]
            out += [replace(b, src=tuple(base + k for k in b.src)) for b in found[bead.src[0]]]
        else:
            out.append(replace(bead, src=tuple(first[i] for i in bead.src)))
    return units, out


# the source languages whose sentences have soft ends (`_SOFT_END`)
_PIECE_LANGS = ("zh", "ja")


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
