"""``auditor train``: train the correction model from a config file (resumable)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from auditor.cli.app import app
from auditor.errors import UsageError


@app.command("train")
def train_command(
    config: Path = typer.Option(..., "--config", "-c", help="Training config (e.g. configs/train-default.toml)."),
    resume: bool = typer.Option(False, "--resume", help="Continue from runs/<name>/checkpoint.pt."),
    stop_at: str = typer.Option(None, "--stop-at", help="Stop at this UTC time (ISO, e.g. 2026-11-28T01:15)."),
    max_minutes: float = typer.Option(None, "--max-minutes", help="Stop after this many minutes of training."),
    max_steps: int = typer.Option(None, "--max-steps", help="Stop after this many steps."),
    device: str = typer.Option(None, "--device", help="cpu or cuda (default: from the config)."),
) -> None:
    """Train the correction model; checkpoints, log.jsonl and the learning curve go to runs/<name>/."""
    if not config.is_file():
        raise UsageError(f"no such config file: {config}")
    from auditor.correct.train import TrainConfig, train

    cfg = TrainConfig.from_toml(config, stop_at=stop_at, max_minutes=max_minutes, max_steps=max_steps, device=device)

    def log(msg: str) -> None:
        typer.echo(f"[{dt.datetime.now(dt.timezone.utc):%H:%M:%S}] {msg}", err=True)

    ckpt = train(cfg, resume=resume, log=log)
    typer.echo(str(ckpt))
