"""`perfxl fix`: the corrected copy, what it changes and lists, and what it never touches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from lintkit import write_book
from openpyxl import load_workbook
from rulecases import spec_of

from perfxl.cli import main
from perfxl.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from perfxl.fix.plan import FIXABLE, decide, target_cell
from perfxl.fix.run import fix_file
from perfxl.fix.sheets import CHANGES_SHEET, PEOPLE_SHEET
from perfxl.lint.run import Linter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.xlsx") if p.name != "roster.xlsx")
JINZHAI = ROOT / "examples" / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
SHEET = "1-医疗保障专项经费"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def crafted(tmp_path: Path, edits: list, base: dict | None = None, name: str = "金寨县医疗保障局2022.xlsx") -> Path:
    spec = spec_of(base or {}, edits)
    sheet = [SHEET] if spec.get("form") != "score_table" else ["评价评分表"]
    return write_book(tmp_path / name, spec, names=sheet)


def changes_of(path: Path, out: Path) -> dict[str, tuple]:
    done = fix_file(path, out)
    return {c.cell: (c.old, c.new, c.rule) for c in done.changes}


def still_fixable(copy: Path) -> list[tuple[str, str]]:
    """Findings in the corrected copy that the fixer would still change (must be none)."""
    result, forms = Linter().lint(copy)
    wb = load_workbook(copy)
    left = []
    for f in result.findings:
        if f.rule in FIXABLE and f.suppressed is None:
            form = forms[f.form] if f.form is not None else None
            change = decide(f, form, target_cell(wb[f.sheet], f.cell))
            if change is not None and change.written:
                left.append((f.rule, f.cell))
    return left


# label, edits of the clean form (tests/rulecases.py), {cell: (old, new, rule)} expected
CASES = [
    ("PX101 rate", [{"row": "年度资金总额", "column": "执行率", "value": 0.9}], {"G6": (0.9, 1.0, "PX101")}),
    ("PX102 over-execution capped, then 总分 (PX114)", [
        {"row": "年度资金总额", "column": "全年执行数", "value": 105.68},
        {"row": "其中：本年财政拨款", "column": "全年执行数", "value": 105.68},
        {"row": "年度资金总额", "column": "执行率", "value": 1.0568},
        {"row": "年度资金总额", "column": "得分", "value": 10.57},
        {"row": "总分", "column": "得分", "value": 100.57}],
     {"H6": (10.57, 10, "PX102"), "H19": (100.57, 100, "PX114")}),
    ("PX103 sources total, then rate, score and 总分", [
        {"row": "其中：本年财政拨款", "column": "全年执行数", "value": 80}],
     {"E6": (100, 80, "PX103"), "G6": (1.0, 0.8, "PX101"), "H6": (10, 8, "PX102"), "H19": (100, 98, "PX114")}),
    ("PX114 总分 得分 typed", [{"row": "总分", "column": "得分", "value": 99}], {"H19": (99, 100, "PX114")}),
    ("PX114 总分 分值 typed", [{"row": "总分", "column": "分值", "value": 90}], {"G19": (90, 100, "PX114")}),
    ("PX117 grade after its total", [
        {"row": "群众获得感", "column": "得分", "value": 18}, {"row": "总分", "column": "得分", "value": 95},
        {"row": "评价等级", "value": "优"}],
     {"H19": (95, 88, "PX114"), "H20": ("优", "良", "PX117")}),
    ("PX305 text to number", [{"row": "验收合格率", "column": "分值", "value": "10"},
                              {"row": "年度资金总额", "column": "全年预算数", "value": "100"}],
     {"G14": ("10", 10, "PX305"), "D6": ("100", 100, "PX305")}),
]


@pytest.mark.parametrize("label, edits, expected", CASES, ids=[c[0] for c in CASES])
def test_each_fixable_kind_on_a_crafted_form(tmp_path, label, edits, expected):
    src = crafted(tmp_path, edits)
    out = tmp_path / "fixed.xlsx"
    assert changes_of(src, out) == expected
    ws = load_workbook(out)[SHEET]
    for cell, (_, new, _) in expected.items():
        assert ws[cell].value == new and not isinstance(ws[cell].value, str) or isinstance(new, str)
    assert still_fixable(out) == []
    result, _ = Linter().lint(out)
    assert {f.rule for f in result.findings} & {c[2] for c in expected.values()} == set()


@pytest.mark.parametrize("edits, expected", [
    ([{"row": "决策小计", "column": "分值", "value": 20}], {"C6": (20, 15, "PX115")}),
    ([{"row": "组织实施", "column": "得分率", "value": 0.75}], {"E8": (0.75, 0.8, "PX116")}),
    ([{"row": "合计", "column": "得分", "value": 97}], {"D17": (97, 98, "PX114")}),
], ids=["PX115 小计", "PX116 得分率", "PX114 合计"])
def test_score_tables(tmp_path, edits, expected):
    src = crafted(tmp_path, edits, {"form": "score_table"})
    out = tmp_path / "fixed.xlsx"
    assert changes_of(src, out) == expected
    assert still_fixable(out) == []


def test_what_arithmetic_does_not_decide_is_listed_not_invented(tmp_path):
    # sources not all filled (其他资金 empty): the total or a source? a person decides
    src = crafted(tmp_path, [{"row": "其中：本年财政拨款", "column": "全年执行数", "value": 80},
                             {"row": "其他资金", "column": "全年执行数", "empty": True},
                             # a missed target with no reason (PX202), and weights short of 100 (PX112)
                             {"row": "监督检查覆盖率", "column": "实际完成值", "value": "90%"},
                             {"row": "监督检查覆盖率", "column": "得分", "value": 18},
                             {"row": "总分", "column": "得分", "value": 98},
                             {"drop": "服务对象满意度"}])
    out = tmp_path / "fixed.xlsx"
    done = fix_file(src, out)
    assert [c.cell for c in done.changes if c.rule in ("PX103", "PX101", "PX102")] == []
    left = {(f.rule, f.cell) for f in done.people}
    assert {("PX103", "E6"), ("PX202", "I13"), ("PX112", "G18")} <= left
    assert done.exit_code == EXIT_FINDINGS
    ws = load_workbook(out)
    assert ws[SHEET]["I13"].value is None                      # no reason invented
    assert ws[SHEET]["G18"].value == 100                       # nor a 总分 分值 of 90 to hide PX112
    listed = [row for row in ws[PEOPLE_SHEET].iter_rows(min_row=3, values_only=True)]
    assert {(r[3], r[2].rsplit(",", 1)[-1].strip('")')) for r in listed} >= {("PX202", "I13"), ("PX103", "E6")}
    assert all(r[6] for r in listed)                           # each with what to do


def test_a_formula_is_never_overwritten(tmp_path):
    src = crafted(tmp_path, [{"row": "年度资金总额", "column": "全年执行数", "value": 105.68},
                             {"row": "其中：本年财政拨款", "column": "全年执行数", "value": 105.68},
                             {"row": "年度资金总额", "column": "执行率", "value": 1.0568}])
    wb = load_workbook(src)
    wb[SHEET]["H6"] = "=ROUND(F6*G6,2)"  # a hand-made form's own formula: 10.57
    wb.save(src)
    out = tmp_path / "fixed.xlsx"
    done = fix_file(src, out)
    assert load_workbook(out)[SHEET]["H6"].value == "=ROUND(F6*G6,2)"
    assert "H6" not in {c.cell for c in done.changes}
    assert ("PX102", "H6") in {(f.rule, f.cell) for f in done.people}


def test_stale_formulas_of_our_forms_are_listed_and_kept(tmp_path):
    from conftest import JZ_FORM, JZ_INDICATORS, write_roster
    from formkit import top

    from perfxl.generate import generate

    path = generate(write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS), tmp_path / "gen").files[0]
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rate = ws[top(ws, "PX_F_RATE")]
    ws.cell(rate.row, rate.column - 2).value = 150  # 全年执行数, as a clerk types it
    wb.save(path)  # as a script filling the form saves it: openpyxl keeps no formula results
    formula = rate.value
    out = tmp_path / "fixed.xlsx"
    done = fix_file(path, out)
    kept = [c for c in done.changes if not c.written]
    assert kept and {c.rule for c in kept} == {"PX403"}
    assert load_workbook(out).worksheets[0][top(ws, "PX_F_RATE")].value == formula
    assert load_workbook(out).calculation.fullCalcOnLoad
    # the copy carries every formula's value: a viewer that does not recalculate shows them, and
    # lint finds none missing (the source, saved by openpyxl, had none)
    from python_calamine import CalamineWorkbook

    from perfxl.lint import lint_paths

    shown = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()[rate.row - 1][rate.column - 1]
    budget = ws.cell(rate.row, rate.column - 3).value
    assert isinstance(shown, float) and abs(shown - 150 / budget) < 1e-9, (shown, budget)
    assert [x.rule for x in lint_paths([path]).files[0].findings if x.rule == "PX403"]
    assert not [x for x in lint_paths([out]).files[0].findings if x.rule == "PX403"]


def test_jinzhai_example_fixed_listed_on_stdout_and_in_the_sheet(tmp_path):
    out = tmp_path / "金寨-修正.xlsx"
    res = run("fix", JINZHAI, "-o", out)
    assert res.exit_code == EXIT_FINDINGS, res.output  # PX202 reasons and 人员经费's weights remain
    assert f"{SHEET}!H6  10.57 → 10  PX102" in res.output
    assert f"{SHEET}!H25  100.37 → 99.8  PX114" in res.output
    assert "需人工处理" in res.output and "PX202" in res.output
    wb = load_workbook(out)
    assert wb[SHEET]["H6"].value == 10 and wb[SHEET]["H25"].value == 99.8
    rows = [r for r in wb[CHANGES_SHEET].iter_rows(min_row=3, values_only=True)]
    listed = {(r[1], r[2].rsplit(",", 1)[-1].strip('")'), r[3], r[4], r[5]) for r in rows}
    assert (SHEET, "H6", "10.57", "10", "PX102") in listed and (SHEET, "H25", "100.37", "99.8", "PX114") in listed
    assert len(rows) == sum(" → " in line for line in res.output.splitlines())
    assert rows[0][2].startswith("=HYPERLINK(")
    result, _ = Linter().lint(out)
    assert not {"PX102", "PX118"} & {f.rule for f in result.findings if f.sheet == SHEET}
    assert still_fixable(out) == []
    assert len(result.forms) == len(Linter().lint(JINZHAI)[0].forms)  # the added sheets are no forms


def _corpus() -> list:
    return [pytest.param(p, id=p.name) for p in EXAMPLES] + [
        pytest.param(p, id=p.stem) for p in sorted((ROOT / "tests" / "real" / "forms").glob("*.json"))]


@pytest.mark.parametrize("source", _corpus())
def test_every_example_and_real_form_is_left_with_nothing_fixable(tmp_path, source):
    if source.suffix == ".json":
        from real.realbuild import build, load

        source = build(load(source), tmp_path / (source.stem + ".xlsx"))
    out = tmp_path / "fixed.xlsx"
    done = fix_file(source, out)
    assert still_fixable(out) == []
    wb = load_workbook(out)
    rows = [r for r in wb[CHANGES_SHEET].iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
    assert [(r[1], r[5]) for r in rows] == [(c.sheet, c.rule) for c in done.changes]
    before, after = load_workbook(source), wb
    for c in done.changes:
        if c.written:
            assert after[c.sheet][c.cell].value == c.new and before[c.sheet][c.cell].value == c.old
    assert len(Linter().lint(out)[0].forms) == len(Linter().lint(source)[0].forms)


def _style(cell) -> tuple:
    return tuple(repr(getattr(cell, a)) for a in ("font", "fill", "border", "alignment", "protection")) + (
        cell.number_format,)


def test_styles_and_merges_are_kept(tmp_path):
    out = tmp_path / "fixed.xlsx"
    fix_file(JINZHAI, out)
    before, after = load_workbook(JINZHAI), load_workbook(out)
    assert after.sheetnames[:len(before.sheetnames)] == before.sheetnames
    for name in before.sheetnames:
        a, b = before[name], after[name]
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        for row in a.iter_rows():
            for cell in row:
                other = b[cell.coordinate]
                assert _style(cell) == _style(other), cell.coordinate
        assert dict(a.column_dimensions.items()).keys() == dict(b.column_dimensions.items()).keys()


def test_a_changed_cell_keeps_its_own_style(tmp_path):
    from openpyxl.styles import Font, PatternFill

    src = crafted(tmp_path, [{"row": "年度资金总额", "column": "得分", "value": 9}])
    wb = load_workbook(src)
    cell = wb[SHEET]["H6"]
    cell.font, cell.fill, cell.number_format = Font(bold=True, color="FF0000"), PatternFill("solid", fgColor="FFFF00"), "0.00"
    wb.save(src)
    out = tmp_path / "fixed.xlsx"
    fix_file(src, out)
    before, after = load_workbook(src)[SHEET]["H6"], load_workbook(out)[SHEET]["H6"]
    assert (before.value, after.value) == (9, 10)
    assert _style(before) == _style(after) and after.font.b and after.fill.fgColor.rgb == "00FFFF00"


def test_dry_run_writes_nothing_and_the_input_is_untouched(tmp_path):
    src = tmp_path / JINZHAI.name
    src.write_bytes(JINZHAI.read_bytes())
    os.utime(src, (1_600_000_000, 1_600_000_000))
    data, mtime = src.read_bytes(), src.stat().st_mtime_ns
    res = run("fix", src, "--dry-run")
    assert res.exit_code == EXIT_FINDINGS and "10.57 → 10" in res.output and "试运行" in res.output
    res = run("fix", src, "-o", tmp_path / "copy.xlsx", "--dry-run", "--lang", "en")
    assert "dry run" in res.output and "Left for a person" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]
    assert run("fix", src, "-o", tmp_path / "copy.xlsx").exit_code == EXIT_FINDINGS
    assert src.read_bytes() == data and src.stat().st_mtime_ns == mtime


def test_refusals(tmp_path):
    src = crafted(tmp_path, [])
    res = run("fix", src, "-o", src, "--force")
    assert res.exit_code == EXIT_ERROR and "拒绝覆盖" in res.output
    out = tmp_path / "copy.xlsx"
    assert run("fix", src, "-o", out).exit_code == EXIT_CLEAN
    res = run("fix", src, "-o", out)
    assert res.exit_code == EXIT_ERROR and "--force" in res.output
    assert run("fix", src, "-o", out, "--force").exit_code == EXIT_CLEAN
    res = run("fix", src, "-o", tmp_path / "copy.xlsm")
    assert res.exit_code == EXIT_ERROR and ".xlsx" in res.output
    xls = tmp_path / "旧表.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    res = run("fix", xls, "-o", tmp_path / "旧表.xlsx", "--lang", "en")
    assert res.exit_code == EXIT_ERROR and "save it as .xlsx" in res.output and "Traceback" not in res.output
    res = run("fix", src)
    assert res.exit_code != 0 and "--dry-run" in res.output


def test_a_clean_form_needs_no_change(tmp_path):
    src = crafted(tmp_path, [])
    res = run("fix", src, "-o", tmp_path / "copy.xlsx")
    assert res.exit_code == EXIT_CLEAN and "无需修改" in res.output
    assert load_workbook(tmp_path / "copy.xlsx")[CHANGES_SHEET]["A3"].value == "无需修改"


def test_the_fixed_copy_opens_in_libreoffice(tmp_path, libreoffice):
    from devtools.render import to_pdf

    out = tmp_path / "fixed.xlsx"
    fix_file(JINZHAI, out)
    pdf = to_pdf(out, tmp_path / "pdf")
    assert pdf.exists() and pdf.stat().st_size > 10_000
