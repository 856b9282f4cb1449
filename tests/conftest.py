"""Shared fixtures: paths to ../shared (skipped when absent) and small helpers."""

from __future__ import annotations

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
