"""``auditor check``: audit articles and report findings."""

from __future__ import annotations

import dataclasses
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Optional

import typer

from auditor.api import Auditor
from auditor.baseline import Baseline
from auditor.cli import options as opt
from auditor.cli.app import app
from auditor.cli.progress import progress_bar
from auditor.errors import InputError, UsageError
from auditor.io import iter_articles
from auditor.io.spool import spooled
from auditor.output import FORMATS, Renderer, get_formatter
from auditor.output._common import printable
from auditor.report import Summary


@app.command()
def check(
    paths: list[str] = opt.Paths,
    output_format: str = typer.Option("text", "--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE instead of stdout."),
    select: Optional[list[str]] = opt.Select,
    ignore: Optional[list[str]] = opt.Ignore,
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a finding is at or above: info, warning, error.", show_default="error"),
    config: Optional[Path] = opt.Config,
    isolated: bool = opt.NoConfig,
    include: Optional[list[str]] = opt.Include,
    exclude: Optional[list[str]] = opt.Exclude,
    text_field: Optional[str] = opt.TextField,
    title_field: Optional[str] = opt.TitleField,
    id_field: Optional[str] = opt.IdField,
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Report only findings not in FILE; when FILE does not exist, record the current findings in it."),
    update_baseline: bool = typer.Option(False, "--update-baseline", help="Rewrite the --baseline file with the current findings."),
    mine: bool = typer.Option(True, "--mine/--no-mine", help="Mine boilerplate that recurs across the batch (a second read of the input; off for stdin)."),
    jobs: int = opt.Jobs,
    quiet: bool = opt.Quiet,
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the text output.", show_default="when on a terminal"),
    debug: bool = opt.Debug,
    stdin_filename: Optional[str] = opt.StdinFilename,
    source: Optional[Path] = typer.Option(None, "--source", help="Source article(s) for the SRC checks: a file, or a folder paired with inputs by file name (story.it.txt for story.en.txt)."),
    engine: str = opt.Engine,
    address: Optional[str] = opt.Address,
    out: Optional[str] = typer.Option(None, "--out", help="With --engine ray: the folder (or URL) for the sharded records (--format jsonl or parquet), errors.txt and summary.json; a rerun resumes."),
    workers: Optional[int] = opt.Workers,
    block_size: int = opt.BlockSize,
) -> None:
    """Audit articles for machine-translation artifacts."""
    if engine not in ("local", "ray"):
        raise UsageError(f"unknown engine {engine!r} (choose local or ray)")
    if engine == "ray":
        from auditor.cli import distributed

        out_format = distributed.out_format("check", output_format)
    elif out or address or workers:
        raise UsageError("--out, --address and --workers go with --engine ray")
    elif output_format not in FORMATS:
        raise UsageError(f"unknown format {output_format!r} (choose from {', '.join(FORMATS)})")
    opt.check_stdin_filename(stdin_filename, paths)
    if update_baseline and baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE")
    settings = opt.resolve_settings(config, isolated, select, ignore, fail_on, include, exclude)
    read_options = opt.read_options(settings, text_field, title_field, id_field)
    if engine == "ray":
        from auditor.distributed.worker import Job

        distributed.refuse(**{"--output": output, "--baseline": baseline, "--stdin-filename": stdin_filename,
                              "--jobs (use --workers)": jobs > 1, "--color": color})
        job = Job("check", settings=settings, read_options=read_options, block_size=block_size, out_format=out_format,
                  source=str(source) if source else None, debug=debug)
        job.auditor()  # the configuration and selection are checked before Ray starts
        code = distributed.run_on_ray("check", paths, out, job, address=address, workers=workers, mine=mine,
                                      quiet=quiet, fail_on=settings.fail_on)
        if code:
            raise typer.Exit(code)
        return
    recording = baseline is not None and (update_baseline or not baseline.exists())
    if recording:
        Baseline.check_target(baseline)  # before the run, not after it
    auditor = Auditor(settings=settings, baseline=None if recording or baseline is None else Baseline.load(baseline),
                      source=source, read_options=read_options, notify=opt.notify, debug=debug)

    started = time.perf_counter()
    summary = Summary()
    new_baseline = Baseline() if recording else None
    with ExitStack() as stack:
        two_passes = mine and auditor.needs_corpus and "-" not in paths
        # a FIFO or <(cmd) yields its bytes once: copy it before the first of two reads
        copies = stack.enter_context(spooled(paths)) if two_passes else {}

        use_color = color if color is not None else (output is None and sys.stdout.isatty())
        formatter_class = get_formatter(output_format)
        # workers that parse, audit and render (this process only splits the input and
        # writes): for a format that renders articles one by one, unless the articles
        # must come back here (a baseline to record, sources to pair, stdin renamed)
        rendered = (jobs > 1 and formatter_class.renders_alone and new_baseline is None and source is None
                    and stdin_filename is None)
        if rendered:
            from auditor.pipeline import Rendered, check_stream

            options = dataclasses.replace(auditor.read_options, defer=True)
            renderer = Renderer(output_format, color=use_color, rules=auditor.rules)
            reports = check_stream(auditor.engine, lambda: iter_articles(paths, options, copies=copies), renderer,
                                   options=options, jobs=jobs, mine=two_passes, warm_up=auditor.warm_up)
        else:
            def read():
                return auditor.read(paths, copies=copies, stdin_name=stdin_filename)

            reports = auditor.audit_stream(read, mine=two_passes, jobs=jobs)  # the corpus pre-pass runs here
        # a file name that is not UTF-8 holds lone surrogates: written as \udcXX escapes
        # (valid inside JSON strings) instead of stopping the run
        stream = (stack.enter_context(open(output, "w", encoding="utf-8", errors="backslashreplace")) if output
                  else _tolerant(sys.stdout))
        formatter = formatter_class(stream, color=use_color)
        formatter.begin(auditor.rules)
        bar = stack.enter_context(progress_bar(enabled=not quiet and sys.stderr.isatty()))
        for item in reports:
            if isinstance(item, InputError):
                message = printable(str(item))  # a file name may hold escape sequences
                summary.add_input_error(message)
                typer.echo(f"error: {message}", err=True)
                continue
            for message in item.errors:
                typer.echo(f"error: {printable(message)}", err=True)
            if rendered and isinstance(item, Rendered):
                item.add_to(summary)
                formatter.emit(item.output)
                bar.advance(item.words)
                continue
            if new_baseline is not None:
                new_baseline.record(item.article, item.findings)
            summary.add(item)
            formatter.article(item)
            bar.advance(item.article.word_count)
        summary.seconds = time.perf_counter() - started
        formatter.end(summary)
    if new_baseline is not None:
        new_baseline.save(baseline)
        typer.echo(f"baseline: recorded {summary.findings} finding(s) in {printable(str(baseline))}", err=True)
    if not quiet:
        typer.echo(summary.line(), err=True)
    if summary.articles == 0 and summary.errors:
        raise typer.Exit(2)  # nothing could be read: the request itself cannot be served
    if new_baseline is None and summary.worst_at_least(settings.fail_on):
        raise typer.Exit(1)


def _tolerant(stream):
    """``stream`` (stdout) set to write what UTF-8 cannot encode as backslash escapes."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass
    return stream
