"""Issue 13, omission judged by content: a source sentence merged with its neighbour into
one target sentence, whose figures the translation lacks, is given up as a sentence
without translation (`auditor.source.figures.split_off_by_figures`). The sentences are
written for these tests; the beads stand for what the aligner merged."""

from auditor.document import Span
from auditor.source.align import Bead
from auditor.source.figures import LONGEST, split_off_by_figures


def _spans(sentences: list[str]) -> tuple[str, list[Span]]:
    text, spans = "", []
    for s in sentences:
        if text:
            text += " "
        spans.append(Span(len(text), len(text) + len(s)))
        text += s
    return text, spans


def _run(src_sentences, tgt_sentences, beads, lang, src_lengths=None, tgt_lengths=None):
    source, src = _spans(src_sentences)
    text, tgt = _spans(tgt_sentences)
    src_lengths = src_lengths or [len(s) for s in src_sentences]
    tgt_lengths = tgt_lengths or [len(t) for t in tgt_sentences]
    out = split_off_by_figures(beads, src, tgt, source, text, lang, src_lengths, tgt_lengths, lambda s, t: 0.8)
    return [(b.src, b.tgt) for b in out]


SHRINE_JA = ["神社に来年の干支の大絵馬が登場した。", "学生らが11日、神社を訪れ、奉告祭が行われた。", "神社は毎年絵馬を学生に依頼している。"]
SHRINE_EN = ["A large votive plaque with next year's zodiac sign has gone on display at the shrine.",
             "Every year the shrine asks students to paint the plaque."]
MERGED = [Bead((0, 1), (0,), 0.85), Bead((2,), (1,), 0.82)]
# English characters: the Japanese sentences weighted as the aligner weighs them (x2.63)
JA_LENGTHS = [47, 63, 47]


def test_a_merged_sentence_whose_date_is_missing_is_split_off():
    assert _run(SHRINE_JA, SHRINE_EN, MERGED, "ja", JA_LENGTHS) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_the_kept_bead_gets_the_new_similarity():
    source, src = _spans(SHRINE_JA)
    text, tgt = _spans(SHRINE_EN)
    out = split_off_by_figures(MERGED, src, tgt, source, text, "ja", JA_LENGTHS, [len(t) for t in SHRINE_EN],
                               lambda s, t: 0.7 if s == (0,) else None)
    assert out[0].similarity == 0.7 and out[1].similarity is None


def test_the_date_rendered_as_an_ordinal_keeps_the_group():
    en = ["On the 11th students visited the shrine, where a large votive plaque with next year's zodiac sign"
          " has gone on display.", SHRINE_EN[1]]
    assert _run(SHRINE_JA, en, MERGED, "ja", JA_LENGTHS) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_figure_found_in_another_sentence_of_the_translation_keeps_the_group():
    en = [SHRINE_EN[0], "Every year since the 11 students came, the shrine asks them to paint the plaque."]
    assert _run(SHRINE_JA, en, MERGED, "ja", JA_LENGTHS) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_sentence_without_figures_is_not_judged():
    ja = [SHRINE_JA[0], "学生らが神社を訪れ、奉告祭が行われた。", SHRINE_JA[2]]
    assert _run(ja, SHRINE_EN, MERGED, "ja", [47, 50, 47]) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_target_without_any_figure_of_the_group_was_rewritten():
    # the neighbour's own figure (2022) is missing too: the target rewrote the group, no one sentence is dropped
    ja = ["2022年の干支の大絵馬が登場した。", SHRINE_JA[1], SHRINE_JA[2]]
    assert _run(ja, SHRINE_EN, MERGED, "ja", [45, 63, 47]) == [((0, 1), (0,)), ((2,), (1,))]
    # ... while a neighbour whose figure the target keeps lets the dateless sentence go
    en = ["A large votive plaque with the zodiac sign of 2022 has gone on display at the shrine.", SHRINE_EN[1]]
    assert _run(ja, en, MERGED, "ja", [45, 63, 47]) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_a_target_longer_than_the_whole_group_keeps_it():
    long_en = [SHRINE_EN[0] + " The students, who painted it, held a ceremony before the altar with the priests"
               " and their families.", SHRINE_EN[1]]
    assert len(long_en[0]) > LONGEST * (JA_LENGTHS[0] + JA_LENGTHS[1])
    assert _run(SHRINE_JA, long_en, MERGED, "ja", JA_LENGTHS) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_german_sentence_with_its_figures_missing_is_split_off():
    de = ["Der Stadtrat hat den Haushalt beschlossen.", "Er sieht Ausgaben von 48,5 Millionen Euro vor."]
    en = ["The city council has approved the budget."]
    assert _run(de, en, [Bead((0, 1), (0,), 0.83)], "de") == [((0,), (0,)), ((1,), ())]
    # a bare "1" is rendered "one", "a" or "once": no evidence
    de1 = [de[0], "Er gilt ab dem 1 Januar."]
    assert _run(de1, en, [Bead((0, 1), (0,), 0.83)], "de") == [((0, 1), (0,))]


