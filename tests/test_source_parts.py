"""auditor.source building blocks: number parsing, negation cues, names, alignment,
language names, pairing by file name."""

from __future__ import annotations

import numpy as np
import pytest

from auditor.document import Article
from auditor.source import normalise_lang, split_source
from auditor.source import entities as ent
from auditor.source.align import Bead, align
from auditor.source.lexicon import lexicon
from auditor.source.negation import cues
from auditor.source.numbers import compare, extract
from auditor.source.pairing import SourcePairer, split_name, with_sources


def values(text: str, lang: str) -> list[set]:
    return [set(m.values) for m in extract(text, lexicon(lang))]


@pytest.mark.parametrize(
    "source, lang, target",
    [
        ("1.100.000 euro", "it", "1,100,000 euros"),
        ("il 3,5%", "it", "3.5%"),
        ("272.000 contagi", "it", "272,000 infections"),
        ("20 000 maisons", "fr", "20,000 houses"),
        ("1,5 Millionen Euro", "de", "1.5 million euros"),
        ("5 giugno", "it", "5 June"),
        ("um 14.30 Uhr", "de", "at 2:30 p.m."),
        ("dos años", "es", "two years"),
        ("deux ans", "fr", "two years"),
        ("zwei Jahre", "de", "two years"),
        ("veinte euros", "es", "twenty euros"),
        ("treinta y cinco años", "es", "thirty-five years"),
        ("siglo XV", "es", "15th century"),
        ("am ersten November", "de", "on November 1st"),
        ("2:0", "de", "2-0"),
    ],
)
def test_equivalent_numbers_match(source, lang, target):
    src = extract(source, lexicon(lang))
    tgt = extract(target, lexicon("en"))
    assert src, source
    assert compare(src, tgt) == []


@pytest.mark.parametrize(
    "source, lang, target, changed",
    [
        ("più di 28.000 morti", "it", "more than 24,000 deaths", ("28.000", "24,000")),
        ("vor drei Wochen", "de", "four weeks ago", ("drei", "four")),
        ("il 5 giugno", "it", "on 5 July", ("giugno", "July")),
        ("el 3,5%", "es", "3.6%", ("3,5", "3.6")),
    ],
)
def test_changed_numbers_pair_up(source, lang, target, changed):
    diffs = compare(extract(source, lexicon(lang)), extract(target, lexicon("en")))
    assert [(d.source.text, d.target.text) for d in diffs] == [changed]


def test_dropped_and_added_digits_but_not_lone_spelled_numbers():
    diffs = compare(extract("Sono morte 12 persone nel 2020", lexicon("it")), extract("12 people died", lexicon("en")))
    assert [(d.source.text, d.target) for d in diffs] == [("2020", None)]
    # a lone spelled-out number ("two" for "entrambi") is not reported
    assert compare(extract("entrambi i paesi", lexicon("it")), extract("the two countries", lexicon("en"))) == []


def test_number_offsets_are_code_points():
    text = "Più di 28.000 morti"
    (m,) = extract(text, lexicon("it"))
    assert text[m.start : m.end] == "28.000"


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Il ne vient pas.", "fr", 1),
        ("Il ne mange que du pain.", "fr", 0),  # ne ... que = only
        ("Je les vois pas.", "fr", 1),  # spoken French, no "ne"
        ("no causó ninguna pérdida", "es", 1),  # negative concord
        ("Sin embargo, llegó.", "es", 0),
        ("Médicos Sin Fronteras llegó", "es", 0),  # part of a name
        ("non ha mai detto niente", "it", 1),
        ("Er kam nicht.", "de", 1),
        ("Er hat keine Zeit und nie Geld.", "de", 2),
        ("He didn't come.", "en", 1),
        ("She can’t and won't.", "en", 2),
        ("No. 5 was not only fast", "en", 0),
        ("It did not open until March.", "en", 0),
        ("They failed to pay.", "en", 1),
        ("The plan works.", "en", 0),
        ("No matter where I click, it opens.", "en", 0),  # an idiom, no polarity
        ("Bring non-empty containers and non-EU passports.", "en", 0),  # prefixes
        ("Nein, der Defekt kam später.", "de", 1),  # as "No, the defect came later."
        ("No, the defect came later.", "en", 1),
        ("Weder ServusTV noch ORF tun das.", "de", 1),
        ("Neither ServusTV nor ORF do this.", "en", 1),
        ("Nicht zuletzt wegen Shorts.", "de", 0),
        # Czech negates with the prefix ne-; a negative pronoun in the clause is the same negation
        ("Nikdo nepřišel.", "cs", 1),
        ("Vláda nemá peníze a nebyl čas.", "cs", 2),
        ("Je to nemoc nebo neděle.", "cs", 0),  # lexicalised: illness, or, Sunday
        ("Nelze to udělat bez peněz.", "cs", 2),
        ("Никто не пришёл.", "ru", 1),
        ("snad nikdy žádný průser", "cs", 1),  # "never any trouble"
        ("a nikdy ne jako příběh celku", "cs", 1),  # "and never as a story of the whole"
        ("nemá význam pro nepřítele", "cs", 1),  # "nepřítel" (enemy) is lexicalised
        ("між людиною та Богом немає жодних посередників", "uk", 1),  # "there are no mediators"
        ("Ніхто не прийшов.", "uk", 1),
        # Chinese and Japanese: by character, minus the words that negate nothing
        ("他没有来，也不想去。", "zh", 2),  # "he did not come and does not want to go"
        ("不过，这非常不同。", "zh", 0),  # "but this is very different"
        ("今日は行かない。", "ja", 1),
        ("行きませんでした。", "ja", 1),
        ("雨は少ない。無料です。", "ja", 0),  # "little rain; it is free"
        ("Немає грошей.", "uk", 1),
        ("Not least because of Shorts.", "en", 0),
        # colloquial forms; tag questions and idioms that English words without "not"
        ("Sonst schaff ich das ned.", "de", 1),
        ("Kann man es ändern oder nicht?", "de", 0),
        ("Nach nicht mal der Hälfte gab er auf.", "de", 0),
        ("А житла нема.", "uk", 1),
        ("Треба писати прізвище чи ні?", "uk", 0),
        ("Вони сиділи там, поки російські солдати не пішли.", "uk", 0),  # "until"
        ("Це далеко не перша спроба.", "uk", 0),  # "far from the first"
        ("It is nothing short of a miracle.", "en", 0),
        ("Мы беспроблемно вернем деньги.", "ru", 0),
        ("Ви не підкажете, де купити ліжко?", "uk", 0),
        ("Кто не видел, НЕ ЛЕЗЬТЕ С ОСУЖДЕНИЕМ.", "ru", 2),  # shouting in capitals is no name
        ("Може ми не туди потрапили.", "uk", 0),  # "we came to the wrong place"  # "Could you tell me where to buy a bed?"
        ("Я не підкажу, де купити ліжко.", "uk", 1),
        ("Задержание было вежливым, как бы смешно это не звучало.", "ru", 0),  # "however funny this sounds"
        ('At the premiere of "No Time to Die" he appeared.', "en", 1),  # a title's first word is no name's
    ],
)
def test_negation_cues(text, lang, expected):
    assert len(cues(text, lexicon(lang))) == expected


