"""Where `auditor fix` writes each input file's corrected articles: to stdout, under
``--out DIR``, or back over the file (``--in-place``).

One `Router` receives the fix results and reader errors in input order and keeps one
output per input file:

* text and Markdown files are written in their own encoding, byte-order mark and newline
  style (a CRLF file stays CRLF, a UTF-16 file stays UTF-16);
* JSONL dumps are rewritten line by line from the source file: every input line comes out
  in order, a record that could not be read (malformed line, no text) and a blank line
  unchanged, a fixed record as JSON with ``corrected_text`` and ``edits`` added (or, with
  ``replace_text``, with the corrected text in the text field and the original kept in
  ``original_text``);
* HTML pages are written as the extracted text (``x.html`` -> ``x.html.txt``) and WARC
  archives as JSONL (``x.warc.gz`` -> ``x.warc.gz.jsonl``): the page itself is not rebuilt.

Files are written through a temporary sibling and renamed into place only when complete
and different from what is there (an unchanged file is not rewritten); ``--in-place``
first writes a backup (`auditor.atomic.backup`: ``FILE.orig``, never overwritten) and
rewrites the real file behind a symbolic link. A file that cannot be written gives one
error line and is left as it was.
"""

from __future__ import annotations

import codecs
import copy
import gzip
import json
import os
import re
import sys
import zlib
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from auditor.atomic import backup, commit, default_mode, remove_quietly, temp_sibling
from auditor.errors import InputError
from auditor.io import detect_format

_BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
         "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
_LONE_LF = re.compile(r"(?<!\r)\n")


class WriteFailed(Exception):
    """A file that cannot be written; ``str()`` is the one-line reason."""


def is_jsonl(path: str) -> bool:
    return detect_format(path) == "jsonl"


def output_name(rel: Path, source: str) -> Path:
    """The name under ``--out`` for an input: the same, except HTML (``.txt`` added: the
    extracted text) and WARC (``.jsonl`` added: one record per page)."""
    fmt = detect_format(source)
    if fmt == "html":
        return rel.with_name(rel.name + ".txt")
    if fmt == "warc":
        return rel.with_name(rel.name + ".jsonl")
    return rel


def set_field(record: dict, name: str, value: Any) -> None:
    """Set ``record[name]``, reaching into nested objects for a dotted name (as the JSONL
    reader reads it)."""
    if name in record or "." not in name:
        record[name] = value
        return
    node = record
    parts = name.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def record_json(result: Any, text_field: str, replace_text: bool, title_field: str = "title") -> str:
    """The JSON of one fixed record (without a newline).

    Default: the record as read, plus ``corrected_text`` (and ``corrected_title`` when
    the headline came from the title field: `auditor.document.with_title`) and the
    applied ``edits``. ``replace_text``: the corrected text in the text field and, when
    the headline was audited and changed, the corrected headline in the title field; the
    originals go to ``original_text``/``original_title`` (kept from an earlier run)."""
    article = result.article
    if article.record is not None:
        record = copy.deepcopy(article.record)  # set_field may reach into nested objects
    else:  # a WARC page
        record = {"id": article.id, **({"url": article.url} if article.url else {}), text_field: article.text}
    title, text = article.split_title(result.corrected, result.applied)
    if replace_text:
        original_text = article.text[article.body_start:] if article.body_start else article.text
        if text != original_text:
            record.setdefault("original_text", original_text)  # a second run keeps the first original
            set_field(record, text_field, text)
        headline = title if title is not None else result.headline()
        original_title = record.get(title_field)
        if article.record is not None and isinstance(original_title, str) and headline is not None \
                and headline != original_title.strip():
            record.setdefault("original_title", original_title)
            set_field(record, title_field, headline)
    else:
        record["corrected_text"] = text
        if title is not None:
            record["corrected_title"] = title
    record["edits"] = [e.to_dict() for e in result.applied]
    return json.dumps(record, ensure_ascii=False)


