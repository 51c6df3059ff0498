"""Write the summary workbook, streamed so memory stays flat, styled for clerks.

The package is written part by part (sheets.py, package.py, chart.py; archive.py zips them),
without openpyxl: importing it cost every roll-up ~55 ms of the main process, more than writing a
100 forms' summary, and its cells ~7 µs each (a city's summary has ~500k; the workers render those,
spool.py)."""

from __future__ import annotations

from itertools import chain
from pathlib import Path

from ..forms.cells import column_letter as letter
from . import chart as charts
from . import package as pkg
from . import render
from .archive import Package
from .columns import INDICATORS, ISSUES, MONEY, PERCENT, SCORE, SUMMARY, SUMMARY_COLUMNS, UNIT_HEADERS, WIDTHS
from .render import Styles
from .sheets import Book, sample_widths
from .spool import Reader, summary_rows
from .store import Placed
from .tables import Tables


def _totals(t: Tables, st: Styles) -> bytes:
    """The 合计 and 预算加权平均总分 rows under 汇总's rows: live formulas, each with its value saved
    beside it, so a viewer that does not recalculate (a phone's preview, calamine) shows the totals."""
    keys = list(SUMMARY)
    col = {k: letter(i) for i, k in enumerate(keys, start=1)}
    n = len(t.summary)
    last, t_row = n + 1, n + 2
    sums, means = t.totals.sums, t.totals.means
    budget_sum, spent_sum = sums["budget"].value(0.0), sums["spent"].value(0.0)

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
            total[i] = f(f"SUM({rng(key)})", style, sums[key].value(0.0))
        elif column.total == "rate":  # Σ执行数 ÷ Σ预算数 of the row above, not an average of rates
            total[i] = f(f'IF({col["budget"]}{t_row}=0,"",{col["spent"]}{t_row}/{col["budget"]}{t_row})', style,
                         _ratio(spent_sum, budget_sum))
        elif column.total == "average":
            total[i] = f(f'IFERROR(AVERAGE({rng(key)}),"")', style, _ratio(sums[key].value(0.0), sums[key].count))
            budget = rng("budget")
            weighted[i] = f(f'IFERROR(SUMPRODUCT({rng(key)},{budget})/SUMIFS({budget},{rng(key)},"<>"),"")', style,
                            _shown(means[key].value()))
    return (render.row(total) + render.row(weighted)).encode()


def _ratio(part: float | None, whole: float | None) -> float | str | None:
    """part ÷ whole as the formulas show it: "" where the whole is 0 (their IF / IFERROR)."""
    if part is None or whole is None:
        return None
    return part / whole if whole else ""


def _shown(value: float | None) -> float | str:
    """A value as an IFERROR(…, "") formula shows it: "" where it has none."""
    return "" if value is None else value


def _units(book: Book, t: Tables, title: str) -> int:
    """按县区 with its chart (when it has rows); its number of rows."""
    headers = dict(UNIT_HEADERS, rate_pct="执行率（%）")
    table = t.units.with_column("rate_pct", [None if r is None else round(r * 100, 2) for r in t.units.column("rate")])
    book.table("按县区", table, headers, f"{title} 按县区", drawing=bool(len(table)))
    return len(table)


def _chart(zf: Package, n: int) -> None:
    """按县区's chart under its n rows (from row n + 4), with the parts that tie it to the sheet."""
    keys = list(UNIT_HEADERS) + ["rate_pct"]
    bars, line = (letter(keys.index(k) + 1) for k in ("weighted", "rate_pct"))
    zf.writestr("xl/drawings/drawing1.xml", charts.drawing_xml(n + 3, n))
    zf.writestr("xl/drawings/_rels/drawing1.xml.rels", pkg.DRAWING_CHART_RELS)
    zf.writestr("xl/worksheets/_rels/sheet2.xml.rels", pkg.SHEET_DRAWING_RELS)
    zf.writestr("xl/charts/chart1.xml", charts.chart_xml("按县区", n, bars, line))


def _summary_row(spool: Reader, form: Placed, styles: Styles) -> bytes:
    """A 汇总 row as its worker rendered it, or rendered here where the roll-up changed it since."""
    if form.summary is not None:
        return spool.read(form.spool, form.summary)
    return summary_rows([form.rec], styles)[0]


def write_summary(path: Path, t: Tables, spool: Reader, styles: Styles, title: str = "") -> None:
    n = len(t.summary)
    summary = (_summary_row(spool, form, styles) for form in t.store.placed())
    detail = (spool.read(name, span) for name, span in t.store.details())
    rollup = render.plain_rows(t.rollup_issues)
    issues = chain((spool.read(p.name, p.issues) for p in t.store.parts()), [rollup])
    with open(path, "wb") as fh, Package(fh) as zf:
        zf.writestr("docProps/app.xml", pkg.APP)
        zf.writestr("docProps/core.xml", pkg.core_xml())
        zf.writestr("xl/theme/theme1.xml", pkg.THEME.read_bytes())
        book = Book(zf, styles)
        book.sheet("汇总", SUMMARY, n, sample_widths(t.summary, list(SUMMARY)),
                   chain(summary, [_totals(t, styles)] if n else []), WIDTHS, title)
        units = _units(book, t, title)
        if units:
            _chart(zf, units)
        book.sheet("指标明细", INDICATORS, t.indicator_count, t.widths.get("指标明细", []), detail,
                   title=f"{title} 指标明细")
        book.sheet("问题清单", ISSUES, t.issue_count, t.widths.get("问题清单", []), issues, title=f"{title} 问题清单")
        if t.roster is not None:
            headers = {"status": "核对结果", "unit": "县区/单位", "project": "项目名称", "kind": "表类型",
                       "file": "来源文件"}
            book.table("名单核对", t.roster, headers)
        zf.writestr("xl/styles.xml", pkg.styles_xml(book.xfs))
        zf.writestr("_rels/.rels", pkg.ROOT_RELS)
        zf.writestr("xl/workbook.xml", pkg.workbook_xml(book.sheets))
        zf.writestr("xl/_rels/workbook.xml.rels", pkg.workbook_rels(len(book.sheets)))
        zf.writestr("[Content_Types].xml", pkg.content_types(len(book.sheets), chart=bool(units)))
