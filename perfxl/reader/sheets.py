"""Find the forms in a workbook's grids by their labels and read them into the model."""

from __future__ import annotations

from .. import vocabulary as V
from ..forms.facts import year_in
from ..forms.model import DEPARTMENT, PROJECT, TRANSFER, Form, Val
from .fields import cell_in, read_fields, value_right_of
from .grid import Grid
from .indicators import header_block, header_hints, header_roles, is_indicator_header, read_indicators
from .money import checklist_money, find_fund_header, money_scale, read_fund
from .money_layouts import find_other_money
from .splits import nest_sub_lines, read_all_splits
from .tables import read_conclusion, read_score_table, read_summary_table


def _zone_text(grid: Grid, first: int, last: int) -> str:
    """The texts of rows first..last, tab-joined: one string to search for a keyword or a year."""
    return "\t".join(grid.joined_rows()[max(first, 1) - 1:max(last, 0)])


def _kind(grid: Grid, first: int, header: int) -> str:
    """Kind by the form's title and header labels, never by its columns: a project form may lack
    分值 or say (B/A), a transfer form may carry scores. A project may be *named* 转移支付 too."""
    joined = _zone_text(grid, first, header)  # one substring scan decides most forms before any per-cell test
    if any(w in joined for w in V.added("TRANSFER_WORDS")) or any(w in joined for w in V.TRANSFER_WORDS) and any(
            t.startswith("转移支付") and ("名称" in t or "自评表" in t or "区域" in t)
            or t.startswith("中央主管部门") or "转移支付" in t and t.endswith("自评表")
            for t in _zone_texts(grid, first, header)):
        return TRANSFER
    if any(w in joined for w in V.added("DEPARTMENT_WORDS")) or any(w in joined for w in V.DEPARTMENT_WORDS) and any(
            t.startswith(("预算部门名称", "一级预算单位名称")) or "部门整体" in t and "绩效" in t
            for t in _zone_texts(grid, first, header)):
        return DEPARTMENT
    return PROJECT


def _zone_texts(grid: Grid, first: int, last: int) -> list[str]:
    return [t for line in grid.text_rows()[max(first, 1) - 1:max(last, 0)] for _, t in line]


def _grade_after(grid: Grid, row: int, last: int) -> Val | None:
    for r in range(row, min(last, row + 4) + 1):
        for c, t in grid.row_texts(r):
            if t.startswith(V.GRADE_LABELS):
                v = value_right_of(grid, r, c)
                return v if v.raw is not None else None
    return None


def read_grid(grid: Grid) -> list[Form]:
    """Every form and score table in a sheet; an empty list for sheets that hold none."""
    # one C-level scan of the sheet's text settles almost every row
    headers = [r for r in grid.rows_with(header_hints()) if is_indicator_header(grid, r)]
    # A header repeated after a page break belongs to the table above it, not to a new form.
    forms: list[Form] = []
    prev_end = 0
    i = 0
    while i < len(headers):
        h = headers[i]
        if h <= prev_end:
            i += 1
            continue
        top, h, roles = header_block(grid, h)
        nxt = _next_form(grid, h, headers[i + 1:])
        last = (nxt - 1) if nxt else grid.n_rows
        money = find_fund_header(grid, prev_end + 1, top - 1) or find_other_money(grid, prev_end + 1, top - 1)
        if ("target" not in roles or "actual" not in roles) and money is None:
            # no money block above and no target/actual columns: an evaluation's score table
            if "weight" in roles and "score" in roles:
                form, end = read_score_table(grid, h, last)
                # named by the report's cover lines above it (项目名称：…, 被评价单位：…), if any
                form.fields = read_fields(grid, prev_end + 1, top - 1)
                form.fields.pop("total", None)
                form.year = year_in(_zone_text(grid, prev_end + 1, top - 1))
                forms.append(form)
                prev_end = end
            i += 1
            continue
        # a form, even when its indicator table lacks columns (or rows: a page cut after the header)
        form, end = _read_form(grid, prev_end + 1, top, h, roles, last, money)
        forms.append(form)
        prev_end = end
        i += 1
    if not forms:
        forms.extend(_money_only(grid) or read_summary_table(grid))
    _territories(grid, forms)
    if forms and all(f.kind == "score_table" for f in forms):
        score, grade = read_conclusion(grid)
        if grade is not None:
            forms[0].grade = grade
            forms[0].fields["stated_total"] = score
    return forms


