"""Writers for the three self-evaluation forms (项目支出, 转移支付, 部门整体).

Each writer fills one worksheet from a form dict of the data modules in ``source/`` and
returns its anchors (logical position -> A1 address), see ``render.locate``.
"""

from __future__ import annotations

from render import frame, merged_column, put, rc, runs, span, title, widths

FUND_COLS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
IND_COLS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因")
IND_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
               "偏差原因分析及改进措施")
TRANSFER_COLS = ("一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因")
TRANSFER_HEADERS = ("一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施")


def _levels(ws, anchors: dict, first: int, rows: list, col: int) -> None:
    """Merge 一级 (col) and 二级 (col + 1) down over their rows; anchor every row to its run."""
    merged_column(ws, first, col, [r[0] for r in rows], anchors, "l1")
    for a, b in runs([r[0] for r in rows]):
        for i in range(a, b + 1):
            anchors["ind", i, "一级指标"] = rc(first + a, col)
    pairs = [(r[0], r[1]) for r in rows]
    for a, b in runs(pairs):
        if rows[a][1] is not None:
            put(ws, span(first + a, col + 1, col + 1, first + b), rows[a][1], center=True)
        for i in range(a, b + 1):
            anchors["ind", i, "二级指标"] = rc(first + a, col + 1)


def _indicator_rows(ws, anchors: dict, first: int, rows: list, names: tuple, col: int = 2) -> None:
    _levels(ws, anchors, first, rows, col)
    for i, row in enumerate(rows):
        assert len(row) == len(names), row
        for j, (name, value) in enumerate(zip(names, row)):
            if j >= 2:
                anchors["ind", i, name] = put(ws, rc(first + i, col + j), value)


def _footer(ws, row: int, lines: list[str], ncols: int) -> int:
    for line in lines:
        row += 1
        put(ws, span(row, 1, ncols), line)
    return row


def _titles(ws, f: dict, ncols: int) -> int:
    """The form's title lines; returns the first row below them."""
    r = 1
    for t in f["titles"]:
        title(ws, r, ncols, t)
        r += 1
    return r


def _goals(ws, anchors, r, f, labels, label_cols, left, right) -> int:
    """The 目标 block: its label over two rows, two headings and the two texts below them."""
    head, plan, actual = labels
    put(ws, span(r, 1, label_cols, r + 1), head, center=True)
    put(ws, span(r, *left), plan, center=True)
    put(ws, span(r, *right), actual, center=True)
    anchors["goal", plan] = put(ws, span(r + 1, *left), f["goal"][0])
    anchors["goal", actual] = put(ws, span(r + 1, *right), f["goal"][1])
    return r + 2


def project_form(ws, f: dict) -> dict:
    """项目支出绩效自评表 on columns A..I (9 columns); 资金得分 lands in column H."""
    anchors: dict = {}
    r = top = _titles(ws, f, 9)
    put(ws, rc(r, 1), "项目名称", center=True)
    anchors["field", "项目名称"] = put(ws, span(r, 2, 9), f["project"])
    r += 1
    put(ws, rc(r, 1), "主管部门", center=True)
    anchors["field", "主管部门"] = put(ws, span(r, 2, 4), f["dept"])
    put(ws, rc(r, 5), "实施单位", center=True)
    anchors["field", "实施单位"] = put(ws, span(r, 6, 9), f["unit"])
    r += 1
    # 项目资金: the label column is B (B:C when the form has no 年初预算数 column).
    put(ws, span(r, 1, 1, r + len(f["funds"])), "项目资金（万元）", center=True)
    initial = f["initial_column"]
    cols = dict(zip(FUND_COLS, range(3, 9)))
    if not initial:
        del cols["年初预算数"]
        assert all(row[1] is None for row in f["funds"]), f["project"]
    for name, c in cols.items():
        put(ws, rc(r, c), f.get("fund_headers", {}).get(name, name), center=True)
    for i, row in enumerate(f["funds"], start=0):
        rr = r + 1 + i
        anchors["fund", i, "label"] = put(ws, span(rr, 2, 2 if initial else 3), row[0])
        for name, value in zip(FUND_COLS, row[1:]):
            if name in cols:
                anchors["fund", i, name] = put(ws, rc(rr, cols[name]), value)
    r += 1 + len(f["funds"])
    r = _goals(ws, anchors, r, f, (f.get("goal_label", "年度总体目标"), "预期目标", "实际完成情况"),
               1, (2, 5), (6, 9))
    _scored_table(ws, anchors, r, f, top)
    widths(ws, [10, 16, 14, 36, 16, 18, 8, 9, 24])
    return anchors


