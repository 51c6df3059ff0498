"""The summary's sheets as SpreadsheetML, streamed into its package: header, widths, filter,
frozen header row and print setup; the rows come rendered (the long tables' from the workers'
spool) or are rendered here (the small tables')."""

from __future__ import annotations

import math
from datetime import date
from itertools import islice

from ..forms.cells import column_letter as letter
from . import package as pkg
from . import render
from .archive import Package
from .columns import FORMATS, MONEY, PERCENT, SCORE
from .render import Styles, escape
from .tables import Table

NUMBERS = set(FORMATS) | {"year", "errors", "warnings", "forms", "rank", "优", "良", "中", "差"}
_SHEET_HEAD = (f'<worksheet xmlns="{pkg.MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
               '<pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0">'
               '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'   # the header stays
               '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
               '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
# Printed as bureaus print: A4 (paperSize 9) landscape, one page wide, the header on every page.
_PRINT = ('<pageMargins left="0.4" right="0.4" top="0.7" bottom="0.6" header="0.3" footer="0.3"/>'
          '<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"/>')


def absolute(ref: str) -> str:
    """A1:R490 -> $A$1:$R$490"""
    out = []
    for corner in ref.split(":"):
        digits = corner.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        out.append(f"${corner[:len(corner) - len(digits)]}${digits}")
    return ":".join(out)


def _num(value: float) -> str:
    return f"{value:.16g}"   # a column width or row height, as openpyxl wrote them


class Book:
    """The package being written: its sheets so far and the cell styles they use."""

    def __init__(self, zf: Package, styles: Styles):
        self.zf, self.sheets = zf, []           # sheets: (name, the range its filter covers)
        self.xfs = pkg.base_styles(styles)
        self.formats: dict[str, int] = {}       # number format -> its plain style, in order of first use

    def style(self, fmt: str | None) -> int:
        if not fmt:
            return 0
        if fmt not in self.formats:
            self.formats[fmt] = len(self.xfs)
            self.xfs.append(pkg.number_style(fmt))
        return self.formats[fmt]

    def cell(self, value, fmt: str | None) -> str:
        """A cell of a small sheet, in its number format's style (text always text: render.cell)."""
        return render.cell(value, self.style(fmt))

    def sheet(self, name: str, headers: dict, rows: int, widths: list[int], chunks, caps: dict | None = None,
              title: str = "", drawing: bool = False) -> list[str]:
        """A sheet of rows under one header: widths, filter, frozen header and print setup; chunks:
        its rows as XML (str or bytes), streamed. caps: the widest some columns get (their text
        wraps: 汇总); title: printed above every page."""
        keys = list(headers)
        cols = []
        for i, key in enumerate(keys, start=1):
            # the header wraps (汉字 two to a line in a narrow column): it does not widen a column of numbers
            width = max(min(render.text_width(headers[key]), 4), widths[i - 1] if i <= len(widths) else 0)
            pad = 1 if key in NUMBERS else 2  # right-aligned figures need no room after them
            cols.append(min(max(width + pad, 6), (caps or {}).get(key, 50)))
        height = render.LINE_HEIGHT * render.lines_needed([headers[k] for k in keys], [w - 1 for w in cols])
        ref = f"A1:{letter(len(keys))}{rows + 1}" if rows else None
        self.sheets.append((name, absolute(ref) if ref else None))
        head = (_SHEET_HEAD + "<cols>" + "".join(f'<col width="{_num(w)}" customWidth="1" min="{i}" max="{i}"/>'
                                                  for i, w in enumerate(cols, start=1))
                + f'</cols><sheetData><row r="1" ht="{_num(height)}" customHeight="1">'
                + "".join(render.cell(headers[k], pkg.HEADER_STYLE) for k in keys) + "</row>")
        tail = ("</sheetData>" + (f'<autoFilter ref="{ref}"/>' if ref else "") + _PRINT + _page_head(title)
                + (f'<drawing xmlns:r="{pkg.REL}" r:id="rId1"/>' if drawing else "") + "</worksheet>")
        _stream(self.zf, f"xl/worksheets/sheet{len(self.sheets)}.xml", head, chunks, tail)
        return keys

    def table(self, name: str, table: Table, headers: dict, title: str = "", drawing: bool = False) -> None:
        """A small sheet, its rows rendered here."""
        keys = list(headers)
        at = [table.columns.index(k) if k in table.columns else None for k in keys]
        fmts = [FORMATS.get(k) for k in keys]
        rows = (render.row(["<c/>" if v is None else self.cell(v, f) for v, f in
                            zip((None if i is None else r[i] for i in at), fmts)]) for r in table.rows)
        self.sheet(name, headers, len(table), sample_widths(table, keys), rows, title=title, drawing=drawing)


def _stream(zf: Package, name: str, head: str, chunks, tail: str) -> None:
    def parts():
        yield head.encode("utf-8")
        for chunk in chunks:
            yield chunk if chunk.__class__ is bytes else chunk.encode("utf-8")
        yield tail.encode("utf-8")

    zf.stream(name, parts())


def _page_head(title: str) -> str:
    """What a printed page says beside the table: the summary's title, 单位：万元, the date it was
    made, and the page of how many."""
    head = pkg.header_footer(None, f"&B{title.replace('&', '&&')}", "单位：万元")
    foot = pkg.header_footer(f"制表日期：{date.today():%Y-%m-%d}", "第 &P 页，共 &N 页", None)
    return (f"<headerFooter><oddHeader>{escape(head)}</oddHeader><oddFooter>{escape(foot)}</oddFooter>"
            "<evenHeader></evenHeader><evenFooter></evenFooter><firstHeader></firstHeader><firstFooter></firstFooter>"
            "</headerFooter>")


def sample_widths(table: Table, keys: list[str]) -> list[int]:
    """Widths of a sample of rows as they are shown: numbers in their format, not their digits."""
    sample = Table(table.columns, list(islice(table, 500)))
    return [render.widest(_shown(sample.column(k), FORMATS.get(k))) if k in table.columns else 0 for k in keys]


_SPECS = {MONEY: ",.2f", PERCENT: ".2%", SCORE: ".2f"}


def _shown(values: list, fmt: str | None) -> list:
    """A column's values as shown: finite numbers in their format (one comprehension a column)."""
    spec = _SPECS.get(fmt)
    if spec is None:
        return values
    return [format(v, spec) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else v
            for v in values]