def encode_text(corrected: str, original: str, encoding: str, bom: bytes) -> bytes:
    """``corrected`` in the file's encoding, byte-order mark and newline style (a text
    whose every newline was CRLF gets CRLF for the newlines the fixes wrote)."""
    if "\r\n" in original and original.count("\n") == original.count("\r\n"):
        corrected = _LONE_LF.sub("\r\n", corrected)
    try:
        return bom + corrected.encode(encoding)
    except UnicodeEncodeError as exc:
        raise WriteFailed(f"the corrected text cannot be written in the file's encoding {encoding} "
                          f"({corrected[exc.start:exc.end]!r})") from None


def _head(path: str, n: int = 4) -> bytes:
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:  # type: ignore[operator]
            return fh.read(n)
    except (OSError, EOFError, zlib.error):
        return b""


class _Target:
    """A file being written through a temporary sibling (``gz``: gzip-compressed)."""

    def __init__(self, path: Path, gz: bool, in_place: bool, keep_backup: bool):
        self.path = path
        self.in_place = in_place
        self.keep_backup = keep_backup
        self.gz = gz
        try:
            fd, self.tmp = temp_sibling(path)
        except OSError as exc:
            raise WriteFailed(_os_reason(exc)) from None
        self.raw = os.fdopen(fd, "wb")
        self.handle: IO[bytes] = gzip.GzipFile(filename="", fileobj=self.raw, mode="wb", mtime=0) if gz else self.raw  # type: ignore[assignment]

    def write(self, data: bytes) -> None:
        try:
            self.handle.write(data)
        except OSError as exc:
            raise WriteFailed(_os_reason(exc)) from None

    def commit(self) -> str | None:
        """Put the file in place; returns the backup's name (in place), ``"unchanged"``
        when the content is what the target holds, else None."""
        try:
            if self.handle is not self.raw:
                self.handle.close()
            self.raw.close()
            if _same_content(self.tmp, self.path, self.gz):
                remove_quietly(self.tmp)
                return "unchanged"
            saved = str(backup(self.path)) if self.in_place and self.keep_backup else None
            commit(self.tmp, self.path, None if os.path.exists(self.path) else default_mode())
            return saved
        except OSError as exc:
            remove_quietly(self.tmp)
            raise WriteFailed(_os_reason(exc)) from None

    def abort(self) -> None:
        try:
            if self.handle is not self.raw:
                self.handle.close()
            self.raw.close()
        except OSError:
            pass
        remove_quietly(self.tmp)


def _os_reason(exc: OSError) -> str:
    return f"cannot write: {exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")


def _chunks(path: str, gz: bool) -> Iterator[bytes]:
    with (gzip.open(path, "rb") if gz else open(path, "rb")) as fh:  # type: ignore[operator]
        while True:
            block = fh.read(1 << 20)
            if not block:
                return
            yield block


def _same_content(a: str, b: Path, gz: bool) -> bool:
    """Do the files hold the same bytes (decompressed, for gzip)?"""
    if not os.path.isfile(b):
        return False
    try:
        if not gz and os.path.getsize(a) != os.path.getsize(b):
            return False
        return b"".join(_chunks(a, gz)) == b"".join(_chunks(str(b), gz))
    except (OSError, EOFError, zlib.error):
        return False


class _RawLines:
    """The lines of a JSONL source file, as bytes, read along with the reader's items."""

    def __init__(self, path: str):
        self.path = path
        self.lineno = 0
        self.failed: str | None = None
        try:
            self.fh = gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")
        except OSError as exc:
            self.fh = None
            self.failed = f"cannot read: {exc.strerror or exc}"

    def next(self) -> bytes | None:
        if self.fh is None:
            return None
        try:
            line = self.fh.readline()
        except (OSError, EOFError, zlib.error) as exc:
            self.failed = f"cannot read the whole file again ({exc})"
            line = b""
        if not line:
            self.close()
            return None
        self.lineno += 1
        return line

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def _ending(line: bytes) -> bytes:
    return b"\r\n" if line.endswith(b"\r\n") else b"\n" if line.endswith(b"\n") else b""


