"""Write the summary workbook: streamed (write-only) so memory stays flat, styled for clerks."""

from __future__ import annotations

import math
from datetime import date
from itertools import chain
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from ..xlsxio import clean_text
from . import render
from .columns import FORMATS, INDICATORS, ISSUES, MONEY, PERCENT, SCORE, SUMMARY, SUMMARY_COLUMNS, UNIT_HEADERS, WIDTHS
from .fastrows import append_rows
from .render import Styles
from .spool import Reader, summary_row
from .tables import Table, Tables

HEAD_FONT, HEAD_FILL = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
TOTAL_FONT = Font(bold=True)
LINK_FONT = Font(color="0563C1", underline="single")
WRAP, TOP = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
NUMBERS = set(FORMATS) | {"year", "errors", "warnings", "forms", "rank", "优", "良", "中", "差"}


def _cell(ws, value, fmt: str | None = None, font=None, align=None):
    """A cell whose text is always text: a unit named "=SUM(…)" must never become a formula."""
    if isinstance(value, float) and math.isnan(value):
        value = None
    if isinstance(value, str):
        value = clean_text(value)  # a form's text may hold characters a workbook cannot
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if fmt:
        cell.number_format = fmt
    if font:
        cell.font = font
    if align:
        cell.alignment = align
    return cell


def start() -> tuple[Workbook, object, Styles]:
    """A new summary workbook with its first sheet, and the styles that spooled rows refer to.

    Registered first, on a fresh workbook: the same indexes every time, in the workers too."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("汇总")

    def style(fmt=None, font=None, align=None) -> int:
        return _cell(ws, 0, fmt, font, align).style_id

    # A row is as tall as its wrapped text: every cell of it sits at the top, figures as text.
    styles = Styles(money=style(MONEY, align=TOP), percent=style(PERCENT, align=TOP), score=style(SCORE, align=TOP),
                    link=style(font=LINK_FONT, align=WRAP), bold=style(font=TOTAL_FONT),
                    bold_money=style(MONEY, TOTAL_FONT), bold_percent=style(PERCENT, TOTAL_FONT),
                    bold_score=style(SCORE, TOTAL_FONT), wrap=style(align=WRAP), plain=style(align=TOP))
    return wb, ws, styles


def _layout(ws, headers: dict, rows: int, widths: list[int], caps: dict | None = None, title: str = ""):
    """Header, widths, filter, frozen row and print setup of a sheet of rows under one header.

    caps: the widest some columns get (their text wraps: 汇总); title: printed above every page."""
    keys = list(headers)
    for i, key in enumerate(keys, start=1):
        # the header wraps (汉字 two to a line in a narrow column): it does not widen a column of numbers
        width = max(min(render.text_width(headers[key]), 4), widths[i - 1] if i <= len(widths) else 0)
        pad = 1 if key in NUMBERS else 2  # right-aligned figures need no room after them
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + pad, 6), (caps or {}).get(key, 50))
    _print_head(ws, title)
    ws.freeze_panes = "A2"
    # Printed as bureaus print: A4 landscape, one page wide, the header on every page.
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", 9  # 9: A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{rows + 1}"
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(keys) + 1)]
    ws.row_dimensions[1].height = render.LINE_HEIGHT * render.lines_needed(
        [headers[k] for k in keys], [w - 1 for w in widths])   # the header wraps in narrow columns
    header = []
    for key in keys:
        c = _cell(ws, headers[key], font=HEAD_FONT)
        c.fill, c.alignment = HEAD_FILL, Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(c)
    ws.append(header)
    return keys


def _print_head(ws, title: str) -> None:
    """What a printed page says beside the table: the summary's title, 单位：万元, the date it was
    made, and the page of how many."""
    ws.oddHeader.center.text = f"&B{title.replace('&', '&&')}"
    ws.oddHeader.right.text = "单位：万元"
    ws.oddFooter.left.text = f"制表日期：{date.today():%Y-%m-%d}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3)


def _sample_widths(table: Table, keys: list[str]) -> list[int]:
    """Widths of a sample of rows as they are shown: numbers in their format, not their digits."""
    sample = Table(table.columns, table.rows[:500])
    return [max((render.text_width(_shown(v, FORMATS.get(k))) for v in sample.column(k)), default=0)
            if k in table.columns else 0 for k in keys]


def _shown(value, fmt: str | None):
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return f"{value:,.2f}" if fmt == MONEY else f"{value:.2%}" if fmt == PERCENT else \
            f"{value:.2f}" if fmt == SCORE else value
    return value


def _sheet(wb, title: str, table: Table, headers: dict, heading: str = ""):
    """A small sheet written whole by openpyxl."""
    ws = wb.create_sheet(title)
    keys = _layout(ws, headers, len(table), _sample_widths(table, list(headers)), title=heading)
    at = [table.columns.index(k) if k in table.columns else None for k in keys]
    for row in table.rows:
        values = [None if i is None else row[i] for i in at]
        ws.append([_cell(ws, v, FORMATS.get(k)) if v is not None else None for k, v in zip(keys, values)])
    return ws, keys


def _totals(n: int, st: Styles) -> bytes:
    """The 合计 and 预算加权平均总分 rows under 汇总's n rows: live formulas."""
    keys = list(SUMMARY)
    col = {k: get_column_letter(i) for i, k in enumerate(keys, start=1)}
    last, t_row = n + 1, n + 2

    def rng(key: str) -> str:
        return f"{col[key]}2:{col[key]}{last}"

    f = render.formula
    bold = {MONEY: st.bold_money, PERCENT: st.bold_percent, SCORE: st.bold_score, None: st.bold}
    total = ["<c/>"] * len(keys)
    total[0] = render.cell("合计 / 平均", st.bold)
    weighted = ["<c/>"] * len(keys)
    weighted[0] = render.cell("预算加权平均总分", st.bold)
    for i, column in enumerate(SUMMARY_COLUMNS):
        style, key = bold[column.fmt], column.key
        if column.total == "sum":
            total[i] = f(f"SUM({rng(key)})", style)
        elif column.total == "rate":  # Σ执行数 ÷ Σ预算数 of the row above, not an average of rates
            total[i] = f(f'IF({col["budget"]}{t_row}=0,"",{col["spent"]}{t_row}/{col["budget"]}{t_row})', style)
        elif column.total == "average":
            total[i] = f(f'IFERROR(AVERAGE({rng(key)}),"")', style)
            budget = rng("budget")
            weighted[i] = f(f'IFERROR(SUMPRODUCT({rng(key)},{budget})/SUMIFS({budget},{rng(key)},"<>"),"")', style)
    return (render.row(total) + render.row(weighted)).encode()


