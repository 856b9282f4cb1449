"""The OpenAPI 3.0 document the server serves at ``/openapi.json``, written out by hand
so that it states the limits and the error shape exactly."""

from __future__ import annotations

from typing import Any

from auditor import __version__
from auditor.server.config import ServerConfig

_ERROR = {"$ref": "#/components/schemas/Error"}


def _errors(*codes: int) -> dict[str, Any]:
    text = {400: "malformed request (the field is named)", 401: "missing or wrong API key", 413: "body too large",
            415: "not a form", 429: "too many requests at once (see Retry-After)", 503: "not available",
            504: "took longer than the time limit"}
    return {str(c): {"description": text[c], "content": {"application/json": {"schema": _ERROR}}} for c in codes}


def openapi(config: ServerConfig) -> dict[str, Any]:
    article = {
        "type": "object", "required": ["text"], "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "minLength": 1, "description": "The article; without a title, its first non-empty line is the headline."},
            "title": {"type": "string", "description": "A headline; put in front of the text when the text does not start with it."},
            "lang": {"type": "string", "description": "Language of the text (default en)."},
            "source_text": {"type": "string", "description": "The source article, for the SRC checks."},
            "source_lang": {"type": "string", "description": "Source-language hint (it, es, fr, de, ...)."},
            "id": {"type": "string"}, "url": {"type": "string"},
            "format": {"type": "string", "enum": ["text", "markdown", "html"], "default": "text"},
        },
    }
    codes = {"type": "array", "items": {"type": "string"}, "description": "Rule code prefixes."}
    options = {"select": codes, "ignore": codes}
    many = {"type": "array", "items": {"$ref": "#/components/schemas/Article"}, "minItems": 1, "maxItems": config.max_articles}
    check_request = {"oneOf": [
        {"allOf": [{"$ref": "#/components/schemas/Article"}]},
        {"type": "object", "required": ["articles"], "additionalProperties": False,
         "properties": {"articles": many, **options, "mine": {"type": "boolean", "default": True}}},
    ]}
    fix_request = {"oneOf": [
        {"allOf": [{"$ref": "#/components/schemas/Article"}]},
        {"type": "object", "required": ["articles"], "additionalProperties": False,
         "properties": {"articles": many, **options, "unsafe": {"type": "boolean", "default": False}}},
    ]}
    json_body = lambda ref: {"required": True, "content": {"application/json": {"schema": ref}}}  # noqa: E731
    ok = lambda desc, schema: {"200": {"description": desc, "content": {"application/json": {"schema": schema}}}}  # noqa: E731
    form = {
        "type": "object",
        "properties": {
            "text": {"type": "string"}, "data": {"type": "string", "description": "LanguageTool annotation JSON."},
            "language": {"type": "string", "example": "en-US"}, "motherTongue": {"type": "string", "example": "it"},
            "enabledRules": {"type": "string"}, "disabledRules": {"type": "string"},
            "enabledCategories": {"type": "string"}, "disabledCategories": {"type": "string"},
            "enabledOnly": {"type": "string", "enum": ["true", "false"]},
            "level": {"type": "string", "enum": ["default", "picky"]}, "apiKey": {"type": "string"},
        },
        "required": ["language"],
    }
    security = [{"apiKey": []}] if config.api_keys else []
    return {
        "openapi": "3.0.3",
        "info": {"title": "auditor", "version": __version__,
                 "description": "Find and fix the artifacts of machine translation in English news. "
                                f"Limits: body {config.max_body_bytes:,} bytes, {config.timeout:g} s per request, "
                                f"{config.max_concurrency} at once (+{config.max_queue} waiting), "
                                f"{config.max_articles} articles per request."},
        "paths": {
            "/health": {"get": {"summary": "Liveness", "responses": ok("alive", {"type": "object"})}},
            "/ready": {"get": {"summary": "Readiness: rules (and the model) loaded",
                               "responses": {**ok("ready", {"type": "object"}), "503": {"description": "still loading"}}}},
            "/v1/rules": {"get": {"summary": "The rules this server runs", "security": security,
                                  "responses": {**ok("rules", {"type": "object"}), **_errors(401)}}},
            "/v1/check": {"post": {
                "summary": "Audit one article or many: findings, MT risk, translated-from (the JSON of `auditor check --format json`)",
                "security": security, "requestBody": json_body(check_request),
                "responses": {**ok("report", {"$ref": "#/components/schemas/CheckReport"}), **_errors(400, 401, 413, 429, 504)}}},
            "/v1/fix": {"post": {
                "summary": "Correct one article or many (the JSON of `auditor fix --format json`)",
                "security": security, "requestBody": json_body(fix_request),
                "responses": {**ok("fixes", {"type": "object", "required": ["articles"]}), **_errors(400, 401, 413, 429, 503, 504)}}},
            "/v2/check": {"post": {
                "summary": "LanguageTool-compatible check (offsets in UTF-16 code units)", "security": security,
                "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": form}}},
                "responses": {**ok("LanguageTool response", {"$ref": "#/components/schemas/LTResponse"}),
                              **_errors(400, 401, 413, 415, 429, 504)}}},
            "/v2/languages": {"get": {"summary": "Languages (LanguageTool shape)",
                                      "responses": ok("languages", {"type": "array", "items": {"type": "object"}})}},
        },
        "components": {
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
            "schemas": {
                "Article": article,
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["status", "code", "message"],
                    "properties": {"status": {"type": "integer"}, "code": {"type": "string"},
                                   "message": {"type": "string"}, "field": {"type": "string"}}}}},
                "CheckReport": {"type": "object", "required": ["tool", "version", "rules", "articles", "summary"],
                                "properties": {"articles": {"type": "array", "items": {"type": "object", "required": [
                                    "id", "findings", "mt_risk", "translated_from"]}}}},
                "LTResponse": {"type": "object", "required": ["software", "language", "matches"],
                               "properties": {"matches": {"type": "array", "items": {"type": "object", "required": [
                                   "message", "offset", "length", "replacements", "context", "sentence", "rule"]}}}},
            },
        },
    }
