"""Injections on structure and typing (PX302–PX305), benign deviations, and the injection driver."""

from __future__ import annotations

import copy
import random
from decimal import Decimal

from . import inject as px
from . import pools
from .check import check_form
from .model import BEN, D0, OUT, SAT, Form
from .values import dec, render_actual

R = random.Random


def px301(rng: R, form: Form, ctx: dict) -> list:
    """A required field, the 执行数 column or an indicator cell left empty (with compensations)."""
    v = rng.random()
    if v < 0.3:
        names = [k for k in form.fields if k != "中央主管部门"]
        if ctx.get("unit_field_used"):
            names = [k for k in names if k == "项目名称"]
        if not names:
            raise px.Skip
        k = rng.choice(names)
        form.fields[k] = None
        if k != "项目名称":
            ctx["unit_field_used"] = True
        return [("PX301", f"field:{k}")]
    if v < 0.45:  # the execution column left unfilled
        for f in form.funds:
            f.exec = None
        form.over["fund_blank"] = True
        return [("PX301", "fund:0:全年执行数")]
    i = px.take(rng, form, lambda ind: (ind.q is None or ind.q.op != "range") and ind.score == ind.weight)
    ind = form.inds[i]
    what = rng.choice(["年度指标值", "实际完成值"] + (["得分", "分值"] if form.scored else []))
    if what == "年度指标值":
        ind.target, ind.q = None, None
    elif what == "实际完成值":
        ind.actual = None
        if ind.q:
            ind.q.a = None
        ind.score = D0 if form.scored else None
        ind.reason = "数据尚未统计，下一步及时补充"
    elif what == "得分":
        ind.score, ind.reason = None, "得分待主管部门核定"
    else:
        j = px.take(rng, form, lambda o: o.l1 == ind.l1 and o.score == o.weight)
        form.inds[j].weight += ind.weight
        form.inds[j].score += ind.weight
        ind.weight = ind.score = None
        ind.reason = "分值待核定"
        return [("PX301", f"ind:{i}:分值"), ("PX301", f"ind:{i}:得分")]
    return [("PX301", f"ind:{i}:{what}")]


def px302(rng: R, form: Form, ctx: dict) -> list:
    cands = px.rows(form)
    if len(cands) < 2:
        raise px.Skip
    i, j = sorted(rng.sample(cands, 2))
    if j in form.over["touched"] or form.inds[i].na:
        raise px.Skip
    form.over["touched"].update({i, j})
    src, dup = form.inds[i], form.inds[j]
    name = src.name
    if rng.random() < 0.3:  # the copy differs only in spacing
        k = rng.randint(1, len(name) - 1)
        name = name[:k] + " " + name[k:]
    dup.name, dup.target, dup.actual, dup.q = name, src.target, src.actual, copy.deepcopy(src.q)
    return [("PX302", f"ind:{j}:三级")]


def px303(rng: R, form: Form, ctx: dict) -> list:
    """Drop one of 产出/效益/满意度 entirely; its weight moves to another 一级 (run first)."""
    if form.over.get("touched"):
        raise px.Skip
    sat_under = any("满意度" in i.l2 and i.l1 == BEN for i in form.inds)
    # 效益 cannot go when 满意度 sits under it: both would be missing
    present = [OUT] + (["sat_under"] if sat_under else [x for x in (BEN, SAT) if x in form.l1s])
    gone = rng.choice(present)
    drop = [i for i in form.inds if ("满意度" in i.l2 if gone == "sat_under" else i.l1 == gone)]
    freed = sum((i.weight or D0) for i in drop if not i.na)
    form.inds = [i for i in form.inds if i not in drop]
    form.l1s = [l1 for l1 in form.l1s if any(i.l1 == l1 for i in form.inds)]
    if form.scored and freed:
        target = next(i for i in form.inds if not i.na and i.weight is not None and i.score == i.weight)
        target.weight += freed
        target.score += freed
    return [("PX303", "hdr:一级指标")]


def px304(rng: R, form: Form, ctx: dict) -> list:
    n = ctx["non_transfer"]
    if form.kind == "transfer" or ctx.get("unit_field_used") or n == 2:
        raise px.Skip
    k = rng.choice([k for k in ("主管部门", "实施单位", "预算部门名称") if form.fields.get(k)])
    value, place = form.fields[k], ctx["place"]
    if n == 1 or rng.random() < 0.5:
        form.fields[k] = value.replace(place, rng.choice(pools.OTHER_PLACES))
    else:
        other = rng.choice([u for u in pools.SIBLING_UNITS if u not in value])
        form.fields[k] = value.replace(ctx["unit_body"], other)
    if form.fields[k] == value:
        raise px.Skip
    ctx["unit_field_used"] = True
    form.over["unit_revert"] = (k, value)
    return [("PX304", f"field:{k}")]


