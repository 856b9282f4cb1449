"""`auditor fix` never damages or loses text (issue 11, section 2, and the fallback and
exit-code items of sections 1 and 5): invented words, unsafe edits, idempotence,
--in-place backups, JSONL line by line, encodings, symbolic links, permissions, --out
checks, HTML/WARC notices, --replace-text, the missing [model] extra."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.config import Settings
from auditor.correct.backends import default_model_dir
from auditor.correct.gate import judge
from auditor.document import Article
from auditor.findings import Applicability as A
from auditor.findings import Finding, Severity
from auditor.fix import Edit, apply_edits, fix_article
from auditor.rules.engine import Engine
from auditor.spelling import is_word
from auditor.wordcheck import WordGuard, snap

from _cli import run

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
DIRTY = "Markets rally as inflation cools – Business\n\nShares rose on Monday. The index closed higher.\n\nReproduction reserved © Copyright ANSA\n"
CLEAN_BODY = "Markets rally as inflation cools\n\nShares rose on Monday. The index closed higher.\n"
VILLAGES = "The pact binds the two Villages in case of aggression.\n"
NO_RULES = ["--no-model", "--isolated", "--quiet"]


def has_model() -> bool:
    if not (default_model_dir() / "model.bin").is_file():
        return False
    try:
        import ctranslate2  # noqa: F401
        import sentencepiece  # noqa: F401
    except ImportError:
        return False
    return True


needs_model = pytest.mark.skipif(not has_model(), reason="the shipped model or ctranslate2 is absent")


# -- 1. no invented words ------------------------------------------------------------


def test_dictionary_has_affix_rules_and_no_misspellings():
    assert is_word("countries") and is_word("Villages") and is_word("aggression")
    assert not is_word("countrys") and not is_word("Xanhuanhuanet")
    assert is_word("colour") and is_word("organise")  # en_AU: British spellings
    assert is_word("don’t")  # curly apostrophe


def test_snap_widens_an_edit_inside_a_word_to_the_whole_word():
    text = "the two Villages in"
    assert snap(text, 8, 15, "country") == (8, 16, "countrys")  # "Village" of "Villages"
    assert snap(text, 7, 8, "") == (4, 16, "twoVillages")  # a deleted space joins two words
    assert snap("president he thus", 10, 13, "") == (10, 13, "")  # a whole word: nothing to widen


def test_gate_judges_the_whole_words_of_the_result():
    window = "binds the two Villages in case of"
    span = (14, 22)
    f = Finding("CAL001", "false-friend", "calque", Severity.WARNING, 14, 22, "Villages", "m")
    bad = judge(window, "binds the two countrys in case of", span, logp_candidate=-1, logp_copy=-9, findings=[f],
                recheck=lambda s: [])
    assert not bad.accepted and "'countrys'" in bad.reason
    good = judge(window, "binds the two countries in case of", span, logp_candidate=-1, logp_copy=-9, findings=[f],
                 recheck=lambda s: [])
    assert good.accepted and good.applicability is A.UNSAFE
    assert good.edit == (14, 22, "countries")  # the minimal diff "Village" -> "countrie", snapped to the word


def test_gate_refuses_a_new_double_space():
    window = "and called it “a good start” for"
    f = Finding("TYP011", "mixed-quote-styles", "typography", Severity.INFO, 14, 15, "“", "m")
    v = judge(window, "and called it  “a good start” for", (14, 15), logp_candidate=-1, logp_copy=-9, findings=[f],
              recheck=lambda s: [])
    assert not v.accepted and "two spaces" in v.reason


def test_guard_refuses_a_rule_edit_that_writes_a_non_word():
    text = VILLAGES
    edit = Edit(23, 30, "country", A.SAFE, "X", original="Village")
    out, edits = apply_edits(text, [edit], guard=lambda e, r, a, b: WordGuard(text).reason(r, a, b, e.start, e.end))
    assert out == text and edits[0].status == "skipped" and "'countrys'" in edits[0].reason
    ok = Edit(23, 31, "countries", A.SAFE, "X", original="Villages")
    out, _ = apply_edits(text, [ok], guard=lambda e, r, a, b: WordGuard(text).reason(r, a, b, e.start, e.end))
    assert out == text.replace("Villages", "countries")


def test_guard_knows_names_of_the_input_and_repaired_mojibake():
    guard = WordGuard("Mayor Weselsky of BÃ©ziers spoke.")
    assert guard.reason("Mayor Weselsky spoke.", 6, 14, 6, 14) is None  # a name of the input
    assert guard.reason("Mayor Béziers spoke.", 6, 13, 6, 16) is None  # the word the mojibake meant
    assert "Wezelsky" in guard.reason("Mayor Wezelsky spoke.", 6, 14, 6, 14)


@needs_model
def test_villages_with_the_shipped_model(capsys, tmp_path):
    path = tmp_path / "pact.txt"
    path.write_text(VILLAGES, encoding="utf-8")
    code, out, _ = run(capsys, "fix", path, "--isolated", "--quiet")
    assert code == 0 and out == VILLAGES  # the judgement call is not made by default
    code, out, _ = run(capsys, "fix", path, "--isolated", "--quiet", "--unsafe-fixes")
    assert code == 0 and out == VILLAGES.replace("Villages", "countries")
    code, out, _ = run(capsys, "fix", path, "--isolated", "--quiet", "--format", "json")
    [article] = json.loads(out)["articles"]
    assert article["corrected_text"] == VILLAGES
    model = [e for e in article["edits"] if e["origin"] == "model"]
    assert model and all("countrys" not in e["content"] for e in model)
    # 2. a model edit that passed the gate is unsafe: shown, not applied, and says why
    assert all(e["status"] in ("display", "rejected") for e in model)
    assert any(e["status"] == "display" and "--unsafe-fixes" in e["reason"] for e in model)


# -- 2. unsafe edits need --unsafe-fixes ------------------------------------------------


def test_unsafe_model_edit_is_never_applied_by_default():
    text = "abc def"
    model_edit = Edit(0, 3, "xyz", A.UNSAFE, "model")
    out, edits = apply_edits(text, [model_edit])
    assert out == text and edits[0].status == "display" and "--unsafe-fixes" in edits[0].reason
    out, edits = apply_edits(text, [Edit(0, 3, "xyz", A.UNSAFE, "model")], A.UNSAFE)
    assert out == "xyz def"


class OneProposal:
    """A corrector of one's own that proposes one accepted (unsafe) edit on a TYP011 span."""

    def propose_article(self, article, findings, recheck):
        from auditor.correct.corrector import Proposal
        from auditor.findings import Replacement

        f = next((f for f in findings if f.code == "TYP011"), None)
        if f is None:
            return []
        content = "“" if article.text[f.start:f.end] == '"' else '"'  # the other style of quotation mark
        edit = Replacement(f.start, f.end, content, A.UNSAFE, "model correction")
        return [Proposal((0, len(article.text)), (f.start, f.end), article.text, "", (f.code,), {"margin": 5.0},
                         True, "accepted", A.UNSAFE, edit)]


