"""Clean forms: project, transfer and department models with consistent funds, weights and scores."""

from __future__ import annotations

import random
from decimal import Decimal

from . import pools
from .model import BEN, COST, D0, OUT, SAT, Form, Fund
from .values import dec, family_rows, na_row, split

POINT_STYLES = ["（{}分）", "({}分)", " ({} 分)", "({} 分)"]
FUND_LABELS = {
    "project": ["其中：本年财政拨款", "上年结转资金", "其他资金"],
    "department": ["其中：基本支出", "项目支出"],
    "transfer": ["其中：中央补助", "地方资金", "其他资金"],
}


def _amount(rng: random.Random, kind: str) -> Decimal:
    spans = {"project": [(1, 50), (10, 300), (100, 5000)], "department": [(100, 800), (500, 5000)],
             "transfer": [(100, 5000), (5000, 150000)]}
    lo, hi = rng.choice(spans[kind])
    return dec(rng, lo, hi, rng.choice([2, 2, 3]))


def _exec_of(rng: random.Random, budget: Decimal) -> Decimal:
    if rng.random() < 0.5:
        return budget
    # at least 90%: a lower rate with no reason is PX105 (second round), not a benign variation
    e = (budget * Decimal(str(rng.uniform(0.905, 0.999)))).quantize(Decimal(1).scaleb(budget.as_tuple().exponent))
    return min(e, budget)


def _split_amount(rng: random.Random, total: Decimal, n: int) -> list:
    """Split an amount over n sources; the first takes the rest, the last is often zero."""
    others, rest = [], total
    for i in range(1, n):
        if i > 1 and rng.random() < 0.5:
            others.append(D0)
            continue
        p = (rest * Decimal(str(rng.uniform(0.1, 0.5)))).quantize(Decimal("0.01"))
        others.append(p)
        rest -= p
    return [rest] + others


def make_funds(rng: random.Random, kind: str, has_initial: bool) -> list:
    labels = FUND_LABELS[kind]
    while True:
        budget = _amount(rng, kind)
        ex = _exec_of(rng, budget)
        due = Decimal(10) * ex / budget * 100  # 资金得分 in cents: avoid an exact half cent
        if due - due.to_integral_value(rounding="ROUND_FLOOR") != Decimal("0.5"):
            break
    n = len(labels)
    if kind == "project" and rng.random() < 0.6:
        budgets = [budget] + [D0] * (n - 1)
    else:
        budgets = _split_amount(rng, budget, n)
    execs, short = [], budget - ex
    for b in budgets:
        cut = min(b, short)
        execs.append(b - cut)
        short -= cut
    rows = [Fund("年度资金总额", budget=budget, exec=ex)]
    rows += [Fund(lab, budget=b, exec=e) for lab, b, e in zip(labels, budgets, execs)]
    if has_initial:
        # within 20% of 全年预算数: a larger adjustment (or 年初 0) with no reason is PX106 (second round)
        init = rng.choice([budget, budget, budget, dec(rng, float(budget) * 0.85, float(budget) * 1.15)])
        rows[0].init = init
        for i, r in enumerate(rows[1:], start=1):
            r.init = r.budget if init == budget else (init if i == 1 else D0)
    return rows


def _weights(rng, form: Form, totals: dict) -> None:
    for l1, total in totals.items():
        rows = [i for i in form.inds if i.l1 == l1 and not i.na]
        for ind, w in zip(rows, split(rng, total, len(rows))):
            ind.weight = ind.score = Decimal(w)


def _block(rng, form, l1, plan, used, budget):
    """plan: (二级 label, row count or "na"/"opt") pairs."""
    for l2, n in plan:
        if n == "opt":
            n = rng.choice([0, 1, "na"])
        if n == "na":
            form.inds.append(na_row(l1, l2))
        elif n:
            form.inds.extend(family_rows(rng, l1, l2, n, used, budget))


