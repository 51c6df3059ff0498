"""Suppression (docs/profiles.md §2): a cell comment or perfxl.toml's [[suppress]] accepts a finding;
it is still reported, with its reason, in text, JSON and SARIF, and never counted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lintkit import write_book
from openpyxl import load_workbook
from openpyxl.comments import Comment
from test_lint_cli import BAD

from perfxl.cli import main
from perfxl.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from perfxl.lint.suppress import parse_comment
from perfxl.reader.comments import read_comments

SHEET = "1-医疗保障专项经费"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
JINZHAI = EXAMPLES / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
REASON = "按上年实际口径计分，已报财政备案"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def commented(path: Path, notes: dict, source: Path | None = None) -> Path:
    """A copy of source (BAD by default) with comments {(sheet, cell): text}."""
    if source is None:
        write_book(path, BAD)
        source = path
    wb = load_workbook(source)
    for (sheet, cell), text in notes.items():
        wb[sheet][cell].comment = Comment(text, "审核人")
    wb.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("text, expected", [
    ("perfxl: 忽略 PX205 原因 目标按上年实际设定", (("PX205",), "目标按上年实际设定")),
    ("perfxl：忽略 PX205,PX202 已说明", (("PX205", "PX202"), "已说明")),
    ("perfxl: ignore PX102 reason: accepted by the bureau", (("PX102",), "accepted by the bureau")),
    ("审核意见\nperfxl: 忽略 px104、PX118 原因：追加预算", (("PX104", "PX118"), "追加预算")),
    ("perfxl: 忽略 原因", None),
    ("请补充偏差原因", None),
])
def test_comment_text(text, expected):
    assert parse_comment(text) == expected


def test_comments_are_read_from_the_package(tmp_path):
    path = commented(tmp_path / "b.xlsx", {(SHEET, "H6"): "perfxl: 忽略 PX102 原因 x"})
    assert read_comments(path) == {(SHEET, "H6"): "perfxl: 忽略 PX102 原因 x"}
    assert read_comments(write_book(tmp_path / "plain.xlsx", BAD)) == {}


def test_a_comment_suppresses_its_finding_in_text_json_and_sarif(tmp_path):
    path = commented(tmp_path / "金寨县2022.xlsx", {(SHEET, "H6"): f"perfxl: 忽略 PX102 原因：{REASON}"})
    before = digest(path)
    text = run("lint", path)
    assert text.exit_code == EXIT_FINDINGS  # PX118 is still an error
    line = next(x for x in text.output.splitlines() if "PX102" in x)
    assert "H6" in line and f"（已忽略：{REASON}）" in line
    assert text.output.splitlines()[-1].startswith("共检查 1 个文件、1 张表：1 个错误，1 个警告")
    assert f"(suppressed: {REASON})" in run("lint", path, "--lang", "en").output

    doc = json.loads(run("lint", path, "--format", "json").output)
    found = {x["rule"]: x for x in doc["files"][0]["findings"]}
    assert found["PX102"]["suppressed"] == {"reason": REASON} and found["PX102"]["cell"] == "H6"
    assert found["PX118"]["suppressed"] is None and found["PX104"]["suppressed"] is None  # other cells
    assert doc["summary"]["errors"] == 1 and "unused_suppressions" not in doc

    sarif = json.loads(run("lint", path, "--format", "sarif").output)
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    assert results["PX102"]["suppressions"] == [{"kind": "inSource", "justification": REASON}]
    assert "suppressions" not in results["PX118"]
    assert sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"] == []
    assert digest(path) == before  # the input is never modified


def test_suppressing_every_error_makes_the_run_clean(tmp_path):
    path = commented(tmp_path / "金寨县2022.xlsx", {(SHEET, "H6"): "perfxl: ignore PX102 reason ok",
                                                    (SHEET, "H19"): "perfxl: 忽略 PX118,PX104 原因 ok"})
    res = run("lint", path)
    assert res.exit_code == EXIT_CLEAN, res.output
    assert res.output.splitlines()[-1].startswith("共检查 1 个文件、1 张表：0 个错误，1 个警告")


def test_a_comment_suppresses_only_its_rule_at_its_cell(tmp_path):
    path = commented(tmp_path / "金寨县2022.xlsx", {(SHEET, "E6"): "perfxl: 忽略 PX102 原因 错格"})
    doc = json.loads(run("lint", path, "--format", "json").output)
    assert all(x["suppressed"] is None for x in doc["files"][0]["findings"])
    assert doc["summary"]["errors"] == 2


def test_an_unused_comment_is_reported(tmp_path):
    path = commented(tmp_path / "金寨县2022.xlsx", {(SHEET, "E6"): "perfxl: 忽略 PX102 原因 错格"})
    text = run("lint", path).output
    assert "未匹配任何问题的忽略" in text and f"{SHEET}!E6 的批注忽略 PX102" in text
    doc = json.loads(run("lint", path, "--format", "json").output)
    assert doc["unused_suppressions"] == [{"source": "comment", "origin": str(path), "path": str(path),
                                           "file": None, "sheet": SHEET, "cell": "E6", "rules": ["PX102"],
                                           "reason": "错格"}]
    note, = json.loads(run("lint", path, "--format", "sarif").output)["runs"][0]["invocations"][0][
        "toolExecutionNotifications"]
    assert note["level"] == "warning" and "E6" in note["message"]["text"]
    assert note["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == f"{SHEET}!E6"


def test_the_example_workbook_with_a_comment(tmp_path):
    """金寨's published form: PX205 on a 医疗救助 form accepted by a comment on its cell."""
    plain = json.loads(run("lint", JINZHAI, "--format", "json").output)
    px205 = next(x for x in plain["files"][0]["findings"] if x["rule"] == "PX205")
    path = commented(tmp_path / JINZHAI.name, {(px205["sheet"], px205["cell"]): "perfxl: 忽略 PX205 目标按上年实际设定"},
                     source=JINZHAI)
    doc = json.loads(run("lint", path, "--format", "json").output)
    same = [x for x in doc["files"][0]["findings"] if (x["rule"], x["sheet"], x["cell"])
            == (px205["rule"], px205["sheet"], px205["cell"])]
    assert [x["suppressed"] for x in same] == [{"reason": "目标按上年实际设定"}]
    assert doc["summary"]["warnings"] == plain["summary"]["warnings"] - 1


