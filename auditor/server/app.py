"""The ASGI application: routes over one `Auditor`, within the `ServerConfig` limits.

Every endpoint that does work reads its body within the size limit, validates it into an
`Auditor` call (400 naming the field), and runs the call in a worker thread through the
`Gate` (429 when full, 504 past the time limit). Errors are JSON:
``{"error": {"status", "code", "message", "field"}}``.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from auditor import __version__
from auditor.api import Auditor
from auditor.errors import AuditorError, InputError, RequestError
from auditor.report import Summary
from auditor.server import languagetool as lt
from auditor.server.body import parse_form, parse_json, parse_multipart, read_body
from auditor.server.config import ServerConfig
from auditor.server.gate import Gate
from auditor.server.middleware import AccessLog, ApiKeys, error_response
from auditor.server.native import parse_request
from auditor.server.schema import openapi


class JSON(JSONResponse):
    """JSON with non-ASCII characters kept (smaller, and offsets read as in the text)."""

    def render(self, content: Any) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error(err: RequestError) -> Response:
    status, headers, body = error_response(err)
    return Response(body, status_code=status, headers={k.decode(): v.decode() for k, v in headers if k != b"content-length"})


class Service:
    """The endpoints, over ``auditor`` and ``config``."""

    def __init__(self, auditor: Auditor, config: ServerConfig):
        self.auditor = auditor
        self.config = config
        self.gate = Gate(config.max_concurrency, config.max_queue, config.timeout, config.retry_after)
        self.ready = threading.Event()
        self.load_error: str | None = None

    # -- start-up ---------------------------------------------------------------------------
    def load(self) -> None:
        """Load rules' data (and the model when configured); `/ready` answers 200 after."""
        try:
            self.auditor.warm_up()
            if self.config.load_model and self.auditor.uses_model:
                self.auditor.load_models()
        except Exception as exc:  # reported by /ready, and in the log
            self.load_error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            self.ready.set()

    # -- helpers ----------------------------------------------------------------------------
    async def _json_body(self, request: Request) -> Any:
        return parse_json(await read_body(request, self.config.max_body_bytes))

    async def _run(self, fn: Callable[[], Any]) -> Any:
        try:
            return await self.gate.run(fn)
        except (RequestError, AuditorError):
            raise
        except ValueError as exc:  # e.g. Severity.parse on a request value
            raise RequestError(400, "bad_request", str(exc)) from None

    def _narrowed(self, select: list[str], ignore: list[str]) -> Auditor:
        try:
            return self.auditor.narrowed(select, ignore)
        except AuditorError as exc:
            raise RequestError(400, "bad_field", str(exc), "select" if select else "ignore") from None

    # -- endpoints --------------------------------------------------------------------------
    async def health(self, request: Request) -> Response:
        return JSON({"status": "ok", "version": __version__, "busy": self.gate.busy})

    async def ready_probe(self, request: Request) -> Response:
        if self.load_error is not None:
            return JSON({"ready": False, "error": self.load_error}, status_code=503)
        if not self.ready.is_set():
            return JSON({"ready": False}, status_code=503, headers={"Retry-After": "1"})
        return JSON({"ready": True, "rules": len(self.auditor.codes), "model": self.auditor.models_loaded})

    async def rules(self, request: Request) -> Response:
        return JSON({"rules": self.auditor.rules_info()})

    async def schema(self, request: Request) -> Response:
        return JSON(openapi(self.config))

    async def check(self, request: Request) -> Response:
        req = parse_request(await self._json_body(request), max_articles=self.config.max_articles)
        auditor = self._narrowed(req.select, req.ignore)

        def work() -> dict[str, Any]:
            summary = Summary()
            articles = []
            for report in auditor.check_many(req.articles, mine=req.mine):
                summary.add(report.report)
                articles.append(report.to_dict())
            return {"tool": "auditor", "version": __version__, "rules": auditor.codes,
                    "articles": articles, "summary": summary.to_dict()}

        return JSON(await self._run(lambda: _as_request_errors(work, req.many)))

    async def fix(self, request: Request) -> Response:
        req = parse_request(await self._json_body(request), max_articles=self.config.max_articles, fix=True)
        auditor = self._narrowed(req.select, req.ignore)

        def work() -> dict[str, Any]:
            results = [r.to_dict() for r in auditor.fix_many(req.articles, unsafe=req.unsafe)]
            model = auditor.model
            return {"tool": "auditor", "version": __version__,
                    "model": None if model is False or not auditor.uses_model else str(model or "default"),
                    "mt_model": auditor.mt_model, "unsafe_fixes": req.unsafe, "articles": results}

        return JSON(await self._run(lambda: _as_request_errors(work, req.many)))

    async def lt_check(self, request: Request) -> Response:
        body = await read_body(request, self.config.max_body_bytes)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "multipart/form-data":
            form = await parse_multipart(request, body)
        elif kind in ("", "application/x-www-form-urlencoded"):
            form = parse_form(body)
        else:
            raise RequestError(415, "unsupported_media_type", f"send a form (application/x-www-form-urlencoded), not {kind}", "Content-Type")
        keys = request.scope.get("state", {}).get("api_keys")
        if keys is not None and not keys.allowed(form.get("apiKey")):
            raise RequestError(401, "unauthorized", "missing or wrong API key (X-API-Key header or apiKey field)", "apiKey")
        req = lt.parse(form, self.auditor.rules)
        auditor = self._narrowed(req.select, req.ignore)

        def work() -> dict[str, Any]:
            report = auditor.check(req.text, source_lang=req.source_lang)
            return lt.reshape(report.to_languagetool(auditor.rules), req)

        return JSON(await self._run(lambda: _as_request_errors(work, False, field="data" if req.pieces else "text")))

    async def lt_languages(self, request: Request) -> Response:
        return JSON(lt.languages())


