"""Helper for the CLI tests: ``auditor ARGS`` run in-process."""

from __future__ import annotations

from auditor.cli.app import main


def run(capsys, *args) -> tuple[int, str, str]:
    """Runs ``auditor ARGS`` (each turned into a string: paths may be given) and returns
    (exit code, standard output, standard error) as ``capsys`` captured them."""
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err
