"""The triage models as plain data: ``auditor/models/triage/triage.json``.

No learning library is needed at run time: the file holds the coefficients, the feature
means and scales, and the calibration maps, and scoring is a dot product.

* **MT-risk** (``risk``): a logistic regression over `features.article_features`
  (standardised: ``z = (x - mean) / scale``), whose raw probability goes through a
  calibration map fitted on a calibration split (``platt``: ``sigmoid(a * logit + b)``,
  or ``isotonic``: a step table of ``[score, probability]`` points, interpolated).
  `TriageModel.mt_probability` returns P(machine-translated) for a 50/50 prior; the
  reported MT-risk is 100 times that (docs/triage.md).
* **Translated-from** (``source``): a conditional logit over languages: every language
  with evidence gets the score ``w . traces[lang]`` (`features.SOURCE_FEATURES`, one
  weight vector shared by all languages), the guess is the best one and its confidence
  the softmax probability at a temperature fitted on the calibration split. No evidence
  for any language: no guess. ``min_risk`` (optional): below that calibrated P(MT),
  `risk.assess` makes no guess at all (the article does not look translated; chosen on
  the calibration split, where it took most spurious guesses off original English);
  ``min_risk_agreed`` (optional, lower): a guess that the n-gram classifier and a trace in
  the text both support stands from there up (`TriageModel.allows_guess`).
* **N-gram classifier** (``ngram``, optional): a multinomial logistic regression over the
  sparse lexical features of `ngrams.ngram_vector` (words, bigrams, sentence openings,
  name endings) whose classes are the source languages with training data and ``en``
  (original English). Its evidence discriminates between source languages: over the
  languages with at least ``min_articles`` training articles, the posterior renormalised
  without ``en``; the leading language L gets ``log P(L | translated) - log P(runner-up |
  translated)``, the others nothing; it enters the translated-from score as the trace
  feature ``ngram``, for a language some other trace names, or on its own when the
  leader's posterior against every class (original English included) reaches ``alone``
  (chosen on the calibration split; absent: never), and only while every language the other
  traces name is one it knows, unless the leader's posterior reaches ``sure`` (higher, chosen
  there too; absent: never): then it stands beside traces of languages it never learned;
  when original English is its most probable class and its posterior
  reaches ``veto`` (chosen there too; absent: never), no language it knows is named. When
  no trace names its leader, it still ranks the languages the traces do name that it knows
  (``Evidence.posterior``; the trace feature ``ngram_among``). The
  weights are stored as integers (``weights`` x ``quantum``), one row of ``len(classes)``
  per feature. Its log-odds that the text is translated at all, ``log (1 - P(en)) - log
  P(en)``, is the feature ``ngram:translated``, stacked onto the MT-risk logit in the Platt
  calibration (``calibration.extra``, fitted on the calibration split: the ratio of the two
  terms on MT against original English, then the scale and intercept on every article).
"""

from __future__ import annotations

import bisect
import json
import math
from itertools import compress, repeat
from operator import add, is_not, mul, sub
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Mapping

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "models" / "triage" / "triage.json"
FORMAT = "auditor-triage/2"
#: formats this code reads (version 1 has no n-gram section)
FORMATS = ("auditor-triage/1", "auditor-triage/2")
#: the n-gram classifier's log-odds that the text is translated (stacked onto MT-risk)
NGRAM_FEATURE = "ngram:translated"
#: texts whose n-gram dot product is done in plain Python before numpy takes over
#: (`NgramModel._dot`), and how many this process has done
NUMPY_AFTER = 32
_texts = 0


