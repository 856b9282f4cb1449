"""Latency and throughput of ``auditor serve`` on loopback, and the one-article CLI wall time.

* ``/v1/check`` (JSON) and ``/v2/check`` (LanguageTool form) for an 800-word article, rules
  only, at concurrency 1, 8 and 32: p50/p95/p99 latency and requests/s over a bounded
  number of requests per cell (after a warm-up);
* ``/v1/fix`` with the correction model (``unsafe: true`` so that the model's edits are
  made and gated), at concurrency 1 and 4: the same figures over fewer requests;
* ``auditor check one-article.txt`` wall time (median of N runs, warm caches) at the
  current tree and at ``--before REV`` (a git worktree of that revision), on the same
  machine in the same run.

The server and the load generator share the machine's cores (2 here): the figures are
what one box does with both on it. Writes ``reports/server.json`` and ``reports/server.md``.

    python bench/bench_server.py [--requests 200] [--fix-requests 12] [--before b99d04f] [--cli-runs 9]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, header, write_report  # noqa: E402

ARTICLES = ROOT / "corpora" / "articles"
CLI_ARTICLE = ARTICLES / "it-bridge-collapse-mt.txt"


def article_800() -> str:
    """An 800-word MT-damaged article: the headline of one sample, the bodies of the
    MT samples in turn until 800 words."""
    paths = sorted(p for p in ARTICLES.iterdir() if "-mt" in p.name)
    head = paths[0].read_text("utf-8").split("\n", 1)[0].lstrip("# ")
    words, paras = 0, []
    while words < 800:
        for p in paths:
            for para in p.read_text("utf-8").split("\n\n")[1:]:
                n = len(para.split())
                if words + n > 800:
                    continue
                paras.append(para.strip())
                words += n
            if words >= 790:
                break
        if words >= 790:
            break
    return head + "\n\n" + "\n\n".join(paras) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, *args: str):
        import httpx

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "auditor", "serve", "--port", str(self.port), "--isolated",
                                      "--no-access-log", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/ready", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
            if self.proc.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        raise SystemExit("the server was not ready in 300 s")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def load(url: str, send, requests: int, concurrency: int) -> dict:
    """``requests`` calls of ``send(client)`` spread over ``concurrency`` threads."""
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            while True:
                with lock:
                    if next(counter, None) is None:
                        return
                t = time.perf_counter()
                status = send(client)
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt)
                    statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
    wall = time.perf_counter() - started
    ok = statuses.get(200, 0)
    return {"concurrency": concurrency, "requests": requests, "statuses": statuses,
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 1), "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 1), "req_per_s": round(ok / wall, 1),
            "seconds": round(wall, 2)}


def cli_wall(tree: Path, runs: int) -> dict:
    """Median wall time of ``python -m auditor check CLI_ARTICLE -q`` with ``tree`` first on
    the import path."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, "-m", "auditor", "check", str(CLI_ARTICLE), "-q"]
    subprocess.run(cmd, env=env, cwd=tree, capture_output=True)  # warm the caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=tree, capture_output=True)
        times.append(time.perf_counter() - t)
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per (endpoint, concurrency) cell")
    parser.add_argument("--fix-requests", type=int, default=12)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--workers", default="1,2", help="server processes (auditor serve --workers) to measure")
    parser.add_argument("--before", default="b99d04f", help="revision for the CLI 'before' time ('' to skip)")
    parser.add_argument("--cli-runs", type=int, default=9)
    parser.add_argument("--no-fix", action="store_true")
    args = parser.parse_args()
    text = article_800()
    words = len(text.split())
    levels = [int(c) for c in args.concurrency.split(",")]
    results: dict = {"header": header(), "article_words": words, "command": " ".join(["python", "bench/bench_server.py", *sys.argv[1:]])}

    cells = []
    body = json.dumps({"text": text}).encode()
    v1 = lambda c: c.post("/v1/check", content=body, headers={"content-type": "application/json"}).status_code  # noqa: E731
    v2 = lambda c: c.post("/v2/check", data={"text": text, "language": "en-US"}).status_code  # noqa: E731
    for workers in [int(w) for w in args.workers.split(",")]:
        server = Server("--no-model", "--max-concurrency", "4", "--max-queue", "64", "--timeout", "60",
                        "--workers", str(workers))
        try:
            for name, send in (("/v1/check", v1), ("/v2/check", v2)):
                load(server.url, send, 20 * workers, 2 * workers)  # warm-up (every worker)
                for c in levels:
                    cell = {"endpoint": name, "workers": workers, **load(server.url, send, args.requests, c)}
                    print(json.dumps(cell), flush=True)
                    cells.append(cell)
        finally:
            server.stop()
    results["check"] = cells

    if not args.no_fix:
        fix_cells = []
        server = Server("--max-concurrency", "4", "--max-queue", "64", "--timeout", "600")
        try:
            body = json.dumps({"text": text, "unsafe": True}).encode()
            fx = lambda c: c.post("/v1/fix", content=body, headers={"content-type": "application/json"}).status_code  # noqa: E731
            load(server.url, fx, 2, 1)
            for c in (1, 4):
                cell = {"endpoint": "/v1/fix (model)", "workers": 1, **load(server.url, fx, args.fix_requests, c)}
                print(json.dumps(cell), flush=True)
                fix_cells.append(cell)
        finally:
            server.stop()
        results["fix"] = fix_cells

    cli = {"after": {"rev": results["header"]["commit"], **cli_wall(ROOT, args.cli_runs)}}
    if args.before:
        tmp = Path(tempfile.mkdtemp(prefix="auditor-before-"))
        try:
            subprocess.run(["git", "worktree", "add", "--detach", str(tmp / "tree"), args.before], cwd=ROOT,
                           check=True, capture_output=True)
            cli["before"] = {"rev": args.before, **cli_wall(tmp / "tree", args.cli_runs)}
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tmp / "tree")], cwd=ROOT, capture_output=True)
            shutil.rmtree(tmp, ignore_errors=True)
    results["cli"] = cli
    print(json.dumps(cli), flush=True)
    load_avg = os.getloadavg() if hasattr(os, "getloadavg") else None
    results["load_average_at_end"] = load_avg
    write_report("server", results, render(results))


def render(r: dict) -> str:
    lines = ["# Server latency and throughput, one-article CLI time", "", "{header}",
             f"Command: `{r['command']}`. Article: {r['article_words']} words (MT samples of corpora/articles), "
             "rules only for the checks; loopback; the load generator (httpx, one thread per concurrent client) "
             f"shares the machine's cores with the server. Load average at the end: {r.get('load_average_at_end')}.", "",
             "| endpoint | workers | concurrency | requests | p50 ms | p95 ms | p99 ms | requests/s | statuses |",
             "|---|---|---|---|---|---|---|---|---|"]
    for c in r.get("check", []) + r.get("fix", []):
        lines.append(f"| `{c['endpoint']}` | {c.get('workers', 1)} | {c['concurrency']} | {c['requests']} | {c['p50_ms']} | "
                     f"{c['p95_ms']} | {c['p99_ms']} | {c['req_per_s']} | {c['statuses']} |")
    cli = r.get("cli", {})
    lines += ["", "One-article CLI (`python -m auditor check corpora/articles/it-bridge-collapse-mt.txt -q`, warm caches, "
              "median of runs):", "", "| tree | median s | min s | runs |", "|---|---|---|---|"]
    for key in ("before", "after"):
        if key in cli:
            c = cli[key]
            lines.append(f"| {key} ({c['rev']}) | {c['median_s']} | {c['min_s']} | {c['runs']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
