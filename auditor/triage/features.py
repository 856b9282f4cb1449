"""Per-article features for the triage models (docs/triage.md).

Everything here is one pass over the text with precompiled regexes plus one pass over the
findings, so it adds little to the rules (the throughput target of `auditor check` is
50,000 words/s on one core).

* `article_features`: the named features of the MT-risk model (findings by family,
  severity and confidence; English function-word rates; punctuation, sentence length and
  vocabulary profile; source-language traces summed over languages).
* `language_traces`: per candidate source language, the same few evidence features
  (findings that point to it, by family; its function words and its letters in the
  text); the translated-from model weighs them with one weight vector shared by every
  language, so a language without training data (Portuguese) is still scored.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter, truediv
from typing import Iterable, Mapping, Sequence

from auditor.triage.ngrams import WORD, SplitText, split_text

#: the rule families (code prefixes) whose findings are counted separately
FAMILIES = ("RES", "TYP", "CAL", "GRM", "GEN", "UNT", "FLU", "SRC")
SEVERITIES = ("error", "warning", "info")

#: English function words whose rates profile the text (translated English overuses some
#: and underuses others: fewer contractions and pronouns, more "of", "which", "also" ...)
FUNCTION_WORDS = tuple("""
the a an of to in on at by for from with about into over after before between under during
through against without within among since until upon across toward towards
and or but nor so yet also however therefore thus moreover furthermore although though
while whereas because if unless whether than then as
that which who whom whose what where when why how
this these those such same other another each every all both either neither some any
no not only even just still already very more most much many few less least
is are was were be been being has have had do does did will would shall should can could
may might must
it its he him his she her they them their we us our you your i me my one there here
""".split())
_FW_FEATURES = tuple(f"fw:{w}" for w in FUNCTION_WORDS)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=8)
def _vocab_names(vocab: tuple[str, ...]) -> dict[str, str]:
    return {w: f"w:{w}" for w in vocab}

# Counted per word (``punct:<name>``); each is written to be found fast (a literal or an
# apostrophe first, not a class tried at every position of the text), and counts the
# same matches as the plain form in its comment (tests/test_triage.py checks them):
#: ``n't|'(re|ve|ll|d|m)`` after a letter, any case
_CONTRACTION = re.compile(r"['’](?:(?<=[^\W\d_][nN]['’])[tT]\b|(?<=[^\W\d_]['’])(?:[rR][eE]|[vV][eE]|[lL][lL]|[dD]|[mM])\b)")
_POSSESSIVE = re.compile(r"['’](?<=[^\W\d_]['’])s\b")
#: punctuation and character classes counted per word
_COUNTED = {"comma": (",",), "semicolon": (";",), "paren": ("(", "["), "dquote": ('"', "“", "”", "«", "»", "„"),
            "question": ("?",), "exclam": ("!",)}
_COLON = re.compile(r":(?!\d)")
_SQUOTE = re.compile(r"['‘’](?:(?<![^\W\d_]['‘’])|(?![^\W\d_]))")
#: ``\s[-–—]\s|—|–``: every en or em dash once, and hyphens between spaces
_DASH = re.compile(r"\s[-–—]\s|—|–")
_SPACED_HYPHEN = re.compile(r"-(?<=\s-)(?=\s)")
_HYPHEN = re.compile(r"-(?<=[^\W\d_]-)(?=[^\W\d_])")
#: ``\d+``: one match per run of digits, found at its last digit
_DIGIT_RUN_END = re.compile(r"\d(?!\d)")
#: ``%|\bper ?cent\b``: the percent signs are counted apart
_PER_CENT = re.compile(r"per(?<=\bper) ?cent\b")


def _dashes(text: str) -> int:
    # without a spaced hyphen, the matches of `_DASH` are exactly the en and em dashes
    if _SPACED_HYPHEN.search(text):
        return len(_DASH.findall(text))
    return text.count("—") + text.count("–")


#: name -> count of that punctuation in a text
_PUNCT = {
    "colon": lambda text: len(_COLON.findall(text)),
    "squote": lambda text: len(_SQUOTE.findall(text)),
    "dash": _dashes,
    "hyphen": lambda text: len(_HYPHEN.findall(text)),
    "digit": lambda text: len(_DIGIT_RUN_END.findall(text)),
    "percent": lambda text: text.count("%") + len(_PER_CENT.findall(text)),
}

#: letters that point to a source language when they appear in the English text (in
#: names left in their own spelling, untranslated words, mojibake-free quotes)
LETTERS: dict[str, str] = {
    "it": "àèìòù",
    "es": "ñáíóú¿¡",
    "fr": "çéèêëàâîïôûœ",
    "de": "äöüß",
    "pt": "ãõçáéíóúâêôà",
    "cs": "ěščřžýůťďňá",
    "pl": "ąęłńśźżó",
    "nl": "ĳëï",
    "ro": "ăâîșțşţ",
    "et": "õäöüšž",
}


@lru_cache(maxsize=1)
def _pack_words() -> dict[str, frozenset[str]]:
    """Per source language, its function words from the packs that are not English words
    (``die``, ``a``, ``de`` and ``la`` are dropped: they occur in English and in names)."""
    from auditor.packs import load_pack, source_languages

    english = set(FUNCTION_WORDS) | {"die", "de", "la", "le", "a", "i", "o", "e", "u", "y", "en", "al", "den", "am",
                                     "an", "ob", "in", "van", "von", "da", "du", "do", "di", "se", "na", "v", "z",
                                     "s", "ze", "ve", "pod", "con", "per", "son", "sale", "dal", "est", "et", "em"}
    out: dict[str, frozenset[str]] = {}
    for lang in source_languages():
        pack = load_pack(lang, "function_words")
        if not pack:
            continue
        words = pack.get("words", {})
        found = set(words.get("standalone", [])) | set(words.get("conjunctions", []))
        out[lang] = frozenset(w.lower() for w in found if w.lower() not in english)
    return out


def candidate_languages() -> tuple[str, ...]:
    """Languages the translated-from guess can name without a finding pointing to them."""
    from auditor.packs import source_languages

    return tuple(sorted(set(source_languages()) | set(LETTERS)))


def _family(code: str) -> str:
    fam = code[:3].upper()
    return fam if fam in FAMILIES else "OTHER"


def _severity(finding) -> str:
    return str(getattr(finding.severity, "value", finding.severity)).lower()


def _finding_langs(finding) -> list[str]:
    if not finding.source_lang:
        return []
    return [x.strip() for x in finding.source_lang.split(",") if x.strip()]


def _tokens(text: str) -> list[str]:
    return WORD.findall(text)


def _mattr(lower: Sequence[str], window: int = 50) -> float:
    """Moving-average type/token ratio over windows of ``window`` tokens (stepping by half a
    window, so it stays cheap); the plain ratio for shorter texts."""
    if not lower:
        return 0.0
    if len(lower) <= window:
        return len(set(lower)) / len(lower)
    step = window // 2
    ratios = [len(set(lower[i : i + window])) / window for i in range(0, len(lower) - window + 1, step)]
    return sum(ratios) / len(ratios)


def _log_rate(count: float, per: float) -> float:
    return math.log1p(100.0 * count / per)


def article_features(text: str, findings: Iterable, words: int | None = None,
                     vocab: Sequence[str] = ()) -> dict[str, float]:
    """The named features of one article (see the module docstring); ``vocab``: further
    words (lower case) whose rates become features ``w:<word>`` (the model names them); they
    are sparse: a word that does not occur has no entry (its rate is 0)."""
    return article_evidence(text, findings, words, vocab)[0]


def article_evidence(text: str, findings: Iterable, words: int | None = None,
                     vocab: Sequence[str] = (), split: SplitText | None = None,
                     ) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """`article_features` and `language_traces` of one article from one tokenisation (the
    features summarise the traces, so an article's traces are computed once); ``split``:
    `split_text` of the text, when already made (the n-gram vector reads it too)."""
    findings = list(findings)
    sentences, sentence_words = split if split is not None else split_text(text)
    tokens = [t for toks, _ in sentence_words for t in toks]
    n_tok = max(len(tokens), 1)
    words = words if words is not None else len(text.split())
    per = float(max(words, 50))
    feats: dict[str, float] = {}

    # -- findings ------------------------------------------------------------------------
    fam_w: Counter = Counter()
    fam_n: Counter = Counter()
    sev_w: Counter = Counter()
    lang_votes = 0.0
    max_conf = 0.0
    for f in findings:
        fam = _family(f.code)
        fam_w[fam] += f.confidence
        fam_n[fam] += 1
        sev_w[_severity(f)] += f.confidence
        if _finding_langs(f):
            lang_votes += f.confidence
        max_conf = max(max_conf, f.confidence)
    for fam in FAMILIES:
        feats[f"find:{fam}"] = _log_rate(fam_w[fam], per)
        feats[f"has:{fam}"] = 1.0 if fam_n[fam] else 0.0
    for sev in SEVERITIES:
        feats[f"sev:{sev}"] = _log_rate(sev_w[sev], per)
    feats["find:all"] = _log_rate(sum(fam_w.values()), per)
    feats["find:any"] = 1.0 if findings else 0.0
    feats["find:max_conf"] = max_conf
    feats["find:lang_votes"] = _log_rate(lang_votes, per)

    # -- function words ------------------------------------------------------------------
    lower = [w for _, low in sentence_words for w in low]
    counts = Counter(lower)
    fw_counts = list(map(counts.get, FUNCTION_WORDS, repeat(0)))
    feats.update(zip(_FW_FEATURES, map(math.sqrt, map(truediv, fw_counts, repeat(n_tok)))))
    feats["fw:share"] = sum(fw_counts) / n_tok
    if vocab:
        # sparse: the words of the vocabulary that occur, in the text's order
        names = _vocab_names(tuple(vocab))
        known = list(map(names.__contains__, counts))
        feats.update(zip(map(names.__getitem__, compress(counts, known)),
                         map(math.sqrt, map(truediv, compress(counts.values(), known), repeat(n_tok)))))

    # -- punctuation and characters ------------------------------------------------------
    for name, chars in _COUNTED.items():
        feats[f"punct:{name}"] = math.sqrt(sum(text.count(ch) for ch in chars) / n_tok)
    for name, count in _PUNCT.items():
        feats[f"punct:{name}"] = math.sqrt(count(text) / n_tok)
    feats["punct:contraction"] = math.sqrt(len(_CONTRACTION.findall(text)) / n_tok)
    feats["punct:possessive"] = math.sqrt(len(_POSSESSIVE.findall(text)) / n_tok)

    # -- sentences and vocabulary --------------------------------------------------------
    lengths = [len(s.split()) for s in sentences if s.strip()]
    if not lengths:
        lengths = [0]
    mean = sum(lengths) / len(lengths)
    var = sum((x - mean) ** 2 for x in lengths) / len(lengths)
    feats["sent:mean_len"] = math.log1p(mean)
    feats["sent:cv_len"] = math.sqrt(var) / mean if mean else 0.0
    feats["sent:max_len"] = math.log1p(max(lengths))
    feats["sent:count"] = math.log1p(len(lengths))
    feats["vocab:mattr"] = _mattr(lower)
    token_lengths = list(map(len, tokens))
    feats["vocab:word_len"] = sum(token_lengths) / n_tok
    feats["vocab:long_words"] = sum(map((9).__le__, token_lengths)) / n_tok
    feats["vocab:capitalised"] = sum(map(str.isupper, map(itemgetter(0), tokens))) / n_tok
    # upper-case tokens of two letters or more
    feats["vocab:allcaps"] = sum(map(str.isupper, compress(tokens, map((2).__le__, token_lengths)))) / n_tok
    once = list(counts.values()).count(1)
    feats["vocab:hapax"] = once / max(len(counts), 1)

    # -- source-language traces (summed over languages) -------------------------------
    traces = language_traces(text, findings, words, counts=counts, tokens=tokens)
    feats["trace:fw"] = max((t["fw"] for t in traces.values()), default=0.0)
    feats["trace:letters"] = max((t["letters"] for t in traces.values()), default=0.0)
    feats["trace:votes"] = max((t["votes"] for t in traces.values()), default=0.0)
    return feats, traces


#: the evidence features of one language, in the order of the shared weight vector
TRACE_FEATURES = ("votes", "cal", "unt", "grm", "res", "only", "fw", "letters", "pack", "names")

#: name morphology of the languages whose news this tool audits: capitalised words (names,
#: places) with endings or letter groups typical of one language and rare in English names
#: (lower-cased; Italian also counts words ending in a stressed vowel: città, Falcomatà)
_NAME_PATTERNS = {
    "it": re.compile(r"cch|zz|ggi|gli[aeo]|(?:ucci|etti|elli|ini)$"),
    "es": re.compile(r"ñ|[^u]ez$"),
    "fr": re.compile(r"(?:eau|eaux|oux|ault|ois|ière)$"),
    "pt": re.compile(r"ão|ões|nh[aoe]|lh[aoe]|(?:eira|inho|inha)$"),
    # place endings (-ingen, -bach, -kirchen, -furt, -gau ...): on the train and calibration
    # splits in 10 % of German-sourced MT articles, 0-3 % of original English ones (-stein,
    # -feld and -wald left out: Einstein, Rosenfeld, Oswald)
    "de": re.compile(r"ß|^sch[mnlrwäöü]|(?:mann|berg|burg|dorf|stadt|heim|hausen"
                     r"|ingen|bach|hof|rode|kirchen|furt|hagen|brück|brücken|gau)$"),
}
_IT_STRESS = re.compile(r"[^\W\d_]{2,}[àòùì]$")
_STRESSED = frozenset("àòùìÀÒÙÌ")


def _name_languages(tok: str) -> tuple[str, ...]:
    """The languages whose name morphology ``tok`` shows (`_NAME_PATTERNS`; Italian once
    more for a final stressed vowel), with repeats: each one counts."""
    langs: tuple[str, ...] = ()
    if tok[-1] in _STRESSED and _IT_STRESS.match(tok.lower()):
        langs = ("it",)
    if len(tok) < 4 or not tok[0].isupper():
        return langs
    low = tok.lower()
    return langs + tuple(lang for lang, pat in _NAME_PATTERNS.items() if pat.search(low))


#: `_name_languages` of the tokens seen so far (names recur across a batch); cleared when full
_NAME_LANGUAGES: dict[str, tuple[str, ...]] = {}
_NAME_LANGUAGES_MAX = 50_000


def _name_counts(tokens: Sequence[str]) -> Counter:
    """Per language, the capitalised words (4+ letters) matching its name patterns."""
    out: Counter = Counter()
    known = _NAME_LANGUAGES
    tally = Counter(tokens)  # each distinct token once, in the order of first use
    found = list(map(known.get, tally))
    if None in found:
        if len(known) + len(tally) > _NAME_LANGUAGES_MAX:
            known.clear()
        found = [_learn_name_languages(tok) if langs is None else langs for tok, langs in zip(tally, found)]
    for tok, langs in compress(zip(tally, found), found):
        n = tally[tok]
        for lang in langs:
            out[lang] += n
    return out


def _learn_name_languages(tok: str) -> tuple[str, ...]:
    langs = _NAME_LANGUAGES[tok] = _name_languages(tok)
    return langs


def language_traces(text: str, findings: Iterable, words: int | None = None,
                    counts: Mapping[str, int] | None = None,
                    tokens: Sequence[str] | None = None) -> dict[str, dict[str, float]]:
    """Per language with any evidence, the `TRACE_FEATURES` (log rates per 100 words).

    ``votes``: findings pointing to the language (confidence split over the languages a
    finding names); ``cal``/``unt``/``grm``/``res``: the same per family; ``only``:
    findings that name this language alone; ``fw``: the language's function words (packs,
    English homographs left out); ``letters``: letters of its alphabet that English lacks