@pytest.mark.parametrize(
    "word, lang, expected",
    [
        ("Achleiten", "it", True),  # unknown to Italian
        ("Trump", "it", True),  # a name English shares
        ("Biden", "de", True),  # rarer in German than in English, and no common English word
        ("Regierung", "de", False),  # a German noun
        ("Zinsforderungen", "de", False),  # a German compound
        # German capitalises the English loanwords it uses as nouns: frequent in English, not names
        ("Brand", "de", False),
        ("Mail", "de", False),
        ("Stock", "de", False),
        # rare inflected forms and prefixed nouns are German nouns, not names
        ("Ansteckungen", "de", False),  # Ansteckung + en
        ("Geimpfte", "de", False),  # geimpft + e
        ("Anschnitte", "de", False),  # an + Schnitt + e
        ("Röhrenverstärkers", "de", False),  # Röhren + Verstärker + s
        ("Oberfräse", "de", False),  # ober + Fräse: a long second member may be rarer
        ("Innenmanschetten", "de", False),
        ("Achleiten", "de", True),  # a place name (-leiten)
        ("Governo", "it", False),  # an institution, capitalised
        ("Petr", "cs", True),  # a first name alone, frequent as it is: Czech writes nouns in lower case
        ("Salud", "es", False),  # a first name too, but here a word of "Organización Mundial de la Salud"
        ("Twitter", "it", True),
    ],
)
def test_source_names(word, lang, expected):
    assert ent.is_source_name(word, lang) is expected


@pytest.mark.parametrize(
    "word, initial, expected",
    [
        ("I’m", True, False),  # contractions open sentences; curly apostrophe as in news copy
        ("Don’t", True, False),
        ("We'll", True, False),
        ("Card-Sized", False, False),  # a hyphenated compound of common words
        ("Ten-thousand", True, False),
        ("Geywitz", False, True),
        ("Interdepartmental", True, False),  # rare, but a lower-case dictionary word
        ("Crimean", False, True),  # a proper adjective: capitalised in the dictionary too
        ("Rhein-Westphalia", False, True),  # "rhein" is not an English word
    ],
)
def test_target_names(word, initial, expected):
    assert ent.is_target_name(word, initial) is expected


def test_title_case_headline_capitals_are_not_names():
    text = "Card Magnifier With Light For Reading Small Print"
    assert ent.title_case(ent.tokens(text, 0, len(text)))
    text = "The new Federal Minister Klara Geywitz spoke against it."
    assert not ent.title_case(ent.tokens(text, 0, len(text)))


def test_cldr_exonyms_from_babel():
    forward, backward = ent.cldr_exonyms("de")
    assert "estonia" in forward["estland"]  # CLDR territory names, not in the pack
    assert "germany" in ent.cldr_exonyms("cs")[0]["nemecko"]
    assert "estland" in backward["estonia"]
    assert "estland" not in ent.exonyms("de")[0]  # evidence only: never makes a word a name


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("Хэмилтона", "Hamilton", True),  # transliterated and inflected
        ("Ферстаппен", "Verstappen", True),
        ("Айседоры", "Isadora", True),
        ("Джуфре", "Jufra", True),  # дж = j
        ("Шольце", "Scholz", True),  # sch = ш
        ("Чжаовэнь", "Zhaowen", True),  # Palladius чж = zh
        ("Цзиньпином", "Jinping", True),  # Palladius цз = j, inflected
        ("гипертония", "Hypertonia", True),  # г for h
        ("Rossi", "Russo", False),
        ("Merkel", "Scholz", False),
        ("Trump", "Biden", False),
    ],
)
def test_transliterated_names_match(a, b, expected):
    assert ent.similar(ent.fold(a), ent.fold(b)) is expected


def test_source_name_found_under_its_cldr_english_name():
    src = "Die Regierung von Estland hat entschieden."
    tgt = "The government of Estonia has decided."
    diffs = ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(tgt, 0, len(tgt)), "de", source_text=src)
    assert diffs == []


def test_name_similarity():
    assert ent.similar("italia", "italy")
    assert ent.similar("trump", "trumps")
    assert not ent.similar("tito", "titus")
    assert not ent.similar("spanien", "paraguay")


def test_alignment_by_length_finds_an_omission():
    # three source sentences, the middle one untranslated (lengths in characters)
    beads = align([60, 200, 80], [62, 78])
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_alignment_by_length_adapts_to_a_source_in_fewer_characters():
    # a Chinese source is about a quarter of its English translation in characters
    from auditor.source.align import length_ratio

    assert length_ratio("zh") > 3 and length_ratio("de") == 1.0
    beads = align([15, 30, 20], [60, 120, 80], ratio=length_ratio("zh"))
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    beads = align([15, 30, 20], [60, 80], ratio=length_ratio("zh"))  # the middle sentence left out
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_alignment_by_vectors_merges_a_split_sentence():
    # source sentence 0 = target 0 + target 1 (a split); source 1 = target 2
    e = np.eye(4, dtype=np.float32)
    src = np.stack([(e[0] + e[1]) / np.sqrt(2), e[2]])
    tgt = np.stack([e[0], e[1], e[2]])
    beads = align([100, 50], [50, 50, 50], src, tgt)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0, 1)), ((1,), (2,))]
    assert beads[0].similarity == pytest.approx(1.0, abs=1e-5)


def test_alignment_accepts_two_sentences_split_differently():
    # source "A B. C." against target "A. B C.": a 2-2 group, nothing omitted or added
    e = np.eye(4, dtype=np.float32)
    src = np.stack([(e[0] + e[1]) / np.sqrt(2), e[2]])
    tgt = np.stack([e[0], (e[1] + e[2]) / np.sqrt(2)])
    beads = align([100, 50], [50, 100], src, tgt)
    assert [(b.src, b.tgt) for b in beads] == [((0, 1), (0, 1))]
    assert beads[0].similarity > 0.95  # the summed sides point the same way, not exactly


def test_alignment_leaves_an_unrelated_target_sentence_unaligned():
    e = np.eye(4, dtype=np.float32)
    src = np.stack([e[0], e[1]])
    tgt = np.stack([e[0], e[3], e[1]])
    beads = align([50, 50], [50, 50, 50], src, tgt)
    assert Bead((), (1,)) in [Bead(b.src, b.tgt) for b in beads]


def test_split_source_handles_cjk_full_stops():
    text = "第一句。第二句！Third one."
    spans = [s.slice(text) for s in split_source(text)]
    assert spans == ["第一句。", "第二句！", "Third one."]


@pytest.mark.parametrize("value, code", [("it", "it"), ("IT", "it"), ("it-IT", "it"), ("italian", "it"),
                                         ("chinese_simple", "zh"), (None, None)])
def test_normalise_lang(value, code):
    assert normalise_lang(value) == code


