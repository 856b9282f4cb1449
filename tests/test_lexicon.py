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


def test_the_on_disk_index_answers_as_the_table(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    monkeypatch.setattr(lexicon, "_prefer_tables", False)  # as in a fresh process (Engine.warm_up sets it)
    lexicon.zipf_table.cache_clear()
    words = ["governo", "the", "città", "qwzxv", "casa"]
    expected = [lexicon.zipf(w, "it", 2.0) for w in words]  # loads the table, writes the index
    assert list(tmp_path.glob("wordfreq-*-it-2.sqlite"))
    lexicon.zipf_table.cache_clear()  # a new process: answers from the index, no table loaded
    assert [lexicon.zipf(w, "it", 2.0) for w in words] == expected
    assert ("it", 2.0) not in lexicon._loaded and lexicon._indexes[("it", 2.0)].lookups == len(words)
    lexicon.zipf_table.cache_clear()


def test_zipf_many_answers_as_zipf_from_the_index_and_the_table(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    monkeypatch.setattr(lexicon, "_prefer_tables", False)
    monkeypatch.setattr(lexicon._Index, "BATCH", 3)  # several queries
    words = ["governo", "the", "città", "qwzxv", "casa", "", "a\0b", "\udcff", "Governo", "casa"]
    lexicon.zipf_table.cache_clear()
    try:
        expected = {w: lexicon.zipf(w, "it", 2.0) for w in words}  # loads the table, writes the index
        assert lexicon.zipf_many(words, "it", 2.0) == expected  # from the table
        lexicon.zipf_table.cache_clear()  # a new process: answers from the index
        assert lexicon.zipf_many(words, "it", 2.0) == expected
        assert ("it", 2.0) not in lexicon._loaded
        assert lexicon._indexes[("it", 2.0)].lookups == len(set(words)) - 1  # "a\0b" is never asked
    finally:
        lexicon.zipf_table.cache_clear()


def test_frequent_words_are_the_highest_values_at_or_above(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    lexicon.zipf_table.cache_clear()
    lexicon.frequent_words.cache_clear()
    try:
        top = lexicon.frequent_words(("it", "es"), 3.0, 5.0)
        it, es = dict(lexicon.zipf_table("it", 3.0)), dict(lexicon.zipf_table("es", 3.0))
        expected = {w: max(it.get(w, 0.0), es.get(w, 0.0)) for w in {*it, *es}
                    if max(it.get(w, 0.0), es.get(w, 0.0)) >= 5.0}
        assert top == expected and "governo" in top
        assert list(tmp_path.glob("wordfreq-*-top-it-es-3-5.marshal"))  # cached for the next process
    finally:
        lexicon.zipf_table.cache_clear()
        lexicon.frequent_words.cache_clear()
