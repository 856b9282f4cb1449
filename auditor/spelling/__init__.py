"""English spelling: is a word in a real English dictionary?

Hunspell's ``en_US`` dictionary with its affix rules (so ``countries`` and ``Villages``
are words and ``countrys`` is not), then ``en_AU`` for British/Commonwealth spellings
(``colour``, ``organise``), both from SCOWL and shipped in this folder (see README.md),
read with the pure-Python hunspell port ``spylls``. Nothing is downloaded.

The dictionaries load lazily, on the first lookup (about a second each; ``en_AU`` only
when ``en_US`` does not know a word), and lookups are cached.
"""

from __future__ import annotations

import gzip
import io
from functools import lru_cache
from pathlib import Path

from auditor.errors import ModelError

HERE = Path(__file__).resolve().parent
#: dictionaries in the order they are asked
DICTIONARIES = ("en_US", "en_AU")


def _reader_class():
    from spylls.hunspell.readers.file_reader import BaseReader

    class GzipReader(BaseReader):
        """spylls' file reader for a gzip-compressed ``.aff`` or ``.dic`` file."""

        def __init__(self, path: Path, encoding: str = "Windows-1252"):
            self.path = path
            super().__init__(self._open(encoding))

        def reset_encoding(self, encoding: str) -> None:
            self.reset_io(self._open(encoding))

        def _open(self, encoding: str):
            return io.TextIOWrapper(gzip.open(self.path, "rb"), encoding=encoding, errors="surrogateescape")

    return GzipReader


@lru_cache(maxsize=None)
def dictionary(name: str):
    """The spylls `Dictionary` ``name`` (``en_US`` or ``en_AU``), loaded once."""
    try:
        from spylls.hunspell import Dictionary
        from spylls.hunspell import readers
    except ImportError as exc:  # a broken install: spylls is a core dependency
        raise ModelError(f"the spelling dictionary needs spylls (pip install spylls): {exc}") from None
    reader = _reader_class()
    aff, context = readers.read_aff(reader(HERE / f"{name}.aff.gz"))
    dic = readers.read_dic(reader(HERE / f"{name}.dic.gz", encoding=context.encoding), aff=aff, context=context)
    return Dictionary(aff, dic)


@lru_cache(maxsize=1 << 16)
def is_word(word: str) -> bool:
    """True when ``word`` (letters, with inner apostrophes or hyphens) is spelled right in
    one of the dictionaries, in the case given: hunspell accepts a lower-case word
    capitalised or in capitals, but not a name in lower case (``paris``)."""
    word = word.replace("\u2019", "'")
    if not word:
        return False
    return any(dictionary(name).lookup(word) for name in DICTIONARIES)
