"""Serve the app with uvicorn: one process, a thread pool for the checks, JSON access
logs on stderr, and a graceful stop: on SIGTERM (or Ctrl-C) uvicorn stops accepting
connections and waits up to ``ServerConfig.graceful_shutdown`` seconds for the requests
in flight to finish."""

from __future__ import annotations

import logging
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


def serve(auditor: Auditor, config: ServerConfig, *, host: str = "127.0.0.1", port: int = 8081,
          log_level: str = "warning") -> None:
    """Run the server until SIGTERM / SIGINT (blocking)."""
    import uvicorn

    from auditor.server.app import create_app

    configure_logging()
    app = create_app(auditor, config)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False,
                timeout_graceful_shutdown=int(config.graceful_shutdown) or None,
                limit_concurrency=None, server_header=False)
