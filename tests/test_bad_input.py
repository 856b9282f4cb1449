"""Bad input: every problem is one `InputError` naming the file (and line), never an
exception, the rest of the batch is still read, and no input file is modified."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from auditor.document import Article
from auditor.errors import InputError
from auditor.io import ReadOptions, iter_articles

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
GOOD = "Good headline\n\nA good body.\n"


def read(paths, **options):
    return list(iter_articles([str(p) for p in paths], ReadOptions(**options)))


def only_error(items) -> InputError:
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1, items
    return errors[0]


@pytest.fixture
def good(tmp_path) -> tuple[Path, Path]:
    a, b = tmp_path / "good-a.txt", tmp_path / "good-b.txt"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text(GOOD, encoding="utf-8")
    return a, b


def batch(good, bad, **options):
    """Read good, bad, good: the error sits between two articles, in order."""
    items = read([good[0], bad, good[1]], **options)
    assert isinstance(items[0], Article) and items[0].path == str(good[0])
    assert isinstance(items[-1], Article) and items[-1].path == str(good[1])
    err = only_error(items)
    assert err.path == str(bad)
    assert "\n" not in str(err) and str(err).startswith(str(bad))
    return err


def test_missing_path(good, tmp_path):
    err = batch(good, tmp_path / "nope.txt")
    assert err.reason == "no such file or directory"
    assert str(err) == f"{tmp_path / 'nope.txt'}: no such file or directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(good, tmp_path):
    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD)
    bad.chmod(0)
    try:
        assert batch(good, bad).reason == "permission denied"
    finally:
        bad.chmod(0o644)


def test_permission_error_is_reported(good, tmp_path, monkeypatch):
    # works as root too: the open itself is refused
    import auditor.io.common as common

    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD)
    real_open = open

    def refusing_open(path, *args, **kwargs):
        if str(path) == str(bad):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(common, "open", refusing_open, raising=False)
    assert batch(good, bad).reason == "permission denied"


def test_invalid_utf8_names_the_byte_offset_and_line(good, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"Headline\n\nCaf\xe9 au lait")  # 9 + 1 + 3 bytes before the bad one
    err = batch(good, bad)
    assert err.reason.startswith("invalid UTF-8 at byte 13 (line 3)")


def test_binary_file_with_nul_bytes(good, tmp_path):
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert batch(good, bad).reason == "binary file, skipped"


def test_undecodable_noise_is_binary(good, tmp_path):
    bad = tmp_path / "noise.md"
    bad.write_bytes(bytes((i * 37 + 128) % 256 | 0x80 for i in range(4000)))  # high bytes, no NUL
    assert batch(good, bad).reason == "binary file, skipped"


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \r\n"])
def test_empty_file(good, tmp_path, content):
    bad = tmp_path / "empty.md"
    bad.write_bytes(content)
    assert batch(good, bad).reason == "empty file"


def test_file_too_large(good, tmp_path):
    bad = tmp_path / "big.txt"
    bad.write_text("Headline\n\n" + "word " * 400, encoding="utf-8")  # 2010 bytes
    err = batch(good, bad, max_bytes=1000)
    assert err.reason.startswith("file too large (2010 bytes; the limit is 1000 bytes")


def test_html_binary_and_empty(good, tmp_path):
    bad = tmp_path / "page.html"
    bad.write_bytes(b"")
    assert batch(good, bad).reason == "empty file"
    bad.write_bytes(b"<html>\x00\x01\x02\x00</html>")
    assert batch(good, bad).reason == "binary file, skipped"


def test_html_without_article_text(good, tmp_path):
    bad = tmp_path / "nav.html"
    bad.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert batch(good, bad).reason == "no article text found in the page"


# -- JSONL ------------------------------------------------------------------------------------

def jsonl_lines(tmp_path, lines: list[bytes], name="dump.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize(
    "line, reason",
    [
        (b'{"text": "unterminated', "malformed JSON: Unterminated string starting at (column 10)"),
        (b'{"text": "a"} trailing', "malformed JSON: Extra data (column 15)"),
        (b'["text", "a"]', "expected a JSON object, got an array"),
        (b'"just a string"', "expected a JSON object, got a string"),
        (b'{"body": "no text field"}', "no 'text' field (set the text field with --text-field)"),
        (b'{"text": null}', "field 'text' is null, not a string"),
        (b'{"text": 42}', "field 'text' is a number, not a string"),
        (b'{"text": "   "}', "empty text in field 'text'"),
        (b'{"text": "caf\xe9"}', "invalid UTF-8 at byte 13 of the line: invalid continuation byte"),
    ],
)
def test_bad_jsonl_line_names_line_and_reason(good, tmp_path, line, reason):
    path = jsonl_lines(tmp_path, [b'{"id": "a", "text": "First."}', b"", line, b'{"id": "c", "text": "Third."}'])
    items = read([good[0], path, good[1]])
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError", "Article", "Article"]
    err = items[2]
    assert err.path == str(path) and err.line == 3
    assert err.reason == reason
    assert str(err) == f"{path}:3: {reason}"
    assert [items[1].id, items[3].id] == ["a", "c"]


def test_jsonl_line_too_long_is_skipped(tmp_path):
    path = jsonl_lines(tmp_path, [json.dumps({"text": "x" * 500}).encode(), b'{"text": "short"}'])
    items = read([path], max_bytes=100)
    assert isinstance(items[0], InputError) and items[0].line == 1 and items[0].reason.startswith("line too long")
    assert isinstance(items[1], Article) and items[1].text == "short" and items[1].id == "2"


def test_truncated_gzip_yields_complete_lines_then_an_error(tmp_path):
    rows = b"".join(json.dumps({"id": i, "text": f"Article number {i} " * 5}).encode() + b"\n" for i in range(400))
    packed = gzip.compress(rows)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = read([path])
    *complete, err = items
    assert all(isinstance(a, Article) for a in complete) and complete
    assert [a.id for a in complete] == [str(i) for i in range(len(complete))]
    assert isinstance(err, InputError) and err.path == str(path)
    assert err.line == len(complete) + 1
    assert err.reason == f"truncated gzip: the data ends in line {len(complete) + 1}"
    assert len(complete) < 400


def test_gzip_cut_right_after_a_newline_still_reports(tmp_path):
    import zlib

    rows = b'{"text": "one"}\n{"text": "two"}\n'
    # a raw deflate stream flushed after line 1, with the gzip trailer missing
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = comp.compress(rows[:16]) + comp.flush(zlib.Z_SYNC_FLUSH)
    path = tmp_path / "cut.ndjson.gz"
    path.write_bytes(data)
    items = read([path])
    assert isinstance(items[0], Article) and items[0].text == "one"
    assert isinstance(items[1], InputError) and items[1].line == 2


def test_not_gzip_at_all(good, tmp_path):
    bad = tmp_path / "fake.jsonl.gz"
    bad.write_bytes(b'{"text": "plain, not gzip"}\n')
    assert batch(good, bad).reason == "not a gzip file"


# -- WARC -----------------------------------------------------------------------------------

def test_truncated_warc_keeps_earlier_records(tmp_path):
    data = (CORPORA / "sample.warc.gz").read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.8)])
    items = read([path])
    assert isinstance(items[0], Article)
    assert items[0].id == "https://metroledger.example.com/local/2024/04/transit-fares-frozen"
    err = only_error(items)
    assert err is items[-1] and err.path == str(path) and err.reason.startswith("corrupt WARC record")


def test_garbage_warc(good, tmp_path):
    bad = tmp_path / "junk.warc"
    bad.write_bytes(b"this is not a web archive\r\n" * 10)
    err = batch(good, bad)
    assert err.reason.startswith("corrupt WARC record 1")


# -- directories and the untouched-inputs guarantee ---------------------------------------------

def test_bad_files_inside_a_directory_do_not_stop_the_walk(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "c.jsonl").write_text('{"text": "ok"}\n{oops}\n')
    (tmp_path / "d.md").write_text("")
    (tmp_path / "e.txt").write_text(GOOD)
    items = read([tmp_path])
    summary = [(type(i).__name__, i.path if isinstance(i, InputError) else i.id) for i in items]
    assert summary == [
        ("Article", "a.txt"),
        ("InputError", str(tmp_path / "b.txt")),
        ("Article", "1"),
        ("InputError", str(tmp_path / "c.jsonl")),
        ("InputError", str(tmp_path / "d.md")),
        ("Article", "e.txt"),
    ]
    assert items[3].line == 2


def test_inputs_are_never_modified(tmp_path):
    shutil.copytree(CORPORA, tmp_path / "corpora")
    (tmp_path / "corpora" / "bad.txt").write_bytes(b"Caf\xe9\n")
    (tmp_path / "corpora" / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n' * 50)[:40])
    files = sorted(p for p in (tmp_path / "corpora").rglob("*") if p.is_file())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode) for p in files}
    items = read([tmp_path / "corpora"])
    assert sum(isinstance(i, Article) for i in items) >= 20
    assert sum(isinstance(i, InputError) for i in items) == 2
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode) for p in files}
    assert after == before
    assert sorted(p for p in (tmp_path / "corpora").rglob("*") if p.is_file()) == files  # nothing created


def test_truncated_uncompressed_warc_and_empty_warc(tmp_path):
    raw = gzip.decompress((CORPORA / "sample.warc.gz").read_bytes())
    cut = raw.index(b"Ridership has recovered")  # inside the first page's response
    path = tmp_path / "cut.warc"
    path.write_bytes(raw[:cut])
    (err,) = read([path])  # the cut page is not half-read into an article
    assert isinstance(err, InputError)
    assert err.reason.startswith("corrupt WARC record 5 at byte ") and "record truncated" in err.reason
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    (err,) = read([empty])
    assert err.reason == "empty file"


def test_input_error_survives_pickling_for_worker_processes():
    import pickle

    err = InputError("malformed JSON: Extra data (column 3)", "dump.jsonl", 7)
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == str(err) == "dump.jsonl:7: malformed JSON: Extra data (column 3)"
    assert (copy.reason, copy.path, copy.line) == (err.reason, "dump.jsonl", 7)
