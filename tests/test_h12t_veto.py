"""Translated-from: the n-gram classifier's veto needs original English to lead.

The veto (`NgramModel.veto`) says the text is original English, so that no language the
classifier knows is named whatever the other traces. It used to fire whenever P(original
English | text) reached the threshold, even when a source language was more probable: with
a veto of 0.2 (what the calibration split chose with the sharper classifier), a German
article that the classifier read as German at 0.56 and original English at 0.21, with two
calque findings naming German, got no guess. Now the veto also needs original English to be
the most probable class.
"""

from __future__ import annotations

import math

from auditor.triage.features import with_ngram_evidence
from auditor.triage.model import NgramModel


def ngram_doc(**over) -> dict:
    """A hand-made classifier over de, en, it: 'hosts' points to German, "don't" to original
    English, 'della' to Italian."""
    doc = {"features": ["w:della", "w:hosts", "w:don't"], "classes": ["de", "en", "it"],
           "weights": [0, 0, 2000, 1000, 0, 0, 0, 1500, 0], "bias": [0.0, 0.0, 0.0],
           "quantum": 0.001, "original": "en"}
    doc.update(over)
    return doc


#: German leads, original English second: z = (1.0, 0.6, 0)
GERMAN_FIRST = {"w:hosts": 1.0, "w:don't": 0.4}
#: original English leads: z = (0.4, 1.5, 0)
ENGLISH_FIRST = {"w:hosts": 0.4, "w:don't": 1.0}


def test_the_veto_needs_original_english_to_lead():
    m = NgramModel.from_dict(ngram_doc(alone=0.2, veto=0.2))
    lp = m.log_probabilities(GERMAN_FIRST)
    p_de, p_en = math.exp(lp["de"]), math.exp(lp["en"])
    assert p_de > p_en >= 0.2  # original English over the veto, but second
    ev = m.evidence(GERMAN_FIRST)
    assert not ev.original and set(ev) == {"de"}
    # a German calque finding keeps its language, and the classifier's word is added to it
    traces = {"de": {"votes": 0.4}}
    assert with_ngram_evidence(traces, ev)["de"]["ngram"] > 0
    # original English first and over the veto: vetoed, no evidence and no known language named
    lp = m.log_probabilities(ENGLISH_FIRST)
    assert math.exp(lp["en"]) >= 0.2 and lp["en"] > lp["de"]
    vetoed = m.evidence(ENGLISH_FIRST)
    assert vetoed.original and vetoed == {}
    assert with_ngram_evidence(traces, vetoed) == {}
    # below the veto nothing changes
    assert not NgramModel.from_dict(ngram_doc(alone=0.2, veto=0.9)).evidence(ENGLISH_FIRST).original
