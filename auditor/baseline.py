"""Baselines: record the findings a corpus has today, then report only new ones.

A finding is identified by article + code + matched text (not its offsets), so edits
elsewhere in an article do not resurrect baselined findings. Counts are kept, so a second
occurrence of a baselined artifact is reported as new.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from auditor import __version__
from auditor.atomic import write_atomic
from auditor.document import Article
from auditor.errors import ConfigError
from auditor.findings import Finding


def article_key(article: Article) -> str:
    return article.display_name


class Baseline:
    def __init__(self, entries: dict[str, Counter] | None = None):
        self.entries: dict[str, Counter] = entries or {}

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        """The baseline in ``path``; a one-line `ConfigError` when it cannot be read or is
        not a baseline (not JSON, nested too deeply, counts that are not whole numbers)."""
        from auditor.config import read_user_file

        raw = read_user_file(path, "baseline")
        try:
            data = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise ConfigError(f"{path}: not an auditor baseline file (JSON nested too deeply)") from None
        except ValueError:  # not UTF-8, not JSON, or a number too long to convert
            raise ConfigError(f"{path}: not an auditor baseline file (invalid JSON)") from None
        return cls(_entries(data, path))

    @staticmethod
    def check_target(path: Path) -> None:
        """Raise a one-line `ConfigError` unless a baseline can be written at ``path``
        (called before a run that records one, so that the run is not wasted)."""
        path = Path(path)
        if path.is_dir():
            raise ConfigError(f"{path}: is a folder, not a baseline file")
        if not path.parent.is_dir():
            raise ConfigError(f"{path}: cannot write the baseline: folder {str(path.parent)!r} does not exist")

    def record(self, article: Article, findings: list[Finding]) -> None:
        counts = Counter(f.fingerprint() for f in findings)
        if counts:
            self.entries[article_key(article)] = counts

    def filter(self, article: Article, findings: list[Finding]) -> tuple[list[Finding], int]:
        """Findings not covered by the baseline, and how many were covered."""
        allowance = Counter(self.entries.get(article_key(article), {}))
        kept = []
        for f in findings:
            fp = f.fingerprint()
            if allowance[fp] > 0:
                allowance[fp] -= 1
            else:
                kept.append(f)
        return kept, len(findings) - len(kept)

    def save(self, path: Path) -> None:
        """Write atomically (temporary file + rename)."""
        path = Path(path)
        data = {"tool": "auditor", "version": __version__,
                "articles": {k: dict(sorted(v.items())) for k, v in sorted(self.entries.items())}}
        Baseline.check_target(path)
        try:
            write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot write the baseline ({exc.strerror or exc})") from None


def _entries(data: object, path: Path) -> dict[str, Counter]:
    """``{article: Counter(fingerprint: count)}`` from a parsed baseline, checked."""
    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict):
        raise ConfigError(f"{path}: not an auditor baseline file (no 'articles' table)")
    entries: dict[str, Counter] = {}
    for article, counts in data["articles"].items():
        if not isinstance(counts, dict):
            raise ConfigError(f"{path}: not an auditor baseline file (article {article!r:.80} holds no table of counts)")
        for fingerprint, count in counts.items():
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                shown = type(count).__name__ if isinstance(count, (list, dict)) else f"{count!r:.20}"
                raise ConfigError(f"{path}: not an auditor baseline file (count {shown} for {fingerprint!r:.80} in "
                                  f"article {article!r:.80} is not a whole number)")
        entries[article] = Counter(counts)
    return entries
