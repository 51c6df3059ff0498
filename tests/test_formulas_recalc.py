"""The template's formulas, proven by recalculating generated forms in LibreOffice."""

from __future__ import annotations

import pytest
from formkit import cells, error_cells, ind_cell, n_indicators, top
from openpyxl import load_workbook

from perfxl.generate import generate, generate_blank
from perfxl.vocabulary import KINDS


def _fill(path, out, funds: dict[str, float], scores: list[float | None], reasons=None):
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for name, value in funds.items():
        ws[name] = value
    for i, s in enumerate(scores):
        ws[ind_cell(ws, "score", i)] = s
    for i, text in (reasons or {}).items():
        ws[ind_cell(ws, "reason", i)] = text
    wb.save(out)
    return out, ws


def test_over_execution_is_capped_at_the_funding_weight(roster, tmp_path, recalc):
    """Seed 001's canonical slip: 186.816 spent of 176.77 earned 10.57 of 10."""
    path = generate(roster, tmp_path / "out").files[0]
    ws = load_workbook(path).worksheets[0]
    spent = cells(ws, "PX_F_SPENT")
    _, ws = _fill(path, tmp_path / "f.xlsx", {spent[0]: 186.816}, [5] * 12)
    got = recalc(tmp_path / "f.xlsx")[0].worksheets[0]
    assert round(got[top(ws, "PX_F_RATE")].value, 4) == 1.0568
    assert got[top(ws, "PX_F_SCORE")].value == 10.0
    assert got[top(ws, "PX_F_RATE")].number_format == "0.00%"


@pytest.mark.parametrize("budget,spent,scores", [
    (176.77, 186.816, [5, 5, 5, 5, 5, 5, 10, 9.8, 10, 10, 10, 10]),   # 优 with an over-execution
    (30, 29.1, [5, 5, 5, 5, 5, 5, 10, 10, 10, 10, 5, 4]),              # 良: 9.7 + 79
    (100, 60, [5, 5, 0, 5, 0, 5, 10, 10, 10, 5, 5, 10]),               # 中: 6 + 70
    (100, 10, [1, 1, 1, 1, 1, 1, 2, 2, 10, 10, 10, 10]),               # 差: 1 + 50
])
def test_totals_and_grade_follow_the_inputs(roster, tmp_path, recalc, budget, spent, scores):
    path = generate(roster, tmp_path / "out").files[0]
    ws = load_workbook(path).worksheets[0]
    funds = {cells(ws, "PX_F_BUDGET")[0]: budget, cells(ws, "PX_F_SPENT")[0]: spent}
    _fill(path, tmp_path / "f.xlsx", funds, scores)
    got = recalc(tmp_path / "f.xlsx")[0].worksheets[0]
    fund_score = round(10 * min(spent / budget, 1) + 1e-9, 2)
    total = round(fund_score + sum(scores), 2)
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    assert got[top(ws, "PX_F_SCORE")].value == pytest.approx(fund_score)
    assert got[top(ws, "PX_TOTAL_SCORE")].value == pytest.approx(total)
    assert got[top(ws, "PX_TOTAL_WEIGHT")].value == 100
    assert got[top(ws, "PX_GRADE")].value == grade


def test_level1_labels_show_their_points(roster, tmp_path, recalc):
    path = generate(roster, tmp_path / "out").files[0]
    got = recalc(path)[0].worksheets[0]
    labels = [got[ind_cell(got, "level1", i)].value for i in range(n_indicators(got))]
    assert [v for v in labels if v] == ["产出指标（50分）", "效益指标（30分）", "满意度指标（10分）"]


def test_funding_sources_check(roster, tmp_path, recalc):
    path = generate(roster, tmp_path / "out").files[0]
    ws = load_workbook(path).worksheets[0]
    budget = cells(ws, "PX_F_BUDGET")
    good = {budget[0]: 100, budget[1]: 60, budget[2]: 40, budget[3]: 0}
    bad = dict(good, **{budget[2]: 39})
    _fill(path, tmp_path / "good.xlsx", good, [])
    _fill(path, tmp_path / "bad.xlsx", bad, [])
    _fill(path, tmp_path / "total.xlsx", {budget[0]: 100, budget[1]: None, budget[2]: None, budget[3]: None}, [])
    ok, wrong, pending = (wb.worksheets[0][top(ws, "PX_F_CHECK")].value
                          for wb in recalc(tmp_path / "good.xlsx", tmp_path / "bad.xlsx", tmp_path / "total.xlsx"))
    assert ok == "相符"
    assert wrong.startswith("不符")
    assert pending.startswith("待填")   # #13: a total alone is not 相符 until its parts are typed


def test_transfer_form_computes_b_over_a_per_row(roster, tmp_path, recalc):
    path = [p for p in generate(roster, tmp_path / "out").files if "广元" in p.name][0]
    ws = load_workbook(path).worksheets[0]
    a, b = cells(ws, "PX_F_BUDGET"), cells(ws, "PX_F_SPENT")
    funds = {a[0]: 674, b[0]: 553.8, a[1]: 674, b[1]: 553.8, a[2]: 0, b[2]: 0}
    _fill(path, tmp_path / "t.xlsx", funds, [])
    got = recalc(tmp_path / "t.xlsx")[0].worksheets[0]
    rates = [got[c].value for c in cells(ws, "PX_F_RATE")]
    assert round(rates[0], 4) == 0.8217 and round(rates[1], 4) == 0.8217
    assert rates[2] in (None, "") and rates[3] in (None, "")   # 0 budget or blank: no #DIV/0!
    assert not error_cells(got)


def test_empty_forms_show_no_error_values(tmp_path, recalc):
    paths = [generate_blank(kind, tmp_path / f"{kind}.xlsx") for kind in KINDS]
    for wb in recalc(*paths):
        ws = wb.worksheets[0]
        assert not error_cells(ws)
        if ws[top(ws, "PX_F_RATE")].value is not None:
            assert ws[top(ws, "PX_F_RATE")].value == ""


def test_department_form_scores_and_checks_income_split(roster, tmp_path, recalc):
    path = [p for p in generate(roster, tmp_path / "out").files if "沅江" in p.name][0]
    ws = load_workbook(path).worksheets[0]
    income, expense = cells(ws, "PX_D_INCOME"), cells(ws, "PX_D_EXPENSE")
    funds = {cells(ws, "PX_F_SPENT")[0]: 756.78, income[0]: 756.78, expense[0]: 588.30, expense[1]: 168.48}
    _fill(path, tmp_path / "d.xlsx", funds, [15, 15, 10, 30, 10, 10])
    got = recalc(tmp_path / "d.xlsx")[0].worksheets[0]
    assert got[top(ws, "PX_F_RATE")].value == pytest.approx(1.0)
    assert got[top(ws, "PX_TOTAL_SCORE")].value == 100
    assert got[top(ws, "PX_GRADE")].value == "优"
    assert got[top(ws, "PX_F_CHECK")].value == "相符"
