"""The CLI's one error edge recognises usage mistakes whichever typer/click is installed.

typer up to 0.25 raises click's exceptions; typer 0.26 and newer ship their own copy of
click. Both ends of the range `pyproject.toml` allows are exercised by CI: `.ci/run` runs
this file under the locked versions (`constraints.txt`) and again under the newest
allowed ones.
"""

from __future__ import annotations

import importlib.metadata
import re

import pytest
from packaging.requirements import Requirement

from _cli import run

CORPORA_DUMP = "corpora/dump.jsonl"


@pytest.mark.parametrize(
    "args, message",
    [
        (("check",), "Missing argument"),
        (("fix",), "Missing argument"),
        (("check", "--no-such-option", CORPORA_DUMP), "No such option"),
        (("no-such-command",), "No such command"),
        (("check", "--jobs", "many", CORPORA_DUMP), "Invalid value"),
        (("fix", "--beam", "0", CORPORA_DUMP), "Invalid value"),
        (("check", CORPORA_DUMP, "--format"), "requires an argument"),
    ],
)
def test_usage_mistakes_are_usage_errors_not_internal_errors(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert "internal error" not in err and "Traceback" not in err
    assert "Error: " in err and message in err  # the parser's own message, not a repr
    assert out == ""


def test_help_screens_show_defaults(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")  # one option per line, nothing wrapped
    code, out, _ = run(capsys, "fix", "--help")
    assert code == 0
    model_line = next(line for line in out.splitlines() if "--model " in line)
    assert "the shipped one" in model_line
    beam_line = next(line for line in out.splitlines() if "--beam" in line)
    assert re.search(r"\[default: 4\]", beam_line)
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0
    assert any("--text-field" in line and "[default: (text)]" in line for line in out.splitlines())


def test_command_list_shows_each_summary_whole(capsys, monkeypatch):
    """The rich help renderer reads "[...]" as markup and drops it: "needs the [server]
    extra" was shown as "needs the  extra". Every summary line must survive intact."""
    from auditor.cli.app import app

    monkeypatch.setenv("COLUMNS", "400")  # one command per line
    code, out, _ = run(capsys, "--help")
    assert code == 0
    shown = " ".join(out.split())
    for command in app.registered_commands:
        summary = (command.callback.__doc__ or "").strip().split("\n\n")[0]
        assert " ".join(summary.split()) in shown, command.name


def test_installed_typer_is_inside_the_declared_range():
    """The versions the tests run under are the ones pyproject.toml admits (a stale
    environment would make the tests above prove nothing about what users install)."""
    requires = importlib.metadata.requires("auditor") or []
    typer_req = next(Requirement(r) for r in requires if Requirement(r).name == "typer")
    assert typer_req.specifier, "typer must be bounded"
    assert importlib.metadata.version("typer") in typer_req.specifier
