"""The start-up caches (parsed packs, calque anchors) give exactly what they stand for,
and a damaged cache file is rebuilt, never trusted."""

from __future__ import annotations

import tomllib

import pytest

from auditor import lexicon
from auditor.packs import _parsed, load_pack, pack_languages
from auditor.rules import calque


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "_cache_dir", lambda: tmp_path)
    return tmp_path


def test_parsed_pack_equals_tomllib(cache_dir):
    raw = (b'[meta]\nsource = "test"\n\n[[entry]]\nid = "x1"\nmatch = "\\\\bfoo\\\\b"\nconfidence = 0.5\n')
    first = _parsed(raw)  # parsed and cached
    second = _parsed(raw)  # from the cache
    assert first == second == tomllib.loads(raw.decode("utf-8"))
    assert len(list(cache_dir.glob("pack-*"))) == 1


def test_a_damaged_pack_cache_is_rebuilt(cache_dir):
    raw = b'[meta]\nsource = "test"\nvalue = 41\n'
    _parsed(raw)
    (path,) = cache_dir.glob("pack-*")
    data = bytearray(path.read_bytes())
    data[-2] ^= 0xFF  # flip a byte of the payload: the checksum no longer holds
    path.write_bytes(bytes(data))
    assert _parsed(raw) == {"meta": {"source": "test", "value": 41}}


def test_shipped_packs_load_the_same_through_the_cache():
    for lang in pack_languages():
        for name in ("calques", "source_check", "source_names"):
            pack = load_pack(lang, name)
            if pack is None:
                continue
            from importlib import resources

            text = (resources.files("auditor.packs") / lang / f"{name}.toml").read_text("utf-8")
            assert pack == tomllib.loads(text)


def test_cached_calque_anchors_equal_the_computed_ones(cache_dir):
    patterns = [e.match for e in calque.load_entries()[:200]]
    before = len(list(cache_dir.glob("calque-anchors-*")))
    cached = calque._cached_anchors(patterns)  # computed, stored
    again = calque._cached_anchors(patterns)  # read back
    for p in patterns:
        assert cached[p] == again[p] == calque.anchors_of(p)
    # a different set of patterns is a different cache entry, never a stale one
    calque._cached_anchors(patterns[:10])
    assert len(list(cache_dir.glob("calque-anchors-*"))) == before + 2
