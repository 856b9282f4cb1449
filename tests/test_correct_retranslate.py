"""Source-aware re-translation (`auditor.correct.retranslate`, `auditor fix --mt-model`):
the gate with a deterministic fake translation model, the choice between a post-edit and
a re-translation, source pairing, and the real loading path with a tiny random Marian
model built at test time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.config import Settings
from auditor.correct.corrector import Proposal
from auditor.correct.retranslate import RetranslateConfig, Retranslator, engine_article_recheck
from auditor.document import Article
from auditor.findings import Applicability, Replacement
from auditor.fix import fix_article
from auditor.rules.engine import Engine

from _cli import run

SRC = "Il governo ha stanziato 28.000 euro per la regione. Il sindaco ha ringraziato i volontari."
TGT = "The government allocated 24,000 euros for the region. The mayor thanked the volunteers."
GOOD = "The government allocated 28,000 euros for the region."
SRC_NEG = "Il governo non ha stanziato 28.000 euro per la regione. Il sindaco ha ringraziato i volontari."
TGT_NEG_LOST = "The government allocated 28,000 euros for the region. The mayor thanked the volunteers."
TGT_NEG_KEPT = "The government did not allocate 24,000 euros for the region. The mayor thanked the volunteers."


class FakeMT:
    """A translation model that answers from tables: ``outputs`` maps a source sentence to
    its translation, ``per_token`` a target sentence to its mean log-probability."""

    name = "fake"
    meta: dict = {}

    def __init__(self, outputs: dict[str, str], per_token: dict[str, float] | None = None, default: float = -1.5):
        self.outputs = outputs
        self.per_token = per_token or {}
        self.default = default
        self.generated: list[str] = []

    def count_tokens(self, texts):
        return [len(t.split()) + 1 for t in texts]

    def generate(self, sources, beam_size=1, max_length=128):
        self.generated.extend(sources)
        return [self.outputs.get(s, s) for s in sources]

    def score(self, sources, targets):
        return [self.per_token.get(t, self.default) * n for t, n in zip(targets, self.count_tokens(targets))]


@pytest.fixture(scope="module")
def engine():
    return Engine(Settings())


def propose(engine, source, target, candidate, per_token=None, margin=0.5):
    """The re-translations of ``target`` (source ``source``) when the model answers
    ``candidate`` for the first source sentence."""
    first = source.split(". ")[0] + "."
    mt = FakeMT({first: candidate}, per_token if per_token is not None else {candidate: -0.3})
    article = Article(text=target, source_text=source, source_lang="it")
    findings = engine.check(article)[0]
    retranslator = Retranslator(mt, config=RetranslateConfig(margin=margin))
    return retranslator.propose(article, findings, engine_article_recheck(engine)), mt


def test_accepts_a_retranslation_that_passes_every_check(engine):
    [r], mt = propose(engine, SRC, TGT, GOOD)
    # only the flagged first sentence is re-translated, from its own source sentence
    assert mt.generated == ["Il governo ha stanziato 28.000 euro per la regione."]
    assert (r.start, r.end) == (0, 53) and r.original == "The government allocated 24,000 euros for the region."
    assert r.codes == ("SRC001",)
    assert r.accepted and r.applicability is Applicability.UNSAFE, r.reason
    assert all(r.checks.values()) and set(r.checks) >= {"numbers", "names", "negation", "repaired", "margin", "length"}
    # fake scores: -0.3 per token for the candidate, -1.5 for the current sentence
    assert r.scores["margin"] == pytest.approx(1.2)
    assert "margin 1.20" in r.reason


@pytest.mark.parametrize("source, target, candidate, check, reason", [
    # the flagged number is still wrong: the rules still report it
    (SRC, TGT, "The government allocated 24,000 euros to the region.", "repaired", "still flagged (SRC001"),
    # the flagged negation is restored, but a number changes against the source
    (SRC_NEG, TGT_NEG_LOST, "The government did not allocate 30,000 euros for the region.", "numbers",
     "changes a number against the source: '30,000' for the source's '28.000'"),
    # the flagged number is repaired, but the negation of the source is lost
    (SRC_NEG, TGT_NEG_KEPT, "The government allocated 28,000 euros for the region.", "negation", "drops a negation"),
    # a name appears that the source does not have
    (SRC, TGT, "The government of Paraguay allocated 28,000 euros for the region.", "names", "adds the name 'Paraguay'"),
    # truncated / run-away outputs
    (SRC, TGT, "The government.", "length", "0.28 times as long"),
    (SRC, TGT, GOOD[:-1] + " and for the people who live there, said the minister in a long statement on Monday.",
     "length", "2.57 times as long"),
    (SRC, TGT, "The government allocated 24,000 euros for the region.", "changed", "equals the current sentence"),
])
def test_rejects_with_the_reason(engine, source, target, candidate, check, reason):
    [r], _ = propose(engine, source, target, candidate)
    assert not r.accepted and r.applicability is Applicability.DISPLAY
    assert r.checks[check] is False and reason in r.reason, r.reason
    assert all(v for k, v in r.checks.items() if k != check)  # the earlier checks passed


def test_rejects_a_small_margin(engine):
    [r], _ = propose(engine, SRC, TGT, GOOD, per_token={GOOD: -1.2}, margin=0.5)
    assert not r.accepted and r.checks["margin"] is False
    assert r.checks["repaired"] and r.checks["numbers"]
    assert "not confident enough (margin 0.30 < 0.50" in r.reason
    [r], _ = propose(engine, SRC, TGT, GOOD, per_token={GOOD: -1.2}, margin=0.25)
    assert r.accepted


def test_length_normalised_margin_ignores_sentence_length(engine):
    # same per-token scores, but the candidate has more tokens than the current sentence:
    # summed log-probabilities would prefer the shorter current sentence
    cand = "The government has allocated a total of 28,000 euros for the region."
    # 13 tokens at -1.0 = -13.0 summed; the current sentence 9 tokens at -1.25 = -11.25
    [r], _ = propose(engine, SRC, TGT, cand, per_token={cand: -1.0, TGT.split(". ")[0] + ".": -1.25}, margin=0.2)
    assert r.scores["logp_candidate_sum"] == pytest.approx(-13.0) and r.scores["logp_current_sum"] == pytest.approx(-11.25)
    assert r.accepted and r.scores["margin"] == pytest.approx(0.25)


def test_no_source_no_retranslation(engine):
    mt = FakeMT({})
    article = Article(text=TGT)
    assert Retranslator(mt).propose(article, engine.check(article)[0], engine_article_recheck(engine)) == []
    assert mt.generated == []
    result = fix_article(article, engine, None, unsafe=True, retranslator=Retranslator(mt))
    assert result.corrected == TGT and not [e for e in result.edits if e.origin == "mt-model"]


def _fix(engine, corrector=None, unsafe=True, target=TGT, source=SRC, candidate=GOOD):
    first = source.split(". ")[0] + "."
    retranslator = Retranslator(FakeMT({first: candidate}, {candidate: -0.3}))
    return fix_article(Article(text=target, source_text=source, source_lang="it"), engine, corrector, unsafe=unsafe,
                       retranslator=retranslator)


def test_fix_applies_an_accepted_retranslation_only_with_unsafe(engine):
    result = _fix(engine, unsafe=True)
    [mt] = [e for e in result.edits if e.origin == "mt-model"]
    assert mt.status == "applied" and mt.applicability is Applicability.UNSAFE
    assert result.corrected == GOOD + " The mayor thanked the volunteers."
    assert mt.to_dict()["evidence"]["source"] == "Il governo ha stanziato 28.000 euro per la regione."
    result = _fix(engine, unsafe=False)
    [mt] = [e for e in result.edits if e.origin == "mt-model"]
    assert mt.status == "display" and "only with --unsafe-fixes" in mt.reason
    assert result.corrected == TGT


class SpanCorrector:
    """The post-editing corrector, faked: it proposes ``new`` for each flagged span whose
    text is in ``fixes`` and lets the test decide the verdict."""

    def __init__(self, fixes: dict[str, str], accepted: bool):
        self.fixes, self.accepted = fixes, accepted

    def propose_article(self, article, findings, recheck):
        out = []
        for f in findings:
            if f.text not in self.fixes:
                continue
            app = Applicability.UNSAFE if self.accepted else Applicability.DISPLAY
            edit = Replacement(f.start, f.end, self.fixes[f.text], app, "model correction")
            out.append(Proposal(window=(f.start, f.end), span=(f.start, f.end), original=f.text, candidate=self.fixes[f.text],
                                codes=(f.code,), scores={"margin": 2.0}, accepted=self.accepted,
                                reason="accepted" if self.accepted else "the proposal changes a number", applicability=app,
                                edit=edit))
        return out


def test_choice_prefers_a_passing_post_edit(engine):
    result = _fix(engine, SpanCorrector({"24,000": "28,000"}, accepted=True))
    [post] = [e for e in result.edits if e.origin == "model"]
    [mt] = [e for e in result.edits if e.origin == "mt-model"]
    assert post.status == "applied"
    assert mt.status == "display" and mt.applicability is Applicability.DISPLAY and "post-edit" in mt.reason
    assert mt.evidence["accepted"] is True  # it passed its gate, and lost the choice
    assert result.corrected == TGT.replace("24,000", "28,000")


def test_choice_takes_the_retranslation_when_the_post_edit_fails(engine):
    result = _fix(engine, SpanCorrector({"24,000": "42,000"}, accepted=False))
    [post] = [e for e in result.edits if e.origin == "model"]
    [mt] = [e for e in result.edits if e.origin == "mt-model"]
    assert post.status == "rejected" and mt.status == "applied"
    assert result.corrected == GOOD + " The mayor thanked the volunteers."


def test_choice_takes_the_retranslation_when_the_post_edit_repairs_only_part(engine):
    source = "Il governo ha stanziato 28.000 euro per 15 regioni. Il sindaco ha ringraziato i volontari."
    target = "The government allocated 24,000 euros for 12 regions. The mayor thanked the volunteers."
    good = "The government allocated 28,000 euros for 15 regions."
    flagged = [f for f in engine.check(Article(text=target, source_text=source, source_lang="it"))[0] if f.code == "SRC001"]
    assert [f.text for f in flagged] == ["24,000", "12"]
    result = _fix(engine, SpanCorrector({"24,000": "28,000"}, accepted=True), target=target, source=source, candidate=good)
    [post] = [e for e in result.edits if e.origin == "model"]
    [mt] = [e for e in result.edits if e.origin == "mt-model"]
    assert mt.status == "applied"
    assert post.status == "skipped" and "superseded by the re-translation" in post.reason
    assert result.corrected == good + " The mayor thanked the volunteers."


# ---- the CLI and the real loading path ----------------------------------------------

@pytest.fixture(scope="module")
def tiny_mt(tmp_path_factory):
    """A random-weight Marian translation model with a sentencepiece vocabulary, saved as
    a transformers folder (safetensors)."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    import torch
    from transformers import MarianConfig, MarianMTModel

    from auditor.correct.export import save_transformers
    from auditor.correct.train import train_spm, write_marian_tokenizer

    root = tmp_path_factory.mktemp("tiny-mt")
    lines = [SRC, TGT, SRC_NEG, TGT_NEG_KEPT, GOOD] * 20
    spm = train_spm(lines, root / "spm", vocab_size=120)
    write_marian_tokenizer(spm, root / "tok")
    vocab = len(json.loads((root / "tok" / "vocab.json").read_text("utf-8")))
    pad = vocab - 1
    config = MarianConfig(vocab_size=vocab, decoder_vocab_size=vocab, d_model=16, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
                          max_position_embeddings=256, pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad,
                          forced_eos_token_id=0, share_encoder_decoder_embeddings=True, tie_word_embeddings=True)
    torch.manual_seed(0)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.get_input_embeddings().weight[pad].zero_()
    model.generation_config.decoder_start_token_id = pad
    model.generation_config.pad_token_id = pad
    model.generation_config.eos_token_id = 0
    return save_transformers(model, root / "tok", root / "mt")


