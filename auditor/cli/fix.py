"""``auditor fix``: apply safe rule fixes and gated model corrections, then write the
corrected articles (to --out DIR, in place, or to stdout), a diff, or a JSON report.

With ``--source`` (or JSONL ``source_text``) and ``--mt-model``, flagged sentences are
also re-translated from their source and gated (`auditor.correct.retranslate`)."""

from __future__ import annotations

import difflib
import gzip
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Optional

import typer

from auditor import __version__
from auditor.cli import options as opt
from auditor.cli.app import app
from auditor.cli.progress import progress_bar
from auditor.errors import InputError, ModelError, UsageError
from auditor.fix import FixResult
from auditor.io import iter_articles
from auditor.pipeline import fix_stream, prepare_corpus
from auditor.rules.engine import Engine

_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def _is_jsonl(path: str) -> bool:
    return path.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson"))


def _relative(article_path: str, roots: list[str]) -> Path:
    """The article's file path relative to the argument it came from."""
    for root in roots:
        if root != "-" and os.path.isdir(root):
            try:
                rel = os.path.relpath(article_path, root)
            except ValueError:
                continue
            if not rel.startswith(".."):
                return Path(rel)
    return Path(os.path.basename(article_path) or "stdin.txt")


class _AtomicWriter:
    """Write a file through a temporary sibling, renamed into place on close."""

    def __init__(self, target: Path, gz: bool = False):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        self._raw = os.fdopen(fd, "wb")
        # gzip does not close the file it wraps; TextIOWrapper does, and closing twice is harmless
        self.handle: IO[str] = (gzip.open(self._raw, "wt", encoding="utf-8") if gz
                                else io.TextIOWrapper(self._raw, encoding="utf-8"))

    def write(self, text: str) -> None:
        self.handle.write(text)

    def close(self, backup: bool = False) -> None:
        self.handle.close()
        self._raw.close()
        if backup and self.target.exists():
            shutil.copy2(self.target, self.target.with_name(self.target.name + ".orig"))
        if self.target.exists():
            shutil.copymode(self.target, self.tmp)
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        self.handle.close()
        self._raw.close()
        os.unlink(self.tmp)


def _record_line(result: FixResult, text_field: str) -> str:
    record = dict(result.article.record or {"id": result.article.id, text_field: result.article.text})
    title, text = result.article.split_title(result.corrected, result.applied)
    record["corrected_text"] = text
    if title is not None:  # a headline audited in front of the text (auditor.document.with_title)
        record["corrected_title"] = title
    record["edits"] = [e.to_dict() for e in result.applied]
    return json.dumps(record, ensure_ascii=False) + "\n"


def _load_corrector(no_model: bool, model: Optional[str], backend: str, beam: int):
    if no_model:
        return None
    from auditor.correct import Corrector
    from auditor.correct.backends import default_model_dir, load_backend

    if model is None and not default_model_dir().is_dir():
        typer.echo("warning: no default correction model is installed; using rule fixes only", err=True)
        return None
    try:
        return Corrector(load_backend(model, backend=backend), beam_size=beam)
    except ModelError:
        raise
    except Exception as exc:  # a broken model folder must be a clean error
        raise ModelError(f"cannot load the correction model: {exc}") from None


