"""What openpyxl cannot write, written into a saved package: formula results (<v>) and rows of automatic height."""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

from .evaluate import MAX_FORMULAS, compute_formulas, evaluate
from .ooxml import sheet_parts

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_C, _F, _V, _ROW = f"{{{MAIN}}}c", f"{{{MAIN}}}f", f"{{{MAIN}}}v", f"{{{MAIN}}}row"
_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
# The links perfxl writes (xlsxio.hyperlink): the `formulas` library has no HYPERLINK; it shows its text.
_HYPERLINK = re.compile(r'^=?HYPERLINK\("(?:[^"]|"")*",\s*"((?:[^"]|"")*)"\)$', re.IGNORECASE)

Raw = tuple[str | None, str]  # a cell's t attribute and the text of its <v>


def _parse(xml: bytes):
    """A part of a package perfxl wrote or openpyxl read: lxml, entities unresolved. lxml is imported
    here, not above: the xlwings Lite kit ships this module (reader.sources computes with it) without lxml."""
    from lxml import etree

    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))


def raw_value(value) -> Raw | None:
    """A computed value as a formula cell saves it: t="str" text, t="b" 1/0, t="e" an error, a number."""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, int):
        return None, str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "e", "#NUM!"
        return None, str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value)
    if text in _ERRORS:  # the library's XlError prints as Excel shows it
        return "e", text
    return "str", text


def _sheets(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> its sheet's name in upper case."""
    return {part: name.upper() for name, part in sheet_parts(zf) if part}


def _formula_cells(root) -> list:
    return [c for c in root.iter(_C) if c.find(_F) is not None]


def _row_number(row) -> int:
    r = row.get("r", "")
    return int(r) if r.isdigit() else 0


def saved_state(path: Path) -> tuple[dict[tuple[str, str], Raw], dict[str, set[int]]]:
    """What a workbook was saved with and openpyxl does not keep: the results of its formula cells
    that have one (as written), and its rows of automatic height (a height without customHeight)."""
    values, auto = {}, {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for part, sheet in _sheets(zf).items():
            if part not in names:
                continue
            root = _parse(zf.read(part))
            for c in _formula_cells(root):
                v = c.find(_V)
                t = c.get("t")
                if v is not None and (v.text or t in ("str", "inlineStr")):
                    values[(sheet, c.get("r", ""))] = (t, v.text or "")
            auto[sheet] = {_row_number(row) for row in root.iter(_ROW)
                           if row.get("ht") and row.get("customHeight") not in ("1", "true")}
    return values, auto


def _put(cell, raw: Raw) -> None:
    t, text = raw
    for v in cell.findall(_V):
        cell.remove(v)
    if t is None:
        cell.attrib.pop("t", None)
    else:
        cell.set("t", t)
    v = cell.makeelement(_V, {})
    v.text = text
    cell.find(_F).addnext(v)  # CT_Cell: f, v, is, extLst


def _results(path: Path, cells: dict, known: dict, computed: dict) -> int:
    """Put a result into each formula cell: the known one, a link's text, or the computed one (from
    the file when the workbook in memory left some out)."""
    missing = [k for k, c in cells.items() if k not in known and k not in computed
               and not _HYPERLINK.match(c.find(_F).text or "")]
    if missing and len(cells) <= MAX_FORMULAS:
        try:
            computed = {**compute_formulas(path), **computed}
        except Exception:  # a formula the library cannot read: those results stay to the spreadsheet
            pass
    done = 0
    for key, cell in cells.items():
        link = _HYPERLINK.match(cell.find(_F).text or "")
        if key in known:
            raw = known[key]
        elif link:
            raw = ("str", link.group(1).replace('""', '"'))
        elif key in computed:
            raw = raw_value(computed[key])
        else:
            continue
        _put(cell, raw)
        done += 1
    return done


def finish(path: Path, known: dict[tuple[str, str], Raw] | None = None,
           auto_rows: dict[str, set[int]] | None = None, computed: dict | None = None) -> int:
    """Write into the package at path, in place (the temporary file of an atomic write), what
    openpyxl cannot: a result with every formula (known: results to keep, as a copy's source saved
    them; the rest computed), and rows of automatic height (auto_rows, by sheet name: their height
    stays, without customHeight, so a spreadsheet grows them as text is typed in). Returns how many
    formula cells got a result."""
    known = known or {}
    auto = {sheet.upper(): rows for sheet, rows in (auto_rows or {}).items() if rows}
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        data = {i.filename: zf.read(i) for i in infos}
        sheets = _sheets(zf)
    trees = {}
    for part in sheets:
        try:
            trees[part] = _parse(data[part])
        except Exception:  # a part lxml refuses (openpyxl read it) is left as openpyxl wrote it
            continue
    cells = {(sheets[part], c.get("r", "")): c for part, root in trees.items() for c in _formula_cells(root)}
    if not cells and not auto:
        return 0
    done = _results(path, cells, known, computed or {}) if cells else 0
    for part, root in trees.items():
        rows = auto.get(sheets[part], ())
        for row in root.iter(_ROW) if rows else ():
            if _row_number(row) in rows:
                row.attrib.pop("customHeight", None)
    from lxml import etree

    for part, root in trees.items():
        data[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            out.writestr(info, data[info.filename], compress_type=info.compress_type)
    Path(path).write_bytes(buf.getvalue())
    return done


def saved_or_nothing(path: Path) -> tuple[dict, dict]:
    """saved_state, or nothing where a part cannot be parsed (openpyxl read the file already: only
    what it saved beyond openpyxl is lost)."""
    try:
        return saved_state(path)
    except Exception:
        return {}, {}


def _formula_keys(wb) -> list[tuple[str, str]]:
    return [(ws.title.upper(), c.coordinate) for ws in wb.worksheets for c in ws._cells.values()
            if c.data_type == "f"]


def saving(wb, known: dict[tuple[str, str], Raw] | None = None, auto_rows: dict[str, set[int]] | None = None):
    """A writer for atomic.write_atomic: save wb with openpyxl, then finish the package."""

    def write(tmp: Path) -> None:
        keys = _formula_keys(wb)
        missing = any(k not in (known or {}) for k in keys)
        computed = evaluate(wb) if missing and len(keys) <= MAX_FORMULAS else {}
        wb.save(tmp)
        finish(tmp, known, auto_rows, computed)

    return write
