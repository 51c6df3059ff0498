"""Stream pre-rendered rows into sheets of a saved .xlsx: openpyxl lays out and styles each sheet,
this splices in the bulk of its rows (openpyxl spends ~7 µs a cell; a city has ~500k)."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..ooxml import sheet_parts

# Stops at the tag's end: no attempt runs on into the rest of the sheet.
_DIMENSION = re.compile(rb'<dimension ref="[^"<>]*+"\s*+/>')
# Level 1: the long tables are repetitive XML, which deflates nearly as small at a third of the time.
LEVEL = 1


def append_rows(path: Path, sheets: dict[str, tuple[Iterable[bytes], int, int]]) -> None:
    """Append rows (name -> (chunks of <row> elements, row count, width)) after each sheet's
    existing rows (its header); the chunks are streamed, never held together."""
    tmp = path.with_name(path.name + ".rows")
    try:
        with zipfile.ZipFile(path) as src, \
                zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as dst:
            parts = dict(sheet_parts(src))
            wanted = {parts[name]: spec for name, spec in sheets.items()}
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename not in wanted:
                    dst.writestr(item, data)
                    continue
                chunks, count, width = wanted[item.filename]
                existing = data.count(b"<row ")
                ref = f"A1:{get_column_letter(width)}{existing + count}".encode()
                data = _DIMENSION.sub(b'<dimension ref="' + ref + b'"/>', data, count=1)
                head, _, tail = data.partition(b"</sheetData>")
                with dst.open(item.filename, "w", force_zip64=True) as out:
                    out.write(head)
                    batch: list[bytes] = []
                    for chunk in chunks:
                        batch.append(chunk)
                        if len(batch) >= 256:  # fewer, larger writes into the compressor
                            out.write(b"".join(batch))
                            batch.clear()
                    out.write(b"".join(batch) + b"</sheetData>" + tail)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
