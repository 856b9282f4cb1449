"""Fluency outliers (``FLU``): sentences and phrases that an English language model finds
far less predictable than clean news.

The model is the CMU US-English trigram model that ships inside the ``pocketsphinx``
package (``model/en-us/en-us.lm.bin``), queried through ``pocketsphinx.NGramModel``; no
download, ~0.1 s to load, well under a microsecond per query.

Score: for each in-vocabulary word with in-vocabulary history, the *context gain*
``ln P(w | h) - ln P(w)``: how much better the two previous words predict the word than
its base rate. Fluent text has positive gains; word salad has negative ones. Rare words
do not lower the score (the unigram cancels out), so names and jargon are harmless, and
out-of-vocabulary words only break the history.

Sentence score: the mean gain plus 0.2 x the summed gain of the weakest four consecutive
scored words (a whole-sentence and a local view; the mix was chosen on the data below).

Calibration (WMT22 general-task English references, 15,151 sentences with >= 6 scored
words): the threshold -1.55 lies between the 0.3 % (-1.67) and 0.5 % (-1.50) quantiles of
clean news. Sentences without final punctuation (headlines, captions, list items) are not
scored: they are telegraphic by design. Measured: 46 of the 15,151 reference sentences
(0.3 %, 0.15 per 1,000 words) trip it; DEMETR's shuffled sentences (critical_id20) are
caught at 91 % and its good translations trip it 0.1 % of the time; single swapped word
pairs (minor_id14) mostly pass (~2 %).
"""

from __future__ import annotations

import math
import os
import re
from typing import Iterator

from auditor.document import Article
from auditor.findings import Finding, Severity
from auditor.rules.base import Option, Rule, RuleContext, register

#: sentence score = mean gain + WINDOW_WEIGHT x (summed gain of the weakest WINDOW
#: consecutive scored words); below THRESHOLD a sentence reads as garbled
THRESHOLD = -1.55
WINDOW = 4
WINDOW_WEIGHT = 0.2
MIN_WORDS = 6

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SENTENCE_FINAL = frozenset(".!?…\"”’»)")
_K = math.log(1.0001)  # pocketsphinx log base
_OOV = -536870912

_LM = None
_UNI: dict[str, int] = {}
#: (word, previous word, the one before it or None) -> context gain in nats
_GAIN: dict[tuple[str, str, str | None], float] = {}


class _Unavailable(Exception):
    pass


def language_model():
    """The shipped pocketsphinx English trigram model (loaded once per process)."""
    global _LM
    if _LM is None:
        try:
            import pocketsphinx
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise _Unavailable("pocketsphinx is not installed") from exc
        if hasattr(pocketsphinx, "set_loglevel"):
            pocketsphinx.set_loglevel("FATAL")
        path = os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin")
        _LM = pocketsphinx.NGramModel.readfile(path)
    return _LM


def context_gains(words: list[str]) -> list[tuple[int, float]]:
    """(index, gain in nats) for each scorable word of ``words`` (lower case)."""
    indices: list[int] = []
    return list(zip(indices, _gains(words, indices)))


def _gains(words: list[str], indices: list[int] | None = None) -> list[float]:
    """The gains of `context_gains` in order (their word indices appended to ``indices``).

    Each trigram (word, previous word, the one before) whose word and history are in
    the vocabulary is kept with its gain, so a recurring one costs one dictionary lookup
    and the language model is asked only for new unigrams and trigrams. The history of
    a word is its two plain predecessors unless one of them is out of vocabulary (see
    `_history`); a trigram of plain predecessors that was kept is therefore always the
    word's true history, and the whole sentence is first looked up at once."""
    if len(_GAIN) > 500_000:
        _GAIN.clear()
        _UNI.clear()
    n = len(words)
    found = list(map(_GAIN.get, zip(words, ["<s>"] + words[:-1], [None, "<s>"] + words[:-2])))
    if None not in found:
        if indices is not None:
            indices.extend(range(n))
        return found
    uni = _UNI
    for w in words:
        if w not in uni:
            uni[w] = language_model().prob([w])
    values: list[float] = []
    for i, g in enumerate(found):
        if g is None:
            w = words[i]
            uw = uni[w]
            if uw == _OOV:
                continue
            h1, h2 = _history(words, i)
            if h1 is None:
                continue  # the first word after an unknown one starts a new history
            g = _GAIN[(w, h1, h2)] = (language_model().prob([w, h1] if h2 is None else [w, h1, h2]) - uw) * _K
        values.append(g)
        if indices is not None:
            indices.append(i)
    return values


