"""Render the model card auditor/models/<name>/README.md from the training run and the
reports (model-eval, model-demetr, model-speed). Run after export and the benches:

    python bench/model_card.py [--name mtpe-small]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", default="mtpe-small")
    ap.add_argument("--notes", default="", help="a file whose text is appended under 'Notes'")
    args = ap.parse_args()
    model = ROOT / "auditor" / "models" / args.name
    run = ROOT / "runs" / args.name
    cfg = load(run / "config.json")
    training = load(model / "training.json")
    ev = load(ROOT / "reports" / "model-eval.json")
    dm = load(ROOT / "reports" / "model-demetr.json")
    sp = load(ROOT / "reports" / "model-speed.json")
    corpus = load(run / "corpus.json")
    curve = (run / "curve.md").read_text("utf-8") if (run / "curve.md").is_file() else "(no evaluation records)\n"
    log = [json.loads(line) for line in (run / "log.jsonl").read_text("utf-8").splitlines()] if (run / "log.jsonl").is_file() else []
    stops = [r for r in log if r.get("final")]  # each run (first, then every --resume) ends with a final evaluation
    first_stop = stops[0]["step"] if stops else None
    resumed_at = ", ".join(f"{r['step']:,}" for r in stops[:-1]) or "none"
    size = sum(p.stat().st_size for p in model.rglob("*") if p.is_file() and p.name != "README.md") / 1e6
    w = cfg.get("weights", {})
    lines = [
        f"# {args.name}: the default correction model of auditor",
        "",
        "A compact from-scratch Marian encoder-decoder that repairs one flagged span of machine-translated",
        "English at a time. It reads a short window of words around the span, with the span marked",
        "(`left ⟦span⟧ right`), and writes only the replacement of the span between marks (`⟦fix⟧`;",
        "`⟦⟧` deletes it). Copying the span unchanged is always a short, cheap answer, the model cannot",
        "touch text outside the span, and the gate (`auditor/correct/gate.py`) compares the model's",
        "log-probability of its proposal with that of copying before any edit is applied. Model edits",
        "are never `safe`.",
        "",
        "## Files",
        "",
        "| file | what |",
        "|---|---|",
        "| `model.bin`, `config.json`, `shared_vocabulary.json` | ctranslate2 model, int8 (the default backend) |",
        "| `spm.model` | sentencepiece unigram model (ids = model ids; `<pad>` is the extra last id) |",
        "| `transformers/` | the same weights for `AutoModelForSeq2SeqLM` (safetensors, fp16; loads as fp32) with a `MarianTokenizer` |",
        "| `auditor.json` | how to use it: target mode `span`, context words, marks |",
        "| `training.json` | steps, minutes, tokens and parameters of the exported checkpoint |",
        "",
        f"Size on disk: {size:.1f} MB. Loads with no network (`local_files_only`, safetensors only, no remote code).",
        "",
        "## Architecture",
        "",
        f"MarianMTModel from scratch: d_model {cfg.get('d_model')}, {cfg.get('layers')}+{cfg.get('layers')} layers, "
        f"{cfg.get('heads')} heads, FFN {cfg.get('ffn')}, swish, sinusoidal positions, tied embeddings "
        f"(encoder, decoder, output), {training.get('parameters', 0) / 1e6:.2f}M parameters; "
        f"sentencepiece unigram vocabulary of {cfg.get('vocab_size')} pieces (byte fallback, the marks `⟦` `⟧` as "
        "user-defined symbols) plus `<pad>`. `<pad>` is the last id and Marian's decoder start token; its "
        "embedding row is kept at zero after every optimiser step and its logit is left out of the loss, so "
        "ctranslate2's Marian converter (which drops that row and starts decoding from a zero embedding) "
        "reproduces the model; `auditor model convert` refuses a model whose pad row is not zero.",
        "",
        "## Data",
        "",
        "All from MLQE-PE (`../shared/data/mlqe-pe/`, CC0), detokenised with sacremoses:",
        "",
        f"- clean English: the post-edits (`.pe`) of the X->en train sets (ro, et, ru, ne, si) and the English "
        f"sources (`.src`) of the en->X train sets (de, zh): {len(corpus.get('train', [])):,} sentences of 4-70 words;",
        f"- real MT -> post-edit windows: X->en train pairs whose edit is one local change of at most 4 words "
        f"({cfg.get('real_share', 0):.0%} of the training examples). Most MLQE-PE edits need the source "
        "sentence (word sense, names), which this target-only model never sees, so they are a small share;",
        f"- held out: every `*-dev` tarball ({len(corpus.get('dev', [])):,} sentences), never seen by training or "
        "by the sentencepiece model; `runs/<name>/heldout.jsonl` holds the fixed held-out windows (half clean, "
        "half one synthetic artifact each);",
        "- not used for training: WMT22 and DEMETR (benchmarks).",
        "",
        "Synthetic artifacts are drawn afresh at every step by `auditor/correct/inject.py` (weights: "
        + ", ".join(f"{k} {v}" for k, v in w.items())
        + "). `clean` examples mark a clean span whose right answer is to copy it. Calque knowledge comes from "
        "the calque packs (`auditor/packs/<lang>/calques.toml`, replacements inverted to the literal surface); "
        + (f"the first run (to step {first_stop:,}) predates the packs and used the injector's small built-in fallback "
           "list of well-known false friends (it includes the seed article's `Villages`/`countries`); the resumed runs "
           "drew from the packs. The held-out windows were cut during the first run, so they hold few calques."
           if len(stops) > 1 else "the injector falls back on a small built-in list of false friends without packs."),
        f"Windows: {cfg.get('window_min')}-{cfg.get('window_max')} words of context on each side; "
        f"{cfg.get('widen_prob', 0):.0%} of spans widened by a neighbouring word, as rules differ in what they mark.",
        "",
        "## Training",
        "",
        f"Plain PyTorch loop (`auditor train --config configs/train-default.toml`), AdamW (lr {cfg.get('lr')}, "
        f"warm-up {cfg.get('warmup')} steps, inverse square root), batch {cfg.get('batch_size')} windows, label "
        f"smoothing {cfg.get('label_smoothing')}, dropout {cfg.get('dropout')}, seed {cfg.get('seed')}.",
        f"Hardware: CPU only, {cfg.get('threads', 1)} thread(s) in the last run (`threads` in the config; earlier runs "
        f"used 1) on a 2-core machine shared with other "
        f"work (development, tests, benchmarks), no GPU (none could be had; `configs/train-gpu.toml` is the recipe for one). "
        f"Trained {training.get('minutes', '?')} minutes in {max(1, len(stops))} run(s) "
        f"(stopped and resumed from checkpoints at steps {resumed_at}), "
        f"{training.get('step', '?')} steps, {training.get('tokens', 0):,} tokens (source + target).",
        "",
        "Learning curve (greedy decoding of 100 clean + 100 synthetic held-out windows; exact match of the",
        "`⟦replacement⟧`; `runs/<name>/curve.csv` has every logged step):",
        "",
        curve.rstrip(),
        "",
        "## Held-out scores",
        "",
    ]
    if ev:
        lines += [
            f"`python bench/model_eval.py --limit {ev.get('clean_windows', 0) + ev.get('synthetic_windows', 0)}` "
            f"({ev.get('backend')}, beam {ev.get('beam_size')}, gate margin {ev.get('margin')} nats, no rule recheck; "
            f"{ev.get('date')}):",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| clean windows left unchanged after the gate | {ev['clean_unchanged_after_gate']:.4f} (n={ev['clean_windows']}) |",
            f"| clean windows copied by the raw model | {ev['clean_copied_raw']:.4f} |",
            f"| synthetic artifacts restored exactly, raw model | {ev['synthetic_restored_raw']:.4f} (n={ev['synthetic_windows']}) |",
            f"| synthetic artifacts restored exactly through the gate | {ev['synthetic_restored_after_gate']:.4f} |",
            f"| synthetic artifacts given a wrong edit through the gate | {ev['synthetic_wrong_edit_after_gate']:.4f} |",
            "",
            "| artifact kind | n | restored (raw) | restored (gated) |",
            "|---|---:|---:|---:|",
        ]
        lines += [f"| {k} | {v['n']} | {v['restored_raw']:.3f} | {v['restored_after_gate']:.3f} |" for k, v in ev["per_kind"].items()]
        lines += ["", "Gate margin sweep on the same outputs:", "", "| margin | clean unchanged | restored (gated) | wrong edits |", "|---:|---:|---:|---:|"]
        lines += [f"| {m} | {v['clean_unchanged_after_gate']:.4f} | {v['synthetic_restored_after_gate']:.4f} | {v['synthetic_wrong_edit_after_gate']:.4f} |" for m, v in ev["margin_sweep"].items()]
        lines.append("")
    if dm:
        lines += [
            "## DEMETR with oracle spans",
            "",
            f"`python bench/model_demetr.py` ({dm.get('backend')}, beam {dm.get('beam')}, margin {dm.get('margin')}): the span "
            "where `pert_sent` differs from `mt_sent` is marked (what a perfect rule would flag) and we count `pert_sent` "
            "restored exactly to `mt_sent`. The full pipeline (rules + `auditor fix`) is benchmarked separately.",
            "",
            "| perturbation | items | restored (raw) | restored (gated) | wrong edits let through |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [f"| {k} | {v['items']} | {v['restored_raw']:.3f} | {v['restored_after_gate']:.3f} | {v['wrong_edit_after_gate']:.3f} |" for k, v in dm["files"].items()]
        lines.append("")
    if sp:
        lines += ["## Speed", "", f"`python bench/model_speed.py` ({sp.get('date')}; {sp.get('machine')}; {sp.get('threads')} thread(s), shared machine):", "",
                  "| backend | precision | beam | sentences/s |", "|---|---|---:|---:|"]
        lines += [f"| {r['backend']} | {r['precision']} | {r['beam']} | {r['sentences_per_s']} |" for r in sp["results"]]
        lines.append("")
    lines += [
        "## Limits",
        "",
        "- Trained on one shared CPU core; see the learning curve for whether it was still improving when it was stopped. Resume with `auditor train --config configs/train-default.toml --resume`, or train the GPU recipe (`configs/train-gpu.toml`).",
        "- The model sees a window, not the source sentence: it cannot fix meaning errors (word sense, names, numbers); the gate refuses edits that change numbers, names or negation.",
        "- MLQE-PE is Wikipedia text, not news; the artifacts are synthetic.",
        "",
        "## Reproduce",
        "",
        "```",
        "auditor train --config configs/train-default.toml        # runs/mtpe-small/ (resumable: --resume)",
        f"auditor model export runs/{args.name} auditor/models/{args.name}",
        "python bench/model_eval.py --limit 2000; python bench/model_demetr.py; python bench/model_speed.py",
        f"python bench/model_card.py --name {args.name}",
        "```",
    ]
    if args.notes:
        lines += ["", "## Notes", "", Path(args.notes).read_text("utf-8").strip()]
    (model / "README.md").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {model / 'README.md'}")


if __name__ == "__main__":
    main()
