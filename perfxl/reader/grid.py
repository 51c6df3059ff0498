"""A sheet as a grid of values with merged ranges: what the reader works on, whatever the source."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, count
from operator import add

from ..forms.cells import Val, canon, norm  # noqa: F401 - canon: the reader's modules fold labels with it
from ..vocabulary import LABEL_FOLD


def any_of(words: tuple[str, ...]) -> re.Pattern:
    """One compiled search for any of the words: a C-level scan where a Python loop of `in` tests
    per row was a tenth of the reader's time."""
    pattern = _ANY.get(words)
    if pattern is None:
        if len(_ANY) > 64:  # word tuples change only when a bureau's vocabulary is applied
            _ANY.clear()
        pattern = _ANY[words] = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    return pattern


_ANY: dict[tuple, re.Pattern] = {}


@dataclass
class Grid:
    """Cell values of one sheet, 1-based, with merged ranges resolved to their top-left cell."""

    name: str
    rows: list[list]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False
    load_formats: object = None  # callable filling .formats of every grid of the book, once

    def __post_init__(self):
        self.n_rows = len(self.rows)
        self.n_cols = max(map(len, self.rows), default=0)
        self._texts: list | None = None
        self._found: dict[tuple, list[int]] = {}  # the sheet's rows holding any of the words, by words
        self._anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self._span: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for r1, c1, r2, c2 in self.merged:
            # clipped to the cells that hold data: a merge over a whole sheet (A1:XFD1048576, a few
            # bytes in a file) would otherwise index seventeen billion members
            r2, c2 = min(r2, max(self.n_rows, r1)), min(c2, max(self.n_cols, c1))
            self._span[(r1, c1)] = (r1, c1, r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self._anchor[(r, c)] = (r1, c1)
        self.merged_rows = frozenset(r for r, _ in self._anchor)  # rows holding a merged member

    def set(self, row: int, col: int, value) -> None:
        """Put a value into the grid (a computed formula result), keeping its indexes right."""
        while len(self.rows) < row:
            self.rows.append([])
        line = self.rows[row - 1]
        line.extend([""] * (col - len(line)))
        line[col - 1] = value
        self.n_rows = len(self.rows)
        self.n_cols = max(self.n_cols, len(line))
        self._texts = None
        self._found = {}

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
        at = (row, col)
        return self._span.get(self._anchor.get(at, at), (row, col, row, col))  # anchor(), inlined

    def is_merged_member(self, row: int, col: int) -> bool:
        return (row, col) in self._anchor

    def number_format(self, row: int, col: int) -> str | None:
        """A cell's number format where perfxl knows it (percent cells); read on first use."""
        if self.load_formats is not None:
            load, self.load_formats = self.load_formats, None
            load()
        return self.formats.get(self.anchor(row, col)) if self.formats else None

    def val(self, row: int, col: int, with_format: bool = False):
        """The cell as a model value; with_format adds its number format (costs a package read)."""
        raw = self.raw(row, col)
        fmt = self.number_format(row, col) if with_format and raw.__class__ is float else None
        return Val(row, col, raw, fmt)

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        """(column, normalised text) of the non-empty anchor cells of a row (see norm, canon);
        numbers show as "#"."""
        if self._texts is None:
            self._texts = self._all_texts()
        return self._texts[row - 1] if 1 <= row <= self.n_rows else []

    def row_joined(self, row: int) -> str:
        """The row's texts joined by tabs: one substring test instead of one per cell."""
        if self._texts is None:
            self._texts = self._all_texts()
        return self._joined[row - 1] if 1 <= row <= self.n_rows else ""

    def text_rows(self) -> list[list[tuple[int, str]]]:
        """Every row's texts as row_texts gives them (row 1 first): for passes over many rows."""
        if self._texts is None:
            self._texts = self._all_texts()
        return self._texts

    def joined_rows(self) -> list[str]:
        """Every row's texts joined by tabs (row 1 first): a sheet scanned with C substring tests."""
        if self._texts is None:
            self._texts = self._all_texts()
        return self._joined

    def beside(self, row: int, step: int) -> int:
        """The next row up (step -1) or down (+1) that holds anything, past an empty row or two: a
        form converted from a PDF may put one between the two rows of a header, or between rows."""
        r = row + step
        for _ in range(2):
            if not 1 <= r <= self.n_rows or self.row_texts(r):
                break
            r += step
        return r

    def rows_with(self, words: tuple[str, ...], first: int = 1, last: int | None = None) -> list[int]:
        """The rows first..last (in order) whose joined text holds one of the words: a C substring
        search of the sheet's text for each word (a regex of the words tests it a character at a time)."""
        if self._texts is None:
            self._texts = self._all_texts()
        if first <= 1 and last is None:  # the whole sheet: asked again by later passes, searched once
            rows = self._found.get(words)
            if rows is None:
                rows = self._found[words] = self._rows_with(words, 1, self.n_rows)
            return list(rows)
        return self._rows_with(words, max(first, 1), self.n_rows if last is None else min(last, self.n_rows))

    def _rows_with(self, words: tuple[str, ...], first: int, last: int) -> list[int]:
        text, starts = self._sheet
        if first > last:
            return []
        pos, end = starts[first - 1], starts[last] - 1
        rows = set()
        for word in words:
            at = text.find(word, pos, end)
            while at >= 0:
                row = bisect_right(starts, at)
                rows.add(row)
                at = text.find(word, starts[row], end)
        return sorted(rows)

    def _all_texts(self) -> list[list[tuple[int, str]]]:
        # Computed once per sheet: the reader asks for row texts many times over.
        members, merged_rows = self._anchor, self.merged_rows
        out = []
        joined = self._joined = []
        for r, values in enumerate(self.rows, start=1):
            merged = r in merged_rows  # most rows hold no merged member: no per-cell lookup there
            line = []
            texts = []
            for c, v in enumerate(values, 1):
                if v.__class__ is str:
                    if not v or merged and (r, c) in members:
                        continue
                    # most labels are letters only (isalnum is a C test) and most other texts hold
                    # nothing to fold (one C scan; translate looks each character up in a table);
                    # a paragraph is folded each time, not kept
                    t = (v if v.isalnum() or _TO_FOLD.search(v) is None
                         else _folded(v) if len(v) <= _SHORT else v.translate(LABEL_FOLD))
                    if t:
                        line.append((c, t))
                        texts.append(t)
                elif v is not None and not (merged and (r, c) in members):
                    line.append((c, "#"))  # a number: never a label; marks the row as not empty
                    texts.append("#")
            out.append(line)
            joined.append("\t".join(texts))
        # the sheet's text, rows joined by newlines, and where each row starts in it (row r at
        # starts[r - 1]; a row's text and its newline add len + 1)
        self._sheet = "\n".join(joined), list(map(add, accumulate(map(len, joined), initial=0), count()))
        return out


_SHORT = 64  # characters of a text worth keeping folded
_TO_FOLD = re.compile("[" + re.escape("".join(map(chr, LABEL_FOLD))) + "]")  # what LABEL_FOLD changes


@lru_cache(maxsize=8192)  # the same labels and targets recur across a county's forms: each folded once
def _folded(text: str) -> str:
    """What norm and canon do to a label, in one C pass (translate was most of the row texts' time)."""
    return text.translate(LABEL_FOLD)
