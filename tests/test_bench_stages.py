"""bench_stages' variants leave out what they say: a stub that no longer takes would time the whole run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_lint import make_corpus  # noqa: E402
from bench_stages import STUBS, amdahl, variant_command  # noqa: E402


def counts(stub: str, folder: Path, out: Path) -> tuple[int, int, int, int]:
    """(files, forms, errors, warnings) as the variant's consolidate reports them."""
    done = subprocess.run(variant_command(stub, folder, out), capture_output=True, text=True, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    m = re.search(r"已汇总 (\d+) 个文件、(\d+) 张表：(\d+) 个错误，(\d+) 个警告", done.stdout)
    assert m, done.stdout
    return tuple(map(int, m.groups()))


def test_each_variant_leaves_out_what_it_names(tmp_path):
    folder, outdir = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    outdir.mkdir()
    make_corpus(folder, 3)
    files, forms, errors, warnings = counts(STUBS["as it is"], folder, outdir / "a.xlsx")
    assert files == 3 and forms >= 12 and errors + warnings > 0      # the corpus has slips to find
    assert counts(STUBS["no rules"], folder, outdir / "b.xlsx") == (3, forms, 0, 0)   # read, nothing found
    no_forms = counts(STUBS["no forms"], folder, outdir / "c.xlsx")
    assert no_forms[:3] == (3, 0, 0)     # nothing read: each file only says so (PX002, a warning)
    assert counts(STUBS["one worker"], folder, outdir / "d.xlsx") == (files, forms, errors, warnings)


def test_one_worker_is_one_worker_process(tmp_path):
    """The stub reaches the pool perfxl starts: one worker process, not one per core."""
    folder = tmp_path / "in"
    folder.mkdir()
    make_corpus(folder, 30)   # past lint.run.PARALLEL_FROM: a pool is started
    spy = ("import perfxl.lint.run as run\n"
           "real = run.guarded\n"
           "def guarded(files, worker, count, **kw):\n"
           "    print('workers', count)\n"
           "    return real(files, worker, count, **kw)\n"
           "run.guarded = guarded\n")
    for stub, want in ((STUBS["one worker"], 1), (STUBS["as it is"], None)):
        cmd = variant_command(stub + spy, folder, tmp_path / f"{want}.xlsx")
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        assert done.returncode in (0, 1), done.stderr
        count = int(re.search(r"workers (\d+)", done.stdout).group(1))
        assert count == want if want else count == min(os.cpu_count() or 1, 30)


def test_amdahl_splits_the_run_into_its_serial_and_parallel_parts():
    # serial 0.5 s and 4 s of worker time: 4.5 s on one worker, 2.5 s on two
    text = amdahl(4.5, 2.5, 2, 1.0, 2.5)
    assert "serial 0.50 s, parallel 4.00 s" in text
    assert "may take 4.00 s (100% of now)" in text          # (2.5 × 1.0 − 0.5) × 2 cores
    assert "4 cores 1.50×" in text and "8 cores 1.00×" in text
