"""Header fields (项目名称, 实施单位 …) and the cells under a label or a header, read by their labels."""

from __future__ import annotations

import re

from .. import vocabulary as V
from ..forms.model import Val
from .grid import Grid, canon, norm


@V.derived
def _labels() -> tuple[frozenset, tuple, re.Pattern, dict]:
    """First characters, prefixes, one anchored search and the field of each label. The search tries
    longer labels first, as the vocabulary lists them."""
    field_of: dict[str, str] = {}
    for prefix, name in V.FIELD_LABELS:
        field_of.setdefault(prefix, name)
    search = re.compile("|".join(map(re.escape, sorted(field_of, key=len, reverse=True))))
    return frozenset(p[0] for p in field_of), tuple(field_of), search, field_of


def _is_label(text: str) -> bool:
    t = canon(text)
    return t.startswith(_labels()[1])


def value_right_of(grid: Grid, row: int, col: int) -> Val:
    """The first value right of a label (an empty Val beside it when the next thing is a label)."""
    _, _, _, c2 = grid.span(row, col)
    label = grid.raw(row, col)
    for c in range(c2 + 1, grid.n_cols + 1):
        if grid.is_merged_member(row, c):
            continue
        v = grid.raw(row, c)
        if v is None or v == label:   # the label again: a merged label exported as copies of it
            continue
        # not a merged member: the cell shows its own value (grid.text and grid.val, unrolled)
        if isinstance(v, str) and _is_label(norm(v)):
            break
        return Val(row, c, v)
    return Val(row, c2 + 1, None)


def read_fields(grid: Grid, first: int, last: int) -> dict[str, Val]:
    fields: dict[str, Val] = {}
    heads, _, search, field_of = _labels()
    text_rows = grid.text_rows()
    for r in range(max(first, 1), min(last, grid.n_rows) + 1):
        for c, text in text_rows[r - 1]:
            if text[0] not in heads:
                continue
            m = search.match(text)
            if m is None or field_of[m.group()] in fields:
                continue
            name = field_of[m.group()]
            inline = _inline_value(grid, r, c)  # "项目名称：…" however long the name
            if inline is not None:
                fields[name] = inline
            elif len(text) <= len(m.group()) + 6:
                fields[name] = value_right_of(grid, r, c)
    return fields


_INLINE = re.compile(r"^[^:：]{2,12}[:：]\s*(\S.*)$", re.S)


def _inline_value(grid: Grid, row: int, col: int) -> Val | None:
    """"单位名称：黄冈市档案馆" in one cell: the value after the label's colon, else None."""
    raw = grid.raw(row, col)
    m = _INLINE.match(raw) if isinstance(raw, str) and (":" in raw or "：" in raw) else None
    return Val(row, col, m.group(1).strip()) if m else None


def span_cols(grid: Grid, row: int, col: int) -> range:
    _, c1, _, c2 = grid.span(row, col)
    return range(c1, c2 + 1)


def cell_in(grid: Grid, row: int, cols: range, with_format: bool = False) -> Val:
    """The value of a row under a (possibly merged) header: the first non-empty cell of its span.

    with_format also reads a number's format (a target like 1 shown as 100%)."""
    return cells_in(grid, row, ((cols, with_format),))[0]


def cells_in(grid: Grid, row: int, specs) -> list[Val | None]:
    """cell_in for several (columns, with_format) of one row at once (None columns give None):
    the reader asks this for every indicator and funding row."""
    values = grid.rows[row - 1] if 1 <= row <= grid.n_rows else ()
    n = len(values)
    anchors = grid._anchor if row in grid.merged_rows else None
    out = []
    for cols, with_format in specs:
        if cols is None:
            out.append(None)
            continue
        for c in cols:
            if anchors is not None:
                a = anchors.get((row, c))
                if a is not None:
                    if a[0] != row:
                        continue  # a vertical merge from another row belongs to that row
                    c = a[1]
            v = values[c - 1] if c <= n else None
            if v is not None and v != "":
                out.append(Val(row, c, v, grid.number_format(row, c) if with_format and v.__class__ is float
                               else None))
                break
        else:
            out.append(Val(row, cols.start, None))
    return out
