"""Source negation cues of Czech, Chinese and Japanese (SRC004, issue 13): hand-written
sentences, one per fix; each case failed before the fix it names."""

from __future__ import annotations

import pytest

from auditor.source import negation as neg
from auditor.findings import Severity
from auditor.source.lexicon import lexicon


def _cues(text: str, lang: str) -> list[str]:
    return [c.text for c in neg.cues(text, lexicon(lang))]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # Czech: a ne- word whose beginning was a lexicalised word's ("nech-" of "nechat" = to let)
        ("Ministr nechce odstoupit.", "cs", ["nechce"]),
        ("Studenti nechápou zadání.", "cs", ["nechápou"]),
        ("Nechal dveře otevřené.", "cs", []),  # "nechal" = he left (them open): no negation
        ("Nebojí se ničeho.", "cs", ["Nebojí"]),  # not "nebo" (= or), which it starts with
        ("Chceš čaj nebo kávu?", "cs", []),
        # "nej-" starts superlatives ("nejméně" = at least) and negations ("nejsou" = are not)
        ("Přišlo nejméně sto lidí a nejlepší z nich zůstali.", "cs", []),
        ("Lidé nejsou doma a nejde to.", "cs", ["nejsou", "nejde"]),
        # negative concord over a whole clause: one negation, even seven words apart
        ("Nikdo z obyvatel té malé vesnice tehdy nepřišel.", "cs", ["nepřišel"]),
        ("Nikdo nepřišel, nikdo nevolal.", "cs", ["nepřišel", "nevolal"]),
        # "nikoli" = "not"
        ("Zákon bude změněn, nikoli zrušen.", "cs", ["nikoli"]),
        # a rare form of a common verb ("vkročil" = he stepped in)
        ("Do domu nikdy nevkročil.", "cs", ["nevkročil"]),
        # two negations that cancel: "neobejdou se bez" = "cannot do without" = "need"
        ("Lyžaři se neobejdou bez sněhu.", "cs", []),
        # lexicalised: "neurčitě" = vaguely; a capitalised ne- word in mid-sentence is a name
        ("Odpověděla neurčitě.", "cs", []),
        ("Tu báseň napsal Neruda.", "cs", []),
        # Chinese: "不到" before or after a number is "less than"; "找不到" = cannot find
        ("15 分钟不到就到了。", "zh", []),
        ("不到一半的人来了。", "zh", []),
        ("我找不到他。", "zh", ["不"]),
        # "并非" (= is not) counts; "毫无" in "not without reason" is the second negation
        ("这并非毫无道理。", "zh", ["非", "无"]),
        # lexicalised: "look down on", "from time to time", "all without exception", "not bad"
        ("他看不起别人。", "zh", []),
        ("她时不时看看手机。", "zh", []),
        ("这些发明无不实用。", "zh", []),
        ("味道不错。", "zh", []),
        # Japanese: a question that asserts, a polite request, "only", "for now"
        ("形容として適格ではないかと思います。", "ja", []),
        ("日本のルールで話してもらえませんか。", "ja", []),
        # "ませんから" = "because ... not" is a negation, not the polite request "ませんか"
        ("会費はかかりませんから、ぜひ来てください。", "ja", ["ません"]),
        ("目標の27%にすぎない。", "ja", []),
        ("とりあえず書いてみます。", "ja", []),
        ("今日は行かない。", "ja", ["ない"]),
        # colloquial "わからん" = "don't understand"
        ("意味わからんやん", "ja", ["わからん"]),
        # lexicalised: "not a few" = many; a deity's name; "early morning"
        ("そう思う人は少なくない。", "ja", []),
        ("不動明王を祀る。", "ja", []),
        ("未明に地震があった。", "ja", []),
        # "なし" = "no", "without", but "向かうところ敵なし" = "invincible"
        ("意味なしだ。", "ja", ["なし"]),
        ("向かうところ敵なしだ。", "ja", []),
        # the prohibitive な ("don't"), but not "だろうな" (= "I suppose")
        ("「芸人を舐めるな」と言う。", "ja", ["な"]),
        ("そうだろうな。", "ja", []),
        # "どうにもならない" = "nothing can be done" counts; "しなければならない" = "must" does not
        ("どうにもならない。", "ja", ["ない"]),
        ("書かなければならない。", "ja", []),
        # English: the particle of a romanised Japanese title is no "no"
        ("The Kimetsu no Yaiba pizza pack is on sale.", "en", []),
        ("There is no pizza on sale.", "en", ["no"]),
    ],
)
def test_source_negation_cues(text, lang, expected):
    assert _cues(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang, soft",
    [
        ("Chyběl jen málo.", "cs", ["Chyběl"]),  # "he didn't miss much"
        ("Lyžaři se neobejdou bez sněhu.", "cs", ["neobejdou", "bez"]),  # "cannot do without snow"
        ("Netvrdim, že to tak maj všichni.", "cs", ["Netvrdim"]),  # colloquial "netvrdím" = "I don't claim"
        ("这个问题很难理解。", "zh", ["很难"]),  # "cannot understand"
        ("約40万軒が停電している。", "ja", ["停電"]),  # "without power"
    ],
)
def test_source_words_that_negate_in_their_meaning(text, lang, soft):
    assert [c.text for c in neg.source_soft_cues(text, lexicon(lang))] == soft


