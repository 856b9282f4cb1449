"""The corrector lets the model vouch for a rule's `unsafe` fix it would not write itself."""

from __future__ import annotations

from auditor.correct import Corrector
from auditor.correct.gate import GateConfig
from auditor.correct.window import CLOSE, OPEN
from auditor.findings import Applicability, Finding, Replacement, Severity

TEXT = "The Russian president he thus clarified the plans of Moscow."
HE = TEXT.index(" he ") + 1


class CopyingModel:
    """Writes the marked span back unchanged; scores targets from a table (else -10)."""

    meta = {"target": "span"}

    def __init__(self, scores: dict[str, float]):
        self.scores = scores
        self.scored: list[str] = []

    def generate(self, sources, beam_size=1, max_length=64):
        return [s[s.index(OPEN) : s.index(CLOSE) + 1] for s in sources]

    def score(self, sources, targets):
        self.scored += list(targets)
        return [self.scores.get(t, -10.0) for t in targets]


def doubled_subject(applicability=Applicability.UNSAFE) -> Finding:
    end = TEXT.index("clarified") + len("clarified")
    return Finding("GRM001", "pronoun-doubling", "grammar", Severity.WARNING, 0, end, TEXT[:end], "m",
                   replacements=[Replacement(HE, HE + 3, "", applicability, "remove 'he'")])


COPY = f"{OPEN}The Russian president he thus clarified{CLOSE}"
FIXED = f"{OPEN}The Russian president thus clarified{CLOSE}"


def propose(model, finding, **gate):
    gate = {"margin": 5.0, "verify_margin": 0.0, **gate}
    corrector = Corrector(model, gate=GateConfig(**gate), beam_size=1, context_words=3)
    return corrector.propose([(0, TEXT)], [finding], recheck=lambda s: [])


def test_a_rule_fix_the_model_prefers_becomes_an_unsafe_model_edit():
    model = CopyingModel({COPY: -4.0, FIXED: -2.5})
    (p,) = propose(model, doubled_subject())
    assert FIXED in model.scored  # the rule's fix was scored as the model's own target
    assert p.accepted and p.applicability is Applicability.UNSAFE
    assert "verified by the model" in p.reason and "GRM001" in p.reason
    assert (p.edit.start, p.edit.end, p.edit.content) in ((HE, HE + 3, ""), (HE - 1, HE + 2, ""))
    assert p.scores["margin"] == 1.5  # -2.5 - (-4.0): below the margin for the model's own proposals


def test_a_rule_fix_the_model_does_not_prefer_stays_held_back():
    (p,) = propose(CopyingModel({COPY: -2.5, FIXED: -4.0}), doubled_subject())
    assert not p.accepted and p.edit is None and p.reason == "the model proposes no change"


def test_display_suggestions_and_a_higher_verify_margin_are_respected():
    model = CopyingModel({COPY: -4.0, FIXED: -2.5})
    (p,) = propose(model, doubled_subject(Applicability.DISPLAY))
    assert not p.accepted and FIXED not in model.scored  # a suggestion is not a fix to verify
    (p,) = propose(CopyingModel({COPY: -4.0, FIXED: -2.5}), doubled_subject(), verify_margin=2.0)
    assert not p.accepted


class CountingModel(CopyingModel):
    def __init__(self, scores):
        super().__init__(scores)
        self.generate_calls = 0

    def generate(self, sources, beam_size=1, max_length=64):
        self.generate_calls += 1
        return super().generate(sources, beam_size, max_length)


def test_several_texts_reach_the_model_in_one_batch():
    other = "Officials said said that the storm had passed."
    said = Finding("TYP013", "doubled-word", "typography", Severity.WARNING, 10, 19, "said said", "m",
                   replacements=[Replacement(14, 19, "", Applicability.UNSAFE, "delete the repeat")])
    scores = {COPY: -4.0, FIXED: -2.5}
    model = CountingModel(scores)
    corrector = Corrector(model, gate=GateConfig(margin=5.0, verify_margin=0.0), beam_size=1, context_words=3)
    batched = corrector.propose_many([([(0, TEXT)], [doubled_subject()]), ([(0, other)], [said]), ([(0, "Fine.")], [])],
                                     recheck=lambda s: [])
    assert model.generate_calls == 1
    assert [len(p) for p in batched] == [1, 1, 0]
    alone = [corrector.propose([(0, TEXT)], [doubled_subject()], recheck=lambda s: []),
             corrector.propose([(0, other)], [said], recheck=lambda s: [])]
    assert [[(p.codes, p.accepted, p.edit) for p in item] for item in batched[:2]] == \
           [[(p.codes, p.accepted, p.edit) for p in item] for item in alone]


def test_a_case_change_is_not_verified():
    # WMT22: sentence-case fixes of lower-case segments, which the references keep lower-case
    text = "we used to have a different address."
    f = Finding("TYP015", "lowercase-sentence", "typography", Severity.WARNING, 0, 2, "we", "m",
                replacements=[Replacement(0, 1, "W", Applicability.UNSAFE, "capitalise")])
    model = CopyingModel({f"{OPEN}we{CLOSE}": -9.0, f"{OPEN}We{CLOSE}": -1.0})
    (p,) = Corrector(model, gate=GateConfig(margin=5.0, verify_margin=0.0), beam_size=1).propose(
        [(0, text)], [f], recheck=lambda s: [])
    assert not p.accepted and f"{OPEN}We{CLOSE}" not in model.scored
