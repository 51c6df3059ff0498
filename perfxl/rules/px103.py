"""PX103: every split that must add up does: 资金来源 rows, 按收入性质/按支出性质 parts, 其中 lines."""

import re

from . import Rule, register
from .common import differs, money_blocks, num, rounded

COLUMNS = ("initial", "budget", "received", "spent")
# What a split's parts and whole are called in the message (zh, en), by the split's kind.
PARTS = {"income": ("按收入性质分各项", "the parts by source of revenue (按收入性质分)"),
         "expense": ("按支出性质分各项", "the parts by kind of spending (按支出性质分)")}


@register
class PX103(Rule):
    """{parts}合计{actual}与{whole}{expected}不符

    Anti-pattern: 年度资金总额 30, 其中 本年财政拨款 20, 上年结转资金 5, 其他资金 0 (the parts add to 25);
    a department's 按支出性质分 基本支出 500 + 项目支出 200 under a 年度资金总额 of 756.78; 本年财政拨款 80
    with 其中：中央资金 50, 省级资金 20 under it.
    Fix: make 本年财政拨款 + 上年结转资金 + 其他资金 (transfers: 中央补助 + 地方资金 + 其他资金; other
    provinces' own rows: 财政资金, 财政专户管理资金, 单位资金 …) equal 年度资金总额 in the 年初预算数,
    全年预算数, 全年执行数 (and 实际到位资金, where a form has it) columns. On a department form the parts
    按收入性质分 (一般公共预算, 政府性基金拨款 …) and 按支出性质分 (基本支出, 项目支出) each add up to
    年度资金总额 too, and 其中 lines (中央资金, 省级资金 …; 人员经费, 公用经费) add up to the line above them.
    """

    code, severity = "PX103", "error"
    fix_zh = ("本年财政拨款 + 上年结转资金 + 其他资金（转移支付：中央补助 + 地方资金 + 其他资金）应等于年度资金总额，"
              "年初预算数、全年预算数、全年执行数（及实际到位资金）各列都要相等；部门整体支出表的按收入性质分各项、"
              "按支出性质分各项也应分别等于年度资金总额，“其中”各行（中央资金、省级资金……，人员经费、公用经费）"
              "应等于其上一行。")
    kinds = ("project", "transfer", "department")
    message_en = "{parts_en} add up to {actual}, not the {whole_en} {expected}"

    def check(self, form, ctx):
        names = dict(parts="资金来源", whole="年度资金总额", parts_en="funding sources", whole_en="年度资金总额")
        for total, parts in money_blocks(form.fund):
            yield from self._columns(form, total, parts, names)
        for split in form.splits:
            if split.kind == "sub" and len(split.parts) < 2:
                continue  # a lone 其中 line names a part of its parent ("of which"), not all of it
            if split.kind == "sub":
                whole = _name(split.total.label.text)
                names = dict(parts=f"{whole}的其中各行", whole=whole, parts_en=f"the 其中 lines of {whole}",
                             whole_en=whole, split="sub")
            else:
                zh, en = PARTS[split.kind]
                names = dict(parts=zh, whole="年度资金总额", parts_en=en, whole_en="年度资金总额", split=split.kind)
            if any("amount" in p.cells for p in split.parts):
                yield from self._amounts(form, split.total, split.parts, names)
            else:
                yield from self._columns(form, split.total, split.parts, names)

    def _columns(self, form, total, parts, names):
        """Column by column, the parts against the whole."""
        for column in COLUMNS:
            cell = total.cells.get(column)
            whole = num(cell)
            if whole is None:
                continue  # no cell, or no number in it: the parts are not read
            values = [None if (v := p.cells.get(column)) is None else v.number for p in parts]  # num() of each
            if values.count(None) == len(values):
                continue
            added = rounded(sum([v or 0 for v in values]))
            if differs(added, whole):
                yield self.at(form, cell, whole, added, **names)

    def _amounts(self, form, total, parts, names):
        """Parts of one amount each, the form naming no column: they must add up to one of the whole's
        amounts (the 全年预算数 as a rule; a form may split the 年初 or the executed amount)."""
        values = [num(p.cells.get("amount")) for p in parts]
        if all(v is None for v in values):
            return
        added = rounded(sum(v or 0 for v in values))
        wholes = [total.cells[c] for c in ("amount", "budget", "spent", "initial", "received")
                  if num(total.cells.get(c)) is not None]
        if wholes and all(differs(added, num(w)) for w in wholes):
            yield self.at(form, wholes[0], num(wholes[0]), added, **names)


def _name(label: str) -> str:
    """A line's name for the message: 其中:基本支出:588.30万元 → 基本支出."""
    name = _AMOUNT.sub("", label.removeprefix("其中")).strip(":：")
    return name or "上一行"


_AMOUNT = re.compile(r"[:：]?\d+(?:\.\d+)?(?:万元|元)?$")