def _as_request_errors(work: Callable[[], Any], many: bool, field: str = "text") -> Any:
    """``work()``, with an unreadable article (empty, too long) as a 400 naming it."""
    try:
        return work()
    except InputError as exc:
        raise RequestError(400, "bad_article", exc.reason, "articles" if many else field) from None


def _wrap(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except RequestError as exc:
            return error(exc)
        except AuditorError as exc:  # a model that cannot load, a bad configuration
            return error(RequestError(503 if "model" in type(exc).__name__.lower() else 400,
                                      "unavailable" if "model" in type(exc).__name__.lower() else "bad_request", str(exc)))
    return endpoint


def create_app(auditor: Auditor | None = None, config: ServerConfig | None = None, *, load_in_background: bool = True) -> Starlette:
    """The ASGI app over ``auditor`` (default: `Auditor()` with the discovered
    configuration). Rules' data (and with ``config.load_model`` the model) load at
    start-up, in a background thread; ``/ready`` says when they are loaded."""
    config = config or ServerConfig()
    auditor = auditor or Auditor()
    service = Service(auditor, config)
    routes = [
        Route("/health", _wrap(service.health), methods=["GET"]),
        Route("/ready", _wrap(service.ready_probe), methods=["GET"]),
        Route("/openapi.json", _wrap(service.schema), methods=["GET"]),
        Route("/v1/rules", _wrap(service.rules), methods=["GET"]),
        Route("/v1/check", _wrap(service.check), methods=["POST"]),
        Route("/v1/fix", _wrap(service.fix), methods=["POST"]),
        Route("/v2/check", _wrap(service.lt_check), methods=["POST"]),
        Route("/v2/languages", _wrap(service.lt_languages), methods=["GET"]),
    ]
    middleware = [Middleware(AccessLog, enabled=config.access_log)]
    if config.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["Content-Type", "X-API-Key", "Authorization"]))
    if config.api_keys:
        middleware.append(Middleware(ApiKeys, keys=tuple(config.api_keys)))

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        code = "not_found" if status == 404 else "method_not_allowed" if status == 405 else "http_error"
        return error(RequestError(status, code, f"{request.method} {request.url.path}: {getattr(exc, 'detail', 'not found')}"))

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Starlette):
        if load_in_background:
            threading.Thread(target=_quiet(service.load), name="auditor-load", daemon=True).start()
        else:
            service.load()
        yield

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found})
    app.state.service = service
    return app


def _quiet(fn: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            fn()
        except Exception:
            pass  # recorded in service.load_error, answered by /ready
    return run
