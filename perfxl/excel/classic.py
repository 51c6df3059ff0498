"""Classic xlwings (Windows/macOS Excel with local Python): PX_ UDFs and the RunPython entry points."""

from __future__ import annotations

import xlwings as xw

from . import functions as F
from .addin import ACTION_CELL, ACTIONS, PANEL_SHEET, STATUS_CELL, TARGET_CELL
from .check import check_workbook, clear_marks, summary_line


def _docs(name):
    """Stack @xw.arg(doc=...) for each argument of a FUNCTIONS entry (Excel's function wizard help)."""
    def wrap(fn):
        for arg, doc in reversed(list(F.FUNCTIONS[name][1].items())):
            fn = xw.arg(arg, doc=doc)(fn)
        return xw.func(fn)
    return wrap


@_docs("PX_SCORE")
def PX_SCORE(target, actual, weight, reverse=False, method="national"):
    """定量指标的标准得分：正向指标完成得满分、未完成按比例；成本指标超出按比例扣分；超额不加分。"""
    return F.px_score(target, actual, weight, reverse, method)


@_docs("PX_GRADE")
def PX_GRADE(total, scale="national"):
    """由总分得出评价等级（四级：优/良/中/差；五级：优秀/良好/合格/基本合格/不合格）。"""
    return F.px_grade(total, scale)


@_docs("PX_PARSE")
def PX_PARSE(text):
    """拆出指标值的数字和单位（一行两格），单位换算到基本单位。"""
    return F.px_parse(text)


@_docs("PX_RATE")
def PX_RATE(budget, spent):
    """执行率 = 全年执行数 ÷ 全年预算数。"""
    return F.px_rate(budget, spent)


@_docs("PX_FUNDSCORE")
def PX_FUNDSCORE(budget, spent, weight=10):
    """资金得分 = 分值 × min(执行率, 100%)，超支不加分。"""
    return F.px_fundscore(budget, spent, weight)


@_docs("PX_BAND")
def PX_BAND(level, weight):
    """定性指标的分数段 [最低分, 最高分]：达成 80–100%，部分达成 60–80%，未达成 0–60%。"""
    return F.px_band(level, weight)


def _panel(book):
    return next((s for s in book.sheets if s.name == PANEL_SHEET), None)


def _same(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    return a == b or a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0]


def target_book(caller):
    """The workbook to check and, when there is none, why (in Chinese, for the 结果 cell).

    Run from perfxl_check.xlsm: the book named in 要检查的工作簿, else the one other open book.
    Run from any other workbook (RunPython from the clerk's own file): that workbook itself."""
    panel = _panel(caller)
    if panel is None:
        return caller, None
    others = [b for b in caller.app.books if b.name != caller.name]
    wanted = str(panel[TARGET_CELL].value or "").strip()
    if wanted:
        found = next((b for b in others if _same(b.name, wanted)), None)
        return (found, None) if found else (None, f"没有打开名为“{wanted}”的工作簿")
    if len(others) == 1:
        return others[0], None
    if not others:
        return None, "请先打开要检查的工作簿，再点“运行”"
    names = "、".join(b.name for b in others)
    return None, f"打开了多个工作簿（{names}），请在 {TARGET_CELL} 填写要检查的那一个"


def _status(caller, text: str) -> None:
    panel = _panel(caller)
    if panel is not None:
        panel[STATUS_CELL].value = text


def check_active_workbook(lang: str = "zh"):
    """RunPython entry: 检查 the workbook chosen by target_book; returns the lint result or None."""
    caller = xw.Book.caller()
    book, why = target_book(caller)
    if book is None:
        _status(caller, why)
        return None
    result = check_workbook(book, lang)
    _status(caller, summary_line(result, book.name, lang) + "（详见该工作簿的“检查结果”表）")
    return result


def clear_active_workbook() -> int:
    """RunPython entry: 清除标记 on the workbook chosen by target_book."""
    caller = xw.Book.caller()
    book, why = target_book(caller)
    if book is None:
        _status(caller, why)
        return 0
    restored = clear_marks(book)
    _status(caller, f"已清除《{book.name}》的标记：恢复 {restored} 个单元格的底色")
    return restored


def main():
    """The 运行 button (the quickstart's SampleCall macro calls perfxl_check.main())."""
    panel = _panel(xw.Book.caller())
    action = str(panel[ACTION_CELL].value or "").strip() if panel is not None else ACTIONS[0]
    return clear_active_workbook() if action == ACTIONS[1] else check_active_workbook()
