"""``auditor check|fix ... --engine ray``: the CLI's face of `auditor.distributed`.

Parses nothing of its own (the commands pass their options), runs
`auditor.distributed.runner.run` on a local Ray or the cluster at ``--address``, shows a
progress bar on a terminal, prints the one-line errors as blocks finish, the summary at
the end, and returns the command's exit code.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Optional

import typer

from auditor.errors import UsageError

OUT_FORMATS = ("jsonl", "parquet")


def out_format(command: str, value: str) -> str:
    """The parts' format: ``jsonl`` (the default, also for ``text`` and ``fix --format
    json``) or ``parquet``."""
    if value in ("text", "jsonl") or (command == "fix" and value == "json"):
        return "jsonl"
    if value == "parquet":
        return value
    raise UsageError(f"--engine ray writes jsonl or parquet parts, not {value!r}")


def refuse(**given: Any) -> None:
    """A `UsageError` for an option that the distributed engine does not take."""
    for name, value in given.items():
        if value:
            raise UsageError(f"{name} is not available with --engine ray")


def run_on_ray(command: str, paths: list[str], out: Optional[str], job: Any, *, address: Optional[str],
               workers: Optional[int], gpus_per_worker: float = 0, mine: bool = True, quiet: bool = False,
               fail_on: Any = None) -> int:
    """Run ``job`` over ``paths`` into ``out``; the exit code of ``auditor check`` (0, 1
    for findings at ``fail_on``, 2 when nothing could be read) or ``auditor fix`` (0, 1
    when some input could not be read, 2 when none could)."""
    if not out:
        raise UsageError("--engine ray writes sharded parts: give --out DIR (a folder or a URL)")
    if "-" in paths:
        raise UsageError("--engine ray reads files and URLs, not stdin ('-')")
    from auditor.distributed.cluster import connected
    from auditor.distributed.runner import run

    started = time.perf_counter()
    show = not quiet and sys.stderr.isatty()
    with connected(address) as ray, _Progress(show, command) as bar:
        result = run(paths, out, job, workers=workers, gpus_per_worker=gpus_per_worker, mine=mine,
                     on_stage=bar.stage, on_block=bar.block)
        del ray
    summary = result.summary
    summary.seconds = time.perf_counter() - started
    if not quiet:
        done = f"{result.blocks} part(s) in {out}" + (f" ({result.resumed} already written)" if result.resumed else "")
        if command == "fix":
            typer.echo(f"{result.changed} article(s) changed; {summary.errors} input error(s); {done}", err=True)
        else:
            typer.echo(f"{summary.line()}; {done}", err=True)
    if summary.articles == 0:
        if command == "fix":
            typer.echo(f"error: no article could be read ({summary.errors} input error(s))", err=True)
        return 2 if summary.errors or command == "fix" else 0
    if command == "fix":
        return 1 if summary.errors else 0
    return 1 if fail_on is not None and summary.worst_at_least(fail_on) else 0


class _Progress:
    """Blocks done of all, articles and words on stderr (rich, a terminal only); each
    block's one-line errors are printed as it finishes, bar or not."""

    def __init__(self, enabled: bool, command: str):
        self.enabled = enabled
        self.command = command
        self.progress = None
        self.task = None
        self.articles = self.words = 0

    def __enter__(self) -> "_Progress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("parts, {task.fields[articles]} articles, {task.fields[words]} words"),
                                     TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)

    def stage(self, name: str, total: int, done: int) -> None:
        if self.progress is None:
            return
        if self.task is not None:
            self.progress.remove_task(self.task)
        label = "mining the batch (pass 1 of 2)" if name == "prepass" else ("fixing" if self.command == "fix" else "auditing")
        self.task = self.progress.add_task(label, total=total if name != "prepass" else None, completed=done,
                                           articles=self.articles, words=self.words)

    def block(self, manifest: dict[str, Any]) -> None:
        for message in manifest.get("errors", []):
            typer.echo(f"error: {message}", err=True)
        self.articles += manifest["articles"]
        self.words += manifest["words"]
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, advance=1, articles=self.articles, words=self.words)
