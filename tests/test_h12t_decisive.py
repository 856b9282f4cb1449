"""Translated-from: a decisive n-gram classifier corroborates its own guess.

Below ``source.min_risk`` a guess stands from ``source.min_risk_agreed`` up only when it is
corroborated (`features.corroborated`). Before, that needed a trace read in the text (a
finding, function words, letters, names) beside the classifier: German MT articles that the
classifier read as German at 0.9 were held back at MT-risk 0.3-0.5 for want of a German
name. From ``ngram.decisive`` up (its leader's posterior P(L | text), original English in the
denominator) the classifier's guess counts as corroborated by itself.
"""

from __future__ import annotations

import json

import pytest

from auditor.risk import assess
from auditor.triage.features import DECISIVE, corroborated, with_ngram_evidence
from auditor.triage.model import Evidence, ModelError, NgramModel

from _triage_fixtures import german_posterior, ngram_doc, triage_model


def test_decisive_threshold_by_hand():
    """'hosts' alone: P(de) = e^1.8 / (e^1.8 + e^0.5 + 1) = 0.6955."""
    vec = {"w:hosts": 1.0}
    assert NgramModel.from_dict(ngram_doc(alone=0.2, decisive=0.69)).evidence(vec).decisive == {"de"}
    assert NgramModel.from_dict(ngram_doc(alone=0.2, decisive=0.70)).evidence(vec).decisive == frozenset()
    assert NgramModel.from_dict(ngram_doc(alone=0.2)).evidence(vec).decisive == frozenset()  # absent: never
    # original English leading ("don't"): no language is decisive
    assert NgramModel.from_dict(ngram_doc(alone=0.2, decisive=0.3)).evidence({"w:don't": 1.0}).decisive == frozenset()


def test_decisive_round_trips_and_is_validated():
    m = NgramModel.from_dict(ngram_doc(alone=0.2, sure=0.5, decisive=0.8))
    again = NgramModel.from_dict(json.loads(json.dumps(m.to_dict())))
    assert again == m and again.decisive == 0.8 and m.to_dict()["decisive"] == 0.8
    assert "decisive" not in NgramModel.from_dict(ngram_doc(alone=0.2)).to_dict()
    assert NgramModel.from_dict(ngram_doc(alone=0.2, decisive=None)).decisive is None
    for bad in (ngram_doc(decisive=0.8),  # no alone
                ngram_doc(alone=0.4, decisive=0.3),  # below alone
                ngram_doc(alone=0.4, decisive=1.2)):
        with pytest.raises(ModelError):
            NgramModel.from_dict(bad)


def test_decisive_leader_is_corroborated_by_itself():
    known = frozenset({"de", "it", "ru"})
    dec = Evidence({"de": 2.0}, alone=frozenset({"de"}), known=known, decisive=frozenset({"de"}))
    plain = Evidence({"de": 2.0}, alone=frozenset({"de"}), known=known)
    assert with_ngram_evidence({}, dec) == {"de": {"ngram": 2.0, "pack": 1.0, DECISIVE: 1.0}}
    assert corroborated(with_ngram_evidence({}, dec)["de"])
    assert not corroborated(with_ngram_evidence({}, plain)["de"])  # the rule before
    # beside traces of a language it does not know, a leader that is not sure is kept out: no mark
    assert with_ngram_evidence({"pt": {"names": 1.0}}, dec) == {"pt": {"names": 1.0}}


#: the classifier's German word, and no German name, letter or finding
TEXT = "The hosts won. The hosts were better, and the hosts deserved it."


def _under_the_gate(**ngram):
    """MT-risk 40 for every article: under the gate of 0.5, over the lower gate of 0.3."""
    return triage_model(0.4, {"min_risk": 0.5, "min_risk_agreed": 0.3}, **ngram)


def test_assess_names_a_decisive_guess_under_the_gate():
    p_de = german_posterior(TEXT)
    assert 0.3 < p_de < 0.95
    below, above = round(p_de - 0.01, 4), round(p_de + 0.01, 4)
    risk, guess = assess(TEXT, [], model=_under_the_gate(alone=0.1))
    assert risk == 40.0 and guess is None  # the classifier alone under the gate: no guess (as before)
    assert assess(TEXT, [], model=_under_the_gate(alone=0.1, decisive=above))[1] is None
    guess = assess(TEXT, [], model=_under_the_gate(alone=0.1, decisive=below))[1]
    assert guess is not None and guess.lang == "de"
