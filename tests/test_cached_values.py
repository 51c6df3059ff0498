"""Every formula perfxl writes carries its result: generated forms and --annotate copies read whole in a
viewer that does not recalculate, lint finds no PX403 in them, and the results are LibreOffice's."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import JZ_FORM, JZ_INDICATORS, write_roster
from formkit import cells, ind_cell, top
from lxml import etree
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from devtools.libreoffice import recalculated
from perfxl.cli import main
from perfxl.generate import generate, generate_blank
from perfxl.ooxml import sheet_parts

ROOT = Path(__file__).resolve().parents[1]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SCORES = [5, 5, 5, 5, 5, 5, 10, 9.8, 10, 10, 10, 10]
ACTUALS = ["100%", "12 次", "12 次", "106.32%", "显著提升", "100%", "及时", "186.816 万元", "成效显著",
           "显著提高", "显著提高", "98%"]


def cli(*args) -> str:
    result = CliRunner().invoke(main, list(map(str, args)))
    assert result.exit_code in (0, 1), result.output
    return result.output


def px403(*paths: Path) -> int:
    doc = json.loads(cli("lint", *paths, "--format", "json"))
    return sum(f["rule"] == "PX403" for file in doc["files"] for f in file.get("findings", []))


def formula_cells(path: Path) -> dict[tuple[str, str], etree._Element]:
    """(sheet, cell) -> the <c> element of every formula in the package."""
    out = {}
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_parts(zf):
            for c in etree.fromstring(zf.read(part)).iter(f"{MAIN}c"):
                if c.find(f"{MAIN}f") is not None:
                    out[(name, c.get("r"))] = c
    return out


def calamine_values(path: Path, keys) -> dict:
    wb = CalamineWorkbook.from_path(str(path))
    grids = {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}
    out = {}
    for sheet, ref in keys:
        col = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(ref.rstrip("0123456789")))) - 1
        row = int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1
        grid = grids[sheet]
        out[(sheet, ref)] = grid[row][col] if row < len(grid) and col < len(grid[row]) else ""
    return out


def assert_saved_like_libreoffice(paths: list[Path], tmp_path: Path) -> int:
    """Each formula's saved result (as calamine reads it) is what LibreOffice computes; returns how many."""
    checked = 0
    for path, lo in zip(paths, recalculated(paths, tmp_path / "lo")):
        keys = list(formula_cells(path))
        ours, theirs = calamine_values(path, keys), calamine_values(lo, keys)
        wrong = []
        for key in keys:
            a, b = ours[key], theirs[key]
            if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
                same = abs(a - b) < 1e-9
            else:
                same = a == b
            if not same:
                wrong.append((key, a, b))
        assert not wrong, f"{path.name}: saved ≠ LibreOffice: {wrong[:10]}"
        checked += len(keys)
    return checked


def assert_valid_cells(path: Path) -> None:
    """Every formula cell holds <f> then <v> (CT_Cell's order) with a type its value fits."""
    cells_ = formula_cells(path)
    assert cells_
    for key, c in cells_.items():
        children = [child.tag.replace(MAIN, "") for child in c]
        assert children == ["f", "v"], (key, children)
        t, v = c.get("t"), c.find(f"{MAIN}v").text or ""
        assert t in (None, "str", "b", "e"), (key, t)
        if t is None:
            float(v)
        elif t == "b":
            assert v in ("0", "1")
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        # Excel and WPS recalculate everything on open: the saved results are for viewers that do not.
        assert b'fullCalcOnLoad="1"' in zf.read("xl/workbook.xml")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("fresh")
    files = generate(ROOT / "examples" / "roster.xlsx", tmp / "forms").files
    blanks = [generate_blank(kind, tmp / f"blank-{kind}.xlsx") for kind in ("project", "transfer", "department")]
    return files + blanks


def test_fresh_forms_carry_their_results(fresh):
    for path in fresh:
        assert_valid_cells(path)
    assert px403(*fresh) == 0  # was 77 on the four roster workbooks (issue #13), 9 on the blanks
    # A viewer that reads saved values (calamine, like a phone's preview) sees the live labels and totals.
    wb = CalamineWorkbook.from_path(str(fresh[0]))  # 金寨's first project: seed 001's weights
    rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
    flat = [v for row in rows for v in row]
    assert "产出指标（50分）" in flat and "满意度指标（10分）" in flat


def test_fresh_forms_results_are_libreoffices(fresh, libreoffice, tmp_path):
    assert assert_saved_like_libreoffice(fresh, tmp_path) > 150


def _filled(tmp_path: Path) -> Path:
    """金寨's 医疗保障专项经费 typed into a generated form, saved by openpyxl (no results at all)."""
    path = generate(write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS), tmp_path / "out").files[0]
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    amounts = [(176.77, 186.816), (170, 180.816), (6.77, 6), (None, None)]
    for b_cell, s_cell, (b, s) in zip(cells(ws, "PX_F_BUDGET"), cells(ws, "PX_F_SPENT"), amounts):
        ws[b_cell], ws[s_cell] = b, s
    ws[top(ws, "PX_GOAL_ACTUAL")] = "完成年度工作"
    for i, (s, a) in enumerate(zip(SCORES, ACTUALS)):
        ws[ind_cell(ws, "score", i)] = s
        ws[ind_cell(ws, "actual", i)] = a
    wb.save(tmp_path / "filled.xlsx")
    return tmp_path / "filled.xlsx"


def test_annotated_copy_of_a_filled_form_carries_libreoffices_results(libreoffice, tmp_path):
    filled = _filled(tmp_path)
    assert px403(filled) > 0  # openpyxl saved no results: the linter says so
    copy = tmp_path / "标注.xlsx"
    cli("lint", filled, "--annotate", copy)
    assert_valid_cells(copy)
    assert px403(copy) == 0
    values = calamine_values(copy, [(load_workbook(copy).sheetnames[0], "H6")])
    assert list(values.values()) == [10]  # 资金得分 capped at its 分值 10, saved as LibreOffice computes it
    assert assert_saved_like_libreoffice([copy], tmp_path) > 20


def test_annotated_copy_keeps_the_results_its_source_saved(libreoffice, tmp_path):
    """A copy of a workbook Excel (here LibreOffice) saved keeps the source's own results, not ours."""
    lo = recalculated([_filled(tmp_path)], tmp_path / "lo")[0]
    before = {k: (c.get("t"), c.find(f"{MAIN}v").text) for k, c in formula_cells(lo).items()}
    copy = tmp_path / "标注.xlsx"
    cli("lint", lo, "--annotate", copy)
    after = {k: (c.get("t"), c.find(f"{MAIN}v").text) for k, c in formula_cells(copy).items()}
    assert {k: v for k, v in after.items() if k[0] != "检查结果"} == before and len(before) >= 9
    links = [v for k, v in after.items() if k[0] == "检查结果"]
    assert links and all(t == "str" and v for t, v in links)  # each link shows its cell's name
    # LibreOffice saves 15 digits (1.05683091022232); computed anew it would be 1.0568309102223228.
    assert before[(load_workbook(lo).sheetnames[0], "G6")] == ("n", "1.05683091022232")
    assert px403(copy) == 0
