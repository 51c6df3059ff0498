"""Read and validate a targets roster (.xlsx with sheets 表单/指标, or two CSV files)."""

from __future__ import annotations

import contextlib
import csv
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from .errors import RosterError
from .i18n import Msg, msg
from .plan import FormRequest, IndicatorSpec
from .vocabulary import SPECS, kind_from_text, level1_name
from .xlsxio import open_workbook

FORMS_SHEET, IND_SHEET = "表单", "指标"
FORM_COLUMNS = {"县区/单位": True, "表类型": True, "年度": True, "项目名称": True, "主管部门": True,
                "实施单位": True, "中央主管部门": False, "年初预算数": False, "全年预算数": False}
IND_COLUMNS = {"县区/单位": False, "项目名称": True, "一级指标": True, "二级指标": False,
               "三级指标": True, "年度指标值": False, "分值": False}
ALIASES = {"一级": "一级指标", "二级": "二级指标", "三级": "三级指标", "指标值": "年度指标值",
           "县区": "县区/单位", "单位": "县区/单位", "类型": "表类型", "表单类型": "表类型"}
NOT_APPLICABLE = "本指标不适用"
WEIGHT_TOTAL = 90.0
# 万元. 1e10 万元 is 100 万亿元, more than China's whole yearly public spending (about 27 万亿元 in
# 2023): no one project's budget comes near, so a larger figure is a typo or an attack, and it keeps
# sums far from float overflow (1e308 budgets made the form's totals inf).
MAX_AMOUNT = 1e10
# What an .xlsx cannot hold or Excel shows as boxes: the C0 controls openpyxl refuses (all but tab,
# LF and CR, which clerks type with Alt+Enter), DEL, the C1 controls, lone surrogates, U+FFFE/U+FFFF.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Excel stores a control character as "_x0007_"; openpyxl reads that back undecoded, and Excel
# would decode it again in the generated form.
EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
CELL_MAX_CHARS = 32767  # Excel's limit; openpyxl silently cuts longer text


@dataclass
class Table:
    """A sheet's rows as dicts keyed by canonical header, with the coordinates to report."""

    name: str
    columns: dict[str, int]          # canonical header -> 1-based column
    rows: list[tuple[int, dict]]     # (sheet row number, values)


def _norm_header(value) -> str:
    text = re.sub(r"\s+", "", str(value or ""))
    return ALIASES.get(text, text)


def _table(path: Path, name: str, grid: list[list], wanted: dict[str, bool], problems: list[Msg],
           allow_empty: bool = False) -> Table | None:
    if not grid:
        problems.append(msg("roster_empty", path=str(path), sheet=name))
        return None
    columns = {}
    for i, h in enumerate(grid[0], start=1):
        key = _norm_header(h)
        if key and key not in columns:
            columns[key] = i
    missing = [c for c, required in wanted.items() if required and c not in columns]
    for c in missing:
        problems.append(msg("roster_no_column", path=str(path), sheet=name, column=c))
    if missing:
        return None
    rows = []
    for r, values in enumerate(grid[1:], start=2):
        record = {k: (values[i - 1] if i - 1 < len(values) else None) for k, i in columns.items()}
        record = {k: (v.strip() if isinstance(v, str) else v) for k, v in record.items()}
        if any(v not in (None, "") for v in record.values()):
            rows.append((r, record))
    if not rows and not allow_empty:
        problems.append(msg("roster_empty", path=str(path), sheet=name))
    return Table(name, columns, rows)