@pytest.fixture
def paired(tmp_path):
    """story-1.en.txt in one folder, story-1.it.txt in another."""
    (tmp_path / "en").mkdir()
    (tmp_path / "it").mkdir()
    (tmp_path / "en" / "story-1.en.txt").write_text("Aid for the region\n\n" + TGT + "\n", "utf-8")
    (tmp_path / "it" / "story-1.it.txt").write_text("Aiuti per la regione\n\n" + SRC + "\n", "utf-8")
    return tmp_path


def _mt_edits(out):
    doc = json.loads(out)
    [article] = doc["articles"]
    return doc, article, [e for e in article["edits"] if e["origin"] == "mt-model"]


def test_cli_random_model_is_held_back(capsys, tiny_mt, paired):
    target = paired / "en" / "story-1.en.txt"
    code, out, err = run(capsys, "fix", str(target), "--source", str(paired / "it"), "--mt-model", str(tiny_mt),
                         "--no-model", "--unsafe-fixes", "--beam", "2", "--format", "json", "--isolated", "--quiet")
    assert code == 0, err
    doc, article, mt = _mt_edits(out)
    assert doc["mt_model"] == str(tiny_mt)
    assert len(mt) == 1 and mt[0]["original"] == TGT.split(". ")[0] + "."
    e = mt[0]
    # random weights: gibberish, which the gate holds back with its reason
    assert e["applicability"] == "display" and e["status"] == "rejected" and e["reason"]
    assert e["evidence"]["source"] == SRC.split(". ")[0] + "."
    assert e["evidence"]["codes"] == ["SRC001"] and not all(e["evidence"]["checks"].values())
    assert e["evidence"]["scores"]["logp_current"] < 0
    assert article["corrected_text"] == target.read_text("utf-8")


