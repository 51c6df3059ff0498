"""Writers for the sheets that are not one of the three forms: the 金寨 项目清单 and evaluation
score tables, the 沅江 基础数据表 and the 嘉峪关 evaluation report's tables."""

from __future__ import annotations

from render import frame, merged_column, put, rc, runs, span, title, widths


def project_list(ws, heading: str, items: list) -> dict:
    title(ws, 1, 2, heading)
    put(ws, "A2", "序号", center=True)
    put(ws, "B2", "项目名称", center=True)
    for r, (seq, name) in enumerate(items, start=3):
        put(ws, rc(r, 1), str(seq), center=True)
        put(ws, rc(r, 2), name)
    frame(ws, 2, 2 + len(items), 2)
    widths(ws, [8, 56])
    return {}


def jinzhai_scores(ws, m) -> dict:
    """评价评分表 (A..E) with its 合计 and grade, then the analysis table (A..F) below it."""
    anchors: dict = {}
    title(ws, 1, 6, m.SCORE_TITLE)
    for c, h in enumerate(("一级指标", "二级指标", "三级指标", "分值", "得分"), start=1):
        put(ws, rc(2, c), h, center=True)
    rows, first = m.SCORE_TABLE, 3
    merged_column(ws, first, 1, [r[0] for r in rows])
    for a, b in runs([(r[0], r[1]) for r in rows]):
        if rows[a][1] == "小计":
            put(ws, span(first + a, 2, 3), "小计", center=True)
        else:
            put(ws, span(first + a, 2, 2, first + b), rows[a][1], center=True)
    for i, (l1, l2, l3, weight, score) in enumerate(rows):
        r = first + i
        if l3:
            put(ws, rc(r, 3), l3)
        anchors["score", i, "分值"] = put(ws, rc(r, 4), weight)
        anchors["score", i, "得分"] = put(ws, rc(r, 5), score)
    r = first + len(rows)
    put(ws, span(r, 1, 3), m.SCORE_TOTAL[0], center=True)
    anchors["score", "合计", "分值"] = put(ws, rc(r, 4), m.SCORE_TOTAL[1])
    anchors["score", "合计", "得分"] = put(ws, rc(r, 5), m.SCORE_TOTAL[2])
    put(ws, span(r + 1, 1, 3), "评价等级", center=True)
    anchors["grade"] = put(ws, span(r + 1, 4, 5), m.GRADE, center=True)
    frame(ws, 2, r + 1, 5)

    r += 3
    title(ws, r, 6, m.ANALYSIS_TITLE)
    for c, h in enumerate(m.ANALYSIS_HEADERS, start=1):
        put(ws, rc(r + 1, c), h, center=True)
    top, first, rows = r + 1, r + 2, m.ANALYSIS
    for a, b in runs([x[0] for x in rows]):
        if rows[a][1] is None:
            continue  # 得分小计 / 总分 rows: label spans 一级:二级 below
        put(ws, span(first + a, 1, 1, first + b), rows[a][0], center=True)
    for i, (l1, l2, weight, score, rate, said) in enumerate(rows):
        r = first + i
        if l2 is None:
            put(ws, span(r, 1, 2), l1, center=True)
        else:
            put(ws, rc(r, 2), l2)
        anchors["analysis", l2 or f"{l1}@{i}", "分值"] = put(ws, rc(r, 3), weight)
        anchors["analysis", l2 or f"{l1}@{i}", "得分"] = put(ws, rc(r, 4), score)
        anchors["analysis", l2 or f"{l1}@{i}", "得分率"] = put(ws, rc(r, 5), rate)
        put(ws, rc(r, 6), said)
    frame(ws, top, first + len(rows) - 1, 6)
    widths(ws, [16, 18, 26, 10, 10, 44])
    return anchors


