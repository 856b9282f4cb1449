"""`--model` naming a folder that holds no model: one line that says what is missing.
Before, transformers was asked to load it anyway and the error was its tokenizer
message, three lines long ("Couldn't instantiate the backend tokenizer ...")."""

from __future__ import annotations

from auditor.cli.app import main


def test_folder_without_a_model_is_named_as_such(tmp_path, capsys):
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a model\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The council approved the budget.\n", encoding="utf-8")
    code = main(["fix", str(article), "--model", str(folder), "--unsafe-fixes", "--diff"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{folder} is not a transformers model folder (no config.json" in err
    assert "tokenizer" not in err and "internal error" not in err
    assert article.read_text(encoding="utf-8") == "The council approved the budget.\n"  # untouched
