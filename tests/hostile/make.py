"""Hostile workbooks: crafted files that have crashed or hung perfxl, built from bytes on the fly.

    python tests/hostile/make.py OUTDIR        # write them all to OUTDIR and list them
    python tests/hostile/make.py --table R     # R: a HOSTILE_REPORT file of test_hostile.py, as a table
    from hostile import make; make.build(outdir) -> list[Case]

Every file is made here from zip bytes (a small zip writer of our own, so member CRCs, sizes and
compression can be exactly what a case needs) or from a copy of one of examples/*.xlsx; nothing
binary is committed. Most files are a few KB; the largest (many sheets) is a few hundred KB.

A Case says what the file is, which commands to try on it and what a reader should make of it:

    expect  "px001"    the file cannot be read: lint must give it PX001 (exit 1)
            "readable" a workbook a clerk may send: read normally (exit 0/1 from findings only)
            "either"   valid-ish but absurd: PX001 with a clear message, or read normally;
                       never a crash, a hang or a blow-up
    forms   forms a reader finds when it reads the file (None: not asserted)
    source  the example the file was made from (its forms are the ones expected), or None
"""

from __future__ import annotations

import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
YIYANG = "益阳市医疗保障局2022年度项目支出绩效自评表.xlsx"    # one project form, clean (exit 0)
YUANJIANG = "沅江市医疗保障局2023年度部门整体支出绩效自评表.xlsx"  # one department form
JINZHAI = "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"      # fourteen forms, 40 KB
GUANGYUAN = "广元市2023年度转移支付区域绩效目标自评表.xlsx"     # three transfer forms; no case is made from it

BOOK, BOOK_RELS, TYPES = "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"
SHEET1, STYLES_PART = "xl/worksheets/sheet1.xml", "xl/styles.xml"

LINT, ANNOTATE, CONSOLIDATE, FOLDER = "lint", "annotate", "consolidate", "folder"
UNREADABLE = (LINT, FOLDER)                    # lint FILE --format json; consolidate FILE + a good one
READABLE = (LINT, ANNOTATE, CONSOLIDATE, FOLDER)
NON_UTF8 = b"\xff\xfe.xlsx"                  # a file name that is not valid UTF-8


@dataclass(frozen=True)
class Case:
    name: str                      # test id
    file: str | bytes              # file name (bytes: a name that is not valid UTF-8)
    what: str
    commands: tuple[str, ...]
    expect: str                    # "px001" | "readable" | "either"
    forms: int | None = 0          # forms found when the file is read (None: not asserted)
    source: str | None = None      # the example it was made from
    special: str = "file"          # "file" | "fifo"
    skip: str | None = None        # why it could not be built on this machine
    path: Path | None = None       # where build() wrote it

    def place(self, folder: Path) -> Path:
        """A fresh copy in folder (a new FIFO for a FIFO; a bytes path for a non-UTF-8 name)."""
        folder.mkdir(parents=True, exist_ok=True)
        name = self.file if isinstance(self.file, bytes) else os.fsencode(self.file)
        dest = os.path.join(os.fsencode(folder), name)
        if self.special == "fifo":
            os.mkfifo(dest)
        else:
            with open(os.fsencode(self.path), "rb") as src, open(dest, "wb") as dst:
                shutil.copyfileobj(src, dst)
        return Path(os.fsdecode(dest))

    @property
    def display(self) -> str:
        """The file name as Python shows it (surrogate escapes for a non-UTF-8 name)."""
        return os.fsdecode(self.file) if isinstance(self.file, bytes) else self.file


# --------------------------------------------------------------------------- zip writing


