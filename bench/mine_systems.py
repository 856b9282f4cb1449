#!/usr/bin/env python
"""Mine WMT22 system outputs for phrases that many MT systems produce and no human
translator uses: candidate calques of German and Czech.

    python bench/mine_systems.py [--pairs de-en cs-en] [--min-systems 4] [--report]

For each source segment, every 2-4-gram (lower-cased tokens) of every system output is
counted once per system; a candidate is an n-gram that at least ``--min-systems`` systems
produce (summed over segments) while neither reference of the *whole* test set contains
it anywhere and original English (WMT22 en-de source, MLQE-PE en-de/en-zh train sources)
holds it at most ``--max-english`` times. Segments of the real-MT dev set's held-out
blocks (``bench/realmt.py``: the WMT22 blocks with ``split = heldout``) are left out of
the mining, so the held-out evaluation stays unseen. Output: a TSV of short phrases
(``/tmp/mining-systems.tsv``: not committed, it quotes system output) and, with ``--report``, ``reports/mining.md`` with the
top of this list and of ``bench/mine_postedits.py``'s list.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from _common import DATA  # noqa: E402
from mine_postedits import english_ngrams, tokens  # noqa: E402
import realmt  # noqa: E402

_STOP = frozenset("the a an of to in and or is are was were be for on at by with as that this it its".split())


def heldout_lines(pair: str) -> set[int]:
    """0-based line numbers of the WMT22 segments in the real-MT held-out blocks."""
    source = f"wmt22-{pair}"
    out: set[int] = set()
    for row in realmt.load_annotations():
        if row["source"] == source and row["split"] == "heldout":
            block = int(row["doc"].rsplit(":b", 1)[1])
            out.update(range(block * realmt.BLOCK, (block + 1) * realmt.BLOCK))
    return out


def ngrams(toks: list[str], lo: int = 2, hi: int = 4) -> set[str]:
    grams = set()
    for n in range(lo, hi + 1):
        for i in range(len(toks) - n + 1):
            g = toks[i:i + n]
            if not any(re.search(r"[a-z]", t) for t in g) or g[0] in _STOP and g[-1] in _STOP:
                continue
            if all(t in _STOP for t in g):
                continue
            grams.add(" ".join(g))
    return grams


def mine(pair: str, min_systems: int, max_english: int, english: Counter, min_segments: int = 3) -> list[tuple]:
    folder = DATA / "wmt22"
    refs = sorted((folder / "references").glob(f"generaltest2022.{pair}.ref.*.en"))
    systems = sorted((folder / "system-outputs").glob(f"generaltest2022.{pair}.hyp.*.en"))
    skip = heldout_lines(pair)
    ref_grams: set[str] = set()
    for ref in refs:
        for line in ref.read_text("utf-8").splitlines():
            ref_grams |= ngrams(tokens(line))
    by_gram: Counter = Counter()       # (system, segment) pairs producing it
    systems_of: dict[str, set] = defaultdict(set)
    segments_of: dict[str, set] = defaultdict(set)
    example: dict[str, str] = {}
    for sysf in systems:
        name = sysf.name.split(".hyp.")[1][:-3]
        for k, line in enumerate(sysf.read_text("utf-8").splitlines()):
            if k in skip:
                continue
            for g in ngrams(tokens(line)):
                if g in ref_grams or english.get(g, 0) > max_english:
                    continue
                by_gram[g] += 1
                systems_of[g].add(name)
                segments_of[g].add(k)
                example.setdefault(g, line[:160])
    rows = []
    for g, c in by_gram.items():
        # a recurring phrase: several systems, several source segments (not one sentence
        # that every system happens to render the same way)
        if len(systems_of[g]) >= min_systems and len(segments_of[g]) >= min_segments:
            rows.append((pair, len(systems_of[g]), len(segments_of[g]), english.get(g, 0), g, example[g]))
    rows.sort(key=lambda r: (-r[2], -r[1]))
    return rows


def report(sys_rows: list[tuple], pe_path: Path, out: Path, top: int = 40) -> None:
    lines = ["# Mining real translations for calques", "",
             "Candidate lists behind the mined pack entries (issue 12, section 2). Short phrases only; the full lists (not committed: they quote the data) "
             "are written to `/tmp/mining-systems.tsv` and `/tmp/mining-postedits.tsv`.", "",
             "Commands: `python bench/mine_postedits.py` (MLQE-PE train MT vs post-edit, difflib token alignment) and "
             "`python bench/mine_systems.py --report` (WMT22 de-en, cs-en: n-grams many systems produce, no reference "
             "uses, original English (nearly) never has; the real-MT held-out blocks are left out).", "",
             "Most candidates are names, spellings (British vs American) or one-off mistranslations; the ones that "
             "generalise became pack entries with a `provenance` line (`auditor/packs/<lang>/calques.toml`).", "",
             "Yield, honestly: the MLQE-PE post-edits are Wikipedia, so most recurring edits are names, "
             "British/American spelling and source word forms left through (*otoman*, *bizantin*, *nazist*, "
             "*Constantinopoly*, *Hr.* for BC, *hunting aircraft* for fighters, Estonian *people's union* for the "
             "League of Nations); 16 entries of the ro and et packs come from them. The WMT22 list is dominated by "
             "phrases of single stories (the original-English sample is small, 2,037 segments plus Wikipedia), and "
             "gave a handful of leads (*representative office* for a municipal council, *percent of voters ... "
             "their voice*, *man from the ... lighter injuries*) that became cs entries written from knowledge. "
             "Most of the new entries are translator knowledge, each tested on clean English with "
             "`python bench/mine_cleancheck.py`.", ""]
    for pair in sorted({r[0] for r in sys_rows}):
        lines += [f"## WMT22 {pair}: produced by many systems, in no reference", "",
                  "| systems | source segments | original English | phrase |", "| ---: | ---: | ---: | --- |"]
        for r in [r for r in sys_rows if r[0] == pair][:top]:
            lines.append(f"| {r[1]} | {r[2]} | {r[3]} | {r[4]} |")
        lines.append("")
    if pe_path.exists():
        rows = [l.split("\t") for l in pe_path.read_text("utf-8").splitlines()[1:]]
        for lang in sorted({r[0] for r in rows}):
            lines += [f"## MLQE-PE {lang}-en: MT phrase -> post-edit", "",
                      "| count | original English | MT | post-edit |", "| ---: | ---: | --- | --- |"]
            for r in [r for r in rows if r[0] == lang and int(r[2]) <= 2][:top]:
                lines.append(f"| {r[1]} | {r[2]} | {r[3]} | {r[4] or '(deleted)'} |")
            lines.append("")
    out.write_text("\n".join(lines), "utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", nargs="+", default=["de-en", "cs-en"])
    ap.add_argument("--min-systems", type=int, default=4)
    ap.add_argument("--max-english", type=int, default=0)
    ap.add_argument("--min-segments", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path("/tmp/mining-systems.tsv"))
    ap.add_argument("--report", action="store_true", help="also write reports/mining.md")
    args = ap.parse_args(argv)
    if not (DATA / "wmt22").is_dir():
        print(f"skipped: {DATA}/wmt22 is absent")
        return 0
    english = english_ngrams()
    rows = []
    for pair in args.pairs:
        rows += mine(pair, args.min_systems, args.max_english, english, args.min_segments)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("pair\tsystems\tsegments\tenglish_count\tphrase\texample\n")
        for r in rows:
            fh.write("\t".join(str(x) for x in r[:5]) + "\t" + r[5].replace("\t", " ") + "\n")
    print(f"{len(rows)} candidates -> {args.out}")
    if args.report:
        report(rows, args.out.parent / "mining-postedits.tsv", ROOT / "reports" / "mining.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
