"""The two passes of a distributed run on Ray Data, and the two ways in: `run` (the CLI's
``--engine ray``: inputs to a resumable output folder) and `audit` (a `ray.data.Dataset` of
records for a Ray pipeline).

1. Pre-pass: an actor pool reads whole input shards and observes their articles
   (`Auditor.observe`); the per-batch states are merged in a tree of Ray tasks
   (`Auditor.merge_corpus`, fan-in `FAN_IN`), so the driver receives one state, never one
   per shard. The merged state is what one pass over the whole batch would have mined,
   so findings of the mining rules (RES001, RES010) equal ``auditor check --jobs 1``.
2. Audit: each shard is cut into blocks of ``block_size`` items in reader order; an actor
   pool (one `Auditor` per actor, carrying the merged state) checks or fixes a block per
   call. A block whose worker dies is retried by Ray (``max_restarts``,
   ``max_task_retries``); its files are written under the same names, so nothing is lost
   or duplicated.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional, Sequence

from auditor import __version__
from auditor.distributed.cluster import require_ray
from auditor.distributed.shards import Shard, list_shards
from auditor.distributed.sink import (CORPUS_FILE, ERRORS_FILE, RUN_FILE, SUMMARY_FILE, OutDir, corpus_from_json,
                                      corpus_to_json, manifest_name)
from auditor.distributed.worker import BlockWorker, Job, RecordObserver, RecordWorker, ShardObserver, merge_states
from auditor.errors import InputError, UsageError
from auditor.output._common import printable
from auditor.report import Summary
from auditor.rules.engine import CorpusState

__all__ = ["run", "audit", "RunResult", "prepass", "FAN_IN"]

#: states merged per task of the pre-pass reduction
FAN_IN = 8


@dataclass
class RunResult:
    """What a `run` did: the totals (`Summary`; ``changed`` for fix), how many blocks there
    are, how many were already written (resumed), and every one-line error in input order."""

    summary: Summary
    blocks: int = 0
    resumed: int = 0
    changed: int = 0
    internal_errors: int = 0
    errors: list[str] = field(default_factory=list)


def _shard_row(shard: Shard) -> dict[str, str]:
    return {"shard": json.dumps(dataclasses.asdict(shard))}


def default_workers(ray: Any, gpus: float) -> int:
    """One actor per CPU of the cluster (per GPU share when each actor asks for GPUs)."""
    resources = ray.cluster_resources()
    if gpus:
        return max(1, int(resources.get("GPU", 0) // gpus))
    return max(1, int(resources.get("CPU", 1)))


def _pool(workers: int, gpus: float) -> dict[str, Any]:
    import ray.data

    # Ray Data starts pool actors with max_restarts=-1 and max_task_retries=-1: a dead
    # actor is restarted and the block it held is retried
    args: dict[str, Any] = {"compute": ray.data.ActorPoolStrategy(size=max(1, workers)), "num_cpus": 1}
    if gpus:
        args["num_gpus"] = gpus
    return args


# ----------------------------------------------------------------------------------------
# pass 1
# ----------------------------------------------------------------------------------------
def _reduce_task(job: Job, *parts: Any) -> dict[str, Any]:
    """Counts and one merged state from pre-pass outputs (Arrow tables or earlier results)."""
    counts: list[list[int]] = []
    blobs: list[bytes] = []
    for part in parts:
        if isinstance(part, dict):
            counts.extend(part["counts"])
            blobs.append(part["state"])
            continue
        data = part.to_pydict()
        for text in data["counts"]:
            counts.extend(json.loads(text))
        blobs.extend(data["state"])
    return {"counts": counts, "state": merge_states(job, *blobs)}


def _tree_reduce(ray: Any, job_ref: Any, refs: list[Any]) -> dict[str, Any]:
    task = ray.remote(num_cpus=1, max_retries=3)(_reduce_task)
    if not refs:
        return {"counts": [], "state": corpus_to_json(CorpusState())}
    while len(refs) > 1:
        refs = [task.remote(job_ref, *refs[i : i + FAN_IN]) for i in range(0, len(refs), FAN_IN)]
    result = ray.get(refs[0])
    if not isinstance(result, dict):
        result = _reduce_task(ray.get(job_ref), result)
    return result


def prepass(ray: Any, dataset: Any, observer: type, job: Job, job_ref: Any, workers: int,
            batch_size: Optional[int] = None) -> dict[str, Any]:
    """Observe ``dataset`` with an actor pool of ``observer`` and reduce the states:
    ``{"counts": [[shard, items], ...], "state": CorpusState as JSON}``."""
    observed = dataset.map_batches(observer, fn_constructor_kwargs={"job": job_ref}, batch_size=batch_size,
                                   batch_format="pyarrow", **_pool(workers, 0))
    return _tree_reduce(ray, job_ref, observed.to_arrow_refs())


# ----------------------------------------------------------------------------------------
# the CLI's way in
# ----------------------------------------------------------------------------------------
def run(
    paths: Sequence[str],
    out: str,
    job: Job,
    *,
    workers: Optional[int] = None,
    gpus_per_worker: float = 0,
    mine: bool = True,
    on_stage: Optional[Callable[[str, int, int], None]] = None,
    on_block: Optional[Callable[[dict[str, Any]], None]] = None,
) -> RunResult:
    """Check (or fix) ``paths`` into the output folder ``out`` on the Ray that is
    initialised (see `auditor.distributed.cluster.connected`).

    ``on_stage(stage, total, done)`` is called as each pass starts (``"prepass"`` with the
    shard count, ``"audit"`` with the block count and the blocks already written);
    ``on_block(manifest)`` as each block is written (its counts and one-line errors).
    A rerun with the same ``out``, inputs and options resumes: the pre-pass state and the
    written blocks are kept. Interrupting the driver (Ctrl-C) leaves every block either
    written whole or not at all."""
    ray = require_ray()
    job = dataclasses.replace(job, out=out)
    sink = OutDir(out)
    previous = sink.check_empty_or_run()
    shards, listing_errors = list_shards(list(paths), job.read_options)
    fingerprint = {"version": __version__, "inputs": list(paths), "job": job.fingerprint(), "mine": mine,
                   "shards": [[s.uri, s.id, s.size] for s in shards]}
    if previous is not None and previous.get("fingerprint") != fingerprint:
        raise UsageError(f"--out {out} holds a run with other inputs or options; resume it with the same "
                         "command, or choose a new folder")
    workers = workers or default_workers(ray, gpus_per_worker)
    job_ref = ray.put(job)
    if previous is not None:
        counts = {int(k): v for k, v in previous["counts"].items()}
        corpus_blob = corpus_to_json(sink.load_corpus()) if sink.exists(CORPUS_FILE) else None
    else:
        if on_stage:
            on_stage("prepass", len(shards), 0)
        counts, corpus_blob = {}, None
        if shards:
            ds = ray.data.from_items([_shard_row(s) for s in shards], override_num_blocks=len(shards))
            result = prepass(ray, ds, ShardObserver, job, job_ref, min(workers, len(shards)),
                             batch_size=max(1, len(shards) // (4 * workers)))
            counts = {index: items for index, items in result["counts"]}
            corpus_blob = result["state"]
        if corpus_blob is not None and mine:
            sink.save_corpus(corpus_from_json(corpus_blob))
        sink.write_json(RUN_FILE, {"tool": "auditor", "version": __version__, "command": job.command,
                                   "fingerprint": fingerprint, "block_size": job.block_size,
                                   "counts": {str(k): v for k, v in counts.items()},
                                   "shards": [dataclasses.asdict(s) for s in shards]})
    if not mine:
        corpus_blob = None
    units = [(s.index, b) for s in shards for b in range(max(1, math.ceil(counts.get(s.index, 0) / job.block_size)))]
    done = sink.done_blocks(units)
    todo = [u for u in units if u not in done]
    if on_stage:
        on_stage("audit", len(units), len(done))
    if todo:
        corpus_ref = ray.put(corpus_blob) if corpus_blob is not None else None
        by_index = {s.index: s for s in shards}
        rows = [{**_shard_row(by_index[s]), "block": b} for s, b in todo]
        ds = ray.data.from_items(rows, override_num_blocks=len(rows))
        written = ds.map_batches(BlockWorker, fn_constructor_kwargs={"job": job_ref, "corpus": corpus_ref},
                                 batch_size=1, batch_format="pyarrow", **_pool(min(workers, len(rows)), gpus_per_worker))
        rows_written = iter(written.iter_rows())
        try:
            for row in rows_written:
                if on_block:
                    on_block(json.loads(row["manifest"]))
        finally:  # an interrupt (Ctrl-C, a raising on_block) stops the executor now, not when
            rows_written.close()  # the traceback that holds this frame is dropped
    sink.clean_temporaries()
    return _finish(sink, units, len(done), [printable(str(e)) for e in listing_errors])


def _finish(sink: OutDir, units: list[tuple[int, int]], resumed: int, listing_errors: list[str]) -> RunResult:
    """The totals of every block's manifest (in input order), ``errors.txt`` and
    ``summary.json``."""
    summary = Summary()
    result = RunResult(summary=summary, blocks=len(units), resumed=resumed, errors=list(listing_errors))
    for message in listing_errors:
        summary.add_input_error(message)
    for shard, block in units:
        manifest = sink.read_json(manifest_name(shard, block))
        summary.articles += manifest["articles"]
        summary.words += manifest["words"]
        summary.baselined += manifest["baselined"]
        summary.seconds += manifest["seconds"]
        summary.by_severity.update(manifest["by_severity"])
        summary.by_code.update(manifest["by_code"])
        result.changed += manifest["changed"]
        result.internal_errors += manifest["internal_errors"]
        result.errors.extend(manifest["errors"])
        summary.input_error_count += manifest["input_errors"]
        for message in manifest["read_errors"]:
            if len(summary.input_errors) < 1000:
                summary.input_errors.append(message)
    sink.write_bytes(ERRORS_FILE, "".join(f"{e}\n" for e in result.errors).encode("utf-8"))
    data = summary.to_dict()
    data.update(blocks=len(units), resumed=resumed, changed=result.changed, internal_errors=result.internal_errors,
                worker_seconds=data.pop("seconds"))
    sink.write_json(SUMMARY_FILE, data)
    return result


# ----------------------------------------------------------------------------------------
# the Python API's way in
# ----------------------------------------------------------------------------------------
def audit(
    dataset_or_paths: Any,
    *,
    select: Optional[Iterable[str]] = None,
    ignore: Optional[Iterable[str]] = None,
    config: Optional[str] = None,
    isolated: bool = False,
    settings: Any = None,
    text_field: Optional[str] = None,
    title_field: Optional[str] = None,
    id_field: Optional[str] = None,
    include: Optional[Iterable[str]] = None,
    exclude: Optional[Iterable[str]] = None,
    fix: bool = False,
    unsafe: bool = False,
    model: Any = False,
    mine: bool = True,
    block_size: int = 1000,
    workers: Optional[int] = None,
    gpus_per_worker: float = 0,
    **job_options: Any,
) -> Any:
    """Check (or with ``fix`` fix) a dump on Ray Data; returns a lazy `ray.data.Dataset`
    with one row per article: ``record`` is the article's JSON object of ``auditor check
    --format jsonl`` (or ``auditor fix --format json``), with ``id``, ``path``, ``error``
    (an article something failed on, or a row/line that is no article: its one-line
    error) and ``shard``/``block``/``seq`` (its place in the input; -1 for a dataset).

    ``dataset_or_paths``: a `ray.data.Dataset` of records (columns as in a JSONL dump:
    ``text``, ``title``, ``id``, ``url``, ``lang``, ``source_lang``, ``source_text``, the
    field names set by ``text_field`` etc.), or paths/URLs (files or folders: JSONL,
    ``.jsonl.gz``, Parquet, text, Markdown, HTML, WARC). The batch pre-pass (``mine``)
    runs now, distributed, when a selected rule mines the batch; the audit runs when the
    dataset is consumed (``iter_rows``, ``write_parquet``, ...).

    ``select``, ``ignore``, ``config``, ``isolated``, ``settings``, the field options and
    ``include``/``exclude``: as for `auditor.api.Auditor` and the CLI. ``model``: for
    ``fix``, False (rule fixes only), None (the shipped model) or a folder;
    ``gpus_per_worker``: GPUs each actor asks for (the correction model runs there).
    ``workers``: actors per pool (default: one per CPU, or per GPU share). Other
    ``job_options`` are fields of `auditor.distributed.worker.Job` (``backend``,
    ``beam``, ``mt_model``, ``source``, ...).
    """
    from auditor.api import read_options_for, resolve_settings

    ray = require_ray()
    if settings is None:
        settings, _warnings = resolve_settings(config, isolated, select, ignore, None, include, exclude)
    read_options = read_options_for(settings, text_field, title_field, id_field)
    job = Job(command="fix" if fix else "check", settings=settings, read_options=read_options, block_size=block_size,
              unsafe=unsafe, model=model, **job_options)
    job.auditor()  # the options are checked here, before any worker starts
    if not ray.is_initialized():
        from auditor.distributed.cluster import quiet_data_context

        ray.init(include_dashboard=False)
        quiet_data_context()
    workers = workers or default_workers(ray, gpus_per_worker)
    job_ref = ray.put(job)
    needs_corpus = mine and job.auditor().needs_corpus
    if isinstance(dataset_or_paths, ray.data.Dataset):
        corpus_ref = None
        if needs_corpus:
            corpus_ref = ray.put(prepass(ray, dataset_or_paths, RecordObserver, job, job_ref, workers)["state"])
        return dataset_or_paths.map_batches(RecordWorker, fn_constructor_kwargs={"job": job_ref, "corpus": corpus_ref},
                                            batch_format="pyarrow", **_pool(workers, gpus_per_worker))
    paths = [dataset_or_paths] if isinstance(dataset_or_paths, str) else list(dataset_or_paths)
    shards, listing_errors = list_shards(paths, read_options)
    if listing_errors and not shards:
        raise InputError(listing_errors[0].reason, listing_errors[0].path)
    ds = ray.data.from_items([_shard_row(s) for s in shards], override_num_blocks=max(1, len(shards)))
    result = prepass(ray, ds, ShardObserver, job, job_ref, min(workers, max(1, len(shards))),
                     batch_size=max(1, len(shards) // (4 * workers)))
    counts = dict((index, items) for index, items in result["counts"])
    corpus_ref = ray.put(result["state"]) if needs_corpus else None
    rows = [{**_shard_row(s), "block": b} for s in shards
            for b in range(max(1, math.ceil(counts.get(s.index, 0) / block_size)))]
    units = ray.data.from_items(rows, override_num_blocks=max(1, len(rows)))
    return units.map_batches(BlockWorker, fn_constructor_kwargs={"job": job_ref, "corpus": corpus_ref},
                             batch_size=1, batch_format="pyarrow", **_pool(min(workers, max(1, len(rows))), gpus_per_worker))