def zip_bytes(members: list[tuple[str, bytes]], bad_crc: tuple[str, ...] = (), level: int = 9) -> bytes:
    """A plain zip (deflate, UTF-8 names). Members given the same bytes object are compressed once.

    bad_crc: members whose stored CRC (local and central header alike) is wrong."""
    out, central, packed = bytearray(), bytearray(), {}
    for name, data in members:
        if id(data) not in packed:
            z = zlib.compressobj(level, zlib.DEFLATED, -15)
            packed[id(data)] = (zlib.crc32(data), z.compress(data) + z.flush())
        crc, comp = packed[id(data)]
        if name in bad_crc:
            crc ^= 0x5A5A5A5A
        raw = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, crc, len(comp), len(data),
                           len(raw), 0) + raw + comp
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, 8, 0, 0x21, crc, len(comp),
                               len(data), len(raw), 0, 0, 0, 0, 0, offset) + raw
    n = len(members)
    return bytes(out + central + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(central), len(out), 0))


def members_of(example: str) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(EXAMPLES / example) as zf:
        return [(i.filename, zf.read(i.filename)) for i in zf.infolist()]


def edited(example: str, changes: dict[str, bytes | None]) -> list[tuple[str, bytes]]:
    """An example's members with some replaced (None: left out) or added, by member name."""
    by_key = dict(changes)
    out = []
    for name, data in members_of(example):
        if name in by_key:
            if by_key[name] is not None:
                out.append((name, by_key.pop(name)))
            else:
                by_key.pop(name)
        else:
            out.append((name, data))
    out += [(n, d) for n, d in by_key.items() if d is not None]
    return out


# --------------------------------------------------------------------------- a small package

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# A percent format at style 1: a scan for percentage cells then reads every sheet's XML.
STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {NS}>'
          '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
          '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
          '</styleSheet>').encode()


def content_types(sheets: int, shared: bool = False) -> bytes:
    parts = [f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT_MAIN}.worksheet+xml"/>'
             for i in range(1, sheets + 1)]
    if shared:
        parts.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_MAIN}.sharedStrings+xml"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT_MAIN}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT_MAIN}.styles+xml"/>'
            + "".join(parts) + "</Types>").encode()


ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>').encode()


def workbook_xml(names: list[str], extra: str = "") -> bytes:
    sheets = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS} {NS_R}>'
            f"<sheets>{sheets}</sheets>{extra}</workbook>").encode()


def workbook_rels(sheets: int, shared: bool = False) -> bytes:
    rels = [f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, sheets + 1)]
    rels.append(f'<Relationship Id="rId{sheets + 1}" Type="{REL}/styles" Target="styles.xml"/>')
    if shared:
        rels.append(f'<Relationship Id="rId{sheets + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels) + "</Relationships>").encode()


def sheet_xml(rows: str, dimension: str | None = None, merges: list[str] | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
             + "</mergeCells>") if merges else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>{dim}'
            f"<sheetData>{rows}</sheetData>{merge}</worksheet>").encode()


def package(sheets: list[bytes], names: list[str] | None = None, shared: bytes | None = None,
            styles: bytes = STYLES, book: bytes | None = None) -> list[tuple[str, bytes]]:
    names = names or [f"Sheet{i}" for i in range(1, len(sheets) + 1)]
    members = [("[Content_Types].xml", content_types(len(sheets), shared is not None)),
               ("_rels/.rels", ROOT_RELS),
               ("xl/workbook.xml", book if book is not None else workbook_xml(names)),
               ("xl/_rels/workbook.xml.rels", workbook_rels(len(sheets), shared is not None)),
               ("xl/styles.xml", styles)]
    members += [(f"xl/worksheets/sheet{i}.xml", s) for i, s in enumerate(sheets, start=1)]
    if shared is not None:
        members.append(("xl/sharedStrings.xml", shared))
    return members


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def num_cell(ref: str, value, style: int = 1) -> str:
    return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'


HEAD = f'<row r="1">{text_cell("A1", "项目名称")}{text_cell("B1", "测试项目")}</row>'


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# --------------------------------------------------------------------------- the cases


