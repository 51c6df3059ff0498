"""bench_stages' variants leave out what they say: a stub that no longer takes would time the whole run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_lint import make_corpus  # noqa: E402
from bench_stages import STUBS, variant_command  # noqa: E402


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
