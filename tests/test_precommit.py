"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run for real with ``pre-commit
try-repo`` on a temporary git repository holding one clean and one MT-damaged Markdown
file. The ``auditor-system`` hook is used: it runs the auditor installed here, so the
test needs no network (the ``auditor`` hook would pip-install the package into
pre-commit's own environment)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "corpora" / "articles"

pytestmark = pytest.mark.slow


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path / "site"
    work.mkdir()
    _git(work, "init", "-q")
    shutil.copy(ARTICLES / "clean-wildfire-recovery.md", work / "clean.md")
    shutil.copy(ARTICLES / "fr-heatwave-schools-mt.md", work / "damaged.md")
    _git(work, "add", "clean.md", "damaged.md")
    return work


def try_repo(repo: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run([str(pre_commit), "try-repo", str(ROOT), "auditor-system", "--color", "never", *args],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def test_clean_file_passes(repo, tmp_path):
    proc = try_repo(repo, tmp_path, "--files", "clean.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_damaged_file_fails_with_its_finding(repo, tmp_path):
    proc = try_repo(repo, tmp_path, "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    assert "damaged.md:1:" in proc.stdout and "RES001" in proc.stdout
    assert "clean.md:" not in proc.stdout.replace("damaged.md:", "")
