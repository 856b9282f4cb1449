"""``auditor serve``: the HTTP service, a thin layer over `auditor.api.Auditor`.

Native JSON endpoints (``/v1/check``, ``/v1/fix``, ``/v1/rules``, ``/health``,
``/ready``, ``/openapi.json``) and LanguageTool-compatible ones (``/v2/check``,
``/v2/languages``), with limits (body size, time, concurrency), optional API keys, CORS
(off by default) and JSON access logs. The server holds no audit logic of its own.

Needs the ``[server]`` extra (starlette, uvicorn); nothing here is imported by the CLI
unless ``auditor serve`` runs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ServerConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "ServerConfig":
        from auditor.server.config import ServerConfig

        return ServerConfig
    if name == "create_app":
        from auditor.server.app import create_app

        return create_app
    raise AttributeError(name)
