"""Word-frequency tables: values agree with wordfreq, the disk cache round-trips."""

import pytest
from wordfreq import zipf_frequency

from auditor import lexicon


def test_values_match_wordfreq(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    lexicon.zipf_table.cache_clear()
    for word, lang in [("the", "en"), ("governo", "it"), ("ciudad", "es")]:
        assert lexicon.zipf(word, lang) == pytest.approx(zipf_frequency(word, lang), abs=0.011)
    assert lexicon.zipf("qwzxv", "en") == 0.0
    assert list(tmp_path.glob("wordfreq-*-en-0.marshal"))


def test_floor_and_cache_reuse(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    lexicon.zipf_table.cache_clear()
    table = lexicon.zipf_table("it", 3.0)
    assert min(table.values()) >= 3.0 and "governo" in table
    lexicon.zipf_table.cache_clear()
    [path] = tmp_path.glob("wordfreq-*-it-3.marshal")
    path.write_bytes(b"not marshal")  # a damaged cache is rebuilt, not trusted
    assert lexicon.zipf_table("it", 3.0) == table
    lexicon.zipf_table.cache_clear()
