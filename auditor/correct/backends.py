"""Seq2seq backends behind one small interface: ``generate`` and ``score``.

* `TransformersBackend`: any Hugging Face seq2seq model folder through
  ``AutoModelForSeq2SeqLM`` + ``AutoTokenizer``; safetensors only, never remote code;
  CPU or CUDA. A model is a local folder and is loaded offline (``HF_HUB_OFFLINE=1`` is
  set before transformers is imported, ``local_files_only``): a folder that does not
  exist is a one-line `ModelError`, never a look-up on the hub. Only a hub id named
  explicitly as ``hf:ORG/NAME`` may be fetched from the Hugging Face hub (unless
  ``HF_HUB_OFFLINE`` is set already).
* `CTranslate2Backend`: a ctranslate2 model folder (int8 on CPU by default) with its
  sentencepiece model; the fast path and the default when ctranslate2 is installed.

``score(sources, targets)`` is the summed log-probability of each target (its end token
included) given its source, so the gate can compare a proposal with copying the input.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, Sequence

from auditor.errors import ModelError

__all__ = ["Backend", "TransformersBackend", "CTranslate2Backend", "ModelError", "load_backend", "default_model_dir"]


class Backend(Protocol):
    name: str
    #: how the model was trained (``auditor.json``): ``target`` is ``span`` (it writes what
    #: replaces the marked span) or ``window`` (it writes the whole corrected window)
    meta: dict

    def generate(self, sources: Sequence[str], beam_size: int = 1, max_length: int = 128) -> list[str]: ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]: ...


def read_meta(path: Path) -> dict:
    """``auditor.json`` of a model folder (how the model was trained to be used), or {}."""
    import json

    for candidate in (path / "auditor.json", path.parent / "auditor.json"):
        if candidate.is_file():
            return json.loads(candidate.read_text("utf-8"))
    return {}


#: the files through which a Hugging Face folder can ask to run its own code
_CONFIG_FILES = ("config.json", "tokenizer_config.json", "generation_config.json",
                 "preprocessor_config.json", "processor_config.json")


def refuse_remote_code(path: Path) -> None:
    """Raise `ModelError` when the model folder ``path`` asks to run code of its own
    (``auto_map`` or ``trust_remote_code`` in one of its configuration files): such a
    folder is refused before anything in it is loaded, never run."""
    import json

    for name in _CONFIG_FILES:
        file = Path(path) / name
        if not file.is_file():
            continue
        try:
            config = json.loads(file.read_text("utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            raise ModelError(f"{file}: unreadable model configuration ({type(exc).__name__})") from None
        if isinstance(config, dict) and ("auto_map" in config or config.get("trust_remote_code")):
            key = "auto_map" if "auto_map" in config else "trust_remote_code"
            raise ModelError(f"{path}: refused: {name} asks to run the model folder's own code ({key}); "
                             "auditor never runs code from a model folder")


#: the prefix that allows a model to be fetched from the Hugging Face hub: ``hf:ORG/NAME``
HUB_PREFIX = "hf:"


def missing_model(model: str | Path) -> ModelError:
    """The one-line error for a model folder that does not exist."""
    return ModelError(f"model {model}: no such model folder (models load from local folders only; "
                      f"name a Hugging Face hub id as {HUB_PREFIX}ORG/NAME to download one)")


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0") or os.environ.get("TRANSFORMERS_OFFLINE", "") not in ("", "0")


class TransformersBackend:
    """A Hugging Face seq2seq model (``AutoModelForSeq2SeqLM``)."""

    name = "transformers"

    def __init__(self, model: str | Path, device: str = "cpu", batch_size: int = 32, local_files_only: bool | None = None) -> None:
        hub = str(model).startswith(HUB_PREFIX)
        if hub:
            model = str(model)[len(HUB_PREFIX):]
        elif not Path(model).exists():
            raise missing_model(model)
        else:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # read when huggingface_hub is imported
            local_files_only = True
        try:
            import torch
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError as exc:  # pragma: no cover
            raise ModelError("the transformers backend needs `pip install 'auditor[model]'`") from exc
        path = Path(model)
        if local_files_only is None:
            local_files_only = _offline()
        if path.is_dir() and (path / "transformers").is_dir() and not (path / "model.safetensors").is_file():
            path = path / "transformers"  # a shipped model folder: its transformers copy
        source = str(path) if path.exists() else str(model)
        if path.is_dir():
            if not (path / "config.json").is_file():
                raise ModelError(f"{path} is not a transformers model folder (no config.json; "
                                 "a ctranslate2 folder has model.bin)")
            refuse_remote_code(path)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_files_only, trust_remote_code=False)
            self.model = AutoModelForSeq2SeqLM.from_pretrained(
                source, local_files_only=local_files_only, trust_remote_code=False, use_safetensors=True,
                dtype=torch.float32,
            )
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the seq2seq model {model}: {' '.join(str(exc).split())}") from None
        self.torch = torch
        self.device = device
        self.model.to(device).eval()
        self.batch_size = batch_size
        self.pad_id = self.model.config.pad_token_id
        self.identity = str(model)
        self.meta = read_meta(path) if path.exists() else {}
        # greedy/beam search as ctranslate2 does it: no forced end token at the length
        # limit, never the pad token (Marian's decoder start)
        from transformers import GenerationConfig

        gen = self.model.generation_config
        gen.max_length = GenerationConfig().max_length  # max_new_tokens rules
        gen.forced_eos_token_id = None
        gen.do_sample = False
        if self.pad_id is not None:
            gen.bad_words_ids = [[self.pad_id]]

    def _encode(self, texts: Sequence[str]):
        enc = self.tokenizer(list(texts), padding=True, truncation=True, max_length=256, return_tensors="pt")
        return {k: v.to(self.device) for k, v in enc.items()}

    def generate(self, sources: Sequence[str], beam_size: int = 1, max_length: int = 128) -> list[str]:
        out: list[str] = []
        for i in range(0, len(sources), self.batch_size):
            enc = self._encode(sources[i : i + self.batch_size])
            with self.torch.no_grad():
                gen = self.model.generate(**enc, num_beams=beam_size, max_new_tokens=max_length)
            out.extend(self.tokenizer.batch_decode(gen, skip_special_tokens=True))
        return out

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        torch = self.torch
        out: list[float] = []
        for i in range(0, len(sources), self.batch_size):
            enc = self._encode(sources[i : i + self.batch_size])
            labels = self.tokenizer(text_target=list(targets[i : i + self.batch_size]), padding=True, truncation=True, max_length=256, return_tensors="pt")["input_ids"].to(self.device)
            mask = labels != self.pad_id
            labels = labels.masked_fill(~mask, -100)
            with torch.no_grad():
                logits = self.model(**enc, labels=labels).logits.float()
            if self.pad_id is not None:
                logits[..., self.pad_id] = float("-inf")
            logp = torch.log_softmax(logits, dim=-1)
            tok = logp.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
            out.extend((tok * mask).sum(-1).tolist())
        return out


class CTranslate2Backend:
    """A ctranslate2 model folder plus its sentencepiece model (``spm.model``)."""

    name = "ctranslate2"

    def __init__(self, model_dir: str | Path, device: str = "cpu", compute_type: str = "int8", threads: int = 1, batch_size: int = 32) -> None:
        try:
            import ctranslate2
            import sentencepiece as spm
        except ImportError as exc:  # pragma: no cover
            raise ModelError("the ctranslate2 backend needs `pip install ctranslate2 sentencepiece`") from exc
        path = Path(model_dir)
        if not (path / "model.bin").is_file():
            raise ModelError(f"{path} is not a ctranslate2 model folder (no model.bin)")
        refuse_remote_code(path)
        spm_file = next((path / n for n in ("spm.model", "source.spm") if (path / n).is_file()), None)
        if spm_file is None:
            raise ModelError(f"{path} has no sentencepiece model (spm.model)")
        if device == "cpu" and compute_type == "int8":
            compute_type = "int8" if "int8" in ctranslate2.get_supported_compute_types("cpu") else "default"
        self.translator = ctranslate2.Translator(str(path), device=device, compute_type=compute_type, inter_threads=1, intra_threads=threads)
        self.sp = spm.SentencePieceProcessor(model_file=str(spm_file))
        self.batch_size = batch_size
        self.identity = str(path)
        self.meta = read_meta(path)

    def _tokens(self, texts: Sequence[str]) -> list[list[str]]:
        return [pieces + ["</s>"] for pieces in self.sp.encode(list(texts), out_type=str)]

    def generate(self, sources: Sequence[str], beam_size: int = 1, max_length: int = 128) -> list[str]:
        if not sources:
            return []
        results = self.translator.translate_batch(
            self._tokens(sources), beam_size=beam_size, max_decoding_length=max_length,
            max_batch_size=self.batch_size, return_scores=False,
        )
        return [self.sp.decode_pieces(r.hypotheses[0]) for r in results]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        if not sources:
            return []
        tgt = self.sp.encode(list(targets), out_type=str)
        results = self.translator.score_batch(self._tokens(sources), tgt, max_batch_size=self.batch_size)
        return [float(sum(r.log_probs)) for r in results]


def default_model_dir() -> Path:
    """The model shipped inside the package (``auditor/models/mtpe-small``)."""
    return Path(__file__).resolve().parents[1] / "models" / "mtpe-small"


def load_backend(model: str | Path | None = None, backend: str = "auto", device: str = "cpu", threads: int = 1) -> Backend:
    """A backend for ``model`` (default: the shipped model). ``backend``: ``auto``
    (ctranslate2 when installed and the folder holds a ctranslate2 model),
    ``ctranslate2`` or ``transformers``."""
    path = Path(model) if model is not None else default_model_dir()
    if backend not in ("auto", "ctranslate2", "transformers"):
        raise ModelError(f"unknown backend {backend!r} (auto, ctranslate2 or transformers)")
    if model is not None and not str(model).startswith(HUB_PREFIX) and not path.exists():
        raise missing_model(model)  # before anything is imported: never a hub look-up
    if backend in ("auto", "ctranslate2") and (path / "model.bin").is_file():
        try:
            import ctranslate2  # noqa: F401

            return CTranslate2Backend(path, device=device, threads=threads)
        except ImportError:
            if backend == "ctranslate2":
                raise ModelError("ctranslate2 is not installed") from None
    if backend == "ctranslate2":
        raise ModelError(f"{path} holds no ctranslate2 model")
    if model is None and not path.is_dir():
        raise ModelError(f"the default model is missing from {path}")
    return TransformersBackend(model if model is not None and not Path(model).exists() else path, device=device)
