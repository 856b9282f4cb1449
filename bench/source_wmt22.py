"""Source-aware checks (SRC rules) on real WMT22 pairs into English: false alarms on good
translations, per pair and per rule.

For each pair (cs, de, ja, ru, uk, zh -> en) the good translations are the references and
the two strongest submitted systems by chrF against reference A. A segment (one line: often
a paragraph of several sentences) counts as a false alarm when any SRC rule reports a
finding at warning or above. Target (issue 13): at most 0.05 per pair.

    python bench/source_wmt22.py [--pairs de,cs,...] [--limit N] [--no-embeddings] [--name source-wmt22]

``--limit N`` takes every k-th segment so that N segments spread over the whole test set
(documents of every domain), the same segments for every system.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import header, require_data, write_report  # noqa: E402

PAIRS = ("de", "cs", "ru", "uk", "zh", "ja")
TARGET = 0.05


def read_lines(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n")[:-1] if path.read_text("utf-8").endswith("\n") else path.read_text("utf-8").split("\n")


def strongest_systems(folder: Path, lang: str, ref: list[str], n: int = 2) -> list[tuple[str, float]]:
    """The ``n`` systems with the highest corpus chrF against reference A."""
    import sacrebleu

    scores = []
    for path in sorted((folder / "system-outputs").glob(f"generaltest2022.{lang}-en.hyp.*.en")):
        hyp = read_lines(path)
        if len(hyp) != len(ref):
            continue
        scores.append((path.name.split(".hyp.")[1][:-3], sacrebleu.corpus_chrf(hyp, [ref]).score))
    return sorted(scores, key=lambda s: -s[1])[:n]


def pick(n_total: int, limit: int) -> list[int]:
    if not limit or limit >= n_total:
        return list(range(n_total))
    step = n_total / limit
    return [int(i * step) for i in range(limit)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", default=",".join(PAIRS))
    parser.add_argument("--limit", type=int, default=0, help="segments per pair, spread evenly (0: all)")
    parser.add_argument("--no-embeddings", action="store_true", help="length-based alignment, SRC008 off")
    parser.add_argument("--name", default="source-wmt22")
    parser.add_argument("--show", type=int, default=0, help="print this many flagged segments per rule")
    args = parser.parse_args()
    if args.no_embeddings:
        os.environ["AUDITOR_EMBEDDINGS"] = "off"

    from auditor.config import Settings
    from auditor.document import Article
    from auditor.findings import Severity
    from auditor.rules.engine import Engine

    folder = require_data("wmt22")
    settings = Settings()
    settings.select = ["SRC"]
    engine = Engine(settings)
    results: dict[str, dict] = {}
    shown: Counter = Counter()
    started = time.perf_counter()
    n_pairs_checked = 0
    for lang in args.pairs.split(","):
        src = read_lines(folder / "sources" / f"generaltest2022.{lang}-en.src.{lang}")
        refs = sorted((folder / "references").glob(f"generaltest2022.{lang}-en.ref.*.en"))
        ref_a = read_lines(refs[0])
        outputs = {f"ref-{p.name.split('.ref.')[1][0]}": read_lines(p) for p in refs}
        systems = strongest_systems(folder, lang, ref_a)
        for name, _chrf in systems:
            outputs[name] = read_lines(folder / "system-outputs" / f"generaltest2022.{lang}-en.hyp.{name}.en")
        rows = pick(len(src), args.limit)
        per_output = {}
        for name, hyp in outputs.items():
            flagged = 0
            codes: Counter = Counter()
            for i in rows:
                if not src[i].strip() or not hyp[i].strip():
                    continue
                findings, errors = engine.check(Article(text=hyp[i], source_text=src[i], source_lang=lang))
                n_pairs_checked += 1
                bad = [f for f in findings if f.severity.rank >= Severity.WARNING.rank]
                if bad:
                    flagged += 1
                    codes.update({f.code for f in bad})
                    for f in bad:
                        if shown[lang, f.code] < args.show:
                            shown[lang, f.code] += 1
                            print(f"--- {lang} {name} #{i} {f.code}: {f.message}\n  SRC: {src[i][:400]}\n  MT:  {hyp[i][:400]}")
            per_output[name] = {"flagged": round(flagged / len(rows), 3), "n": len(rows), "codes": dict(codes.most_common())}
            print(f"{lang} {name}: {flagged}/{len(rows)} flagged {dict(codes.most_common())}", flush=True)
        results[lang] = {"systems": [{"name": n, "chrf": round(c, 1)} for n, c in systems], "outputs": per_output}
    seconds = time.perf_counter() - started
    data = {"header": header(), "embeddings": not args.no_embeddings, "limit": args.limit, "results": results,
            "seconds": round(seconds, 1), "pairs_per_s": round(n_pairs_checked / seconds, 1)}
    lines = ["| pair | output | share flagged (warning+) | n | codes |", "|---|---|---:|---:|---|"]
    for lang, r in results.items():
        for name, o in r["outputs"].items():
            mark = "" if o["flagged"] <= TARGET else " (over target)"
            lines.append(f"| {lang}-en | {name} | {o['flagged']:.3f}{mark} | {o['n']} | "
                         + ", ".join(f"{k} {v}" for k, v in o["codes"].items()) + " |")
    cmd = f"python bench/source_wmt22.py --pairs {args.pairs}" + (f" --limit {args.limit}" if args.limit else "") + (
        " --no-embeddings" if args.no_embeddings else "")
    md = ("# SRC rules on real WMT22 pairs: false alarms on good translations\n\n{header}"
          f"Command: `{cmd}`. A segment is flagged when an SRC rule reports a finding at warning or above; "
          f"the good translations are the references and the two strongest systems by chrF against reference A. "
          f"Target: at most {TARGET} per pair.\n\n" + "\n".join(lines) + "\n\n"
          f"{n_pairs_checked} segment pairs in {seconds:.0f} s ({data['pairs_per_s']} pairs/s).\n")
    write_report(args.name, data, md)


if __name__ == "__main__":
    main()
