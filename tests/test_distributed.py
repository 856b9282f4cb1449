"""The Ray Data runner (`auditor.distributed`) on a real local Ray with 2 CPUs.

Ray starts once for the module. Every distributed output is compared with ``auditor check
--jobs 1 --format jsonl`` (or ``auditor fix --format json``) on the same input, record by
record, mined boilerplate (RES001, RES010) included; a worker process is killed for real
in the middle of a run; a run is interrupted and resumed. Skipped without Ray.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from auditor.api import read_options_for, resolve_settings  # noqa: E402
from auditor.distributed.cluster import connected  # noqa: E402
from auditor.distributed.runner import run  # noqa: E402
from auditor.distributed.worker import Job  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.distributed]

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
FEEDS = {
    "daily.example.com": ["Follow The Daily Example on Telegram for the latest news", "All rights reserved - Daily Example srl"],
    "www.notizie.example.it": ["Sign up for our newsletter: every morning the news of the day", "PREV Markets close higher on Friday"],
    "wire.example.org": [],
}


@pytest.fixture(scope="module")
def cluster():
    with connected(num_cpus=2) as handle:
        yield handle


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    """A folder of three shards (plain, gzip, and one with bad lines): a few hundred MT
    articles from three feeds, two of which glue recurring boilerplate to their articles."""
    folder = tmp_path_factory.mktemp("dump")
    base = [json.loads(line) for line in (CORPORA / "dump.jsonl").read_text("utf-8").splitlines()]
    rng = random.Random(16)
    lines: list[str] = []
    for i in range(300):
        record = dict(base[i % len(base)])
        host = list(FEEDS)[i % 3]
        paragraphs = record["text"].split("\n\n")
        body = paragraphs[1:]
        rng.shuffle(body)
        extra = FEEDS[host][: 1 + i % 2] if FEEDS[host] else []
        record.update(id=f"g{i:04d}", url=f"https://{host}/story/{i}",
                      text="\n\n".join([paragraphs[0], *body, *extra]) + "\n")
        lines.append(json.dumps(record, ensure_ascii=False))
    (folder / "a-plain.jsonl").write_text("\n".join(lines[:120]) + "\n", "utf-8")
    with gzip.open(folder / "b-packed.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines[120:250]) + "\n")
    bad = lines[250:] + ["{not json", json.dumps({"id": "no-text"}), "[1, 2]"]
    (folder / "c-bad.jsonl").write_text("\n".join(bad) + "\n", "utf-8")
    return folder


def _job(command: str = "check", **kw) -> Job:
    settings, _ = resolve_settings(None, True)
    return Job(command, settings=settings, read_options=read_options_for(settings), **kw)


def _cli(*args: str) -> tuple[list[dict], list[str]]:
    proc = subprocess.run([sys.executable, "-m", "auditor", *args, "--isolated", "--jobs", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return ([json.loads(line) for line in proc.stdout.splitlines() if line.strip()],
            [line for line in proc.stderr.splitlines() if line.startswith("error: ")])


def _parts(out: Path, ext: str = "jsonl") -> list[dict]:
    return [json.loads(line) for f in sorted(glob.glob(str(out / "parts" / f"*.{ext}")))
            for line in open(f, encoding="utf-8")]


def _by_key(records: list[dict]) -> dict:
    keyed = {(r["path"], r["id"]): r for r in records}
    assert len(keyed) == len(records), "an article is duplicated"
    return keyed


@pytest.fixture(scope="module")
def expected(dump) -> tuple[list[dict], list[str]]:
    return _cli("check", str(dump), "--format", "jsonl")


def test_equals_cli_on_corpora_and_generated_dump(cluster, dump, expected, tmp_path):
    out = tmp_path / "out"
    result = run([str(dump)], str(out), _job(block_size=40), workers=2)
    records = _parts(out)
    want, cli_errors = expected
    assert len(want) == 300 and result.summary.articles == 300
    assert _by_key(records) == _by_key(want)
    assert records == want  # parts in name order are the input order
    codes = {f["code"] for r in records for f in r["findings"]}
    assert {"RES001", "RES010"} <= codes  # the mined-boilerplate rules fired, from the merged state
    # the reader errors are the CLI's one-line errors, in an errors file
    assert [f"error: {e}" for e in (out / "errors.txt").read_text("utf-8").splitlines()] == cli_errors
    assert len(cli_errors) == 3 and result.summary.errors == 3
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["articles"] == 300 and summary["blocks"] == result.blocks == 3 + 4 + 2

    corpora_out = tmp_path / "corpora"
    run([str(CORPORA)], str(corpora_out), _job(block_size=5), workers=2)
    assert _parts(corpora_out) == _cli("check", str(CORPORA), "--format", "jsonl")[0]


@pytest.fixture(scope="module")
def plain_expected(dump) -> dict:
    """``auditor check --jobs 1`` on the first shard alone, by id, without the path."""
    return {r["id"]: {k: v for k, v in r.items() if k != "path"}
            for r in _cli("check", str(dump / "a-plain.jsonl"), "--format", "jsonl")[0]}


def test_parquet_in_and_out_and_file_urls(cluster, dump, plain_expected, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [json.loads(line) for line in (dump / "a-plain.jsonl").read_text("utf-8").splitlines()]
    src = tmp_path / "in"
    src.mkdir()
    pq.write_table(pa.Table.from_pylist(rows), src / "a.parquet")
    out = tmp_path / "out"
    run([src.as_uri()], out.as_uri(), _job(block_size=50, out_format="parquet"), workers=2)
    table = pq.read_table(out / "parts").to_pylist()
    assert [row["id"] for row in table] == list(plain_expected) and len(table) == 120
    for row in table:
        assert row["path"] == (src / "a.parquet").as_uri()
        want = plain_expected[row["id"]]
        assert json.loads(row["findings"]) == want["findings"]
        assert (row["mt_risk"], json.loads(row["translated_from"] or "null"), row["words"]) == \
            (want["mt_risk"], want["translated_from"], want["words"])


def test_fix_equals_cli(cluster, tmp_path):
    out = tmp_path / "out"
    run([str(CORPORA / "dump.jsonl")], str(out), _job("fix", block_size=3), workers=2)
    proc = subprocess.run([sys.executable, "-m", "auditor", "fix", str(CORPORA / "dump.jsonl"), "--format", "json",
                           "--no-model", "--isolated"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert _parts(out) == json.loads(proc.stdout)["articles"]


def test_python_api_on_a_dataset(cluster, dump, plain_expected):
    from auditor.distributed import audit

    rows = [json.loads(line) for line in (dump / "a-plain.jsonl").read_text("utf-8").splitlines()]
    rows.append({"id": "empty", "text": "  "})
    result = audit(ray.data.from_items(rows), workers=2, isolated=True).take_all()
    assert len(result) == 121
    assert [r["error"] for r in result if r["error"]] == ["<input>: empty text in field 'text'"]
    got = {r["id"]: json.loads(r["record"]) for r in result if r["record"]}
    assert {k: {f: v for f, v in r.items() if f != "path"} for k, r in got.items()} == plain_expected
    assert any(f["code"] == "RES010" for r in got.values() for f in r["findings"])


def _block_workers() -> list[int]:
    """Pids of the processes that hold a BlockWorker actor (Ray names them in their title)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if b"ray::" in cmdline and b"BlockWorker" in cmdline:
            pids.append(int(entry))
    return pids


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker process through /proc")
def test_a_killed_worker_loses_and_duplicates_nothing(cluster, dump, expected, tmp_path):
    out = tmp_path / "out"
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = run([str(dump)], str(out), _job(block_size=10), workers=2)
        except BaseException as exc:  # reported below
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    killed = None
    deadline = time.monotonic() + 120
    while thread.is_alive() and time.monotonic() < deadline and killed is None:
        if glob.glob(str(out / "manifests" / "*.json")):
            pids = _block_workers()
            if pids:
                written = len(glob.glob(str(out / "manifests" / "*.json")))
                os.kill(pids[0], signal.SIGKILL)
                killed = pids[0]
        time.sleep(0.05)
    thread.join(300)
    assert "error" not in outcome, outcome.get("error")
    assert killed is not None, "the run ended before a worker could be killed"
    assert written < outcome["result"].blocks  # killed in the middle of the run
    assert _parts(out) == expected[0]  # nothing missing, nothing twice, same findings


