"""The form model: what the reader finds in a form, cells with their values, as the rules consume them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocabulary import DEPARTMENT, PROJECT, SCORE_TABLE, TRANSFER  # noqa: F401 - the kinds a form has
from .cells import Val


@dataclass
class FundRow:
    """A row of the 项目资金 block: its label and its cells by column role."""

    role: str                      # total, current, carryover, central, local, other … (vocabulary.FUND_ROWS)
    label: Val
    cells: dict[str, Val] = field(default_factory=dict)   # initial, budget, spent, weight, rate, score
    parent: str | None = None      # the key of the row this is a 其中 line of (sub-fund lines), else None


@dataclass
class Split:
    """Parts that must add up to a whole (PX103): a department form's 按收入性质 or 按支出性质 split of
    年度资金总额, or the 其中 lines under a funding row or a part. A part's cells are keyed by money column
    (budget, spent …), or "amount" where the form gives each part one amount and names no column."""

    kind: str                      # income, expense, sub
    label: Val                     # the heading (按收入性质分) or the parent row's label
    total: FundRow                 # the whole the parts add up to
    parts: list[FundRow] = field(default_factory=list)


@dataclass
class Indicator:
    row: int
    level1: Val | None
    level2: Val | None
    level3: Val | None
    target: Val | None = None
    actual: Val | None = None
    weight: Val | None = None
    score: Val | None = None
    reason: Val | None = None
    not_applicable: bool = False
    # "group": carries the points of the "part" rows under it, which carry the target and actual
    # (★补助种植面积 10 分 over 红薯 5.5亩, 梨树 6亩 …); "" for an ordinary row
    role: str = ""

    @property
    def level1_name(self) -> str:
        return self.level1.text if self.level1 else ""

    @property
    def level2_name(self) -> str:
        return self.level2.text if self.level2 else ""


@dataclass
class Level1:
    """A 一级指标 block: its label cell, the points written in it, and its rows."""

    label: Val
    name: str
    declared: float | None
    rows: list[Indicator] = field(default_factory=list)


@dataclass
class TableRow:
    """A row of an evaluation report's score table."""

    kind: str                  # item, subtotal, total
    label: Val
    weight: Val | None = None
    score: Val | None = None
    rate: Val | None = None    # 得分率


@dataclass
class Form:
    """One form found in a sheet."""

    kind: str
    sheet: str
    fields: dict[str, Val] = field(default_factory=dict)     # project, dept, unit, central_dept, stated_total
    fund: dict[str, FundRow] = field(default_factory=dict)
    splits: list[Split] = field(default_factory=list)        # what else must add up (reader.splits)
    indicators: list[Indicator] = field(default_factory=list)
    level1s: list[Level1] = field(default_factory=list)
    header: Val | None = None            # the indicator table's 一级指标 header cell
    columns: dict[str, int] = field(default_factory=dict)    # indicator column roles
    total_weight: Val | None = None
    total_score: Val | None = None
    grade: Val | None = None
    table: list[TableRow] = field(default_factory=list)      # score tables
    reason: Val | None = None            # one 偏差原因 cell for the whole form (湖北/云南 20+80 forms)
    markers: object = None                                   # perfxl's own forms
    year: int | None = None                                  # as its title states it (（2022年度）)
    money_scale: float = 1.0                                 # to 万元: 0.0001 where amounts are in 元
    grade_scale: str = "national"                            # the run's profile: how a computed grade reads
    rows: tuple[int, int] = (0, 0)                           # first and last row of the form in its sheet
    index: int | None = None                                 # its place among the file's forms

    @property
    def project(self) -> str:
        """Its 项目名称; a department form is named by its unit (a project form without the line
        has no name: the unit's would make two of its projects one form to the roll-up)."""
        v = self.fields.get("project") or (self.fields.get("unit") if self.kind == DEPARTMENT else None)
        return _name(v)

    @property
    def unit(self) -> str:
        return _name(self.fields.get("unit") or self.fields.get("dept"))


def _name(v: Val | None) -> str:
    """A name as its cell holds it, on one line: a line break typed to wrap the cell (or left by a
    PDF's converter, even inside a budget code) is no part of it."""
    text = "" if v is None else str(v.raw or "").strip()
    return _BREAK.sub(_joined, text) if "\n" in text or "\r" in text else text


_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def _joined(m: re.Match) -> str:
    """What stands for a line break inside a name: a space between two Latin words, else nothing
    (Chinese runs on without spaces, and a code or number broken across lines is one)."""
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    return " " if before.isascii() and before.isalpha() and after.isascii() and after.isalpha() else ""
