"""A sheet as a grid of values with merged ranges: what the reader works on, whatever the source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

_SPACE = re.compile(r"[\s\u3000]+")


def norm(value) -> str:
    """Text of a cell with all whitespace removed ("年初 预算数" → "年初预算数")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACE.sub("", str(value))


def coord(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


@dataclass
class Grid:
    """Cell values of one sheet, 1-based, with merged ranges resolved to their top-left cell."""

    name: str
    rows: list[list]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False

    def __post_init__(self):
        self.n_rows = len(self.rows)
        self.n_cols = max((len(r) for r in self.rows), default=0)
        self._anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self._span: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for r1, c1, r2, c2 in self.merged:
            self._span[(r1, c1)] = (r1, c1, r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self._anchor[(r, c)] = (r1, c1)

    def raw(self, row: int, col: int):
        """The value stored in exactly this cell (None for empty or outside)."""
        if 1 <= row <= self.n_rows:
            values = self.rows[row - 1]
            if 1 <= col <= len(values):
                v = values[col - 1]
                return None if v == "" else v
        return None

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        return self._anchor.get((row, col), (row, col))

    def value(self, row: int, col: int):
        """The value shown in a cell: a merged range shows its top-left value in every member."""
        return self.raw(*self.anchor(row, col))

    def text(self, row: int, col: int) -> str:
        return norm(self.value(row, col))

    def span(self, row: int, col: int) -> tuple[int, int, int, int]:
        """The merged range a cell belongs to, or the cell itself."""
        return self._span.get(self.anchor(row, col), (row, col, row, col))

    def is_merged_member(self, row: int, col: int) -> bool:
        return (row, col) in self._anchor

    def number_format(self, row: int, col: int) -> str | None:
        return self.formats.get(self.anchor(row, col))

    def val(self, row: int, col: int):
        """The cell as a model value (raw content and number format)."""
        from .model import Val

        return Val(row, col, self.raw(row, col), self.formats.get((row, col)))

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        """(column, normalised text) of the non-empty anchor cells of a row."""
        out = []
        for c in range(1, self.n_cols + 1):
            if self.is_merged_member(row, c):
                continue
            t = norm(self.raw(row, c))
            if t:
                out.append((c, t))
        return out