def test_split_name():
    assert split_name("out/story-12.en.txt") == ("story-12", "en")
    assert split_name("story-12.it.md") == ("story-12", "it")
    assert split_name("story-12.txt") == ("story-12", None)


def test_pairing_by_file_name(tmp_path):
    (tmp_path / "story-12.it.txt").write_text("Il governo non ha deciso.", encoding="utf-8")
    (tmp_path / "other.de.txt").write_text("Die Regierung.", encoding="utf-8")
    pairer = SourcePairer(tmp_path)
    a = pairer.attach(Article(text="The government decided.", path="out/story-12.en.txt"))
    assert a.source_text == "Il governo non ha deciso." and a.source_lang == "it"
    b = pairer.attach(Article(text="x", id="other"))
    assert b.source_lang == "de"
    c = pairer.attach(Article(text="x", path="nothing.txt"))
    assert c.source_text is None
    # a source already given (JSONL) wins
    d = pairer.attach(Article(text="x", path="story-12.txt", source_text="keep", source_lang="es"))
    assert (d.source_text, d.source_lang) == ("keep", "es")


def test_pairing_with_a_single_file_and_passthrough(tmp_path):
    src = tmp_path / "wire.fr.txt"
    src.write_text("Le gouvernement a décidé.", encoding="utf-8")
    items = list(with_sources([Article(text="a"), "not an article"], src))
    assert items[0].source_text == "Le gouvernement a décidé." and items[0].source_lang == "fr"
    assert items[1] == "not an article"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Я хочу піти до тебе. Міцно обійняти тебе. І поцілувати тебе.", 3),  # Cyrillic capitals
        ("Přišel domů. Škoda, že nezůstal.", 2),  # Czech capitals outside Latin-1
        ("Dr. Novák přišel. Žádný problém.", 2),  # an abbreviation is not a sentence end
        ("He came. She left.", 2),
        ("他来了。她走了。", 2),
    ],
)
def test_source_sentences_split_in_every_script(text, expected):
    from auditor.source import split_source

    assert len(split_source(text)) == expected


def test_length_alignment_joins_a_sentence_split_in_three():
    # one Chinese sentence translated as three English ones
    from auditor.document import Article
    from auditor.source import analyse
    from auditor.source.embed import set_embedder, reset_embedder

    set_embedder(None)
    try:
        src = "网传图片中，一位长发女孩站在一块大木板前，木板上用黑色墨水写有字样，她身前另一块木板上写有其银行账号与微信、支付宝账号等。"
        tgt = ("In the online picture, a girl with long hair stood in front of a large wooden board. "
               "Words were written in black ink on the board. "
               "Her bank account, WeChat account and Alipay account were written on another board in front of her.")
        analysis = analyse(Article(text=tgt, source_text=src, source_lang="zh"))
        assert [(b.src, b.tgt) for b in analysis.beads] == [((0,), (0, 1, 2))]
        # a real omission is kept: the middle source sentence has no translation
        src = "Der Minister kam am Morgen an. Er sprach lange über die Lage der Wirtschaft im ganzen Land und ihre Zukunft. Dann fuhr er ab."
        tgt = "The minister arrived in the morning. Then he left."
        analysis = analyse(Article(text=tgt, source_text=src, source_lang="de"))
        assert ((1,), ()) in [(b.src, b.tgt) for b in analysis.beads]
    finally:
        reset_embedder()


@pytest.mark.parametrize(
    "chars, value",
    [("三百万", 3_000_000), ("十八", 18), ("两", 2), ("二十五", 25), ("一千二百", 1200), ("十万", 100_000),
     ("三亿五千万", 350_000_000), ("十四五", None)],  # "十四五": the 14th Five-Year Plan, not one number
)
def test_han_numerals(chars, value):
    from auditor.source.numbers import han_numeral

    assert han_numeral(chars) == value


def test_han_numerals_match_english_digits():
    from auditor.source.numbers import compare, extract

    src = "我们官方数据每年有三百万人意外死亡，十元一箭。"
    tgt = "3 million people die every year, 10 yuan for each arrow."
    assert compare(extract(src, lexicon("zh")), extract(tgt, lexicon("en"))) == []
    tgt = "4 million people die every year, 10 yuan for each arrow."
    assert len(compare(extract(src, lexicon("zh")), extract(tgt, lexicon("en")))) == 1


def test_digits_glued_to_latin_letters_in_japanese_are_numbers():
    from auditor.source.numbers import compare, extract

    src = "8/26(月)AM9:00まで、iPhone8でiOS14.3への復元"
    tgt = "until 9:00am on August 26, restoring an iPhone 8 to iOS 14.3"
    assert compare(extract(src, lexicon("ja")), extract(tgt, lexicon("en"))) == []


def test_numbers_inside_names_and_a_bare_one_are_not_drops():
    from auditor.source.numbers import compare, extract

    # "COVID-19" is a name; "週1" / "1枚" come out as "once" / "one" / "a"
    assert compare(extract("コロナ禍でテレワークになりました。", lexicon("ja")),
                   extract("I began working remotely due to COVID-19.", lexicon("en"))) == []
    assert compare(extract("週1の技術支援", lexicon("ja")), extract("Technical support once a week", lexicon("en"))) == []
    # but a real number still counts
    assert len(compare(extract("週2の技術支援", lexicon("ja")), extract("Technical support once a week", lexicon("en")))) == 1


@pytest.mark.parametrize(
    "src, tgt",
    [
        ("Die Rente wurde mit der PKV abgerechnet.", "The pension was settled with the private insurer."),
        ("Er lebte in der DDR bis 1989.", "He lived in East Germany until 1989."),
        ("Die BRD trat 1973 der UNO bei.", "The FRG joined the UN in 1973."),
        ("Auf alle Preise kommt die MwSt.", "VAT is added to every price."),
    ],
)
def test_german_acronyms_found_through_their_english_forms(src, tgt):
    diffs = ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(tgt, 0, len(tgt)), "de", source_text=src)
    assert diffs == []


def test_a_dropped_german_acronym_is_still_missing():
    src, tgt = "Er lebte in der DDR bis 1989.", "He lived there until 1989."
    diffs = ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(tgt, 0, len(tgt)), "de", source_text=src)
    assert [d.source.text for d in diffs if d.source] == ["DDR"]


def test_german_people_and_places_are_names_even_when_frequent():
    assert ent.is_source_name("Ludwigsburg", "de")  # "Ludwigs-" is no common word; "Frei-burg" would be
    assert not ent.is_source_name("Berg", "de")  # the ending alone is a noun
    assert not ent.is_source_name("Hauptstadt", "de") and not ent.is_source_name("Anbringen", "de")
    src = "Am Freitag ist Günther Rühle im Alter von 97 Jahren gestorben."
    tgt = "Rühle died on Friday at the age of 97."  # the first name dropped
    diffs = ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(tgt, 0, len(tgt)), "de", source_text=src)
    assert [d.source.text for d in diffs if d.source] == ["Günther"]
    src = "Der Brand zerstörte am Montag das Haus."  # "Brand" (fire) is a first name too, but not before a name
    assert ent._people(ent.tokens(src, 0, len(src)), "de") == set()
    for src in ("Per Knopfdruck wählen Sie.", "Dann hat Mercedes Einspruch eingelegt."):  # sentence start; a noun after
        assert ent._people(ent.tokens(src, 0, len(src)), "de") == set()


