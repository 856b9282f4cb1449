"""The real training, export, loading, generation and conversion code, run on a tiny
random Marian model with a tiny sentencepiece model built at test time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("sentencepiece")
ct2 = pytest.importorskip("ctranslate2")

from _correct_fixtures import make_fake_mlqe  # noqa: E402

from auditor.correct.backends import CTranslate2Backend, TransformersBackend, load_backend  # noqa: E402
from auditor.correct.corrector import Corrector  # noqa: E402
from auditor.correct.export import check_pad_row, convert_ct2, export_run, load_run_model, save_transformers  # noqa: E402
from auditor.correct.gate import GateConfig  # noqa: E402
from auditor.correct.train import TrainConfig, train  # noqa: E402
from auditor.findings import Finding, Severity  # noqa: E402

INPUTS = [
    "the minister ⟦said said⟧ that his government",
    "Putin and Kim ⟦announced⟧ new talks with several countries",
    "officials in Rome ⟦and⟧ Madrid were not available",
    "the council , ⟦NATO⟧ 42 storm",
    "⟦The⟧ president of the council",
]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    mlqe = make_fake_mlqe(root / "mlqe")
    cfg = TrainConfig(
        name="tiny", runs_dir=str(root / "runs"), mlqe_dir=str(mlqe), vocab_size=200, d_model=32, layers=1,
        heads=2, ffn=64, max_len=48, batch_size=16, lr=3e-3, warmup=10, max_steps=150, log_every=50,
        eval_clean=4, eval_synthetic=4, checkpoint_minutes=100, eval_minutes=100,
    )
    train(cfg, log=lambda m: None)
    return cfg, root


def test_training_logs_checkpoints_and_resumes(tiny_run):
    cfg, _ = tiny_run
    run = cfg.run_dir
    records = [json.loads(line) for line in (run / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in records if "loss" in r] == [50, 100, 150]
    assert records[-1]["final"] is True and 0 <= records[-1]["eval"]["clean_copied"] <= 1
    assert (run / "curve.md").read_text().count("\n") >= 3
    # held-out windows come from the dev split only
    train_sents = set(json.loads((run / "corpus.json").read_text())["train"])
    assert not train_sents & set(json.loads((run / "corpus.json").read_text())["dev"])
    # resume: continue to step 155 from the saved step 150
    cfg.max_steps = 155
    try:
        train(cfg, resume=True, log=lambda m: None)
    finally:
        cfg.max_steps = 150
    _, _, state = load_run_model(run)
    assert state["step"] == 155
    steps = [json.loads(line)["step"] for line in (run / "log.jsonl").read_text().splitlines()]
    assert steps[-1] == 155


def test_training_with_data_workers_and_a_shallower_decoder(tiny_run, tmp_path):
    # the GPU recipe's switches, run on CPU: batches drawn by a worker process, and a
    # decoder with fewer layers than the encoder (exported and converted like any other)
    base, _ = tiny_run
    cfg = TrainConfig(**{**base.__dict__, "name": "workers", "runs_dir": str(tmp_path), "layers": 2,
                         "decoder_layers": 1, "workers": 1, "max_steps": 20, "log_every": 10})
    train(cfg, log=lambda m: None)
    model, _, state = load_run_model(cfg.run_dir)
    assert state["step"] == 20
    assert (model.config.encoder_layers, model.config.decoder_layers) == (2, 1)
    losses = [json.loads(line)["loss"] for line in (cfg.run_dir / "log.jsonl").read_text().splitlines() if "loss" in line]
    assert len(losses) == 2 and all(x > 0 for x in losses)
    info = export_run(cfg.run_dir, tmp_path / "out")
    assert (tmp_path / "out" / "model.bin").is_file() and info["step"] == 20


@pytest.fixture(scope="module")
def exported(tiny_run):
    cfg, root = tiny_run
    out = root / "model"
    info = export_run(cfg.run_dir, out, quantization="int8")
    # a float32 ctranslate2 copy as well, for exact agreement
    f32 = convert_ct2(cfg.run_dir / "hf", root / "model-f32", quantization=None)
    return cfg, out, f32, info


def test_export_layout_and_pad_row(exported):
    cfg, out, f32, info = exported
    for name in ("model.bin", "config.json", "spm.model", "training.json"):
        assert (out / name).is_file(), name
    assert (out / "transformers" / "model.safetensors").is_file()
    assert check_pad_row(cfg.run_dir / "hf") == 0.0
    assert info["parameters"] > 0


def test_backends_agree_on_greedy_output(exported):
    cfg, out, f32, _ = exported
    hf = TransformersBackend(cfg.run_dir / "hf")
    fast = CTranslate2Backend(f32, compute_type="float32")
    a = hf.generate(INPUTS, beam_size=1, max_length=40)
    b = fast.generate(INPUTS, beam_size=1, max_length=40)
    assert a == b
    assert any(x.strip() for x in a)
    # the two scorers agree on the log-probability of copying
    copies = [s.replace("⟦", "").replace("⟧", "") for s in INPUTS]
    for x, y in zip(hf.score(INPUTS, copies), fast.score(INPUTS, copies)):
        assert x < 0 and abs(x - y) < 1e-2 * max(1.0, abs(x))


def test_int8_and_fp16_copies_load(exported):
    cfg, out, _, _ = exported
    int8 = load_backend(out)  # auto: ctranslate2 when present
    assert isinstance(int8, CTranslate2Backend)
    assert len(int8.generate(INPUTS[:2], beam_size=4)) == 2
    half = load_backend(out, backend="transformers")  # the shipped fp16 copy, loaded as fp32
    assert isinstance(half, TransformersBackend)
    assert len(half.generate(INPUTS[:2])) == 2


def test_refuses_conversion_with_a_nonzero_pad_row(exported, tmp_path):
    import torch

    cfg, _, _, _ = exported
    model, _, _ = load_run_model(cfg.run_dir)
    with torch.no_grad():
        model.get_input_embeddings().weight[model.config.pad_token_id] += 1.0
    bad = save_transformers(model, cfg.run_dir / "tokenizer", tmp_path / "bad")
    from auditor.correct.backends import ModelError

    with pytest.raises(ModelError, match="pad row"):
        convert_ct2(bad, tmp_path / "bad-ct2")


def test_corrector_end_to_end_with_tiny_model(exported):
    cfg, out, f32, _ = exported
    backend = CTranslate2Backend(f32, compute_type="float32")
    text = "Officials in Rome said said that the storm had passed. The council met."
    finding = Finding("REP001", "repeated-word", "typography", Severity.WARNING, 22, 31, "said said", "repeated word")
    corrector = Corrector(backend, gate=GateConfig(margin=0.5), beam_size=1)
    proposals = corrector.propose([(0, text[:52]), (53, text[53:])], [finding], recheck=lambda s: [])
    assert len(proposals) == 1
    p = proposals[0]
    assert p.span == (22, 31) and text[p.window[0] : p.window[1]] == p.original
    assert p.original.startswith("Officials in Rome")
    assert p.applicability.value in ("unsafe", "display")  # never safe
    assert p.scores["logp_copy"] < 0
    if p.edit is not None:
        assert p.window[0] <= p.edit.start <= p.edit.end <= p.window[1]


def test_corrector_leaves_families_it_was_not_trained_for(exported):
    # residue is removed by rule fixes; the model was never taught to rewrite a site name
    cfg, out, f32, _ = exported
    backend = CTranslate2Backend(f32, compute_type="float32")
    text = "Graduates expected in Beijing in 2022 - Xinhuanet"
    residue = Finding("RES001", "title-suffix", "residue", Severity.ERROR, 37, len(text), " - Xinhuanet", "m")
    typo = Finding("TYP001", "glued-words", "typography", Severity.WARNING, 0, 9, "Graduates", "m")
    proposals = Corrector(backend, beam_size=1).propose([(0, text)], [residue, typo], recheck=lambda s: [])
    assert [p.codes for p in proposals] == [("TYP001",)]
    everything = Corrector(backend, beam_size=1, families=None).propose([(0, text)], [residue], recheck=lambda s: [])
    assert [p.codes for p in everything] == [("RES001",)]


def test_cli_model_convert_and_info(exported, tmp_path):
    from auditor.cli.app import main

    cfg, _, _, _ = exported
    dst = tmp_path / "ct2"
    assert main(["model", "convert", str(cfg.run_dir / "hf"), str(dst), "--quantization", "int8"]) == 0
    assert (dst / "model.bin").is_file() and (dst / "spm.model").is_file()
    assert main(["model", "info", str(dst), "--format", "json"]) == 0
    assert main(["model", "convert", str(tmp_path / "missing"), str(dst)]) == 2


def test_cli_train_from_config(tmp_path):
    from auditor.cli.app import main

    mlqe = make_fake_mlqe(tmp_path / "mlqe", n_train=120, n_dev=10)
    config = tmp_path / "tiny.toml"
    config.write_text(
        f'[run]\nname = "cli"\nruns_dir = "{tmp_path / "runs"}"\n'
        f'[data]\nmlqe_dir = "{mlqe}"\n[data.weights]\nclean = 1.0\nrepeat = 1.0\n'
        "[spm]\nvocab_size = 150\n[model]\nd_model = 16\nlayers = 1\nheads = 2\nffn = 32\nmax_len = 40\n"
        "[train]\nbatch_size = 4\nmax_steps = 3\nlog_every = 1\neval_clean = 2\neval_synthetic = 2\n"
    )
    assert main(["train", "--config", str(config)]) == 0
    assert (tmp_path / "runs" / "cli" / "checkpoint.pt").is_file()
    assert main(["train", "--config", str(config), "--resume", "--max-steps", "4"]) == 0
    steps = [json.loads(x)["step"] for x in (tmp_path / "runs" / "cli" / "log.jsonl").read_text().splitlines()]
    assert steps[-1] == 4
    bad = tmp_path / "bad.toml"
    bad.write_text("[train]\nlearning_rate = 1\n")
    assert main(["train", "--config", str(bad)]) == 2
    import torch

    if not torch.cuda.is_available():  # a GPU recipe on a machine without one: one clear error
        assert main(["train", "--config", str(config), "--device", "cuda"]) == 2
