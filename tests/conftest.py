"""Shared fixtures: paths to ../shared (skipped when absent) and small helpers."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed"
DATA = SHARED / "data"


@pytest.fixture
def seed_dir() -> Path:
    if not (SEED / "article.txt").is_file():
        pytest.skip("../shared/seed is absent")
    return SEED


@pytest.fixture
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return DATA


class FixedCosine:
    """An embedder whose source and target sentences meet at a chosen cosine: every text
    in ``targets`` sits at ``cosine`` from every other text, single words embedded as
    queries (names) are unrelated to everything."""

    name = "fixed-cosine"

    def __init__(self, targets: set[str], cosine: float):
        self.targets, self.cosine = targets, cosine

    def embed(self, texts, query=False):
        import numpy as np

        out = np.zeros((len(texts), 4), dtype=np.float32)
        for k, text in enumerate(texts):
            if query:
                out[k, 2 + hash(text) % 2] = 1.0
            elif text in self.targets:
                out[k, :2] = (self.cosine, (1 - self.cosine ** 2) ** 0.5)
            else:
                out[k, 0] = 1.0
        return out


@pytest.fixture
def fixed_cosine():
    """``fixed_cosine(targets, cosine)`` installs a `FixedCosine` embedder for the test
    (the SRC checks' real embedder is back after it)."""
    from auditor.source.embed import reset_embedder, set_embedder

    yield lambda targets, cosine: set_embedder(FixedCosine(targets, cosine))
    reset_embedder()


@pytest.fixture(scope="session")
def bench_script():
    """``bench_script("correction.py")``: a script of bench/ imported as a module (with
    bench/ on the import path while it loads, for its ``_common`` import), once per session."""
    loaded: dict[str, object] = {}

    def load(filename: str):
        if filename not in loaded:
            bench = str(ROOT / "bench")
            sys.path.insert(0, bench)
            try:
                spec = importlib.util.spec_from_file_location(f"bench_{Path(filename).stem}", ROOT / "bench" / filename)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
            finally:
                sys.path.remove(bench)
            loaded[filename] = module
        return loaded[filename]

    return load