def _far_cells() -> list[tuple[str, str, str, Callable[[], bytes]]]:
    """(name, file, what, maker) of sheets whose cells or dimensions reach Excel's edges or beyond."""
    far = '<row r="1048576">' + num_cell("XFD1048576", 0.5) + "</row>"
    return [
        ("sparse_far", "sparse_far.xlsx", "cells at A1 and XFD1048576 only (a 17-billion-cell used range)",
         lambda: zip_bytes(package([sheet_xml(HEAD + far)]))),
        ("single_far", "single_far.xlsx", "a single cell, at XFD1048576",
         lambda: zip_bytes(package([sheet_xml(far)]))),
        ("row_4294967295", "row_4294967295.xlsx", 'a row numbered 4294967295 (<row r="4294967295">, cell A4294967295)',
         lambda: zip_bytes(package([sheet_xml(HEAD + '<row r="4294967295">' + num_cell("A4294967295", 1)
                                              + "</row>")]))),
        ("col_beyond", "col_beyond.xlsx", "a cell at XFE1, one column past Excel's last (XFD)",
         lambda: zip_bytes(package([sheet_xml('<row r="1">' + text_cell("A1", "项目名称") + num_cell("XFE1", 1)
                                              + "</row>")]))),
        ("row_beyond", "row_beyond.xlsx", "a cell at A1048577, one row past Excel's last",
         lambda: zip_bytes(package([sheet_xml(HEAD + '<row r="1048577">' + num_cell("A1048577", 1) + "</row>")]))),
        ("dimension_huge", "dimension_huge.xlsx", '<dimension ref="A1:XFD1048576"/> over three cells',
         lambda: zip_bytes(package([sheet_xml(HEAD + '<row r="2">' + num_cell("A2", 1) + "</row>",
                                              dimension="A1:XFD1048576")]))),
    ]


def _merges() -> list[tuple[str, str, str, Callable[[], bytes]]]:
    def small() -> bytes:
        rows = "".join(f'<row r="{r}">' + "".join(num_cell(f"{col_letter(c)}{r}", 1) for c in range(1, 101, 2))
                       + "</row>" for r in range(1, 201))
        merges = [f"{col_letter(c)}{r}:{col_letter(c + 1)}{r}" for r in range(1, 201) for c in range(1, 101, 2)]
        return zip_bytes(package([sheet_xml(rows, merges=merges)]))

    def full_rows() -> bytes:
        rows = "".join(f'<row r="{r}">{num_cell(f"A{r}", r)}</row>' for r in range(1, 2001))
        return zip_bytes(package([sheet_xml(rows, merges=[f"A{r}:XFD{r}" for r in range(1, 2001)])]))

    return [
        ("merge_whole_sheet", "merge_whole_sheet.xlsx", '<mergeCell ref="A1:XFD1048576"/>: the whole sheet one cell',
         lambda: zip_bytes(package([sheet_xml(HEAD, merges=["A1:XFD1048576"])]))),
        ("merges_many", "merges_many.xlsx", "10,000 merges of two cells each (200 rows x 50 pairs)", small),
        ("merges_full_rows", "merges_full_rows.xlsx", "2,000 merges each a full row (A{r}:XFD{r})", full_rows),
    ]


def _amplification() -> list[tuple[str, bytes]]:
    """One 32,767-character shared string referenced by 100,000 cells (1,000 rows x 100 columns)."""
    text = "绩效" * 16383 + "评"
    assert len(text) == 32767
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS} count="100000" uniqueCount="1">'
              f"<si><t>{text}</t></si></sst>").encode()
    cols = [col_letter(c) for c in range(1, 101)]
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in cols) + "</row>"
                   for r in range(1, 1001))
    return package([sheet_xml(rows, dimension="A1:CV1000")], shared=shared)


