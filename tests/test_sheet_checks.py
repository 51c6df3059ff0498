"""In-sheet checks a clerk sees while typing: conditional formatting, validation, protection."""

from __future__ import annotations

from formkit import ind_cell, top
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from perfxl.generate import generate
from perfxl.template.logic import form_formulas
from perfxl.vocabulary import LEVEL2_NAMES


def _red_cells(path, tmp_path, recalc) -> set[str]:
    """Cells whose red conditional format fires, by evaluating each rule in LibreOffice.

    Every rule's formula is copied, translated as Excel applies it, into a scratch cell per
    target cell; the engine's TRUE/FALSE there is what the clerk's cell colour shows.
    """
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    scratch, col = {}, ws.max_column + 5
    for cf in ws.conditional_formatting:
        c1, r1, c2, r2 = range_boundaries(str(cf.sqref).split()[0])
        origin = f"{get_column_letter(c1)}{r1}"
        for rule in cf.rules:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    target = f"{get_column_letter(c)}{r}"
                    formula = Translator("=" + rule.formula[0], origin=origin).translate_formula(target)
                    # Scratch cells sit right of the form; relative refs must keep pointing left.
                    cell = ws.cell(len(scratch) + 1, col)
                    cell.value = formula
                    scratch[cell.coordinate] = target
    out = tmp_path / "cf.xlsx"
    wb.save(out)
    got = recalc(out)[0].worksheets[0]
    return {target for coord, target in scratch.items() if got[coord].value is True}


def test_red_marks_overscore_missing_reason_and_bad_weight_total(roster, tmp_path, recalc):
    path = generate(roster, tmp_path / "out").files[0]
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws[ind_cell(ws, "score", 0)] = 15          # 得分 > 分值 5
    ws[ind_cell(ws, "score", 1)] = 4           # 得分 < 分值, no reason
    ws[ind_cell(ws, "score", 2)] = 4           # 得分 < 分值, with a reason
    ws[ind_cell(ws, "reason", 2)] = "年底追加未来得及支付"
    ws[ind_cell(ws, "score", 3)] = 5           # full marks
    ws[ind_cell(ws, "weight", 4)] = 6          # weights now add to 101
    wb.save(tmp_path / "filled.xlsx")
    red = _red_cells(tmp_path / "filled.xlsx", tmp_path, recalc)
    assert red == {ind_cell(ws, "score", 0), ind_cell(ws, "reason", 1), top(ws, "PX_TOTAL_WEIGHT")}


def test_clean_form_has_no_red(roster, tmp_path, recalc):
    path = generate(roster, tmp_path / "out").files[0]
    assert _red_cells(path, tmp_path, recalc) == set()


def test_validation_bounds_score_by_its_row_weight_and_lists_level2_names(roster, tmp_path, recalc):
    path = generate(roster, tmp_path / "out").files[0]
    ws = load_workbook(path).worksheets[0]
    dvs = {dv.type + ":" + str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    score_range = f"{ind_cell(ws, 'score', 0)}:{ind_cell(ws, 'score', 11)}"
    score = dvs[f"decimal:{score_range}"]
    assert (score.operator, score.formula1, score.formula2) == ("between", "0", ind_cell(ws, "weight", 0))
    level2 = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"][0]
    assert ind_cell(ws, "level2", 0) in str(level2.sqref)
    # The list points at a range (not an inline list Excel would repair); prove it resolves.
    probe = load_workbook(path)
    probe.worksheets[0]["Z1"] = f"=COUNTA({level2.formula1})"
    probe.worksheets[0]["Z2"] = f"=INDEX({level2.formula1},1)"
    probe.save(tmp_path / "probe.xlsx")
    got = recalc(tmp_path / "probe.xlsx")[0].worksheets[0]
    assert (got["Z1"].value, got["Z2"].value) == (len(LEVEL2_NAMES), LEVEL2_NAMES[0])
    amounts = [dv for dv in ws.data_validations.dataValidation if dv.operator == "greaterThanOrEqual"]
    assert amounts and top(ws, "PX_F_SPENT") in str(amounts[0].sqref)


def test_formula_cells_locked_inputs_unlocked_sheet_protected_without_password(roster, tmp_path):
    path = generate(roster, tmp_path / "out").files[0]
    ws = load_workbook(path).worksheets[0]
    assert ws.protection.sheet and not ws.protection.password
    formula_cells = [c for row in ws.iter_rows() for c in row
                     if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formula_cells) >= 8
    assert all(c.protection.locked for c in formula_cells)
    for role in ("level3", "target", "actual", "weight", "score", "reason"):
        assert not ws[ind_cell(ws, role, 0)].protection.locked, role
    for name in ("PX_PROJECT", "PX_F_BUDGET", "PX_F_SPENT", "PX_GOAL_PLAN"):
        assert not ws[top(ws, name)].protection.locked, name


def test_every_owned_formula_is_in_the_sheet(roster, tmp_path):
    """The formulas lint will expect are exactly those generation wrote."""
    from perfxl.template.logic import Group
    from perfxl.template.markers import read_markers

    path = generate(roster, tmp_path / "out").files[0]
    ws = load_workbook(path).worksheets[0]
    m = read_markers(ws)
    first = m["PX_IND"].min_row  # the roster plans 8 产出, 3 效益 and 1 满意度 rows
    groups = [Group("产出指标", first, first + 7), Group("效益指标", first + 8, first + 10),
              Group("满意度指标", first + 11, first + 11)]
    expected = form_formulas(m, groups)
    assert len(expected) == 9  # rate, fund score, source check, 3 labels, 2 totals, grade
    assert {c: ws[c].value for c in expected} == expected
