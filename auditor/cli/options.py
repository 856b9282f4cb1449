"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from auditor.config import Settings, load_settings
from auditor.io import ReadOptions
from auditor.errors import UsageError
from auditor.findings import Severity
from auditor.rules.base import unknown_selectors

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


def split_codes(values: Optional[list[str]]) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip().upper() for v in value.split(",") if v.strip())
    return out


def resolve_settings(
    config: Optional[Path],
    isolated: bool,
    select: Optional[list[str]],
    ignore: Optional[list[str]],
    fail_on: Optional[str] = None,
    include: Optional[list[str]] = None,
    exclude: Optional[list[str]] = None,
) -> Settings:
    """Configuration file settings with the command line on top.

    Warnings (rule codes that match no rule, options no rule declares) go to stderr,
    one line each, and the run goes on, as in ruff."""
    settings = Settings() if isolated else load_settings(config)
    warnings = list(settings.warnings)
    if select:
        settings.select = split_codes(select)
        warnings.extend(f"--select: {p!r} matches no rule" for p in unknown_selectors(settings.select))
    if ignore:
        codes = split_codes(ignore)
        settings.ignore = settings.ignore + codes
        warnings.extend(f"--ignore: {p!r} matches no rule" for p in unknown_selectors(codes))
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    if fail_on:
        try:
            settings.fail_on = Severity.parse(fail_on)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if include:
        settings.include = list(include)
    if exclude:
        settings.exclude = settings.exclude + list(exclude)
    return settings


def read_options(settings: Settings, text_field: Optional[str], title_field: Optional[str], id_field: Optional[str]) -> ReadOptions:
    """Reader options: JSONL field names (command line, then configuration, then defaults)
    and the configured include/exclude globs."""
    return ReadOptions(
        text_field=text_field or settings.fields.get("text-field", "text"),
        title_field=title_field or settings.fields.get("title-field", "title"),
        id_field=id_field or settings.fields.get("id-field", "id"),
        include=tuple(settings.include),
        exclude=tuple(settings.exclude),
    )