def _many_sheets(count: int = 240, size: int = 1_040_000) -> list[tuple[str, bytes]]:
    """count sheets of `size` bytes each (just under 1 MiB, where a per-member ratio check begins):
    rows of number cells without r attributes, so deflate packs each to about 2.5 KB."""
    row = "<row>" + "<c><v>1</v></c>" * 256 + "</row>"
    head = sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>"
    tail = b"</sheetData></worksheet>"
    n = (size - len(head) - len(tail)) // len(row)
    body = head + row.encode() * n + tail
    body += b" " * (size - len(body))  # whitespace up to the exact size
    return package([body] * count)


BAIT_REPEAT = 350 * 1024


def _repeat(unit: str, total: int = BAIT_REPEAT) -> str:
    return unit * (total // len(unit))


def _baits() -> list[tuple[str, str, str, str, int | None, Callable[[], bytes]]]:
    """Regex bait on the example 益阳 form: the raw variants are not well-formed XML; the comment
    variants hide the same bytes in an XML comment, so an XML parser accepts the file and only a
    regex scan over the raw bytes meets them. (name, file, what, expect, forms, maker)"""

    def parts() -> tuple[bytes, bytes, bytes]:
        base = dict(members_of(YIYANG))
        return base[STYLES_PART], base[BOOK], base[SHEET1]

    numfmt = _repeat('<numFmt numFmtId="1" numFmtId="1" ').encode()
    sheets = _repeat('<sheet name="a" ').encode()
    cells = _repeat('<c r="A1" s="6" ').encode()
    names = _repeat("<definedName ").encode()

    def swap(part: str, old: bytes, new: bytes, ours: bool = False) -> Callable[[], bytes]:
        def make() -> bytes:
            data = dict(zip((STYLES_PART, BOOK, SHEET1), parts()))[part]
            assert old in data, old
            data = data.replace(old, new)
            return zip_bytes(_ours(data) if ours else edited(YIYANG, {part: data}))
        return make

    return [
        ("bait_styles_raw", "bait_styles_raw.xlsx",
         'the 益阳 form with a 350 KB styles.xml of <numFmt numFmtId="1" numFmtId="1" … never closed',
         "either", 1, swap(STYLES_PART, b'<numFmts count="0" />', b"<numFmts>" + numfmt)),
        ("bait_styles_comment", "bait_styles_comment.xlsx",
         "the 益阳 form; styles.xml well-formed but holding the same 350 KB of <numFmt … bait in a comment",
         "readable", 1, swap(STYLES_PART, b"</styleSheet>", b"<!-- " + numfmt + b" --></styleSheet>")),
        ("bait_workbook_raw", "bait_workbook_raw.xlsx",
         'the 益阳 form with 350 KB of <sheet name="a" <sheet name="a" … in workbook.xml (not well-formed)',
         "either", 1, swap(BOOK, b"<sheets>", b"<sheets>" + sheets)),
        ("bait_workbook_comment", "bait_workbook_comment.xlsx",
         'the 益阳 form; workbook.xml holding 350 KB of <sheet name="a" … in a comment',
         "readable", 1, swap(BOOK, b"<sheets>", b"<!-- " + sheets + b" --><sheets>")),
        ("bait_definednames_raw", "bait_definednames_raw.xlsx",
         "the 益阳 form with 350 KB of <definedName <definedName … (no >) in workbook.xml (not well-formed)",
         "either", 1, swap(BOOK, b"<definedNames />", b"<definedNames>" + names)),
        # on a workbook with perfxl's hidden _perfxl sheet (a form of ours): perfxl reads its defined names
        ("bait_definednames_comment", "bait_definednames_comment.xlsx",
         "the 益阳 form marked as perfxl's own (hidden _perfxl sheet); 350 KB of <definedName … in a comment",
         "readable", 1, swap(BOOK, b"<definedNames />", b"<definedNames><!-- " + names + b" --></definedNames>",
                             ours=True)),
        ("bait_cells_raw", "bait_cells_raw.xlsx",
         'the 益阳 form whose sheet ends in 350 KB of <c r="A1" s="6" … openings, no </c> (not well-formed)',
         "either", None, swap(SHEET1, b"</sheetData>", cells + b"</sheetData>")),
        ("bait_cells_comment", "bait_cells_comment.xlsx",
         'the 益阳 form; its sheet holding 350 KB of <c r="A1" s="6" … openings in a comment',
         "readable", 1, swap(SHEET1, b"</sheetData>", b"<!-- " + cells + b" --></sheetData>")),
    ]


def _ours(book: bytes) -> list[tuple[str, bytes]]:
    """The 益阳 example with a hidden second sheet named _perfxl (perfxl's marker of its own forms)."""
    members = dict(members_of(YIYANG))
    book = book.replace(b"</sheets>", b'<sheet name="_perfxl" sheetId="2" state="hidden" r:id="rId9" /></sheets>')
    rels = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml" '
                             f'Id="rId9" /></Relationships>'.encode())
    types = members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{CT_MAIN}.worksheet+xml"/>'
                     f"</Types>".encode())
    meta = sheet_xml('<row r="1">' + text_cell("A1", "version") + num_cell("B1", 1, 0) + "</row>")
    return edited(YIYANG, {BOOK: book, BOOK_RELS: rels, TYPES: types, "xl/worksheets/sheet2.xml": meta})


