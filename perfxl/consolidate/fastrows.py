"""Stream plain-value rows into sheets of a saved .xlsx: openpyxl lays out and styles the sheet,
this writes the bulk of its rows (openpyxl spends ~7 µs a cell; the long tables have ~500k)."""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..lint.formats import _REL, _REL_REV, _SHEET, _unescape

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0 text
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    # An inline string is text whatever it starts with: "=…" from a form never becomes a formula.
    text = _ILLEGAL.sub("", str(value)).translate(_ESCAPE)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _write_rows(out, rows: Iterable[tuple], first_row: int, width: int, batch: int = 2000) -> None:
    """Write rows to a stream in batches, so memory does not grow with the table."""
    letters = [get_column_letter(i) for i in range(1, width + 1)]
    parts = []
    for r, values in enumerate(rows, start=first_row):
        cells = "".join(_cell(f"{letters[i]}{r}", v) for i, v in enumerate(values))
        parts.append(f'<row r="{r}">{cells}</row>')
        if len(parts) >= batch:
            out.write("".join(parts).encode("utf-8"))
            parts.clear()
    out.write("".join(parts).encode("utf-8"))


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    rels_raw = zf.read("xl/_rels/workbook.xml.rels")
    rels = dict(_REL.findall(rels_raw)) or {i: t for t, i in _REL_REV.findall(rels_raw)}
    out = {}
    for name, rid in _SHEET.findall(zf.read("xl/workbook.xml")):
        target = rels[rid].decode()
        out[_unescape(name)] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def append_rows(path: Path, sheets: dict[str, tuple[Iterable[tuple], int, int]]) -> None:
    """Append rows (name -> (rows, count, width)) after each sheet's existing rows (its header)."""
    tmp = path.with_name(path.name + ".rows")
    try:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            parts = _sheet_parts(src)
            wanted = {parts[name]: spec for name, spec in sheets.items()}
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename not in wanted:
                    dst.writestr(item, data)
                    continue
                rows, count, width = wanted[item.filename]
                existing = data.count(b"<row ")
                ref = f"A1:{get_column_letter(width)}{existing + count}".encode()
                data = _DIMENSION.sub(b'<dimension ref="' + ref + b'"/>', data, count=1)
                head, _, tail = data.partition(b"</sheetData>")
                with dst.open(item.filename, "w", force_zip64=True) as out:
                    out.write(head)
                    _write_rows(out, rows, existing + 1, width)
                    out.write(b"</sheetData>" + tail)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