class ModelError(ValueError):
    """The triage model file is missing, unreadable or inconsistent."""


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Calibration:
    method: str = "identity"  # identity | platt | isotonic
    a: float = 1.0
    b: float = 0.0
    #: isotonic: increasing raw probabilities and their calibrated values
    x: tuple[float, ...] = ()
    y: tuple[float, ...] = ()
    #: platt only: further named features stacked onto the calibrated logit, each
    #: ``(name, coef, mean)`` adding ``coef x (value - mean)`` (an absent one adds 0)
    extra: tuple[tuple[str, float, float], ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "Calibration":
        if not d:
            return cls()
        method = d.get("method", "identity")
        if method == "platt":
            extra = tuple((str(e["feature"]), float(e["coef"]), float(e["mean"])) for e in d.get("extra", ()))
            if not all(math.isfinite(c) and math.isfinite(m) for _n, c, m in extra):
                raise ModelError("platt calibration: extra coefficients must be finite")
            return cls("platt", float(d["a"]), float(d["b"]), extra=extra)
        if method == "isotonic":
            x, y = tuple(float(v) for v in d["x"]), tuple(float(v) for v in d["y"])
            if len(x) != len(y) or not x or list(x) != sorted(x) or list(y) != sorted(y):
                raise ModelError("isotonic calibration: x and y must be non-empty, increasing and of equal length")
            return cls("isotonic", x=x, y=y)
        if method == "identity":
            return cls()
        raise ModelError(f"unknown calibration method {method!r}")

    def to_dict(self) -> dict[str, Any]:
        if self.method == "platt":
            out = {"method": "platt", "a": self.a, "b": self.b}
            if self.extra:
                out["extra"] = [{"feature": n, "coef": c, "mean": m} for n, c, m in self.extra]
            return out
        if self.method == "isotonic":
            return {"method": "isotonic", "x": list(self.x), "y": list(self.y)}
        return {"method": "identity"}

    def __call__(self, p: float, feats: Mapping[str, float] | None = None) -> float:
        if self.method == "platt":
            z = self.a * _logit(p) + self.b
            for name, c, m in self.extra:
                if feats is not None and name in feats:
                    z += c * (feats[name] - m)
            return _sigmoid(z)
        if self.method == "isotonic":
            x, y = self.x, self.y
            if p <= x[0]:
                return y[0]
            if p >= x[-1]:
                return y[-1]
            i = bisect.bisect_right(x, p)
            x0, x1, y0, y1 = x[i - 1], x[i], y[i - 1], y[i]
            return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)
        return p


@dataclass(frozen=True)
class RiskModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    calibration: Calibration = field(default_factory=Calibration)

    @property
    def vocab(self) -> tuple[str, ...]:
        """The words whose rates are (sparse) features ``w:<word>``."""
        return self._terms[1]

    @property
    def _terms(self):
        # name -> (weight / scale, mean) of the non-zero coefficients; the vocabulary
        # words; and the sum of (weight / scale) x mean over the words (computed once)
        cached = self.__dict__.get("_terms_cache")
        if cached is None:
            terms = {n: (w / s, m) for n, m, s, w in zip(self.features, self.mean, self.scale, self.coef) if w}
            vocab = tuple(n[2:] for n in self.features if n.startswith("w:"))
            sparse = sum(a * m for n, (a, m) in terms.items() if n.startswith("w:"))
            cached = (terms, vocab, sparse)
            object.__setattr__(self, "_terms_cache", cached)
        return cached

    def raw_logit(self, feats: Mapping[str, float]) -> float:
        """The regression's log-odds. A feature the article lacks counts as its mean,
        except the vocabulary rates ``w:<word>``, which are sparse (absent = 0) whenever
        the text features are there (``fw:share``); without the text (findings only)
        they too count as their means."""
        terms, _vocab, sparse = self._terms
        # the model's features among feats, in feats' order; each adds weight x (x - mean)
        # to the intercept, one after the other (`sum` adds left to right, in C)
        known = list(map(terms.__contains__, feats))
        names = list(compress(feats, known))
        weights, means = zip(*map(terms.__getitem__, names)) if names else ((), ())
        total = sum(map(mul, weights, map(sub, compress(feats.values(), known), means)), self.intercept)
        # the vocabulary rates present, at their means (the sparse correction below)
        rates = list(map(str.startswith, names, repeat("w:")))
        present = sum(map(mul, compress(weights, rates), compress(means, rates)), 0.0)
        if "fw:share" in feats:
            total -= sparse - present
        return total

    def probability(self, feats: Mapping[str, float]) -> float:
        return self.calibration(_sigmoid(self.raw_logit(feats)), feats)


