"""A unit's feedback workbook: 概况 (its forms and their scores) and 问题清单 (every finding, a link
to its cell in the annotated copy beside it, and what to do), printed on A4 landscape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .. import i18n
from ..forms.facts import year_in
from ..lint.report import FileResult
from ..rules import fix
from ..xlsxio import clean_text, hyperlink, shown_name
from . import render
from .columns import MONEY, PERCENT, SCORE, SUMMARY_COLUMNS
from .spool import issue_level, issue_message, place_order

_KEY = {c.key: i for i, c in enumerate(SUMMARY_COLUMNS)}
HEAD_FONT, HEAD_FILL = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT, LINK_FONT = Font(bold=True, size=14), Font(color="0563C1", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
YES = {"zh": ("是", "否"), "en": ("yes", "no")}
# key, header (zh, en), number format, widest the column gets (its text wraps beyond)
FORM_COLUMNS = (
    ("sheet", ("工作表", "Sheet"), None, 16), ("project", ("项目名称", "Project"), None, 22),
    ("kind", ("表类型", "Kind"), None, 8), ("year", ("年度", "Year"), None, 6),
    ("budget", ("全年预算数", "Budget"), MONEY, 12), ("spent", ("全年执行数", "Spent"), MONEY, 12),
    ("rate", ("执行率", "Rate"), PERCENT, 9), ("total", ("总分", "Total"), SCORE, 7),
    ("grade", ("等级", "Grade"), None, 6), ("errors", ("错误数", "Errors"), None, 6),
    ("warnings", ("警告数", "Warnings"), None, 6), ("counted", ("计入汇总", "Counted"), None, 8),
    ("file", ("文件", "File"), None, 30),
)
ISSUE_COLUMNS = (
    ("file", ("文件", "File"), None, 24), ("sheet", ("工作表", "Sheet"), None, 14),
    ("cell", ("单元格", "Cell"), None, 7), ("rule", ("规则", "Rule"), None, 7),
    ("severity", ("级别", "Severity"), None, 6), ("message", ("问题说明", "Problem"), None, 44),
    ("fix", ("怎么改", "What to do"), None, 36),
)
FORMS_AT = 5   # 概况: title, totals, how to use it, a blank row, then the forms' header


@dataclass
class Source:
    """One workbook a unit sent: its result as the roll-up ended it, its forms, and its copy's place."""

    path: Path
    result: FileResult
    records: list[tuple[tuple, bool]]     # (汇总 record, counted in the summary)
    copy: Path | None = None


@dataclass
class UnitFeedback:
    """What goes back to one unit: its folder, its feedback workbook there, the workbooks it sent."""

    unit: str
    folder: Path
    workbook: Path | None = None
    sources: list[Source] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({rec[_KEY["year"]] for s in self.sources for rec, _ in s.records if rec[_KEY["year"]]})


def year_of(fb: UnitFeedback, title: str) -> str:
    """The year a unit's feedback speaks of: its forms', else the summary title's."""
    years = fb.years or ([year_in(title)] if year_in(title) else [])
    return "、".join(map(str, years))


def shown(path: Path | None) -> str:
    return shown_name(path.name) if path is not None else ""


def _words(fb: UnitFeedback, lang: str, title: str) -> tuple[str, str, str]:
    """概况's title, totals line and how-to line."""
    files = len(fb.sources)
    forms = sum(len(s.records) for s in fb.sources)
    counted = sum(c for s in fb.sources for _, c in s.records)
    found = [x for s in fb.sources for x in ([s.result.error] if s.result.error else []) + s.result.findings
             if x.suppressed is None]
    errors = sum(x.severity == "error" for x in found)
    warnings = len(found) - errors
    year = year_of(fb, title)
    if lang == "en":
        return (f"{fb.unit}: check of the self-evaluation forms{f' ({year})' if year else ''}",
                f"{i18n.counted(files, 'file')} received, {i18n.counted(forms, 'form')} "
                f"({counted} counted in the summary); {i18n.counted(errors, 'error')}, "
                f"{i18n.counted(warnings, 'warning')}.",
                "Every problem is listed on 问题清单; its cell opens the annotated copy in this folder at that "
                "cell. Correct the workbook and send it again.")
    return (f"{fb.unit}{f' {year}年度' if year else ''}绩效自评表检查反馈",
            f"收到文件 {files} 个，绩效自评表 {forms} 张（计入汇总 {counted} 张）；"
            f"错误 {errors} 项，警告 {warnings} 项。",
            "问题逐项列在“问题清单”；点“单元格”可打开本文件夹中的标注副本并跳到该格。请改正后重新报送。")