def test_cli_pairs_jsonl_source_text(capsys, tiny_mt, tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": TGT, "source_text": SRC, "source_lang": "it"}, {"id": "b", "text": TGT}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    code, out, err = run(capsys, "fix", str(path), "--mt-model", str(tiny_mt), "--no-model", "--beam", "1",
                         "--format", "json", "--isolated", "--quiet")
    assert code == 0, err
    a, b = json.loads(out)["articles"]
    assert [e["origin"] for e in a["edits"] if e["origin"] == "mt-model"] == ["mt-model"]
    assert not [e for e in b["edits"] if e["origin"] == "mt-model"]  # no source: no re-translation
    assert a["corrected_text"] == TGT and b["corrected_text"] == TGT


def test_cli_source_file_pairing_by_name_skips_unmatched(capsys, tiny_mt, paired):
    (paired / "en" / "other.en.txt").write_text("Aid for the region\n\n" + TGT + "\n", "utf-8")
    code, out, err = run(capsys, "fix", str(paired / "en"), "--source", str(paired / "it"), "--mt-model", str(tiny_mt),
                         "--no-model", "--beam", "1", "--format", "json", "--isolated", "--quiet")
    assert code == 0, err
    by_name = {Path(a["path"]).name: a for a in json.loads(out)["articles"]}
    assert [e["origin"] for e in by_name["story-1.en.txt"]["edits"]] == ["mt-model"]
    assert not [e for e in by_name["other.en.txt"]["edits"] if e["origin"] == "mt-model"]


