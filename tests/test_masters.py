"""Master templates: reproducible from code, and a user's restyled master keeps working."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import JZ_FORM, JZ_INDICATORS, write_roster
from formkit import ind_cell, top
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill

from perfxl.errors import TemplateError
from perfxl.generate import generate
from perfxl.template.markers import read_markers
from perfxl.template.masters import FILE_NAMES, build_master
from perfxl.vocabulary import KINDS

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "workbook_templates"  # the checked-in masters


def fingerprint(wb) -> dict:
    """What a master is made of, minus the zip's timestamps."""
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "cells": {c.coordinate: (c.value, c.number_format, c.protection.locked, c.font.b,
                                     c.fill.fgColor.rgb if c.fill and c.fill.fill_type else None)
                      for row in ws.iter_rows() for c in row if c.value is not None or c.has_style},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "names": {k: v.attr_text for k, v in ws.defined_names.items()},
            "validations": sorted((dv.type, str(dv.sqref), dv.formula1, dv.formula2)
                                  for dv in ws.data_validations.dataValidation),
            "conditional": sorted((str(cf.sqref), r.formula[0]) for cf in ws.conditional_formatting
                                  for r in cf.rules),
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "print": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth,
                      ws.page_setup.fitToHeight, ws.print_title_rows, ws.protection.sheet),
            "state": ws.sheet_state,
        }
    out["names"] = {k: v.attr_text for k, v in wb.defined_names.items()}
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_checked_in_master_matches_the_code(kind, tmp_path):
    built = tmp_path / "m.xlsx"
    build_master(kind).save(built)
    checked_in = TEMPLATE_DIR / FILE_NAMES[kind]
    assert fingerprint(load_workbook(checked_in)) == fingerprint(load_workbook(built)), (
        f"{checked_in.name} is stale: run `perfxl templates --force` and commit the result")


@pytest.mark.parametrize("kind", KINDS)
def test_master_carries_markers_print_layout_and_protection(kind):
    wb = load_workbook(TEMPLATE_DIR / FILE_NAMES[kind])
    ws = wb["自评表"]
    assert read_markers(ws).kind == kind
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows and ws.protection.sheet
    assert wb["_perfxl"].sheet_state == "hidden"


def test_restyled_master_keeps_its_style_and_perfxl_fills_it(tmp_path, recalc):
    master = load_workbook(TEMPLATE_DIR / FILE_NAMES["project"])
    ws = master["自评表"]
    ws["A1"] = "金寨县项目支出绩效自评表（县财政局格式）"
    ws["A1"].font = Font(name="黑体", size=18, color="C00000")
    head = ws.cell(read_markers(ws)["PX_IND"].min_row - 1, 2)
    head.fill = PatternFill("solid", fgColor="DDEBF7")
    ws.column_dimensions["D"].width = 40
    ws.title = "我的模板"
    master.save(tmp_path / "mine.xlsx")
    roster = write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS)
    out = generate(roster, tmp_path / "out", templates=[tmp_path / "mine.xlsx"]).files[0]
    got = load_workbook(out).worksheets[0]
    assert got["A1"].value == "金寨县项目支出绩效自评表（县财政局格式）"
    assert got["A1"].font.color.rgb == "00C00000" and got["A1"].font.name == "黑体"
    assert got.column_dimensions["D"].width == 40
    assert got.cell(read_markers(got)["PX_IND"].min_row - 1, 2).fill.fgColor.rgb == "00DDEBF7"
    got[top(got, "PX_F_SPENT")] = 186.816
    for i in range(12):
        got[ind_cell(got, "score", i)] = JZ_INDICATORS[i][6]
    got.parent.save(tmp_path / "filled.xlsx")
    calc = recalc(tmp_path / "filled.xlsx")[0].worksheets[0]
    assert calc[top(got, "PX_F_SCORE")].value == 10
    assert calc[top(got, "PX_TOTAL_SCORE")].value == 100


def test_master_without_markers_is_refused_with_the_missing_names(tmp_path):
    master = load_workbook(TEMPLATE_DIR / FILE_NAMES["project"])
    ws = master["自评表"]
    del ws.defined_names["PX_F_SPENT"]
    del ws.defined_names["PX_GRADE"]
    master.save(tmp_path / "broken.xlsx")
    roster = write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS)
    with pytest.raises(TemplateError) as err:
        generate(roster, tmp_path / "out", templates=[tmp_path / "broken.xlsx"])
    assert "PX_F_SPENT" in str(err.value) and "PX_GRADE" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_templates_command_writes_the_masters(tmp_path):
    from click.testing import CliRunner

    from perfxl.cli import main

    res = CliRunner().invoke(main, ["templates", "-o", str(tmp_path)])
    assert res.exit_code == 0
    for kind in KINDS:
        written = load_workbook(tmp_path / FILE_NAMES[kind])
        assert fingerprint(written) == fingerprint(load_workbook(TEMPLATE_DIR / FILE_NAMES[kind]))


@pytest.mark.parametrize("kind", ["project", "transfer", "department"])
def test_the_signature_line_can_be_typed_into(kind, tmp_path):
    """#13: the cells beside 填表人 / 填报日期 / 联系电话 / 负责人签字 were locked under the sheet's protection."""
    from openpyxl import load_workbook

    from perfxl.generate import generate_blank

    out = tmp_path / "blank.xlsx"
    generate_blank(kind, out)
    ws = load_workbook(out).worksheets[0]
    assert ws.protection.sheet
    labels = {c.value: c for row in ws.iter_rows() for c in row if c.value in ("填表人：", "负责人签字：")}
    assert set(labels) == {"填表人：", "负责人签字："}
    for cell in labels.values():
        beside = ws.cell(cell.row, cell.column + 1)
        assert not beside.protection.locked, (kind, beside.coordinate)


def test_a_blank_forms_year_can_be_filled_in(tmp_path):
    """#13: `--blank` without `--year` prints “（    年度）” in a cell the clerk must be able to type in."""
    from openpyxl import load_workbook

    from perfxl.generate import generate_blank

    out = tmp_path / "blank.xlsx"
    generate_blank("project", out)
    ws = load_workbook(out).worksheets[0]
    assert ws["A2"].value == "（    年度）" and not ws["A2"].protection.locked and ws.protection.sheet