def test_a_rhetorical_question_excuses_a_negation_only_in_a_question():
    text, lex = "小学生の話を聞くのと同じではないでしょうか", lexicon("ja")  # "isn't it like ...?"
    assert [c.text for c in neg.source_soft_cues(text, lex, question_in_target=True)] == ["ではないでしょうか"]
    assert neg.source_soft_cues(text, lex) == []  # "it would not be like ...": a negation of its own


def test_english_words_that_render_a_lost_negation():
    # "kterého jsem netrefil" = "whom I missed"; "没什么用" = "useless"
    assert {c.text for c in neg.soft_cues("He missed the bus and it was useless.")} >= {"missed", "useless"}
    # "Dlouho tu nepršelo" = "it's been a long time since it rained"; a date's "since" is no negation
    assert [c.text for c in neg.soft_cues("It's been a long time since it rained here.")] == ["since"]
    assert neg.soft_cues("Since 2010 it rained here.") == []


def _src004(source: str, lang: str, text: str) -> list:
    from auditor.config import Settings
    from auditor.document import Article
    from auditor.rules.engine import Engine

    settings = Settings()
    settings.select = ["SRC004"]
    findings, _ = Engine(settings).check(Article(text=text, source_text=source, source_lang=lang))
    return [f.severity for f in findings]


@pytest.mark.parametrize(
    "source, lang, text, expected",
    [
        # one negation against none: a clear mismatch, reported at warning
        ("Vláda ten plán schválila.", "cs", "The government did not approve the plan.", ["warning"]),
        ("Vláda ten plán neschválila.", "cs", "The government approved the plan.", ["warning"]),
        ("政府批准了这个计划。", "zh", "The government did not approve the plan.", ["warning"]),
        ("政府没有批准这个计划。", "zh", "The government approved the plan.", ["warning"]),
        ("政府はその計画を承認した。", "ja", "The government did not approve the plan.", ["warning"]),
        ("政府はその計画を承認しなかった。", "ja", "The government approved the plan.", ["warning"]),
        # two against one: a rewording is likelier, a hint only
        ("Vláda ten plán neschválila, ministr nepřišel.", "cs", "The government did not approve the plan, the minister came.",
         ["info"]),
        ("他没有来，也不想去。", "zh", "He did not come, he wants to go.", ["info"]),
        # an English "no" against none: a rewording ("it is better to be sparing with changes")
        ("Se změnami je lépe šetřit.", "cs", "There is no need for changes.", ["info"]),
        # the same negations on both sides: nothing
        ("Vláda ten plán neschválila.", "cs", "The government did not approve the plan.", []),
        ("政府没有批准这个计划。", "zh", "The government did not approve the plan.", []),
        # German cues are exact: any mismatch is an error, as before
        ("Die Regierung hat den Plan gebilligt.", "de", "The government did not approve the plan.", ["error"]),
    ],
)
def test_clear_mismatches_of_approximate_sources_are_warnings(source, lang, text, expected, monkeypatch):
    # the shipped cs/zh/ja packs call their cues a hint (test below); "approximate" is what a
    # pack sets once its cues are precise enough, and its severity rule is tested here
    import dataclasses

    from auditor.source import lexicon as lexmod

    real = lexmod.lexicon

    def approximate(code):
        lex = real(code)
        return dataclasses.replace(lex, negation_reliability="approximate") if code in ("cs", "zh", "ja") else lex

    monkeypatch.setattr(lexmod, "lexicon", approximate)
    assert [s.value for s in _src004(source, lang, text)] == expected


