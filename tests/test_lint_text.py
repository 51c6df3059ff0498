"""The text report on forms being filled in (#13): runs grouped, a form not filled in said once;
JSON and SARIF keep one finding per cell."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from click.testing import CliRunner

from perfxl.cli import main
from perfxl.findings import Finding
from perfxl.generate import generate
from perfxl.lint.report import FileResult, FormInfo, Report
from perfxl.lint.text import UNFILLED, render_text

ROOT_ROSTER = Path(__file__).resolve().parents[1] / "examples" / "roster.xlsx"  # from any working directory


def text(report: Report, lang: str = "zh") -> str:
    out = io.StringIO()
    render_text(report, lang, out)
    return out.getvalue()


def empty(cell: str, field: str = "实际完成值", form: int = 0, sheet: str = "表1") -> Finding:
    return Finding("PX301", "error", sheet, cell, {"field": field, "cell": cell}, form=form)


def book(results: int, findings: list[Finding]) -> Report:
    info = FormInfo("表1", "project", "医疗保障专项经费", "金寨县", None, None, results=results)
    return Report([FileResult("金寨县.xlsx", forms=[info], findings=findings)])


def partly_filled() -> list[Finding]:
    column = [empty(f"F{r}") for r in range(22, 34)]                       # F22–F33: 12 cells
    row = [Finding("PX403", "warning", "表1", c, {"why": "未计算", "why_en": "never calculated", "actual": "", "expected": "1", "cell": c}, form=0)
           for c in ("B13", "C13", "D13")]                                  # along a row
    gap = [empty("H22", "得分"), empty("H24", "得分")]                      # not consecutive: two lines
    return column + row + gap + [empty("D7", "全年执行数")]


def test_runs_along_a_column_or_a_row_are_one_line_with_their_count():
    findings = partly_filled()
    out = text(book(60, findings))  # 15 of 60 result cells empty: being filled in, listed
    assert "F22–F33 PX301 错误   必填项“实际完成值”为空，12 处" in out
    assert re.search(r"B13–D13 +PX403 警告 .*，3 处", out)
    assert re.search(r"H22 +PX301 .*“得分”为空$", out, re.M) and re.search(r"H24 +PX301", out)
    assert "F23 " not in out and "尚未填写" not in out
    lines = [line for line in out.splitlines() if "PX" in line]
    assert [line.split()[0] for line in lines] == ["D7", "B13–D13", "F22–F33", "H22", "H24"]  # reading order
    en = text(book(60, findings), "en")
    assert "F22–F33 PX301 error required field '实际完成值' is empty (12 cells)" in en
    assert "共检查 1 个文件、1 张表：15 个错误，3 个警告" in out  # the counts stay per cell


def test_a_form_mostly_empty_is_said_to_be_not_filled_in_once():
    findings = partly_filled() + [empty("C5", "实施单位")]
    limit = int(15 / UNFILLED) - 1       # 15 empty result cells: more than half of 29
    out = text(book(limit, findings))
    assert out.count("本表尚未填写") == 1 and f"{limit} 处中 15 处为空" in out
    assert "必填项“实际完成值”" not in out and "F22" not in out and "D7 " not in out
    assert re.search(r"C5 +PX301 .*“实施单位”为空", out)          # not a result cell: still listed
    assert "B13–D13" in out                                        # other rules still listed
    assert "not filled in yet: 15 of its" in text(book(limit, findings), "en")
    assert "尚未填写" not in text(book(30, findings))               # exactly half: listed, grouped


def test_json_and_sarif_stay_one_finding_per_cell(tmp_path):
    findings = partly_filled()
    report = book(20, findings)
    data = report.to_json("zh")
    assert len(data["files"][0]["findings"]) == len(findings) == 18
    assert {x["cell"] for x in data["files"][0]["findings"]} >= {f"F{r}" for r in range(22, 34)}
    assert "results" not in data["files"][0]["forms"][0]
    assert len(report.to_sarif("zh")["runs"][0]["results"]) == 18


def test_freshly_generated_forms_lint_to_a_few_lines(tmp_path):
    made = generate(ROOT_ROSTER, tmp_path / "forms")
    res = CliRunner().invoke(main, ["lint", str(tmp_path / "forms")])
    assert res.output.count("本表尚未填写") == made.forms
    assert not re.search(r"^\s+F\d+ +PX301", res.output, re.M)
    assert len(res.output.splitlines()) < 150
    data = json.loads(CliRunner().invoke(main, ["lint", str(tmp_path / "forms"), "--format", "json"]).output)
    px301 = [x for f in data["files"] for x in f["findings"] if x["rule"] == "PX301"]
    assert len(px301) > 300 and all(re.fullmatch(r"[A-Z]+\d+", x["cell"]) for x in px301)


def test_the_result_count_is_what_px301_requires(tmp_path):
    """report.FormInfo counts a form's result cells directly (fast); the count must be PX301's own."""
    from pathlib import Path

    from perfxl.generate import generate
    from perfxl.lint.check import read_forms
    from perfxl.reader.sources import load_book
    from perfxl.rules.px301 import RESULTS, required_cells, result_count

    examples = Path(__file__).resolve().parents[1] / "examples"
    files = [p for p in examples.glob("*.xlsx") if p.name != "roster.xlsx"]
    files += generate(examples / "roster.xlsx", tmp_path / "forms").files
    forms = [f for path in files for f in read_forms(load_book(path))]
    assert len(forms) > 30
    for form in forms:
        assert result_count(form) == sum(name in RESULTS for _, name in required_cells(form)), form.sheet
