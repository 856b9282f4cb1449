#!/usr/bin/env python
"""Run every calque pack entry over clean English and list the entries that fire.

    python bench/mine_cleancheck.py [--lang cs] [--show 3]

Clean English: the WMT22 original-English source (``generaltest2022.en-de.src.en``), the
MLQE-PE en-de and en-zh train and dev sources (original English Wikipedia) and every WMT22
reference translation into English (professional human translation). An entry that fires
here more than rarely is tightened with an ``unless`` or dropped (issue 12: every entry must
keep original English clean). Prints ``entry-id  count  example sentence`` per firing entry.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from _common import DATA  # noqa: E402
from mine_postedits import tar_lines  # noqa: E402
from realmt import detokenize  # noqa: E402


def clean_lines() -> dict[str, list[str]]:
    sets = {"original-en": (DATA / "wmt22/sources/generaltest2022.en-de.src.en").read_text("utf-8").splitlines()}
    wiki = []
    for lp in ("en-de", "en-zh"):
        for split in ("train", "dev"):
            wiki += [detokenize(x) for x in tar_lines(DATA / f"mlqe-pe/{lp}-{split}.tar.gz", f"{lp}-{split}/{split}.src") if x]
    sets["wikipedia-en"] = wiki
    sets["wmt22-refs"] = [line for ref in sorted((DATA / "wmt22/references").glob("*.en"))
                          for line in ref.read_text("utf-8").splitlines()]
    return sets


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", nargs="*", help="only these packs")
    ap.add_argument("--show", type=int, default=2)
    args = ap.parse_args(argv)
    if not (DATA / "wmt22").is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    from auditor.rules.calque import PackMatcher, load_entries

    entries = [e for e in load_entries() if not args.lang or e.lang in args.lang]
    matcher = PackMatcher(entries)
    fired: dict[str, list[tuple[str, str]]] = defaultdict(list)
    total = 0
    for name, lines in clean_lines().items():
        total += len(lines)
        for line in lines:
            for hit in matcher.match(line):
                for e in hit.entries:
                    fired[e.id].append((name, line))
    for ident, hits in sorted(fired.items(), key=lambda kv: -len(kv[1])):
        print(f"{ident}\t{len(hits)}")
        for name, line in hits[: args.show]:
            print(f"    [{name}] {line[:200]}")
    print(f"{len(fired)} of {len(entries)} entries fire on {total} clean lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
