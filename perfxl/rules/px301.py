"""PX301: a required field left empty."""

from ..vocabulary import COLUMN_NAMES, FIELD_NAMES
from . import Rule, register
from .common import filled, fund_total, points, scored_rows

FIELDS = FIELD_NAMES
ROW_FIELDS = tuple((key, COLUMN_NAMES[key]) for key in ("target", "actual", "weight", "score"))
# What a unit writes after the year (the plan's targets and weights come with the form): a form with
# most of these empty is not filled in yet (lint/text.py says so once).
RESULTS = frozenset({"全年执行数", "资金得分", COLUMN_NAMES["actual"], COLUMN_NAMES["score"]})
GROUP_HOLDS = {"group": ("target", "actual"), "part": ("weight", "score")}  # what the other rows carry


@register
class PX301(Rule):
    """必填项“{field}”为空

    Anti-pattern: a form without 实施单位, a 年度资金总额 with no 全年执行数, or an indicator row with
    its 实际完成值 or 得分 left blank.
    Fix: fill in every required cell: 项目名称, 主管部门, 实施单位, 预算数, 执行数, the funding
    line's 得分 where it has a 分值, and for each
    indicator row (not 本指标不适用) 年度指标值, 实际完成值, 分值 and 得分.
    """

    code, severity = "PX301", "error"
    fix_zh = ("填写所有必填项：项目名称、主管部门、实施单位、预算数、执行数，以及每个指标行（本指标不适用的除外）"
              "的年度指标值、实际完成值、分值和得分；资金一行有分值的，也要填资金得分。")
    kinds = ("project", "transfer", "department")
    message_en = "required field '{field}' is empty"

    def check(self, form, ctx):
        # A row with two numbers and a target and an actual written (most) has no empty cell: only the
        # others are looked at cell by cell.
        unsure = [ind for ind, w, s in points(form) if w is None or s is None or not filled(ind)]
        for val, name in required_cells(form, unsure):
            if val.empty:
                yield self.at(form, val, field=name)


def required_cells(form, rows=None) -> list:
    """(cell, field name) of every cell a form needs filled in (of its rows, those given), empty or
    not: PX301 reports the empty ones; the text report counts the RESULTS among them to tell a form
    not yet filled in."""
    cells = []
    wanted = ("unit",) if form.kind == "department" else ("project", "dept", "unit")
    for key in wanted:
        val = form.fields.get(key)
        if val is not None:
            cells.append((val, "预算部门名称" if form.kind == "department" else FIELDS[key]))
    row = fund_total(form)
    if row is not None:
        for key, name in (("budget", "全年预算数"), ("spent", "全年执行数")):
            if row.cells.get(key) is not None:
                cells.append((row.cells[key], name))
        weight, score = row.cells.get("weight"), row.cells.get("score")
        if score is not None and weight is not None and weight.number is not None:
            cells.append((score, "资金得分"))  # the funding line carries points: score it
    columns = [(key, name) for key, name in ROW_FIELDS if form.columns.get(key)]  # the form's own
    for ind in scored_rows(form) if rows is None else rows:  # rows: some of the scored rows, in order
        held = GROUP_HOLDS.get(ind.role, ())  # a group's points and its parts' values are one indicator
        for key, name in columns:
            val = getattr(ind, key)
            if val is not None and key not in held:
                cells.append((val, name))
    return cells


def result_count(form) -> int:
    """How many of required_cells(form) are RESULTS, counted directly (asked of every form read)."""
    n = 0
    row = fund_total(form)
    if row is not None:
        weight, score = row.cells.get("weight"), row.cells.get("score")
        n += (row.cells.get("spent") is not None) + (score is not None and weight is not None
                                                     and weight.number is not None)
    for key in ("actual", "score"):
        if form.columns.get(key):
            n += sum(1 for ind in scored_rows(form)
                     if getattr(ind, key) is not None and key not in GROUP_HOLDS.get(ind.role, ()))
    return n
