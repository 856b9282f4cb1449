"""Fast word-frequency lookups (Zipf scale) over wordfreq's lists.

``wordfreq.zipf_frequency`` tokenises and normalises its argument on every call and loads
a language's whole list (0.1-0.3 s each) on first use. Rules look up lower-case single
words by the thousand, so this module keeps one plain ``{word: zipf}`` dict per language,
restricted to words at or above a floor, and caches it on disk (marshal) under
``$AUDITOR_CACHE`` or ``~/.cache/auditor`` keyed by the wordfreq version, so that later
runs load it in milliseconds. The cache is only an accelerator and is never trusted: each
file carries a format version and the SHA-256 of its payload, and it is rebuilt whenever
it is missing, stale, of another version, truncated or tampered with; a read-only home
directory just means no cache.

A short run looks words up in a table's SQLite copy (`zipf`, and the lazy mapping that
`zipf_table` returns while no whole table is loaded) instead of loading the whole table
(a 320,000-word dict costs 0.15 s to load); after `INDEX_LOOKUPS` lookups (English:
`INDEX_LOOKUPS_BY_LANG`), or in a long-running process (`prefer_tables`), the whole
table is loaded.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import os
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from auditor.atomic import write_atomic


def _cache_dir() -> Path:
    return Path(os.environ.get("AUDITOR_CACHE") or Path.home() / ".cache" / "auditor")


#: the cache file format: a header line, the SHA-256 of the payload, then the payload
#: (marshal). Bump the version whenever the layout or the meaning of a table changes.
CACHE_FORMAT = b"auditor-table 1"


def cached_table(name: str, build: Callable[[], dict]) -> dict:
    """The dict cached on disk as ``name``, or ``build()`` (then cached) when the cache
    is missing, unreadable, of another format version, or fails its checksum (truncated
    or tampered with). ``name`` must change whenever the data would."""
    path = _cache_dir() / f"{name}.marshal"
    table = _load(path)
    if table is not None:
        return table
    table = build()
    _store(path, table)
    return table


def _load(path: Path) -> dict | None:
    """The table in ``path`` when its header, version and checksum hold, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, rest = data.partition(b"\n")
    digest, _, payload = rest.partition(b"\n")
    if header != CACHE_FORMAT or digest != hashlib.sha256(payload).hexdigest().encode("ascii"):
        return None
    try:
        table = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return table if isinstance(table, dict) else None


#: lookups a process answers from a language's on-disk index before loading its table
#: (about what loading the table costs, at 10-20 us a lookup)
INDEX_LOOKUPS = 20_000
#: ... except English, which every article asks 300-800 times: a batch of a few articles
#: loads it (as a long run would anyway), one article never does
INDEX_LOOKUPS_BY_LANG = {"en": 2_000}
_loaded: dict[tuple[str, float], dict[str, float]] = {}
_lazy: dict[tuple[str, float], "_LazyTable"] = {}
_indexes: dict[tuple[str, float], "_Index | None"] = {}
_index_lock = threading.Lock()
_prefer_tables = False


def prefer_tables() -> None:
    """Answer `zipf` from whole in-memory tables from now on (a long-running process)."""
    global _prefer_tables
    _prefer_tables = True


#: the most of an index file that SQLite reads through a memory map (more than any index)
MMAP_BYTES = 1 << 28


class _Index:
    """Read-only lookups in a table's SQLite copy (one connection, behind a lock)."""

    def __init__(self, path: Path):
        import sqlite3

        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        # read the (read-only, verified) file through a memory map: a lookup copies no
        # pages into SQLite's own cache (~15% faster)
        self.db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        self.lock = threading.Lock()
        self.lookups = 0

    def get(self, word: str) -> float:
        z = self.find(word)
        return 0.0 if z is None else z

    def find(self, word: str) -> float | None:
        """The word's value, or None when the table does not hold it."""
        if "\0" in word:
            return None  # never a word of the table (SQLite would compare up to the NUL)
        try:
            with self.lock:
                self.lookups += 1
                row = self.db.execute("SELECT z FROM t WHERE w = ?", (word,)).fetchone()
        except UnicodeEncodeError:
            return None  # a lone surrogate: never a word of the table
        return row[0] if row else None

    #: words per query of `find_many` (under SQLite's oldest limit of 999 parameters)
    BATCH = 500

    def find_many(self, words: list[str]) -> dict[str, float]:
        """``{word: value}`` for the ``words`` the table holds, a few hundred words per
        query (a query costs about what a one-word `find` does, so a batch costs a third
        to a tenth as much per word); each word counts as one lookup."""
        found: dict[str, float] = {}
        words = [w for w in words if "\0" not in w]
        for i in range(0, len(words), self.BATCH):
            chunk = words[i : i + self.BATCH]
            query = f"SELECT w, z FROM t WHERE w IN ({','.join('?' * len(chunk))})"
            try:
                with self.lock:
                    self.lookups += len(chunk)
                    found.update(self.db.execute(query, chunk).fetchall())
            except UnicodeEncodeError:  # a lone surrogate in the chunk: word by word
                with self.lock:
                    self.lookups -= len(chunk)
                for w in chunk:
                    z = self.find(w)
                    if z is not None:
                        found[w] = z
        return found


