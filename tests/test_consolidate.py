"""`perfxl consolidate`: the figures of a generated city and of examples/, checked independently."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from lintkit import edit, form, write_book
from openpyxl import load_workbook

from perfxl.cli import main
from perfxl.consolidate.run import consolidate
from perfxl.errors import EXIT_ERROR, OutputExistsError

ROOT = Path(__file__).resolve().parents[1]


def read_excel(path, sheet_name):
    return pd.read_excel(path, sheet_name=sheet_name, engine="openpyxl")
COUNTIES = ["金寨县", "霍邱县", "舒城县", "霍山县"]


def _city(folder: Path, seed: int = 7) -> list[dict]:
    """Four counties' workbooks with known money and scores; returns what was written."""
    rnd = random.Random(seed)
    written = []
    for county in COUNTIES:
        specs = []
        for j in range(rnd.randint(2, 4)):
            budget = round(rnd.uniform(10, 500), 2)
            spent = round(budget * rnd.uniform(0.7, 1.0), 3)
            fund = round(10 * spent / budget + 1e-9, 2)
            lost = rnd.choice([0, 0, 2, 5])
            spec = form(project=f"{county}项目{j}", dept=f"{county}医疗保障局", unit=f"{county}医疗保障局")
            spec = edit(edit(spec, "fund.0.2", budget), "fund.0.3", spent)
            spec = edit(edit(edit(spec, "fund.1.2", budget), "fund.1.3", spent), "fund.0.5", spent / budget)
            spec = edit(edit(spec, "fund.0.6", fund), "rows.4.6", 30 - lost)
            spec = edit(edit(spec, "fund.0.1", budget), "fund.1.1", budget)  # no mid-year adjustment (PX106)
            if spent < 0.9 * budget:  # a low 执行率 with its reason (PX105)
                spec = edit(spec, "rows.0.7", "部分资金将于次年支付")
            if lost:
                spec = edit(spec, "rows.4.7", "部分乡镇未完成")
            total = round(fund + 90 - lost, 2)
            spec = edit(spec, "total", [100, total])
            specs.append(spec)
            written.append({"unit": f"{county}医疗保障局", "project": spec["project"], "budget": budget,
                            "spent": spent, "total": total})
        sub = folder / county
        sub.mkdir(parents=True)
        write_book(sub / f"{county}医疗保障局2023年度绩效自评表.xlsx", *specs)
    return written


@pytest.fixture
def city(tmp_path):
    written = _city(tmp_path / "收到的自评表")
    out = tmp_path / "市汇总.xlsx"
    done = consolidate([tmp_path / "收到的自评表"], out)
    return written, out, done


def test_rows_money_rates_and_weighted_scores(city):
    written, out, done = city
    summary = read_excel(out, sheet_name="汇总").iloc[:-2]
    assert len(summary) == len(written)
    assert list(summary["县区/单位"]) == sorted(summary["县区/单位"])            # sorted by unit, then project
    by_project = summary.set_index("项目名称")
    for w in written:
        row = by_project.loc[w["project"]]
        assert row["全年预算数"] == pytest.approx(w["budget"]) and row["全年执行数"] == pytest.approx(w["spent"])
        assert row["执行率"] == pytest.approx(w["spent"] / w["budget"]) and row["总分"] == pytest.approx(w["total"])
    units = read_excel(out, sheet_name="按县区").set_index("县区/单位")
    for county in COUNTIES:
        mine = [w for w in written if w["unit"].startswith(county)]
        budget = sum(w["budget"] for w in mine)
        weighted = sum(w["total"] * w["budget"] for w in mine) / budget
        row = units.loc[f"{county}医疗保障局"]
        assert row["表数"] == len(mine) and row["全年预算数"] == pytest.approx(budget)
        assert row["加权总分"] == pytest.approx(weighted)
        assert row["执行率"] == pytest.approx(sum(w["spent"] for w in mine) / budget)
    assert done.report.exit_code == 0


def test_summary_formulas_recalculate_to_the_same_figures(city, recalc):
    written, out, _ = city
    ws = recalc(out)[0]["汇总"]
    n = len(written)
    total_row, weighted_row = n + 2, n + 3
    head = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(head)}
    budget, spent = sum(w["budget"] for w in written), sum(w["spent"] for w in written)
    assert ws.cell(total_row, col["全年预算数"]).value == pytest.approx(budget)
    assert ws.cell(total_row, col["全年执行数"]).value == pytest.approx(spent)
    assert ws.cell(total_row, col["执行率"]).value == pytest.approx(spent / budget)
    assert ws.cell(total_row, col["总分"]).value == pytest.approx(sum(w["total"] for w in written) / n)
    weighted = sum(w["total"] * w["budget"] for w in written) / budget
    assert ws.cell(weighted_row, col["总分"]).value == pytest.approx(weighted)


