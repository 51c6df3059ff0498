"""What perfxl's own forms need from the .xlsx package beyond values: defined names, formulas,
whether each formula kept its result, and the calculation mode — read from the XML directly,
so a form of ours costs a parse of workbook.xml and a scan of its sheets instead of two openpyxl loads."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..ooxml import read_workbook_xml, sheet_parts, small_int
from .formats import CELL_TAG, _unescape, tag_attrs

# Like formats.CELL_TAG, each pattern stops at the next "<": a tag is scanned a bounded number of times.
_F_TAG = re.compile(rb"<(?:[^\s<>/:]++:)?f(?=[\s/>])([^<>]*+)(>?)")
_F_END = re.compile(rb"</(?:[^\s<>/:]++:)?f\s*+>")
_V_TAG = re.compile(rb"\s*+<(?:[^\s<>/:]++:)?v(?=[\s/>])([^<>]*+)(>?)")
_V_END = re.compile(rb"</(?:[^\s<>/:]++:)?v\s*+>")
_STRING_TYPES = (b"str", b"s", b"inlineStr")


@dataclass
class SheetFormulas:
    """Formula text (with "=") and whether a result was saved, by cell."""

    text: dict[str, str | None] = field(default_factory=dict)
    cached: dict[str, bool] = field(default_factory=dict)


@dataclass
class Package:
    names: dict[str, dict[str, str]]        # sheet -> {defined name: reference or constant}
    formulas: dict[str, SheetFormulas]      # sheet -> its formulas
    manual_calc: bool                       # Excel's calculation set to manual: results may lag


def _element_text(xml: bytes, tag: re.Match, end: re.Pattern) -> tuple[bytes | None, int]:
    """Text of an element whose start tag matched (None when it is empty or broken), and where it ends.

    Its text runs to the next "<" (text has none), which must be its end tag."""
    if not tag.group(2) or tag.group(1).endswith(b"/"):
        return None, tag.end()
    stop = xml.find(b"<", tag.end())
    closing = end.match(xml, stop) if stop >= 0 else None
    return (xml[tag.end():stop], closing.end()) if closing else (None, tag.end())


def _formulas(xml: bytes) -> SheetFormulas:
    """Each formula with the cell around it: <f> is a cell's first child, <v> comes right after it."""
    out = SheetFormulas()
    if b"<f" not in xml and b":f" not in xml:
        return out
    searched = 0
    for f in _F_TAG.finditer(xml):
        # the cell's start tag is the tag before <f>; never look back past the previous formula
        start = xml.rfind(b"<", searched, f.start())
        searched = f.end()
        cell = CELL_TAG.match(xml, start) if start >= 0 else None
        if not cell or cell.group(1).endswith(b"/") or xml[cell.end():f.start()].strip() != b">":
            continue
        attrs = tag_attrs(cell.group(1))
        ref = attrs.get(b"r", b"").decode("utf-8", "replace")
        text, after = _element_text(xml, f, _F_END)
        out.text[ref] = "=" + _unescape(text) if text else None  # None: a shared formula's copy
        v = _V_TAG.match(xml, after)
        value = _element_text(xml, v, _V_END)[0] if v else None
        out.cached[ref] = value is not None and bool(value or attrs.get(b"t") in _STRING_TYPES)
    return out


def read_package(path: Path) -> Package:
    with zipfile.ZipFile(path) as zf:
        names_in_zip = set(zf.namelist())
        book = read_workbook_xml(zf.read("xl/workbook.xml"))
        sheets = sheet_parts(zf, book)
        names: dict[str, dict[str, str]] = {}
        for name, local, text in book.names:
            index = small_int(local)
            if index is None or index >= len(sheets):
                continue
            names.setdefault(sheets[index][0], {})[name] = text
        formulas = {}
        for sheet, part in sheets:
            if sheet not in names:
                continue  # only sheets with perfxl's names are ours to check
            if part in names_in_zip:
                formulas[sheet] = _formulas(zf.read(part))
        return Package(names, formulas, book.manual_calc)


def formula_counts(path) -> tuple[int, int]:
    """(formulas, formulas saved without their result) over every sheet; (0, 0) when unreadable.
    calamine reads a formula without its result as empty."""
    total = uncached = 0
    try:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    cached = _formulas(zf.read(name)).cached.values()
                    total += len(cached)
                    uncached += sum(not c for c in cached)
    except (zipfile.BadZipFile, OSError, KeyError):
        return 0, 0
    return total, uncached


def has_uncached_formulas(path) -> bool:
    """Whether any formula was saved without its result."""
    return formula_counts(path)[1] > 0
