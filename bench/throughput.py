"""Throughput of `auditor check`: words/s, articles/s and peak memory on a generated dump,
with --jobs 1 and --jobs 2, beside proselint on the same text.

The dump is built from the WMT22 human references in ../shared/data (clean English news),
grouped into ~400-word articles with a headline, with artifacts injected into one article
in ten (residue lines, headline suffixes, glued words, calques), so every rule family does
real work. Peak memory is sampled over the whole process tree (psutil) for dumps of two
sizes: it must not grow with the size of the dump.

The --jobs 1 / --jobs 2 pair on the large dump is run ``--pairs`` times, alternating, and
the summary takes the median of the per-pair ratios: this VM's speed drifts by ±10-30 %
from minute to minute, so one pair's ratio swings (x1.67 to x2.03 in three idle runs)
while runs taken back to back see the same machine.

    python bench/throughput.py [--articles 10000] [--pairs 3] [--proselint-articles 300]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import header, require_data, write_report  # noqa: E402

ARTIFACTS = [
    lambda s: s.replace(" because ", " because", 1).replace("because", "attackbecause", 1) if " because " in s else s + " The attackbecause failed.",
    lambda s: s + " The warning was launched by the minister.",
    lambda s: s + " The accord was signed by the two Villages.",
    lambda s: "The president he thus clarified the plans. " + s,
]
RESIDUE = ["Reproduction reserved © Copyright ANSA", "For Latest Updates Follow us on Google News",
           "PREV The massacre of Christians in Africa", "NEXT Markets close higher on Friday"]


def build_dump(path: Path, articles: int, seed: int = 7) -> int:
    refs = sorted(require_data("wmt22", "references").glob("*.en"))
    sentences = [line.strip() for f in refs for line in f.read_text("utf-8").splitlines() if len(line.split()) > 5]
    rng = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(articles):
            start = rng.randrange(len(sentences) - 20)
            body = sentences[start : start + 16]
            title = " ".join(body[0].split()[:10]).rstrip(".,;:")
            paragraphs = [" ".join(body[k : k + 4]) for k in range(0, 16, 4)]
            if i % 10 == 0:
                title += " – World"
                paragraphs[1] = rng.choice(ARTIFACTS)(paragraphs[1])
                paragraphs.append(rng.choice(RESIDUE))
            text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
            words += len(text.split())
            out.write(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False) + "\n")
    return words


#: ``python -c SELF_CPU ARGS``: ``python -m ARGS`` that writes its own CPU seconds (user +
#: system, its workers not included) to the file named by $BENCH_SELF_CPU at exit
SELF_CPU = """
import atexit, os, resource, runpy, sys
def _cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["BENCH_SELF_CPU"], "w") as f:
        f.write(repr(r.ru_utime + r.ru_stime))
