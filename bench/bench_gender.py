#!/usr/bin/env python
"""Pronoun-gender benchmark (GEN): recall on synthetic and real MT, false alarms on clean text.

    python bench/bench_gender.py [--select GEN] [--out reports] [--no-write]

* DEMETR gender swaps (``demetr/critical_id11_gender.json``): each applied perturbation
  (``pert_check`` true, ``pert_sent`` differs from ``mt_sent``) is one one-sentence
  article; recall = share with a finding on a swapped pronoun (any GEN finding, and one
  overlapping a word that differs from ``mt_sent``). False alarms: sentences of the 1,000
  unperturbed ``mt_sent`` with a GEN finding.
* Real MT, MQM zh-en (``mqm/sxs_mqm_generalMT2023_zhen...tar.gz``, WMT23 general test set,
  10 systems, 3 raters per segment): one article per (system, document), segments joined
  by a blank line (they are paragraphs). Gold: every error span that is exactly a
  third-person pronoun (he, she, his, her, him, hers, himself, herself), any accuracy or
  consistency category (mostly "Accuracy/Gender Mismatch" and "Accuracy/Mistranslation"),
  de-duplicated over raters. Recall = gold pronouns with an overlapping GEN finding;
  precision = GEN findings on a gold pronoun / all GEN findings. Many gold items are not
  decidable from the English alone (the source gives the gender, the English gives
  none: "The victim entered his card"); the report lists them.
* Clean text: WMT22 original English (``generaltest2022.en-de.src.en``) and the WMT22
  references into English (professional human translation), 20 consecutive segments per
  article as in ``bench/detection.py``; findings per 1,000 words. Also DEMETR ``mt_sent``
  (good MT).

Writes ``<out>/gender.json`` and ``<out>/gender.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import DATA, MQM_ZHEN, header, mqm_rows, write_report  # noqa: E402

from auditor.config import Settings  # noqa: E402
from auditor.document import Article  # noqa: E402
from auditor.rules.engine import Engine  # noqa: E402

PRONOUN = re.compile(r"(?i)he|she|his|her|him|hers|himself|herself")
SEGMENTS_PER_ARTICLE = 20
WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> int:
    return len(WORD.findall(text))


def check(engine: Engine, article: Article) -> list:
    findings, _ = engine.check(article)
    return findings


# -- DEMETR ---------------------------------------------------------------------------

def demetr(engine: Engine, data: Path) -> dict:
    items = json.loads((data / "demetr" / "critical_id11_gender.json").read_text("utf-8"))
    chosen = [x for x in items if x.get("pert_check") and x["pert_sent"] != x["mt_sent"]]
    hit_any = hit_swap = 0
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for x in chosen:
        text, good = x["pert_sent"], x["mt_sent"]
        findings = check(engine, Article(text=text, id=str(x["id"])))
        # the swapped pronouns: word positions where the two differ
        spans = [m.span() for m in WORD.finditer(text)]
        a, b = WORD.findall(text), WORD.findall(good)
        diff = [spans[i] for i in range(min(len(a), len(b))) if a[i] != b[i]]
        on_swap = any(f.start < e and s < f.end for f in findings for s, e in diff)
        hit_any += bool(findings)
        hit_swap += on_swap
        by_lang[x["lang_tag"]][0] += 1
        by_lang[x["lang_tag"]][1] += on_swap
        if not on_swap:
            missed.append(text)
    good_items = {str(x["id"]): x["mt_sent"] for x in items}
    alarms = []
    n_words = 0
    for i, t in sorted(good_items.items()):
        n_words += words(t)
        for f in check(engine, Article(text=t, id=i)):
            alarms.append({"id": i, "text": t, "flagged": f.text, "message": f.message})
    n = len(chosen)
    return {
        "items": n, "recall_any": round(hit_any / n, 4), "recall_on_swap": round(hit_swap / n, 4),
        "hits_on_swap": hit_swap,
        "by_language": {k: {"items": v[0], "hits": v[1]} for k, v in sorted(by_lang.items())},
        "mt_sent": {"sentences": len(good_items), "words": n_words, "findings": len(alarms),
                    "per_1000_words": round(1000 * len(alarms) / n_words, 3), "examples": alarms[:20]},
        "missed_examples": missed[:15],
    }


# -- MQM zh-en -------------------------------------------------------------------------

def mqm_articles(data: Path) -> tuple[list[Article], dict[str, list[tuple[int, int, str]]]]:
    """(articles, gold pronoun spans per article id) from the WMT23 zh-en MQM ratings."""
    rows = mqm_rows(data / "mqm" / (MQM_ZHEN + ".tar.gz"), MQM_ZHEN)
    segments: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    spans: dict[tuple[str, str, int], set] = defaultdict(set)
    for r in rows:
        target = r["target"] or ""
        key = (r["system"], r["doc"])
        seg = int(r["docSegId"])
        plain = target.replace("<v>", "").replace("</v>", "")
        segments[key].setdefault(seg, plain)
        m = re.search(r"<v>(.*?)</v>", target)
        cat = r["category"]
        if m and PRONOUN.fullmatch(m.group(1)) and (cat.startswith("Accuracy") or "Inconsisten" in cat):
            start = m.start()
            spans[(r["system"], r["doc"], seg)].add((start, start + len(m.group(1)), cat))
    articles, gold = [], {}
    for (system, doc), segs in sorted(segments.items()):
        parts, offsets, pos = [], {}, 0
        for seg in sorted(segs):
            offsets[seg] = pos
            parts.append(segs[seg])
            pos += len(segs[seg]) + 2
        text = "\n\n".join(parts)
        aid = f"{system}|{doc}"
        articles.append(Article(text=text, id=aid))
        g = []
        for seg, off in offsets.items():
            for s, e, cat in spans.get((system, doc, seg), ()):
                g.append((off + s, off + e, cat))
        gold[aid] = sorted(set((s, e, c) for s, e, c in g))
    return articles, gold


def _context(text: str, s: int, e: int, width: int = 160) -> str:
    return (text[max(0, s - width):s] + "[[" + text[s:e] + "]]" + text[e:e + 60]).replace("\n", " ")


def mqm(engine: Engine, data: Path) -> dict:
    articles, gold = mqm_articles(data)
    n_gold = sum(len({(s, e) for s, e, _ in g}) for g in gold.values())
    found = tp = n_findings = n_words = 0
    fps, hits, missed = [], [], []
    cats = Counter()
    for a in articles:
        g = sorted({(s, e) for s, e, _ in gold[a.id]})
        for _, _, c in gold[a.id]:
            cats[c] += 1
        n_words += words(a.text)
        findings = [f for f in check(engine, a)]
        n_findings += len(findings)
        for s, e in g:
            if any(f.start < e and s < f.end for f in findings):
                found += 1
                hits.append(f"{a.id}: " + _context(a.text, s, e))
            else:
                missed.append(f"{a.id}: " + _context(a.text, s, e))
        for f in findings:
            if any(f.start < e and s < f.end for s, e in g):
                tp += 1
            else:
                fps.append(f"{a.id}: " + _context(a.text, f.start, f.end) + f"  ({f.message})")
    return {
        "articles": len(articles), "words": n_words, "gold_pronouns": n_gold,
        "gold_categories": dict(cats.most_common()),
        "found": found, "recall": round(found / n_gold, 4) if n_gold else None,
        "findings": n_findings, "true_positives": tp,
        "precision": round(tp / n_findings, 4) if n_findings else None,
        "findings_per_1000_words": round(1000 * n_findings / n_words, 3),
        "hits": hits, "false_positives": fps[:40], "missed_examples": missed[:40],
    }


# -- MLQE-PE: post-editors' pronoun corrections -------------------------------------------

MLQE_XEN = ("ro-en", "et-en", "ru-en", "ne-en", "si-en")
_PRON_G = {"he": "m", "his": "m", "him": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


def _mlqe(data: Path, pair: str, split: str = "train") -> dict[str, list[str]]:
    with tarfile.open(data / "mlqe-pe" / f"{pair}-{split}.tar.gz") as tar:
        out = {}
        for member in tar.getmembers():
            suffix = member.name.rsplit(".", 1)[-1]
            if suffix in ("src", "mt", "pe"):
                out[suffix] = tar.extractfile(member).read().decode("utf-8").splitlines()
        return out


def mlqe_swaps(engine: Engine, data: Path) -> dict:
    """MT sentences (MLQE-PE train, into English; one sentence per article) in which the
    post-editor changed the gender of a third-person pronoun and nothing else about the
    pronouns: recall on those pronouns; findings on the other MT sentences (where the
    post-editor kept every pronoun) are counted as false alarms. The dev files are left
    to the real-MT dev set (``bench/realmt.py``)."""
    items = hits = alarms = n_words = 0
    by_pair: dict[str, list[int]] = {}
    hit_examples, alarm_examples, missed = [], [], []
    for pair in MLQE_XEN:
        try:
            files = _mlqe(data, pair)
        except (OSError, KeyError, tarfile.TarError):
            continue
        row = by_pair.setdefault(pair, [0, 0, 0])
        for i, (mt, pe) in enumerate(zip(files["mt"], files["pe"])):
            a = [(m.start(), m.end(), _PRON_G[m.group().lower()]) for m in WORD.finditer(mt)
                 if m.group().lower() in _PRON_G]
            b = [_PRON_G[w.lower()] for w in WORD.findall(pe) if w.lower() in _PRON_G]
            swapped = [(s, e) for (s, e, g), h in zip(a, b) if g != h] if len(a) == len(b) else []
            findings = check(engine, Article(text=mt, id=f"{pair}:{i + 1}"))
            if swapped:
                items += 1
                row[0] += 1
                if any(f.start < e and s < f.end for f in findings for s, e in swapped):
                    hits += 1
                    row[1] += 1
                    hit_examples.append(f"{pair}:{i + 1}: {mt}")
                else:
                    missed.append(f"{pair}:{i + 1}: {mt}  ||  PE: {pe}")
            elif [x[2] for x in a] == b:
                n_words += words(mt)
                alarms += len(findings)
                row[2] += len(findings)
                alarm_examples += [f"{pair}:{i + 1}: {_context(mt, f.start, f.end)}  ||  PE: {pe}" for f in findings]
    return {"items": items, "hits": hits, "recall": round(hits / items, 4) if items else None,
            "unchanged_words": n_words, "false_alarms": alarms,
            "false_alarms_per_1000_words": round(1000 * alarms / n_words, 3) if n_words else None,
            "by_pair": {k: {"swaps": v[0], "hits": v[1], "false_alarms": v[2]} for k, v in by_pair.items()},
            "hit_examples": hit_examples[:30], "false_alarm_examples": alarm_examples[:30], "missed_examples": missed[:30]}


def sentence_set(engine: Engine, sentences: list[str], name: str) -> dict:
    """Findings per 1,000 words over single sentences (each its own article)."""
    n_words, findings = 0, []
    for i, text in enumerate(sentences):
        n_words += words(text)
        for f in check(engine, Article(text=text, id=str(i))):
            findings.append({"file": name, "line": i + 1, "code": f.code, "context": _context(text, f.start, f.end, 100)})
    return {"files": [name], "segments": len(sentences), "words": n_words, "findings": len(findings),
            "per_1000_words": round(1000 * len(findings) / n_words, 3) if n_words else None,
            "by_code": dict(Counter(f["code"] for f in findings).most_common()), "examples": findings[:30]}


# -- clean text -----------------------------------------------------------------------

def clean_set(engine: Engine, paths: list[Path]) -> dict:
    n_words = 0
    findings = []
    segs = 0
    for path in paths:
        lines = [x for x in path.read_text("utf-8").splitlines()]
        segs += len(lines)
        for i in range(0, len(lines), SEGMENTS_PER_ARTICLE):
            text = "\n".join(lines[i:i + SEGMENTS_PER_ARTICLE])
            n_words += words(text)
            for f in check(engine, Article(text=text, id=f"{path.name}:{i + 1}")):
                findings.append({"file": path.name, "line": i + 1 + text.count("\n", 0, f.start),
                                 "code": f.code, "context": _context(text, f.start, f.end, 100)})
    return {"files": [p.name for p in paths], "segments": segs, "words": n_words, "findings": len(findings),
            "per_1000_words": round(1000 * len(findings) / n_words, 3) if n_words else None,
            "by_code": dict(Counter(f["code"] for f in findings).most_common()), "examples": findings[:30]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--select", default="GEN")
    ap.add_argument("--out", type=Path, default=None, help="report folder (default reports/)")
    ap.add_argument("--no-write", action="store_true", help="print the JSON, write nothing")
    ap.add_argument("--before", type=Path, default=None,
                    help="the JSON of an earlier run (e.g. this script run on an older commit): a before/after table")
    ap.add_argument("--before-label", default="before", help="what the earlier run was (a commit)")
    args = ap.parse_args(argv)
    engine = Engine(Settings(select=args.select.split(",")))
    t0 = time.process_time()
    command = " ".join(["python bench/bench_gender.py", *(sys.argv[1:] if argv is None else argv)])
    result = {"header": header(), "command": command, "select": args.select}
    result["demetr"] = demetr(engine, args.data)
    result["mqm_zhen"] = mqm(engine, args.data)
    result["mlqe_pe_swaps"] = mlqe_swaps(engine, args.data)
    wmt = args.data / "wmt22"
    wiki = [s for pair in ("en-de", "en-zh") for s in _mlqe(args.data, pair)["src"]]
    post_edits = [s for pair in MLQE_XEN for s in _mlqe(args.data, pair)["pe"]]
    result["clean"] = {
        "original_en": clean_set(engine, [wmt / "sources" / "generaltest2022.en-de.src.en"]),
        "wmt22_references": clean_set(engine, sorted((wmt / "references").glob("*.en"))),
        "wikipedia_en": sentence_set(engine, wiki, "mlqe-pe en-de+en-zh train .src"),
        "post_edits": sentence_set(engine, post_edits, "mlqe-pe x-en train .pe"),
    }
    result["cpu_seconds"] = round(time.process_time() - t0, 1)
    if args.before:
        result["before"] = {"label": args.before_label, **summary(json.loads(args.before.read_text("utf-8")))}
        result["after"] = summary(result)
    if args.no_write:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    if args.out:
        import _common
        _common.REPORTS = args.out
    write_report("gender", result, render(result))
    return 0


NOTES = """## Reading these numbers

