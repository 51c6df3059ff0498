"""The summary's row machinery: rows rendered in workers, spooled, spliced, and exported in batches."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from lintkit import edit, form, write_book
from openpyxl import load_workbook

from perfxl.consolidate.exports import _write_frames
from perfxl.consolidate.run import consolidate
from perfxl.errors import OutputError
from perfxl.lint.check import read_forms
from perfxl.reader.grid import Grid
from perfxl.reader.sources import Book


def test_text_with_markup_and_control_characters_reads_back_as_written(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县2023.xlsx", form(project="A<B>&C项目", unit="金寨县<医保>局"))
    out = tmp_path / "汇总.xlsx"
    consolidate([folder], out)
    wb = load_workbook(out)
    summary = [[c.value for c in r] for r in wb["汇总"].iter_rows(min_row=2, max_row=2)][0]
    assert summary[:3] == ["金寨县<医保>局", "A<B>&C项目", "项目支出"]
    detail = wb["指标明细"]
    assert detail.max_row == 7 and detail["B2"].value == "A<B>&C项目" and detail["N2"].value == "是"


def test_control_characters_are_dropped_not_written_into_the_xml():
    from perfxl.consolidate.render import cell, plain_rows

    assert cell("a\x01b<") == '<c t="inlineStr"><is><t>ab&lt;</t></is></c>'
    assert cell(" 金寨 ") == '<c t="inlineStr"><is><t xml:space="preserve"> 金寨 </t></is></c>'   # spaces kept
    assert plain_rows([("x", None, float("nan"), 2)]) == plain_rows([("x", None, None, 2)])


@pytest.mark.parametrize("value", ["金寨", "", " 前空", "后空 ", "a<b", "a>b", "a&b", "_x0041_", "换\n行", "\x01x",
                                   "\u3000全角", "\xa0", "很" * 40_000, 1.0, 97.16, -0.0, 0.0, 1e308, float("inf"),
                                   float("nan"), 3, True, False, None])
def test_plain_rows_write_each_value_as_cell_does(value):
    """plain_rows' shortcuts (cached cells, text wrapped without cell()) write what cell() writes,
    twice over (the second time from its cache), a True as 是 and a trailing empty cell left out."""
    from perfxl.consolidate.render import cell, plain_rows, row

    shown = {True: "是", False: "否"}.get(value, value) if isinstance(value, bool) else value
    expected = (row([cell("x"), cell(shown)]) + row([cell(shown), cell("y")])).encode()
    for _ in range(2):
        assert plain_rows([("x", value), (value, "y")]) == expected


def test_a_text_longer_than_a_cell_holds_is_cut_to_excels_limit():
    """Excel refuses a whole workbook with one cell over 32,767 characters (a form read by calamine
    may hold more): the summary cuts such a text, in the workers' long tables and the small sheets."""
    import re

    from perfxl.consolidate.render import Styles, cell, plain_rows
    from perfxl.consolidate.sheets import Book

    long_text = "很" * 40_000
    small = Book(None, Styles())  # the small sheets' cells (按县区, 名单核对)
    for xml in (cell(long_text), plain_rows([(long_text, 1.0)]).decode(), small.cell(long_text, None)):
        assert [len(t) for t in re.findall(r"<t>([^<]*)</t>", xml)] == [32_767], xml[:80]


def test_spool_is_removed_after_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):   # enough files for the worker pool
        write_book(folder / f"金寨县{i:02d}.xlsx", form(project=f"项目{i:02d}"))
    done = consolidate([folder], tmp_path / "汇总.xlsx")
    projects = done.tables.summary.column("project")
    assert len(done.tables.summary) == 30 and projects == sorted(projects)
    assert list((tmp_path / "tmp").iterdir()) == []
    detail = pd.read_excel(tmp_path / "汇总.xlsx", sheet_name="指标明细", engine="openpyxl")
    assert len(detail) == 30 * 6 and list(detail["项目名称"]) == sorted(detail["项目名称"])


