"""Typography rules (TYP): fixture cases per code, flagged and clean, plus the seed.

Flagged cases mark every expected span with ⟦ ⟧; the test strips the markers, runs the
one rule and compares the exact spans, then applies the findings' replacements and
compares the fixed text (None: the rule offers no fix).
"""

from __future__ import annotations

import functools

import pytest

from auditor.config import Settings
from auditor.document import Article
from auditor.findings import Applicability, Severity
from auditor.rules.base import RuleContext, all_rules
from auditor.rules.engine import Engine


def parse(marked: str) -> tuple[str, list[tuple[int, int]]]:
    text, spans, pos = "", [], 0
    while True:
        open_at = marked.find("⟦", pos)
        if open_at < 0:
            return text + marked[pos:], spans
        close_at = marked.index("⟧", open_at)
        text += marked[pos:open_at]
        start = len(text)
        text += marked[open_at + 1 : close_at]
        spans.append((start, len(text)))
        pos = close_at + 1


def run(code: str, text: str):
    rule = all_rules()[code]()
    return list(rule.check(Article(text=text), RuleContext()))


def apply_fixes(text: str, findings) -> str:
    edits = sorted({(r.start, r.end, r.content) for f in findings for r in f.replacements}, reverse=True)
    for start, end, content in edits:
        text = text[:start] + content + text[end:]
    return text


