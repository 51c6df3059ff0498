"""Formula values computed with the `formulas` library: of a saved workbook file, or of one in memory."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from .formula import Unsupported, compile_formula

# Computing a workbook's formulas costs ~3 ms and ~50 KB each in the `formulas` library; a form
# has a few hundred. Beyond this many the results stay empty (and PX403 says they are missing).
MAX_FORMULAS = 5_000
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
_COMPILED: dict[str, object] = {}  # formula text -> compiled function: forms repeat their formulas
_RESULTS: dict[tuple, object] = {}   # (formula text, its inputs) -> value
_FAST: dict[str, object] = {}        # formula text -> perfxl.formula's function, or None

def compute_formulas(path: Path) -> dict[tuple[str, str], object]:
    """Values of every cell, computed by the `formulas` library: (SHEET in upper case, A1) -> value."""
    import os
    import shutil
    import tempfile

    import formulas

    path = Path(path)
    with contextlib.ExitStack() as stack:
        if path.suffix.lower() not in (".xlsx", ".xlsm"):  # an atomic write's temporary name
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="perfxl-calc-"))
            named = Path(folder) / "book.xlsx"
            try:
                os.link(path, named)
            except OSError:
                shutil.copyfile(path, named)
            path = named
        stack.enter_context(contextlib.redirect_stderr(io.StringIO()))  # the library draws progress bars
        solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, val in solution.items():
        m = re.match(r"'\[[^\]]+\](.+)'!([A-Z]+\d+)$", str(key))
        if not m:
            continue
        try:
            v = val.value[0][0]
        except (AttributeError, IndexError, TypeError):
            continue
        v = v.item() if hasattr(v, "item") else v
        if v is None or str(v) == "empty":
            v = ""
        out[(m.group(1).upper(), m.group(2))] = v
    return out



def column_index_from_string(letters: str) -> int:
    """A1's column letters as a number, A = 1 (openpyxl's own would load openpyxl for lint)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _fast(formula: str):
    """perfxl.formula's compiled function of a formula (Unsupported, remembered, outside its subset)."""
    if formula not in _FAST:
        if len(_FAST) > 2_000:
            _FAST.clear()
        try:
            _FAST[formula] = compile_formula(formula)
        except Unsupported:
            _FAST[formula] = None
    if _FAST[formula] is None:
        raise Unsupported(formula)
    return _FAST[formula]


def _compiled(formula: str):
    if formula not in _COMPILED:
        import formulas

        if len(_COMPILED) > 2_000:
            _COMPILED.clear()
        _COMPILED[formula] = formulas.Parser().ast(formula)[1].compile()
    return _COMPILED[formula]


class _Sheet:
    """One worksheet's formulas, each worked out once, after the formula cells it reads."""

    def __init__(self, ws, out: dict):
        self.ws, self.out, self.key = ws, out, ws.title.upper()
        self.busy: set[str] = set()
        self._empty = None

    @property
    def empty(self):
        """The library's blank (imported only when a formula needs the library)."""
        if self._empty is None:
            import schedula as sh

            self._empty = sh.EMPTY
        return self._empty

    def cell(self, row: int, column: int):
        """A cell as perfxl's own evaluator reads it: None for a blank, a formula's value worked out first."""
        cell = self.ws._cells.get((row, column))
        if cell is None or cell.value is None:
            return None
        if cell.data_type != "f":
            return cell.value
        got = self.result(cell.coordinate)
        if got is None:
            raise Unsupported(cell.coordinate)  # a formula it reads was not worked out: nor is this one
        return got

    def value(self, row: int, column: int):
        cell = self.ws._cells.get((row, column))
        if cell is None or cell.value is None:
            return self.empty
        if cell.data_type != "f":
            return cell.value
        got = self.result(cell.coordinate)
        return self.empty if got in (None, "") else got

    def _grids(self, func) -> tuple:
        grids = []
        for name in func.inputs:
            m = _REF.match(name)
            if not m:  # another sheet, a defined name, a whole column: the file is computed instead
                raise ValueError(name)
            c1, r1 = column_index_from_string(m.group(1)), int(m.group(2))
            c2 = column_index_from_string(m.group(3)) if m.group(3) else c1
            r2 = int(m.group(4)) if m.group(4) else r1
            grids.append(tuple(tuple(self.value(r, c) for c in range(c1, c2 + 1)) for r in range(r1, r2 + 1)))
        return tuple(grids)

    @staticmethod
    def _call(formula: str, func, grids: tuple):
        """The formula's value for these inputs; blank forms repeat the same call on every sheet."""
        key = (formula, grids)
        if key not in _RESULTS:
            import numpy as np
            from formulas.ranges import Ranges

            if len(_RESULTS) > 20_000:
                _RESULTS.clear()
            args = [Ranges().push(name.replace("$", ""), np.array(grid, dtype=object))
                    for name, grid in zip(func.inputs, grids)]
            with contextlib.redirect_stderr(io.StringIO()):
                result = func(*args)
            v = np.asarray(result, dtype=object).ravel()[0] if np.ndim(result) else result
            _RESULTS[key] = v.item() if hasattr(v, "item") else v
        return _RESULTS[key]

    def result(self, ref: str):
        """The value of the formula at ref (None when it could not be worked out)."""
        key = (self.key, ref)
        if key in self.out or ref in self.busy:
            return self.out.get(key)
        self.busy.add(ref)
        formula = self.ws[ref].value
        try:  # perfxl's own formulas first: no library to import, microseconds a cell
            self.out[key] = _fast(formula)(self.cell)
            return self.out[key]
        except Unsupported:
            pass
        try:
            func = _compiled(formula)
            v = self._call(formula, func, self._grids(func))
            self.out[key] = "" if v is self.empty or v is None else v
        except Exception:  # anything the library cannot do here is left to compute_formulas
            self.out[key] = None
        return self.out[key]


def evaluate(wb) -> dict[tuple[str, str], object]:
    """Values of the formulas of an openpyxl workbook in memory: (SHEET in upper case, A1) -> value.
    A formula reading another sheet, or anything the library fails on, is left out."""
    out: dict[tuple[str, str], object] = {}
    for ws in wb.worksheets:
        sheet = _Sheet(ws, out)
        for cell in list(ws._cells.values()):
            if cell.data_type == "f" and isinstance(cell.value, str):
                sheet.result(cell.coordinate)
    return {k: v for k, v in out.items() if v is not None}
