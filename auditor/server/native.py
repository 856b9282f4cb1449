"""The ``/v1`` request documents: validated into `Auditor` calls, each problem a 400
naming its field (``articles[2].text``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.errors import RequestError
from auditor.server.body import ensure_text, json_kind

#: the fields of one article (as `auditor.api.Auditor.check` takes them)
ARTICLE_FIELDS = ("text", "title", "lang", "source_text", "source_lang", "id", "url", "format")
FORMATS = ("text", "markdown", "html")
CHECK_OPTIONS = ("select", "ignore", "mine")
FIX_OPTIONS = ("select", "ignore", "unsafe")


@dataclass
class V1Request:
    articles: list[dict[str, Any]]
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    mine: bool = True
    unsafe: bool = False
    many: bool = False  # sent as {"articles": [...]}


def parse_request(doc: Any, *, max_articles: int, fix: bool = False) -> V1Request:
    """``{"text": ..., <article fields>, <options>}`` or ``{"articles": [{...}, ...], <options>}``."""
    if not isinstance(doc, dict):
        raise RequestError(400, "bad_request", f"the body must be a JSON object, not {json_kind(doc)}", "body")
    options = FIX_OPTIONS if fix else CHECK_OPTIONS
    if "articles" in doc:
        stray = [k for k in doc if k != "articles" and k not in options]
        if stray:
            raise RequestError(400, "bad_field", f"unknown field {stray[0]!r} (article fields go inside 'articles')", stray[0])
        items = doc["articles"]
        if not isinstance(items, list):
            raise RequestError(400, "bad_field", f"field 'articles' must be an array, not {json_kind(items)}", "articles")
        if not items:
            raise RequestError(400, "bad_field", "field 'articles' is empty", "articles")
        if len(items) > max_articles:
            raise RequestError(413, "too_many_articles", f"{len(items)} articles in one request; the limit is {max_articles}", "articles")
        articles = [_article(item, f"articles[{i}].", i + 1) for i, item in enumerate(items)]
        many = True
    else:
        stray = [k for k in doc if k not in ARTICLE_FIELDS and k not in options]
        if stray:
            raise RequestError(400, "bad_field", f"unknown field {stray[0]!r}", stray[0])
        articles = [_article({k: v for k, v in doc.items() if k in ARTICLE_FIELDS}, "", None)]
        many = False
    request = V1Request(articles=articles, many=many)
    request.select = _codes(doc.get("select"), "select")
    request.ignore = _codes(doc.get("ignore"), "ignore")
    request.mine = _flag(doc.get("mine", True), "mine")
    request.unsafe = _flag(doc.get("unsafe", False), "unsafe")
    return request


def _article(item: Any, prefix: str, number: int | None) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise RequestError(400, "bad_field", f"{prefix.rstrip('.') or 'body'} must be an object, not {json_kind(item)}",
                           prefix.rstrip(".") or "body")
    stray = [k for k in item if k not in ARTICLE_FIELDS]
    if stray:
        raise RequestError(400, "bad_field", f"unknown field {prefix}{stray[0]}", prefix + stray[0])
    out: dict[str, Any] = {}
    ensure_text(item.get("text"), prefix + "text", required=True)
    for name in ARTICLE_FIELDS:
        value = item.get(name)
        if name == "id" and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        value = ensure_text(value, prefix + name)
        if value is not None:
            out[name] = value
    if not out["text"].strip():
        raise RequestError(400, "bad_field", f"field {prefix}text is empty", prefix + "text")
    if out.get("format", "text") not in FORMATS:
        raise RequestError(400, "bad_field", f"field {prefix}format must be one of {', '.join(FORMATS)}", prefix + "format")
    if number is not None and "id" not in out:
        out["id"] = str(number)  # as a JSONL line without an id: its number
    return out


def _codes(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RequestError(400, "bad_field", f"field {name!r} must be an array of rule code prefixes", name)


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise RequestError(400, "bad_field", f"field {name!r} must be true or false, not {json_kind(value)}", name)
    return value
