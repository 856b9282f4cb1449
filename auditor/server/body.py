"""Request bodies: read within the size limit, decoded strictly, parsed as JSON or as a
form; every problem is a `RequestError` naming the field at fault."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.requests import Request

from auditor.errors import RequestError


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or 413 when it is (or announces itself) longer than ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise RequestError(400, "bad_request", "Content-Length is not a number", "Content-Length") from None
        if size > limit:
            raise too_large(size, limit)
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise too_large(total, limit, at_least=True)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(size: int, limit: int, at_least: bool = False) -> RequestError:
    more = "at least " if at_least else ""
    return RequestError(413, "too_large", f"request body of {more}{size:,} bytes; the limit is {limit:,} bytes")


def parse_json(body: bytes) -> Any:
    """The JSON document of ``body`` (UTF-8, an optional BOM)."""
    if not body.strip():
        raise RequestError(400, "bad_request", "empty body: send a JSON object", "body")
    try:
        text = body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise RequestError(400, "bad_encoding", f"body is not valid UTF-8 (byte {exc.start})", "body") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RequestError(400, "bad_json", f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", "body") from None
    except RecursionError:
        raise RequestError(400, "bad_json", "malformed JSON: nested too deeply", "body") from None


def parse_form(body: bytes) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body: each value percent-decoded, then
    decoded as strict UTF-8 (a value that is not valid UTF-8 is a 400 naming it). A field
    given twice keeps its first value."""
    out: dict[str, str] = {}
    for part in body.split(b"&"):
        if not part:
            continue
        raw_key, _, raw_value = part.partition(b"=")
        try:
            key = unquote_to_bytes(raw_key.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(400, "bad_encoding", "a form field name is not valid UTF-8", "body") from None
        try:
            value = unquote_to_bytes(raw_value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RequestError(400, "bad_encoding", f"form field {key!r} is not valid UTF-8 (byte {exc.start})", key) from None
        out.setdefault(key, value)
    return out


async def parse_multipart(request: Request, body: bytes) -> dict[str, str]:
    """A ``multipart/form-data`` body (its text fields; files are refused)."""
    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    copy = Request(request.scope, receive=replay)
    try:
        form = await copy.form()
    except Exception as exc:  # python-multipart's parse errors
        raise RequestError(400, "bad_form", f"malformed multipart body: {exc}", "body") from None
    out: dict[str, str] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            raise RequestError(400, "bad_form", f"form field {key!r} is a file; send text", key)
        out.setdefault(key, value)
    return out


def ensure_text(value: Any, name: str, *, required: bool = False, allow_empty: bool = True) -> str | None:
    """``value`` as a string field of a request, or a 400 naming ``name``."""
    if value is None:
        if required:
            raise RequestError(400, "missing_field", f"missing field {name!r}", name)
        return None
    if not isinstance(value, str):
        raise RequestError(400, "bad_field", f"field {name!r} must be a string, not {json_kind(value)}", name)
    if not allow_empty and not value.strip():
        raise RequestError(400, "bad_field", f"field {name!r} is empty", name)
    return value


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"