def _formula_chain(n: int = 20000) -> list[tuple[str, bytes]]:
    """The 益阳 form saved by a script: its results are formulas without cached values, and a second
    sheet holds A1=1, A2=A1+1, … A20000 (none with a value)."""
    members = dict(members_of(YIYANG))
    sheet = members["xl/worksheets/sheet1.xml"]
    for old, new in ((b'<c r="G5" s="6" t="n"><v>1</v></c>', b'<c r="G5" s="6"><f>E5/D5</f></c>'),
                     (b'<c r="H5" s="3" t="n"><v>10</v></c>', b'<c r="H5" s="3"><f>ROUND(10*MIN(G5,1),2)</f></c>'),
                     (b'<c r="H21" s="3" t="n"><v>100</v></c>', b'<c r="H21" s="3"><f>SUM(H5,H12:H20)</f></c>')):
        assert old in sheet, old
        sheet = sheet.replace(old, new)
    chain = '<row r="1"><c r="A1"><v>1</v></c></row>' + "".join(
        f'<row r="{r}"><c r="A{r}"><f>A{r - 1}+1</f></c></row>' for r in range(2, n + 1))
    book = members["xl/workbook.xml"].replace(b"</sheets>", '<sheet name="链" sheetId="2" r:id="rId9" /></sheets>'.encode())
    rels = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml" '
                             f'Id="rId9" /></Relationships>'.encode())
    types = members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{CT_MAIN}.worksheet+xml"/>'
                     f"</Types>".encode())
    return edited(YIYANG, {BOOK: book, BOOK_RELS: rels, SHEET1: sheet, TYPES: types,
                           "xl/worksheets/sheet2.xml": sheet_xml(chain)})


CONTROL_PROJECT = "医疗服务_x0007_和保障&#x1;能力\x1b提升_x0000_"
CONTROL_UNIT = "益阳市医疗_x001B_保障局\x1b&#x1;_x0000_"


def _control_chars() -> list[tuple[str, bytes]]:
    """The 益阳 form with its project name (B2) and unit (B3, F3) moved to xl/sharedStrings.xml and
    laced with control characters: _x0007_ (BEL) and _x0000_ (NUL) escapes, &#x1; and a raw ESC byte."""
    members = dict(members_of(YIYANG))
    sheet = members["xl/worksheets/sheet1.xml"]
    for ref, index in (("B2", 0), ("B3", 1), ("F3", 1)):
        pattern = re.compile(rf'<c r="{ref}" s="3" t="inlineStr"><is><t>[^<]*</t></is></c>'.encode())
        sheet, n = pattern.subn(f'<c r="{ref}" s="3" t="s"><v>{index}</v></c>'.encode(), sheet)
        assert n == 1, ref
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS} count="3" uniqueCount="2">'
              f"<si><t>{CONTROL_PROJECT}</t></si><si><t>{CONTROL_UNIT}</t></si></sst>").encode()
    rels = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml" '
                             f'Id="rId9" /></Relationships>'.encode())
    types = members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_MAIN}.sharedStrings+xml"/>'
                     f"</Types>".encode())
    return edited(YIYANG, {SHEET1: sheet, BOOK_RELS: rels, TYPES: types, "xl/sharedStrings.xml": shared})


