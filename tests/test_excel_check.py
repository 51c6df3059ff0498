"""检查本工作簿 / 清除标记 on a fake open workbook: the 检查结果 rows, the colours, and their removal."""

from __future__ import annotations

import asyncio
import datetime as dt
import zipfile

import pytest
from lintkit import CLEAN, edit, write_book
from test_excel_fakebook import EXAMPLES, JINZHAI, FakeBook, load_fake

from perfxl.excel.adapter import MARKS_SHEET, RESULTS_SHEET, grids_from_book, grids_from_book_async
from perfxl.excel.check import FILL, check_workbook, check_workbook_async, clear_marks, link, result_rows
from perfxl.lint import lint_grids, lint_paths

SEEDS = sorted(p for p in EXAMPLES.glob("*.xlsx") if p.name != "roster.xlsx")
MAIN = "1-医疗保障专项经费"


def rows_of(book, name=RESULTS_SHEET):
    return book.sheets[name].used_range.options(ndim=2).value


def keyed(findings):
    return [(f.rule, f.sheet, f.cell, f.message()) for f in findings]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:6])
def test_an_open_book_lints_like_its_file(seed):
    truth = keyed(lint_paths([seed]).files[0].findings)
    assert keyed(lint_grids(grids_from_book(load_fake(seed)), seed.name).findings) == truth
    lite = load_fake(seed, lite=True)
    assert keyed(lint_grids(asyncio.run(grids_from_book_async(lite)), seed.name).findings) == truth
    assert lite.round_trips > 0


def test_merges_formats_and_formulas_are_read_from_excel():
    book = load_fake(JINZHAI)
    book.sheets[MAIN].formulas[(6, 7)] = "=E6/D6"
    grid = next(g for g in grids_from_book(book) if g.name == MAIN)
    sheet = book.sheets[MAIN]
    assert sorted(grid.merged) == sorted(m for m in sheet.merged if (m[0], m[1]) in sheet.values)
    assert grid.formats[(16, 6)].endswith("%") and grid.formulas[(6, 7)] == "=E6/D6"
    assert not next(g for g in grids_from_book(book) if g.name == "项目清单").hidden


def test_lite_sync_read_degrades_to_values_only():
    # A Lite book driven synchronously: values only, so the percent-formatted 参保率 is missed.
    grids = grids_from_book(load_fake(JINZHAI, lite=True))
    assert all(not g.merged and not g.formats for g in grids)


def test_jinzhai_results_sheet_rows_and_marks():
    book = load_fake(JINZHAI)
    book.sheets[MAIN].colors[(6, 8)] = (0, 176, 240)          # H6 had a blue fill of its own
    result = check_workbook(book)
    rows = rows_of(book)
    assert rows[0][0] == "检查《金寨县医疗保障局2022年度项目支出绩效自评表.xlsx》：共 14 张绩效自评表，错误 14 项，警告 24 项"
    assert rows[1] == ["序号", "工作表", "单元格", "规则", "级别", "问题说明"]
    assert rows[2] == [1, MAIN, "=HYPERLINK(\"#'1-医疗保障专项经费'!H6\",\"H6\")", "PX102", "错误",
                       "资金得分10.57应为分值×min(执行率,100%)=10"]
    assert [r[3] for r in rows[2:]].count("PX205") == 12 and len(rows) == 2 + len(result.findings) == 40
    assert [r[:5] for r in rows[2:]] == [r[:5] for r in result_rows(lint_paths([JINZHAI]).files[0], book.name)[2:]]
    assert [s.name for s in book.sheets][0] == RESULTS_SHEET and book.active.name == RESULTS_SHEET
    form = book.sheets[MAIN]
    assert form.colors[(6, 8)] == FILL["error"] and form.colors[(6, 5)] == FILL["warning"]      # H6, E6
    marks = book.sheets[MARKS_SHEET]
    assert not marks.visible and [MAIN, "H6", "#00B0F0"] in rows_of(book, MARKS_SHEET)


def test_clear_marks_restores_fills_and_removes_the_sheets():
    book = load_fake(JINZHAI)
    before = {s.name: dict(s.colors) for s in book.sheets}
    book.sheets[MAIN].colors[(6, 8)] = (0, 176, 240)
    before[MAIN][(6, 8)] = (0, 176, 240)
    check_workbook(book)
    assert {s.name: dict(s.colors) for s in book.sheets if s.name in before} != before
    assert clear_marks(book) == 37
    assert {s.name: dict(s.colors) for s in book.sheets} == before
    assert RESULTS_SHEET not in [s.name for s in book.sheets] and MARKS_SHEET not in [s.name for s in book.sheets]
    assert clear_marks(book) == 0


def test_checking_twice_keeps_the_original_fills():
    book = load_fake(JINZHAI)
    before = {s.name: dict(s.colors) for s in book.sheets}
    check_workbook(book)
    first = rows_of(book)
    check_workbook(book)                  # the old marks are restored before colours are remembered
    assert rows_of(book) == first and len([s for s in book.sheets if s.name == RESULTS_SHEET]) == 1
    clear_marks(book)
    assert {s.name: dict(s.colors) for s in book.sheets} == before


