"""`ServerConfig`: the server's limits and switches, all configurable (``auditor serve``
options, or keyword arguments of `auditor.server.app.create_app`)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ServerConfig:
    """Limits and switches of one server.

    ``max_body_bytes``: the largest request body (413 above it; Content-Length is checked
    before reading, a chunked body while reading). ``timeout``: seconds a request may take
    (504 after it; a check already running is left to finish in its thread and keeps its
    concurrency slot until then, so a flood of slow requests meets back-pressure).
    ``max_concurrency``: checks run at once (threads); ``max_queue``: requests waiting for
    a slot beyond those; a request past both is refused at once with 429 and
    ``Retry-After: retry_after``. ``max_articles``: articles in one ``/v1`` request.
    ``api_keys``: when non-empty, every endpoint but ``/health`` and ``/ready`` needs one
    of them in ``X-API-Key`` (or ``Authorization: Bearer KEY``; ``/v2/check`` also takes
    LanguageTool's ``apiKey`` form field). ``cors_origins``: allowed origins (none: no
    CORS headers). ``access_log``: one JSON line per request on the
    ``auditor.access`` logger. ``load_model``: load the correction model at start-up
    (``/ready`` waits for it) so that ``/v1/fix`` can use it.
    """

    max_body_bytes: int = 2 * MB
    timeout: float = 30.0
    max_concurrency: int = 4
    max_queue: int = 16
    retry_after: int = 1
    max_articles: int = 100
    api_keys: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    access_log: bool = True
    load_model: bool = False
    graceful_shutdown: float = 30.0
