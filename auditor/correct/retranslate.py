"""Source-aware re-translation: a translation model re-translates flagged sentences from
their source, and a gate decides whether the new sentence may replace the old one.

Where an article's source text is known (``--source`` or the JSONL ``source_text``
field), `Retranslator` aligns the translation with its source (`auditor.source`: the
same alignment the SRC rules use), and for every aligned stretch of the translation
(one sentence, or the two sentences of a split source sentence) that carries findings no
applicable rule fix repairs, it translates the aligned source sentence(s) with the model
given by ``--mt-model`` (any seq2seq folder `load_backend` reads: a transformers folder
with safetensors weights, or a ctranslate2 folder; e.g. an opus-mt ``xx-en`` model for the
source language). One batched ``generate`` call per article, one batched ``score`` call.

A re-translation rewrites a whole sentence, so "nothing changes outside the flagged span"
cannot hold; instead it must earn its place. `judge` accepts it only when all of these
hold (checked in this order; the first failure is the reason it is held back):

1. ``changed``: it differs from the current sentence (beyond whitespace) and is not empty;
2. ``length``: its length is between ``min_ratio`` and ``max_ratio`` times the current
   sentence's (a truncated or run-away output is not a translation);
3. ``numbers`` / ``names`` / ``negation``: compared with the SOURCE sentence by the SRC
   checks' own code (`auditor.source.numbers`, ``.entities``, ``.negation``), it
   introduces no number, name or negation mismatch that the current sentence did not
   already have;
4. ``repaired`` / ``no_new_errors``: the rules re-run on the article with the sentence
   replaced (its source attached, so the SRC rules run too) no longer report the flagged
   codes inside the new sentence, and report no error-severity finding there whose code
   the old sentence did not already have;
5. ``margin``: the model prefers its candidate to the current sentence: the candidate's
   length-normalised log-probability given the source beats the forced-decoding score of
   the current sentence given the source by at least ``margin`` nats per token.

An accepted re-translation is an ``unsafe`` edit (never ``safe``); everything else is a
``display`` suggestion with the reason. `retranslation_edits` turns the proposals into
`auditor.fix.Edit`s (origin ``mt-model``) and makes the choice between a re-translation
and the post-editing corrector's span-level proposals for the same sentence.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from auditor.correct.backends import Backend
from auditor.document import Article
from auditor.findings import Applicability, Finding, Severity

ORIGIN = "mt-model"

#: re-runs the rules on a whole article (source attached) and returns its findings
ArticleRecheck = Callable[[Article], Sequence[Finding]]


@dataclass
class RetranslateConfig:
    """Settings of the re-translation gate.

    ``margin`` (default 0.5 nats per token): the candidate comes from beam search, so it
    is close to the model's own best output and scores above almost any other sentence,
    the current one included, even when the current one is a good translation: a margin
    near zero would let the model replace every flagged sentence by its own phrasing. The
    score is length-normalised (mean log-probability per target token, end token
    included), so one threshold serves short and long sentences; 0.5 nats per token means
    each token of the candidate is on average e^0.5 = 1.65 times as probable as a token
    of the current sentence, a gap that a mere rephrasing of an adequate translation
    rarely opens but a sentence with a wrong number, a lost negation or an untranslated
    stretch does. It is a conservative prior, not a calibrated value: no real translation
    model was available when this was written; calibrate it (``--mt-margin``) on clean
    source/translation pairs of your domain, as the corrector's margin is calibrated.

    ``min_ratio``/``max_ratio``: the allowed candidate/current length ratio in characters.
    ``beam_size``/``max_length``: decoding. ``max_source_chars``: longer aligned source
    stretches are not re-translated (a mis-segmented paragraph, not a sentence).
    """

    margin: float = 0.5
    min_ratio: float = 0.5
    max_ratio: float = 2.0
    beam_size: int = 4
    max_length: int = 256
    max_source_chars: int = 1500


@dataclass
class Unit:
    """An aligned stretch to re-translate: target ``[start, end)`` of the article text,
    source ``[source_start, source_end)`` of its source text, and the flagged findings."""

    start: int
    end: int
    source_start: int
    source_end: int
    original: str
    source: str
    findings: list[Finding]


@dataclass
class Retranslation:
    """The model's re-translation of one aligned stretch and the gate's verdict."""

    start: int
    end: int
    original: str
    candidate: str
    source: str
    source_span: tuple[int, int]
    codes: tuple[str, ...]
    scores: dict[str, float]
    accepted: bool
    reason: str
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def applicability(self) -> Applicability:
        return Applicability.UNSAFE if self.accepted else Applicability.DISPLAY

    def evidence(self) -> dict[str, Any]:
        return {"codes": list(self.codes), "scores": {k: round(v, 4) for k, v in self.scores.items()},
                "checks": self.checks, "reason": self.reason, "accepted": self.accepted,
                "source": self.source, "source_start": self.source_span[0], "source_end": self.source_span[1]}

    def to_edit(self):
        from auditor.edits import Edit

        codes = ", ".join(self.codes)
        return Edit(self.start, self.end, self.candidate, self.applicability, ORIGIN, original=self.original,
                    description=f"re-translation from the source ({codes}): {self.reason}", evidence=self.evidence(),
                    status="pending" if self.accepted else "rejected", reason="" if self.accepted else self.reason)


class CTranslate2MT:
    """A ctranslate2 translation model whose source and target languages have their own
    sentencepiece models (opus-mt: ``source.spm`` and ``target.spm``, copied next to
    ``model.bin``): sources are encoded with the source model, outputs decoded and
    targets scored with the target model. Without ``target.spm`` one model serves both
    sides, as in `CTranslate2Backend`."""

    name = "ctranslate2"

    def __init__(self, model_dir: str | Path, device: str = "cpu", compute_type: str = "int8", threads: int = 1) -> None:
        from auditor.correct.backends import CTranslate2Backend

        import sentencepiece as spm

        path = Path(model_dir)
        self._base = CTranslate2Backend(path, device=device, compute_type=compute_type, threads=threads)
        self.identity, self.meta = self._base.identity, self._base.meta
        self.sp = spm.SentencePieceProcessor(model_file=str(path / "source.spm")) if (path / "source.spm").is_file() else self._base.sp
        self.target_sp = spm.SentencePieceProcessor(model_file=str(path / "target.spm")) if (path / "target.spm").is_file() else self.sp
        self._base.sp = self.sp  # the base class encodes sources with ``sp``

    def generate(self, sources: Sequence[str], beam_size: int = 1, max_length: int = 128) -> list[str]:
        if not sources:
            return []
        results = self._base.translator.translate_batch(
            self._base._tokens(sources), beam_size=beam_size, max_decoding_length=max_length,
            max_batch_size=self._base.batch_size, return_scores=False,
        )
        return [self.target_sp.decode_pieces(r.hypotheses[0]) for r in results]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        if not sources:
            return []
        tgt = self.target_sp.encode(list(targets), out_type=str)
        results = self._base.translator.score_batch(self._base._tokens(sources), tgt, max_batch_size=self._base.batch_size)
        return [float(sum(r.log_probs)) for r in results]


def load_mt_backend(model: str | Path, backend: str = "auto", device: str = "cpu", threads: int = 1) -> Backend:
    """A translation model from the local folder ``model``: `CTranslate2MT` for a
    ctranslate2 folder (``auto`` when ctranslate2 is installed, or ``ctranslate2``), else
    `auditor.correct.backends.load_backend` (a transformers folder: safetensors only,
    local files only, no remote code)."""
    from auditor.correct.backends import load_backend, refuse_remote_code
    from auditor.errors import ModelError

    path = Path(model)
    if not path.is_dir():
        raise ModelError(f"{model}: no such model folder")
    refuse_remote_code(path)
    if backend in ("auto", "ctranslate2") and (path / "model.bin").is_file():
        try:
            import ctranslate2  # noqa: F401
        except ImportError:
            if backend == "ctranslate2":
                raise ModelError("ctranslate2 is not installed") from None
        else:
            return CTranslate2MT(path, device=device, threads=threads)
    return load_backend(path, backend=backend, device=device, threads=threads)


def token_counts(backend: Any, texts: Sequence[str]) -> list[int]:
    """Target tokens (end token included) that ``backend.score`` sums over, per text."""
    counter = getattr(backend, "count_tokens", None)
    if counter is not None:
        return [max(1, int(n)) for n in counter(list(texts))]
    tokenizer = getattr(backend, "tokenizer", None)
    if tokenizer is not None:  # TransformersBackend: the labels it scores
        ids = tokenizer(text_target=list(texts), truncation=True, max_length=256)["input_ids"]
        return [max(1, len(x)) for x in ids]
    sp = getattr(backend, "target_sp", None) or getattr(backend, "sp", None)
    if sp is not None:  # ctranslate2: the target pieces plus the end token
        return [len(p) + 1 for p in sp.encode(list(texts), out_type=str)]
    return [len(t.split()) + 1 for t in texts]


def _squash(text: str) -> str:
    return " ".join(text.split())


class _SourceChecks:
    """Numbers, names and negation of candidate sentences compared with one source
    stretch, through the SRC checks' code."""

    def __init__(self, source: str, lang: str | None) -> None:
        from auditor.source import entities as ent
        from auditor.source import negation as neg
        from auditor.source import numbers as num
        from auditor.source.lexicon import TARGET_LANG, lexicon

        self.ent, self.neg, self.num = ent, neg, num
        self.source = source
        self.lang = lang or ""
        self.src_lex, self.tgt_lex = lexicon(lang), lexicon(TARGET_LANG)
        self.src_numbers = num.extract(source, self.src_lex)
        self.names_comparable = ent.comparable_script(source)
        self.src_tokens = ent.tokens(source, 0, len(source)) if self.names_comparable else []
        self.src_negations = len(neg.cues(source, self.src_lex)) if self.src_lex.negation_cues else None

    def numbers(self, target: str) -> dict[Any, str]:
        """Mismatches keyed by what they are about: a source mention (by position) or an
        unexplained target value; the value is a readable description."""
        out: dict[Any, str] = {}
        for d in self.num.compare(self.src_numbers, self.num.extract(target, self.tgt_lex)):
            if d.source is not None:
                what = f"'{d.target.text}' for the source's '{d.source.text}'" if d.target else f"drops the source's '{d.source.text}'"
                out[("src", d.source.start)] = what
            else:
                out[("tgt", d.target.values)] = f"adds '{d.target.text}', which the source does not have"
        return out

    def names(self, target: str) -> dict[Any, str]:
        if not self.names_comparable:
            return {}
        out: dict[Any, str] = {}
        toks = self.ent.tokens(target, 0, len(target))
        for d in self.ent.compare(self.src_tokens, toks, self.lang, source_text=self.source):
            if d.source is not None:
                out[("missing", d.source.folded)] = f"drops the name '{d.source.text}'"
            if d.target is not None:
                out[("added", d.target.folded)] = f"adds the name '{d.target.text}'"
        return out

    def negation_gap(self, target: str) -> int | None:
        """Target negations minus source negations (a lost one excused by a word such as
        "incorrect"), or None for a source language without negation cues."""
        if self.src_negations is None:
            return None
        tc = len(self.neg.cues(target, self.tgt_lex))
        if tc < self.src_negations:
            tc = min(self.src_negations, tc + len(self.neg.soft_cues(target)))
        return tc - self.src_negations