def yuanjiang_basic(ws, d: dict) -> dict:
    """部门整体支出绩效评价基础数据表 on columns A..G."""
    title(ws, 1, 7, d["title"])
    put(ws, "A2:A3", "财政供养人员情况", center=True)
    for c, h, v in zip((2, 4, 6), ("编制数", "2023年实际在职人数", "控制率"), d["staff"]):
        put(ws, span(2, c, c + 1), h, center=True)
        put(ws, span(3, c, c + 1), v)
    put(ws, "A4", "经费控制情况（万元）", center=True)
    for c, h in zip((2, 4, 6), d["cost_headers"]):
        put(ws, span(4, c, c + 1), h, center=True)
    r = 5
    for label, *values in d["costs"]:
        put(ws, rc(r, 1), label)
        for c, v in zip((2, 4, 6), values):
            put(ws, span(r, c, c + 1), v)
        r += 1
    put(ws, span(r, 1, 1, r + 1), "楼堂馆所控制情况（2023年完工项目）", center=True)
    for c, (h, v) in enumerate(zip(d["building_headers"], d["building"]), start=2):
        put(ws, rc(r, c), h, center=True)
        put(ws, rc(r + 1, c), v)
    r += 2
    put(ws, rc(r, 1), "厉行节约保障措施", center=True)
    put(ws, span(r, 2, 7), d["thrift"])
    frame(ws, 2, r, 7)
    for i, line in enumerate(d["footer"], start=r + 2):
        put(ws, span(i, 1, 7), line)
    widths(ws, [34, 12, 12, 14, 14, 12, 14])
    return {}


def jiayuguan(ws, m) -> dict:
    """The report's 基本情况/资金情况, 年度绩效目标 and 评价结论/绩效分析 tables, columns A..G."""
    anchors: dict = {}
    title(ws, 1, 7, m.TITLE)
    put(ws, "A2:G2", "一、项目基本情况", bold=True)
    r = 3
    put(ws, span(r, 1, 1, r + len(m.BASIC) - 1), "基本情况", center=True)
    for i, (l1, v1, l2, v2) in enumerate(m.BASIC):
        put(ws, rc(r + i, 2), l1, center=True)
        if l2 is None:
            put(ws, span(r + i, 3, 7), v1)
        else:
            put(ws, span(r + i, 3, 4), v1)
            put(ws, rc(r + i, 5), l2, center=True)
            put(ws, span(r + i, 6, 7), v2)
    r += len(m.BASIC)
    put(ws, rc(r, 1), "实施目的", center=True)
    put(ws, span(r, 2, 7), m.PURPOSE)
    r += 1
    put(ws, span(r, 1, 1, r + len(m.FUNDS) - 1), "资金情况（万元）", center=True)
    for i, (l1, v1, l2, v2) in enumerate(m.FUNDS):
        put(ws, rc(r + i, 2), l1)
        anchors["funds", l1] = put(ws, span(r + i, 3, 4), v1)
        if l2 is not None:
            put(ws, rc(r + i, 5), l2)
            put(ws, span(r + i, 6, 7), v2)
    r += len(m.FUNDS)
    frame(ws, 3, r - 1, 7)
    put(ws, span(r, 1, 7), "二、项目绩效目标", bold=True)
    put(ws, rc(r + 1, 1), "年度绩效目标", center=True)
    put(ws, span(r + 1, 2, 7), m.GOAL)
    frame(ws, r + 1, r + 1, 7)
    r += 2
    put(ws, span(r, 1, 7), "四、评价结论和绩效分析", bold=True)
    r += 1
    top = r
    put(ws, rc(r, 1), "综合评价结论", center=True)
    put(ws, span(r, 2, 3), "评价得分", center=True)
    anchors["score"] = put(ws, rc(r, 4), m.CONCLUSION[0])
    put(ws, span(r, 5, 6), "评价等级", center=True)
    anchors["grade"] = put(ws, rc(r, 7), m.CONCLUSION[1], center=True)
    r += 1
    put(ws, span(r, 1, 1, r + len(m.ANALYSIS)), "绩效分析", center=True)
    put(ws, rc(r, 2), "指标", center=True)
    for c, h in enumerate(m.ANALYSIS_COLUMNS, start=3):
        put(ws, rc(r, c), h, center=True)
    for i, (label, values) in enumerate(m.ANALYSIS, start=1):
        put(ws, rc(r + i, 2), label, center=True)
        for c, (h, v) in enumerate(zip(m.ANALYSIS_COLUMNS, values), start=3):
            key = {"分值": "weight", "得分": "points", "得分率": "rate"}[label]
            anchors[key, h] = put(ws, rc(r + i, c), v)
    frame(ws, top, r + len(m.ANALYSIS), 7)
    widths(ws, [16, 16, 14, 14, 16, 14, 18])
    return anchors