FLAGGED = [
    # TYP001 glued words
    ("TYP001", "a preventive ⟦attackbecause⟧ with a simple retaliation",
     "a preventive attack because with a simple retaliation"),
    ("TYP001", "the policy ⟦wasannounced⟧ on Monday", "the policy was announced on Monday"),
    ("TYP001", "the ⟦informationand⟧ the data", "the information and the data"),
    ("TYP001", "most ⟦ofthe⟧ people", "most of the people"),
    ("TYP001", "an ⟦efficientoperation⟧ of the plant", "an efficient operation of the plant"),
    # TYP002 missing space
    ("TYP002", "It was war⟦.⟧The army left.", "It was war. The army left."),
    ("TYP002", "the unholy “Putin-Kim union⟦”⟧represents a threat", "the unholy “Putin-Kim union” represents a threat"),
    ("TYP002", "they sent missiles⟦,⟧which flew", "they sent missiles, which flew"),
    ("TYP002", "he said⟦“⟧We will win”", "he said “We will win”"),
    ("TYP002", "a report (by the agency⟦)⟧reported it", "a report (by the agency) reported it"),
    ("TYP002", "the agency (KCNA⟦)⟧reported", "the agency (KCNA) reported"),
    # TYP003 space before punctuation
    ("TYP003", "support to Ukraine⟦ ,⟧ announced", "support to Ukraine, announced"),
    ("TYP003", "contaminated pet food⟦ .⟧", "contaminated pet food."),
    ("TYP003", "a rise of 20⟦ %⟧ in a year", "a rise of 20% in a year"),
    ("TYP003", "What now⟦ ?⟧ Nobody knows.", "What now? Nobody knows."),
    # TYP004 split contraction
    ("TYP004", "I do⟦ n't⟧ know", "I don't know"),
    ("TYP004", "Moscow⟦ 's⟧ plans and they⟦ ’re⟧ here", "Moscow's plans and they’re here"),
    # TYP005 space inside delimiters
    ("TYP005", "spectroscopy (⟦ ⟧FTIR⟦ ⟧) revealed", "spectroscopy (FTIR) revealed"),
    ("TYP005", 'France "⟦ ⟧soon⟦ ⟧" would have', 'France "soon" would have'),
    ("TYP005", "he called it “⟦ ⟧soon⟦ ⟧” and left", "he called it “soon” and left"),
    # TYP006 doubled punctuation
    ("TYP006", "insects⟦,,⟧ rodents", "insects, rodents"),
    ("TYP006", "the U.S⟦..⟧ The rest", "the U.S. The rest"),
    ("TYP006", "the end⟦. .⟧ Next", "the end. Next"),
    ("TYP006", "he said⟦,.⟧ Then", "he said. Then"),
    ("TYP006", "Really⟦?.⟧ Yes.", "Really? Yes."),
    ("TYP006", "two feet⟦..⟧unfortunately they are narrow", "two feet. unfortunately they are narrow"),
    # TYP007 stray punctuation
    ("TYP007", "melamine⟦~⟧ were found", "melamine were found"),
    ("TYP007", "revealed that the⟦^⟧ composition", "revealed that the composition"),
    ("TYP007", "more organic⟦-⟧ foods", "more organic foods"),
    ("TYP007", "revealed that the⟦,⟧ composition", "revealed that the composition"),
    ("TYP007", "by France and⟦.⟧ Italy.", "by France and Italy."),
    ("TYP007", "I wonder if you⟦'⟧ realize it", "I wonder if you realize it"),
    ("TYP007", "more than⟦!⟧ ten people", "more than ten people"),
    # TYP022 spaced compound hyphen
    ("TYP022", "a well⟦ - ⟧known medium⟦ - ⟧sized firm", "a well-known medium-sized firm"),
    ("TYP022", "a 19⟦ - ⟧year⟦ - ⟧old man", "a 19-year-old man"),
    ("TYP022", "in mid⟦ - ⟧September", "in mid-September"),
    ("TYP022", "a plant⟦ - ⟧based diet", "a plant-based diet"),
    # TYP023 space after a currency symbol
    ("TYP023", "a fine of ⟦$ ⟧700 and ⟦€\u00a0⟧5", "a fine of $700 and €5"),
    # TYP024 decimal comma
    ("TYP024", "inflation is ⟦9,9⟧ % and ⟦4,8⟧ million tourists came", "inflation is 9.9 % and 4.8 million tourists came"),
    ("TYP024", "the meat costs ⟦189,00⟧ CZK and a coffee €⟦2,50⟧", "the meat costs 189.00 CZK and a coffee €2.50"),
    ("TYP024", "the lives of ⟦5.000⟧ soldiers, a town of ⟦249.432⟧ inhabitants and ⟦2.000.000⟧ in all",
     "the lives of 5,000 soldiers, a town of 249,432 inhabitants and 2,000,000 in all"),
    # TYP008 inverted clitic
    ("TYP008", "“We will respond,” ⟦said-he⟧.", "“We will respond,” he said."),
    ("TYP008", "But ⟦does-it⟧ matter?", "But does it matter?"),
    # TYP009 quote direction
    ("TYP009", "“arms support to Ukraine⟦“⟧, announced the adviser", "“arms support to Ukraine”, announced the adviser"),
    ("TYP009", "he said ⟦”⟧We will go” and left", "he said “We will go” and left"),
    ("TYP009", "the ‘new⟦‘⟧ plan", "the ‘new’ plan"),
    # TYP010 unbalanced quotes
    ("TYP010", "They call it illegal under international norms⟦”⟧, thus targeting the US.", None),
    ("TYP010", "Cha noted that “the unholy ⟦“⟧Putin-Kim union” represents a threat.”", None),
    ("TYP010", "He said ⟦“⟧we will go. Then he left.\n\nThe end.", None),
    ("TYP010", 'He said ⟦"⟧we will go. Then he left.', None),
    # an earlier quotation pairs up, so the text does not start inside one
    ("TYP010", "“Yes,” he said.\nThe bridge will open in May,⟦”⟧ she said.", None),
    # a mark added after a comma, with no attribution after it (DEMETR's punctuation addition)
    ("TYP010", 'Other prizes went to the best actor, the best director,⟦"⟧ the best score.', None),
    # "stated that": reported speech, so the mark does not end a quotation
    ("TYP010", 'In an interview for the paper,⟦"⟧ the mayor stated that the bridge would open.', None),
    # TYP011 mixed quote styles: one finding, on the first mark of the rarer style
    ("TYP011", 'He said “yes” and then ⟦"⟧no" and “maybe”.', None),
    ("TYP011", '“We stayed for the children,⟦"⟧ the mayor said.', None),  # opened curly, closed straight
    ("TYP011", '“We stayed. We fought,⟦"⟧ the mayor said.', None),  # the same across two sentences
    # TYP012 foreign quotation marks
    ("TYP012", "the so-called ⟦«⟧special operation⟦»⟧ began", "the so-called “special operation” began"),
    ("TYP012", "the so-called ⟦« ⟧special operation⟦ »⟧ began", "the so-called “special operation” began"),
    ("TYP012", "he said ⟦„⟧Wir schaffen das“ then", "he said “Wir schaffen das“ then"),
    ("TYP012", "the ⟦»⟧Smart Stone⟦«⟧ luminaire", "the “Smart Stone” luminaire"),
    # TYP013 doubled word
    ("TYP013", "died after eating contaminated pet ⟦food food⟧.", "died after eating contaminated pet food."),
    ("TYP013", "We saw ⟦the the⟧ plan.", "We saw the plan."),
    ("TYP013", "The ⟦Minister Minister⟧ said so.", "The Minister said so."),
    ("TYP013", "⟦The the⟧ plan failed.", "The plan failed."),
    ("TYP013", "contaminated pet ⟦food food food food⟧.", "contaminated pet food."),
    ("TYP013", "the National Parks (⟦SANParks) (SANParks⟧).", "the National Parks (SANParks)."),
    ("TYP013", "he will run for president in ⟦2016 2016⟧.", "he will run for president in 2016."),
    ("TYP013", "the past as ⟦well well⟧.", "the past as well."),
    # TYP014 lower-case sentence start
    ("TYP014", "The first part ended. ⟦the⟧ second part began in Rome.", "The first part ended. The second part began in Rome."),
    ("TYP014", "⟦cyanuric⟧ acid was found in Paris.", "Cyanuric acid was found in Paris."),
    # a lower-case line start that does not read as a chat message is still a sentence start
    ("TYP014", "The order was checked.\n⟦the⟧ parcel left Berlin on Monday.", "The order was checked.\nThe parcel left Berlin on Monday."),
    # TYP015 lower-case sentence
    ("TYP015", "⟦cyanuric acid and melamine were both found in pet food.⟧",
     "Cyanuric acid and melamine were both found in pet food."),
    # a paragraph with no capital at all was lower-cased by a pipeline, chat or not
    ("TYP015", "⟦we sold the house in the spring.⟧\n⟦did you see the new owners?⟧",
     "We sold the house in the spring.\nDid you see the new owners?"),
    # a bare "!" inside a sentence: the words after it still read as a sentence in lower case
    ("TYP015", "It was more than! ⟦ten people were in the room.⟧", "It was more than! Ten people were in the room."),
    ("TYP015", "It rained. ⟦then the river rose and the town flooded.⟧",
     "It rained. Then the river rose and the town flooded."),
    # TYP016 lower-case pronoun I
    ("TYP016", "⟦i⟧ don't know if ⟦i⟧'m right", "I don't know if I'm right"),
    # TYP017 all-caps word
    ("TYP017", "the meeting with the ⟦PRESIDENT⟧ of the region", "the meeting with the president of the region"),
    # TYP018 broken paragraph
    ("TYP018", "Yesterday the president of ⟦the\n\n\nregion⟧ said no.", "Yesterday the president of the region said no."),
    # TYP019 mojibake
    ("TYP019", "Putin⟦â€™⟧s plans", "Putin’s plans"),
    ("TYP019", "the city of Forl⟦Ã¬⟧ and perch⟦Ã©⟧", "the city of Forlì and perché"),
    # TYP020 replacement character
    ("TYP020", "the mayor of Bras⟦\ufffd⟧lia", None),
    # TYP021 HTML entity
    ("TYP021", "AT⟦&amp;⟧T said Putin⟦&#8217;⟧s plan", "AT&T said Putin’s plan"),
    ("TYP021", "a⟦&nbsp;⟧b", "a\u00a0b"),
]


