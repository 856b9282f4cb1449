"""What runs on the workers: the job description, and the actors that hold one `Auditor`.

Each actor of a Ray Data actor pool builds one `auditor.api.Auditor` from the `Job` (rules,
configuration and, for ``fix``, models: loaded once per actor, on a GPU when the pool asks
for one) and then serves many batches:

* `ShardObserver`: the batch pre-pass of whole input shards (`Auditor.observe`) and their
  item counts, which split each shard into blocks;
* `BlockWorker`: one block of a shard (``block_size`` items as the shard's reader gives
  them) checked or fixed with `Auditor.check_article` / `Auditor.fix_many` on the auditor
  that carries the merged pre-pass state (`Auditor.with_corpus_state`); the records are
  written to ``--out`` (with a manifest) or returned as rows;
* `RecordObserver` / `RecordWorker`: the same for the rows of a user's `ray.data.Dataset`
  (JSONL-like records).

A rule that raises on an article is reported in the article's record (``errors``, as
``auditor check`` does); anything else that raises on one article makes that article an
error record (``{"id", "path", "error"}``); the block goes on. Reader errors are the
CLI's one-line messages.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from auditor.api import Auditor
from auditor.distributed.sink import corpus_from_json, corpus_to_json
from auditor.config import Settings
from auditor.document import Article
from auditor.errors import InputError
from auditor.io import ReadOptions
from auditor.output._common import printable
from auditor.report import Summary
from auditor.rules.engine import CorpusState

__all__ = ["Job", "ShardObserver", "BlockWorker", "RecordObserver", "RecordWorker", "records_table"]


@dataclass
class Job:
    """Everything a worker needs to build its `Auditor` and do its part: picklable, sent
    to every actor (no configuration file is read on the workers)."""

    command: str = "check"  # or "fix"
    settings: Settings = dataclasses.field(default_factory=Settings)
    read_options: ReadOptions = dataclasses.field(default_factory=ReadOptions)
    block_size: int = 1000
    out: Optional[str] = None
    out_format: str = "jsonl"
    unsafe: bool = False
    source: Optional[str] = None
    source_lang: Optional[str] = None
    model: Union[str, None, bool] = False
    backend: str = "auto"
    beam: int = 4
    mt_model: Optional[str] = None
    mt_backend: str = "auto"
    mt_margin: Optional[float] = None
    debug: bool = False

    def auditor(self) -> Auditor:
        """The one engine path, assembled from this job."""
        return Auditor(settings=self.settings, read_options=self.read_options, debug=self.debug,
                       source=Path(self.source) if self.source else None, source_lang=self.source_lang,
                       model=self.model if self.command == "fix" else False, backend=self.backend, beam=self.beam,
                       mt_model=self.mt_model if self.command == "fix" else None, mt_backend=self.mt_backend,
                       mt_margin=self.mt_margin, notify=_quiet)

    def fingerprint(self) -> dict[str, Any]:
        """What must be equal for a rerun to resume this job's output."""
        data = dataclasses.asdict(self)
        data.pop("out")
        data.pop("debug")
        return json.loads(json.dumps(data, default=str, sort_keys=True))


def _quiet(level: str, message: str) -> None:
    """Workers' notes go to the worker log (the driver prints its own)."""
    import logging

    logging.getLogger("auditor").info("%s: %s", level, message)


def _resolve(value: Any) -> Any:
    """An object sent by reference (`ray.ObjectRef`, e.g. a large merged state) fetched once."""
    try:
        import ray

        if isinstance(value, ray.ObjectRef):
            return ray.get(value)
    except ImportError:  # pragma: no cover - workers always have ray
        pass
    return value


def _rows(batch: Any) -> list[dict[str, Any]]:
    """A Ray Data batch (pyarrow table or dict of columns) as a list of rows."""
    if hasattr(batch, "to_pylist"):
        return batch.to_pylist()
    keys = list(batch)
    return [dict(zip(keys, values)) for values in zip(*(batch[k] for k in keys))] if keys else []


def _columns(rows: list[dict[str, Any]], keys: Iterable[str]) -> dict[str, list[Any]]:
    return {k: [r.get(k) for r in rows] for k in keys}