atexit.register(_cpu)
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def run_measured(cmd: list[str]) -> dict:
    """Wall seconds, peak PSS of the process tree, and CPU seconds of the whole tree
    (``cpu_s``, from wait4) and of the parent alone (``parent_cpu_s``) for ``python -m
    MODULE ARGS`` (``cmd[1:3] == ["-m", MODULE]``) or any other command (no parent CPU)."""
    import psutil

    env = dict(os.environ)
    self_cpu = None
    if cmd[1:2] == ["-m"]:
        fd, self_cpu = tempfile.mkstemp(prefix="bench-cpu-")
        os.close(fd)
        env["BENCH_SELF_CPU"] = self_cpu
        cmd = [cmd[0], "-c", SELF_CPU, *cmd[2:]]
    load = round(os.getloadavg()[0], 2)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    ps = psutil.Process(proc.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                # PSS: shared (copy-on-write) pages split between the processes that
                # share them, so forked workers are not counted twice
                procs = [ps, *ps.children(recursive=True)]
                peak = max(peak, sum(p.memory_full_info().pss for p in procs))
            except psutil.Error:
                pass
            stop.wait(0.5)  # reading smaps costs CPU: sample twice a second

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)  # the rusage of the tree: the process and its workers
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    seconds = time.perf_counter() - started
    stop.set()
    thread.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    res = {"seconds": round(seconds, 2), "peak_pss_mb": round(peak / 2**20, 1), "exit": proc.returncode,
           "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "load_before": load}
    if self_cpu is not None:
        try:
            res["parent_cpu_s"] = round(float(Path(self_cpu).read_text() or "nan"), 2)
        finally:
            os.unlink(self_cpu)
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--pairs", type=int, default=3, help="--jobs 1 / --jobs 2 pairs on the large dump, alternating")
    parser.add_argument("--proselint-articles", type=int, default=300)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="auditor-bench-"))
    results = []
    try:
        sizes = sorted({args.articles // 4, args.articles})
        dumps = {n: (tmp / f"dump-{n}.jsonl", build_dump(tmp / f"dump-{n}.jsonl", n)) for n in sizes}
        auditor = [sys.executable, "-m", "auditor", "check", "--format", "jsonl", "--quiet", "--isolated"]
        plan = [(sizes[0], 1, 0)] + [(args.articles, jobs, k + 1) for k in range(args.pairs) for jobs in (1, 2)]
        for n, jobs, pair in plan:
            path, words = dumps[n]
            res = run_measured(auditor + ["--jobs", str(jobs), str(path)])
            res.update({"tool": "auditor", "articles": n, "words": words, "jobs": jobs, "pair": pair,
                        "words_per_s": round(words / res["seconds"]), "articles_per_s": round(n / res["seconds"], 1)})
            results.append(res)
            print(res, flush=True)
        # proselint on the first articles of the same dump, one file per article
        folder = tmp / "prose"
        folder.mkdir()
        words = 0
        with dumps[args.articles][0].open(encoding="utf-8") as fh:
            for i, line in zip(range(args.proselint_articles), fh):
                text = json.loads(line)["text"]
                words += len(text.split())
                (folder / f"{i}.txt").write_text(text, encoding="utf-8")
        prose = shutil.which("proselint") or str(Path(sys.executable).with_name("proselint"))
        res = run_measured([prose, "check", str(folder)])
        res.update({"tool": "proselint", "articles": args.proselint_articles, "words": words, "jobs": 1,
                    "words_per_s": round(words / res["seconds"]), "articles_per_s": round(args.proselint_articles / res["seconds"], 1)})
        results.append(res)
        print(res, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    small = results[0]
    pairs = [(next(r for r in results if r.get("pair") == k and r["jobs"] == 1),
              next(r for r in results if r.get("pair") == k and r["jobs"] == 2)) for k in range(1, args.pairs + 1)]
    ratios = [round(two["words_per_s"] / one["words_per_s"], 2) for one, two in pairs]
    one_job = statistics.median(one["words_per_s"] for one, _ in pairs)
    one, two = pairs[sorted(range(len(ratios)), key=ratios.__getitem__)[len(ratios) // 2]]  # the median pair
    per_1000 = round(1000 * statistics.median(t["parent_cpu_s"] for _, t in pairs) / two["articles"], 3)
    cpu_ratio = round(statistics.median(t["cpu_s"] / o["cpu_s"] for o, t in pairs), 3)
    summary = {
        "words_per_s_1_job": round(one_job), "speedup_2_jobs": statistics.median(ratios), "speedups_per_pair": ratios,
        "peak_pss_mb_small_vs_large": [small["peak_pss_mb"], one["peak_pss_mb"]],
        "parent_cpu_s_per_1000_articles_2_jobs": per_1000,
        "cpu_2_jobs_vs_1_job": cpu_ratio,
        "max_load_before": max(r["load_before"] for r in results),
        "targets": {"words_per_s_1_job": 50000, "speedup_2_jobs": 1.8},
    }
    rows = "\n".join(f"| {r['tool']} | {r.get('pair') or ''} | {r['articles']} | {r['words']} | {r['jobs']} | {r['seconds']} | {r['words_per_s']:,} | "
                     f"{r['articles_per_s']} | {r['cpu_s']} | {r.get('parent_cpu_s', '')} | {r['peak_pss_mb']} | {r['load_before']} |"
                     for r in results)
    md = ("# Throughput of `auditor check`\n\n{header}"
          "Command: `python bench/throughput.py` (all rules on, start-up included, JSONL output to /dev/null). "
          "CPU: seconds of the whole process tree (wait4) and of the parent process alone (its own rusage at exit); "
          "load: the 1-minute load average just before the run (the machine has 2 cores: a load above ~0.5 means "
          "the run shared them).\n\n"
          "| tool | pair | articles | words | jobs | seconds | words/s | articles/s | CPU s (all) | CPU s (parent) | peak PSS (MB) | load |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
          f"{rows}\n\nOne core: {summary['words_per_s_1_job']:,} words/s, the median of the {args.pairs} --jobs 1 runs "
          f"(target 50,000); --jobs 2: x{summary['speedup_2_jobs']}, the median of the pairs' ratios "
          f"{' / '.join(f'x{r}' for r in ratios)} (target 1.8); "
          f"the --jobs 2 parent used {per_1000} CPU s per 1,000 articles (median), and the whole tree "
          f"x{summary['cpu_2_jobs_vs_1_job']} the CPU of --jobs 1; "
          f"peak memory {small['peak_pss_mb']} MB for {small['articles']} articles vs {one['peak_pss_mb']} MB for {one['articles']}.\n")
    write_report("throughput", {"header": header(), "summary": summary, "runs": results}, md)


if __name__ == "__main__":
    main()
