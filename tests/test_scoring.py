"""`auditor score`: sacrebleu metrics, agreement with sacrebleu's CLI, paired tests, inputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.errors import InputError, UsageError
from auditor.scoring.inputs import align, read_segments
from auditor.scoring.metrics import MetricOptions, corpus_scores, sentence_scores
from auditor.scoring.significance import paired_test

OPTS = MetricOptions()


def test_identical_text_scores_perfectly():
    hyps = ["The cat sat on the mat.", "Prices rose by 3 per cent in June."]
    scores = {s.metric: round(s.score, 6) for s in corpus_scores(hyps, [hyps], ["bleu", "chrf", "chrf++", "ter"], OPTS)}
    assert scores == {"bleu": 100.0, "chrf": 100.0, "chrf++": 100.0, "ter": 0.0}


def test_ter_counts_edits_by_hand():
    # one substitution in a 4-word reference: TER = 1/4 = 25
    [ter] = corpus_scores(["the cat sat down"], [["the dog sat down"]], ["ter"], OPTS)
    assert ter.score == pytest.approx(25.0)
    assert ter.signature.startswith("nrefs:1|case:lc|tok:tercom")


def test_sentence_scores_per_segment():
    got = sentence_scores(["a b c d", "x y"], [["a b c d", "p q"]], ["ter"], OPTS)
    assert got["ter"] == [0.0, 100.0]


def test_signature_records_tokenizer_and_refs():
    [bleu] = corpus_scores(["a b"], [["a b"], ["a c"]], ["bleu"], MetricOptions(tokenize="intl"))
    assert "nrefs:2" in bleu.signature and "tok:intl" in bleu.signature


def test_unknown_tokenizer_is_a_usage_error():
    with pytest.raises(UsageError, match=r"unknown BLEU tokenizer 'nonsense' \(choose from .*13a"):
        corpus_scores(["a"], [["a"]], ["bleu"], MetricOptions(tokenize="nonsense"))


def test_sentencepiece_tokenizer_is_never_downloaded(tmp_path, monkeypatch):
    """sacrebleu fetches the flores SentencePiece model on first use; offline that was an
    internal URLError. Without the model on disk it is a usage error naming the path."""
    import sacrebleu.utils

    monkeypatch.setattr(sacrebleu.utils, "SACREBLEU_DIR", str(tmp_path))
    with pytest.raises(UsageError, match=r"'flores200' needs .*models.* does not download"):
        corpus_scores(["a"], [["a"]], ["bleu"], MetricOptions(tokenize="flores200"))
    assert not (tmp_path / "models").exists()  # nothing was fetched or created


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_align_plain_and_errors(tmp_path):
    hyp = _write(tmp_path / "h.txt", ["a", "b"])
    ref = _write(tmp_path / "r.txt", ["a", "c"])
    short = _write(tmp_path / "s.txt", ["a"])
    assert align(hyp, [ref])[:2] == (["a", "b"], [["a", "c"]])
    with pytest.raises(UsageError, match="has 1 lines but"):
        align(hyp, [short])
    empty = tmp_path / "e.txt"
    empty.write_text("")
    with pytest.raises(InputError, match="empty file"):
        read_segments(empty)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\xfe broken\n")
    with pytest.raises(InputError, match=r"bad.txt:2: invalid UTF-8 at byte 3"):
        read_segments(bad)
    with pytest.raises(InputError, match="no such file"):
        read_segments(tmp_path / "missing.txt")


def test_align_jsonl_by_id(tmp_path):
    hyp = _write(tmp_path / "h.jsonl", [json.dumps({"id": "b", "text": "two\nlines"}), json.dumps({"id": "a", "text": "one"})])
    ref = _write(tmp_path / "r.jsonl", [json.dumps({"id": "a", "text": "one"}), json.dumps({"id": "b", "text": "two lines"})])
    hyps, refs, base, ids = align(hyp, [ref])
    assert ids == ["b", "a"] and hyps == ["two lines", "one"] and refs == [["two lines", "one"]]
    other = _write(tmp_path / "o.jsonl", [json.dumps({"id": "a", "text": "one"})])
    with pytest.raises(UsageError, match="ids differ"):
        align(hyp, [other])
    broken = _write(tmp_path / "x.jsonl", ['{"id": "a", "text": "x"}', "{oops"])
    with pytest.raises(InputError, match=r"x.jsonl:2: malformed JSON"):
        read_segments(broken)


WMT = "wmt22"


def _wmt(data_dir: Path) -> tuple[Path, Path, Path, Path]:
    base = data_dir / WMT
    return (base / "references/generaltest2022.de-en.ref.A.en",
            base / "system-outputs/generaltest2022.de-en.hyp.Online-W.en",
            base / "system-outputs/generaltest2022.de-en.hyp.LT22.en",
            base / "references/generaltest2022.de-en.ref.B.en")


@pytest.mark.shared
def test_scores_equal_sacrebleu_cli(data_dir):
    ref, hyp, _, ref_b = _wmt(data_dir)
    cli = shutil.which("sacrebleu") or str(Path(sys.executable).with_name("sacrebleu"))
    for refs in ([ref], [ref, ref_b]):
        out = subprocess.run([cli, *map(str, refs), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "-w", "2"],
                             capture_output=True, text=True, check=True).stdout
        expected = {d["name"]: (f"{d['score']:.2f}", d["signature"]) for d in json.loads(out)}
        ours = corpus_scores(read_segments(hyp), [read_segments(r) for r in refs], ["bleu", "chrf", "ter"], OPTS, width=2)
        got = {s.label: (s.formatted, s.signature) for s in ours}
        assert got == expected


@pytest.mark.shared
def test_paired_tests_separate_strong_and_weak_systems(data_dir):
    ref, strong, weak, _ = _wmt(data_dir)
    refs = [read_segments(ref)]
    for test in ("bs", "ar"):
        results = paired_test(read_segments(weak), read_segments(strong), refs, ["bleu", "chrf"], OPTS, test, samples=300)
        for r in results:
            assert r.delta > 2 and r.significant, r
            assert r.ci is not None and r.ci[0] < r.system < r.ci[1]
    # a system against itself: no difference, not significant
    [same] = paired_test(read_segments(weak), read_segments(weak), refs, ["chrf"], OPTS, "ar", samples=300)
    assert same.delta == 0 and not same.significant


def test_eval_attributes_false_findings_to_their_rules_type():
    from auditor.document import Article
    from auditor.findings import Finding, Severity
    from auditor.scoring.gold import Evaluation, GoldItem

    text = "aa bb cc dd ee"
    art = Article(text=text)
    f = lambda code, s, e: Finding(code, "n", "calque", Severity.WARNING, s, e, text[s:e], "m")  # noqa: E731
    findings = [f("X1", 0, 2), f("X1", 6, 8), f("Y1", 9, 11)]  # aa (gold), cc (false), dd (false, rule never right)
    gold = [(GoldItem(None, "calque.ff"), (0, 2)), (GoldItem(None, "calque.ff"), (12, 14))]
    ev = Evaluation()
    ev.add(art, findings, gold, clean=False)
    by_type = ev.to_dict()["by_type"]
    # calque.ff: 1 of 2 gold found; findings attributed: aa (hit) + cc (X1's type) -> P 0.5
    assert by_type["calque.ff"]["exact"] | {} == {"tp": 1, "fn": 1, "recall": 0.5, "findings": 2, "false_findings": 1,
                                                 "precision": 0.5, "f1": 0.5}
    assert by_type["(unattributed)"]["exact"]["false_findings"] == 1
    assert ev.to_dict()["overall"]["exact"] == {"tp": 1, "fp": 2, "fn": 1, "precision": 0.3333, "recall": 0.5, "f1": 0.4}
