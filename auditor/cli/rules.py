"""``auditor rules`` and ``auditor rule CODE``: the rule catalogue."""

from __future__ import annotations

import json

import typer

from auditor.cli.app import app
from auditor.errors import UsageError
from auditor.rules.base import all_rules


@app.command("rules")
def rules_command(
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """List every rule: code, name, family, default severity, fix availability."""
    rules = all_rules()
    if output_format == "json":
        typer.echo(json.dumps([
            {"code": c, "name": r.name, "family": r.family, "severity": r.severity.value,
             "fix": r.fixable, "summary": r.summary()} for c, r in rules.items()
        ], indent=1))
        return
    if output_format != "text":
        raise UsageError("--format must be text or json")
    typer.echo(f"{'CODE':<8} {'NAME':<34} {'FAMILY':<13} {'SEVERITY':<8} FIX")
    for code, rule in rules.items():
        typer.echo(f"{code:<8} {rule.name:<34} {rule.family:<13} {rule.severity.value:<8} {rule.fixable}")


@app.command("rule")
def rule_command(code: str = typer.Argument(..., help="A rule code, e.g. RES001.")) -> None:
    """Print the documentation of one rule."""
    rules = all_rules()
    rule = rules.get(code.upper())
    if rule is None:
        raise UsageError(f"unknown rule {code!r} (see `auditor rules`)")
    typer.echo(f"{rule.code} {rule.name} ({rule.family}, {rule.severity.value}, fix: {rule.fixable})\n")
    typer.echo(rule.doc())
