"""Calibrate SRC008 (low similarity) on real WMT22 pairs: the distribution of the
embedding cosine of aligned sentence pairs in good translations.

The calibration half is the even-numbered segments (the false-alarm benchmark,
``bench/source_wmt22.py``, reports every segment; compare its odd half to see the
threshold hold on pairs it was not set on). For each pair the references and the two
strongest systems by chrF are pooled; the 1st, 2nd and 5th percentiles of their bead
similarities are written to reports/source-calibration.{md,json}.

    python bench/source_calibrate.py [--pairs de,cs,...] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import header, read_lines, require_data, write_report  # noqa: E402
from source_demetr import percentile  # noqa: E402
from source_wmt22 import PAIRS, pick, strongest_systems  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", default=",".join(PAIRS))
    parser.add_argument("--limit", type=int, default=0, help="even-numbered segments per pair (0: all)")
    args = parser.parse_args()

    from auditor.document import Article
    from auditor.rules.source import LOW_SIMILARITY, LOW_SIMILARITY_BY_LANG
    from auditor.source import analyse

    folder = require_data("wmt22")
    started = time.perf_counter()
    table = {}
    for lang in args.pairs.split(","):
        src = read_lines(folder / "sources" / f"generaltest2022.{lang}-en.src.{lang}")
        refs = sorted((folder / "references").glob(f"generaltest2022.{lang}-en.ref.*.en"))
        outputs = [read_lines(p) for p in refs]
        outputs += [read_lines(folder / "system-outputs" / f"generaltest2022.{lang}-en.hyp.{name}.en")
                    for name, _ in strongest_systems(folder, lang, outputs[0])]
        even = list(range(0, len(src), 2))
        rows = [even[i] for i in pick(len(even), args.limit)]
        sims: list[float] = []
        lowest: list[float] = []  # per segment: its least similar aligned group
        for hyp in outputs:
            for i in rows:
                if not src[i].strip() or not hyp[i].strip():
                    continue
                # every pair embedded (the rules embed only the pairs cheap evidence leaves open)
                analysis = analyse(Article(text=hyp[i], source_text=src[i], source_lang=lang), gate=False)
                seg = [b.similarity for b in analysis.beads if b.similarity is not None]
                sims.extend(seg)
                if seg:
                    lowest.append(min(seg))
        table[lang] = {"n": len(sims), "p01": round(percentile(sims, 0.01), 4), "p02": round(percentile(sims, 0.02), 4),
                       "p05": round(percentile(sims, 0.05), 4), "median": round(percentile(sims, 0.5), 4),
                       "segments": len(lowest), "segment_p02": round(percentile(lowest, 0.02), 4),
                       "current": LOW_SIMILARITY_BY_LANG.get(lang, LOW_SIMILARITY)}
        print(lang, table[lang], flush=True)
    seconds = time.perf_counter() - started
    lines = ["| pair | bead pairs | 1st pct | 2nd pct | 5th pct | median | segments | 2nd pct of segment minima | current threshold |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {lang}-en | {r['n']} | {r['p01']} | {r['p02']} | {r['p05']} | {r['median']} | {r['segments']} | "
              f"{r['segment_p02']} | {r['current']} |" for lang, r in table.items()]
    cmd = f"python bench/source_calibrate.py --pairs {args.pairs}" + (f" --limit {args.limit}" if args.limit else "")
    md = ("# SRC008 calibration on real WMT22 pairs\n\n{header}"
          f"Command: `{cmd}`. Cosine of aligned sentence groups (multilingual-e5-small, 4-bit) in good translations "
          "(references and the two strongest systems by chrF), even-numbered segments only. A segment (often a "
          "paragraph) is flagged by SRC008 when its least similar group falls below the threshold: the 2nd "
          "percentile of segment minima is the threshold at which 2% of good segments would be flagged.\n\n" + "\n".join(lines)
          + f"\n\nRun time {seconds:.0f} s.\n")
    write_report("source-calibration", {"header": header(), "limit": args.limit, "table": table, "seconds": round(seconds, 1)}, md)


if __name__ == "__main__":
    main()
