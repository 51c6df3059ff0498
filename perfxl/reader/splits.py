"""The splits under a money block that must add up: 按收入性质/按支出性质 parts and 其中 sub-fund lines."""

from __future__ import annotations

import re

from .. import vocabulary as V
from ..forms.model import FundRow, Split, Val
from .grid import Grid

AMOUNT_COLUMNS = ("initial", "budget", "received", "spent")
# An amount typed into the label after its colon (其中:基本支出:1768.16万元; colons are folded away).
_INLINE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:万元|元)?$")
_HINTS = tuple(h for h, _ in V.SPLIT_HEADINGS)


def _heading(text: str) -> str | None:
    text = text.removeprefix("其中")
    return next((kind for word, kind in V.SPLIT_HEADINGS if text.startswith(word)), None)


def _after_heading(text: str) -> str:
    """What a heading's cell says after the heading (按收入性质分一般公共预算 → 一般公共预算)."""
    text = text.removeprefix("其中")
    for word, _ in V.SPLIT_HEADINGS:
        if text.startswith(word):
            return text[len(word):].removeprefix("分").removeprefix("其中")
    return ""


def read_splits(grid: Grid, fund: dict[str, FundRow], columns: dict[str, range], first: int,
                last: int) -> list[Split]:
    """The 按收入性质/按支出性质 splits in rows first..last (under the money block's rows), each a
    heading over its parts; a row of two headings splits the row into two bands side by side."""
    total = fund.get("total")
    last = min(last, first + 14, grid.n_rows)
    if total is None or not grid.rows_with(_HINTS, first, last):
        return []  # the one C scan most forms get
    splits: list[Split] = []
    bands: list[tuple[int, int, Split]] = []
    for r in range(max(first, 1), last + 1):
        texts = [(c, t) for c, t in grid.row_texts(r) if t != "#"]
        if any(t.startswith(V.SPLIT_STOPS) for _, t in texts):
            break
        heads = [(c, kind) for c, t in texts if (kind := _heading(t))]
        if heads:
            bounds = [c for c, _ in heads] + [grid.n_cols + 1]
            if len(heads) == 1:
                bounds[0] = 1  # one heading over the row: the whole row is its band
            bands = []
            for (c, kind), start, end in zip(heads, bounds, bounds[1:]):
                split = Split(kind, grid.val(r, c), total)
                splits.append(split)
                bands.append((start, end - 1, split))
                rest = _after_heading(dict(texts)[c])
                if rest:  # 按收入性质分：一般公共预算 | 756.78: the heading's cell is its first part too
                    split.parts.append(_part(grid, r, (c, rest), start, end - 1, columns))
            continue
        if not bands:
            continue
        labelled = False
        for start, end, split in bands:
            label = next(((c, t) for c, t in texts if start <= c <= end), None)
            if label is None:
                continue
            labelled = True
            split.parts.append(_part(grid, r, label, start, end, columns))
        if not labelled:
            break
    for split in splits:
        _one_amount_each(split, columns)
    return [s for s in splits if s.parts]


def _part(grid: Grid, row: int, label: tuple[int, str], start: int, end: int,
          columns: dict[str, range]) -> FundRow:
    """A part's row: its amounts in the money columns inside its band, else the one amount right of its
    label or typed into it."""
    c, text = label
    cells = {}
    for role in AMOUNT_COLUMNS:
        cols = columns.get(role)
        if cols is not None and start <= cols[0] <= end and cols[0] > grid.span(row, c)[3]:
            v = grid.val(row, cols[0])
            if v.number is not None:
                cells[role] = v
    if not cells:
        for col in range(grid.span(row, c)[3] + 1, end + 1):
            v = grid.val(row, col)
            if v.number is not None:
                cells["amount"] = v
                break
        else:
            m = _INLINE.search(text)
            if m and len(m.group(1)) < len(text):
                cells["amount"] = Val(row, c, float(m.group(1)))
    return FundRow("part", grid.val(row, c), cells)


def _one_amount_each(split: Split, columns: dict[str, range]) -> None:
    """A split whose parts show one amount each (沅江's 一般公共预算: 756.78, whatever column it stands
    in) names no column: each part's amount is its "amount", compared with the whole's amounts."""
    if any(len(p.cells) > 1 for p in split.parts):
        return
    for part in split.parts:
        if part.cells:
            (_, val), = part.cells.items()
            part.cells = {"amount": val}


def nest_sub_lines(rows: dict[str, FundRow]) -> list[Split]:
    """Mark 其中 lines under a source (本年财政拨款 80, 其中：中央资金 50, 省级资金 30) as lines of it
    (FundRow.parent, so the source is counted once) and return each group as a split of its parent.
    The first row under a total is a top source even when it says 其中 (其中：本年财政拨款)."""
    splits: list[Split] = []
    top: tuple[str, FundRow] | None = None
    group: Split | None = None
    for key, row in rows.items():
        if row.role == "total":
            top = group = None
            continue
        label = row.label.text.removeprefix("(").lstrip("0123456789.、")
        if top is not None and label.startswith("其中") and row.role != "part" or (
                group is not None and row.role in V.SUB_FUND_ROLES):
            if group is None:
                group = Split("sub", top[1].label, top[1])
                splits.append(group)
            row.parent = top[0]
            group.parts.append(row)
            continue
        top, group = (key, row), None
    return splits


def nest_split_lines(split: Split) -> list[Split]:
    """Inside a split, 人员经费/公用经费 are lines of 基本支出, and 其中 lines of the part above them:
    kept as splits of their own, taken out of the split's parts."""
    subs: list[Split] = []
    kept: list[FundRow] = []
    group: Split | None = None
    for i, part in enumerate(split.parts):
        text = part.label.text
        line = i > 0 and (text.startswith("其中") or any(w in text for w in V.SUB_LINE_WORDS))
        if line and (group is not None or kept):
            if group is None:
                group = Split("sub", kept[-1].label, kept[-1])
                subs.append(group)
            group.parts.append(part)
            continue
        kept.append(part)
        group = None
    split.parts = kept
    return subs


def read_all_splits(grid: Grid, fund: dict[str, FundRow], columns: dict[str, range], header: int,
                    last: int) -> list[Split]:
    """Sub-fund lines of the money block whose header is at row header, then the department splits
    under its rows (up to row last), each with its own lines."""
    out = nest_sub_lines(fund)
    first = max([header, *(row.label.row for row in fund.values())]) + 1
    for split in read_splits(grid, fund, columns, first, last):
        subs = nest_split_lines(split)
        out.append(split)
        out.extend(subs)
    return out