def _xls() -> bytes | str:
    """A real .xls (the 益阳 example saved by LibreOffice) with 64 bytes in its middle third
    overwritten from a fixed seed; or the reason it cannot be made here."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return "LibreOffice (soffice) is not installed: no real .xls to mutate (scripts/test.sh installs it)"
    with tempfile.TemporaryDirectory(prefix="hostile-lo-") as work:
        work_path = Path(work)
        src = work_path / "form.xlsx"
        shutil.copyfile(EXAMPLES / YIYANG, src)
        profile = work_path / "profile"
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "xls", "--outdir", str(work_path), str(src)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300, env=dict(os.environ, HOME=str(profile)))
        data = bytearray((work_path / "form.xls").read_bytes())
    rng = random.Random(20240607)
    third = len(data) // 3
    for _ in range(64):
        i = rng.randrange(third, 2 * third)
        data[i] ^= rng.randrange(1, 256)
    return bytes(data)


@dataclass(frozen=True)
class Spec:
    case: Case
    make: Callable[[], bytes | str]    # the file's bytes, or why it cannot be made here


def _skip_or(reason: str | None, make: Callable[[], bytes | str]) -> Callable[[], bytes | str]:
    return (lambda: reason) if reason else make


def specs() -> list[Spec]:
    """Every hostile file: what it is, and how to make it (nothing made yet)."""
    out: list[Spec] = []

    def add(name, file, what, expect, make, commands=UNREADABLE, forms=0, source=None, special="file"):
        out.append(Spec(Case(name, file, what, commands, expect, forms, source, special), make))

    for name, file, what, make in _far_cells() + _merges():
        add(name, file, what, "either", make)
    add("strings_amplified", "strings_amplified.xlsx",
        "one 32,767-character shared string referenced by 100,000 cells (3.3 billion characters, copied per cell)", "either",
        lambda: zip_bytes(_amplification()))
    add("many_sheets", "many_sheets.xlsx",
        "240 sheets of 1,040,000 bytes each (under 1 MiB: no ratio check), 250 MB unpacked, 15.5 million cells",
        "either", lambda: zip_bytes(_many_sheets()))
    for name, file, what, expect, forms, make in _baits():
        add(name, file, what, expect, make, READABLE if expect == "readable" else UNREADABLE, forms, YIYANG)
    add("formula_chain", "formula_chain.xlsx",
        "the 益阳 form saved by a script (results as formulas, no cached values) + 20,000 chained formulas",
        "readable", lambda: zip_bytes(_formula_chain()), READABLE, 1, YIYANG)

    add("truncated_zip", "truncated_zip.xlsx", "the 金寨 example cut at 60% (no central directory)", "px001",
        lambda: (lambda b: b[: len(b) * 6 // 10])((EXAMPLES / JINZHAI).read_bytes()))
    add("crc_corrupt", "crc_corrupt.xlsx", "the 益阳 example with a wrong CRC for xl/worksheets/sheet1.xml", "px001",
        lambda: zip_bytes(members_of(YIYANG), bad_crc=(SHEET1,)))
    add("no_workbook_xml", "no_workbook_xml.xlsx", "the 益阳 example without xl/workbook.xml", "px001",
        lambda: zip_bytes(edited(YIYANG, {BOOK: None})))
    add("empty", "empty.xlsx", "an empty file (0 bytes)", "px001", lambda: b"")
    add("random_bytes", "random_bytes.xlsx", "4,096 random bytes (seed 7) named .xlsx", "px001",
        lambda: random.Random(7).randbytes(4096))
    add("xls_mutated", "xls_mutated.xls",
        "the 益阳 example saved as .xls by LibreOffice, 64 bytes of its middle third changed (seed 20240607)",
        "either", _xls, forms=None, source=YIYANG)
    add("control_chars", "control_chars.xlsx",
        "the 益阳 form with project name and unit as shared strings laced with _x0007_, &#x1;, ESC, _x0000_",
        "readable", lambda: zip_bytes(_control_chars()), READABLE, 1, YIYANG)
    add("fifo", "x.xlsx", "a FIFO (named pipe) named x.xlsx: opening it for reading blocks until a writer comes",
        "px001", _skip_or(None if hasattr(os, "mkfifo") else "no os.mkfifo here (not POSIX)", lambda: b""),
        special="fifo")
    add("non_utf8_name", NON_UTF8, "the 沅江 example under the name b'\\xff\\xfe.xlsx' (not valid UTF-8)",
        "readable", lambda: (EXAMPLES / YUANJIANG).read_bytes(), READABLE, 1, YUANJIANG)
    return out


def catalog() -> list[Case]:
    """The cases without their files (for test collection)."""
    return [s.case for s in specs()]


def build(outdir) -> list[Case]:
    """Write every hostile file into outdir; their Cases (path set, or skip saying why), in order."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for spec in specs():
        case = spec.case
        made = spec.make()
        if isinstance(made, str):
            cases.append(replace(case, skip=made))
            continue
        name = case.file if isinstance(case.file, bytes) else os.fsencode(case.file)
        target = os.path.join(os.fsencode(out), name)
        if os.path.lexists(target):
            os.unlink(target)
        try:
            if case.special == "fifo":
                os.mkfifo(target)
            else:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(made)
        except (OSError, UnicodeError) as exc:
            if not isinstance(case.file, bytes):
                raise
            cases.append(replace(case, skip=f"the filesystem refuses a name that is not UTF-8: {exc}"))
            continue
        cases.append(replace(case, path=Path(os.fsdecode(target))))
    return cases


