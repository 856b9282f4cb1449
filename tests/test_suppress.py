"""Inline suppressions are applied by a sweep: the same answer as checking every
finding against every range, in time that does not grow with their product."""

from __future__ import annotations

import random
import time

from auditor.document import Suppression
from auditor.findings import Finding, Severity
from auditor.suppress import unsuppressed


def _finding(code: str, start: int) -> Finding:
    return Finding(code, "x", "t", Severity.WARNING, start, start + 1, "a", "m")


def _brute_force(findings, suppressions):
    return [f for f in findings if not any(s.covers(f.code, f.start) for s in suppressions)]


def test_sweep_equals_checking_every_pair():
    rng = random.Random(7)
    codes = ["TYP001", "TYP013", "RES001", "CAL002", "SRC004"]
    for _ in range(300):
        n = rng.randint(0, 200)
        findings = [_finding(rng.choice(codes), rng.randint(0, n + 5)) for _ in range(rng.randint(0, 30))]
        suppressions = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, n + 5)
            prefixes = tuple(rng.sample(["TYP", "RES001", "CAL", "X"], rng.randint(0, 2)))
            suppressions.append(Suppression(prefixes, start, start + rng.randint(0, 40)))
        assert unsuppressed(findings, suppressions) == _brute_force(findings, suppressions)


def test_many_directives_and_findings_stay_fast():
    # 20,000 one-paragraph suppressions and 20,000 findings: the pairwise check is 4e8 tests
    suppressions = [Suppression(("TYP",), 100 * i, 100 * i + 50) for i in range(20_000)]
    findings = [_finding("TYP001" if i % 2 else "RES001", 100 * i + 10) for i in range(20_000)]
    started = time.process_time()
    kept = unsuppressed(findings, suppressions)
    assert time.process_time() - started < 5
    assert len(kept) == 10_000 and all(f.code == "RES001" for f in kept)