def test_cli_ctranslate2_copy(capsys, tiny_mt, paired, tmp_path):
    pytest.importorskip("ctranslate2")
    from auditor.correct.export import convert_ct2

    ct2 = convert_ct2(tiny_mt, tmp_path / "mt-ct2", quantization=None)
    import shutil

    import sentencepiece as spm

    from auditor.correct.retranslate import CTranslate2MT, load_mt_backend, token_counts

    # opus-mt layout: the target language has its own sentencepiece model
    shutil.copyfile(tiny_mt / "target.spm", ct2 / "target.spm")
    mt = load_mt_backend(ct2)
    assert isinstance(mt, CTranslate2MT) and mt.target_sp is not mt.sp
    pieces = spm.SentencePieceProcessor(model_file=str(ct2 / "target.spm")).encode(GOOD, out_type=str)
    assert token_counts(mt, [GOOD]) == [len(pieces) + 1]  # the pieces that score() sums, plus the end token
    assert len(mt.score([SRC], [GOOD])) == 1 and mt.score([SRC], [GOOD])[0] < 0
    code, out, err = run(capsys, "fix", str(paired / "en" / "story-1.en.txt"), "--source", str(paired / "it"),
                         "--mt-model", str(ct2), "--mt-backend", "ctranslate2", "--no-model", "--format", "json",
                         "--isolated", "--quiet")
    assert code == 0, err
    _, article, mt = _mt_edits(out)
    assert len(mt) == 1 and mt[0]["applicability"] == "display"
    assert mt[0]["evidence"]["scores"]["tokens_current"] > 1


