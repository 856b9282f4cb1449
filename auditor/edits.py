"""`Edit`: one replacement of a span of an article's text, with its applicability,
origin and fate; and `overlap`, the clash test between two edits.

Shared by `auditor.fix` (which applies edits) and `auditor.correct.retranslate` (which
proposes them), so that neither reaches into the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.findings import Applicability

__all__ = ["Edit", "overlap"]


@dataclass
class Edit:
    """Replace ``[start, end)`` of a text (code points) with ``content``.

    ``origin`` is the rule code, ``model`` (the corrector), ``mt-model`` (a
    re-translation) or ``A+B`` (edits merged by a later pass); ``status`` ends as
    ``applied``, ``skipped`` (with ``reason``), ``rejected`` (by a gate) or ``display``
    (below the applicability level of the run)."""

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


def overlap(a: Edit, b: Edit) -> bool:
    """Replacements clash when they share a character; an insertion clashes with an
    insertion at the same point or with a replacement strictly around its point."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end
