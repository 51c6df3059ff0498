"""The default master templates, written by code so the checked-in files can be reproduced."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from ..atomic import check_writable, output_folder, write_atomic
from ..finish import saving
from ..plan import FormRequest
from ..vocabulary import DEPARTMENT, KINDS, PROJECT, SPECS, TRANSFER
from . import styles as st
from .fill import Master, render_workbook, typed_rows
from .markers import Box, Markers, read_markers

DEFAULT_FOLDER = Path("workbook_templates")  # beside the user, wherever perfxl is installed
FILE_NAMES = {PROJECT: "项目支出绩效自评表.xlsx", TRANSFER: "转移支付区域绩效目标自评表.xlsx",
              DEPARTMENT: "部门整体支出绩效自评表.xlsx"}
SCORED_HEAD = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
               "偏差原因分析及改进措施")
TRANSFER_HEAD = ("一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施")
MGMT_ITEMS = ("分配科学性", "下达及时性", "拨付合规性", "使用规范性", "执行准确性", "预算绩效管理情况",
              "支出责任履行情况")


def _put(ws, ref: str, value, styler, **kw) -> Box:
    box = Box.parse(ref)
    if ":" in ref:
        ws.merge_cells(ref)
    st.box(ws, ref, styler, **kw)
    ws.cell(box.min_row, box.min_col).value = value
    return box


def _field(ws, label_ref: str, label: str, value_ref: str) -> Box:
    """A label cell and the input box beside it (项目名称 | …); returns the input's box."""
    _put(ws, label_ref, label, st.label, bold=True)
    return _put(ws, value_ref, None, st.text_input)


def _head(ws, title: str, last_col: str) -> None:
    _put(ws, f"A1:{last_col}1", title, st.title)
    _put(ws, f"A2:{last_col}2", "（    年度）", st.subtitle)
    ws.row_dimensions[1].height = 30


def _goals(ws, row: int, last_col: str, split: str, labels=("年度总体目标", "预期目标", "实际完成情况")):
    left_end = chr(ord(split) - 1)
    _put(ws, f"A{row}:A{row + 1}", labels[0], st.label, bold=True)
    _put(ws, f"B{row}:{left_end}{row}", labels[1], st.label)
    _put(ws, f"{split}{row}:{last_col}{row}", labels[2], st.label)
    plan = _put(ws, f"B{row + 1}:{left_end}{row + 1}", None, st.text_input)
    actual = _put(ws, f"{split}{row + 1}:{last_col}{row + 1}", None, st.text_input)
    ws.row_dimensions[row + 1].height = 60
    return plan, actual


def _indicators(ws, row: int, heads: tuple[str, ...], scored: bool):
    last = chr(ord("A") + len(heads))
    _put(ws, f"A{row}:A{row + 1}", "绩效指标", st.label, bold=True)
    for i, h in enumerate(heads):
        _put(ws, f"{chr(ord('B') + i)}{row}", h, st.label, bold=True)
    r = row + 1
    for i, _ in enumerate(heads):
        c = f"{chr(ord('B') + i)}{r}"
        if i == 0:
            (st.formula if scored else st.text_input)(ws[c])
        elif scored and i in (5, 6):
            st.number_input(ws[c], st.SCORE_FORMAT if i == 6 else "General")
        else:
            st.text_input(ws[c], left=i in (2, len(heads) - 1))
    ws.print_title_rows = f"{row}:{row}"
    return Box.parse(f"B{r}:{last}{r}")


def _signature(ws, row: int, cols: tuple[str, str, str, str]) -> None:
    """填表人 / 填报日期 / 联系电话 / 负责人签字, each with the cells up to the next label (and one after
    the last) left open for the clerk to type in, as the labels themselves are."""
    for c, text in zip(cols, ("填表人：", "填报日期：", "联系电话：", "负责人签字：")):
        st.footer(ws[f"{c}{row}"])
        ws[f"{c}{row}"] = text
    ends = [ord(c) for c in cols[1:]] + [ord(cols[-1]) + 2]
    for c, end in zip(cols, ends):
        for col in range(ord(c) + 1, end):
            st.footer(ws[f"{chr(col)}{row}"])


def _scored_totals(ws, row: int, m: dict) -> int:
    _put(ws, f"A{row}:F{row}", "总分", st.label, bold=True)
    m["PX_TOTAL_WEIGHT"] = _put(ws, f"G{row}", None, st.formula, number_format="General")
    m["PX_TOTAL_SCORE"] = _put(ws, f"H{row}", None, st.formula, number_format=st.SCORE_FORMAT, bold=True)
    _put(ws, f"I{row}", None, st.label)
    _put(ws, f"A{row + 1}:G{row + 1}", "评价等级（优≥90，良≥80，中≥60，差<60）", st.label, bold=True)
    m["PX_GRADE"] = _put(ws, f"H{row + 1}", None, st.formula, bold=True)
    _put(ws, f"I{row + 1}", None, st.label)
    return row + 3