def test_negation_found_approximately_is_reported_at_a_lower_severity():
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.findings import Severity
    from auditor.rules.engine import Engine

    settings = Settings()
    settings.select = ["SRC004"]
    engine = Engine(settings)
    # German negation words are exact: an added "not" is an error
    findings, _ = engine.check(Article(text="The government did not approve the plan.",
                                       source_text="Die Regierung hat den Plan gebilligt.", source_lang="de"))
    assert [(f.code, f.severity) for f in findings] == [("SRC004", Severity.ERROR)]
    # Chinese negation is found by character, and the shipped pack calls its cues
    # approximate: one English negation of a verb against none in the source is a clear
    # mismatch, reported at warning, not error
    findings, _ = engine.check(Article(text="The government did not approve the plan.",
                                       source_text="政府批准了这个计划。", source_lang="zh"))
    assert [(f.code, f.severity) for f in findings] == [("SRC004", Severity.WARNING)]
    # "no need" against no cue is likelier a rewording than an error: info
    findings, _ = engine.check(Article(text="There is no need to approve the plan.",
                                       source_text="政府批准了这个计划。", source_lang="zh"))
    assert [(f.code, f.severity) for f in findings] == [("SRC004", Severity.INFO)]


@pytest.mark.parametrize(
    "src, tgt, missing",
    [
        # a frequent word English shares is a name unless the sentence uses it as a noun
        ("Am Freitag hat Donald Trump wieder bei Twitter geschrieben.", "On Friday, Donald Trump wrote again.", ["Twitter"]),
        ("Der Brand zerstörte das Haus.", "The fire destroyed the house.", []),
        ("Diese E-Mail kam bisher nicht.", "This email has not arrived yet.", []),
        ("Er wohnt im ersten Stock.", "He lives on the first floor.", []),
    ],
)
def test_german_words_english_shares(src, tgt, missing):
    diffs = ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(tgt, 0, len(tgt)), "de", source_text=src)
    assert [d.source.text for d in diffs if d.source] == missing


# -- which pairs the embedding model sees (auditor.source.anchors) ----------------------


class _CountingEmbedder:
    """A stand-in for the model: a vector per text (the same for the same text), and a
    record of every text it was asked to embed."""

    name = "counting"

    def __init__(self):
        self.texts: list[str] = []

    def embed(self, texts, query=False):
        self.texts.extend(texts)
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, hash(t) % 8] = 1.0
        return out


@pytest.fixture
def counting():
    from auditor.source import _analyse
    from auditor.source.embed import reset_embedder, set_embedder

    embedder = _CountingEmbedder()
    set_embedder(embedder)
    _analyse.cache_clear()
    yield embedder
    reset_embedder()
    _analyse.cache_clear()


@pytest.mark.parametrize(
    "source, target, lang, expected",
    [
        # cognates and figures on both sides, lengths in proportion
        ("Il governo italiano ha approvato il decreto sulla scuola pubblica con 300 voti.",
         "The Italian government approved the public school decree with 300 votes.", "it", True),
        ("Die Polizei in Berlin meldete am Montag einen Brand im Zentrum der Stadt.",
         "Police in Berlin reported a fire in the city centre on Monday.", "de", True),
        # a close spelling counts: "Diözese"/"diocese", "Kontinent" shares nothing with "continent"'s start
        ("Der Mann arbeitet für die Diözese Nantes.", "The man works for the diocese of Nantes.", "de", True),
        # the translation of another sentence: nothing shared
        ("Il governo italiano ha approvato il decreto sulla scuola pubblica.",
         "The rainy season in Kyushu may end as early as Tuesday.", "it", False),
        # one shared name is not enough where the punctuation differs (a comma on one side) ...
        ("Welche Schritte muss ich bei Amazon danach machen?", "What steps, then, should I take with Amazon?", "de", False),
        # ... or the lengths are not close (`anchors._structure_enough`)
        ("Welche Schritte muss ich bei Amazon machen?", "What steps should I take next with Amazon and with its "
         "customer service?", "de", False),
        # with the same punctuation and close lengths, one shared word of any kind settles a 1-1 pair
        ("Welche Schritte muss ich bei Amazon danach machen?", "What steps should I take with Amazon next?", "de", True),
        # lengths out of proportion (part of the sentence dropped)
        ("Il governo italiano ha approvato il decreto sulla scuola pubblica e il nuovo bilancio dello Stato per il 2024.",
         "The Italian government approved.", "it", False),
    ],
)
def test_anchors_settle_only_pairs_with_shared_words(source, target, lang, expected):
    from auditor.source.anchors import settled

    assert settled([source], [target]) is expected


def test_anchors_need_every_sentence_of_a_merged_group():
    from auditor.source.anchors import settled

    first = "Il governo italiano ha approvato il decreto sulla scuola pubblica."
    second = "La riunione si è svolta in un clima teso."
    target = "The Italian government approved the public school decree."
    assert settled([first], [target])
    assert not settled([first, second], [target])  # the second sentence has no anchor in the target


def test_settled_pairs_are_not_embedded(counting):
    from auditor.source import analyse

    source = "Il governo italiano ha approvato il decreto sulla scuola pubblica con 300 voti."
    good = "The Italian government approved the public school decree with 300 votes."
    analysis = analyse(Article(text=good, source_text=source, source_lang="it"))
    assert analysis.method == "anchors" and counting.texts == []
    assert analysis.beads[0].settled and analysis.beads[0].similarity is None
    # an open pair is embedded, and only its own sentences
    bad = "The rainy season in Kyushu may end as early as Tuesday."
    analysis = analyse(Article(text=bad, source_text=source, source_lang="it"))
    assert analysis.method == "embeddings" and counting.texts == [source, bad]
    assert not analysis.beads[0].settled and analysis.beads[0].similarity is not None


def test_open_pairs_of_a_text_are_embedded_in_one_batch(counting):
    from auditor.source import analyse

    source = ("Il governo italiano ha approvato il decreto sulla scuola pubblica con 300 voti. "
              "Welche Schritte muss ich danach machen? "
              "Il ministro ha presentato il bilancio dello Stato per il 2024.")
    target = ("The Italian government approved the public school decree with 300 votes. "
              "What steps should I take next? "
              "The minister presented the State budget for 2024.")
    analysis = analyse(Article(text=target, source_text=source, source_lang="it"))
    assert [b.settled for b in analysis.beads] == [True, False, True]
    assert counting.texts == ["Welche Schritte muss ich danach machen?", "What steps should I take next?"]


