"""The live logic of a form: formulas, data validation, conditional formatting and protection."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markers import Box, Markers, col, columns_of

CHECK_OK = "相符"
CHECK_BAD = "不符：其中各项之和≠合计"
CHECK_PENDING = "待填：其中各项未填"  # a total alone proves nothing: not 相符 until the parts are typed
LIST_L1 = "PX_LIST_L1"
LIST_L2 = "PX_LIST_L2"


@dataclass(frozen=True)
class Group:
    """A 一级指标 block of the indicator table: its name and its rows."""

    name: str
    first: int
    last: int


def _top(box: Box) -> str:
    return f"{col(box, 0)}{box.min_row}"


def _ind_col(markers: Markers, role: str) -> str:
    return col(markers["PX_IND"], columns_of(markers.kind).index(role))


def _ind_range(markers: Markers, role: str, first: int | None = None, last: int | None = None) -> str:
    ind = markers["PX_IND"]
    c = _ind_col(markers, role)
    return f"{c}{first or ind.min_row}:{c}{last or ind.max_row}"


def _rate(budget: str, spent: str) -> str:
    # Blank, not #DIV/0!, while the clerk has not typed the amounts yet.
    return f'=IF(AND(ISNUMBER({budget}),ISNUMBER({spent})),IF({budget}=0,"",{spent}/{budget}),"")'


def _sum_check(pairs: list[tuple[str, str]]) -> str:
    """A formula saying whether each total equals the sum of its parts (ignored while blank)."""
    conds = [f"OR(COUNT({parts})=0,ROUND(SUM({parts})-{total},6)=0)" for total, parts in pairs]
    cells = ",".join(f"{t},{p}" for t, p in pairs)
    parts = ",".join(p for _, p in pairs)
    return (f'=IF(COUNT({cells})=0,"",IF(COUNT({parts})=0,"{CHECK_PENDING}",'
            f'IF(AND({",".join(conds)}),"{CHECK_OK}","{CHECK_BAD}")))')


_PENDING_BRANCH = re.compile(r'IF\(COUNT\([^()]*\)=0,"' + re.escape(CHECK_PENDING) + '",')


def earlier_spellings(formula: str) -> tuple[str, ...]:
    """The same cell's formula as an earlier perfxl wrote it: a form made last year is not "changed"
    (PX402) because the template learned since (the fund check said 相符 before it said 待填)."""
    if CHECK_PENDING not in formula:
        return ()
    return (_PENDING_BRANCH.sub("", formula, count=1)[:-1],)


def _column_parts(box: Box) -> tuple[str, str]:
    c = col(box, 0)
    return f"{c}{box.min_row}", f"{c}{box.min_row + 1}:{c}{box.max_row}"


def form_formulas(markers: Markers, groups: list[Group]) -> dict[str, str]:
    """Every formula perfxl owns in a form, by cell: what generation writes and lint expects."""
    m, out = markers, {}
    if m.kind == "transfer":
        budget, spent, rate = m["PX_F_BUDGET"], m["PX_F_SPENT"], m["PX_F_RATE"]
        for i in range(rate.max_row - rate.min_row + 1):
            r = rate.min_row + i
            out[f"{col(rate, 0)}{r}"] = _rate(f"{col(budget, 0)}{budget.min_row + i}",
                                              f"{col(spent, 0)}{spent.min_row + i}")
        if m.get("PX_F_CHECK"):
            out[_top(m["PX_F_CHECK"])] = _sum_check([_column_parts(budget), _column_parts(spent)])
        return out

    budget, spent = _top(m["PX_F_BUDGET"]), _top(m["PX_F_SPENT"])
    weight, rate, score = _top(m["PX_F_WEIGHT"]), _top(m["PX_F_RATE"]), _top(m["PX_F_SCORE"])
    out[rate] = _rate(budget, spent)
    out[score] = f'=IF(ISNUMBER({rate}),ROUND({weight}*MIN({rate},1),2),"")'
    if m.get("PX_F_CHECK"):
        if m.kind == "department":
            pairs = [(budget, m["PX_D_INCOME"].coord), (spent, m["PX_D_EXPENSE"].coord)]
        else:
            boxes = [m[k] for k in ("PX_F_INITIAL", "PX_F_BUDGET", "PX_F_SPENT") if m.get(k)]
            pairs = [_column_parts(b) for b in boxes]
        out[_top(m["PX_F_CHECK"])] = _sum_check(pairs)
    weights, scores = _ind_range(m, "weight"), _ind_range(m, "score")
    l1 = _ind_col(m, "level1")
    for g in groups:
        out[f"{l1}{g.first}"] = f'="{g.name}（"&SUM({_ind_range(m, "weight", g.first, g.last)})&"分）"'
    tw, ts = _top(m["PX_TOTAL_WEIGHT"]), _top(m["PX_TOTAL_SCORE"])
    out[tw] = f"={weight}+SUM({weights})"
    out[ts] = f'=IF(COUNT({score},{scores})=0,"",ROUND(SUM({score},{scores}),2))'
    out[_top(m["PX_GRADE"])] = (f'=IF(ISNUMBER({ts}),IF({ts}>=90,"优",IF({ts}>=80,"良",'
                                f'IF({ts}>=60,"中","差"))),"")')
    return out


def _dv(ws, kind, sqref, formula1=None, formula2=None, operator=None, error="", style="stop"):
    from openpyxl.worksheet.datavalidation import DataValidation  # writing only: lint needs the formulas

    dv = DataValidation(type=kind, operator=operator, formula1=formula1, formula2=formula2,
                        allow_blank=True, showErrorMessage=True, errorStyle=style,
                        errorTitle="perfxl", error=error)
    for ref in sqref.split():
        dv.add(ref)
    ws.add_data_validation(dv)


def _red(ws, sqref: str, formula: str) -> None:
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.styles.differential import DifferentialStyle

    dxf = DifferentialStyle(font=Font(color="9C0006", bold=True),
                            fill=PatternFill(bgColor="FFC7CE", fill_type="solid"))
    ws.conditional_formatting.add(sqref, Rule(type="expression", dxf=dxf, formula=[formula]))


def apply_checks(ws, markers: Markers) -> None:
    """Data validation and red conditional formatting a clerk sees while typing."""
    m = markers
    amount_boxes = [m[k] for k in ("PX_F_INITIAL", "PX_F_BUDGET", "PX_F_SPENT", "PX_D_INCOME",
                                   "PX_D_EXPENSE") if m.get(k)]
    if amount_boxes:
        _dv(ws, "decimal", " ".join(b.coord for b in amount_boxes), "0", operator="greaterThanOrEqual",
            error="金额须为不小于0的数字（单位：万元）")
    ind = m["PX_IND"]
    first = ind.min_row
    _dv(ws, "list", _ind_range(m, "level2"), LIST_L2, style="warning",
        error="不在常用二级指标名称中，确定使用吗？")
    if m.kind == "transfer":
        return
    w, s, r = (_ind_col(m, k) for k in ("weight", "score", "reason"))
    _dv(ws, "decimal", _ind_range(m, "weight"), "0", "100", "between", error="分值须为0到100之间的数字")
    _dv(ws, "decimal", _ind_range(m, "score"), "0", f"{w}{first}", "between",
        error="得分须为0到本行分值之间的数字")
    _red(ws, _ind_range(m, "score"), f"AND(ISNUMBER({s}{first}),ISNUMBER({w}{first}),{s}{first}>{w}{first})")
    _red(ws, _ind_range(m, "reason"),
         f'AND(ISNUMBER({s}{first}),ISNUMBER({w}{first}),{s}{first}<{w}{first},LEN(TRIM({r}{first}))=0)')
    fw, fs = _top(m["PX_F_WEIGHT"]), _top(m["PX_F_SCORE"])
    _red(ws, fs, f"AND(ISNUMBER({fs}),{fs}>{fw})")
    tw, ts = _top(m["PX_TOTAL_WEIGHT"]), _top(m["PX_TOTAL_SCORE"])
    _red(ws, tw, f"ROUND({tw},6)<>100")
    _red(ws, ts, f"AND(ISNUMBER({ts}),{ts}>{tw})")


def apply_fund_check_format(ws, markers: Markers) -> None:
    if markers.get("PX_F_CHECK"):
        top = _top(markers["PX_F_CHECK"])
        _red(ws, markers["PX_F_CHECK"].coord, f'LEFT({top},2)="不符"')


def protect(ws, formula_cells: list[str], input_boxes: list[Box]) -> None:
    """Lock formula cells, unlock inputs, and protect the sheet without a password."""
    from openpyxl.styles import Protection  # writing only

    for box in input_boxes:
        for row in ws.iter_rows(min_row=box.min_row, max_row=box.max_row,
                                min_col=box.min_col, max_col=box.max_col):
            for cell in row:
                cell.protection = Protection(locked=False)
    for coord in formula_cells:
        ws[coord].protection = Protection(locked=True)
    p = ws.protection
    p.sheet = True
    # Clerks may still resize and insert rows; what they cannot do is overwrite a formula.
    p.formatColumns = p.formatRows = p.insertRows = False
