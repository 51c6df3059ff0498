"""`perfxl fix` reads and corrects under lint's guard (lint/guard.py): a crafted file that takes too long
or asks for too much memory stops its worker, the run says which file, and no copy is written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import make

from perfxl.errors import EXIT_ERROR, EXIT_FINDINGS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> Path:
    """The hostile formula_chain workbook: the 益阳 form saved by a script, plus 20,000 chained
    formulas (about a second of openpyxl's reading and perfxl's checking)."""
    spec = next(s for s in make.specs() if s.case.name == "formula_chain")
    path = tmp_path_factory.mktemp("hostile") / spec.case.file
    path.write_bytes(spec.make())
    return path


def fix(path: Path, out: Path, *args, **env) -> subprocess.CompletedProcess:
    """perfxl fix as a clerk runs it, in a process of its own (the limits are read when it starts)."""
    return subprocess.run([sys.executable, "-m", "perfxl", "fix", str(path), "-o", str(out), *args],
                          capture_output=True, text=True, timeout=120, cwd=path.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_the_file_runs_past_its_time(chain, tmp_path):
    out = tmp_path / "修正.xlsx"
    res = fix(chain, out, PERFXL_FILE_SECONDS="0.2")
    assert res.returncode == EXIT_ERROR, res.stdout + res.stderr
    assert "formula_chain.xlsx：修正被中止（检查超时（超过 0.2 秒），疑似异常文件）；未写出副本" in res.stderr
    assert "Traceback" not in res.stderr and list(tmp_path.iterdir()) == []


def test_the_file_asks_for_more_memory_than_a_worker_has(chain, tmp_path):
    out = tmp_path / "fixed.xlsx"
    res = fix(chain, out, "--lang", "en", PERFXL_FILE_MEMORY_MB="2")
    assert res.returncode == EXIT_ERROR, res.stdout + res.stderr
    assert "formula_chain.xlsx: fixing it was stopped (" in res.stderr and "no copy written" in res.stderr
    assert "Traceback" not in res.stderr and list(tmp_path.iterdir()) == []


def test_within_its_limits_the_same_file_is_fixed(chain, tmp_path):
    out = tmp_path / "修正.xlsx"
    res = fix(chain, out)
    assert res.returncode == EXIT_FINDINGS, res.stdout + res.stderr   # PX301/PX307 are a person's
    assert "PX305" in res.stdout and out.exists()
