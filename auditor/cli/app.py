"""The typer application and the one error edge of the CLI.

Every library exception ends here: `AuditorError` becomes a one-line message and exit
code 2; anything else becomes a one-line internal-error message (exit 2) unless
``--debug`` (or ``AUDITOR_DEBUG=1``) asks for the traceback.
"""

from __future__ import annotations

import os
import sys

import typer

from auditor import __version__
from auditor.errors import AuditorError

app = typer.Typer(
    name="auditor",
    help="Find, fix and score the artifacts of machine translation in English news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Find, fix and score the artifacts of machine translation in English news."""


#: command -> the module that defines it (each module adds its commands to `app`)
COMMANDS = {"check": "check", "fix": "fix", "eval": "eval", "score": "score", "rules": "rules", "rule": "rules",
            "train": "train", "model": "model", "serve": "serve"}


def _register_commands(argv: list[str] | None = None) -> None:
    """Import the module of the command in ``argv`` only (``auditor check`` need not
    import sacrebleu and numpy for ``score``); every command for anything else (help, no
    command, an unknown one), so that help lists them all."""
    import importlib

    name = next((a for a in argv or [] if not a.startswith("-")), None)
    modules = [COMMANDS[name]] if name in COMMANDS else sorted(set(COMMANDS.values()))
    for module in modules:
        importlib.import_module(f"auditor.cli.{module}")


def _usage_error_types() -> tuple[type[BaseException], ...]:
    """The classes of the usage errors the parser raises (missing argument, unknown
    option or command, bad value), whichever typer is installed.

    typer up to 0.25 raises click's exceptions; from 0.26 it ships its own copy of click
    (``typer._click``), whose ``ClickException`` is not click's. Both are found through
    public names: click's own module when it is installed, and the class hierarchy of
    ``typer.BadParameter``, which is a ``ClickException`` in either layout.
    """
    types: list[type[BaseException]] = [cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException"]
    try:
        import click
    except ImportError:  # typer 0.26+ does not need click
        pass
    else:
        types.append(click.exceptions.ClickException)
    return tuple(types)


def _printable(message: str) -> str:
    """``message`` with control characters escaped (`auditor.output._common.printable`)."""
    from auditor.output._common import printable

    return printable(message)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the only place exceptions become exit codes)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _register_commands(argv)
    debug = "--debug" in argv or os.environ.get("AUDITOR_DEBUG") == "1"
    try:
        result = app(args=argv, prog_name="auditor", standalone_mode=False)
    except AuditorError as exc:
        if debug:
            raise
        typer.echo(f"error: {_printable(str(exc))}", err=True)  # a path from the input may hold ESC
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("aborted", err=True)
        return 130
    except Exception as exc:  # click usage errors and internal errors
        if isinstance(exc, _usage_error_types()):
            exc.show()
            return 2
        if debug:
            raise
        typer.echo(f"internal error: {_printable(repr(exc))} (run with --debug for the traceback)", err=True)
        return 2
    return result if isinstance(result, int) else 0


def run() -> None:
    sys.exit(main())
