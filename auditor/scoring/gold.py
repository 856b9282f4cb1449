"""Gold annotations of artifacts, and the evaluation of findings against them.

The gold format is documented for users in ``docs/eval.md``; in short (JSONL, one
artifact per line)::

    {"article": "ID or path", "quote": "exact text", "occurrence": 1, "type": "family.kind", "fix": "..."}
    {"article": "ID or path", "start": 10, "end": 24, "type": "typography.glued-words"}
    {"article": "ID or path", "clean": true}

* ``article`` names the article (its id, its path, or ``path#id``); it may be left out
  when exactly one article is evaluated (as in the seed's ``artifacts.jsonl``).
* The span is ``start``/``end`` (code points) or ``quote`` (+ ``occurrence``, 1-based).
* ``type`` is ``family.kind``; ``fix`` is what an editor would write instead of the
  quote (``(remove line)`` or any text starting with ``(remove`` means deletion).
* ``{"clean": true}`` marks an article with no artifacts: findings there are false alarms,
  reported per 1,000 words.
* Other fields (``tier``, ``note``) are kept and may be used to filter (``--tier core``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from sacrebleu.metrics import CHRF

from auditor.document import Article
from auditor.errors import InputError
from auditor.findings import Finding
from auditor.scoring.inputs import json_objects, read_lines


@dataclass
class GoldItem:
    article: str | None
    type: str
    start: int = -1
    end: int = -1
    quote: str | None = None
    occurrence: int = 1
    fix: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    line: int = 0

    @property
    def family(self) -> str:
        return self.type.split(".", 1)[0]


def load_gold(path: Path) -> tuple[list[GoldItem], set[str]]:
    """Gold items and the set of articles marked clean."""
    items: list[GoldItem] = []
    clean: set[str] = set()
    for number, obj in json_objects(Path(path), read_lines(Path(path))):
        article = obj.pop("article", None)
        if article is not None and (isinstance(article, bool) or not isinstance(article, (str, int))):
            raise InputError("'article' must be a string (an id or a path)", str(path), number)
        if obj.get("clean") is True:
            clean.add(str(article) if article is not None else "")
            continue
        items.append(_gold_item(obj, None if article is None else str(article), str(path), number))
    return items, clean


def _gold_item(obj: dict[str, Any], article: str | None, path: str, number: int) -> GoldItem:
    """One artifact line, each field checked for its type (a one-line `InputError` naming
    the line otherwise: a gold set read wrong would mislead every figure drawn from it)."""
    if "type" not in obj or not ("quote" in obj or ("start" in obj and "end" in obj)):
        raise InputError("needs 'type' and either 'quote' or 'start'/'end'", path, number)

    def whole(name: str, default: int, least: int) -> int:
        value = obj.pop(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise InputError(f"'{name}' must be a whole number of at least {least}, not {value!r}"[:160], path, number)
        return value

    kind, quote, fix = obj.pop("type"), obj.pop("quote", None), obj.pop("fix", None)
    if not isinstance(kind, str) or not kind.strip():
        raise InputError("'type' must be a non-empty string (family.kind)", path, number)
    if quote is not None and (not isinstance(quote, str) or not quote):
        raise InputError("'quote' must be a non-empty string", path, number)
    if fix is not None and not isinstance(fix, str):
        raise InputError("'fix' must be a string", path, number)
    start = whole("start", -1, 0) if "start" in obj else -1
    end = whole("end", -1, 0) if "end" in obj else -1
    return GoldItem(article=article, type=kind, start=start, end=end, quote=quote,
                    occurrence=whole("occurrence", 1, 1), fix=fix, extra=obj, line=number)


def article_matches(article: Article, name: str | None, single: bool) -> bool:
    if name is None or name == "":
        return single
    return name in {article.id, article.path, article.display_name, Path(article.path).name}


def resolve_span(item: GoldItem, article: Article, gold_path: str) -> tuple[int, int]:
    if item.quote is None:
        if not 0 <= item.start <= item.end <= len(article.text):
            raise InputError(f"span {item.start}..{item.end} outside the article", gold_path, item.line)
        return item.start, item.end
    pos = -1
    for _ in range(item.occurrence):
        pos = article.text.find(item.quote, pos + 1)
        if pos < 0:
            raise InputError(f"quote not found in {article.display_name} (occurrence {item.occurrence})", gold_path, item.line)
    return pos, pos + len(item.quote)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def to_dict(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        rnd = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": rnd(p), "recall": rnd(r), "f1": rnd(f1)}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] or (a[0] == a[1] == b[0])


def _proposed(text: str, span: tuple[int, int], finding: Finding) -> str | None:
    """The gold span's text after the finding's best replacement, or None without one."""
    if not finding.replacements:
        return None
    rep = max(finding.replacements, key=lambda r: r.applicability.rank)
    lo, hi = min(span[0], rep.start), max(span[1], rep.end)
    fixed = text[lo:rep.start] + rep.content + text[rep.end:hi]
    return fixed.strip()


@dataclass
class Evaluation:
    overall: dict[str, Counts] = field(default_factory=lambda: {"exact": Counts(), "overlap": Counts()})
    by_type: dict[str, dict[str, Counts]] = field(default_factory=dict)
    by_rule: dict[str, dict[str, Counts]] = field(default_factory=dict)
    #: findings of category C against gold items of family C (the part of type before '.')
    by_family: dict[str, dict[str, Counts]] = field(default_factory=dict)
    fixes: dict[str, int] = field(default_factory=lambda: {"gold_fixes": 0, "proposed": 0, "exact": 0, "chrf_ok": 0})
    clean_words: int = 0
    clean_findings: int = 0
    chrf_threshold: float = 80.0
    #: per mode: rule code -> gold types its matching findings had (for attribution)
    _rule_types: dict[str, dict[str, Counter]] = field(default_factory=lambda: {"exact": {}, "overlap": {}})
    #: per mode: gold type -> findings matching an item of that type
    _type_hits: dict[str, Counter] = field(default_factory=lambda: {"exact": Counter(), "overlap": Counter()})
    #: per mode: rule code -> findings matching no gold item
    _unmatched: dict[str, Counter] = field(default_factory=lambda: {"exact": Counter(), "overlap": Counter()})

    def _bucket(self, table: dict[str, dict[str, Counts]], key: str) -> dict[str, Counts]:
        return table.setdefault(key, {"exact": Counts(), "overlap": Counts()})

    def add(self, article: Article, findings: list[Finding], gold: list[tuple[GoldItem, tuple[int, int]]], clean: bool) -> None:
        if clean:
            self.clean_words += article.word_count
            self.clean_findings += len(findings)
        chrf = CHRF()
        for mode in ("exact", "overlap"):
            match = (lambda f, s: (f.start, f.end) == s) if mode == "exact" else (lambda f, s: _overlaps((f.start, f.end), s))
            matched_findings: set[int] = set()
            for item, span in gold:
                hits = [i for i, f in enumerate(findings) if match(f, span)]
                matched_findings.update(hits)
                key = "tp" if hits else "fn"
                setattr(self.overall[mode], key, getattr(self.overall[mode], key) + 1)
                bucket = self._bucket(self.by_type, item.type)[mode]
                setattr(bucket, key, getattr(bucket, key) + 1)
                if mode == "overlap" and item.fix is not None:
                    self._score_fix(article.text, span, item.fix, [findings[i] for i in hits], chrf)
            for i, f in enumerate(findings):
                rule = self._bucket(self.by_rule, f.code)[mode]
                if i in matched_findings:
                    rule.tp += 1
                    gtype = next(g.type for g, s in gold if match(f, s))
                    self._type_hits[mode][gtype] += 1
                    self._rule_types[mode].setdefault(f.code, Counter())[gtype] += 1
                else:
                    rule.fp += 1
                    self.overall[mode].fp += 1
                    self._unmatched[mode][f.code] += 1
                family = self._bucket(self.by_family, f.category)[mode]
                family.tp += any(match(f, s) and g.family == f.category for g, s in gold)
                family.fp += not any(match(f, s) and g.family == f.category for g, s in gold)
            for item, span in gold:
                if not any(match(f, span) and f.category == item.family for f in findings):
                    self._bucket(self.by_family, item.family)[mode].fn += 1

    def _score_fix(self, text: str, span: tuple[int, int], fix: str, hits: list[Finding], chrf: CHRF) -> None:
        self.fixes["gold_fixes"] += 1
        want_removal = fix.strip().startswith("(remove")
        best_exact, best_chrf, proposed = False, 0.0, False
        for f in hits:
            got = _proposed(text, span, f)
            if got is None:
                continue
            proposed = True
            if want_removal:
                best_exact |= got == "" or got.isspace()
                best_chrf = max(best_chrf, 100.0 if not got.strip() else 0.0)
            else:
                best_exact |= got == fix.strip()
                best_chrf = max(best_chrf, chrf.sentence_score(got, [fix.strip()]).score)
        self.fixes["proposed"] += proposed
        self.fixes["exact"] += best_exact
        self.fixes["chrf_ok"] += best_chrf >= self.chrf_threshold

    def _by_type(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Recall per gold type (gold items found), and precision per type over the findings
        attributed to it: a finding matching a gold item counts for that item's type; an
        unmatched finding counts against the type its rule's matching findings mostly had
        (``(unattributed)`` when its rule matched nothing)."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for mode in ("exact", "overlap"):
            false = Counter()
            for code, n in self._unmatched[mode].items():
                seen = self._rule_types[mode].get(code)
                false[seen.most_common(1)[0][0] if seen else "(unattributed)"] += n
            for gtype in sorted(set(self.by_type) | set(false)):
                c = self.by_type.get(gtype, {}).get(mode, Counts())
                hits, fp = self._type_hits[mode][gtype], false[gtype]
                p = hits / (hits + fp) if hits + fp else None
                r = c.tp / (c.tp + c.fn) if c.tp + c.fn else None
                f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
                rnd = lambda x: None if x is None else round(x, 4)  # noqa: E731
                out.setdefault(gtype, {})[mode] = {"tp": c.tp, "fn": c.fn, "recall": rnd(r), "findings": hits + fp,
                                                   "false_findings": fp, "precision": rnd(p), "f1": rnd(f1)}
        return out

    def to_dict(self) -> dict[str, Any]:
        table = lambda t: {k: {m: c.to_dict() for m, c in v.items()} for k, v in sorted(t.items())}  # noqa: E731
        return {
            "overall": {m: c.to_dict() for m, c in self.overall.items()},
            "by_type": self._by_type(),
            "by_rule": table(self.by_rule),
            "by_family": table(self.by_family),
            "fixes": {**self.fixes, "chrf_threshold": self.chrf_threshold},
            "clean": {"words": self.clean_words, "findings": self.clean_findings,
                      "per_1000_words": round(1000 * self.clean_findings / self.clean_words, 3) if self.clean_words else None},
        }


def gold_for(article: Article, items: Iterable[GoldItem], single: bool, gold_path: str) -> list[tuple[GoldItem, tuple[int, int]]]:
    return [(i, resolve_span(i, article, gold_path)) for i in items if article_matches(article, i.article, single)]
