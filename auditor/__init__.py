"""auditor: find and fix the artifacts of machine translation in English news.

``from auditor import Auditor`` is the Python API (`auditor.api`); it is imported on first
use, so ``import auditor`` (and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Auditor", "CheckReport", "FixReport", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from auditor.api import Auditor, CheckReport, FixReport


def __getattr__(name: str) -> Any:
    if name in ("Auditor", "CheckReport", "FixReport"):
        from auditor import api

        return getattr(api, name)
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
