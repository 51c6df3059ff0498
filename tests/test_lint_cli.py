"""`perfxl lint` and `perfxl rules` as a clerk and another tool use them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lintkit import CLEAN, edit, write_book
from openpyxl import load_workbook

from perfxl.cli import main
from perfxl.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from perfxl.rules import REGISTRY, RegistryError, Rule, load_all, register
from perfxl.rules.docs import markdown

ROOT = Path(__file__).resolve().parents[1]
# 金寨's slip: 105.68% executed, scored 10.57 of 10, total 100.57 (PX102, PX104, PX118).
BAD = edit(edit(edit(edit(edit(CLEAN, "fund.0.3", 105.68), "fund.1.3", 105.68), "fund.0.5", 1.0568),
                "fund.0.6", 10.57), "total", [100, 100.57])


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_text_report_groups_by_file_and_sheet_with_a_summary(tmp_path):
    path = write_book(tmp_path / "金寨县2022.xlsx", BAD)
    res = run("lint", path)
    assert res.exit_code == EXIT_FINDINGS
    lines = res.output.splitlines()
    assert lines[0].endswith("金寨县2022.xlsx") and lines[1].strip() == "1-医疗保障专项经费"
    assert any("H6" in x and "PX102" in x and "资金得分10.57" in x for x in lines)
    assert lines[-1].startswith("共检查 1 个文件、1 张表：2 个错误，1 个警告")
    assert "\x1b[" not in res.output                      # plain when piped
    res = run("lint", path, "--lang", "en")
    assert "funding score 10.57" in res.output and res.output.splitlines()[-1].startswith("Checked 1 file, 1 form: 2 errors, 1 warning")


def test_json_contract(tmp_path):
    path = write_book(tmp_path / "金寨县2022.xlsx", BAD)
    data = json.loads(run("lint", path, "--format", "json").output)
    assert set(data) == {"version", "files", "summary"} and data["version"] == 1
    f = data["files"][0]
    assert set(f) == {"path", "error", "forms", "findings"} and f["path"] == str(path) and f["error"] is None
    # the unit without its budget code, as 汇总 shows it; the money facts and where totals come from
    assert f["forms"] == [{"sheet": "1-医疗保障专项经费", "kind": "project", "project": "医疗保障专项经费",
                           "unit": "金寨县医疗保障局", "total_score": 100.57, "grade": "优", "year": 2022,
                           "scored": True, "budget": 100.0, "spent": 105.68, "rate": 1.0568, "fund_score": 10.57,
                           "total_source": "printed", "grade_source": "computed"}]
    px102 = next(x for x in f["findings"] if x["rule"] == "PX102")
    assert px102 == {"rule": "PX102", "severity": "error", "sheet": "1-医疗保障专项经费", "cell": "H6",
                     "message": px102["message"], "expected": 10.0, "actual": 10.57, "form": 0,
                     "suppressed": None}
    assert px102["message"].startswith("资金得分10.57")
    assert data["summary"] == {"files": 1, "forms": 1, "errors": 2, "warnings": 1}


def test_sarif(tmp_path):
    path = write_book(tmp_path / "金寨县2022.xlsx", BAD)
    sarif = json.loads(run("lint", path, "--format", "sarif").output)
    assert sarif["version"] == "2.1.0"
    run0 = sarif["runs"][0]
    assert {r["id"] for r in run0["tool"]["driver"]["rules"]} == set(load_all())
    assert "pypi.org" not in json.dumps(run0["tool"])  # perfxl is not on PyPI: no address that misleads
    result = next(r for r in run0["results"] if r["ruleId"] == "PX102")
    assert result["level"] == "error"
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "1-医疗保障专项经费!H6"


def test_select_and_ignore_by_prefix(tmp_path):
    path = write_book(tmp_path / "金寨县2022.xlsx", BAD)
    rules = lambda *a: [x["rule"] for x in json.loads(run("lint", path, "--format", "json", *a).output)["files"][0]["findings"]]
    assert sorted(rules()) == ["PX102", "PX104", "PX118"]
    assert rules("--select", "PX10", "--ignore", "PX102") == ["PX104"]
    assert rules("--select", "PX2,PX3") == []
    assert run("lint", path, "--select", "PX104").exit_code == EXIT_CLEAN   # warnings only


def test_annotate_marks_cells_and_leaves_the_input_alone(tmp_path):
    path = write_book(tmp_path / "金寨县2022.xlsx", BAD)
    before = path.read_bytes()
    out = tmp_path / "标注.xlsx"
    res = run("lint", path, "--annotate", out)
    assert res.exit_code == EXIT_FINDINGS and out.exists() and path.read_bytes() == before
    ws = load_workbook(out)["1-医疗保障专项经费"]
    assert ws["H6"].fill.fgColor.rgb == "00FFC7CE" and "PX102" in ws["H6"].comment.text
    assert ws["E6"].fill.fgColor.rgb == "00FFEB9C" and "PX104" in ws["E6"].comment.text
    assert ws["D6"].comment is None
    listed = list(load_workbook(out)["检查结果"].iter_rows(values_only=True))   # every finding, printable
    assert listed[0][0].startswith("检查《金寨县2022.xlsx》") and listed[1][:3] == ("序号", "工作表", "单元格")
    assert {(r[3], r[2]) for r in listed[2:]} >= {("PX102", "=HYPERLINK(\"#'1-医疗保障专项经费'!H6\",\"H6\")")}
    assert run("lint", path, "--annotate", out).exit_code == EXIT_ERROR          # exists: needs --force
    assert run("lint", path, "--annotate", path, "--force").exit_code == EXIT_ERROR  # never over input
    assert path.read_bytes() == before


def test_rules_catalog_and_explanation():
    res = run("rules")
    assert res.exit_code == 0 and len(res.output.splitlines()) == len(load_all()) == 37
    assert res.output.splitlines()[0].startswith("PX000")
    res = run("rules", "px102", "--lang", "en")
    assert "Anti-pattern" in res.output and "Fix" in res.output and "10.57" in res.output
    assert "怎么改" in run("rules", "px102").output
    assert run("rules", "PX999").exit_code == EXIT_ERROR


def test_rule_docs_are_generated_from_the_registry():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == markdown(), \
        "docs/rules.md is stale: run `perfxl rules --markdown > docs/rules.md`"


def test_registry_rejects_duplicate_and_malformed_codes():
    load_all()

    def make(code):
        return type("R", (Rule,), {"__doc__": "m\n\nAnti-pattern: a\nFix: b", "code": code, "message_en": "m"})

    for code in ("PX102", "PX12", "XX102", ""):
        try:
            register(make(code))
        except RegistryError:
            continue
        raise AssertionError(f"{code!r} was accepted")
    assert "PX12" not in REGISTRY


def test_text_report_is_coloured_on_a_terminal_unless_no_color(tmp_path, monkeypatch):
    import io

    from perfxl.lint import lint_paths
    from perfxl.lint.text import render_text

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    report = lint_paths([write_book(tmp_path / "金寨县2022.xlsx", BAD)])
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    out = Terminal()
    render_text(report, "zh", out)
    assert "\x1b[1;31m错误" in out.getvalue() and "\x1b[36mH6" in out.getvalue()
    monkeypatch.setenv("TERM", "dumb")
    dumb = Terminal()
    render_text(report, "zh", dumb)
    assert "\x1b[" not in dumb.getvalue() and "H6" in dumb.getvalue()
    monkeypatch.setenv("FORCE_COLOR", "1")
    piped = io.StringIO()
    render_text(report, "zh", piped)
    assert "\x1b[1;31m错误" in piped.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    render_text(report, "zh", plain)
    assert "\x1b[" not in plain.getvalue() and "H6" in plain.getvalue()
