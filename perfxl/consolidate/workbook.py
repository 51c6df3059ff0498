"""Write the summary workbook: streamed (write-only) so memory stays flat, styled for clerks."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .fastrows import append_rows
from .tables import INDICATORS, ISSUES, SUMMARY, UNIT_HEADERS, Tables

HEAD_FONT, HEAD_FILL = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
TOTAL_FONT = Font(bold=True)
LINK_FONT = Font(color="0563C1", underline="single")
MONEY, PERCENT, SCORE = "#,##0.00", "0.00%", "0.00"
FORMATS = {"budget": MONEY, "spent": MONEY, "rate": PERCENT, "fund_score": SCORE, "output": SCORE,
           "benefit": SCORE, "satisfaction": SCORE, "total": SCORE, "attained": PERCENT,
           "weighted": SCORE, "weight": SCORE, "score": SCORE}


def _text_width(value) -> float:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell(ws, value, fmt: str | None = None, font=None):
    """A cell whose text is always text: a unit named "=SUM(…)" must never become a formula."""
    if isinstance(value, float) and math.isnan(value):
        value = None
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if fmt:
        cell.number_format = fmt
    if font:
        cell.font = font
    return cell


def _formula(ws, formula: str, fmt: str | None = None, font=TOTAL_FONT):
    cell = WriteOnlyCell(ws, value=formula)
    if fmt:
        cell.number_format = fmt
    cell.font = font
    return cell


def _sheet(wb, title: str, df: pd.DataFrame, headers: dict, widths_from: pd.DataFrame | None = None):
    ws = wb.create_sheet(title)
    keys = list(headers)
    sample = (widths_from if widths_from is not None else df).head(500)
    for i, key in enumerate(keys, start=1):
        width = max([_text_width(headers[key])] + [_text_width(v) for v in sample.get(key, [])])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 50)
    ws.freeze_panes = "A2"
    # Printed as bureaus print: A4 landscape, one page wide, the header on every page.
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", 9  # 9: A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if len(df):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(df) + 1}"
    header = []
    for key in keys:
        c = _cell(ws, headers[key], font=HEAD_FONT)
        c.fill, c.alignment = HEAD_FILL, Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(c)
    ws.append(header)
    return ws, keys


def _rows(ws, df: pd.DataFrame, keys: list[str], special=None):
    """Stream rows: plain values where no format is needed (most cells: fast), cells otherwise."""
    special = special or {}
    formats = [FORMATS.get(k) for k in keys]
    frame = df.reindex(columns=keys).astype(object).where(df.reindex(columns=keys).notna(), None)
    for values in frame.itertuples(index=False, name=None):
        out = []
        for key, fmt, value in zip(keys, formats, values):
            if key in special:
                out.append(special[key](ws, dict(zip(keys, values))))
            elif fmt is not None and value is not None:
                out.append(_cell(ws, value, fmt))
            elif value.__class__ is str and value.startswith("="):
                out.append(_cell(ws, value))  # forced to text
            else:
                out.append(value)
        ws.append(out)


def _source_link(base: Path):
    def make(ws, row):
        target = f"{row['file']}#'{row['sheet']}'!A1".replace('"', '""')
        shown = str(row["sheet"]).replace('"', '""')
        return _formula(ws, f'=HYPERLINK("{target}","{shown}")', font=LINK_FONT)
    return make


def _summary(wb, t: Tables, base: Path) -> None:
    ws, keys = _sheet(wb, "汇总", t.summary, SUMMARY)
    _rows(ws, t.summary, keys, {"sheet": _source_link(base)})
    n = len(t.summary)
    if not n:
        return
    col = {k: get_column_letter(i) for i, k in enumerate(keys, start=1)}
    last = n + 1

    def rng(key: str) -> str:
        return f"{col[key]}2:{col[key]}{last}"

    total_row = [None] * len(keys)
    total_row[0] = _cell(ws, "合计 / 平均", font=TOTAL_FONT)
    for key in ("budget", "spent", "errors", "warnings"):
        total_row[keys.index(key)] = _formula(ws, f"=SUM({rng(key)})", FORMATS.get(key))
    t_row = last + 1
    total_row[keys.index("rate")] = _formula(
        ws, f'=IF({col["budget"]}{t_row}=0,"",{col["spent"]}{t_row}/{col["budget"]}{t_row})', PERCENT)
    total_row[keys.index("total")] = _formula(ws, f'=IFERROR(AVERAGE({rng("total")}),"")', SCORE)
    ws.append([c if c is not None else WriteOnlyCell(ws) for c in total_row])
    weighted = [None] * len(keys)
    weighted[0] = _cell(ws, "预算加权平均总分", font=TOTAL_FONT)
    weighted[keys.index("total")] = _formula(
        ws, f'=IFERROR(SUMPRODUCT({rng("total")},{rng("budget")})/SUMIFS({rng("budget")},{rng("total")},"<>"),"")',
        SCORE)
    ws.append([c if c is not None else WriteOnlyCell(ws) for c in weighted])


def _units(wb, t: Tables) -> None:
    headers = dict(UNIT_HEADERS, rate_pct="执行率（%）")
    df = t.units.assign(rate_pct=(t.units["rate"] * 100).round(2))
    ws, keys = _sheet(wb, "按县区", df, headers)
    _rows(ws, df, keys)
    n = len(df)
    if not n:
        return
    chart = BarChart()
    chart.type, chart.style = "col", 10
    chart.title = "各县区预算加权总分与执行率"
    chart.y_axis.title, chart.x_axis.title = "分 / %", "县区/单位"
    for key in ("weighted", "rate_pct"):
        idx = keys.index(key) + 1
        chart.add_data(Reference(ws, min_col=idx, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    chart.width, chart.height = max(16, 2 + 1.6 * n), 9
    ws.add_chart(chart, f"A{n + 4}")


def write_summary(path: Path, t: Tables, base: Path) -> None:
    wb = Workbook(write_only=True)
    _summary(wb, t, base)
    _units(wb, t)
    ind = t.indicators.assign(met=t.indicators["met"].map({True: "是", False: "否"}))
    # The two long tables get their header, widths, filter and frozen row from openpyxl here;
    # their rows (plain values, no styles) are streamed in after saving, by append_rows.
    _sheet(wb, "指标明细", ind, INDICATORS)
    _sheet(wb, "问题清单", t.issues, ISSUES)
    if t.roster is not None:
        headers = {"status": "核对结果", "unit": "县区/单位", "project": "项目名称", "kind": "表类型",
                   "file": "来源文件"}
        ws, keys = _sheet(wb, "名单核对", t.roster, headers)
        _rows(ws, t.roster, keys)
    wb.save(path)
    append_rows(path, {"指标明细": (_values(ind, list(INDICATORS)), len(ind), len(INDICATORS)),
                       "问题清单": (_values(t.issues, list(ISSUES)), len(t.issues), len(ISSUES))})


def _values(df: pd.DataFrame, keys: list[str]):
    frame = df.reindex(columns=keys).astype(object)
    return frame.where(frame.notna(), None).itertuples(index=False, name=None)
