"""Score tables of evaluation reports: 小计/合计 rows, 得分率, and the 指标/得分/得分率 summary."""

from __future__ import annotations

from .. import vocabulary as V
from ..forms.model import SCORE_TABLE, Form, TableRow, Val
from .fields import cell_in, value_right_of
from .grid import Grid, canon
from .indicators import header_roles


def read_score_table(grid: Grid, header: int, last: int) -> tuple[Form, int]:
    """A table headed 一级指标 … 分值 得分 [得分率]; returns the form and its last row."""
    roles = header_roles(grid, header)
    first = (roles.get("level1") or roles.get("level3") or range(1, 2))[0]  # 指标名称 may stand alone
    form = Form(SCORE_TABLE, grid.name, header=Val(header, first, grid.raw(header, first)))
    label_cols = range(1, (roles["weight"][0] if "weight" in roles else grid.n_cols))
    end, blank = header, 0
    for r in range(header + 1, last + 1):
        texts = grid.row_texts(r)
        if not texts:
            blank += 1
            if blank >= 3:
                break
            continue
        blank = 0
        labels = [(c, canon(t)) for c, t in texts if c in label_cols]
        if not labels:
            continue
        kind = "item"
        label_c = labels[-1][0]
        for c, t in labels:
            if "小计" in t:
                kind, label_c = "subtotal", c
            elif t.startswith(V.TOTAL_WORDS):
                kind, label_c = "total", c
        cells = {k: cell_in(grid, r, roles[k]) for k in ("weight", "score", "rate") if k in roles}
        if all(v.raw is None for v in cells.values()):
            continue
        form.table.append(TableRow(kind, Val(r, label_c, grid.raw(r, label_c)), **cells))
        end = r
        if kind == "total":
            form.total_weight, form.total_score = cells.get("weight"), cells.get("score")
            break
    return form, end


def read_summary_table(grid: Grid) -> list[Form]:
    """Seed 004's shape: a row of 指标 names over rows of 分值, 得分 and 得分率 (one column each)."""
    forms = []
    for r in range(1, grid.n_rows + 1):
        for c, t in grid.row_texts(r):
            if t != "得分率":
                continue
            score_row = next((rr for rr in range(r - 1, max(r - 4, 0), -1) if grid.text(rr, c) == "得分"), None)
            if score_row is None:
                continue
            weight_row = next((rr for rr in range(score_row - 1, max(score_row - 4, 0), -1)
                               if grid.text(rr, c) == "分值"), None)
            form = Form(SCORE_TABLE, grid.name, header=Val(score_row, c, grid.raw(score_row, c)))
            for col in range(grid.span(r, c)[3] + 1, grid.n_cols + 1):
                if grid.is_merged_member(r, col):
                    continue
                rate = Val(r, col, grid.raw(r, col))
                if rate.raw is None:
                    continue
                score = Val(score_row, col, grid.raw(score_row, col))
                weight = Val(weight_row, col, grid.raw(weight_row, col)) if weight_row else None
                label = _column_label(grid, min(weight_row or score_row, score_row), col)
                kind = "total" if label.text.startswith(V.TOTAL_WORDS) else "item"
                form.table.append(TableRow(kind, label, weight, score, rate))
            if form.table:
                forms.append(form)
    return forms


def _column_label(grid: Grid, top: int, col: int) -> Val:
    for r in range(top - 1, max(top - 4, 0), -1):
        v = grid.value(r, col)
        if v is not None and not isinstance(v, (int, float)):
            return Val(r, col, v)
    return Val(top, col, None)


def read_conclusion(grid: Grid) -> tuple[Val | None, Val | None]:
    """The report's stated total (评价得分) and grade (评价等级), where present."""
    score = grade = None
    for r in range(1, grid.n_rows + 1):
        for c, t in grid.row_texts(r):
            if ("等级" in t or "等次" in t) and len(t) <= 8 and not t.startswith(("优", "良")):
                grade = grade or value_right_of(grid, r, c)
            elif t in ("评价得分", "综合得分", "综合评分", "总得分"):
                score = score or value_right_of(grid, r, c)
    return score, grade
