"""Hostile and odd input (issue 11, section 3): each case is a one-line error naming the
file (and line) or a normal result, the rest of the batch is audited, nothing hangs.

Every test runs the real readers, rules or CLI (`auditor.cli.app.main`, or a subprocess
where a second process is the point); none replaces what it tests.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from auditor.cli.app import main
from auditor.document import Article
from auditor.errors import InputError
from auditor.io import ReadOptions, iter_articles
from auditor.io.stdin import read_stdin

from _cli import run

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
MT_TEXT = (CORPORA / "articles" / "it-bridge-collapse-mt.txt").read_text("utf-8")
CLEAN = "The city council approved the budget on Tuesday after a long debate about schools."


def run_json(capsys, *args: str) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "check", "--isolated", "--format", "json", *args)
    return code, json.loads(out), err


def record(text: str = CLEAN, **fields) -> str:
    return json.dumps({"text": text, **fields})


def assert_no_internal_error(err: str) -> None:
    assert "internal error" not in err and "Traceback" not in err


# -- JSONL ---------------------------------------------------------------------------------
def test_jsonl_integer_of_5000_digits_is_an_error_for_its_line_only(capsys, tmp_path):
    dump = tmp_path / "d.jsonl"
    dump.write_text(record(id=1) + "\n" + '{"id": ' + "9" * 5000 + ', "text": "x y z"}\n' + record(id=3) + "\n")
    code, report, err = run_json(capsys, str(dump))
    assert_no_internal_error(err)
    assert f"error: {dump}:2: a number with more than" in err
    assert [a["id"] for a in report["articles"]] == ["1", "3"]
    assert code != 2


@pytest.mark.parametrize("field", ["title", "id"])
def test_jsonl_lone_surrogates_are_replaced_and_every_output_writes(capsys, tmp_path, field):
    dump = tmp_path / "d.jsonl"
    bad = '{"%s": "A\\ud800B\\udfff", "text": %s}' % (field, json.dumps(MT_TEXT))
    dump.write_text(bad + "\n" + record(id="ok") + "\n")
    for fmt in ("json", "text", "jsonl", "sarif", "github", "languagetool"):
        code, out, err = run(capsys, "check", "--isolated", "--format", fmt, "--no-color", str(dump))
        assert_no_internal_error(err)
        assert code in (0, 1), (fmt, err)
        out.encode("utf-8")  # strict: a lone surrogate would fail here
    code, report, err = run_json(capsys, str(dump))
    first = report["articles"][0]
    assert first[field] == "A\ufffdB\ufffd"
    assert len(report["articles"]) == 2


def test_jsonl_line_over_the_limit_is_skipped_with_an_error(capsys, tmp_path):
    dump = tmp_path / "d.jsonl"
    huge = record("word " * (4 * 1024 * 1024), id="huge")  # a 20 MB line
    dump.write_text(record(id="a") + "\n" + huge + "\n" + record(id="c") + "\n")
    assert dump.stat().st_size > 20 * 1024 * 1024
    started = time.perf_counter()
    code, report, err = run_json(capsys, str(dump))
    assert time.perf_counter() - started < 60
    assert_no_internal_error(err)
    assert f"error: {dump}:2: line too long (over 16,777,216 bytes" in err
    assert [a["id"] for a in report["articles"]] == ["a", "c"]


def test_article_over_max_article_chars_is_an_error_naming_file_and_line(capsys, tmp_path):
    long_text = "word " * 250_000  # 1,250,000 characters: under the line limit, over the text limit
    dump = tmp_path / "d.jsonl"
    dump.write_text(record(id="a") + "\n" + record(long_text, id="long") + "\n")
    text_file = tmp_path / "long.txt"
    text_file.write_text("Headline\n\n" + long_text)
    code, report, err = run_json(capsys, str(dump), str(text_file))
    assert f"error: {dump}:2: article too long (1,250,000 characters; the limit is 1,000,000" in err
    assert f"error: {text_file}: article too long" in err
    assert [a["id"] for a in report["articles"]] == ["a"]


def test_article_limit_holds_for_html_and_warc_too():
    paths = [str(CORPORA / "html" / "it-flood-emilia-mt.html"), str(CORPORA / "sample.warc.gz")]
    assert all(isinstance(i, Article) for i in iter_articles(paths, ReadOptions()))
    items = list(iter_articles(paths, ReadOptions(max_article_chars=300)))
    assert items and all(isinstance(i, InputError) and "article too long" in i.reason for i in items)


def test_millions_of_empty_lines_are_skipped_cheaply(capsys, tmp_path):
    dump = tmp_path / "d.jsonl"
    with open(dump, "wb") as handle:
        handle.write(b"\n" * 2_000_000 + record(id="last").encode() + b"\n" + b"\r\n" * 10)
    started = time.perf_counter()
    items = list(iter_articles([str(dump)], ReadOptions()))
    assert time.perf_counter() - started < 5  # about 1 s on a loaded 2-core machine
    assert len(items) == 1 and isinstance(items[0], Article) and items[0].id == "last"
    compressed = tmp_path / "d.jsonl.gz"
    compressed.write_bytes(gzip.compress(dump.read_bytes(), 1))
    started = time.perf_counter()
    code, report, err = run_json(capsys, str(compressed))
    assert time.perf_counter() - started < 30
    assert [a["id"] for a in report["articles"]] == ["last"] and "error:" not in err


def test_empty_jsonl_is_an_error_and_exit_2(capsys, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n\n  \n")
    code, out, err = run(capsys, "check", "--isolated", str(empty))
    assert code == 2 and f"error: {empty}: empty file" in err
    code, out, err = run(capsys, "check", "--isolated", str(blank))
    assert code == 2 and f"error: {blank}: empty file (no JSON lines)" in err
    # in a batch: one error line, the rest audited
    good = tmp_path / "good.jsonl"
    good.write_text(record(id="g") + "\n")
    code, report, err = run_json(capsys, str(empty), str(good))
    assert code == 0 and [a["id"] for a in report["articles"]] == ["g"] and err.count("error:") == 1


# -- stdin ---------------------------------------------------------------------------------
def _stdin_lines(bad_at: int, total: int = 120) -> bytes:
    lines = [record(id=f"r{i}").encode() for i in range(1, total + 1)]
    lines[bad_at - 1] = b"this line is not JSON"
    return b"\n".join(lines) + b"\n"


@pytest.mark.parametrize("bad_at", [2, 50, 100])
def test_stdin_one_bad_line_among_the_first_100_keeps_jsonl(bad_at):
    items = list(read_stdin(ReadOptions(), io.BytesIO(_stdin_lines(bad_at))))
    errors = [i for i in items if isinstance(i, InputError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 119 and len(errors) == 1
    assert errors[0].path == "<stdin>" and errors[0].line == bad_at and "malformed JSON" in errors[0].reason


def test_stdin_jsonl_through_the_cli(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_stdin_lines(7, 20)), encoding="utf-8"))
    code, report, err = run_json(capsys, "-")
    assert len(report["articles"]) == 19 and "error: <stdin>:7: malformed JSON" in err


def test_stdin_prose_stays_one_article():
    prose = MT_TEXT.encode() + b'\n{"text": "a JSON line inside prose"}\n'
    items = list(read_stdin(ReadOptions(), io.BytesIO(prose)))
    assert len(items) == 1 and isinstance(items[0], Article) and items[0].text.startswith(MT_TEXT[:40])


# -- a pathological article ----------------------------------------------------------------
def _pathological(chars: int, *, one_line: bool) -> str:
    """Many sentence-initial foreign words (each once a full rescan in UNT001), names,
    pronouns and quotes, as one paragraph per sentence group or as a single line."""
    blocks, i = [], 0
    while sum(map(len, blocks)) < chars:
        blocks.append(f"Governo Word{i}x said the plan was ready. The sindaco of Rome met Maria Rossi{i} "
                      f"today. She said “the Stadt leaders{i} agreed” and he added more. {CLEAN}")
        i += 1
    return "Headline\n\n" + (" " if one_line else "\n\n").join(blocks) + "\n"


def _rule_seconds(engine, text: str, codes=None, repeat: int = 1) -> dict[str, float]:
    """CPU seconds of each rule (of ``codes``) on ``text``: the best of ``repeat`` runs, each
    on a fresh article (a garbage collection or a busy core is not the rule)."""
    times: dict[str, float] = {}
    for _ in range(repeat):
        article = Article(text=text, id="x", path="x.txt")
        for rule in engine.rules:
            if codes is not None and rule.code not in codes:
                continue
            started = time.process_time()
            list(rule.check(article, engine.context))
            spent = time.process_time() - started
            times[rule.code] = min(spent, times.get(rule.code, spent))
    return times


@pytest.mark.parametrize("one_line", [False, True])
def test_every_rule_is_linear_in_the_article_length(one_line):
    from auditor.rules.engine import Engine

    engine = Engine()
    engine.warm_up()
    _rule_seconds(engine, _pathological(20_000, one_line=one_line))  # lazy tables loaded
    small = _rule_seconds(engine, _pathological(100_000, one_line=one_line))
    large = _rule_seconds(engine, _pathological(1_000_000, one_line=one_line))
    total = sum(large.values())
    # linear: x10 (UNT001 was x100 and 15 s at 1 MB); generous for a shared machine
    slow = {code: (round(small[code], 3), round(large[code], 3)) for code in large
            if large[code] > 0.5 and large[code] > 30 * max(small[code], 0.02)}
    if slow:  # measured again, best of three: a quadratic rule stays slow
        small = _rule_seconds(engine, _pathological(100_000, one_line=one_line), slow, repeat=3)
        large = _rule_seconds(engine, _pathological(1_000_000, one_line=one_line), slow, repeat=3)
        slow = {code: (round(small[code], 3), round(large[code], 3)) for code in large
                if large[code] > 0.5 and large[code] > 30 * max(small[code], 0.02)}
    assert not slow, slow
    assert total < 60


def test_run_of_words_before_a_pronoun_does_not_backtrack_exponentially():
    from auditor.rules.engine import Engine

    engine = Engine()
    rule = next(r for r in engine.rules if r.code == "GEN001")
    text = "Headline\n\nThe man " + " ".join(["word"] * 26) + ", said John Smith. She said it was fine.\n"
    started = time.process_time()
    list(rule.check(Article(text=text, id="x", path="x.txt"), engine.context))
    assert time.process_time() - started < 3  # the old pattern: 2^26 steps, minutes


def test_many_suppression_directives_are_parsed_in_linear_time():
    from auditor.suppress import parse_directives

    block = "<!-- auditor: ignore XYZ -->\nThe the council met ,today.\n\n"

    def timed(text):  # the best of three: a garbage collection or a busy core is not the code
        best, result = float("inf"), None
        for _ in range(3):
            started = time.process_time()
            result = parse_directives(text)
            best = min(best, time.process_time() - started)
        return result, best

    small, t_small = timed(block * 2_000)
    large, t_large = timed(block * 20_000)
    assert len(small) == 2_000 and len(large) == 20_000
    assert large[5].end == 5 * len(block) + len(block) - 2  # the paragraph after the directive
    assert t_large < 30 * max(t_small, 0.01)


# -- gzip bomb in a WARC -------------------------------------------------------------------
def _gz_member(parts) -> bytes:
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    out = [compressor.compress(p) for p in parts]
    out.append(compressor.flush())
    return b"".join(out)


def _warc_record(uri: str, http: bytes, body_parts, body_len: int) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{uri[-1]}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + body_len}\r\n\r\n").encode()
    return _gz_member([head + http, *body_parts, b"\r\n\r\n"])


def _page(uri: str) -> bytes:
    body = (f"<html><head><title>T</title></head><body><article><h1>Council passes budget</h1>"
            f"<p>{CLEAN} {CLEAN}</p></article></body></html>").encode()
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    return _warc_record(uri, http, [body], len(body))


def _zeros(total: int):
    chunk = b"0" * (1 << 20)
    for _ in range(total >> 20):
        yield chunk


BOMB = 128 << 20  # 128 MB decompressed, about 130 KB compressed


def test_gzip_bomb_where_warc_headers_belong_is_bounded(tmp_path):
    archive = tmp_path / "bomb.warc.gz"
    archive.write_bytes(_page("http://a.example/1") + _warc_record("http://a.example/2", b"", _zeros(BOMB), BOMB))
    tracemalloc.start()
    try:
        items = list(iter_articles([str(archive)], ReadOptions()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 48 << 20, peak  # the old reader held the whole bomb as one header line
    assert isinstance(items[0], Article) and items[0].id == "http://a.example/1"
    assert isinstance(items[1], InputError) and "corrupt WARC record 2" in items[1].reason
    assert "decompression bomb" in items[1].reason and items[1].path == str(archive)


def test_gzip_bomb_as_a_page_is_too_large_and_the_next_record_is_read(tmp_path):
    archive = tmp_path / "page.warc.gz"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    size = 32 << 20
    archive.write_bytes(_page("http://a.example/1") + _warc_record("http://a.example/2", http, _zeros(size), size)
                        + _page("http://a.example/3"))
    items = list(iter_articles([str(archive)], ReadOptions(max_bytes=1 << 20)))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert "page too large" in items[1].reason


# -- FIFOs, process substitution, /dev/stdin -------------------------------------------------
def _fifo_with_writer(path: Path, data: bytes) -> threading.Thread:
    os.mkfifo(path)

    def write() -> None:
        with open(path, "wb") as handle:  # blocks until the reader opens it
            handle.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_read_once_for_both_passes(capsys, tmp_path):
    fifo = tmp_path / "feed.jsonl"
    writer = _fifo_with_writer(fifo, (record(MT_TEXT, id="one") + "\n" + record(id="two") + "\n").encode())
    code, report, err = run_json(capsys, str(fifo))  # mining is on: two passes
    writer.join(5)
    assert_no_internal_error(err)
    assert [a["id"] for a in report["articles"]] == ["one", "two"]
    assert report["articles"][0]["path"] == str(fifo)  # reported under its own name
    assert report["articles"][0]["findings"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fix_reads_a_fifo_once_for_both_passes(capsys, tmp_path):
    fifo = tmp_path / "feed.jsonl"
    writer = _fifo_with_writer(fifo, (record(MT_TEXT, id="one") + "\n" + record(id="two") + "\n").encode())
    code = main(["fix", "--isolated", "--no-model", "--format", "json", str(fifo)])  # mining is on: two passes
    writer.join(5)
    out, err = capsys.readouterr()
    assert_no_internal_error(err)
    articles = json.loads(out)["articles"]
    assert code == 0 and [a["id"] for a in articles] == ["one", "two"]
    assert articles[0]["changed"]  # the article was read (not an empty second read) and fixed


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="no /dev/stdin")
def test_dev_stdin_as_a_path_is_audited(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--isolated", "--format", "json", "/dev/stdin"],
                          input=MT_TEXT.encode(), capture_output=True, timeout=120, cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert proc.returncode in (0, 1), proc.stderr
    assert report["summary"]["articles"] == 1 and report["articles"][0]["findings"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_inside_a_folder_is_skipped_with_a_message(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(MT_TEXT)
    os.mkfifo(folder / "b.txt")  # no writer: opening it would block forever
    code, report, err = run_json(capsys, str(folder))
    assert [a["id"] for a in report["articles"]] == ["a.txt"]
    assert f"error: {folder / 'b.txt'}: not a regular file (a FIFO), skipped" in err
    proc = subprocess.run([sys.executable, "-m", "auditor", "fix", "--isolated", "--no-model", "--diff", str(folder)],
                          capture_output=True, timeout=120, cwd=tmp_path, text=True)
    assert "not a regular file (a FIFO), skipped" in proc.stderr and "Traceback" not in proc.stderr


# -- many bad lines ------------------------------------------------------------------------
def test_error_lines_are_counted_with_a_bounded_sample(capsys, tmp_path):
    from auditor.report import MAX_ERROR_SAMPLE

    dump = tmp_path / "d.jsonl"
    dump.write_text("not json\n" * 20_000 + record(id="last") + "\n")
    code, report, err = run_json(capsys, str(dump))
    summary = report["summary"]
    assert summary["input_error_count"] == 20_000 and len(summary["input_errors"]) == MAX_ERROR_SAMPLE
    assert summary["input_errors"][0] == f"{dump}:1: malformed JSON: Expecting value (column 1)"
    assert err.count("error:") == 20_000 and "20000 input errors" in err
    assert [a["id"] for a in report["articles"]] == ["last"]


# -- --model ---------------------------------------------------------------------------------
def test_missing_model_folder_is_one_line_and_never_reaches_a_hub(capsys, tmp_path, monkeypatch):
    attempts = []

    def no_network(self, address):
        attempts.append(address)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    article = tmp_path / "a.txt"
    article.write_text(MT_TEXT)
    started = time.perf_counter()
    for model in (str(tmp_path / "no-such-model"), "Helsinki-NLP/opus-mt-it-en"):
        code, out, err = run(capsys, "fix", "--isolated", str(article), "--model", model)
        assert code == 2 and err.count("\n") == 1 and "no such model folder" in err and "hf:" in err
    assert time.perf_counter() - started < 20 and attempts == []


# -- names with escape sequences -------------------------------------------------------------
def test_file_names_and_ids_with_escape_sequences_are_escaped(capsys, tmp_path):
    evil = tmp_path / "a\x1b[2J\x1b]0;owned\x07.txt"
    evil.write_text(MT_TEXT)
    dump = tmp_path / "d.jsonl"
    dump.write_text(record(MT_TEXT, id="x\x1b[31mred") + "\n")
    missing = tmp_path / "gone\x1b[1m.txt"
    code, out, err = run(capsys, "check", "--isolated", "--no-color", str(evil), str(dump), str(missing))
    assert "\x1b" not in out and "\x1b" not in err and "\x07" not in out
    assert "a\\x1b[2J\\x1b]0;owned\\x07.txt:" in out
    assert "#x\\x1b[31mred:" in out
    assert "gone\\x1b[1m.txt: no such file or directory" in err
    code, out, err = run(capsys, "check", "--isolated", "--format", "github", str(evil))
    assert "\x1b" not in out


def test_undecodable_file_name_is_shown_not_crashed_on(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xff.txt")
    (folder / name).write_text(MT_TEXT)
    code, out, err = run(capsys, "check", "--isolated", "--no-color", str(folder))
    assert_no_internal_error(err)
    assert "caf\\xff.txt:" in out
    code, out, err = run(capsys, "check", "--isolated", "--format", "json", "-o", str(tmp_path / "r.json"), str(folder))
    assert code in (0, 1) and json.loads((tmp_path / "r.json").read_text("utf-8"))["summary"]["articles"] == 1
    for fmt in ("json", "sarif", "jsonl", "github", "languagetool"):
        code, out, err = run(capsys, "check", "--isolated", "--format", fmt, str(folder))
        assert_no_internal_error(err)
        assert code in (0, 1), (fmt, err)
    code, out, err = run(capsys, "check", "--isolated", "--format", "sarif", str(folder))
    assert "caf%FF.txt" in out  # the byte itself, percent-encoded


# -- word-table caches -----------------------------------------------------------------------
def test_truncated_or_tampered_word_table_cache_is_rebuilt(tmp_path, monkeypatch):
    from auditor import lexicon

    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    builds = []

    def build():
        builds.append(1)
        return {"casa": 5.2, "the": 7.7}

    assert lexicon.cached_table("t-1", build) == {"casa": 5.2, "the": 7.7} and len(builds) == 1
    path = tmp_path / "t-1.marshal"
    assert lexicon.cached_table("t-1", build) == {"casa": 5.2, "the": 7.7} and len(builds) == 1  # from disk
    good = path.read_bytes()
    damaged = {
        "truncated": good[:-3],
        "tampered": good.replace(b"casa", b"cosa"),
        "old format": good.split(b"\n", 2)[2],  # a bare marshal payload, as before
        "other version": good.replace(lexicon.CACHE_FORMAT, b"auditor-table 0", 1),
        "garbage": b"\x00\xff" * 10,
    }
    for why, data in damaged.items():
        path.write_bytes(data)
        before = len(builds)
        assert lexicon.cached_table("t-1", build) == {"casa": 5.2, "the": 7.7}, why
        assert len(builds) == before + 1, why
        assert path.read_bytes() == good, why  # rewritten whole


def test_tampered_english_table_does_not_change_findings(tmp_path, monkeypatch, capsys):
    from auditor import lexicon

    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    lexicon.zipf_table.cache_clear()
    try:
        table = lexicon.zipf_table("en", 0.0)
        path = next(tmp_path.glob("wordfreq-*-en-0.marshal"))
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # truncated
        lexicon.zipf_table.cache_clear()
        assert lexicon.zipf_table("en", 0.0) == table
    finally:
        lexicon.zipf_table.cache_clear()


def test_tampered_or_truncated_sqlite_index_is_not_read(tmp_path, monkeypatch):
    import sqlite3

    from auditor import lexicon

    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    monkeypatch.setattr(lexicon, "_prefer_tables", False)  # Engine.warm_up in another test sets it
    words = ["governo", "the", "città", "casa"]
    lexicon.zipf_table.cache_clear()
    try:
        expected = [lexicon.zipf(w, "it", 2.0) for w in words]  # writes the index and its sidecar
        index = next(tmp_path.glob("wordfreq-*-it-2.sqlite"))
        assert index.with_name(index.name + ".sha256").is_file()
        db = sqlite3.connect(index)
        db.execute("UPDATE t SET z = 0 WHERE w = 'governo'")  # tampered: a finding would vanish
        db.commit()
        db.close()
        lexicon.zipf_table.cache_clear()  # a new process
        assert [lexicon.zipf(w, "it", 2.0) for w in words] == expected
        lexicon.zipf_table.cache_clear()
        assert [lexicon.zipf(w, "it", 2.0) for w in words] == expected  # the rebuilt index
        assert lexicon._indexes[("it", 2.0)] is not None  # read again once rebuilt
        data = index.read_bytes()
        index.write_bytes(data[: len(data) // 3])  # truncated
        lexicon.zipf_table.cache_clear()
        assert [lexicon.zipf(w, "it", 2.0) for w in words] == expected
    finally:
        lexicon.zipf_table.cache_clear()


def test_escape_sequences_in_a_missing_path_and_in_markdown_are_escaped(capsys, tmp_path):
    evil = tmp_path / "x\x1b[2Jy.jsonl"
    code = main(["fix", "--isolated", "--no-model", "--format", "json", str(evil)])
    err = capsys.readouterr().err
    assert code == 2 and "\x1b" not in err and "\\x1b[2J" in err
    evil.write_text(record(MT_TEXT, id="z\x1b]0;owned\x07") + "\n", encoding="utf-8")
    code = main(["check", "--isolated", "--format", "markdown", str(evil)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "## auditor: 1 article" in out
