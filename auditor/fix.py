"""Apply edits to an article: non-overlapping replacements at or above a chosen
applicability, returning the corrected text and the list of applied and skipped edits.

Edits come from rule replacements (`Finding.replacements`) and from the corrector's
gated proposals; each keeps its origin (rule code or ``model``). When two edits overlap,
the one with the higher applicability wins, then the earlier, then the longer; the
others are reported as skipped with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from auditor.findings import Applicability, Finding


@dataclass
class Edit:
    start: int
    end: int
    content: str
    applicability: Applicability
    origin: str  # rule code or "model"
    original: str = ""
    description: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    status: str = "pending"  # applied | skipped | rejected | display
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "original": self.original, "content": self.content,
                "applicability": self.applicability.value, "origin": self.origin, "status": self.status,
                "reason": self.reason, "description": self.description, **({"evidence": self.evidence} if self.evidence else {})}


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
    text: str, edits: list[Edit], minimum: Applicability = Applicability.SAFE, trusted_origins: tuple[str, ...] = ()
) -> tuple[str, list[Edit]]:
    """Apply every edit at or above ``minimum`` (or from a trusted origin, such as gated
    model edits) that does not overlap a better one.

    Returns the new text and all edits with their status set (``applied``, ``skipped``
    with a reason, or ``display`` for those below ``minimum``).
    """
    candidates = []
    for edit in edits:
        eligible = edit.applicability.rank >= minimum.rank or (
            edit.origin in trusted_origins and edit.applicability is not Applicability.DISPLAY)
        if not eligible or edit.status != "pending":  # rejected, or already decided (superseded)
            if edit.status == "pending":
                edit.status, edit.reason = "display", f"{edit.applicability.value} fix not applied at this level"
            continue
        candidates.append(edit)
    candidates.sort(key=lambda e: (-e.applicability.rank, e.start, -(e.end - e.start)))
    chosen: list[Edit] = []
    for edit in candidates:
        clash = next((c for c in chosen if _overlap(c, edit)), None)
        if clash is not None:
            edit.status, edit.reason = "skipped", f"overlaps an edit from {clash.origin} at {clash.start}-{clash.end}"
            continue
        if edit.original and text[edit.start:edit.end] != edit.original:
            edit.status, edit.reason = "skipped", "text changed under the edit"
            continue
        chosen.append(edit)
    pieces = []
    pos = 0
    for edit in sorted(chosen, key=lambda e: (e.start, e.end)):
        pieces.append(text[pos:edit.start])
        pieces.append(edit.content)
        pos = edit.end
        edit.status = "applied"
    pieces.append(text[pos:])
    return "".join(pieces), edits


def _overlap(a: Edit, b: Edit) -> bool:
    """Replacements clash when they share a character; an insertion clashes with an
    insertion at the same point or with a replacement strictly around its point."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


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

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {"id": a.id, "path": a.path, "changed": self.changed, "corrected_text": self.corrected,
                "edits": [e.to_dict() for e in sorted(self.edits, key=lambda e: (e.start, e.end))],
                "remaining_findings": len(self.findings) - len({(e.start, e.end) for e in self.applied})}


def fix_article(article: Any, engine: Any, corrector: Any = None, *, unsafe: bool = False, retranslator: Any = None) -> FixResult:
    """Safe rule fixes (and unsafe ones with ``unsafe``), plus gated model proposals for
    the flagged spans that no applicable rule fix repairs.

    Model edits are never ``safe``: the gate marks an accepted proposal ``unsafe`` and it
    is applied because the gate vouched for it; a held-back proposal becomes a ``display``
    suggestion carrying the gate's reason.

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
        corrected, applied = apply_edits(article.text, edits, minimum, trusted_origins=("model",))
        results.append(FixResult(article, corrected, applied, findings))
    return results


def _model_edit(text: str, proposal: Any) -> Edit:
    rep = proposal.edit
    return Edit(rep.start, rep.end, rep.content, rep.applicability, "model",
                original=text[rep.start:rep.end], description=rep.description,
                evidence={"codes": list(proposal.codes), "scores": proposal.scores,
                          "checks": proposal.checks, "reason": proposal.reason},
                status="pending" if proposal.accepted else "rejected",
                reason="" if proposal.accepted else proposal.reason)
