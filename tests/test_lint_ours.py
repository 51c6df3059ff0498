"""Forms made from perfxl's template: found by their markers and checked for formula integrity."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from conftest import JZ_FORM, JZ_INDICATORS, write_roster
from formkit import cells, ind_cell, top
from openpyxl import load_workbook

from perfxl.generate import generate
from perfxl.lint import lint_paths

SCORES = [r[6] for r in JZ_INDICATORS]


def _filled(tmp_path: Path, spent: float = 176.77) -> Path:
    path = generate(write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS), tmp_path / "out").files[0]
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for c, v in zip(cells(ws, "PX_F_BUDGET"), (176.77, 176.77, 0, 0)):
        ws[c] = v
    for c, v in zip(cells(ws, "PX_F_SPENT"), (spent, spent, 0, 0)):
        ws[c] = v
    for i, s in enumerate(SCORES):
        ws[ind_cell(ws, "score", i)] = s
        ws[ind_cell(ws, "actual", i)] = ws[ind_cell(ws, "target", i)].value.lstrip("≥≤")
    out = tmp_path / "金寨县医疗保障局2022年度绩效自评表.xlsx"
    wb.save(out)
    return out


def _calculated(recalc, path: Path) -> Path:
    recalc(path)
    done = path.parent / "recalc" / path.name
    shutil.copy(done, path)
    return path


def test_a_filled_and_calculated_form_is_clean(tmp_path, recalc, monkeypatch):
    path = _calculated(recalc, _filled(tmp_path))
    # Saved results of an automatically calculated workbook are trusted: nothing is recomputed.
    import perfxl.evaluate as evaluate  # where the reader takes it from, when a book needs it

    monkeypatch.setattr(evaluate, "compute_formulas", lambda p: (_ for _ in ()).throw(AssertionError(p)))
    report = lint_paths([path])
    assert report.flatten(("rule", "cell")) == []
    assert report.files[0].forms[0].total_score == 100 and report.files[0].forms[0].grade == "优"


def test_typed_constant_over_a_formula_is_px401(tmp_path, recalc):
    path = _calculated(recalc, _filled(tmp_path, spent=186.816))
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    score = top(ws, "PX_F_SCORE")
    ws[score] = 10.57
    wb.save(path)
    path = _calculated(recalc, path)
    rows = lint_paths([path], select=["PX4", "PX102"]).flatten(("rule", "cell"))
    assert ["PX401", score] in rows and ["PX102", score] in rows


def test_changed_formula_is_px402(tmp_path, recalc):
    path = _calculated(recalc, _filled(tmp_path))
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rate = top(ws, "PX_F_RATE")
    ws[rate] = f"={top(ws, 'PX_F_SPENT')}/{cells(ws, 'PX_F_INITIAL')[0].replace('C', 'D')}*1"
    wb.save(path)
    path = _calculated(recalc, path)
    assert lint_paths([path], select=["PX4"]).flatten(("rule", "cell")) == [["PX402", rate]]


def test_a_form_made_by_an_earlier_perfxl_keeps_its_formulas_unflagged(tmp_path, recalc):
    """The fund check learned to say 待填 (session 5): a form generated before then carries the older
    spelling, which is perfxl's own, not a clerk's change (no PX402); a changed one still is."""
    from perfxl.template.logic import earlier_spellings

    path = _filled(tmp_path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    check = top(ws, "PX_F_CHECK")
    (older,) = earlier_spellings(ws[check].value)
    ws[check] = older
    wb.save(path)
    path = _calculated(recalc, path)
    assert lint_paths([path], select=["PX402"]).flatten(("rule", "cell")) == []
    wb = load_workbook(path)
    wb.worksheets[0][check] = older.replace("相符", "OK")
    wb.save(path)
    path = _calculated(recalc, path)
    assert lint_paths([path], select=["PX402"]).flatten(("rule", "cell")) == [["PX402", check]]


def test_never_calculated_formulas_are_px403_with_the_values_they_would_have(tmp_path):
    path = _filled(tmp_path, spent=186.816)          # saved by openpyxl: no cached values at all
    report = lint_paths([path], select=["PX403", "PX102", "PX118"])
    ws = load_workbook(path).worksheets[0]
    found = {cell: exp for _, cell, exp in report.flatten(("rule", "cell", "expected"))}
    assert round(found[top(ws, "PX_F_RATE")], 4) == 1.0568
    assert found[top(ws, "PX_F_SCORE")] == 10
    assert found[top(ws, "PX_GRADE")] == "优"
    # computed values stand in for the missing ones, so no arithmetic rule fires on blanks
    assert {r for r, in report.flatten(("rule",))} == {"PX403"}


def test_stale_cached_values_are_px403(tmp_path, recalc):
    """Excel with calculation set to manual: an input changed, the saved results left behind."""
    path = _calculated(recalc, _filled(tmp_path))
    ws = load_workbook(path).worksheets[0]
    spent, rate = top(ws, "PX_F_SPENT"), top(ws, "PX_F_RATE")
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rf'(<c r="{spent}"[^>]*>(?:<f>[^<]*</f>)?<v>)[^<]*(</v>)'.encode(),
                              rb"\g<1>150\g<2>", data)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<calcPr\b", b'<calcPr calcMode="manual"', data) if b"<calcPr" in data \
                    else data.replace(b"</workbook>", b'<calcPr calcMode="manual"/></workbook>')
            dst.writestr(item, data)
    tmp.replace(path)
    rows = lint_paths([path], select=["PX403"]).flatten(("rule", "cell", "actual", "expected"))
    stale = {cell: (got, want) for _, cell, got, want in rows}
    assert rate in stale and stale[rate][0] == 1 and round(stale[rate][1], 4) == round(150 / 176.77, 4)


def test_formulas_that_cannot_be_computed_are_tried_once_per_book(tmp_path, monkeypatch):
    from perfxl import evaluate  # where the reader takes it from, when a book needs it

    path = _filled(tmp_path)                         # saved by openpyxl: every result missing
    calls = []

    def fails(p):
        calls.append(p)
        raise ValueError("a formula the library cannot evaluate")

    monkeypatch.setattr(evaluate, "compute_formulas", fails)
    report = lint_paths([path], select=["PX4"], workers=0)  # in this process: calls is counted here
    assert len(calls) == 1                           # not once more per rule and per sheet
    assert report.files[0].error is None and len(report.files[0].forms) == 1