class _Interrupt(Exception):
    pass


def _settled(folder, quiet: float = 3.0, limit: float = 120.0) -> list[str]:
    """The ``*.json`` files of ``folder`` once none has appeared for ``quiet`` seconds."""
    deadline = time.monotonic() + limit
    files = sorted(glob.glob(str(folder / "*.json")))
    stable_since = time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - stable_since < quiet:
        time.sleep(0.25)
        now = sorted(glob.glob(str(folder / "*.json")))
        if now != files:
            files, stable_since = now, time.monotonic()
    return files


def test_resume_after_an_interruption(cluster, dump, expected, tmp_path):
    out = tmp_path / "out"
    seen = []

    def stop_after_three(manifest):
        seen.append(manifest)
        if len(seen) == 3:
            raise _Interrupt()  # as Ctrl-C in the driver

    with pytest.raises(_Interrupt):
        run([str(dump)], str(out), _job(block_size=20), workers=2, on_block=stop_after_three)
    # blocks already in flight when the driver stops still land (each written whole, by
    # an atomic rename): wait until the manifests stop changing before reading them
    written = _settled(out / "manifests")
    assert 3 <= len(written) <= 16  # on a loaded machine every block may land before the third
    before = {f: os.stat(f).st_mtime_ns for f in written}
    result = run([str(dump)], str(out), _job(block_size=20), workers=2)
    assert result.resumed == len(written) and result.blocks == 6 + 7 + 3
    assert all(os.stat(f).st_mtime_ns == t for f, t in before.items())  # not rewritten
    assert _parts(out) == expected[0]
    assert not [n for n in os.listdir(out / "parts") + os.listdir(out / "manifests") if ".tmp-" in n]
    # other options on the same folder: refused, not mixed
    from auditor.errors import UsageError

    with pytest.raises(UsageError, match="other inputs or options"):
        run([str(dump)], str(out), _job(block_size=7), workers=2)


