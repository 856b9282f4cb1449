"""ASGI middleware: JSON access logs, API keys, and the last-resort error handler.

Pure ASGI (no buffering of bodies), so streaming and the body-size check stay in the
endpoints that read the body.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
import traceback
from typing import Any, Awaitable, Callable

from auditor.errors import RequestError

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("auditor.access")
error_log = logging.getLogger("auditor.server")

#: paths open without an API key (probes)
OPEN_PATHS = frozenset({"/health", "/ready"})


def error_response(err: RequestError) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    body = json.dumps(err.to_dict(), ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if err.retry_after is not None:
        headers.append((b"retry-after", str(err.retry_after).encode()))
    return err.status, headers, body


async def send_error(send: Send, err: RequestError) -> None:
    status, headers, body = error_response(err)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class AccessLog:
    """One JSON line per request on the ``auditor.access`` logger: time, client, method,
    path, status, bytes in and out, milliseconds. An exception that escapes the app is
    logged with its traceback and answered with a JSON 500 (when nothing was sent)."""

    def __init__(self, app: ASGIApp, enabled: bool = True):
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = {"status": 0, "out": 0, "in": 0}

        async def counting_receive() -> dict[str, Any]:
            message = await receive()
            state["in"] += len(message.get("body", b""))
            return message

        async def recording_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            elif message["type"] == "http.response.body":
                state["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, recording_send)
        except Exception:
            error_log.error("internal error on %s %s\n%s", scope.get("method"), scope.get("path"), traceback.format_exc())
            if not state["status"]:
                await send_error(recording_send, RequestError(500, "internal", "internal error (logged on the server)"))
        finally:
            if self.enabled:
                client = scope.get("client") or ("", 0)
                access_log.info(json.dumps({
                    "ts": round(time.time(), 3), "client": client[0], "method": scope.get("method"),
                    "path": scope.get("path"), "status": state["status"], "bytes_in": state["in"],
                    "bytes_out": state["out"], "ms": round((time.perf_counter() - started) * 1000, 2),
                }))


class ApiKeys:
    """Refuse (401) requests without one of ``keys`` in ``X-API-Key`` or ``Authorization:
    Bearer KEY``, except on `OPEN_PATHS` and for ``/v2/check``, which checks LanguageTool's
    ``apiKey`` form field itself (`allowed`)."""

    def __init__(self, app: ASGIApp, keys: tuple[str, ...]):
        self.app = app
        self.keys = tuple(k for k in keys if k)

    def allowed(self, key: str | None) -> bool:
        return key is not None and any(hmac.compare_digest(key.encode(), k.encode()) for k in self.keys)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.keys or scope.get("path") in OPEN_PATHS or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        key = header_key(scope)
        if self.allowed(key):
            await self.app(scope, receive, send)
            return
        if scope.get("path") == "/v2/check" and key is None:
            scope.setdefault("state", {})["api_keys"] = self  # the form's apiKey decides
            await self.app(scope, receive, send)
            return
        await send_error(send, RequestError(401, "unauthorized", "missing or wrong API key (X-API-Key header)", "X-API-Key"))


def header_key(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-api-key":
            return value.decode("latin-1")
        if name == b"authorization":
            text = value.decode("latin-1")
            if text.lower().startswith("bearer "):
                return text[7:].strip()
    return None
