"""Pronoun and gender consistency (``GEN``)."""

from __future__ import annotations

from functools import lru_cache

_DETECTOR = None


def _detector():
    global _DETECTOR
    if _DETECTOR is None:
        import gender_guesser.detector as gd

        _DETECTOR = gd.Detector(case_sensitive=False)
    return _DETECTOR


@lru_cache(maxsize=65536)
def first_name_gender(name: str) -> str | None:
    """"male" or "female" for a first name that gender-guesser knows as clearly one
    gender (not "mostly_", not "andy"); None otherwise."""
    g = _detector().get_gender(name)
    return g if g in ("male", "female") else None