def toml(folder: Path, text: str) -> Path:
    (folder / "perfxl.toml").write_text(text, encoding="utf-8")
    return folder / "perfxl.toml"


def test_perfxl_toml_suppresses_in_text_json_and_sarif(tmp_path):
    path = write_book(tmp_path / "金寨县2022.xlsx", BAD)
    toml(tmp_path, f'[[suppress]]\nfile = "金寨县*.xlsx"\nsheet = "{SHEET}"\ncell = "H6"\nrule = "PX102"\n'
                   f'reason = "{REASON}"\n\n[[suppress]]\nrule = ["PX118"]\nreason = "总分另行核定"\n')
    before = digest(path)
    res = run("lint", tmp_path)
    assert res.exit_code == EXIT_CLEAN, res.output
    assert f"（已忽略：{REASON}）" in res.output and "（已忽略：总分另行核定）" in res.output
    doc = json.loads(run("lint", tmp_path, "--format", "json").output)
    assert {x["rule"]: x["suppressed"] for x in doc["files"][0]["findings"]} == {
        "PX102": {"reason": REASON}, "PX118": {"reason": "总分另行核定"}, "PX104": None}
    assert doc["summary"] == {"files": 1, "forms": 1, "errors": 0, "warnings": 1}
    sarif = json.loads(run("lint", tmp_path, "--format", "sarif").output)
    kinds = {r["ruleId"]: r.get("suppressions") for r in sarif["runs"][0]["results"]}
    assert kinds["PX102"] == [{"kind": "external", "justification": REASON}] and kinds["PX104"] is None
    assert digest(path) == before


