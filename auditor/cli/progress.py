"""A progress bar on stderr for long runs (rich), or a no-op when hidden."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


class _Bar:
    def __init__(self, progress=None, task=None):
        self._progress = progress
        self._task = task

    def advance(self, words: int = 0) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=1, words=self._progress.tasks[0].fields["words"] + words)


@contextmanager
def progress_bar(enabled: bool, description: str = "auditing") -> Iterator[_Bar]:
    if not enabled:
        yield _Bar()
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} articles, {task.fields[words]} words"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task(description, total=None, words=0)
        yield _Bar(progress, task)
