"""`perfxl new` from a roster: good rosters generate, bad ones name the cell and write nothing."""

from __future__ import annotations

import csv

import pytest
from conftest import (
    FORM_HEAD,
    GY_FORM,
    GY_INDICATORS,
    IND_HEAD,
    JZ,
    JZ_FORM,
    JZ_INDICATORS,
    YJ_FORM,
    YJ_INDICATORS,
    write_roster,
)
from formkit import ind_cell, n_indicators, top
from openpyxl import load_workbook

from perfxl.errors import OutputExistsError, RosterError
from perfxl.generate import generate


def test_one_workbook_per_unit_one_sheet_per_project(roster, tmp_path):
    result = generate(roster, tmp_path / "out")
    assert result.forms == 3
    assert sorted(p.name for p in result.files) == sorted([
        "金寨县医疗保障局2022年度绩效自评表.xlsx", "广元市医疗保障局2023年度绩效自评表.xlsx",
        "沅江市医疗保障局2023年度绩效自评表.xlsx"])
    jz = load_workbook(tmp_path / "out" / "金寨县医疗保障局2022年度绩效自评表.xlsx")
    assert jz.sheetnames == ["1-医疗保障专项经费", "_perfxl"]
    assert jz["_perfxl"].sheet_state == "hidden"
    ws = jz.worksheets[0]
    assert n_indicators(ws) == len(JZ_INDICATORS)
    assert ws[top(ws, "PX_PROJECT")].value == "医疗保障专项经费"
    assert ws[top(ws, "PX_UNIT")].value == "054001-金寨县医疗保障局"
    assert ws[top(ws, "PX_F_BUDGET")].value == 176.77
    assert ws[top(ws, "PX_TITLE")].value == "（2022年度）"
    assert [ws[ind_cell(ws, "level3", i)].value for i in range(12)] == [r[4] for r in JZ_INDICATORS]
    assert [ws[ind_cell(ws, "weight", i)].value for i in range(12)] == [r[6] for r in JZ_INDICATORS]
    # 一级 merged down over its rows, 二级 over runs of equal names.
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"{ind_cell(ws, 'level1', 0)}:{ind_cell(ws, 'level1', 7)}" in merged
    assert f"{ind_cell(ws, 'level2', 0)}:{ind_cell(ws, 'level2', 2)}" in merged


def test_many_projects_of_a_unit_and_inserted_rows_keep_the_footer(tmp_path):
    forms = [JZ_FORM] + [[JZ, "项目支出", 2022, f"项目{i}", "主管", "实施", None, None, 10] for i in range(3)]
    extra = [[JZ, f"项目{i}", "产出指标", "数量指标", f"指标{j}", "≥1 次", 90 / (10 + i)]
             for i in range(3) for j in range(10 + i)]
    path = write_roster(tmp_path / "r.xlsx", forms, JZ_INDICATORS + extra)
    out = generate(path, tmp_path / "out").files[0]
    wb = load_workbook(out)
    assert wb.sheetnames[:4] == ["1-医疗保障专项经费", "2-项目0", "3-项目1", "4-项目2"]
    for i, name in enumerate(wb.sheetnames[1:4]):
        ws = wb[name]
        assert n_indicators(ws) == 10 + i
        total = ws[top(ws, "PX_TOTAL_WEIGHT")]
        assert total.row == ws[ind_cell(ws, "weight", 9 + i)].row + 1
        assert ws.cell(total.row, 1).value == "总分"


def test_project_without_indicators_gets_the_blank_skeleton(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [JZ_FORM], [])
    ws = load_workbook(generate(path, tmp_path / "out").files[0]).worksheets[0]
    assert n_indicators(ws) == 9   # 产出 4 + 效益 4 + 满意度 1 二级 rows
    assert ws[ind_cell(ws, "level2", 0)].value == "数量指标"


def test_csv_roster(tmp_path):
    def dump(path, head, rows):
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows([head, *[["" if v is None else v for v in r] for r in rows]])

    dump(tmp_path / "r_forms.csv", FORM_HEAD, [JZ_FORM, YJ_FORM])
    dump(tmp_path / "r_indicators.csv", IND_HEAD, JZ_INDICATORS + YJ_INDICATORS)
    result = generate(tmp_path / "r_forms.csv", tmp_path / "out")
    assert result.forms == 2
    ws = load_workbook(result.files[0]).worksheets[0]
    assert n_indicators(ws) == 12 and ws[ind_cell(ws, "weight", 0)].value == 5


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8"])
def test_csv_roster_as_excel_in_china_saves_it(tmp_path, encoding):
    """Excel's “CSV (逗号分隔)” on a Chinese Windows is GBK/GB18030; “CSV UTF-8” has a BOM (#13)."""
    for name, head, rows in (("r_forms.csv", FORM_HEAD, [JZ_FORM]), ("r_indicators.csv", IND_HEAD, JZ_INDICATORS)):
        with open(tmp_path / name, "w", encoding=encoding, newline="") as fh:
            csv.writer(fh).writerows([head, *[["" if v is None else v for v in r] for r in rows]])
    result = generate(tmp_path / "r_forms.csv", tmp_path / "out")
    ws = load_workbook(result.files[0]).worksheets[0]
    assert result.forms == 1 and JZ in result.files[0].name and n_indicators(ws) == len(JZ_INDICATORS)
    assert JZ_FORM[3] in str(ws[top(ws, "PX_PROJECT")].value)


