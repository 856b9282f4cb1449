"""``auditor fix``: apply safe rule fixes and gated model corrections, then write the
corrected articles (to --out DIR, in place, or to stdout), a diff, or a JSON report.

With ``--source`` (or JSONL ``source_text``) and ``--mt-model``, flagged sentences are
also re-translated from their source and gated (`auditor.correct.retranslate`)."""

from __future__ import annotations

import difflib
import json
from contextlib import ExitStack
import os
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

from auditor import __version__
from auditor.api import Auditor
from auditor.cli import options as opt
from auditor.cli.app import app
from auditor.cli.progress import progress_bar
from auditor.cli.writing import Router, is_jsonl, output_name
from auditor.errors import InputError, UsageError
from auditor.io.spool import spooled
from auditor.output._common import printable

_is_jsonl = is_jsonl


def _unique_paths(paths: list[str]) -> list[str]:
    """``paths`` without repeats of the same file or folder (through symbolic links and
    other spellings); ``-`` is kept as given."""
    seen: set[str] = set()
    out = []
    for path in paths:
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def _once_per_file(paths: list[str], read) -> Iterator[Any]:
    """The items of ``read([path])`` for each of ``paths``, without the articles of a file
    already read earlier in the run (a file named twice, through a link, or inside a folder
    also named): it would be fixed, and written, twice."""
    done: set[str] = set()
    for path in paths:
        current, skip = None, False
        for item in read([path]):
            name = getattr(item, "path", None) or ""
            if name in ("", "-", "<stdin>"):
                yield item
                continue
            if name != current:  # the next file (a JSONL file's records share its name)
                current = name
                key = os.path.realpath(name)
                skip = key in done
                done.add(key)
            if not skip:
                yield item


def _check_out(out: Path, paths: list[str]) -> None:
    """Refuse an ``--out`` folder that would overwrite or re-read the inputs."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is not a folder")
    real_out = os.path.realpath(out)
    for path in paths:
        if path == "-" or not os.path.exists(path):
            continue
        real = os.path.realpath(path)
        if os.path.isdir(path):
            if real_out == real or real_out.startswith(real.rstrip(os.sep) + os.sep):
                raise UsageError(f"--out {out} is inside the input folder {path}: it would overwrite or re-read "
                                 "the inputs (use --in-place to rewrite them, with backups)")
        elif os.path.realpath(os.path.join(real_out, output_name(Path(os.path.basename(path)), path))) == real:
            raise UsageError(f"--out {out} would overwrite the input {path} (use --in-place to rewrite it, with a backup)")


def _fix_on_ray(paths: list[str], out: Optional[str], output_format: str, o: dict[str, Any]) -> None:
    """``fix --engine ray``: the records of ``fix --format json``, sharded under --out
    (`auditor.cli.distributed`); exits with fix's code."""
    from auditor.cli import distributed
    from auditor.distributed.worker import Job

    fmt = distributed.out_format("fix", output_format)
    distributed.refuse(**{"--in-place": o["in_place"], "--diff": o["diff"], "--output": o["output"],
                          "--replace-text": o["replace_text"], "--stdin-filename": o["stdin_filename"],
                          "--jobs (use --workers)": o["jobs"] > 1})
    settings = opt.resolve_settings(o["config"], o["isolated"], o["select"], o["ignore"], None, o["include"], o["exclude"])
    fields = opt.read_options(settings, o["text_field"], o["title_field"], o["id_field"])
    use_model = not o["no_model"] and (o["model"] is not None or o["unsafe_fixes"])
    job = Job("fix", settings=settings, read_options=fields, block_size=o["block_size"], out_format=fmt,
              unsafe=o["unsafe_fixes"], source=str(o["source"]) if o["source"] else None,
              model=o["model"] if use_model else False, backend=o["backend"], beam=o["beam"], mt_model=o["mt_model"],
              mt_backend=o["mt_backend"], mt_margin=o["mt_margin"], debug=o["debug"])
    job.auditor()  # the configuration and selection are checked before Ray starts
    code = distributed.run_on_ray("fix", _unique_paths(paths), out, job, address=o["address"], workers=o["workers"],
                                  gpus_per_worker=o["gpus_per_worker"], mine=True, quiet=o["quiet"])
    if code:
        raise typer.Exit(code)