def _in_range(f: Finding, start: int, end: int) -> bool:
    if f.end == f.start:
        return start < f.start < end
    return f.start < end and f.end > start


def judge(
    unit: Unit,
    candidate: str,
    *,
    logp_candidate: float,
    logp_current: float,
    lang: str | None,
    article: Article | None = None,
    recheck: ArticleRecheck | None = None,
    before: Sequence[Finding] = (),
    config: RetranslateConfig | None = None,
    checker: _SourceChecks | None = None,
) -> tuple[bool, str, dict[str, bool]]:
    """The gate's verdict on ``candidate`` for ``unit``: (accepted, reason, checks).

    ``logp_candidate``/``logp_current``: length-normalised log-probabilities (nats per
    token) of the candidate and of the current sentence given the source. ``recheck``
    re-runs the rules on ``article`` with the unit replaced; ``before`` are the findings
    of the unchanged article (what the old sentence already had)."""
    cfg = config or RetranslateConfig()
    checks: dict[str, bool] = {}
    current = unit.original
    checks["changed"] = bool(candidate.strip()) and _squash(candidate) != _squash(current)
    if not checks["changed"]:
        why = "the model produced an empty translation" if not candidate.strip() else "the re-translation equals the current sentence"
        return False, why, checks
    ratio = len(candidate) / max(1, len(current))
    checks["length"] = cfg.min_ratio <= ratio <= cfg.max_ratio
    if not checks["length"]:
        return False, (f"the re-translation is {ratio:.2f} times as long as the current sentence "
                       f"(allowed {cfg.min_ratio:g}-{cfg.max_ratio:g})"), checks
    src = checker or _SourceChecks(unit.source, lang)
    old_numbers = src.numbers(current)
    new = {k: v for k, v in src.numbers(candidate).items() if k not in old_numbers}
    checks["numbers"] = not new
    if new:
        return False, f"the re-translation changes a number against the source: {next(iter(new.values()))}", checks
    old_names = src.names(current)
    new = {k: v for k, v in src.names(candidate).items() if k not in old_names}
    checks["names"] = not new
    if new:
        return False, f"the re-translation {next(iter(new.values()))} against the source", checks
    gap_new, gap_old = src.negation_gap(candidate), src.negation_gap(current)
    checks["negation"] = not gap_new or (gap_old is not None and gap_new * gap_old > 0 and abs(gap_new) <= abs(gap_old))
    if not checks["negation"]:
        what = "drops a negation of the source" if gap_new < 0 else "adds a negation the source does not have"
        return False, f"the re-translation {what}", checks
    if recheck is None or article is None:
        checks["repaired"] = False
        return False, "the rules were not re-run on the re-translation", checks
    text = article.text
    delta = len(candidate) - (unit.end - unit.start)
    title_span = article.title_span
    if title_span is not None and title_span.end > unit.start:
        title_span = None
    suppressions = [s if s.end <= unit.start else dataclasses.replace(s, start=s.start + delta if s.start >= unit.end else s.start, end=s.end + delta)
                    for s in article.suppressions]
    changed = dataclasses.replace(article, text=text[: unit.start] + candidate + text[unit.end :], title_span=title_span,
                                  suppressions=suppressions)
    e0, e1 = unit.start, unit.start + len(candidate)
    after = [f for f in recheck(changed) if _in_range(f, e0, e1)]
    flagged = {f.code for f in unit.findings}
    still = [f for f in after if f.code in flagged]
    checks["repaired"] = not still
    if still:
        f = still[0]
        return False, f"the re-translation is still flagged ({f.code} {f.name}: {f.message})", checks
    old_codes = {f.code for f in before if _in_range(f, unit.start, unit.end)} | flagged
    added = [f for f in after if f.severity is Severity.ERROR and f.code not in old_codes]
    checks["no_new_errors"] = not added
    if added:
        f = added[0]
        return False, f"the re-translation introduces a new error ({f.code} {f.name}: {f.message})", checks
    margin = logp_candidate - logp_current
    checks["margin"] = margin >= cfg.margin
    if not checks["margin"]:
        return False, (f"the translation model is not confident enough (margin {margin:.2f} < {cfg.margin:.2f} "
                       "nats per token over the current sentence)"), checks
    return True, f"accepted (margin {margin:.2f} nats per token over the current sentence)", checks


