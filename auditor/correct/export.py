"""Export a trained run: a transformers folder (safetensors) and a ctranslate2 copy.

`convert_ct2` is what ``auditor model convert`` runs: any transformers seq2seq folder
supported by ctranslate2 in, a ctranslate2 folder (int8 by default) out, with the
sentencepiece model copied next to it as ``spm.model`` so `CTranslate2Backend` can
tokenise. For Marian models the pad row (Marian's decoder start token) must be zero:
ctranslate2 drops that row and starts decoding from a zero embedding.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from auditor.correct.backends import ModelError, refuse_remote_code

TOKENIZER_FILES = ("vocab.json", "source.spm", "target.spm", "tokenizer_config.json", "special_tokens_map.json")


def save_transformers(model, tokenizer_dir: Path, out: Path, half: bool = False) -> Path:
    """``model`` as safetensors (fp16 when ``half``) plus the tokenizer files."""
    out.mkdir(parents=True, exist_ok=True)
    if half:
        import copy

        model = copy.deepcopy(model).half()
    model.save_pretrained(out, safe_serialization=True)
    for name in TOKENIZER_FILES:
        if (tokenizer_dir / name).is_file():
            shutil.copyfile(tokenizer_dir / name, out / name)
    return out


def check_pad_row(model_dir: Path) -> float:
    """Largest absolute value in the pad row of a Marian model's embeddings (should be 0)."""
    from safetensors import safe_open

    config = json.loads((model_dir / "config.json").read_text("utf-8"))
    if config.get("model_type") != "marian":
        return 0.0
    pad = config["pad_token_id"]
    worst = 0.0
    with safe_open(str(model_dir / "model.safetensors"), "pt") as f:
        for key in f.keys():
            if key.endswith("embed_tokens.weight") or key.endswith("shared.weight") or key == "lm_head.weight":
                worst = max(worst, float(f.get_tensor(key)[pad].abs().max()))
    return worst


def convert_ct2(src: str | Path, dst: str | Path, quantization: str | None = "int8", force: bool = True) -> Path:
    """Convert the transformers folder ``src`` into a ctranslate2 folder ``dst``."""
    try:
        import ctranslate2
    except ImportError as exc:  # pragma: no cover
        raise ModelError("`auditor model convert` needs ctranslate2") from exc
    src, dst = Path(src), Path(dst)
    if not (src / "config.json").is_file():
        raise ModelError(f"{src} is not a transformers model folder (no config.json)")
    refuse_remote_code(src)
    if (src / "model.safetensors").is_file() and check_pad_row(src) > 0:
        raise ModelError(
            f"{src}: the pad row of the embeddings is not zero; ctranslate2 starts Marian decoding "
            "from a zero embedding, so the converted model would disagree with the original"
        )
    quant = None if quantization in (None, "", "none", "float32") else quantization
    ctranslate2.converters.TransformersConverter(str(src)).convert(str(dst), quantization=quant, force=force)
    spm = next((src / n for n in ("source.spm", "spm.model") if (src / n).is_file()), None)
    if spm is not None:
        shutil.copyfile(spm, dst / "spm.model")
    if (src / "auditor.json").is_file():
        shutil.copyfile(src / "auditor.json", dst / "auditor.json")
    return dst


def load_run_model(run_dir: Path):
    """The model of a training run, from its checkpoint (loaded first, with
    ``weights_only=True``: a checkpoint that holds anything but tensors and plain values
    is refused before any of it runs)."""
    from auditor.correct.train import TrainConfig, build_model, load_checkpoint, zero_pad_row

    state = load_checkpoint(run_dir / "checkpoint.pt")
    cfg_data = json.loads((run_dir / "config.json").read_text("utf-8"))
    cfg = TrainConfig(**{k: v for k, v in cfg_data.items() if k in TrainConfig.__dataclass_fields__})
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(run_dir / "spm.model"))
    model = build_model(sp.get_piece_size() + 1, cfg)
    model.load_state_dict(state["model"])
    zero_pad_row(model)
    model.eval()
    return model, cfg, state


def export_run(run_dir: str | Path, out_dir: str | Path, quantization: str = "int8") -> dict[str, Any]:
    """``run_dir/hf`` (fp32 safetensors), and in ``out_dir`` the ctranslate2 model, its
    ``spm.model`` and ``transformers/`` (fp16 safetensors + tokenizer)."""
    run_dir, out_dir = Path(run_dir), Path(out_dir)
    model, cfg, state = load_run_model(run_dir)
    hf = save_transformers(model, run_dir / "tokenizer", run_dir / "hf")
    out_dir.mkdir(parents=True, exist_ok=True)
    convert_ct2(hf, out_dir, quantization=quantization)
    save_transformers(model, run_dir / "tokenizer", out_dir / "transformers", half=True)
    info = {"step": state["step"], "minutes": round(state["elapsed"] / 60, 1), "tokens": state.get("tokens", 0),
            "parameters": sum(p.numel() for p in model.parameters()), "quantization": quantization}
    (out_dir / "training.json").write_text(json.dumps(info, indent=2), "utf-8")
    meta = {"target": cfg.target, "context_words": [cfg.window_min, cfg.window_max], "markers": ["\u27e6", "\u27e7"]}
    for folder in (out_dir, out_dir / "transformers", run_dir / "hf"):
        (folder / "auditor.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")
    return info
