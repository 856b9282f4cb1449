"""What `auditor fix` does to translations: repairs on DEMETR, no harm on WMT22.

1. DEMETR (``../shared/data/demetr``), six perturbations the rules are meant to repair
   (repeated words, tokenised text, lower-cased text, code-mixing): every qualifying
   ``pert_sent`` (``pert_check`` true, differs from ``mt_sent``) is one article; we count
   the share that `auditor.fix.fix_article` restores exactly to ``mt_sent``, the share it
   changes to something else, and corpus chrF of the fixed vs the unfixed sentences
   against ``mt_sent`` (paired bootstrap). Harm: the share of the 1,000 unperturbed
   ``mt_sent`` that fix changes at all.
2. WMT22 (``../shared/data/wmt22``), every de-en and zh-en system output, one segment per
   line and each segment one article: chrF (and TER) of the fixed output vs the raw output
   against references A and B, with sacrebleu's paired bootstrap through
   `auditor.scoring.significance.paired_test` (the code behind ``auditor score
   --baseline``). The gate: no chrF change below -0.1 and no significant loss.
3. MLQE-PE X-en dev (``../shared/data/mlqe-pe/{ro,et,ru,ne,si}-en-dev.tar.gz``): the MT
   and its human post-edit, both detokenised with `auditor.correct.data.detokenize` (the
   correction model's own preprocessing); chrF and TER of the fixed MT vs the raw MT
   against the post-edit, paired bootstrap. The model never trains on ``*-dev``.

Fix levels, each a call of `fix_article` (the library function behind ``auditor fix``):
``safe`` (``auditor fix --no-model``), ``unsafe`` (``--no-model --unsafe-fixes``),
``safe+model`` (``auditor fix``, the default) and ``unsafe+model`` (``--unsafe-fixes``).
The model levels run when ``auditor/models/mtpe-small`` exists and ``--no-model`` is not
given; otherwise the report says "not available". Rules run with default settings
(no configuration file), articles carry no headline and no source text.

    python bench/correction.py [--no-model] [--limit N] [--jobs [N]] [--parts demetr,wmt,mlqe]

Writes reports/correction.json and reports/correction.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import shlex
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, header, read_lines, require_data, write_report  # noqa: E402

sys.path.insert(0, str(ROOT))

DEMETR_FILES = {
    "repeat2": "minor_id1_repeat2.json",
    "repeat4": "minor_id2_repeat4.json",
    "tokenized": "minor_id30_tokenized.json",
    "full_lower": "minor_id31_full_lower.json",
    "first_lower": "minor_id32_first_lower.json",
    "codemix": "critical_id4_codemix.json",
}
#: restored share each perturbation must reach (issue 5)
DEMETR_TARGETS = {"repeat2": 0.7, "repeat4": 0.7, "tokenized": 0.7}
WMT_PAIRS = ("de-en", "zh-en")
MLQE_LANGS = ("ro", "et", "ru", "ne", "si")
#: level -> (unsafe rule fixes, model)
LEVELS: dict[str, tuple[bool, bool]] = {
    "safe": (False, False),
    "unsafe": (True, False),
    "safe+model": (False, True),
    "unsafe+model": (True, True),
}
CHRF_GATE = -0.1
CHUNK = 64
EXAMPLES = 3


# -- pure helpers (tested in tests/test_bench_correction.py) ----------------------------------
def qualifying(items: Iterable[dict[str, Any]], limit: int = 0) -> list[tuple[str, str]]:
    """``(pert_sent, mt_sent)`` of the items whose perturbation was applied: ``pert_check``
    true (absent counts as true) and ``pert_sent`` different from ``mt_sent``."""
    out = []
    for item in items:
        if item.get("pert_check", True) is False or item["pert_sent"] == item["mt_sent"]:
            continue
        out.append((item["pert_sent"], item["mt_sent"]))
        if limit and len(out) >= limit:
            break
    return out


def restoration(perturbed: Sequence[str], fixed: Sequence[str], good: Sequence[str]) -> dict[str, Any]:
    """Counts and shares of fixed sentences equal to the good one (restored), changed to
    something else (wrong), and left as they were (untouched)."""
    n = len(perturbed)
    restored = sum(f == g for f, g in zip(fixed, good))
    untouched = sum(f == p for f, p in zip(fixed, perturbed))
    wrong = n - restored - untouched
    share = (lambda k: round(k / n, 4)) if n else (lambda k: 0.0)
    return {"items": n, "restored": restored, "wrong": wrong, "untouched": untouched,
            "restored_share": share(restored), "wrong_share": share(wrong), "untouched_share": share(untouched)}


def harm_verdict(chrf: dict[str, Any] | None, ter: dict[str, Any] | None, floor: float = CHRF_GATE) -> dict[str, Any]:
    """The "do no harm" verdict of one fixed output. ``passed``: the gate, chrF may not
    drop below ``floor``; ``worse``: the flags, chrF or TER significantly worse (p < 0.05;
    TER: lower is better), reported even when the gate passes."""
    reasons, worse = [], []
    if chrf is not None:
        if chrf["delta"] < floor:
            reasons.append(f"chrF {chrf['delta']:+.2f} < {floor}")
        if chrf["delta"] < 0 and chrf["p_value"] < 0.05:
            worse.append(f"chrF significantly worse (p={chrf['p_value']:.4f})")
    if ter is not None and ter["delta"] > 0 and ter["p_value"] < 0.05:
        worse.append(f"TER significantly worse (p={ter['p_value']:.4f})")
    return {"passed": not reasons, "reasons": reasons, "worse": worse}


def _verdict_cell(v: dict[str, Any]) -> str:
    if not v["passed"]:
        return "GATE FAILED: " + "; ".join(v["reasons"] + v["worse"])
    return "ok" if not v["worse"] else "ok; " + "; ".join(v["worse"])


# -- the fixing workers ------------------------------------------------------------------------
_engine: Any = None
_corrector: Any = None
_model_error = ""


class _CheckOnce:
    """An engine that remembers the findings of the article being fixed, so that the four
    fix levels run the rules once; any other article (the corrector's recheck of a
    corrected sentence) goes to the engine."""

    def __init__(self, engine: Any, article: Any) -> None:
        self.engine, self.article, self.result = engine, article, None

    def check(self, article: Any):
        if article is not self.article:
            return self.engine.check(article)
        if self.result is None:
            self.result = self.engine.check(article)
        return self.result


def _load_model(spec: dict[str, Any] | None) -> tuple[Any, str]:
    if not spec:
        return None, ""
    try:
        from auditor.correct import Corrector
        from auditor.correct.backends import load_backend

        return Corrector(load_backend(spec["path"], backend=spec["backend"], threads=1), beam_size=spec["beam"]), ""
    except Exception as exc:  # a missing or half-written model folder: rules only
        return None, f"{type(exc).__name__}: {exc}"


def _init_worker(model: dict[str, Any] | None) -> None:
    global _engine, _corrector, _model_error
    from auditor.config import Settings
    from auditor.rules.engine import Engine

    _engine = Engine(Settings())
    _corrector, _model_error = _load_model(model)


def _fix_chunk(task: tuple[dict[str, Any], list[str], tuple[str, ...]]) -> list[dict[str, tuple[str, list[str]]]]:
    """For each text, ``{level: (corrected, origins of the applied edits)}`` for the
    levels where fix changed it."""
    from auditor.document import Article
    from auditor.fix import fix_article

    corpus, texts, levels = task
    _engine.context.corpus = corpus
    out = []
    for text in texts:
        article = Article(text=text)
        engine = _CheckOnce(_engine, article)
        changed = {}
        for level in levels:
            unsafe, model = LEVELS[level]
            if model and _corrector is None:
                continue
            result = fix_article(article, engine, _corrector if model else None, unsafe=unsafe)
            if result.corrected != text:
                changed[level] = (result.corrected, [e.origin for e in result.applied])
        out.append(changed)
    return out


def _paired(task: tuple[list[str], list[str], list[list[str]], str, int]) -> dict[str, Any]:
    from auditor.scoring.metrics import MetricOptions
    from auditor.scoring.significance import paired_test

    baseline, system, refs, metric, samples = task
    return paired_test(baseline, system, refs, [metric], MetricOptions(), "bs", samples)[0].to_dict()


def _indexed(task: tuple[Any, int, Any]) -> tuple[int, Any]:
    fn, i, arg = task
    return i, fn(arg)


class Runner:
    """Fixes corpora and runs paired tests, in this process or in a pool of workers."""

    def __init__(self, jobs: int, model: dict[str, Any] | None, levels: tuple[str, ...]) -> None:
        self.levels = levels
        _init_worker(model)  # the main process prepares corpora (and fixes with --jobs 1)
        self.model_error = _model_error
        self.has_model = _corrector is not None
        self.pool = None
        self.origins: dict[str, dict[str, int]] = {}
        if jobs > 1:
            # a loaded model (ctranslate2/torch thread pools) does not survive fork: spawn then
            fork = "fork" in mp.get_all_start_methods() and not self.has_model
            ctx = mp.get_context("fork" if fork else "spawn")
            self.pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(model if self.has_model else None,))

    def map(self, fn, tasks: list, label: str = "") -> list:
        """``[fn(t) for t in tasks]``, in the pool when there is one; with a label, one
        progress line per finished task on stderr."""
        results: list = [None] * len(tasks)
        done = enumerate(map(fn, tasks)) if self.pool is None else self.pool.imap_unordered(_indexed, [(fn, i, t) for i, t in enumerate(tasks)])
        started = time.perf_counter()
        for k, (i, res) in enumerate(done, 1):
            results[i] = res
            if label:
                print(f"{label}: {k}/{len(tasks)} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        return results

    def fix(self, texts: list[str]) -> dict[str, list[str]]:
        """``{level: fixed texts}`` for every level that ran; the corpus pre-pass sees the
        whole list, as ``auditor fix`` sees a whole input. ``self.origins[level]`` counts
        the applied edits of the last call by rule code (or ``model``)."""
        from auditor.document import Article

        _engine.context.corpus = {}
        _engine.prepare(Article(text=t) for t in texts)
        corpus = _engine.context.corpus
        tasks = [(corpus, texts[i:i + CHUNK], self.levels) for i in range(0, len(texts), CHUNK)]
        changed = [c for part in self.map(_fix_chunk, tasks) for c in part]
        ran = [lv for lv in self.levels if self.has_model or not LEVELS[lv][1]]
        self.origins = {lv: dict(Counter(o for c in changed if lv in c for o in c[lv][1]).most_common()) for lv in ran}
        return {lv: [c[lv][0] if lv in c else t for c, t in zip(changed, texts)] for lv in ran}

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


# -- part 1: DEMETR ----------------------------------------------------------------------------
def run_demetr(runner: Runner, limit: int, samples: int) -> dict[str, Any]:
    folder = require_data("demetr")
    files: dict[str, Any] = {}
    clean: list[str] = []
    for name, fname in DEMETR_FILES.items():
        data = json.loads((folder / fname).read_text("utf-8"))
        if not clean:  # the same good translations appear in every file: measure them once
            seen = set()
            for item in data:
                if item["mt_sent"] not in seen:
                    seen.add(item["mt_sent"])
                    clean.append(item["mt_sent"])
            clean = clean[:limit] if limit else clean
        pairs = qualifying(data, limit)
        pert, good = [p for p, _ in pairs], [g for _, g in pairs]
        started = time.perf_counter()
        fixed = runner.fix(pert)
        entry: dict[str, Any] = {"file": fname, "items": len(pairs), "levels": {}}
        tests = [(pert, fixed[lv], [good], "chrf", samples) for lv in fixed]
        for lv, chrf in zip(fixed, runner.map(_paired, tests)):
            stats = restoration(pert, fixed[lv], good)
            stats["chrf_vs_mt"] = chrf
            stats["edits_by_origin"] = runner.origins.get(lv, {})
            stats["failures"] = [{"pert": p, "fixed": f, "mt": g} for p, f, g in zip(pert, fixed[lv], good) if f != g][:EXAMPLES]
            entry["levels"][lv] = stats
        entry["seconds"] = round(time.perf_counter() - started, 1)
        files[name] = entry
        print(f"demetr {name}: " + ", ".join(f"{lv} {v['restored_share']:.3f}" for lv, v in entry["levels"].items()),
              file=sys.stderr, flush=True)
    fixed = runner.fix(clean)
    harm = {"items": len(clean), "levels": {}}
    for lv, out in fixed.items():
        changed = [(a, b) for a, b in zip(clean, out) if a != b]
        harm["levels"][lv] = {"changed": len(changed), "changed_share": round(len(changed) / max(1, len(clean)), 4),
                              "edits_by_origin": runner.origins.get(lv, {}),
                              "examples": [{"mt": a, "fixed": b} for a, b in changed[:EXAMPLES]]}
    return {"files": files, "clean_mt": harm}


# -- part 2: WMT22 -----------------------------------------------------------------------------
def run_wmt(runner: Runner, limit: int, samples: int, ter_samples: int, ter_levels: tuple[str, ...],
            ter_pairs: tuple[str, ...] = WMT_PAIRS) -> dict[str, Any]:
    root = require_data("wmt22")
    systems: list[dict[str, Any]] = []
    tests: list[tuple] = []
    where: list[tuple[int, str, str]] = []
    for pair in WMT_PAIRS:
        refs = [read_lines(p, limit) for p in sorted((root / "references").glob(f"generaltest2022.{pair}.ref.*.en"))]
        ref_names = [p.name.split(".ref.")[1][0] for p in sorted((root / "references").glob(f"generaltest2022.{pair}.ref.*.en"))]
        for hyp_path in sorted((root / "system-outputs").glob(f"generaltest2022.{pair}.hyp.*.en")):
            name = hyp_path.name.split(".hyp.")[1].removesuffix(".en")
            raw = read_lines(hyp_path, limit)
            if any(len(r) != len(raw) for r in refs):
                raise SystemExit(f"{hyp_path}: {len(raw)} segments but references have {[len(r) for r in refs]}")
            started = time.perf_counter()
            fixed = runner.fix(raw)
            entry: dict[str, Any] = {"pair": pair, "system": name, "segments": len(raw), "refs": ref_names,
                                     "fix_seconds": round(time.perf_counter() - started, 1), "levels": {}}
            done: dict[tuple[str, ...], str] = {}  # identical outputs share their tests
            for lv, out in fixed.items():
                changed = [(a, b) for a, b in zip(raw, out) if a != b]
                entry["levels"][lv] = {"changed_segments": len(changed), "edits_by_origin": runner.origins.get(lv, {}),
                                       "examples": [{"raw": a, "fixed": b} for a, b in changed[:EXAMPLES]]}
                if not changed:
                    entry["levels"][lv]["identical"] = True
                    continue
                key = tuple(out)
                if key in done:
                    entry["levels"][lv]["same_as"] = done[key]
                    continue
                done[key] = lv
                tests.append((raw, out, refs, "chrf", samples))
                where.append((len(systems), lv, "chrf"))
                if lv in ter_levels and pair in ter_pairs:
                    tests.append((raw, out, refs, "ter", ter_samples))
                    where.append((len(systems), lv, "ter"))
            systems.append(entry)
            print(f"wmt {pair} {name}: fixed in {entry['fix_seconds']}s, changed "
                  + ", ".join(f"{lv} {v['changed_segments']}" for lv, v in entry["levels"].items()), file=sys.stderr, flush=True)
    started = time.perf_counter()
    # slow TER tests first so that the pool ends together
    order = sorted(range(len(tests)), key=lambda i: tests[i][3] != "ter")
    results = runner.map(_paired, [tests[i] for i in order], label="wmt paired tests")
    for i, res in zip(order, results):
        s, lv, metric = where[i]
        systems[s]["levels"][lv][metric] = res
    for entry in systems:
        for lv, v in entry["levels"].items():
            src = entry["levels"][v["same_as"]] if "same_as" in v else v
            if "identical" in v:
                v["chrf"] = v["ter"] = None
            else:
                v["chrf"], v["ter"] = src.get("chrf"), src.get("ter")
            v["verdict"] = harm_verdict(v["chrf"], v["ter"])
    gate = {}
    for lv in runner.levels:
        rows = [e["levels"][lv] for e in systems if lv in e["levels"]]
        if rows:
            deltas = [r["chrf"]["delta"] if r["chrf"] else 0.0 for r in rows]
            gate[lv] = {"systems": len(rows), "passed": all(r["verdict"]["passed"] for r in rows),
                        "min_chrf_delta": min(deltas), "max_chrf_delta": max(deltas),
                        "failing": [f"{e['pair']} {e['system']}: {'; '.join(e['levels'][lv]['verdict']['reasons'])}"
                                    for e in systems if lv in e["levels"] and not e["levels"][lv]["verdict"]["passed"]],
                        "significantly_worse": [f"{e['pair']} {e['system']}" for e in systems
                                                if lv in e["levels"] and e["levels"][lv]["verdict"]["worse"]]}
    return {"limit": limit or None, "systems": systems, "gate": gate,
            "paired_test_seconds": round(time.perf_counter() - started, 1)}


# -- part 3: MLQE-PE X-en dev ------------------------------------------------------------------
def _tar_lines(path: Path, suffix: str) -> list[str]:
    with tarfile.open(path, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith(suffix):
                handle = tar.extractfile(member)
                assert handle is not None
                return handle.read().decode("utf-8").splitlines()
    raise SystemExit(f"{path} has no *{suffix}")


def run_mlqe(runner: Runner, limit: int, samples: int, ter_samples: int, ter_levels: tuple[str, ...]) -> dict[str, Any]:
    from auditor.correct.data import detokenize

    root = require_data("mlqe-pe")
    langs: dict[str, Any] = {}
    for lang in MLQE_LANGS:
        tar = root / f"{lang}-en-dev.tar.gz"
        if not tar.is_file():
            continue
        mt = [detokenize(s) for s in _tar_lines(tar, "dev.mt")]
        pe = [detokenize(s) for s in _tar_lines(tar, "dev.pe")]
        if limit:
            mt, pe = mt[:limit], pe[:limit]
        fixed = runner.fix(mt)
        entry: dict[str, Any] = {"segments": len(mt), "mt_equals_pe": sum(m == p for m, p in zip(mt, pe)), "levels": {}}
        tests, where = [], []
        for lv, out in fixed.items():
            changed = [(a, b, p) for a, b, p in zip(mt, out, pe) if a != b]
            entry["levels"][lv] = {"changed_segments": len(changed), "edits_by_origin": runner.origins.get(lv, {}),
                                   "fixed_equals_pe": sum(b == p for _, b, p in changed),
                                   "examples": [{"mt": a, "fixed": b, "pe": p} for a, b, p in changed[:EXAMPLES]],
                                   "chrf": None, "ter": None}
            if changed:
                tests.append((mt, out, [pe], "chrf", samples))
                where.append((lv, "chrf"))
                if lv in ter_levels:
                    tests.append((mt, out, [pe], "ter", ter_samples))
                    where.append((lv, "ter"))
        for (lv, metric), res in zip(where, runner.map(_paired, tests)):
            entry["levels"][lv][metric] = res
        for v in entry["levels"].values():
            v["verdict"] = harm_verdict(v["chrf"], v["ter"])
        langs[f"{lang}-en"] = entry
        print(f"mlqe {lang}-en: changed " + ", ".join(f"{lv} {v['changed_segments']}" for lv, v in entry["levels"].items()),
              file=sys.stderr, flush=True)
    return {"limit": limit or None, "langs": langs}


# -- report ------------------------------------------------------------------------------------
def _fmt_p(p: float, delta: float = 1.0) -> str:
    """A p-value as printed; none when the score did not move (sacrebleu's bootstrap then
    gives 1/(n+1), which means nothing)."""
    if delta == 0:
        return "–"
    return f"{p:.4f}" if p >= 0.0001 else "<0.0001"


def render(doc: dict[str, Any]) -> str:
    model = doc["model"]
    levels = doc["levels"]
    missing = [lv for lv in levels if LEVELS[lv][1] and not model["available"]]
    ran = [lv for lv in levels if lv not in missing]
    na = f"not available ({model.get('reason', '')})"
    lines = ["# Correction benchmark: what `auditor fix` repairs and what it harms", "", "{header}" +
             f"Command: `{doc['command']}` ({doc['seconds']['total']:.0f} s wall, {doc['seconds'].get('cpu (all processes)', 0):.0f} s CPU, --jobs {doc['args']['jobs']}).", "",
             "Levels: `safe` = `auditor fix --no-model`; `unsafe` = `--no-model --unsafe-fixes`; "
             "`safe+model` = `auditor fix` (default); `unsafe+model` = `auditor fix --unsafe-fixes`. "
             "Each sentence or segment is one article (no headline, no source text), default rule settings.", "",
             f"Model: {('`' + model['path'] + '` (' + model.get('backend', '') + ', beam ' + str(model['beam']) + ')') if model['available'] else na}.",
             ""]
    if "demetr" in doc:
        d = doc["demetr"]
        lines += ["## 1. DEMETR: perturbed sentences restored exactly to `mt_sent`", "",
                  "Items: `pert_check` true and `pert_sent` != `mt_sent`" + (f", first {doc['args']['limit']} per file" if doc["args"]["limit"] else "") +
                  ". Restored = fixed text equals `mt_sent`; wrong = changed to anything else. Target (issue 5): restored >= 0.7 on repeat and tokenised.", "",
                  "| perturbation | items | " + " | ".join(f"restored {lv}" for lv in levels) + " | " + " | ".join(f"wrong {lv}" for lv in levels) + " | target |",
                  "|---|---:|" + "---:|" * (2 * len(levels)) + "---|"]
        for name, e in d["files"].items():
            cells = [f"{e['levels'][lv]['restored_share']:.3f}" if lv in e["levels"] else "n/a" for lv in levels]
            wrong = [f"{e['levels'][lv]['wrong_share']:.3f}" if lv in e["levels"] else "n/a" for lv in levels]
            target = DEMETR_TARGETS.get(name)
            verdict = ""
            if target is not None:
                best = max((e["levels"][lv]["restored_share"] for lv in ran if lv in e["levels"]), default=0.0)
                verdict = f">= {target}: " + ("met" if best >= target else "NOT met")
                verdict += " (safe: " + ("met" if e["levels"].get("safe", {}).get("restored_share", 0) >= target else "not met") + ")"
            lines.append(f"| {name} | {e['items']} | " + " | ".join(cells) + " | " + " | ".join(wrong) + f" | {verdict} |")
        h = d["clean_mt"]
        lines += ["", f"Harm: share of the {h['items']} unperturbed `mt_sent` changed by fix: "
                  + ", ".join(f"{lv} {h['levels'][lv]['changed_share']:.3f} ({h['levels'][lv]['changed']})" if lv in h["levels"] else f"{lv} n/a"
                              for lv in levels) + ".", "",
                  f"chrF of the sentences against `mt_sent`, unfixed vs fixed (paired bootstrap, {doc['args']['samples']} resamples):", "",
                  "| perturbation | unfixed | " + " | ".join(f"{lv} (delta, p)" for lv in ran) + " |", "|---|---:|" + "---:|" * len(ran)]
        for name, e in d["files"].items():
            base = next(iter(e["levels"].values()))["chrf_vs_mt"]["baseline"] if e["levels"] else 0.0
            cells = []
            for lv in ran:
                c = e["levels"][lv]["chrf_vs_mt"]
                cells.append(f"{c['system']:.2f} ({c['delta']:+.2f}, {_fmt_p(c['p_value'], c['delta'])})")
            lines.append(f"| {name} | {base:.2f} | " + " | ".join(cells) + " |")
        lines.append("")
    if "wmt" in doc:
        w = doc["wmt"]
        lim = f"first {w['limit']} segments of each system" if w["limit"] else "all segments"
        lines += ["## 2. WMT22 de-en and zh-en system outputs: fixed vs raw", "",
                  f"{lim}; each segment one article; references A and B. chrF: paired bootstrap, {doc['args']['samples']} resamples; "
                  f"TER: paired bootstrap, {doc['args']['ter_samples']} resamples, for level {', '.join(doc['args']['ter_levels']) or 'none'} "
                  f"and pairs {doc['args']['ter_pairs'] or 'none'} only (TER statistics are the slow part: ~15 s per de-en system and stream here, "
                  "and zh-en segments of up to 1,346 characters made one run spend over 35 CPU minutes without finishing; "
                  "`--ter-pairs de-en,zh-en` measures them). Delta = fixed - raw (chrF: higher is better; TER: lower is better); "
                  "CI = 95% bootstrap interval of the fixed output's score. Gate (issue 5): every chrF delta >= -0.1; systems made significantly worse (p < 0.05) are flagged.", ""]
        for lv, g in w["gate"].items():
            worse = g["significantly_worse"]
            lines.append(f"- **{lv}**: gate {'PASSED' if g['passed'] else 'FAILED'} on {g['systems']} systems (chrF delta from "
                         f"{g['min_chrf_delta']:+.4f} to {g['max_chrf_delta']:+.4f})" + (": " + "; ".join(g["failing"]) if g["failing"] else "")
                         + f"; significantly worse (p < 0.05): {len(worse)} systems" + (f" ({', '.join(worse)})." if worse else "."))
        for lv in levels:
            if lv in missing:
                lines.append(f"- **{lv}**: {na}.")
        for lv in ran:
            lines += ["", f"### {lv}", "", "| pair | system | segments | changed | chrF raw | chrF fixed | delta | 95% CI | p | TER raw | TER fixed | delta | p | verdict |",
                      "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"]
            for e in w["systems"]:
                v = e["levels"].get(lv)
                if v is None:
                    continue
                c, t = v["chrf"], v["ter"]
                chrf = (f"{c['baseline']:.2f} | {c['system']:.2f} | {c['delta']:+.4f} | {c['ci95'][0]:.2f}-{c['ci95'][1]:.2f} | {_fmt_p(c['p_value'], c['delta'])}"
                        if c else "= | = | 0 | | 1")
                ter = (f"{t['baseline']:.2f} | {t['system']:.2f} | {t['delta']:+.4f} | {_fmt_p(t['p_value'], t['delta'])}" if t else
                       ("= | = | 0 | 1" if "identical" in v else "– | – | – | –"))
                verdict = _verdict_cell(v["verdict"])
                lines.append(f"| {e['pair']} | {e['system']} | {e['segments']} | {v['changed_segments']} | {chrf} | {ter} | {verdict} |")
        lines += ["", "Applied edits on all systems, by rule (or model):", ""]
        for lv in ran:
            total: Counter = Counter()
            for e in w["systems"]:
                total.update(e["levels"].get(lv, {}).get("edits_by_origin", {}))
            lines.append(f"- {lv}: " + (", ".join(f"{k} {n}" for k, n in total.most_common()) or "none"))
        lines.append("")
        shown = 0
        lines += [f"Examples of changed segments ({ran[0] if ran else ''}; all in reports/correction.json):", ""]
        for e in w["systems"]:
            for ex in e["levels"].get(ran[0], {}).get("examples", [])[:1] if ran else []:
                lines.append(f"- {e['pair']} {e['system']}: `{ex['raw'][:160]}` -> `{ex['fixed'][:160]}`")
                shown += 1
        lines.append("")
    if "mlqe" in doc:
        m = doc["mlqe"]
        lines += ["## 3. MLQE-PE dev X-en: fixed MT vs raw MT against the human post-edit", "",
                  ("All" if not m["limit"] else f"First {m['limit']}") + " segments of each `*-en-dev` set, MT and post-edit detokenised "
                  "with `auditor.correct.data.detokenize`; each segment one article. Sentences are Wikipedia, not news. "
                  f"chrF: paired bootstrap ({doc['args']['samples']}); TER for {', '.join(doc['args']['ter_levels']) or 'no level'} "
                  f"({doc['args']['ter_samples']}). `= PE`: changed segments that now equal the post-edit.", "",
                  "| pair | level | segments | changed | = PE | chrF raw | chrF fixed | delta | p | TER delta | p | verdict |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for pair, e in m["langs"].items():
            for lv in ran:
                v = e["levels"].get(lv)
                if v is None:
                    continue
                c, t = v["chrf"], v["ter"]
                chrf = f"{c['baseline']:.2f} | {c['system']:.2f} | {c['delta']:+.4f} | {_fmt_p(c['p_value'], c['delta'])}" if c else "= | = | 0 | 1"
                ter = f"{t['delta']:+.4f} | {_fmt_p(t['p_value'], t['delta'])}" if t else ("0 | 1" if not v["changed_segments"] else "– | –")
                verdict = _verdict_cell(v["verdict"])
                lines.append(f"| {pair} | {lv} | {e['segments']} | {v['changed_segments']} | {v['fixed_equals_pe']} | {chrf} | {ter} | {verdict} |")
        lines.append("")
    lines += ["## Time", "", ", ".join(f"{k} {v:.0f} s" for k, v in doc["seconds"].items()) + ".", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-model", action="store_true", help="rule fixes only (the model levels say 'not available')")
    parser.add_argument("--model", default=None, help="model folder [default: auditor/models/mtpe-small]")
    parser.add_argument("--backend", default="auto", help="auto, ctranslate2 or transformers")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--limit", type=int, default=0, help="first N items per DEMETR file and segments per WMT system (0: all)")
    parser.add_argument("--jobs", type=int, nargs="?", const=os.cpu_count() or 1, default=1,
                        help="worker processes (--jobs alone: one per core)")
    parser.add_argument("--name", default="correction", help="report name: reports/NAME.json and .md")
    parser.add_argument("--parts", default="demetr,wmt,mlqe", help="comma-separated: demetr, wmt, mlqe")
    parser.add_argument("--samples", type=int, default=1000, help="bootstrap resamples for chrF")
    parser.add_argument("--ter-samples", type=int, default=200, help="bootstrap resamples for TER")
    parser.add_argument("--ter-pairs", default="de-en",
                        help="WMT pairs that get TER tests (zh-en segments reach 1,300 characters: TER costs minutes per system)")
    parser.add_argument("--ter-levels", default="default",
                        help="levels that get a TER test: comma-separated, 'all', 'none' or 'default' (the level `auditor fix` uses)")
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    if not parts <= {"demetr", "wmt", "mlqe"} or not parts:
        parser.error("--parts takes demetr, wmt and/or mlqe")

    from auditor.correct.backends import default_model_dir

    model_dir = Path(args.model) if args.model else default_model_dir()
    model: dict[str, Any] = {"path": str(model_dir.relative_to(ROOT)) if model_dir.is_relative_to(ROOT) else str(model_dir),
                             "beam": args.beam, "available": False}
    spec = None
    if args.no_model:
        model["reason"] = "--no-model"
    elif not model_dir.is_dir():
        model["reason"] = f"no model at {model['path']}"
    else:
        spec = {"path": str(model_dir), "backend": args.backend, "beam": args.beam}
    levels = tuple(LEVELS)
    started = time.perf_counter()
    runner = Runner(max(1, args.jobs), spec, levels)
    if spec is not None:
        model["available"] = runner.has_model
        if runner.has_model:
            from auditor.correct.backends import load_backend  # noqa: F401  (name of the backend in use)

            model["backend"] = getattr(getattr(_corrector, "backend", None), "name", "")
        else:
            model["reason"] = f"cannot load: {runner.model_error}"
    default_level = "safe+model" if model["available"] else "safe"
    ter_levels = {"default": (default_level,), "all": levels, "none": ()}.get(
        args.ter_levels, tuple(s.strip() for s in args.ter_levels.split(",") if s.strip()))
    doc: dict[str, Any] = {"header": header(), "command": "python bench/correction.py " + shlex.join(sys.argv[1:] if argv is None else argv),
                           "args": {**vars(args), "ter_levels": list(ter_levels)}, "model": model, "levels": list(levels),
                           "seconds": {}}
    try:
        if "demetr" in parts:
            t = time.perf_counter()
            doc["demetr"] = run_demetr(runner, args.limit, args.samples)
            doc["seconds"]["demetr"] = round(time.perf_counter() - t, 1)
        if "wmt" in parts:
            t = time.perf_counter()
            doc["wmt"] = run_wmt(runner, args.limit, args.samples, args.ter_samples, ter_levels,
                                 tuple(p.strip() for p in args.ter_pairs.split(",") if p.strip()))
            doc["seconds"]["wmt"] = round(time.perf_counter() - t, 1)
        if "mlqe" in parts:
            t = time.perf_counter()
            doc["mlqe"] = run_mlqe(runner, args.limit, args.samples, args.ter_samples, ter_levels)
            doc["seconds"]["mlqe"] = round(time.perf_counter() - t, 1)
    finally:
        runner.close()
    doc["seconds"]["total"] = round(time.perf_counter() - started, 1)
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    doc["seconds"]["cpu (all processes)"] = round(sum(u.ru_utime + u.ru_stime for u in usage), 1)
    write_report(args.name, doc, render(doc))


if __name__ == "__main__":
    main()
