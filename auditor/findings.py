"""The data model every layer shares: a `Finding` with its span, message and replacements.

Offsets are code-point offsets into `Article.text` exactly as read. Line/column and UTF-16
conversions happen only in the output layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How bad a finding is; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: "str | Severity") -> "Severity":
        try:
            return cls(str(getattr(value, "value", value)).lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected info, warning or error)") from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Applicability(str, Enum):
    """How far a replacement can be trusted (as in ruff).

    * ``safe``: mechanical and certain; applied by ``auditor fix``.
    * ``unsafe``: a judgement; applied only with ``--unsafe-fixes``.
    * ``display``: a suggestion shown to the user, never applied automatically.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"

    @property
    def rank(self) -> int:
        return {"display": 0, "unsafe": 1, "safe": 2}[self.value]


@dataclass(frozen=True)
class Replacement:
    """Replace ``text[start:end]`` with ``content``.

    A replacement may cover more than its finding's span (removing a residue line also
    removes its newline), so it carries its own offsets.
    """

    start: int
    end: int
    content: str
    applicability: Applicability = Applicability.DISPLAY
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "content": self.content,
            "applicability": self.applicability.value,
            "description": self.description,
        }


@dataclass
class Finding:
    """One artifact found in one article.

    ``evidence`` holds rule-specific facts (e.g. how many articles of a dump carry a line);
    ``source_lang`` names the source language the artifact points to, when it does, and
    feeds the per-article translated-from guess. ``source_start``/``source_end`` are
    offsets into ``Article.source_text`` for source-aware rules.
    """

    code: str
    name: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    replacements: list[Replacement] = field(default_factory=list)
    confidence: float = 1.0
    url: str = ""
    source_lang: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    source_excerpt: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end} for {self.code}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} out of [0, 1] for {self.code}")

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)

    @property
    def fix_applicability(self) -> Applicability | None:
        """The best applicability among the replacements, or None without any."""
        if not self.replacements:
            return None
        return max((r.applicability for r in self.replacements), key=lambda a: a.rank)

    def fingerprint(self) -> str:
        """A span-independent identity used by baselines: code + matched text."""
        return f"{self.code}:{self.text}"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code, "name": self.name, "category": self.category, "severity": self.severity.value,
            "start": self.start, "end": self.end, "text": self.text, "message": self.message,
            "replacements": [r.to_dict() for r in self.replacements],
            "confidence": self.confidence, "url": self.url,
        }
        for key in ("source_lang", "source_start", "source_end", "source_excerpt"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.evidence:
            data["evidence"] = dict(self.evidence)
        return data