@pytest.mark.parametrize("lang", ["cs", "zh", "ja"])
def test_shipped_cs_zh_ja_cues_are_approximate(lang):
    # with weak cues no clear loss, warnings for clear mismatches stay within the 0.05 false-alarm
    # target on 400 even-numbered WMT22 segments per output (they were "hint", info only, before)
    assert lexicon(lang).negation_reliability == "approximate"
    assert lexicon("de").negation_reliability == "exact"


@pytest.mark.parametrize(
    "source, lang, text, expected",
    [
        # a weak cue lost is a hint: English renders "nekvalitní" as "poor", "不屑" as "disdain"
        ("Ten výrobek je nekvalitní.", "cs", "The product is poor.", ["info"]),
        ("他对这个计划颇为不屑。", "zh", "He disdained the plan.", ["info"]),
        ("安全対策が不十分だ。", "ja", "Safety measures are poor.", ["info"]),
        # a firm one lost is still a warning; one firm and one weak against none is two against none (info)
        ("Ten výrobek nefunguje.", "cs", "The product works.", ["warning"]),
        ("他不能来。", "zh", "He can come.", ["warning"]),
        ("今日は学校に行かない。", "ja", "I go to school today.", ["warning"]),
        # words that may carry the negation English writes with "not": nothing
        ("Neuvěříte, co se stalo.", "cs", "You won't believe what happened.", []),
        ("我们是不是应该认真思考一下？", "zh", "Shouldn't we think about it seriously?", []),
        ("価格は税別です。", "ja", "Tax is not included in the price.", []),
        # English renderings of a lost negation: "few", "has yet to"
        ("Obce nemají příliš možností.", "cs", "The towns have few options.", []),
        ("彼はまだ修行をしていない。", "ja", "He has yet to train.", []),
    ],
)
def test_weak_and_soft_cues_in_shipped_packs(source, lang, text, expected):
    assert [s.value for s in _src004(source, lang, text)] == expected


def test_a_pack_that_calls_its_cues_a_hint_gets_info_only(monkeypatch):
    import dataclasses

    from auditor.source import lexicon as lexmod

    real = lexmod.lexicon

    def hinted(lang):
        lex = real(lang)
        return dataclasses.replace(lex, negation_reliability="hint") if lang == "zh" else lex

    monkeypatch.setattr(lexmod, "lexicon", hinted)
    assert [s.value for s in _src004("政府批准了这个计划。", "zh", "The government did not approve the plan.")] == ["info"]


