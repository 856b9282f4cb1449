"""Omissions told by content: a merged source sentence whose figures the translation lacks.

The aligner (`auditor.source.align`) judges a merged group (two or more source sentences
rendered as one target sentence) by lengths and cosines. A dropped sentence beside one of
the same topic raises the merged cosine almost as much as a sentence the translator
joined to its neighbour, so some omissions hide in such groups ("... visited the shrine
on the 11th" dropped from a paragraph about the shrine). The figures say what the
cosines cannot: a sentence at the edge of the group whose every figure ("11日",
"2～3日分", "RX7800" excepted: digits glued to a word are product codes) is missing
from the target, while the rest of the group keeps its own figures (or has none), and
the target's length fits the rest better than the whole group, has no translation
there. The group then gives that sentence up as a sentence without translation, which
`SRC005` reports, beside the number that `SRC001` reports missing.
"""

from __future__ import annotations

from typing import Callable, Sequence

from auditor.document import Span
from auditor.source import numbers as num
from auditor.source.align import Bead
from auditor.source.lexicon import TARGET_LANG, lexicon


# a target longer than this times its group's source (English characters) was rewritten
# rather than shortened by a sentence
LONGEST = 1.15


def _figures(text: str, span: Span, lex) -> list[num.Mention]:
    """The figures of a sentence that a translation must carry: digits, not a bare "1"
    (rendered "a", "one", "once"), not a gloss in parentheses, not a product code."""
    return [m for m in num.extract(text, lex, span.start, span.end)
            if m.kind == "digits" and not m.aside and not num._bare_one(m)]


def split_off_by_figures(beads: list[Bead], src: Sequence[Span], tgt: Sequence[Span], source_text: str,
                         text: str, lang: str | None, src_lengths: Sequence[int], tgt_lengths: Sequence[int],
                         similarity: Callable[[tuple[int, ...], tuple[int, ...]], float | None]) -> list[Bead]:
    """``beads`` with each merged group (two or more source sentences, one target
    sentence) giving up an edge sentence whose figures are all missing from the target
    (see the module's docstring). ``src_lengths``: source lengths in English characters;
    ``similarity(src, tgt)``: the cosine of a new bead, or None without vectors."""
    if not any(len(b.src) >= 2 and len(b.tgt) == 1 for b in beads):
        return beads
    src_lex, tgt_lex = lexicon(lang), lexicon(TARGET_LANG)
    # a figure anywhere in the translation may have moved to a neighbouring sentence
    everywhere = num.extract(text, tgt_lex)
    out: list[Bead] = []
    for bead in beads:
        if len(bead.src) < 2 or len(bead.tgt) != 1:
            out.append(bead)
            continue
        span = tgt[bead.tgt[0]]
        # every figure of the target counts as a counterpart, spelled-out ones too ("three days")
        target_figures = num.extract(text, tgt_lex, span.start, span.end)
        own = {i: _figures(source_text, src[i], src_lex) for i in bead.src}
        target = tgt_lengths[bead.tgt[0]]
        whole = sum(src_lengths[i] for i in bead.src)
        chosen = None
        for edge in (bead.src[0], bead.src[-1]):
            if not own[edge] or any(m.matches(t) for m in own[edge] for t in everywhere):
                continue
            rest = [i for i in bead.src if i != edge]
            rest_figures = [m for i in rest for m in own[i]]
            if rest_figures and not any(m.matches(t) for m in rest_figures for t in target_figures):
                continue  # the target keeps no figure of the group at all: rewritten, not one sentence dropped
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