def _units(wb, t: Tables, title: str) -> None:
    headers = dict(UNIT_HEADERS, rate_pct="执行率（%）")
    table = t.units.with_column("rate_pct", [None if r is None else round(r * 100, 2) for r in t.units.column("rate")])
    ws, keys = _sheet(wb, "按县区", table, headers, f"{title} 按县区")
    n = len(table)
    if not n:
        return
    chart = _unit_chart(ws, keys, n)
    ws.add_chart(chart, f"A{n + 4}")


def _unit_chart(ws, keys: list[str], n: int):
    """Weighted 总分 as bars on the left axis (分), 执行率 as a line on the right axis (%), each
    point labelled with its value: two scales, never one axis for both."""
    def series(key: str) -> Reference:
        return Reference(ws, min_col=keys.index(key) + 1, min_row=1, max_row=n + 1)

    bar, line = BarChart(), LineChart()
    bar.type, bar.style = "col", 10
    bar.title = "各县区预算加权总分与执行率"
    bar.add_data(series("weighted"), titles_from_data=True)
    line.add_data(series("rate_pct"), titles_from_data=True)
    for part in (bar, line):  # the value alone: LibreOffice shows the series and unit names too unless told
        part.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                        showPercent=False)
    bar.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    bar.y_axis.title = "加权总分（分）"   # the units name themselves under their bars
    bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
    line.y_axis.axId, line.y_axis.title = 200, "执行率（%）"
    line.y_axis.crosses = "max"        # the right-hand axis
    line.y_axis.scaling.min = 0
    bar.legend.position = "b"
    bar += line
    bar.width, bar.height = max(18, 3 + 2.2 * n), 14   # room for each unit's name under its bar
    return bar


def _summary_row(spool: Reader, parts, i: int, rec: tuple, styles: Styles) -> bytes:
    """A 汇总 row as its worker rendered it, or rendered here where the roll-up changed it since."""
    span = parts.summary[i] if i < len(parts.summary) else None
    return spool.read(parts.name, span) if span is not None else summary_row(rec, styles).encode("utf-8")


def write_summary(path: Path, t: Tables, spool: Reader, styles: Styles, title: str = "") -> None:
    wb, ws, again = start()
    if again != styles:
        raise AssertionError("summary styles differ from the ones the rows were rendered with")
    n = len(t.summary)
    _layout(ws, SUMMARY, n, _sample_widths(t.summary, list(SUMMARY)), WIDTHS, title)
    _units(wb, t, title)
    # The long tables get their header, widths, filter and frozen row from openpyxl here;
    # their rows, rendered by the workers, are streamed in from the spool after saving.
    _layout(wb.create_sheet("指标明细"), INDICATORS, t.indicator_count, t.widths.get("指标明细", []),
            title=f"{title} 指标明细")
    _layout(wb.create_sheet("问题清单"), ISSUES, t.issue_count, t.widths.get("问题清单", []), title=f"{title} 问题清单")
    if t.roster is not None:
        headers = {"status": "核对结果", "unit": "县区/单位", "project": "项目名称", "kind": "表类型",
                   "file": "来源文件"}
        _sheet(wb, "名单核对", t.roster, headers)
    wb.save(path)
    summary = (_summary_row(spool, p, i, rec, styles) for (p, i), rec in zip(t.rows, t.summary.rows))
    detail = (spool.read(p.name, p.indicators[i]) for p, i in t.rows)
    rollup = render.plain_rows(t.rollup_issues).encode("utf-8")
    issues = chain((spool.read(p.name, p.issues) for p in t.files), [rollup])
    append_rows(path, {"汇总": (chain(summary, [_totals(n, styles)] if n else []), n + 2 * bool(n), len(SUMMARY)),
                       "指标明细": (detail, t.indicator_count, len(INDICATORS)),
                       "问题清单": (issues, t.issue_count, len(ISSUES))})
