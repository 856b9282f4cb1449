"""Held-out scores of a correction model (default: the shipped one) on the windows of
``runs/<name>/heldout.jsonl`` (MLQE-PE dev sentences, never seen in training).

    python bench/model_eval.py [--model DIR] [--heldout FILE] [--limit N]

Writes reports/model-eval.json and reports/model-eval.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.correct.backends import default_model_dir, load_backend  # noqa: E402
from auditor.correct.evaluate import decode_rows, evaluate_rows, read_rows  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(default_model_dir()))
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--heldout", default=str(ROOT / "runs" / "mtpe-small" / "heldout.jsonl"))
    ap.add_argument("--limit", type=int, default=0, help="use this many windows (half clean, half synthetic)")
    ap.add_argument("--skip", type=int, default=0, help="skip this many first (e.g. to calibrate the margin on other windows)")
    ap.add_argument("--beam", type=int, default=4)
    ap.add_argument("--margin", type=float, default=None, help="gate margin (default: the model's auditor.json, else 1.0)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "reports" / "model-eval"))
    args = ap.parse_args()
    rows = read_rows(Path(args.heldout))
    if args.limit:
        k, h = args.skip // 2, args.limit // 2
        clean = [r for r in rows if r["kind"] == "clean"][k : k + h]
        synth = [r for r in rows if r["kind"] != "clean"][k : k + h]
        rows = clean + synth
    backend = load_backend(args.model, backend=args.backend, threads=args.threads)
    if args.margin is None:
        args.margin = float(backend.meta.get("margin", 1.0))
    t = time.time()
    decoded = decode_rows(backend, rows, beam_size=args.beam)
    result = evaluate_rows(None, rows, beam_size=args.beam, margin=args.margin, decoded=decoded)
    result["margin_sweep"] = {}
    for m in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0):
        r = evaluate_rows(None, rows, beam_size=args.beam, margin=m, decoded=decoded)
        result["margin_sweep"][str(m)] = {k: round(r[k], 4) for k in (
            "clean_unchanged_after_gate", "synthetic_restored_after_gate", "synthetic_wrong_edit_after_gate")}
    result.update({
        "model": args.model, "backend": backend.name, "seconds": round(time.time() - t, 1),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, threads={args.threads}",
        "heldout": str(Path(args.heldout).name),
        "slice": {"skip": args.skip, "limit": args.limit},
    })
    training = Path(args.model) / "training.json"
    if training.is_file():
        result["training"] = json.loads(training.read_text())
    Path(args.out + ".json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    lines = [
        f"# Correction model: held-out scores ({result['date']})", "",
        f"Model `{Path(args.model).name}` via {backend.name}, beam {args.beam}, gate margin {args.margin} nats "
        f"(no rule recheck). Windows from MLQE-PE dev sentences (never seen in training).", "",
        "| measure | value |", "|---|---:|",
        f"| clean windows | {result['clean_windows']} |",
        f"| clean windows left unchanged after the gate | {result['clean_unchanged_after_gate']:.4f} |",
        f"| clean windows copied by the raw model | {result['clean_copied_raw']:.4f} |",
        f"| synthetic-artifact windows | {result['synthetic_windows']} |",
        f"| restored exactly by the raw model | {result['synthetic_restored_raw']:.4f} |",
        f"| restored exactly through the gate | {result['synthetic_restored_after_gate']:.4f} |",
        f"| wrong edit let through by the gate | {result['synthetic_wrong_edit_after_gate']:.4f} |",
        "", "| artifact kind | n | restored (raw) | restored (gated) |", "|---|---:|---:|---:|",
    ]
    for kind, v in result["per_kind"].items():
        lines.append(f"| {kind} | {v['n']} | {v['restored_raw']:.3f} | {v['restored_after_gate']:.3f} |")
    lines += ["", "Gate margin sweep (same outputs):", "",
              "| margin (nats) | clean unchanged | synthetic restored (gated) | wrong edits let through |", "|---:|---:|---:|---:|"]
    for m, v in result["margin_sweep"].items():
        lines.append(f"| {m} | {v['clean_unchanged_after_gate']:.4f} | {v['synthetic_restored_after_gate']:.4f} | {v['synthetic_wrong_edit_after_gate']:.4f} |")
    Path(args.out + ".md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
