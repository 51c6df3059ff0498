"""Error injections on a form model; each returns the (rule, anchor) findings it means to cause."""

from __future__ import annotations

import random
from decimal import ROUND_UP, Decimal

from . import pools
from .model import D0, D1, Form, pct_round, q2
from .values import dec, dtext, num, render_actual

R = random.Random
TWO = Decimal("0.01")


class Skip(Exception):
    """The injection does not apply to this form."""


def rows(form: Form, pred=lambda ind: True) -> list:
    """Untouched, applicable indicator rows satisfying pred."""
    touched = form.over.setdefault("touched", set())
    out = [i for i, ind in enumerate(form.inds) if not ind.na and i not in touched and pred(ind)]
    if not out:
        raise Skip
    return out


def take(rng: R, form: Form, pred=lambda ind: True) -> int:
    i = rng.choice(rows(form, pred))
    form.over["touched"].add(i)
    return i


def quant(ops: tuple):
    return lambda ind: ind.q is not None and ind.q.op in ops and ind.q.a is not None and ind.target is not None


def qual(ind) -> bool:
    return ind.q is None and ind.target is not None and ind.actual is not None


def weighted(form: Form):
    return lambda ind: not form.scored or (ind.weight or D0) >= 2


def miss(rng: R, ind) -> None:
    """Make a quantitative row miss its target (positive: below, reverse: above but under twice)."""
    q = ind.q
    fine = q.unit == "%" or "万" in (q.unit or "")
    step = TWO if fine or q.op == "<=" else D1
    if q.op == ">=":
        q.a = (q.x * Decimal(str(rng.uniform(0.8, 0.97)))).quantize(step)
        if q.a >= q.x:
            q.a = q.x - step
    else:
        q.a = (q.x * Decimal(str(rng.uniform(1.03, 1.5)))).quantize(TWO)
    while ind.weight and _half_cent(q, ind.weight):  # keep the standard score off an exact half cent
        q.a += -step if q.op == ">=" else step
    if q.style == "bound":
        q.style = "text"
    ind.actual = render_actual(q)


def _half_cent(q, w: Decimal) -> bool:
    raw = q.a / q.x * w if q.op == ">=" else w * (1 - (q.a - q.x) / q.x)
    return (raw * 100) % 1 == Decimal("0.5")


# ---------------------------------------------------------------- funds

def px101(rng: R, form: Form, ctx: dict) -> list:
    cands = [i for i, f in enumerate(form.funds) if f.budget and f.exec is not None]
    i = 0 if form.scored else rng.choice(cands)
    r = form.rate(i)
    if r is None:
        raise Skip
    f = form.funds[i]
    p = pct_round(r)
    if form.has_initial and f.init and f.init != f.budget and rng.random() < 0.5:
        wrong = pct_round(f.exec / f.init)  # the rate taken on 年初预算数
    else:
        wrong = p + rng.choice([-1, 1]) * dec(rng, 0.3, 6)
    wrong = max(D0 + 1, min(Decimal(100), wrong))
    if abs(wrong - p) < Decimal("0.05"):
        raise Skip
    form.over["rate", i] = wrong
    return [("PX101", f"fund:{i}:执行率")]


def px102(rng: R, form: Form, ctx: dict) -> list:
    due = form.fund_score_due()
    if due is None:
        raise Skip
    if rng.random() < 0.35:  # over-executed and not capped (seed 001): 10.57 of 10
        over_execute(rng, form)
        form.over["fund_score"] = q2(form.fund_weight * form.rate(0))
        return [("PX102", "fund:0:得分"), ("PX104", "fund:0:全年执行数"), ("PX118", "total:得分")]
    form.over["fund_score"] = max(D0, due - dec(rng, 0.1, 1.5))
    return [("PX102", "fund:0:得分")]


def over_execute(rng: R, form: Form) -> None:
    f0 = form.funds[0]
    if f0.exec is None:
        raise Skip
    new = (f0.budget * Decimal(str(rng.uniform(1.02, 1.09)))).quantize(TWO)
    diff = new - f0.exec
    f0.exec = new
    sub = next(f for f in form.funds[1:] if f.exec is not None and f.budget)
    sub.exec += diff