def _history(words: list[str], i: int) -> tuple[str | None, str | None]:
    """The (previous, one before) history of word ``i``: ``<s>`` before the first word;
    an out-of-vocabulary word breaks it (None), so the word after it has no history and
    the one after that only one word of it."""
    if i == 0:
        return "<s>", None
    if _UNI[words[i - 1]] == _OOV:
        return None, None
    if i == 1:
        return words[0], "<s>"
    return words[i - 1], (None if _UNI[words[i - 2]] == _OOV else words[i - 2])


def sentence_score(values: list[float]) -> float:
    """Mean gain plus ``WINDOW_WEIGHT`` x the weakest ``WINDOW``-word summed gain
    (``values``: the gains of one sentence, in order)."""
    mean = sum(values) / len(values)
    if len(values) < WINDOW:
        return mean
    window = sum(values[:WINDOW])
    weakest = window
    for i in range(WINDOW, len(values)):
        window += values[i] - values[i - WINDOW]
        if window < weakest:
            weakest = window
    return mean + WINDOW_WEIGHT * weakest


def sentence_scores(article: Article) -> list[tuple[object, float, int]]:
    """(sentence span, score, scored words) for each sentence with enough scored words."""
    text = article.text
    out = []
    for sent in article.sentences:
        if text[sent.end - 1] not in _SENTENCE_FINAL:
            continue  # a headline, caption or list item: telegraphic by design
        words = _WORD.findall(text, sent.start, sent.end)
        if len(words) < MIN_WORDS:
            continue
        gains = _gains(" ".join(words).lower().replace("’", "'").split(" "))
        if len(gains) < MIN_WORDS:
            continue
        out.append((sent, sentence_score(gains), len(gains)))
    return out


@register
class GarbledSentence(Rule):
    """A sentence whose word order an English language model finds improbable.

    What it does:
        Scores every sentence of six or more words with the English trigram model that
        ships with pocketsphinx: the *context gain* of each word (how much better the
        previous two words predict it than its base rate), averaged over the sentence
        and over its weakest four-word stretch. Flags sentences scoring below ~0.3 % of
        clean professional news (WMT22 references). Sentences without final punctuation
        (headlines, captions, list items) are skipped. The threshold is the rule option
        ``threshold`` (``[rules.FLU001]``).

    Why it matters:
        Word-for-word translation keeps the source word order ("were have arrived the
        agents and after the controls these leave"); such sentences are hard to read and
        often mistranslated.

    Example:
        "were have arrived the agents and after the controls these leave" -> "the agents
        arrived and, after the checks, left". Not flagged: ordinary news sentences,
        including rare names and jargon (their base rate cancels out).

    Fix safety:
        No fix: the sentence must be rewritten (the correction model can propose one).
    """

    code = "FLU001"
    name = "garbled-sentence"
    family = "fluency"
    severity = Severity.INFO
    fixable = "none"
    options = {"threshold": Option(float)}

    def warm_up(self) -> None:
        try:
            language_model()
        except _Unavailable:
            pass

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        threshold = float(context.options_for(self.code).get("threshold", THRESHOLD))
        try:
            scores = sentence_scores(article)
        except _Unavailable:
            return
        for sent, score, scored in scores:
            if score < threshold:
                yield self.finding(
                    article, sent.start, sent.end,
                    f"garbled sentence: the English language model scores it {score:.2f} "
                    f"(clean news: above {threshold:.2f})",
                    confidence=min(0.9, 0.5 + (threshold - score) / 4),
                    evidence={"lm_score": round(score, 3), "scored_words": scored},
                )
