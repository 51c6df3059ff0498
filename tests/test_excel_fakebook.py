"""A fake xlwings Book/Sheet/Range that records writes: the Excel tests' double (its own tests: test_excel_check)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
JINZHAI = EXAMPLES / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"


def a1(address: str) -> tuple[int, int, int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", address.upper())
    c1, r1 = column_index_from_string(m.group(1)), int(m.group(2))
    c2, r2 = (column_index_from_string(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return r1, c1, r2, c2


class FakeFont:
    def __init__(self, rng):
        self._rng = rng

    def __setattr__(self, name, value):
        if name != "_rng":
            self._rng.log(name, value)
        object.__setattr__(self, name, value)


class FakeRange:
    """The part of xlwings.Range perfxl uses. lite=True behaves like xlwings Lite: merge areas,
    formulas, number formats and colours are read only through `await get_...()`."""

    def __init__(self, sheet, r1, c1, r2=None, c2=None, ndim=None):
        self.sheet, self.r1, self.c1 = sheet, r1, c1
        self.r2, self.c2 = (r2 or r1), (c2 or c1)
        self.ndim = ndim

    def cells(self):
        return [(r, c) for r in range(self.r1, self.r2 + 1) for c in range(self.c1, self.c2 + 1)]

    def log(self, what, value):
        self.sheet.book.log.append((what, self.sheet.name, self.address, value))

    def _lite_only(self):
        if self.sheet.book.lite:
            raise NotImplementedError("use await get_...() in xlwings Lite")

    row = property(lambda self: self.r1)
    column = property(lambda self: self.c1)
    shape = property(lambda self: (self.r2 - self.r1 + 1, self.c2 - self.c1 + 1))

    @property
    def address(self):
        first = f"${get_column_letter(self.c1)}${self.r1}"
        return first if self.shape == (1, 1) else f"{first}:${get_column_letter(self.c2)}${self.r2}"

    def options(self, ndim=None, **_):
        return FakeRange(self.sheet, self.r1, self.c1, self.r2, self.c2, ndim)

    def _shaped(self, grid):
        if self.ndim == 2:
            return grid
        if self.shape == (1, 1):
            return grid[0][0]
        if self.shape[0] == 1:
            return grid[0]
        return [row[0] for row in grid] if self.shape[1] == 1 else grid

    @property
    def value(self):
        g = [[self.sheet.values.get((r, c)) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1, self.r2 + 1)]
        return self._shaped(g)

    @value.setter
    def value(self, value):
        self.log("value", value)
        rows = value if isinstance(value, list) and value and isinstance(value[0], list) else (
            [value] if isinstance(value, list) else None)
        if rows is None:
            for rc in self.cells():
                self.sheet.put(rc, value)
            return
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.sheet.put((self.r1 + i, self.c1 + j), v)

    @property
    def formula(self):
        self._lite_only()
        g = [[self.sheet.formula_of((r, c)) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1, self.r2 + 1)]
        return g[0][0] if self.shape == (1, 1) else tuple(tuple(row) for row in g)

    @property
    def merge_area(self):
        self._lite_only()
        area = self.sheet.area_of((self.r1, self.c1))
        return FakeRange(self.sheet, *area) if area else self

    @property
    def number_format(self):
        self._lite_only()
        fmts = {self.sheet.formats.get(rc, "General") for rc in self.cells()}
        return fmts.pop() if len(fmts) == 1 else None

    @property
    def color(self):
        self._lite_only()
        return self.sheet.colors.get((self.r1, self.c1))

    @color.setter
    def color(self, value):
        self.log("color", value)
        for rc in self.cells():
            if value is None:
                self.sheet.colors.pop(rc, None)
            else:
                self.sheet.colors[rc] = tuple(value)

    @property
    def font(self):
        return FakeFont(self)

    column_width = property(lambda self: None, lambda self, value: self.log("column_width", value))

    # xlwings Lite's async reads
    async def _as(self, prop):
        await asyncio.sleep(0)
        self.sheet.book.round_trips += 1
        lite, self.sheet.book.lite = self.sheet.book.lite, False
        try:
            return getattr(self, prop)
        finally:
            self.sheet.book.lite = lite

    def get_formula(self):
        return self._as("formula")

    def get_merge_area(self):
        return self._as("merge_area")

    def get_number_format(self):
        return self._as("number_format")

    def get_color(self):
        return self._as("color")


class FakeSheet:
    def __init__(self, book, name):
        self.book, self.name = book, name
        self.values, self.formulas, self.formats, self.colors = {}, {}, {}, {}
        self.merged = []
        self._visible = True

    def put(self, rc, value):
        self.formulas.pop(rc, None)
        if isinstance(value, str) and value.startswith("="):
            self.formulas[rc] = value
        if value is None or value == "":
            self.values.pop(rc, None)
        else:
            self.values[rc] = value

    def formula_of(self, rc):
        if rc in self.formulas:
            return self.formulas[rc]
        v = self.values.get(rc)
        return "" if v is None else str(v)

    def area_of(self, rc):
        r, c = rc
        return next(((r1, c1, r2, c2) for r1, c1, r2, c2 in self.merged if r1 <= r <= r2 and c1 <= c <= c2), None)

    @property
    def visible(self):
        return self._visible

    @visible.setter
    def visible(self, value):
        self.book.log.append(("visible", self.name, None, value))
        self._visible = value

    @property
    def used_range(self):
        if not self.values:
            return FakeRange(self, 1, 1)
        rows, cols = [r for r, _ in self.values], [c for _, c in self.values]
        return FakeRange(self, min(rows), min(cols), max(rows), max(cols))

    def range(self, first, second=None):
        if isinstance(first, str):
            return FakeRange(self, *a1(first))
        r1, c1 = first
        r2, c2 = second if second else first
        return FakeRange(self, r1, c1, r2, c2)

    def __getitem__(self, address):
        return self.range(address)

    def clear(self):
        self.book.log.append(("clear", self.name, None, None))
        self.values, self.formulas, self.colors = {}, {}, {}

    def delete(self):
        self.book.log.append(("delete", self.name, None, None))
        self.book.sheet_list.remove(self)

    def activate(self):
        self.book.log.append(("activate", self.name, None, None))
        self.book.active = self


class FakeSheets:
    def __init__(self, book):
        self.book = book

    def __iter__(self):
        return iter(list(self.book.sheet_list))

    def __len__(self):
        return len(self.book.sheet_list)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.book.sheet_list[key]
        return next(s for s in self.book.sheet_list if s.name == key)

    def add(self, name=None, before=None, after=None):
        sheet = FakeSheet(self.book, name or f"Sheet{len(self) + 1}")
        lst = self.book.sheet_list
        index = lst.index(before) if before else (lst.index(after) + 1 if after else len(lst))
        lst.insert(index, sheet)
        self.book.log.append(("add_sheet", sheet.name, None, index))
        self.book.active = sheet
        return sheet


class FakeApp:
    def __init__(self):
        self.books = []


class FakeBook:
    def __init__(self, name, lite=False, app=None):
        self.name, self.lite = name, lite
        self.sheet_list, self.log, self.round_trips, self.active = [], [], 0, None
        self.sheets = FakeSheets(self)
        self.app = app or FakeApp()
        self.app.books.append(self)

    def new_sheet(self, name):
        sheet = FakeSheet(self, name)
        self.sheet_list.append(sheet)
        return sheet

    def writes(self, what):
        return [entry for entry in self.log if entry[0] == what]


def _rgb(cell):
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or not isinstance(fill.fgColor.rgb, str):
        return None
    rgb = fill.fgColor.rgb[-6:]
    return tuple(int(rgb[i:i + 2], 16) for i in (0, 2, 4))


def load_fake(path: Path, lite: bool = False, app=None) -> FakeBook:
    """An Excel-like open book from a saved workbook: what COM hands over (numbers as float,
    merged members empty), with formulas, number formats and fills."""
    values, formulas = load_workbook(path, data_only=True), load_workbook(path)
    book = FakeBook(Path(path).name, lite=lite, app=app)
    for ws in values.worksheets:
        sheet = book.new_sheet(ws.title)
        sheet._visible = ws.sheet_state == "visible"
        sheet.merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, int) and not isinstance(v, bool):
                    v = float(v)
                if v is not None and v != "":
                    sheet.values[(cell.row, cell.column)] = v
                if cell.number_format != "General":
                    sheet.formats[(cell.row, cell.column)] = cell.number_format
                if _rgb(cell):
                    sheet.colors[(cell.row, cell.column)] = _rgb(cell)
                f = formulas[ws.title].cell(cell.row, cell.column).value
                if isinstance(f, str) and f.startswith("="):
                    sheet.formulas[(cell.row, cell.column)] = f
    return book
