"""Helpers shared by the benchmark scripts: paths, machine facts, report writing."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import platform
import subprocess
import tarfile
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("AUDITOR_DATA", ROOT.parent / "shared" / "data"))
REPORTS = ROOT / "reports"
#: the WMT23 zh-en MQM ratings (three raters per segment), a member of its tarball under mqm/
MQM_ZHEN = "sxs_mqm_generalMT2023_zhen.3ratingsPerSegment.tsv"


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu": cpu,
            "cores": os.cpu_count(), "memory": mem}


def load_average() -> list[float]:
    """The machine's load average (1, 5 and 15 minutes; the 15-minute one spans most of
    a benchmark): on a shared 2-core machine, a number measured at a load above ~0.5 is
    not the tool's alone."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def header() -> dict[str, Any]:
    from auditor import __version__

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    return {"date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "auditor": __version__,
            "commit": commit, "machine": machine(), "load_average": load_average()}


def require_data(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        raise SystemExit(f"missing {path}: the benchmarks read ../shared/data (set AUDITOR_DATA to move it)")
    return path


def write_report(name: str, data: dict[str, Any], markdown: str) -> None:
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / f"{name}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    h = data.get("header", {})
    m = h.get("machine", {})
    load = h.get("load_average")
    load = f"; load average {' / '.join(map(str, load))} (1/5/15 min) at the end, when the report was written" if load else ""
    head = (f"_{h.get('date', '')}; auditor {h.get('auditor', '')} ({h.get('commit', '')}); "
            f"{m.get('cpu', '')}, {m.get('cores', '')} cores, {m.get('memory', '')}; Python {m.get('python', '')}{load}_\n\n")
    (REPORTS / f"{name}.md").write_text(markdown.replace("{header}", head), encoding="utf-8")
    print(f"wrote reports/{name}.json and reports/{name}.md")


def read_lines(path: Path, limit: int = 0) -> list[str]:
    """One segment per line (the last newline ends the last segment, it adds none); the
    first ``limit`` segments when ``limit`` is set."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines[:limit] if limit else lines


def mqm_rows(tarball: Path, member: str) -> Iterator[dict[str, str]]:
    """The rows of an MQM ratings file (tab-separated, no quoting) read from its tarball
    in place, one dict per row keyed by the header."""
    with tarfile.open(tarball) as tar:
        raw = tar.extractfile(tar.getmember(member)).read().decode("utf-8")
    yield from csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE)