# ----------------------------------------------------------------------------------------
# the pre-pass
# ----------------------------------------------------------------------------------------
class ShardObserver:
    """Observes whole shards: per batch of shards, one merged pre-pass state and each
    shard's item count (articles and reader errors)."""

    def __init__(self, job: Job):
        self.job = _resolve(job)
        self.auditor = self.job.auditor()

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        from auditor.distributed.shards import Shard, read_shard

        counts: list[list[int]] = []
        states = []
        for row in _rows(batch):
            shard = Shard(**json.loads(row["shard"]))
            seen = [0]

            def counted(items: Iterator[Any]) -> Iterator[Any]:
                for item in items:
                    seen[0] += 1
                    yield item

            states.append(self.auditor.observe(counted(read_shard(shard, self.job.read_options))))
            counts.append([shard.index, seen[0]])
        state = self.auditor.merge_corpus(states)
        return {"counts": [json.dumps(counts)], "state": [corpus_to_json(state)]}


class RecordObserver:
    """Observes the rows of a user's dataset: one pre-pass state per batch."""

    def __init__(self, job: Job):
        self.job = _resolve(job)
        self.auditor = self.job.auditor()

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        items = (record_article(row, self.job.read_options) for row in _rows(batch))
        state = self.auditor.observe(items)
        return {"counts": ["[]"], "state": [corpus_to_json(state)]}


def merge_states(job: Job, *blobs: str) -> str:
    """The merge of serialised states (a step of the tree reduction), serialised: plain
    JSON (`auditor.distributed.sink.corpus_to_json`), never pickles."""
    auditor = job.auditor()
    return corpus_to_json(auditor.merge_corpus(corpus_from_json(b) for b in blobs))


def record_article(row: dict[str, Any], options: ReadOptions) -> Article | InputError:
    """A dataset row as a JSONL record would be read (`--text-field` etc.); ``path`` and
    ``line`` columns, when present, name where it comes from."""
    from auditor.io.jsonl import record_to_article

    path = row.get("path") if isinstance(row.get("path"), str) and options.text_field != "path" else ""
    line = row.get("line") if isinstance(row.get("line"), int) else None
    return record_to_article(row, path=path or "", lineno=line, options=options)


