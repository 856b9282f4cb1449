"""Speed of the correction model on CPU: sentences (marked windows) per second for
transformers fp32 and ctranslate2 int8, batch 32, greedy and beam 4.

    python bench/model_speed.py [--model DIR] [--n 256] [--threads 1]

Inputs are held-out windows (runs/<name>/heldout.jsonl, MLQE-PE dev sentences); when
that file is absent, windows cut from ../shared/seed/article.txt. Writes
reports/model-speed.json and reports/model-speed.md with the date and machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.correct.backends import CTranslate2Backend, TransformersBackend, default_model_dir  # noqa: E402
from auditor.correct.window import cut_window  # noqa: E402


def inputs(n: int) -> list[str]:
    heldout = ROOT / "runs" / "mtpe-small" / "heldout.jsonl"
    if heldout.is_file():
        rows = [json.loads(line) for line in heldout.read_text("utf-8").splitlines()]
        return [r["source"] for r in rows[:n]]
    text = (ROOT.parent / "shared" / "seed" / "article.txt").read_text("utf-8")
    words = text.split()
    out = []
    for i in range(n):
        s = " ".join(words[(i * 7) % (len(words) - 20) :][:17])
        mid = len(s) // 2
        out.append(cut_window(s, mid - 3, mid + 3, 8, 8).marked)
    return out


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def timed(backend, sources: list[str], beam: int, batch: int) -> float:
    backend.generate(sources[:batch], beam_size=beam)  # warm-up
    t = time.perf_counter()
    for i in range(0, len(sources), batch):
        backend.generate(sources[i : i + batch], beam_size=beam)
    return len(sources) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(default_model_dir()))
    ap.add_argument("--n", type=int, default=256)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "reports" / "model-speed"))
    args = ap.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    model = Path(args.model)
    sources = inputs(args.n)
    results = []
    backends = [
        ("transformers", "fp32", lambda: TransformersBackend(model, batch_size=args.batch)),
        ("ctranslate2", "int8", lambda: CTranslate2Backend(model, compute_type="int8", threads=args.threads, batch_size=args.batch)),
    ]
    for name, precision, make in backends:
        backend = make()
        for beam in (1, 4):
            sps = timed(backend, sources, beam, args.batch)
            results.append({"backend": name, "precision": precision, "beam": beam, "batch": args.batch, "sentences_per_s": round(sps, 1)})
            print(results[-1], flush=True)
    by = {(r["backend"], r["beam"]): r["sentences_per_s"] for r in results}
    report = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{cpu_name()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "threads": args.threads,
        "model": str(model.relative_to(ROOT) if model.is_relative_to(ROOT) else model),
        "sentences": len(sources),
        "avg_chars": round(sum(map(len, sources)) / len(sources), 1),
        "results": results,
        "speedup_greedy": round(by[("ctranslate2", 1)] / by[("transformers", 1)], 2),
        "speedup_beam4": round(by[("ctranslate2", 4)] / by[("transformers", 4)], 2),
    }
    Path(args.out + ".json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    lines = [
        f"# Correction model speed ({report['date']})", "",
        f"Machine: {report['machine']}; {args.threads} thread(s) (the machine was shared with other jobs).",
        f"Inputs: {len(sources)} held-out marked windows (avg {report['avg_chars']} characters), batch {args.batch}.", "",
        "| backend | precision | beam | sentences/s |", "|---|---|---:|---:|",
    ]
    lines += [f"| {r['backend']} | {r['precision']} | {r['beam']} | {r['sentences_per_s']} |" for r in results]
    lines += ["", f"ctranslate2 int8 speed-up: {report['speedup_greedy']}x greedy, {report['speedup_beam4']}x beam 4."]
    Path(args.out + ".md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
