"""Each command imports only what it needs: a clerk's one-workbook lint starts in milliseconds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lintkit import CLEAN, write_book

HEAVY = ("pandas", "numpy", "openpyxl", "formulas", "rich", "pyarrow")
PROBE = """
import json, sys
from perfxl.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def loaded(*args) -> set[str]:
    """Top-level packages a perfxl command imported, run in a fresh interpreter."""
    run = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True,
                         timeout=300)
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


def test_lint_of_a_workbook_loads_no_heavy_library(tmp_path):
    path = write_book(tmp_path / "金寨县2022.xlsx", CLEAN)
    for fmt in ("text", "json", "sarif"):
        assert loaded("lint", path, "--format", fmt) & set(HEAVY) == set(), fmt


def test_consolidate_to_a_workbook_loads_no_heavy_library(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县2022.xlsx", CLEAN)
    mods = loaded("consolidate", folder, "-o", tmp_path / "汇总.xlsx")
    assert (tmp_path / "汇总.xlsx").exists()
    assert mods & set(HEAVY) == set(), mods & set(HEAVY)   # the summary is written without openpyxl
    assert not mods & {"ssl", "email", "http"}   # xml.sax.saxutils would bring them (urllib.request): ~50 ms


RARE = ("json", "html", "xml.etree.ElementTree", "xml.parsers.expat")  # for rare parts of a book, or JSON output


def test_plain_runs_leave_the_parsers_of_rare_parts_unloaded(tmp_path):
    """A text lint and a roll-up of plain books need no XML parser, HTML entities nor JSON: each is
    a millisecond or two of every run's start, loaded where a book or a format asks for it."""
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_book(folder / "金寨县2022.xlsx", CLEAN)
    probe = ("import sys\nfrom perfxl.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             f"print(sorted(m for m in sys.modules if m in {RARE!r}), file=sys.stderr)")
    for args in (["lint", path], ["consolidate", folder, "-o", tmp_path / "汇总.xlsx"]):
        run = subprocess.run([sys.executable, "-c", probe, *map(str, args)], capture_output=True, text=True, timeout=300)
        assert run.stderr.strip().splitlines()[-1] == "[]", (args, run.stderr[-2000:])


def test_consolidate_leaves_what_only_its_main_process_needs_until_the_workers_run():
    probe = ("import sys, perfxl.cli, perfxl.consolidate.run; "
             "print(sorted(m for m in sys.modules if m in ('perfxl.consolidate.rollup', 'perfxl.consolidate.tables', "
             "'perfxl.consolidate.workbook')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["[]"], out.stdout + out.stderr   # forked workers need none of them


def test_consolidate_with_feedback_needs_openpyxl_but_not_numpy(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县2022.xlsx", CLEAN)
    mods = loaded("consolidate", folder, "-o", tmp_path / "汇总.xlsx", "--feedback", tmp_path / "反馈")
    assert "openpyxl" in mods and not mods & {"pandas", "pyarrow"}
    assert "numpy" not in mods  # openpyxl would import it (perfxl/lightimport.py keeps it out)


def test_new_computes_its_formulas_without_the_formulas_library(tmp_path):
    mods = loaded("new", "--blank", "project", "-o", tmp_path / "空白.xlsx")
    assert (tmp_path / "空白.xlsx").exists()
    assert not mods & {"formulas", "numpy", "schedula", "pandas"}, mods  # perfxl/formula.py does it


def test_openpyxl_loads_without_numpy_and_numpy_still_loads_after():
    probe = ("import sys, perfxl, openpyxl; before = 'numpy' in sys.modules; import numpy, pandas; "
             "from openpyxl.compat.numbers import NUMERIC_TYPES; "
             "print(before, float in NUMERIC_TYPES, numpy.float64(1.5) + 1, pandas.__name__)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "True", "2.5", "pandas"], out.stderr


def test_the_probe_sees_what_a_command_imports(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县2022.xlsx", CLEAN)
    assert "pandas" in loaded("consolidate", folder, "-o", tmp_path / "汇总.xlsx", "--format", "csv")
    assert Path(tmp_path / "汇总_汇总.csv").exists()
