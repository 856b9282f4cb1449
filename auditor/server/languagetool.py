"""LanguageTool's ``/v2/check`` and ``/v2/languages``: the form fields mapped onto an
`Auditor` call, and the response reshaped only where a request changes it (language
variant, ``data`` markup offsets). The match objects themselves come from the
``languagetool`` output format (`auditor.output.languagetool`), so the server and
``auditor check --format languagetool`` agree to the byte.

Field mapping: ``text`` or ``data`` (LanguageTool's annotated text: ``{"annotation":
[{"text": ...}, {"markup": ..., "interpretAs": ...}]}``; offsets then count the markup
too), ``language`` (English only: ``en``, ``en-US``, ``en-GB``, ... or ``auto``),
``motherTongue`` (the source-language hint: ``it-IT`` -> ``it``), ``enabledRules`` /
``disabledRules`` (rule codes, comma-separated), ``enabledCategories`` /
``disabledCategories`` (category ids as the matches carry them: ``RESIDUE``,
``TYPOGRAPHY``, ...), ``enabledOnly`` (``true``: only the enabled rules and categories),
``level`` (``default`` or ``picky``: the auditor has no picky-only rules, so both run the
same selection).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import RequestError
from auditor.output._common import utf16_len
from auditor.rules.base import Rule

#: the variants of English answered (``/v2/languages``), LanguageTool's names
LANGUAGES = [
    ("English", "en", "en"),
    ("English (US)", "en", "en-US"),
    ("English (GB)", "en", "en-GB"),
    ("English (Australian)", "en", "en-AU"),
    ("English (Canadian)", "en", "en-CA"),
    ("English (New Zealand)", "en", "en-NZ"),
    ("English (South African)", "en", "en-ZA"),
]
_BY_CODE = {long.lower(): (name, long) for name, _, long in LANGUAGES}
LEVELS = ("default", "picky")
FIELDS = ("text", "data", "language", "motherTongue", "enabledRules", "disabledRules", "enabledCategories",
          "disabledCategories", "enabledOnly", "level", "apiKey", "username", "preferredVariants")


def languages() -> list[dict[str, str]]:
    """English variants (checked), then the source languages the packs know (accepted as
    ``motherTongue`` only: clients such as language_tool_python validate it against this
    list; ``language`` set to one of them is a 400 that says so)."""
    from auditor.output.languagetool import language_name
    from auditor.packs import source_languages

    out = [{"name": name, "code": code, "longCode": long} for name, code, long in LANGUAGES]
    out.extend({"name": language_name(lang), "code": lang, "longCode": lang} for lang in source_languages() if lang != "en")
    return out


@dataclass
class Piece:
    """A stretch of ``data``: ``plain`` UTF-16 units in the checked text, ``original``
    in the annotated text (markup included); ``markup`` pieces map to their start."""

    plain_start: int
    plain_len: int
    orig_start: int
    orig_len: int
    markup: bool


@dataclass
class LTRequest:
    text: str
    language: str
    language_name: str
    source_lang: str | None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    pieces: list[Piece] | None = None  # set for ``data``


def parse(form: dict[str, str], rules: list[type[Rule]]) -> LTRequest:
    """The request behind a ``/v2/check`` form (``rules``: the server's selection)."""
    text, data = form.get("text"), form.get("data")
    if text is None and data is None:
        raise RequestError(400, "missing_field", "missing field 'text' or 'data'", "text")
    if text is not None and data is not None:
        raise RequestError(400, "bad_field", "send 'text' or 'data', not both", "data")
    pieces = None
    if data is not None:
        text, pieces = _annotation(data)
    assert text is not None
    if not text.strip():
        raise RequestError(400, "bad_field", "the text is empty", "data" if pieces is not None else "text")
    language = form.get("language")
    if language is None or not language.strip():
        raise RequestError(400, "missing_field", "missing field 'language' (en-US, en-GB, en or auto)", "language")
    language = language.strip()
    if language.lower() == "auto":
        name, code = "English", "en"
    elif language.lower() in _BY_CODE:
        name, code = _BY_CODE[language.lower()]
    else:
        raise RequestError(400, "bad_field", f"language {language!r} is not supported: the auditor checks English "
                           "(en, en-US, en-GB, en-AU, en-CA, en-NZ, en-ZA, or auto); other languages are "
                           "source languages, for motherTongue", "language")
    mother = (form.get("motherTongue") or "").strip()
    source_lang = mother.replace("_", "-").split("-")[0].lower() or None
    if source_lang is not None and not source_lang.isalpha():
        raise RequestError(400, "bad_field", f"motherTongue {mother!r} is not a language code", "motherTongue")
    level = (form.get("level") or "default").strip().lower()
    if level not in LEVELS:
        raise RequestError(400, "bad_field", f"level must be default or picky, not {level!r}", "level")
    enabled_only = _boolean(form.get("enabledOnly"), "enabledOnly")
    known = {r.code for r in rules}
    families = {r.family.upper(): [] for r in rules}
    for r in rules:
        families[r.family.upper()].append(r.code)
    enabled = _ids(form.get("enabledRules"))
    disabled = _ids(form.get("disabledRules"))
    enabled_cats = _categories(form.get("enabledCategories"), families, "enabledCategories")
    disabled_cats = _categories(form.get("disabledCategories"), families, "disabledCategories")
    request = LTRequest(text=text, language=code, language_name=name, source_lang=source_lang, pieces=pieces)
    if enabled_only:
        chosen = [c for c in enabled if c in known] + enabled_cats
        if not chosen:
            raise RequestError(400, "bad_field", "enabledOnly=true needs enabledRules or enabledCategories naming "
                               "rules of this server (see GET /v1/rules)", "enabledRules")
        request.select = chosen
    request.ignore = [c for c in disabled if c in known] + disabled_cats
    if request.select and set(request.select) <= set(request.ignore):
        raise RequestError(400, "bad_field", "every enabled rule is also disabled", "disabledRules")
    return request


def _boolean(value: str | None, name: str) -> bool:
    if value is None or value.strip().lower() in ("", "false", "0", "no"):
        return False
    if value.strip().lower() in ("true", "1", "yes"):
        return True
    raise RequestError(400, "bad_field", f"{name} must be true or false, not {value!r}", name)


def _ids(value: str | None) -> list[str]:
    return [v.strip().upper() for v in (value or "").split(",") if v.strip()]


def _categories(value: str | None, families: dict[str, list[str]], name: str) -> list[str]:
    codes: list[str] = []
    for cat in _ids(value):
        if cat not in families:
            continue  # as LanguageTool: an unknown id is ignored
        codes.extend(families[cat])
    return codes


def _annotation(data: str) -> tuple[str, list[Piece]]:
    """The text to check in LanguageTool's annotated ``data``, and where its pieces lie."""
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, RecursionError):
        raise RequestError(400, "bad_field", "field 'data' is not valid JSON", "data") from None
    items = doc.get("annotation") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise RequestError(400, "bad_field", "field 'data' must be {\"annotation\": [...]}", "data")
    parts: list[str] = []
    pieces: list[Piece] = []
    plain = orig = 0
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise RequestError(400, "bad_field", f"data.annotation[{i}] must be an object", "data")
        if isinstance(item.get("text"), str):
            chunk, markup, original = item["text"], False, item["text"]
        elif isinstance(item.get("markup"), str):
            interpret = item.get("interpretAs", "")
            if not isinstance(interpret, str):
                raise RequestError(400, "bad_field", f"data.annotation[{i}].interpretAs must be a string", "data")
            chunk, markup, original = interpret, True, item["markup"]
        else:
            raise RequestError(400, "bad_field", f"data.annotation[{i}] needs 'text' or 'markup'", "data")
        n, m = utf16_len(chunk), utf16_len(original)
        pieces.append(Piece(plain, n, orig, m, markup))
        parts.append(chunk)
        plain += n
        orig += m
    return "".join(parts), pieces


def _to_original(offset: int, pieces: list[Piece], end: bool = False) -> int:
    """A UTF-16 offset of the checked text as an offset of the annotated text."""
    for piece in pieces:
        inside = piece.plain_start <= offset < piece.plain_start + piece.plain_len or (
            end and offset == piece.plain_start + piece.plain_len and piece.plain_len)
        if inside:
            if piece.markup:
                return piece.orig_start + (piece.orig_len if end else 0)
            return piece.orig_start + offset - piece.plain_start
    return pieces[-1].orig_start + pieces[-1].orig_len if pieces else offset


def reshape(response: dict[str, Any], request: LTRequest) -> dict[str, Any]:
    """The formatter's response for the request: its language variant, and with
    ``data`` the match offsets in the annotated text."""
    language = {"name": request.language_name, "code": request.language,
                "detectedLanguage": {"name": request.language_name, "code": request.language,
                                     "confidence": 1.0, "source": "input"}}
    response["language"] = language
    if request.pieces:
        for match in response["matches"]:
            start = _to_original(match["offset"], request.pieces)
            end = _to_original(match["offset"] + match["length"], request.pieces, end=True)
            match["offset"], match["length"] = start, max(0, end - start)
    return response
