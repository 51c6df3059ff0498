"""Package XML is read in time linear in its size however a part is crafted (#11), and as before on honest files."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from conftest import JZ_FORM, JZ_INDICATORS, write_roster

from perfxl.generate import generate
from perfxl.ooxml import sheet_parts
from perfxl.reader.formats import percent_cells
from perfxl.reader.package import has_uncached_formulas, read_package

ROOT = Path(__file__).resolve().parents[1]
SIZE = 350_000
# Generous for slow CI: each part takes milliseconds now; the regular expressions of before took
# 27 s to over a minute (most were stopped at 60 s) on these same parts.
BOUND = 2.0
R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HONEST = {
    "xl/workbook.xml": b"<workbook " + R_NS + b'><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
                       b'<definedNames><definedName name="PX_A" localSheetId="0">S!$A$1</definedName>'
                       b"</definedNames></workbook>",
    "xl/_rels/workbook.xml.rels": b'<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
                                  b"</Relationships>",
    "xl/styles.xml": b'<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
                     b'<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>',
    "xl/worksheets/sheet1.xml": b'<worksheet><sheetData><row r="1"><c r="A1" s="1"><f>1+1</f><v>2</v></c>'
                                b"</row></sheetData></worksheet>",
}
WORKBOOK, RELS, STYLES, SHEET = HONEST


def _repeat(unit: bytes) -> bytes:
    return unit * (SIZE // len(unit))


# One part replaced by a crafted one; the comment: the old code's time on it (per function, 60 s cut-off).
CRAFTED = {
    "numFmt attributes never closed": (STYLES, b"<styleSheet><numFmts>" + _repeat(b'<numFmt numFmtId="1" ')),  # >60 s
    "cellXfs never closed": (STYLES, _repeat(b"<cellXfs>")),                                     # >60 s
    "xf tags never closed": (STYLES, b"<styleSheet><cellXfs>" + _repeat(b'<xf numFmtId="9" ') + b"</cellXfs>"),  # 54 s
    "sheet tags never closed": (WORKBOOK, _repeat(b'<sheet name="a" ')),                        # >60 s
    "relationships never closed": (RELS, _repeat(b'<Relationship Id="x" ')),                    # >60 s
    "relationships, Target first": (RELS, _repeat(b'<Relationship Target="x" ')),              # >60 s
    "definedName never closed": (WORKBOOK, _repeat(b"<definedName ")),                           # 27 s
    "a long word in a definedName": (WORKBOOK, b"<workbook><definedNames><definedName " + _repeat(b"a")
                                     + b">x</definedName></definedNames></workbook>"),          # >60 s
    "calcPr never closed": (WORKBOOK, _repeat(b"<calcPr ")),                                   # 28 s
    "cells never closed": (SHEET, _repeat(b'<c r="A1"><f>1</f>')),                              # 28 s
    "cell tags never closed": (SHEET, b"<f>" + _repeat(b"<c ")),                                 # >60 s
    "f and v never closed": (SHEET, b'<c r="A1">' + _repeat(b"<f><v>") + b"</c>"),              # >60 s
    "a long word in a cell tag": (SHEET, b"<sheetData><c " + _repeat(b"a") + b"><f>1</f></c>"),  # >60 s
    "one cell tag, s repeated": (SHEET, b"<c" + _repeat(b' s="1"')),                           # >60 s
    "styled cell tags never closed": (SHEET, _repeat(b'<c s="1" ')),                          # >60 s
    "styled cells with an endless r": (SHEET, _repeat(b'<c s="1" r="A')),                     # >60 s
    "dimension never closed": (SHEET, _repeat(b'<dimension ref="')),                          # was linear
}


def _book(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    assert time.perf_counter() - start < BOUND, fn.__name__
    return result


def _parts(path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as zf:
        return sheet_parts(zf)


@pytest.mark.parametrize("case", CRAFTED)
def test_a_crafted_part_is_read_in_linear_time(tmp_path, case):
    part, payload = CRAFTED[case]
    path = _book(tmp_path / "crafted.xlsx", {**HONEST, part: payload})
    assert isinstance(_timed(percent_cells, path), dict)
    assert isinstance(_timed(_parts, path), list)
    _timed(read_package, path)  # nothing raised: a broken part gives what precedes the fault
    assert _timed(has_uncached_formulas, path) in (True, False)


@pytest.mark.parametrize("dtd", [
    b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY a%d "%b">' % (i, b"&a%d;" % (i - 1) * 10 if i > 1 else b"&a;" * 10) for i in range(1, 10)) + b"]>",
    b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
])
def test_a_dtd_is_refused_before_any_entity_is_expanded(tmp_path, dtd):
    book = dtd + b"<workbook " + R_NS + b'><sheets><sheet name="&a9;&e;" r:id="rId1"/></sheets></workbook>'
    path = _book(tmp_path / "dtd.xlsx", {**HONEST, WORKBOOK: book})
    assert _timed(_parts, path) == []


def test_what_the_package_says_on_a_hand_written_part(tmp_path):
    book = (b"<workbook xmlns:rel='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
            b"<sheets><sheet name='A &amp; B' rel:id='r1'/><sheet name=\"&#30456;\" rel:id=\"r2\"/>"
            b'<sheet name="C" rel:id="gone"/></sheets><definedNames>'
            b'<definedName name="PX_X" localSheetId="1">"&#30456;&lt;"</definedName>'
            b'<definedName name="bad" localSheetId="x">1</definedName>'
            b'<definedName name="far" localSheetId="99999999999999">1</definedName>'
            b'<definedName name="global">1</definedName></definedNames><calcPr calcMode="manual"/></workbook>')
    rels = (b'<Relationships><Relationship Target="worksheets/sheet1.xml" Id="r1"/>'
            b'<Relationship Id="r2" Target="/xl/worksheets/sheet2.xml"/></Relationships>')
    sheet = (b'<worksheet><sheetData><row r="1">'
             b'<c r="A1" t="str">\n <f t="shared" ref="A1:A2" si="0">"&lt;"&amp;B1</f><v></v></c>'
             b'<c r="A2" t="str"><f t="shared" si="0"/><v>x</v></c>'
             b'<c r="B1" s="1"><f>1</f><v></v></c><c r="B2"><f>1</f><v/></c><c r="B3"><v>1</v></c>'
             b"</row></sheetData></worksheet>")
    path = _book(tmp_path / "hand.xlsx", {**HONEST, WORKBOOK: book, RELS: rels,
                                          "xl/worksheets/sheet2.xml": sheet})
    assert _parts(path) == [("A & B", "xl/worksheets/sheet1.xml"), ("相", "xl/worksheets/sheet2.xml"), ("C", "")]
    package = read_package(path)
    assert package.names == {"相": {"PX_X": '"相<"'}}
    assert package.formulas["相"].text == {"A1": '="<"&B1', "A2": None, "B1": "=1", "B2": "=1"}
    assert package.formulas["相"].cached == {"A1": True, "A2": True, "B1": False, "B2": False}
    assert package.manual_calc
    assert has_uncached_formulas(path)
    assert percent_cells(path) == {"A & B": {(1, 1)}, "相": {(1, 2)}}


def _prefixed_and_single_quoted(xml: bytes) -> bytes:
    """The same part as a writer that prefixes the main namespace and quotes with ' would write it."""
    xml = re.sub(rb'(\s[\w:]+)="([^"\']*)"', rb"\1='\2'", xml)
    xml = re.sub(rb"<(/?)([A-Za-z]\w*)(?=[\s/>])", rb"<\1x:\2", xml)
    return xml.replace(b" xmlns='", b" xmlns:x='", 1)


