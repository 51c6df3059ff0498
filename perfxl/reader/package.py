"""What perfxl's own forms need from the .xlsx package beyond values: defined names, formulas,
whether each formula kept its result, and the calculation mode — read from the XML directly,
so a form of ours costs a few regex scans instead of two openpyxl loads."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .formats import _unescape, sheet_parts

_NAME = re.compile(rb"<definedName\b([^>]*)>([^<]*)</definedName>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_F = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_V = re.compile(rb"<v>(.*?)</v>", re.S)
_MANUAL = re.compile(rb'<calcPr\b[^>]*calcMode="manual"')


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


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return dict(_ATTR.findall(raw))


def _formulas(xml: bytes) -> SheetFormulas:
    out = SheetFormulas()
    if b"<f" not in xml:
        return out
    for attrs, body in _CELL.findall(xml):
        if not body or b"<f" not in body:
            continue
        a = _attrs(attrs)
        ref = a.get(b"r", b"").decode()
        f = _F.search(body)
        text = f.group(1)
        out.text[ref] = "=" + _unescape(text) if text else None  # None: a shared formula's copy
        v = _V.search(body)
        out.cached[ref] = bool(v and (v.group(1) or a.get(b"t") in (b"str", b"s", b"inlineStr")))
    return out


def read_package(path: Path) -> Package:
    with zipfile.ZipFile(path) as zf:
        names_in_zip = set(zf.namelist())
        book = zf.read("xl/workbook.xml")
        sheets = sheet_parts(zf, book)
        names: dict[str, dict[str, str]] = {}
        for attrs, text in _NAME.findall(book):
            a = _attrs(attrs)
            local = a.get(b"localSheetId")
            if local is None or int(local) >= len(sheets):
                continue
            sheet = sheets[int(local)][0]
            names.setdefault(sheet, {})[_unescape(a.get(b"name", b""))] = _unescape(text)
        formulas = {}
        for sheet, part in sheets:
            if sheet not in names:
                continue  # only sheets with perfxl's names are ours to check
            if part in names_in_zip:
                formulas[sheet] = _formulas(zf.read(part))
        return Package(names, formulas, bool(_MANUAL.search(book)))


def has_uncached_formulas(path) -> bool:
    """Whether any formula was saved without its result (calamine then reads it as empty)."""
    try:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = zf.read(name)
                    if b"<f" in xml and not all(_formulas(xml).cached.values()):
                        return True
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    return False
