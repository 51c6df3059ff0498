"""Build small form workbooks for rule tests: a clean project form and edits to it."""

from __future__ import annotations

import copy
from pathlib import Path

from openpyxl import Workbook

CLEAN = {
    "title": "项目支出绩效自评表",
    "project": "医疗保障专项经费", "dept": "054-金寨县医疗保障局", "unit": "054001-金寨县医疗保障局",
    # rows of 项目资金: label, 年初, 全年预算, 全年执行, 分值, 执行率, 得分
    "fund": [["年度资金总额", 100, 100, 100, 10, 1.0, 10],
             ["其中：本年财政拨款", 100, 100, 100, None, None, None],
             ["上年结转资金", 0, 0, 0, None, None, None],
             ["其他资金", 0, 0, 0, None, None, None]],
    # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因
    "rows": [["产出指标（50分）", "数量指标", "监督检查覆盖率", "≥95%", "98%", 20, 20, None],
             [None, "质量指标", "验收合格率", "100%", "100%", 10, 10, None],
             [None, "时效指标", "资金支付及时性", "及时", "及时", 10, 10, None],
             [None, "成本指标", "项目成本", "≤100万元", "100万元", 10, 10, None],
             ["效益指标（30分）", "社会效益指标", "群众获得感", "显著提升", "显著提升", 30, 30, None],
             ["满意度指标（10分）", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", 10, 10, None]],
    "total": [100, 100],
    "grade": None,
}
FIRST_ROW = 13  # the first indicator row of the built layout (tests only; the reader finds it)

# An evaluation report's score table (docs/forms.md, third-party reports): a form of its own, built by
# write_book like the others when spec["form"] is "score_table".
SCORE_TABLE = {
    "form": "score_table",
    "title": "项目绩效评价评分表",
    "project": "评价评分表",  # names the sheet, as a project names a form's sheet
    # 一级指标, 二级指标, 分值, 得分, 得分率; a 小计 row (二级 小计) closes each 一级 block
    "rows": [["决策", "项目立项", 5, 5, 1.0],
             ["决策", "绩效目标", 5, 5, 1.0],
             ["决策", "资金投入", 5, 5, 1.0],
             ["决策", "小计", 15, 15, 1.0],
             ["过程", "资金管理", 10, 10, 1.0],
             ["过程", "组织实施", 10, 8, 0.8],
             ["过程", "小计", 20, 18, 0.9],
             ["产出", "产出数量", 15, 15, 1.0],
             ["产出", "产出质量", 10, 10, 1.0],
             ["产出", "产出时效", 10, 10, 1.0],
             ["产出", "小计", 35, 35, 1.0],
             ["效益", "社会效益", 20, 20, 1.0],
             ["效益", "满意度", 10, 10, 1.0],
             ["效益", "小计", 30, 30, 1.0]],
    "total": [100, 98, 0.98],  # 合计: 分值, 得分, 得分率
}

# A whole-department form (部门整体支出绩效自评表, the 湖南 template of the 沅江 seed): one 年度资金总额
# row, then 按收入性质分 (left) and 按支出性质分 (right) side by side, each part with one amount beside
# its label; 人员经费 and 公用经费 are lines of 基本支出. The indicator table is the project form's.
DEPARTMENT = {
    "form": "department",
    "title": "部门整体支出绩效自评表",
    "project": "部门整体支出",  # names the sheet
    "dept": "金寨县医疗保障局",
    "fund": [["年度资金总额", 100, 100, 100, 10, 1.0, 10]],
    # label, amount
    "income": [["其中：一般公共预算：", 80], ["政府性基金拨款：", 0], ["纳入专户管理的非税收入拨款：", 0],
               ["其他资金：", 20]],
    "expense": [["其中：基本支出：", 70], ["人员经费：", 50], ["公用经费：", 20], ["项目支出：", 30]],
    "rows": copy.deepcopy(CLEAN["rows"]),
    "total": [100, 100],
    "grade": None,
}


def form(**changes) -> dict:
    spec = copy.deepcopy(CLEAN)
    spec.update(copy.deepcopy(changes))
    return spec


def edit(spec: dict, path: str, value) -> dict:
    """edit(spec, "rows.2.6", 5): set a nested item of a copy of spec."""
    spec = copy.deepcopy(spec)
    keys = path.split(".")
    node = spec
    for k in keys[:-1]:
        node = node[int(k)] if isinstance(node, list) else node[k]
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return spec


def write_sheet(ws, spec: dict) -> None:
    if spec.get("form") == "score_table":
        write_score_sheet(ws, spec)
        return
    if spec.get("form") == "department":
        write_department_sheet(ws, spec)
        return
    ws.append([spec["title"]])
    ws.append(["（2022年度）"])
    ws.append(["项目名称", spec["project"]])
    ws.append(["主管部门", spec["dept"], None, None, "实施单位", spec["unit"]])
    ws.append(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    for row in spec["fund"]:
        ws.append([None, *row])
        if isinstance(row[5], float):
            ws.cell(ws.max_row, 7).number_format = "0.00%"
    _goals_and_indicators(ws, spec)
    if spec.get("grade") is not None:
        ws.append(["评价等级", None, None, None, None, None, None, spec["grade"]])
    ws.merge_cells(start_row=5, start_column=1, end_row=5 + len(spec["fund"]), end_column=1)


def _goals_and_indicators(ws, spec: dict) -> None:
    """The goal rows, the indicator table and its 总分 row, as every form here has them."""
    ws.append(["年度总体目标", "预期目标", None, None, None, "实际完成情况"])
    ws.append([None, "保障医疗保障经办业务", None, None, None, "完成"])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
               "偏差原因分析及改进措施"])
    for row in spec["rows"]:
        ws.append([None, *row])
    ws.append(["总分", None, None, None, None, None, *spec["total"]])


def write_department_sheet(ws, spec: dict) -> None:
    """A department form (see DEPARTMENT): the money row, the two splits side by side, the indicators."""
    ws.append([spec["title"]])
    ws.append(["（2022年度）"])
    ws.append(["预算部门名称", None, spec["dept"]])
    ws.append(["年度预算申请（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    for row in spec["fund"]:
        ws.append([None, *row])
        if isinstance(row[5], float):
            ws.cell(ws.max_row, 7).number_format = "0.00%"
    ws.append([None, "按收入性质分：", None, None, None, "按支出性质分："])
    income, expense = spec["income"], spec["expense"]
    for i in range(max(len(income), len(expense))):
        left = income[i] if i < len(income) else [None, None]
        right = expense[i] if i < len(expense) else [None, None]
        ws.append([None, left[0], left[1], None, None, right[0], right[1]])
    _goals_and_indicators(ws, spec)


def write_score_sheet(ws, spec: dict) -> None:
    """A score table (see SCORE_TABLE): title, header, rows with their 小计, then 合计."""
    ws.append([spec["title"]])
    ws.append(["一级指标", "二级指标", "分值", "得分", "得分率"])
    for row in [*spec["rows"], ["合计", None, *spec["total"]]]:
        ws.append(list(row))
        if isinstance(row[4], float):
            ws.cell(ws.max_row, 5).number_format = "0.00%"


def write_book(path: Path, *specs: dict, names: list[str] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for i, spec in enumerate(specs):
        write_sheet(wb.create_sheet((names or [])[i] if names else f"{i + 1}-{spec['project']}"[:31]), spec)
    wb.save(path)
    return path
