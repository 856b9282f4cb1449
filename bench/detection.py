#!/usr/bin/env python
"""Detection benchmark: recall on DEMETR perturbations, false alarms on DEMETR's good
translations and on the WMT22 English references, and throughput.

    python bench/detection.py [--data ../shared/data] [--select CODES] [--out reports/]

* DEMETR (``<data>/demetr/*.json``): each sentence is one `Article`. Recall counts only
  items whose perturbation was applied (``pert_check`` true and ``pert_sent`` differs
  from ``mt_sent``); false alarms are measured once over the 1,000 unperturbed
  ``mt_sent`` (the same sentences appear in every file).
* WMT22 references (``<data>/wmt22/references/*.en``): one segment (mostly one sentence)
  per line, grouped into articles of 20 consecutive segments to give the rules some
  context. Segments are joined by a newline (one block of text, as a plain-text file with
  hard line breaks), since a segment is a sentence rather than a paragraph: a quotation
  that runs over several sentences must be able to pair up. ``--join paragraph`` puts a
  blank line between segments instead. Findings per 1,000 words by severity and by code.
* Speed: words per CPU second of the selected rules (and of each family alone) over the
  WMT22 references, on one core (process time, not wall-clock time).

Writes ``<out>/detection.json`` and ``<out>/detection.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor import __version__  # noqa: E402
from auditor.config import Settings  # noqa: E402
from auditor.document import Article  # noqa: E402
from auditor.rules.engine import Engine  # noqa: E402

# perturbation file -> the families expected to catch it
DEMETR_FILES = {
    "minor_id1_repeat2": ("TYP",),
    "minor_id2_repeat4": ("TYP",),
    "minor_id30_tokenized": ("TYP",),
    "minor_id29_punc_addition": ("TYP",),
    "minor_id31_full_lower": ("TYP",),
    "minor_id32_first_lower": ("TYP",),
    "minor_id15_case": ("GRM",),
    "critical_id4_codemix": ("UNT",),
    "critical_id11_gender": ("GEN", "GRM"),
}
SEGMENTS_PER_ARTICLE = 20
#: DEMETR's source languages grouped by family, for recall by group (issue 12 asks for
#: untranslated-word recall on Romance and Germanic sources separately)
LANGUAGE_GROUPS = {
    "Romance (it, es, fr)": ("italian", "spanish", "french"),
    "Germanic (de)": ("german",),
    "Slavic (cs, pl, ru)": ("czech", "polish", "russian"),
    "other scripts (zh, ja, hi)": ("chinese_simple", "japanese", "hindi"),
}


def family(code: str) -> str:
    return re.match(r"[A-Z]+", code).group()


def run_articles(engine: Engine, articles: list[Article]) -> tuple[list[list], float]:
    """Findings per article and the CPU seconds spent (process time, so that other jobs on
    a shared machine do not distort the throughput)."""
    start = time.process_time()
    results = [engine.check(a)[0] for a in articles]
    return results, time.process_time() - start


def restored(chosen: list[dict], results: list[list]) -> dict | None:
    """Share of perturbed sentences that the rule fixes turn back into ``mt_sent`` exactly,
    applying safe fixes only, then safe and unsafe ones (``auditor.fix``)."""
    try:
        from auditor.findings import Applicability
        from auditor.fix import apply_edits, edits_from_findings
    except ImportError:  # the fix layer is optional for this benchmark
        return None
    out = {}
    for label, minimum in (("safe", Applicability.SAFE), ("safe_and_unsafe", Applicability.UNSAFE)):
        ok = 0
        for item, findings in zip(chosen, results):
            text = item["pert_sent"]
            fixed, _ = apply_edits(text, edits_from_findings(text, findings), minimum)
            ok += fixed == item["mt_sent"]
        out[label] = round(ok / len(chosen), 4) if chosen else None
    return out


def demetr(engine: Engine, data: Path) -> dict:
    folder = data / "demetr"
    out: dict = {"files": {}, "false_alarms": {}}
    good: dict[str, str] = {}
    for name, expected in DEMETR_FILES.items():
        path = folder / f"{name}.json"
        if not path.is_file():
            continue
        items = json.loads(path.read_text("utf-8"))
        for item in items:
            good.setdefault(str(item["id"]), item["mt_sent"])
        chosen = [it for it in items if it.get("pert_check") and it["pert_sent"] != it["mt_sent"]]
        articles = [Article(text=it["pert_sent"], id=str(it["id"])) for it in chosen]
        results, _ = run_articles(engine, articles)
        by_family: Counter = Counter()
        by_code: Counter = Counter()
        flagged = 0
        flagged_expected = 0
        by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # lang -> [flagged by expected family, items]
        present = [fam for fam in expected if any(family(c) == fam for c in engine.codes)]
        for item, findings in zip(chosen, results):
            if findings:
                flagged += 1
            by_lang[item.get("lang_tag", "?")][1] += 1
            if any(family(f.code) in present for f in findings):
                flagged_expected += 1
                by_lang[item.get("lang_tag", "?")][0] += 1
            for fam in {family(f.code) for f in findings}:
                by_family[fam] += 1
            for code in {f.code for f in findings}:
                by_code[code] += 1
        n = len(chosen)
        out["files"][name] = {
            "items": n,
            "expected_family": "/".join(present) or None,
            "recall_any": round(flagged / n, 4) if n else None,
            "recall_expected_family": round(flagged_expected / n, 4) if n and present else None,
            "recall_by_family": {k: round(v / n, 4) for k, v in sorted(by_family.items())},
            "expected_family_by_language": {lang: {"flagged": f, "items": k} for lang, (f, k) in sorted(by_lang.items())},
            "items_by_code": dict(by_code.most_common(8)),
            "restored_by_fixes": restored(chosen, results),
        }
    articles = [Article(text=t, id=i) for i, t in sorted(good.items())]
    results, seconds = run_articles(engine, articles)
    by_family = Counter()
    by_code = Counter()
    flagged = 0
    examples: dict[str, list[str]] = defaultdict(list)
    for article, findings in zip(articles, results):
        if findings:
            flagged += 1
        for fam in {family(f.code) for f in findings}:
            by_family[fam] += 1
        for f in findings:
            by_code[f.code] += 1
            if len(examples[f.code]) < 3:
                examples[f.code].append(article.text[max(0, f.start - 30) : f.end + 30])
    n = len(articles)
    out["false_alarms"] = {
        "sentences": n,
        "flagged_any": round(flagged / n, 4) if n else None,
        "flagged_by_family": {k: round(v / n, 4) for k, v in sorted(by_family.items())},
        "findings_by_code": dict(by_code.most_common()),
        "examples": dict(examples),
        "seconds": round(seconds, 3),
    }
    return out


def wmt_articles(data: Path, join: str = "line") -> list[Article]:
    separator = "\n\n" if join == "paragraph" else "\n"
    articles = []
    for path in sorted((data / "wmt22" / "references").glob("*.en")):
        lines = [line.strip() for line in path.read_text("utf-8").splitlines()]
        lines = [line for line in lines if line]
        for i in range(0, len(lines), SEGMENTS_PER_ARTICLE):
            chunk = lines[i : i + SEGMENTS_PER_ARTICLE]
            articles.append(Article(text=separator.join(chunk), id=f"{path.name}:{i + 1}", path=path.name))
    return articles


def wmt(engine: Engine, articles: list[Article], join: str) -> dict:
    results, seconds = run_articles(engine, articles)
    words = sum(a.word_count for a in articles)
    by_severity: Counter = Counter()
    by_code: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for article, findings in zip(articles, results):
        for f in findings:
            by_severity[f.severity.value] += 1
            by_code[f.code] += 1
            if len(examples[f.code]) < 5:
                examples[f.code].append(article.text[max(0, f.start - 40) : f.end + 40].replace("\n", "⏎"))
    per_k = 1000.0 / words if words else 0.0
    return {
        "articles": len(articles),
        "words": words,
        "segments_per_article": SEGMENTS_PER_ARTICLE,
        "join": join,
        "findings": sum(by_code.values()),
        "per_1000_words": {
            "all": round(sum(by_code.values()) * per_k, 3),
            **{s: round(by_severity.get(s, 0) * per_k, 3) for s in ("error", "warning", "info")},
        },
        "per_1000_words_by_code": {c: round(n * per_k, 3) for c, n in sorted(by_code.items())},
        "examples": dict(examples),
        "seconds": round(seconds, 3),
        "words_per_second": round(words / seconds) if seconds else None,
    }


_GLUE_PAIR = re.compile(r"(?<![\w'’\-])([a-z]+) ([a-z]+)(?![\w'’\-])")


def synthetic_glue(data: Path, limit: int = 3000, seed: int = 13) -> dict | None:
    """Recall of TYP001 on glued words made on purpose: in each of the first ``limit``
    WMT22 reference segments, delete the space between two random neighbouring
    lower-case words; report the share of glued tokens flagged (over all of them and over
    those of 8+ letters) and the share of segments where TYP001 flags anything else
    (false alarms)."""
    import random

    engine = Engine(Settings(select=["TYP001"]))
    if not engine.codes:
        return None
    rng = random.Random(seed)
    segments = []
    for path in sorted((data / "wmt22" / "references").glob("*.en")):
        segments += [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    rng.shuffle(segments)
    hits = total = hits_long = total_long = false_alarms = seen = 0
    for segment in segments:
        pairs = list(_GLUE_PAIR.finditer(segment))
        if not pairs:
            continue
        m = rng.choice(pairs)
        glued = segment[: m.start()] + m.group(1) + m.group(2) + segment[m.end() :]
        start, end = m.start(), m.end() - 1
        findings, _ = engine.check(Article(text=glued))
        hit = any(f.start < end and start < f.end for f in findings)
        other = any(not (f.start < end and start < f.end) for f in findings)
        long_token = end - start >= 8
        total += 1
        hits += hit
        total_long += long_token
        hits_long += hit and long_token
        false_alarms += other
        seen += 1
        if seen >= limit:
            break
    return {
        "segments": total,
        "recall": round(hits / total, 4) if total else None,
        "glued_tokens_8plus": total_long,
        "recall_8plus": round(hits_long / total_long, 4) if total_long else None,
        "segments_with_other_findings": round(false_alarms / total, 4) if total else None,
    }


def speed_articles(data: Path, refs: list[Article], megabytes: float = 5.0) -> list[Article]:
    """The WMT22 references plus system outputs (MT, in the same 20-segment articles) up to
    about ``megabytes`` of text, for the throughput runs."""
    articles = list(refs)
    size = sum(len(a.text.encode("utf-8")) for a in articles)
    for path in sorted((data / "wmt22" / "system-outputs").glob("*.en")):
        if size >= megabytes * 1e6:
            break
        lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
        for i in range(0, len(lines), SEGMENTS_PER_ARTICLE):
            article = Article(text="\n".join(lines[i : i + SEGMENTS_PER_ARTICLE]), id=f"{path.name}:{i + 1}")
            articles.append(article)
            size += len(article.text.encode("utf-8"))
    return articles


def speed_by_family(select: list[str], articles: list[Article]) -> dict:
    words = sum(a.word_count for a in articles)
    base = Engine(Settings(select=select))
    families = sorted({family(c) for c in base.codes})
    out = {}
    for fam in families:
        engine = Engine(Settings(select=[fam]))
        engine.check(articles[0])  # warm-up: loads word lists
        _, seconds = run_articles(engine, articles)
        out[fam] = {"rules": len(engine.codes), "seconds": round(seconds, 3),
                    "words_per_second": round(words / seconds) if seconds else None}
    _, seconds = run_articles(base, articles)
    out["all selected"] = {"rules": len(base.codes), "seconds": round(seconds, 3),
                           "words_per_second": round(words / seconds) if seconds else None}
    return {"words": words, "megabytes": round(sum(len(a.text.encode("utf-8")) for a in articles) / 1e6, 2),
            "families": out}


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        "# Detection benchmark",
        "",
        f"- date: {report['date']}",
        f"- auditor {report['auditor_version']}, Python {m['python']}, {m['platform']}, {m['cpu_count']} CPUs",
        f"- rules: {len(report['codes'])} selected ({', '.join(report['select']) or 'all'})",
        f"- command: `{report['command']}`",
        "",
        "## DEMETR recall (perturbed sentences flagged)",
        "",
        "| file | items | any finding | expected family | share by expected family | restored by safe / all fixes | top codes (items) |",
        "| --- | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    d = report.get("demetr", {})
    for name, row in d.get("files", {}).items():
        rf = row["recall_expected_family"]
        codes = ", ".join(f"{c} {n}" for c, n in list(row["items_by_code"].items())[:5])
        fixes = row.get("restored_by_fixes") or {}
        restored_cell = (f"{fixes['safe']:.3f} / {fixes['safe_and_unsafe']:.3f}" if fixes else "-")
        lines.append(f"| {name} | {row['items']} | {row['recall_any']:.3f} | {row['expected_family'] or '-'} | "
                     f"{'-' if rf is None else f'{rf:.3f}'} | {restored_cell} | {codes} |")
    groups = []
    for name, row in d.get("files", {}).items():
        langs = row.get("expected_family_by_language") or {}
        if row["expected_family"] != "UNT" or not langs:
            continue
        for group, members in LANGUAGE_GROUPS.items():
            f = sum(langs.get(m, {}).get("flagged", 0) for m in members)
            k = sum(langs.get(m, {}).get("items", 0) for m in members)
            if k:
                groups.append(f"{group} {f}/{k} = {f / k:.3f}")
        lines += ["", f"{name} (untranslated words) by source language: " + "; ".join(groups) + "."]
    fa = d.get("false_alarms")
    if fa:
        lines += [
            "",
            f"## DEMETR false alarms ({fa['sentences']} good translations, `mt_sent`)",
            "",
            f"- sentences flagged by any rule: {fa['flagged_any']:.3f}",
            "- by family: " + (", ".join(f"{k} {v:.3f}" for k, v in fa["flagged_by_family"].items()) or "none"),
            "- findings by code: " + (", ".join(f"{k} {v}" for k, v in fa["findings_by_code"].items()) or "none"),
        ]
    w = report.get("wmt22")
    if w:
        p = w["per_1000_words"]
        lines += [
            "",
            f"## WMT22 English references ({w['words']:,} words, {w['articles']} articles of "
            f"{w['segments_per_article']} segments joined by {'a blank line' if w['join'] == 'paragraph' else 'a newline'})",
            "",
            f"- findings per 1,000 words: all {p['all']}, error {p['error']}, warning {p['warning']}, info {p['info']}"
            " (targets: error <= 0.5, all <= 2)",
            f"- throughput, all selected rules: {w['words_per_second']:,} words per CPU second ({w['seconds']} s, one core)",
            "",
            "| code | per 1,000 words | example |",
            "| --- | ---: | --- |",
        ]
        for code, rate in sorted(w["per_1000_words_by_code"].items(), key=lambda kv: -kv[1]):
            example = (w["examples"].get(code) or [""])[0].replace("|", "\\|")
            lines.append(f"| {code} | {rate} | {example} |")
    g = report.get("synthetic_glue")
    if g:
        lines += [
            "",
            "## Synthetic glued words (TYP001)",
            "",
            f"In {g['segments']} WMT22 reference segments, the space between two random neighbouring "
            "lower-case words was deleted.",
            "",
            f"- recall over all glued tokens: {g['recall']:.3f}; over the {g['glued_tokens_8plus']} tokens of "
            f"8+ letters: {g['recall_8plus']:.3f} (two content words glued together are left alone when "
            "they could form a compound, so recall is lower there)",
            f"- segments with a TYP001 finding elsewhere: {g['segments_with_other_findings']:.4f}",
        ]
    s = report.get("speed_by_family")
    if s:
        lines += ["", f"## Throughput by family ({s['megabytes']} MB, {s['words']:,} words: WMT22 references and "
                  "system outputs; one core, words per CPU second; target >= 50,000 for all rules)", "",
                  "| family | rules | words/s |", "| --- | ---: | ---: |"]
        for fam, row in s["families"].items():
            lines.append(f"| {fam} | {row['rules']} | {row['words_per_second']:,} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--select", default="", help="comma-separated code prefixes (default: all rules)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--join", choices=("line", "paragraph"), default="line",
                        help="how WMT22 segments are joined into articles (default: newline)")
    parser.add_argument("--no-speed", action="store_true", help="skip the per-family throughput runs")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"no data folder at {args.data}")
    select = [s.strip() for s in args.select.split(",") if s.strip()]
    engine = Engine(Settings(select=select))
    report: dict = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "auditor_version": __version__,
        "machine": {"platform": platform.platform(), "processor": platform.processor() or platform.machine(),
                    "cpu_count": os.cpu_count(), "python": platform.python_version()},
        "command": " ".join(["python bench/detection.py", *(argv if argv is not None else sys.argv[1:])]),
        "select": select,
        "codes": engine.codes,
    }
    engine.check(Article(text="Warm-up text, with a quote “here”."))
    report["demetr"] = demetr(engine, args.data)
    articles = wmt_articles(args.data, args.join)
    if articles:
        report["wmt22"] = wmt(engine, articles, args.join)
        if not args.no_speed:
            report["speed_by_family"] = speed_by_family(select, speed_articles(args.data, articles))
        if any(c == "TYP001" for c in engine.codes):
            report["synthetic_glue"] = synthetic_glue(args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "detection.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", "utf-8")
    (args.out / "detection.md").write_text(markdown(report), "utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