def test_a_sentence_left_alone_by_the_lengths_embeds_the_whole_text(counting):
    from auditor.source import analyse

    source = ("Il governo ha approvato il decreto sulla scuola. "
              "La riunione si è svolta a Roma in un clima teso. "
              "Il testo passa ora al Senato per il voto finale.")
    target = "The government approved the school decree. The text now goes to the Senate for the final vote."
    analyse(Article(text=target, source_text=source, source_lang="it"))
    assert sorted(counting.texts) == sorted([*(s.slice(source) for s in split_source(source, "it")),
                                             *(s.slice(target) for s in split_source(target))])


def test_embeddings_all_embeds_every_pair(counting, monkeypatch):
    from auditor.source import analyse

    monkeypatch.setenv("AUDITOR_EMBEDDINGS", "all")
    source = "Il governo italiano ha approvato il decreto sulla scuola pubblica con 300 voti."
    good = "The Italian government approved the public school decree with 300 votes."
    analysis = analyse(Article(text=good, source_text=source, source_lang="it"))
    assert counting.texts == [source, good] and analysis.beads[0].similarity is not None


# -- source sentences: abbreviations of the source language (packs' [abbreviations]) -----


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Die Modelle wirken echt durch die Decals bzw. Abziehbilder. Das ist gut.", "de", 2),
        ("Das kostet z. B. ca. 50 Euro. Das ist gut.", "de", 2),
        ("Ich bzw. Frau Müller bekomme eine Mail. Danke.", "de", 2),
        ("В 2020 г. В Москве т. е. в столице было тепло. Всё.", "ru", 2),
        ("У 2021 р. Президент приїхав до м. Київ. Усе.", "uk", 2),
        ("Přišel tzv. Pražský výbor. Nic víc.", "cs", 2),
        ("M. Dupont est venu. Il a parlé.", "fr", 2),
        # without the language the splitter knows only English abbreviations
        ("Die Modelle wirken echt durch die Decals bzw. Abziehbilder. Das ist gut.", None, 3),
        # a short word that is no abbreviation still ends a sentence
        ("Das war es nicht mehr. Danach kam nichts.", "de", 2),
    ],
)
def test_source_abbreviations_end_no_sentence(text, lang, expected):
    assert len(split_source(text, lang)) == expected


# -- names: a place through its adjective ----------------------------------------------------


@pytest.mark.parametrize(
    "source, target",
    [
        ("Sie siegten beim Weltcup im estnischen Otepää.", "They won at the World Cup in Otepää, Estonia."),
        ("Er sprach im Bayerischen Fernsehen.", "He spoke on Bavarian Television."),
        ("Er sprach im Bayerischen Fernsehen.", "He spoke on Bavarian TV."),
    ],
)
def test_an_english_place_name_matches_the_source_adjective(source, target):
    src = ent.tokens(source, 0, len(source))
    tgt = ent.tokens(target, 0, len(target))
    diffs = ent.compare(src, tgt, "de", source_text=source)
    assert [d.target.text for d in diffs if d.target is not None] == []


def test_an_unrelated_place_is_still_added():
    source = "Sie siegten im langen Rennen in der kleinen Stadt im estnischen Otepää."
    target = "They won the long race in the small town of Otepää, Paraguay."
    diffs = ent.compare(ent.tokens(source, 0, len(source)), ent.tokens(target, 0, len(target)), "de", source_text=source)
    assert [d.target.text for d in diffs if d.target is not None] == ["Paraguay"]


# --- issue 13: causes of false alarms on good WMT22 translations (names and numbers);
# each fixture is a good pair that must stay quiet and a damaged one that must be flagged


def _number_diffs(src: str, lang: str, tgt: str) -> list:
    return compare(extract(src, lexicon(lang)), extract(tgt, lexicon("en")))