class _Stdout:
    """sys.stdout for a report, closed without closing the process's stdout."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def close(self) -> None:
        sys.stdout.flush()


def _report_stream(output: Optional[Path]):
    """Where a json/html report goes: FILE (written atomically on close) or stdout."""
    if output is None:
        return _Stdout()
    from auditor.atomic import AtomicTextFile

    try:
        return AtomicTextFile(output)
    except OSError as exc:
        raise UsageError(f"--output {output}: cannot write ({exc.strerror or exc})") from None


@app.command()
def fix(
    paths: list[str] = opt.Paths,
    out: Optional[str] = typer.Option(None, "--out", help="Write corrected articles under DIR (same relative paths; HTML as FILE.html.txt, WARC as FILE.warc.jsonl). DIR may not be, or lie inside, an input folder. With --engine ray: the folder (or URL) for the sharded fix records (--format jsonl or parquet); a rerun resumes."),
    in_place: bool = typer.Option(False, "--in-place", help="Replace the input files (text, Markdown, JSONL; atomically, only when something changed; FILE.orig keeps the original and is never overwritten)."),
    no_backup: bool = typer.Option(False, "--no-backup", help="With --in-place: keep no .orig copy."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff instead of writing."),
    output_format: str = typer.Option("text", "--format", "-f", help="text (corrected text / diff), json (every applied, suggested and rejected edit) or html (a page for editors: original and corrected side by side, every edit with its applicability, origin and evidence)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="With --format json or html: write the report to FILE instead of stdout."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply unsafe fixes: the rules' judgement calls and the model edits that passed the gate."),
    no_model: bool = typer.Option(False, "--no-model", help="Rule fixes only; do not load the correction model."),
    replace_text: bool = typer.Option(False, "--replace-text", help="JSONL: write the corrected text into the text field (the original goes to original_text) instead of adding corrected_text."),
    model: Optional[str] = typer.Option(None, "--model", help="A seq2seq model folder (transformers or ctranslate2).", show_default="the shipped one"),
    backend: str = typer.Option("auto", "--backend", help="auto, ctranslate2 or transformers."),
    beam: int = typer.Option(4, "--beam", min=1, help="Beam size of the model."),
    source: Optional[Path] = typer.Option(None, "--source", help="Source article(s), as for `check --source`: a file, or a folder paired with inputs by file name (story.it.txt for story.en.txt); JSONL source_text also works."),
    mt_model: Optional[str] = typer.Option(None, "--mt-model", help="A translation model folder (source language -> English; transformers or ctranslate2): re-translate flagged sentences from their source, gated; applied only with --unsafe-fixes."),
    mt_backend: str = typer.Option("auto", "--mt-backend", help="auto, ctranslate2 or transformers (for --mt-model)."),
    mt_margin: Optional[float] = typer.Option(None, "--mt-margin", help="Nats per token a re-translation must beat the current sentence by (default 0.5)."),
    select: Optional[list[str]] = opt.Select,
    ignore: Optional[list[str]] = opt.Ignore,
    config: Optional[Path] = opt.Config,
    isolated: bool = opt.NoConfig,
    include: Optional[list[str]] = opt.Include,
    exclude: Optional[list[str]] = opt.Exclude,
    text_field: Optional[str] = opt.TextField,
    title_field: Optional[str] = opt.TitleField,
    id_field: Optional[str] = opt.IdField,
    jobs: int = opt.Jobs,
    quiet: bool = opt.Quiet,
    debug: bool = opt.Debug,
    stdin_filename: Optional[str] = opt.StdinFilename,
    engine: str = opt.Engine,
    address: Optional[str] = opt.Address,
    workers: Optional[int] = opt.Workers,
    block_size: int = opt.BlockSize,
    gpus_per_worker: float = typer.Option(0.0, "--gpus-per-worker", min=0.0, help="With --engine ray: GPUs each actor asks for (the correction model runs there; fractions share a GPU)."),
) -> None:
    """Correct articles: safe rule fixes (and, with --unsafe-fixes, unsafe ones and the model corrections that pass the gate; with --source and --mt-model, gated re-translations).

    Exit code: 0 when every input was read and written, 1 when some could not be (each
    named on stderr; the rest is fixed), 2 when nothing could be read or on a usage error.
    """
    if engine not in ("local", "ray"):
        raise UsageError(f"unknown engine {engine!r} (choose local or ray)")
    if engine == "ray":
        _fix_on_ray(paths, out, output_format, locals())
        return
    if address or workers or gpus_per_worker:
        raise UsageError("--address, --workers and --gpus-per-worker go with --engine ray")
    out = Path(out) if out is not None else None
    if output_format not in ("text", "json", "html"):
        raise UsageError("--format must be text, json or html")
    report_format = output_format in ("json", "html")
    modes = sum([out is not None, in_place, diff, report_format])
    if modes > 1:
        raise UsageError("choose one of --out, --in-place, --diff and --format json/html")
    if output is not None and not report_format:
        raise UsageError("--output FILE goes with --format json or html (corrected texts: --out DIR or --in-place)")
    opt.check_stdin_filename(stdin_filename, paths)
    if in_place and "-" in paths:
        raise UsageError("--in-place cannot rewrite stdin")
    paths = _unique_paths(paths)
    to_stdout = modes == 0
    if to_stdout and (len(paths) != 1 or os.path.isdir(paths[0])):
        raise UsageError("several inputs: choose --out DIR, --in-place, --diff or --format json")
    if out is not None:
        _check_out(out, paths)
    settings = opt.resolve_settings(config, isolated, select, ignore, None, include, exclude)
    fields = opt.read_options(settings, text_field, title_field, id_field)
    if mt_model is not None and source is None and not any(p == "-" or _is_jsonl(p) or os.path.isdir(p) for p in paths):
        raise UsageError("--mt-model re-translates from the source text: give --source PATH (or JSONL input with a source_text field)")
    # model edits are unsafe: at the default level they are only suggestions, which only
    # --format json shows, so the default model is loaded only when its edits can be seen
    # or applied (a model named with --model is always loaded)
    use_model = not no_model and (model is not None or unsafe_fixes or report_format)
    auditor = Auditor(settings=settings, source=source, read_options=fields, notify=opt.notify, debug=debug,
                      model=model if use_model else False, backend=backend,
                      beam=beam, mt_model=mt_model, mt_backend=mt_backend, mt_margin=mt_margin)

    mine = "-" not in paths
    # a FIFO or <(cmd) yields its bytes once: copy it before the corpus pre-pass reads it
    spool = ExitStack()
    copies = spool.enter_context(spooled(paths)) if mine and auditor.needs_corpus else {}

    def read():
        return _once_per_file(paths, lambda some: auditor.read(some, copies=copies, stdin_name=stdin_filename))

    router = None
    if not diff and output_format == "text":
        router = Router("in-place" if in_place else "out" if out is not None else "stdout", out_dir=out, roots=paths,
                        keep_backup=not no_backup, text_field=fields.text_field, title_field=fields.title_field,
                        replace_text=replace_text,
                        report=lambda m: typer.echo(f"error: {printable(str(m))}", err=True),
                        notice=lambda m: None if quiet else typer.echo(f"note: {m}", err=True))
    read_errors = articles = changed = 0
    report = []
    report_stream = _report_stream(output) if report_format else None
    html_report = None
    if output_format == "html":
        from auditor.output.html import FixHtmlReport

        html_report = FixHtmlReport(report_stream, model=str(model or "default") if use_model else None)
    try:
        with progress_bar(enabled=not quiet and sys.stderr.isatty(), description="fixing") as bar:
            try:
                for result in auditor.fix_stream(read, unsafe=unsafe_fixes, mine=mine, jobs=jobs):
                    if isinstance(result, InputError):
                        read_errors += 1
                        typer.echo(f"error: {printable(str(result))}", err=True)
                        if router is not None:
                            router.error(result)
                        continue
                    item = result.article
                    articles += 1
                    changed += result.changed
                    bar.advance(item.word_count)
                    if output_format == "json":
                        report.append(result.to_dict())
                    elif html_report is not None:
                        html_report.add(result)
                    elif diff:
                        name = item.path or "<stdin>"  # --stdin-filename names it
                        label = f"{name}#{item.id}" if _is_jsonl(item.path) else name
                        sys.stdout.writelines(difflib.unified_diff(
                            item.text.splitlines(True), result.corrected.splitlines(True), f"a/{label}", f"b/{label}"))
                    else:
                        router.article(result)
                if router is not None:
                    router.close()
                if html_report is not None:
                    html_report.close()
                    report_stream.close()
            except BaseException:
                if router is not None:
                    router.abort()
                if report_stream is not None and hasattr(report_stream, "abort"):
                    report_stream.abort()  # a report file is written whole or not at all
                raise
    finally:
        spool.close()
    if output_format == "json":
        report_stream.write(json.dumps({"tool": "auditor", "version": __version__,
                                        "model": str(model or "default") if use_model else None,
                                        "mt_model": mt_model, "unsafe_fixes": unsafe_fixes,
                                        "articles": report}, ensure_ascii=False, indent=1) + "\n")
        report_stream.close()
    write_errors = router.errors if router is not None else 0
    if not quiet:
        typer.echo(f"{changed} article(s) changed; {read_errors} input error(s)"
                   + (f"; {write_errors} file(s) not written" if write_errors else ""), err=True)
    if articles == 0:
        typer.echo("error: no article could be read" + (f" ({read_errors} input error(s))" if read_errors else ""), err=True)
        raise typer.Exit(2)
    if read_errors or write_errors:
        raise typer.Exit(1)
