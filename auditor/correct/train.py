"""`auditor train`: build the default correction model from a config file.

Steps (each resumable; outputs under ``runs/<name>/``):

1. read MLQE-PE (train split for training, dev split held out), detokenise;
2. train a sentencepiece unigram vocabulary on the clean training sentences, with the
   window marks as user-defined symbols, and write a Marian tokenizer folder;
3. build a from-scratch Marian model (tied embeddings) and train it on marked windows
   drawn afresh at every step by the artifact injector (plus a share of real MT -> PE
   windows), with a plain PyTorch loop, one thread by default;
4. every few minutes: a checkpoint (model, optimiser, step, random states) and a
   held-out evaluation (clean windows left unchanged, synthetic artifacts restored);
   every step count is logged to ``log.jsonl``;
5. `export`: transformers folder (safetensors) and a ctranslate2 int8 copy with the
   sentencepiece model.

The pad token is Marian's decoder start token and the last vocabulary row; its embedding
row is kept at zero and its logit masked, so ctranslate2's Marian converter (which drops
that row and starts decoding from a zero embedding) reproduces the model exactly.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
import os
import platform
import random
import signal
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.correct.window import CLOSE, OPEN, wrap_span

DEFAULT_WEIGHTS = {
    "clean": 3.0, "calque": 0.6, "doubled_subject": 1.0, "glued_words": 1.0, "untranslated": 1.0,
    "person_shift": 0.7, "casing": 1.0, "quote": 1.0, "repeat": 1.2, "tokenised": 1.0, "missing_space": 0.8,
}


@dataclass
class TrainConfig:
    name: str = "mtpe-small"
    seed: int = 13
    runs_dir: str = "runs"
    mlqe_dir: str = "../shared/data/mlqe-pe"
    real_share: float = 0.05
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    window_min: int = 3
    window_max: int = 10
    widen_prob: float = 0.3
    target: str = "span"  # "span": the model writes "⟦replacement⟧" for the marked span; "window": the whole window
    vocab_size: int = 8000
    d_model: int = 256
    layers: int = 3
    decoder_layers: int = 0  # 0: as many as ``layers``
    heads: int = 4
    ffn: int = 1024
    dropout: float = 0.1
    max_len: int = 96
    batch_size: int = 64
    lr: float = 7e-4
    warmup: int = 800
    label_smoothing: float = 0.05
    max_steps: int = 1_000_000
    max_minutes: float = 600.0
    stop_at: str = ""  # ISO UTC time, e.g. "2026-11-28T01:15:00"
    checkpoint_minutes: float = 5.0
    eval_minutes: float = 10.0
    log_every: int = 50
    threads: int = 1
    eval_clean: int = 150
    eval_synthetic: int = 150
    device: str = "cpu"
    workers: int = 0  # >0: that many processes draw and encode batches (for a GPU that outruns one core)
    amp: str = ""  # "bf16": bfloat16 autocast on CUDA

    @classmethod
    def from_toml(cls, path: str | Path, **overrides: Any) -> "TrainConfig":
        data = tomllib.loads(Path(path).read_text("utf-8"))
        flat: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, dict) and key != "weights":
                flat.update(value)
            else:
                flat[key] = value
        if "weights" in data.get("data", {}):
            flat["weights"] = data["data"]["weights"]
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(flat) - known
        if unknown:
            from auditor.errors import ConfigError

            raise ConfigError(f"{path}: unknown training settings {sorted(unknown)}")
        flat.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**flat)

    @property
    def run_dir(self) -> Path:
        return Path(self.runs_dir) / self.name


# ----------------------------------------------------------------------------- data
def prepare(cfg: TrainConfig, log=print) -> dict[str, Any]:
    """Corpus, held-out sets, sentencepiece model and tokenizer folder (cached in run_dir)."""
    from auditor.correct.data import load_corpus
    from auditor.correct.inject import KINDS, Injector

    run = cfg.run_dir
    run.mkdir(parents=True, exist_ok=True)
    cache = run / "corpus.json"
    if cache.is_file():
        corpus = json.loads(cache.read_text("utf-8"))
    else:
        train = load_corpus(cfg.mlqe_dir, "train")
        dev = load_corpus(cfg.mlqe_dir, "dev")
        held = set(dev.clean)
        corpus = {
            "train": [s for s in train.clean if s not in held],
            "pairs": [p for p in train.pairs if p[1] not in held],
            "dev": dev.clean,
            "dev_pairs": dev.pairs,
        }
        cache.write_text(json.dumps(corpus, ensure_ascii=False), "utf-8")
    log(f"corpus: {len(corpus['train'])} train sentences, {len(corpus['pairs'])} MT-PE pairs, {len(corpus['dev'])} held out")

    heldout = run / "heldout.jsonl"
    if not heldout.is_file():
        inj = Injector(seed=cfg.seed + 1000, window_words=(cfg.window_min, cfg.window_max), widen_prob=cfg.widen_prob)
        rng = random.Random(cfg.seed + 1001)
        dev = list(corpus["dev"])
        rng.shuffle(dev)
        rows = []
        kinds = [k for k in KINDS if k != "clean"]
        for i, sent in enumerate(dev):
            kind = "clean" if i % 2 == 0 else kinds[(i // 2) % len(kinds)]
            ex = inj.sample(sent, kind)
            if ex is not None and ex.target_span is not None:
                rows.append({"kind": ex.kind, "source": ex.source, "target": ex.target, "target_span": ex.target_span})
        with heldout.open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    spm_path = run / "spm.model"
    if not spm_path.is_file():
        train_spm(corpus["train"], run / "spm", cfg.vocab_size, cfg.seed)
    tok_dir = run / "tokenizer"
    if not (tok_dir / "vocab.json").is_file():
        write_marian_tokenizer(spm_path, tok_dir)
    return corpus


def train_spm(sentences: list[str], prefix: Path, vocab_size: int, seed: int = 0) -> Path:
    """A unigram sentencepiece model; id 0 = ``</s>``, 1 = ``<unk>``, window marks kept whole."""
    import sentencepiece as spm

    text = prefix.with_suffix(".txt")
    text.write_text("\n".join(sentences) + "\n", "utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=0.9995,
        byte_fallback=vocab_size > 1000,
        hard_vocab_limit=False,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        user_defined_symbols=[OPEN, CLOSE],
        input_sentence_size=200000,
        shuffle_input_sentence=True,
        num_threads=1,
        minloglevel=2,
    )
    text.unlink()
    return prefix.with_suffix(".model")


def write_marian_tokenizer(spm_model: Path, out: Path) -> None:
    """A folder `AutoTokenizer` loads as a `MarianTokenizer`: ids equal sentencepiece ids,
    plus ``<pad>`` as the last id (Marian's decoder start token)."""
    import shutil

    import sentencepiece as spm

    out.mkdir(parents=True, exist_ok=True)
    sp = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    vocab["<pad>"] = sp.get_piece_size()
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    shutil.copyfile(spm_model, out / "source.spm")
    shutil.copyfile(spm_model, out / "target.spm")
    config = {
        "tokenizer_class": "MarianTokenizer",
        "source_lang": "mt",
        "target_lang": "en",
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "model_max_length": 512,
        "separate_vocabs": False,
        "sp_model_kwargs": {},
    }
    (out / "tokenizer_config.json").write_text(json.dumps(config, indent=2), "utf-8")
    (out / "special_tokens_map.json").write_text(
        json.dumps({"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}), "utf-8"
    )


def build_model(vocab_size: int, cfg: TrainConfig):
    """A from-scratch Marian model with tied embeddings; ``vocab_size`` includes ``<pad>``."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    pad = vocab_size - 1
    config = MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=cfg.d_model,
        encoder_layers=cfg.layers,
        decoder_layers=cfg.decoder_layers or cfg.layers,
        encoder_attention_heads=cfg.heads,
        decoder_attention_heads=cfg.heads,
        encoder_ffn_dim=cfg.ffn,
        decoder_ffn_dim=cfg.ffn,
        dropout=cfg.dropout,
        attention_dropout=0.0,
        activation_dropout=0.0,
        activation_function="swish",
        max_position_embeddings=max(cfg.max_len * 2, 128),
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        num_beams=1,
        max_length=cfg.max_len,
        bad_words_ids=[[pad]],
    )
    torch.manual_seed(cfg.seed)
    model = MarianMTModel(config)
    zero_pad_row(model)
    gen = model.generation_config
    gen.bad_words_ids = [[pad]]
    gen.max_length = cfg.max_len
    gen.num_beams = 1
    gen.decoder_start_token_id = pad
    gen.pad_token_id = pad
    gen.eos_token_id = 0
    gen.forced_eos_token_id = 0
    return model


def zero_pad_row(model) -> None:
    import torch

    pad = model.config.pad_token_id
    with torch.no_grad():
        for emb in {id(e): e for e in (model.get_input_embeddings(), model.get_output_embeddings())}.values():
            emb.weight[pad].zero_()


class Batcher:
    """Marked windows from the injector, encoded with sentencepiece, padded."""

    def __init__(self, cfg: TrainConfig, corpus: dict[str, Any], sp, seed_offset: int = 0) -> None:
        from auditor.correct.inject import Injector

        self.cfg = cfg
        self.sp = sp
        self.pad = sp.get_piece_size()
        self.rng = random.Random(cfg.seed + seed_offset)
        self.inj = Injector(
            seed=cfg.seed + seed_offset + 1, weights=cfg.weights,
            window_words=(cfg.window_min, cfg.window_max), widen_prob=cfg.widen_prob,
        )
        self.sentences = corpus["train"]
        from auditor.correct.data import local_edit
        from auditor.correct.inject import Edit

        self.skipped = 0
        self.real = []
        for mt, pe in corpus.get("pairs", []):
            e = local_edit(mt, pe)
            if e is not None:
                self.real.append((pe, Edit(e[2], e[3], mt[e[0] : e[1]])))

    def state(self) -> dict[str, Any]:
        return {"rng": self.rng.getstate(), "inj": self.inj.rng.getstate()}

    def load_state(self, state: dict[str, Any]) -> None:
        def tup(x):
            return tuple(tup(i) for i in x) if isinstance(x, list) else x

        self.rng.setstate(tup(state["rng"]))
        self.inj.rng.setstate(tup(state["inj"]))

    def examples(self, n: int) -> list[tuple[str, str]]:
        out = []
        while len(out) < n:
            try:
                if self.real and self.rng.random() < self.cfg.real_share:
                    clean, edit = self.rng.choice(self.real)
                    ex = self.inj._example("real", clean, edit)
                else:
                    ex = self.inj.sample(self.rng.choice(self.sentences))
            except (IndexError, ValueError):  # a malformed pair must not stop hours of training
                self.skipped += 1
                continue
            if ex is None:
                continue
            if self.cfg.target == "span":
                if ex.target_span is not None:
                    out.append((ex.source, wrap_span(ex.target_span)))
            else:
                out.append((ex.source, ex.target))
        return out

    def encode(self, pairs: list[tuple[str, str]]):
        import torch

        L = self.cfg.max_len
        src = [ids[: L - 1] + [0] for ids in self.sp.encode([p[0] for p in pairs])]
        tgt = [ids[: L - 1] + [0] for ids in self.sp.encode([p[1] for p in pairs])]
        S, T = max(map(len, src)), max(map(len, tgt))
        pad = self.pad
        input_ids = torch.full((len(pairs), S), pad, dtype=torch.long)
        labels = torch.full((len(pairs), T), -100, dtype=torch.long)
        dec_in = torch.full((len(pairs), T), pad, dtype=torch.long)
        for i, (s, t) in enumerate(zip(src, tgt)):
            input_ids[i, : len(s)] = torch.tensor(s)
            labels[i, : len(t)] = torch.tensor(t)
            dec_in[i, 1 : len(t)] = torch.tensor(t[:-1])
        return input_ids, (input_ids != pad).long(), dec_in, labels, sum(map(len, src)) + sum(map(len, tgt))


def _worker_batches(cfg: TrainConfig, corpus: dict[str, Any], spm_path: str, seed_offset: int):
    """An endless stream of encoded batches, drawn in DataLoader worker processes."""
    import torch

    class Stream(torch.utils.data.IterableDataset):
        def __iter__(self):
            import sentencepiece as spm

            info = torch.utils.data.get_worker_info()
            wid = info.id if info is not None else 0
            sp = spm.SentencePieceProcessor(model_file=spm_path)
            batcher = Batcher(cfg, corpus, sp, seed_offset=seed_offset + 7919 * (wid + 1))
            while True:
                yield batcher.encode(batcher.examples(cfg.batch_size))

    loader = torch.utils.data.DataLoader(
        Stream(), batch_size=None, num_workers=cfg.workers, prefetch_factor=8,
        pin_memory=cfg.device.startswith("cuda"), persistent_workers=True,
    )
    return iter(loader)


def masked_loss(model, input_ids, attention_mask, dec_in, labels, smoothing: float = 0.0):
    import torch
    import torch.nn.functional as F

    out = model(input_ids=input_ids, attention_mask=attention_mask, decoder_input_ids=dec_in)
    pad = model.config.pad_token_id
    logits = out.logits
    if pad == logits.size(-1) - 1:  # drop the pad column: it is never a target
        logits = logits[..., :pad]
    else:
        logits = logits.masked_fill(torch.arange(logits.size(-1), device=logits.device) == pad, -1e4)
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)).float(), labels.reshape(-1), ignore_index=-100, label_smoothing=smoothing)


# ----------------------------------------------------------------------------- eval
def evaluate(model, sp, rows: list[dict[str, str]], batch_size: int = 32, max_len: int = 96, target: str = "span") -> dict[str, float]:
    """Greedy decoding of held-out windows: share of clean ones copied, synthetic restored."""
    import torch

    model.eval()
    pad = model.config.pad_token_id
    outputs: list[str] = []
    with torch.no_grad():
        for i in range(0, len(rows), batch_size):
            chunk = rows[i : i + batch_size]
            src = [ids[: max_len - 1] + [0] for ids in sp.encode([r["source"] for r in chunk])]
            S = max(map(len, src))
            ids = torch.full((len(src), S), pad, dtype=torch.long)
            for j, s in enumerate(src):
                ids[j, : len(s)] = torch.tensor(s)
            ids = ids.to(model.device)
            gen = model.generate(input_ids=ids, attention_mask=(ids != pad).long(), num_beams=1, do_sample=False, max_length=max_len)
            for g in gen.tolist():
                outputs.append(sp.decode([t for t in g if t not in (pad, 0)]))
    model.train()
    def want(r: dict[str, str]) -> str:
        return wrap_span(r["target_span"]) if target == "span" else r["target"]

    clean = [o == want(r) for o, r in zip(outputs, rows) if r["kind"] == "clean"]
    synth = [o == want(r) for o, r in zip(outputs, rows) if r["kind"] != "clean"]
    return {
        "clean_copied": sum(clean) / max(1, len(clean)),
        "synthetic_restored": sum(synth) / max(1, len(synth)),
        "n_clean": len(clean),
        "n_synthetic": len(synth),
    }


def heldout_rows(cfg: TrainConfig, n_clean: int, n_synth: int) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in (cfg.run_dir / "heldout.jsonl").read_text("utf-8").splitlines()]
    clean = [r for r in rows if r["kind"] == "clean"][:n_clean]
    synth = [r for r in rows if r["kind"] != "clean"][:n_synth]
    return clean + synth


# ----------------------------------------------------------------------------- loop
def load_checkpoint(path: Path, map_location: str = "cpu") -> dict[str, Any]:
    """A training checkpoint, unpickled with ``weights_only=True``: tensors and plain
    values only (what `train` saves), so a crafted file cannot run code. Anything else is
    a one-line `ModelError`; nothing in the file is executed."""
    import pickle

    import torch

    from auditor.errors import ModelError

    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, AttributeError, TypeError) as exc:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise ModelError(f"{path}: refused: not a checkpoint of tensors and plain values ({detail})") from None
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the checkpoint ({exc.strerror or exc})") from None
    if not isinstance(state, dict) or not isinstance(state.get("model"), dict):
        raise ModelError(f"{path}: not an auditor training checkpoint (no model state)")
    return state


def train(cfg: TrainConfig, resume: bool = False, log=print) -> Path:
    import sentencepiece as spm
    import torch

    if cfg.device.startswith("cuda") and not torch.cuda.is_available():
        from auditor.errors import ConfigError

        raise ConfigError(f"device {cfg.device!r} is not available here (no CUDA GPU for this torch); use --device cpu")
    torch.set_num_threads(max(1, cfg.threads))
    corpus = prepare(cfg, log=log)
    run = cfg.run_dir
    sp = spm.SentencePieceProcessor(model_file=str(run / "spm.model"))
    vocab_size = sp.get_piece_size() + 1
    model = build_model(vocab_size, cfg).to(cfg.device)
    pad = model.config.pad_token_id
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, betas=(0.9, 0.98), eps=1e-9, weight_decay=0.01)
    batcher = Batcher(cfg, corpus, sp)
    step, elapsed, tokens_seen = 0, 0.0, 0
    ckpt = run / "checkpoint.pt"
    if resume and ckpt.is_file():
        state = load_checkpoint(ckpt, map_location=cfg.device)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        batcher.load_state(state["batcher"])
        torch.set_rng_state(state["torch_rng"])
        step, elapsed, tokens_seen = state["step"], state["elapsed"], state.get("tokens", 0)
        log(f"resumed at step {step} ({elapsed / 60:.1f} min trained)")
    elif ckpt.is_file() and not resume:
        log(f"note: {ckpt} exists; starting afresh (use --resume to continue)")
    (run / "config.json").write_text(json.dumps(cfg.__dict__, indent=2, default=str), "utf-8")
    rows = heldout_rows(cfg, cfg.eval_clean, cfg.eval_synthetic)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"model: {n_params / 1e6:.2f}M parameters, vocab {vocab_size}")

    stop_at = dt.datetime.fromisoformat(cfg.stop_at).replace(tzinfo=dt.timezone.utc).timestamp() if cfg.stop_at else None
    stopping = {"flag": False}

    def _stop(signum, frame):  # noqa: ARG001
        stopping["flag"] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    def save() -> None:
        tmp = ckpt.with_suffix(".tmp")
        torch.save(
            {"model": model.state_dict(), "optimizer": opt.state_dict(), "batcher": batcher.state(),
             "torch_rng": torch.get_rng_state(), "step": step, "elapsed": elapsed, "tokens": tokens_seen,
             "config": cfg.__dict__},
            tmp,
        )
        os.replace(tmp, ckpt)

    def lr_at(s: int) -> float:
        s = max(1, s)
        return cfg.lr * min(s / cfg.warmup, math.sqrt(cfg.warmup / s))

    logf = (run / "log.jsonl").open("a", encoding="utf-8")
    model.train()
    t_start = time.time() - elapsed
    last_ckpt = last_eval = time.time()
    window_loss, window_tokens, window_t = 0.0, 0, time.time()
    if cfg.workers > 0:  # parallel drawing: a resumed run draws afresh (seeded by the step), not bit for bit
        stream = _worker_batches(cfg, corpus, str(run / "spm.model"), seed_offset=step)
    else:
        stream = (batcher.encode(batcher.examples(cfg.batch_size)) for _ in iter(int, 1))
    if cfg.device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = True
    autocast = (torch.autocast("cuda", dtype=torch.bfloat16) if cfg.amp == "bf16" and cfg.device.startswith("cuda")
                else contextlib.nullcontext())
    while step < cfg.max_steps and not stopping["flag"]:
        if elapsed / 60 >= cfg.max_minutes or (stop_at and time.time() >= stop_at):
            break
        ids, mask, dec_in, labels, ntok = next(stream)
        for g in opt.param_groups:
            g["lr"] = lr_at(step + 1)
        dev = cfg.device
        with autocast:
            loss = masked_loss(model, ids.to(dev, non_blocking=True), mask.to(dev, non_blocking=True),
                               dec_in.to(dev, non_blocking=True), labels.to(dev, non_blocking=True), cfg.label_smoothing)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        zero_pad_row(model)
        step += 1
        tokens_seen += ntok
        window_loss = window_loss + loss.detach()  # no device sync per step
        window_tokens += ntok
        elapsed = time.time() - t_start
        if step % cfg.log_every == 0:
            now = time.time()
            rec = {"step": step, "minutes": round(elapsed / 60, 2), "loss": round(float(window_loss) / cfg.log_every, 4),
                   "lr": lr_at(step), "tokens_per_s": round(window_tokens / max(1e-9, now - window_t), 1)}
            logf.write(json.dumps(rec) + "\n")
            logf.flush()
            window_loss, window_tokens, window_t = 0.0, 0, now
        if time.time() - last_eval >= cfg.eval_minutes * 60:
            scores = evaluate(model, sp, rows, max_len=cfg.max_len, target=cfg.target)
            rec = {"step": step, "minutes": round(elapsed / 60, 2), "eval": scores}
            logf.write(json.dumps(rec) + "\n")
            logf.flush()
            log(f"step {step} ({elapsed / 60:.1f} min): {scores}")
            last_eval = time.time()
        if time.time() - last_ckpt >= cfg.checkpoint_minutes * 60:
            save()
            last_ckpt = time.time()
    save()
    scores = evaluate(model, sp, rows, max_len=cfg.max_len, target=cfg.target)
    logf.write(json.dumps({"step": step, "minutes": round(elapsed / 60, 2), "eval": scores, "final": True}) + "\n")
    logf.close()
    log(f"stopped at step {step} after {elapsed / 60:.1f} min: {scores}")
    write_learning_curve(run)
    return ckpt


def write_learning_curve(run: Path) -> Path:
    """``curve.csv`` plus ``curve.md`` (and ``curve.png`` when matplotlib is installed)."""
    records: list[dict[str, Any]] = []
    for line in (run / "log.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        # after a crash and --resume the steps go back: drop what the checkpoint lost
        while records and records[-1]["step"] > rec["step"]:
            records.pop()
        records.append(rec)
    evals = [r for r in records if "eval" in r]
    losses = [r for r in records if "loss" in r]
    with (run / "curve.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "minutes", "loss", "clean_copied", "synthetic_restored"])
        for r in losses:
            w.writerow([r["step"], r["minutes"], r["loss"], "", ""])
        for r in evals:
            w.writerow([r["step"], r["minutes"], "", r["eval"]["clean_copied"], r["eval"]["synthetic_restored"]])
    lines = ["| step | minutes | train loss | clean copied | synthetic restored |", "|---:|---:|---:|---:|---:|"]
    for r in evals:
        near = [x for x in losses if x["step"] <= r["step"]]
        loss = f"{near[-1]['loss']:.3f}" if near else ""
        lines.append(f"| {r['step']} | {r['minutes']:.0f} | {loss} | {r['eval']['clean_copied']:.3f} | {r['eval']['synthetic_restored']:.3f} |")
    (run / "curve.md").write_text("\n".join(lines) + "\n", "utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return run / "curve.md"
    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    ax[0].plot([r["minutes"] for r in losses], [r["loss"] for r in losses])
    ax[0].set_xlabel("minutes")
    ax[0].set_ylabel("train loss")
    ax[1].plot([r["minutes"] for r in evals], [r["eval"]["clean_copied"] for r in evals], label="clean copied")
    ax[1].plot([r["minutes"] for r in evals], [r["eval"]["synthetic_restored"] for r in evals], label="synthetic restored")
    ax[1].legend()
    ax[1].set_xlabel("minutes")
    fig.tight_layout()
    fig.savefig(run / "curve.png", dpi=80)
    return run / "curve.png"


def machine() -> str:
    return f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, {platform.system()}".strip()


def main() -> None:  # python -m auditor.correct.train CONFIG [--resume]
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("config")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--stop-at", default=None)
    args = ap.parse_args()
    cfg = TrainConfig.from_toml(args.config, stop_at=args.stop_at)

    def log(msg: str) -> None:
        print(f"[{dt.datetime.now(dt.timezone.utc):%H:%M:%S}] {msg}", flush=True)

    train(cfg, resume=args.resume, log=log)


if __name__ == "__main__":
    main()