# ----------------------------------------------------------------------------------------
# the audit
# ----------------------------------------------------------------------------------------
class _Auditing:
    """Checks or fixes items with the auditor that carries the merged pre-pass state."""

    def __init__(self, job: Job, corpus: Any = None):
        self.job = _resolve(job)
        corpus = _resolve(corpus)
        if isinstance(corpus, bytes):
            corpus = corpus.decode("utf-8")
        if isinstance(corpus, str):
            corpus = corpus_from_json(corpus)
        auditor = self.job.auditor()
        self.auditor = auditor.with_corpus_state(corpus) if isinstance(corpus, CorpusState) else auditor
        if self.job.command == "fix" and self.auditor.uses_model:
            self.auditor.load_models()  # once per actor (on its GPU, if the pool gave it one)

    def process(self, items: Iterable[Article | InputError]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The records of ``items`` (reader errors are no records) and the manifest: the
        summary counts and every one-line error, in order."""
        started = time.perf_counter()
        summary = Summary()
        errors: list[str] = []
        records: list[dict[str, Any]] = []
        internal = changed = 0
        items = list(items)
        articles = [item for item in items if isinstance(item, Article)]
        results = iter(self._fix(articles) if self.job.command == "fix" else self._check(articles))
        for item in items:
            if isinstance(item, InputError):
                message = printable(str(item))
                summary.add_input_error(message)
                errors.append(message)
                continue
            record, report, item_errors = next(results)
            errors.extend(printable(m) for m in item_errors)
            if report is None:
                internal += 1
            elif self.job.command == "fix":
                summary.articles += 1
                summary.words += item.word_count
                changed += bool(record.get("changed"))
            else:
                summary.add(report)
            records.append(record)
        manifest = {"articles": summary.articles, "words": summary.words, "findings": summary.findings,
                    "by_severity": dict(summary.by_severity), "by_code": dict(summary.by_code),
                    "baselined": summary.baselined, "input_errors": summary.errors, "internal_errors": internal,
                    "changed": changed, "errors": errors, "read_errors": summary.input_errors,
                    "seconds": round(time.perf_counter() - started, 3)}
        return records, manifest

    def _check(self, articles: list[Article]) -> Iterator[tuple[dict[str, Any], Any, list[str]]]:
        for article in articles:
            try:
                report = self.auditor.check_article(article)
                yield report.to_dict(), report.report, list(report.errors)
            except Exception as exc:  # anything but a rule (those are caught per rule)
                if self.job.debug:
                    raise
                yield _error_record(article, exc)

    def _fix(self, articles: list[Article]) -> Iterator[tuple[dict[str, Any], Any, list[str]]]:
        try:
            reports = list(self.auditor.fix_many(articles, unsafe=self.job.unsafe))
        except Exception:
            if self.job.debug:
                raise
            reports = None
        if reports is not None:
            for report in reports:
                yield report.to_dict(), report, []
            return
        for article in articles:  # one of them failed: find it, fix the others
            try:
                report = next(iter(self.auditor.fix_many([article], unsafe=self.job.unsafe)))
                yield report.to_dict(), report, []
            except Exception as exc:
                yield _error_record(article, exc)


def _error_record(article: Article, exc: Exception) -> tuple[dict[str, Any], None, list[str]]:
    message = f"internal error: {exc!r}"
    return ({"id": article.id, "path": article.path, "error": message}, None,
            [f"{article.display_name}: {message}"])


class BlockWorker(_Auditing):
    """One block of an input shard per row: read, checked or fixed, then written to the
    output folder (records, then the manifest) or returned as rows of records."""

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        from auditor.distributed.shards import Shard, read_shard

        out_rows: list[dict[str, Any]] = []
        for row in _rows(batch):
            shard = Shard(**json.loads(row["shard"]))
            block = int(row["block"])
            size = self.job.block_size
            items = islice(read_shard(shard, self.job.read_options), block * size, (block + 1) * size)
            records, manifest = self.process(items)
            manifest.update(shard=shard.index, block=block, input=shard.uri)
            if self.job.out is None:
                out_rows.extend(_record_rows(records, shard.index, block))
                continue
            from auditor.distributed.sink import OutDir, manifest_name, part_name

            out = OutDir(self.job.out)
            out.write_bytes(part_name(shard.index, block, self.job.out_format),
                            encode_records(records, self.job.command, self.job.out_format))
            out.write_json(manifest_name(shard.index, block), manifest)  # last: marks the block done
            out_rows.append({"shard": shard.index, "block": block, "manifest": json.dumps(manifest, ensure_ascii=False)})
        if self.job.out is None:
            return _columns(out_rows, RECORD_COLUMNS)
        return _columns(out_rows, ("shard", "block", "manifest"))


class RecordWorker(_Auditing):
    """The rows of a user's dataset, checked or fixed: one output row per input row."""

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        items = [record_article(row, self.job.read_options) for row in _rows(batch)]
        records, manifest = self.process(items)
        # a row that is no article (no text) is a row too: nothing of the input is dropped
        records_iter = iter(_record_rows(records, -1, -1))
        out: list[dict[str, Any]] = []
        for item in items:
            if isinstance(item, InputError):
                out.append({"shard": -1, "block": -1, "seq": -1, "id": None, "path": item.path,
                            "record": None, "error": printable(str(item))})
            else:
                out.append(next(records_iter))
        return _columns(out, RECORD_COLUMNS)


#: the columns of the rows `auditor.distributed.audit` returns
RECORD_COLUMNS = ("shard", "block", "seq", "id", "path", "record", "error")


def _record_rows(records: list[dict[str, Any]], shard: int, block: int) -> list[dict[str, Any]]:
    return [{"shard": shard, "block": block, "seq": i, "id": r.get("id"), "path": r.get("path"),
             "record": json.dumps(r, ensure_ascii=False, separators=(",", ":")), "error": r.get("error")}
            for i, r in enumerate(records)]


# ----------------------------------------------------------------------------------------
# record encodings
# ----------------------------------------------------------------------------------------
#: Parquet columns per command: scalars as they are, nested values as JSON text
PARQUET_COLUMNS = {
    "check": (("id", "string"), ("path", "string"), ("url", "string"), ("title", "string"), ("words", "int64"),
              ("mt_risk", "float64"), ("translated_from", "json"), ("findings", "json"), ("baselined", "int64"),
              ("errors", "json"), ("error", "string")),
    "fix": (("id", "string"), ("path", "string"), ("changed", "bool"), ("corrected_text", "string"),
            ("edits", "json"), ("remaining_findings", "int64"), ("error", "string")),
}


def encode_records(records: list[dict[str, Any]], command: str, fmt: str) -> bytes:
    """The bytes of an output part: JSON lines (the objects of ``--format jsonl`` /
    ``fix --format json``), or a Parquet table (`records_table`)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records).encode("utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(records_table(records, command), sink)
    return sink.getvalue().to_pybytes()


def records_table(records: list[dict[str, Any]], command: str) -> Any:
    """A pyarrow table of records with a fixed schema per command (nested values as JSON)."""
    import pyarrow as pa

    fields = PARQUET_COLUMNS[command]
    types = {"string": pa.string(), "json": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    columns = {}
    for name, kind in fields:
        values = [r.get(name) for r in records]
        if kind == "json":
            values = [None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in values]
        columns[name] = pa.array(values, type=types[kind])
    return pa.table(columns)
