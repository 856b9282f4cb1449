"""Helpers for the translated-from tests: a hand-made n-gram classifier and a triage model
with a fixed MT-risk around it."""

from __future__ import annotations

import math

from auditor.triage.model import NgramModel, TriageModel
from auditor.triage.ngrams import ngram_vector


def ngram_doc(**over) -> dict:
    """A hand-made classifier over de, en, it: 'hosts' (as in a German match report, 'the
    hosts', 'the guests') points to German, 'della' to Italian, "don't" to original English.
    Portuguese is no class: it does not know it. ``over``: thresholds (alone, sure, ...)."""
    doc = {"features": ["w:della", "w:hosts", "w:don't"], "classes": ["de", "en", "it"],
           "weights": [0, 0, 2000, 1800, 0, 0, 0, 1000, 0], "bias": [0.0, 0.5, 0.0],
           "quantum": 0.001, "original": "en"}
    doc.update(over)
    return doc


def triage_model(mt_risk: float, source: dict | None = None, **ngram) -> TriageModel:
    """MT-risk ``mt_risk`` (0-1) for every article (a bare intercept), a source model over
    names, the n-gram classifier (`ngram_doc` with ``ngram``) and the pack prior; ``source``:
    its gates (min_risk, min_risk_agreed)."""
    doc = {"format": "auditor-triage/2", "meta": {},
           "risk": {"features": ["fw:of"], "mean": [0.1], "scale": [0.1], "coef": [0.0],
                    "intercept": math.log(mt_risk / (1 - mt_risk))},
           "source": {"features": ["names", "ngram", "pack"], "coef": [1.0, 2.0, 0.5], "temperature": 1.0,
                      **(source or {"min_risk": 0.5})},
           "ngram": ngram_doc(**ngram)}
    return TriageModel.from_dict(doc)


def german_posterior(text: str) -> float:
    """P(de | text) under the hand-made classifier."""
    return math.exp(NgramModel.from_dict(ngram_doc()).log_probabilities(ngram_vector(text))["de"])
