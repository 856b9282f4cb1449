"""Training and held-out text for the correction model, read from MLQE-PE.

MLQE-PE (``../shared/data/mlqe-pe/``) holds tokenised Wikipedia sentences:

* X->en pairs (ro, et, ru, ne, si): ``.mt`` (machine translation into English) and
  ``.pe`` (its human post-edit). The post-edits are clean English; the (MT, PE) pairs with
  a small, local edit are real MT -> post-edit windows.
* en->X pairs (de, zh): the English ``.src`` is clean English.

``*-train`` tarballs feed training; ``*-dev`` tarballs are held out (no training step,
spm included, reads them). Everything is detokenised with sacremoses when it is
installed, else with a careful regex detokeniser.
"""

from __future__ import annotations

import difflib
import re
import tarfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

X_EN = ("ro", "et", "ru", "ne", "si")
EN_X = ("de", "zh")


@lru_cache(maxsize=1)
def _moses():
    try:
        from sacremoses import MosesDetokenizer
    except ImportError:  # pragma: no cover - optional
        return None
    return MosesDetokenizer(lang="en")


_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b)")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_QUOTES = re.compile(r'" ([^"]*?) "')
_ENTITIES = {"&amp;": "&", "&quot;": '"', "&apos;": "'", "&lt;": "<", "&gt;": ">", "&#124;": "|", "&#91;": "[", "&#93;": "]"}


def _fallback_detok(text: str) -> str:
    for k, v in _ENTITIES.items():
        text = text.replace(k, v)
    text = _QUOTES.sub(r'"\1"', text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    return _SPACE_AFTER.sub(r"\1", text)


def detokenize(text: str) -> str:
    """Turn Moses-tokenised English ("he said , \" it 's \" .") into plain text."""
    text = " ".join(text.split())
    moses = _moses()
    if moses is None:
        return _fallback_detok(text)
    return moses.detokenize(text.split())


def _read_tar(path: Path, suffix: str) -> list[str]:
    with tarfile.open(path, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name.endswith(suffix) and member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                return handle.read().decode("utf-8").splitlines()
    raise FileNotFoundError(f"{path} has no *{suffix}")


@dataclass
class Corpus:
    """Clean sentences plus real (MT, post-edit) pairs, detokenised."""

    clean: list[str]
    pairs: list[tuple[str, str]]


def _keep(sentence: str, min_words: int = 4, max_words: int = 70) -> bool:
    n = len(sentence.split())
    return min_words <= n <= max_words


def load_corpus(mlqe_dir: Path | str, split: str = "train") -> Corpus:
    """Clean English and real MT->PE pairs of one split (``train`` or ``dev``)."""
    root = Path(mlqe_dir)
    clean: list[str] = []
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for lang in X_EN:
        tar = root / f"{lang}-en-{split}.tar.gz"
        if not tar.is_file():
            continue
        pe = [detokenize(s) for s in _read_tar(tar, f"{split}.pe")]
        mt = [detokenize(s) for s in _read_tar(tar, f"{split}.mt")]
        for m, p in zip(mt, pe):
            if _keep(p) and p not in seen:
                seen.add(p)
                clean.append(p)
                if m != p:
                    pairs.append((m, p))
    for lang in EN_X:
        tar = root / f"en-{lang}-{split}.tar.gz"
        if not tar.is_file():
            continue
        for s in _read_tar(tar, f"{split}.src"):
            s = detokenize(s)
            if _keep(s) and s not in seen:
                seen.add(s)
                clean.append(s)
    return Corpus(clean, pairs)


def local_edit(mt: str, pe: str, max_words: int = 4) -> tuple[int, int, int, int] | None:
    """The one contiguous word-level edit turning ``mt`` into ``pe``, as character
    offsets ``(mt_start, mt_end, pe_start, pe_end)``; None when the edit is not one small
    local change (those pairs need the source sentence, which this model never sees)."""
    a, b = mt.split(" "), pe.split(" ")
    ops = [op for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not ops:
        return None
    i1, i2, j1, j2 = ops[0][1], ops[-1][2], ops[0][3], ops[-1][4]
    if max(i2 - i1, j2 - j1) > max_words:
        return None
    if i2 == i1:  # pure insertion: mark the word before it (or after it)
        if i1 > 0:
            i1, j1 = i1 - 1, j1 - 1
        else:
            i2, j2 = i2 + 1, j2 + 1
    def offs(words: list[str], i: int, j: int) -> tuple[int, int]:
        total = len(" ".join(words))
        start = min(total, sum(len(w) + 1 for w in words[:i]))
        end = min(total, start + len(" ".join(words[i:j])))
        return start, end
    ms, me = offs(a, i1, i2)
    ps, pe_ = offs(b, j1, j2)
    if j1 == j2:  # words deleted: the deletion takes one neighbouring space with it
        if me < len(mt):
            me += 1
        elif ms > 0:
            ms -= 1
            ps = pe_ = ms  # the texts before the edit are equal, so are their lengths
    if mt[:ms] != pe[:ps] or mt[me:] != pe[pe_:] or (ms == me and ps == pe_):
        return None  # the edit touches the ends of the sentence in a way words cannot express
    return ms, me, ps, pe_
