"""`auditor eval --gold` and `auditor score` on bad input: one line naming the file and
line, exit 2, never an internal error (each case below was an internal error before the
gold fields were checked and the JSONL lines parsed by the one shared parser)."""

from __future__ import annotations

import json

import pytest

from _cli import run

ARTICLE = {"id": "a", "text": "One of the two Villages voted."}


def _write(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "gold_line, message",
    [
        ('{"type": "calque.false-friend", "start": "abc", "end": 3}', "'start' must be a whole number of at least 0, not 'abc'"),
        ('{"type": "calque.false-friend", "start": 0, "end": 2.5}', "'end' must be a whole number"),
        ('{"type": "calque.false-friend", "start": true, "end": 3}', "'start' must be a whole number"),
        ('{"type": "calque.false-friend", "quote": "Villages", "occurrence": null}', "'occurrence' must be a whole number of at least 1"),
        ('{"type": "calque.false-friend", "quote": "Villages", "occurrence": 0}', "'occurrence' must be a whole number of at least 1"),
        ('{"type": ["calque"], "quote": "Villages"}', "'type' must be a non-empty string"),
        ('{"type": "calque.false-friend", "quote": 5}', "'quote' must be a non-empty string"),
        ('{"type": "calque.false-friend", "quote": "Villages", "fix": 3}', "'fix' must be a string"),
        ('{"article": ["a"], "type": "calque.false-friend", "quote": "Villages"}', "'article' must be a string"),
        ("[1, 2]", "expected a JSON object, got an array"),
        ("[" * 100_000 + "]" * 100_000, "malformed JSON: nested too deeply"),
        ('{"type": "calque.false-friend", "quote": "Villages"', "malformed JSON"),
    ],
)
def test_bad_gold_line_is_one_error_naming_file_and_line(tmp_path, capsys, gold_line, message):
    articles = _write(tmp_path / "articles.jsonl", [json.dumps(ARTICLE)])
    gold = _write(tmp_path / "gold.jsonl", ['{"article": "a", "type": "calque.false-friend", "quote": "two Villages"}', gold_line])
    code, out, err = run(capsys, "eval", articles, "--gold", gold)
    assert code == 2
    assert f"gold.jsonl:2: {message}" in err
    assert "internal error" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_good_gold_still_scores(tmp_path, capsys):
    """The checks do not reject a well-formed gold line (quote + occurrence, and start/end)."""
    articles = _write(tmp_path / "articles.jsonl", [json.dumps(ARTICLE)])
    gold = _write(tmp_path / "gold.jsonl", [
        '{"article": "a", "type": "calque.false-friend", "quote": "Villages", "occurrence": 1, "fix": "countries"}',
        '{"article": "a", "type": "calque.false-friend", "start": 15, "end": 23}',
    ])
    code, out, err = run(capsys, "eval", articles, "--gold", gold, "--format", "json")
    assert code == 0, err
    overlap = json.loads(out)["overall"]["overlap"]
    assert (overlap["tp"], overlap["fn"]) == (2, 0)  # both lines read, both spans on "Villages"


def test_deeply_nested_hypothesis_line_is_one_error(tmp_path, capsys):
    hyp = _write(tmp_path / "hyp.jsonl", [json.dumps(ARTICLE), "[" * 100_000 + "]" * 100_000])
    ref = _write(tmp_path / "ref.jsonl", [json.dumps(ARTICLE)])
    code, out, err = run(capsys, "score", "--hyp", hyp, "--ref", ref)
    assert code == 2
    assert "hyp.jsonl:2: malformed JSON: nested too deeply" in err
    assert "internal error" not in err
