"""Rule families: one module per family in this package, each registering its rules.

Every module in this package except ``base`` and ``engine`` is a family module and is
imported by `load_families`, so adding a family is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil

_INFRASTRUCTURE = {"base", "engine"}
_loaded = False


def load_families() -> None:
    global _loaded
    if _loaded:
        return
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _INFRASTRUCTURE and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True