def make_indicators(rng: random.Random, form: Form, cost_l1: bool, sat_under: bool) -> None:
    used: set = set()
    budget = form.funds[0].budget
    r = rng.randint
    plans = {
        OUT: [("数量指标", r(1, 3)), ("质量指标", r(1, 2)), ("时效指标", 1)] + ([] if cost_l1 else [("成本指标", 1)]),
        COST: [("经济成本指标", 1), ("社会成本指标", "opt"), ("生态环境成本指标", "opt")],
        BEN: [("社会效益指标", r(1, 2)), ("可持续影响指标", r(0, 1)), ("经济效益指标", "opt"),
              ("生态效益指标", "opt")] + ([("服务对象满意度指标", 1)] if sat_under else []),
        SAT: [(rng.choice(["服务对象满意度指标", "满意度指标"]), r(1, 2))],
    }
    if form.kind == "transfer":
        plans[OUT] = [("数量指标", r(2, 4)), ("质量指标", r(1, 3)), ("时效指标", r(1, 2))]
        plans[BEN] = [(rng.choice(["社会效益指标", "社会效益"]), r(1, 2)), ("可持续影响指标", r(0, 1))]
    l1s = [OUT] + ([COST] if cost_l1 else []) + [BEN] + ([] if sat_under else [SAT])
    if cost_l1 and rng.random() < 0.5:
        l1s = [x for x in l1s if x != COST] + [COST]  # 沅江 puts 成本指标 last
    for l1 in l1s:
        _block(rng, form, l1, plans[l1], used, budget)
    form.l1s = l1s
    if form.style.get("prefix"):
        count: dict = {}
        for ind in form.inds:
            if not ind.na:
                k = count[ind.l1, ind.l2] = count.get((ind.l1, ind.l2), 0) + 1
                ind.name = f"指标 {k}: {ind.name}"
    if form.scored:
        totals = {OUT: 40 if cost_l1 else 50, COST: 10, BEN: 40 if sat_under else 30, SAT: 10}
        _weights(rng, form, {l1: totals[l1] for l1 in l1s})
        na_mode = rng.choice(["blank", "blank", "score0", "both0"])
        for ind in form.inds:
            if ind.na and na_mode != "blank":
                ind.score = D0
                ind.weight = D0 if na_mode == "both0" else None


def _style(rng: random.Random, kind: str) -> dict:
    return {"trunc": rng.random() < 0.3, "prefix": kind != "transfer" and rng.random() < 0.25,
            "rate_mode": rng.choice(["fmt", "fmt", "text", "num"]), "score_fmt": rng.random() < 0.5,
            "na_span": rng.random() < 0.3, "zero_blank": rng.random() < 0.3, "short100": rng.random() < 0.5,
            "zero_rate": rng.choice([None, "—"])}  # 0 of 0 shown as 0 or 0.00% is PX120 (second round)


def build_form(rng: random.Random, kind: str, ctx: dict, name: str) -> Form:
    """A clean form of the given kind for a workbook context (place, unit fields)."""
    form = Form(kind, style=_style(rng, kind))
    if kind == "project":
        form.fields = {"项目名称": name, "主管部门": ctx["dept"], "实施单位": ctx["unit"]}
    elif kind == "department":
        form.fields = {"预算部门名称": ctx["unit"]}
    else:
        plain = ctx["place"] + ctx["unit_body"]
        form.fields = {"项目名称": name, "中央主管部门": rng.choice(pools.CENTRAL),
                       "主管部门": rng.choice([f"{ctx['place']}财政局、{plain}", plain, "省财政厅、省医保局"]),
                       "实施单位": rng.choice([ctx["place"], plain])}
        form.fund_weight = None
    form.has_initial = kind != "transfer" and rng.random() < 0.6
    form.funds = make_funds(rng, kind, form.has_initial)
    if form.scored:
        form.points = rng.choice(["", ""] + POINT_STYLES)
    cost_l1 = kind == "department" or rng.random() < 0.3
    sat_under = kind == "project" and rng.random() < 0.25
    make_indicators(rng, form, cost_l1, sat_under)
    form.goal = rng.choice(pools.GOALS)
    return form
