"""The real-MT dev set (devsets/realmt/): every pointer resolves into ../shared/data, every
quote equals the text at its offsets, every type is a known family.kind, and the split is
by document (no document in both halves). Skips when the shared data is absent."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load():
    spec = importlib.util.spec_from_file_location("realmt", ROOT / "bench" / "realmt.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("realmt", module)
    spec.loader.exec_module(module)
    return module


realmt = _load()
DATA = realmt.data_dir()
needs_data = pytest.mark.skipif(not realmt.have_data(DATA), reason=f"{DATA} is absent")


def test_detokenize_examples():
    d = realmt.detokenize
    assert d("Hello , world .") == "Hello, world."
    assert d("We don 't show up") == "We don't show up"
    assert d("Yuri 's mother ( born 1926 ) said \" yes \" .") == "Yuri's mother (born 1926) said \"yes\"."
    assert d("'Rin you what ? ' asked Lisanna .") == "'Rin you what?' asked Lisanna."
    assert d("more than $ 2 billion , or 27.4 %") == "more than $2 billion, or 27.4%"


def test_annotation_files_hold_no_copied_text():
    # pointers, the short quoted span and the fix only: no segment text field
    for path in sorted(realmt.ANNOTATIONS.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            assert not {"text", "mt", "src", "pe", "ref", "mt_sent"} & set(row), path.name
            for art in row.get("artifacts", []):
                assert set(art) == {"start", "end", "quote", "type", "fix"}, path.name


def test_types_and_splits_are_well_formed():
    rows = realmt.load_annotations()
    assert len(rows) >= 400
    docs: dict[str, set[str]] = {}
    for row in rows:
        assert row["split"] in ("dev", "heldout")
        docs.setdefault(row["doc"], set()).add(row["split"])
        assert row["clean"] == (not row["artifacts"])
        for art in row["artifacts"]:
            family, _, kind = art["type"].partition(".")
            assert family in realmt.FAMILIES, art["type"]
            assert kind in realmt.KINDS[family], art["type"]
            assert art["fix"].strip(), row["seg"]
    assert all(len(s) == 1 for s in docs.values()), [d for d, s in docs.items() if len(s) > 1]
    halves = Counter(next(iter(s)) for s in docs.values())
    assert halves["dev"] == halves["heldout"]
    segs = [r["seg"] for r in rows]
    assert len(segs) == len(set(segs))
    # a document is a whole block: every segment of the block is annotated
    per_doc = Counter(r["doc"] for r in rows)
    assert set(per_doc.values()) == {realmt.BLOCK}


def test_the_families_are_those_of_the_rules():
    from auditor.rules.base import all_rules

    assert {rule.family for rule in all_rules().values()} == set(realmt.FAMILIES)


@needs_data
def test_every_pointer_resolves_and_every_quote_matches():
    rows = realmt.load_annotations()
    problems = realmt.validate(rows, DATA)
    assert not problems, "\n".join(problems[:20])


@needs_data
def test_the_blocks_are_the_chosen_ones():
    rows = realmt.load_annotations()
    for row in rows:
        source = row["source"]
        block = int(row["doc"].rsplit(":b", 1)[1])
        assert block in realmt.chosen_blocks(source)
        assert row["split"] == realmt.split_of(source, block)
        pointers = realmt.block_pointers(source, block, DATA)
        assert realmt.seg_id(source, pointers[0]).split(":")[0] == source


@needs_data
def test_negatives_resolve_and_do_not_overlap_the_dev_set():
    negatives = realmt.load_negatives()
    assert len(negatives) >= 1000
    assert {r["set"] for r in negatives} == set(realmt.NEGATIVE_SETS)
    for row in negatives:
        realmt.segment_text(row, DATA)  # resolves (IndexError/KeyError otherwise)
    annotated = {(r["file"], r.get("member", "").rsplit(".", 1)[0], r.get("line")) for r in realmt.load_annotations()}
    for row in negatives:
        assert (row["file"], row.get("member", "").rsplit(".", 1)[0], row.get("line")) not in annotated


@needs_data
def test_build_writes_gold_that_auditor_eval_reads(tmp_path):
    from auditor.document import Article
    from auditor.scoring.gold import gold_for, load_gold

    counts = realmt.build(tmp_path, DATA)
    assert counts["dev"]["articles"] == counts["heldout"]["articles"]
    for split in ("dev", "heldout", "clean"):
        items, clean = load_gold(tmp_path / f"gold-{split}.jsonl")
        articles = [json.loads(line) for line in (tmp_path / f"articles-{split}.jsonl").read_text("utf-8").splitlines()]
        for art in articles:
            article = Article(text=art["text"], id=art["id"])
            for item, (start, end) in gold_for(article, items, False, "gold"):
                assert item.quote is None
                assert art["text"][start:end] == item.extra["span_text"]
        if split == "clean":
            assert not items and len(clean) == len(articles)