def px103(rng: R, form: Form, ctx: dict) -> list:
    if form.kind == "department" or form.over.get("fund_blank"):
        raise Skip
    delta = Decimal(rng.choice(["1", "5", "10", "0.5", "2.3", "20"]))
    cols = [("全年预算数", "budget"), ("全年执行数", "exec")] + ([("年初预算数", "init")] if form.has_initial else [])
    name, attr = rng.choice(cols)
    if attr == "init" and rng.random() < 0.5:
        form.funds[0].init += delta  # the total typed wrong
    else:
        sub = rng.choice(form.funds[1:])
        setattr(sub, attr, getattr(sub, attr) + delta)
    return [("PX103", f"fund:0:{name}")]


def px104(rng: R, form: Form, ctx: dict) -> list:
    over_execute(rng, form)
    return [("PX104", "fund:0:全年执行数")]


# ---------------------------------------------------------------- scores and totals

def px111(rng: R, form: Form, ctx: dict) -> list:
    if rng.random() < 0.25:
        i = take(rng, form, qual)
        form.inds[i].score = -Decimal(rng.choice([1, 2]))
        form.inds[i].reason = rng.choice(pools.REASONS_PARTIAL)
        return [("PX111", f"ind:{i}:得分")]
    i = take(rng, form, lambda ind: qual(ind) and ind.score == ind.weight)
    form.inds[i].score += Decimal(rng.choice([1, 2, 5]))
    if rng.random() < 0.3:
        return [("PX111", f"ind:{i}:得分"), ("PX118", "total:得分")]
    excess = form.total_score() - form.total_weight()
    if excess > 0:  # lower another row so the total stays within 100 (with a reason)
        j = take(rng, form, lambda ind: qual(ind) and ind.score is not None and ind.score - excess >= ind.weight / 2)
        form.inds[j].score -= excess + rng.choice([D0, Decimal("0.5")])
        form.inds[j].reason = rng.choice(pools.REASONS_PARTIAL)
    return [("PX111", f"ind:{i}:得分")]


def px112(rng: R, form: Form, ctx: dict) -> list:
    i = take(rng, form, lambda ind: (ind.weight or D0) > 5 and ind.score == ind.weight)
    ind = form.inds[i]
    d = Decimal(5)
    keep = {l1: form.l1_points(l1) for l1 in form.l1s}
    ind.weight -= d
    ind.score -= d
    out = [("PX112", "total:分值")]
    if rng.random() < 0.4:  # the 总分 still says 100 (seed 001 人员经费)
        form.over["total_weight_delta"] = d
        out.append(("PX114", "total:分值"))
        if keep[ind.l1] is not None:
            form.over["points", ind.l1] = keep[ind.l1]
            out.append(("PX113", f"l1:{ind.l1}"))
    return out


def px113(rng: R, form: Form, ctx: dict) -> list:
    l1 = rng.choice(form.l1s)
    w = form.l1_weight(l1)
    form.over["points", l1] = w + rng.choice([d for d in (-10, -5, 5, 10) if w + d > 0])
    return [("PX113", f"l1:{l1}")]


def px114(rng: R, form: Form, ctx: dict) -> list:
    if rng.random() < 0.3:
        form.over["total_weight_delta"] = Decimal(rng.choice([5, 10]))
        return [("PX114", "total:分值")]
    form.over["total_score_delta"] = -dec(rng, 0.2, 3)
    return [("PX114", "total:得分")]


def px118(rng: R, form: Form, ctx: dict) -> list:
    i = take(rng, form, lambda ind: qual(ind) and ind.score == ind.weight)
    form.inds[i].score += Decimal(rng.choice([1, 5]))
    return [("PX111", f"ind:{i}:得分"), ("PX118", "total:得分")]


# ---------------------------------------------------------------- indicator rows

def px201(rng: R, form: Form, ctx: dict) -> list:
    i = take(rng, form, lambda ind: (quant((">=", "<="))(ind) or qual(ind)) and ind.score == ind.weight)
    ind = form.inds[i]
    if ind.q is not None:
        miss(rng, ind)
    else:
        ind.actual = rng.choice(pools.NOT_MET)
    ind.reason = rng.choice(pools.REASONS_MISS)
    return [("PX201", f"ind:{i}:得分")]


