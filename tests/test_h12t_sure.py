"""Translated-from: the n-gram classifier's leader beside traces of a language it does not know.

Named alone (its posterior at least ``alone``), the classifier's leader used to stand only
when every language the other traces name is one it knows: for a Portuguese text its leader
among the languages it knows is arbitrary. A German article with one Portuguese-looking name
('Ferreira') or one French word lost its German guess that way. From ``sure`` up (a higher
posterior, `NgramModel.sure`) the leader stands beside such traces, and the shared weights
weigh between them.
"""

from __future__ import annotations

import json
import math

import pytest

from auditor.risk import assess
from auditor.triage.features import with_ngram_evidence
from auditor.triage.model import Evidence, ModelError, NgramModel

from _triage_fixtures import german_posterior, ngram_doc, triage_model


def test_sure_leader_stands_beside_a_language_it_does_not_know():
    known = frozenset({"de", "it", "ru"})
    sure = Evidence({"de": 2.0}, alone=frozenset({"de"}), known=known, sure=frozenset({"de"}))
    alone = Evidence({"de": 2.0}, alone=frozenset({"de"}), known=known)
    pt = {"pt": {"names": 1.0}}
    # only alone: beside Portuguese, a language it never saw, its leader is kept out (as before)
    assert with_ngram_evidence(pt, alone) == pt
    # sure: it stands beside Portuguese with its evidence and the calque-pack prior
    assert with_ngram_evidence(pt, sure) == {"pt": {"names": 1.0}, "de": {"ngram": 2.0, "pack": 1.0}}
    # a language some trace names gets its evidence either way; no trace at all: named alone
    assert with_ngram_evidence({"de": {"fw": 1.0}}, sure) == {"de": {"fw": 1.0, "ngram": 2.0}}
    assert with_ngram_evidence({}, sure) == {"de": {"ngram": 2.0, "pack": 1.0}}
    # not even alone: sure does not apply (the leader only weighs languages traces name)
    plain = Evidence({"de": 2.0}, known=known)
    assert with_ngram_evidence(pt, plain) == pt
    # the veto still wins: confident that the text is original English, no language it knows
    vetoed = Evidence(known=known, original=True)
    assert with_ngram_evidence({"de": {"names": 1.0}, **pt}, vetoed) == pt


def test_sure_threshold_by_hand():
    """'hosts' alone: P(de) = e^1.8 / (e^1.8 + e^0.5 + 1) = 0.6955."""
    vec = {"w:hosts": 1.0}
    lp = NgramModel.from_dict(ngram_doc()).log_probabilities(vec)
    assert math.isclose(math.exp(lp["de"]), 0.6955, abs_tol=1e-4)
    assert NgramModel.from_dict(ngram_doc(alone=0.5, sure=0.69)).evidence(vec).sure == {"de"}
    assert NgramModel.from_dict(ngram_doc(alone=0.5, sure=0.70)).evidence(vec).sure == frozenset()
    assert NgramModel.from_dict(ngram_doc(alone=0.5)).evidence(vec).sure == frozenset()  # absent: never
    # below alone nothing is sure (validation keeps sure >= alone; the rule checks both)
    assert NgramModel.from_dict(ngram_doc(alone=0.7, sure=0.7)).evidence(vec).sure == frozenset()


def test_sure_round_trips_and_is_validated():
    m = NgramModel.from_dict(ngram_doc(alone=0.15, sure=0.5))
    again = NgramModel.from_dict(json.loads(json.dumps(m.to_dict())))
    assert again == m and again.sure == 0.5 and m.to_dict()["sure"] == 0.5
    assert "sure" not in NgramModel.from_dict(ngram_doc(alone=0.15)).to_dict()
    assert NgramModel.from_dict(ngram_doc(alone=0.15, sure=None)).sure is None
    for bad in (ngram_doc(sure=0.5),  # no alone: nothing to be sure of
                ngram_doc(alone=0.4, sure=0.3),  # below alone
                ngram_doc(alone=0.4, sure=1.5)):
        with pytest.raises(ModelError):
            NgramModel.from_dict(bad)


#: the classifier's German word, one name with a Portuguese ending, no German trace
TEXT = "Ferreira said the hosts won. The hosts were better. The hosts deserved it, the hosts said."


def _over_any_gate(**ngram):
    """MT-risk 60 for every article: over the gate of 0.5."""
    return triage_model(0.6, **ngram)


def test_assess_names_the_sure_leader_beside_a_portuguese_looking_name():
    p_de = german_posterior(TEXT)
    assert 0.3 < p_de < 0.9
    below, above = round(p_de - 0.01, 4), round(p_de + 0.01, 4)
    # alone but not sure: the Portuguese-looking name keeps German out, Portuguese is guessed
    assert assess(TEXT, [], model=_over_any_gate(alone=0.1))[1].lang == "pt"
    assert assess(TEXT, [], model=_over_any_gate(alone=0.1, sure=above))[1].lang == "pt"
    # sure: German stands beside it, and its evidence outweighs one name ending
    guess = assess(TEXT, [], model=_over_any_gate(alone=0.1, sure=below))[1]
    assert guess is not None and guess.lang == "de" and set(guess.votes) == {"de", "pt"}