def _money_only(grid: Grid) -> list[Form]:
    """A form whose indicators are elsewhere (a 部门整体 form's 基础数据表, a page cut after the money
    block): its fields and money still count in a roll-up."""
    money = find_fund_header(grid, 1, grid.n_rows) or find_other_money(grid, 1, grid.n_rows)
    if money is None:
        return []
    fund_header = money if isinstance(money, int) else money[0]
    fields = read_fields(grid, 1, fund_header - 1)
    if not fields.keys() & {"project", "unit"}:
        return []
    form = Form(_kind(grid, 1, fund_header), grid.name, fields=fields)
    form.year = year_in(_zone_text(grid, 1, fund_header))
    if isinstance(money, int):
        columns, form.fund = read_fund(grid, money, grid.n_rows)
        form.splits = read_all_splits(grid, form.fund, columns, money, grid.n_rows)
    else:
        form.fund = money[1]
        form.splits = nest_sub_lines(form.fund)
    form.money_scale = money_scale(grid, 1, fund_header)
    form.rows = (1, grid.n_rows)
    return [form]


def _territories(grid: Grid, forms: list[Form]) -> None:
    """Each form's rows: from its own start (the sheet's top for the first) to the next form's start."""
    starts = [1] + [f.rows[0] or f.header.row for f in forms[1:]]
    for form, start, nxt in zip(forms, starts, starts[1:] + [grid.n_rows + 1]):
        form.rows = (start, max(start, nxt - 1))


_FORM_STARTS = ("项目名称", "项目资金", "全年预算数", "绩效自评表", "预算部门名称")


def _next_form(grid: Grid, h: int, later: list[int]) -> int | None:
    """The first later indicator header that starts a new form: one with a title or 项目资金 between
    it and h, or a score table's (no target/actual columns). Other headers repeat h's after a page
    break. The rows are scanned once, however many headers repeat."""
    title = next(iter(grid.rows_with(_FORM_STARTS, h + 1)), None)
    for x in later:
        if x > h and (title is not None and title < x or not {"target", "actual"} <= header_roles(grid, x).keys()):
            return x
    return None


def _read_form(grid: Grid, first: int, top: int, header: int, roles: dict, last: int,
               money: int | tuple | None) -> tuple[Form, int]:
    """A form whose indicator header spans rows top..header (one or two rows); money: its money
    block's header row, or (row, money rows) of another layout, or None (no money block)."""
    # 指标解释 marks the national checklist, the transfer-payment form of the ministry's own template
    kind = TRANSFER if "explain" in roles else _kind(grid, first, top)
    form = Form(kind, grid.name, columns={k: v[0] for k, v in roles.items()})
    form.rows = (first, header)
    form.year = year_in(_zone_text(grid, first, top - 1))
    form.fields = read_fields(grid, first, top - 1)
    if isinstance(money, int):
        columns, form.fund = read_fund(grid, money, top - 1)
        form.splits = read_all_splits(grid, form.fund, columns, money, top - 1)
    elif money is not None:
        form.fund = money[1]
        form.splits = nest_sub_lines(form.fund)
    if money is not None:
        form.money_scale = money_scale(grid, first, money if isinstance(money, int) else money[0])
    l1 = (roles.get("level1") or roles["level3"])[0]
    at = next((r for r in (top, header) if grid.raw(r, l1) is not None), top)
    form.header = Val(at, l1, grid.raw(at, l1))
    form.indicators, form.level1s, end = read_indicators(grid, header, roles, last)
    if not form.fund and "explain" in roles:
        form.fund = checklist_money(grid, header, end)
        form.splits = nest_sub_lines(form.fund)
    stated = form.fields.pop("total", None)  # a total printed above the tables (自评总分: 95), if any
    form.total_score = stated if stated is not None and not stated.empty else None
    if end <= last and end > header and any(
            t.startswith(V.TOTAL_WORDS) for _, t in grid.row_texts(end)):
        if "weight" in roles:
            form.total_weight = cell_in(grid, end, roles["weight"])
        if "score" in roles:
            form.total_score = cell_in(grid, end, roles["score"])
        form.grade = _grade_after(grid, end + 1, last)
    if "reason" not in roles:
        form.reason = _form_reason(grid, end + 1, last)
    return form, end


def _form_reason(grid: Grid, first: int, last: int) -> Val | None:
    """The one 偏差原因 cell of a form without a reason column, in the rows under its table."""
    for r in range(first, min(last, first + 6) + 1):
        for c, t in grid.row_texts(r):
            if t.startswith(V.FORM_REASON_LABELS):
                return value_right_of(grid, r, c)
    return None