def test_perfxl_toml_entry_that_matches_nothing_is_reported(tmp_path):
    write_book(tmp_path / "金寨县2022.xlsx", BAD)
    conf = toml(tmp_path, '[[suppress]]\nfile = "广元*.xlsx"\nrule = "PX102"\nreason = "别处"\n')
    res = run("lint", tmp_path)
    assert res.exit_code == EXIT_FINDINGS
    assert f"{conf} [[suppress]] #1：忽略 PX102" in res.output
    doc = json.loads(run("lint", tmp_path, "--format", "json").output)
    assert [(u["source"], u["file"], u["path"]) for u in doc["unused_suppressions"]] == [
        ("perfxl.toml", "广元*.xlsx", None)]
    assert doc["summary"]["errors"] == 2


@pytest.mark.parametrize("entry, words", [
    ('rule = "PX102"\nreason = "x"\nsheets = "a"', "未知的键“sheets”"),
    ('rule = "PX9"\nreason = "x"', "“PX9”不是规则代码"),
    ('rule = "PX102"', "缺少“reason”"),
    ('reason = "x"', "缺少“rule”"),
    ('rule = "PX102"\nreason = "x"\ncell = "6H"', "“6H”不是单元格地址"),
])
def test_a_malformed_entry_is_exit_2_naming_file_and_entry(tmp_path, entry, words):
    path = write_book(tmp_path / "金寨县2022.xlsx", BAD)
    before = digest(path)
    conf = toml(tmp_path, f'[[suppress]]\nrule = "PX104"\nreason = "ok"\n\n[[suppress]]\n{entry}\n')
    res = run("lint", tmp_path)
    assert res.exit_code == EXIT_ERROR
    assert f"{conf}：[[suppress]] 第 2 项：" in res.output and words in res.output, res.output
    assert digest(path) == before



def test_a_crafted_comments_part_is_read_in_linear_time(tmp_path):
    """Many tiny runs in one comment, and many comments: bounded text, no quadratic join."""
    import time
    import zipfile

    path = commented(tmp_path / "b.xlsx", {(SHEET, "H6"): "perfxl: 忽略 PX102 原因 x"})
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    name = next(n for n in parts if "comments" in n and n.endswith(".xml"))
    runs = "<r><t>a</t></r>" * 300_000
    many = "".join(f'<comment ref="A{i}" authorId="0"><text><t>x</t></text></comment>' for i in range(1, 50_000))
    parts[name] = (f'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors>'
                   f'<author>a</author></authors><commentList><comment ref="H6" authorId="0"><text>'
                   f'<r><t>perfxl: 忽略 PX102 原因 </t></r>{runs}</text></comment>{many}</commentList></comments>').encode()
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    start = time.perf_counter()
    found = read_comments(path)
    assert time.perf_counter() - start < 5
    assert len(found[(SHEET, "H6")]) <= 2_100 and len(found) <= 10_000


def test_the_annotated_copy_keeps_the_comment_and_marks_only_live_findings(tmp_path):
    path = commented(tmp_path / "金寨县2022.xlsx", {(SHEET, "H6"): "perfxl: 忽略 PX102 原因 已核",
                                                    (SHEET, "H19"): "请复核总分"})
    out = tmp_path / "标注.xlsx"
    res = run("lint", path, "--annotate", out)
    assert res.exit_code == EXIT_FINDINGS, res.output
    wb = load_workbook(out)
    h6 = wb[SHEET]["H6"]
    assert "perfxl: 忽略 PX102 原因 已核" in h6.comment.text and h6.fill.fgColor.rgb in (None, "00000000")
    h19 = wb[SHEET]["H19"].comment.text  # PX118, not suppressed, is marked; the reviewer's note stays
    assert h19.startswith("PX118") and h19.endswith("请复核总分")
    rows = [r for r in wb["检查结果"].iter_rows(values_only=True) if r[3] == "PX102"]
    assert rows and rows[0][5].endswith("（已忽略：已核）")
    assert json.loads(run("lint", out, "--format", "json").output)["summary"]["errors"] == 1  # still suppressed


