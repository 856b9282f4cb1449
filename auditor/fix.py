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


def apply_edits(text: str, edits: list[Edit], minimum: Applicability = Applicability.SAFE) -> tuple[str, list[Edit]]:
    """Apply every edit at or above ``minimum`` that does not overlap a better one.

    Returns the new text and all edits with their status set (``applied``, ``skipped``
    with a reason, or ``display`` for those below ``minimum``).
    """
    candidates = []
    for edit in edits:
        if edit.applicability.rank < minimum.rank or edit.status == "rejected":
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
