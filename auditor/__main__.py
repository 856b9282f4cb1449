"""``python -m auditor``: the same as the ``auditor`` command."""

from auditor.cli.app import run

run()