@pytest.mark.parametrize("code,marked,fixed", FLAGGED, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(FLAGGED)])
def test_flagged(code, marked, fixed):
    text, spans = parse(marked)
    findings = run(code, text)
    assert sorted((f.start, f.end) for f in findings) == spans, [f.text for f in findings]
    assert all(f.code == code and f.text == text[f.start : f.end] for f in findings)
    if fixed is None:
        assert not any(f.replacements for f in findings)
    else:
        assert apply_fixes(text, findings) == fixed


CLEAN = [
    ("TYP001", "counterterrorism, antiwar protests, the statewide lockdown and superspreader events"),
    ("TYP001", "#climatestrike trends; write to newsdesk@examplesite.org or visit www.examplesite.com"),
    ("TYP001", "Kimberleyjones met Jonathanwilliams"),  # capitalised: names are not split
    ("TYP001", "a supportability review and the pricelist of a soundmaster"),
    ("TYP001", "to atone and forgo, a checkin and a lookup; an investor, the preventor"),
    ("TYP002", "GDP grew 3.5 per cent by 10.30 am; the U.S. economy, e.g. the banks, did well."),
    ("TYP002", "Visit example.com/News or Amazon.com; (s)he said the word(s) mattered; 1,000,000 people."),
    ("TYP002", "Tokyo marathon (TOKYO MX) - Yahoo!News"),
    ("TYP003", "Wait . . . what? He said :) and left ... then came back. The score was 2 : 1."),
    ("TYP003", "The .NET framework and .com domains"),
    ("TYP004", "rock 'n' roll, don't, the '90s and the 's' shape"),
    ("TYP005", "(FTIR) and \"soon\" and “later” and he smiled :-) ok )"),
    ("TYP005", 'a 12" screen and "quoted" text'),
    ("TYP005", "a “monumental loss“ for all"),  # a wrong-way mark: TYP009's business
    ("TYP006", "Wait... what?! He left etc., and the U.S., Inc., a.m., std::vector; . . . end"),
    ("TYP007", "pre- and post-war talks, first- or second-hand, the students' union, Jeopardy! host"),
    ("TYP007", "mail me at x@example.com, rock 'n' roll, the 'new' plan, “Why?” he asked."),
    ("TYP007", "Russia could supply North Korea with ‘high-precision weapons’, i.e. missiles."),
    ("TYP007", "the snake_case_name variable and Fidesz' leaders and Marx' ideas"),
    ("TYP022", "the plan - which failed - was dropped; Buffalo - Pittsburgh; Europe - news"),
    ("TYP022", "vaccination appeals - based on the German model; cars - made in Germany - sold well"),
    ("TYP022", "Good day - I am here; medium - from the war; aged 0 - 14; a business - like that"),
    ("TYP023", "prices in $ and € rose; US$5"),
    ("TYP024", "in games 1,2 and 3; 1,500 people; 1,50,000 rupees; 12,345 km; 3.5 %; 4, 5 and 6 km; 2,1 to win"),
    ("TYP024", "clothes for her daughters (8, 10,12 years old)"),
    ("TYP024", "imports of USD 2.429 billion; pi is 3.142 and the ratio 0.125; version 1.2.3; see www.site.com/1.000"),
    ("TYP008", "a know-it-all, a do-it-yourself kit, a must-see show, a drive-in, a has-been"),
    ("TYP009", "“We will go,” he said. Rock’n’roll in the ’90s: ‘high-precision weapons’."),
    ("TYP010", "“The first paragraph of the quote.\n\n“The second paragraph,” he said."),
    ("TYP010", "“He called it ‘a sign’ of weakness,” she said. “Yes.” “No.”"),
    ("TYP010", 'He is 5\'11" tall. "Yes," she said. "No," he said.'),
    ("TYP011", "He said “yes” and “no”; it’s fine and don’t worry."),
    # styles change between sentences or lines (several hands), never inside one
    ("TYP011", "“We will not,” he said. \"It is over.\"\nThe mayor’s office agreed.\nIt's done."),
    ("TYP011", "I hadn’t planned it, but we didn't mind."),  # apostrophes are not compared
    # the edges of an excerpt: a quotation opened before the text, one closed after it
    ("TYP010", "and that is why we stayed,” the mayor told reporters.\nThe council met later."),
    ("TYP010", "we never gave up.\"\nThe council met later."),
    ("TYP010", "The council met later.\nThe mayor said: “We will rebuild the bridge."),
    ("TYP010", "The council met later.\n\"Nobody expected the flood."),
    # a quotation opened in one style and closed in the other pairs up (TYP011 notes it)
    ("TYP010", "“We stayed for the children,\" the mayor said. \"Then we left.”"),
    ("TYP010", "„We will stay,“ the mayor said."),
    ("TYP010", "See Smith, J.,“ The Rivers of Malta”, The Herald, 1990."),  # a spaced opening mark
    ("TYP010", "We open the new road from the northern section, ”announced the transport minister."),
    ("TYP010", 'I hope that the new bridge will hold", the engineer said in an interview.'),
    ("TYP012", "Home » News » World and a price of 5 € per item"),
    ("TYP012", "Home » News\n\nand then « nothing"),
    ("TYP013", "He said that that was fine. She had had enough. Bye bye, Walla Walla."),
    ("TYP013", "pianist Lang Lang played; Kundalini energy (energy of enlightenment) rose."),
    ("TYP013", "Will will go. I think Will will go. Yes. Yes. Ha ha ha. 1 000 000 people and 100 100."),
    ("TYP014", "iPhone sales rose. e.g. the plan, “Why?” he asked. Wait... then it rained."),
    ("TYP014", "- item one\n\na) first option\n\nThe U.S. economy grew. It rose at 10 a.m. on Monday."),
    ("TYP014", "It ended. dpa"),
    ("TYP014", "Two points:\n1. the budget grows\n2. taxes fall"),
    ("TYP015", "Cyanuric acid and melamine were found. ok then."),
    # a dialogue tag after a quoted question, a clause after a dash
    ("TYP015", '"Will you come back to see us next year?" asked one of the young fans.'),
    ("TYP015", "Half her life - half her life! - has been spent indoors."),
    ("TYP015", "I look forward to the trip (tomorrow!) the most because it is the last one."),
    ("TYP015", "We still have hope… that the war will not last long."),
    ("TYP014", "The driver won the race in Monaco on Sunday. dpa\nThe next race is in May."),
    ("TYP014", "[rice] Meal: the dishes this time were a little cold."),
    # chat messages typed in lower case, one per line
    ("TYP014", "Thanks for the quick answer.\nyes both addresses are right\nwe had another address before, but I changed it."),
    ("TYP015", "We checked the order again.\nwhen will you send the parcel?\nplease send me the tracking number."),
    ("TYP014", "We sold skates, sticks, helmets etc. and gloves."),
    ("TYP015", "I tried to talk to it softly, etc.\nbut the dog kept barking all night."),  # a segment cut after "etc."
    ("TYP016", "part i of the series, (i) first, i.e. the point, pi is 3.14"),
    ("TYP017", "WASHINGTON — The president met NATO allies and UNESCO officials."),
    ("TYP017", "BREAKING NEWS: a fire. THE PRESIDENT SAID NO.\n\nThe OMEGA watch and the OMEGA band."),
    ("TYP018", "Title Case Headline\n\nThe story begins.\n\n- item one\n\n- item two"),
    ("TYP018", "He left the\n\nRegion today."),
    ("TYP019", "café” and naïve, à la carte in Zürich, São Paulo, Kraków"),
    ("TYP021", "AT&T, R&D; costs, Q&A and &foo; and a & b"),
]


