"""Which cells of an .xlsx carry a percent number format (python-calamine drops number formats)."""

# Every read of package XML here and in package.py takes time linear in the part, however it was
# crafted: the small parts (workbook, its relationships, styles) go through expat with DTDs
# refused, and the sheets, too big for that, are scanned for tags by patterns that stop at the
# next "<", each tag looked at a bounded number of times.

from __future__ import annotations

import re
import zipfile

from ..forms.cells import column_index
from ..ooxml import StopParse, local_name, parse_part, sheet_parts, small_int
from ..targets import is_percent_format

BUILTIN_PERCENT = {9, 10}


def _percent_styles(styles: bytes) -> set[int]:
    """Indexes of the cell formats (cellXfs) whose number format shows a percentage."""
    custom: set[int] = set()
    xf_formats: list[int | None] = []   # numFmtId of each cell format, in order
    path: list[str] = []

    def start(qname: str, attrs: dict[str, str]) -> None:
        tag = local_name(qname)
        parent = path[-1] if path else ""
        path.append(tag)
        if tag == "numFmt" and parent == "numFmts":  # not a dxf's: those are conditional formats
            fmt_id = small_int(attrs.get("numFmtId"))
            # formatCode is unescaped: "%" in quotes is a literal percent sign, not a percentage
            if fmt_id is not None and is_percent_format(attrs.get("formatCode")):
                custom.add(fmt_id)
        elif tag == "xf" and parent == "cellXfs":
            xf_formats.append(small_int(attrs.get("numFmtId")))

    def end(qname: str) -> None:
        if path.pop() == "cellXfs":
            raise StopParse  # numFmts come before cellXfs; what follows (colors, dxfs) is not needed

    parse_part(styles, start, end)
    return {i for i, f in enumerate(xf_formats) if f in BUILTIN_PERCENT or f in custom}


# --- sheet XML: tags found by patterns that cannot run past the next "<" -------------------------

# A tag's attributes. A name starts only where no name character precedes it and every repeat is
# possessive, so no attempt restarts inside a run or takes back what it took.
_ATTR = re.compile(rb"""(?<![^\s"'])([^\s=<>"'/]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
# A cell's start tag up to its ">" (or the next "<" in a broken one); group 1: its attributes.
CELL_TAG = re.compile(rb"<(?:[^\s<>/:]++:)?c(?=[\s/>])([^<>]*+)")
_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")


def tag_attrs(attrs: bytes) -> dict[bytes, bytes]:
    """Attributes of one tag by local name, values still escaped; either quote."""
    return {name.rpartition(b":")[2]: double or single for name, double, single in _ATTR.findall(attrs)}


def cell_position(ref: bytes | None) -> tuple[int, int] | None:
    """b"B12" → (12, 2); None for anything that is not a cell of a sheet."""
    m = _REF.fullmatch(ref or b"")
    return (int(m.group(2)), column_index(m.group(1).decode())) if m else None


def _unescape(raw: bytes) -> str:
    """XML text to str: entities and character references (&#30456;) resolved."""
    from html import unescape  # the few formats that hold an entity: not loaded for every run

    return unescape(raw.decode("utf-8", "replace"))


def _styled_cells(xml: bytes, styles: set[int]) -> set[tuple[int, int]]:
    """Cells using one of the styles: find the few s="N" hits, then the cell tag around each."""
    wanted = {str(s).encode() for s in styles}
    alternatives = b"|".join(sorted(wanted))
    hits = re.compile(rb"""\ss\s*+=\s*+(?:"(?:%b)"|'(?:%b)')""" % (alternatives, alternatives))
    out = set()
    searched = 0
    for m in hits.finditer(xml):
        # back to the tag's "<", but never past the previous hit: no "<" there means the same tag
        start = xml.rfind(b"<", searched, m.start())
        searched = m.end()
        cell = CELL_TAG.match(xml, start) if start >= 0 else None
        if cell:
            attrs = tag_attrs(cell.group(1))
            where = cell_position(attrs.get(b"r"))
            if where and attrs.get(b"s") in wanted:
                out.add(where)
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