def px202(rng: R, form: Form, ctx: dict) -> list:
    v = rng.random()
    if form.scored and v < 0.35:  # qualitative, met, partial score, no reason
        i = take(rng, form, lambda ind: qual(ind) and ind.weight is not None and ind.weight >= 2)
        ind = form.inds[i]
        ind.score = q2(ind.weight * Decimal(str(rng.uniform(0.8, 0.99))))
        return [("PX202", f"ind:{i}:偏差原因")] if ind.score < ind.weight else []
    i = take(rng, form, lambda ind: (quant((">=", "<="))(ind) or qual(ind)) and weighted(form)(ind))
    ind = form.inds[i]
    if ind.q is not None:
        miss(rng, ind)
    else:
        ind.actual = rng.choice(pools.NOT_MET)
    if not form.scored:
        return [("PX202", f"ind:{i}:偏差原因")]
    if v < 0.8 and ind.q is not None:
        ind.score = ind.standard()
        return [("PX202", f"ind:{i}:偏差原因")]
    if ind.q is None and v < 0.8:
        ind.score = q2(ind.weight * Decimal("0.5"))
        return [("PX202", f"ind:{i}:偏差原因")]
    return [("PX201", f"ind:{i}:得分"), ("PX202", f"ind:{i}:偏差原因")]


def px203(rng: R, form: Form, ctx: dict) -> list:
    i = take(rng, form, lambda ind: quant((">=",))(ind) and ind.q.unit == "%" and ind.q.x >= 80)
    q = form.inds[i].q
    q.a = dec(rng, 100.5, min(115.0, float(q.x) * 1.3 - 0.5))
    q.style = rng.choice(["text", "pct2"])
    form.inds[i].actual = render_actual(q)
    return [("PX203", f"ind:{i}:实际完成值")]


def px204(rng: R, form: Form, ctx: dict) -> list:
    units = ("%", "万元", "人", "人次", "万人", "万人次")
    i = take(rng, form, lambda ind: quant((">=", "<="))(ind) and ind.q.unit in units)
    ind = form.inds[i]
    q = ind.q
    if q.unit == "%":  # ≥98% against a bare 100
        q.a = max(q.a, q.x)
        ind.actual = num(q.a) if rng.random() < 0.6 else dtext(q.a)
    elif q.unit == "万元":
        ind.actual = f"{dtext(q.a * 10000)} 元"
    elif q.unit in ("人", "人次"):
        w = (q.x / 10000).quantize(TWO, rounding=ROUND_UP)
        if w * 10000 >= q.x * Decimal("1.3") or w * 10000 < q.x:
            raise Skip
        q.a = w * 10000
        ind.actual = f"{dtext(w)} 万{q.unit}"
    else:
        ind.actual = f"{dtext(q.a * 10000)} {q.unit[1:]}"
    ind.unit_mismatch = True
    return [("PX204", f"ind:{i}:实际完成值")]


def px205(rng: R, form: Form, ctx: dict) -> list:
    i = take(rng, form, lambda ind: quant((">=",))(ind) and ind.q.unit not in ("%", None))
    q = form.inds[i].q
    q.a = (q.x * Decimal(str(rng.uniform(1.5, 10)))).quantize(TWO if q.x.as_tuple().exponent else D1)
    form.inds[i].actual = render_actual(q)
    return [("PX205", f"ind:{i}:实际完成值")]


def px206(rng: R, form: Form, ctx: dict) -> list:
    i = take(rng, form, lambda ind: quant((">=", "<="))(ind) and (ind.weight or D0) >= 4)
    ind = form.inds[i]
    miss(rng, ind)
    std = ind.standard()
    for _ in range(20):
        s = q2(ind.weight * Decimal(str(rng.uniform(0.5, 0.98))))
        if abs(s - std) > Decimal("0.2") and s < ind.weight:
            break
    else:
        raise Skip
    ind.score, ind.reason = s, rng.choice(pools.REASONS_MISS)
    return [("PX206", f"ind:{i}:得分")]