def test_cli_usage_errors_without_starting_ray(tmp_path):
    from auditor.cli.app import main

    assert main(["check", str(CORPORA), "--engine", "ray", "--isolated", "-q"]) == 2  # no --out
    assert main(["check", str(CORPORA), "--engine", "ray", "--out", str(tmp_path / "o"), "--format", "sarif"]) == 2
    assert main(["check", str(CORPORA), "--out", str(tmp_path / "o")]) == 2  # --out without --engine ray


def test_corpus_state_checkpoint_is_plain_json_and_round_trips():
    from auditor.distributed.sink import corpus_from_json, corpus_to_json
    from auditor.rules.engine import CorpusState
    from auditor.rules.residue import BoundedCounter

    counter = BoundedCounter(50)
    counter.add(12345678901234567890, 3)
    counter.add(7)
    counter.pruned = 2
    state = CorpusState(states={"RES001": {"articles": 4, "suffixes": counter}, "X": {3: [1, 2]}}, articles=9)
    text = corpus_to_json(state)
    assert json.loads(text)["articles"] == 9  # plain JSON: nothing that can run code on load
    back = corpus_from_json(text)
    assert back.articles == 9 and back.states["X"] == {3: [1, 2]}
    assert back.states["RES001"]["suffixes"].counts == {12345678901234567890: 3, 7: 1}
    assert back.states["RES001"]["suffixes"].pruned == 2
