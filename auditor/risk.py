"""Per-article MT-risk score and translated-from guess, computed from findings.

MT risk (0-100): each finding weighs ``severity weight x confidence`` (error 3, warning
1.5, info 0.5); the sum per 100 words (at least 50 words are assumed, so a one-line text
is not blown up) is mapped through ``100 * (1 - exp(-density / 3))``: one warning in a
100-word article gives ~39, three errors in 300 words ~95, a clean article 0.

Translated-from guess: findings that point to a source language (``Finding.source_lang``,
e.g. an Italian calque or an untranslated Spanish word) vote with the same weights; the
guess is the language with the most weight, its confidence the share of the vote damped
by the amount of evidence (``share * (1 - exp(-total))``). No votes, no guess.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from auditor.findings import Finding, Severity

SEVERITY_WEIGHT = {Severity.ERROR: 3.0, Severity.WARNING: 1.5, Severity.INFO: 0.5}
MIN_WORDS = 50


@dataclass(frozen=True)
class SourceGuess:
    lang: str
    confidence: float
    votes: dict[str, float]

    def to_dict(self) -> dict:
        return {"lang": self.lang, "confidence": self.confidence, "votes": self.votes}


def _weight(finding: Finding) -> float:
    return SEVERITY_WEIGHT[finding.severity] * finding.confidence


def mt_risk(findings: Iterable[Finding], words: int) -> float:
    total = sum(_weight(f) for f in findings)
    density = total / max(words, MIN_WORDS) * 100
    return round(100 * (1 - math.exp(-density / 3)), 1)


def guess_source(findings: Iterable[Finding]) -> SourceGuess | None:
    votes: dict[str, float] = defaultdict(float)
    for finding in findings:
        if finding.source_lang:
            for lang in finding.source_lang.split(","):
                votes[lang.strip()] += _weight(finding) / len(finding.source_lang.split(","))
    if not votes:
        return None
    total = sum(votes.values())
    lang, best = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    confidence = best / total * (1 - math.exp(-total))
    return SourceGuess(lang, round(confidence, 3), {k: round(v, 3) for k, v in sorted(votes.items())})
