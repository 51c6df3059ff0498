"""Values as clerks type them: numbers, targets, actuals, and clean indicator rows by 二级 family."""

from __future__ import annotations

import random
from decimal import Decimal

from . import pools
from .model import D100, NA, Ind, Q, V

TWO = Decimal("0.01")


def num(d: Decimal):
    """A Decimal as the Python number a clerk's cell holds (int when integral)."""
    return int(d) if d == d.to_integral_value() else float(d)


def dtext(d: Decimal) -> str:
    """A Decimal as typed, without trailing zeros: 186.816, 12, 5.26."""
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def dec(rng: random.Random, lo: float, hi: float, places: int = 2) -> Decimal:
    step = Decimal(1).scaleb(-places)
    return (Decimal(str(rng.uniform(lo, hi)))).quantize(step)


def target_text(rng: random.Random, q: Q) -> str:
    x, u = dtext(q.x), q.unit
    if q.op == "range":
        return f"{x}-{dtext(q.hi)} {u}"
    if u == "%":
        if q.op == "=":
            return f"{x}%"
        if q.op == "<=":
            return rng.choice([f"≤{x}%", f"小于等于{x}%"])
        return rng.choice([f"≥{x}%", f"大于等于{x}%", f"不低于{x}%", f"{x}%以上", f"≥ {x}%"])
    if u is None:
        return rng.choice([f"≥{x}", f"大于等于{x}"]) if q.op == ">=" else f"≤{x}"
    sep = rng.choice([" ", ""])
    if q.op == "=":
        return f"{x}{sep}{u}"
    return rng.choice(["≥", "大于等于"] if q.op == ">=" else ["≤", "≤ "]) + f"{x}{sep}{u}"


def render_actual(q: Q):
    """The 实际完成值 cell for q.a written in q.style."""
    a = q.a
    if a is None:
        return None
    if q.unit == "%":
        if q.style == "pct2":
            return V(float(a / D100), "0.00%")
        if q.style == "pct0" and a == a.to_integral_value():
            return V(float(a / D100), "0%")
        if q.style == "bound":
            return f"≥{dtext(a)}%"
        return f"{dtext(a)}%"
    if q.unit is None:
        return num(a)
    return f"{dtext(a)} {q.unit}" if q.style == "text" else f"{dtext(a)}{q.unit}"


def quant(rng, l1, l2, name, op, x, a, unit, style=None) -> Ind:
    styles = ["text", "text", "pct2", "pct0"] if unit == "%" else ["text", "tight"]
    q = Q(op, x, a, unit, style or rng.choice(styles))
    # An actual written as a bound (≥99%, seed 001) is no longer benign: it is PX307 (second round),
    # so the corpus writes measured values only.
    return Ind(l1, l2, name, target_text(rng, q), render_actual(q), q=q)


def pick(rng: random.Random, items: list, used: set, key=lambda item: item):
    free = [i for i in items if key(i) not in used]
    item = rng.choice(free)
    used.add(key(item))
    return item


def count_row(rng, l1, l2, used) -> Ind:
    name, unit, lo, hi = pick(rng, pools.COUNTS, used, key=lambda c: c[0])
    if unit.startswith("万"):
        x = dec(rng, lo, hi)
        a = min(dec(rng, float(x), float(x) * 1.2), (x * Decimal("1.25")).quantize(TWO))
    else:
        x = Decimal(rng.randint(lo, hi))
        a = Decimal(rng.randint(int(x), int(x * Decimal("1.2"))))
    if rng.random() < 0.15:
        return quant(rng, l1, l2, name, "=", x, x, unit)
    return quant(rng, l1, l2, name, ">=", x, a, unit)


def rate_row(rng, l1, l2, used, names=pools.RATES, xs=(85, 90, 95, 98, 99, 100)) -> Ind:
    name = pick(rng, names, used)
    x = Decimal(rng.choice(xs))
    if x == 100:
        return quant(rng, l1, l2, name, "=", x, x, "%")
    hi = min(D100, x * Decimal("1.25"))
    a = rng.choice([x, hi, dec(rng, float(x), float(hi), rng.choice([0, 1, 2]))])
    return quant(rng, l1, l2, name, ">=", x, a, "%")


def sat_row(rng, l1, l2, used) -> Ind:
    return rate_row(rng, l1, l2, used, pools.SATISFACTION, (80, 85, 90, 95))


def cost_row(rng, l1, l2, used, budget: Decimal) -> Ind:
    name = pick(rng, pools.COSTS, used)
    x = budget.quantize(TWO)
    a = min(x, dec(rng, float(x) * 0.9, float(x)))
    return quant(rng, l1, l2, name, "<=", x, a, "万元")


def qual_row(rng, l1, l2, used, family: str) -> Ind:
    name, target, actual = pick(rng, pools.QUAL[family], used, key=lambda t: t[0])
    return Ind(l1, l2, name, target, actual)


def range_row(rng, l1, l2, used) -> Ind:
    name, target, actual = pick(rng, pools.RANGES, used, key=lambda t: t[0])
    q = Q("range", Decimal(6), Decimal(actual.split()[0]), "个月", "text", Decimal(9))
    return Ind(l1, l2, name, target, actual, q=q)


def na_row(l1, l2) -> Ind:
    return Ind(l1, l2, NA, na=True)


def family_rows(rng, l1: str, l2: str, n: int, used: set, budget: Decimal) -> list:
    """n clean rows for a 二级 label (the family is read from the label)."""
    rows = []
    for _ in range(n):
        if l2.startswith("数量"):
            rows.append(count_row(rng, l1, l2, used) if rng.random() < 0.6 else rate_row(rng, l1, l2, used))
        elif l2.startswith("质量"):
            rows.append(rate_row(rng, l1, l2, used) if rng.random() < 0.5 else qual_row(rng, l1, l2, used, "质量"))
        elif l2.startswith(("时效", "实效")):
            free = any(r[0] not in used for r in pools.RANGES)
            rows.append(range_row(rng, l1, l2, used) if free and rng.random() < 0.2
                        else qual_row(rng, l1, l2, used, "时效"))
        elif l2.startswith(("成本", "经济成本")):
            rows.append(cost_row(rng, l1, l2, used, budget))
        elif l2.startswith("社会成本"):
            rows.append(qual_row(rng, l1, l2, used, "社会成本"))
        elif l2.startswith("生态环境成本"):
            rows.append(qual_row(rng, l1, l2, used, "生态成本"))
        elif "满意度" in l2:
            rows.append(sat_row(rng, l1, l2, used))
        else:
            fam = {"社会": "社会", "可持": "可持续", "经济": "经济", "生态": "生态"}[l2[:2]]
            rows.append(qual_row(rng, l1, l2, used, fam))
    return rows


def split(rng: random.Random, total: int, n: int) -> list:
    """n positive integer weights adding to total, multiples of 5 when that is possible."""
    unit = 5 if total % 5 == 0 and total // 5 >= n else 1
    units = total // unit
    cuts = sorted(rng.sample(range(1, units), n - 1)) if n > 1 else []
    parts = [b - a for a, b in zip([0] + cuts, cuts + [units])]
    return [p * unit for p in parts]
