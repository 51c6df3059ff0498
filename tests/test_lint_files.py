"""Bad input: every unreadable file is PX001 with a plain message, and the run goes on."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lintkit import CLEAN as C
from lintkit import write_book

from perfxl.cli import main
from perfxl.errors import EXIT_ERROR
from perfxl.lint import lint_paths


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return path


BAD = {
    "not a workbook": (lambda p: p.write_text("这不是工作簿"), "不是有效的 Excel 工作簿"),
    "empty": (lambda p: p.write_bytes(b""), "文件为空"),
    "truncated": (lambda p: p.write_bytes(write_book(p.with_suffix(".tmp"), C).read_bytes()[:3000]), "损坏"),
    "encrypted": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "加密"),
    "zip bomb": (_bomb, "解压后过大"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_file_is_px001_and_the_run_goes_on(tmp_path, case):
    make, words = BAD[case]
    bad = tmp_path / "坏文件.xlsx"
    make(bad)
    before = bad.read_bytes()
    good = write_book(tmp_path / "金寨县2022.xlsx", C)
    report = lint_paths([bad, good])
    first, second = report.files
    assert first.error is not None and first.error.rule == "PX001" and words in first.error.message()
    assert "坏文件.xlsx" in first.error.message()
    assert second.error is None and len(second.forms) == 1
    assert report.exit_code == EXIT_ERROR
    assert bad.read_bytes() == before


def test_lock_file_and_folder_walk(tmp_path):
    (tmp_path / "a").mkdir()
    write_book(tmp_path / "a" / "金寨县2022.xlsx", C)
    (tmp_path / "a" / "~$金寨县2022.xlsx").write_bytes(b"\x0fuser" + b"\0" * 150)
    (tmp_path / "a" / "notes.txt").write_text("not scanned")
    report = lint_paths([tmp_path])
    names = [Path(f.path).name for f in report.files]
    assert names == ["~$金寨县2022.xlsx", "金寨县2022.xlsx"]
    assert "锁文件" in report.files[0].error.message()


def test_json_error_object_and_no_traceback_from_the_cli(tmp_path):
    (tmp_path / "x.xlsx").write_text("nope")
    res = CliRunner().invoke(main, ["lint", str(tmp_path / "x.xlsx"), "--format", "json"])
    assert res.exit_code == EXIT_ERROR and "Traceback" not in res.output
    import json

    data = json.loads(res.output)
    assert data["files"][0]["error"]["rule"] == "PX001"
    assert data["files"][0]["findings"] == [] and data["summary"]["errors"] == 1


def test_workbook_without_forms_is_px002(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["序号", "项目名称"])
    wb.save(tmp_path / "清单.xlsx")
    report = lint_paths([tmp_path / "清单.xlsx"])
    assert report.flatten(("rule", "severity")) == [["PX002", "warning"]] and report.exit_code == 0


def test_formulas_saved_without_values_are_computed_not_read_as_blanks(tmp_path):
    """A form filled by a script (openpyxl saves no results): values come from the formulas."""
    from lintkit import FIRST_ROW, edit
    from openpyxl import load_workbook

    path = write_book(tmp_path / "金寨县2022.xlsx", edit(C, "fund.0.3", 90))
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    total = FIRST_ROW + len(C["rows"])
    ws["G6"], ws["H6"] = "=E6/D6", "=ROUND(F6*MIN(G6,1),2)"
    ws[f"G{total}"], ws[f"H{total}"] = f"=F6+SUM(G{FIRST_ROW}:G{total - 1})", f"=SUM(H6,H{FIRST_ROW}:H{total - 1})"
    ws["E7"] = 90
    wb.save(path)
    report = lint_paths([path])
    assert report.flatten(("rule", "cell")) == [], report.flatten(("rule", "cell", "message"))
    assert report.files[0].forms[0].total_score == 99       # 9 for 90% executed + 90


def test_legacy_xls_reads_like_the_xlsx(libreoffice, tmp_path):
    """Every example saved as .xls by a spreadsheet program (here LibreOffice) gives the same forms
    and findings as the .xlsx (#13: a filled form as .xls once gave 26 false PX303)."""
    from devtools.libreoffice import convert

    sources = sorted(p for p in (Path(__file__).resolve().parents[1] / "examples").glob("*.xlsx")
                     if p.name != "roster.xlsx")
    found = lambda p: sorted(lint_paths([p]).flatten(("sheet", "cell", "rule")))
    forms = lambda p: [(f.kind, f.project, f.total_score) for f in lint_paths([p]).files[0].forms]
    for source, xls in zip(sources, convert(sources, tmp_path, "xls")):
        assert xls.suffix == ".xls" and xls.stem == source.stem
        assert found(xls) == found(source), source.name
        assert forms(xls) == forms(source), source.name
    assert len(sources) == 5 and len(found(sources[-1])) > 30


def test_wps_et_and_ods_are_read_or_said_what_to_do(libreoffice, tmp_path):
    """#13: WPS's own .et (the compound format of .xls: tested here as an .xls saved under .et, no
    WPS at hand) and OpenDocument .ods are read like the .xlsx, found in folders, never skipped;
    one that cannot be read is PX001 saying to save it as .xlsx."""
    import shutil

    from devtools.libreoffice import convert

    source = Path(__file__).resolve().parents[1] / "examples" / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
    folder = tmp_path / "收到的自评表"
    folder.mkdir()
    ods, xls = convert([source], tmp_path, "ods")[0], convert([source], tmp_path, "xls")[0]
    shutil.copy(ods, folder / "金寨县.ods")
    shutil.copy(xls, folder / "金寨县.et")
    (folder / "坏的.et").write_bytes(b"\xd0\xcf\x11\xe0 not really a compound file")
    (folder / "坏的.ods").write_bytes(source.read_bytes())   # a zip, but no content.xml
    report = lint_paths([folder])
    by_name = {Path(f.path).name: f for f in report.files}
    assert sorted(by_name) == ["坏的.et", "坏的.ods", "金寨县.et", "金寨县.ods"]
    found = lambda f: sorted((x.sheet, x.cell, x.rule) for x in f.findings)
    expected = sorted(tuple(row) for row in lint_paths([source]).flatten(("sheet", "cell", "rule")))
    assert found(by_name["金寨县.et"]) == found(by_name["金寨县.ods"]) == expected and len(expected) > 30
    assert "在 WPS 中另存为 .xlsx" in by_name["坏的.et"].error.message()
    assert "另存为 .xlsx" in by_name["坏的.ods"].error.message() and ".ods spreadsheet" in by_name["坏的.ods"].error.message("en")
    assert report.exit_code == EXIT_ERROR


def test_central_directory_read_matches_zipfile_and_defers_to_it_when_unusual(tmp_path):
    from perfxl import zipparts
    from perfxl.xlsxio import check_package

    _members = zipparts.members
    plain = write_book(tmp_path / "a.xlsx", C)
    with open(plain, "rb") as fh, zipfile.ZipFile(plain) as zf:
        listed = _members(fh)
        assert [(m.name, m.packed, m.size, m.crc) for m in listed] == [
            (i.filename, i.compress_size, i.file_size, i.CRC) for i in zf.infolist()]
        assert all(zipparts.read(fh, m) == zf.read(m.name) for m in listed)   # the same bytes as zipfile's
    commented = tmp_path / "b.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(commented, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.comment = b"saved by some tool"
    prefixed = tmp_path / "c.xlsx"
    prefixed.write_bytes(b"PK junk before the archive" + plain.read_bytes())
    for path in (commented, prefixed):
        with open(path, "rb") as fh:
            assert _members(fh) is None                      # zipfile reads these instead
    check_package(commented)                                 # and still accepts a sane workbook
    assert lint_paths([commented]).files[0].error is None


def test_a_part_that_unpacks_to_more_than_it_declares_is_refused(tmp_path):
    import struct

    from perfxl import zipparts

    path = write_book(tmp_path / "a.xlsx", C)
    data = bytearray(path.read_bytes())
    with open(path, "rb") as fh:
        sheet = next(m for m in zipparts.members(fh) if m.name.startswith("xl/worksheets/"))
    # the central directory says the sheet unpacks to 100 bytes fewer than it does (a bomb's lie)
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        name_len = struct.unpack_from("<H", data, entry + 28)[0]
        if bytes(data[entry + 46:entry + 46 + name_len]).decode() == sheet.name:
            struct.pack_into("<L", data, entry + 24, sheet.size - 100)
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    liar = tmp_path / "b.xlsx"
    liar.write_bytes(bytes(data))
    with open(liar, "rb") as fh:
        member = next(m for m in zipparts.members(fh) if m.name == sheet.name)
        assert member.size == sheet.size - 100
        with pytest.raises(zipparts.BadMember):
            zipparts.read(fh, member)
    assert lint_paths([liar]).files[0].error.rule == "PX001"


def test_percent_cells_are_formats_that_show_a_percentage_not_a_literal_percent_sign(tmp_path):
    from openpyxl import Workbook

    from perfxl.reader.formats import percent_cells

    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    for cell, fmt in (("A1", '0"%"'), ("A2", "0.0\\%"), ("A3", "0.00%"), ("A4", "0.00")):
        ws[cell] = 95
        ws[cell].number_format = fmt
    wb.save(tmp_path / "f.xlsx")
    assert percent_cells(tmp_path / "f.xlsx") == {"表": {(3, 1)}}
