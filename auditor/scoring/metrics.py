"""BLEU, chrF, chrF++ and TER through sacrebleu's own API, with their signatures.

Scores are sacrebleu's, computed by sacrebleu: the auditor only chooses the metric
objects and passes options through, so its numbers equal sacrebleu's command line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from auditor.errors import UsageError

METRIC_NAMES = ("bleu", "chrf", "chrf++", "ter")


@dataclass(frozen=True)
class MetricOptions:
    tokenize: str | None = None  # BLEU tokenizer: 13a, intl, zh, ja-mecab, flores200, char, none
    lowercase: bool = False
    trg_lang: str = "en"
    ter_normalized: bool = False
    ter_case_sensitive: bool = False


def _check_tokenizer(tokenize: str | None) -> None:
    """A `UsageError` for a BLEU tokenizer sacrebleu does not have, or one whose
    SentencePiece model is not on disk: sacrebleu would download it on first use, and the
    auditor never downloads at run time (it would fail offline, or fetch unpinned data)."""
    if tokenize is None:
        return
    if tokenize not in BLEU.TOKENIZERS:
        raise UsageError(f"unknown BLEU tokenizer {tokenize!r} (choose from {', '.join(BLEU.TOKENIZERS)})")
    from sacrebleu.tokenizers.tokenizer_spm import SPM_MODELS
    from sacrebleu.utils import SACREBLEU_DIR

    if tokenize in SPM_MODELS:
        url = SPM_MODELS[tokenize]["url"]
        path = os.path.join(SACREBLEU_DIR, "models", os.path.basename(url))
        if not os.path.exists(path):
            raise UsageError(f"BLEU tokenizer {tokenize!r} needs sacrebleu's SentencePiece model {path}, which is "
                             f"not there; the auditor does not download at run time: fetch {url} once and put it there")


def build_metric(name: str, options: MetricOptions, refs: Sequence[Sequence[str]] | None = None) -> Metric:
    """A sacrebleu metric object for ``name`` (one of `METRIC_NAMES`)."""
    try:
        if name == "bleu":
            _check_tokenizer(options.tokenize)
            return BLEU(tokenize=options.tokenize, lowercase=options.lowercase, trg_lang=options.trg_lang, references=refs)
        if name == "chrf":
            return CHRF(lowercase=options.lowercase, references=refs)
        if name == "chrf++":
            return CHRF(word_order=2, lowercase=options.lowercase, references=refs)
        if name == "ter":
            return TER(normalized=options.ter_normalized, case_sensitive=options.ter_case_sensitive, references=refs)
    except (ValueError, AssertionError, RuntimeError, ImportError, KeyError) as exc:
        raise UsageError(f"{name}: {' '.join(str(exc).split())}") from None  # sacrebleu's messages span lines
    raise UsageError(f"unknown metric {name!r} (choose from {', '.join(METRIC_NAMES)})")


@dataclass(frozen=True)
class Score:
    metric: str
    label: str
    score: float
    formatted: str
    signature: str
    higher_is_better: bool

    def to_dict(self) -> dict:
        return {"metric": self.metric, "label": self.label, "score": self.score, "formatted": self.formatted,
                "signature": self.signature, "higher_is_better": self.higher_is_better}


def corpus_scores(
    hyps: Sequence[str], refs: Sequence[Sequence[str]], metrics: Sequence[str], options: MetricOptions, width: int = 1
) -> list[Score]:
    """Corpus-level scores of ``hyps`` against the reference streams ``refs``."""
    out = []
    for name in metrics:
        metric = build_metric(name, options)
        result = metric.corpus_score(list(hyps), [list(r) for r in refs])
        out.append(Score(name, result.name, result.score, result.format(width=width, score_only=True),
                         str(metric.get_signature()), name != "ter"))
    return out


def sentence_scores(
    hyps: Sequence[str], refs: Sequence[Sequence[str]], metrics: Sequence[str], options: MetricOptions
) -> dict[str, list[float]]:
    """Per-segment scores (sacrebleu's ``sentence_score``) for each metric."""
    out: dict[str, list[float]] = {}
    for name in metrics:
        metric = build_metric(name, options)
        out[name] = [metric.sentence_score(h, [r[i] for r in refs]).score for i, h in enumerate(hyps)]
    return out