def test_cli_errors(capsys, tmp_path, paired):
    target = str(paired / "en" / "story-1.en.txt")
    base = ["fix", target, "--no-model", "--isolated", "--quiet", "--format", "json"]
    # --mt-model without any source
    code, out, err = run(capsys, *base, "--mt-model", str(tmp_path))
    assert code == 2 and err.startswith("error:") and "--source" in err and err.count("\n") == 1
    # a missing folder: never looked up on a model hub
    code, _, err = run(capsys, *base, "--source", str(paired / "it"), "--mt-model", str(tmp_path / "missing"))
    assert code == 2 and "no such model folder" in err and err.count("\n") == 1
    # a folder that holds no seq2seq model
    (tmp_path / "bert").mkdir()
    (tmp_path / "bert" / "config.json").write_text(json.dumps({"model_type": "bert"}), "utf-8")
    code, _, err = run(capsys, *base, "--source", str(paired / "it"), "--mt-model", str(tmp_path / "bert"))
    assert code == 2 and "not a seq2seq" in err and err.count("\n") == 1
    # a folder that holds nothing loadable
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, *base, "--source", str(paired / "it"), "--mt-model", str(tmp_path / "empty"))
    assert code == 2 and err.startswith("error: cannot load the translation model") and err.count("\n") == 1
    # the post-editing model is not a translation model
    (tmp_path / "pe").mkdir()
    (tmp_path / "pe" / "auditor.json").write_text(json.dumps({"target": "span"}), "utf-8")
    code, _, err = run(capsys, *base, "--source", str(paired / "it"), "--mt-model", str(tmp_path / "pe"))
    assert code == 2 and "post-editing model" in err
    # --source that does not exist
    code, _, err = run(capsys, *base, "--source", str(tmp_path / "nowhere"))
    assert code == 2 and "--source" in err and "no such file" in err


def test_rejects_a_new_error_from_the_rules():
    from auditor.correct.retranslate import Unit, judge
    from auditor.findings import Finding, Severity

    text = TGT
    flagged = Finding("SRC001", "number-mismatch", "source", Severity.ERROR, 25, 31, "24,000", "wrong number")
    unit = Unit(0, 53, 0, 51, text[:53], SRC[:51], [flagged])
    seen = []

    def recheck(article):
        seen.append(article.text)
        # a new error inside the new sentence, and one outside it (ignored)
        return [Finding("GRM900", "made-up", "grammar", Severity.ERROR, 4, 14, "government", "a new error"),
                Finding("GRM901", "elsewhere", "grammar", Severity.ERROR, 60, 65, "mayor", "outside")]

    ok, reason, checks = judge(unit, GOOD, logp_candidate=-0.2, logp_current=-2.0, lang="it",
                               article=Article(text=text, source_text=SRC, source_lang="it"), recheck=recheck)
    assert seen == [GOOD + text[53:]]  # the rules saw the article with the sentence replaced
    assert not ok and checks["repaired"] and checks["no_new_errors"] is False
    assert "introduces a new error (GRM900 made-up" in reason
    # the same finding already in the old sentence is not new
    ok, reason, _ = judge(unit, GOOD, logp_candidate=-0.2, logp_current=-2.0, lang="it",
                          article=Article(text=text, source_text=SRC, source_lang="it"), recheck=recheck,
                          before=[Finding("GRM900", "made-up", "grammar", Severity.ERROR, 4, 14, "government", "old")])
    assert ok, reason
    # without a recheck nothing is accepted
    ok, reason, _ = judge(unit, GOOD, logp_candidate=-0.2, logp_current=-2.0, lang="it")
    assert not ok and "not re-run" in reason