@pytest.mark.parametrize("code,text", CLEAN, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CLEAN)])
def test_clean(code, text):
    assert [f.text for f in run(code, text)] == []


def test_every_rule_has_cases_and_metadata():
    rules = {c: r for c, r in all_rules().items() if c.startswith("TYP")}
    assert len(rules) == 24
    covered = {c for c, _, _ in FLAGGED}
    assert covered == set(rules)
    for code, rule in rules.items():
        assert rule.family == "typography"
        assert rule.fixable in ("safe", "unsafe", "display", "none")


def test_applicability_and_severity():
    (safe_double,) = run("TYP013", "We saw the the plan.")
    assert safe_double.replacements[0].applicability is Applicability.SAFE
    assert safe_double.severity is Severity.ERROR
    (content_double,) = run("TYP013", "pet food food is")  # mid-clause: a judgement
    assert content_double.replacements[0].applicability is Applicability.UNSAFE
    assert content_double.severity is Severity.WARNING
    (quadruple,) = run("TYP013", "pet food food food food.")
    assert quadruple.severity is Severity.ERROR
    (glued,) = run("TYP001", "an attackbecause of it")
    assert glued.replacements[0].applicability is Applicability.UNSAFE
    (mojibake,) = run("TYP019", "Putinâ€™s")
    assert mojibake.severity is Severity.ERROR and mojibake.replacements[0].applicability is Applicability.SAFE
    (lower,) = run("TYP015", "cyanuric acid and melamine were found.")
    assert lower.replacements[0].applicability is Applicability.UNSAFE
    assert run("TYP014", "cyanuric acid and melamine were found.") == []  # TYP015 reports it