def test_exports_write_batches_as_one_table(tmp_path):
    from perfxl.consolidate.columns import Column

    columns = (Column("a", "a", data="float"), Column("b", "b"))
    first = pd.DataFrame({"a": [1.0, 2.0], "b": [None, None]})    # b holds nothing in the first batch
    later = pd.DataFrame({"a": [3.0], "b": ["=SUM(A1)"]})
    _write_frames(tmp_path / "t.parquet", iter([first, later]), "parquet", columns)
    table = pd.read_parquet(tmp_path / "t.parquet")
    assert table["a"].tolist() == [1.0, 2.0, 3.0]
    assert table["b"].isna().tolist() == [True, True, False] and table["b"].iloc[2] == "=SUM(A1)"
    _write_frames(tmp_path / "t.csv", iter([first, later]), "csv", columns)
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.count(b"\xef\xbb\xbf") == 1 and raw.count(b"a,b") == 1       # one BOM, one header
    assert pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig")["b"].tolist()[2] == "'=SUM(A1)"


def test_not_applicable_second_level_merged_down_covers_every_row():
    rows = [["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["", "产出指标", "数量指标", "覆盖率", "≥95%", "98%", 50.0, 50.0],
            ["", "效益指标", "本指标不适用", "", "", "", "", ""],
            ["", "", "", "—", "", "", "", ""],
            ["总分", "", "", "", "", "", 50.0, 50.0]]
    grid = Grid("表", [["项目支出绩效自评表"], ["项目名称", "测试"]] + rows, merged=[(5, 3, 6, 3)])
    forms = read_forms(Book(Path("x.xlsx"), [grid], in_memory=True))
    flags = [(i.row, i.not_applicable) for i in forms[0].indicators]
    assert flags == [(4, False), (5, True), (6, True)]


def test_a_workbook_the_reader_trips_on_is_listed_and_the_run_goes_on(tmp_path, monkeypatch):
    from perfxl.lint import check as engine

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        write_book(folder / f"金寨县{i:02d}.xlsx", form(project=f"项目{i:02d}"))
    real = engine.read_forms

    def trips(book):
        if book.path.name == "金寨县07.xlsx":
            raise ValueError("a layout nobody foresaw")
        return real(book)

    monkeypatch.setattr(engine, "read_forms", trips)   # inherited by the forked workers
    done = consolidate([folder], tmp_path / "汇总.xlsx")
    assert len(done.tables.summary) == 29 and done.report.exit_code == 2
    issues = pd.read_excel(tmp_path / "汇总.xlsx", sheet_name="问题清单", engine="openpyxl")
    row = issues[issues["文件"].str.endswith("金寨县07.xlsx")]
    assert row["规则"].tolist() == ["PX001"] and "ValueError" in row["问题说明"].item()


def test_csv_detail_written_in_small_batches_equals_the_workbook_sheet(tmp_path, monkeypatch):
    from perfxl.consolidate import exports

    monkeypatch.setattr(exports, "BATCH", 4)    # batches of 4 rows
    folder = tmp_path / "in"
    folder.mkdir()
    for county in ("金寨县", "霍邱县"):
        write_book(folder / f"{county}.xlsx", form(project=f"{county}乙"), form(project=f"{county}甲"))
    out = tmp_path / "汇总.xlsx"
    consolidate([folder], out, fmt="csv")
    csv = pd.read_csv(tmp_path / "汇总_指标明细.csv", encoding="utf-8-sig")
    sheet = pd.read_excel(out, sheet_name="指标明细", engine="openpyxl")
    assert len(csv) == len(sheet) == 24
    assert csv["项目名称"].tolist() == sheet["项目名称"].tolist() == sorted(sheet["项目名称"])
    assert csv["三级指标"].tolist() == sheet["三级指标"].tolist()


def test_an_unwritable_temporary_folder_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from perfxl.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县.xlsx", form())
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "没有这个文件夹"))
    res = CliRunner().invoke(main, ["consolidate", str(folder), "-o", str(tmp_path / "汇总.xlsx")])
    assert res.exit_code == 2 and "TMPDIR" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "汇总.xlsx").exists()


