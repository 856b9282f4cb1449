"""MLQE-PE reading: detokenisation, local MT->PE edits, train/dev separation."""

from __future__ import annotations

from _correct_fixtures import make_fake_mlqe

from auditor.correct.data import detokenize, load_corpus, local_edit


def test_detokenize():
    assert detokenize('He said , " it \'s late " ( really ) .') == 'He said, "it\'s late" (really).'
    assert detokenize("Texas A &amp; M") == "Texas A & M"


def test_local_edit_one_word():
    mt = "The Gouvernment appoints a prefect."
    pe = "The Government appoints a prefect."
    assert local_edit(mt, pe) == (4, 15, 4, 14)
    mt, pe = "He went to the the market.", "He went to the market."
    ms, me, ps, pe_ = local_edit(mt, pe)
    assert mt[:ms] == pe[:ps] and mt[me:] == pe[pe_:]
    assert mt[ms:me] == "the " and pe[ps:pe_] == ""


def test_local_edit_at_the_end_and_too_large():
    mt = "with the annexes, i.e. the."
    pe = "with the annexes, i.e."
    e = local_edit(mt, pe)
    assert e == (22, 27, 22, 22) and mt[22:27] == " the."
    assert local_edit("a b c d e f g h", "a x y z w v g h") is None  # 5 words changed
    assert local_edit("same", "same") is None


def test_train_and_dev_splits(tmp_path):
    root = make_fake_mlqe(tmp_path / "mlqe", n_train=50, n_dev=10)
    train = load_corpus(root, "train")
    dev = load_corpus(root, "dev")
    assert train.clean and dev.clean
    assert all(" ," not in s and not s.endswith(" .") for s in train.clean)  # detokenised
    assert all(m != p for m, p in train.pairs)