def _load_retranslator(mt_model: Optional[str], mt_backend: str, beam: int, margin: Optional[float]):
    if mt_model is None:
        return None
    from auditor.correct.backends import read_meta
    from auditor.correct.retranslate import RetranslateConfig, Retranslator, load_mt_backend

    path = Path(mt_model)
    if not path.is_dir():  # never a hub id: the translation model is a local folder
        raise ModelError(f"--mt-model {mt_model}: no such model folder")
    if read_meta(path).get("target") in ("span", "window"):
        raise ModelError(f"--mt-model {mt_model} is a post-editing model (use it with --model), not a translation model")
    hf = path / "transformers" if (path / "transformers" / "config.json").is_file() else path
    if mt_backend != "ctranslate2" and not (path / "model.bin").is_file() and (hf / "config.json").is_file():
        try:
            hf_config = json.loads((hf / "config.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"--mt-model {mt_model}: unreadable config.json ({exc})") from None
        if not hf_config.get("is_encoder_decoder"):
            raise ModelError(f"--mt-model {mt_model} is not a seq2seq (encoder-decoder) translation model "
                             f"(model_type {hf_config.get('model_type')!r})")
    try:
        backend_ = load_mt_backend(path, backend=mt_backend)
    except Exception as exc:  # a broken model folder must be a clean, one-line error
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load the translation model {mt_model}: {detail}") from None
    config = RetranslateConfig(beam_size=beam)
    if margin is not None:
        config.margin = margin
    return Retranslator(backend_, config=config)


@app.command()
def fix(
    paths: list[str] = opt.Paths,
    out: Optional[Path] = typer.Option(None, "--out", help="Write corrected articles under DIR (same relative paths and formats)."),
    in_place: bool = typer.Option(False, "--in-place", help="Replace the input files (atomically; FILE.orig keeps the original)."),
    no_backup: bool = typer.Option(False, "--no-backup", help="With --in-place: keep no .orig copy."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff instead of writing."),
    output_format: str = typer.Option("text", "--format", "-f", help="text (corrected text / diff) or json (every applied and rejected edit)."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply unsafe rule fixes."),
    no_model: bool = typer.Option(False, "--no-model", help="Rule fixes only; do not load the correction model."),
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
) -> None:
    """Correct articles: safe rule fixes plus model corrections that pass the gate (and, with --source and --mt-model, gated re-translations of flagged sentences)."""
    if output_format not in ("text", "json"):
        raise UsageError("--format must be text or json")
    modes = sum([out is not None, in_place, diff, output_format == "json"])
    if modes > 1:
        raise UsageError("choose one of --out, --in-place, --diff and --format json")
    if in_place and "-" in paths:
        raise UsageError("--in-place cannot rewrite stdin")
    to_stdout = modes == 0
    if to_stdout and (len(paths) != 1 or os.path.isdir(paths[0])):
        raise UsageError("several inputs: choose --out DIR, --in-place, --diff or --format json")
    settings = opt.resolve_settings(config, isolated, select, ignore, None, include, exclude)
    fields = opt.read_options(settings, text_field, title_field, id_field)
    engine = Engine(settings, debug=debug)
    if engine.needs_corpus and "-" not in paths:
        prepare_corpus(engine, lambda: iter_articles(paths, fields))
    if mt_model is not None and source is None and not any(p == "-" or _is_jsonl(p) or os.path.isdir(p) for p in paths):
        raise UsageError("--mt-model re-translates from the source text: give --source PATH (or JSONL input with a source_text field)")
    from auditor.source.pairing import with_sources

    def make_tools():  # fix_stream calls it here, or with --jobs N once in each worker after the fork
        return _load_corrector(no_model, model, backend, beam), _load_retranslator(mt_model, mt_backend, beam, mt_margin)

    writer: _AtomicWriter | None = None
    writer_source = ""
    errors = 0
    changed = 0
    report = []

    def close_writer() -> None:
        nonlocal writer
        if writer is not None:
            writer.close(backup=in_place and not no_backup)
            writer = None

    with progress_bar(enabled=not quiet and sys.stderr.isatty(), description="fixing") as bar:
        try:
            items = with_sources(iter_articles(paths, fields), source)
            for result in fix_stream(engine, items, make_tools, unsafe=unsafe_fixes, jobs=jobs):
                if isinstance(result, InputError):
                    errors += 1
                    typer.echo(f"error: {result}", err=True)
                    continue
                item = result.article
                changed += result.changed
                bar.advance(item.word_count)
                path = item.path
                if output_format == "json":
                    report.append(result.to_dict())
                elif diff:
                    name = path or "<stdin>"
                    label = f"{name}#{item.id}" if _is_jsonl(path) else name
                    sys.stdout.writelines(difflib.unified_diff(
                        item.text.splitlines(True), result.corrected.splitlines(True), f"a/{label}", f"b/{label}"))
                elif to_stdout:
                    sys.stdout.write(_record_line(result, fields.text_field) if _is_jsonl(path) else result.corrected)
                else:
                    if writer is None or writer_source != path:
                        close_writer()
                        if in_place:
                            if not (_is_jsonl(path) or path.lower().endswith(_TEXT_SUFFIXES)):
                                raise UsageError(f"{path}: --in-place rewrites text, Markdown and JSONL files only (use --out)")
                            target = Path(path)
                        else:
                            rel = _relative(path, paths)
                            if not (_is_jsonl(path) or path.lower().endswith(_TEXT_SUFFIXES)):
                                rel = rel.with_name(rel.name + (".jsonl" if ".warc" in rel.name else ".txt"))
                            target = out / rel
                        writer = _AtomicWriter(target, gz=target.name.endswith(".gz"))
                        writer_source = path
                    if _is_jsonl(path) or ".warc" in writer.target.name:
                        writer.write(_record_line(result, fields.text_field))
                    else:
                        writer.write(result.corrected)
            close_writer()
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
    if output_format == "json":
        typer.echo(json.dumps({"tool": "auditor", "version": __version__, "model": None if no_model else str(model or "default"),
                               "mt_model": mt_model,
                               "articles": report}, ensure_ascii=False, indent=1))
    if not quiet:
        typer.echo(f"{changed} article(s) changed; {errors} input error(s)", err=True)
