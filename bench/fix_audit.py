#!/usr/bin/env python
"""Every edit `auditor fix` applies by default, on real text, listed for a person to read.

    python bench/fix_audit.py [--sample 8] [--limit 0]

`fix` must never lose or damage text: every edit it applies without ``--unsafe-fixes``
must be one an editor would accept without looking. No metric measures that; this script
makes the reading cheap. It runs the real command (``auditor fix --no-model --format
json``, rule fixes only, the defaults) over two sets, in blocks of ten consecutive lines
as articles:

* **clean**: every WMT22 reference translation into English and the WMT22 original-English
  source (``generaltest2022.en-de.src.en``): professional text, where a default edit is
  most likely a damage;
* **mt**: every WMT22 system output into English (the artifacts are the point here, but
  an edit may still damage the text around them).

It writes ``reports/fix-audit.md`` (and ``.json``): the applied edits per rule and set,
and for each rule a sample of edits in context (``⟦before→after⟧``), drawn with a fixed
seed, to be read and judged. Runs in about two minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from _common import header, require_data, write_report  # noqa: E402

BLOCK = 10
CONTEXT = 45


def blocks(files: list[Path], limit: int) -> list[dict[str, str]]:
    """Articles of ``BLOCK`` consecutive non-empty lines of each file."""
    out = []
    for path in files:
        lines = path.read_text("utf-8").splitlines()
        for i in range(0, len(lines), BLOCK):
            block = [line for line in lines[i:i + BLOCK] if line.strip()]
            if block:
                out.append({"id": f"{path.name}:{i + 1}", "text": "\n".join(block)})
            if limit and len(out) >= limit:
                return out
    return out


def applied_edits(articles: list[dict[str, str]]) -> list[dict]:
    """The edits `auditor fix` applies by default to ``articles``, each with its context."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        run = subprocess.run([sys.executable, "-m", "auditor", "fix", str(source), "--no-model", "--format", "json",
                              "--quiet", "--jobs", "2"], capture_output=True, text=True, cwd=ROOT)
    if run.returncode not in (0, 1):
        raise SystemExit(f"auditor fix failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    texts = {a["id"]: a["text"] for a in articles}
    edits = []
    for report in json.loads(run.stdout)["articles"]:
        text = texts[report["id"]]
        for edit in report["edits"]:
            if edit["status"] != "applied":
                continue
            start, end = edit["start"], edit["end"]
            context = (text[max(0, start - CONTEXT):start] + "⟦" + text[start:end] + "→" + edit["content"] + "⟧"
                       + text[end:end + CONTEXT]).replace("\n", "⏎")
            edits.append({"article": report["id"], "rule": edit["origin"], "context": context})
    return edits


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=8, help="edits shown per rule and set (default 8)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many articles per set (default all)")
    args = ap.parse_args(argv)
    wmt = require_data("wmt22")
    sets = {
        "clean": sorted((wmt / "references").glob("*-en.ref.*.en")) + [wmt / "sources" / "generaltest2022.en-de.src.en"],
        "mt": sorted((wmt / "system-outputs").glob("*-en.hyp.*.en")),
    }
    rng = random.Random(12)
    result: dict = {"header": None, "sets": {}}
    lines = ["# Default fixes on real text (`auditor fix`, rule fixes only)", "", "{header}",
             f"Command: `python bench/fix_audit.py --sample {args.sample}`. Articles: blocks of {BLOCK} consecutive "
             "lines. An edit applied here without `--unsafe-fixes` must be one an editor accepts without looking; "
             "the samples below are for reading. Context: `⟦before→after⟧`, `⏎` a line break.", ""]
    for name, files in sets.items():
        articles = blocks(files, args.limit)
        edits = applied_edits(articles)
        words = sum(len(a["text"].split()) for a in articles)
        by_rule = Counter(e["rule"] for e in edits)
        samples: dict[str, list[dict]] = defaultdict(list)
        for rule in by_rule:
            mine = [e for e in edits if e["rule"] == rule]
            samples[rule] = rng.sample(mine, min(args.sample, len(mine)))
        result["sets"][name] = {"articles": len(articles), "words": words, "edits": len(edits),
                                "by_rule": dict(by_rule.most_common()), "samples": samples}
        lines += [f"## {name}: {len(articles):,} articles, {words:,} words, {len(edits):,} edits applied by default", "",
                  "| rule | edits | per 1,000 words |", "| --- | ---: | ---: |"]
        lines += [f"| {rule} | {n} | {1000 * n / words:.2f} |" for rule, n in by_rule.most_common()]
        lines.append("")
        for rule, _ in by_rule.most_common():
            lines.append(f"**{rule}** ({name})")
            lines.append("")
            lines += [f"- `{e['article']}`: {e['context']}" for e in samples[rule]]
            lines.append("")
    result["header"] = header()
    write_report("fix-audit", result, "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
