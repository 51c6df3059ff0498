"""The copy's 修改记录 (every change) and 需人工处理 (what perfxl does not decide) sheets."""

from __future__ import annotations

from ..consolidate.feedback_book import TITLE_FONT, print_setup, styled_table
from ..lint.results import link
from ..rules import fix as fix_text
from ..xlsxio import clean_text
from .plan import shown

CHANGES_SHEET, PEOPLE_SHEET = "修改记录", "需人工处理"
# key, header (zh, en), number format, widest the column gets (its text wraps beyond), as the
# feedback workbook's columns (consolidate/feedback_book.py), whose table and print set-up these reuse
CHANGES_COLUMNS = (
    ("no", ("序号", "No."), None, 6), ("sheet", ("工作表", "Sheet"), None, 28), ("cell", ("单元格", "Cell"), None, 9),
    ("old", ("原值", "Was"), None, 14), ("new", ("新值", "Now"), None, 14), ("rule", ("规则", "Rule"), None, 8),
    ("why", ("说明", "Why"), None, 80),
)
PEOPLE_COLUMNS = (
    ("no", ("序号", "No."), None, 6), ("sheet", ("工作表", "Sheet"), None, 28), ("cell", ("单元格", "Cell"), None, 9),
    ("rule", ("规则", "Rule"), None, 8), ("severity", ("级别", "Severity"), None, 6),
    ("message", ("问题说明", "Problem"), None, 70), ("fix", ("怎么改", "What to do"), None, 60),
)
CHANGES_HEAD = {lang: [h[i] for _, h, _, _ in CHANGES_COLUMNS] for i, lang in enumerate(("zh", "en"))}
PEOPLE_HEAD = {lang: [h[i] for _, h, _, _ in PEOPLE_COLUMNS] for i, lang in enumerate(("zh", "en"))}
SEVERITY = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}
HEADER_ROW = 2   # row 1 says what the sheet is; the header under it, the rows from 3


def kept_formula(lang: str) -> str:
    return ("formula kept: Excel or WPS shows this value once it recalculates (on opening)" if lang == "en"
            else "公式保留未改写：Excel 或 WPS 打开时重新计算后显示此值")


def change_rows(fixed, name: str, lang: str = "zh") -> list[list]:
    """修改记录 as rows: a summary line, the header, one row per change."""
    head = (f"{name}: {len(fixed.changes)} changes" if lang == "en"
            else f"《{name}》：共修改 {len(fixed.changes)} 处（原文件未改动）")
    rows = [[head], list(CHANGES_HEAD[lang])]
    for i, c in enumerate(fixed.changes, 1):
        why = c.finding.message(lang) + ("" if c.written else "；" + kept_formula(lang))
        rows.append([i, c.sheet, link(c.sheet, c.cell), shown(c.old, c.percent), shown(c.new, c.percent),
                     c.rule, why])
    if not fixed.changes:
        rows.append(["No change needed" if lang == "en" else "无需修改"])
    return rows


def people_rows(fixed, lang: str = "zh") -> list[list]:
    """需人工处理 as rows: what is left in the corrected copy, with what to do about it."""
    head = ("Left for a person (perfxl does not invent reasons, targets or missing values)" if lang == "en"
            else "需人工处理（原因、目标、缺失的数值等不由 perfxl 代填）")
    rows = [[head], list(PEOPLE_HEAD[lang])]
    for i, f in enumerate(fixed.people, 1):
        rows.append([i, f.sheet, link(f.sheet, f.cell), f.rule, SEVERITY[lang][f.severity], f.message(lang),
                     fix_text(f.rule, lang)])
    if not fixed.people:
        rows.append(["Nothing" if lang == "en" else "无"])
    return rows


def add_sheets(wb, fixed, name: str, lang: str = "zh") -> None:
    """Both sheets at the end of the workbook, styled and printable as the feedback workbook's are: a
    bold shaded header, bounded widths, wrapped text, the header frozen and repeated on every printed
    page, A4 landscape one page wide."""
    for title, rows, columns in ((CHANGES_SHEET, change_rows(fixed, name, lang), CHANGES_COLUMNS),
                                 (PEOPLE_SHEET, people_rows(fixed, lang), PEOPLE_COLUMNS)):
        ws = wb.create_sheet(title)  # openpyxl numbers the name if the workbook has one already
        ws.cell(1, 1, clean_text(rows[0][0])).font = TITLE_FONT
        body = [row + [None] * (len(columns) - len(row)) for row in rows[HEADER_ROW:]]   # 无需修改: one cell
        styled_table(ws, columns, body, HEADER_ROW, lang)
        print_setup(ws, f"{clean_text(name)} {title}", money=False)
