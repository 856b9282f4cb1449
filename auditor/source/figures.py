"""Omissions told by content: a merged source sentence whose figures the translation lacks.

The aligner (`auditor.source.align`) judges a merged group (two or more source sentences
rendered as one target sentence, or as two split differently) by lengths and cosines. A dropped sentence beside one of
the same topic raises the merged cosine almost as much as a sentence the translator
joined to its neighbour, so some omissions hide in such groups ("... visited the shrine
on the 11th" dropped from a paragraph about the shrine). What the sentence says verbatim
tells what the cosines cannot: its figures ("11日", "48,5 Millionen"; not a bare "1",
which English renders "a" or "once", nor a gloss in parentheses) and, in a source of
another script (Chinese, Japanese, Russian ...), its words in Latin script ("RX7800",
"#Product1#"), which a translation into English keeps as they are. A sentence at the
edge of the group none of whose figures and Latin words appear anywhere in the
translation, while the rest of the group keeps some of its own in the target (or has
none), and whose target is no longer than `LONGEST` times the whole group, has no
translation there: the group gives it up as a sentence without translation, which
`SRC005` reports (instead of the numbers that `SRC001` would report missing).
"""

from __future__ import annotations

from typing import Callable, Sequence

import regex

from auditor.document import Span
from auditor.source import numbers as num
from auditor.source.align import Bead
from auditor.source.lexicon import TARGET_LANG, lexicon


_LATIN = regex.compile(r"(?<![A-Za-z0-9#])#?[A-Za-z0-9][A-Za-z0-9#.+-]*")
_LETTER = regex.compile(r"\p{L}")
_LATIN_LETTER = regex.compile(r"[A-Za-z]")
# a target longer than this times its group's source (English characters) was rewritten
# rather than shortened by a sentence
LONGEST = 1.15


def _figures(text: str, span: Span, lex) -> list[num.Mention]:
    """The figures of a sentence that a translation must carry (`numbers.carried`)."""
    return [m for m in num.extract(text, lex, span.start, span.end) if num.carried(m)]


def _none_found(figures: list[num.Mention], words: list[str], target_figures: list[num.Mention],
                folded_target: str) -> bool:
    """True when there are ``figures`` or ``words`` and none of them is in the target (its
    figures, its casefolded text)."""
    return bool(figures or words) and not any(w in folded_target for w in words) and not any(
        m.matches(t) for m in figures for t in target_figures)


def _latin_words(text: str, span: Span) -> list[str]:
    """The words in Latin script of a sentence in another script (names, brands, product
    codes: "RX7800", "#Product1#"), casefolded, which a translation into English keeps
    as they are; words of three characters or more with a letter."""
    words = (w.strip("#.+-") for w in _LATIN.findall(text, span.start, span.end))
    return [w.casefold() for w in words if len(w) >= 3 and _LATIN_LETTER.search(w)]


def lost_verbatim(source_text: str, span: Span, text: str, lang: str | None) -> bool:
    """True when the stretch ``span`` of the source has figures (or, in a source of
    another script, Latin words) and none of them appears anywhere in the translation
    ``text``: evidence that the stretch has no translation (`_drop_pieces` in
    `auditor.source` takes a chat message so)."""
    src_lex, tgt_lex = lexicon(lang), lexicon(TARGET_LANG)
    figures = _figures(source_text, span, src_lex)
    words = _latin_words(source_text, span) if _mostly_other_script(source_text) else []
    if not figures and not words:
        return False
    return _none_found(figures, words, num.extract(text, tgt_lex), text.casefold())


def split_off_by_figures(beads: list[Bead], src: Sequence[Span], tgt: Sequence[Span], source_text: str,
                         text: str, lang: str | None, src_lengths: Sequence[int], tgt_lengths: Sequence[int],
                         similarity: Callable[[tuple[int, ...], tuple[int, ...]], float | None]) -> list[Bead]:
    """``beads`` with each merged group (two or more source sentences, one or more
    target sentences: "A B" / "AB", "A B" / "A' B'" split differently) giving up an
    edge sentence whose figures (and, from a source in another script, words in Latin
    script) are all missing from the translation (see the module's docstring).
    ``src_lengths``: source lengths in English characters;
    ``similarity(src, tgt)``: the cosine of a new bead, or None without vectors."""
    if not any(len(b.src) >= 2 and b.tgt for b in beads):
        return beads
    src_lex, tgt_lex = lexicon(lang), lexicon(TARGET_LANG)
    # a figure anywhere in the translation may have moved to a neighbouring sentence
    everywhere = num.extract(text, tgt_lex)
    folded = text.casefold()
    other_script = _mostly_other_script(source_text)
    out: list[Bead] = []
    for bead in beads:
        if len(bead.src) < 2 or not bead.tgt:
            out.append(bead)
            continue
        span = Span(tgt[bead.tgt[0]].start, tgt[bead.tgt[-1]].end)
        # every figure of the target counts as a counterpart, spelled-out ones too ("three days")
        target_figures = num.extract(text, tgt_lex, span.start, span.end)
        target_folded = span.slice(text).casefold()
        own = {i: _figures(source_text, src[i], src_lex) for i in bead.src}
        words = {i: _latin_words(source_text, src[i]) if other_script else [] for i in bead.src}
        target = sum(tgt_lengths[j] for j in bead.tgt)
        whole = sum(src_lengths[i] for i in bead.src)
        chosen = None
        for edge in (bead.src[0], bead.src[-1]):
            if not _none_found(own[edge], words[edge], everywhere, folded):
                continue
            rest = [i for i in bead.src if i != edge]
            if _none_found([m for i in rest for m in own[i]], [w for i in rest for w in words[i]], target_figures,
                           target_folded):
                continue  # the target keeps nothing of the group's figures: rewritten, not one sentence dropped
            if target > whole * LONGEST:
                continue  # longer than a translation of the whole group: rewritten, not shortened
            chosen = edge
            break
        if chosen is None:
            out.append(bead)
            continue
        rest = tuple(i for i in bead.src if i != chosen)
        kept = Bead(rest, bead.tgt, similarity(rest, bead.tgt))
        out += [Bead((chosen,), ()), kept] if chosen == bead.src[0] else [kept, Bead((chosen,), ())]
    return out


def _mostly_other_script(source_text: str) -> bool:
    """True when most letters of the source are not Latin (Chinese, Japanese, Cyrillic ...)."""
    sample = source_text[:3000]
    letters = len(_LETTER.findall(sample))
    return letters > 0 and len(_LATIN_LETTER.findall(sample)) < 0.5 * letters
