"""Load the models that ``fix`` uses: the post-editing corrector and the optional
translation model for re-translation. One place, used by `auditor.api.Auditor` (and so by
the CLI, the server and the distributed runner).

Nothing here is imported before a model is asked for: ``ctranslate2``, ``torch`` and
``transformers`` cost seconds to import.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Optional

from auditor.errors import ModelError

#: what `load_corrector` says when it falls back to rule fixes only
Notify = Callable[[str, str], None]  # (level: "warning" | "note", message)


def model_extra_missing() -> str | None:
    """Why the ``[model]`` extra cannot be used (None when ctranslate2 with sentencepiece,
    or torch with transformers, imports)."""
    try:
        import ctranslate2  # noqa: F401
        import sentencepiece  # noqa: F401

        return None
    except Exception:  # an ImportError, or a broken install that fails otherwise
        pass
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401

        return None
    except Exception as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def missing_extra_note() -> str | None:
    """The note to show once when the default model cannot run (None when it can)."""
    missing = model_extra_missing()
    if missing is None:
        return None
    return ("the correction model needs the [model] extra (pip install 'auditor[model]'); "
            f"using rule fixes only ({missing})")


def load_corrector(model: Optional[str], backend: str = "auto", beam: int = 4, notify: Notify | None = None) -> Any:
    """The corrector for ``model`` (a folder, or None for the shipped default), or None
    when the default cannot be used: without the ``[model]`` extra (say so once with
    `missing_extra_note` before loading), or with no shipped model (``notify`` says so).
    A model named explicitly that cannot be loaded is a `ModelError`."""
    missing = model_extra_missing()
    if missing is not None:
        if model is not None:
            raise ModelError(f"--model needs the [model] extra (pip install 'auditor[model]'): {missing}")
        return None
    from auditor.correct import Corrector
    from auditor.correct.backends import default_model_dir, load_backend

    if model is None and not default_model_dir().is_dir():
        if notify is not None:
            notify("warning", "no default correction model is installed; using rule fixes only")
        return None
    try:
        return Corrector(load_backend(model, backend=backend), beam_size=beam)
    except ModelError:
        raise
    except Exception as exc:  # a broken model folder must be a clean error
        raise ModelError(f"cannot load the correction model: {exc}") from None


def load_retranslator(mt_model: Optional[str], mt_backend: str = "auto", beam: int = 4, margin: Optional[float] = None) -> Any:
    """The re-translator over the translation model folder ``mt_model`` (None: none)."""
    if mt_model is None:
        return None
    from auditor.correct.backends import read_meta
    from auditor.correct.retranslate import RetranslateConfig, Retranslator, load_mt_backend

    path = Path(mt_model)
    if not path.is_dir():  # never a hub id: the translation model is a local folder
        raise ModelError(f"--mt-model {mt_model}: no such model folder")
    if read_meta(path).get("target") in ("span", "window"):
        raise ModelError(f"--mt-model {mt_model} is a post-editing model (use it with --model), not a translation model")
    hf = path / "transformers" if (path / "transformers" / "config.json").is_file() else path
    if mt_backend != "ctranslate2" and not (path / "model.bin").is_file() and (hf / "config.json").is_file():
        try:
            hf_config = json.loads((hf / "config.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"--mt-model {mt_model}: unreadable config.json ({exc})") from None
        if not hf_config.get("is_encoder_decoder"):
            raise ModelError(f"--mt-model {mt_model} is not a seq2seq (encoder-decoder) translation model "
                             f"(model_type {hf_config.get('model_type')!r})")
    try:
        backend_ = load_mt_backend(path, backend=mt_backend)
    except Exception as exc:  # a broken model folder must be a clean, one-line error
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load the translation model {mt_model}: {detail}") from None
    config = RetranslateConfig(beam_size=beam)
    if margin is not None:
        config.margin = margin
    return Retranslator(backend_, config=config)