def test_latin_words_of_a_japanese_sentence_count_as_its_content():
    ja = ["新しいゲーム機の発売日が決まった。", "価格は税込みでお買い得です。", "【公式】#Product1# WEBで在庫確認可能"]
    en = ["The release date of the new console has been set.", "The price, tax included, is a bargain."]
    beads = [Bead((0,), (0,), 0.86), Bead((1, 2), (1,), 0.84)]
    assert _run(ja, en, beads, "ja", [45, 40, 50]) == [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    # the product's name kept in the translation: the line was translated with its neighbour
    en_kept = [en[0], "The price of Product1, tax included, is a bargain: check stock on the web."]
    assert _run(ja, en_kept, beads, "ja", [45, 40, 50]) == [((0,), (0,)), ((1, 2), (1,))]


def test_latin_words_of_a_latin_script_source_are_no_evidence():
    # in a German source every word is in Latin script: only figures count
    de = ["Der Verein stellt den neuen Trainer vor.", "Sein Name ist Weber."]
    en = ["The club is presenting its new coach."]
    assert _run(de, en, [Bead((0, 1), (0,), 0.84)], "de") == [((0, 1), (0,))]


def test_a_group_split_differently_gives_up_its_sentence_too():
    # two source sentences, two target sentences that split the first one: the second source has no translation
    ja = ["大会は雨の中で行われ、多くの観客が集まった。", "参加者は3000人を超えた。"]
    en = ["The event was held in the rain.", "Many spectators came."]
    assert _run(ja, en, [Bead((0, 1), (0, 1), 0.85)], "ja", [60, 35]) == [((0,), (0, 1)), ((1,), ())]


def test_lost_verbatim_needs_content_that_the_translation_lacks():
    from auditor.source.figures import lost_verbatim

    ja = "マイニング需要もまだ続く こんなご時世だしRX7800はネットで買おうと思ってる ちょっと休みが多すぎませんか？"
    piece = Span(ja.index("こんな"), ja.index(" ちょっと"))
    en = "Mining demand will go on. Don't you think there are too many holidays?"
    assert lost_verbatim(ja, piece, en, "ja")
    assert not lost_verbatim(ja, piece, en.replace("Mining", "RX7800 mining"), "ja")
    # no figure and no Latin word: no evidence either way
    plain = Span(0, ja.index(" こんな"))
    assert not lost_verbatim(ja, plain, en, "ja")
    # a German stretch: its Latin words are every word, only its figures count
    de = "Der Preis steigt auf 48 Euro."
    assert lost_verbatim(de, Span(0, len(de)), "The price is rising.", "de")
    assert not lost_verbatim(de, Span(0, len(de)), "The price is rising to 48 euros.", "de")