class Retranslator:
    """Re-translations of flagged sentences from their source, gated.

    ``backend``: a translation model (`auditor.correct.backends.load_backend`) from the
    article's source language into English. ``config``: `RetranslateConfig`.
    """

    def __init__(self, backend: Backend, *, config: RetranslateConfig | None = None) -> None:
        self.backend = backend
        self.config = config or RetranslateConfig()

    def units(self, article: Article, findings: Sequence[Finding]) -> list[Unit]:
        """Aligned target stretches that carry ``findings`` (inside one stretch), with
        their source; nothing when the article has no source text."""
        from auditor.source import analyse

        analysis = analyse(article)
        if analysis is None:
            return []
        flagged = [f for f in findings if f.end > f.start]
        out: list[Unit] = []
        for bead in analysis.beads:
            if not bead.src or not bead.tgt:
                continue  # an omitted or unsourced sentence: nothing to re-translate from or into
            t0, t1 = analysis.tgt_range(bead)
            inside = [f for f in flagged if t0 <= f.start and f.end <= t1]
            if not inside:
                continue
            original = article.text[t0:t1]
            if "\n" in original:
                continue  # the stretch crosses a line or paragraph break: never rewrite the layout
            s0, s1 = analysis.src_range(bead)
            source = _squash(analysis.source_text[s0:s1])
            if not source or len(source) > self.config.max_source_chars:
                continue
            out.append(Unit(t0, t1, s0, s1, original, source, inside))
        return out

    def propose(self, article: Article, findings: Sequence[Finding], recheck: ArticleRecheck | None = None) -> list[Retranslation]:
        """One `Retranslation` per aligned stretch that carries ``findings``. ``recheck``
        re-runs the rules on a whole article (see `engine_article_recheck`)."""
        units = self.units(article, findings)
        if not units:
            return []
        cfg = self.config
        from auditor.source import analyse, normalise_lang

        analysis = analyse(article)
        lang = analysis.lang if analysis is not None else normalise_lang(article.source_lang)
        sources = [u.source for u in units]
        # a token decodes to at least one character, so an output longer than this fails
        # the length check anyway: no need to decode further (a random or looping model)
        limit = min(cfg.max_length, int(cfg.max_ratio * max(len(u.original) for u in units)) + 8)
        outputs = self.backend.generate(sources, beam_size=cfg.beam_size, max_length=limit)
        candidates = [_squash(o) for o in outputs]
        currents = [_squash(u.original) for u in units]
        logps = self.backend.score(sources + sources, candidates + currents)
        counts = token_counts(self.backend, candidates + currents)
        n = len(units)
        before = list(recheck(article)) if recheck is not None else []
        out: list[Retranslation] = []
        for i, (unit, cand) in enumerate(zip(units, candidates)):
            lp_c, lp_o = logps[i] / counts[i], logps[n + i] / counts[n + i]
            accepted, reason, checks = judge(
                unit, cand, logp_candidate=lp_c, logp_current=lp_o, lang=lang, article=article, recheck=recheck,
                before=before, config=cfg,
            )
            scores = {"logp_candidate": lp_c, "logp_current": lp_o, "margin": lp_c - lp_o,
                      "logp_candidate_sum": logps[i], "logp_current_sum": logps[n + i],
                      "tokens_candidate": float(counts[i]), "tokens_current": float(counts[n + i]),
                      "length_ratio": len(cand) / max(1, len(unit.original))}
            out.append(Retranslation(unit.start, unit.end, unit.original, cand, unit.source,
                                     (unit.source_start, unit.source_end), tuple(sorted({f.code for f in unit.findings})),
                                     scores, accepted, reason, checks))
        return out


