"""Throughput of ``auditor check --engine ray`` (Ray Data, 1 and 2 workers) against the
single-machine ``--jobs 1`` and ``--jobs 2`` on the same generated dump, and the memory of
each Ray worker.

The dump is bench/throughput.py's (WMT22 references grouped into ~330-word articles, one
in ten with artifacts), written as ``--shards`` JSONL files. Every run is a fresh process
(start-up, and for Ray the start of a local Ray, included; all rules on, mining
included); the Ray runs write JSONL parts to a temporary folder, the local runs JSONL to
/dev/null. "audit words/s" divides by the wall time; for Ray, "worker words/s" divides by
the seconds the workers spent inside blocks (summary.json: worker_seconds / workers):
the rate of all workers together once Ray is up, start-up and the pre-pass left out. Worker memory: the largest PSS of each
process whose title names an audit actor (BlockWorker) (sampled twice a second from /proc).

    python bench/bench_distributed.py [--articles 12000] [--shards 8] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import header, write_report  # noqa: E402
from throughput import build_dump  # noqa: E402


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _ppid(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _ray_workers(driver: int) -> list[int]:
    """Pids of the audit pool's actors (BlockWorker) of the local Ray that ``driver``
    started (their raylet is the driver's child), not those of other Ray sessions."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if b"ray::" in cmd and b"BlockWorker" in cmd and _ppid(_ppid(int(entry))) == driver:
                pids.append(int(entry))
    return pids


def measured(cmd: list[str]) -> dict:
    """Wall seconds of ``cmd`` and the peak PSS (MB) of each Ray worker process it ran."""
    peaks: dict[int, int] = {}
    stop = threading.Event()
    load = round(os.getloadavg()[0], 2)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        while not stop.is_set():
            for pid in _ray_workers(proc.pid):
                peaks[pid] = max(peaks.get(pid, 0), _pss_kb(pid))
            stop.wait(0.5)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    thread.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return {"seconds": round(seconds, 2), "worker_peak_pss_mb": sorted(round(v / 1024, 1) for v in peaks.values()),
            "load_before": load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=12000)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--block-size", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration (the median is reported)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="auditor-bench-dist-"))
    runs = []
    try:
        whole = tmp / "whole.jsonl"
        words = build_dump(whole, args.articles)
        folder = tmp / "dump"
        folder.mkdir()
        lines = whole.read_text("utf-8").splitlines(True)
        per = -(-len(lines) // args.shards)
        for i in range(args.shards):
            (folder / f"part-{i:03d}.jsonl").write_text("".join(lines[i * per : (i + 1) * per]), "utf-8")
        whole.unlink()
        base = [sys.executable, "-m", "auditor", "check", str(folder), "--isolated", "--quiet", "--format", "jsonl"]
        configs = [("local", 1), ("local", 2), ("ray", 1), ("ray", 2)]
        for engine, n in configs:
            samples = []
            for r in range(args.repeat):
                if engine == "local":
                    cmd = base + ["--jobs", str(n), "--output", os.devnull]
                    res = measured(cmd)
                else:
                    out = tmp / f"out-{n}-{r}"
                    cmd = base + ["--engine", "ray", "--workers", str(n), "--block-size", str(args.block_size), "--out", str(out)]
                    res = measured(cmd)
                    summary = json.loads((out / "summary.json").read_text("utf-8"))
                    res["worker_seconds"] = summary["worker_seconds"]
                    res["worker_words_per_s"] = round(summary["words"] / (summary["worker_seconds"] / n))
                    shutil.rmtree(out, ignore_errors=True)
                samples.append(res)
                print(engine, n, res, flush=True)
            median = sorted(samples, key=lambda s: s["seconds"])[len(samples) // 2]
            row = {"engine": engine, "workers": n, "articles": args.articles, "words": words,
                   "seconds": median["seconds"], "words_per_s": round(words / median["seconds"]),
                   "all_seconds": [s["seconds"] for s in samples], "load_before": [s["load_before"] for s in samples],
                   "command": " ".join(c for c in (cmd if engine == "ray" else base + ["--jobs", str(n)]) if not c.startswith(str(tmp)))}
            for key in ("worker_seconds", "worker_words_per_s", "worker_peak_pss_mb"):
                if key in median and median[key]:
                    row[key] = median[key]
            runs.append(row)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    by = {(r["engine"], r["workers"]): r for r in runs}
    summary = {
        "speedup_local_2_vs_1": round(by[("local", 2)]["words_per_s"] / by[("local", 1)]["words_per_s"], 2),
        "speedup_ray_2_vs_1": round(by[("ray", 2)]["words_per_s"] / by[("ray", 1)]["words_per_s"], 2),
        "ray_1_vs_local_1": round(by[("ray", 1)]["words_per_s"] / by[("local", 1)]["words_per_s"], 2),
        "ray_worker_words_per_s": by[("ray", 1)].get("worker_words_per_s"),
    }
    rows = "\n".join(
        f"| {r['engine']} | {r['workers']} | {r['articles']:,} | {r['words']:,} | {r['seconds']} | {r['words_per_s']:,} | "
        f"{r.get('worker_words_per_s', '') and format(r['worker_words_per_s'], ',')} | "
        f"{', '.join(map(str, r.get('worker_peak_pss_mb', []))) or ''} | {', '.join(map(str, r['load_before']))} |" for r in runs)
    md = ("# Distributed throughput: `auditor check --engine ray` vs `--jobs`\n\n{header}"
          f"Command: `python bench/bench_distributed.py --articles {args.articles} --shards {args.shards} "
          f"--block-size {args.block_size} --repeat {args.repeat}` (all rules on, mining included, start-up and "
          "Ray start included in seconds; medians of the repeats; load before: the 1-minute load average just "
          "before each run: on this 2-core machine, above ~0.5 the run shared its cores with other work).\n\n"
          "| engine | workers | articles | words | seconds | words/s (wall) | words/s inside blocks (all workers) | peak PSS per Ray worker (MB) | load before |\n"
          "|---|---:|---:|---:|---:|---:|---:|---|---:|\n"
          f"{rows}\n\n"
          f"--jobs 2 vs 1: x{summary['speedup_local_2_vs_1']}; Ray 2 vs 1 workers: x{summary['speedup_ray_2_vs_1']}; "
          f"Ray (1 worker) vs --jobs 1: x{summary['ray_1_vs_local_1']}.\n\n"
          "The estimate for 100 nodes is in docs/distributed.md (section *Sizing*), from these numbers.\n")
    write_report("distributed", {"header": header(), "args": vars(args), "summary": summary, "runs": runs}, md)


if __name__ == "__main__":
    main()