def test_csv_roster_in_an_unknown_encoding_is_a_message(tmp_path):
    (tmp_path / "r_forms.csv").write_bytes("县区/单位,表类型\n".encode("utf-16"))
    with pytest.raises(RosterError, match="编码"):
        generate(tmp_path / "r_forms.csv", tmp_path / "out")


def _bad(forms=None, indicators=None, form_head=FORM_HEAD, ind_head=IND_HEAD):
    return (forms or [JZ_FORM, GY_FORM, YJ_FORM],
            indicators if indicators is not None else JZ_INDICATORS + GY_INDICATORS + YJ_INDICATORS,
            form_head, ind_head)


def _replace(rows, i, col, value):
    rows = [list(r) for r in rows]
    rows[i][col] = value
    return rows


BAD_ROSTERS = {
    "missing column": (_bad(form_head=[h if h != "实施单位" else "备注" for h in FORM_HEAD]),
                       ["表单", "缺少列“实施单位”"]),
    "weights not 90": (_bad(indicators=_replace(JZ_INDICATORS, 0, 6, 6) + YJ_INDICATORS),
                       ["指标", "第2–13行", "分值", "合计为91"]),
    "duplicate project": (_bad(forms=[JZ_FORM, GY_FORM, YJ_FORM, JZ_FORM]), ["表单", "第5行", "与第2行重复"]),
    "text in number column": (_bad(forms=[_replace([JZ_FORM], 0, 8, "一百")[0], GY_FORM, YJ_FORM]),
                              ["表单", "第2行", "全年预算数", "I2", "“一百”不是数字"]),
    "nan as budget": (_bad(forms=[_replace([JZ_FORM], 0, 8, "nan")[0], GY_FORM, YJ_FORM]),
                      ["表单", "第2行", "全年预算数", "I2", "“nan”不是数字"]),
    "text weight": (_bad(indicators=_replace(JZ_INDICATORS, 3, 6, "五分") + YJ_INDICATORS),
                    ["指标", "第5行", "G5", "“五分”不是数字"]),
    "unknown kind": (_bad(forms=[_replace([JZ_FORM], 0, 1, "项目类")[0]]), ["第2行", "B2", "项目类"]),
    "empty required": (_bad(forms=[_replace([JZ_FORM], 0, 3, None)[0]]), ["第2行", "项目名称", "D2", "不能为空"]),
    "unknown project": (_bad(indicators=[[JZ, "不存在的项目", "产出指标", "数量指标", "x", "1", 90]]),
                        ["指标", "第2行", "不存在的项目"]),
    "bad level1": (_bad(indicators=_replace(JZ_INDICATORS, 0, 2, "投入指标") + YJ_INDICATORS),
                   ["指标", "C2", "投入指标"]),
}


@pytest.mark.parametrize("case", BAD_ROSTERS, ids=list(BAD_ROSTERS))
def test_bad_roster_names_sheet_row_column_and_writes_nothing(tmp_path, case):
    (forms, indicators, form_head, ind_head), expected = BAD_ROSTERS[case]
    path = write_roster(tmp_path / "r.xlsx", forms, indicators, form_head, ind_head)
    with pytest.raises(RosterError) as err:
        generate(path, tmp_path / "out")
    text = err.value.render("zh")
    assert text.startswith("名单有误，未生成任何文件")
    for part in expected:
        assert part in text, (part, text)
    assert "r.xlsx" in text
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_english_messages(tmp_path):
    (forms, indicators, fh, ih), _ = BAD_ROSTERS["duplicate project"]
    path = write_roster(tmp_path / "r.xlsx", forms, indicators, fh, ih)
    with pytest.raises(RosterError) as err:
        generate(path, tmp_path / "out")
    assert "row 5" in err.value.render("en") and "duplicates row 2" in err.value.render("en")


def test_existing_output_needs_force_and_is_left_intact(roster, tmp_path):
    first = generate(roster, tmp_path / "out").files
    stamp = {p: p.read_bytes() for p in first}
    with pytest.raises(OutputExistsError):
        generate(roster, tmp_path / "out")
    assert {p: p.read_bytes() for p in first} == stamp
    assert generate(roster, tmp_path / "out", force=True).forms == 3
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in first)


def test_output_never_overwrites_the_roster(roster, tmp_path):
    with pytest.raises(OutputExistsError):
        from perfxl.atomic import check_writable
        check_writable(roster, force=True, inputs=(roster,))
