"""``auditor model``: convert, export and describe correction models."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from auditor.cli.app import app
from auditor.errors import UsageError

model_app = typer.Typer(help="Convert, export and describe correction models.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("convert")
def convert_command(
    src: Path = typer.Argument(..., help="A transformers seq2seq model folder (safetensors)."),
    dst: Path = typer.Argument(..., help="Output folder for the ctranslate2 model."),
    quantization: str = typer.Option("int8", "--quantization", "-q", help="int8, int8_float32, float16 or none."),
) -> None:
    """Convert a transformers model into a ctranslate2 one (the fast CPU path)."""
    from auditor.correct.export import convert_ct2

    if not src.is_dir():
        raise UsageError(f"no such model folder: {src}")
    out = convert_ct2(src, dst, quantization=quantization)
    typer.echo(f"wrote {out} ({_size(out) / 1e6:.1f} MB)")


@model_app.command("export")
def export_command(
    run: Path = typer.Argument(..., help="A training run folder (runs/<name>)."),
    dst: Path = typer.Argument(..., help="Output model folder (e.g. auditor/models/mtpe-small)."),
    quantization: str = typer.Option("int8", "--quantization", "-q"),
) -> None:
    """Export a training run: transformers (safetensors) + ctranslate2 copy + sentencepiece."""
    from auditor.correct.export import export_run

    if not (run / "checkpoint.pt").is_file():
        raise UsageError(f"{run} has no checkpoint.pt")
    info = export_run(run, dst, quantization=quantization)
    typer.echo(json.dumps(info))


@model_app.command("info")
def info_command(
    path: Path = typer.Argument(None, help="A model folder (default: the shipped model)."),
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Describe a correction model folder: kind, files, size, training facts."""
    from auditor.correct.backends import default_model_dir

    path = path or default_model_dir()
    if not path.is_dir():
        raise UsageError(f"no model folder at {path}")
    info: dict = {"path": str(path), "size_mb": round(_size(path) / 1e6, 1)}
    kinds = []
    if (path / "model.bin").is_file():
        kinds.append("ctranslate2")
    if (path / "model.safetensors").is_file() or (path / "transformers" / "model.safetensors").is_file():
        kinds.append("transformers")
    info["backends"] = kinds
    for name in ("config.json", "transformers/config.json"):
        if (path / name).is_file():
            cfg = json.loads((path / name).read_text("utf-8"))
            if "d_model" in cfg:
                info["architecture"] = {k: cfg.get(k) for k in ("model_type", "d_model", "encoder_layers", "decoder_layers", "vocab_size")}
    if (path / "training.json").is_file():
        info["training"] = json.loads((path / "training.json").read_text("utf-8"))
    if output_format == "json":
        typer.echo(json.dumps(info, indent=1))
        return
    for key, value in info.items():
        typer.echo(f"{key}: {value}")
    if (path / "README.md").is_file():
        typer.echo(f"model card: {path / 'README.md'}")


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