def _project(ws) -> Markers:
    m: dict[str, Box] = {}
    _head(ws, SPECS[PROJECT].title, "I")
    m["PX_TITLE"] = Box.parse("A2")
    m["PX_PROJECT"] = _field(ws, "A3", "项目名称", "B3:I3")
    m["PX_DEPT"] = _field(ws, "A4", "主管部门", "B4:D4")
    m["PX_UNIT"] = _field(ws, "E4", "实施单位", "F4:I4")
    _put(ws, "A5:A9", "项目资金（万元）", st.label, bold=True)
    for c, h in zip("BCDEFGHI", ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
                                 "资金来源核对")):
        _put(ws, f"{c}5", h, st.label, bold=True)
    for r, h in zip(range(6, 10), ("年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金")):
        _put(ws, f"B{r}", h, st.label)
        for c in "CDE":
            st.number_input(ws[f"{c}{r}"])
        if r > 6:
            for c in "FGH":
                _put(ws, f"{c}{r}", "—", st.label)
    m["PX_F_INITIAL"], m["PX_F_BUDGET"], m["PX_F_SPENT"] = (Box.parse(f"{c}6:{c}9") for c in "CDE")
    m["PX_F_WEIGHT"] = _put(ws, "F6", 10, st.constant)
    m["PX_F_RATE"] = _put(ws, "G6", None, st.formula, number_format=st.RATE_FORMAT)
    m["PX_F_SCORE"] = _put(ws, "H6", None, st.formula, number_format=st.SCORE_FORMAT)
    m["PX_F_CHECK"] = _put(ws, "I6:I9", None, st.formula)
    m["PX_GOAL_PLAN"], m["PX_GOAL_ACTUAL"] = _goals(ws, 10, "I", "F")
    m["PX_IND"] = _indicators(ws, 12, SCORED_HEAD, True)
    _signature(ws, _scored_totals(ws, 14, m), ("A", "C", "E", "G"))
    return Markers(PROJECT, m)


def _transfer(ws) -> Markers:
    m: dict[str, Box] = {}
    _head(ws, SPECS[TRANSFER].title, "G")
    m["PX_TITLE"] = Box.parse("A2")
    m["PX_PROJECT"] = _field(ws, "A3", "转移支付（项目）名称", "B3:G3")
    m["PX_CENTRAL_DEPT"] = _field(ws, "A4", "中央主管部门", "B4:G4")
    m["PX_DEPT"] = _field(ws, "A5", "地方主管部门", "B5:D5")
    m["PX_UNIT"] = _field(ws, "E5", "资金使用单位", "F5:G5")
    _put(ws, "A6:A10", "项目资金（万元）", st.label, bold=True)
    for c, h in zip("BCDE", ("", "全年预算数（A）", "全年执行数（B）", "预算执行率（B/A）")):
        _put(ws, f"{c}6", h, st.label, bold=True)
    _put(ws, "F6:G6", "资金来源核对", st.label, bold=True)
    for r, h in zip(range(7, 11), ("年度资金总额", "其中：中央补助", "地方资金", "其他资金")):
        _put(ws, f"B{r}", h, st.label)
        for c in "CD":
            st.number_input(ws[f"{c}{r}"])
        st.formula(ws[f"E{r}"], number_format=st.RATE_FORMAT)
    m["PX_F_BUDGET"], m["PX_F_SPENT"], m["PX_F_RATE"] = (Box.parse(f"{c}7:{c}10") for c in "CDE")
    m["PX_F_CHECK"] = _put(ws, "F7:G10", None, st.formula)
    _put(ws, "A11:A18", "资金管理情况", st.label, bold=True)
    _put(ws, "B11", None, st.label)
    _put(ws, "C11:E11", "情况说明", st.label, bold=True)
    _put(ws, "F11:G11", "存在问题和改进措施", st.label, bold=True)
    for r, item in zip(range(12, 19), MGMT_ITEMS):
        _put(ws, f"B{r}", item, st.label)
        _put(ws, f"C{r}:E{r}", None, st.text_input)
        _put(ws, f"F{r}:G{r}", None, st.text_input)
    m["PX_MGMT"] = Box.parse("C12:G18")
    m["PX_GOAL_PLAN"], m["PX_GOAL_ACTUAL"] = _goals(
        ws, 19, "G", "E", ("总体目标完成情况", "总体目标", "全年实际完成情况"))
    m["PX_IND"] = _indicators(ws, 21, TRANSFER_HEAD, False)
    m["PX_NOTE"] = _field(ws, "A23", "说明", "B23:G23")
    _signature(ws, 25, ("A", "C", "E", "F"))
    return Markers(TRANSFER, m)