def test_source_link_quotes_a_sheet_name_with_an_apostrophe_as_excel_does():
    from perfxl.consolidate.render import hyperlink
    from perfxl.excel.check import link

    # with the text it shows saved beside it: a viewer that does not recalculate shows the name
    assert hyperlink('县"甲".xlsx', "1-O'Neil", 0) == \
        '''<c t="str"><f>HYPERLINK("县""甲"".xlsx#'1-O''Neil'!A1","1-O'Neil")</f><v>1-O'Neil</v></c>'''
    assert link("O'Neil", "B3") == '''=HYPERLINK("#'O''Neil'!B3","B3")'''


def test_rows_sorted_by_unit_then_project_whatever_the_file_and_sheet_order(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # File order runs against unit order, and sheet order against project order; 30 files use the pool.
    units = ["霍邱县医疗保障局", "金寨县医疗保障局", "舒城县医疗保障局"]
    for i in range(30):
        unit = units[-1 - i % 3]
        write_book(folder / f"{i:02d}.xlsx", form(project=f"项目B{i:02d}", unit=unit),
                   form(project=f"项目A{i:02d}", unit=unit), names=["1", "2"])
    out = tmp_path / "汇总.xlsx"
    consolidate([folder], out, fmt="csv")
    summary = pd.read_excel(out, sheet_name="汇总", engine="openpyxl").iloc[:-2]
    keys = list(zip(summary["县区/单位"], summary["项目名称"]))
    assert len(keys) == 60 and keys == sorted(keys) and keys[0] == ("舒城县医疗保障局", "项目A00")
    detail = pd.read_excel(out, sheet_name="指标明细", engine="openpyxl")
    firsts = list(dict.fromkeys(zip(detail["县区/单位"], detail["项目名称"])))
    assert firsts == keys                                  # the detail follows the summary's order
    csv = pd.read_csv(tmp_path / "汇总_指标明细.csv", encoding="utf-8-sig")
    assert csv["项目名称"].tolist() == detail["项目名称"].tolist()


def test_per_unit_grades_counts_and_chart(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    a, b = "金寨县医疗保障局", "霍邱县医疗保障局"
    write_book(folder / "金寨县.xlsx",
               form(project="优秀表", unit=a, grade="优秀"),                                   # 100, five-level word
               edit(edit(form(project="良表", unit=a), "rows.4.6", 18), "total", [100, 88]),   # 88 → 良
               edit(edit(form(project="中表", unit=a), "rows.4.6", 0), "total", [100, 70]))    # 70 → 中
    write_book(folder / "霍邱县.xlsx",
               edit(edit(edit(form(project="差表", unit=b), "rows.4.6", 0), "rows.0.6", 0), "total", [100, 50]))
    out = tmp_path / "汇总.xlsx"
    done = consolidate([folder], out)
    units = pd.read_excel(out, sheet_name="按县区", engine="openpyxl").set_index("县区/单位")
    assert units.loc[a, ["表数", "优", "良", "中", "差"]].tolist() == [3, 1, 1, 1, 0]
    assert units.loc[b, ["表数", "优", "良", "中", "差"]].tolist() == [1, 0, 0, 0, 1]
    summary = done.tables.summary.records()
    for unit in (a, b):
        mine = [r for r in summary if r.unit == unit]
        assert units.loc[unit, "错误数"] == sum(r.errors for r in mine)
        assert units.loc[unit, "警告数"] == sum(r.warnings for r in mine)
    assert sum(r.errors + r.warnings for r in summary) > 0    # the lost points are findings
    chart = load_workbook(out)["按县区"]._charts
    # one chart: 总分 as bars and 执行率 as a line, one series each
    assert len(chart) == 1 and [(type(c).__name__, len(c.series)) for c in chart[0]._charts] == [
        ("BarChart", 1), ("LineChart", 1)]


def test_a_failed_write_leaves_the_earlier_summary_whole(tmp_path, monkeypatch):
    from perfxl.consolidate import workbook

    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县.xlsx", form())
    out = tmp_path / "汇总.xlsx"
    consolidate([folder], out)
    before = out.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(workbook, "_totals", broken)   # fails half-way: in the first sheet's rows
    with pytest.raises(OutputError, match="汇总.xlsx：disk full"):   # a message naming the file
        consolidate([folder], out, force=True)
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["in", "汇总.xlsx"]


def test_exit_status_clean_and_with_findings(tmp_path):
    from click.testing import CliRunner

    from perfxl.cli import main

    clean, found = tmp_path / "clean", tmp_path / "found"
    clean.mkdir()
    found.mkdir()
    write_book(clean / "金寨县.xlsx", form())
    write_book(found / "金寨县.xlsx", edit(form(), "rows.1.6", 15))   # 15 of 10: an error
    ok = CliRunner().invoke(main, ["consolidate", str(clean), "-o", str(tmp_path / "a.xlsx")])
    bad = CliRunner().invoke(main, ["consolidate", str(found), "-o", str(tmp_path / "b.xlsx")])
    assert (ok.exit_code, bad.exit_code) == (0, 1)


def test_spool_read_back_without_pread_as_on_windows(tmp_path, monkeypatch):
    from perfxl.consolidate import spool

    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县.xlsx", form(project="乙"), form(project="甲"))
    consolidate([folder], tmp_path / "a.xlsx")
    monkeypatch.setattr(spool, "_PREAD", None)
    consolidate([folder], tmp_path / "b.xlsx")
    rows = lambda p: [[c.value for c in r] for ws in load_workbook(p) for r in ws.iter_rows()]
    assert rows(tmp_path / "a.xlsx") == rows(tmp_path / "b.xlsx")


def test_the_styles_rows_are_rendered_with_are_those_the_writer_registers():
    from perfxl.consolidate.package import HEADER_STYLE, base_styles
    from perfxl.consolidate.render import Styles

    st, xfs = Styles(), base_styles(Styles())
    assert len(xfs) == HEADER_STYLE + 1 and xfs[0].startswith('<xf numFmtId="0" fontId="0" fillId="0"')
    assert 'numFmtId="4"' in xfs[st.money] and 'numFmtId="10"' in xfs[st.bold_percent]   # #,##0.00; 0.00%
    assert 'numFmtId="2" fontId="2"' in xfs[st.bold_score] and 'fontId="1"' in xfs[st.link]  # 0.00 bold; the link
    assert 'wrapText="1"' in xfs[st.wrap] and 'vertical="top"/>' in xfs[st.plain]


def test_the_roster_in_the_collected_folder_is_no_form_of_the_roll_up(tmp_path):
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县2023.xlsx", form())
    roster = Path(__file__).resolve().parents[1] / "examples" / "roster.xlsx"
    shutil.copy(roster, folder / "roster.xlsx")
    done = consolidate([folder], tmp_path / "汇总.xlsx", roster=folder / "roster.xlsx")
    assert [Path(f.path).name for f in done.report.files] == ["金寨县2023.xlsx"]


def test_an_evaluation_framework_forms_points_go_to_the_columns_that_name_them(tmp_path):
    """项目决策 / 项目管理 / 项目绩效 over 项目产出 and 项目效益 (海南's older 自评表): 产出得分 holds 项目产出's
    points and 效益得分 项目效益's; 决策 and 管理 are in no column of 汇总 (the 总分 has them all)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "real"))
    from realbuild import build

    rows = [["服务贸易项目绩效自评表"], ["项目实施单位", "省商务厅服务贸易和商贸服务业处"],
            ["计划投资额(万元)", 100, "实际到位资金(万元)", 100, "实际使用情况(万元)", 100],
            ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
            ["项目决策", 20, "项目目标", 20, "目标内容", 20, 20],
            ["项目管理", 25, "资金管理", 25, "资金使用", 25, 25],
            ["项目绩效", 55, "项目产出", 15, "产出数量", 15, 15],
            [None, None, "项目效益", 40, "社会效益", 40, 38]]
    folder = tmp_path / "in"
    folder.mkdir()
    build({"sheets": [{"name": "自评表", "rows": [r + [None] * (7 - len(r)) for r in rows],
                       "merges": ["A7:A8", "B7:B8"], "formats": {}}]}, folder / "省商务厅.xlsx")
    done = consolidate([folder], tmp_path / "汇总.xlsx")
    (rec,) = done.tables.summary.records()
    assert (rec.output, rec.benefit, rec.satisfaction, rec.total) == (15, 38, 0, 98)