def test_gate_passing_model_edit_waits_for_unsafe_fixes():
    text = 'Officials met.\n\nShe said "the plan works" and called it “a good start” for the city.\n'
    engine = Engine(Settings())
    default = fix_article(Article(text=text), engine, OneProposal())
    assert default.corrected == text
    [m] = [e for e in default.edits if e.origin == "model"]
    assert m.status == "display"
    unsafe = fix_article(Article(text=text), engine, OneProposal(), unsafe=True)
    [m] = [e for e in unsafe.edits if e.origin == "model"]
    assert m.status == "applied" and unsafe.corrected != text


# -- 3. idempotent -------------------------------------------------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_fix_of_its_own_output_changes_nothing_on_every_corpus_file(capsys, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    code, _, _ = run(capsys, "fix", CORPORA, "--out", first, "--replace-text", "--exclude", "README.md", *NO_RULES)
    assert code == 0
    names = _files(first)
    # every input file has its output: text, Markdown, JSONL (and .gz), HTML -> .txt, WARC -> .jsonl
    assert {"articles/it-bridge-collapse-mt.txt", "articles/fr-heatwave-schools-mt.md", "dump.jsonl", "dump.jsonl.gz",
            "html/it-flood-emilia-mt.html.txt", "sample.warc.gz.jsonl"} <= set(names)
    assert len(names) == len(list((CORPORA / "articles").iterdir())) + len(list((CORPORA / "html").iterdir())) + 3
    code, _, _ = run(capsys, "fix", first, "--out", second, "--replace-text", "--exclude", "html/**",
                     "--exclude", "*.warc.gz.jsonl", *NO_RULES)
    assert code == 0
    # the flood page (in html/ and in the WARC) silences TYP and UNT in places with inline
    # comments, which its text output cannot carry: their second run silences them too
    for name in ("html", "sample.warc.gz.jsonl"):
        code, _, _ = run(capsys, "fix", first / name, "--out", second / ("html" if name == "html" else ""),
                         "--replace-text", "--ignore", "TYP", "--ignore", "UNT", *NO_RULES)
        assert code == 0
    again = _files(second)
    for name, data in names.items():
        assert again.get(name) == data, name
    # the corpus was really fixed the first time (so the check is not vacuous)
    assert b"Riproduzione riservata" not in names["articles/it-bridge-collapse-mt.txt"]


