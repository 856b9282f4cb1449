"""The correction model alone on DEMETR, with oracle spans: for each perturbed sentence
the span that differs from the good MT (``mt_sent``) is marked, the model proposes, the
gate decides (no rule recheck), and we count ``pert_sent`` restored exactly to
``mt_sent``. This is the ceiling of what the model adds once a rule has flagged the span;
the full pipeline (rules + fix) is benchmarked separately.

    python bench/model_demetr.py [--model DIR] [--limit 200]

Writes reports/model-demetr.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.correct.backends import default_model_dir, load_backend  # noqa: E402
from auditor.correct.corrector import run_model  # noqa: E402
from auditor.correct.gate import GateConfig, judge  # noqa: E402
from auditor.correct.window import changed_region, cut_window  # noqa: E402

FILES = {
    "repeat2": "minor_id1_repeat2.json",
    "repeat4": "minor_id2_repeat4.json",
    "tokenized": "minor_id30_tokenized.json",
    "full_lower": "minor_id31_full_lower.json",
    "first_lower": "minor_id32_first_lower.json",
    "codemix": "critical_id4_codemix.json",
}


def items(path: Path, limit: int) -> list[tuple[str, str]]:
    data = json.loads(path.read_text("utf-8"))
    out = []
    for it in data:
        if it.get("pert_check", True) is False or it["pert_sent"] == it["mt_sent"]:
            continue
        out.append((it["pert_sent"], it["mt_sent"]))
        if len(out) >= limit:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(default_model_dir()))
    ap.add_argument("--demetr", default=str(ROOT.parent / "shared" / "data" / "demetr"))
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--beam", type=int, default=4)
    ap.add_argument("--margin", type=float, default=None, help="gate margin (default: the model's auditor.json, else 1.0)")
    ap.add_argument("--out", default=str(ROOT / "reports" / "model-demetr"))
    args = ap.parse_args()
    backend = load_backend(args.model)
    if args.margin is None:
        args.margin = float(backend.meta.get("margin", 1.0))
    gate = GateConfig(margin=args.margin, require_recheck=False)
    report = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "model": Path(args.model).name,
              "backend": backend.name, "beam": args.beam, "margin": args.margin, "files": {}}
    t = time.time()
    for name, fname in FILES.items():
        pairs = items(Path(args.demetr) / fname, args.limit)
        jobs = []
        for pert, mt in pairs:
            a0, a1, _, _ = changed_region(pert, mt)
            while a0 < a1 and pert[a0].isspace():
                a0 += 1
            while a1 > a0 and pert[a1 - 1].isspace():
                a1 -= 1
            if a1 == a0:  # a deletion: mark the word before the gap
                a0 = max(0, pert.rfind(" ", 0, max(0, a0 - 1)) + 1)
            jobs.append((pert, mt, cut_window(pert, a0, a1, 8, 8)))
        outs, lp_cand, lp_copy = run_model(backend, [w for _, _, w in jobs], beam_size=args.beam)
        n = len(jobs)
        restored = raw = changed_wrong = 0
        for i, ((pert, mt, w), out) in enumerate(zip(jobs, outs)):
            v = judge(w.plain, out, w.local_span, logp_candidate=lp_cand[i], logp_copy=lp_copy[i], config=gate)
            fixed = pert
            if v.accepted and v.edit is not None:
                a0, a1, new = v.edit
                fixed = pert[: w.start + a0] + new + pert[w.start + a1 :]
            raw += pert[: w.start] + out + pert[w.end :] == mt
            restored += fixed == mt
            changed_wrong += fixed not in (pert, mt)
        report["files"][name] = {"items": n, "restored_raw": round(raw / max(1, n), 4),
                                 "restored_after_gate": round(restored / max(1, n), 4),
                                 "wrong_edit_after_gate": round(changed_wrong / max(1, n), 4)}
        print(name, report["files"][name], flush=True)
    report["seconds"] = round(time.time() - t, 1)
    Path(args.out + ".json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    lines = [f"# Correction model on DEMETR with oracle spans ({report['date']})", "",
             f"Model `{report['model']}` via {backend.name}, beam {args.beam}, gate margin {args.margin} (no rule recheck); "
             f"first {args.limit} qualifying items per file (pert_check true, pert_sent != mt_sent).", "",
             "| perturbation | items | restored (raw model) | restored (gated) | wrong edits let through |", "|---|---:|---:|---:|---:|"]
    for name, v in report["files"].items():
        lines.append(f"| {name} | {v['items']} | {v['restored_raw']:.3f} | {v['restored_after_gate']:.3f} | {v['wrong_edit_after_gate']:.3f} |")
    Path(args.out + ".md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