@pytest.mark.parametrize(
    "src, lang, good, damaged",
    [
        # digits glued to a Latin word are part of a product name that English copies or drops
        ("新しいA2シリーズの商品は3点です", "ja", "The new A2 series: 3 items", "The new A2 series: 4 items"),
        # "1万7000" is one number, 17,000
        ("約1万7000台が売れた", "ja", "About 17,000 were sold", "About 7,000 were sold"),
        # a year of a Japanese era
        ("令和3年に開業した", "ja", "It opened in 2021", "It opened in 2019"),
        # "2度" = twice
        ("学校に2度落ちた", "ja", "I failed school twice", "I failed school three times"),
        # a numeral of one character is a number only before a counter: "三江源" is a name
        ("三江源地区的两个项目", "zh", "two projects in the Sanjiangyuan region", "three projects in the Sanjiangyuan region"),
        # "几十" is approximate, "首月" an ordinal that must not take the digits' "1"
        ("几十到200元不等，首月1元", "zh", "from a few dozen to 200 yuan, 1 yuan for the first month",
         "from a few dozen to 300 yuan, 1 yuan for the first month"),
        # a list number written in characters
        ("(一)参加继续教育学习", "zh", "(1) Take part in continuing education", "(2) Take part in continuing education"),
        # a numeric date with dots is three numbers
        ("2021.6.11部分售出", "zh", "June 11, 2021, some were sold", "June 12, 2021, some were sold"),
        ("Die Frist endet am 15.3.2021 um Mitternacht.", "de", "The deadline ends on 15 March 2021 at midnight.",
         "The deadline ends on 15 May 2021 at midnight."),
        # "March" beside "to" is the month, not the verb
        ("每年的3至6月开花", "zh", "March to June each year it blossoms", "April to June each year it blossoms"),
        # Czech and Russian ordinals written as words
        ("Osmého prosince 1991 se rozpadl svaz.", "cs", "On 8 December 1991 the union broke up.",
         "On 9 December 1991 the union broke up."),
        ("Восьмого декабря 1991 года союз распался.", "ru", "On 8 December 1991 the union broke up.",
         "On 9 December 1991 the union broke up."),
        # a scale word alone is one of it
        ("Klub mu slíbil milion korun.", "cs", "The club promised him CZK 1 million.",
         "The club promised him CZK 2 million."),
        # digits glued to a Latin letter in a Latin-script source are a code, matched but never missing
        ("Das wäre zu viel für K1, sich um K2 zu kümmern, sagt sie seit 3 Jahren.", "de",
         "It would be too much for child 1 to look after child 2, she has said for 3 years.",
         "It would be too much for child 1 to look after child 2, she has said for 4 years."),
        # a score beyond 24 hours, a day and month with dots, a name with a number
        ("Sie lagen bereits 39:59 zurück.", "de", "They were already down 39:59.", "They were already down 39:49."),
        ("Ich wurde am 18.01. per Mail informiert.", "de", "I was told by email on 18/01.", "I was told by email on 19/01."),
        ("Er kämpft gegen eine Covid-19-Erkrankung seit 3 Wochen.", "de", "He has been fighting a Covid 19 infection for 3 weeks.",
         "He has been fighting a Covid 19 infection for 2 weeks."),
        # Czech: "Ve" is a preposition, not a Roman 5; ages built on a number; decades
        ("Ve skutečnosti mu bylo 30 let.", "cs", "In fact he was 30.", "In fact he was 31."),
        ("Zjistili, že sedmadvacetiletý muž spadl z okna.", "cs", "They found that the 27-year-old man fell from a window.",
         "They found that the 37-year-old man fell from a window."),
        ("Volby mohou ukončit dvanáctiletou vládu.", "cs", "The elections may end a 12-year rule.",
         "The elections may end a 14-year rule."),
        ("Od počátku devadesátých let populace klesla.", "cs", "Since the early 1990s the population has fallen.",
         "Since the early 1980s the population has fallen."),
        # "třikrát" = three times; "století" (a century) is no number built on "sto"
        ("Naučíš to třikrát, když přeskočíš 20. století.", "cs", "You learn it three times if you skip the 20th century.",
         "You learn it four times if you skip the 20th century."),
        # a disease's number is compared but never added
        ("Er wird täglich auf Covid-19 getestet.", "de", "He is tested daily for Covid-19.", "He is tested daily for Covid-22."),
        # a list number in parentheses is no gloss
        ("(1) Kdo způsobí nebezpečí, bude potrestán na šest měsíců.", "cs", "(1) Whoever causes a danger shall be punished for six months.",
         "(2) Whoever causes a danger shall be punished for six months."),
        # a figure converted in parentheses after it ("200 miles (320 km)") is a gloss too
        ("Die Schneise ist etwa 320 Kilometer lang.", "de", "The swath is about 200 miles (320 kilometres) long.",
         "The swath is about 200 miles long."),
        # a figure only the translation has, in parentheses, is a gloss; a changed one is not
        ("Die Schneise ist etwa 320 Kilometer lang.", "de", "The swath is about 320 kilometres (200 miles) long.",
         "The swath is about 330 kilometres (200 miles) long."),
        # a product code the translation glued together ("R17 98W" -> "R17.98W")
        ("Шина Nordo Zeta 225/50 R17 98W", "ru", "Nordo Zeta tyre 225/50 R17.98W", "Nordo Zeta tyre 225/50 R17.99W"),
        ("Матрас Dorma Flex S900 140х200.", "ru", "Mattress Dorma Flex S900.140x200.", "Mattress Dorma Flex S900.150x200."),
        # storeys counted above the ground floor: the American count is one more
        ("Das Internet ist im ersten Stock langsamer.", "de", "The internet is slower on the second floor.",
         "The internet is slower on the third floor."),
        ("Byt je ve 3. patře.", "cs", "The flat is on the 4th floor.", "The flat is on the 5th floor."),
        # a number in a name written in lower case ("поток-2" = "Stream-2")
        ("Газопровод «Северный поток-2» построен за 3 года.", "ru", "The Nord Stream-2 pipeline was built in 3 years.",
         "The Nord Stream-2 pipeline was built in 4 years."),
        ("Газопровод «Северный поток-2» построен за 3 года.", "ru", "The Nord Stream 2 pipeline was built in 3 years.",
         "The Nord Stream 2 pipeline was built in 4 years."),
        ("В топ-10 входит также Telegram, в топ-20 нет.", "ru", "Telegram is also in the Top 10, not in the top 20.",
         "Telegram is also in the Top 10, not in the top 30."),
        # a conversion in parentheses that the translation leaves out; changed, it is still found
        ("Zaplatil 1600 liber (v přepočtu necelých 50 tisíc korun) za auto.", "cs", "He paid £1,600 for the car.",
         "He paid £1,700 for the car."),
        ("Zaplatil 1600 liber (v přepočtu necelých 50 tisíc korun) za auto.", "cs",
         "He paid £1,600 (almost 50,000 crowns) for the car.", "He paid £1,600 (almost 60,000 crowns) for the car."),
    ],
)
def test_issue13_number_causes(src, lang, good, damaged):
    assert _number_diffs(src, lang, good) == []
    assert _number_diffs(src, lang, damaged) != []


def test_two_letter_roman_numerals_need_a_context():
    lv = extract("with the LV monogram all over it", lexicon("en"))
    assert lv == []  # "LV" is an acronym here, not 55
    assert [m.text for m in extract("after World War II ended", lexicon("en"))] == ["II"]
    assert [m.text for m in extract("im XV Jahrhundert", lexicon("de"))] == ["XV"]
    assert _number_diffs("unter Heinrich VIII. lebte er", "de", "he lived under Henry VII") != []
    # numerals without L or C count anywhere: "Anhang II" = "attachment II"
    assert _number_diffs("Artikel 31 und Anhang II", "de", "article 31 and attachment II") == []
    assert _number_diffs("Artikel 31 und Anhang II", "de", "article 31 and attachment III") != []


def _name_diffs(src: str, tgt: str, lang: str) -> list:
    return ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(tgt, 0, len(tgt)), lang, source_text=src)