def transfer_form(ws, f: dict) -> dict:
    """转移支付区域（项目）绩效目标自评表 on columns A..G (no 分值/得分)."""
    anchors: dict = {}
    r = top = _titles(ws, f, 7)
    for label, key in (("转移支付（项目）名称", "项目名称"), ("中央主管部门", "中央主管部门")):
        put(ws, rc(r, 1), label, center=True)
        anchors["field", key] = put(ws, span(r, 2, 7), f[key])
        r += 1
    put(ws, rc(r, 1), "地方主管部门", center=True)
    anchors["field", "地方主管部门"] = put(ws, span(r, 2, 3), f["地方主管部门"])
    put(ws, rc(r, 4), "资金使用单位", center=True)
    anchors["field", "资金使用单位"] = put(ws, span(r, 5, 7), f["资金使用单位"])
    r += 1
    put(ws, span(r, 1, 1, r + len(f["funds"])), f["funds_label"], center=True)
    for c, h in zip((3, 4, 5), f["fund_headers"]):
        put(ws, span(r, c, c if c < 5 else 7), h, center=True)
    for i, row in enumerate(f["funds"]):
        rr = r + 1 + i
        anchors["fund", i, "label"] = put(ws, rc(rr, 2), row[0])
        for c, name, value in zip((3, 4, 5), ("全年预算数", "全年执行数", "预算执行率"), row[1:]):
            anchors["fund", i, name] = put(ws, span(rr, c, c if c < 5 else 7), value)
    r += 1 + len(f["funds"])
    mgmt = f["management"]
    put(ws, span(r, 1, 1, r + len(mgmt)), "资金管理情况", center=True)
    put(ws, span(r, 3, 5), "情况说明", center=True)
    put(ws, span(r, 6, 7), "存在问题和改进措施", center=True)
    for i, (item, text, problem) in enumerate(mgmt, start=1):
        put(ws, rc(r + i, 2), item)
        put(ws, span(r + i, 3, 5), text)
        put(ws, span(r + i, 6, 7), problem)
    r += 1 + len(mgmt)
    r = _goals(ws, anchors, r, f, ("总体目标完成情况", "总体目标", "全年实际完成情况"), 1, (2, 4), (5, 7))
    rows = f["indicators"]
    put(ws, span(r, 1, 1, r + len(rows)), "绩效指标", center=True)
    for c, h in enumerate(TRANSFER_HEADERS, start=2):
        anchors["hdr", h] = put(ws, rc(r, c), h, center=True)
    _indicator_rows(ws, anchors, r + 1, rows, TRANSFER_COLS)
    r += len(rows)
    if f.get("remark"):
        r += 1
        put(ws, rc(r, 1), "说明", center=True)
        put(ws, span(r, 2, 7), f["remark"])
    frame(ws, top, r, 7)
    widths(ws, [10, 12, 14, 34, 22, 22, 34])
    return anchors


def department_form(ws, f: dict) -> dict:
    """部门整体支出绩效自评表 on columns A..I, indicator table as in the project form."""
    anchors: dict = {}
    title(ws, 1, 9, f["title"])
    put(ws, "A2:B2", "预算部门名称", center=True)
    anchors["field", "预算部门名称"] = put(ws, "C2:I2", f["预算部门名称"])
    put(ws, "A3:B3", "年度预算申请（万元）", center=True)
    for c, h in zip(range(3, 9), ("年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）",
                                  "分值", "执行率", "得分")):
        put(ws, rc(3, c), h, center=True)
    put(ws, "A4:B4", "年度资金总额：")
    for c, name, value in zip(range(3, 9), FUND_COLS, f["funds"]):
        anchors["fund", 0, name] = put(ws, rc(4, c), value)
    put(ws, "A5:B5", "按收入性质分：")
    put(ws, "F5:H5", "按支出性质分：")
    r = 6
    income, spending = f["income"], dict(f["spending"])
    for i, (label, value) in enumerate(income):
        put(ws, span(r + i, 1, 2), label)
        anchors["income", i] = put(ws, span(r + i, 3, 5), value)
    for i, (label, value) in enumerate(f["spending"]):
        rr = r + (0 if i == 0 else 2)  # 基本支出 beside 一般公共预算, 项目支出 two rows below
        put(ws, rc(rr, 6), label)
        anchors["spending", label] = put(ws, span(rr, 7, 8), value)
    assert len(spending) == 2
    r += len(income)
    r = _goals(ws, anchors, r, f, ("年度总体目标", "预期目标", "实际完成情况"), 2, (3, 5), (6, 9))
    _scored_table(ws, anchors, r, f, 2)
    widths(ws, [12, 14, 16, 30, 16, 22, 8, 9, 20])
    return anchors


def _scored_table(ws, anchors, r, f, top):
    """The indicator table with its 总分 row, the frame around the form and the footer."""
    rows = f["indicators"]
    put(ws, span(r, 1, 1, r + len(rows)), "绩效指标", center=True)
    for c, h in enumerate(IND_HEADERS, start=2):
        anchors["hdr", h] = put(ws, rc(r, c), h, center=True)
    _indicator_rows(ws, anchors, r + 1, rows, IND_COLS)
    r += 1 + len(rows)
    put(ws, span(r, 1, 6), "总分", center=True)
    anchors["total", "分值"] = put(ws, rc(r, 7), f["total"][0])
    anchors["total", "得分"] = put(ws, rc(r, 8), f["total"][1])
    frame(ws, top, r, 9)
    _footer(ws, r + 1, f.get("footer", []), 9)