(shared letters split); ``pack``: 1 when the language has a calque pack (a prior for the
languages whose news this tool audits); ``names``: capitalised words with its name
morphology (`_NAME_PATTERNS`: -cch-, -zz-, -ini for Italian, -ez for Spanish, -eau for
French, -ão, -nh- for Portuguese, -mann, -burg, -ingen, -bach for German).
    Languages without evidence are absent (no evidence at all: an empty dict)."""
    words = words if words is not None else len(text.split())
    per = float(max(words, 50))
    raw: dict[str, Counter] = {}
    for f in findings:
        langs = _finding_langs(f)
        if not langs:
            continue
        share = f.confidence / len(langs)
        fam = {"CAL": "cal", "UNT": "unt", "GRM": "grm", "RES": "res"}.get(_family(f.code))
        for lang in langs:
            c = raw.setdefault(lang, Counter())
            c["votes"] += share
            if fam:
                c[fam] += share
            if len(langs) == 1:
                c["only"] += f.confidence
    toks = tokens if tokens is not None else (_tokens(text) if text else [])
    for lang, n in _name_counts(toks).items():
        raw.setdefault(lang, Counter())["names"] += n
    if counts is None:
        counts = Counter(t.lower() for t in toks)
    pack_words = _pack_words()
    if pack_words:
        for lang, vocab in pack_words.items():
            n = sum(counts[w] for w in vocab if w in counts)
            if n:
                raw.setdefault(lang, Counter())["fw"] += n
    if not text.isascii():
        # a letter shared by several alphabets counts for each of them in part
        for ch, n in Counter(_NON_ASCII.findall(text.lower())).items():
            langs = _LETTER_LANGS.get(ch)
            if langs:
                for lang in langs:
                    raw.setdefault(lang, Counter())["letters"] += n / len(langs)
    calque_langs = _calque_languages()
    out = {}
    for lang, c in raw.items():
        t = {k: _log_rate(c.get(k, 0.0), per) for k in TRACE_FEATURES if k != "pack"}
        t["pack"] = 1.0 if lang in calque_langs else 0.0
        out[lang] = t
    return out


_LETTER_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _letters in LETTERS.items():
    for _ch in _letters:
        _LETTER_LANGS[_ch] = _LETTER_LANGS.get(_ch, ()) + (_lang,)


@lru_cache(maxsize=1)
def _calque_languages() -> frozenset[str]:
    """Languages with a calque pack: the source languages of the news this tool is for."""
    from auditor.packs import load_pack, source_languages

    return frozenset(lang for lang in source_languages() if load_pack(lang, "calques"))


#: the features of the translated-from model: the traces plus the n-gram classifier's
#: evidence (``ngram``: the leading source language's log-margin over the runner-up, among the
#: languages with enough training articles, `model.NgramModel.from_log_probabilities`;
#: ``ngram_among``: when no trace names that leader, the best trace-named language's
#: log-margin over the next trace-named one, `with_ngram_evidence`)
SOURCE_FEATURES = TRACE_FEATURES + ("ngram", "ngram_among")


#: the traces read in the text itself (findings, function words, letters, names), beside the
#: n-gram classifier's evidence (``ngram``, ``ngram_among``)
TEXT_TRACES = ("votes", "fw", "letters", "names")


#: the mark (not a weighted feature) of the language the n-gram classifier is decisive about
#: (`model.NgramModel.decisive`), set by `with_ngram_evidence`
DECISIVE = "decisive"


def corroborated(trace: Mapping[str, float]) -> bool:
    """Whether one language's traces hold both kinds of evidence: the n-gram classifier's
    (``ngram`` or ``ngram_among``) and one read in the text itself (`TEXT_TRACES`: a finding
    that names it, its function words, letters or name morphology), or the classifier is
    decisive about it (`DECISIVE`: its posterior P(L | text), original English included,
    at least `model.NgramModel.decisive`). A guess so supported stands at a lower MT-risk
    (`model.SourceModel.min_risk_agreed`).

    Why the decisive classifier: German MT articles it read as German at 0.9 were held back
    by the MT-risk gate (P(MT) 0.3-0.5) for want of a German name, letter or finding, while
    original-English articles at that MT-risk rarely draw such a posterior. Chosen on the
    calibration split (``python bench/triage.py --quick``): at 0.8, MT articles named right
    312 -> 314 of 434, WMT22 references 130 -> 137 of 219, original English given a guess 4
    of 81 either way (0.7: 5 of 81). On the train split, the classifier out of fold: MT
    0.748 -> 0.757 of 1,828, original English 7 of 366 either way."""
    return (trace.get(DECISIVE, 0.0) > 0
            or ((trace.get("ngram", 0.0) > 0 or trace.get("ngram_among", 0.0) > 0)
                and any(trace.get(k, 0.0) > 0 for k in TEXT_TRACES)))


def with_ngram_evidence(traces: Mapping[str, Mapping[str, float]],
                        evidence: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """``traces`` with each language's n-gram evidence added as the feature ``ngram``.

    For the languages that other traces (letters, function words, names, findings) already
    name, the classifier weighs between them. It adds a language no other trace names only
    when it is confident on its own (``evidence.alone``, `model.Evidence`: its posterior
    against every class, original English included, above a threshold chosen on held-out
    data), and only when every language the other traces name is one it knows
    (``evidence.known``): it cannot name a language it was not trained on, so for a text
    whose traces point to one (Portuguese, or Italian with a handful of training articles)
    its leader among the languages it knows is arbitrary and must not outvote them, unless
    its posterior reaches the higher ``evidence.sure`` (`model.NgramModel.sure`): a German
    article whose one name ends like a Portuguese one ('-eira') or that keeps one French
    word lost its German guess. On the train split (the classifier trained out of fold) and
    the calibration split, such a leader at a posterior of 0.5 or more (600 features per
    class, L2 1e-5) was the right language in 79 of 87 WMT22 and 81 of 83 MLQE-PE MT
    articles; 2 of 129 original-English articles (FLORES) and none of the Italian, Spanish
    or French ones (at most 0.3) had one. The
    added language gets the n-gram evidence and its ``pack`` prior, nothing else. Plain
    evidence without that confidence never makes a guess alone (no trace: unknown). When
    the classifier is confident that the text is original English (``evidence.original``:
    its most probable class, at least ``veto``),
    no language it knows is named; a language it barely saw (fewer training articles than
    it needs to speak: Italian, Spanish, French) or never saw (Portuguese) keeps its
    traces, as a text translated from one is out of its training data and may look
    original to it.

    When no trace names its leader, the classifier still ranks the languages the traces
    name that it knows (``evidence.posterior``, log P(L | text)): the best of them gets
    its log-margin over the next one as the feature ``ngram_among`` (weighted apart from
    ``ngram``). Example: posterior zh 0.5, de 0.3, cs 0.1, a grammar finding naming de, cs
    and it: de gets ``ngram_among`` log(0.3 / 0.1); it, unknown to the classifier, and cs
    nothing. A single named language it knows has no rival to be ranked against."""
    if getattr(evidence, "original", False):
        return {lang: dict(t) for lang, t in traces.items() if lang not in evidence.known}
    out = {lang: dict(t) for lang, t in traces.items()}
    alone = getattr(evidence, "alone", ())
    for lang, x in evidence.items():
        t = out.get(lang)
        if t is not None:
            t["ngram"] = x
        elif lang in alone and (evidence.known.issuperset(out) or lang in getattr(evidence, "sure", ())):
            out[lang] = {"ngram": x, "pack": 1.0 if lang in _calque_languages() else 0.0}
    # its leader named by no other trace: it still ranks the languages the traces name
    # that it knows (``ngram_among``: the best one's log-margin over the next one)
    posterior = getattr(evidence, "posterior", None)
    for lang in getattr(evidence, "decisive", ()):
        if "ngram" in out.get(lang, {}):
            out[lang][DECISIVE] = 1.0
    if posterior and not any(lang in traces for lang in evidence):
        named = sorted((lang for lang in traces if lang in posterior), key=lambda c: (-posterior[c], c))
        if len(named) >= 2 and posterior[named[0]] > posterior[named[1]]:
            out[named[0]]["ngram_among"] = posterior[named[0]] - posterior[named[1]]
    return out
