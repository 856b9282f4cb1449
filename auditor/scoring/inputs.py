"""Read hypothesis and reference files for scoring: line-aligned plain text, or JSONL
articles aligned by id (an article's lines are joined into one segment)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Iterator, Sequence

from auditor.errors import InputError, UsageError
from auditor.io.jsonl import parse_object


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file (``.gz`` too); one-line `InputError` otherwise."""
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {exc}", str(path)) from None
    if b"\x00" in raw:
        raise InputError("binary file", str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"invalid UTF-8 at byte {exc.start}", str(path), line) from None
    if not text.strip():
        raise InputError("empty file", str(path))
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def is_jsonl(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith((".jsonl", ".ndjson"))


def json_objects(path: Path, lines: list[str]) -> Iterator[tuple[int, dict]]:
    """Each non-blank line of a JSONL file as ``(line number, object)``; the first line
    that is not a JSON object stops the read with a one-line `InputError` naming the file
    and line (a score or a gold set with a hole in it would mislead)."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        obj = parse_object(line, str(path), number)
        if isinstance(obj, InputError):
            raise obj
        yield number, obj


def read_segments(path: Path, field: str = "text", id_field: str = "id") -> list[str] | dict[str, str]:
    """Plain text: the list of lines. JSONL: ``{id: text}`` with the text's lines joined."""
    lines = read_lines(Path(path))
    if not is_jsonl(Path(path)):
        return lines
    out: dict[str, str] = {}
    for number, obj in json_objects(path, lines):
        if not isinstance(obj.get(field), str):
            raise InputError(f"no string field {field!r}", str(path), number)
        key = str(obj.get(id_field, number))
        if key in out:
            raise InputError(f"duplicate id {key!r}", str(path), number)
        out[key] = " ".join(obj[field].split())
    return out


def align(
    hyp_path: Path, ref_paths: Sequence[Path], baseline_path: Path | None = None,
    field: str = "text", id_field: str = "id", ref_field: str | None = None,
) -> tuple[list[str], list[list[str]], list[str] | None, list[str]]:
    """Hypotheses, reference streams, optional baseline and segment ids, aligned.

    Plain files must have the same number of lines; JSONL files are aligned by id and
    must cover the same ids.
    """
    if not ref_paths:
        raise UsageError("at least one --ref is needed")
    hyp = read_segments(hyp_path, field, id_field)
    refs = [read_segments(p, ref_field or field, id_field) for p in ref_paths]
    base = read_segments(baseline_path, field, id_field) if baseline_path else None
    named = [(hyp_path, hyp), *zip(ref_paths, refs)] + ([(baseline_path, base)] if base is not None else [])
    if isinstance(hyp, dict):
        ids = list(hyp)
        for path, seg in named[1:]:
            if not isinstance(seg, dict):
                raise UsageError(f"{path}: JSONL hypotheses need JSONL references and baseline")
            missing = [i for i in ids if i not in seg]
            extra = [i for i in seg if i not in hyp]
            if missing or extra:
                raise UsageError(f"{path}: ids differ from {hyp_path} (missing {missing[:3]}, extra {extra[:3]})")
        pick = lambda seg: [seg[i] for i in ids]  # noqa: E731
        return pick(hyp), [pick(r) for r in refs], pick(base) if base is not None else None, ids
    for path, seg in named[1:]:
        if isinstance(seg, dict):
            raise UsageError(f"{path}: plain-text hypotheses need plain-text references and baseline")
        if len(seg) != len(hyp):
            raise UsageError(f"{path} has {len(seg)} lines but {hyp_path} has {len(hyp)}")
    return hyp, refs, base, [str(i) for i in range(1, len(hyp) + 1)]
