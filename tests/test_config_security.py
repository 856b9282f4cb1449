"""Hostile configuration, baselines and model files (issue 11, sections 3 and 4).

Every bad configuration or baseline is a one-line error with exit 2, run through the real
CLI; unknown rule codes and options are warnings. Crafted checkpoints and model folders
that would run code are refused before anything in them is executed.
"""

from __future__ import annotations

import json
import os
import pickle

import pytest

from _cli import run

ARTICLE = "Markets rally as inflation cools – Business\n\nShares rose on Monday after the figures.\n"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_one_line_error(code, err, *fragments):
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "internal error" not in err and "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


# -- configuration ------------------------------------------------------------------------

@pytest.mark.parametrize("body, fragments", [
    ('severity = "error"\n', ["'severity' must be a table, got a string"]),
    ('[rules.RES010]\nmin-count = "five"\n', ["[rules.RES010] min-count: expected an integer, got 'five'"]),
    ('[rules.RES010]\nmin-count = true\n', ["min-count: expected an integer, got True"]),
    ('[rules.RES010]\nmin-share = 3\n', ["[rules.RES010] min-share: 3.0 is above the maximum 1"]),
    ('[rules.RES001]\nmin-count = -1\n', ["min-count: -1 is below the minimum 0"]),
    ('[rules.SRC005]\nmin-ratio = [0.5]\n', ["min-ratio: expected a number, got list"]),
    ('[rules.FLU001]\nthreshold = nan\n', ["threshold: expected a finite number"]),
    ('[rules]\nRES010 = 5\n', ["'rules.RES010' must be a table, got an integer (5)"]),
    ('text-field = 3\n', ["'text-field' must be a string, got an integer (3)"]),
    ('text-field = ["body", "text"]\n', ["'text-field' must be a string, got a list"]),
    ('title-field = ""\n', ["'title-field' must not be empty"]),
    ('select = ["RES", 3]\n', ["'select[1]' must be a string, got an integer (3)"]),
    ('include = {a = 1}\n', ["'include' must be a string or a list of strings, got a table"]),
    ('[severity]\nRES = ["error"]\n', ["severity.RES: unknown severity"]),
    ('fail-on = 2\n', ["'fail-on' must be a string"]),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", ["invalid TOML: nested too deeply"]),
    ("x = " + "{y = " * 3000 + "1" + "}" * 3000 + "\n", ["invalid TOML: nested too deeply"]),
])
def test_bad_auditor_toml_is_a_one_line_configuration_error(capsys, workdir, body, fragments):
    (workdir / "auditor.toml").write_text(body, encoding="utf-8")
    code, out, err = run(capsys, "check", "a.txt", "-q")
    assert out == ""
    assert_one_line_error(code, err, "auditor.toml: ", *fragments)


@pytest.mark.parametrize("body", [
    '[tool]\nauditor = "strict"\n',
    '[tool]\nauditor = 3\n',
    'tool = ["auditor"]\n',
])
def test_malformed_tool_auditor_table(capsys, workdir, body):
    (workdir / "pyproject.toml").write_text(body, encoding="utf-8")
    code, _, err = run(capsys, "check", "a.txt", "-q", "--config", "pyproject.toml")
    assert_one_line_error(code, err, "pyproject.toml: [tool.auditor] must be a table")


def test_discovered_pyproject_with_malformed_tool_auditor_is_reported(capsys, workdir):
    (workdir / "pyproject.toml").write_text('[tool]\nauditor = "x"\n', encoding="utf-8")
    code, _, err = run(capsys, "check", "a.txt", "-q")
    assert_one_line_error(code, err, "[tool.auditor] must be a table")
    # a pyproject whose tool table is not a table at all is not an auditor configuration
    (workdir / "pyproject.toml").write_text('tool = 3\n', encoding="utf-8")
    code, _, err = run(capsys, "check", "a.txt", "-q", "--select", "RES001", "-f", "json")
    assert code == 1 and err == ""


