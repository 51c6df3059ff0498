"""Each rule on a table of passing and failing layouts, built into workbooks by one helper."""

from __future__ import annotations

import pytest

from lintkit import FIRST_ROW as R, edit, form, write_book
from perfxl.lint.engine import lint_paths

C = form()
T = R + len(C["rows"])  # the 总分 row

CASES = {
    # rule: [(case id, spec, expected cells)]
    "PX101": [("clean", C, []),
              ("rate typed 100% for 95.5 of 100", edit(edit(C, "fund.0.3", 95.5), "fund.0.6", 9.55), ["G6"]),
              ("truncated rate accepted", edit(edit(edit(C, "fund.0.3", 95.558), "fund.0.5", 0.9555), "fund.0.6", 9.56), []),
              ("rate as text", edit(C, "fund.0.5", "90.00%"), ["G6"])],
    "PX102": [("clean", C, []),
              ("over-execution scored above weight", edit(edit(edit(C, "fund.0.3", 105.68), "fund.0.5", 1.0568), "fund.0.6", 10.57), ["H6"]),
              ("under-execution full marks", edit(edit(C, "fund.0.3", 90), "fund.0.5", 0.9), ["H6"])],
    "PX103": [("clean", C, []),
              ("sources short in 全年执行数", edit(C, "fund.1.3", 80), ["E6"]),
              ("sources over in 年初", edit(C, "fund.2.1", 5), ["C6"])],
    "PX104": [("clean", C, []), ("spent over budget", edit(C, "fund.0.3", 120), ["E6"])],
    "PX111": [("clean", C, []), ("15 of 10", edit(C, "rows.1.6", 15), [f"H{R + 1}"]),
              ("negative", edit(C, "rows.2.6", -1), [f"H{R + 2}"]),
              # a budget of 0: PX102 cannot recompute the funding score, so PX111 checks it
              ("funding 15 of 10 on a budget of 0", edit(edit(C, "fund.0.2", 0), "fund.0.6", 15), ["H6"])],
    "PX112": [("clean", C, []), ("weights 90", edit(C, "rows.0.5", 10), [f"G{T}"])],
    "PX113": [("clean", C, []), ("label says 50, rows 40", edit(C, "rows.0.5", 10), [f"B{R}"]),
              ("label without points", edit(edit(C, "rows.0.0", "产出指标"), "rows.0.5", 10), [])],
    "PX114": [("clean", C, []), ("stated total weight 100 over 90", edit(C, "rows.0.5", 10), [f"G{T}"]),
              ("stated total score wrong", edit(C, "total", [100, 98]), [f"H{T}"])],
    "PX117": [("clean grade", form(grade="优"), []),
              ("优 on 88", edit(edit(form(grade="优"), "rows.4.6", 18), "total", [100, 88]), [f"H{T + 1}"]),
              ("良 on 88", edit(edit(form(grade="良"), "rows.4.6", 18), "total", [100, 88]), []),
              ("five-level word accepted", form(grade="优秀"), [])],
    "PX118": [("clean", C, []), ("total over 100", edit(edit(C, "fund.0.6", 10.5), "total", [100, 100.5]), [f"H{T}"])],
    "PX201": [("clean", C, []),
              ("missed, full marks", edit(edit(C, "rows.0.4", "90%"), "rows.0.7", "年底未完成检查"), [f"H{R}"]),
              ("qualitative missed, full marks", edit(edit(C, "rows.2.4", "待支付"), "rows.2.7", "次年1月支付"), [f"H{R + 2}"])],
    "PX202": [("clean", C, []), ("lost points, no reason", edit(C, "rows.4.6", 29), [f"I{R + 4}"]),
              ("lost points with reason", edit(edit(C, "rows.4.6", 29), "rows.4.7", "部分乡镇未覆盖"), [])],
    "PX203": [("clean", C, []), ("coverage 106%", edit(C, "rows.0.4", "106.32%"), [f"F{R}"])],
    "PX204": [("clean", C, []), ("万元 vs 元", edit(C, "rows.3.4", "1000000元"), [f"F{R + 3}"]),
              ("missing %", edit(C, "rows.5.4", 95), [f"F{R + 5}"])],
    "PX205": [("clean", C, []), ("target set too low", edit(C, "rows.0.4", "130%"), [f"F{R}"]),
              ("explained", edit(edit(C, "rows.0.4", "130%"), "rows.0.7", "目标保守"), [])],
    "PX206": [("clean", C, []),
              ("missed cost scored off-method", edit(edit(edit(edit(C, "rows.3.4", "120万元"), "rows.3.6", 9), "rows.3.7", "超支"), "total", [100, 99]), [f"H{R + 3}"]),
              ("missed cost scored by method", edit(edit(edit(edit(C, "rows.3.4", "120万元"), "rows.3.6", 8), "rows.3.7", "超支"), "total", [100, 98]), [])],
    "PX301": [("clean", C, []), ("no unit", edit(C, "unit", None), ["F4"]),
              ("no actual", edit(C, "rows.1.4", None), [f"F{R + 1}"]),
              ("actual only a non-breaking space", edit(C, "rows.1.4", "\xa0"), [f"F{R + 1}"]),
              ("not applicable row", edit(C, "rows", C["rows"] + [[None, "生态效益指标", "本指标不适用", None, None, None, None, None]]), [])],
    "PX302": [("clean", C, []), ("same 三级 twice", edit(C, "rows.1.2", "监督检查覆盖率"), [f"D{R + 1}"])],
    "PX303": [("clean", C, []),
              ("no 满意度", edit(edit(C, "rows", C["rows"][:5]), "total", [90, 90]), ["B12"]),
              ("满意度 as 二级 under 效益", edit(C, "rows.5.0", None), [])],
    "PX305": [("clean", C, []), ("weight as text", edit(C, "rows.1.5", "10"), [f"G{R + 1}"]),
              ("budget as text", edit(C, "fund.0.2", "100"), ["D6"])],
}


