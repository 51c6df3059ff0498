"""Rules evaluated on the exact model: what a correct linter must report, and what would be ambiguous."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from . import pools
from .model import D0, Form, Table, grade_of, pct_round, pct_stated, pct_trunc

HALF_CENT, CENT = Decimal("0.005"), Decimal("0.01")


def check_form(form: Form) -> tuple[set, set]:
    """(definite findings, ambiguous findings) as (rule, anchor) pairs."""
    out: set = set()
    amb: set = set()
    _funds(form, out, amb)
    if form.scored:
        _scores(form, out)
    _indicators(form, out, amb)
    out |= {("PX305", key) for key in form.text}
    return out, amb


def _funds(form: Form, out: set, amb: set) -> None:
    f0 = form.funds[0]
    for k, v in form.fields.items():
        if k != "中央主管部门" and not v:
            out.add(("PX301", f"field:{k}"))
    for name, v in (("全年预算数", f0.budget), ("全年执行数", f0.exec)):
        if v is None:
            out.add(("PX301", f"fund:0:{name}"))
    for i in range(len(form.funds)) if form.kind == "transfer" else [0]:
        stated, r = form.stated_pct(i), form.rate(i)
        if r is None:
            if form.funds[i].budget in (None, D0):
                if stated not in (None, D0):
                    out.add(("PX101", f"fund:{i}:执行率"))
            elif stated is not None:
                amb.add(("PX101", f"fund:{i}:执行率"))
        elif stated is None:
            amb.add(("PX101", f"fund:{i}:执行率"))
        elif stated not in (pct_round(r), pct_trunc(r)):
            out.add(("PX101", f"fund:{i}:执行率"))
    cols = [("全年预算数", "budget"), ("全年执行数", "exec")]
    cols += [("年初预算数", "init")] if form.has_initial else []
    for name, attr in cols:
        total, parts = getattr(f0, attr), [getattr(f, attr) for f in form.funds[1:]]
        if total is None and all(p is None for p in parts):
            continue
        if form.kind != "department" and abs((total or D0) - sum(p or D0 for p in parts)) > HALF_CENT:
            out.add(("PX103", f"fund:0:{name}"))  # 基本支出 + 项目支出 of a department: not a PX103 source
    if f0.exec is not None and f0.budget is not None and f0.exec > f0.budget:
        out.add(("PX104", "fund:0:全年执行数"))


def _scores(form: Form, out: set) -> None:
    fs, due, w = form.fund_score(), form.fund_score_due(), form.fund_weight
    if fs is not None and due is not None and abs(fs - due) > HALF_CENT:
        out.add(("PX102", "fund:0:得分"))
    if fs is not None and due is None and (fs > w or fs < D0):  # else it is PX102's finding
        out.add(("PX111", "fund:0:得分"))
    for i, ind in enumerate(form.inds):
        if not ind.na and ind.score is not None and ind.weight is not None and (ind.score > ind.weight or ind.score < 0):
            out.add(("PX111", f"ind:{i}:得分"))
    if form.weight_sum() != 100:
        out.add(("PX112", "total:分值"))
    for l1 in form.l1s:
        pts = form.l1_points(l1)
        if pts is not None and pts != form.l1_weight(l1):
            out.add(("PX113", f"l1:{l1}"))
    if form.total_weight() != form.weight_sum():
        out.add(("PX114", "total:分值"))
    if abs(form.total_score() - form.score_sum()) > HALF_CENT:
        out.add(("PX114", "total:得分"))
    if form.total_score() > form.total_weight():
        out.add(("PX118", "total:得分"))


def _indicators(form: Form, out: set, amb: set) -> None:
    seen: set = set()
    cats = {c for c in ("产出", "效益", "满意度") for ind in form.inds if c in ind.l1}
    if any("满意度" in ind.l2 for ind in form.inds):
        cats.add("满意度")
    missing = {"产出", "效益", "满意度"} - cats
    if missing:
        (out if len(missing) == 1 else amb).add(("PX303", "hdr:一级指标"))
    for i, ind in enumerate(form.inds):
        if ind.na:
            continue
        at = f"ind:{i}:"
        cells = [("年度指标值", ind.target), ("实际完成值", ind.actual)]
        if form.scored:
            cells += [("分值", ind.weight), ("得分", ind.score)]
        out |= {("PX301", at + name) for name, v in cells if v is None}
        met, q = ind.met(), ind.q
        full = form.scored and ind.score is not None and ind.score == ind.weight
        below = None
        if form.scored:
            below = None if ind.score is None or ind.weight is None else ind.score < ind.weight
        if met is False and full:
            out.add(("PX201", at + "得分"))
        elif met is None and full:
            amb.add(("PX201", at + "得分"))
        if not ind.reason:
            if met is False or below is True:
                out.add(("PX202", at + "偏差原因"))
            elif met is None or (form.scored and below is None):
                amb.add(("PX202", at + "偏差原因"))
        if q is not None and q.a is not None:
            if q.unit == "%" and q.a > 100 or ("率" in ind.name and q.unit is None and q.a > 100):
                out.add(("PX203", at + "实际完成值"))
            if q.op == ">=" and q.a >= q.x * Decimal("1.3") and not ind.reason:
                out.add(("PX205", at + "实际完成值"))
            elif q.op == "=" and q.a >= q.x * Decimal("1.3") and not ind.reason:
                amb.add(("PX205", at + "实际完成值"))
        if ind.unit_mismatch:
            out.add(("PX204", at + "实际完成值"))
        if form.scored and below and q is not None:
            std = ind.standard()
            if met is False and q.op in (">=", "<="):
                if abs(ind.score - std) > CENT:
                    out.add(("PX206", at + "得分"))
            elif met is False or (met is None and ind.score != 0):
                amb.add(("PX206", at + "得分"))
        key = re.sub(r"\s", "", ind.name)
        if key in seen:
            out.add(("PX302", at + "三级"))
        seen.add(key)


def places_in(text: str) -> set:
    return {p for p in pools.PLACES + pools.OTHER_PLACES if p in (text or "")}


def check_units(forms: list, place: str) -> tuple[dict, dict]:
    """PX304 over one workbook: {form index: set of anchors}, definite and ambiguous."""
    out: dict = {}
    amb: dict = {}
    groups: dict = {}
    for n, form in enumerate(forms):
        if not isinstance(form, Form) or form.kind == "transfer":
            continue
        for k in ("主管部门", "实施单位", "预算部门名称"):
            v = form.fields.get(k)
            if not v:
                continue
            if places_in(v) - {place}:
                out.setdefault(n, set()).add(f"field:{k}")
            groups.setdefault("主管部门" if k == "主管部门" else "unit", []).append((n, k, v))
    for members in groups.values():
        counts = Counter(v for _, _, v in members)
        if len(counts) < 2:
            continue
        top = counts.most_common()
        tie = top[0][1] == top[1][1]
        for n, k, v in members:
            if tie:
                amb.setdefault(n, set()).add(f"field:{k}")
            elif v != top[0][0]:
                out.setdefault(n, set()).add(f"field:{k}")
    return out, amb


def check_table(t: Table) -> tuple[set, set]:
    out: set = set()
    for i in range(len(t.blocks)):
        for col in (0, 1):
            if t.kind == "score_table" and t.sub(i, col) != t.block_sum(i, col):
                out.add(("PX115", f"sub:{i}:{col}"))
    for key, (w, s) in rate_cells(t).items():
        stated = t.over.get(("rate", key))
        if stated is not None and stated not in (pct_round(s / w), pct_trunc(s / w)):
            out.add(("PX116", f"rate:{key}"))
    if t.has_grade and t.grade() != grade_of(t.total(1), t.scale):
        out.add(("PX117", "grade"))
    return out, set()


def rate_cells(t: Table) -> dict:
    """Every 得分率 cell of a table: key -> (分值, 得分) as stated on its row."""
    cells: dict = {}
    if t.kind == "summary":
        for i, (_, rows) in enumerate(t.blocks):
            cells[str(i)] = (rows[0][2], rows[0][3])
    elif t.has_rate:
        for i, (_, rows) in enumerate(t.blocks):
            for j, row in enumerate(rows):
                cells[f"{i}:{j}"] = (row[2], row[3])
            cells[f"{i}:sub"] = (t.sub(i, 0), t.sub(i, 1))
    if t.kind == "summary" or t.has_rate:
        cells["total"] = (t.total(0), t.total(1))
    return cells


def stated_rate(t: Table, key: str):
    w, s = rate_cells(t)[key]
    if ("rate", key) in t.over:
        return t.over["rate", key]
    return pct_stated(s / w, t.style.get("trunc"))
