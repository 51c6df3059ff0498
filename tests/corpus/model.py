"""Logical form model of the corpus: exact values (Decimal) and the figures stated on a form."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .pools import NOT_MET

D0, D1, D100 = Decimal(0), Decimal(1), Decimal(100)
CENT = Decimal("0.01")
NA = "本指标不适用"
OUT, COST, BEN, SAT = "产出指标", "成本指标", "效益指标", "满意度指标"


def q2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def pct_round(r: Decimal) -> Decimal:
    """A fraction as a percent rounded to two decimals."""
    return (r * D100).quantize(CENT, rounding=ROUND_HALF_UP)


def pct_trunc(r: Decimal) -> Decimal:
    return (r * D100).quantize(CENT, rounding=ROUND_DOWN)


def pct_stated(r: Decimal, trunc: bool) -> Decimal:
    """The percent a clerk writes: rounded or truncated; truncated on an exact half (no float doubt)."""
    if trunc or (r * 10000) % 1 == Decimal("0.5"):
        return pct_trunc(r)
    return pct_round(r)


@dataclass
class V:
    """A cell value as a clerk typed it: the value and its number format."""
    value: object
    fmt: str | None = None


@dataclass
class Q:
    """A quantitative target and its actual, both in the target's unit (percent points for %)."""
    op: str                      # ">=", "<=", "=" or "range"
    x: Decimal                   # threshold (low end of a range)
    a: Decimal | None            # actual, None when the cell is blank
    unit: str | None             # "%", "万元", "人" … or None
    style: str = "text"          # how the actual is written: text, tight, pct0, pct2, number
    hi: Decimal | None = None    # high end of a range


@dataclass
class Ind:
    l1: str
    l2: str
    name: str
    target: object = None
    actual: object = None
    weight: Decimal | None = None
    score: Decimal | None = None
    reason: str | None = None
    na: bool = False
    q: Q | None = None           # None: qualitative
    unit_mismatch: bool = False  # PX204 injected on this row

    def met(self) -> bool | None:
        """True/False when the row says so unambiguously, None when it cannot be judged."""
        if self.na or self.target is None:
            return True
        if self.actual is None:
            return None
        if self.q is None:
            return not any(w in str(self.actual) for w in NOT_MET)
        a, x = self.q.a, self.q.x
        if self.q.op == ">=":
            return a >= x
        if self.q.op == "<=":
            return a <= x
        if self.q.op == "range":
            return x <= a <= self.q.hi
        return a == x

    def standard(self) -> Decimal | None:
        """The national standard score of a missed quantitative target."""
        if self.q is None or self.weight is None or self.q.a is None:
            return None
        a, x, w = self.q.a, self.q.x, self.weight
        if self.q.op == ">=" and a < x:
            return q2(a / x * w)
        if self.q.op == "<=" and a > x:
            return D0 if a >= 2 * x else q2(w * (1 - (a - x) / x))
        return None


@dataclass
class Fund:
    label: str
    init: Decimal | None = None
    budget: Decimal | None = None
    exec: Decimal | None = None


@dataclass
class Form:
    kind: str                                      # project, transfer, department
    sheet: str = ""
    fields: dict = field(default_factory=dict)     # 项目名称, 主管部门, 实施单位, 预算部门名称, 中央主管部门
    funds: list = field(default_factory=list)      # Fund; [0] is 年度资金总额
    has_initial: bool = False
    fund_weight: Decimal | None = Decimal(10)
    inds: list = field(default_factory=list)
    l1s: list = field(default_factory=list)        # order of the 一级 blocks
    points: str = ""                               # "" or a label suffix like "（{}分）"
    style: dict = field(default_factory=dict)      # layout and typing choices
    over: dict = field(default_factory=dict)       # stated values that differ from the computed ones
    text: set = field(default_factory=set)         # anchors written as text (PX305)
    declared: list = field(default_factory=list)   # (rule, anchor) the injections meant
    status: str = "clean"
    injections: list = field(default_factory=list)
    goal: tuple = ("", "")

    @property
    def scored(self) -> bool:
        return self.kind != "transfer"

    def rate(self, i: int = 0) -> Decimal | None:
        f = self.funds[i]
        if f.budget in (None, D0) or f.exec is None:
            return None
        return f.exec / f.budget

    def stated_pct(self, i: int = 0) -> Decimal | None:
        """The 执行率 written on row i, in percent."""
        if ("rate", i) in self.over:
            return self.over["rate", i]
        if self.over.get("fund_blank"):
            return None
        r = self.rate(i)
        if r is None:
            return D0 if self.funds[i].budget in (None, D0) and self.kind == "transfer" else None
        return pct_stated(r, self.style.get("trunc"))

    def fund_score(self) -> Decimal | None:
        if "fund_score" in self.over:
            return self.over["fund_score"]
        if self.over.get("fund_blank") or not self.scored:
            return None
        return self.fund_score_due()

    def fund_score_due(self) -> Decimal | None:
        r = self.rate(0)
        return None if r is None else q2(self.fund_weight * min(r, D1))

    def weight_sum(self) -> Decimal:
        return (self.fund_weight or D0) + sum((i.weight or D0) for i in self.inds if not i.na)

    def score_sum(self) -> Decimal:
        return (self.fund_score() or D0) + sum((i.score or D0) for i in self.inds if not i.na)

    def total_weight(self) -> Decimal:
        return self.weight_sum() + self.over.get("total_weight_delta", D0)

    def total_score(self) -> Decimal:
        return self.score_sum() + self.over.get("total_score_delta", D0)

    def l1_weight(self, l1: str) -> Decimal:
        return sum((i.weight or D0) for i in self.inds if i.l1 == l1 and not i.na)

    def l1_points(self, l1: str) -> Decimal | None:
        """Points written in the 一级 label, None when the label carries none."""
        if ("points", l1) in self.over:
            return self.over["points", l1]
        return self.l1_weight(l1) if self.points and self.scored else None


@dataclass
class Table:
    """An evaluation-report table: a score table (blocks of rows) or a seed-004 summary."""
    kind: str                                       # score_table or summary
    sheet: str = ""
    title: str = ""
    blocks: list = field(default_factory=list)      # (一级, [(二级, 三级, 分值, 得分)]); summary: one row each
    scale: int = 4                                  # 4: 优/良/中/差, 5: 优秀/良好/合格/基本合格/不合格
    style: dict = field(default_factory=dict)
    over: dict = field(default_factory=dict)        # ("sub", i, col) -> delta, ("rate", key) -> pct, "grade"
    declared: list = field(default_factory=list)
    status: str = "clean"
    injections: list = field(default_factory=list)
    has_rate: bool = False
    has_grade: bool = True

    def block_sum(self, i: int, col: int) -> Decimal:
        return sum(r[2 + col] for r in self.blocks[i][1])

    def sub(self, i: int, col: int) -> Decimal:
        """The stated 小计 of block i (col 0 分值, 1 得分)."""
        return self.block_sum(i, col) + self.over.get(("sub", i, col), D0)

    def total(self, col: int) -> Decimal:
        return sum(self.block_sum(i, col) for i in range(len(self.blocks)))

    def grade(self) -> str:
        return self.over.get("grade") or grade_of(self.total(1), self.scale)


def grade_of(score: Decimal, scale: int) -> str:
    if scale == 5:
        for bound, word in ((90, "优秀"), (80, "良好"), (70, "合格"), (60, "基本合格")):
            if score >= bound:
                return word
        return "不合格"
    for bound, word in ((90, "优"), (80, "良"), (60, "中")):
        if score >= bound:
            return word
    return "差"
