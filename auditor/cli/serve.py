"""``auditor serve``: the HTTP service (`auditor.server`), native ``/v1`` and
LanguageTool-compatible ``/v2`` endpoints over one `auditor.api.Auditor`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from auditor.cli import options as opt
from auditor.cli.app import app
from auditor.errors import UsageError


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8081, "--port", min=0, max=65535, help="Port (LanguageTool's default is 8081)."),
    select: Optional[list[str]] = opt.Select,
    ignore: Optional[list[str]] = opt.Ignore,
    config: Optional[Path] = opt.Config,
    isolated: bool = opt.NoConfig,
    max_body: int = typer.Option(2 * 1024 * 1024, "--max-body", min=1, help="Largest request body in bytes (413 above)."),
    timeout: float = typer.Option(30.0, "--timeout", min=0.001, help="Seconds a request may take (504 after)."),
    max_concurrency: int = typer.Option(4, "--max-concurrency", min=1, help="Requests worked on at once."),
    max_queue: int = typer.Option(16, "--max-queue", min=0, help="Requests waiting beyond those (429 + Retry-After past them)."),
    max_articles: int = typer.Option(100, "--max-articles", min=1, help="Articles in one /v1 request."),
    api_key_env: Optional[str] = typer.Option(None, "--api-key-env", metavar="VAR", help="Require an API key: the environment variable VAR holds one or more, comma-separated (X-API-Key header)."),
    cors_origin: Optional[list[str]] = typer.Option(None, "--cors-origin", help="Allow browser requests from this origin (repeatable; default: no CORS)."),
    no_access_log: bool = typer.Option(False, "--no-access-log", help="No JSON access log lines on stderr."),
    model: Optional[str] = typer.Option(None, "--model", help="Correction model folder for /v1/fix.", show_default="the shipped one"),
    no_model: bool = typer.Option(False, "--no-model", help="/v1/fix with rule fixes only; load no model."),
    graceful: float = typer.Option(30.0, "--graceful-shutdown", min=0, help="Seconds SIGTERM waits for requests in flight."),
    workers: int = typer.Option(1, "--workers", min=1, help="Server processes on the port (the rules use one core per process; limits apply per process)."),
) -> None:
    """Serve the auditor over HTTP (needs the "server" extra)."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise UsageError(f"auditor serve needs the [server] extra (pip install 'auditor[server]'): {exc}") from None
    from auditor.api import Auditor
    from auditor.server.config import ServerConfig
    from auditor.server.run import serve as run_server

    keys: tuple[str, ...] = ()
    if api_key_env is not None:
        raw = os.environ.get(api_key_env, "")
        keys = tuple(k.strip() for k in raw.split(",") if k.strip())
        if not keys:
            raise UsageError(f"--api-key-env {api_key_env}: the variable is unset or empty")
    auditor_args = {"config": str(config) if config else None, "isolated": isolated, "select": select, "ignore": ignore,
                    "model": False if no_model else model}
    auditor = Auditor(**auditor_args, notify=opt.notify)  # checks the configuration (and warns) once, here
    server_config = ServerConfig(max_body_bytes=max_body, timeout=timeout, max_concurrency=max_concurrency,
                                 max_queue=max_queue, max_articles=max_articles, api_keys=keys,
                                 cors_origins=tuple(cors_origin or ()), access_log=not no_access_log,
                                 load_model=not no_model, graceful_shutdown=graceful)
    typer.echo(f"auditor serve: http://{host}:{port} ({len(auditor.codes)} rules, {workers} worker(s); "
               "/ready when loaded)", err=True)
    run_server(auditor_args, server_config, host=host, port=port, workers=workers, auditor=auditor)
