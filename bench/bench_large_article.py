"""Time every rule on one very large article (issue 11: a 1 MB text took 15 s in UNT001,
20 MB over 5 minutes): 100 KB, 1 MB and 10 MB, in two shapes, per rule, in CPU seconds.

The article is built from the sample corpus (``corpora/articles``) so it needs no
``../shared`` data: its paragraphs repeated in a seeded random order, each followed by a
sentence with a sentence-initial foreign word, a name and a pronoun, a quotation and a
token seen once (the cases that were quadratic). ``paragraphs`` keeps the blank lines;
``one-line`` joins everything into a single line (one paragraph). The rules run on the
article directly (`Engine.check`), past the readers' ``max_article_chars`` limit of
1,000,000 characters, which is what a user's article is held to.

    python bench/bench_large_article.py [--sizes 100000 1000000 10000000] [--shapes paragraphs one-line]

CPU time (``time.process_time``) is reported, so the figures hold on a shared machine;
``linear`` is the 10 MB time over ten times the 1 MB time (1.0 = exactly linear).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, header, write_report  # noqa: E402

EXTRA = [
    "Governo Word{i}x said the plan was ready.",
    "The sindaco of the town met Maria Rossi{i} today. She said “the Stadt leaders agreed” and he added more.",
    "Lula e Alckmin met again, said John Smith{i}.",
    "The attackbecause failed , the two Villages signed it.",
    "Reproduction reserved © Copyright ANSA",
]


def build(chars: int, shape: str, seed: int = 7) -> str:
    rnd = random.Random(seed)
    paragraphs = []
    for path in sorted((ROOT / "corpora" / "articles").glob("*")):
        paragraphs += [p.strip() for p in path.read_text("utf-8").split("\n\n") if p.strip()]
    blocks, size, i = ["Council approves budget with record spending"], 0, 0
    while size < chars:
        block = f"{rnd.choice(paragraphs)} {rnd.choice(EXTRA).format(i=i)}"
        blocks.append(block)
        size += len(block) + 2
        i += 1
    return (" " if shape == "one-line" else "\n\n").join(blocks) + "\n"


def time_rules(engine, text: str) -> dict[str, float]:
    from auditor.document import Article

    article = Article(text=text, id="large", path="large.txt")
    started = time.process_time()
    article.sentences  # noqa: B018 - split once, as the engine's first rule would
    times = {"(split)": time.process_time() - started}
    for rule in engine.rules:
        started = time.process_time()
        list(rule.check(article, engine.context))
        times[rule.code] = time.process_time() - started
    fresh = Article(text=text, id="large", path="large.txt")  # no analysis cached on it
    started = time.process_time()
    engine.check(fresh)  # everything again, suppressions and sorting included
    times["(engine.check)"] = time.process_time() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--shapes", nargs="+", default=["paragraphs", "one-line"])
    args = parser.parse_args()

    from auditor.rules.engine import Engine

    engine = Engine()
    engine.warm_up()
    time_rules(engine, build(20_000, "paragraphs"))  # lazy tables loaded outside the timings
    results = {}
    for shape in args.shapes:
        for size in args.sizes:
            text = build(size, shape)
            times = time_rules(engine, text)
            results[f"{shape}/{size}"] = {"shape": shape, "chars": len(text), "words": len(text.split()),
                                          "rules_cpu_s": round(sum(v for k, v in times.items() if not k.startswith("(")), 2),
                                          "engine_check_cpu_s": round(times["(engine.check)"], 2),
                                          "per_rule_cpu_s": {k: round(v, 3) for k, v in times.items()}}
            print(f"{shape:10} {len(text):>11,} chars: rules {results[f'{shape}/{size}']['rules_cpu_s']:7.2f} s, "
                  f"engine.check {times['(engine.check)']:7.2f} s", flush=True)

    rows, slowest = [], []
    for shape in args.shapes:
        sizes = sorted(args.sizes)
        for size in sizes:
            r = results[f"{shape}/{size}"]
            rows.append(f"| {shape} | {r['chars']:,} | {r['words']:,} | {r['rules_cpu_s']:.2f} | {r['engine_check_cpu_s']:.2f} |")
        if len(sizes) >= 2:
            big, small = results[f"{shape}/{sizes[-1]}"], results[f"{shape}/{sizes[-2]}"]
            factor = sizes[-1] / sizes[-2]
            ratio = big["engine_check_cpu_s"] / max(factor * small["engine_check_cpu_s"], 1e-9)
            worst = sorted(((v / max(factor * small["per_rule_cpu_s"].get(k, 0.0), 0.01), k, v)
                            for k, v in big["per_rule_cpu_s"].items() if v > 0.2), reverse=True)[:5]
            slowest.append(f"| {shape} | {ratio:.2f} | " + ", ".join(f"{k} {v:.2f} s (x{r:.1f})" for r, k, v in worst) + " |")
    command = "python bench/bench_large_article.py " + " ".join(sys.argv[1:])
    data = {"header": header(), "command": command.strip(), "results": results}
    markdown = ("# One very large article\n\n{header}"
                f"Command: `{command.strip()}`. CPU seconds (`time.process_time`) of every rule on one "
                "article built from `corpora/articles` (see the script's docstring), loaded tables "
                "excluded. Readers refuse articles over 1,000,000 characters (`ReadOptions.max_article_chars`); "
                "the rules run here on the text directly.\n\n"
                "| shape | characters | words | all rules (s) | engine.check (s) |\n| --- | ---: | ---: | ---: | ---: |\n"
                + "\n".join(rows) + "\n\n"
                "Linearity from the two largest sizes (1.00 = linear; engine.check), and the rules "
                "taking the most time at the largest size with their own ratio:\n\n"
                "| shape | linear | slowest rules at the largest size |\n| --- | ---: | --- |\n" + "\n".join(slowest) + "\n")
    write_report("large-article", data, markdown)


if __name__ == "__main__":
    main()
