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


class RequestError(AuditorError):
    """A request the HTTP server refuses (`auditor.server`): ``status`` is the HTTP
    status (400 malformed, 401 no or wrong API key, 413 too large, 429 busy, 503/504 out
    of time), ``code`` a stable machine-readable name, ``field`` the request field at
    fault (None when the request as a whole is), ``retry_after`` seconds for 429/503."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retry_after = retry_after

    def to_dict(self) -> dict:
        out = {"status": self.status, "code": self.code, "message": self.message}
        if self.field is not None:
            out["field"] = self.field
        return {"error": out}
