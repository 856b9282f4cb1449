"""Source-language detection when ``Article.source_lang`` is absent (lingua, built once,
lazily, over the languages news is commonly translated from)."""

from __future__ import annotations

import threading
from functools import lru_cache

_CANDIDATES = ("ITALIAN", "SPANISH", "FRENCH", "GERMAN", "PORTUGUESE", "DUTCH", "ENGLISH", "POLISH", "CZECH",
               "RUSSIAN", "UKRAINIAN", "ROMANIAN", "CATALAN", "SWEDISH", "DANISH", "TURKISH", "CHINESE", "JAPANESE",
               "HINDI", "ARABIC", "GREEK")
_lock = threading.Lock()
_detector = None


def _get_detector():
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                try:
                    from lingua import Language, LanguageDetectorBuilder
                except ImportError:
                    return None
                langs = [getattr(Language, name) for name in _CANDIDATES if hasattr(Language, name)]
                # low-accuracy mode (trigram models only) loads in well under a second
                # instead of several and is reliable on whole sentences, which is what a
                # source article gives it
                _detector = LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()
    return _detector


@lru_cache(maxsize=4096)
def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text`` (its first 2,000 characters), or None."""
    sample = text[:2000].strip()
    if len(sample) < 3:
        return None
    detector = _get_detector()
    if detector is None:
        return None
    lang = detector.detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang is not None else None