def _rewritten(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/") and item.filename.endswith((".xml", ".rels")):
                data = _prefixed_and_single_quoted(data)
            zout.writestr(item, data)
    return dst


def _everything(path: Path):
    package = read_package(path)
    formulas = {sheet: (f.text, f.cached) for sheet, f in package.formulas.items()}
    return _parts(path), percent_cells(path), package.names, formulas, package.manual_calc, has_uncached_formulas(path)


def test_a_form_of_ours_reads_the_same_from_any_writer(tmp_path):
    path = generate(write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS), tmp_path / "out").files[0]
    found = parts, percent, names, formulas, manual, uncached = _everything(path)
    form = "1-医疗保障专项经费"
    assert parts == [(form, "xl/worksheets/sheet1.xml"), ("_perfxl", "xl/worksheets/sheet2.xml")]
    assert percent == {form: {(6, 7)}}                    # the execution rate, G6
    assert names[form]["PX_F_RATE"] == f"'{form}'!$G$6" and names[form]["PX_KIND"] == '"project"'
    assert len(names[form]) == 20 and list(names) == [form]
    text, cached = formulas[form]
    assert sorted(text) == ["B13", "B21", "B24", "G25", "G6", "H25", "H26", "H6", "I6"]
    assert text["G6"].startswith("=IF(") and all(text.values())
    assert all(cached.values()) and not uncached and not manual  # every result saved (finish.py)
    assert _everything(_rewritten(path, tmp_path / "x.xlsx")) == found


def test_the_examples_read_as_before():
    examples = ROOT / "examples"
    with zipfile.ZipFile(examples / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx") as zf:
        parts = sheet_parts(zf)
    assert [name for name, _ in parts][:3] == ["项目清单", "1-医疗保障专项经费", "2-人员经费"]
    assert parts[-1] == ("评价评分表", "xl/worksheets/sheet14.xml") and len(parts) == 14
    assert percent_cells(examples / "益阳市医疗保障局2022年度项目支出绩效自评表.xlsx") == {
        "医疗服务和保障能力提升": {(5, 7), (12, 6), (13, 5), (13, 6), (15, 6), (20, 6)}}
    assert percent_cells(examples / "嘉峪关市2023年城乡居民医疗保险市级财政补助项目绩效评价.xlsx") == {
        "绩效评价": {(14, 3), (22, 3), (22, 4), (22, 5), (22, 6), (22, 7)}}
    for path in examples.glob("*.xlsx"):
        package = read_package(path)
        assert (package.names, package.formulas, package.manual_calc) == ({}, {}, False)
        assert not has_uncached_formulas(path)
