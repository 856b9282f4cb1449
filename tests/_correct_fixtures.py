"""Helpers for the correction-model tests: a tiny fake MLQE-PE folder."""

from __future__ import annotations

import io
import random
import tarfile
from pathlib import Path

WORDS = (
    "the minister said that his government would send more aid to the region after the storm "
    "and the president of the council announced new talks with several countries on Monday "
    "while officials in Rome and Madrid were not available for comment because the meeting "
    "had been postponed by the company until next week"
).split()
NAMES = ["Putin", "Kim", "Rome", "NATO", "Biden", "Lisbon", "Berlin"]


def fake_sentences(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
        words[rng.randrange(len(words))] = rng.choice(NAMES)
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 500)))
        if rng.random() < 0.3:
            i = rng.randrange(len(words) - 1)
            words[i] += " ,"
        words[0] = words[0].capitalize()
        out.append(" ".join(words) + " .")
    return out


def _add(tar: tarfile.TarFile, name: str, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def make_fake_mlqe(root: Path, n_train: int = 300, n_dev: int = 40) -> Path:
    """``ro-en-{train,dev}.tar.gz`` and ``en-de-{train,dev}.tar.gz`` with tokenised text."""
    root.mkdir(parents=True, exist_ok=True)
    for split, n, seed in (("train", n_train, 1), ("dev", n_dev, 2)):
        pe = fake_sentences(n, seed)
        mt = [s.replace(" the ", " a ", 1) for s in pe]
        with tarfile.open(root / f"ro-en-{split}.tar.gz", "w:gz") as tar:
            _add(tar, f"ro-en-{split}/{split}.pe", pe)
            _add(tar, f"ro-en-{split}/{split}.mt", mt)
        with tarfile.open(root / f"en-de-{split}.tar.gz", "w:gz") as tar:
            _add(tar, f"en-de-{split}/{split}.src", fake_sentences(n, seed + 10))
    return root
