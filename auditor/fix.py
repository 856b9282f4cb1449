"""Apply edits to an article: non-overlapping replacements at or above a chosen
applicability, returning the corrected text and the list of applied and skipped edits.

Edits come from rule replacements (`Finding.replacements`) and from the corrector's
gated proposals; each keeps its origin (rule code or ``model``). When two edits overlap,
the one with the higher applicability wins, then the earlier, then the longer; the
others are reported as skipped with the reason.

Applicability is the only key: ``safe`` edits are applied by default, ``unsafe`` ones
(every model edit that passed the gate among them) only with ``unsafe``
(``--unsafe-fixes``), ``display`` ones never. No applied edit may write a word that is
neither an English word nor in the input, judged on the whole words of the resulting
text (`auditor.wordcheck.WordGuard`). `fix_articles` re-runs the rules on the corrected
text and applies what they fix until nothing changes (at most `MAX_PASSES` passes), so
that fixing its own output changes nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from auditor.edits import Edit, overlap
from auditor.findings import Applicability, Finding

__all__ = ["Edit", "FixResult", "apply_edits", "edits_from_findings", "fix_article", "fix_articles", "moved"]

#: rule passes over the corrected text (the first pass included)
MAX_PASSES = 4
#: ``guard(edit, result, r0, r1) -> reason or None``: may the applied ``edit`` stay, now
#: that it wrote ``result[r0:r1]``?
Guard = Callable[["Edit", str, int, int], "str | None"]


def edits_from_findings(text: str, findings: Iterable[Finding]) -> list[Edit]:
    """The best replacement of every finding that has one, as an `Edit`."""
    edits = []
    for f in findings:
        if not f.replacements:
            continue
        rep = max(f.replacements, key=lambda r: r.applicability.rank)  # first of the best
        edits.append(Edit(rep.start, rep.end, rep.content, rep.applicability, f.code,
                          original=text[rep.start:rep.end], description=rep.description or f.message))
    return edits


def apply_edits(
    text: str, edits: list[Edit], minimum: Applicability = Applicability.SAFE, guard: Guard | None = None
) -> tuple[str, list[Edit]]:
    """Apply every edit at or above ``minimum`` that does not overlap a better one and
    that ``guard`` (if given) lets through on the resulting text.

    Returns the new text and all edits with their status set (``applied``, ``skipped``
    with a reason, or ``display`` for those below ``minimum``).
    """
    candidates = []
    for edit in edits:
        if edit.status != "pending":  # rejected, or already decided (superseded)
            continue
        if edit.applicability.rank < minimum.rank:
            edit.status, edit.reason = "display", _below_level(edit)
            continue
        candidates.append(edit)
    candidates.sort(key=lambda e: (-e.applicability.rank, e.start, -(e.end - e.start)))
    chosen: list[Edit] = []
    for edit in candidates:
        clash = next((c for c in chosen if overlap(c, edit)), None)
        if clash is not None:
            edit.status, edit.reason = "skipped", f"overlaps an edit from {clash.origin} at {clash.start}-{clash.end}"
            continue
        if edit.original and text[edit.start:edit.end] != edit.original:
            edit.status, edit.reason = "skipped", "text changed under the edit"
            continue
        chosen.append(edit)
    while True:
        result, placed = _splice(text, chosen)
        refused = []
        if guard is not None:
            for edit, (r0, r1) in placed:
                why = guard(edit, result, r0, r1)
                if why is not None:
                    edit.status, edit.reason = "skipped", why
                    refused.append(edit)
        if not refused:
            break
        chosen = [e for e in chosen if e not in refused]
    for edit in chosen:
        edit.status = "applied"
    return result, edits


def _below_level(edit: Edit) -> str:
    if edit.applicability is Applicability.DISPLAY:
        return "a suggestion: display fixes are never applied"
    what = "passed the gate; model edits are unsafe" if edit.origin == "model" else "unsafe fix"
    return f"{what}: applied only with --unsafe-fixes"


def _splice(text: str, chosen: list[Edit]) -> tuple[str, list[tuple[Edit, tuple[int, int]]]]:
    """``text`` with the ``chosen`` (non-overlapping) edits applied, and where each edit's
    content lies in the result."""
    pieces, placed = [], []
    pos = out = 0
    for edit in sorted(chosen, key=lambda e: (e.start, e.end)):
        gap = text[pos:edit.start]
        pieces.append(gap)
        out += len(gap)
        pieces.append(edit.content)
        placed.append((edit, (out, out + len(edit.content))))
        out += len(edit.content)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces), placed


@dataclass
class FixResult:
    """The outcome of fixing one article."""

    article: Any  # auditor.document.Article
    corrected: str
    edits: list[Edit]
    findings: list[Finding]

    @property
    def applied(self) -> list[Edit]:
        return [e for e in self.edits if e.status == "applied"]

    @property
    def changed(self) -> bool:
        return self.corrected != self.article.text

    def headline(self) -> str | None:
        """The corrected headline, when the article's headline is part of its text
        (``title_span``); None otherwise or when the edits removed it."""
        span = self.article.title_span
        if span is None:
            return None
        start, end = moved(span.start, self.applied), moved(span.end, self.applied, keep_insertions=True)
        return self.corrected[start:end].strip() or None if end > start else None

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {"id": a.id, "path": a.path, "changed": self.changed, "corrected_text": self.corrected,
                "edits": [e.to_dict() for e in sorted(self.edits, key=lambda e: (e.start, e.end))],
                "remaining_findings": len(self.findings) - len({(e.start, e.end) for e in self.applied})}


def fix_article(article: Any, engine: Any, corrector: Any = None, *, unsafe: bool = False, retranslator: Any = None) -> FixResult:
    """Safe rule fixes (and unsafe ones with ``unsafe``), plus gated model proposals for
    the flagged spans that no applicable rule fix repairs.

    Model edits are never ``safe``: the gate marks an accepted proposal ``unsafe``, so it
    is applied only with ``unsafe`` (without it, it is listed with status ``display``); a
    held-back proposal is ``rejected`` and carries the gate's reason.

    ``retranslator`` (`auditor.correct.retranslate.Retranslator`, articles with a source
    text only): gated re-translations of the flagged sentences from their source (origin
    ``mt-model``), applied only with ``unsafe``; see `retranslation_edits` for the choice
    between a re-translation and the corrector's proposals for the same sentence.
    """
    return fix_articles([article], engine, corrector, unsafe=unsafe, retranslator=retranslator)[0]


def fix_articles(articles: list[Any], engine: Any, corrector: Any = None, *, unsafe: bool = False,
                 retranslator: Any = None) -> list[FixResult]:
    """`fix_article` for several articles, with one batched model call for all their
    flagged spans (results in the order of ``articles``)."""
    minimum = Applicability.UNSAFE if unsafe else Applicability.SAFE
    plans = []
    for article in articles:
        findings, _ = engine.check(article)
        # the model only sees spans that no applicable rule fix repairs
        todo = [f for f in findings if not (f.fix_applicability and f.fix_applicability.rank >= minimum.rank)]
        plans.append((article, findings, edits_from_findings(article.text, findings), todo))
    if corrector is not None:
        from auditor.correct import engine_recheck

        recheck = engine_recheck(engine)
        items = [(article, todo) for article, _, _, todo in plans]
        if hasattr(corrector, "propose_articles"):
            batches = corrector.propose_articles(items, recheck)
        else:  # a corrector of one's own that handles one article at a time
            batches = [corrector.propose_article(article, todo, recheck) for article, todo in items]
        for (article, _, edits, _), proposals in zip(plans, batches):
            edits.extend(_model_edit(article.text, p) for p in proposals if p.edit is not None)
    results = []
    for article, findings, edits, todo in plans:
        if retranslator is not None and getattr(article, "source_text", None):
            from auditor.correct.retranslate import engine_article_recheck, retranslation_edits

            proposals = retranslator.propose(article, todo, engine_article_recheck(engine))
            edits.extend(retranslation_edits(proposals, edits, todo, unsafe=unsafe))
        guard = _guard(article.text, article.source_text)
        corrected, edits = apply_edits(article.text, edits, minimum, guard)
        corrected, edits = _settle(article, corrected, edits, engine, minimum)
        results.append(FixResult(article, corrected, edits, findings))
    return results


def _guard(text: str, source_text: str | None = None) -> Guard:
    """The word guard for edits of ``text``. Re-translations (``mt-model``) are judged by
    their own gate against the source, and are never applied by default."""
    from auditor.wordcheck import WordGuard

    words = WordGuard(text, [source_text])

    def guard(edit: Edit, result: str, r0: int, r1: int) -> str | None:
        if edit.origin == "mt-model":
            return None
        return words.reason(result, r0, r1, edit.start, edit.end)

    return guard


def _settle(article: Any, text: str, edits: list[Edit], engine: Any, minimum: Applicability) -> tuple[str, list[Edit]]:
    """Re-run the rules on the corrected ``text`` and apply their fixes (at ``minimum``,
    through the word guard) until a pass applies nothing, at most `MAX_PASSES` passes in
    all: an edit can make another one applicable (two overlapping fixes, the second of
    which waits for the first), and `auditor fix` on its own output must change nothing.

    Edits applied by a later pass are mapped back to offsets of the original text; one
    that touches an earlier edit is merged with it (origin ``A+B``). Returns the final
    text and the edits: those of the first pass, with the applied ones replaced by the
    merged list."""
    applied = [e for e in edits if e.status == "applied"]
    if not applied:
        return text, edits
    rest = [e for e in edits if e.status != "applied"]
    for n in range(2, MAX_PASSES + 1):
        current = _reread(article, text, applied)
        findings, _ = engine.check(current)
        more = edits_from_findings(text, findings)
        text_after, more = apply_edits(text, more, minimum, _guard(text, article.source_text))
        done = [e for e in more if e.status == "applied"]
        if not done:
            break
        for e in done:
            e.evidence = {**e.evidence, "pass": n}
        applied = _compose(article.text, applied, text, done)
        text = text_after
    return text, rest + applied


def _delta(edit: Edit) -> int:
    return len(edit.content) - (edit.end - edit.start)


def _compose(original: str, applied: list[Edit], current: str, later: list[Edit]) -> list[Edit]:
    """``applied`` (edits of ``original`` that give ``current``) followed by ``later``
    (applied edits of ``current``), as edits of ``original``."""
    items = sorted(applied, key=lambda e: (e.start, e.end))
    for new in sorted(later, key=lambda e: (e.start, e.end), reverse=True):  # right to left: offsets stay valid
        spans, shift = [], 0
        for it in items:
            n0 = it.start + shift
            spans.append((n0, n0 + len(it.content)))
            shift += _delta(it)
        group = [i for i, (n0, n1) in enumerate(spans) if n0 <= new.end and new.start <= n1]
        u0 = min([new.start] + [spans[i][0] for i in group])
        u1 = max([new.end] + [spans[i][1] for i in group])
        s0 = u0 - sum(_delta(it) for i, it in enumerate(items) if i not in group and spans[i][1] <= u0)
        e0 = u1 - sum(_delta(it) for i, it in enumerate(items) if spans[i][1] <= u1)
        parts = [items[i] for i in group] + [new]
        content = current[u0:new.start] + new.content + current[new.end:u1]
        merged = Edit(s0, e0, content, min((e.applicability for e in parts), key=lambda a: a.rank),
                      "+".join(dict.fromkeys(e.origin for e in parts)), original=original[s0:e0],
                      description="; ".join(dict.fromkeys(e.description for e in parts if e.description)),
                      evidence=new.evidence if not group else {"merged": [e.to_dict() for e in parts]},
                      status="applied")
        items = sorted([it for i, it in enumerate(items) if i not in group] + [merged], key=lambda e: (e.start, e.end))
        current = current[:new.start] + new.content + current[new.end:]
    return items


def moved(offset: int, edits: Iterable[Edit], keep_insertions: bool = False) -> int:
    """Where ``offset`` of a text lands once the (non-overlapping) ``edits`` are applied:
    shifted by the edits before it, moved to the start of an edit that spans it; an
    insertion exactly at ``offset`` counts as before it when ``keep_insertions``."""
    out = offset
    for e in edits:
        if e.start == e.end == offset:
            out += len(e.content) if keep_insertions else 0
        elif e.end <= offset:
            out += _delta(e)
        elif e.start < offset:
            out += e.start - offset
    return out


def _reread(article: Any, text: str, applied: list[Edit]) -> Any:
    """``article`` with ``text`` as a reader would give it: the headline found again (or
    moved with the edits), the inline suppressions moved with the edits."""
    from auditor.document import Span

    title, span, body = article.title, None, article.body_start
    fmt = article.meta.get("format") if isinstance(article.meta, dict) else None
    if article.record is None and fmt in ("text", "markdown"):
        from auditor.io.common import headline

        title, span = headline(text, markdown=fmt == "markdown")
    elif article.title_span is not None:
        start, end = moved(article.title_span.start, applied), moved(article.title_span.end, applied, keep_insertions=True)
        if end > start:
            title, span = text[start:end], Span(start, end)
        body = moved(body, applied) if body else 0
    suppressions = [dataclasses.replace(s, start=moved(s.start, applied), end=moved(s.end, applied))
                    for s in article.suppressions]
    return dataclasses.replace(article, text=text, title=title, title_span=span, body_start=body,
                               suppressions=suppressions)


def _model_edit(text: str, proposal: Any) -> Edit:
    rep = proposal.edit
    return Edit(rep.start, rep.end, rep.content, rep.applicability, "model",
                original=text[rep.start:rep.end], description=rep.description,
                evidence={"codes": list(proposal.codes), "scores": proposal.scores,
                          "checks": proposal.checks, "reason": proposal.reason},
                status="pending" if proposal.accepted else "rejected",
                reason="" if proposal.accepted else proposal.reason)
