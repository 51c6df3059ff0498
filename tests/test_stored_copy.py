"""The parser reads the package the checks passed, its checked parts stored: the same grids, the same
refusals, and no stored copy of a package whose directory is anything but plain."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from lintkit import CLEAN as C
from lintkit import write_book

from perfxl import zipparts
from perfxl.errors import InputError
from perfxl.limits import check_file_limits
from perfxl.reader.sources import _calamine_grids, load_book
from perfxl.xlsxio import check_package


def _checked(path):
    listed = check_package(path)
    check_file_limits(path, listed=listed)
    return listed


def _cells(grids):
    return [(g.name, g.hidden, g.merged, [list(r) for r in g.rows]) for g in grids]


def test_the_stored_copy_reads_as_the_file_does(tmp_path):
    path = write_book(tmp_path / "a.xlsx", C)
    listed = _checked(path)
    copy = listed.stored_copy()
    assert copy is not None and set(listed.parts) >= {"xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(io.BytesIO(copy)) as stored:
        assert stored.testzip() is None   # every entry's CRC, the stored ones and the untouched ones
        assert [(i.filename, i.file_size) for i in stored.infolist()] == \
            [(i.filename, i.file_size) for i in original.infolist()]
        sheet = "xl/worksheets/sheet1.xml"
        assert all(stored.read(n) == original.read(n) for n in original.namelist() if n != sheet)
        # the sheet's merged ranges moved before its cells, its bytes otherwise the same
        moved, kept = stored.read(sheet), original.read(sheet)
        assert moved != kept and sorted(moved) == sorted(kept)
        assert moved.index(b"<mergeCells") < moved.index(b"<sheetData") and \
            kept.index(b"<mergeCells") > kept.index(b"<sheetData")
        assert moved == bytes(b"".join(zipparts.merges_first(kept)))
        assert {i.filename for i in stored.infolist() if i.compress_type == zipfile.ZIP_STORED} == set(listed.parts)
    assert _cells(_calamine_grids(path, copy)) == _cells(_calamine_grids(path))
    assert _cells(load_book(path).grids) == _cells(_calamine_grids(path))


def _rewritten(src, dst, **changes):
    """src's entries written again by zipfile, with ZipInfo fields changed (extra, flag_bits…)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, item.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            for key, value in changes.items():
                setattr(info, key, value)
            zout.writestr(info, zin.read(item.filename))
    return dst


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_directory_that_is_not_plain_gets_no_stored_copy(tmp_path):
    """An extra field (one may rename an entry, as Info-ZIP's Unicode path does), an entry named twice:
    what the parser would make of them is the file's own business, read as it was."""
    path = write_book(tmp_path / "a.xlsx", C)
    extra = _rewritten(path, tmp_path / "extra.xlsx", extra=struct.pack("<2H4s", 0xCAFE, 4, b"abcd"))
    assert _checked(extra).stored_copy() is None
    twice = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(twice, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item.filename))
        zout.writestr("xl/worksheets/sheet1.xml", zin.read("xl/worksheets/sheet1.xml"))
    assert _checked(twice).stored_copy() is None


