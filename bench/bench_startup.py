"""Start-up of the command line (issue 14: ``auditor check one-article.txt`` under 0.5 s):
the median of N runs of the ``auditor`` entry point on one 180-word article, in wall
seconds and in CPU seconds (user + system, of the child process), with the bytecode cache
that a normal install keeps and without it (``PYTHONDONTWRITEBYTECODE=1``, every module
compiled from source, as in this project's sandbox); optionally beside an earlier
revision checked out with ``git worktree`` into a temporary folder, run by turns with this
tree so that both see the same load. Also the CPU time of a longer run (``--long``: the
sample dump repeated) so that a faster start is not paid for per article.

    python bench/bench_startup.py [--runs 9] [--tree LABEL=REV|DIR ...] [--long 40]

Each ``--tree`` is a revision (checked out with ``git worktree`` into a temporary folder)
or a folder holding a copy of the project; without any, the working tree (which may hold
other work in progress) is measured. Without bytecode, each run uses a copy of the tree's
``auditor`` package that has no ``__pycache__`` (``PYTHONDONTWRITEBYTECODE`` alone would
still read the ``.pyc`` files that an earlier run left).

CPU time is the robust figure on a shared machine (the load average is recorded at the
start and the end); wall time is what the user sees, and only means much on an idle
machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, header, write_report  # noqa: E402

ARTICLE = "corpora/articles/clean-city-budget.txt"
_SECONDS = re.compile(r"; (\d+(?:\.\d+)?)s\s*$")


def entry_point() -> str:
    script = Path(sys.executable).with_name("auditor")
    return str(script) if script.exists() else shutil.which("auditor") or "auditor"


def run_once(root: Path, args: list[str], bytecode: bool) -> dict[str, float]:
    """One run of ``auditor ARGS`` from ``root`` (its own package first on the path): wall
    and CPU seconds of the child (``os.wait4``), and the seconds the run reports itself."""
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    with tempfile.TemporaryFile("w+") as errfile:
        started = time.perf_counter()
        proc = subprocess.Popen([entry_point(), *args], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=errfile)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen quiet
        errfile.seek(0)
        err = errfile.read().strip()
    inside = _SECONDS.search(err.splitlines()[-1]) if err else None
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime, "sys": usage.ru_stime,
            "inside": float(inside.group(1)) if inside else float("nan")}


def summarise(samples: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {"runs": len(samples)}
    for key in ("wall", "cpu", "user", "sys", "inside"):
        values = [s[key] for s in samples]
        out[f"{key}_median"] = round(statistics.median(values), 3)
        out[f"{key}_min"] = round(min(values), 3)
    return out


def source_copy(root: Path) -> Path:
    """``root``'s package and sample corpus, copied without any bytecode."""
    path = Path(tempfile.mkdtemp(prefix="auditor-nopyc-"))
    shutil.copytree(root / "auditor", path / "auditor", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(root / "corpora", path / "corpora")
    return path


def short(rev: str) -> str:
    return subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def worktree(rev: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix="auditor-before-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(path), rev], cwd=ROOT, check=True,
                   capture_output=True)
    return path


def long_input(root: Path, copies: int) -> Path:
    """The sample dump repeated ``copies`` times (distinct ids) without its source texts
    (a rules-only check: the source comparisons would dominate), inside ``root``."""
    import json

    records = [json.loads(line) for line in (root / "corpora" / "dump.jsonl").read_text("utf-8").splitlines() if line.strip()]
    path = root / f"long-{copies}.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(copies):
            for record in records:
                record = {k: v for k, v in record.items() if k not in ("source_text", "source")}
                record["id"] = f"{i}-{record.get('id')}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--tree", action="append", default=[], metavar="LABEL=REV|DIR",
                        help="a tree to measure: a revision or a folder (repeatable; default: the working tree)")
    parser.add_argument("--long", type=int, default=40, help="copies of corpora/dump.jsonl for the long run (0: none)")
    parser.add_argument("--long-runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; leave reports/ alone")
    args = parser.parse_args()

    made: list[Path] = []
    trees: dict[str, Path] = {}
    for spec in args.tree:
        label, _, where = spec.rpartition("=")
        if Path(where).is_dir():
            trees[label or where] = Path(where)
        else:
            made.append(worktree(where))
            trees[f"{label or where} ({short(where)})"] = made[-1]
    trees = trees or {"working tree": ROOT}
    copies: list[Path] = []
    load_start = os.getloadavg()
    results: dict[str, dict] = {}
    command = ["check", ARTICLE]
    try:
        for bytecode in (True, False):
            label = "bytecode cached" if bytecode else "no bytecode cache (PYTHONDONTWRITEBYTECODE=1)"
            roots = dict(trees)
            if not bytecode:
                copies += [source_copy(root) for root in trees.values()]
                roots = dict(zip(trees, copies[-len(trees):]))
            for root in roots.values():
                run_once(root, command, bytecode)  # warm: the bytecode (if kept) and the on-disk caches
            samples: dict[str, list] = {name: [] for name in trees}
            for _ in range(args.runs):
                for name, root in roots.items():  # by turns, so that both see the same load
                    samples[name].append(run_once(root, command, bytecode))
            for name in trees:
                results.setdefault(name, {})[label] = summarise(samples[name])
                print(name, label, results[name][label], flush=True)
        dump: dict[str, dict] = {}
        samples = {name: [] for name in trees}
        for _ in range(args.long_runs):
            for name, root in trees.items():
                samples[name].append(run_once(root, ["check", "corpora/dump.jsonl", "--format", "jsonl"], True))
        for name in trees:
            if samples[name]:
                dump[name] = summarise(samples[name])
                print(name, "dump", dump[name], flush=True)
        long: dict[str, dict] = {}
        if args.long and args.long_runs:
            samples = {name: [] for name in trees}
            inputs = {name: long_input(root, args.long) for name, root in trees.items()}
            for _ in range(args.long_runs):
                for name, root in trees.items():
                    samples[name].append(run_once(root, ["check", inputs[name].name, "--format", "jsonl"], True))
            for name in trees:
                inputs[name].unlink()
                long[name] = summarise(samples[name])
                print(name, "long run", long[name], flush=True)
    finally:
        for path in copies:
            shutil.rmtree(path, ignore_errors=True)
        for path in made:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, capture_output=True)
    load_end = os.getloadavg()

    data = {"header": header(), "command": f"auditor check {ARTICLE}", "runs": args.runs,
            "trees": {name: str(path) if path == ROOT or path not in made else "git worktree" for name, path in trees.items()},
            "load_average": {"start": [round(x, 2) for x in load_start], "end": [round(x, 2) for x in load_end]},
            "results": results,
            "dump": {"command": "auditor check corpora/dump.jsonl --format jsonl (8 articles with source texts)",
                     "runs": args.long_runs, "results": dump},
            "long_run": {"command": f"auditor check long-{args.long}.jsonl --format jsonl "
                                    f"(corpora/dump.jsonl x {args.long} without source texts, {8 * args.long} articles)",
                         "runs": args.long_runs, "results": long} if args.long else None}
    rows = []
    for name, by_mode in results.items():
        for mode, s in by_mode.items():
            rows.append(f"| {name} | {mode} | {s['wall_median']:.2f} | {s['cpu_median']:.2f} "
                        f"({s['user_median']:.2f} + {s['sys_median']:.2f}) | {s['cpu_min']:.2f} | {s['inside_median']:.2f} |")
    md = ["# Start-up: one article from the command line", "", "{header}",
          f"`auditor check {ARTICLE}` (180 words, no findings), {args.runs} runs per line, the trees run by turns; "
          "the entry point is the virtual environment's `auditor` script. CPU = user + system seconds of the "
          "child; *inside* = the seconds the run reports itself (after start-up). Load average "
          f"{' / '.join(f'{x:.2f}' for x in load_start)} at the start, "
          f"{' / '.join(f'{x:.2f}' for x in load_end)} at the end (2 cores shared with other work: "
          "wall time is inflated by the load, CPU time much less).", "",
          "| tree | bytecode | wall median (s) | CPU median (s) (user + sys) | CPU min (s) | inside (s) |",
          "|---|---|---:|---:|---:|---:|", *rows]
    md += [] if not dump else ["", f"`auditor check corpora/dump.jsonl --format jsonl` (8 articles, with source texts), {args.long_runs} runs, "
               "bytecode cached:", "", "| tree | wall median (s) | CPU median (s) | CPU min (s) |", "|---|---:|---:|---:|"]
    md += [f"| {name} | {s['wall_median']:.2f} | {s['cpu_median']:.2f} | {s['cpu_min']:.2f} |" for name, s in dump.items()]
    if long:
        md += ["", f"Long run, rules only: `auditor check long-{args.long}.jsonl --format jsonl` (corpora/dump.jsonl "
                   f"repeated {args.long} times without its source texts, {8 * args.long} articles), {args.long_runs} runs, "
                   "bytecode cached:", "",
               "| tree | wall median (s) | CPU median (s) | CPU min (s) |", "|---|---:|---:|---:|"]
        md += [f"| {name} | {s['wall_median']:.2f} | {s['cpu_median']:.2f} | {s['cpu_min']:.2f} |" for name, s in long.items()]
    md += ["", "Reproduce: `python bench/bench_startup.py --runs 9 --tree before=REV --tree after=REV` "
               "(reports/startup.json has every figure).", ""]
    if not args.no_write:
        write_report("startup", data, "\n".join(md))
    else:
        print("\n".join(md))


if __name__ == "__main__":
    main()