def table(report: str) -> str:
    """A Markdown table of the runs recorded in a HOSTILE_REPORT file (tests/test_hostile.py)."""
    import json

    head = ("| case | command | exit | s | peak MB | traceback | leftovers | problems |\n"
            "|---|---|---|---|---|---|---|---|\n")
    rows = []
    for line in Path(report).read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        left = [p for p in r["problems"] if p.startswith(("left in", "processes still", "removed from"))]
        rest = [p for p in r["problems"] if p not in left]
        hung = " (hung)" if r.get("timed_out") else ""
        cells = (r["case"], r["command"], f"{r.get('rc')}{hung}", r.get("wall"), r.get("peak_mb"),
                 "yes" if r.get("traceback") or r.get("internal") else "", "; ".join(left)[:120] or "",
                 "; ".join(x[:140] for x in rest).replace("|", "\\|").replace("\n", " ") or "ok")
        rows.append("| " + " | ".join(str(c) for c in cells) + " |")
    return head + "\n".join(rows)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[1] == "--table":
        print(table(argv[2]))
        return 0
    if len(argv) != 2:
        print("usage: python tests/hostile/make.py OUTDIR | --table HOSTILE_REPORT.jsonl", file=sys.stderr)
        return 2
    for case in build(argv[1]):
        size = "-" if case.path is None or case.special == "fifo" else f"{os.path.getsize(case.path):,}"
        state = f"SKIP ({case.skip})" if case.skip else case.expect
        print(f"{case.name:26} {size:>9} B  {state:9} {'/'.join(case.commands):32} {case.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