def test_a_part_the_checks_do_not_read_fails_in_the_files_own_words(tmp_path):
    """A broken workbook.xml is the parser's to find: the stored copy's failure is read again from the
    file, so the message names what the file itself does to the parser."""
    path = write_book(tmp_path / "a.xlsx", C)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item.filename, data[:len(data) // 2] if item.filename == "xl/workbook.xml" else data)
    assert _checked(broken).stored_copy() is not None
    try:
        _calamine_grids(broken)
    except Exception as exc:
        words = type(exc).__name__
    else:
        words = None
    try:
        load_book(broken)
    except InputError as exc:
        assert words is not None and words in exc.messages[0].render("en")
    else:
        assert words is None


def test_a_sheet_that_fails_its_crc_is_still_refused_before_any_copy(tmp_path):
    path = write_book(tmp_path / "a.xlsx", C)
    data = bytearray(path.read_bytes())
    with open(path, "rb") as fh:
        sheet = next(m for m in zipparts.members(fh) if m.name.startswith("xl/worksheets/"))
    struct.pack_into("<L", data, sheet.record + 16, sheet.crc ^ 1)   # its CRC in the central directory
    liar = tmp_path / "b.xlsx"
    liar.write_bytes(bytes(data))
    listed = check_package(liar)
    try:
        check_file_limits(liar, listed=listed)
    except InputError as exc:
        assert "BadMember" in exc.messages[0].render("en")
    else:
        raise AssertionError("a CRC mismatch passed")
    assert sheet.name not in listed.parts


def test_a_large_package_is_read_from_the_file(tmp_path, monkeypatch):
    """The parser holds a stored copy in memory (in a capped worker): past MAX_STORED there is none."""
    path = write_book(tmp_path / "a.xlsx", C)
    listed = _checked(path)
    assert listed.stored_copy() is not None
    monkeypatch.setattr(zipparts, "MAX_STORED", len(listed.data))
    assert listed.stored_copy() is None
    assert _cells(load_book(path).grids) == _cells(_calamine_grids(path))


def test_load_book_hands_the_parser_the_stored_copy(tmp_path, monkeypatch):
    """The parser gets the checked package, not the path: the sheets are not inflated twice."""
    from perfxl.reader import sources

    path = write_book(tmp_path / "a.xlsx", C)
    given = []

    def recording(p, package=None):
        given.append(package)
        return _calamine_grids(p, package)

    monkeypatch.setattr(sources, "_calamine_grids", recording)
    load_book(path)
    assert len(given) == 1 and given[0] is not None
    with zipfile.ZipFile(io.BytesIO(given[0])) as stored:
        assert stored.getinfo("xl/worksheets/sheet1.xml").compress_type == zipfile.ZIP_STORED


_CELLS = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>合并单元格</t></is></c></row></sheetData>'.encode()
_RANGES = b'<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'


def _sheet(cells=_CELLS, ranges=_RANGES, after=b"<pageMargins/>", prefix=b"", decl=True):
    xml = (b'<worksheet xmlns="m"><dimension ref="A1"/>' + cells + ranges + after + b"</worksheet>")
    if prefix:
        xml = xml.replace(b"<", b"<" + prefix).replace(b"<" + prefix + b"/", b"</" + prefix)
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' if decl else b"") + xml


def _moved(xml):
    pieces = zipparts.merges_first(xml)
    return None if pieces is None else b"".join(pieces)


def test_merged_ranges_move_before_the_cells_and_nothing_else_moves():
    xml = _sheet()
    assert _moved(xml) == xml.replace(_CELLS + _RANGES, _RANGES + _CELLS)
    assert _moved(_sheet(decl=False)) == _sheet(decl=False).replace(_CELLS + _RANGES, _RANGES + _CELLS)
    prefixed = _sheet(prefix=b"x:")
    assert _moved(prefixed).index(b"<x:mergeCells") < _moved(prefixed).index(b"<x:sheetData")
    assert sorted(_moved(prefixed)) == sorted(prefixed)


@pytest.mark.parametrize("xml", [
    _sheet(ranges=b""),                                                       # nothing to move
    _sheet(ranges=b'<mergeCells count="0"/>'),                                # nothing inside
    _sheet(ranges=_RANGES * 2),                                               # the parser reads the first
    _sheet(ranges=b"<!-- " + _RANGES + b" -->"),                              # ranges in a comment
    _sheet(ranges=b"", cells=_CELLS.replace("合并单元格".encode(), b"<![CDATA[" + _RANGES + b"]]>")),  # CDATA
    _sheet(ranges=b"<?pi " + _RANGES + b" ?>"),                               # a processing instruction
    _sheet(after=b"<!-- " + _RANGES + b" -->"),                               # a second, commented out
    _sheet(cells=_CELLS.replace("合并单元格".encode(), b"mergeCells")),        # a word of a cell
    b"\xef\xbb\xbf" + _sheet(),                                               # a BOM: the declaration unseen
    _sheet(cells=b"", after=b"<sheetData/>"),                                 # the cells after the ranges
    _sheet(ranges=_RANGES.replace(b"<mergeCells ", b"<mergeCells\n")),        # spaced otherwise
])
def test_merged_ranges_stay_where_a_move_could_change_what_the_parser_reads(xml):
    assert zipparts.merges_first(xml) is None


def test_parts_are_kept_only_while_they_fit_max_stored(tmp_path, monkeypatch):
    """What the limits checks read is kept for the copy up to MAX_STORED in all; past it, a part is
    still read and returned whole, only not kept."""
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/a.xml", b"a" * 100)
        zf.writestr("xl/b.xml", b"b" * 100)
        zf.writestr("xl/c.xml", b"c" * 40)
    monkeypatch.setattr(zipparts, "MAX_STORED", 150)
    parts: dict = {}
    with open(path, "rb") as fh:
        by_name = {m.name: m for m in zipparts.members(fh)}
        read = zipparts.keeping(fh, by_name, parts)
        assert [read(n) for n in by_name] == [b"a" * 100, b"b" * 100, b"c" * 40]
    assert parts == {"xl/a.xml": b"a" * 100, "xl/c.xml": b"c" * 40}   # b would pass 150; c still fits
