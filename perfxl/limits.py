"""Bounds a workbook must keep before any parser sees it: Excel's grid, cells, text and sheets.

python-calamine builds every sheet as a dense grid from A1 to its farthest value, and copies a
shared string into every cell that uses it: a few KB of crafted XML can ask it for hundreds of GB.
These checks read the package's XML in linear time and stop such a file with a reason (PX001)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from . import zipparts
from .errors import InputError
from .i18n import msg

EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
MAX_AREA = 2_000_000        # cells of one sheet's grid; an honest form has a few thousand
MAX_CELLS = 3_000_000       # cells written in all sheets; a 200-form department book has ~300,000
OPENPYXL_CELLS = 1_000_000  # openpyxl keeps ~500 bytes a cell: its loads (annotate, roster) take fewer
MAX_TEXT = 32_000_000       # characters of shared text the cells expand to
MAX_SHEETS = 1_000
# Set in a worker whose address space is capped (lint/guard.py): there a grid calamine cannot have
# fails its allocation and the file is reported unreadable, so the scans for positions _FAR cannot
# see (~80 µs a sheet) are spared. In process (the browser, Excel) they run.
CAPPED = False

# Excel writes the row and column in every cell's r; a column of two letters or a row of five
# digits is where a grid may grow large and the exact bounding box is worth working out.
# (The literal start lets the scan jump from one r=" to the next: several times faster than \sr=.
# The possessive ?+ takes a first letter for good: no retry of A1 as a column-less "1" and no
# counting of letter runs, which halved this scan, the largest part of checking a plain book.)
_FAR = re.compile(rb'r="[A-Za-z]?+(?:[A-Za-z]|\d{5})')
_TAG = re.compile(rb"<(?:[\w.-]+:)?(c|row)\b([^<>]*)>")   # a tag ends at the next < or >: linear
_REF = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")   # XML's quotes, and space around =
_CELL_REF = re.compile(rb"([A-Za-z]*)(\d*)")
_END_C = re.compile(rb"</(?:[\w.-]+:)?c>")
# What XML allows and calamine reads but _FAR does not see: another quote, space around =, an
# escaped character in r, a namespace prefix on the tags. Any of them sends a sheet to the exact check.
_UNUSUAL = (b"r='", b"r =", b"r\t", b"r\n", b"r\r", b"r= ", b"r=\t", b"r=\n", b"r=\r", b'r="&', b":c ", b":c>",
            b":row")
_VALUE = re.compile(rb"\s*<v>\s*(\d{1,9})\s*</v>")


def check_file_limits(path: Path, max_cells: int = MAX_CELLS, merges: bool = False,
                      listed: zipparts.Listing | None = None, hidden: bool | None = None) -> None:
    """check_limits on a package that check_package has passed (listed: what it read, if it could).
    merges: also bound the cells that merged ranges cover (openpyxl makes an object of every one;
    the reader clips them instead); hidden: scan for positions _FAR cannot see (default: unless CAPPED)."""
    hidden = not CAPPED if hidden is None else hidden
    try:
        with (listed.opened(path) if listed is not None else open(path, "rb")) as fh:
            members = listed.members if listed is not None else zipparts.members(fh)
            if members is not None:  # a plain zip, as Excel and WPS write: read straight, a part at a time
                by_name = {m.name: m for m in members}
                # the CRC too: calamine checks none. What is read is kept when the file's bytes are
                # held, for the parser's stored copy (zipparts.Listing.stored_copy).
                read = zipparts.keeping(fh, by_name, listed.parts) if listed is not None and listed.data \
                    is not None else lambda name: zipparts.read(fh, by_name[name])
                check_limits(path, {name: m.size for name, m in by_name.items()}, read, max_cells, merges, hidden)
                return
        with zipfile.ZipFile(path) as zf:
            check_limits(path, {i.filename: i.file_size for i in zf.infolist()}, zf.read, max_cells, merges, hidden)
    # SyntaxError: ElementTree's ParseError (a ParseError is one), without loading ElementTree for it
    except (zipfile.BadZipFile, zipparts.BadMember, KeyError, OSError, SyntaxError, EOFError) as exc:
        raise InputError(msg("truncated", path=str(path), why=type(exc).__name__)) from None


def check_limits(path: Path, sizes: dict[str, int], read, max_cells: int = MAX_CELLS, merges: bool = False,
                 hidden: bool = True) -> None:
    """Raise InputError (PX001) when a sheet would grow beyond what a form workbook can be.
    sizes: every part's declared size by name; read(name): its data (refused when not that size)."""
    sheets = [name for name in sizes if _sheet_like(name)]
    if len(sheets) > MAX_SHEETS:
        raise InputError(msg("too_many_sheets", path=str(path), n=len(sheets)))
    sst = "xl/sharedStrings.xml"
    sst_size = sizes.get(sst, 0)
    # A cell takes at least 4 bytes of XML (<c/>), a string cell 12 (<c t="s"/>): most books are too
    # small for either count to matter and are spared those scans. (The sizes are the declared ones;
    # a part that unpacks to anything else is refused when read.)
    size = sum(sizes[part] for part in sheets)
    count_cells, count_shared = size // 4 > max_cells, size // 12 * sst_size > MAX_TEXT
    cells = shared = 0
    for part in sheets:
        xml = read(part)
        if count_cells or merges:
            cells += xml.count(b"<c ") + xml.count(b"<c>")
            if cells > max_cells:
                raise InputError(msg("too_many_cells", path=str(path), n=cells))
        if count_shared:
            shared += xml.count(b't="s"')
        if _FAR.search(xml) or hidden and _positions_hidden(xml):
            _check_area(path, xml)
        if merges and b"<mergeCell" in xml:
            cells += _merged_cells(xml)
            if cells > max_cells:
                raise InputError(msg("too_many_cells", path=str(path), n=cells))
    if shared and shared * sst_size > MAX_TEXT:
        text = read(sst)
        # still cheap: every string cell the longest text (in bytes, at least its characters)
        if shared * max(map(len, text.split(b"<si"))) > MAX_TEXT:
            _check_text(path, text, (read(part) for part in sheets))  # count what cells really use