def px305(rng: R, form: Form, ctx: dict) -> list:
    keys = ["fund:0:全年预算数", "fund:0:全年执行数"] + (["fund:0:年初预算数"] if form.has_initial else [])
    if form.scored:
        keys += ["fund:0:分值", "fund:0:得分", "total:分值", "total:得分"]
        for i in px.rows(form, lambda ind: ind.weight is not None and ind.score is not None):
            keys += [f"ind:{i}:分值", f"ind:{i}:得分"]
    keys = [k for k in keys if k not in form.text and value_of(form, k) is not None]
    if not keys:
        raise px.Skip
    key = rng.choice(keys)
    form.text.add(key)
    if key.endswith("分值") and rng.random() < 0.5:
        form.over["suffix", key] = "分"
    if key.startswith("ind:"):
        form.over["touched"].add(int(key.split(":")[1]))
    return [("PX305", key)]


def value_of(form: Form, key: str):
    kind, a, *b = key.split(":")
    if kind == "fund":
        if b[0] in ("分值", "得分"):
            return form.fund_weight if b[0] == "分值" else form.fund_score()
        f = form.funds[int(a)]
        return {"年初预算数": f.init, "全年预算数": f.budget, "全年执行数": f.exec}[b[0]]
    if kind == "total":
        return form.total_weight() if a == "分值" else form.total_score()
    ind = form.inds[int(a)]
    return ind.weight if b[0] == "分值" else ind.score


def benign(rng: R, form: Form) -> None:
    """A deviation handled correctly (standard score and a reason): a correct linter reports nothing."""
    v = rng.random()
    if v < 0.4:
        i = px.take(rng, form, lambda ind: px.quant((">=", "<="))(ind) and ind.score == ind.weight)
        ind = form.inds[i]
        px.miss(rng, ind)
        ind.score = ind.standard()
        ind.reason = rng.choice(pools.REASONS_MISS)
    elif v < 0.7 and form.scored:
        i = px.take(rng, form, lambda ind: px.qual(ind) and (ind.weight or D0) >= 2)
        ind = form.inds[i]
        ind.score = px.q2(ind.weight * Decimal(str(rng.uniform(0.85, 0.99))))
        ind.reason = rng.choice(pools.REASONS_PARTIAL)
    else:
        i = px.take(rng, form, lambda ind: px.quant((">=",))(ind) and ind.q.unit not in ("%", None))
        q = form.inds[i].q
        q.a = (q.x * dec(rng, 1.5, 6)).quantize(Decimal("0.01") if q.x.as_tuple().exponent else Decimal(1))
        form.inds[i].actual = render_actual(q)
        form.inds[i].reason = rng.choice(pools.REASONS_EXCEED)


PROJECT = {"PX101": px.px101, "PX102": px.px102, "PX103": px.px103, "PX104": px.px104, "PX111": px.px111,
           "PX112": px.px112, "PX113": px.px113, "PX114": px.px114, "PX118": px.px118, "PX201": px.px201,
           "PX202": px.px202, "PX203": px.px203, "PX204": px.px204, "PX205": px.px205, "PX206": px.px206,
           "PX301": px301, "PX302": px302, "PX303": px303, "PX304": px304, "PX305": px305}
# PX303 is not injected into transfer forms: seed 002's transfer forms lack 效益 and DOMAIN §5 lists no PX303
# for them, so whether the rule covers transfers is left open (clean transfer forms carry all three anyway).
TRANSFER = {k: PROJECT[k] for k in ("PX101", "PX103", "PX104", "PX202", "PX203", "PX204", "PX205", "PX301",
                                    "PX302", "PX305")}
DEPARTMENT = {k: v for k, v in PROJECT.items() if k != "PX103"}
REGISTRY = {"project": PROJECT, "transfer": TRANSFER, "department": DEPARTMENT}


def apply(rng: R, form: Form, ctx: dict, rule: str, tries: int = 6) -> bool:
    """Inject rule into form; keep it only when the model check finds exactly the declared findings."""
    for _ in range(tries):
        saved = copy.deepcopy(form)
        saved_ctx = dict(ctx)
        try:
            declared = REGISTRY[form.kind][rule](rng, form, ctx)
        except (px.Skip, StopIteration, ValueError, IndexError):
            declared = None
        if declared and not set(declared) & set(form.declared):  # each finding caused once
            definite, amb = check_form(form)
            want = {d for d in form.declared + declared if d[0] != "PX304"}
            if not amb and definite == want:
                form.declared += declared
                form.injections.append(rule)
                return True
        form.__dict__.update(saved.__dict__)
        ctx.clear()
        ctx.update(saved_ctx)
    return False


def apply_benign(rng: R, form: Form) -> bool:
    saved = copy.deepcopy(form)
    try:
        benign(rng, form)
        definite, amb = check_form(form)
        if not amb and definite == {d for d in form.declared if d[0] != "PX304"}:
            return True
    except (px.Skip, ValueError, IndexError):
        pass
    form.__dict__.update(saved.__dict__)
    return False
