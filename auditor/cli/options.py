"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from auditor.api import read_options_for
from auditor.api import resolve_settings as api_settings
from auditor.config import Settings
from auditor.errors import UsageError
from auditor.io import ReadOptions

Paths = typer.Argument(..., help="Files, directories or '-' for stdin (txt, md, jsonl, jsonl.gz, html, warc).")
Select = typer.Option(None, "--select", help="Rule code prefixes to enable (repeat or comma-separate); default: all.")
Ignore = typer.Option(None, "--ignore", help="Rule code prefixes to disable.")
Config = typer.Option(None, "--config", help="Configuration file (auditor.toml or pyproject.toml); default: discovered.")
NoConfig = typer.Option(False, "--isolated", help="Ignore configuration files.")
Include = typer.Option(None, "--include", help="Glob of files to read inside directories (repeatable).")
Exclude = typer.Option(None, "--exclude", help="Glob of files to skip inside directories (repeatable).")
TextField = typer.Option(None, "--text-field", help="JSONL field holding the article text.", show_default="text")
TitleField = typer.Option(None, "--title-field", help="JSONL field holding the headline.", show_default="title")
IdField = typer.Option(None, "--id-field", help="JSONL field holding the article id.", show_default="id")
Jobs = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes; output stays in input order.")
Quiet = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line.")
Debug = typer.Option(False, "--debug", help="Show tracebacks of internal errors.")
StdinFilename = typer.Option(None, "--stdin-filename", metavar="NAME", help="The file name of the text read from stdin ('-'): used in the output, and its extension picks the reader (.md, .html, .jsonl).")


def check_stdin_filename(name: Optional[str], paths: list[str]) -> None:
    """``--stdin-filename`` names stdin, so it needs ``-`` among the inputs."""
    if name is not None and "-" not in paths:
        raise UsageError("--stdin-filename names the text read from stdin: give '-' as the input")
    if name is not None and not name.strip():
        raise UsageError("--stdin-filename needs a non-empty NAME")


def resolve_settings(
    config: Optional[Path],
    isolated: bool,
    select: Optional[list[str]],
    ignore: Optional[list[str]],
    fail_on: Optional[str] = None,
    include: Optional[list[str]] = None,
    exclude: Optional[list[str]] = None,
) -> Settings:
    """Configuration file settings with the command line on top (`auditor.api.resolve_settings`).

    Warnings (rule codes that match no rule, options no rule declares) go to stderr,
    one line each, and the run goes on, as in ruff."""
    settings, warnings = api_settings(config, isolated, select, ignore, fail_on, include, exclude)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    return settings


def read_options(settings: Settings, text_field: Optional[str], title_field: Optional[str], id_field: Optional[str]) -> ReadOptions:
    """Reader options: JSONL field names (command line, then configuration, then defaults)
    and the configured include/exclude globs."""
    return read_options_for(settings, text_field, title_field, id_field)


def notify(level: str, message: str) -> None:
    """`auditor.api.Auditor`'s warnings and notes, one line each on stderr."""
    typer.echo(f"{level}: {message}", err=True)

# -- the distributed engine (auditor.distributed) ------------------------------------------
Engine = typer.Option("local", "--engine", help="local (this process, --jobs N workers) or ray (Ray Data: a local Ray, or the cluster at --address; needs --out).")
Address = typer.Option(None, "--address", help="With --engine ray: the Ray cluster to join (ray://HOST:10001, HOST:6379 or 'auto'); default: start a local Ray on this machine's CPUs.")
Workers = typer.Option(None, "--workers", min=1, help="With --engine ray: actors in the pool, each holding the loaded rules (and models).", show_default="one per CPU of the cluster")
BlockSize = typer.Option(1000, "--block-size", min=1, help="With --engine ray: articles per output part (the unit of work, retry and resume).")