class _JsonlOut:
    """Rewrites one JSONL source line by line into ``write``."""

    def __init__(self, source: str | None, write: Callable[[bytes], None], text_field: str, replace_text: bool,
                 title_field: str = "title"):
        self.raw = _RawLines(source) if source else None
        self.write = write
        self.text_field = text_field
        self.title_field = title_field
        self.replace_text = replace_text
        self.changed = False
        self.mismatch: str | None = None

    def _copy_through(self, lineno: int) -> None:
        while self.raw is not None and self.raw.lineno < lineno:
            line = self.raw.next()
            if line is None:
                return
            self.write(line)

    def _next_record_line(self) -> bytes | None:
        while self.raw is not None:
            line = self.raw.next()
            if line is None:
                return None
            if line.removeprefix(codecs.BOM_UTF8).strip() if self.raw.lineno == 1 else line.strip():
                return line
            self.write(line)  # a blank line, as it was
        return None

    def article(self, result: Any) -> None:
        line = self._next_record_line()
        fixed = record_json(result, self.text_field, self.replace_text, self.title_field).encode("utf-8")
        if self.raw is None:
            self.write(fixed + b"\n")
            self.changed = True
            return
        if line is None:
            self.mismatch = "the file changed while it was fixed"
            return
        bom = codecs.BOM_UTF8 if self.raw.lineno == 1 and line.startswith(codecs.BOM_UTF8) else b""
        try:
            same = json.loads(line[len(bom):].decode("utf-8")) == result.article.record
        except ValueError:
            same = False
        if not same:
            self.mismatch = f"line {self.raw.lineno} does not hold the record read from it"
            self.write(line)
            return
        if self.replace_text and not result.changed:
            self.write(line)  # nothing to replace: the line as it was
            return
        self.write(bom + fixed + (_ending(line) or b"\n"))
        self.changed = True

    def error(self, err: InputError) -> None:
        if err.line is not None:
            self._copy_through(err.line)  # the unreadable line comes out as it was

    def finish(self) -> str | None:
        """Copy the rest of the source; returns why the output is incomplete, or None."""
        if self.raw is not None:
            while (line := self.raw.next()) is not None:
                self.write(line)
            if self.raw.failed:
                return self.raw.failed
        return self.mismatch


