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
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            entries = {k: Counter(v) for k, v in data["articles"].items()}
        except FileNotFoundError:
            raise ConfigError(f"{path}: baseline file not found") from None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ConfigError(f"{path}: not an auditor baseline file") from None
        return cls(entries)

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
        write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