def test_mixed_quotes_gain_no_double_space(capsys, tmp_path):
    text = 'Officials met on Monday.\n\nShe said "the plan works" and called it “a good start” for the city. He said "no".\n'
    path = tmp_path / "q.txt"
    path.write_text(text, encoding="utf-8")
    model = [] if has_model() else ["--no-model"]
    for _ in range(2):
        code, out, _ = run(capsys, "fix", path, "--isolated", "--quiet", "--unsafe-fixes", *model)
        assert code == 0 and "  " not in out
        path.write_text(out, encoding="utf-8")
    assert path.read_text("utf-8") == text


@needs_model
@pytest.mark.slow
def test_idempotent_with_the_shipped_model(capsys, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    args = ["--isolated", "--quiet", "--unsafe-fixes"]
    assert run(capsys, "fix", CORPORA / "articles", "--out", first, *args)[0] == 0
    assert run(capsys, "fix", first, "--out", second, *args)[0] == 0
    assert _files(first) == _files(second)


# -- 4. --in-place ---------------------------------------------------------------------------


def test_backups_are_never_overwritten_and_unchanged_files_not_rewritten(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    assert run(capsys, "fix", path, "--in-place", *NO_RULES)[0] == 0
    assert path.read_text("utf-8") == CLEAN_BODY
    assert (tmp_path / "a.txt.orig").read_text("utf-8") == DIRTY
    stamp = path.stat().st_mtime_ns
    assert run(capsys, "fix", path, "--in-place", *NO_RULES)[0] == 0  # nothing to fix: not rewritten
    assert path.stat().st_mtime_ns == stamp and not (tmp_path / "a.txt.orig.1").exists()
    second = DIRTY.replace("Monday", "Tuesday")
    path.write_text(second, encoding="utf-8")
    assert run(capsys, "fix", path, "--in-place", *NO_RULES)[0] == 0
    assert (tmp_path / "a.txt.orig").read_text("utf-8") == DIRTY  # the first original is kept
    assert (tmp_path / "a.txt.orig.1").read_text("utf-8") == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.txt.orig", "a.txt.orig.1"]  # no temporaries


def test_rerun_after_an_interrupted_run_keeps_the_originals(capsys, tmp_path):
    from auditor.cli.writing import Router

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(DIRTY, encoding="utf-8")
    # the first run is interrupted after a.txt was replaced and while b.txt is being written
    assert run(capsys, "fix", folder / "a.txt", "--in-place", *NO_RULES)[0] == 0
    engine = Engine(Settings())
    router = Router("in-place", keep_backup=True)
    router.article(fix_article(Article(text=DIRTY, path=str(folder / "b.txt"), meta={"format": "text"}), engine))
    router.abort()
    assert (folder / "b.txt").read_text("utf-8") == DIRTY and not (folder / "b.txt.orig").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "a.txt.orig", "b.txt"]  # no temporary left
    assert run(capsys, "fix", folder, "--in-place", *NO_RULES)[0] == 0
    assert (folder / "a.txt.orig").read_text("utf-8") == DIRTY and (folder / "b.txt.orig").read_text("utf-8") == DIRTY
    assert (folder / "a.txt").read_text("utf-8") == CLEAN_BODY == (folder / "b.txt").read_text("utf-8")
    assert not (folder / "a.txt.orig.1").exists()


def test_same_file_named_twice_is_fixed_once(capsys, tmp_path, monkeypatch):
    sub = tmp_path / "sub"
    sub.mkdir()
    path = sub / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(path)
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "sub/a.txt", "sub/a.txt", "./sub/../sub/a.txt", "link.txt", "sub", "--in-place", *NO_RULES)
    assert code == 0
    assert path.read_text("utf-8") == CLEAN_BODY
    assert sorted(p.name for p in sub.iterdir()) == ["a.txt", "a.txt.orig"]
    out = tmp_path / "out"
    path.write_text(DIRTY, encoding="utf-8")
    assert run(capsys, "fix", "sub", "sub/a.txt", "--out", out, *NO_RULES)[0] == 0
    assert (out / "a.txt").read_text("utf-8") == CLEAN_BODY