class Router:
    """Sends each fix result (and reader error) to the output of its input file.

    ``mode``: ``stdout``, ``out`` (under ``out_dir``, relative to ``roots``) or
    ``in-place``. ``report(message)`` prints one error line; ``notice(message)`` one note.
    ``errors`` counts the files that could not be written.
    """

    def __init__(self, mode: str, *, out_dir: Path | None = None, roots: list[str] = (), keep_backup: bool = True,
                 text_field: str = "text", title_field: str = "title", replace_text: bool = False,
                 report: Callable[[str], None] = print, notice: Callable[[str], None] = print):
        self.mode = mode
        self.out_dir = out_dir
        self.roots = list(roots)
        self.keep_backup = keep_backup
        self.text_field = text_field
        self.title_field = title_field
        self.replace_text = replace_text
        self.report = report
        self.notice = notice
        self.errors = 0
        self.backups: list[str] = []
        self._source: str | None = None
        self._target: _Target | None = None
        self._jsonl: _JsonlOut | None = None
        self._failed = False
        self._sink: Callable[[bytes], None] = self._stdout_bytes
        self._noted: set[str] = set()

    # -- per input file -------------------------------------------------------------
    def _open(self, source: str) -> None:
        self.close()
        self._source = source
        self._failed = False
        fmt = detect_format(source) if source not in ("", "-", "<stdin>") else "stdin"
        if self.mode == "in-place" and fmt not in ("text", "markdown", "jsonl"):
            return self._fail(f"--in-place rewrites text, Markdown and JSONL files only (for {fmt.upper()}: use --out); left unchanged")
        if self.mode == "stdout":
            self._sink = self._stdout_bytes
        else:
            target = self._target_path(source, fmt)
            if target is None:
                return
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._target = _Target(target, target.name.lower().endswith(".gz"), self.mode == "in-place", self.keep_backup)
            except (OSError, WriteFailed) as exc:
                return self._fail(f"{exc if isinstance(exc, WriteFailed) else _os_reason(exc)}; {self._outcome}")
            self._sink = self._target.write
        if fmt == "jsonl":
            self._jsonl = _JsonlOut(source, self._write, self.text_field, self.replace_text, self.title_field)

    def _target_path(self, source: str, fmt: str) -> Path | None:
        if self.mode == "in-place":
            return Path(os.path.realpath(source))  # a symbolic link stays a link: the real file is fixed
        assert self.out_dir is not None
        rel = _relative(source, self.roots)
        target = self.out_dir / output_name(rel, source)
        if fmt in ("html", "warc") and fmt not in self._noted:
            self._noted.add(fmt)
            what = "the extracted article text" if fmt == "html" else "JSONL, one record per page"
            self.notice(f"{source} is written as {what} to {target} ({fmt.upper()} is not rebuilt; see docs/fix.md)")
        if os.path.exists(target) and os.path.samefile(target, source):
            self._fail(f"--out would overwrite the input itself ({target}); left unchanged")
            return None
        return target

    def _fail(self, reason: str) -> None:
        if not self._failed:
            self.errors += 1
            self.report(f"{self._source}: {reason}")
        self._failed = True
        self.abort()

    def _stdout_bytes(self, data: bytes) -> None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)

    @property
    def _outcome(self) -> str:
        return "left unchanged" if self.mode == "in-place" else "not written"

    def _write(self, data: bytes) -> None:
        try:
            self._sink(data)
        except WriteFailed as exc:
            self._fail(f"{exc}; {self._outcome}")

    # -- items ------------------------------------------------------------------------
    def article(self, result: Any) -> None:
        article = result.article
        source = article.path or "<stdin>"
        if source != self._source:
            self._open(source)
        if self._failed:
            return
        fmt = detect_format(source) if source != "<stdin>" else "stdin"
        if self._jsonl is not None:
            self._jsonl.article(result)
        elif article.record is not None or fmt == "warc":
            self._write((record_json(result, self.text_field, self.replace_text, self.title_field) + "\n").encode("utf-8"))
        elif self.mode == "stdout":
            sys.stdout.write(result.corrected)
        elif fmt == "html":
            self._write(result.corrected.encode("utf-8"))
        else:
            encoding = article.meta.get("encoding", "utf-8") if isinstance(article.meta, dict) else "utf-8"
            bom = _BOMS.get(encoding, b"")
            bom = bom if bom and _head(source).startswith(bom) else b""
            try:
                self._write(encode_text(result.corrected, article.text, encoding, bom))
            except WriteFailed as exc:
                self._fail(f"{exc}; {self._outcome}")

    def error(self, err: InputError) -> None:
        source = err.path or "<stdin>"
        if source != self._source:
            if err.line is None:  # a file that cannot be read at all: nothing to write
                self.close()
                self._source = source
                self._failed = True
                return
            self._open(source)
        if self._jsonl is not None and not self._failed:
            self._jsonl.error(err)
        elif source == "<stdin>" and isinstance(getattr(err, "raw", None), (bytes, str)):
            raw = err.raw.encode("utf-8") if isinstance(err.raw, str) else err.raw  # type: ignore[attr-defined]
            self._write(raw if raw.endswith(b"\n") else raw + b"\n")  # a stdin line the reader handed back
        elif err.line is None and self._target is not None:
            self._fail("could not be read to the end; left unchanged")

    def close(self) -> None:
        """Finish the current file: complete it and put it in place."""
        if self._jsonl is not None and not self._failed:
            problem = self._jsonl.finish()
            if problem is not None:
                self._fail(f"{problem}; {self._outcome}")
        self._jsonl = None
        if self._target is not None and not self._failed:
            target, self._target = self._target, None
            try:
                saved = target.commit()
            except WriteFailed as exc:
                self._target = None
                self._fail(f"{exc}; {self._outcome}")
            else:
                if saved not in (None, "unchanged"):
                    self.backups.append(saved)
        self._target = None
        self._source = None

    def abort(self) -> None:
        """Drop the file being written (an interrupted run): nothing half-written stays."""
        if self._target is not None:
            self._target.abort()
            self._target = None
        if self._jsonl is not None and self._jsonl.raw is not None:
            self._jsonl.raw.close()
        self._jsonl = None


def _relative(article_path: str, roots: list[str]) -> Path:
    """The article's file path relative to the argument it came from."""
    for root in roots:
        if root != "-" and os.path.isdir(root):
            try:
                rel = os.path.relpath(article_path, root)
            except ValueError:
                continue
            if not rel.startswith(".."):
                return Path(rel)
    return Path(os.path.basename(article_path) or "stdin.txt")
