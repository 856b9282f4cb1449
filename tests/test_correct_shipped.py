"""The shipped default model (auditor/models/mtpe-small): loads offline, both backends
agree, the gate keeps clean text clean. Skipped when the model is absent."""

from __future__ import annotations

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("transformers")

from auditor.correct.backends import CTranslate2Backend, TransformersBackend, default_model_dir, load_backend  # noqa: E402
from auditor.correct.corrector import Corrector  # noqa: E402
from auditor.correct.evaluate import evaluate_rows  # noqa: E402
from auditor.findings import Applicability, Finding, Severity  # noqa: E402

MODEL = default_model_dir()
pytestmark = pytest.mark.skipif(not (MODEL / "model.bin").is_file(), reason="the shipped model is absent")

WINDOWS = [
    "The Russian president ⟦he⟧ thus clarified Moscow's plans",
    "noted that the unholy union ⟦represents⟧ one of the greatest threats",
    "a preventive ⟦attackbecause⟧ with a simple retaliation",
    "the head of the ⟦Csis⟧ think tank in Washington",
    "Cyanuric acid and melamine were found in urine samples of pets who died after eating contaminated pet ⟦food food⟧.",
    "A comparison by infrared spectroscopy ⟦( FTIR )⟧ revealed that the composition",
    "The government said ⟦on⟧ Tuesday that it would raise taxes",
    "In 1979, the Soviets ⟦invaded⟧ Afghanistan and the US supported rebel groups",
    "The company reported a ⟦net⟧ loss of 4.5 million euros in the first quarter",
    "Officials in ⟦Rome⟧ said the talks would resume next week",
    "He said the ⟦plan⟧ was not ready yet",
    "The ⟦match⟧ ended 2-1 after extra time",
]


@pytest.fixture(scope="module")
def backends():
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return CTranslate2Backend(MODEL), TransformersBackend(MODEL)


def test_size_and_default_backend():
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size <= 31_500_000
    assert (MODEL / "README.md").is_file() and (MODEL / "spm.model").is_file()
    assert isinstance(load_backend(), CTranslate2Backend)  # ctranslate2 is the default when present


def test_backends_agree_on_the_shipped_model(backends):
    fast, slow = backends
    a = fast.generate(WINDOWS, beam_size=1)
    b = slow.generate(WINDOWS, beam_size=1)
    agree = sum(x == y for x, y in zip(a, b))
    assert agree >= len(WINDOWS) - 1, list(zip(a, b))
    copies = [w.replace("⟦", "").replace("⟧", "") for w in WINDOWS]
    for x, y in zip(fast.score(WINDOWS, copies), slow.score(WINDOWS, copies)):
        assert abs(x - y) <= 0.5 + 0.1 * abs(y)


def test_clean_windows_stay_clean_through_the_gate(backends):
    fast, _ = backends
    rows = [{"kind": "clean", "source": w, "target": w.replace("⟦", "").replace("⟧", "")} for w in WINDOWS[6:]]
    result = evaluate_rows(fast, rows)
    assert result["clean_unchanged_after_gate"] == 1.0, result["clean_changed_examples"]


def test_model_edits_are_never_safe(backends):
    fast, _ = backends
    text = "The Russian president he thus clarified Moscow's plans on 5 June."
    f = Finding("GRA001", "pronoun-doubling", "grammar", Severity.WARNING, 22, 24, "he", "m")
    (p,) = Corrector(fast).propose([(0, text)], [f], recheck=lambda s: [])
    assert p.applicability in (Applicability.UNSAFE, Applicability.DISPLAY)
    if p.accepted:
        assert p.edit is not None and text[: p.edit.start] + p.edit.content + text[p.edit.end :] == (
            "The Russian president thus clarified Moscow's plans on 5 June."
        )
