"""Fill a master template with forms: one sheet per form, rows laid out, logic applied."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from ..errors import TemplateError
from ..i18n import msg
from ..plan import FormRequest, IndicatorSpec
from ..vocabulary import KINDS, LEVEL1_NAMES, LEVEL2_NAMES, SPECS
from ..xlsxio import open_workbook
from . import logic
from .layout import StyleCopier, col, fit_heights, merge, render_rows, runs
from .markers import (
    META_SHEET,
    TEMPLATE_VERSION,
    Markers,
    columns_of,
    missing_markers,
    read_markers,
    write_markers,
)


@dataclass
class Master:
    """A loaded master: its workbook, form sheet and markers."""

    wb: Workbook
    ws: object
    markers: Markers
    path: str

    @classmethod
    def load(cls, path: Path) -> Master:
        """A user's master: the first sheet carrying PX_KIND, with every required marker."""
        wb = open_workbook(Path(path))
        for ws in wb.worksheets:
            markers = read_markers(ws)
            if markers is None or markers.kind not in KINDS:
                continue
            missing = missing_markers(markers)
            if missing:
                raise TemplateError(msg("template_markers", path=str(path), missing="、".join(missing)))
            return cls(wb, ws, markers, str(path))
        raise TemplateError(msg("template_markers", path=str(path), missing="PX_KIND"))


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31  # Excel counts UTF-16 units: an emoji is two


def _excel_cut(text: str, limit: int) -> str:
    while len(text.encode("utf-16-le")) // 2 > limit:
        text = text[:-1]
    # Excel refuses a sheet name ending in an apostrophe (it quotes names with them).
    return text.rstrip("'")


def sheet_title(index: int, project: str, taken: set[str]) -> str:
    """An Excel-legal, unique sheet name like the seeds use: "1-医疗保障专项经费"."""
    text = _BAD_SHEET_CHARS.sub("_", f"{index}-{project}" if project else f"{index}")
    # A line break (Alt+Enter in the roster) or other control has no place in a sheet tab.
    base = _excel_cut(re.sub(r"[\x00-\x1f\x7f-\x9f]+", " ", text), _SHEET_MAX)
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"({n})"
        title, n = _excel_cut(base, _SHEET_MAX - len(suffix)) + suffix, n + 1
    taken.add(title.lower())
    return title


def put_value(cell, value) -> None:
    """A roster value into a cell as what it is: text stays text, even "=HYPERLINK(…)" or "#N/A"."""
    cell.value = value
    if isinstance(value, str) and value:
        # openpyxl makes "=…" a formula and "#N/A" an error; roster text is data, never code.
        cell.data_type = "s"
        if value.startswith("="):
            cell.quotePrefix = True  # so it stays text when a clerk edits the cell in Excel


def skeleton_rows(kind: str) -> list[IndicatorSpec]:
    return [IndicatorSpec(l1, l2) for l1, l2s in SPECS[kind].skeleton for l2 in l2s]


def _write_indicators(ws, markers: Markers, rows: list[IndicatorSpec]) -> list[logic.Group]:
    ind = markers["PX_IND"]
    roles = columns_of(markers.kind)
    c = {role: col(ind, i) for i, role in enumerate(roles)}
    groups = []
    for a, b in runs([r.level1 for r in rows]):
        name, first, last = rows[a].level1, ind.min_row + a, ind.min_row + b
        groups.append(logic.Group(name, first, last))
        put_value(ws[f"{c['level1']}{first}"], name)
        if last > first:
            merge(ws, f"{c['level1']}{first}:{c['level1']}{last}")
        sub = rows[a: b + 1]
        for i, j in runs([r.level2 for r in sub]):
            l2, top, bottom = sub[i].level2, first + i, first + j
            put_value(ws[f"{c['level2']}{top}"], l2 or None)
            if bottom > top and l2:
                merge(ws, f"{c['level2']}{top}:{c['level2']}{bottom}")
    for i, spec in enumerate(rows):
        r = ind.min_row + i
        put_value(ws[f"{c['level3']}{r}"], spec.level3 or None)
        put_value(ws[f"{c['target']}{r}"], spec.target if spec.target not in ("",) else None)
        if "weight" in c:
            ws[f"{c['weight']}{r}"] = spec.weight
    return groups