def _department(ws) -> Markers:
    m: dict[str, Box] = {}
    _head(ws, SPECS[DEPARTMENT].title, "I")
    m["PX_TITLE"] = Box.parse("A2")
    m["PX_UNIT"] = _field(ws, "A3", "预算部门名称", "B3:I3")
    _put(ws, "A4:A10", "年度预算申请（万元）", st.label, bold=True)
    for c, h in zip("BCDEFGHI", ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
                                 "资金核对")):
        _put(ws, f"{c}4", h, st.label, bold=True)
    _put(ws, "B5", "年度资金总额", st.label)
    for c in "CDE":
        st.number_input(ws[f"{c}5"])
    m["PX_F_INITIAL"], m["PX_F_BUDGET"], m["PX_F_SPENT"] = (Box.parse(f"{c}5") for c in "CDE")
    m["PX_F_WEIGHT"] = _put(ws, "F5", 10, st.constant)
    m["PX_F_RATE"] = _put(ws, "G5", None, st.formula, number_format=st.RATE_FORMAT)
    m["PX_F_SCORE"] = _put(ws, "H5", None, st.formula, number_format=st.SCORE_FORMAT)
    m["PX_F_CHECK"] = _put(ws, "I5:I10", None, st.formula)
    _put(ws, "B6:D6", "按收入性质分（全年预算数）", st.label, bold=True)
    _put(ws, "E6:H6", "按支出性质分（全年执行数）", st.label, bold=True)
    income = ("一般公共预算", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他资金")
    expense = ("其中：基本支出", "项目支出", "", "")
    for r, inc, exp in zip(range(7, 11), income, expense):
        _put(ws, f"B{r}", inc, st.label)
        _put(ws, f"C{r}:D{r}", None, st.number_input)
        _put(ws, f"E{r}:F{r}", exp or None, st.label)
        _put(ws, f"G{r}:H{r}", None, st.number_input if exp else st.label)
    m["PX_D_INCOME"], m["PX_D_EXPENSE"] = Box.parse("C7:C10"), Box.parse("G7:G8")
    m["PX_GOAL_PLAN"], m["PX_GOAL_ACTUAL"] = _goals(ws, 11, "I", "F")
    m["PX_IND"] = _indicators(ws, 13, SCORED_HEAD, True)
    _signature(ws, _scored_totals(ws, 15, m), ("A", "C", "E", "G"))
    return Markers(DEPARTMENT, m)


BUILDERS = {PROJECT: _project, TRANSFER: _transfer, DEPARTMENT: _department}
WIDTHS = {PROJECT: (12, 16, 16, 30, 14, 14, 9, 9, 24), TRANSFER: (16, 18, 14, 34, 18, 18, 30),
          DEPARTMENT: (12, 24, 16, 30, 14, 14, 9, 9, 24)}


def raw_master(kind: str) -> tuple[Workbook, Markers]:
    """A master with one prototype indicator row: the layout before the skeleton is laid in."""
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    markers = BUILDERS[kind](ws)
    for i, w in enumerate(WIDTHS[kind]):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.sheet_view.showGridLines = False
    ps = ws.page_setup
    ps.paperSize, ps.orientation = ws.PAPERSIZE_A4, "landscape"
    ps.fitToWidth, ps.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    return wb, markers


def build_master(kind: str) -> Workbook:
    """The default master of a kind: a blank form with the kind's indicator skeleton."""
    wb, markers = raw_master(kind)
    master = Master(wb, wb["自评表"], markers, "<default>")
    return render_workbook(master, [FormRequest(kind)], sheet_titles=["自评表"])


def default_master(kind: str) -> Master:
    """The default master of a kind, loaded as a user's master would be."""
    wb = build_master(kind)
    ws = wb["自评表"]
    return Master(wb, ws, read_markers(ws), "<default>")


def write_default_masters(folder: Path = DEFAULT_FOLDER, force: bool = False) -> list[Path]:
    """Write the three default masters (what `perfxl templates` does); a restyled master already
    there is never replaced without force."""
    paths = [output_folder(folder) / FILE_NAMES[kind] for kind in KINDS]
    for path in paths:
        check_writable(path, force)
    for kind, path in zip(KINDS, paths):
        wb = build_master(kind)
        write_atomic(path, saving(wb, auto_rows=typed_rows(wb)))
    return paths
