"""The command line: thin typer commands over the library (see `auditor.cli.app`)."""
