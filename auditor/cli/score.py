"""``auditor score``: BLEU, chrF, chrF++ and TER with sacrebleu, and paired tests."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from auditor.cli.app import app
from auditor.errors import UsageError
from auditor.scoring.inputs import align
from auditor.scoring.metrics import METRIC_NAMES, MetricOptions, corpus_scores, sentence_scores
from auditor.scoring.render import render_json, render_markdown, render_text, score_report
from auditor.scoring.significance import paired_test


@app.command()
def score(
    hyp: Path = typer.Option(..., "--hyp", help="Hypotheses (plain text, one segment per line, or JSONL)."),
    ref: list[Path] = typer.Option(..., "--ref", help="Reference file (repeat for several references)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Baseline hypotheses (e.g. the raw MT) for paired tests."),
    metrics: str = typer.Option("bleu,chrf,chrf++,ter", "--metrics", "-m", help=f"Comma-separated: {', '.join(METRIC_NAMES)}."),
    tokenize: Optional[str] = typer.Option(None, "--tokenize", "-tok", help="BLEU tokenizer: 13a (default), intl, zh, char, none; ja-mecab needs sacrebleu[ja], flores101/flores200 their SentencePiece model already on disk (never downloaded)."),
    lowercase: bool = typer.Option(False, "--lowercase", "-lc", help="Case-insensitive BLEU and chrF."),
    trg_lang: str = typer.Option("en", "--trg-lang", help="Target language (BLEU picks its default tokenizer from it)."),
    sentence_level: bool = typer.Option(False, "--sentence-level", help="Also score every segment."),
    paired: str = typer.Option("both", "--paired", help="With --baseline: bs (bootstrap), ar (approximate randomisation) or both."),
    samples: int = typer.Option(0, "--samples", help="Resamples/trials (0 = sacrebleu's defaults: 1000 bs, 10000 ar)."),
    seed: int = typer.Option(12345, "--seed", help="Random seed of the paired tests."),
    field: str = typer.Option("text", "--field", help="JSONL field with the text (hypotheses and baseline)."),
    ref_field: Optional[str] = typer.Option(None, "--ref-field", help="JSONL field of the references.", show_default="--field"),
    id_field: str = typer.Option("id", "--id-field", help="JSONL field used to align articles."),
    output_format: str = typer.Option("text", "--format", "-f", help="text, json, markdown or html (a self-contained page)."),
    width: int = typer.Option(1, "--width", "-w", help="Decimals printed (as sacrebleu's -w)."),
) -> None:
    """Score hypotheses against references with sacrebleu (and against a baseline)."""
    names = [m.strip().lower() for m in metrics.split(",") if m.strip()]
    bad = [m for m in names if m not in METRIC_NAMES]
    if bad or not names:
        raise UsageError(f"unknown metric(s) {bad} (choose from {', '.join(METRIC_NAMES)})")
    if output_format not in ("text", "json", "markdown", "html"):
        raise UsageError("--format must be text, json, markdown or html")
    if paired not in ("bs", "ar", "both"):
        raise UsageError("--paired must be bs, ar or both")
    options = MetricOptions(tokenize=tokenize, lowercase=lowercase, trg_lang=trg_lang)
    hyps, refs, base, ids = align(hyp, ref, baseline, field, id_field, ref_field)
    scores = corpus_scores(hyps, refs, names, options, width)
    results = []
    if base is not None:
        for test in (("bs", "ar") if paired == "both" else (paired,)):
            results += paired_test(base, hyps, refs, names, options, test, samples, seed)
    sentences = sentence_scores(hyps, refs, names, options) if sentence_level else {}
    doc = score_report(scores, results, sentences, ids, {
        "hyp": str(hyp), "refs": [str(r) for r in ref], "baseline": str(baseline) if baseline else None,
        "segments_count": len(hyps)})
    if output_format == "html":
        from auditor.output.html import render_score_html

        typer.echo(render_score_html(doc, width), nl=False)
        return
    render = {"json": render_json, "markdown": lambda d: render_markdown(d, width), "text": lambda d: render_text(d, width)}
    typer.echo(render[output_format](doc))
