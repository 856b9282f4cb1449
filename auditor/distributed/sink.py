"""The output folder of a distributed run (``--out``): sharded records, manifests, resume.

Layout (a local folder, or a URL pyarrow/fsspec writes to, e.g. ``s3://bucket/out/``)::

    OUT/_run.json                the inputs, the options' fingerprint, every shard's block count
    OUT/_corpus.json             the merged batch pre-pass state (mined boilerplate), plain JSON
    OUT/parts/SSSSS-BBBBB.jsonl  the records of input shard S, block B (or .parquet): the
                                 folder reads as one dataset (pyarrow, Ray Data, pandas)
    OUT/manifests/SSSSS-BBBBB.json  its manifest (counts, findings by code, one-line errors)
    OUT/errors.txt               every one-line error of the run, in input order
    OUT/summary.json             the totals (the JSON summary of ``auditor check``)

Every file is written whole or not at all (a temporary sibling renamed into place on a
local disk; one object PUT on an object store). A block's manifest is written after its
records, so a manifest marks the block done: a rerun with the same ``--out`` (and the same
inputs and options, checked by the fingerprint) skips it. A retried block (its worker
died) writes the same names again, so no record is ever duplicated.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any, Iterable, Optional

from auditor.errors import UsageError

__all__ = ["OutDir", "part_name", "manifest_name"]

RUN_FILE = "_run.json"
CORPUS_FILE = "_corpus.json"
ERRORS_FILE = "errors.txt"
SUMMARY_FILE = "summary.json"
FORMATS = ("jsonl", "parquet")


def part_name(shard: int, block: int, ext: str) -> str:
    """The deterministic name of a block's records."""
    return f"parts/{shard:05d}-{block:05d}.{ext}"


def manifest_name(shard: int, block: int) -> str:
    """The deterministic name of a block's manifest (written last: the block is done)."""
    return f"manifests/{shard:05d}-{block:05d}.json"


class OutDir:
    """An output folder, local or behind a pyarrow filesystem."""

    def __init__(self, out: str):
        from auditor.distributed.shards import filesystem, is_url

        self.uri = out.rstrip("/") or out
        if is_url(out):
            self.fs, self.root = filesystem(out)
        else:
            import pyarrow.fs as pafs

            self.fs, self.root = pafs.LocalFileSystem(), os.path.abspath(out)
        self.local = self.fs.type_name == "local"

    def __reduce__(self):
        return (OutDir, (self.uri,))

    def path(self, name: str) -> str:
        return f"{self.root.rstrip('/')}/{name}"

    # -- files -------------------------------------------------------------------------------
    def exists(self, name: str) -> bool:
        import pyarrow.fs as pafs

        return self.fs.get_file_info(self.path(name)).type != pafs.FileType.NotFound

    def read_bytes(self, name: str) -> bytes:
        with self.fs.open_input_stream(self.path(name)) as handle:
            return handle.read()

    def write_bytes(self, name: str, data: bytes) -> None:
        """``data`` into ``name``, atomically."""
        target = self.path(name)
        parent = target.rsplit("/", 1)[0]
        self.fs.create_dir(parent, recursive=True)
        if not self.local:  # an object store: a PUT is atomic
            with self.fs.open_output_stream(target) as handle:
                handle.write(data)
            return
        tmp = f"{parent}/.{target.rsplit('/', 1)[1]}.tmp-{uuid.uuid4().hex[:12]}"
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def write_json(self, name: str, data: Any) -> None:
        self.write_bytes(name, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))

    def read_json(self, name: str) -> Any:
        return json.loads(self.read_bytes(name))

    # -- a run -------------------------------------------------------------------------------
    def check_empty_or_run(self) -> Optional[dict[str, Any]]:
        """The run recorded in this folder (None for a new or empty folder); a folder that
        holds something else is a `UsageError`."""
        import pyarrow.fs as pafs

        info = self.fs.get_file_info(self.root)
        if info.type == pafs.FileType.NotFound:
            return None
        if info.type != pafs.FileType.Directory:
            raise UsageError(f"--out {self.uri} is not a folder")
        if self.exists(RUN_FILE):
            try:
                return self.read_json(RUN_FILE)
            except (OSError, ValueError) as exc:
                raise UsageError(f"--out {self.uri}: unreadable {RUN_FILE} ({exc}); remove the folder to start over") from None
        entries = self.fs.get_file_info(pafs.FileSelector(self.root, recursive=False))
        if entries:
            raise UsageError(f"--out {self.uri} is not empty and holds no auditor run; choose an empty or new folder")
        return None

    def save_corpus(self, corpus: Any) -> None:
        self.write_bytes(CORPUS_FILE, corpus_to_json(corpus).encode("utf-8"))

    def load_corpus(self) -> Any:
        """The checkpointed pre-pass state. Plain JSON, never a pickle: the output folder
        may be shared storage, and loading it must not be able to run code."""
        try:
            return corpus_from_json(self.read_bytes(CORPUS_FILE).decode("utf-8"))
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"--out {self.uri}: unreadable {CORPUS_FILE} ({exc}); remove the folder to start over") from None

    def done_blocks(self, units: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        """The blocks among ``units`` whose manifest is written."""
        import pyarrow.fs as pafs

        if not self.exists("manifests"):
            return set()
        names = {info.base_name for info in self.fs.get_file_info(pafs.FileSelector(self.path("manifests")))}
        return {(s, b) for s, b in units if manifest_name(s, b).split("/", 1)[1] in names}

    def clean_temporaries(self) -> None:
        """Remove the temporary files of writes that a dead worker left behind."""
        for folder in ("parts", "manifests"):
            if not self.local or not os.path.isdir(self.path(folder)):
                continue
            for name in os.listdir(self.path(folder)):
                if name.startswith(".") and ".tmp-" in name:
                    try:
                        os.unlink(self.path(f"{folder}/{name}"))
                    except OSError:
                        pass


_COUNTER = "__bounded_counter__"


def corpus_to_json(corpus: Any) -> str:
    """A `CorpusState` as JSON: rule states are dicts, lists, numbers, strings and
    `BoundedCounter`s (written as ``{"__bounded_counter__": [capacity, pruned, [[key,
    count], ...]]}``)."""
    from auditor.rules.residue import BoundedCounter

    def plain(value: Any) -> Any:
        if isinstance(value, BoundedCounter):
            return {_COUNTER: [value.capacity, value.pruned, [[k, c] for k, c in value.counts.items()]]}
        if isinstance(value, dict):
            if not all(isinstance(k, str) for k in value):
                return {"__int_keys__": [[k, plain(v)] for k, v in value.items()]}
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        raise TypeError(f"a corpus state holds a {type(value).__name__}, which has no JSON form")

    return json.dumps({"articles": corpus.articles, "states": plain(corpus.states)})


def corpus_from_json(text: str) -> Any:
    """The inverse of `corpus_to_json`."""
    from auditor.rules.engine import CorpusState
    from auditor.rules.residue import BoundedCounter

    def restore(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {_COUNTER}:
                capacity, pruned, items = value[_COUNTER]
                counter = BoundedCounter(int(capacity))
                counter.pruned = int(pruned)
                counter.counts = {int(k): int(c) for k, c in items}
                return counter
            if set(value) == {"__int_keys__"}:
                return {int(k): restore(v) for k, v in value["__int_keys__"]}
            return {k: restore(v) for k, v in value.items()}
        if isinstance(value, list):
            return [restore(v) for v in value]
        return value

    data = json.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    return CorpusState(states=restore(data["states"]), articles=int(data["articles"]))
