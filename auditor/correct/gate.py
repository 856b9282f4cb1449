"""The gate: which model proposals become (unsafe) edits and which stay suggestions.

A proposal is accepted only when all of these hold:

1. it changes something, and nothing outside the marked span (the whitespace next to the
   span may change: removing a doubled word removes its space);
2. it writes no word that is neither in the window nor in an English spelling dictionary
   (hunspell en_US/en_AU, `auditor.spelling`), judged on the whole words of the corrected
   window (a garbled "Xinhuanet" -> "Xanhuanhuanet" is held back, and so is "Village" ->
   "country" inside "Villages", which writes "countrys"); it leaves no two spaces in a row
   where there were none; and it keeps every number, every
   capitalised name (a change of letter case is allowed; replacing a name is allowed only
   for findings of the calque/untranslated families), every content word (an edit may drop
   function words and repeated words, and split, re-case or re-tokenise words; only
   calque/untranslated fixes may replace words, and never by nothing) and every negation
   word of the window;
3. re-running the rules on the corrected sentence finds nothing at the edited place
   (``recheck``; the flagged span is repaired and no new finding appears there);
4. the model prefers it to copying the input by at least ``margin`` nats of summed
   log-probability.

The edit is snapped to whole words (`auditor.wordcheck.snap`): the verdict's edit
replaces whole words of the window. Everything else is returned as a ``display``
suggestion with the reason it was held back. A model edit is never ``safe``: an accepted
one is ``unsafe``, applied only with ``--unsafe-fixes``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

from auditor.correct.window import changed_region
from auditor.findings import Applicability, Finding
from auditor.wordcheck import snap, unknown_word, words

NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
NAME = re.compile(r"\b[A-Z][\w'’.-]*")
NEGATION = re.compile(
    r"\b(?:not|no|never|nor|none|nobody|nothing|nowhere|neither|without|cannot|can't|won't|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|shouldn't|"
    r"wouldn't|couldn't|mustn't)\b|n['’]t\b",
    re.I,
)
#: finding families whose fix may replace a capitalised word by another word
NAME_CHANGING_FAMILIES = frozenset({"calque", "untranslated"})
#: words an edit may drop outright (doubled subjects, stray articles and prepositions)
FUNCTION_WORDS = frozenset(
    """a an the this that these those it its he him his she her hers they them their theirs we us our
    you your i me my mine who whom whose which what there here of to in on at by for from with into onto
    upon about as and or but nor so if than then also too very just is are was were be been being am
    has have had do does did will would shall should can could may might must also such same both
    either each every all any some one""".split()
)
_LETTERS = re.compile(r"[^\W\d_]+")

Recheck = Callable[[str], Sequence[Finding]]


@dataclass
class GateConfig:
    margin: float = 1.0  # nats of summed log-probability over copying
    require_recheck: bool = True
    #: the margin for an ``unsafe`` rule fix that the model only verifies: the rule flagged
    #: the span and wrote the fix, so the model need not be as sure as of its own proposal,
    #: but it must clearly prefer the fix (2 nats: about 7 times likelier than copying; at 0,
    #: WMT22 showed sentence-case fixes passing on margins of 0.05-0.5)
    verify_margin: float = 2.0


@dataclass
class Verdict:
    """The gate's decision on one proposal, with the minimal edit it implies.

    ``edit`` is ``(start, end, content)`` relative to the window: replace
    ``original[start:end]`` by ``content``.
    """

    accepted: bool
    reason: str
    applicability: Applicability
    edit: tuple[int, int, str] | None = None
    checks: dict[str, bool] = field(default_factory=dict)


def _edit_within(original: str, candidate: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """The minimal edit if it lies inside ``[lo, hi)`` of ``original`` (trying both ways
    of attributing an ambiguous change), else None."""
    for prefer_suffix in (False, True):
        a0, a1, b0, b1 = changed_region(original, candidate, prefer_suffix)
        if lo <= a0 and a1 <= hi:
            return a0, a1, candidate[b0:b1]
    return None


def _allowed_region(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1] in " \t\u00a0":
        start -= 1
    while end < len(text) and text[end] in " \t\u00a0":
        end += 1
    return start, end


def _names(text: str, skip_first: bool) -> list[str]:
    names = [m.group(0) for m in NAME.finditer(text)]
    if skip_first and names and text.lstrip().startswith(names[0]):
        names = names[1:]
    return names


def _invented_word(new: str, original: str) -> str | None:
    """A word of ``new`` that is neither in ``original`` (in any case) nor spelled right."""
    return unknown_word(new, {w.casefold() for w in words(original)})


def _lost_word(old: str, new: str, candidate: str) -> str | None:
    """A content word of ``old`` that the edit loses: not a function word, not kept
    elsewhere in the candidate window (a repeated word), and its letters not kept by
    ``new`` (a split, re-cased or re-tokenised word keeps its letters)."""
    kept_letters = "".join(_LETTERS.findall(new)).casefold()
    window_words = {w.casefold() for w in _LETTERS.findall(candidate)}
    old_letters = "".join(_LETTERS.findall(old)).casefold()
    if old_letters and old_letters == kept_letters:
        return None
    for word in _LETTERS.findall(old):
        w = word.casefold()
        if w in FUNCTION_WORDS or w in window_words or (len(w) < 3 and w.isascii()):
            continue
        if w not in kept_letters:
            return word
    return None


def judge(
    original: str,
    candidate: str,
    span: tuple[int, int],
    *,
    logp_candidate: float,
    logp_copy: float,
    findings: Sequence[Finding] = (),
    sentence: str | None = None,
    window_offset: int = 0,
    recheck: Recheck | None = None,
    config: GateConfig | None = None,
) -> Verdict:
    """Decide on ``candidate`` for the window ``original`` whose marked span is ``span``
    (window-relative). ``sentence``/``window_offset`` place the window in its sentence
    for ``recheck`` (the rules re-run on the corrected sentence)."""
    cfg = config or GateConfig()
    display = Applicability.DISPLAY
    checks: dict[str, bool] = {}
    if candidate == original:
        return Verdict(False, "the model proposes no change", display, None, {"changed": False})
    lo, hi = _allowed_region(original, *span)
    edit = _edit_within(original, candidate, lo, hi)
    checks["inside_span"] = edit is not None
    if edit is None:
        return Verdict(False, "the proposal changes text outside the flagged span", display, None, checks)
    a0, a1, new = snap(original, *edit)  # whole words of the window, before and after
    edit = (a0, a1, new)
    w0, old, new_words = a0, original[a0:a1], new
    invented = _invented_word(new_words, original)
    checks["known_words"] = invented is None
    if invented is not None:
        return Verdict(False, f"the proposal writes {invented!r}, which is not an English word", display, edit, checks)
    fixed_window = original[:a0] + new + original[a1:]
    checks["spacing"] = not ("  " in fixed_window[max(a0 - 1, 0):a0 + len(new) + 1]
                             and "  " not in original[max(a0 - 1, 0):a1 + 1])
    if not checks["spacing"]:
        return Verdict(False, "the proposal leaves two spaces in a row", display, edit, checks)
    checks["numbers"] = Counter(NUMBER.findall(original)) == Counter(NUMBER.findall(candidate))
    if not checks["numbers"]:
        return Verdict(False, "the proposal changes a number", display, edit, checks)
    at_start = window_offset + w0 == 0 or (sentence is None and w0 == 0)
    old_names = {n.casefold() for n in _names(old, at_start)}
    new_names = {n.casefold() for n in _names(new_words, at_start)}
    families = {f.category for f in findings}
    lost = old_names - {n.casefold() for n in NAME.findall(new_words)}
    added = new_names - {n.casefold() for n in NAME.findall(original)} - {n.casefold() for n in re.findall(r"[\w'’.-]+", old)}
    checks["names"] = not added and (not lost or bool(families & NAME_CHANGING_FAMILIES))
    if not checks["names"]:
        which = sorted(added or lost)[0]
        return Verdict(False, f"the proposal {'adds' if added else 'drops'} the name {which!r}", display, edit, checks)
    checks["negation"] = len(NEGATION.findall(original)) == len(NEGATION.findall(candidate))
    if not checks["negation"]:
        return Verdict(False, "the proposal changes a negation", display, edit, checks)
    lost_word = _lost_word(old, new_words, candidate)
    # a calque or untranslated word may be replaced by other words, not deleted outright
    replaced = any(w.casefold() not in FUNCTION_WORDS for w in _LETTERS.findall(new))
    checks["words"] = lost_word is None or (bool(families & NAME_CHANGING_FAMILIES) and replaced)
    if not checks["words"]:
        return Verdict(False, f"the proposal drops the word {lost_word!r}", display, edit, checks)
    if recheck is not None:
        base = sentence if sentence is not None else original
        off = window_offset if sentence is not None else 0
        fixed = base[: off + a0] + new + base[off + a1 :]
        r0, r1 = off + a0, off + a0 + len(new)
        codes = {f.code for f in findings}
        remaining = [f for f in recheck(fixed) if f.start <= r1 and f.end >= r0 and (f.code in codes or f.start < r1 and f.end > r0)]
        checks["repaired"] = not remaining
        if remaining:
            f = remaining[0]
            what = "is still flagged" if f.code in codes else "introduces a new finding"
            return Verdict(False, f"the corrected text {what} ({f.code} {f.name})", display, edit, checks)
    elif cfg.require_recheck:
        checks["repaired"] = False
        return Verdict(False, "the rules were not re-run on the proposal", display, edit, checks)
    margin = logp_candidate - logp_copy
    checks["margin"] = margin >= cfg.margin
    if not checks["margin"]:
        return Verdict(False, f"the model is not confident enough (margin {margin:.2f} < {cfg.margin:.2f} nats over copying)", display, edit, checks)
    return Verdict(True, f"accepted (margin {margin:.2f} nats over copying)", Applicability.UNSAFE, edit, checks)
