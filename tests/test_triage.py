"""Article triage: features, the model file format and loading, calibration, wiring."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.document import Article
from auditor.findings import Finding, Severity
from auditor.report import ArticleReport
from auditor.risk import SourceGuess, assess, guess_source, mt_risk
from auditor.triage.features import TRACE_FEATURES, article_features, language_traces
from auditor.triage.model import Calibration, ModelError, TriageModel, default_model, load_model

NATIVE = ("The council's budget, which passed on Tuesday, doesn't raise taxes. "
          "Residents I spoke to weren't surprised; they'd seen it coming for months.\n\n"
          "\"We're fine,\" said one.")
TRANSLATED = ("The mayor of the city has underlined the importance of the project of the region. "
              "It is necessary that the works of the bridge are completed within the month of May.")


def finding(code="CAL001", sev=Severity.WARNING, conf=0.8, lang=None, start=0, end=3):
    return Finding(code=code, name="x", category="x", severity=sev, start=start, end=end, text="abc",
                   message="m", confidence=conf, source_lang=lang)


def tiny_model_doc(**over) -> dict:
    """A hand-made model: MT-risk rises with calque findings and with 'of', falls with
    contractions; the source model trusts findings and letters."""
    doc = {
        "format": "auditor-triage/1",
        "meta": {"note": "test"},
        "risk": {"features": ["find:CAL", "fw:of", "punct:contraction", "w:mayor"],
                 "mean": [0.0, 0.15, 0.05, 0.0], "scale": [1.0, 0.05, 0.05, 0.1],
                 "coef": [2.0, 1.0, -1.0, 0.5], "intercept": 0.0,
                 "calibration": {"method": "platt", "a": 0.5, "b": 0.0}},
        "source": {"features": ["votes", "cal", "unt", "grm", "res", "only", "fw", "letters", "pack"],
                   "coef": [1.0, 0, 0, 0, 0, 1.0, 1.0, 1.0, 0.5],
                   "temperature": 1.0},
    }
    doc.update(over)
    return doc


@pytest.fixture()
def tiny(tmp_path):
    path = tmp_path / "triage.json"
    path.write_text(json.dumps(tiny_model_doc()), encoding="utf-8")
    return load_model(path)


# --- features ------------------------------------------------------------------------------

def test_features_profile_hand_written_texts():
    native = article_features(NATIVE, [], len(NATIVE.split()))
    translated = article_features(TRANSLATED, [], len(TRANSLATED.split()))
    assert native["punct:contraction"] > 0 and translated["punct:contraction"] == 0
    assert translated["fw:of"] > native["fw:of"] > 0 or native["fw:of"] == 0
    assert native["punct:semicolon"] > 0 and translated["punct:semicolon"] == 0
    assert native["punct:dquote"] > 0
    assert translated["find:any"] == 0 and translated["find:CAL"] == 0
    # sentence statistics: two sentences in TRANSLATED
    assert math.isclose(translated["sent:count"], math.log1p(2))
    assert 0 < translated["vocab:mattr"] <= 1


PUNCTUATION_CASES = [
    "It's 5% or 12 per cent - maybe 30percent; Don'T, we're, I'd, she'll, they've, I'M ok.",
    "A dash \u2014 another\u2014and one \u2013 here \u2014\u2013 there - - and -- x-ray.",
    " \u2014 - x \u2013 - y. Digits 1,234.5 and 2024-05-01; 7th, 8 o'clock, John's dogs' toys.",
    "nothing here", "",
]

#: the plain forms of the punctuation features (features.py counts them faster)
PLAIN_PUNCTUATION = {
    "colon": r":(?!\d)", "squote": r"['\u2018\u2019](?:(?<![^\W\d_]['\u2018\u2019])|(?![^\W\d_]))",
    "dash": r"\s[-\u2013\u2014]\s|\u2014|\u2013", "hyphen": r"-(?<=[^\W\d_]-)(?=[^\W\d_])", "digit": r"\d+",
    "percent": r"%|\bper(?: ?cent)\b",
}


@pytest.mark.parametrize("text", PUNCTUATION_CASES)
def test_fast_punctuation_counts_equal_the_plain_patterns(text):
    import re

    from auditor.triage import features

    for name, plain in PLAIN_PUNCTUATION.items():
        assert features._PUNCT[name](text) == len(re.findall(plain, text)), (name, text)
    contraction = r"n(?<=[^\W\d_]n)['\u2019]t\b|['\u2019](?<=[^\W\d_]['\u2019])(?:re|ve|ll|d|m)\b"
    assert len(features._CONTRACTION.findall(text)) == len(re.findall(contraction, text, re.IGNORECASE))


def test_fast_punctuation_counts_by_hand():
    from auditor.triage import features

    text = PUNCTUATION_CASES[0]
    # "5%" and "per cent"; "30percent" has no word boundary before "per"
    assert features._PUNCT["percent"](text) == 2
    # Don'T, we're, I'd, she'll, they've, I'M (any case); "It's" is not a contraction here
    assert len(features._CONTRACTION.findall(text)) == 6
    # " \u2014 ", "\u2014" (glued), " \u2013 ", "\u2014", "\u2013", " - " (the next "- " lost
    # its space to it); "--" and "x-ray" are no dashes
    assert features._PUNCT["dash"](PUNCTUATION_CASES[1]) == 6
    # without a spaced hyphen, each en or em dash counts once: " \u2014 ", "\u2014", "\u2013"
    assert features._PUNCT["dash"]("a \u2014 b\u2014c\u2013d") == 3
    assert features._PUNCT["digit"](PUNCTUATION_CASES[2]) == 8  # 1 234 5 2024 05 01 7 8


def test_finding_features_count_by_family_and_severity():
    fs = [finding("CAL001", conf=1.0), finding("UNT001", Severity.ERROR, 0.5, lang="it")]
    f = article_features(TRANSLATED, fs, 100)
    assert f["has:CAL"] == 1 and f["has:UNT"] == 1 and f["has:RES"] == 0
    assert math.isclose(f["find:CAL"], math.log1p(1.0))  # 1 finding per 100 words
    assert math.isclose(f["sev:error"], math.log1p(0.5))
    assert f["find:lang_votes"] > 0 and f["find:max_conf"] == 1.0


def test_vocabulary_features_are_sparse():
    f = article_features(TRANSLATED, [], None, vocab=("mayor", "football"))
    assert "w:mayor" in f and "w:football" not in f


def test_language_traces_from_findings_words_and_letters():
    assert language_traces("Plain English text only.", []) == {}
    t = language_traces("The sindaco of Parona said.", [finding("UNT001", lang="it", conf=0.9)], 50)
    assert set(t) >= {"it"} and t["it"]["unt"] > 0 and t["it"]["only"] > 0 and t["it"]["pack"] == 1.0
    shared = language_traces("x", [finding("CAL002", lang="it,es", conf=1.0)], 50)
    assert math.isclose(shared["it"]["votes"], shared["es"]["votes"]) and shared["it"]["only"] == 0
    # ß is German only; ü is shared between German and Estonian: German gets more
    letters = language_traces("Straße in München und Würzburg", [], 50)
    assert letters["de"]["letters"] > letters["et"]["letters"] > 0
    assert letters["de"]["fw"] > 0  # "und"


# --- model file -------------------------------------------------------------------------

def test_tiny_model_loads_and_scores_monotonically(tiny):
    base = {"find:CAL": 0.0, "fw:of": 0.15, "punct:contraction": 0.05, "fw:share": 0.4}
    p0 = tiny.mt_probability(base)
    assert math.isclose(p0, 0.5)  # everything at its mean: logit 0 -> 0.5 through Platt
    more = tiny.mt_probability({**base, "find:CAL": 1.0})
    fewer = tiny.mt_probability({**base, "punct:contraction": 0.2})
    assert more > p0 > fewer
    # Platt a=0.5 halves the logit: raw logit 2 -> sigmoid(1)
    assert math.isclose(more, 1 / (1 + math.exp(-1.0)))
    # the sparse vocabulary word counts as 0 when the text features are present...
    assert math.isclose(tiny.risk.raw_logit(base), 0.0)
    assert tiny.risk.raw_logit({**base, "w:mayor": 0.1}) > 0
    # ...and as its mean without them (findings only)
    assert math.isclose(tiny.risk.raw_logit({"find:CAL": 0.0}), 0.0)


def test_model_round_trips_and_rejects_bad_files(tiny, tmp_path):
    again = TriageModel.from_dict(json.loads(json.dumps(tiny.to_dict())))
    assert again.risk == tiny.risk and again.source == tiny.source
    with pytest.raises(ModelError):
        TriageModel.from_dict({**tiny_model_doc(), "format": "something-else"})
    bad = tiny_model_doc()
    bad["risk"]["scale"][0] = 0
    with pytest.raises(ModelError):
        TriageModel.from_dict(bad)
    bad = tiny_model_doc()
    bad["risk"]["coef"].pop()
    with pytest.raises(ModelError):
        TriageModel.from_dict(bad)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(broken)


def test_calibration_maps():
    platt = Calibration.from_dict({"method": "platt", "a": 2.0, "b": 0.0})
    assert math.isclose(platt(0.5), 0.5) and platt(0.7) > 0.7
    iso = Calibration.from_dict({"method": "isotonic", "x": [0.1, 0.5, 0.9], "y": [0.0, 0.4, 1.0]})
    assert iso(0.0) == 0.0 and iso(1.0) == 1.0 and math.isclose(iso(0.3), 0.2)
    with pytest.raises(ModelError):
        Calibration.from_dict({"method": "isotonic", "x": [0.5, 0.1], "y": [0.0, 1.0]})
    assert Calibration.from_dict(None)(0.3) == 0.3
    # a stacked feature adds coef x (value - mean) to the calibrated logit; absent, nothing
    stacked = Calibration.from_dict({"method": "platt", "a": 1.0, "b": 0.0,
                                     "extra": [{"feature": "ngram:translated", "coef": 0.5, "mean": 1.0}]})
    assert math.isclose(stacked(0.5, {"ngram:translated": 3.0}), 1 / (1 + math.exp(-1.0)))
    assert math.isclose(stacked(0.5, {}), 0.5) and math.isclose(stacked(0.5), 0.5)
    assert Calibration.from_dict(stacked.to_dict()) == stacked
    with pytest.raises(ModelError):
        Calibration.from_dict({"method": "platt", "a": 1.0, "b": 0.0,
                               "extra": [{"feature": "x", "coef": float("nan"), "mean": 0.0}]})


def test_source_guess_from_tiny_model(tiny):
    risk, guess = assess("The sindaco of Parona said that the works are finished.",
                         [finding("UNT001", lang="it", conf=0.9, start=4, end=11)], model=tiny)
    assert 0 <= risk <= 100
    assert guess is not None and guess.lang == "it" and 0 < guess.confidence < 1
    assert math.isclose(sum(guess.votes.values()) <= 1.0, True)
    assert assess("Nothing foreign here at all.", [], model=tiny)[1] is None  # no evidence, no guess
    # more evidence for a language, more confidence
    one = assess("x y z", [finding("CAL001", lang="es", conf=0.5)], 50, model=tiny)[1]
    two = assess("x y z", [finding("CAL001", lang="es", conf=0.5)] * 3, 50, model=tiny)[1]
    assert one.lang == two.lang == "es" and two.confidence > one.confidence


# --- the shipped model and the wiring -----------------------------------------------------

def test_shipped_model_loads_and_is_sane():
    m = default_model()
    assert m.meta.get("prior") and m.risk.vocab
    for name, w in zip(m.risk.features, m.risk.coef):
        if name.startswith(("find:", "has:", "sev:", "trace:")):
            assert w >= 0, f"{name} lowers MT-risk"
    assert all(w >= 0 for w in m.source.coef)
    empty = mt_risk([], 300, "")
    calques = mt_risk([finding(conf=1.0, start=i, end=i + 1) for i in range(6)], 300, "")
    assert 0 <= empty <= calques <= 100


def test_the_engine_scores_risk_from_the_text_and_a_given_risk_is_kept():
    from auditor.config import Settings
    from auditor.rules.engine import Engine

    article = Article(text="Headline\n\n" + TRANSLATED, id="a")
    report = Engine(Settings()).audit(article)
    assert (report.risk, report.source_guess) == assess(article.text, report.findings, article.word_count)
    # without the text, the findings alone: a different (text-blind) score
    fs = [finding("CAL001", lang="it")]
    assert 0 <= mt_risk(fs, article.word_count) <= 100
    # an explicit number is kept as given
    fixed = ArticleReport(article, fs, risk=72.5, source_guess=SourceGuess("it", 0.6, {"it": 0.6}))
    assert fixed.risk == 72.5 and fixed.to_dict()["mt_risk"] == 72.5


# --- the n-gram classifier (translated-from) ------------------------------------------------

ITALIAN = ("The mayor of Reggio Calabria, Giuseppe Falcomatà, has underlined that the works of the "
           "bridge on the Stretto will be completed within the month of May. According to the "
           "president of the Regione, Roberto Occhiuto, the città needs the investments of the "
           "Piano nazionale di ripresa e resilienza. The Carabinieri of Catanzaro and the Guardia "
           "di Finanza of Cosenza have sequestered the documents of the società.")


def ngram_doc(**over) -> dict:
    """A hand-made n-gram classifier over three classes: 'della'/'città' point to Italian,
    'der' to German, contractions to original English."""
    doc = {"features": ["w:della", "w:città", "w:der", "w:don't"], "classes": ["de", "en", "it"],
           "weights": [0, 0, 2000, 0, 0, 1500, 1800, 0, 0, 0, 1000, 0], "bias": [0.0, 0.5, 0.0],
           "quantum": 0.001, "original": "en"}
    doc.update(over)
    return doc


def test_ngram_vector_is_normalised_and_names_its_features():
    from auditor.triage.ngrams import ngram_counts, ngram_vector

    c = ngram_counts("The Sindaco of Falcomatà spoke. Also the city agreed.")
    assert c["w:the"] == 2 and c["b:the city"] == 1 and c["^:also"] == 1 and c["^:the"] == 1
    assert c["s:atà"] == 1 and "s:the" not in c  # name endings: capitalised, not sentence-initial
    v = ngram_vector("Plain words here, plain words.")
    assert math.isclose(sum(x * x for x in v.values()), 1.0)
    assert ngram_vector("") == {} and ngram_vector("1234 5678") == {}


@pytest.mark.parametrize("text", ["end.\nNext one", "a\n\nb", "He said: “no.” Then left!! OK? yes… fine",
                                  "Hello . World", "?", "\n", "a.\n", ".\n\n.", "a?! b…\n\nc", "", "x.' (y) z.]  W"])
def test_sentence_split_keeps_the_plain_boundaries(text):
    import re

    from auditor.triage.ngrams import split_text

    plain = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+|\n+")
    assert split_text(text)[0] == plain.split(text)


def test_keyed_vector_gives_the_same_judgement_as_named_features():
    from auditor.triage.ngrams import feature_key, keyed_vector, ngram_vector, split_text

    assert feature_key("w:the") == "the" and feature_key("b:the city") == ("the", "city")
    assert feature_key("^:also") == "^:also" and feature_key("s:atà") == "s:atà"
    model = default_model().ngram
    for text in (TRANSLATED, NATIVE, "The Sindaco of Falcomatà spoke. Also the city agreed.", "", "1234"):
        named, keyed = ngram_vector(text), keyed_vector(split_text(text))
        assert [feature_key(k) for k in named] == list(keyed) and list(named.values()) == list(keyed.values())
        assert model.judge_keyed(keyed) == model.judge(named)  # exactly: same terms, same order


def test_ngram_model_evidence_and_validation():
    from auditor.triage.features import with_ngram_evidence
    from auditor.triage.model import NgramModel
    from auditor.triage.ngrams import ngram_vector

    m = NgramModel.from_dict(ngram_doc())
    ev = m.evidence({"w:della": 0.7, "w:città": 0.7})
    # evidence discriminates between source languages: the leader's log-margin over the runner-up
    assert set(ev) == {"it"} and ev["it"] > 0
    lp = m.log_probabilities({"w:della": 0.7, "w:città": 0.7})
    assert math.isclose(ev["it"], lp["it"] - lp["de"])
    # translatedness alone is no evidence: 'der' raises German, original English does not matter
    assert set(m.evidence({"w:der": 1.0})) == {"de"}
    assert m.evidence({"w:don't": 1.0}) == {}  # no source language ahead: no evidence
    # a language with too few training articles does not speak (and a lone one has no rival)
    few = NgramModel.from_dict(ngram_doc(articles={"de": 500, "en": 500, "it": 5}, min_articles=20))
    assert few.speaking == ("de",) and few.evidence({"w:della": 0.7, "w:città": 0.7}) == {}
    assert NgramModel.from_dict(json.loads(json.dumps(few.to_dict()))) == few
    assert NgramModel.from_dict(ngram_doc(articles={"de": 5, "it": 5}, min_articles=5)).speaking == ("de", "it")
    assert NgramModel.from_dict(ngram_doc(articles={"de": 5}, min_articles=1)).speaking == ("de",)  # absent: 0
    assert m.evidence({"w:unknown": 1.0}) == {} and m.log_probabilities({"w:unknown": 1.0}) is None
    for bad in (ngram_doc(weights=[0] * 11), ngram_doc(classes=["de", "it", "it"]),
                ngram_doc(original="xx"), ngram_doc(quantum=0), ngram_doc(bias=[0.0, 0.0]),
                ngram_doc(articles={"xx": 3}), ngram_doc(articles={"de": -1}), ngram_doc(min_articles=-2)):
        with pytest.raises(ModelError):
            NgramModel.from_dict(bad)
    # a source model that weighs n-gram evidence needs the section
    doc = tiny_model_doc(format="auditor-triage/2")
    doc["source"] = {"features": list(TRACE_FEATURES) + ["ngram"], "coef": [1.0] * (len(TRACE_FEATURES) + 1)}
    with pytest.raises(ModelError):
        TriageModel.from_dict(doc)
    both = TriageModel.from_dict({**doc, "ngram": ngram_doc()})
    assert TriageModel.from_dict(json.loads(json.dumps(both.to_dict()))).ngram == both.ngram
    risk, guess = assess("La città della musica: the festival della città.", [], model=both)
    assert guess is not None and guess.lang == "it"
    # without an 'alone' threshold, n-gram evidence alone never makes a guess: no letters,
    # function words or findings
    mayor = TriageModel.from_dict({**doc, "ngram": ngram_doc(features=["w:mayor", "w:città", "w:der", "w:don't"])})
    assert mayor.ngram.evidence(ngram_vector("The mayor met the mayor.")).keys() == {"it"}
    assert assess("The mayor met the mayor.", [], model=mayor)[1] is None
    assert with_ngram_evidence({}, {"it": 3.0}) == {}
    # ... and it never adds a language that no other trace names (it weighs between those;
    # a plain dict of evidence has no confident language)
    assert with_ngram_evidence({"fr": {"letters": 1.0}}, {"it": 3.0}) == {"fr": {"letters": 1.0}}
    assert with_ngram_evidence({"fr": {"letters": 1.0}}, {"fr": 3.0}) == {"fr": {"letters": 1.0, "ngram": 3.0}}


GERMAN = ("The Bundesliga club from Gelsenkirchen has separated from its coach. As the club announced on "
          "Sunday, the contract with the 54-year-old was dissolved with immediate effect. The board of Schalke 04 "
          "thanked him for the cooperation. In the Ruhr area, the decision had been expected for weeks, said a "
          "spokesman of the fans in Düsseldorf.")


def test_shipped_model_has_the_classifier_and_is_deterministic():
    m = default_model()
    assert m.ngram is not None and "en" in m.ngram.classes and {"de", "it", "es", "fr"} <= set(m.ngram.classes)
    assert "ngram" in m.source.features and m.risk.calibration.extra
    assert TriageModel.from_dict(json.loads(json.dumps(m.to_dict()))).ngram == m.ngram
    assert assess(ITALIAN, []) == assess(ITALIAN, []) and assess(GERMAN, []) == assess(GERMAN, [])


def test_shipped_model_traces_against_clean_english():
    _, de = assess(GERMAN, [])
    _, it = assess(ITALIAN, [])
    risk_native, native = assess(NATIVE, [])
    assert de is not None and de.lang == "de" and de.confidence > 0.5
    # clean original English: the classifier prefers 'en', no trace: no guess, low risk
    assert native is None and risk_native < 50
    # Italian letters and translated phrasing: a guess, Italian among its votes
    assert it is not None and it.votes.get("it", 0) > 0 and assess(ITALIAN, [])[0] > risk_native


def test_shipped_model_names_italian_from_letters_and_names():
    # the classifier's evidence discriminates between source languages with enough
    # training data; its evidence that a text is translated no longer lands on Russian
    assert assess(ITALIAN, [])[1].lang == "it"


SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "articles"


def test_sample_articles_are_named_as_their_file_names_say():
    """Every sample article in corpora/articles: ``<lang>-...`` named <lang>, ``clean-...``
    no guess (checked through the command line, as a user runs it)."""
    files = sorted(SAMPLES.iterdir())
    assert len(files) >= 7
    out = subprocess.run([sys.executable, "-m", "auditor", "check", *map(str, files), "--format", "json"],
                         capture_output=True, text=True, cwd=SAMPLES.parents[1], timeout=300)
    doc = json.loads(out.stdout)
    got = {Path(a["path"]).name: (a["translated_from"] or {}).get("lang") for a in doc["articles"]}
    want = {f.name: (None if f.name.startswith("clean-") else f.name.split("-")[0]) for f in files}
    assert {"de", "es", "fr", "it", "pt", None} <= set(want.values())
    assert got == want


def test_checking_a_short_article_does_not_import_numpy(tmp_path):
    """The per-article path (the n-gram classifier included) is plain Python: numpy's
    import would add about 0.1 s to every one-article check."""
    art = tmp_path / "short.txt"
    art.write_text(ITALIAN, encoding="utf-8")
    code = ("import sys\nfrom auditor.cli.app import run\nsys.argv = ['auditor', 'check', sys.argv[1], '--format', 'json']\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('NUMPY=%s\\n' % ('numpy' in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code, str(art)], capture_output=True, text=True, timeout=300,
                         cwd=SAMPLES.parents[1])
    assert '"translated_from"' in out.stdout, out.stderr[-2000:]
    assert "NUMPY=False" in out.stderr, out.stderr[-2000:]


def test_no_evidence_means_no_guess_with_the_shipped_model():
    assert assess("", [])[1] is None
    assert assess("1234 5678 90", [])[1] is None


# --- the n-gram classifier naming a language on its own ('alone') and the veto -------------

def test_ngram_alone_and_veto_thresholds_by_hand():
    """'der' alone: z = (de 1.8, en 0.5, it 0.0), so P(de) = e^1.8 / (e^1.8 + e^0.5 + 1) =
    0.695, P(en) = 0.190; German leads Italian by 1.8 (log-margin)."""
    from auditor.triage.model import NgramModel

    lp = NgramModel.from_dict(ngram_doc()).log_probabilities({"w:der": 1.0})
    assert math.isclose(math.exp(lp["de"]), 0.6955, abs_tol=1e-4) and math.isclose(math.exp(lp["en"]), 0.1896, abs_tol=1e-4)
    ev = NgramModel.from_dict(ngram_doc()).evidence({"w:der": 1.0})
    assert ev == {"de": pytest.approx(1.8)} and ev.alone == frozenset() and not ev.original  # absent: never alone
    assert NgramModel.from_dict(ngram_doc(alone=0.69)).evidence({"w:der": 1.0}).alone == {"de"}
    assert NgramModel.from_dict(ngram_doc(alone=0.70)).evidence({"w:der": 1.0}).alone == frozenset()
    assert NgramModel.from_dict(ngram_doc(alone=0.69)).evidence({"w:der": 1.0}).known == {"de", "it"}
    # the veto: "don't" alone gives z = (0, 1.5, 0), P(original English) = e^1.5 / (e^1.5 + 2) =
    # 0.691, its most probable class; it reaches 0.69, not 0.7; vetoed, there is no evidence at all
    vetoed = NgramModel.from_dict(ngram_doc(alone=0.2, veto=0.69)).evidence({"w:don't": 1.0})
    assert vetoed == {} and vetoed.original and vetoed.alone == frozenset()
    assert not NgramModel.from_dict(ngram_doc(alone=0.2, veto=0.7)).evidence({"w:don't": 1.0}).original
    # 'der': P(original English) 0.190 reaches 0.18, but German leads: no veto (tests/test_h12t_veto.py)
    assert not NgramModel.from_dict(ngram_doc(alone=0.5, veto=0.18)).evidence({"w:der": 1.0}).original
    # both round-trip and are validated as probabilities
    m = NgramModel.from_dict(ngram_doc(alone=0.4, veto=0.6))
    assert NgramModel.from_dict(json.loads(json.dumps(m.to_dict()))) == m and m.to_dict()["alone"] == 0.4
    assert "alone" not in NgramModel.from_dict(ngram_doc()).to_dict()
    for bad in (ngram_doc(alone=0), ngram_doc(alone=1.5), ngram_doc(veto=-0.1), ngram_doc(veto=2)):
        with pytest.raises(ModelError):
            NgramModel.from_dict(bad)


def test_with_ngram_evidence_adds_a_confident_language_only_beside_known_ones():
    from auditor.triage.features import with_ngram_evidence
    from auditor.triage.model import Evidence

    sure = Evidence({"de": 2.0}, alone=frozenset({"de"}), known=frozenset({"de", "it", "ru"}))
    # no other trace: the confident classifier names German (its evidence and the calque-pack prior)
    assert with_ngram_evidence({}, sure) == {"de": {"ngram": 2.0, "pack": 1.0}}
    # beside a language it knows, German is added as a rival
    assert with_ngram_evidence({"ru": {"letters": 1.0}}, sure) == {"ru": {"letters": 1.0}, "de": {"ngram": 2.0, "pack": 1.0}}
    # beside a language it never saw (Portuguese), its leader is arbitrary: not added
    assert with_ngram_evidence({"pt": {"names": 1.0}}, sure) == {"pt": {"names": 1.0}}
    # not confident: weighs only (the old rule)
    plain = Evidence({"de": 2.0}, known=frozenset({"de", "it"}))
    assert with_ngram_evidence({}, plain) == {} and with_ngram_evidence({"de": {"fw": 1.0}}, plain) == {"de": {"fw": 1.0, "ngram": 2.0}}
    # confident that the text is original English: no language it knows, whatever the traces;
    # a language it does not know (Italian here) keeps its traces
    vetoed = Evidence(known=frozenset({"de", "ru"}), original=True)
    assert with_ngram_evidence({"de": {"names": 2.0}, "it": {"letters": 1.0}}, vetoed) == {"it": {"letters": 1.0}}
    assert with_ngram_evidence({"de": {"names": 2.0}, "ru": {"letters": 1.0}}, vetoed) == {}


def test_assess_names_a_language_from_the_classifier_alone_above_the_threshold():
    """The hand-made classifier with 'mayor' as its Italian word: the text has no letters,
    function words, names or findings of any language, so only the classifier can name one."""
    from auditor.triage.model import NgramModel
    from auditor.triage.ngrams import ngram_vector

    text = "The mayor met the mayor."
    feats = ["w:mayor", "w:città", "w:der", "w:don't"]
    p_it = math.exp(NgramModel.from_dict(ngram_doc(features=feats)).log_probabilities(ngram_vector(text))["it"])
    assert 0.3 < p_it < 0.9
    doc = tiny_model_doc(format="auditor-triage/2")
    doc["source"] = {"features": list(TRACE_FEATURES) + ["ngram"], "coef": [1.0] * (len(TRACE_FEATURES) + 1)}
    below = TriageModel.from_dict({**doc, "ngram": ngram_doc(features=feats, alone=round(p_it - 0.01, 4))})
    above = TriageModel.from_dict({**doc, "ngram": ngram_doc(features=feats, alone=round(p_it + 0.01, 4))})
    guess = assess(text, [], model=below)[1]
    assert guess is not None and guess.lang == "it" and set(guess.votes) == {"it"}
    assert assess(text, [], model=above)[1] is None
    # the veto: P(en) of this text is above 0.1, but Italian leads, so a veto at 0.1 leaves the
    # guess (the veto needs original English to be the most probable class: test_h12t_veto.py)
    vetoed = TriageModel.from_dict({**doc, "ngram": ngram_doc(features=feats, alone=round(p_it - 0.01, 4), veto=0.1)})
    lp = vetoed.ngram.log_probabilities(ngram_vector(text))
    assert math.exp(lp["en"]) > 0.1 and lp["it"] > lp["en"]
    assert assess(text, [], model=vetoed)[1].lang == "it"


#: German match report in translated English (word order, "the 1:0", "the change of sides",
#: "the hosts" / "the guests"): no German letters, names, function words or findings
GERMAN_CALQUED = ("The coach was satisfied with the performance of his team after the match. \"We have shown a good "
                  "game over 90 minutes and deservedly won,\" he said at the press conference. Already in the first "
                  "half, the hosts had several chances, but the goalkeeper of the guests held his team in the game "
                  "for a long time. Shortly before the break, the striker then scored the 1:0 with a header.\n\n"
                  "After the change of sides, the guests pressed for the equaliser, but the defence stood well. In "
                  "the 78th minute, the substitute decided the game with the 2:0. With this victory, the team climbs "
                  "to fourth place in the table.\n")
#: original English feature writing with German names (Hoffmann, Lindberg: traces of German)
ORIGINAL_WITH_NAMES = ("Klaus Hoffmann has spent forty years fixing clocks in a cramped shop off Main Street, and he "
                       "isn't planning to stop. \"People think it's a dying trade,\" he says, wiping his hands on a "
                       "rag. \"They're wrong. Everybody's got a grandfather clock in the attic.\"\n\nHis daughter, "
                       "Greta Hoffmann-Lindberg, runs the books now. She'd moved back from Chicago after her kids were "
                       "grown, and she's the one who talked him into putting up a website. Orders doubled in a year. "
                       "\"Dad doesn't trust computers,\" she laughs, \"but he trusts the bank statements.\"\n")


def _without(model: TriageModel, **ngram) -> TriageModel:
    import dataclasses

    return dataclasses.replace(model, ngram=dataclasses.replace(model.ngram, **ngram))


def test_shipped_model_names_a_german_calqued_article_from_the_classifier_alone():
    from auditor.triage.features import language_traces

    m = default_model()
    assert m.ngram.alone is not None
    assert language_traces(GERMAN_CALQUED, []) == {}  # no trace of any language in the text
    risk, guess = assess(GERMAN_CALQUED, [])
    assert guess is not None and guess.lang == "de" and set(guess.votes) == {"de"}
    assert m.source.min_risk is None or risk >= 100 * m.source.min_risk  # it looks translated
    # the old rule (the classifier never names a language alone): no guess
    assert assess(GERMAN_CALQUED, [], model=_without(m, alone=None))[1] is None


def _ungated(model: TriageModel) -> TriageModel:
    import dataclasses

    return dataclasses.replace(model, source=dataclasses.replace(model.source, min_risk=None))


def test_shipped_model_gives_original_english_with_foreign_names_no_guess():
    from auditor.triage.features import language_traces

    m = default_model()
    assert "de" in language_traces(ORIGINAL_WITH_NAMES, [])  # the names are a German trace ...
    # ... but the article does not look translated (the classifier is sure it is original
    # English: its veto, and its MT-risk is low: the gate)
    assert assess(ORIGINAL_WITH_NAMES, [])[1] is None
    assert assess(NATIVE, [])[1] is None
    # without the veto and the MT-risk gate, the names alone made a (spurious) German guess
    old = assess(ORIGINAL_WITH_NAMES, [], model=_ungated(_without(m, alone=None, veto=None)))[1]
    assert old is not None and old.lang == "de"


# --- the MT-risk gate and the classifier's ranking among the languages traces name ----------

#: "The città of the città.": 5 words, 'of' once, no contraction, no finding; in the tiny
#: model the logit is (sqrt(1/5) - 0.15) / 0.05 + (0 - 0.05) / 0.05 x (-1) = 5.944 + 1 = 6.944,
#: Platt a = 0.5: P(MT) = sigmoid(3.472) = 0.9699; 'à' is a letter of it, fr and pt
CITTA = "The città of the città."


def test_the_mt_risk_gate_by_hand():
    doc = tiny_model_doc()
    risk, guess = assess(CITTA, [], model=TriageModel.from_dict(doc))
    assert risk == 97.0 and guess is not None  # no gate: the letters make a guess
    below = TriageModel.from_dict({**doc, "source": {**doc["source"], "min_risk": 0.96}})
    above = TriageModel.from_dict({**doc, "source": {**doc["source"], "min_risk": 0.98}})
    assert assess(CITTA, [], model=below)[1] is not None
    risk_above, gated = assess(CITTA, [], model=above)
    assert gated is None and risk_above == 97.0  # the gate takes the guess, not the score
    # round trip, validation
    assert TriageModel.from_dict(json.loads(json.dumps(above.to_dict()))).source.min_risk == 0.98
    assert "min_risk" not in TriageModel.from_dict(doc).to_dict()["source"]
    for bad in (-0.1, 1.5):
        with pytest.raises(ModelError):
            TriageModel.from_dict({**doc, "source": {**doc["source"], "min_risk": bad}})


def test_the_classifier_ranks_the_languages_that_traces_name():
    from auditor.triage.features import with_ngram_evidence
    from auditor.triage.model import Evidence, NgramModel

    # 'der' alone with the hand-made classifier: log P(de) - log P(it) = 1.8 (see above)
    ev = NgramModel.from_dict(ngram_doc()).evidence({"w:der": 1.0})
    assert set(ev.posterior) == {"de", "it"} and math.isclose(ev.posterior["de"] - ev.posterior["it"], 1.8)
    # the leader (zh) is named by no trace: among the named languages it knows (de, cs), the
    # best one gets its log-margin over the next, log(0.3 / 0.1); Italian, unknown to it, nothing
    post = {"zh": math.log(0.5), "de": math.log(0.3), "cs": math.log(0.1)}
    ev = Evidence({"zh": 1.0}, known=frozenset(post), posterior=post)
    traces = {"de": {"votes": 0.1}, "cs": {"votes": 0.1}, "it": {"votes": 0.1}}
    out = with_ngram_evidence(traces, ev)
    assert math.isclose(out["de"]["ngram_among"], math.log(3)) and out["cs"] == out["it"] == {"votes": 0.1}
    # one named language it knows: nothing to rank; the leader named: its own evidence only
    assert with_ngram_evidence({"de": {"votes": 0.1}, "it": {"votes": 0.1}}, ev) == {"de": {"votes": 0.1}, "it": {"votes": 0.1}}
    assert with_ngram_evidence({"zh": {"votes": 0.1}, "de": {"votes": 0.1}, "cs": {"votes": 0.1}}, ev) == {
        "zh": {"votes": 0.1, "ngram": 1.0}, "de": {"votes": 0.1}, "cs": {"votes": 0.1}}


# --- the n-gram dot product: plain Python first, numpy after, the same numbers --------------

def _sample_texts() -> list[str]:
    return [f.read_text(encoding="utf-8") for f in sorted(SAMPLES.iterdir())] + [ITALIAN, NATIVE, ORIGINAL_WITH_NAMES]


def test_ngram_dot_product_is_the_same_to_the_last_bit_in_python_and_numpy(monkeypatch):
    """`NgramModel._dot` adds the same products in the same order both ways: a process's
    first texts (plain Python) and the later ones (numpy) get identical numbers, so an
    article's MT-risk never depends on where it stands in a batch."""
    pytest.importorskip("numpy")
    from auditor.triage import model as triage_model
    from auditor.triage.ngrams import keyed_vector, split_text

    m = default_model().ngram
    vectors = [keyed_vector(split_text(t)) for t in _sample_texts()]
    vectors += [{k: v * 0.37 for k, v in vec.items()} for vec in vectors]  # other values, same rows
    for vec in vectors:
        monkeypatch.setattr(triage_model, "_texts", 0)
        plain = m.log_probabilities(vec, keyed=True)
        monkeypatch.setattr(triage_model, "_texts", triage_model.NUMPY_AFTER)
        fast = m.log_probabilities(vec, keyed=True)
        assert plain is not None and plain == fast  # exactly, not approximately


def test_ngram_judgement_from_counts_equals_the_one_from_the_vector():
    """`NgramModel.judge_counts` (the engine's path: only the known features normalised)
    gives exactly `judge_keyed` of the whole normalised vector, and `judge` of the named one."""
    from auditor.triage.ngrams import feature_counts, keyed_vector, ngram_vector, split_text

    m = default_model().ngram
    for text in _sample_texts() + ["", "1234 5678"]:
        split = split_text(text)
        by_counts = m.judge_counts(feature_counts(split))
        assert by_counts == m.judge_keyed(keyed_vector(split))
        named = m.judge(ngram_vector(text))
        assert by_counts[1] == named[1] and by_counts[0] == named[0]
