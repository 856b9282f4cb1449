"""An exact tie between two languages' evidence: the runtime guess must be the one the
benchmark scores (bench/triage.py takes numpy's argmax over the sorted languages, the
first in alphabetical order); it took the last one, so 2 of 381 calibration articles
were guessed differently from what was evaluated."""

from __future__ import annotations

from auditor.risk import guess_from_traces
from auditor.triage.model import default_model


def test_exact_tie_goes_to_the_first_language_in_alphabetical_order():
    model = default_model()
    feature = model.source.features[0]
    traces = {lang: {feature: 1.0} for lang in ("pt", "cs", "fr")}  # the same evidence for each
    guess = guess_from_traces(traces, model)
    assert guess is not None
    assert guess.votes["cs"] == guess.votes["pt"] == guess.votes["fr"]  # a real tie
    assert guess.lang == "cs"