@pytest.mark.parametrize(
    "src, lang, good, damaged",
    [
        # Czech names in another case than the translation's nominative
        ("Autobus jede přes Dubou do Nového Boru.", "cs", "The bus goes via Dubá to Nový Bor.",
         "The bus goes via Dubá to Liberec."),
        ("Trenér pochválil Horákovou.", "cs", "The coach praised Horáková.", "The coach praised Dvořáková."),
        # a people: the English word names the country's people, the source its own way
        ("Gegen die Abwehr der Däninnen kamen sie kaum an.", "de", "They could hardly get past the Danes' defence.",
         "They could hardly get past the Ruritanians' defence."),
        ("A zejména my Češi jsme na to zvyklí.", "cs", "And we Czechs especially are used to it.",
         "And we Ruritanians especially are used to it."),
        # "Rus" (a Russian) rendered by the adjective
        ("Sem už nikdy nevtrhne Rus ani Mongol.", "cs", "No Russian or Mongol will ever invade here again.",
         "No Mongol will ever invade here again."),
        # an English proper adjective in -ite with a lower-case source stem
        ("Je tady církev husitská.", "cs", "There is the Hussite church.", "There is the Lutheran church."),
        # a German compound whose second member has three letters, a misspelt common noun
        ("Der Verein hat zum Pfronten Fantag eingeladen.", "de", "The club invited fans to the Pfronten fan day.",
         "The club invited fans to the fan day."),
        ("Ich habe ein Artike bei Hakro zurückgegeben.", "de", "I returned an item to Hakro.",
         "I returned an item to the shop."),
        # Ukrainian names in the Ukrainian national transliteration, case forms of exonyms
        ("Ми вшановували їх у Києві, у Бабиному Яру.", "uk", "We commemorated them in Kyiv, in Babyn Yar.",
         "We commemorated them in Lviv, in Babyn Yar."),
        ("Чемпіон Йосип Зачепинський виграв.", "uk", "Champion Yosyp Zachepynskyi won.", "Champion Yosyp Kovalchuk won."),
        # Russian "кс" = x, "ф" = ph, initial "е" = ye, "ау" = ow
        ("Джастин Даунс говорит.", "ru", "Justin Downes says so.", "Justin Dawkins says so."),
        ("Есенин встретил Алексея и Софью.", "ru", "Yesenin met Alexey and Sophia.", "Mayakovsky met Alexey and Sophia."),
        # an acronym that begins a longer source word
        ("So redet halt ein afdler über Ausländer.", "de", "That is how somebody from the AfD talks about foreigners.",
         "That is how a Reichsbürger talks about foreigners."),
        # a Czech acronym through its English expansion
        ("Informoval mluvčí ZZS Jan Novák.", "cs", "Jan Novák, spokesman for the Emergency Medical Service, said so.",
         "Jan Novák, spokesman for the hospital, said so."),
        # an English word in capitals in Japanese copy is no name; an acronym's plural is none either
        ("最大50%OFF/WINTER SALE開催中", "ja", "Winter sale now on: save up to 50%",
         "Winter sale now on at Takashimaya: save up to 50%"),
        ("Они будут обслуживать турецкие БПЛА Bayraktar.", "ru", "They will maintain Turkish Bayraktar UAVs.",
         "They will maintain Turkish Akinci UAVs."),
        # initials of dimensions
        ("Размер поля (ДхШхВ) составляет 21х17х4 см у Зачепинского.", "ru",
         "The size of the field (LxWxH) is 21x17x4 cm at Zachepinsky's.", "The size of the field (LxWxH) is 21x17x4 cm."),
        # a surname after a first name, frequent in German but known to English too, is a name
        ("Fabian Rießle und Julian Schmid sprinteten aufs Podest.", "de",
         "Fabian Rießle and Julian Schmid sprinted to the podium.", "Fabian Rießle and Julian sprinted to the podium."),
        # a German acronym through its English expansion
        ("Bitte lesen Sie unsere AGB vor der Bestellung.", "de", "Please read our terms and conditions before ordering.",
         "Please read our notes before ordering."),
        # a German word after a determiner is a common noun, even when it is rare or English knows it
        ("Sie ist seit Herbst im Ref bei Hakro.", "de", "She has been a trainee teacher at Hakro since autumn.",
         "She has been a trainee teacher since autumn."),
        ("Der Akku im gängigen Mignon (AA) kommt von Varta.", "de", "The battery in the common AA format comes from Varta.",
         "The battery in the common AA format comes from Duracell."),
        # ... but not a word before a preposition, nor the first part of a compound whose head it determines
        ("Er wurde in einer in Versailles gebauten Kutsche gefahren.", "de", "He was driven in a carriage built in Versailles.",
         "He was driven in a carriage built in the city."),
        # an acronym after a colon is still a name
        ("Et il y a mieux : MTR, une société de Hong Kong, a gagné.", "fr", "And there is more: MTR, a Hong Kong company, won.",
         "And there is more: a Hong Kong company won."),
        ("Zu Beginn der Corona-Krise reagierte die BA schnell.", "de", "At the beginning of the Corona crisis the BA reacted quickly.",
         "At the beginning of the crisis the BA reacted quickly."),
        # a function word that some country uses as a first name does not make a person
        ("Das sagte Krzywinski: Eine Einigung wird schwer.", "de", "Krzywinski said: an agreement will be hard.",
         "Miller said: an agreement will be hard."),
        # a place inside a compound of the source ("Niederbayern" = "Lower Bavaria")
        ("Die Regierung von Oberbayern hat den Bau genehmigt.", "de", "The government of Upper Bavaria approved it.",
         "The government of Upper Franconia approved it."),
        # a common noun that English writes as a brand or a figure of custom; the pack only excuses it
        ("Die Tasche hat zwei Klettverschluss-Teiler.", "de", "The bag has two Velcro dividers.",
         "The bag has two Velcro dividers by Lindqvist."),
        # Ukrainian instrumental case and feminine adjective endings; "c" before e/i is s
        ("Я вчора з Колею і Вікою почала перекладати.", "uk", "Yesterday Kolya, Vika and I started translating.",
         "Yesterday Kolya, Tanaka and I started translating."),
        ("Заявила прем'єр Джасінда Ардерн.", "uk", "Premier Jacinda Ardern said.", "Premier Ardern said."),
        ("Вони багато років працювали у Новій газеті.", "uk", "For many years they worked at the newspaper Novaya Gazeta.",
         "For many years they worked at the newspaper Okafor Gazeta."),
        # an English plural in -iks whose source is a lower-case word of the same stem
        ("Тіла закатованих більшовиками лежали всюди.", "uk", "Bodies of people tortured by the Bolsheviks lay everywhere.",
         "Bodies of people tortured by the Lindqvists lay everywhere."),
        # a transliteration folds "крім" (except) and "Крим" (Crimea) together: only the pack's spelling is the exonym
        ("Ми їдемо до Києва, крім Олени.", "uk", "We are going to Kyiv, except for Olena.", "We are going, except for Olena."),
        # a hyphenated English word whose rare part the source has
        ("Бюстгальтер-балконет с мягкими чашками.", "ru", "Bra-balconette with soft cups.", "Bra-Lindqvist with soft cups."),
        # Czech regions and places under their English names, inflected
        ("Říká se „okurka“ v Čechách a „okurek“ na Moravě.", "cs", "It is “okurka” in Bohemia and “okurek” in Moravia.",
         "It is “okurka” in Dagestan and “okurek” in Moravia."),
        ("Válka v Čečensku skončila a hrál za Plzeň.", "cs", "The war in Chechnya ended and he played for Pilsen.",
         "The war in Dagestan ended and he played for Pilsen."),
        ("S betlémským světlem jeli do Brna.", "cs", "With the Bethlehem light they went to Brno.",
         "With the Nazareth light they went to Brno."),
        ("Měli jsme spolužáka Cigána.", "cs", "We had a gypsy classmate.", "We had a classmate."),
        # a headline phrase in capitals is no acronym; an acronym alone still is
        ("FOTO: Jan Novák a Eva Malá: ZASE SPOLU!", "cs", "PHOTO: Jan Novák and Eva Malá: TOGETHER AGAIN!",
         "PHOTO: Jan Novák: TOGETHER AGAIN!"),
        ("Volby vyhrálo hnutí ANO před ODS.", "cs", "The elections were won by ANO ahead of the ODS.",
         "The elections were won by the movement ahead of the ODS."),
        # the first word of a quoted title in Russian is capitalised as such; a name in
        # Latin letters there is still one
        ('Набор для вышивания "Пернатые звезды" Nordo 27.', "ru", "Feathered Stars embroidery kit Nordo 27.",
         "Feathered Stars embroidery kit 27."),
        ('Шина "Pirelli" Scorpion для зимы.', "ru", "Pirelli Scorpion tyre for winter.", "Scorpion tyre for winter."),
        # an English title word derived from a dictionary word is no name
        ('Фильм "Разжимая кулаки" получил награду.', "ru", 'The film "Unclenching the Fists" received an award.',
         'The film "Unclenching the Okafor" received an award.'),
        # a place through a Slavic adjective in -sk-; a Chinese name through Palladius and pinyin
        ("Встреча стран Шанхайской организации прошла в Чжучжоу.", "ru", "The Shanghai Organisation met in Zhuzhou.",
         "The Organisation met in Zhuzhou."),
        ("Гонка Гран-при Абу-Даби закончилась.", "ru", "The Abu Dhabi Grand Prix race is over.", "The Abu Doha Grand Prix race is over."),
        # a common word that English writes as a name (the pack's key in lower case only excuses it)
        ('Речь шла о газопроводе "Северный поток".', "ru", "They talked about the Nord Stream gas pipeline.",
         "They talked about the Lindqvist gas pipeline."),
        # a short name ending the text is no abbreviation
        ("Бюджетные варианты есть в Mango и Zara.", "ru", "Budget options are at Mango and Zara.",
         "Budget options are at Mango and."),
        # a name written as its acronym on the other side, either way
        ("Читатели The Wall Street Journal раскритиковали статью.", "ru", "WSJ readers criticized the article.",
         "Readers criticized the article."),
        ("Ми бачили ракети (50 кілометрів від кордону – УП).", "uk",
         "We saw missiles (50 kilometers from the border – Ukrainska Pravda).",
         "We saw missiles (50 kilometers from the border – Ukrainska Lindqvist)."),
        # a short exonym whose case ending changes its fourth letter
        ("Я читала Біблію і Тору.", "uk", "I read the Bible and the Torah.", "I read the Bible and the Vedas."),
        # a region through its Czech adjective (the pack's lower-case keys); a code with a Czech ending
        ("Provoz je omezen na desítce středočeských tratí do Mochova.", "cs", "Ten lines in Central Bohemia to Mochov are restricted.",
         "Ten lines in Central Dagestan to Mochov are restricted."),
        ("Může vyhrát nějaký tradiční V4kový šílenec.", "cs", "Some traditional V4 lunatic might win.",
         "Some traditional lunatic might win."),
        # an English word with "'s" is no elided article ("do's" is not "d'" + "o's")
        ("Marah hat ihre Do's und Nimbus-Tipps.", "de", "Marah has her do's and Nimbus tips.", "Marah has her tips."),
        # a Czech sentence may open with a name that English uses about as often
        ("Scholz podle agentury ujistil Varšavu.", "cs", "According to the agency, Scholz reassured Warsaw.",
         "According to the agency, he reassured Warsaw."),
    ],
)
def test_issue13_name_causes(src, lang, good, damaged):
    assert _name_diffs(src, good, lang) == []
    assert _name_diffs(src, damaged, lang) != []


