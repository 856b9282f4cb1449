"""Translated-from: the lower MT-risk gate for a corroborated guess, and German place names.

A guess that the n-gram classifier and a trace read in the text itself both support
(`features.corroborated`) stands from ``source.min_risk_agreed`` up; any other guess needs
``source.min_risk`` (`TriageModel.allows_guess`; ``bench/triage.py`` applies the same rule).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from auditor.triage.features import corroborated, language_traces
from auditor.triage.model import ModelError, TriageModel

ROOT = Path(__file__).resolve().parents[1]


def model_doc(**source) -> dict:
    """A minimal model: no risk features worth the name, a source model over two traces."""
    return {
        "format": "auditor-triage/2",
        "meta": {},
        "risk": {"features": ["fw:of"], "mean": [0.1], "scale": [0.1], "coef": [1.0], "intercept": 0.0},
        "source": {"features": ["names", "ngram"], "coef": [1.0, 1.0], "temperature": 1.0, **source},
    }


def model(**source) -> TriageModel:
    doc = model_doc(**source)
    doc["source"]["features"] = ["names", "letters"]  # no n-gram section needed
    return TriageModel.from_dict(doc)


def test_corroborated_needs_the_classifier_and_a_trace_in_the_text():
    assert corroborated({"ngram": 1.2, "names": 0.7})
    assert corroborated({"ngram_among": 0.4, "fw": 0.3, "pack": 1.0})
    assert corroborated({"ngram": 0.1, "votes": 0.2})
    assert corroborated({"ngram": 0.1, "letters": 0.2})
    assert not corroborated({"ngram": 3.0, "pack": 1.0})  # the classifier alone
    assert not corroborated({"names": 2.0, "letters": 1.0, "pack": 1.0})  # the text alone
    assert not corroborated({"ngram": 0.0, "names": 1.0})
    assert not corroborated({})


def test_allows_guess_by_hand():
    agreed = {"de": {"ngram": 1.0, "names": 0.5}, "cs": {"ngram": 2.0, "pack": 1.0}}
    m = model(min_risk=0.5, min_risk_agreed=0.3)
    assert m.allows_guess(0.6, "cs", agreed)  # above the gate: any guess
    assert m.allows_guess(0.5, "cs", agreed)
    assert m.allows_guess(0.4, "de", agreed)  # corroborated, above the lower gate
    assert m.allows_guess(0.3, "de", agreed)
    assert not m.allows_guess(0.4, "cs", agreed)  # the classifier alone, below the gate
    assert not m.allows_guess(0.29, "de", agreed)  # below both gates
    assert not m.allows_guess(0.9, None, agreed)
    assert not m.allows_guess(0.4, "it", agreed)  # a language without traces
    # without the lower gate, the gate holds for every guess; without any gate, all pass
    assert not model(min_risk=0.5).allows_guess(0.4, "de", agreed)
    assert model().allows_guess(0.01, "cs", agreed)


def test_min_risk_agreed_round_trip_and_validation():
    m = model(min_risk=0.5, min_risk_agreed=0.3)
    again = TriageModel.from_dict(json.loads(json.dumps(m.to_dict())))
    assert again.source.min_risk_agreed == 0.3 and again.source.min_risk == 0.5
    assert "min_risk_agreed" not in model(min_risk=0.5).to_dict()["source"]
    for bad in ({"min_risk": 0.5, "min_risk_agreed": 0.6},  # above the gate it lowers
                {"min_risk_agreed": 0.3},  # no gate to lower
                {"min_risk": 0.5, "min_risk_agreed": -0.1}):
        with pytest.raises(ModelError):
            model(**bad)


def test_bench_guess_of_applies_the_same_rule():
    np = pytest.importorskip("numpy")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import triage as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    feats = ("names", "ngram")
    w = np.array([1.0, 1.0])
    m = model(min_risk=0.5, min_risk_agreed=0.3)
    cases = [
        ({"de": {"ngram": 1.0, "names": 0.5}}, 0.4, "de"),  # corroborated
        ({"cs": {"ngram": 2.0}}, 0.4, None),  # the classifier alone, below the gate
        ({"cs": {"ngram": 2.0}}, 0.55, "cs"),
        ({"de": {"ngram": 0.2, "names": 0.2}, "cs": {"ngram": 0.0, "names": 1.0}}, 0.4, None),  # best one not corroborated
        ({"de": {"ngram": 1.0, "names": 0.5}}, 0.2, None),
        ({}, 0.9, None),
    ]
    for traces, p, want in cases:
        art = {"src_traces": traces, "prob": p}
        got = bench.guess_of(art, w, 1.0, feats, 0.5, 0.3)
        assert got == want, (traces, p, got)
        best = max(traces, key=lambda l: sum(traces[l].get(k, 0.0) for k in feats)) if traces else None
        assert (got is not None) == (best is not None and m.allows_guess(p, best, traces))
        # without the lower gate: the plain gate
        assert bench.guess_of(art, w, 1.0, feats, 0.5) == (want if p >= 0.5 else None)


def test_german_place_name_endings_are_a_trace():
    text = "The trains between Mönchengladbach, Tübingen and Pfarrkirchen stopped near Erfurt."
    assert language_traces(text, []).get("de", {}).get("names", 0.0) > 0
    # English names with Germanic endings that are common in original English stay out
    clean = "Einstein, Rosenfeld and Oswald met the Bureau chief in Macau on Tuesday."
    assert language_traces(clean, []).get("de", {}).get("names", 0.0) == 0.0


def _gated_model(**source) -> TriageModel:
    """MT-risk 40 for every article (a bare intercept), a source model over the name trace
    and the n-gram classifier, and a hand-made classifier: 'der' points to German."""
    import math

    doc = model_doc(**source)
    doc["risk"] = {"features": ["fw:of"], "mean": [0.1], "scale": [0.1], "coef": [0.0],
                   "intercept": math.log(0.4 / 0.6)}
    doc["ngram"] = {"features": ["w:der", "w:della"], "classes": ["de", "en", "it"],
                    "weights": [2000, 0, 0, 0, 0, 2000], "bias": [0.0, 0.0, 0.0], "quantum": 0.001, "original": "en"}
    return TriageModel.from_dict(doc)


def test_assess_lets_a_corroborated_guess_stand_below_the_gate():
    """The engine's path (`risk.assess`) applies `TriageModel.allows_guess`: at MT-risk 40,
    under a gate of 50, German names and the classifier's German word together name German
    (from the lower gate of 30 up); the names alone do not, nor does anything without the
    lower gate."""
    from auditor.risk import assess

    both = "The mayor of Tübingen met der Bürgermeister of Pfarrkirchen near Mönchengladbach."
    names_only = "The mayor of Tübingen met the mayor of Pfarrkirchen near Mönchengladbach."
    risk, guess = assess(both, [], model=_gated_model(min_risk=0.5, min_risk_agreed=0.3))
    assert risk == 40.0 and guess is not None and guess.lang == "de"
    assert assess(names_only, [], model=_gated_model(min_risk=0.5, min_risk_agreed=0.3))[1] is None
    assert assess(both, [], model=_gated_model(min_risk=0.5))[1] is None
    assert assess(both, [], model=_gated_model(min_risk=0.5, min_risk_agreed=0.45))[1] is None
    assert assess(names_only, [], model=_gated_model(min_risk=0.35))[1].lang == "de"  # over the plain gate