def _totals_rows(ws) -> list[list]:
    """The 合计 and 预算加权平均总分 rows of 汇总, as values."""
    return [[c.value for c in row] for row in ws.iter_rows(min_row=ws.max_row - 1)]


@pytest.mark.parametrize("source", ["city", "examples"])
def test_summary_totals_are_saved_with_the_values_a_spreadsheet_computes(source, city, recalc, tmp_path):
    # A viewer that does not recalculate (a phone's preview, calamine, pandas) shows the saved values:
    # they must be there, and be what LibreOffice computes from the formulas.
    out = city[1] if source == "city" else tmp_path / "examples汇总.xlsx"
    if source == "examples":  # blanks, a transfer form without scores, counts of findings
        consolidate([ROOT / "examples"], out)
    saved = _totals_rows(load_workbook(out, data_only=True)["汇总"])
    computed = _totals_rows(recalc(out)[0]["汇总"])
    assert saved[0][0] == "合计 / 平均" and saved[1][0] == "预算加权平均总分"
    assert sum(isinstance(v, float) for v in saved[0] + saved[1]) >= 6   # money, rate, average, weighted, counts
    for mine, theirs in zip(saved, computed):
        assert mine == [pytest.approx(v, rel=1e-12) if isinstance(v, (int, float)) else v for v in theirs]


def test_summary_totals_beyond_a_double_are_left_to_the_spreadsheet(tmp_path):
    # Two budgets of 1e308 add up past the largest double: no value is saved (and the roll-up goes on).
    folder = tmp_path / "in"
    folder.mkdir()
    specs = [edit(edit(form(project=f"项目{i}"), "fund.0.2", 1e308), "fund.1.2", 1e308) for i in range(2)]
    write_book(folder / "大数.xlsx", *specs)
    out = tmp_path / "汇总.xlsx"
    consolidate([folder], out)
    ws = load_workbook(out)["汇总"]
    head = [c.value for c in ws[1]]
    budget = ws.cell(ws.max_row - 1, head.index("全年预算数") + 1)
    assert budget.value == "=SUM(E2:E3)"
    saved = load_workbook(out, data_only=True)["汇总"].cell(ws.max_row - 1, head.index("全年预算数") + 1)
    assert saved.value is None


