"""Rule behaviour beyond one form and one rule. Each rule's passing and failing forms are data:
tests/rules/PXnnn.toml, run by tests/test_rule_cases.py."""

from __future__ import annotations

from lintkit import FIRST_ROW as R
from lintkit import edit, form, write_book

from perfxl.lint import lint_paths

C = form()


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
