"""The copy's 修改记录 (every change) and 需人工处理 (what perfxl does not decide) sheets."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from ..lint.results import link
from ..rules import fix as fix_text
from ..xlsxio import clean_text
from .plan import shown

CHANGES_SHEET, PEOPLE_SHEET = "修改记录", "需人工处理"
CHANGES_HEAD = {"zh": ["序号", "工作表", "单元格", "原值", "新值", "规则", "说明"],
                "en": ["No.", "Sheet", "Cell", "Was", "Now", "Rule", "Why"]}
PEOPLE_HEAD = {"zh": ["序号", "工作表", "单元格", "规则", "级别", "问题说明", "怎么改"],
               "en": ["No.", "Sheet", "Cell", "Rule", "Severity", "Problem", "What to do"]}
SEVERITY = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}
CHANGES_WIDTHS = (6, 28, 9, 14, 14, 8, 80)
PEOPLE_WIDTHS = (6, 28, 9, 8, 6, 70, 60)


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
    """Both sheets at the end of the workbook, printable as the forms are (A4 landscape, one page wide)."""
    for title, rows, widths in ((CHANGES_SHEET, change_rows(fixed, name, lang), CHANGES_WIDTHS),
                                (PEOPLE_SHEET, people_rows(fixed, lang), PEOPLE_WIDTHS)):
        ws = wb.create_sheet(title)  # openpyxl numbers the name if the workbook has one already
        for row in rows:
            ws.append([v if not isinstance(v, str) or v.startswith("=HYPERLINK(") else clean_text(v) for v in row])
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A3"
        ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", 9
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