def _index_path(lang: str, floor: float) -> Path:
    return _cache_dir() / f"wordfreq-{_wordfreq_version()}-{lang}-{floor:g}.sqlite"


def _open_index(lang: str, floor: float) -> "_Index | None":
    key = (lang, floor)
    if key not in _indexes:
        with _index_lock:
            if key not in _indexes:
                path = _index_path(lang, floor)
                index = None
                if path.is_file():
                    if not _index_intact(path):
                        _remove(path)  # truncated or tampered with: rebuilt from the table
                    else:
                        try:
                            index = _Index(path)
                            index.get("the")  # a damaged file fails here, not later
                            index.lookups = 0
                        except Exception:
                            index = None
                _indexes[key] = index
    return _indexes[key]


#: the SQLite index's sidecar (``.sqlite.sha256``): a format line, the SHA-256 of the
#: index file and, once the index has been verified after it settled, a line with the
#: file's size, mtime, ctime and inode; an index without a matching sidecar is never read
INDEX_FORMAT = b"auditor-index 1"
#: a file verified less than this long after it last changed could still change within
#: the same timestamp tick, unseen by its stat: its stat line is not recorded
SETTLED_NS = 2_000_000_000


def _digest_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _file_digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest().encode("ascii")


def _stat_line(st: os.stat_result) -> bytes:
    return f"stat {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}".encode("ascii")


def _index_intact(path: Path) -> bool:
    """True when the index file's SHA-256 matches its sidecar of this format version.

    Hashing costs about 15 ms for a 10 MB index, and a check opens up to nine, so (as
    git does for its index) the sidecar also records the file's size, mtime, ctime and
    inode when a full check passes on a file that has not changed for `SETTLED_NS`;
    while they still match, the file has not been written to (any write, truncation or
    ``touch`` moves its ctime) and is not hashed again."""
    try:
        header, digest, *rest = _digest_path(path).read_bytes().split(b"\n")
        if header != INDEX_FORMAT:
            return False
        st = os.stat(path)  # before hashing: a write while hashing leaves it stale
        if rest and rest[0] == _stat_line(st):
            return True
        if digest != _file_digest(path):
            return False
    except (OSError, ValueError):
        return False
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLED_NS:
        try:
            write_atomic(_digest_path(path), INDEX_FORMAT + b"\n" + digest + b"\n" + _stat_line(st) + b"\n")
        except OSError:
            pass  # a read-only cache: hashed every time
    return True


def _remove(path: Path) -> None:
    for stale in (path, _digest_path(path)):
        try:
            stale.unlink()
        except OSError:
            pass


def _store_index(lang: str, floor: float, table: dict[str, float]) -> None:
    """Write ``table`` as the SQLite index of ``(lang, floor)`` (atomically; no cache
    directory, or no room, just means no index)."""
    import sqlite3
    import tempfile

    path = _index_path(lang, floor)
    if path.is_file() and _index_intact(path):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
        db = sqlite3.connect(tmp)
        try:
            db.execute("CREATE TABLE t (w TEXT PRIMARY KEY, z REAL) WITHOUT ROWID")
            db.executemany("INSERT OR IGNORE INTO t VALUES (?, ?)", table.items())
            db.commit()
        finally:
            db.close()
        digest = _file_digest(Path(tmp))
        os.replace(tmp, path)
        write_atomic(_digest_path(path), INDEX_FORMAT + b"\n" + digest + b"\n")
    except (OSError, sqlite3.Error):
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass


@lru_cache(maxsize=None)
def _cached_table(lang: str, floor: float) -> dict[str, float]:
    table = _zipf_table(lang, floor)
    _loaded[(lang, floor)] = table
    return table


