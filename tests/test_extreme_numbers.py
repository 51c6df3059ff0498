"""Numbers at the ends of a double (1e308, −1e308, 5e-324) in every numeric cell of the examples: the
rules keep working (no PX000), the JSON stays JSON, messages stay readable, the roll-up goes on."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.xlsx") if p.name != "roster.xlsx")
# Cycled over the numeric cells: the largest doubles of both signs, the smallest, and 0 beside them
# (a rate of 1e308 ÷ 5e-324 overflows; a sum of two 1e308 overflows; Decimal cannot quantize 1e308).
VARIANTS = {"big": [1e308], "signs": [1e308, -1e308], "tiny": [5e-324, 1e308, 0]}


@pytest.fixture(scope="module")
def extreme(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("extreme")
    for (tag, values), path in itertools.product(VARIANTS.items(), EXAMPLES):
        wb = load_workbook(path)
        cycle = itertools.cycle(values)
        for cell in (c for ws in wb.worksheets for row in ws.iter_rows() for c in row):
            if cell.data_type == "n" and type(cell.value) in (int, float):
                cell.value = next(cycle)
        (folder / tag).mkdir(exist_ok=True)
        wb.save(folder / tag / path.name)
    return folder


def _perfxl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perfxl", *args], capture_output=True, text=True, cwd=ROOT)


def _no_constants(name: str):
    raise AssertionError(f"{name} is not JSON")


def test_rules_keep_working_and_json_stays_json(extreme):
    done = _perfxl("lint", str(extreme), "--format", "json")
    assert done.returncode == 1 and not done.stderr
    report = json.loads(done.stdout, parse_constant=_no_constants)  # Infinity / NaN would raise
    findings = [f for file in report["files"] for f in file["findings"]]
    assert len(report["files"]) == len(VARIANTS) * len(EXAMPLES) and len(findings) > 100
    failed = [f["message"] for f in findings if f["rule"] in ("PX000", "PX001")]
    assert failed == []
    long_numbers = [f["message"] for f in findings if re.search(r"\d{20}", f["message"])]
    assert long_numbers == []  # 1e+308, not 309 digits
    assert any("1e+308" in f["message"] for f in findings)


@pytest.mark.parametrize("tag", VARIANTS)
def test_the_roll_up_goes_on(tag, extreme, tmp_path):
    # One variant at a time: the same forms twice would be one form sent twice (PX501), counted once.
    out = tmp_path / "汇总.xlsx"
    done = _perfxl("consolidate", str(extreme / tag), "-o", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert _summary_files(out) == _summary_files(_rolled_up(ROOT / "examples", tmp_path / "原样.xlsx"))
    rows = list(load_workbook(out, data_only=True)["汇总"].iter_rows(values_only=True))
    assert rows[-2][0] == "合计 / 平均" and rows[-1][0] == "预算加权平均总分"


def _rolled_up(folder: Path, out: Path) -> Path:
    assert _perfxl("consolidate", str(folder), "-o", str(out)).returncode in (0, 1)
    return out


def _summary_files(out: Path) -> list[str]:
    """The workbooks 汇总 lists forms of (a 绩效评价 score table has no 汇总 row, extreme or not)."""
    rows = list(load_workbook(out, data_only=True)["汇总"].iter_rows(values_only=True))
    return sorted(Path(r[rows[0].index("来源文件")]).name for r in rows[1:-2])
