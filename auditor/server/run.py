"""Serve the app with uvicorn: a thread pool for the checks in each process, JSON access
logs on stderr, and a graceful stop: on SIGTERM (or Ctrl-C) uvicorn stops accepting
connections and waits up to ``ServerConfig.graceful_shutdown`` seconds for the requests
in flight to finish.

The rules are Python code that holds the GIL, so one process uses about one core; with
``workers`` > 1 uvicorn runs that many processes on the same port, each building its own
`Auditor` from the same arguments (passed in ``AUDITOR_SERVE_SPEC``) and applying the
limits on its own (``max_concurrency`` and ``max_queue`` are per worker)."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
from typing import Any

from auditor.api import Auditor
from auditor.server.config import ServerConfig


def configure_logging(stream: Any = None) -> None:
    """``auditor.access`` (one JSON object per line) and ``auditor.server`` on stderr."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("auditor.access", "auditor.server"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


SPEC_VARIABLE = "AUDITOR_SERVE_SPEC"


def serve(auditor_args: dict[str, Any], config: ServerConfig, *, host: str = "127.0.0.1", port: int = 8081,
          workers: int = 1, log_level: str = "warning", auditor: Auditor | None = None) -> None:
    """Run the server until SIGTERM / SIGINT (blocking). ``auditor_args`` are the
    keyword arguments of `Auditor` (JSON values: a configuration path, codes, a model);
    ``auditor``, one already built from them (used with one worker)."""
    import uvicorn

    configure_logging()
    options = dict(host=host, port=port, log_level=log_level, access_log=False, server_header=False,
                   timeout_graceful_shutdown=int(config.graceful_shutdown) or None)
    if workers > 1:
        os.environ[SPEC_VARIABLE] = json.dumps({"auditor": auditor_args, "config": dataclasses.asdict(config)})
        uvicorn.run("auditor.server.run:app_from_environment", factory=True, workers=workers, **options)
        return
    from auditor.server.app import create_app

    uvicorn.run(create_app(auditor or Auditor(**auditor_args), config), **options)


def app_from_environment() -> Any:
    """The app of one worker process, from ``AUDITOR_SERVE_SPEC`` (see `serve`)."""
    from auditor.server.app import create_app

    configure_logging()
    spec = json.loads(os.environ[SPEC_VARIABLE])
    values = spec["config"]
    for name in ("api_keys", "cors_origins"):
        values[name] = tuple(values[name])
    return create_app(Auditor(**spec["auditor"], notify=lambda level, message: None), ServerConfig(**values))