def _form_rows(fb: UnitFeedback, lang: str) -> list[list]:
    rows = []
    for s in fb.sources:
        for rec, counted in s.records:
            sheet = rec[_KEY["sheet"]]
            link = "=" + hyperlink(sheet, "A1", sheet, s.copy.name) if s.copy is not None and sheet else sheet
            values = {k: rec[_KEY[k]] for k in ("project", "kind", "year", "budget", "spent", "rate", "total",
                                                  "grade", "errors", "warnings")}
            rows.append([link if k == "sheet" else YES[lang][not counted] if k == "counted"
                         else shown(s.copy or s.path) if k == "file" else values[k] for k, *_ in FORM_COLUMNS])
    return rows


def _issue_rows(fb: UnitFeedback, lang: str) -> list[list]:
    rows = []
    for s in fb.sources:
        # a finding a reviewer accepted is listed, marked with its reason; 概况 does not count it
        found = ([s.result.error] if s.result.error else []) + sorted(s.result.findings, key=place_order)
        for x in found:
            cell = x.cell or ""
            if s.copy is not None and x.sheet and x.cell:
                cell = "=" + hyperlink(x.sheet, x.cell, x.cell, s.copy.name)   # relative: the folder can move
            rows.append([shown(s.copy or s.path), x.sheet or "", cell, x.rule, issue_level(x, lang),
                         issue_message(x, lang), fix(x.rule, lang)])
    if not rows:
        rows.append(["", "", "", "", "", "未发现问题" if lang != "en" else "No problems found", ""])
    return rows


def _shown(value) -> str:
    """A link cell as it shows (its text), for sizing."""
    if isinstance(value, str) and value.startswith("=HYPERLINK("):
        return value.rsplit(',"', 1)[-1].rstrip('")')
    return "" if value is None else str(value)


def styled_table(ws, columns, rows: list[list], at: int, lang: str) -> None:
    """A header at row `at` and rows under it: bounded widths, wrapped text, rows as tall as it
    (the feedback workbook's sheets, and the 修改记录 / 需人工处理 sheets of `perfxl fix`'s copy)."""
    head = [h[1] if lang == "en" else h[0] for _, h, _, _ in columns]
    widths = []
    for i, (_, _, fmt, cap) in enumerate(columns):
        texts = [head[i]] + [_shown(r[i]) if fmt is None else "0,000,000.00" for r in rows[:500]]
        widths.append(min(max(max(map(render.text_width, texts)) + 1, 6), cap))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for c, text in enumerate(head, start=1):
        cell = ws.cell(at, c, text)
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[at].height = render.LINE_HEIGHT * render.lines_needed(head, widths)
    for r, values in enumerate(rows, start=at + 1):
        for c, ((_, _, fmt, _), v) in enumerate(zip(columns, values), start=1):
            cell = ws.cell(r, c, clean_text(v) if isinstance(v, str) else v)   # a link's sheet name too
            if isinstance(v, str) and v.startswith("=") and not v.startswith("=HYPERLINK("):
                cell.data_type = "s"   # a form's text is never a formula
            cell.alignment = WRAP
            if fmt:
                cell.number_format = fmt
            if isinstance(v, str) and v.startswith("=HYPERLINK("):
                cell.font = LINK_FONT
        ws.row_dimensions[r].height = render.LINE_HEIGHT * render.lines_needed(map(_shown, values), widths)
    ws.freeze_panes = f"A{at + 1}"
    ws.print_title_rows = f"{at}:{at}"


def print_setup(ws, title: str, money: bool) -> None:
    """A4 landscape, one page wide, the title above and the page numbers below every page."""
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", 9
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = f"&B{title.replace('&', '&&')}"
    if money:
        ws.oddHeader.right.text = "单位：万元"
    ws.oddFooter.left.text = f"制表日期：{date.today():%Y-%m-%d}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3)


def write_book(path: Path, fb: UnitFeedback, lang: str = "zh", summary_title: str = "") -> None:
    title, totals, how = (clean_text(t) for t in _words(fb, lang, summary_title))   # a unit's name is clerk text
    wb = Workbook()
    ws = wb.active
    ws.title = "概况"
    ws["A1"], ws["A2"], ws["A3"] = title, totals, how
    ws["A1"].font = TITLE_FONT
    styled_table(ws, FORM_COLUMNS, _form_rows(fb, lang), FORMS_AT, lang)
    ws.row_dimensions[1].height = 22
    print_setup(ws, f"{title} 概况", money=True)
    issues = wb.create_sheet("问题清单")
    styled_table(issues, ISSUE_COLUMNS, _issue_rows(fb, lang), 1, lang)
    if issues.max_row > 1:
        issues.auto_filter.ref = f"A1:{get_column_letter(len(ISSUE_COLUMNS))}{issues.max_row}"
    print_setup(issues, f"{title} 问题清单", money=False)
    wb.save(path)