def _whole_table(lang: str, floor: float) -> dict[str, float]:
    """The whole table in memory (loaded once); its SQLite index is written when there
    is none, so that the next process answers from it."""
    table = _loaded.get((lang, floor))
    if table is None:
        table = _cached_table(lang, floor)
        if _indexes.get((lang, floor)) is None:
            _store_index(lang, floor, table)
    return table


def _live_index(lang: str, floor: float) -> "_Index | None":
    """The index to answer a lookup from: None once the whole table is loaded, in a
    long-running process, or after `INDEX_LOOKUPS` (`INDEX_LOOKUPS_BY_LANG`) lookups."""
    if _prefer_tables or (lang, floor) in _loaded:
        return None
    index = _open_index(lang, floor)
    return index if index is not None and index.lookups < INDEX_LOOKUPS_BY_LANG.get(lang, INDEX_LOOKUPS) else None


class _LazyTable(Mapping[str, float]):
    """``{word: zipf}`` of one language and floor that answers ``in``, ``get`` and ``[]``
    from the on-disk index while `_live_index` allows, and from the whole table after
    (anything else, such as iteration, loads the whole table at once)."""

    __slots__ = ("lang", "floor")

    def __init__(self, lang: str, floor: float):
        self.lang, self.floor = lang, floor

    def table(self) -> dict[str, float]:
        return _whole_table(self.lang, self.floor)

    def get(self, word: str, default: float | None = None) -> float | None:  # type: ignore[override]
        index = _live_index(self.lang, self.floor)
        if index is None:
            return self.table().get(word, default)
        z = index.find(word) if isinstance(word, str) else None
        return default if z is None else z

    def __contains__(self, word: object) -> bool:
        index = _live_index(self.lang, self.floor)
        if index is None:
            return word in self.table()
        return isinstance(word, str) and index.find(word) is not None

    def __getitem__(self, word: str) -> float:
        z = self.get(word)
        if z is None:
            raise KeyError(word)
        return z

    def __iter__(self) -> Iterator[str]:
        return iter(self.table())

    def __len__(self) -> int:
        return len(self.table())

    def keys(self):  # type: ignore[override]
        return self.table().keys()

    def items(self):  # type: ignore[override]
        return self.table().items()

    def values(self):  # type: ignore[override]
        return self.table().values()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _LazyTable):
            other = other.table()
        return self.table() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<zipf table {self.lang} >= {self.floor:g}>"


def zipf_table(lang: str, floor: float = 0.0) -> Mapping[str, float]:
    """``{word: zipf}`` for the words of ``lang`` with a Zipf value >= ``floor``: the
    whole dict when it is loaded (or when there is no index to answer from), else a
    read-only mapping that answers from the on-disk index (see the module's docstring)."""
    table = _loaded.get((lang, floor))
    if table is not None:
        return table
    if _live_index(lang, floor) is not None:
        lazy = _lazy.get((lang, floor))
        if lazy is None:
            lazy = _lazy[(lang, floor)] = _LazyTable(lang, floor)
        return lazy
    return _whole_table(lang, floor)


def _clear() -> None:
    """Forget every table and index of this process (``zipf_table.cache_clear()``)."""
    _cached_table.cache_clear()
    frequent_words.cache_clear()
    _loaded.clear()
    _lazy.clear()
    with _index_lock:
        _indexes.clear()


zipf_table.cache_clear = _clear  # type: ignore[attr-defined]


def _zipf_table(lang: str, floor: float) -> dict[str, float]:

    def build() -> dict[str, float]:
        import wordfreq  # only to build: importing it costs a quarter of a second

        table = {}
        for word, freq in wordfreq.get_frequency_dict(lang).items():
            z = round(math.log10(freq) + 9, 2)
            if z >= floor:
                table[word] = z
        return table

    return cached_table(f"wordfreq-{_wordfreq_version()}-{lang}-{floor:g}", build)


@lru_cache(maxsize=1)
def _wordfreq_version() -> str:
    return dist_version("wordfreq")


def dist_version(name: str) -> str:
    """``importlib.metadata.version(name)``, read from the distribution's
    ``NAME-VERSION.dist-info`` folder name when exactly one is on ``sys.path`` (importing
    ``importlib.metadata`` costs 20 ms of every start-up)."""
    import sys

    prefix = name.replace("-", "_").lower() + "-"
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for item in names:
            if item.lower().startswith(prefix):
                if item.endswith(".dist-info"):
                    found.add(item[len(prefix) : -len(".dist-info")])
                elif item.endswith((".egg-info", ".egg")):
                    found.add("")  # another layout: ask importlib.metadata
        if found:
            break  # the first entry that holds it wins, as for an import
    if len(found) == 1 and "" not in found:
        return found.pop()
    from importlib.metadata import version

    return version(name)


