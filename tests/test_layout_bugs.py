"""The four bugs that came from where things lived, each pinned by a test that failed before."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner
from formkit import top
from lintkit import CLEAN, edit, write_sheet
from openpyxl import Workbook, load_workbook

from perfxl.cli import main
from perfxl.consolidate.run import consolidate
from perfxl.errors import EXIT_FINDINGS
from perfxl.generate import generate_blank
from perfxl.lint import lint_paths
from perfxl.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
JINZHAI = ROOT / "examples" / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
# 金寨's slip: 105.68% executed, scored 10.57 of 10, total 100.57 (PX102, PX104, PX118).
BAD = edit(edit(edit(edit(edit(CLEAN, "fund.0.3", 105.68), "fund.1.3", 105.68), "fund.0.5", 1.0568),
                "fund.0.6", 10.57), "total", [100, 100.57])


def test_a_rule_that_raises_is_px000_on_each_form_and_the_other_rules_still_report(monkeypatch):
    before = lint_paths([JINZHAI]).summary()
    assert (before["errors"], before["warnings"]) == (14, 24)
    alone = lint_paths([JINZHAI], select=["PX305"]).summary()

    def broken(self, form, ctx):
        raise ZeroDivisionError("a layout nobody foresaw")
        yield  # a generator, as rules are

    monkeypatch.setattr(type(REGISTRY["PX305"]), "check", broken)
    report = lint_paths([JINZHAI])
    found = report.files[0]
    assert found.error is None                                   # not PX001 "cannot be read"
    px000 = [x for x in found.findings if x.rule == "PX000"]
    assert len(px000) == len(found.forms) and [x.form for x in px000] == list(range(len(found.forms)))
    assert "PX305" in px000[0].message() and "ZeroDivisionError" in px000[0].message()
    s = report.summary()
    assert (s["errors"], s["warnings"]) == (14 + len(px000), 24 - alone["warnings"])
    assert report.exit_code == EXIT_FINDINGS                     # 1: findings, not 2: unreadable
    assert not [x for x in lint_paths([JINZHAI], ignore=["PX000"]).files[0].findings if x.rule == "PX000"]


def _two_forms_in_one_sheet(path: Path, first: dict, second: dict) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    write_sheet(ws, first)
    ws.append([])
    write_sheet(ws, second)
    wb.save(path)
    return path


def test_findings_belong_to_their_form_and_the_summary_counts_per_form(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = _two_forms_in_one_sheet(folder / "金寨县2022.xlsx", CLEAN, edit(BAD, "project", "人员经费"))
    data = json.loads(CliRunner().invoke(main, ["lint", str(path), "--format", "json"]).output)["files"][0]
    assert [f["project"] for f in data["forms"]] == ["医疗保障专项经费", "人员经费"]
    assert {(x["rule"], x["form"]) for x in data["findings"]} == {("PX102", 1), ("PX118", 1), ("PX104", 1)}
    consolidate([folder], tmp_path / "汇总.xlsx")
    ws = load_workbook(tmp_path / "汇总.xlsx")["汇总"]
    head = [c.value for c in ws[1]]
    rows = {r[head.index("项目名称")]: r for r in ws.iter_rows(min_row=2, max_row=3, values_only=True)}
    assert rows["医疗保障专项经费"][head.index("错误数")] == 0            # the clean form stays clean
    assert rows["人员经费"][head.index("错误数")] == 2
    assert rows["人员经费"][head.index("警告数")] == 1


def test_template_cells_are_reported_once_when_a_sheet_holds_two_forms(tmp_path):
    path = generate_blank("project", tmp_path / "blank.xlsx")
    wb = load_workbook(path)
    ws = wb["自评表"]
    ws[top(ws, "PX_F_SCORE")] = 10.57                         # typed over the funding score's formula
    ws.protection.sheet = False
    for _ in range(3):
        ws.append([])
    first = ws.max_row
    helper = Workbook().active
    write_sheet(helper, edit(CLEAN, "project", "人员经费"))
    for row in helper.iter_rows(values_only=True):
        ws.append(list(row))
    wb.save(path)
    report = lint_paths([path], select=["PX401"])
    forms = report.files[0].forms
    assert len(forms) == 2 and first > 0
    assert report.flatten(("rule", "cell")) == [["PX401", top(ws, "PX_F_SCORE")]]
    assert report.files[0].findings[0].form == 0


def test_the_unit_is_derived_once_the_same_in_lint_and_in_the_summary(tmp_path):
    data = json.loads(CliRunner().invoke(main, ["lint", str(JINZHAI), "--format", "json"]).output)
    units = {f["project"]: f["unit"] for f in data["files"][0]["forms"] if f["kind"] != "score_table"}
    consolidate([JINZHAI], tmp_path / "汇总.xlsx")
    ws = load_workbook(tmp_path / "汇总.xlsx")["汇总"]
    head = [c.value for c in ws[1]]
    summary = {r[head.index("项目名称")]: r[head.index("县区/单位")]
               for r in ws.iter_rows(min_row=2, max_row=1 + len(units), values_only=True)}
    assert summary == units and set(units.values()) == {"金寨县医疗保障局"}


def test_templates_are_written_where_the_user_is_never_into_the_installed_package(tmp_path):
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        res = CliRunner().invoke(main, ["templates"])
        assert res.exit_code == 0, res.output
        written = sorted(p.name for p in (tmp_path / "workbook_templates").iterdir())
        assert len(written) == 3 and all(n.endswith(".xlsx") for n in written)
        again = CliRunner().invoke(main, ["templates"])            # a restyled master is not replaced
        assert again.exit_code == 2 and "--force" in again.output
        assert CliRunner().invoke(main, ["templates", "--force"]).exit_code == 0
    finally:
        os.chdir(here)


def test_a_sheet_the_reader_fails_on_is_px000_and_the_other_sheets_are_read(tmp_path, monkeypatch):
    from perfxl.lint import check

    real = check.read_grid

    def trips(grid):
        if grid.name == "2-租赁费":
            raise IndexError("a layout nobody foresaw")
        return real(grid)

    monkeypatch.setattr(check, "read_grid", trips)
    path = tmp_path / "金寨县2022.xlsx"
    from lintkit import form as spec
    from lintkit import write_book

    write_book(path, CLEAN, spec(project="租赁费"), BAD)
    result = lint_paths([path]).files[0]
    assert result.error is None and [f.sheet for f in result.forms] == ["1-医疗保障专项经费", "3-医疗保障专项经费"]
    px000 = [x for x in result.findings if x.rule == "PX000"]
    assert [(x.sheet, x.form) for x in px000] == [("2-租赁费", None)]
    assert "读表" in px000[0].message() and "IndexError" in px000[0].message("en")
    assert {x.rule for x in result.findings if x.sheet == "3-医疗保障专项经费"} == {"PX102", "PX104", "PX118"}
