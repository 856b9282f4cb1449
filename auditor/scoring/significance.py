"""Paired significance tests of a system against a baseline: sacrebleu's paired bootstrap
resampling (``bs``) and approximate randomisation (``ar``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

from sacrebleu.significance import PairedTest

from auditor.scoring.metrics import MetricOptions, build_metric


@dataclass(frozen=True)
class PairedResult:
    metric: str
    test: str  # "bs" or "ar"
    baseline: float
    system: float
    delta: float
    #: 95% confidence interval of the system's score (bootstrap), as (low, high)
    ci: tuple[float, float] | None
    baseline_ci: tuple[float, float] | None
    p_value: float
    signature: str

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05

    def to_dict(self) -> dict:
        return {"metric": self.metric, "test": self.test, "baseline": self.baseline, "system": self.system,
                "delta": self.delta, "ci95": list(self.ci) if self.ci else None,
                "baseline_ci95": list(self.baseline_ci) if self.baseline_ci else None,
                "p_value": self.p_value, "significant": self.significant, "signature": self.signature}


def paired_test(
    baseline: Sequence[str],
    system: Sequence[str],
    refs: Sequence[Sequence[str]],
    metrics: Sequence[str],
    options: MetricOptions,
    test: str = "bs",
    samples: int = 0,
    seed: int = 12345,
) -> list[PairedResult]:
    """Compare ``system`` with ``baseline`` on every metric; deterministic for a seed.

    For ``ar`` the confidence intervals come from 1,000 bootstrap resamples, as with
    sacrebleu's ``--paired-ar`` plus ``--paired-ar-confidence-samples``.
    """
    previous = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        metric_objs = {name: build_metric(name, options) for name in metrics}
        ref_streams = [list(r) for r in refs]
        tester = PairedTest(
            [("baseline", list(baseline)), ("system", list(system))],
            metric_objs, ref_streams, test_type=test, n_samples=samples,
            n_ar_confidence=0 if test == "ar" else -1,
        )
        signatures, scores = tester()
    finally:
        if previous is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = previous
    identical = list(system) == list(baseline)
    out = []
    for (name, _), key in zip(metric_objs.items(), [k for k in scores if k != "System"]):
        base, sys_ = scores[key]
        out.append(PairedResult(
            metric=name, test=test, baseline=base.score, system=sys_.score,
            delta=round(sys_.score - base.score, 4),
            ci=_interval(sys_), baseline_ci=_interval(base),
            # sacrebleu counts only strictly larger differences, which gives p ~ 0 for a
            # system compared with itself; identical outputs cannot differ: p = 1
            p_value=1.0 if identical else float(sys_.p_value), signature=str(signatures[key]),
        ))
    return out


def _interval(result) -> tuple[float, float] | None:
    if result.mean is None or result.ci is None:
        return None
    return (round(float(result.mean - result.ci), 4), round(float(result.mean + result.ci), 4))
