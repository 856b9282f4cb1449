"""Issue 13, speed: 1-1 pairs settled without the model by one shared word, close lengths
and the same punctuation (`anchors._structure_enough`); fixtures written for these tests."""

from auditor.source import anchors
from auditor.source.anchors import _punctuation, _same_punctuation, settled


def test_punctuation_skeleton():
    assert _punctuation("Kommt er morgen?") == ("?", 0, 0, 0, 0)
    assert _punctuation("Ja, gut: wir (alle) gehen - sofort!") == ("!", 1, 1, 2, 1)
    assert _punctuation("Das war's...") == ("…", 0, 0, 0, 0)
    assert _punctuation("kein Ende") == ("", 0, 0, 0, 0)
    # closing quotes and brackets after the end mark; a CJK full stop is a full stop
    assert _punctuation('Er sagte: "Nein."') == (".", 0, 1, 0, 0)
    assert _punctuation("他来了。") == (".", 0, 0, 0, 0)


def test_same_punctuation():
    assert _same_punctuation("Hat Netflix das gezeigt?", "Did Netflix show that?")
    assert not _same_punctuation("Hat Netflix das gezeigt?", "Netflix showed that.")
    assert not _same_punctuation("Gut, Netflix zeigt das.", "Good Netflix shows that.")


def test_a_name_with_the_same_punctuation_settles_a_short_pair():
    # one shared word (a name), nothing else in common by spelling
    source, target = "Weder Netflix noch sonst jemand zeigt das.", "Neither Netflix nor anybody else shows it."
    assert anchors.agreement(source, target, "de").shared == 1
    assert settled([source], [target], 1.0, "de")
    # the same name alone, without the punctuation's agreement: open
    assert not settled(["Weder Netflix noch sonst jemand zeigt das?"], [target], 1.0, "de")
    source, target = "Am Ende wählte Bodo die Treppe.", "In the end, Bodo took the stairs."
    assert not settled([source], [target], 1.0, "de")  # a comma on one side only
    assert settled([source], ["In the end Bodo took the stairs."], 1.0, "de")


def test_lengths_must_be_close():
    source = "Bodo kam."
    assert not settled([source], ["Bodo came home late in the evening after the long and tiring meeting."], 1.0, "de")


def test_one_coincidental_word_in_a_long_pair_settles_nothing():
    # one shared word among many content words: the shares stay under SETTLED_SHARE
    source = "Gestern hatte Bodo wieder einmal keine Lust, die schweren Kisten allein nach oben zu tragen."
    target = "Tomorrow Bodo must finally register his bicycle, otherwise the council will fine him heavily."
    a = anchors.agreement(source, target, "de")
    assert min(a.source_share, a.target_share) < anchors.SETTLED_SHARE
    assert not settled([source], [target], 1.0, "de")


def test_not_for_chinese_or_japanese_ratios_nor_merged_groups():
    source, target = "Netflix 播出了。", "Netflix aired it on Sunday evening at nine."
    assert anchors._structure_enough([source], [target], source, target, len(target), len(target), 1)
    assert not settled([source], [target], 3.94, "zh")
    # a merged group: two source sentences, one target sentence
    assert not anchors._structure_enough(["Netflix zeigt das.", "Wir nicht."], ["Netflix shows that."],
                                         "Netflix zeigt das. Wir nicht.", "Netflix shows that.", 28, 19, 1)
