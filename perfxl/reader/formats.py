"""Which cells of an .xlsx carry a percent number format (python-calamine drops number formats)."""

from __future__ import annotations

import html
import posixpath
import re
import zipfile

from ..forms.cells import column_index
from ..targets import is_percent_format

BUILTIN_PERCENT = {9, 10}
_NUMFMT = re.compile(rb'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"')
_CELLXFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b([^>]*)/?>")
_NUMFMT_ID = re.compile(rb'numFmtId="(\d+)"')
_SHEET = re.compile(rb'<sheet\b[^>]*name="([^"]*)"[^>]*r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*Id="([^"]*)"[^>]*Target="([^"]*)"')
_REL_REV = re.compile(rb'<Relationship\b[^>]*Target="([^"]*)"[^>]*Id="([^"]*)"')
_CELL_START = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"')


def _unescape(raw: bytes) -> str:
    """XML text to str: entities and character references (&#30456;) resolved."""
    return html.unescape(raw.decode("utf-8"))


def sheet_parts(zf: zipfile.ZipFile, book: bytes | None = None) -> list[tuple[str, str]]:
    """(sheet name, its part in the package) in workbook order; the part is "" without a relationship.

    book: xl/workbook.xml when the caller has read it already."""
    names = set(zf.namelist())
    rels_raw = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    rels = dict(_REL.findall(rels_raw)) or {i: t for t, i in _REL_REV.findall(rels_raw)}
    out = []
    for name, rid in _SHEET.findall(book if book is not None else zf.read("xl/workbook.xml")):
        target = rels.get(rid, b"").decode()
        part = "" if not target else target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        out.append((_unescape(name), part))
    return out


def _percent_styles(styles: bytes) -> set[int]:
    # formatCode is XML-escaped (&quot;%&quot; is a literal percent sign, not a percentage)
    custom = {int(i) for i, code in _NUMFMT.findall(styles) if is_percent_format(_unescape(code))}
    block = _CELLXFS.search(styles)
    out = set()
    if block:
        for i, attrs in enumerate(_XF.findall(block.group(1))):
            m = _NUMFMT_ID.search(attrs)
            if m and (int(m.group(1)) in BUILTIN_PERCENT or int(m.group(1)) in custom):
                out.add(i)
    return out


def _styled_cells(xml: bytes, styles: set[int]) -> set[tuple[int, int]]:
    """Cells using one of the styles: find the few s="N" hits, then the cell tag around each."""
    hits = re.compile(rb'\ss="(?:' + b"|".join(str(s).encode() for s in sorted(styles)) + rb')"')
    out = set()
    for m in hits.finditer(xml):
        start = xml.rfind(b"<", 0, m.start())
        if xml.startswith(b"<c ", start):
            ref = _CELL_START.match(xml, start)
            if ref:
                out.add((int(ref.group(2)), column_index(ref.group(1).decode())))
    return out


def percent_cells(path) -> dict[str, set[tuple[int, int]]]:
    """Sheet name -> (row, col) of cells formatted as percentages; {} when it cannot tell."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names or "xl/styles.xml" not in names:
                return {}
            styles = _percent_styles(zf.read("xl/styles.xml"))
            if not styles:
                return {}
            out = {}
            for name, part in sheet_parts(zf):
                if part not in names:
                    continue
                cells = _styled_cells(zf.read(part), styles)
                if cells:
                    out[name] = cells
            return out
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return {}
