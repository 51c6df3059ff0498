"""A bureau adds its own wording in perfxl.toml (or --vocab FILE), without code."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "real"))

from realbuild import build

from perfxl import vocabulary
from perfxl.cli import main
from perfxl.lint import lint_paths

# A form in a wording perfxl does not know: 承担单位, 核定预算/支出数, 考核值/完成数/扣分说明.
ODD = [["项目支出绩效自评表"], ["项目名称", "乡村道路养护"], ["承担单位", "金寨县交通局"],
       ["项目资金（万元）", "核定预算", "支出数", "分值", "执行率", "得分"], ["年度资金总额", 100, 95, 10, 0.95, 9.5],
       ["绩效指标", "一级指标", "二级指标", "三级指标", "考核值", "完成数", "分值", "得分", "扣分说明"],
       [None, "产出指标", "数量指标", "养护里程", "≥300公里", "280公里", 50, 50, None],
       [None, "效益指标", "社会效益指标", "通行条件", "明显改善", "明显改善", 30, 30, None],
       [None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10, None]]
TOML = """# 某市财政局的表样用词
[vocabulary.fields]
"承担单位" = "unit"

[vocabulary.fund_columns]
"核定预算" = "budget"
"支出数" = "spent"

[vocabulary.indicator_columns]
"考核值" = "target"
"完成数" = "actual"
"扣分说明" = "reason"
"""


def workbook(folder: Path, name: str = "金寨县2022年乡村道路养护.xlsx", project: str = "乡村道路养护") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [["项目名称", project] if r[0] == "项目名称" else r for r in ODD]
    return build({"sheets": [{"name": "自评表", "rows": [r + [None] * (9 - len(r)) for r in rows]}]}, folder / name)


def run(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    return res, (json.loads(res.output) if res.output.startswith("{") else None)


def test_unknown_wording_is_misread_until_the_bureau_names_it(tmp_path):
    path = workbook(tmp_path / "in")
    _, plain = run("lint", path, "--format", "json")
    form = plain["files"][0]["forms"]
    assert not form or form[0]["budget"] is None                     # perfxl alone cannot read it
    (tmp_path / "in" / "perfxl.toml").write_text(TOML, encoding="utf-8")
    res, data = run("lint", path, "--format", "json")
    f = data["files"][0]
    form = f["forms"][0]
    assert (form["kind"], form["unit"], form["budget"], form["spent"]) == ("project", "金寨县交通局", 100, 95)
    assert {(x["rule"], x["cell"]) for x in f["findings"]} == {("PX201", "H7"), ("PX202", "I7")}  # 280 of ≥300


def test_vocab_names_a_file_anywhere_and_consolidate_reads_with_it(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    for i in range(25):          # enough for the worker pool: the workers read with the wording too
        workbook(folder, f"金寨县{i:02d}.xlsx", f"乡村道路养护{i:02d}")  # 25 forms, none sent twice
    words = tmp_path / "我们的用词.toml"
    words.write_text(TOML, encoding="utf-8")
    _, data = run("lint", folder / "金寨县00.xlsx", "--format", "json", "--vocab", words)
    assert data["files"][0]["forms"][0]["budget"] == 100
    import perfxl.lint.run

    monkeypatch.setattr(perfxl.lint.run.os, "cpu_count", lambda: 2)   # a worker pool even on a 1-CPU runner
    res = CliRunner().invoke(main, ["consolidate", str(folder), "-o", str(tmp_path / "汇总.xlsx"), "--vocab", str(words)])
    assert res.exit_code == 1, res.output                              # the PX201 errors, in every county
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "汇总.xlsx")["汇总"]
    head = [c.value for c in ws[1]]
    assert {r[head.index("全年预算数")] for r in ws.iter_rows(min_row=2, max_row=26, values_only=True)} == {100}


def test_a_bad_vocabulary_is_a_message_naming_the_file_and_the_word(tmp_path):
    path = workbook(tmp_path / "in")
    bad = tmp_path / "bad.toml"
    bad.write_text('[vocabulary.fund_columns]\n"核定预算" = "预算"\n[vocabulary.colour]\n"红" = "x"\n', encoding="utf-8")
    res, _ = run("lint", path, "--vocab", bad)
    assert res.exit_code == 2 and "bad.toml" in res.output and "核定预算" in res.output and "colour" in res.output
    assert "Traceback" not in res.output
    broken = tmp_path / "broken.toml"
    broken.write_text("[vocabulary.fields\n", encoding="utf-8")
    res, _ = run("lint", path, "--vocab", broken, "--lang", "en")
    assert res.exit_code == 2 and "broken.toml" in res.output and "cannot read the vocabulary" in res.output


def test_wordings_never_pile_up_in_one_process(tmp_path):
    from perfxl.lint.settings import load

    path = workbook(tmp_path / "in")
    words = tmp_path / "w.toml"
    words.write_text(TOML, encoding="utf-8")
    with_words = lint_paths([path], vocab=load([words])).files[0].forms[0]
    without = lint_paths([path]).files[0].forms
    assert with_words.budget == 100 and (not without or without[0].budget is None)
    assert ("核定预算", "budget") not in vocabulary.FUND_COLUMNS


@pytest.mark.parametrize("text, words", [
    ("[vocabulary.words]\ntotals = 5\n", "totals"),
    ("[vocabulary]\nwords = \"abc\"\n", "words"),
    ("[fields]\n\"承担单位\" = \"unit\"\n", "[fields]"),
    ("vocabulary = 3\n", "[vocabulary]"),
    ("[vocabulary.words]\nstops = [\" \"]\n", "stops"),
])
def test_every_slip_in_a_vocabulary_file_is_a_message(tmp_path, text, words):
    path = workbook(tmp_path / "in")
    bad = tmp_path / "slip.toml"
    bad.write_text(text, encoding="utf-8")
    res, _ = run("lint", path, "--vocab", bad)
    assert res.exit_code == 2 and "slip.toml" in res.output and words in res.output, res.output
    assert "内部错误" not in res.output


def test_the_excel_add_in_reads_with_the_built_in_words_after_a_run_with_others(tmp_path):
    from perfxl.lint import lint_grids
    from perfxl.lint.settings import load
    from perfxl.reader.sources import load_book

    path = workbook(tmp_path / "in")
    words = tmp_path / "w.toml"
    words.write_text(TOML, encoding="utf-8")
    assert lint_paths([path], vocab=load([words])).files[0].forms[0].budget == 100
    grids = load_book(path).grids
    plain = lint_grids(grids, path.name).forms
    assert not plain or plain[0].budget is None
    assert lint_grids(grids, path.name, vocab=load([words])).forms[0].budget == 100


def test_a_bureau_word_for_a_kind_settles_the_kind(tmp_path):
    from perfxl.lint.settings import load

    rows = [["中央直达资金绩效目标自评表"], *ODD[1:]]
    path = build({"sheets": [{"name": "自评表", "rows": [r + [None] * (9 - len(r)) for r in rows]}]},
                 tmp_path / "a.xlsx")
    words = tmp_path / "w.toml"
    words.write_text(TOML + '\n[vocabulary.words]\ntransfer = ["中央直达资金"]\n', encoding="utf-8")
    assert lint_paths([path], vocab=load([words])).files[0].forms[0].kind == "transfer"
    plain = TOML
    words.write_text(plain, encoding="utf-8")
    assert lint_paths([path], vocab=load([words])).files[0].forms[0].kind == "project"