def _weak(text: str, lang: str) -> list[tuple[str, bool]]:
    return [(c.text, c.weak) for c in neg.cues(text, lexicon(lang))]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # Czech: a ne- adjective, adverb or noun is a weak cue (English says "poor", "badly", "inequality") ...
        ("Bůh vás nepěkně potrestá.", "cs", [("nepěkně", True)]),
        ("Ten výrobek je nekvalitní.", "cs", [("nekvalitní", True)]),
        ("Byla to neobvyklá věc.", "cs", [("neobvyklá", True)]),
        ("Roste nerovnost.", "cs", [("nerovnost", True)]),
        # ... a verb is not, though it shares the ending ("změnil", "zajímal" are words)
        ("To nezmění nic.", "cs", [("nezmění", False)]),
        ("Nezajímá ho to.", "cs", [("Nezajímá", False)]),
        ("Nemá to smysl a není to levné.", "cs", [("Nemá", False), ("není", False)]),
        # Chinese: outside the verbal negators a cue is weak ("disdain", "innocent"), inside "而不是" too
        ("他对这个计划颇为不屑。", "zh", [("不", True)]),
        ("士兵打死了无辜的村民。", "zh", [("无", True)]),
        ("我们要有自己的风格，而不是千篇一律。", "zh", [("不", True)]),
        ("他不能来。", "zh", [("不", False)]),
        ("政府没有批准这个计划。", "zh", [("没", False)]),
        # Japanese: the prefixes and "のない" (= "-less") are weak, a verb's ending is not
        ("安全対策が不十分だ。", "ja", [("不", True)]),
        ("袖のないシャツを買った。", "ja", [("ない", True)]),
        ("今日は学校に行かない。", "ja", [("ない", False)]),
    ],
)
def test_weak_cues(text, lang, expected):
    assert _weak(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # Czech: a question opening with a negated verb is asked as often without one ("Will they play harder?");
        # "ne ... teprve" says "only" ("it has only been three weeks"); "nebojím se odhadu" = "I'd estimate"
        ("Nebudou teď hrát ještě tvrději?", "cs", []),
        ("Papírově nejsou svoji ale teprve dva týdny.", "cs", []),
        ("Nebojím se odhadu kolem tisíce lidí.", "cs", []),
        ("Nebudou teď hrát.", "cs", ["Nebudou"]),
        # Chinese: "没的说" = "beyond words" (excellent)
        ("这家店的服务没的说。", "zh", []),
        # Japanese: "しか ... ない" = "only" in every form; "あっけなく" = "easily", "無理なく" = "comfortably"
        ("今は青いのしか無いはずです。", "ja", []),
        ("彼らは基本の稽古しかしていません。", "ja", []),
        ("橋があっけなく壊れた。", "ja", []),
        ("無理なく生活できる。", "ja", []),
        # English hedges and litotes: "if I'm not mistaken" (= "tuším"), "why not", "not bad", "..., or not?"
        ("The model is similar, if I'm not mistaken.", "en", []),
        ("Why not put a statue of Putin there?", "en", []),
        ("The food was not bad overall.", "en", []),
        ("Tell me if I can do it or not!", "en", []),
        ("The food was not good.", "en", ["not"]),
    ],
)
def test_idioms_with_no_polarity(text, lang, expected):
    assert _cues(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang, soft",
    [
        # a ne- word whose rest is a rare form ("uvěříte", "sklonné"): perhaps a negation, never counted
        ("Neuvěříte, co se stalo.", "cs", ["Neuvěříte"]),
        ("Slovo zůstalo nesklonné.", "cs", ["nesklonné"]),
        # ... but not a name ("Naples", "Netanyahu")
        ("Neapol vedla a premiér Netanjahu odešel.", "cs", []),
        ("U výzkumů se to často opomíjí.", "cs", ["opomíjí"]),  # "they don't take it into account"
        ("我问 15 分钟不到可以取消吗", "zh", ["不到"]),  # "if it didn't arrive in 15 minutes"
        ("税別のやつでいいや", "ja", ["税別"]),  # "tax not included"
    ],
)
def test_more_source_words_that_may_render_a_negation(text, lang, soft):
    assert [c.text for c in neg.source_soft_cues(text, lexicon(lang))] == soft


def test_more_english_words_that_render_a_lost_negation():
    # "nemají příliš možností" = "have few options"; "aby nechytla amok" = "keep her from having a fit";
    # "ještě netrénoval" = "has yet to train", "with zero training"
    text = "They have few options, little power and zero training; keep her from having a fit; he has yet to train."
    assert [c.text for c in neg.soft_cues(text)] == ["few", "little", "zero", "from", "yet"]


def test_a_negation_in_a_neighbouring_sentence_left_without_partner():
    # the alignment leaves "Forget it, I do not know." without a source sentence (SRC006 says so):
    # its "not" is the source's "不", no lost negation
    source = "算了我也不知道，数据说从0加速到100公里只需要2.9秒。"
    text = "Forget it, I do not know. The data says that it only takes 2.9 seconds to accelerate from 0 to 100 km/h."
    assert _src004(source, "zh", text) == []
    assert _src004(source, "zh", text.replace("I do not know", "I know")) == [Severity.WARNING]