def _sheet_like(name: str) -> bool:
    """Parts calamine may read as a sheet: any XML in the package but the few it never reads so
    (read by relationship, not by name, a sheet could be anywhere; listing the sheets would cost an
    XML parse of the workbook and its relationships per file)."""
    return name.startswith("xl/") and name.endswith(".xml") and name not in _NOT_SHEETS \
        and not name.startswith(("xl/theme/", "xl/_rels/", "xl/printerSettings/"))


_NOT_SHEETS = {"xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/calcChain.xml"}


_MERGE = re.compile(rb'<mergeCell ref="([A-Za-z]{1,4})(\d{1,8}):([A-Za-z]{1,4})(\d{1,8})"')


def _merged_cells(xml: bytes) -> int:
    return sum((abs(_column(c2) - _column(c1)) + 1) * (abs(int(r2) - int(r1)) + 1)
               for c1, r1, c2, r2 in _MERGE.findall(xml))


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _positions_hidden(xml: bytes) -> bool:
    """Whether a sheet may place a cell far away where _FAR cannot see it: r written otherwise than
    r="…" (calamine reads every form XML allows), or cells without r, which calamine places by
    counting, so many rows of cells could span a grid as wide as the widest row and as tall as all."""
    if any(mark in xml for mark in _UNUSUAL):
        return True
    return (xml.count(b"<row") + 1) * (xml.count(b"<c ") + xml.count(b"<c>")) > MAX_AREA


def _position(attributes: bytes) -> tuple[bytes, bytes]:
    """(column letters, row digits) of a tag's r, b"" for each part it does not give."""
    ref = _REF.search(attributes)
    if ref is None:
        return b"", b""
    value = ref.group(1) if ref.group(1) is not None else ref.group(2)
    if b"&" in value:  # &#65;1 is A1 to an XML parser (html: only for such a crafted sheet)
        from html import unescape

        value = unescape(value.decode("latin-1")).encode("latin-1", "replace")
    m = _CELL_REF.fullmatch(value.strip())
    return (m.group(1), m.group(2)) if m else (b"", b"")


def _check_area(path: Path, xml: bytes) -> None:
    """The grid calamine would allocate: from A1 to the farthest cell that holds a value."""
    row = col = top = right = 0
    for m in _TAG.finditer(xml):
        letters, digits = _position(m.group(2))
        if m.group(1) == b"row":
            row, col = (int(digits) if digits and len(digits) < 12 else row + 1), 0
            continue
        col = _column(letters) if letters and len(letters) < 5 else col + 1
        if digits:
            row = int(digits) if len(digits) < 12 else EXCEL_ROWS + 1
        if row > EXCEL_ROWS or col > EXCEL_COLS:
            raise InputError(msg("beyond_excel", path=str(path), row=row, col=col))
        if m.group(2).endswith(b"/") or _END_C.match(xml, m.end()):
            continue  # an empty cell (formatting only): calamine leaves it out of the grid
        top, right = max(top, row), max(right, col)
        if top * right > MAX_AREA:
            raise InputError(msg("too_wide", path=str(path), row=top, col=right, n=top * right))


def _check_text(path: Path, sst: bytes, sheets) -> None:
    """Characters the shared strings expand to, cell by cell."""
    from xml.etree.ElementTree import XMLPullParser  # only for books this large: not loaded for the others

    lengths: list[int] = []
    parser = XMLPullParser(events=("end",))
    for start in range(0, len(sst), 1 << 20):
        parser.feed(sst[start:start + (1 << 20)])
        for _, el in parser.read_events():
            if el.tag.endswith("}si") or el.tag == "si":
                lengths.append(sum(len(t) for t in el.itertext()))
                el.clear()
    total = 0
    for xml in sheets:
        for m in _TAG.finditer(xml):
            if m.group(1) == b"c" and b't="s"' in m.group(2):
                v = _VALUE.match(xml, m.end())
                if v and int(v.group(1)) < len(lengths):
                    total += lengths[int(v.group(1))]
        if total > MAX_TEXT:
            raise InputError(msg("too_much_text", path=str(path), n=total // 1_000_000))