- **Before** is this script run on an export of the commit before the tracker
  (`git archive fb68ce5 | tar -x -C /tmp/old && cp bench/bench_gender.py /tmp/old/bench/ &&
  (cd /tmp/old && python bench/bench_gender.py --no-write > /tmp/before.json)`), **after**
  is the working tree named in the header; then `python bench/bench_gender.py --before
  /tmp/before.json`.
- **What GEN001 can reach.** It flags a pronoun only when the English text itself gives
  the person's gender (a first name of one gender everywhere, a title, a gendered role
  noun, two earlier pronouns that can refer to no one else) and every candidate in the
  sentence and the one before has the other gender. Most real pronoun errors give the
  English reader nothing to go on: in the MQM zh-en gold, "The victim entered his card"
  (the source says the victim is a woman), "In his answer, Bard mentioned" (a chatbot),
  "Xia Liyan ... his stay" (a Chinese name of unknown gender in the English), and the
  same goes for DEMETR swaps of a sentence-initial "He"/"She" with no name in the
  sentence. Those are out of reach without the source text or a gazetteer of real
  people (which the issue rules out). MQM recall is counted over all 74 gold pronoun
  spans; the ones the text does decide are mostly the story of Kim Ju-ae ("their
  daughter Kim Ju-ae ... made his first appearance"), caught in the versions of 2 of
  the 10 systems (the others transliterate her name differently from sentence to
  sentence, or a rival such as "her husband" stands in the window).
- **Precision over recall.** A candidate of unknown gender (an unknown capitalised word,
  "the president", a determiner phrase subject) or a person of the pronoun's gender in
  the two sentences before suppresses the finding; so do quotations, sentences of
  unmarked direct speech ("I", "we", "you"), ships ("she sailed") and sources ("According
  to X, he"). The MQM false positive is an MT error elsewhere: one system calls the
  daughter "Kim Jong-un", so "Kim Jong-un looked at his daughter" contradicts it.
- **Single sentences are a hard test.** The Wikipedia, post-edit and MLQE-PE sets are
  isolated sentences whose pronouns often point outside the sentence ("Joe Morgenstern
  ... praised her beauty": the actress was named before); the findings there are
  almost all of that kind, and on real articles (WMT22 original English and
  references, 20 consecutive segments each) GEN001 stays silent.
"""


def summary(r: dict) -> dict:
    """The headline numbers of a run, for a before/after table."""
    d, m, s, c = r["demetr"], r["mqm_zhen"], r.get("mlqe_pe_swaps", {}), r["clean"]
    return {
        "demetr_recall": d["recall_on_swap"], "demetr_mt_sent_findings": d["mt_sent"]["findings"],
        "mqm_found": m["found"], "mqm_gold": m["gold_pronouns"], "mqm_findings": m["findings"],
        "mqm_precision": m["precision"],
        "mlqe_found": s.get("hits"), "mlqe_items": s.get("items"), "mlqe_false_alarms": s.get("false_alarms"),
        **{f"clean_{k}_per_1000": v["per_1000_words"] for k, v in c.items()},
    }


def render_before_after(r: dict) -> list[str]:
    b, a = r["before"], r["after"]
    rows = [
        ("DEMETR gender swaps: recall", "demetr_recall", ""),
        ("DEMETR mt_sent: sentences flagged (of 1,000)", "demetr_mt_sent_findings", ""),
        ("MQM zh-en: gold pronoun errors found", "mqm_found", f" / {a['mqm_gold']}"),
        ("MQM zh-en: GEN findings", "mqm_findings", ""),
        ("MQM zh-en: precision", "mqm_precision", ""),
        ("MLQE-PE: post-editors' pronoun corrections found", "mlqe_found", f" / {a['mlqe_items']}"),
        ("MLQE-PE: findings on MT the post-editor left alone", "mlqe_false_alarms", ""),
    ] + [(f"clean {k[6:-9]}: findings per 1,000 words", k, "") for k in a if k.startswith("clean_")]
    out = ["## Before and after", "", f"| measure | before ({b['label']}) | after |", "| --- | ---: | ---: |"]
    for label, key, suffix in rows:
        out.append(f"| {label} | {b.get(key)}{suffix} | {a.get(key)}{suffix} |")
    return out + [""]


def render(r: dict) -> str:
    d, m, c, s = r["demetr"], r["mqm_zhen"], r["clean"], r["mlqe_pe_swaps"]
    lines = [
        "# Pronoun gender (GEN): recall on synthetic and real MT, false alarms on clean text", "",
        "{header}", f"Command: `{r['command']}` (CPU time {r['cpu_seconds']} s). Rules selected: `{r['select']}`.", "",
        *(render_before_after(r) if "before" in r else []),
        "## DEMETR gender swaps (one sentence per article)", "",
        "| items | recall (finding on the swapped pronoun) | recall (any finding) | false alarms on mt_sent (sentences of 1,000) | per 1,000 words |",
        "| ---: | ---: | ---: | ---: | ---: |",
        f"| {d['items']} | {d['recall_on_swap']:.3f} ({d['hits_on_swap']}) | {d['recall_any']:.3f} | "
        f"{d['mt_sent']['findings']} | {d['mt_sent']['per_1000_words']} |", "",
        "By language: " + ", ".join(f"{k} {v['hits']}/{v['items']}" for k, v in d["by_language"].items()), "",
        "## Real MT: MQM zh-en (WMT23 general, 10 systems)", "",
        "| articles | words | gold pronoun errors | found | recall | GEN findings | on gold | precision | findings per 1,000 words |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {m['articles']} | {m['words']} | {m['gold_pronouns']} | {m['found']} | {m['recall']} | {m['findings']} | "
        f"{m['true_positives']} | {m['precision']} | {m['findings_per_1000_words']} |", "",
        "Gold categories (rater spans, before de-duplication): "
        + ", ".join(f"{k} {v}" for k, v in m["gold_categories"].items()), "",
        "## Real MT: MLQE-PE post-editors' pronoun corrections (train files, one sentence per article)", "",
        "| MT sentences whose pronoun gender the post-editor changed | found | recall | findings on MT the post-editor left alone | per 1,000 words |",
        "| ---: | ---: | ---: | ---: | ---: |",
        f"| {s['items']} | {s['hits']} | {s['recall']} | {s['false_alarms']} | {s['false_alarms_per_1000_words']} |", "",
        "By pair: " + ", ".join(f"{k} {v['hits']}/{v['swaps']} (false alarms {v['false_alarms']})"
                               for k, v in s["by_pair"].items()), "",
        "## Clean text", "",
        "| set | segments | words | findings | per 1,000 words | codes |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, cs in c.items():
        lines.append(f"| {name} | {cs['segments']} | {cs['words']} | {cs['findings']} | {cs['per_1000_words']} | "
                     + ", ".join(f"{k} {v}" for k, v in cs["by_code"].items()) + " |")
    lines.append(f"| demetr mt_sent | {d['mt_sent']['sentences']} | {d['mt_sent']['words']} | "
                 f"{d['mt_sent']['findings']} | {d['mt_sent']['per_1000_words']} | |")
    lines += ["", NOTES]
    lines += ["", "## MQM findings (true positives, then false ones)", ""]
    lines += [f"- hit: {h}" for h in m["hits"]]
    lines += [f"- false: {h}" for h in m["false_positives"]]
    lines += ["", "## MLQE-PE findings", ""]
    lines += [f"- hit: {h}" for h in s["hit_examples"]]
    lines += [f"- false: {h}" for h in s["false_alarm_examples"]]
    lines += ["", "## Clean-text findings", ""]
    for name, cs in c.items():
        lines += [f"- {name} {e['file']}:{e['line']} {e['code']}: {e['context']}" for e in cs["examples"]]
    lines += [f"- demetr mt_sent {e['id']}: {e['text']} ('{e['flagged']}')" for e in d["mt_sent"]["examples"]]
    lines += ["", "## MQM pronoun errors missed (first 40)", ""]
    lines += [f"- {h}" for h in m["missed_examples"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
