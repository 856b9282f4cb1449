"""Language packs: data, not code.

``auditor/packs/<lang>/<name>.toml`` holds the knowledge of one language for one rule
family (calques, boilerplate phrases, acronyms, ...). Every file starts with a ``[meta]``
table naming the language and where its entries come from. ``en`` holds target-language
data; every other folder is a source language (ISO 639-1 code).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from auditor.errors import ConfigError


def pack_languages() -> list[str]:
    """Every language folder that ships packs."""
    root = resources.files(__name__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def source_languages() -> list[str]:
    return [lang for lang in pack_languages() if lang != "en"]


@lru_cache(maxsize=None)
def load_pack(lang: str, name: str) -> dict[str, Any] | None:
    """The parsed ``<lang>/<name>.toml``, or None when that language has no such pack."""
    resource = resources.files(__name__) / lang / f"{name}.toml"
    if not resource.is_file():
        return None
    raw = resource.read_bytes()
    try:
        data = _parsed(raw)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"pack {lang}/{name}.toml: {exc}") from None
    if "meta" not in data or "source" not in data["meta"]:
        raise ConfigError(f"pack {lang}/{name}.toml: missing [meta] with a 'source' line")
    return data


def _parsed(raw: bytes) -> dict[str, Any]:
    """The TOML ``raw`` parsed, from an on-disk cache keyed by the file's own SHA-256
    (parsing the packs costs about half a second of every CLI start-up; a cache entry
    can never be stale, and a damaged one fails its checksum and is rebuilt)."""
    import hashlib

    from auditor import lexicon

    key = hashlib.sha256(raw).hexdigest()[:24]
    return lexicon.cached_table(f"pack-{key}", lambda: tomllib.loads(raw.decode("utf-8")))