def _grids(path: Path, indicators: Path | None) -> dict[str, tuple[Path, list[list]]]:
    """Sheet name -> (file it came from, rows of values)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        wb = open_workbook(path, data_only=True)
        return {ws.title: (path, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets}
    if suffix == ".csv":
        grids = {FORMS_SHEET: (path, _read_csv(path))}
        ind = indicators or path.with_name(path.name.replace("forms", "indicators"))
        if ind != path and ind.exists():
            grids[IND_SHEET] = (ind, _read_csv(ind))
        return grids
    raise RosterError(msg("roster_bad_type", path=str(path)))


def _read_csv(path: Path) -> list[list]:
    """A CSV as Excel saves it: UTF-8 (Excel's BOM or none), else GB18030 (“CSV (逗号分隔)” on a
    Chinese Windows, from Excel or WPS: GBK, which GB18030 includes)."""
    try:
        data = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            with contextlib.suppress(UnicodeDecodeError):
                return list(csv.reader(data.decode(encoding).splitlines(keepends=True)))
    except (OSError, csv.Error) as exc:
        raise RosterError(msg("file_unreadable", path=str(path), why=type(exc).__name__)) from None
    raise RosterError(msg("roster_encoding", path=str(path)))


def _control_unescaped(match: re.Match) -> str:
    char = chr(int(match.group(1), 16))
    return char if CONTROL_CHARS.fullmatch(char) else match.group()


class _Checker:
    """Collects problems with the cell they point at, so a clerk can fix them all at once."""

    def __init__(self, path: Path, table: Table, problems: list[Msg]):
        self.path, self.table, self.problems = str(path), table, problems

    def where(self, row: int, column: str) -> dict:
        cell = f"{get_column_letter(self.table.columns[column])}{row}"
        return dict(path=self.path, sheet=self.table.name, row=row, column=column, cell=cell)

    def text(self, row: int, rec: dict, column: str, required: bool = True) -> str:
        value = rec.get(column)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problems.append(msg("roster_required", **self.where(row, column)))
        return text

    def number(self, row: int, rec: dict, column: str) -> float | None:
        value = rec.get(column)
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            value = str(value)
        try:
            number = float(value if isinstance(value, (int, float)) else str(value).replace(",", "").strip())
        except ValueError:
            number = math.nan
        if not math.isfinite(number):  # "nan" and "inf" parse as floats but are no amounts
            self.problems.append(msg("roster_not_number", value=value, **self.where(row, column)))
            return None
        return number

    def amount(self, row: int, rec: dict, column: str) -> float | None:
        number = self.number(row, rec, column)
        if number is not None and not 0 <= number <= MAX_AMOUNT:
            self.problems.append(msg("roster_bad_amount", value=rec[column], limit=f"{MAX_AMOUNT:,.0f}",
                                     **self.where(row, column)))
            return None
        return number

    def characters(self, wanted: dict[str, bool]) -> None:
        """Report text an .xlsx cannot hold, and drop its controls so later checks do not trip on it."""
        for row, rec in self.table.rows:
            for column in (c for c in wanted if isinstance(rec.get(c), str)):
                text = EXCEL_ESCAPE.sub(_control_unescaped, rec[column])
                bad = list(CONTROL_CHARS.finditer(text))
                if bad:
                    # All of them at once: each is invisible, so a clerk cannot find the next alone.
                    pos, codes = [str(m.start() + 1) for m in bad], [f"U+{ord(m.group()):04X}" for m in bad]
                    self.problems.append(msg("roster_control_char", pos="、".join(pos), pos_en=", ".join(pos),
                                             code="、".join(codes), code_en=", ".join(codes),
                                             **self.where(row, column)))
                    rec[column] = CONTROL_CHARS.sub("", text)
                elif len(text) > CELL_MAX_CHARS:
                    self.problems.append(msg("roster_too_long", length=len(text), limit=CELL_MAX_CHARS,
                                             **self.where(row, column)))


def _forms(path: Path, table: Table, problems: list[Msg]) -> dict[tuple[str, str], tuple[int, FormRequest]]:
    chk, forms = _Checker(path, table, problems), {}
    for row, rec in table.rows:
        kind_text = chk.text(row, rec, "表类型")
        kind = kind_from_text(kind_text) if kind_text else None
        if kind_text and kind is None:
            problems.append(msg("roster_bad_kind", value=kind_text, **chk.where(row, "表类型")))
        year = chk.number(row, rec, "年度")
        if year is not None and not (1990 <= year <= 2100 and year == int(year)):
            problems.append(msg("roster_bad_year", value=rec["年度"], **chk.where(row, "年度")))
            year = None
        elif year is None and rec.get("年度") in (None, ""):
            problems.append(msg("roster_required", **chk.where(row, "年度")))
        req = FormRequest(
            kind=kind or "project", group=chk.text(row, rec, "县区/单位"),
            year=int(year) if year is not None else None, project=chk.text(row, rec, "项目名称"),
            dept=chk.text(row, rec, "主管部门", required=kind != "department"),
            unit=chk.text(row, rec, "实施单位"),
            central_dept=chk.text(row, rec, "中央主管部门", required=False),
            budget_initial=chk.amount(row, rec, "年初预算数"), budget=chk.amount(row, rec, "全年预算数"))
        key = (req.group, req.project)
        if key in forms:
            problems.append(msg("roster_duplicate", path=str(path), sheet=table.name, row=row,
                                project=req.project, unit=req.group, first=forms[key][0]))
        elif req.project:
            forms[key] = (row, req)
    return forms


def _indicators(path: Path, table: Table, forms: dict, problems: list[Msg]) -> None:
    chk = _Checker(path, table, problems)
    by_project: dict[str, list[tuple[str, str]]] = {}
    for group, project in forms:
        by_project.setdefault(project, []).append((group, project))
    rows_of: dict[tuple[str, str], list[tuple[int, IndicatorSpec]]] = {}
    for row, rec in table.rows:
        project = chk.text(row, rec, "项目名称")
        group = chk.text(row, rec, "县区/单位", required=False)
        keys = [(group, project)] if group else by_project.get(project, [])
        if project and (not keys or keys[0] not in forms):
            problems.append(msg("roster_unknown_project", project=project, **chk.where(row, "项目名称")))
            continue
        if len(keys) > 1:
            problems.append(msg("roster_ambiguous_project", project=project, **chk.where(row, "项目名称")))
            continue
        l1_text = chk.text(row, rec, "一级指标")
        l1 = level1_name(l1_text) if l1_text else None
        if l1_text and l1 is None:
            problems.append(msg("roster_level1", value=l1_text, **chk.where(row, "一级指标")))
        level3 = chk.text(row, rec, "三级指标")
        weight = chk.number(row, rec, "分值")
        if weight is not None and not 0 <= weight <= 100:
            problems.append(msg("roster_bad_weight", value=rec["分值"], **chk.where(row, "分值")))
        if not project or l1 is None:
            continue
        target = rec.get("年度指标值")
        spec = IndicatorSpec(l1, chk.text(row, rec, "二级指标", required=False), level3,
                             target if target not in ("",) else None, weight)
        rows_of.setdefault(keys[0], []).append((row, spec))
    for key, items in rows_of.items():
        req = forms[key][1]
        if SPECS[req.kind].scored:
            _check_weights(chk, req, items, problems)
        order = {name: i for i, name in reversed(list(enumerate(s.level1 for _, s in items)))}
        # 一级 blocks must be contiguous on the form: group rows by first appearance, stable within.
        req.indicators = [s for _, s in sorted(items, key=lambda it: order[it[1].level1])]


def _check_weights(chk: _Checker, req: FormRequest, items: list, problems: list[Msg]) -> None:
    for row, spec in items:
        if spec.weight is None and spec.level3 != NOT_APPLICABLE:
            problems.append(msg("roster_required", **chk.where(row, "分值")))
    total = sum(s.weight or 0 for _, s in items)
    if abs(total - WEIGHT_TOTAL) > 1e-6:
        rows = f"{items[0][0]}–{items[-1][0]}"
        problems.append(msg("roster_weights", path=chk.path, sheet=chk.table.name, rows=rows,
                            column="分值", project=req.project, total=f"{total:g}"))


def _check_file_names(chk: _Checker, forms: dict, file_name: Callable, problems: list[Msg]) -> None:
    """Two units whose workbooks would get one file name, the second overwriting the first."""
    first_row: dict[str, int] = {}
    requests: dict[str, list[FormRequest]] = {}
    for row, req in sorted(forms.values(), key=lambda item: item[0]):
        first_row.setdefault(req.group, row)
        requests.setdefault(req.group, []).append(req)
    owner: dict[str, str] = {}
    for group, reqs in requests.items():
        name = file_name(group, reqs)
        # Windows and macOS file systems ignore case, and macOS also the Unicode form (é vs e + ◌́).
        other = owner.setdefault(unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold()), group)
        if other != group:
            problems.append(msg("roster_same_file", unit=group, other=other, first=first_row[other],
                                file=name, **chk.where(first_row[group], "县区/单位")))


def read_roster(path: Path, indicators: Path | None = None,
                file_name: Callable[[str, list[FormRequest]], str] | None = None) -> list[FormRequest]:
    """All forms of a roster, in roster order; raises RosterError listing every problem.

    Every value is checked before anything is generated. A control character (invisible, refused
    by .xlsx; usually pasted out of another system) is a problem naming its cell and position, not
    silently removed. With file_name (unit, forms -> file name), units sharing a file name are problems."""
    grids = _grids(path, indicators)
    problems: list[Msg] = []
    if FORMS_SHEET not in grids:
        raise RosterError(msg("roster_no_sheet", path=str(path), sheet=FORMS_SHEET),
                          header=msg("roster_header"))
    forms_path, grid = grids[FORMS_SHEET]
    table = _table(forms_path, FORMS_SHEET, grid, FORM_COLUMNS, problems)
    forms = {}
    if table:
        _Checker(forms_path, table, problems).characters(FORM_COLUMNS)
        forms = _forms(forms_path, table, problems)
        if file_name is not None:
            _check_file_names(_Checker(forms_path, table, problems), forms, file_name, problems)
    if IND_SHEET in grids:
        ind_path, grid = grids[IND_SHEET]
        # An empty 指标 sheet is fine: every form then gets the blank skeleton to fill in.
        ind_table = _table(ind_path, IND_SHEET, grid, IND_COLUMNS, problems, allow_empty=True)
        if ind_table:
            _Checker(ind_path, ind_table, problems).characters(IND_COLUMNS)
            _indicators(ind_path, ind_table, forms, problems)
    if problems:
        raise RosterError(*problems, header=msg("roster_header"))
    return [req for _, req in sorted(forms.values(), key=lambda item: item[0])]
