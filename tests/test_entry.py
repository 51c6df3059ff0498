"""The process entry (perfxl.entry.run): statuses, whole output and exit handlers kept by its quick way out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def perfxl(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "perfxl", *args]
    return subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120)


def test_status_and_whole_output_through_a_pipe():
    done = perfxl("lint", "examples", "--format", "json")
    report = json.loads(done.stdout)   # every byte written before the process ended
    assert done.returncode == 1 and report["summary"]["errors"] > 0 and report["summary"]["files"] >= 5
    assert perfxl("lint", "no-such-folder").returncode == 2
    assert perfxl("--no-such-option").returncode == 2
    assert perfxl("--version").returncode == 0


def test_exit_handlers_still_run():
    # what a library registers with atexit (multiprocessing's clean-up, a coverage tool's save)
    done = perfxl(code="import atexit, sys\natexit.register(print, 'handler ran')\n"
                       "sys.argv = ['perfxl', '--version']\nfrom perfxl.entry import run\nrun()")
    assert done.returncode == 0 and done.stdout.decode().splitlines() == ["perfxl, version 0.1.0", "handler ran"]


def test_a_closed_pipe_is_no_traceback():
    """perfxl lint … | head: the reader went away before the report was written. Like any Unix
    tool, perfxl stops quietly: nothing on stderr, and no status that says all was well."""
    proc = subprocess.Popen([sys.executable, "-m", "perfxl", "lint", "examples", "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()  # before a byte is read: every write meets a closed pipe
    err = proc.stderr.read()
    assert proc.wait(timeout=120) != 0 and err == b"", err.decode()[-2000:]   # nothing, not an "internal error"


def test_a_profiler_still_gets_its_figures(tmp_path):
    out = tmp_path / "perfxl.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "perfxl", "--version"],
                          capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and out.stat().st_size > 0   # written after the program, at a normal exit