def test_indicator_detail_and_issue_list(city):
    written, out, _ = city
    detail = read_excel(out, sheet_name="指标明细")
    assert len(detail) == 6 * len(written)
    row = detail[(detail["三级指标"] == "监督检查覆盖率")].iloc[0]
    assert (row["指标值（数）"], row["指标值单位"], row["完成值（数）"], row["是否完成"]) == (95, "%", 98, "是")
    assert read_excel(out, sheet_name="问题清单").empty
    ws = load_workbook(out)["汇总"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows.replace("$", "") == "1:1"
    assert ws["E2"].number_format == "#,##0.00" and ws["G2"].number_format == "0.00%"  # after 年度 (D)


def test_examples_with_roster_and_a_bad_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in (ROOT / "examples").glob("*.xlsx"):
        if p.name != "roster.xlsx":
            (folder / p.name).write_bytes(p.read_bytes())
    (folder / "坏文件.xlsx").write_text("not a workbook")
    (folder / "~$金寨.xlsx").write_bytes(b"lock")
    out = folder / "汇总.xlsx"
    res = CliRunner().invoke(main, ["consolidate", str(folder), "-o", str(out), "--roster",
                                    str(ROOT / "examples" / "roster.xlsx")])
    assert res.exit_code == EXIT_ERROR and "1 个文件无法读取" in res.output and "Traceback" not in res.output
    summary = read_excel(out, sheet_name="汇总").iloc[:-2]
    assert len(summary) == 17 and summary["表类型"].value_counts().to_dict() == {"项目支出": 13, "转移支付": 3, "部门整体": 1}
    assert summary.loc[summary["项目名称"] == "医疗保障专项经费", "错误数"].item() == 3
    issues = read_excel(out, sheet_name="问题清单")
    assert ((issues["文件"] == "坏文件.xlsx") & (issues["规则"] == "PX001")).sum() == 1
    assert not issues["文件"].str.startswith("~$").any()
    check = read_excel(out, sheet_name="名单核对")
    assert check.values.tolist()[0][:3] == ["未收到", "金寨县医疗保障局", "县区域医疗信息系统对接省医保系统接口费用"]
    assert len(check) == 1
    # consolidating again skips its own output, and refuses to overwrite it without --force
    again = CliRunner().invoke(main, ["consolidate", str(folder), "-o", str(out)])
    assert again.exit_code == EXIT_ERROR and "--force" in again.output
    forced = CliRunner().invoke(main, ["consolidate", str(folder), "-o", str(out), "--force"])
    # five example workbooks and 坏文件: the earlier summary in the same folder is not an input
    assert forced.exit_code == EXIT_ERROR and "已汇总 6 个文件" in forced.output
    assert not (read_excel(out, sheet_name="问题清单")["文件"] == "汇总.xlsx").any()
    assert len(read_excel(out, sheet_name="汇总").iloc[:-2]) == 17


def test_same_input_same_output_and_text_never_a_formula(tmp_path):
    evil = form(project="PLACEHOLDER", unit="+金寨县医疗保障局", dept="@金寨县医疗保障局")
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_book(folder / "金寨县2023.xlsx", evil, form(project="租赁费"), names=["1-项目", "2-租赁费"])
    wb = load_workbook(path)
    cell = wb["1-项目"]["B3"]
    cell.value, cell.data_type = '=HYPERLINK("http://x","点我")', "s"   # text a clerk typed, not a formula
    wb.save(path)
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    consolidate([folder], a)
    consolidate([folder], b)
    rows = lambda p: [[c.value for c in r] for ws in load_workbook(p) for r in ws.iter_rows()]
    assert rows(a) == rows(b)
    ws = load_workbook(a)["汇总"]
    cell = next(c for r in ws.iter_rows() for c in r if str(c.value).startswith("=HYPERLINK(\"http"))
    assert cell.data_type == "s"
    with pytest.raises(OutputExistsError):
        consolidate([folder], a)
    with pytest.raises(OutputExistsError):
        consolidate([folder], folder / "金寨县2023.xlsx", force=True)


def test_csv_and_parquet_exports(tmp_path):
    _city(tmp_path / "in")
    out = tmp_path / "市汇总.xlsx"
    consolidate([tmp_path / "in"], out, fmt="csv")
    csv = pd.read_csv(tmp_path / "市汇总_汇总.csv", encoding="utf-8-sig")
    assert len(csv) == len(read_excel(out, sheet_name="汇总")) - 2
    consolidate([tmp_path / "in"], out, fmt="parquet", force=True)
    parquet = pd.read_parquet(tmp_path / "市汇总_指标明细.parquet")
    assert len(parquet) == len(read_excel(out, sheet_name="指标明细"))


def test_roster_lists_missing_and_unknown_forms_and_checks_unit_names(tmp_path):
    from conftest import write_roster

    written = _city(tmp_path / "in")
    forms = [[w["unit"], "项目支出", 2023, w["project"], w["unit"], w["unit"], None, None, w["budget"]]
             for w in written[1:]]                                   # the first form is not planned
    forms[0][5] = "霍邱县财政局"                                      # the roster expects another unit
    forms.append([written[0]["unit"], "项目支出", 2023, "未交的项目", "x", "y", None, None, 1])
    roster = write_roster(tmp_path / "roster.xlsx", forms, [])
    out = tmp_path / "市汇总.xlsx"
    consolidate([tmp_path / "in"], out, roster=roster)
    check = read_excel(out, sheet_name="名单核对")
    assert sorted(check["核对结果"]) == ["名单外", "未收到"]
    assert check.set_index("核对结果").loc["名单外", "项目名称"] == written[0]["project"]
    assert check.set_index("核对结果").loc["未收到", "项目名称"] == "未交的项目"
    issues = read_excel(out, sheet_name="问题清单")
    px304 = issues[issues["规则"] == "PX304"]
    assert len(px304) == 1 and "霍邱县财政局" in px304["问题说明"].item()


def test_names_match_whatever_bracket_width_spaces_or_budget_code_a_clerk_typed(tmp_path):
    """（2022） on the roster and (2022) on the form, a unit with its budget code on one and not on the
    other, a space inside a name: one project, one unit — in 名单核对, PX304 and a re-sent copy (PX501)."""
    import os

    from conftest import write_roster

    inbox = tmp_path / "in"
    inbox.mkdir()
    spec = form(project="医疗保障专项经费(2022)", dept="金寨县医疗保障局", unit="金寨县 医疗保障局")
    first = write_book(inbox / "金寨县.xlsx", spec)
    write_book(inbox / "金寨县（修订）.xlsx", edit(spec, "project", "医疗保障专项经费（2022）"))
    os.utime(first, (1_600_000_000, 1_600_000_000))
    roster = write_roster(tmp_path / "roster.xlsx", [["金寨县", "项目支出", 2022, "医疗保障专项经费（２０２２）",
                                                      "054-金寨县医疗保障局", "054001-金寨县医疗保障局", None, None, 100]],
                          [])
    out = tmp_path / "市汇总.xlsx"
    done = consolidate([inbox], out, roster=roster)
    assert len(done.tables.summary) == 1 and done.tables.summary.column("file") == ["in/金寨县（修订）.xlsx"]
    assert load_workbook(out)["名单核对"].max_row == 1            # the header alone: nothing missing or extra
    rules = {x.rule for _, x in done.report.all_findings()}
    assert "PX501" in rules and "PX304" not in rules


def test_progress_bar_run_gives_the_same_summary(tmp_path):
    _city(tmp_path / "in")
    quiet = consolidate([tmp_path / "in"], tmp_path / "a.xlsx", progress=False)
    shown = consolidate([tmp_path / "in"], tmp_path / "b.xlsx", progress=True)
    assert shown.tables.summary == quiet.tables.summary and len(shown.report.files) == 4


def test_two_roster_lines_of_one_name_and_other_budget_codes_are_two_projects(tmp_path):
    """A roster lists 2022001-… and 2022002-… of one name for two units: a form naming 2022001
    answers that line alone, and 2022002 is 未收到 (both lines took the one form as theirs); PX304
    compares its unit with its own line's (it took the last line of the name). A form or line
    without a code still matches by name."""
    from conftest import write_roster

    inbox = tmp_path / "in"
    inbox.mkdir()
    write_book(inbox / "金寨县.xlsx", form(project="2022001-医疗保障专项经费"), form(project="业务运转经费"))
    line = ["金寨县", "项目支出", 2022, None, "054-金寨县医疗保障局", "054001-金寨县医疗保障局", None, None, 100]
    lines = [[*line[:3], name, *line[4:]] for name in ("2022001-医疗保障专项经费", "2022002-医疗保障专项经费",
                                                       "2022003-业务运转经费")]
    lines[1][5] = "霍邱县财政局"
    roster = write_roster(tmp_path / "roster.xlsx", lines, [])
    done = consolidate([inbox], tmp_path / "汇总.xlsx", roster=roster)
    check = read_excel(tmp_path / "汇总.xlsx", sheet_name="名单核对")
    assert check[["核对结果", "项目名称"]].values.tolist() == [["未收到", "2022002-医疗保障专项经费"]]
    assert "PX304" not in {x.rule for _, x in done.report.all_findings()}


def test_parquet_columns_keep_their_type_whatever_the_first_batch_holds(tmp_path, monkeypatch):
    """The exports are written a batch at a time, each column typed by its definition: a number
    column the first batch holds empty (a form whose first row has no number in its target) stays a
    number column, true/false stays boolean. A year column with an empty cell is written 2022 in
    CSV, not 2022.0 (pandas made the column float)."""
    from perfxl.consolidate import exports

    folder = tmp_path / "in"
    folder.mkdir()
    first = form(project="项目一")
    for i in range(len(first["rows"])):      # every target a word: no number in the first form's rows
        first = edit(first, f"rows.{i}.3", "按时完成")
    write_book(folder / "金寨县.xlsx", first, form(project="项目二"))
    monkeypatch.setattr(exports, "BATCH", 1)
    consolidate([folder], tmp_path / "汇总.xlsx", fmt="parquet")   # was ArrowTypeError, a traceback
    detail = pd.read_parquet(tmp_path / "汇总_指标明细.parquet").groupby("项目名称")["指标值（数）"]
    assert detail.count().to_dict() == {"项目一": 0, "项目二": 4} and detail.max()["项目二"] == 1_000_000
    detail = pd.read_parquet(tmp_path / "汇总_指标明细.parquet")
    assert str(detail["分值"].dtype) == "float64" and detail["是否完成"].dropna().isin([True, False]).all()
    summary = pd.read_parquet(tmp_path / "汇总_汇总.parquet")
    assert summary["年度"].tolist() == [2022, 2022] and str(summary["年度"].dtype) == "int64"
    monkeypatch.undo()
    book = load_workbook(folder / "金寨县.xlsx")
    book.worksheets[1]["A2"] = None                 # the second form states no year: 年度 is empty there
    book.save(folder / "金寨县.xlsx")
    consolidate([folder], tmp_path / "汇总.xlsx", fmt="csv", force=True)
    years = pd.read_csv(tmp_path / "汇总_汇总.csv", encoding="utf-8-sig", dtype=str)["年度"].tolist()
    assert years[0] == "2022" and pd.isna(years[1])   # not 2022.0 because the other is empty


def test_an_output_that_is_an_input_by_another_name_is_refused(tmp_path):
    """A hard link to an input is that input: --force does not write over it (inputs are known by
    device and inode, not by their paths)."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    source = write_book(folder / "金寨县.xlsx", form())
    os.link(source, tmp_path / "汇总.xlsx")
    before = source.read_bytes()
    with pytest.raises(OutputExistsError, match="输入"):
        consolidate([folder], tmp_path / "汇总.xlsx", force=True)
    assert source.read_bytes() == before
