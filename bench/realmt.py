#!/usr/bin/env python
"""The real-MT dev set: hand annotations that point into ``../shared/data``.

The annotations (``devsets/realmt/*.jsonl``) hold no text beyond the short quoted span and
the fix: each line is one segment (a sentence or a short paragraph of real machine
translation into English) named by a pointer into the shared data, with the artifacts an
editor would mark in it (character offsets into the segment text, the quote, the type
``family.kind`` and a fix). The texts are read from ``../shared/data`` at run time. The
annotation conventions are in ``docs/annotation-guide.md``.

    python bench/realmt.py build --out /tmp/realmt/         # articles + gold, per split
    python bench/realmt.py eval  [--split heldout]           # -> reports/detection-real.md/.json
    python bench/realmt.py show  SOURCE [--block N]          # print segments to annotate
    python bench/realmt.py findings clean|dev|SET [--select TYP,GRM] [--missed]   # judge findings by hand
    python bench/realmt.py scan [--select TYP,GRM] [--show TYP010]   # all the wider clean English

``build`` writes, for each split (``dev``, ``heldout``) and for the negatives (``clean``):
``articles-<split>.jsonl`` (one article per document block: its segments joined by a
newline) and ``gold-<split>.jsonl`` (the project's gold format, ``docs/eval.md``), so that

    auditor eval /tmp/realmt/articles-heldout.jsonl --gold /tmp/realmt/gold-heldout.jsonl

measures the auditor on the held-out half. Without ``../shared/data`` (or
``$AUDITOR_DATA``) every command says so and exits 0.

Pointers (fields of an annotation line):

* ``file``: path under the data folder; ``member``: a member of a ``.tar.gz`` (MLQE-PE);
* ``line``: 1-based line number (MLQE-PE, WMT22), or ``item``: the DEMETR item ``id``
  (the ``mt_sent`` field of ``demetr/base_id33_empty.json``, the same in every file);
* ``view``: ``raw`` (the line as stored) or ``detok`` (MLQE-PE is tokenised: the offsets
  count in the line after :func:`detokenize`, the text an English reader would see);
* ``doc`` and ``split``: the document block and its half (``dev`` or ``heldout``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from _common import DATA, header, write_report  # noqa: E402

ANNOTATIONS = ROOT / "devsets" / "realmt"
FAMILIES = ("residue", "typography", "calque", "grammar", "gender", "untranslated", "fluency", "source")
#: the kinds used in the annotations, per family (docs/annotation-guide.md)
KINDS: dict[str, tuple[str, ...]] = {
    "residue": ("title-suffix", "duplicate-title", "duplicate-paragraph", "copyright-notice", "call-to-action",
                "read-also-teaser", "navigation", "credit-line", "author-bio", "boilerplate", "section-label",
                "ad-marker"),
    "typography": ("glued-words", "missing-space", "space-before-punctuation", "split-contraction",
                   "space-inside-delimiters", "doubled-punctuation", "stray-punctuation", "quote-direction",
                   "unbalanced-quotes", "foreign-quotation-marks", "doubled-word", "lowercase-sentence-start",
                   "casing", "mojibake", "spaced-hyphen", "missing-final-punctuation", "missing-comma",
                   "decimal-separator"),
    "calque": ("false-friend", "calque", "literal-idiom", "garbled-idiom", "preposition-calque",
               "capitalised-common-noun", "wrong-sense", "construction-calque"),
    "grammar": ("pronoun-doubling", "person-shift", "misread-sentence-start", "verb-subject-inversion",
                "source-style-date", "acronym-casing", "agreement", "article", "tense", "word-order",
                "missing-word", "wrong-form"),
    "gender": ("pronoun-mismatch",),
    "untranslated": ("untranslated-word", "foreign-script", "transliteration"),
    "fluency": ("garbled-sentence", "non-word", "repetition"),
    "source": ("mistranslation", "omission", "addition", "number", "name", "negation"),
}
#: families that an editor can see in the English alone (``auditor eval`` gets no source text)
MONOLINGUAL = tuple(f for f in FAMILIES if f != "source")
NEGATIVE_FILE = "negatives.jsonl"


def data_dir(override: str | None = None) -> Path:
    return Path(override) if override else DATA


def have_data(data: Path) -> bool:
    return (data / "mlqe-pe").is_dir() and (data / "demetr").is_dir() and (data / "wmt22").is_dir()


# --- reading the shared data -------------------------------------------------------------

def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@lru_cache(maxsize=None)
def _tar_member(path: str, member: str) -> tuple[str, ...]:
    with tarfile.open(path) as tar:
        handle = tar.extractfile(member)
        if handle is None:
            raise KeyError(f"{member} is not a file in {path}")
        return tuple(_lines(handle.read().decode("utf-8")))


@lru_cache(maxsize=None)
def _text_file(path: str) -> tuple[str, ...]:
    return tuple(_lines(Path(path).read_text("utf-8")))


@lru_cache(maxsize=None)
def _demetr(path: str) -> dict[int, dict[str, Any]]:
    return {int(item["id"]): item for item in json.loads(Path(path).read_text("utf-8"))}


_DETOK_RULES = [
    (re.compile(r" n 't\b"), "n't"),
    (re.compile(r"(\w) n't\b"), r"\1n't"),
    (re.compile(r"(\w)n 't\b"), r"\1n't"),
    (re.compile(r"([$€£]) (\d)"), r"\1\2"),
    (re.compile(r" '(s|re|ve|ll|d|m|S|RE|VE|LL|D|M)\b"), r"'\1"),
    (re.compile(r" ([,.;:!?%)\]}»”“])"), r"\1"),  # no space before closing punctuation
    (re.compile(r"([(\[{«„]) "), r"\1"),
    (re.compile(r"(\d) ([.,]) (\d)"), r"\1\2\3"),
    (re.compile(r"(\w) / (\w)"), r"\1/\2"),
]


def _single_quotes(text: str) -> str:
    """Standalone ``'`` tokens: with an odd count, the first one after a word in -s is a
    possessive (``animals '`` -> ``animals'``); the rest pair up as opening and closing."""
    tokens = text.split(" ")
    marks = [i for i, t in enumerate(tokens) if t == "'"]
    if len(marks) % 2:
        for i in marks:
            if i and tokens[i - 1][-1:] in (".", "?", "!", ","):  # closes a quotation opened by a glued mark
                tokens[i - 1] += "'"
                tokens[i] = ""
                marks.remove(i)
                break
            if i and tokens[i - 1].endswith("s"):
                tokens[i - 1] += "'"
                tokens[i] = ""
                marks.remove(i)
                break
    for n, i in enumerate(marks):
        if n % 2 == 0 and i + 1 < len(tokens):  # opening: glue to the next token
            tokens[i + 1] = "'" + tokens[i + 1]
        elif i:  # closing: glue to the previous token
            tokens[i - 1] += "'"
        else:
            continue
        tokens[i] = ""
    return " ".join(t for t in tokens if t != "")


def detokenize(line: str) -> str:
    """A tokenised line (MLQE-PE) as running text: no space before , . ; : ! ? ) %, none
    inside brackets, ``n 't`` and `` 's`` joined, straight double quotes paired (space
    after an opening one and before a closing one removed). Deterministic: the offsets of
    the ``detok`` annotations count in its output, so any change here must keep them."""
    text = " ".join(line.split())
    # hyphens inside compounds are tokenised as " @-@ " in some releases; keep both forms
    text = text.replace(" @-@ ", "-")
    for pattern, repl in _DETOK_RULES:
        text = pattern.sub(repl, text)
    if " ' " in f" {text} ":
        text = _single_quotes(text)
        text = re.sub(r"' ([,.;:!?])", r"'\1", text)
    # straight double quotes: alternate open / close
    out, opening = [], True
    parts = text.split('"')
    for i, part in enumerate(parts):
        if i:
            out.append('"')
            opening = not opening
        if i and not opening:  # text inside quotes: drop the space after the opening quote
            part = part[1:] if part.startswith(" ") else part
        if i + 1 < len(parts) and not opening:  # before the closing quote
            part = part[:-1] if part.endswith(" ") else part
        out.append(part)
    text = "".join(out)
    # the closing quote is followed by punctuation without a space in the tokenised text
    text = re.sub(r'" ([,.;:!?])', r'"\1', text)
    return text


def segment_text(ptr: dict[str, Any], data: Path, field: str | None = None) -> str:
    """The text a pointer names (``field`` reads a sibling: ``src``, ``pe``/``ref``)."""
    if "member" in ptr:
        member = ptr["member"]
        if field:
            member = member.rsplit(".", 1)[0] + "." + field
        line = _tar_member(str(data / ptr["file"]), member)[int(ptr["line"]) - 1]
    elif "item" in ptr:
        item = _demetr(str(data / ptr["file"]))[int(ptr["item"])]
        line = item[{"src": "src_sent", "pe": "eng_sent", "ref": "eng_sent"}.get(field or "", ptr.get("field", "mt_sent"))]
    else:
        path = ptr["file"]
        if field == "src":
            path = ptr.get("src_file", path)
        elif field in ("pe", "ref"):
            path = ptr.get("ref_file", path)
        line = _text_file(str(data / path))[int(ptr["line"]) - 1]
    return detokenize(line) if ptr.get("view") == "detok" else line


# --- the sources of the dev set ----------------------------------------------------------

BLOCK = 10
#: name -> how to make the pointer of segment k (0-based) of block b
SOURCES: dict[str, dict[str, Any]] = {
    "mlqe-ro-en": {"file": "mlqe-pe/ro-en-dev.tar.gz", "member": "ro-en-dev/dev.mt", "view": "detok", "n": 1000, "lang": "ro"},
    "mlqe-et-en": {"file": "mlqe-pe/et-en-dev.tar.gz", "member": "et-en-dev/dev.mt", "view": "detok", "n": 1000, "lang": "et"},
    "mlqe-ru-en": {"file": "mlqe-pe/ru-en-dev.tar.gz", "member": "ru-en-dev/dev.mt", "view": "detok", "n": 1000, "lang": "ru"},
    "demetr-it": {"file": "demetr/base_id33_empty.json", "lang": "it", "lang_tag": "italian"},
    "demetr-es": {"file": "demetr/base_id33_empty.json", "lang": "es", "lang_tag": "spanish"},
    "demetr-fr": {"file": "demetr/base_id33_empty.json", "lang": "fr", "lang_tag": "french"},
    "demetr-de": {"file": "demetr/base_id33_empty.json", "lang": "de", "lang_tag": "german"},
    # the weakest system by chrF against the first reference (A for de-en; cs-en has B and C only)
    "wmt22-de-en": {"file": "wmt22/system-outputs/generaltest2022.de-en.hyp.LT22.en",
                    "src_file": "wmt22/sources/generaltest2022.de-en.src.de",
                    "ref_file": "wmt22/references/generaltest2022.de-en.ref.A.en", "view": "raw", "n": 1985, "lang": "de"},
    "wmt22-cs-en": {"file": "wmt22/system-outputs/generaltest2022.cs-en.hyp.ALMAnaCH-Inria.en",
                    "src_file": "wmt22/sources/generaltest2022.cs-en.src.cs",
                    "ref_file": "wmt22/references/generaltest2022.cs-en.ref.B.en", "view": "raw", "n": 1449, "lang": "cs"},
}


def block_pointers(source: str, block: int, data: Path) -> list[dict[str, Any]]:
    """The pointers of the segments of block ``block`` (0-based) of a source."""
    spec = SOURCES[source]
    ptrs = []
    if source.startswith("demetr-"):
        ids = sorted(i for i, item in _demetr(str(data / spec["file"])).items() if item["lang_tag"] == spec["lang_tag"])
        for i in ids[block * BLOCK:(block + 1) * BLOCK]:
            ptrs.append({"file": spec["file"], "item": i, "field": "mt_sent", "view": "raw"})
    else:
        for k in range(block * BLOCK, min((block + 1) * BLOCK, spec["n"])):
            ptr = {"file": spec["file"], "line": k + 1, "view": spec["view"]}
            if "member" in spec:
                ptr["member"] = spec["member"]
            for extra in ("src_file", "ref_file"):
                if extra in spec:
                    ptr[extra] = spec[extra]
            ptrs.append(ptr)
    return ptrs


def seg_id(source: str, ptr: dict[str, Any]) -> str:
    return f"{source}:{ptr['item'] if 'item' in ptr else ptr['line']}"


# --- annotations -------------------------------------------------------------------------

def load_annotations(folder: Path = ANNOTATIONS) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.name == NEGATIVE_FILE:
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{path.name}:{number}"
                rows.append(row)
    return rows


def load_negatives(folder: Path = ANNOTATIONS) -> list[dict[str, Any]]:
    path = folder / NEGATIVE_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def validate(rows: list[dict[str, Any]], data: Path) -> list[str]:
    """Problems with the annotation rows (empty when all is well)."""
    problems = []
    seen = set()
    doc_split: dict[str, str] = {}
    for row in rows:
        where = row.get("_where", row.get("seg"))
        if row.get("seg") in seen:
            problems.append(f"{where}: segment {row.get('seg')} annotated twice")
        seen.add(row.get("seg"))
        if row.get("split") not in ("dev", "heldout"):
            problems.append(f"{where}: split must be dev or heldout")
        if doc_split.setdefault(row["doc"], row.get("split")) != row.get("split"):
            problems.append(f"{where}: document {row['doc']} is in both halves")
        try:
            text = segment_text(row, data)
        except (KeyError, IndexError, OSError, ValueError) as exc:
            problems.append(f"{where}: pointer does not resolve ({exc})")
            continue
        if row.get("clean") and row.get("artifacts"):
            problems.append(f"{where}: clean segment with artifacts")
        for art in row.get("artifacts", []):
            family, _, kind = art.get("type", "").partition(".")
            if family not in FAMILIES or kind not in KINDS.get(family, ()):
                problems.append(f"{where}: unknown type {art.get('type')!r}")
            s, e = art.get("start", -1), art.get("end", -1)
            if not 0 <= s <= e <= len(text):
                problems.append(f"{where}: span {s}..{e} outside the segment ({len(text)} chars)")
            elif text[s:e] != art.get("quote"):
                problems.append(f"{where}: quote {art.get('quote')!r} != text at {s}..{e} {text[s:e]!r}")
            if "fix" not in art:
                problems.append(f"{where}: artifact without a fix")
    return problems


# --- building articles and gold ----------------------------------------------------------

def articles_from(rows: Iterable[dict[str, Any]], data: Path, prefix: str = "") -> tuple[list[dict], list[dict]]:
    """One article per document block (segments joined by a newline) and its gold lines."""
    docs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        docs[row["doc"]].append(row)
    articles, gold = [], []
    for doc, segs in docs.items():
        parts, offset = [], 0
        items = []
        for row in segs:
            text = segment_text(row, data)
            for art in row.get("artifacts", []):
                item = {"article": prefix + doc, "start": offset + art["start"], "end": offset + art["end"],
                        "type": art["type"], "fix": art["fix"], "seg": row["seg"],
                        "tier": "bilingual" if art["type"].startswith("source.") else "mono"}
                items.append(item)
            parts.append(text)
            offset += len(text) + 1
        text = "\n".join(parts)
        for item in items:
            # start/end are the span; the text is kept as a note (``quote`` would make
            # auditor eval search for its first occurrence instead)
            item["span_text"] = text[item["start"]:item["end"]]
        articles.append({"id": prefix + doc, "text": text, "translated_from": segs[0].get("lang"),
                         "segments": [r["seg"] for r in segs]})
        if items:
            gold.extend(items)
        else:
            gold.append({"article": prefix + doc, "clean": True})
    return articles, gold


def _write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def build(out: Path, data: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    rows = load_annotations()
    counts = {}
    for split in ("dev", "heldout"):
        articles, gold = articles_from([r for r in rows if r["split"] == split], data)
        _write_jsonl(out / f"articles-{split}.jsonl", articles)
        _write_jsonl(out / f"gold-{split}.jsonl", gold)
        counts[split] = {"articles": len(articles), "gold": sum(1 for g in gold if not g.get("clean"))}
    negatives = load_negatives()
    by_set: dict[str, list] = defaultdict(list)
    for row in negatives:
        by_set[row["set"]].append(row)
    arts, gold = [], []
    for name, segs in by_set.items():
        a, g = articles_from(segs, data, prefix="")
        arts += a
        gold += g
        counts[f"clean:{name}"] = {"articles": len(a), "segments": len(segs)}
    _write_jsonl(out / "articles-clean.jsonl", arts)
    _write_jsonl(out / "gold-clean.jsonl", gold)
    return counts


# --- choosing the blocks to annotate -----------------------------------------------------

#: source -> number of document blocks annotated (alternately dev / heldout)
PLAN = {"mlqe-ro-en": 6, "mlqe-et-en": 5, "mlqe-ru-en": 5, "demetr-it": 3, "demetr-es": 3, "demetr-fr": 3,
        "demetr-de": 3, "wmt22-de-en": 7, "wmt22-cs-en": 7}


def chosen_blocks(source: str) -> list[int]:
    """The blocks of a source in the dev set, in annotation order (seeded, reproducible)."""
    import random

    spec = SOURCES[source]
    total = 10 if source.startswith("demetr-") else spec["n"] // BLOCK
    return random.Random(f"realmt:{source}").sample(range(total), PLAN[source])


def split_of(source: str, block: int) -> str:
    """Blocks alternate between the halves in one running count over all sources (in
    ``PLAN`` order), so that the halves have the same number of blocks (21 and 21) and a
    source with an odd number of blocks gives its extra block to either half in turn."""
    index = 0
    for name in PLAN:
        if name == source:
            index += chosen_blocks(source).index(block)
            break
        index += PLAN[name]
    return "dev" if index % 2 == 0 else "heldout"


def show(source: str, block: int | None, data: Path) -> None:
    blocks = [block] if block is not None else chosen_blocks(source)
    for b in blocks:
        print(f"=== {source} block {b} ({split_of(source, b) if b in chosen_blocks(source) else '-'})")
        for ptr in block_pointers(source, b, data):
            src = segment_text(ptr, data, "src")
            ref = segment_text(ptr, data, "pe")
            mt = segment_text(ptr, data)
            print(f"[{seg_id(source, ptr)}]\n  S: {src}\n  R: {ref}\n  M: {mt}")


def compile_notes(notes: Path, data: Path, out: Path = ANNOTATIONS) -> int:
    """Annotator's notes -> ``devsets/realmt/<source>.jsonl`` (offsets computed here).

    Notes: ``@ SEG-ID`` starts a segment; each following line ``family.kind | quote | fix``
    is one artifact (``quote@@N``: the N-th occurrence); a segment without lines is clean.
    Every segment of an annotated block must appear (a block is annotated whole)."""
    segs: dict[str, list[tuple[str, str, str]]] = {}
    current = None
    for raw in notes.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            current = line[1:].strip()
            segs[current] = []
            continue
        parts = [p.strip() for p in line.split(" | ")]
        if len(parts) != 3 or current is None:
            raise SystemExit(f"bad note line: {raw!r}")
        segs[current].append(tuple(parts))
    written = 0
    by_source: dict[str, list[str]] = defaultdict(list)
    for sid in segs:
        by_source[sid.split(":")[0]].append(sid)
    for source in by_source:
        rows = []
        for b in chosen_blocks(source):
            ptrs = block_pointers(source, b, data)
            ids = [seg_id(source, p) for p in ptrs]
            present = [i for i in ids if i in segs]
            if not present:
                continue
            if len(present) != len(ids):
                raise SystemExit(f"{source} block {b}: segments missing from the notes: {sorted(set(ids) - set(present))}")
            for ptr, sid in zip(ptrs, ids):
                text = segment_text(ptr, data)
                arts = []
                for typ, quote, fix in segs[sid]:
                    occ = 1
                    if "@@" in quote:
                        quote, n = quote.rsplit("@@", 1)
                        occ = int(n)
                    pos = -1
                    for _ in range(occ):
                        pos = text.find(quote, pos + 1)
                        if pos < 0:
                            raise SystemExit(f"{sid}: quote {quote!r} not found in {text!r}")
                    arts.append({"start": pos, "end": pos + len(quote), "quote": quote, "type": typ, "fix": fix})
                arts.sort(key=lambda a: (a["start"], a["end"]))
                row = {"seg": sid, "source": source, "lang": SOURCES[source]["lang"], "doc": f"{source}:b{b:03d}",
                       "split": split_of(source, b), **ptr, "clean": not arts, "artifacts": arts}
                rows.append(row)
        out.mkdir(parents=True, exist_ok=True)
        _write_jsonl(out / f"{source}.jsonl", rows)
        written += len(rows)
        print(f"{source}: {len(rows)} segments, {sum(len(r['artifacts']) for r in rows)} artifacts -> {out / (source + '.jsonl')}")
    return written


# --- negatives: English that is not machine-translated --------------------------------------

#: set name -> (pointer template, number of lines, blocks sampled); blocks of BLOCK lines
NEGATIVE_SETS: dict[str, list[tuple[dict[str, Any], int, int]]] = {
    # original English news and web text, written by people (WMT22 en-de source side)
    "original-en": [({"file": "wmt22/sources/generaltest2022.en-de.src.en", "view": "raw"}, 2037, 30)],
    # original English Wikipedia (MLQE-PE en-de / en-zh source side), tokenised -> detok
    "wikipedia-en": [({"file": "mlqe-pe/en-de-dev.tar.gz", "member": "en-de-dev/dev.src", "view": "detok"}, 1000, 15),
                     ({"file": "mlqe-pe/en-zh-dev.tar.gz", "member": "en-zh-dev/dev.src", "view": "detok"}, 1000, 15)],
    # human post-edits of the MLQE-PE MT (blocks not in the annotated set)
    "post-edit": [({"file": f"mlqe-pe/{lp}-dev.tar.gz", "member": f"{lp}-dev/dev.pe", "view": "detok"}, 1000, 10)
                  for lp in ("ro-en", "et-en", "ru-en")],
    # professional human translations (WMT22 references)
    "wmt22-ref": [({"file": "wmt22/references/generaltest2022.de-en.ref.A.en", "view": "raw"}, 1985, 10),
                  ({"file": "wmt22/references/generaltest2022.cs-en.ref.B.en", "view": "raw"}, 1449, 10)],
}


def make_negatives(out: Path = ANNOTATIONS) -> int:
    """Sample the negative sets (seeded) into ``devsets/realmt/negatives.jsonl``."""
    import random

    taken: set[tuple[str, str | None, int]] = set()
    for row in load_annotations():
        if "line" in row:
            base = row.get("member", row["file"]).rsplit(".", 1)[0]
            taken.add((base, (int(row["line"]) - 1) // BLOCK))
    rows = []
    for name, parts in NEGATIVE_SETS.items():
        for template, n, k in parts:
            key = template.get("member", template["file"])
            rng = random.Random(f"realmt-negatives:{key}")
            base = key.rsplit(".", 1)[0]
            blocks = [b for b in range(n // BLOCK) if (base, b) not in taken]
            for b in sorted(rng.sample(blocks, k)):
                short = f"{Path(key).parent.name}.{Path(key).name}" if "member" in template else Path(key).name
                for line in range(b * BLOCK + 1, (b + 1) * BLOCK + 1):
                    rows.append({"set": name, "seg": f"{name}:{short}:{line}", "doc": f"{name}:{short}:b{b:03d}",
                                 "split": "clean", **template, "line": line, "clean": True, "artifacts": []})
    _write_jsonl(out / NEGATIVE_FILE, rows)
    print(f"{len(rows)} negative segments -> {out / NEGATIVE_FILE}")
    return len(rows)


# --- evaluation ---------------------------------------------------------------------------

def _engine():
    from auditor.cli import options as opt
    from auditor.rules.engine import Engine

    return Engine(opt.resolve_settings(None, False, None, None))


def _evaluate_rows(engine, rows: list[dict[str, Any]], data: Path, hint_lang: bool, clean: bool = False):
    from auditor.document import Article
    from auditor.scoring.gold import Evaluation, GoldItem

    articles, gold = articles_from(rows, data)
    items: dict[str, list] = defaultdict(list)
    for g in gold:
        if not g.get("clean"):
            items[g["article"]].append(g)
    evaluation = Evaluation()
    findings_by_code: Counter = Counter()
    words = 0
    objs = [Article(text=art["text"], id=art["id"], source_lang=art["translated_from"] if hint_lang else None)
            for art in articles]
    if engine.needs_corpus:  # as auditor eval does: corpus-level rules see the whole set first
        engine.prepare(objs)
    severities: Counter = Counter()
    for art, article in zip(articles, objs):
        findings, _ = engine.check(article)
        for f in findings:
            severities[str(getattr(f.severity, "value", f.severity)).lower()] += 1
        words += article.word_count
        for f in findings:
            findings_by_code[f.code] += 1
        pairs = [(GoldItem(article=art["id"], type=g["type"], start=g["start"], end=g["end"], fix=g["fix"],
                           extra={"tier": g["tier"]}), (g["start"], g["end"])) for g in items.get(art["id"], [])]
        evaluation.add(article, findings, pairs, clean)
    doc = evaluation.to_dict()
    doc["severities"] = dict(severities)
    return doc, findings_by_code, words, len(articles)


def _family_table(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for fam in FAMILIES:
        c = doc["by_family"].get(fam, {}).get("overlap")
        if c and c["tp"] + c["fn"]:
            out[fam] = {"gold": c["tp"] + c["fn"], "found": c["tp"], "recall": c["recall"]}
    return out


def _pct(x) -> str:
    return "-" if x is None else f"{x:.2f}"


def evaluate(out: Path, data: Path, name: str, hint_lang: bool) -> dict[str, Any]:
    import time

    rows = load_annotations()
    engine = _engine()
    result: dict[str, Any] = {"header": header(), "command": "python bench/realmt.py eval" + (" --hint-lang" if hint_lang else ""),
                              "hint_lang": hint_lang, "splits": {}, "clean": {}}
    import subprocess

    dirty = subprocess.run(["git", "status", "--porcelain", "--", "auditor"], cwd=ROOT, capture_output=True, text=True).stdout
    result["auditor_tree_dirty"] = bool(dirty.strip())
    t0 = time.process_time()
    for split in ("heldout", "dev"):
        sub = [r for r in rows if r["split"] == split]
        doc, codes, words, n = _evaluate_rows(engine, sub, data, hint_lang)
        mono = sub
        per_source = {}
        for source in SOURCES:
            part = [r for r in sub if r["source"] == source]
            if part:
                d, _, _, _ = _evaluate_rows(engine, part, data, hint_lang)
                per_source[source] = {"families": _family_table(d), "overall": d["overall"]["overlap"]}
        gold_mono = sum(len([a for a in r["artifacts"] if not a["type"].startswith("source.")]) for r in mono)
        found_mono = sum(v["found"] for k, v in _family_table(doc).items() if k != "source")
        result["splits"][split] = {
            "segments": len(sub), "articles": n, "words": words,
            "clean_segments": sum(1 for r in sub if not r["artifacts"]),
            "gold": sum(len(r["artifacts"]) for r in sub), "gold_monolingual": gold_mono,
            "families": _family_table(doc), "overall": doc["overall"],
            "monolingual_recall": round(found_mono / gold_mono, 4) if gold_mono else None,
            "findings_per_1000_words": round(1000 * sum(codes.values()) / words, 2) if words else None,
            "by_rule": {k: v["overlap"] for k, v in doc["by_rule"].items()},
            "per_source": per_source,
        }
    negatives = load_negatives()
    sets: dict[str, list] = defaultdict(list)
    for row in negatives:
        sets[row["set"]].append(row)
    for set_name, part in sets.items():
        doc, codes, words, n = _evaluate_rows(engine, part, data, False, clean=True)
        severities = doc["severities"]
        errors = severities.get("error", 0)
        result["clean"][set_name] = {
            "segments": len(part), "articles": n, "words": words, "findings": sum(codes.values()),
            "per_1000_words": round(1000 * sum(codes.values()) / words, 2) if words else None,
            "errors_per_1000_words": round(1000 * errors / words, 2) if words else None,
            "by_severity": dict(severities), "by_code": dict(codes.most_common()),
        }
    result["cpu_seconds"] = round(time.process_time() - t0, 1)
    write_report(name, result, render_report(result))
    return result


def show_findings(data: Path, which: str, select: list[str] | None, missed: bool) -> int:
    """Print every finding on the development half (``dev``) or on the clean sets
    (``clean`` or one set name) with its segment and the span marked, so that each false
    alarm can be judged by hand; ``--missed`` also lists the gold items no finding
    overlaps (dev only). The held-out half is refused: it is read once, by ``eval``."""
    from auditor.document import Article

    if which == "heldout":
        raise SystemExit("the held-out half is not shown: tune on dev and the clean sets (eval reads it once)")
    if which == "dev":
        rows = [r for r in load_annotations() if r["split"] == "dev"]
    else:
        rows = [r for r in load_negatives() if which == "clean" or r["set"] == which]
        if not rows:
            raise SystemExit(f"no clean set {which!r} (sets: {sorted({r['set'] for r in load_negatives()})})")
    engine = _engine()
    articles, gold = articles_from(rows, data)
    by_article: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        if not g.get("clean"):
            by_article[g["article"]].append(g)

    def wanted(code_or_type: str) -> bool:
        return not select or any(code_or_type.upper().startswith(s.upper()) for s in select)

    def where(art: dict[str, Any], pos: int) -> tuple[str, int, int]:
        """(segment id, segment start, segment end) of an offset in the article text."""
        start = 0
        for sid, seg in zip(art["segments"], art["text"].split("\n")):
            if pos <= start + len(seg):
                return sid, start, start + len(seg)
            start += len(seg) + 1
        return art["segments"][-1], start, len(art["text"])

    shown = 0
    codes: Counter = Counter()
    objs = [Article(text=a["text"], id=a["id"]) for a in articles]
    if engine.needs_corpus:
        engine.prepare(objs)
    for art, article in zip(articles, objs):
        findings, _ = engine.check(article)
        items = by_article.get(art["id"], [])
        hit: set[int] = set()
        for f in findings:
            if not wanted(f.code):
                continue
            on_gold = [i for i, g in enumerate(items) if g["start"] < max(f.end, f.start + 1) and f.start < g["end"]]
            hit.update(on_gold)
            sid, s, e = where(art, f.start)
            text = art["text"]
            marked = text[s:f.start] + "[[" + text[f.start:f.end] + "]]" + text[f.end:e]
            verdict = ("  gold: " + ", ".join(items[i]["type"] for i in on_gold)) if on_gold else ""
            sev = getattr(f.severity, "value", f.severity)
            print(f"{f.code} {sev} {sid}{verdict}\n  {f.message}\n  | {marked}")
            shown += 1
            codes[f.code] += 1
        if missed and which == "dev":
            for i, g in enumerate(items):
                if i in hit or not wanted(g["type"].split(".")[0][:3]) and not wanted(g["type"]):
                    continue
                sid, s, e = where(art, g["start"])
                text = art["text"]
                marked = text[s:g["start"]] + "[[" + text[g["start"]:g["end"]] + "]]" + text[g["end"]:e]
                print(f"MISSED {g['type']} {sid} (fix: {g['fix']})\n  | {marked}")
    print(f"{shown} findings: " + ", ".join(f"{k} {v}" for k, v in codes.most_common()))
    return shown


#: the wider clean English for ``scan``: (name, pointer template, view) with no sampling
SCAN_SETS: list[tuple[str, dict[str, Any]]] = [
    ("original-en", {"file": "wmt22/sources/generaltest2022.en-de.src.en", "view": "raw"}),
    *[(f"wmt22-ref:{p.name.split('.')[1]}.{p.name.split('.')[3]}", {"file": f"wmt22/references/{p.name}", "view": "raw"})
      for p in sorted((DATA / "wmt22" / "references").glob("*.en"))],
    *[(f"wikipedia-en:{lp}-{part}", {"file": f"mlqe-pe/{lp}-{part}.tar.gz", "member": f"{lp}-{part}/{part}.src", "view": "detok"})
      for lp in ("en-de", "en-zh") for part in ("train", "dev")],
    *[(f"post-edit:{lp}-train", {"file": f"mlqe-pe/{lp}-train.tar.gz", "member": f"{lp}-train/train.pe", "view": "detok"})
      for lp in ("ro-en", "et-en", "ru-en")],
]


def scan(data: Path, select: list[str], show: str | None) -> dict[str, Counter]:
    """Run the selected rules over every line of the wider clean English (``SCAN_SETS``:
    all WMT22 references and original-English sources, MLQE-PE English Wikipedia sources
    and post-edits), in blocks of ``BLOCK`` lines joined by a newline as in the dev set;
    print findings per 1,000 words per set and code, and with ``show`` (a code prefix)
    each finding of those codes with its line."""
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.rules.engine import Engine

    engine = Engine(Settings(select=[s.upper() for s in select]))
    totals: dict[str, Counter] = {}
    for name, template in SCAN_SETS:
        path = data / template["file"]
        if not path.exists():
            continue
        lines = (_tar_member(str(path), template["member"]) if "member" in template else _text_file(str(path)))
        if template.get("view") == "detok":
            lines = tuple(detokenize(x) for x in lines)
        codes: Counter = Counter()
        words = 0
        for b in range(0, len(lines), BLOCK):
            block = lines[b:b + BLOCK]
            text = "\n".join(block)
            article = Article(text=text, id=f"{name}:b{b // BLOCK}")
            words += article.word_count
            findings, _ = engine.check(article)
            for f in findings:
                codes[f.code] += 1
                if show and f.code.startswith(show.upper()):
                    line_no = b + text.count("\n", 0, f.start) + 1
                    ls = text.rfind("\n", 0, f.start) + 1
                    le = text.find("\n", f.start)
                    le = len(text) if le < 0 else le
                    print(f"{f.code} {name}:{line_no} | {text[ls:f.start]}[[{text[f.start:f.end]}]]{text[f.end:le]}")
        totals[name] = codes
        per = ", ".join(f"{k} {1000 * v / words:.2f}" for k, v in codes.most_common())
        print(f"# {name}: {len(lines)} lines, {words} words, {sum(codes.values())} findings "
              f"({1000 * sum(codes.values()) / max(words, 1):.2f} per 1,000 words): {per}", flush=True)
    return totals


TARGETS = {"residue": 0.9, "typography": 0.9, "untranslated": 0.85, "calque": 0.35, "gender": 0.4, "fluency": 0.3}


def render_report(r: dict[str, Any]) -> str:
    h = r["splits"]["heldout"]
    lines = ["# Detection on real machine translation (the real-MT dev set)", "", "{header}",
             f"Command: `{r['command']}` (the annotations: `devsets/realmt/`, the guide: `docs/annotation-guide.md`; "
             "the texts are read from `../shared/data`). Equivalent with the CLI: "
             "`python bench/realmt.py build --out /tmp/realmt && auditor eval /tmp/realmt/articles-heldout.jsonl "
             "--gold /tmp/realmt/gold-heldout.jsonl`.", "",
             "Hand-annotated real MT into English (MLQE-PE ro/et/ru-en, DEMETR `mt_sent` it/es/fr/de, WMT22 de-en LT22 "
             "and cs-en ALMAnaCH-Inria, the weakest systems by chrF), one article per block of 10 consecutive "
             "segments, blocks split alternately into a development half and a held-out half. Matching: overlap, "
             "family against rule family (`docs/eval.md`). `source.*` items (meaning errors visible only against the "
             "source) are counted in the gold but `auditor eval` gives the rules no source text, so their recall is "
             "structurally 0 here; the *monolingual* recall leaves them out.", "",
             f"Translated-from language given to the rules: {'yes (`source_lang`)' if r['hint_lang'] else 'no (as for a page of unknown origin)'}. "
             f"Uncommitted changes under `auditor/` when run: {'yes' if r.get('auditor_tree_dirty') else 'no'}.", ""]
    for split in ("heldout", "dev"):
        s = r["splits"][split]
        title = "Held-out half (the number to move)" if split == "heldout" else "Development half (tune here)"
        ov = s["overall"]["overlap"]
        ex = s["overall"]["exact"]
        lines += [f"## {title}", "",
                  f"{s['segments']} segments ({s['clean_segments']} clean) in {s['articles']} articles, {s['words']} words; "
                  f"{s['gold']} gold artifacts ({s['gold_monolingual']} monolingual).", "",
                  "| family | gold | found | recall | target |", "| --- | ---: | ---: | ---: | ---: |"]
        for fam in FAMILIES:
            if fam in s["families"]:
                f = s["families"][fam]
                lines.append(f"| {fam} | {f['gold']} | {f['found']} | {_pct(f['recall'])} | {TARGETS.get(fam, '-') } |")
        lines += ["", f"Overall (overlap): precision {_pct(ov['precision'])} (target 0.7), recall {_pct(ov['recall'])} "
                  f"({ov['tp']} tp, {ov['fp']} fp, {ov['fn']} fn); monolingual recall {_pct(s['monolingual_recall'])}; "
                  f"exact-span precision {_pct(ex['precision'])}, recall {_pct(ex['recall'])}. "
                  f"Findings per 1,000 words: {s['findings_per_1000_words']}.", "",
                  "Per source (overlap recall per family, overall precision):", "",
                  "| source | precision | recall | by family (found/gold) |", "| --- | ---: | ---: | --- |"]
        for src, v in s["per_source"].items():
            fams = ", ".join(f"{k} {x['found']}/{x['gold']}" for k, x in v["families"].items())
            lines.append(f"| {src} | {_pct(v['overall']['precision'])} | {_pct(v['overall']['recall'])} | {fams} |")
        rules = sorted(s["by_rule"].items(), key=lambda kv: -(kv[1]["tp"] + kv[1]["fp"]))
        lines += ["", "Rules that fired (overlap: findings on a gold span / elsewhere):", "",
                  ", ".join(f"{k} {v['tp']}/{v['fp']}" for k, v in rules) or "none", ""]
    lines += ["## Clean text (negatives)", "", "| set | segments | words | findings | per 1,000 words | errors per 1,000 | target |",
              "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    tgt = {"original-en": "<= 0.5 (errors <= 0.1)", "wmt22-ref": "<= 1", "wikipedia-en": "-", "post-edit": "-"}
    for name, c in r["clean"].items():
        lines.append(f"| {name} | {c['segments']} | {c['words']} | {c['findings']} | {c['per_1000_words']} | "
                     f"{c['errors_per_1000_words']} | {tgt.get(name, '-')} |")
    lines += ["", "Codes on clean text: " + "; ".join(
        f"{name}: " + ", ".join(f"{k} {v}" for k, v in list(c["by_code"].items())[:8]) for name, c in r["clean"].items()), "",
        f"CPU time of the whole evaluation: {r['cpu_seconds']} s.", "",
        "## Reading these numbers", "",
        "- **Residue cannot be measured here**: the sources are sentence-level corpora without page chrome, so "
        "the dev set has no residue items; typography has only 6 held-out items. The residue and typography "
        "targets of issue 12 need page-level real MT (not in `../shared/data`).",
        "- The held-out calque items come mostly from WMT22 cs-en (41 of 80) and MLQE-PE; the held-out DEMETR "
        "it and fr blocks happen to be clean (strong MT). Recall per source is in the tables above.",
        "- Precision rests on very few findings (the rules fire little on this text): read it as a count, not a rate.",
        "- One annotator, one pass (see `docs/annotation-guide.md`, Caveats). Overall precision counts a finding "
        "as correct when it overlaps any gold item, of any family; family recall needs the same family.",
        "- `--hint-lang` (give the rules the translated-from language) gave the same numbers at this commit.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="the shared data folder (default ../shared/data or $AUDITOR_DATA)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("show", help="print the segments of a source's blocks (source, reference/post-edit, MT)")
    p.add_argument("source", choices=sorted(SOURCES))
    p.add_argument("--block", type=int)
    p = sub.add_parser("compile", help="annotator's notes -> devsets/realmt/<source>.jsonl")
    p.add_argument("notes", type=Path)
    sub.add_parser("negatives", help="sample the negative sets into devsets/realmt/negatives.jsonl")
    p = sub.add_parser("build", help="articles and gold JSONL for auditor eval")
    p.add_argument("--out", type=Path, default=Path("/tmp/realmt"))
    p = sub.add_parser("eval", help="run the auditor on the held-out half, the dev half and the negatives")
    p.add_argument("--out", type=Path, default=Path("/tmp/realmt"))
    p.add_argument("--name", default="detection-real")
    p.add_argument("--hint-lang", action="store_true", help="give the rules the translated-from language")
    p = sub.add_parser("findings", help="print each finding with its segment (dev half or clean sets; never held-out)")
    p.add_argument("set", help="dev, clean, or one clean set: original-en, wikipedia-en, post-edit, wmt22-ref")
    p.add_argument("--select", help="comma-separated code prefixes or gold families to show (e.g. TYP,GRM,typography)")
    p.add_argument("--missed", action="store_true", help="dev only: also list the gold items no finding overlaps")
    p = sub.add_parser("scan", help="run rules over all the wider clean English (WMT22 refs and sources, MLQE-PE)")
    p.add_argument("--select", default="TYP,GRM", help="comma-separated code prefixes (default TYP,GRM)")
    p.add_argument("--show", help="print each finding whose code starts with this, with its line")
    args = ap.parse_args(argv)
    data = data_dir(args.data)
    if not have_data(data):
        print(f"skipped: {data} is absent (the real-MT dev set reads ../shared/data; set AUDITOR_DATA to move it)")
        return 0
    if args.cmd == "show":
        show(args.source, args.block, data)
    elif args.cmd == "compile":
        compile_notes(args.notes, data)
    elif args.cmd == "negatives":
        make_negatives()
    elif args.cmd == "build":
        print(json.dumps(build(args.out, data), indent=1))
        print(f"auditor eval {args.out}/articles-heldout.jsonl --gold {args.out}/gold-heldout.jsonl")
    elif args.cmd == "scan":
        scan(data, args.select.split(","), args.show)
    elif args.cmd == "findings":
        show_findings(data, args.set, args.select.split(",") if args.select else None, args.missed)
    elif args.cmd == "eval":
        evaluate(args.out, data, args.name, args.hint_lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
