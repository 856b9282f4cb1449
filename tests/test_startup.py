"""Start-up (issue 14): what a one-article check loads, and the lazy paths that make it
cheap give exactly what the eager ones did: the residue gates never hide a match, the
word tables answer the same from their index, an index is re-hashed whenever it changed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor import lexicon
from auditor.rules import residue

ROOT = Path(__file__).resolve().parents[1]

#: modules a rules-only check of one article must not import (each costs 0.1-2 s)
HEAVY = ("torch", "transformers", "numpy", "trafilatura", "warcio", "ray", "starlette", "uvicorn", "fastapi",
         "ctranslate2", "sacrebleu", "wordfreq", "pandas", "pyarrow", "scipy", "sklearn", "rich")


def test_a_one_article_check_imports_no_heavy_module(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Council approves budget\n\nThe city council approved the budget on Tuesday.\n", "utf-8")
    code = (
        "import json, sys\n"
        "from auditor.cli.app import main\n"
        f"code = main(['check', '--quiet', {str(article)!r}])\n"
        f"print(json.dumps([code, sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    exit_code, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    assert exit_code == 0
    assert heavy == []


# -- residue: the gates are necessary conditions ------------------------------------------------
def test_fold_covers_every_character_the_engine_takes_for_an_ascii_letter():
    """`residue._FOLD` must map every non-ASCII character that ``re`` (ignoring case)
    matches with an ASCII letter, or an anchor could miss a match."""
    from _sre import unicode_tolower
    from re._casefix import _EXTRA_CASES

    for code in range(128, sys.maxunicode + 1):
        low = unicode_tolower(code)
        ascii_forms = {c for c in (low, *_EXTRA_CASES.get(low, ())) if c < 128}
        if ascii_forms:
            ch = chr(code)
            assert residue._fold(ch) in {chr(c).lower() for c in ascii_forms}, hex(code)
            assert residue._canon(ch) == chr(min(ascii_forms)).lower(), hex(code)


def _lines() -> list[str]:
    """Lines from the sample corpus, the residue tests and tricky case forms."""
    lines: list[str] = []
    for path in sorted((ROOT / "corpora").rglob("*")):
        if path.suffix in (".txt", ".md", ".jsonl"):
            text = path.read_text("utf-8")
            if path.suffix == ".jsonl":
                text = "\n".join(json.loads(line).get("text", "") for line in text.splitlines() if line.strip())
            lines += text.splitlines()
    source = (ROOT / "tests" / "test_rules_residue.py").read_text("utf-8")
    lines += [bytes(m.group(1), "utf-8").decode("unicode_escape", "ignore")
              for m in re.finditer(r'"((?:[^"\\\n]|\\.){3,800})"', source)]
    extra = ["READ ALSO: the bridge", "Read also: the bridge", "REAd ALSO", "ſhare this article", "LİKE us on Facebook",
             "Riproduzione riservata © Copyright ANSA", "© Riproduzione riservata", "Follow us on Google News",
             "(Photo by AP)", "PREV", "NEXT: the story", "Advertisement", "ADVERTISEMENT", "Werbung", "Anzeige",
             "Leggi anche: il ponte", "LEGGI ANCHE", "Lee también: la sequía", "Lire aussi", "Lesen Sie auch",
             "Copyright 2024 ANSA", "COPYRIGHT ©", "Share", "Tweet", "Comments", "Leave a comment", "", "*", "» «"]
    return [*lines, *extra, *(x.upper() for x in extra), *(x.lower() for x in extra)]


def test_line_candidates_never_drop_an_entry_that_matches():
    m = residue.matchers()
    assert m.line_by_first is not None  # the index is in use on this Python
    checked = 0
    for line in _lines():
        core = residue._strip_decor(line)
        candidates = {id(e) for e in m.line_candidates(core)}
        for entry in m.line_entries:
            hit = entry.regex.fullmatch(core) if entry.mode == "line" else entry.regex.match(core)
            if hit:
                checked += 1
                assert id(entry) in candidates, (entry.pattern, core)
    assert checked > 20


def test_the_paragraph_gate_never_hides_a_prefilter_match():
    m = residue.matchers()
    assert m.paragraph_by_first is not None
    texts = _lines()
    texts += ["\n\n".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]  # several paragraphs
    texts += [t.upper() for t in texts] + [
        "Maria Rossi is a journalist and writer who loves travelling and food.",
        "MARİA ROSSİ İS A JOURNALİST WHO LOVES TRAVEL.", "Juan Pérez es un periodista apasionado por el fútbol."]
    hits = 0
    for text in texts:
        for start in range(0, len(text), max(1, len(text) // 7)):
            if m.paragraph_prefilter.match(text, start, len(text)):
                hits += 1
                assert m.paragraph_may_match(text, start, len(text)), text[start:]
    assert hits >= 2


def test_a_long_run_finds_what_a_short_one_does(monkeypatch):
    """Past `PREFILTER_AFTER` lines the combined regexes run first: same findings."""
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.rules.engine import Engine

    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpora" / "articles").glob("*"))]
    lines = _lines()
    texts += ["\n".join(lines[i : i + 12]) for i in range(0, len(lines), 12)]

    def findings() -> list:
        residue.matchers.cache_clear()
        engine = Engine(Settings(select=["RES"]))
        return [[(f.code, f.start, f.end) for f in engine.check(Article(text=t))[0]] for t in texts]

    try:
        short = findings()
        monkeypatch.setattr(residue, "PREFILTER_AFTER", 0)
        long = findings()
    finally:
        residue.matchers.cache_clear()
    assert short == long
    assert sum(map(len, short)) > 10


def test_anchors_are_in_every_match_of_their_pattern():
    for pattern, text in [
        ("(?i:(?:read|see) (?:also|more))", "SEE ALSO"),
        ("(?i:riproduzione riservata)", "RİPRODUZİONE RİSERVATA"),
        ("(?i:share (?:this|the) (?:article|story))", "ſhare the ſtory"),
        ("(?:Copyright|COPYRIGHT) [A-Z]", "Copyright X"),
        ("(?i:k(?:now|eep) more)", "\u212aEEP MORE"),
        ("©\\s*\\S|\\([cC]\\)\\s*\\d{4}|(?:Copyright|COPYRIGHT) [A-Z]", "© ANSA"),
    ]:
        match = re.match(pattern, text)
        assert match, pattern
        _first, sets = residue._plan(pattern)
        assert sets, pattern
        folded = residue._fold(match.group())
        assert all(any(a in folded for a in s) for s in sets), (pattern, sets, folded)


def test_the_residue_plan_cache_is_what_it_computes(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "_cache_dir", lambda: tmp_path)
    residue.matchers.cache_clear()
    try:
        fresh = residue.matchers()
        assert list(tmp_path.glob("residue-plan-*"))
        residue.matchers.cache_clear()
        cached = residue.matchers()  # from the cache
        assert [(e.wrapped, e.anchors) for e in fresh.line_entries] == [(e.wrapped, e.anchors) for e in cached.line_entries]
        assert (fresh.line_by_first, fresh.line_any) == (cached.line_by_first, cached.line_any)
        assert all(residue._plan(e.wrapped)[1] == [list(s) for s in e.anchors] for e in cached.line_entries)
    finally:
        residue.matchers.cache_clear()


# -- word tables: the lazy mapping answers as the dict ------------------------------------------
def test_the_lazy_table_answers_as_the_whole_table(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    monkeypatch.setattr(lexicon, "_prefer_tables", False)
    words = ["governo", "the", "città", "qwzxv", "casa", "", "a\0b", "\udcff", "Governo"]
    lexicon.zipf_table.cache_clear()
    try:
        whole = dict(lexicon.zipf_table("it", 3.0))  # loads the table, writes the index
        lexicon.zipf_table.cache_clear()  # a new process
        lazy = lexicon.zipf_table("it", 3.0)
        assert not isinstance(lazy, dict)
        assert [(w in lazy, lazy.get(w, 0.0), lazy.get(w)) for w in words] == \
            [(w in whole, whole.get(w, 0.0), whole.get(w)) for w in words]
        assert lazy["governo"] == whole["governo"]
        with pytest.raises(KeyError):
            lazy["qwzxv"]
        assert ("it", 3.0) not in lexicon._loaded
        assert lazy == whole and len(lazy) == len(whole)  # a whole-table operation loads it
        assert lexicon.zipf_table("it", 3.0) is lexicon._loaded[("it", 3.0)]
    finally:
        lexicon.zipf_table.cache_clear()


def test_a_changed_index_is_hashed_again_after_its_stat_was_recorded(tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    monkeypatch.setattr(lexicon, "_prefer_tables", False)
    monkeypatch.setattr(lexicon, "SETTLED_NS", -10**12)  # record the stat at once
    words = ["governo", "the", "casa"]
    lexicon.zipf_table.cache_clear()
    try:
        expected = [lexicon.zipf(w, "it", 3.0) for w in words]  # writes the index
        index = next(tmp_path.glob("wordfreq-*-it-3.sqlite"))
        lexicon.zipf_table.cache_clear()
        assert [lexicon.zipf(w, "it", 3.0) for w in words] == expected  # hashed, stat recorded
        sidecar = index.with_name(index.name + ".sha256")
        assert sidecar.read_bytes().split(b"\n")[2].startswith(b"stat ")
        time.sleep(0.05)  # past the file system's timestamp tick
        db = sqlite3.connect(index)
        db.execute("UPDATE t SET z = 0 WHERE w = 'governo'")  # same size, new content
        db.commit()
        db.close()
        lexicon.zipf_table.cache_clear()
        assert [lexicon.zipf(w, "it", 3.0) for w in words] == expected  # not read: rebuilt
    finally:
        lexicon.zipf_table.cache_clear()