def test_lite_check_writes_the_same_sheet():
    classic, lite = load_fake(JINZHAI), load_fake(JINZHAI, lite=True)
    check_workbook(classic)
    asyncio.run(check_workbook_async(lite))
    assert rows_of(lite) == rows_of(classic)
    assert lite.sheets[MAIN].colors == classic.sheets[MAIN].colors
    assert clear_marks(lite) == 37


def test_clean_form_says_no_problems(tmp_path):
    book = load_fake(write_book(tmp_path / "金寨县医疗保障局.xlsx", CLEAN))
    result = check_workbook(book)
    assert result.findings == [] and len(result.forms) == 1
    assert rows_of(book) == [["检查《金寨县医疗保障局.xlsx》：共 1 张绩效自评表，未发现问题", None, None, None, None, None],
                             ["序号", "工作表", "单元格", "规则", "级别", "问题说明"],
                             ["未发现问题", None, None, None, None, None]]
    assert [w for w in book.writes("color") if w[1] not in (RESULTS_SHEET,)] == []
    assert rows_of(book, MARKS_SHEET) == [["工作表", "单元格", "原底色"]]


def test_a_form_away_from_a1_keeps_its_addresses(tmp_path):
    spec = edit(CLEAN, "rows.0.6", 25)                            # 得分 25 on 分值 20
    book = load_fake(write_book(tmp_path / "a.xlsx", spec))
    sheet = book.sheets[0]
    cell = check_workbook(book).findings[0].cell
    shifted = load_fake(write_book(tmp_path / "b.xlsx", spec))
    s2 = shifted.sheets[0]
    s2.values = {(r + 2, c + 1): v for (r, c), v in sheet.values.items()}
    s2.merged = [(a + 2, b + 1, c + 2, d + 1) for a, b, c, d in sheet.merged]
    s2.formats = {(r + 2, c + 1): f for (r, c), f in sheet.formats.items()}
    moved = check_workbook(shifted).findings[0]
    assert cell == "H13" and moved.rule == "PX111" and moved.cell == "I15"


def test_the_saved_file_is_never_read_instead(tmp_path, monkeypatch):
    # The open book's results are uncalculated; a same-named file sits in the working folder
    # (RunPython runs there). The linter must use what Excel shows, not compute the file on disk.
    spec = edit(edit(CLEAN, "fund.0.5", "=E6/D6"), "fund.0.6", "=ROUND(F6*MIN(G6,1),2)")
    path = write_book(tmp_path / "金寨县医疗保障局.xlsx", spec)
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w") as z:               # formulas saved without values, as scripts do
        for n, data in files.items():
            z.writestr(n, data.replace(b"<v></v>", b""))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    shown = keyed(check_workbook(load_fake(path)).findings)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("perfxl.reader.sources.compute", lambda book: pytest.fail("read the saved file"))
    assert keyed(check_workbook(load_fake(path)).findings) == shown and shown


def test_no_form_found_and_english(tmp_path):
    book = FakeBook("notes.xlsx")
    book.new_sheet("Sheet1").values[(1, 1)] = "会议记录"
    check_workbook(book, lang="en")
    rows = rows_of(book)
    assert rows[0][0] == "Checked notes.xlsx: 0 forms, 0 errors, 1 warning"
    assert rows[1][0] == "No." and rows[2][:5] == [1, None, None, "PX002", "warning"]


def test_link_quotes_sheet_names():
    assert link("张三's 表", "B2") == "=HYPERLINK(\"#'张三''s 表'!B2\",\"B2\")"
    assert link(None, None) is None and link(None, "A1") == "A1"


# --- the fake itself behaves like xlwings where perfxl relies on it ---------------------------------
def test_fake_range_shapes_like_xlwings(tmp_path):
    book = FakeBook("x.xlsx")
    sheet = book.new_sheet("S")
    sheet.range("B2").value = [[1.0, 2.0], [3.0, None]]
    assert sheet.range("B2").value == 1.0
    assert sheet.range("B2:C2").value == [1.0, 2.0]
    assert sheet.range("B2:B3").value == [1.0, 3.0]
    assert sheet.used_range.options(ndim=2).value == [[1.0, 2.0], [3.0, None]]
    assert (sheet.used_range.row, sheet.used_range.column, sheet.used_range.shape) == (2, 2, (2, 2))


def test_fake_loads_merges_formats_and_dates():
    book = load_fake(JINZHAI)
    sheet = book.sheets["1-医疗保障专项经费"]
    assert sheet.merged and all(isinstance(v, (float, str, dt.datetime)) for v in sheet.values.values())
    r1, c1, r2, c2 = sheet.merged[0]
    assert sheet.range((r2, c2)).merge_area.shape == (r2 - r1 + 1, c2 - c1 + 1)


def test_fake_lite_mode_refuses_sync_reads_like_lite():
    book = load_fake(JINZHAI, lite=True)
    rng = book.sheets[0].range("A1")
    for prop in ("color", "merge_area", "number_format", "formula"):
        try:
            getattr(rng, prop)
        except NotImplementedError:
            continue
        raise AssertionError(prop)
    assert asyncio.run(rng.get_merge_area()).row == 1 and book.round_trips == 1
