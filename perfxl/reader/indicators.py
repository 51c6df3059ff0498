"""The indicator table: its header over one or two rows, its rows, split targets and groups."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocabulary as V
from ..forms.model import Indicator, Level1, Val
from ..targets import parse_number
from .fields import cells_in, span_cols
from .grid import Grid, any_of
from .rowroles import label_points, mark_groups, mark_parents, weights_from_labels


def header_roles(grid: Grid, row: int) -> dict[str, range]:
    """The columns a header row names, by role; the first column of a role counts, but for 分值
    written after each level (一级|分值|二级|分值|三级|分值|得分, 海南's older 自评表) a row's points
    are those of its deepest level."""
    roles: dict[str, range] = {}
    after = None   # the role of the labelled column before this one
    for c, text in grid.row_texts(row):
        role = _column_role(text, V.VERSION[0])
        if role is not None and (role not in roles or role == "weight" and after in ("level2", "level3")):
            roles[role] = span_cols(grid, row, c)
        after = role
    return roles


@lru_cache(maxsize=2048)  # a template's header labels recur in every form: each looked up once
def _column_role(text: str, version: int) -> str | None:
    """The column a header label names, by the first key it contains; None for a label that names
    none, or the whole table ("年度绩效指标完成情况", "绩效指标(90分)")."""
    if _BLOCK_LABEL.fullmatch(text):
        return None
    return next((role for key, role in V.INDICATOR_COLUMNS if key in text), None)


_BLOCK_LABEL = re.compile(r"(年度)?绩效指标(完成情况)?(\(\d+(\.\d+)?分\))?"
                          r"|(项目)?绩效(定量|定性)?目标(\(指标\))?及(实施计划)?完成情况")  # 湖南's older report
_GROUP_WORDS = ("绩效指标", "年度绩效指标", "年度指标", "指标", "评价指标")  # spans over a header's columns


@V.derived
def header_hints() -> tuple[str, ...]:
    """Words one of which an indicator header holds (一级, 三级, 指标名称 and a bureau's own words for
    those columns): a sheet's rows are sifted by them before any closer look."""
    return tuple(dict.fromkeys(["一级", "三级"] + [w for w, role in V.INDICATOR_COLUMNS
                                                 if role in ("level1", "level3")]))


def is_indicator_header(grid: Grid, row: int) -> bool:
    """The header row of an indicator table: 一级 and 二级/三级 columns, or a 三级 (指标名称) column
    with target, actual or weight columns beside it; labels only, no numbers."""
    if not any_of(header_hints()).search(grid.row_joined(row)):
        return False
    texts = [t for _, t in grid.row_texts(row)]
    if "#" in texts:
        return False
    if any("一级指标" in t or t == "一级" for t in texts) and any("二级指标" in t or "三级指标" in t for t in texts):
        return True
    roles = header_roles(grid, row)
    return "level3" in roles and len(roles.keys() & {"target", "actual", "weight", "score"}) >= 2


def _continues_header(grid: Grid, row: int) -> dict[str, range] | None:
    """The roles of a row that completes a two-row header (年度指标值 over 指标性质/指标值/度量单位,
    or 实际完成值/分值/得分 merged down beside them), else None."""
    if not 1 <= row <= grid.n_rows:
        return None
    joined = grid.row_joined(row)
    column_word = any_of(_column_words()).search
    if not column_word(joined) or "#" in joined.split("\t"):
        return None  # most rows beside a header (a title, the data) are settled here
    roles = header_roles(grid, row)
    if not roles:
        return None
    texts = grid.row_texts(row)
    words = sum(1 for _, t in texts if column_word(t) or t.startswith(_GROUP_WORDS))
    return roles if words == len(texts) and len(roles) >= 2 else None


def header_block(grid: Grid, row: int) -> tuple[int, int, dict[str, range]]:
    """(first row, last row, column roles) of the indicator header at row, over one or two rows.
    The row nearer the data names a column more finely (指标值 under 年度指标值), so it wins."""
    roles = header_roles(grid, row)
    up, down = grid.beside(row, -1), grid.beside(row, 1)
    above = _continues_header(grid, up)
    if above is not None:
        return up, row, {**above, **roles}
    below = _continues_header(grid, down)
    if below is not None and not is_indicator_header(grid, down):
        return row, down, {**roles, **below}
    return row, row, roles


@V.derived
def _column_words() -> tuple[str, ...]:
    return tuple(k for k, _ in V.INDICATOR_COLUMNS)


@V.derived
def _end_heads() -> frozenset[str]:
    """First characters of the words a row of the table's end starts with (总分, 填表人, 项目名称 …)."""
    return frozenset(w[0] for w in (*V.TOTAL_WORDS, *V.STOP_WORDS, *V.NOTE_WORDS, "项目名称"))


ROW_ROLES = ("level3", "target", "actual", "weight", "score", "reason", "comparator", "unit")
FORMATTED = (False, True, True, False, False, False, False, False)  # targets and actuals need formats


def read_indicators(grid: Grid, header: int, roles: dict[str, range], last: int):
    """Indicator rows, 一级 blocks and the row where the table ended (总分 row or last row)."""
    indicators: list[Indicator] = []
    level1s: list[Level1] = []
    l1_cols, l2_cols = roles.get("level1"), roles.get("level2")
    start_col = min(cols[0] for cols in roles.values())
    cur_l1: Val | None = None
    cur_l2: Val | None = None
    split = "comparator" in roles or "unit" in roles  # 指标性质 / 度量单位 columns to join into the target
    row_cols = [(roles.get(k), fmt) for k, fmt in zip(ROW_ROLES, FORMATTED)][:8 if split else 6]
    end = last
    skip = start_col - 1
    text_rows, joined = grid.text_rows(), grid.joined_rows()
    # rows that may repeat the header: the sheet's search for headers, made once (read_grid's)
    hinted = {r for r in grid.rows_with(header_hints()) if header < r <= last}
    heads = _end_heads()
    for r in range(header + 1, min(last, grid.n_rows) + 1):
        texts = text_rows[r - 1]
        if not texts:
            continue
        whole = texts[0][1]
        first = whole if texts[0][0] >= skip else next((t for c, t in texts if c >= skip), "")
        if not first:
            continue
        if whole[0] in heads or first[0] in heads:  # most rows start with no such word: no prefix tests
            if first.startswith(V.TOTAL_WORDS) or whole.startswith(V.TOTAL_WORDS):
                end = r
                break
            if whole.startswith(V.STOP_WORDS) or whole.startswith("项目名称"):
                end = r - 1
                break
            if whole.startswith(V.NOTE_WORDS):
                continue
        if "绩效自评表" in whole:
            end = r - 1
            break
        if r in hinted and is_indicator_header(grid, r):
            continue  # a header repeated after a page break
        l1 = _level_cell(grid, r, l1_cols, cur_l1)
        # A new 一级 block starts at a new label cell, unless the label is repeated on every row
        # (_level_cell gives the carried cell itself back for its position, so identity tells).
        if l1 is not None and (cur_l1 is None or l1 is not cur_l1 and l1.text != cur_l1.text):
            cur_l1, cur_l2 = l1, None
            level1s.append(Level1(l1, V.POINTS.sub("", l1.text), label_points(l1.text)))
        l2 = _level_cell(grid, r, l2_cols, cur_l2)
        cur_l2 = l2
        cells = cells_in(grid, r, row_cols)
        ind = Indicator(r, cur_l1, l2, *cells[:6])
        if split:
            _join_split_target(ind, cells[6], cells[7])
        # one test of the row (and of a 二级 merged down from above) before any per-cell one
        if "不适用" in joined[r - 1] or l2 is not None and l2.row != r and "不适用" in l2.text:
            for v in (ind.level2, ind.level3, ind.target):
                if v is not None and v.raw.__class__ is str and "不适用" in v.raw and V.NOT_APPLICABLE in v.text:
                    ind.not_applicable = True
                    break
        indicators.append(ind)
        if level1s:
            level1s[-1].rows.append(ind)
    mark_groups(indicators)
    mark_parents(indicators)
    if "weight" not in roles:
        weights_from_labels(indicators, level1s)
    return indicators, level1s, end


def _number_text(value) -> str:
    return f"{value:.10g}" if isinstance(value, float) else str(value).strip()


def _join_split_target(ind: Indicator, comparator: Val | None, unit: Val | None) -> None:
    """四川/云南 forms split the target into 指标性质 (≥), 指标值 (95) and 度量单位 (%): the target
    is their combination, and the unit is the actual's too (实际完成值 95 reads 95%)."""
    sign = comparator.text if comparator is not None and comparator.raw is not None else ""
    measure = unit.text if unit is not None and unit.raw is not None else ""
    t = ind.target
    if t is not None and t.raw is not None and not t.empty:
        text = _number_text(t.raw)
        ind.target = Val(t.row, t.col, f"{'' if text[:1] in '<>=≥≤≧≦﹦＝' else sign}{text}"
                         f"{'' if text.endswith(measure) else measure}")
    a = ind.actual
    # the number alone, typed as text too (72,890 with thousands separators, a Chinese input method's
    # full-width ２５.６): a number the target parser reads with no unit of its own
    if measure and a is not None and a.number is not None and (
            isinstance(a.raw, (int, float)) or (q := parse_number(a.raw)) is not None and q.raw_unit is None):
        ind.actual = Val(a.row, a.col, f"{_number_text(a.raw)}{measure}")


def _level_cell(grid: Grid, row: int, cols: range | None, carried: Val | None) -> Val | None:
    """The 一级/二级 cell of a row: its own or merged value, else the one written above it."""
    if cols is None:
        return carried
    if row not in grid.merged_rows and len(cols) == 1:  # most rows: the cell itself (carried is from above)
        values = grid.rows[row - 1]
        c = cols.start
        v = values[c - 1] if c <= len(values) else None
        return Val(row, c, v) if v is not None and (v.__class__ is not str or v.strip()) else carried
    anchors = grid._anchor if row in grid.merged_rows else None
    for c in cols:
        ar, ac = anchors.get((row, c), (row, c)) if anchors else (row, c)
        if carried is not None and ac == carried.col and ar == carried.row:
            return carried  # a label merged down from above: the cell already read
        values = grid.rows[ar - 1] if ar <= grid.n_rows else ()
        v = values[ac - 1] if ac <= len(values) else None
        if v is not None and (v.__class__ is not str or v.strip()):
            return Val(ar, ac, v)
    return carried