def test_config_path_that_is_a_folder(capsys, workdir):
    (workdir / "conf").mkdir()
    code, _, err = run(capsys, "check", "a.txt", "-q", "--config", "conf")
    assert_one_line_error(code, err, "conf: is a folder, not a configuration file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_config_file(capsys, workdir):
    path = workdir / "auditor.toml"
    path.write_text('select = ["RES"]\n', encoding="utf-8")
    path.chmod(0)
    try:
        code, _, err = run(capsys, "check", "a.txt", "-q")
    finally:
        path.chmod(0o644)
    assert_one_line_error(code, err, "cannot read the configuration file (Permission denied)")


def test_config_file_that_is_not_utf8(capsys, workdir):
    (workdir / "auditor.toml").write_bytes(b'select = ["R\xe9S"]\n')
    code, _, err = run(capsys, "check", "a.txt", "-q")
    assert_one_line_error(code, err, "invalid TOML: not UTF-8")


def test_unknown_codes_and_options_are_warnings(capsys, workdir):
    (workdir / "auditor.toml").write_text(
        'select = ["RES001", "XYZ"]\nignore = ["QQQ9"]\n[severity]\nZZZ = "info"\n'
        '[rules.RES001]\nmin-cont = 4\n[rules.NOPE123]\na = 1\n', encoding="utf-8")
    code, out, err = run(capsys, "check", "a.txt", "-q", "-f", "json")
    assert code == 1  # RES001 still runs and finds " – Business"
    assert [f["code"] for f in json.loads(out)["articles"][0]["findings"]] == ["RES001"]
    lines = err.strip().splitlines()
    assert all(line.startswith("warning: ") for line in lines), err
    assert any("select: 'XYZ' matches no rule" in line for line in lines)
    assert any("ignore: 'QQQ9' matches no rule" in line for line in lines)
    assert any("severity: 'ZZZ' matches no rule" in line for line in lines)
    assert any("[rules.RES001]: unknown option 'min-cont' ignored (options: min-count, min-share)" in line
               for line in lines)
    assert any("[rules.NOPE123]: no rule has this code" in line for line in lines)
    assert len(lines) == 5


def test_unknown_codes_on_the_command_line_are_warnings(capsys, workdir):
    code, _, err = run(capsys, "check", "a.txt", "-q", "--isolated", "--select", "RES001,TYPO9", "--ignore", "foo")
    assert code == 1
    assert err.splitlines() == ["warning: --select: 'TYPO9' matches no rule",
                                "warning: --ignore: 'FOO' matches no rule"]
    # known prefixes and ALL are silent
    code, _, err = run(capsys, "check", "a.txt", "-q", "--isolated", "--select", "ALL,RES,GEN001")
    assert err == ""


def test_options_reach_the_rule_in_either_spelling(capsys, workdir):
    """SRC005's ``min-ratio`` used to be renamed ``min_ratio`` by the loader and never
    read; both spellings now reach every rule under its documented name."""
    from auditor.config import load_settings
    from auditor.rules.engine import Engine

    (workdir / "auditor.toml").write_text('[rules.SRC005]\nmin_ratio = 0.9\n[rules.res010]\nmin-share = 1\n',
                                          encoding="utf-8")
    engine = Engine(load_settings(workdir / "auditor.toml"))
    assert engine.context.options_for("SRC005") == {"min-ratio": 0.9}
    assert engine.context.options_for("RES010") == {"min-share": 1.0}


def test_engine_refuses_bad_options_given_in_code():
    from auditor.config import Settings
    from auditor.errors import ConfigError
    from auditor.rules.engine import Engine

    with pytest.raises(ConfigError, match=r"\[rules.RES010\] min-count: expected an integer"):
        Engine(Settings(select=["RES010"], rule_options={"RES010": {"min_count": "9"}}))


# -- baselines ----------------------------------------------------------------------------

@pytest.mark.parametrize("content, fragment", [
    ("[" * 100000 + "]" * 100000, "not an auditor baseline file (JSON nested too deeply)"),
    ('{"articles": {"a.txt": {"RES001: – Business": "1"}}}', "count '1' for 'RES001: – Business' in article 'a.txt' is not a whole number"),
    ('{"articles": {"a.txt": {"RES001: – Business": 1.5}}}', "count 1.5 for"),
    ('{"articles": {"a.txt": {"RES001: – Business": true}}}', "count True for"),
    ('{"articles": {"a.txt": {"RES001: – Business": -2}}}', "count -2 for"),
    ('{"articles": {"a.txt": {"RES001: – Business": [1]}}}', "count list for"),
    ('{"articles": {"a.txt": ["RES001: – Business"]}}', "article 'a.txt' holds no table of counts"),
    ('{"articles": ["a.txt"]}', "no 'articles' table"),
    ('{"articles": {"a.txt": {"x": 1' + "0" * 5000 + '}}}', "invalid JSON"),
    ("\xff\xfe", "invalid JSON"),
])
def test_bad_baseline_is_a_one_line_error(capsys, workdir, content, fragment):
    path = workdir / "base.json"
    path.write_bytes(content.encode("latin-1") if content == "\xff\xfe" else content.encode("utf-8"))
    code, out, err = run(capsys, "check", "a.txt", "-q", "--isolated", "--baseline", "base.json")
    assert out == ""
    assert_one_line_error(code, err, "base.json: ", fragment)


def test_baseline_that_is_a_folder(capsys, workdir):
    (workdir / "base").mkdir()
    for extra in ([], ["--update-baseline"]):
        code, out, err = run(capsys, "check", "a.txt", "-q", "--isolated", "--baseline", "base", *extra)
        assert out == ""
        assert_one_line_error(code, err, "base: is a folder, not a baseline file")


def test_baseline_in_a_missing_folder_fails_before_the_run(capsys, workdir):
    code, out, err = run(capsys, "check", "a.txt", "-q", "--isolated", "--baseline", "nowhere/base.json")
    assert out == ""  # refused before any article was audited
    assert_one_line_error(code, err, "nowhere/base.json: cannot write the baseline: folder 'nowhere' does not exist")
    assert not (workdir / "nowhere").exists()


def test_valid_baseline_still_filters(capsys, workdir):
    (workdir / "base.json").write_text(json.dumps({"articles": {"a.txt": {"RES001: – Business": 1}}}), encoding="utf-8")
    code, out, err = run(capsys, "check", "a.txt", "-q", "--isolated", "--select", "RES001", "--baseline", "base.json",
                         "-f", "json")
    assert code == 0 and json.loads(out)["summary"]["baselined"] == 1


# -- security: checkpoints and model folders ----------------------------------------------

class _Payload:
    """Unpickling this runs ``open(marker, "w")``: a file appears if the code runs."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _malicious_run(tmp_path):
    torch = pytest.importorskip("torch")
    run_dir = tmp_path / "runs" / "evil"
    run_dir.mkdir(parents=True)
    marker = tmp_path / "PWNED"
    (run_dir / "config.json").write_text(json.dumps({"name": "evil"}), encoding="utf-8")
    torch.save({"model": {"w": torch.zeros(2)}, "step": 1, "elapsed": 0.0, "payload": _Payload(marker)},
               run_dir / "checkpoint.pt")
    return torch, run_dir, marker


def test_model_export_refuses_a_checkpoint_that_would_run_code(capsys, tmp_path):
    torch, run_dir, marker = _malicious_run(tmp_path)
    code, out, err = run(capsys, "model", "export", str(run_dir), str(tmp_path / "out"))
    assert_one_line_error(code, err, "checkpoint.pt: refused: not a checkpoint of tensors and plain values")
    assert not marker.exists() and not (tmp_path / "out").exists()
    # the file really is malicious: the unsafe loader the code used before runs it
    torch.load(run_dir / "checkpoint.pt", weights_only=False)
    assert marker.exists()


def test_training_resume_loads_checkpoints_without_running_code(tmp_path):
    from auditor.correct.train import load_checkpoint
    from auditor.errors import ModelError

    torch, run_dir, marker = _malicious_run(tmp_path)
    with pytest.raises(ModelError, match="refused"):
        load_checkpoint(run_dir / "checkpoint.pt")
    assert not marker.exists()
    # what `train` saves (tensors, ints, floats, strings, random-state tuples) still loads
    import random

    good = tmp_path / "good.pt"
    torch.save({"model": {"w": torch.ones(3)}, "optimizer": {"state": {}, "param_groups": []},
                "batcher": {"rng": random.Random(1).getstate()}, "torch_rng": torch.get_rng_state(),
                "step": 7, "elapsed": 1.5, "tokens": 10, "config": {"name": "x", "weights": {"clean": 3.0}}}, good)
    state = load_checkpoint(good)
    assert state["step"] == 7 and torch.equal(state["model"]["w"], torch.ones(3))
    assert tuple(state["batcher"]["rng"][1]) == random.Random(1).getstate()[1]


def test_no_unsafe_loader_left_in_the_code():
    """Every torch.load passes weights_only=True; no pickle, eval or exec of data; remote
    code is never trusted."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[1] / "auditor"
    offences = []
    for path in root.rglob("*.py"):
        for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            code_part = line.split("#", 1)[0]
            if "torch.load(" in code_part and "weights_only=True" not in code_part:
                offences.append(f"{path}:{lineno}: {line.strip()}")
            if re.search(r"\bpickle\.loads?\(|\b(?<!\.)eval\(|\bexec\(|trust_remote_code=True", code_part):
                offences.append(f"{path}:{lineno}: {line.strip()}")
    assert offences == []


def _remote_code_folder(tmp_path, key="auto_map", file="config.json"):
    folder = tmp_path / "evil-model"
    folder.mkdir()
    marker = tmp_path / "IMPORTED"
    config = {"model_type": "marian", "is_encoder_decoder": True, "architectures": ["EvilModel"]}
    extra = ({"auto_map": {"AutoConfig": "modeling_evil.EvilConfig", "AutoModelForSeq2SeqLM": "modeling_evil.EvilModel"}}
             if key == "auto_map" else {"trust_remote_code": True})
    if file == "config.json":
        config.update(extra)
    else:
        (folder / file).write_text(json.dumps(extra), encoding="utf-8")
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    (folder / "modeling_evil.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"")
    return folder, marker


@pytest.mark.parametrize("key, file", [("auto_map", "config.json"), ("auto_map", "tokenizer_config.json"),
                                       ("trust_remote_code", "config.json")])
def test_fix_refuses_a_model_folder_that_asks_for_remote_code(capsys, workdir, key, file):
    pytest.importorskip("transformers")
    folder, marker = _remote_code_folder(workdir, key, file)
    code, out, err = run(capsys, "fix", "a.txt", "--isolated", "--model", str(folder))
    assert out == ""
    assert_one_line_error(code, err, f"refused: {file} asks to run the model folder's own code ({key})")
    assert not marker.exists()


def test_model_convert_and_translation_model_refuse_remote_code(capsys, workdir):
    pytest.importorskip("transformers")
    folder, marker = _remote_code_folder(workdir)
    code, _, err = run(capsys, "model", "convert", str(folder), str(workdir / "ct2"))
    assert_one_line_error(code, err, "refused: config.json asks to run the model folder's own code (auto_map)")
    assert not (workdir / "ct2").exists()
    (workdir / "a.it.txt").write_text("Il mercato sale.\n", encoding="utf-8")
    code, _, err = run(capsys, "fix", "a.txt", "--isolated", "--no-model", "--source", "a.it.txt",
                       "--mt-model", str(folder))
    assert_one_line_error(code, err, "refused: config.json asks to run the model folder's own code (auto_map)")
    assert not marker.exists()