@pytest.mark.parametrize("rule,spec,cells",
                         [(rule, spec, cells) for rule, cases in CASES.items() for _, spec, cells in cases],
                         ids=[f"{rule}:{name}" for rule, cases in CASES.items() for name, _, _ in cases])
def test_rule(tmp_path, rule, spec, cells):
    path = write_book(tmp_path / "金寨县医疗保障局2022.xlsx", spec)
    report = lint_paths([path], select=[rule])
    assert sorted(c for _, c in report.flatten(("rule", "cell"))) == sorted(cells)


def test_clean_form_is_clean_under_every_rule(tmp_path):
    report = lint_paths([write_book(tmp_path / "金寨县医疗保障局2022.xlsx", C)])
    assert report.flatten() == [] and report.exit_code == 0
    assert report.summary() == {"files": 1, "forms": 1, "errors": 0, "warnings": 0}


def test_unit_names_across_forms_and_file_name(tmp_path):
    other = form(project="人员经费", unit="054001-南京市医疗保障局")
    path = write_book(tmp_path / "金寨县医疗保障局2022.xlsx", C, form(project="租赁费"), other)
    rows = lint_paths([path], select=["PX304"]).flatten(("sheet", "cell", "rule"))
    assert rows == [["3-人员经费", "F4", "PX304"]]
    dept = form(project="租赁费", dept="055-金寨县财政局")
    rows = lint_paths([write_book(tmp_path / "b.xlsx", C, form(project="x"), dept)], select=["PX304"]).flatten(("sheet", "cell"))
    assert rows == [["3-租赁费", "B4"]]


def test_scoring_method_is_a_choice(tmp_path):
    """PX206 follows --scoring: 8 of 10 for a 20 % overspend is right nationally, not all-or-nothing."""
    from click.testing import CliRunner

    from perfxl.cli import main

    spec = edit(edit(edit(edit(C, "rows.3.4", "120万元"), "rows.3.6", 8), "rows.3.7", "超支"), "total", [100, 98])
    path = write_book(tmp_path / "金寨县医疗保障局2022.xlsx", spec)
    assert lint_paths([path], select=["PX206"]).flatten(("cell",)) == []
    rows = lint_paths([path], select=["PX206"], method="all_or_nothing").flatten(("cell", "expected"))
    assert rows == [[f"H{R + 3}", 0]]
    res = CliRunner().invoke(main, ["lint", str(path), "--select", "PX206", "--scoring", "all_or_nothing"])
    assert res.exit_code == 0 and "PX206" in res.output                 # a warning: exit status 0