def test_mixed_quote_styles_one_finding_per_article():
    findings = run("TYP011", 'A “b” "c" "d" ’e’ don\'t it’s and "f".')
    assert len(findings) == 1
    assert "apostrophes" not in findings[0].evidence  # ' and ’ mix in careful human text too
    assert findings[0].evidence["quotation marks"] == {"straight": 6, "curly": 2}


def test_seed_article(seed_dir):
    text = (seed_dir / "article.txt").read_text("utf-8")
    findings, errors = Engine(Settings(select=["TYP"])).check(Article(text=text))
    assert errors == []

    def flagged(quote: str, code: str | None = None) -> bool:
        start = text.index(quote)
        end = start + len(quote)
        return any(f.start < end and start < f.end and (code is None or f.code == code) for f in findings)

    # core items
    assert flagged("attackbecause", "TYP001")
    assert flagged("“Putin-Kim union”represents", "TYP002")
    assert flagged("Ukraine“, announced", "TYP009")
    # stretch items
    assert flagged("the unholy “Putin-Kim union”represents", "TYP010")
    assert flagged("international norms”, thus", "TYP010")
    # and nothing else: the rest of the seed's typography is clean
    assert len(findings) == 5, [(f.code, f.text) for f in findings]


CLEAN_NEWS = """Parliament approves budget – Europe

ROME — The Italian parliament on Tuesday approved the 2025 budget, which includes \
1 000 000 euros for schools, 3.5 billion for pensions and a cut of 0.5 percentage points \
in income tax. The vote came at 10.30 p.m. after a long debate.

“We have kept our promises,” said Dr. Maria Rossi, the economy minister. “As my \
predecessor put it, ‘a budget is a moral document’, and this one is fair.”

The opposition was not convinced. 'It is a budget of half measures,' said Sen. John \
O'Neill, who called the reform “too little, too late”... Was it a victory?! Hardly.

Key points of the law:

- a tax credit for families with children;
- e.g. new rules for start-ups (see www.mef.gov.it/budget or write to press@mef.gov.it);
- i.e. more money for the U.S.-Italy research programme.

The debate trended under #Budget2025 on X, where @ItalyFinance posted updates. The \
minister's spokesman said: "The numbers speak for themselves." Mr. Rossi's deputy, \
St. John, added that the plan "works", and that the EU's approval is expected \
in the spring."""