def _table(ws) -> list[dict]:
    """A sheet's rows under its header (the first row that names 规则 or 错误数)."""
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if "规则" in r or "错误数" in r)
    return [dict(zip(rows[top], r)) for r in rows[top + 1:] if any(v is not None for v in r)]


def test_consolidate_applies_perfxl_toml_as_lint_does(tmp_path):
    inbox = tmp_path / "收表"
    inbox.mkdir()
    write_book(inbox / "金寨县2022.xlsx", BAD)   # PX102 H6, PX118 and PX104 (a warning)
    conf = toml(inbox, f'[[suppress]]\nfile = "金寨县*.xlsx"\nsheet = "{SHEET}"\ncell = "H6"\nrule = "PX102"\n'
                       f'reason = "{REASON}"\n\n[[suppress]]\nrule = ["PX118"]\nreason = "总分另行核定"\n\n'
                       '[[suppress]]\nfile = "广元*.xlsx"\nrule = "PX102"\nreason = "别处"\n')
    linted = json.loads(run("lint", inbox, "--format", "json").output)
    assert linted["summary"]["errors"] == 0 and linted["summary"]["warnings"] == 1
    out, back = tmp_path / "汇总.xlsx", tmp_path / "反馈"
    res = run("consolidate", inbox, "-o", out, "--feedback", back)
    assert res.exit_code == EXIT_CLEAN, res.output          # as lint's: the accepted errors do not count
    assert "1 张表：0 个错误，1 个警告" in res.output                 # lint's summary, the same counts
    assert f"{conf} [[suppress]] #3：忽略 PX102" in res.output   # the entry that matched nothing
    assert f"{conf} [[suppress]] #1" not in res.output            # matched in the worker, so not unused
    book = load_workbook(out)
    (form,) = [r for r in _table(book["汇总"]) if r["项目名称"]]
    assert (form["错误数"], form["警告数"]) == (0, 1)
    issues = {r["规则"]: r for r in _table(book["问题清单"])}
    assert issues["PX102"]["级别"] == "错误（已忽略）" and f"（已忽略：{REASON}）" in issues["PX102"]["问题说明"]
    assert issues["PX118"]["级别"] == "错误（已忽略）" and issues["PX104"]["级别"] == "警告"
    (folder,) = back.iterdir()
    feedback = load_workbook(next(p for p in folder.iterdir() if p.name.endswith("检查反馈.xlsx")))
    listed = {r["规则"]: r for r in _table(feedback["问题清单"])}
    assert listed.keys() == {"PX102", "PX104", "PX118"}            # listed, the accepted ones marked
    assert listed["PX102"]["级别"] == "错误（已忽略）" and REASON in listed["PX102"]["问题说明"]
    assert "错误 0 项，警告 1 项" in "".join(str(c.value) for c in feedback["概况"]["A"] if c.value)


def test_consolidate_in_english_writes_levels_in_english(tmp_path):
    """--lang en: 问题清单's level reads as its message does (a filter on "error" finds what counts)."""
    inbox = tmp_path / "收表"
    inbox.mkdir()
    write_book(inbox / "金寨县2022.xlsx", BAD)   # PX102 H6, PX118 and PX104 (a warning)
    toml(inbox, f'[[suppress]]\nrule = "PX102"\nreason = "{REASON}"\n')
    out = tmp_path / "汇总.xlsx"
    res = run("consolidate", inbox, "-o", out, "--lang", "en")
    assert res.exit_code == EXIT_FINDINGS, res.output
    issues = {r["规则"]: r for r in _table(load_workbook(out)["问题清单"])}
    assert issues["PX102"]["级别"] == "error (suppressed)" and f"(suppressed: {REASON})" in issues["PX102"]["问题说明"]
    assert issues["PX118"]["级别"] == "error" and issues["PX104"]["级别"] == "warning"
