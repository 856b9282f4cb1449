"""Instructions per article of the rules and triage, counted by valgrind (cachegrind): a
measure of the work that the VM's speed swings (±30 % minute to minute on this machine)
do not move, for comparing two versions of the code.

It audits the first N articles of the throughput benchmark's generated dump (WMT22
references with injected artifacts, `throughput.build_dump`) in one process, for two
values of N; the difference divided by the difference in articles leaves out start-up and
the first articles' cold caches. Needs ``valgrind`` (Debian package) and the shared data.
Nothing is written to reports/: the number is for A/B comparisons, run at each version:

    python bench/instructions.py [--first 50] [--last 250]

To compare with an older version: ``git worktree add /tmp/base <commit>`` and
``python bench/instructions.py --tree /tmp/base`` (its own auditor package, these data).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT  # noqa: E402
from throughput import build_dump  # noqa: E402

AUDIT = """
import json, sys
from auditor.api import Auditor
from auditor.document import Article
aud = Auditor(isolated=True)
with open(sys.argv[1], encoding="utf-8") as f:
    for _, line in zip(range(int(sys.argv[2])), f):
        d = json.loads(line)
        aud.engine.audit(Article(id=d["id"], text=d["text"]))
"""


def instructions(tree: Path, dump: Path, articles: int) -> int:
    """Instructions of one process auditing the first ``articles`` of ``dump`` with the
    package in ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    proc = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", AUDIT, str(dump), str(articles)],
        cwd=tree, env=env, capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if not found:
        raise SystemExit(f"no instruction count in valgrind's output:\n{proc.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--first", type=int, default=50)
    parser.add_argument("--last", type=int, default=250)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose auditor is measured")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install -y valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.jsonl"
        build_dump(dump, args.last)
        low = instructions(args.tree, dump, args.first)
        high = instructions(args.tree, dump, args.last)
    per = (high - low) / (args.last - args.first)
    print(f"{args.tree}: {low:,} instructions for {args.first} articles, {high:,} for {args.last}: "
          f"{per / 1e6:.2f} M per article (articles {args.first}-{args.last})")


if __name__ == "__main__":
    main()
