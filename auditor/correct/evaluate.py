"""Held-out evaluation of a correction model on marked windows.

* clean windows (the marked span is clean English): the share the gate leaves unchanged
  (the model copies, or the gate holds its change back);
* synthetic artifacts (one injected artifact each): the share restored exactly by the
  model's output, and the share restored exactly through the gate.

The gate runs here without the rules (``require_recheck=False``): for clean windows that
is the harder test (no rule can veto a change), and synthetic windows carry no findings.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Sequence

from auditor.correct.backends import Backend
from auditor.correct.gate import GateConfig, judge
from auditor.correct.corrector import run_model
from auditor.correct.window import CLOSE, OPEN, Window


def parse_marked(marked: str) -> tuple[str, tuple[int, int]]:
    """``"a ⟦b⟧ c"`` -> ``("a b c", (2, 3))``."""
    s = marked.index(OPEN)
    e = marked.index(CLOSE) - 1
    return marked.replace(OPEN, "").replace(CLOSE, ""), (s, e)


def read_rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]


def decode_rows(
    backend: Backend, rows: Sequence[dict[str, str]], *, beam_size: int = 4, max_length: int = 128
) -> tuple[list[str], list[float]]:
    """The model's corrected windows for the marked windows of ``rows`` and the
    log-probabilities of (proposals..., copies...)."""
    windows = []
    for r in rows:
        plain, (s, e) = parse_marked(r["source"])
        windows.append(Window(plain, 0, len(plain), s, e))
    candidates, lp_cand, lp_copy = run_model(backend, windows, beam_size=beam_size, max_length=max_length)
    return candidates, lp_cand + lp_copy


def evaluate_rows(
    backend: Backend | None, rows: Sequence[dict[str, str]], *, beam_size: int = 4, margin: float = 1.0,
    max_length: int = 128, decoded: tuple[list[str], list[float]] | None = None,
) -> dict[str, Any]:
    """Scores of ``rows`` (held-out windows); pass ``decoded`` (from `decode_rows`) to
    score several gate margins without decoding again."""
    if decoded is None:
        assert backend is not None
        decoded = decode_rows(backend, rows, beam_size=beam_size, max_length=max_length)
    outputs, logps = decoded
    n = len(rows)
    cfg = GateConfig(margin=margin, require_recheck=False)
    clean_total = clean_kept = clean_raw = 0
    synth: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, raw exact, gated exact, gated wrong
    examples: list[dict[str, str]] = []
    for i, (row, out) in enumerate(zip(rows, outputs)):
        plain, span = parse_marked(row["source"])
        verdict = judge(plain, out, span, logp_candidate=logps[i], logp_copy=logps[n + i], config=cfg)
        applied = plain
        if verdict.accepted and verdict.edit is not None:
            a0, a1, new = verdict.edit
            applied = plain[:a0] + new + plain[a1:]
        if row["kind"] == "clean":
            clean_total += 1
            clean_raw += out == plain
            clean_kept += applied == plain
            if applied != plain and len(examples) < 20:
                examples.append({"kind": "clean-changed", "source": row["source"], "output": out})
        else:
            stats = synth[row["kind"]]
            stats[0] += 1
            stats[1] += out == row["target"]
            stats[2] += applied == row["target"]
            stats[3] += applied not in (plain, row["target"])
    total = [sum(v[i] for v in synth.values()) for i in range(4)]
    return {
        "clean_windows": clean_total,
        "clean_unchanged_after_gate": clean_kept / max(1, clean_total),
        "clean_copied_raw": clean_raw / max(1, clean_total),
        "synthetic_windows": total[0],
        "synthetic_restored_raw": total[1] / max(1, total[0]),
        "synthetic_restored_after_gate": total[2] / max(1, total[0]),
        "synthetic_wrong_edit_after_gate": total[3] / max(1, total[0]),
        "per_kind": {
            k: {"n": v[0], "restored_raw": round(v[1] / v[0], 4), "restored_after_gate": round(v[2] / v[0], 4)}
            for k, v in sorted(synth.items())
        },
        "beam_size": beam_size,
        "margin": margin,
        "clean_changed_examples": examples,
    }