def _store(path: Path, table: dict) -> None:
    try:
        payload = marshal.dumps(table)
    except ValueError:
        return  # a value marshal cannot hold (a TOML date): stay in memory
    data = CACHE_FORMAT + b"\n" + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError:
        pass  # no writable cache: stay in memory


def wordfreq_key(word: str) -> str:
    """``word`` as wordfreq's lists spell it: case-folded, so German "ß" is "ss"
    ("größte" is listed as "grösste"); ASCII words are their own key."""
    return word if word.isascii() else word.casefold()


def zipf(word: str, lang: str = "en", floor: float = 0.0) -> float:
    """The Zipf frequency of a lower-case ``word`` in ``lang`` (0 when unknown or below
    ``floor``): from the table when it is in memory, else from its on-disk index (see the
    module's docstring). "größte" is looked up as wordfreq lists it, "grösste" (`wordfreq_key`)."""
    word = wordfreq_key(word)
    table = _loaded.get((lang, floor))
    if table is not None:
        return table.get(word, 0.0)
    index = _live_index(lang, floor)
    if index is not None:
        return index.get(word)
    return _whole_table(lang, floor).get(word, 0.0)


def zipf_many(words: Iterable[str], lang: str = "en", floor: float = 0.0) -> dict[str, float]:
    """``{word: zipf(word, lang, floor)}`` for each of ``words``, in one batch of index
    queries when `zipf` would answer from the on-disk index (`_Index.find_many`)."""
    words = list(dict.fromkeys(words))
    keys = {w: wordfreq_key(w) for w in words if not w.isascii()}  # the rest are their own keys
    table = _loaded.get((lang, floor))
    if table is None:
        index = _live_index(lang, floor)
        if index is not None:
            found = index.find_many(list({keys.get(w, w) for w in words}))
            return {w: found.get(keys.get(w, w), 0.0) for w in words}
        table = _whole_table(lang, floor)
    return {w: table.get(keys.get(w, w), 0.0) for w in words}


def fold_diacritics(word: str) -> str:
    """``word`` without its combining marks ("îndepărtată" -> "indepartata"); letters that
    do not decompose ("ł", "ø", "ß") stay as they are."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def folded_words(langs: tuple[str, ...], floor: float, at_least: float) -> dict[str, tuple[str, float]]:
    """``{ascii form: (lang, zipf)}`` for the words at or above ``at_least`` in one of
    ``langs`` (the tables of ``floor``) that lose their diacritics to plain ASCII and whose
    plain form is not itself a word of that language: "indepartata" (Romanian
    "îndepărtată" typed without diacritics) -> ("ro", 3.78). Where two languages give
    the same form, the more frequent word wins. About 60,000 forms for the eight source
    languages, cached on disk (building them loads the whole tables)."""

    def build() -> dict[str, tuple[str, float]]:
        folded: dict[str, tuple[str, float]] = {}
        for lang in langs:
            table = _whole_table(lang, floor)
            for word, z in table.items():
                if z < at_least or word.isascii():
                    continue
                plain = fold_diacritics(word)
                if plain.isascii() and plain not in table and z > folded.get(plain, ("", 0.0))[1]:
                    folded[plain] = (lang, z)
        return folded

    name = f"wordfreq-{_wordfreq_version()}-folded-{'-'.join(langs)}-{floor:g}-{at_least:g}"
    return cached_table(name, build)


@lru_cache(maxsize=None)
def frequent_words(langs: tuple[str, ...], floor: float, at_least: float) -> dict[str, float]:
    """``{word: its highest Zipf value in langs}`` (the tables of ``floor``) for the words
    at or above ``at_least`` in one of ``langs``: a few thousand words, cached on disk, so
    that a process loads them in milliseconds (building them loads the whole tables)."""

    def build() -> dict[str, float]:
        top: dict[str, float] = {}
        for lang in langs:
            for word, z in _whole_table(lang, floor).items():
                if z >= at_least and z > top.get(word, 0.0):
                    top[word] = z
        return top

    name = f"wordfreq-{_wordfreq_version()}-top-{'-'.join(langs)}-{floor:g}-{at_least:g}"
    return cached_table(name, build)