BAD_JSONL = [
    json.dumps({"id": "1", "text": DIRTY}),
    "{not json",
    "",
    json.dumps({"id": "3", "body": "no text field"}),
    json.dumps({"id": "4", "text": "Shares rose on Monday. The index closed higher."}),
]


def test_jsonl_in_place_keeps_every_line(capsys, tmp_path):
    path = tmp_path / "dump.jsonl"
    raw = "\r\n".join(BAD_JSONL) + "\r\n"
    path.write_bytes(raw.encode("utf-8"))
    code, _, err = run(capsys, "fix", path, "--in-place", *NO_RULES)
    assert code == 1  # some records could not be read
    assert f"{path}:2:" in err and f"{path}:4:" in err
    lines = path.read_bytes().split(b"\r\n")
    assert len(lines) == 6 and lines[-1] == b""  # 5 lines, CRLF kept
    assert lines[1] == b"{not json" and lines[2] == b"" and lines[3] == BAD_JSONL[3].encode()
    first = json.loads(lines[0])
    assert first["text"] == DIRTY and first["corrected_text"] == CLEAN_BODY
    assert json.loads(lines[4])["corrected_text"] == json.loads(BAD_JSONL[4])["text"]
    assert (tmp_path / "dump.jsonl.orig").read_bytes() == raw.encode("utf-8")
    assert run(capsys, "fix", path, "--in-place", *NO_RULES)[0] == 1
    assert not (tmp_path / "dump.jsonl.orig.1").exists()  # the same output: not rewritten


def test_full_disk_leaves_the_file_whole(tmp_path):
    # RLIMIT_FSIZE makes every write past the limit fail (EFBIG) as a full disk would (ENOSPC)
    path = tmp_path / "big.txt"
    body = DIRTY.replace("Shares rose on Monday.", "Shares rose on Monday. " * 2000)
    path.write_text(body, encoding="utf-8")
    other = tmp_path / "small.txt"
    other.write_text(DIRTY, encoding="utf-8")
    script = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384)); "
              "from auditor.cli.app import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.run([sys.executable, "-c", script, "fix", str(path), str(other), "--in-place", "--no-model",
                           "--isolated", "--quiet"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(path) in errors[0] and "left unchanged" in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert path.read_text("utf-8") == body  # whole, and no half-written backup or temporary
    assert other.read_text("utf-8") == CLEAN_BODY  # the rest of the batch is fixed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "small.txt", "small.txt.orig"]