def test_clean_news_passage_has_no_typography_findings():
    findings, errors = Engine(Settings(select=["TYP"])).check(Article(text=CLEAN_NEWS))
    assert errors == []
    # the passage uses 4 straight and 6 curly double quotation marks, but never both in
    # one sentence: a change of style between quotations is house style, not a seam
    assert [(f.code, f.start) for f in findings] == []


def test_robust_on_noise():
    """Random punctuation soup: no rule crashes, every span and fix lies inside the text."""
    import random

    rng = random.Random(7)
    alphabet = list("abcdeABCDE  \n\n.,;:!?\"'“”‘’«»„()[]-–—…%&#@~^_/\\0123456789ÃÂâ€™\ufffd") + [
        "&amp;", "the", " the the ", "i ", "said-he", "attackbecause", "U.S.", "e.g.", "http://x.io/a",
    ]
    engine = Engine(Settings(select=["TYP"]))
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        findings, errors = engine.check(Article(text=text))
        assert errors == []
        for f in findings:
            assert 0 <= f.start <= f.end <= len(text)
            for r in f.replacements:
                assert 0 <= r.start <= r.end <= len(text)


def test_doubled_mark_glued_to_a_word_is_unsafe() -> None:
    # "feet..unfortunately" may be a clipped ellipsis: the fix adds a space and needs --unsafe-fixes
    text = "The beam rests on two feet..unfortunately they are narrow."
    (finding,) = run("TYP006", text)
    (rep,) = finding.replacements
    assert (text[rep.start:rep.end], rep.content, rep.applicability.value) == ("..", ". ", "unsafe")


