"""Per-article MT-risk score and translated-from guess, from a small learned model.

**MT-risk** (0-100) is ``100 x P(machine-translated)``: a logistic regression over
features of the article (findings by rule family, severity and confidence; rates of
English function words and of the 1,000 most frequent English words; punctuation,
sentence-length and vocabulary profile; source-language traces), calibrated with Platt
scaling on held-out documents for a 50/50 prior (half the articles machine-translated).
50 means "as likely MT as not"; 90 means that among articles scored 90, about nine in ten
were MT on the held-out data (reports/triage.md has the reliability table). The model is
plain data, ``auditor/models/triage/triage.json``, trained by ``bench/triage.py``.

**Translated-from guess**: every language with evidence (findings that point to it, by
family; its function words and its letters in the text; a learned n-gram classifier of
words, bigrams, sentence openings and name endings, trained on MT and human translations
into English from 15 languages, preferring it to original English) gets a score from one weight
vector shared by all languages; the guess is the best-scoring one, its confidence the
softmax probability (temperature fitted on held-out documents) against the other
languages and against "some language without evidence". The classifier weighs the
languages other evidence names (all of them, by its ranking, when its own favourite is not
among them); it names one on its own only when confident (beside traces of a language it was
not trained on, only when sure: ``ngram.sure``), and when it is confident the
text is original English it names none of the languages it was trained on. An article
whose MT-risk is below the model's gate (``source.min_risk``, chosen on held-out
documents) gets no guess at all: a text that does not look translated is not said to be
translated from anything, which takes most spurious guesses off original English
(docs/triage.md); a lower gate (``source.min_risk_agreed``) lets a guess stand when the
n-gram classifier and a trace read in the text itself (a finding, function words, letters,
name endings) name the same language (`TriageModel.allows_guess`). No evidence at all: no
guess.

`assess` does both from the text (the engine's path); `mt_risk` and `guess_source` keep
their old signatures (findings, words) for callers without the text: they then use the
findings only (the text features sit at their training means), and `guess_source`, which
has no MT-risk, applies no gate. docs/triage.md explains
the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from auditor.findings import Finding
from auditor.triage.features import article_evidence, article_features, language_traces, with_ngram_evidence
from auditor.triage.ngrams import feature_counts, split_text
from auditor.triage.model import NGRAM_FEATURE, TriageModel, default_model


@dataclass(frozen=True)
class SourceGuess:
    lang: str
    confidence: float
    #: per language with evidence, its calibrated probability
    votes: dict[str, float]

    def to_dict(self) -> dict:
        return {"lang": self.lang, "confidence": self.confidence, "votes": self.votes}


def _model(model: TriageModel | None) -> TriageModel:
    return model if model is not None else default_model()


def risk_from_features(feats: dict[str, float], model: TriageModel | None = None) -> float:
    return round(100.0 * _model(model).mt_probability(feats), 1)


def guess_from_traces(traces: dict[str, dict[str, float]], model: TriageModel | None = None) -> SourceGuess | None:
    probs = _model(model).source_probabilities(traces)
    if not probs:
        return None
    # an exact tie goes to the language first in alphabetical order, as in bench/triage.py
    # (numpy's argmax over sorted languages), so the shipped guess is the one evaluated
    lang, best = min(probs.items(), key=lambda kv: (-kv[1], kv[0]))
    return SourceGuess(lang, round(best, 3), {k: round(v, 3) for k, v in sorted(probs.items())})


def assess(text: str, findings: Iterable[Finding], words: int | None = None,
           model: TriageModel | None = None) -> tuple[float, SourceGuess | None]:
    """MT-risk (0-100) and the translated-from guess of one article."""
    m = _model(model)
    findings = list(findings)
    words = words if words is not None else len(text.split())
    split = split_text(text)
    feats, traces = article_evidence(text, findings, words, m.risk.vocab, split=split)
    if m.ngram is not None:
        evidence, translated = m.ngram.judge_counts(feature_counts(split))
        if translated is not None:
            feats[NGRAM_FEATURE] = translated
        traces = with_ngram_evidence(traces, evidence)
    p = m.mt_probability(feats)
    floor = m.lowest_gate
    if floor is not None and p < floor:
        return round(100.0 * p, 1), None  # does not look translated: no guess
    guess = guess_from_traces(traces, m)
    if guess is not None and not m.allows_guess(p, guess.lang, traces):
        guess = None  # below the gate and not corroborated (TriageModel.allows_guess)
    return round(100.0 * p, 1), guess


def _findings_only(findings: list[Finding], words: int) -> dict[str, float]:
    """The finding features alone (the text-based ones are left out: the model takes them
    at their training means)."""
    feats = article_features("", findings, words)
    return {k: v for k, v in feats.items() if k.startswith(("find:", "has:", "sev:"))}


def mt_risk(findings: Iterable[Finding], words: int, text: str | None = None,
            model: TriageModel | None = None) -> float:
    findings = list(findings)
    if text is not None:
        return assess(text, findings, words, model)[0]
    return risk_from_features(_findings_only(findings, words), model)


def guess_source(findings: Iterable[Finding], text: str | None = None,
                 model: TriageModel | None = None) -> SourceGuess | None:
    findings = list(findings)
    return guess_from_traces(language_traces(text or "", findings), model)