def test_unwritable_out_folder_is_one_error_per_file(capsys, tmp_path):
    # as root a read-only folder is writable, so the folder's parent is a file instead
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text(DIRTY, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run(capsys, "fix", tmp_path / "in", "--out", blocker / "out", *NO_RULES)
    assert code == 1 and "Traceback" not in err
    errors = err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("error: ") and "cannot write" in line for line in errors)


@pytest.mark.parametrize("encoding,bom,newline", [("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
                                                    ("utf-8", codecs.BOM_UTF8, "\r\n"), ("utf-16-be", codecs.BOM_UTF16_BE, "\n")])
def test_encoding_bom_and_newlines_are_kept(capsys, tmp_path, encoding, bom, newline):
    path = tmp_path / "a.txt"
    path.write_bytes(bom + DIRTY.replace("\n", newline).encode(encoding))
    assert run(capsys, "fix", path, "--in-place", *NO_RULES)[0] == 0
    data = path.read_bytes()
    assert data.startswith(bom) and data[len(bom):].decode(encoding) == CLEAN_BODY.replace("\n", newline)
    clean = tmp_path / "clean.txt"
    clean.write_bytes(bom + CLEAN_BODY.replace("\n", newline).encode(encoding))
    before = clean.read_bytes(), clean.stat().st_mtime_ns
    assert run(capsys, "fix", clean, "--in-place", *NO_RULES)[0] == 0
    assert (clean.read_bytes(), clean.stat().st_mtime_ns) == before and not (tmp_path / "clean.txt.orig").exists()


def test_symlink_is_followed_and_stays_a_link(capsys, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(DIRTY, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert run(capsys, "fix", link, "--in-place", *NO_RULES)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text("utf-8") == CLEAN_BODY
    assert (tmp_path / "real.txt.orig").read_text("utf-8") == DIRTY


def test_out_and_backup_files_get_normal_permissions(capsys, tmp_path):
    old = os.umask(0o022)
    try:
        src = tmp_path / "in"
        src.mkdir()
        (src / "a.txt").write_text(DIRTY, encoding="utf-8")
        assert run(capsys, "fix", src, "--out", tmp_path / "out", *NO_RULES)[0] == 0
        assert (tmp_path / "out" / "a.txt").stat().st_mode & 0o777 == 0o644
        os.chmod(src / "a.txt", 0o640)
        assert run(capsys, "fix", src / "a.txt", "--in-place", *NO_RULES)[0] == 0
        assert (src / "a.txt").stat().st_mode & 0o777 == 0o640  # the file keeps its mode
        assert (src / "a.txt.orig").stat().st_mode & 0o777 == 0o640  # and so does its backup
        from auditor.atomic import write_atomic

        write_atomic(tmp_path / "baseline.json", b"{}")  # the baseline file's writer
        assert (tmp_path / "baseline.json").stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)


# -- 5. JSONL records that cannot be read, exit codes ----------------------------------------


def test_jsonl_to_stdout_keeps_every_line_in_order(capsys, tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(BAD_JSONL) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "fix", path, *NO_RULES)
    assert code == 1 and err.count("error:") == 2
    lines = out.split("\n")
    assert len(lines) == 6 and lines[1:4] == BAD_JSONL[1:4]
    assert json.loads(lines[0])["corrected_text"] == CLEAN_BODY and json.loads(lines[4])["id"] == "4"


@pytest.mark.parametrize("content", ["", "{broken\n", json.dumps({"id": 1}) + "\n"])
def test_nothing_read_exits_2(capsys, tmp_path, content):
    path = tmp_path / "d.jsonl"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "fix", path, "--format", "json", *NO_RULES)
    assert code == 2 and "no article could be read" in err
    assert run(capsys, "fix", tmp_path / "missing.txt", *NO_RULES)[0] == 2


# -- 6. --out inside an input folder ----------------------------------------------------------


def test_out_inside_an_input_folder_is_refused(capsys, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(DIRTY, encoding="utf-8")
    for out in (src, src / "fixed", tmp_path / "in" / ".." / "in"):
        code, _, err = run(capsys, "fix", src, "--out", out, *NO_RULES)
        assert code == 2 and "inside the input folder" in err
    code, _, err = run(capsys, "fix", src / "a.txt", "--out", src, *NO_RULES)
    assert code == 2 and "overwrite the input" in err
    assert (src / "a.txt").read_text("utf-8") == DIRTY and sorted(os.listdir(src)) == ["a.txt"]


# -- 7. HTML and WARC outputs -------------------------------------------------------------------


def test_html_and_warc_outputs_are_named_and_noted(capsys, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPORA / "html" / "clean-transit-fares.html", src / "x.html")
    shutil.copy(CORPORA / "sample.warc.gz", src / "s.warc.gz")
    code, _, err = run(capsys, "fix", src, "--out", tmp_path / "out", "--no-model", "--isolated")
    assert code == 0
    assert sorted(os.listdir(tmp_path / "out")) == ["s.warc.gz.jsonl", "x.html.txt"]
    notes = [line for line in err.splitlines() if line.startswith("note:")]
    assert len(notes) == 2 and "x.html.txt" in notes[0] + notes[1] and "s.warc.gz.jsonl" in notes[0] + notes[1]
    records = [json.loads(line) for line in (tmp_path / "out" / "s.warc.gz.jsonl").read_text("utf-8").splitlines()]
    assert records and all(r["url"] and "corrected_text" in r for r in records)
    code, _, err = run(capsys, "fix", src / "x.html", "--in-place", "--no-model", "--isolated")
    assert code == 1 and "use --out" in err and sorted(os.listdir(src)) == ["s.warc.gz", "x.html"]


# -- 8. --replace-text ---------------------------------------------------------------------------


def test_replace_text_writes_the_corrected_text_into_the_text_field(capsys, tmp_path):
    path = tmp_path / "d.jsonl"
    clean = json.dumps({"id": "2", "text": "Shares rose on Monday."})
    nested = json.dumps({"id": "3", "article": {"body": DIRTY}})
    path.write_text(json.dumps({"id": "1", "text": DIRTY, "site": "x"}) + "\n" + clean + "\n", encoding="utf-8")
    assert run(capsys, "fix", path, "--in-place", "--replace-text", *NO_RULES)[0] == 0
    first, second = path.read_text("utf-8").splitlines()
    record = json.loads(first)
    assert record["text"] == CLEAN_BODY and record["original_text"] == DIRTY and record["site"] == "x"
    assert "corrected_text" not in record and {e["origin"][:3] for e in record["edits"]} == {"RES"}
    assert second == clean  # an unchanged record is written back as it was
    assert run(capsys, "fix", path, "--in-place", "--replace-text", *NO_RULES)[0] == 0
    assert not (tmp_path / "d.jsonl.orig.1").exists()  # a second run changes nothing
    nested_path = tmp_path / "n.jsonl"
    nested_path.write_text(nested + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "fix", nested_path, "--replace-text", "--text-field", "article.body", *NO_RULES)
    assert code == 0 and json.loads(out)["article"]["body"] == CLEAN_BODY


# -- 9. without the [model] extra ------------------------------------------------------------------


def test_without_the_model_extra_fix_falls_back_to_rule_fixes(tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    for name in ("torch", "transformers", "ctranslate2", "sentencepiece"):
        (shim / f"{name}.py").write_text(f"raise ImportError('No module named {name!r} (test shim)')\n")
    path = tmp_path / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shim), str(ROOT)])}
    for extra in ([], ["--unsafe-fixes"], ["--format", "json"]):
        proc = subprocess.run([sys.executable, "-m", "auditor", "fix", str(path), "--isolated", *extra],
                              capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
        notes = [line for line in proc.stderr.splitlines() if "[model] extra" in line]
        assert len(notes) == (1 if extra else 0), proc.stderr  # the default text output does not use the model
        fixed = json.loads(proc.stdout)["articles"][0]["corrected_text"] if "json" in extra else proc.stdout
        assert fixed == CLEAN_BODY
    proc = subprocess.run([sys.executable, "-m", "auditor", "fix", str(path), "--isolated", "--model", str(default_model_dir())],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 2 and "[model] extra" in proc.stderr and "Traceback" not in proc.stderr
