"""The bounds a package must keep before calamine sees it (perfxl/limits.py): exact where it
matters, and never tripped by what honest workbooks do (formatting far away, long texts)."""

from __future__ import annotations

import zipfile

import pytest

from perfxl import limits
from perfxl.errors import InputError
from perfxl.limits import check_file_limits

CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
BOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def book(tmp_path, rows: str, sst: str | None = None):
    path = tmp_path / "b.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("xl/workbook.xml", BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{rows}</sheetData></worksheet>")
        if sst is not None:
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="http://schemas.openxmlformats.org/'
                                               f'spreadsheetml/2006/main">{sst}</sst>')
    return path


def cell(ref: str, text: str = "x") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


@pytest.mark.parametrize("rows, reason", [
    (f'<row r="1">{cell("A1")}</row><row r="1048576">{cell("XFD1048576")}</row>', "表格范围过大"),
    (f'<row r="1048576">{cell("XFD1048576")}</row>', "表格范围过大"),
    ('<row r="4294967295"><c t="inlineStr"><is><t>x</t></is></c></row>', "超出 Excel 的行列范围"),
    (f'<row r="1">{cell("XFE1")}</row>', "超出 Excel 的行列范围"),
    (f'<row r="1">{cell("A1048577")}</row>', "超出 Excel 的行列范围"),
    (f'<row r="1" s="1">{cell("B1")}<c s="1" r="ZZ9999"><v>1</v></c></row>', "表格范围过大"),  # r not first
])
def test_a_grid_beyond_bounds_is_refused_with_its_reason(tmp_path, rows, reason):
    with pytest.raises(InputError, match=reason):
        check_file_limits(book(tmp_path, rows))


PREFIXED = '<x:row r="100000"><x:c r="AAA100000"><x:v>1</x:v></x:c></x:row>'


@pytest.mark.parametrize("rows", [
    "<row r='100000'><c r='AAA100000'><v>1</v></c></row>",             # the other quote XML allows
    '<row r = "100000"><c r = "AAA100000"><v>1</v></c></row>',         # space around =
    '<row>\n<c r\n=\n"AAA100000"><v>1</v></c></row>',                  # line breaks around =
    '<row r="100000"><c r="&#65;&#65;&#65;100000"><v>1</v></c></row>',  # AAA written as characters
    PREFIXED,                                                            # a namespace prefix on the tags
    # no r at all: calamine places cells by counting, 703 wide and 3,000 tall
    "<row>" + "<c><v>1</v></c>" * 703 + "</row>" + "<row><c><v>2</v></c></row>" * 3000,
])
def test_a_grid_calamine_would_build_is_refused_however_its_positions_are_written(tmp_path, rows):
    # Each reads as a grid of 100,000 x 703 (or 3,001 x 703) to calamine: GBs for ~1 KB of XML.
    with pytest.raises(InputError, match="表格范围过大"):
        check_file_limits(book(tmp_path, rows))


def test_through_the_cli_such_a_grid_is_one_unreadable_file_named_for_what_it_is(tmp_path):
    # A worker's memory is capped, which spares it those scans: calamine's allocation fails there
    # (an error, or the worker's death). The file is PX001, and the scans, run then, say why.
    import json
    import subprocess
    import sys

    path = book(tmp_path, "<row r='100000'><c r='AAA100000'><v>1</v></c></row>")
    done = subprocess.run([sys.executable, "-m", "perfxl", "lint", str(path), "--format", "json"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    error = json.loads(done.stdout)["files"][0]["error"]
    assert error["rule"] == "PX001" and "b.xlsx" in error["message"]
    assert "表格范围过大" in error["message"], error["message"]   # not "corrupt", not "SIGABRT"


def test_honest_sheets_written_otherwise_pass(tmp_path):
    # The same positions written with a prefix (the Open XML SDK writes x:), the other quote, and
    # no r at all, on a grid of honest size: checked exactly, and let through.
    rows = ('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>' + "<row r='2'><c r='B2'><v>1</v></c></row>"
            + "<row>" + "<c><v>1</v></c>" * 30 + "</row>")
    check_file_limits(book(tmp_path, rows))


def test_formatting_far_away_and_a_moderate_grid_pass(tmp_path):
    far_format = f'<row r="1">{cell("A1")}</row><row r="1048576"><c r="XFD1048576" s="3"/></row>'
    check_file_limits(book(tmp_path, far_format))                          # no value there
    check_file_limits(book(tmp_path, f'<row r="20000">{cell("AB20000")}</row>'))  # 560,000 cells


def test_shared_text_is_counted_cell_by_cell(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT", 100_000)
    long = "长" * 30_000
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 5))
    with pytest.raises(InputError, match="文字解压后过大"):          # 4 × 30,000 characters
        check_file_limits(book(tmp_path, cells, f"<si><t>{long}</t></si><si><t>短</t></si>"))
    few = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(1, 5))
    check_file_limits(book(tmp_path, few + cells[:40], f"<si><t>{long}</t></si><si><t>短</t></si>"))


def test_too_many_sheets(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEETS", 0)
    with pytest.raises(InputError, match="工作表过多"):
        check_file_limits(book(tmp_path, cell("A1")))


def test_merged_cells_count_where_openpyxl_would_make_each_one(tmp_path):
    whole = book(tmp_path, f'<row r="1">{cell("A1")}</row>').read_bytes()
    path = tmp_path / "merged.xlsx"
    import io

    src, out = zipfile.ZipFile(io.BytesIO(whole)), zipfile.ZipFile(path, "w")
    for item in src.infolist():
        data = src.read(item)
        if item.filename.endswith("sheet1.xml"):
            data = data.replace(b"</worksheet>", b'<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')
        out.writestr(item, data)
    out.close()
    check_file_limits(path)                                   # the reader clips merges to its data
    with pytest.raises(InputError, match="单元格过多"):
        check_file_limits(path, limits.OPENPYXL_CELLS, merges=True)


def test_a_file_that_took_its_worker_down_is_named_by_the_scans_where_they_find_it(tmp_path):
    # guard reports a dead worker through Linter.failed, which re-runs the scans a capped worker skips
    from perfxl.i18n import msg
    from perfxl.lint.run import Linter

    died = msg("worker_killed", signal="SIGABRT")
    crafted = Linter().failed(book(tmp_path, "<row r='100000'><c r='AAA100000'><v>1</v></c></row>"), died)
    assert "表格范围过大" in crafted.error.params["reason"] and "too large" in crafted.error.params["reason_en"]
    honest = tmp_path / "honest"
    honest.mkdir()
    plain = Linter().failed(book(honest, f'<row r="1">{cell("A1")}</row>'), died)
    assert "SIGABRT" in plain.error.params["reason"]   # nothing to name: the worker's own reason stands
