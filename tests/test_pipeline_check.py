"""`auditor.pipeline.check_stream`: workers that parse, mine, audit and render, against
the one-process path (`Engine.with_corpus` then `Engine.audit`) on the same input."""

from __future__ import annotations

import dataclasses
import json

import pytest

from auditor import pipeline
from auditor.config import Settings
from auditor.errors import InputError, UsageError
from auditor.io import ReadOptions, iter_articles
from auditor.output import Renderer
from auditor.rules.engine import Engine

FOOTER = "Example Post: all the news, every day"


@pytest.fixture
def dump(tmp_path) -> str:
    lines = [json.dumps({"id": f"n{i}", "text": f"Bridge {i} reopens – Example Post\n\nThe bridge {i} "
                         f"reopened on Monday.\n\n{FOOTER}\n"}) for i in range(12)]
    lines[4] = "{not json"
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_rendered_in_order_and_mined_as_one_pass(monkeypatch, dump):
    monkeypatch.setattr(pipeline, "CHECK_CHUNK", 2)
    monkeypatch.setattr(pipeline, "MINE_CHUNK", 3)
    engine = Engine(Settings(select=["RES"]))
    options = ReadOptions()
    deferred = dataclasses.replace(options, defer=True)
    render = Renderer("jsonl", rules=[type(r) for r in engine.rules])

    got = list(pipeline.check_stream(engine, lambda: iter_articles([dump], deferred), render,
                                     options=deferred, jobs=2, mine=True))

    mined = engine.with_corpus(a for a in iter_articles([dump], options) if not isinstance(a, InputError))
    want = [item if isinstance(item, InputError) else render(mined.audit(item)) for item in iter_articles([dump], options)]
    assert [str(g) if isinstance(g, InputError) else g.output for g in got] == \
           [str(w) if isinstance(w, InputError) else w for w in want]
    assert str(got[4]) == f"{dump}:5: malformed JSON: Expecting property name enclosed in double quotes (column 2)"
    assert sum('"RES010"' in g.output for g in got if not isinstance(g, InputError)) == 11


def test_an_unreadable_input_stops_the_call_before_any_output(dump):
    """The pre-pass runs in the call, so the CLI has written nothing when it fails."""
    engine = Engine(Settings(select=["RES"]))
    options = ReadOptions(format="yaml", defer=True)
    with pytest.raises(UsageError):
        pipeline.check_stream(engine, lambda: iter_articles([dump], options), Renderer("jsonl"),
                              options=options, jobs=2, mine=True)
