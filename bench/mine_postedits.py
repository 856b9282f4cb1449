#!/usr/bin/env python
"""Mine MLQE-PE post-edits for candidate calques: recurring MT phrase -> post-edit phrase
substitutions, per source language.

    python bench/mine_postedits.py [--langs ro et ru] [--min-count 3] [--out /tmp/mining-postedits.tsv]

Reads the *train* files only (``<lp>-train.tar.gz``: ``train.mt`` and ``train.pe``; the
real-MT dev set points into the *dev* files, so nothing here touches its held-out half).
Each MT/PE pair is detokenised and aligned token by token (``difflib`` on lower-cased
tokens: a TER-like alignment without shifts); a ``replace`` block of 1-4 MT tokens
against 0-4 PE tokens is one substitution, kept with one token of MT context on each
side. Candidates are ranked by count and by how rarely the MT phrase occurs in original
English (MLQE-PE en-de/en-zh train sources, WMT22 en-de source): a phrase that post-
editors replace again and again and that English writers never use is a translation
artifact. Output: a TSV (default /tmp, not committed) (lang, count, English count, MT phrase, PE
phrase, example context), and the top of each list in ``reports/mining.md`` (written by
``bench/mine_systems.py --report``, which merges both lists).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from _common import DATA  # noqa: E402
from realmt import detokenize  # noqa: E402

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def tar_lines(path: Path, member: str) -> list[str]:
    with tarfile.open(path) as tar:
        handle = tar.extractfile(member)
        assert handle is not None
        return handle.read().decode("utf-8").split("\n")


def tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text)]


def english_ngrams(max_n: int = 4) -> Counter:
    """Counts of 1-4-grams in original English (never translated)."""
    counts: Counter = Counter()
    lines = list((DATA / "wmt22/sources/generaltest2022.en-de.src.en").read_text("utf-8").splitlines())
    for lp in ("en-de", "en-zh"):
        lines += [detokenize(x) for x in tar_lines(DATA / f"mlqe-pe/{lp}-train.tar.gz", f"{lp}-train/train.src")]
    for line in lines:
        toks = tokens(line)
        for n in range(1, max_n + 1):
            for i in range(len(toks) - n + 1):
                counts[" ".join(toks[i:i + n])] += 1
    return counts


def substitutions(mt: list[str], pe: list[str], max_len: int = 4):
    sm = difflib.SequenceMatcher(a=mt, b=pe, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "replace" and 1 <= i2 - i1 <= max_len and j2 - j1 <= max_len:
            yield i1, i2, " ".join(mt[i1:i2]), " ".join(pe[j1:j2])
        elif op == "delete" and i2 - i1 <= 2:
            yield i1, i2, " ".join(mt[i1:i2]), ""


def mine(lang: str, min_count: int, english: Counter) -> list[tuple]:
    lp = f"{lang}-en"
    mts = tar_lines(DATA / f"mlqe-pe/{lp}-train.tar.gz", f"{lp}-train/train.mt")
    pes = tar_lines(DATA / f"mlqe-pe/{lp}-train.tar.gz", f"{lp}-train/train.pe")
    pairs: Counter = Counter()
    mt_total: Counter = Counter()
    example: dict = {}
    for mt_line, pe_line in zip(mts, pes):
        mt, pe = tokens(detokenize(mt_line)), tokens(detokenize(pe_line))
        for i1, i2, a, b in substitutions(mt, pe):
            if not re.search(r"[a-z]", a):
                continue  # punctuation and numbers: tokenisation, not calques
            pairs[(a, b)] += 1
            example.setdefault((a, b), " ".join(mt[max(0, i1 - 3):i2 + 3]))
        # how often the MT phrase occurs in MT at all (kept or edited)
    out = []
    for (a, b), c in pairs.items():
        if c < min_count:
            continue
        out.append((lang, c, english.get(a, 0), a, b, example[(a, b)]))
    # rank: post-editors change it often, original English rarely uses it
    out.sort(key=lambda r: (-(r[1] / (1 + r[2])), -r[1]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--langs", nargs="+", default=["ro", "et", "ru"])
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path("/tmp/mining-postedits.tsv"))
    args = ap.parse_args(argv)
    if not (DATA / "mlqe-pe").is_dir():
        print(f"skipped: {DATA}/mlqe-pe is absent")
        return 0
    english = english_ngrams()
    rows = []
    for lang in args.langs:
        rows += mine(lang, args.min_count, english)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("lang\tcount\tenglish_count\tmt\tpe\tcontext\n")
        for r in rows:
            fh.write("\t".join(str(x) for x in r) + "\n")
    print(f"{len(rows)} candidate substitutions -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
