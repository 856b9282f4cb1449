"""`Corrector.propose(sentences, findings) -> proposals`: the model half of `auditor fix`.

For every flagged span (findings that overlap are merged) the corrector cuts a short
window of its sentence, marks the span, asks the model for the corrected window, scores
the proposal and the unchanged window under the model, and lets the gate decide. The
result is one `Proposal` per span: an ``unsafe`` edit when the gate accepts it (applied
only with ``--unsafe-fixes``), else a ``display`` suggestion with the reason.

When the gate holds the model's own proposal back and a rule offered an ``unsafe`` fix
for the span (a judgement call such as deleting the pronoun of a doubled subject), the
model scores that fix too: if it prefers the fix to copying (``verify_margin``) and the
fix passes the gate's other checks, the fix is proposed with the model as its witness.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Sequence

from auditor.correct.backends import Backend, load_backend
from auditor.correct.gate import GateConfig, Recheck, judge
from auditor.correct.window import Window, cut_window, join_span, unwrap_span, wrap_span
from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement

Sentence = tuple[int, str]  # (offset of the sentence in the article, its text)


@dataclass
class Proposal:
    """The model's proposal for one flagged span.

    Offsets are article offsets. ``window`` is ``(start, end)`` of the text the model
    saw; ``span`` the flagged part of it; ``original``/``candidate`` the window before and
    after; ``edit`` the minimal replacement (None when the model changed nothing or
    changed text outside the span).
    """

    window: tuple[int, int]
    span: tuple[int, int]
    original: str
    candidate: str
    codes: tuple[str, ...]
    scores: dict[str, float]
    accepted: bool
    reason: str
    applicability: Applicability
    edit: Replacement | None = None
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.candidate != self.original

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": list(self.window),
            "span": list(self.span),
            "original": self.original,
            "candidate": self.candidate,
            "codes": list(self.codes),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "accepted": self.accepted,
            "reason": self.reason,
            "applicability": self.applicability.value,
            "edit": self.edit.to_dict() if self.edit else None,
            "checks": self.checks,
        }


def run_model(
    backend: Backend, windows: Sequence[Window], *, beam_size: int = 4, max_length: int = 128, mode: str | None = None
) -> tuple[list[str], list[float], list[float]]:
    """The model's corrected windows for marked ``windows``, with the log-probabilities of
    each proposal and of copying. ``mode`` (default: the model's ``auditor.json``):
    ``span`` models write only the replacement of the marked span, ``window`` models the
    whole window."""
    mode = mode or getattr(backend, "meta", {}).get("target", "window")
    if not windows:
        return [], [], []
    sources = [w.marked for w in windows]
    if mode == "span":  # a replacement is short: no need to decode as far as a window
        max_length = min(max_length, 64)
    outputs = backend.generate(sources, beam_size=beam_size, max_length=max_length)
    if mode == "span":  # the model writes "⟦replacement⟧"
        parts = [(w.plain[: w.local_span[0]], w.plain[w.local_span[0] : w.local_span[1]], w.plain[w.local_span[1] :]) for w in windows]
        candidates = [join_span(left, unwrap_span(out), right) for (left, _, right), out in zip(parts, outputs)]
        copies = [wrap_span(mid) for _, mid, _ in parts]
    elif mode == "window":
        candidates = list(outputs)
        copies = [w.plain for w in windows]
    else:
        raise ValueError(f"unknown model target mode {mode!r}")
    logps = backend.score(sources + sources, list(outputs) + copies)
    n = len(windows)
    return candidates, logps[:n], logps[n:]


def _merge(findings: list[Finding]) -> list[list[Finding]]:
    groups: list[list[Finding]] = []
    end = -1
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if groups and f.start < end:
            groups[-1].append(f)
            end = max(end, f.end)
        else:
            groups.append([f])
            end = f.end
    return groups


#: the finding families the shipped model was trained to repair (the injector's artifact
#: kinds: typography, calques, doubled subjects and person shifts, untranslated words).
#: Residue is removed by rule fixes alone; source and fluency findings need the source or
#: a rewrite, not a span edit.
MODEL_FAMILIES = frozenset({"typography", "calque", "grammar", "untranslated"})


class Corrector:
    """Model proposals for flagged spans, gated.

    ``backend``: a `Backend` (default: the shipped model, ctranslate2 when installed).
    ``context_words``: words of context on each side of a span (the model was trained on
    3-10). ``beam_size``: 1 = greedy. ``families``: the finding families the model is
    asked about (default `MODEL_FAMILIES`); other findings get no proposal.
    """

    def __init__(
        self,
        backend: Backend | None = None,
        *,
        gate: GateConfig | None = None,
        context_words: int = 8,
        beam_size: int = 4,
        max_length: int = 128,
        families: frozenset[str] | None = MODEL_FAMILIES,
    ) -> None:
        self.families = families
        self.backend = backend if backend is not None else load_backend()
        # the margin calibrated for this model on held-out clean windows (auditor.json)
        meta = getattr(self.backend, "meta", {})
        self.gate = gate or GateConfig(margin=float(meta.get("margin", GateConfig.margin)),
                                       verify_margin=float(meta.get("verify_margin", GateConfig.verify_margin)))
        self.context_words = context_words
        self.beam_size = beam_size
        self.max_length = max_length

    def propose(
        self,
        sentences: Sequence[Sentence],
        findings: Sequence[Finding],
        recheck: Recheck | None = None,
    ) -> list[Proposal]:
        """One `Proposal` per flagged span. ``sentences`` are ``(offset, text)`` pairs in
        article coordinates; a finding is handled when its span lies inside a sentence.
        ``recheck(sentence_text)`` re-runs the rules on a corrected sentence (offsets
        relative to that sentence)."""
        return self.propose_many([(sentences, findings)], recheck)[0]

    def _jobs(self, sentences: Sequence[Sentence], findings: Sequence[Finding]) -> list[tuple]:
        if self.families is not None:
            findings = [f for f in findings if f.category in self.families]
        jobs = []
        for offset, text in sentences:
            inside = [f for f in findings if offset <= f.start and f.end <= offset + len(text) and f.end > f.start]
            for group in _merge(inside):
                s = min(f.start for f in group) - offset
                e = max(f.end for f in group) - offset
                win = cut_window(text, s, e, self.context_words, self.context_words)
                jobs.append((offset, text, win, group))
        return jobs

    def propose_many(
        self,
        items: Sequence[tuple[Sequence[Sentence], Sequence[Finding]]],
        recheck: Recheck | None = None,
    ) -> list[list[Proposal]]:
        """`propose` for several texts at once (one list of proposals per item), with
        one batched model call for all their spans: short articles and one-sentence
        segments would otherwise reach the model a few windows at a time."""
        per_item = [self._jobs(sentences, findings) for sentences, findings in items]
        jobs = [job for item_jobs in per_item for job in item_jobs]
        proposals = self._decide(jobs, recheck) if jobs else []
        out, i = [], 0
        for item_jobs in per_item:
            out.append(proposals[i : i + len(item_jobs)])
            i += len(item_jobs)
        return out

    def _decide(self, jobs: list[tuple], recheck: Recheck | None) -> list[Proposal]:
        candidates, lp_cands, lp_copies = run_model(
            self.backend, [w for _, _, w, _ in jobs], beam_size=self.beam_size, max_length=self.max_length
        )
        verdicts = [
            judge(win.plain, cand, win.local_span, logp_candidate=lp_c, logp_copy=lp_copy, findings=group,
                  sentence=text, window_offset=win.start, recheck=recheck, config=self.gate)
            for (offset, text, win, group), cand, lp_c, lp_copy in zip(jobs, candidates, lp_cands, lp_copies)
        ]
        verified = self._verify_rule_fixes(jobs, verdicts, lp_copies, recheck)
        out: list[Proposal] = []
        for i, ((offset, text, win, group), cand, lp_c, lp_copy) in enumerate(zip(jobs, candidates, lp_cands, lp_copies)):
            verdict = verdicts[i]
            if i in verified:
                cand, lp_c, verdict = verified[i]
            edit = None
            if verdict.edit is not None:
                a0, a1, new = verdict.edit
                base = offset + win.start
                codes = ", ".join(sorted({f.code for f in group}))
                edit = Replacement(base + a0, base + a1, new, verdict.applicability, f"model correction ({codes}): {verdict.reason}")
            out.append(
                Proposal(
                    window=(offset + win.start, offset + win.end),
                    span=(offset + win.span_start, offset + win.span_end),
                    original=win.plain,
                    candidate=cand,
                    codes=tuple(sorted({f.code for f in group})),
                    scores={"logp_candidate": lp_c, "logp_copy": lp_copy, "margin": lp_c - lp_copy},
                    accepted=verdict.accepted,
                    reason=verdict.reason,
                    applicability=verdict.applicability,
                    edit=edit,
                    checks=verdict.checks,
                )
            )
        return out

    def _verify_rule_fixes(self, jobs, verdicts, lp_copies, recheck):
        """``{job index: (candidate, logp, verdict)}`` for the spans whose model proposal
        was held back but whose ``unsafe`` rule fix the model prefers to copying."""
        tries = []  # (job index, candidate window, scoring target)
        for i, ((offset, text, win, group), verdict) in enumerate(zip(jobs, verdicts)):
            if verdict.accepted:
                continue
            base = offset + win.start
            ls, le = win.local_span
            for f in group:
                for rep in f.replacements:
                    if rep.applicability is not Applicability.UNSAFE:
                        continue
                    a, b = rep.start - base, rep.end - base
                    if not ls <= a <= b <= le:
                        continue  # the model can only vouch for an edit inside the marked span
                    if rep.content.casefold() == win.plain[a:b].casefold():
                        continue  # a case change (sentence case): the model cannot know the writer's intent
                    cand = win.plain[:a] + rep.content + win.plain[b:]
                    middle = cand[ls : len(cand) - (len(win.plain) - le)]
                    tries.append((i, cand, wrap_span(middle)))
        if not tries:
            return {}
        logps = self.backend.score([jobs[i][2].marked for i, _, _ in tries], [t for _, _, t in tries])
        verify = dataclasses.replace(self.gate, margin=self.gate.verify_margin)
        best: dict[int, tuple[str, float, Any]] = {}
        for (i, cand, _), lp in zip(tries, logps):
            offset, text, win, group = jobs[i]
            verdict = judge(win.plain, cand, win.local_span, logp_candidate=lp, logp_copy=lp_copies[i], findings=group,
                            sentence=text, window_offset=win.start, recheck=recheck, config=verify)
            if verdict.accepted and (i not in best or lp > best[i][1]):
                codes = ", ".join(sorted({f.code for f in group}))
                verdict.reason = f"the rule's fix ({codes}), verified by the model: {verdict.reason}"
                best[i] = (cand, lp, verdict)
        return best

    def propose_article(self, article: Article, findings: Sequence[Finding], recheck: Recheck | None = None) -> list[Proposal]:
        """`propose` over the sentences of ``article``."""
        return self.propose_articles([(article, findings)], recheck)[0]

    def propose_articles(
        self, items: Sequence[tuple[Article, Sequence[Finding]]], recheck: Recheck | None = None
    ) -> list[list[Proposal]]:
        """`propose_many` over the sentences of each article."""
        return self.propose_many(
            [([(s.start, a.text[s.start : s.end]) for s in a.sentences], findings) for a, findings in items], recheck)


def engine_recheck(engine: Any) -> Recheck:
    """A ``recheck`` callback that runs an `auditor.rules.engine.Engine` on one sentence."""

    def recheck(sentence: str) -> list[Finding]:
        return engine.check(Article(text=sentence))[0]

    return recheck