@pytest.mark.parametrize("text,doubled,applicability", [
    ("died after eating contaminated pet food food.", "food food", "safe"),
    ("the duty is free free, he said", "free free", "safe"),
    ("hard work for life life is very tiring", "life life", "unsafe"),  # may be "for life, life is"
    ("the Minister Minister said so.", "Minister Minister", "unsafe"),
    ("contaminated pet food food food.", "food food food", "unsafe"),
    ("we saw the the plan", "the the", "safe"),
    ("it was a so so result.", None, None),  # allowed doubling
    ("I felt it was just so so.", "so so", "unsafe"),  # "so-so" at the end: flagged, but never deleted blindly
])
def test_doubled_word_fix_safety(text, doubled, applicability) -> None:
    if doubled is None:
        assert run("TYP013", text) == []
        return
    (finding,) = run("TYP013", text)
    assert finding.text == doubled
    assert finding.replacements[0].applicability.value == applicability


def _default_fixes(code: str, text: str) -> list:
    """(replacement, applicability) of each fix rule ``code`` proposes on ``text``."""
    settings = Settings()
    settings.select = [code]
    return [(r.content, r.applicability) for f in Engine(settings).check(Article(text=text))[0] for r in f.replacements]


def _default_applicability(code: str, text: str) -> list:
    """The applicability of each fix rule ``code`` proposes on ``text``."""
    return [applicability for _, applicability in _default_fixes(code, text)]


def test_stray_symbol_deletion_never_joins_two_sentences() -> None:
    """Chat English ends sentences with "~" (WMT22 zh-en references: "I'll cancel it~ I've
    waited"); deleting it by default joined them. A symbol before punctuation or a line end
    is still a safe deletion; a tilde before a word or any symbol before a capital is not."""
    applicability = functools.partial(_default_applicability, "TYP007")

    assert applicability("I will cancel it~ I have waited for a long time.") == [Applicability.UNSAFE]
    assert applicability("We met before makeup~ the photographer placed the props.") == [Applicability.UNSAFE]
    assert applicability("The samples held melamine^ Both were recalled.") == [Applicability.UNSAFE]
    assert applicability("We bought the milk^, the eggs and the bread.") == [Applicability.SAFE]
    assert applicability("I really like the photos~\nThey came quickly.") == [Applicability.SAFE]


def test_misplaced_opening_quote_is_not_mirrored_by_default() -> None:
    """“ glued to the word before it and followed by a ” on its line opens that quotation
    with its space on the wrong side (a WMT22 zh-en reference: 'the“ water-fish-bird”
    ecological chain'); turning it into ” by default made 'the” water-fish-bird”'."""
    fixes = functools.partial(_default_fixes, "TYP009")

    assert fixes("It keeps the“ water-fish-bird” ecological chain safe.") == [("”", Applicability.UNSAFE)]
    # a wrong-way closing mark with no ” after it is still mirrored safely
    assert fixes("Arms for Ukraine“, announced the minister.") == [("”", Applicability.SAFE)]
    assert fixes("“We worry,“ she said. “We hope.”") == [("”", Applicability.SAFE)]


def test_double_stop_before_a_lower_case_word_is_not_cut_by_default() -> None:
    """'makes trouble.. then I do not care' is a clipped ellipsis; the default fix made it
    'makes trouble. then', a sentence opening in lower case (seen in WMT22 references)."""
    fixes = functools.partial(_default_fixes, "TYP006")

    assert fixes("He makes trouble.. then I do not care at all.") == [(".", Applicability.UNSAFE)]
    assert fixes("The car had been assigned to him.. The police knew.") == [(".", Applicability.SAFE)]
    assert fixes("The car had been assigned to him..") == [(".", Applicability.SAFE)]


def test_spaced_dash_pair_and_free_heads_are_not_closed_up_by_default() -> None:
    """WMT22 ru-en/uk-en outputs: the default fix made "life-1925 - was" and
    "diagnosis-alcoholism - was" (a pair of dashes read as a compound chain) and
    "ill-runny nose" (a head that is also a word, before a dash)."""
    fixes = functools.partial(_default_applicability, "TYP022")

    assert fixes("The last year of his life - 1925 - was fruitful.") == []
    assert fixes("If such a diagnosis - alcoholism - was made, he would stay.") == []
    assert fixes("Oleg fell ill - runny nose and cough.") == [Applicability.UNSAFE]
    assert fixes("A 19 - year - old student won.") == [Applicability.SAFE, Applicability.SAFE]
    assert fixes("The mid - September vote and a long - term plan.") == [Applicability.SAFE, Applicability.SAFE]
