"""The roll-up counts each form once and never sums across years (PX501, PX502, --year)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.consolidate.run import consolidate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
JINZHAI = next(EXAMPLES.glob("金寨*.xlsx"))       # 12 project forms of 2022, 5,503.771 万元
YIYANG = next(EXAMPLES.glob("益阳*.xlsx"))        # one project form of 2022
YUANJIANG = next(EXAMPLES.glob("沅江*.xlsx"))     # a department form of 2023


@pytest.fixture
def folder(tmp_path):
    """A county's form re-sent as （修订版） beside the first, and forms of two years."""
    src = tmp_path / "收到的自评表"
    src.mkdir()
    for f in (JINZHAI, YIYANG, YUANJIANG):
        shutil.copy(f, src / f.name)
    resent = src / JINZHAI.name.replace(".xlsx", "（修订版）.xlsx")
    shutil.copy(JINZHAI, resent)
    os.utime(src / JINZHAI.name, (1_600_000_000, 1_600_000_000))   # the first one: older
    os.utime(resent, (1_700_000_000, 1_700_000_000))
    return src


def _sheet(path: Path, name: str) -> list[dict]:
    rows = list(load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def test_a_resent_form_is_counted_once_the_later_copy(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    done = consolidate([folder], out)
    units = {(r["县区/单位"], r["年度"]): r for r in _sheet(out, "按县区")}
    jinzhai = units[("金寨县医疗保障局", 2022)]
    assert jinzhai["表数"] == 12 and jinzhai["全年预算数"] == pytest.approx(5503.771)  # not 24 and 11,007.54
    summary = [r for r in _sheet(out, "汇总") if r["县区/单位"] == "金寨县医疗保障局"]
    assert len(summary) == 12 and {r["来源文件"] for r in summary} == {
        f"收到的自评表/{JINZHAI.stem}（修订版）.xlsx"}                       # the later one counts
    issues = [r for r in _sheet(out, "问题清单") if r["规则"] == "PX501"]
    assert len(issues) == 24                                             # both files, every form
    kept = [r for r in issues if "修订版" in r["文件"]]
    assert len(kept) == 12 and all("计入汇总的是本文件" in r["问题说明"] for r in kept)
    assert all("修改时间" in r["问题说明"] for r in issues)                # says how it chose
    assert len(done.tables.summary) == 14
    # the kept copy's 警告数 counts its PX501 too: 汇总 agrees with 问题清单 form by form
    listed = [r for r in _sheet(out, "问题清单") if r["级别"] == "警告"]
    for row in summary:
        assert row["警告数"] == sum(r["文件"] == row["来源文件"] and r["项目名称"] == row["项目名称"] for r in listed)


def test_forms_of_two_years_are_flagged_and_never_summed(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    consolidate([folder], out)
    years = [r for r in _sheet(out, "问题清单") if r["规则"] == "PX502"]
    assert len(years) == 1 and "2022、2023" in years[0]["问题说明"]
    units = _sheet(out, "按县区")
    assert {(r["县区/单位"], r["年度"]) for r in units} == {
        ("金寨县医疗保障局", 2022), ("益阳市医疗保障局", 2022), ("南京市医疗保障局", 2023)}
    assert {r["年度"] for r in _sheet(out, "汇总") if r["县区/单位"]} >= {2022, 2023}


def test_year_counts_one_year(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    done = consolidate([folder], out, year=2022)
    summary = [r for r in _sheet(out, "汇总") if r["年度"] is not None]
    assert {r["年度"] for r in summary} == {2022} and len(summary) == 13
    assert not [r for r in _sheet(out, "问题清单") if r["规则"] == "PX502"]
    assert len(done.tables.summary) == 13 and done.other_years == 1     # 沅江's 2023 form, left out
    from click.testing import CliRunner

    from perfxl.cli import main

    res = CliRunner().invoke(main, ["consolidate", str(folder), "-o", str(tmp_path / "2024.xlsx"), "--year", "2024"])
    assert "另有 14 张其他年度的表未计入" in res.output                  # a clerk is told why it is empty


def test_the_year_comes_from_the_file_name_when_the_form_has_none(tmp_path):
    from lintkit import CLEAN, write_book

    src = tmp_path / "in"
    src.mkdir()
    book = write_book(src / "金寨县2024年度自评表.xlsx", CLEAN)
    wb = load_workbook(book)
    assert wb.active["A2"].value == "（2022年度）"
    wb.active["A2"] = None                      # the form no longer says its year
    wb.save(book)
    out = tmp_path / "汇总.xlsx"
    consolidate([src], out)
    assert [r["年度"] for r in _sheet(out, "汇总") if r["项目名称"]] == [2024]


def test_issue_list_names_unit_and_project_links_the_cell_and_orders_sheets_naturally(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(JINZHAI, src / JINZHAI.name)
    out = tmp_path / "汇总.xlsx"
    consolidate([src], out)
    ws = load_workbook(out)["问题清单"]
    head = [c.value for c in ws[1]]
    assert head == ["文件", "县区/单位", "项目名称", "工作表", "单元格", "规则", "级别", "问题说明"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert rows and all(r[1] == "金寨县医疗保障局" for r in rows)
    sheets = [r[3] for r in rows]
    numbers = [int(s.split("-")[0]) for s in sheets if s[0].isdigit()]
    assert numbers == sorted(numbers) and 10 in numbers          # 2- before 10-, not as text
    assert {r[2] for r in rows if r[3].startswith("1-")} == {"医疗保障专项经费"}
    link = ws.cell(2, 5).value
    assert link.startswith('=HYPERLINK("in/' + JINZHAI.name + "#'" + rows[0][3] + "'!")  # relative


def test_unit_chart_has_two_scales_and_labelled_values(folder, tmp_path):
    import re
    import zipfile

    out = tmp_path / "汇总.xlsx"
    consolidate([folder], out)
    with zipfile.ZipFile(out) as z:
        chart = z.read(next(n for n in z.namelist() if n.startswith("xl/charts/chart"))).decode()
    assert "<barChart>" in chart and "<lineChart>" in chart                 # 总分 as bars, 执行率 as a line
    assert len(re.findall(r"<valAx>", chart)) == 2                          # each on its own axis
    assert chart.count('<showVal val="1"/>') == 2 and '<showSerName val="1"/>' not in chart


@pytest.mark.parametrize("sort", ["unit", "score", "rate"])
def test_units_sorted_and_ranked(tmp_path, sort):
    from lintkit import CLEAN, edit, write_book

    src = tmp_path / "in"
    src.mkdir()
    # three counties: 甲 loses 10 points of 产出, 乙 spends half its money (5 of the funding 10), 丙 is clean
    half = edit(edit(edit(edit(CLEAN, "fund.0.3", 50), "fund.0.5", 0.5), "fund.0.6", 5), "total.1", 95)
    specs = {"甲县": edit(edit(CLEAN, "rows.0.6", 10), "total.1", 90), "乙县": half, "丙县": CLEAN}
    for place, spec in specs.items():
        write_book(src / f"{place}2022.xlsx", {**spec, "unit": f"{place}医疗保障局", "dept": f"{place}医疗保障局"})
    out = tmp_path / "汇总.xlsx"
    consolidate([src], out, sort=sort)
    units = _sheet(out, "按县区")
    names = [r["县区/单位"][0] for r in units]
    rank = {r["县区/单位"][0]: r["名次"] for r in units}
    weighted = {r["县区/单位"][0]: r["加权总分"] for r in units}
    assert weighted == {"丙": 100, "乙": 95, "甲": 90} and rank == {"丙": 1, "乙": 2, "甲": 3}
    if sort == "unit":
        assert names == sorted(names)
    elif sort == "score":
        assert [weighted[u] for u in names] == sorted(weighted.values(), reverse=True)
    else:
        rates = {r["县区/单位"][0]: r["执行率"] for r in units}
        assert [rates[u] for u in names] == sorted(rates.values(), reverse=True) and names[-1] == "乙"


def test_units_follow_the_roster_order_when_given():
    from perfxl.consolidate.tables import SUMMARY_KEYS, Table, per_unit

    def record(unit: str, total: float) -> tuple:
        values = {"unit": unit, "year": 2022, "budget": 100.0, "spent": 100.0, "total": total, "grade": "优",
                  "errors": 0, "warnings": 0}
        return tuple(values.get(k) for k in SUMMARY_KEYS)

    summary = Table(SUMMARY_KEYS, [record(u, t) for u, t in (("丙县", 99.0), ("甲县", 95.0), ("乙县", 97.0))])
    roster = ["乙县", "甲县", "丙县"]
    assert per_unit(summary, "unit", roster).column("unit") == roster
    assert per_unit(summary).column("unit") == sorted(roster)
    ranked = per_unit(summary, "unit", roster)
    assert dict(zip(ranked.column("unit"), ranked.column("rank"))) == {"丙县": 1, "乙县": 2, "甲县": 3}


GUANGYUAN = next(EXAMPLES.glob("广元*.xlsx"))    # three transfer forms; one names 省级、各市（州）、县（区）…


def _rename_unit(book: Path, sheet: str, old: str, new: str) -> None:
    """One form of a workbook names another unit (a clerk copied it from a neighbour's form)."""
    wb = load_workbook(book)
    cells = [c for row in wb[sheet].iter_rows() for c in row if isinstance(c.value, str) and old in c.value]
    assert cells, f"{old} not on {sheet}"
    for c in cells:
        c.value = c.value.replace(old, new)
    wb.save(book)


def test_units_are_workbooks_not_the_names_typed_in_forms(folder, tmp_path):
    """A re-sent file, two years, a form naming a third unit and a transfer form naming its recipients:
    按县区 has one row per workbook's unit and year, the figures counted once under it, and the
    forms whose names differ are listed as PX304."""
    shutil.copy(GUANGYUAN, folder / GUANGYUAN.name)
    resent = folder / JINZHAI.name.replace(".xlsx", "（修订版）.xlsx")
    stamp = resent.stat().st_mtime
    _rename_unit(resent, "3-信息网络维护费用", "金寨县医疗保障局", "霍山县医疗保障局")
    os.utime(resent, (stamp, stamp))                          # still the later copy
    out = tmp_path / "汇总.xlsx"
    consolidate([folder], out)
    units = {(r["县区/单位"], r["年度"]): r for r in _sheet(out, "按县区")}
    assert set(units) == {("金寨县医疗保障局", 2022), ("益阳市医疗保障局", 2022), ("南京市医疗保障局", 2023),
                          ("广元市", 2023)}                    # no 霍山县, no 省级、各市（州）… row
    jinzhai, guangyuan = units[("金寨县医疗保障局", 2022)], units[("广元市", 2023)]
    assert jinzhai["表数"] == 12 and jinzhai["全年预算数"] == pytest.approx(5503.771)   # counted once
    assert guangyuan["表数"] == 3 and guangyuan["全年预算数"] == pytest.approx(162046.24)
    summary = _sheet(out, "汇总")
    typo = [r for r in summary if r["项目名称"] == "信息网络维护费用"]
    assert len(typo) == 1 and typo[0]["县区/单位"] == "金寨县医疗保障局" and "修订版" in typo[0]["来源文件"]
    issues = [r for r in _sheet(out, "问题清单") if r["规则"] == "PX304"]
    assert any("霍山县医疗保障局" in r["问题说明"] and r["工作表"] == "3-信息网络维护费用" and "修订版" in r["文件"]
               for r in issues)
    recipients = [r for r in issues if "省级、各市（州）、县（区）医疗保障局" in r["问题说明"]]
    assert len(recipients) == 1 and "汇总时计入“广元市”" in recipients[0]["问题说明"]
    assert recipients[0]["县区/单位"] == "广元市"


def test_units_are_the_rosters_with_a_roster(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in (JINZHAI, GUANGYUAN, YUANJIANG):
        shutil.copy(f, src / f.name)
    out = tmp_path / "汇总.xlsx"
    consolidate([src], out, roster=EXAMPLES / "roster.xlsx")
    units = [(r["县区/单位"], r["表数"]) for r in _sheet(out, "按县区")]
    # the roster's 县区/单位 and its order: 沅江's form names 南京市医疗保障局, 广元's 广元市 and 省级…
    assert units == [("金寨县医疗保障局", 12), ("广元市医疗保障局", 3), ("沅江市医疗保障局", 1)]
    assert {r["县区/单位"] for r in _sheet(out, "汇总") if r["项目名称"]} == {u for u, _ in units}
    flagged = [r for r in _sheet(out, "问题清单") if r["规则"] == "PX304"]
    assert [r["县区/单位"] for r in flagged] == ["沅江市医疗保障局"]     # one slip, one finding


def _set_filed(book: Path, when: str) -> None:
    wb = load_workbook(book)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("填报日期")]
    assert cells
    for c in cells:
        c.value = f"填报日期：{when}"
    wb.save(book)


@pytest.mark.parametrize("later", ["2023年4月1日", "2023年3月15日"])
def test_a_resent_form_counts_by_its_filing_date_where_it_has_one(tmp_path, later):
    """The copy filled in later counts even when its file is older; with equal dates the file
    modified last counts, and each message says what decided."""
    src = tmp_path / "in"
    src.mkdir()
    first, second = src / "益阳甲.xlsx", src / "益阳乙.xlsx"
    shutil.copy(YIYANG, first)
    shutil.copy(YIYANG, second)
    _set_filed(first, later)                       # YIYANG's own date: 2023年3月15日
    os.utime(first, (1_600_000_000, 1_600_000_000))
    os.utime(second, (1_700_000_000, 1_700_000_000))
    out = tmp_path / "汇总.xlsx"
    consolidate([src], out)
    counted = [r["来源文件"] for r in _sheet(out, "汇总") if r["项目名称"]]
    issues = {r["文件"]: r["问题说明"] for r in _sheet(out, "问题清单") if r["规则"] == "PX501"}
    if later == "2023年4月1日":
        assert counted == ["in/益阳甲.xlsx"]
        assert "按填报日期，2023-04-01 最晚" in issues["in/益阳甲.xlsx"]
        assert "填报日期 2023-03-15" in issues["in/益阳乙.xlsx"]
    else:
        assert counted == ["in/益阳乙.xlsx"]
        assert all("修改时间" in m and "填报日期" not in m for m in issues.values())


def test_filing_dates_are_read_from_labels_and_cells():
    from datetime import date, datetime

    from perfxl.consolidate.dates import parse

    assert parse("填报日期：2023年3月15日") == date(2023, 3, 15)
    assert parse("填表日期：2024.5.17") == date(2024, 5, 17)
    assert parse("2021年4月") == date(2021, 4, 1)
    assert parse(datetime(2022, 8, 10, 9, 30)) == date(2022, 8, 10)
    assert parse("填报日期：") is None and parse("2023年13月1日") is None and parse(45000.0) is None


def test_a_report_kept_as_counts_counts_what_the_whole_one_lists(folder, tmp_path):
    """keep_findings=False (the command line's way, so memory does not grow with the findings):
    every file keeps only its counts, yet the summary, exit status and workbook are the same, the
    roll-up's own PX501 and PX502 counted beside the released ones."""
    whole = consolidate([folder], tmp_path / "全.xlsx")
    counted = consolidate([folder], tmp_path / "计数.xlsx", keep_findings=False)
    assert counted.report.summary() == whole.report.summary()
    assert whole.report.summary()["errors"] and whole.report.summary()["warnings"]
    assert counted.report.exit_code == whole.report.exit_code
    assert all(not f.forms and f.released for f in counted.report.files)
    kept = [x.rule for f in counted.report.files for x in f.findings]
    assert sorted(kept) == sorted(x.rule for _, x in whole.report.all_findings() if x.rule in ("PX501", "PX502"))
    for sheet in ("汇总", "按县区", "问题清单"):
        assert _sheet(tmp_path / "计数.xlsx", sheet) == _sheet(tmp_path / "全.xlsx", sheet)
    for listing in (counted.report.to_json, counted.report.to_sarif, counted.report.flatten):
        with pytest.raises(ValueError):   # a list of findings it no longer has: refused, never partial
            listing()


def test_a_released_file_result_counts_only_what_was_not_suppressed():
    from perfxl.errors import EXIT_FINDINGS
    from perfxl.findings import Finding
    from perfxl.lint.report import FileResult, Report

    found = [Finding("PX101", "error", "1", "A1", {}), Finding("PX102", "warning", "1", "A2", {}),
             Finding("PX103", "error", "1", "A3", {}, suppressed={"reason": "已说明"})]
    result = FileResult("a.xlsx", forms=[object(), object()], findings=found)
    before = Report([result]).summary()
    result.release()
    assert result.released == (2, 1, 1) and not result.findings and not result.forms
    assert Report([result]).summary() == before == {"files": 1, "forms": 2, "errors": 1, "warnings": 1}
    assert Report([result]).exit_code == EXIT_FINDINGS
    unreadable = FileResult("b.xlsx", error=Finding("PX001", "error", None, None, {}))
    assert unreadable.tally() == (0, 1, 0) and result.tally() == (2, 1, 1)   # a read error is an error
    assert Report([result, unreadable]).summary() == {"files": 2, "forms": 2, "errors": 2, "warnings": 1}


@pytest.mark.parametrize("feedback", [False, True])
def test_the_command_line_keeps_counts_unless_it_writes_feedback(folder, tmp_path, monkeypatch, feedback):
    """`perfxl consolidate` prints counts: its report keeps them, not every finding (memory flat in
    the files). --feedback writes each unit's findings, so it keeps them."""
    from click.testing import CliRunner

    import perfxl.consolidate.run as run
    from perfxl.cli import main

    done = []
    real = run.consolidate
    monkeypatch.setattr(run, "consolidate", lambda *a, **k: done.append(real(*a, **k)) or done[-1])
    args = ["consolidate", str(folder), "-o", str(tmp_path / "汇总.xlsx")]
    res = CliRunner().invoke(main, args + (["--feedback", str(tmp_path / "反馈")] if feedback else []))
    report = done[0].report
    s = report.summary()
    assert f"{s['errors']} 个错误，{s['warnings']} 个警告" in res.output and res.exit_code == report.exit_code
    assert s["errors"] and s["warnings"]
    released = [f.released is not None for f in report.files]
    assert released == [not feedback] * len(report.files)
    assert any(x.rule.startswith("PX1") for f in report.files for x in f.findings) == feedback


def test_year_tells_forms_of_no_stated_year_from_forms_of_another(tmp_path):
    """--year leaves out a form that states no year (not in its title, not in its file's name) and says
    so, and how to mend it; it is not a form "of another year"."""
    from click.testing import CliRunner
    from lintkit import CLEAN, write_book

    from perfxl.cli import main

    src = tmp_path / "in"
    src.mkdir()
    write_book(src / "金寨县2022年度自评表.xlsx", CLEAN)
    book = write_book(src / "霍邱县自评表.xlsx", CLEAN)
    wb = load_workbook(book)
    wb.active["A2"] = None                      # its title states no year, nor does its name
    wb.save(book)
    res = CliRunner().invoke(main, ["consolidate", str(src), "-o", str(tmp_path / "汇总.xlsx"), "--year", "2022"])
    assert "另有 1 张表未写明年度" in res.output and "请在文件名中写明" in res.output
    assert "其他年度" not in res.output
    done = consolidate([src], tmp_path / "汇总2.xlsx", year=2023)
    assert (done.other_years, done.no_year) == (2, 1)


def test_a_file_scoped_suppression_does_not_accept_the_roll_ups_own_px502(folder, tmp_path):
    """PX502 belongs to the roll-up, not to a file: an entry naming a file never accepts it (it did
    when that file happened to be the first of the run), an entry naming none does."""
    from perfxl.lint.suppress import Suppression

    first = sorted(folder.iterdir())[0].name
    by_file = [Suppression(("PX502",), "已知", file=first)]
    done = consolidate([folder], tmp_path / "汇总.xlsx", suppress=by_file)
    (years,) = [x for _, x in done.report.all_findings() if x.rule == "PX502"]
    assert years.suppressed is None and not by_file[0].used
    anywhere = [Suppression(("PX502",), "已知")]
    done = consolidate([folder], tmp_path / "汇总2.xlsx", suppress=anywhere)
    (years,) = [x for _, x in done.report.all_findings() if x.rule == "PX502"]
    assert years.suppressed == {"reason": "已知", "kind": "external"}


def _book(path: Path, *projects: str) -> Path:
    """A county's workbook of project forms with these 项目名称 ("" left empty), each its own figures."""
    from lintkit import edit, form, write_book

    specs = [edit(form(project=p, dept="某县医疗保障局", unit="某县医疗保障局"), "fund.0.2", 100 + 10 * i)
             for i, p in enumerate(projects)]
    return write_book(path, *specs, names=[f"表{i + 1}" for i in range(len(projects))])


def _copies(done) -> list:
    return [x for _, x in done.report.all_findings() if x.rule == "PX501"]


def test_forms_without_a_name_are_never_taken_for_copies(tmp_path):
    """Two forms with 项目名称 left empty (PX301), in one workbook or two, are two forms: both count.
    (They were one form sent twice: one left out of the roll-up, "counted: this file; not counted: this file".)"""
    inbox = tmp_path / "收表"
    inbox.mkdir()
    _book(inbox / "某县.xlsx", "", "")
    _book(inbox / "某县补报.xlsx", "")
    done = consolidate([inbox], tmp_path / "汇总.xlsx")
    assert len(done.tables.summary) == 3 and _copies(done) == []
    assert sorted(done.tables.summary.column("budget")) == [100, 100, 110]
    assert consolidate([inbox], tmp_path / "2023.xlsx", year=2023).other_years == 3   # left out: three forms


def test_two_forms_of_one_name_and_other_figures_in_one_workbook_both_count(tmp_path):
    """Two sheets of one name with other figures in one workbook are two forms (a name the clerk did
    not change), not a re-sent file: both count."""
    inbox = tmp_path / "收表"
    inbox.mkdir()
    _book(inbox / "某县.xlsx", "医疗保障专项经费", "医疗保障专项经费")
    done = consolidate([inbox], tmp_path / "汇总.xlsx")
    assert len(done.tables.summary) == 2 and _copies(done) == []


def test_a_sheet_copied_whole_in_one_workbook_counts_once(tmp_path):
    """A form repeated with the same figures in one workbook (a sheet kept as a backup) counts once;
    the repeat has a PX501 naming the sheet it repeats."""
    from lintkit import form, write_book

    inbox = tmp_path / "收表"
    inbox.mkdir()
    spec = form(project="医疗保障专项经费", dept="某县医疗保障局", unit="某县医疗保障局")
    write_book(inbox / "某县.xlsx", spec, spec, names=["自评表", "自评表 (2)"])
    out = tmp_path / "汇总.xlsx"
    done = consolidate([inbox], out)
    assert done.tables.summary.column("sheet") == ["自评表"]
    (repeat,) = _copies(done)
    assert repeat.sheet == "自评表 (2)" and "“自评表”" in repeat.params["why"]
    assert [r["工作表"] for r in _sheet(out, "问题清单") if r["规则"] == "PX501"] == ["自评表 (2)"]
    nameless = form(project="", dept="某县医疗保障局", unit="某县医疗保障局")   # so too without its name
    write_book(inbox / "某县.xlsx", nameless, nameless, names=["自评表", "自评表 (2)"])
    done = consolidate([inbox], tmp_path / "汇总2.xlsx")
    assert done.tables.summary.column("sheet") == ["自评表"] and len(_copies(done)) == 1


def test_a_resent_workbook_counts_all_its_copies_and_leaves_out_all_the_earlier_ones(tmp_path):
    inbox = tmp_path / "收表"
    inbox.mkdir()
    first = _book(inbox / "某县.xlsx", "医疗保障专项经费", "医疗保障专项经费")
    later = _book(inbox / "某县（修订版）.xlsx", "医疗保障专项经费", "医疗保障专项经费")
    os.utime(first, (1_600_000_000, 1_600_000_000))
    os.utime(later, (1_700_000_000, 1_700_000_000))
    out = tmp_path / "汇总.xlsx"
    done = consolidate([inbox], out)
    assert set(done.tables.summary.column("file")) == {"收表/某县（修订版）.xlsx"} and len(done.tables.summary) == 2
    copies = _copies(done)
    assert len(copies) == 4 and all(x.params["why"].endswith("收表/某县.xlsx") or "未计入汇总" in x.params["why"]
                                    for x in copies)
    counted = [r for r in _sheet(out, "汇总") if r["来源文件"] == "收表/某县（修订版）.xlsx"]
    assert [r["警告数"] for r in counted] == [1, 1]   # each kept copy carries its PX501


def test_project_forms_without_a_name_line_are_not_named_by_their_unit(tmp_path):
    """A template with no 项目名称 line (海南's older 自评表: the title names the project): two such
    forms of one unit in two files are two projects. Named by the unit, as a department form is,
    they were one form sent twice and one was left out."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "real"))
    from realbuild import build

    inbox = tmp_path / "收表"
    inbox.mkdir()
    for title, money in (("服务贸易项目绩效自评表", 570), ("商贸服务项目绩效自评表", 300)):
        rows = [[title], ["项目实施单位", "省商务厅服务贸易和商贸服务业处", None, None, "主管部门", "省商务厅"],
                ["计划投资额(万元)", money, "实际到位资金(万元)", money, "实际使用情况(万元)", money],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                ["产出指标", "数量指标", "场次", "≥10场", "12场", 50, 50]]
        width = max(map(len, rows))
        build({"sheets": [{"name": "自评表", "rows": [r + [None] * (width - len(r)) for r in rows],
                           "merges": [], "formats": {}}]}, inbox / f"{title}.xlsx")
    done = consolidate([inbox], tmp_path / "汇总.xlsx")
    assert sorted(done.tables.summary.column("budget")) == [300, 570] and _copies(done) == []
    assert done.tables.summary.column("project") == ["", ""]


def test_projects_of_one_name_and_other_budget_codes_are_two_forms(tmp_path):
    """51092324T000010263357-办公经费 and 51092324T000010263358-办公经费 in two files of one unit are two
    projects (a budget code names one): both count, neither is a re-sent copy."""
    inbox = tmp_path / "收表"
    inbox.mkdir()
    _book(inbox / "某县.xlsx", "51092324T000010263357-办公经费")
    _book(inbox / "某县补报.xlsx", "51092324T000010263358-办公经费")
    done = consolidate([inbox], tmp_path / "汇总.xlsx")
    assert len(done.tables.summary) == 2 and _copies(done) == []


@pytest.mark.parametrize("later", ["with the year", "without"])
def test_a_copy_that_states_no_year_is_the_form_of_the_year_its_other_copy_states(later, tmp_path):
    """A county sent its form first without a year (title and file name), then again with it, or the
    other way round: one form sent twice, counted once, not two forms summed. Where the copies state
    two years, a copy without one belongs to neither."""
    from lintkit import CLEAN, write_book

    src = tmp_path / "in"
    src.mkdir()
    with_year = write_book(src / "金寨县2022年度自评表.xlsx", CLEAN)
    without = write_book(src / "金寨县自评表.xlsx", CLEAN)
    wb = load_workbook(without)
    wb.active["A2"] = None                      # its title states no year, nor does its name
    wb.save(without)
    first, last = (without, with_year) if later == "with the year" else (with_year, without)
    os.utime(first, (1_600_000_000, 1_600_000_000))
    os.utime(last, (1_700_000_000, 1_700_000_000))
    done = consolidate([src], tmp_path / "汇总.xlsx")
    assert done.forms == 1 and done.tables.summary.column("file") == [f"in/{last.name}"]
    assert len(_copies(done)) == 2 and all("2022年度" in x.message() for x in _copies(done))
    assert not [x for _, x in done.report.all_findings() if x.rule == "PX502"]
    # a third copy of 2023: the one without a year is no longer taken for either
    book = write_book(src / "金寨县2023年度自评表.xlsx", CLEAN)
    wb = load_workbook(book)
    wb.active["A2"] = "（2023年度）"
    wb.save(book)
    done = consolidate([src], tmp_path / "汇总2.xlsx")
    assert done.forms == 3 and _copies(done) == []


def test_a_resent_copy_whose_name_is_not_utf8_is_judged_by_its_own_time(tmp_path):
    """A copy unpacked from another system's archive may have a name that is not UTF-8: its
    modification time is its file's (it was read off the name as shown, with �, and taken for 0)."""
    from lintkit import CLEAN, write_book

    src = tmp_path / "in"
    src.mkdir()
    first = write_book(src / "金寨县.xlsx", CLEAN)
    later = os.fsencode(src) + b"/\xbd\xf0\xd5\xaf.xlsx"          # 金寨 in GBK
    shutil.copyfile(first, later)
    os.utime(first, (1_600_000_000, 1_600_000_000))
    os.utime(later, (1_700_000_000, 1_700_000_000))
    done = consolidate([src], tmp_path / "汇总.xlsx")
    assert done.forms == 1 and done.tables.summary.column("file") != ["in/金寨县.xlsx"]
    assert len(_copies(done)) == 2