def engine_article_recheck(engine: Any) -> ArticleRecheck:
    """A recheck that runs an `auditor.rules.engine.Engine` on a whole article."""

    def recheck(article: Article) -> list[Finding]:
        return engine.check(article)[0]

    return recheck


def _touches(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start <= b_end and b_start <= a_end


def retranslation_edits(retranslations: Sequence[Retranslation], edits: list, findings: Sequence[Finding], *, unsafe: bool) -> list:
    """`auditor.fix.Edit`s for ``retranslations``, choosing between each re-translation
    and the other edits of its sentence (``edits``: rule fixes and corrector proposals,
    updated in place; ``findings``: the flagged findings the re-translations were asked
    to repair).

    * a held-back re-translation is a ``display`` suggestion with the gate's reason;
    * a re-translation that passed the gate loses to the corrector's span-level
      post-edits when those passed their gate too and together repair every flagged
      span of the sentence (the smaller change wins): it is shown as ``display``;
    * without ``--unsafe-fixes`` a re-translation that passed the gate is shown, not
      applied (it rewrites a whole sentence);
    * otherwise it is applied, and every other pending edit inside its sentence (rule
      fixes, post-edits that repair only some of its flagged spans) is skipped as
      superseded: the gate checked the whole new sentence against the rules.
    """
    from auditor.edits import overlap

    out = []
    for r in retranslations:
        edit = r.to_edit()
        out.append(edit)
        if not r.accepted:
            continue
        todo = [f for f in findings if f.end > f.start and r.start <= f.start and f.end <= r.end]
        posts = [e for e in edits if e.origin == "model" and e.status == "pending" and r.start <= e.start and e.end <= r.end]
        if posts and all(any(_touches(e.start, e.end, f.start, f.end) for e in posts) for f in todo):
            where = ", ".join(f"{e.start}-{e.end}" for e in posts)
            edit.status, edit.applicability = "display", Applicability.DISPLAY
            edit.reason = (f"passed the gate, but the span-level post-edit at {where} passed too and changes less; "
                           "the smaller change wins")
            continue
        if not unsafe:
            edit.status = "display"
            edit.reason = "passed the gate; a re-translation rewrites the whole sentence, so it is applied only with --unsafe-fixes"
            continue
        for other in edits:
            if other.status == "pending" and overlap(other, edit):
                other.status = "skipped"
                other.reason = (f"superseded by the re-translation of its sentence ({ORIGIN} at {r.start}-{r.end}), "
                                "which repairs every flagged span of the sentence")
    return out


__all__ = ["ORIGIN", "CTranslate2MT", "RetranslateConfig", "Retranslation", "Retranslator", "Unit", "engine_article_recheck", "judge",
           "load_mt_backend", "retranslation_edits", "token_counts"]