def test_a_first_name_written_as_an_initial():
    src = "Zpívá v Divadle Josefa Kajetána Tyla v Plzni."
    good, damaged = "He sings at the J. K. Tyl Theatre in Pilsen.", "He sings at the Tyl Theatre in Pilsen."
    src_toks = ent.tokens(src, 0, len(src))
    assert ent.compare(src_toks, ent.tokens(good, 0, len(good)), "cs", source_text=src, target_text=good) == []
    assert ent.compare(src_toks, ent.tokens(damaged, 0, len(damaged)), "cs", source_text=src, target_text=damaged) != []


def test_english_weekdays_are_no_added_names():
    src, tgt = "Ходити по понеділках чи краще в середу?", "Is it better to come on Mondays or Wednesdays?"
    assert _name_diffs(src, tgt, "uk") == []
    assert _name_diffs(src, "Is it better to come on Mondays with Zelenskyy?", "uk") != []


# issue 13, German names missed on real pairs (the sentences are made up)
@pytest.mark.parametrize(
    "word, expected",
    [
        # a surname is no compound of a rare syllable and a common word ("Kal|bitz", "Gey|witz")
        ("Geywitz", True), ("Zabwitz", True), ("Tarnowitz", True),
        # a place's genitive is the place, not a form of a common word ("Ludwigsburg|s")
        ("Ludwigsburgs", True), ("Wolfsburgs", True),
        # compounds whose first member is a verb's stem, a prefixed one, an abstract noun or
        # itself a compound stay common nouns
        ("Abholzeit", False), ("Umspannwerk", False), ("Verschraubungsteile", False),
        ("Mängelhaftungsfristen", False), ("Stornierung", False), ("Kenntlichmachung", False),
        ("Obszönitätsgrenze", False),  # a Latin noun before a linking "s"
        ("Zinsforderungen", False), ("Innenmanschetten", False),
    ],
)
def test_german_compounds_and_surnames(word, expected):
    assert ent.is_source_name(word, "de") is expected


def test_a_name_does_not_match_an_english_word_with_a_few_of_its_consonants():
    assert not ent.similar("strokowski", "strike")  # "strksk" / "strk"
    assert ent.similar("khemiltona", "hamilton") and ent.similar("trumpa", "trump")
    src = "Nach dem Streik trat Strokowski zurück."
    tgt = "After the strike, he resigned."
    diffs = ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(tgt, 0, len(tgt)), "de", source_text=src)
    assert [d.source.text for d in diffs if d.source] == ["Strokowski"]
    good = "After the strike, Strokowski resigned."
    assert ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(good, 0, len(good)), "de", source_text=src) == []


def test_a_word_the_source_has_is_no_embedding_counterpart_of_a_dropped_name():
    src = "Der Tesla-Gründer Musk war selbst an Bord."
    tgt = "The Tesla founder was on board himself."

    def embed(words):  # "Musk" and "Tesla" as near as a word model puts them
        out = np.zeros((len(words), 2))
        for k, w in enumerate(words):
            out[k] = (1.0, 0.0) if w in ("Musk", "Tesla") else (0.0, 1.0)
        return out

    diffs = ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(tgt, 0, len(tgt)), "de", source_text=src, embed=embed)
    assert [d.source.text for d in diffs if d.source] == ["Musk"]
    good = "Tesla founder Musk was on board himself."
    assert ent.compare(ent.tokens(src, 0, len(src)), ent.tokens(good, 0, len(good)), "de", source_text=src, embed=embed) == []


def test_german_surnames_that_are_fairly_frequent_words_after_a_first_name():
    for src, people in (("Gestern sprach Karl Lauterbach im Bundestag.", {"Karl", "Lauterbach"}),
                        ("Dort traf sie Anna Hoffmann.", {"Anna", "Hoffmann"}),
                        ("Dann hat Mercedes Einspruch eingelegt.", set())):
        toks = ent.tokens(src, 0, len(src))
        assert {t.text for t in toks if t.start in ent._people(toks, "de")} == people


def test_a_czech_sentence_may_open_with_a_first_name_and_surname():
    src = "Emmanuel Dufresne včera přiletěl do Brna."
    toks = ent.tokens(src, 0, len(src))
    assert {t.text for t in toks if t.start in ent._people(toks, "cs")} == {"Emmanuel", "Dufresne"}
    tgt = "Dufresne flew to Brno yesterday."  # the first name dropped
    diffs = ent.compare(toks, ent.tokens(tgt, 0, len(tgt)), "cs", source_text=src)
    assert [d.source.text for d in diffs if d.source] == ["Emmanuel"]
    good = "Emmanuel Dufresne flew to Brno yesterday."
    assert ent.compare(toks, ent.tokens(good, 0, len(good)), "cs", source_text=src) == []