@dataclass(frozen=True)
class SourceModel:
    features: tuple[str, ...]
    coef: tuple[float, ...]
    temperature: float = 1.0
    #: the least P(machine-translated) (MT-risk / 100) at which `risk.assess` names a
    #: language: below it the article does not look translated and gets no guess, whatever
    #: its traces (chosen on the calibration split); None: always guess when there is evidence
    min_risk: float | None = None
    #: a lower gate for a *corroborated* guess (`features.corroborated`: the n-gram classifier
    #: and a trace in the text itself, a finding, function words, letters or names, both point
    #: to the guessed language): such a guess stands from this P(MT) up (chosen on the
    #: calibration split after ``min_risk``); None: ``min_risk`` for every guess
    min_risk_agreed: float | None = None

    def scores(self, traces: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
        return {lang: sum(w * t.get(name, 0.0) for name, w in zip(self.features, self.coef))
                for lang, t in traces.items()}

    def probabilities(self, traces: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
        scores = self.scores(traces)
        if not scores:
            return {}
        # languages without evidence share the rest of the mass: they score 0 (the empty
        # trace), one pseudo-language stands for all of them
        t = self.temperature
        top = max(max(scores.values()), 0.0)
        exp = {lang: math.exp((s - top) / t) for lang, s in scores.items()}
        other = math.exp((0.0 - top) / t)
        z = sum(exp.values()) + other
        return {lang: e / z for lang, e in exp.items()}


class Evidence(dict):
    """The n-gram classifier's evidence per source language (a plain dict of log-margins);
    ``alone``: the languages it is confident enough to name without another trace;
    ``sure``: those among them it is sure enough of to name even beside traces of languages
    it does not know (`NgramModel.sure`);
    ``known``: the languages it can name (`NgramModel.speaking`); ``original``: it is
    confident enough that the text is original English for none of those to be named
    (`features.with_ngram_evidence`); ``posterior``: log P(L | text) of every language it
    can name, so that it can rank the languages other traces name among themselves;
    ``decisive``: the leader when its posterior reaches `NgramModel.decisive` (its guess
    stands at the lower MT-risk gate, `features.corroborated`)."""

    __slots__ = ("alone", "decisive", "known", "original", "posterior", "sure")

    def __init__(self, margins: Mapping[str, float] = (), alone: frozenset = frozenset(),
                 known: frozenset = frozenset(), original: bool = False,
                 posterior: Mapping[str, float] | None = None, sure: frozenset = frozenset(),
                 decisive: frozenset = frozenset()) -> None:
        super().__init__(margins)
        self.alone = alone
        self.sure = sure
        self.decisive = decisive
        self.known = known
        self.original = original
        self.posterior = dict(posterior or {})


@dataclass(frozen=True)
class NgramModel:
    features: tuple[str, ...]
    classes: tuple[str, ...]
    #: ``len(features)`` rows of ``len(classes)`` integer weights, times ``quantum``
    weights: tuple[int, ...]
    bias: tuple[float, ...]
    quantum: float = 0.001
    #: the class that stands for original English (no source language)
    original: str = "en"
    #: training articles per class (empty: unknown, every class may speak)
    articles: tuple[tuple[str, int], ...] = ()
    #: a source language needs this many training articles for its evidence to count
    min_articles: int = 0
    #: the least posterior ``P(L | text)`` (original English in the denominator) at which
    #: the leading source language L may be named on the classifier's word alone, with no
    #: other trace (`Evidence.alone`); None: never (the classifier only weighs languages
    #: that other traces name)
    alone: float | None = None
    #: the least ``P(original | text)`` at which the text counts as original English, when
    #: original English is also the most probable class (a text the classifier reads as
    #: German at 0.56 and as original English at 0.21 is no original): no language the
    #: classifier knows is named, whatever its other traces (`Evidence.original`; a language
    #: it barely saw may still be, on its traces); None: never
    veto: float | None = None
    #: the least posterior ``P(L | text)`` (at least ``alone``) at which the leader named alone
    #: stands even beside traces of languages the classifier does not know (Italian, Spanish,
    #: French, Portuguese: a name ending, a letter, a calque finding shared by five languages),
    #: which otherwise keep it out, its leader among the languages it knows being arbitrary
    #: for a text from one of them (`Evidence.sure`); None: never
    sure: float | None = None
    #: the least posterior ``P(L | text)`` (at least ``alone``) at which the classifier's
    #: leader is decisive (`Evidence.decisive`): its guess counts as corroborated
    #: (`features.corroborated`), so that it stands from the lower MT-risk gate
    #: (`SourceModel.min_risk_agreed`) without a trace read in the text; None: never
    decisive: float | None = None

    @cached_property
    def _rows(self) -> list[tuple[float, ...]]:
        """The rows of ``len(classes)`` float weights, in the order of the features."""
        K, q, w = len(self.classes), self.quantum, self.weights
        return [tuple(x * q for x in w[i * K:(i + 1) * K]) for i in range(len(self.features))]

    @cached_property
    def _numbers(self) -> dict[str, int]:
        """feature name -> its row number."""
        return {f: i for i, f in enumerate(self.features)}

    @cached_property
    def _keyed_numbers(self) -> dict:
        """`_numbers` under the keys of `ngrams.feature_counts` (words and word pairs)."""
        from auditor.triage.ngrams import feature_key

        return {feature_key(f): i for i, f in enumerate(self.features)}

    @cached_property
    def _array(self):
        """`_rows` as a numpy array (built when `_dot` first uses numpy)."""
        import numpy as np

        return np.array(self._rows, dtype=np.float64).reshape(len(self.features), len(self.classes))

    def _dot(self, rows: list[int], values: list[float]) -> list[float]:
        """Per class, ``bias + values[0] * W[rows[0]] + values[1] * W[rows[1]] + ...``,
        added left to right. The first `NUMPY_AFTER` texts of a process are added in plain
        Python (numpy's import would double the time of a one-article check), the rest
        with numpy: the same products added in the same order, so the same numbers to the
        last bit either way (tests/test_triage.py)."""
        global _texts
        _texts += 1
        if _texts > NUMPY_AFTER:
            import numpy as np

            terms = np.asarray(values, dtype=np.float64)[:, None] * self._array[rows]
            terms[0] += self._bias_array
            return np.add.accumulate(terms, axis=0)[-1].tolist()
        table = self._rows
        z = list(self.bias)
        for v, r in zip(values, rows):
            z = list(map(add, z, map(mul, repeat(v), table[r])))
        return z

    @cached_property
    def _bias_array(self):
        import numpy as np

        return np.asarray(self.bias, dtype=np.float64)

    @property
    def speaking(self) -> tuple[str, ...]:
        """The source languages whose evidence counts: every class but the original, with
        at least ``min_articles`` training articles."""
        n = dict(self.articles)
        return tuple(c for c in self.classes if c != self.original
                     and (not n or n.get(c, 0) >= self.min_articles))

    def log_probabilities(self, vector: Mapping[str, float], keyed: bool = False) -> dict[str, float] | None:
        """log P(class | text) for every class; None when no feature of the text is known
        (``keyed``: the vector is under the keys of `ngrams.feature_counts`, else under the
        feature names)."""
        rows, known = _known_rows(self._keyed_numbers if keyed else self._numbers, vector)
        if not rows:
            return None
        return self._softmax(self._dot(rows, list(compress(vector.values(), known))))

    def log_probabilities_of_counts(self, counts: Mapping) -> dict[str, float] | None:
        """`log_probabilities` of `ngrams.keyed_vector` of the text whose
        `ngrams.feature_counts` are ``counts`` (the same numbers): only the known features
        are normalised."""
        values = list(map(math.log1p, counts.values()))
        norm = math.sqrt(sum(map(mul, values, values)))  # as `ngrams._normalised`
        rows, known = _known_rows(self._keyed_numbers, counts)
        if not rows or not norm:
            return None
        return self._softmax(self._dot(rows, list(map(norm.__rtruediv__, compress(values, known)))))

    def _softmax(self, z: list[float]) -> dict[str, float]:
        top = max(z)
        lse = top + math.log(sum(math.exp(x - top) for x in z))
        return {c: x - lse for c, x in zip(self.classes, z)}

    def evidence(self, vector: Mapping[str, float]) -> dict[str, float]:
        """Per source language, how much the classifier prefers it to the other source
        languages (`from_log_probabilities`); only the languages with positive evidence."""
        return self.judge(vector)[0]

    def judge(self, vector: Mapping[str, float]) -> tuple[dict[str, float], float | None]:
        """The evidence per source language (`evidence`) and the log-odds that the text is
        translated rather than original English, ``log (1 - P(en)) - log P(en)`` (None
        when no feature of the text is known)."""
        return self.from_log_probabilities(self.log_probabilities(vector))

    def judge_keyed(self, vector: Mapping) -> tuple[dict[str, float], float | None]:
        """`judge` of a vector under the keys of `ngrams.feature_counts` (`ngrams.keyed_vector`):
        the same answer without building a name for every word and bigram of the text."""
        return self.from_log_probabilities(self.log_probabilities(vector, keyed=True))

    def judge_counts(self, counts: Mapping) -> tuple[dict[str, float], float | None]:
        """`judge_keyed` of the text whose `ngrams.feature_counts` are ``counts``."""
        return self.from_log_probabilities(self.log_probabilities_of_counts(counts))

    def from_log_probabilities(self, lp: Mapping[str, float] | None) -> tuple[dict[str, float], float | None]:
        """`judge` from the class log-probabilities. The evidence discriminates between
        source languages, it does not measure translatedness: over the languages that may
        speak (`speaking`), P(L | translated) is the posterior renormalised without the
        original class, and L's evidence is ``log P(L | translated) - log max_{M != L}
        P(M | translated)``, kept when positive (only the leading language, by its margin).
        The leader may be named alone (`Evidence.alone`) when its posterior against every
        class, original English included, is at least ``alone``, even beside traces of
        languages it does not know when it is at least ``sure`` (`Evidence.sure`); when
        original English is the most probable class and ``P(original | text)`` is at least
        ``veto``, there is no evidence and none of the languages it knows may be named
        (`Evidence.original`)."""
        if lp is None:
            return Evidence(), None
        base = lp.get(self.original, 0.0)
        rest = sum(math.exp(x) for c, x in lp.items() if c != self.original)
        translated = math.log(max(rest, 1e-12)) - base
        if (self.veto is not None and base >= math.log(self.veto)
                and base >= max((x for c, x in lp.items() if c != self.original), default=base)):
            return Evidence(known=self._speaking_set, original=True), translated
        langs = [c for c in self.speaking if c in lp]
        if len(langs) < 2:
            return Evidence(), translated
        ranked = sorted(langs, key=lambda c: (-lp[c], c))
        lead = ranked[0]
        margin = lp[lead] - lp[ranked[1]]
        if margin <= 0:
            return Evidence(known=self._speaking_set, posterior={c: lp[c] for c in langs}), translated
        confident = self.alone is not None and lp[lead] >= math.log(self.alone)
        sure = confident and self.sure is not None and lp[lead] >= math.log(self.sure)
        decisive = confident and self.decisive is not None and lp[lead] >= math.log(self.decisive)
        return Evidence({lead: margin}, alone=frozenset((lead,)) if confident else frozenset(),
                        known=self._speaking_set, posterior={c: lp[c] for c in langs},
                        sure=frozenset((lead,)) if sure else frozenset(),
                        decisive=frozenset((lead,)) if decisive else frozenset()), translated

    @cached_property
    def _speaking_set(self) -> frozenset:
        return frozenset(self.speaking)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "NgramModel":
        try:
            m = cls(tuple(d["features"]), tuple(d["classes"]), tuple(int(x) for x in d["weights"]),
                    tuple(float(x) for x in d["bias"]), float(d.get("quantum", 0.001)), str(d.get("original", "en")),
                    tuple(sorted((str(k), int(v)) for k, v in dict(d.get("articles") or {}).items())),
                    int(d.get("min_articles", 0)), None if d.get("alone") is None else float(d["alone"]),
                    None if d.get("veto") is None else float(d["veto"]),
                    None if d.get("sure") is None else float(d["sure"]),
                    None if d.get("decisive") is None else float(d["decisive"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"triage model, n-gram section: {exc!r}") from None
        K = len(m.classes)
        if not K or len(set(m.classes)) != K or len(m.bias) != K or m.original not in m.classes:
            raise ModelError("triage model: n-gram classes must be unique, include the original class, one bias each")
        if len(m.weights) != K * len(m.features) or len(set(m.features)) != len(m.features):
            raise ModelError("triage model: n-gram weights must be one row of len(classes) per unique feature")
        if not (m.quantum > 0 and all(math.isfinite(x) for x in m.bias)):
            raise ModelError("triage model: bad n-gram quantum or bias")
        if m.min_articles < 0 or any(v < 0 or k not in m.classes for k, v in m.articles):
            raise ModelError("triage model: n-gram article counts must be non-negative, for known classes")
        if any(x is not None and not 0 < x <= 1 for x in (m.alone, m.veto)):
            raise ModelError("triage model: the n-gram 'alone' and 'veto' thresholds must be probabilities in (0, 1]")
        if m.sure is not None and not (m.alone is not None and m.alone <= m.sure <= 1):
            raise ModelError("triage model: the n-gram 'sure' threshold must be a probability no lower than 'alone'")
        if m.decisive is not None and not (m.alone is not None and m.alone <= m.decisive <= 1):
            raise ModelError("triage model: the n-gram 'decisive' threshold must be a probability no lower than 'alone'")
        return m

    def to_dict(self) -> dict[str, Any]:
        out = {"features": list(self.features), "classes": list(self.classes), "weights": list(self.weights),
               "bias": list(self.bias), "quantum": self.quantum, "original": self.original}
        if self.articles:
            out["articles"] = dict(self.articles)
            out["min_articles"] = self.min_articles
        if self.alone is not None:
            out["alone"] = self.alone
        if self.veto is not None:
            out["veto"] = self.veto
        if self.sure is not None:
            out["sure"] = self.sure
        if self.decisive is not None:
            out["decisive"] = self.decisive
        return out


def _known_rows(numbers: Mapping, keys) -> tuple[list[int], list[bool]]:
    """The row numbers of the ``keys`` that ``numbers`` knows, in their order, and per key
    whether it is known (C loops; one lookup per key: a word pair's hash is computed at
    each lookup)."""
    found = list(map(numbers.get, keys))
    known = list(map(is_not, found, repeat(None)))
    return list(compress(found, known)), known


@dataclass(frozen=True)
class TriageModel:
    risk: RiskModel
    source: SourceModel
    meta: dict[str, Any] = field(default_factory=dict)
    ngram: NgramModel | None = None

    def ngram_evidence(self, vector: Mapping[str, float]) -> dict[str, float]:
        """The n-gram classifier's evidence per source language (empty without a classifier)."""
        return self.ngram.evidence(vector) if self.ngram is not None else {}

    def mt_probability(self, feats: Mapping[str, float]) -> float:
        return self.risk.probability(feats)

    def source_probabilities(self, traces: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
        return self.source.probabilities(traces)

    @property
    def lowest_gate(self) -> float | None:
        """The least P(MT) at which any guess may stand (`allows_guess`): ``source.min_risk``,
        or the lower ``source.min_risk_agreed``; None without a gate."""
        s = self.source
        if s.min_risk is None or s.min_risk_agreed is None:
            return s.min_risk
        return min(s.min_risk, s.min_risk_agreed)

    def allows_guess(self, p: float, lang: str | None, traces: Mapping[str, Mapping[str, float]]) -> bool:
        """Whether the guess ``lang`` stands for an article of calibrated P(MT) ``p``: from
        ``source.min_risk`` up, any guess; below it, from ``source.min_risk_agreed`` up, a
        corroborated one (`features.corroborated`: the n-gram classifier and a trace in the
        text both name it, or the classifier is decisive, `NgramModel.decisive`); below that, none (no gate: always). ``bench/triage.py`` applies the
        same rule (``guess_of``)."""
        from auditor.triage.features import corroborated

        s = self.source
        if lang is None:
            return False
        if s.min_risk is None or p >= s.min_risk:
            return True
        return (s.min_risk_agreed is not None and p >= s.min_risk_agreed
                and corroborated(traces.get(lang, {})))

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> "TriageModel":
        if doc.get("format") not in FORMATS:
            raise ModelError(f"not a triage model (format {doc.get('format')!r}, expected one of {FORMATS})")
        try:
            r, s = doc["risk"], doc["source"]
            risk = RiskModel(tuple(r["features"]), tuple(map(float, r["mean"])), tuple(map(float, r["scale"])),
                             tuple(map(float, r["coef"])), float(r["intercept"]),
                             Calibration.from_dict(r.get("calibration")))
            source = SourceModel(tuple(s["features"]), tuple(map(float, s["coef"])), float(s.get("temperature", 1.0)),
                                 None if s.get("min_risk") is None else float(s["min_risk"]),
                                 None if s.get("min_risk_agreed") is None else float(s["min_risk_agreed"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"triage model: {exc!r}") from None
        n = len(risk.features)
        if not (len(risk.mean) == len(risk.scale) == len(risk.coef) == n):
            raise ModelError("triage model: features, mean, scale and coef differ in length")
        if any(x <= 0 for x in risk.scale):
            raise ModelError("triage model: every scale must be positive")
        if len(source.coef) != len(source.features) or source.temperature <= 0:
            raise ModelError("triage model: bad source model")
        if source.min_risk is not None and not 0 <= source.min_risk <= 1:
            raise ModelError("triage model: the source model's 'min_risk' must be a probability in [0, 1]")
        if source.min_risk_agreed is not None and not (
                source.min_risk is not None and 0 <= source.min_risk_agreed <= source.min_risk):
            raise ModelError("triage model: the source model's 'min_risk_agreed' must be a probability no higher "
                             "than 'min_risk'")
        ngram = NgramModel.from_dict(doc["ngram"]) if doc.get("ngram") else None
        if ngram is None and {"ngram", "ngram_among"} & set(source.features):
            raise ModelError("triage model: the source model weighs n-gram evidence but has no n-gram section")
        return cls(risk, source, dict(doc.get("meta", {})), ngram)

    def to_dict(self) -> dict[str, Any]:
        r, s = self.risk, self.source
        out = {"format": FORMAT, "meta": self.meta,
                "risk": {"features": list(r.features), "mean": list(r.mean), "scale": list(r.scale),
                         "coef": list(r.coef), "intercept": r.intercept, "calibration": r.calibration.to_dict()},
                "source": {"features": list(s.features), "coef": list(s.coef), "temperature": s.temperature}}
        if s.min_risk is not None:
            out["source"]["min_risk"] = s.min_risk
        if s.min_risk_agreed is not None:
            out["source"]["min_risk_agreed"] = s.min_risk_agreed
        if self.ngram is not None:
            out["ngram"] = self.ngram.to_dict()
        return out


def load_model(path: str | Path) -> TriageModel:
    try:
        doc = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the triage model {path}: {exc}") from None
    return TriageModel.from_dict(doc)


@lru_cache(maxsize=1)
def default_model() -> TriageModel:
    """The model that ships with the package (read once per process)."""
    return load_model(DEFAULT_PATH)