def _write_header(ws, markers: Markers, req: FormRequest) -> None:
    def put(name: str, value) -> None:
        box = markers.get(name)
        if box is not None and value not in (None, ""):
            put_value(ws.cell(box.min_row, box.min_col), value)

    if req.year:
        put("PX_TITLE", f"（{req.year}年度）")
    put("PX_PROJECT", req.project)
    put("PX_DEPT", req.dept)
    put("PX_UNIT", req.unit)
    put("PX_CENTRAL_DEPT", req.central_dept)
    put("PX_F_INITIAL", req.budget_initial)
    put("PX_F_BUDGET", req.budget)


def render_form(master: Master, wb: Workbook, req: FormRequest, title: str, styles: StyleCopier):
    """Add one filled form sheet to wb."""
    rows = req.indicators or skeleton_rows(req.kind)
    ws = wb.create_sheet(title)
    markers = render_rows(master.ws, master.markers, ws, len(rows), styles)
    write_markers(ws, markers)
    groups = _write_indicators(ws, markers, rows)
    _write_header(ws, markers, req)
    formulas = logic.form_formulas(markers, groups if SPECS[req.kind].scored else [])
    for coord, formula in formulas.items():
        ws[coord] = formula
    logic.apply_checks(ws, markers)
    logic.apply_fund_check_format(ws, markers)
    ind = markers["PX_IND"]
    # In scored forms the 一级 cell is a formula (name + live points); every other column is input.
    skip = 1 if SPECS[req.kind].scored else 0
    inputs = [type(ind)(ind.min_col + skip, ind.min_row, ind.max_col, ind.max_row)]
    logic.protect(ws, list(formulas), inputs)
    fit_heights(ws)
    return ws


def add_meta(wb: Workbook) -> None:
    """The hidden _perfxl sheet: version, and the lists the 一级/二级 dropdowns point at."""
    from openpyxl.workbook.defined_name import DefinedName

    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    ws["A1"], ws["B1"] = "perfxl_template_version", TEMPLATE_VERSION
    ws["D1"], ws["E1"] = "一级指标", "二级指标"
    for i, name in enumerate(LEVEL1_NAMES, start=2):
        ws[f"D{i}"] = name
    for i, name in enumerate(LEVEL2_NAMES, start=2):
        ws[f"E{i}"] = name
    ws.protection.sheet = True
    wb.defined_names[logic.LIST_L1] = DefinedName(
        logic.LIST_L1, attr_text=f"{META_SHEET}!$D$2:$D${len(LEVEL1_NAMES) + 1}")
    wb.defined_names[logic.LIST_L2] = DefinedName(
        logic.LIST_L2, attr_text=f"{META_SHEET}!$E$2:$E${len(LEVEL2_NAMES) + 1}")


def typed_rows(wb: Workbook) -> dict[str, set[int]]:
    """By form sheet, the rows a clerk types into (a cell left unlocked): saved with an automatic
    height (finish.finish), so Excel, WPS and LibreOffice grow them with the text typed in."""
    return {ws.title: {c.row for c in ws._cells.values() if c.protection.locked is False}
            for ws in wb.worksheets if ws.title != META_SHEET}


def render_workbook(master_for, requests: list[FormRequest], sheet_titles: list[str] | None = None) -> Workbook:
    """A workbook holding one sheet per request; master_for is a Master or a kind → Master lookup."""
    wb = Workbook()
    wb.remove(wb.active)
    copiers: dict[int, StyleCopier] = {}
    taken: set[str] = set()
    for i, req in enumerate(requests, start=1):
        master = master_for if isinstance(master_for, Master) else master_for(req.kind)
        styles = copiers.setdefault(id(master), StyleCopier(master.wb, wb))
        title = sheet_titles[i - 1] if sheet_titles else sheet_title(i, req.project, taken)
        render_form(master, wb, req, title, styles)
    add_meta(wb)
    return wb
