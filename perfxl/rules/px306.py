"""PX306: template filler or prompts left in the form (……, 指标2:, (≥**人), instructions as 完成情况)."""

import re

from ..forms.facts import is_filler
from . import Rule, register
from .common import is_placeholder, scored_rows
from .reasons import INSTRUCTION, zone

PROMPT = re.compile(r"\*\s*\*")   # (≥**人), ≥**%: a number to fill in (a line break may split the two)
SHOWN = 40


@register
class PX306(Rule):
    """单元格中仍是模板的占位或填写提示“{actual}”，未替换为实际内容

    Anti-pattern: rows of …… or 指标2: under a 二级 with nothing beside them, 三级 names still
    carrying the template's prompt (≥**人), and the template's instructions left where the text
    belongs — 完成情况 reading "对照年度目标，说明相关任务目标的完成情况（100字以内）" (四川 青神).
    Fix: delete the unused filler rows, take the prompt out of the name (the target column holds
    the number), and replace every instruction with what was actually done.
    """

    code, severity = "PX306", "warning"
    fix_zh = "删除未使用的占位行（……、指标2:），去掉指标名称中的“(≥**人)”等提示，把模板的填写说明替换为实际内容。"
    kinds = ("project", "transfer", "department")
    message_en = "template filler or prompt '{actual}' left in the cell"

    def check(self, form, ctx):
        seen: set[str] = set()
        # The form's rows as one text: a form with no ** and no 字 (most) is spared the per-cell tests.
        grid, text = zone(form, ctx)
        first, last = form.rows
        prompts = text is None or "**" in text
        # every row scored (most forms): none is a placeholder, and without ** the rows need no look
        fillers = len(scored_rows(form)) != len(form.indicators)
        for ind in form.indicators if fillers or prompts else ():
            name = ind.level3
            if fillers and is_placeholder(ind) and name is not None and not name.empty and is_filler(name.text):
                yield from self._once(form, name, seen)
                continue
            if not prompts:
                continue
            for cell in (ind.level3, ind.target, ind.actual):
                if cell is not None and isinstance(cell.raw, str) and PROMPT.search(cell.raw):
                    yield from self._once(form, cell, seen)
        if grid is None or "字" not in text:
            return
        for row in range(first, last + 1):
            if "字" not in grid.row_joined(row):
                continue
            for col, _ in grid.row_texts(row):
                cell = grid.val(row, col)
                if isinstance(cell.raw, str) and INSTRUCTION.search(cell.raw):
                    yield from self._once(form, cell, seen)

    def _once(self, form, cell, seen: set[str]):
        if cell.cell not in seen:  # a merged 三级 over several filler rows is one cell
            seen.add(cell.cell)
            text = cell.text
            yield self.at(form, cell, None, text if len(text) <= SHOWN else text[:SHOWN] + "…")

