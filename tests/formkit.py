"""Test helpers: find cells of a generated form through its PX_ markers."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from perfxl.template.markers import columns_of, read_markers

ERROR_VALUES = ("#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "Err:")


def top(ws, name: str) -> str:
    box = read_markers(ws)[name]
    return f"{get_column_letter(box.min_col)}{box.min_row}"


def cells(ws, name: str) -> list[str]:
    box = read_markers(ws)[name]
    return [f"{get_column_letter(c)}{r}" for r in range(box.min_row, box.max_row + 1)
            for c in range(box.min_col, box.max_col + 1)]


def ind_cell(ws, role: str, i: int) -> str:
    """The cell of the i-th indicator row (0-based) in a column role (weight, score, reason …)."""
    m = read_markers(ws)
    ind = m["PX_IND"]
    return f"{get_column_letter(ind.min_col + columns_of(m.kind).index(role))}{ind.min_row + i}"


def n_indicators(ws) -> int:
    ind = read_markers(ws)["PX_IND"]
    return ind.max_row - ind.min_row + 1


def error_cells(ws) -> list[tuple[str, object]]:
    return [(c.coordinate, c.value) for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith(ERROR_VALUES)]
