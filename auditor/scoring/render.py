"""Render score reports as a text table, JSON or Markdown (for a CI step summary)."""

from __future__ import annotations

import json
from typing import Any

from auditor import __version__


def score_report(scores, paired, sentences, ids, meta: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {"tool": "auditor", "version": __version__, **meta,
                           "corpus": [s.to_dict() for s in scores]}
    if paired:
        doc["paired"] = [p.to_dict() for p in paired]
    if sentences:
        doc["segments"] = [{"id": i, **{m: round(v[n], 4) for m, v in sentences.items()}} for n, i in enumerate(ids)]
    return doc


def render_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _rows(doc: dict[str, Any], width: int) -> tuple[list[list[str]], list[list[str]]]:
    corpus = [[s["label"], s["formatted"], s["signature"]] for s in doc["corpus"]]
    paired = []
    for p in doc.get("paired", []):
        ci = f"[{p['ci95'][0]:.{width}f}, {p['ci95'][1]:.{width}f}]" if p["ci95"] else "-"
        paired.append([p["metric"], p["test"], f"{p['baseline']:.{width}f}", f"{p['system']:.{width}f}",
                       f"{p['delta']:+.{width}f}", ci, f"{p['p_value']:.4f}", "yes" if p["significant"] else "no"])
    return corpus, paired


def render_text(doc: dict[str, Any], width: int = 1) -> str:
    corpus, paired = _rows(doc, width)
    out = [f"{'metric':<8} {'score':>8}  signature"]
    out += [f"{m:<8} {s:>8}  {sig}" for m, s, sig in corpus]
    if paired:
        out.append("")
        out.append("paired test vs baseline (95% CI of the system; p < 0.05 = significant)")
        out.append(f"{'metric':<7} {'test':<4} {'baseline':>9} {'system':>9} {'delta':>8} {'CI95':>18} {'p':>7} sig")
        out += [f"{r[0]:<7} {r[1]:<4} {r[2]:>9} {r[3]:>9} {r[4]:>8} {r[5]:>18} {r[6]:>7} {r[7]}" for r in paired]
    if "segments" in doc:
        metrics = [k for k in doc["segments"][0] if k != "id"] if doc["segments"] else []
        out.append("")
        out.append("segment " + " ".join(f"{m:>8}" for m in metrics))
        out += [f"{s['id']:<7} " + " ".join(f"{s[m]:>8.{width}f}" for m in metrics) for s in doc["segments"]]
    return "\n".join(out)


def render_markdown(doc: dict[str, Any], width: int = 1) -> str:
    corpus, paired = _rows(doc, width)
    out = ["| metric | score | signature |", "| --- | ---: | --- |"]
    out += [f"| {m} | {s} | `{sig}` |" for m, s, sig in corpus]
    if paired:
        out += ["", "| metric | test | baseline | system | delta | 95% CI | p | significant |",
                "| --- | --- | ---: | ---: | ---: | --- | ---: | --- |"]
        out += ["| " + " | ".join(r) + " |" for r in paired]
    return "\n".join(out)
