"""Typed errors. The CLI turns each into a one-line message and an exit code in one place."""

from __future__ import annotations


class AuditorError(Exception):
    """Base class: a problem the user can fix (exit code 2)."""

    exit_code = 2


class UsageError(AuditorError):
    """Bad options or arguments."""


class ConfigError(AuditorError):
    """An invalid configuration file or value."""


class InputError(AuditorError):
    """An input that cannot be read (per file, or per line of a dump).

    ``path`` and ``line`` name where the problem is; ``str(err)`` is the one-line message.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.reason = message
        self.path = path
        self.line = line
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # rebuilt from its parts (not from the formatted message) when it crosses a
        # process boundary, e.g. through the --jobs worker pool
        return (self.__class__, (self.reason, self.path, self.line))


class ModelError(AuditorError):
    """A model that cannot be found, loaded or run."""
