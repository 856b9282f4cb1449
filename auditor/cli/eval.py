"""``auditor eval``: detection (and fix) quality against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from auditor.api import Auditor
from auditor.cli import options as opt
from auditor.cli.app import app
from auditor.errors import InputError, UsageError
from auditor.scoring.gold import Evaluation, article_matches, gold_for, load_gold


@app.command("eval")
def eval_command(
    paths: list[str] = opt.Paths,
    gold: Path = typer.Option(..., "--gold", help="Gold annotations (JSONL; the format is in docs/eval.md)."),
    tier: Optional[list[str]] = typer.Option(None, "--tier", help="Only gold items with this tier (repeatable), e.g. core."),
    select: Optional[list[str]] = opt.Select,
    ignore: Optional[list[str]] = opt.Ignore,
    config: Optional[Path] = opt.Config,
    isolated: bool = opt.NoConfig,
    text_field: Optional[str] = opt.TextField,
    title_field: Optional[str] = opt.TitleField,
    id_field: Optional[str] = opt.IdField,
    chrf_threshold: float = typer.Option(80.0, "--chrf-threshold", help="chrF above which a proposed fix counts as matching the gold fix."),
    output_format: str = typer.Option("text", "--format", "-f", help="text, json or markdown."),
) -> None:
    """Precision, recall and F1 of the findings against gold spans (exact and overlap)."""
    if output_format not in ("text", "json", "markdown"):
        raise UsageError("--format must be text, json or markdown")
    settings = opt.resolve_settings(config, isolated, select, ignore)
    items, clean = load_gold(gold)
    if tier:
        items = [i for i in items if i.extra.get("tier") in set(tier)]
    auditor = Auditor(settings=settings, read_options=opt.read_options(settings, text_field, title_field, id_field),
                      notify=opt.notify)
    articles = []
    for item in auditor.read(paths):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    evaluation = Evaluation(chrf_threshold=chrf_threshold)
    single = len(articles) == 1
    for article, report in zip(articles, auditor.check_many(articles)):  # the corpus pre-pass over them all
        is_clean = any(article_matches(article, name, single) for name in clean)
        evaluation.add(article, report.findings, gold_for(article, items, single, str(gold)), is_clean)
    doc = evaluation.to_dict()
    if output_format == "json":
        typer.echo(json.dumps(doc, indent=1))
        return
    typer.echo(render_eval(doc, markdown=output_format == "markdown"))


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.2f}"


def render_eval(doc: dict, markdown: bool = False) -> str:
    def table(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
        if markdown:
            return [f"**{title}**", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header),
                    *("| " + " | ".join(r) + " |" for r in rows), ""]
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths))  # noqa: E731
        return [title, line(header), *(line(r) for r in rows), ""]

    out: list[str] = []
    prf = ["P", "R", "F1"]
    out += table("overall", ["match", "tp", "fp", "fn", *prf], [
        [m, str(c["tp"]), str(c["fp"]), str(c["fn"]), _fmt(c["precision"]), _fmt(c["recall"]), _fmt(c["f1"])]
        for m, c in doc["overall"].items()])
    out += table("by artifact type", ["type", "found (exact)", "found (overlap)", "R exact", "R overlap", "P overlap", "F1 overlap"], [
        [t, f"{v['exact']['tp']}/{v['exact']['tp'] + v['exact']['fn']}", f"{v['overlap']['tp']}/{v['overlap']['tp'] + v['overlap']['fn']}",
         _fmt(v["exact"]["recall"]), _fmt(v["overlap"]["recall"]), _fmt(v["overlap"]["precision"]), _fmt(v["overlap"]["f1"])]
        for t, v in doc["by_type"].items()])
    out += table("by family (findings of category X vs gold X.*; overlap)", ["family", "tp", "fp", "fn", *prf], [
        [k, str(v["overlap"]["tp"]), str(v["overlap"]["fp"]), str(v["overlap"]["fn"]), _fmt(v["overlap"]["precision"]),
         _fmt(v["overlap"]["recall"]), _fmt(v["overlap"]["f1"])] for k, v in doc["by_family"].items()])
    out += table("by rule (precision; overlap)", ["rule", "findings", "matching gold", "P overlap", "P exact"], [
        [k, str(v["overlap"]["tp"] + v["overlap"]["fp"]), str(v["overlap"]["tp"]), _fmt(v["overlap"]["precision"]),
         _fmt(v["exact"]["precision"])] for k, v in doc["by_rule"].items()])
    fx = doc["fixes"]
    out.append(f"fixes: {fx['gold_fixes']} gold fixes, {fx['proposed']} with a proposed replacement, "
               f"{fx['exact']} exact, {fx['chrf_ok']} with chrF >= {fx['chrf_threshold']:g}")
    if doc["clean"]["words"]:
        out.append(f"clean articles: {doc['clean']['findings']} findings in {doc['clean']['words']} words "
                   f"({doc['clean']['per_1000_words']} per 1,000 words)")
    return "\n".join(out)
