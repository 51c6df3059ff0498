"""PX103's wider splits as the reader finds them: a department form's 按收入性质/按支出性质 parts (in the
money columns, or one amount beside or typed into each label) and 其中 lines under their parent."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "real"))

from realbuild import build

from perfxl.lint import lint_paths
from perfxl.reader.sheets import read_grid
from perfxl.reader.sources import load_book

HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
ROWS = [["产出指标", "数量指标", "覆盖率", "≥95%", "96%", 50, 50, None],
        ["效益指标", "社会效益指标", "群众获得感", "显著提升", "显著提升", 30, 30, None],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10, None]]
TOP = [["部门整体支出绩效自评表"], ["（2023年度）"], ["预算部门名称", "甲县农业农村局"]]
INDICATORS = [["绩效指标", *HEAD], *[[None, *r] for r in ROWS]]


def sheet(rows: list, merges=()) -> dict:
    width = max(len(r) for r in rows)
    return {"name": "部门整体支出绩效自评表", "rows": [list(r) + [None] * (width - len(r)) for r in rows],
            "merges": list(merges), "formats": {}}


def stacked() -> list:
    """The splits one under the other, each part with its 年初预算数, 全年预算数, 全年执行数."""
    return TOP + [["年度预算申请（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                  ["年度资金总额", 500, 520, 510, 10, 0.9808, 9.81],
                  ["按收入性质分："],
                  ["其中：财政拨款", 450, 470, 460], ["其他资金", 50, 50, 50],
                  ["按支出性质分："],
                  ["其中：基本支出", 300, 300, 300], ["其中：人员经费", 250, 250, 250], ["公用经费", 50, 50, 50],
                  ["项目支出", 200, 220, 210]] + INDICATORS


def lint(tmp_path, rows, name="a.xlsx", merges=()):
    path = build({"sheets": [sheet(rows, merges)]}, tmp_path / name)
    data = lint_paths([path], select=["PX103"]).to_json()["files"][0]
    return path, {(f["cell"], f["expected"], f["actual"]): f["message"] for f in data["findings"]}


def test_splits_in_the_money_columns_are_read_part_by_part(tmp_path):
    path, found = lint(tmp_path, stacked())
    assert found == {}
    (form,) = read_grid(load_book(path).grids[0])
    assert form.kind == "department"
    shape = [(s.kind, s.total.label.text, [p.label.text for p in s.parts]) for s in form.splits]
    assert shape == [("income", "年度资金总额", ["其中：财政拨款", "其他资金"]),
                     ("expense", "年度资金总额", ["其中：基本支出", "项目支出"]),
                     ("sub", "其中：基本支出", ["其中：人员经费", "公用经费"])]
    assert {k: v.number for k, v in form.splits[1].parts[1].cells.items()} == {
        "initial": 200, "budget": 220, "spent": 210}


def test_a_split_that_does_not_add_up_is_found_in_its_column(tmp_path):
    rows = stacked()
    rows[12][3] = 200          # 项目支出 全年执行数 200: 300 + 200 = 500 against 510
    rows[10][2] = 240          # 人员经费 全年预算数 240: 240 + 50 = 290 against 基本支出's 300
    _, found = lint(tmp_path, rows)
    assert set(found) == {("D5", 510, 500), ("C10", 300, 290)}
    assert found[("D5", 510, 500)] == "按支出性质分各项合计500与年度资金总额510不符"
    assert found[("C10", 300, 290)] == "基本支出的其中各行合计290与基本支出300不符"


def test_amounts_typed_into_the_labels_side_by_side(tmp_path):
    # 湖南's template as 零陵 filled it: the amounts typed after the labels' colons, 万元 and all
    rows = TOP + [["年度预算申请（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                  [None, "年度资金总额", "4753.66万元", "4753.66万元", "3824.26万元", 10, 0.8045, 8.04],
                  [None, "按收入性质分:", None, None, "按支出性质分:"],
                  [None, "其中: 一般公共预算:1873.66万元", None, None, "其中:基本支出:1768.16万元"],
                  [None, "政府性基金拨款:", None, None, "项目支出:2985.5万元"],
                  [None, "纳入专户管理的非税收入拨款:"], [None, "其他资金:2880万元"]] + INDICATORS
    merges = ["B6:D6", "E6:H6", "B7:D7", "E7:H7", "B8:D8", "E8:H8", "B9:D9", "B10:D10"]
    _, found = lint(tmp_path, rows, merges=merges)
    assert found == {}         # 1873.66 + 2880 = 1768.16 + 2985.5 = 4753.66
    rows[7][4] = "项目支出:2885.5万元"
    _, found = lint(tmp_path, rows, name="b.xlsx", merges=merges)
    assert set(found) == {("D5", 4753.66, 4653.66)}


def test_no_split_heading_costs_no_split(tmp_path):
    rows = stacked()
    rows[5][0] = "收入情况"  # no heading word left: the parts are no split, PX103 sums the sources only
    rows[8][0] = "支出情况"
    rows[12][3] = 200
    path, found = lint(tmp_path, rows)
    (form,) = read_grid(load_book(path).grids[0])
    assert form.fund["total"].cells["spent"].number == 510
    assert [s.kind for s in form.splits] == [] and found == {}


def test_a_heading_and_its_first_part_in_one_cell(tmp_path):
    # docs/forms.md's abridged 沅江: 按收入性质分：一般公共预算 | 756.78 | | 按支出性质分：基本支出 | 588.30
    rows = TOP + [["年度预算申请（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                  ["年度资金总额：", 649.76, 756.78, 756.78, 10, 1, 10],
                  ["按收入性质分：一般公共预算", 756.78, None, "按支出性质分：基本支出", 588.30],
                  ["其他资金", 0, None, "项目支出", 168.48]] + INDICATORS
    _, found = lint(tmp_path, rows)
    assert found == {}
    rows[6][4] = 160
    _, found = lint(tmp_path, rows, name="b.xlsx")
    assert set(found) == {("C5", 756.78, 748.3)}   # 588.30 + 160 against 756.78 (全年预算数)
