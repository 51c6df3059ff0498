"""The structure of an .xlsx package, read in time linear in its size however it was crafted:
the small parts (workbook, its relationships) go through expat with DTDs refused."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

RELS = "xl/_rels/workbook.xml.rels"


class StopParse(Exception):
    """Ends a parse: a DTD (OOXML parts have none; only its entities can make expat slow or deep),
    or the handlers have what they need."""


def _refuse(*_args) -> None:
    raise StopParse


def parse_part(xml: bytes, start: Callable, end: Callable | None = None,
               text: Callable | None = None) -> None:
    """Run a small part through expat: start(qualified name, attributes), end(qualified name),
    text(str); a handler raises StopParse to end early. A part that is not well-formed XML gives the
    elements before the fault."""
    from xml.parsers import expat  # loaded on the first small part read, not with every command

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.buffer_text = True
        parser.CharacterDataHandler = text
    try:
        parser.Parse(xml, True)  # one call: expat re-scans a token split across calls
    except (expat.ExpatError, StopParse):
        pass


def local_name(qname: str) -> str:
    """x:sheet → sheet: some writers prefix the main namespace."""
    return qname.rpartition(":")[2] if ":" in qname else qname


def small_int(digits: str | bytes | None) -> int | None:
    """A count or index written in ASCII digits; None for anything else (or absurdly long)."""
    if digits and len(digits) <= 9 and digits.isdigit() and digits.isascii():
        return int(digits)
    return None


@dataclass
class WorkbookXml:
    """What xl/workbook.xml says, read once."""

    sheets: list[tuple[str, str]] = field(default_factory=list)       # (name, relationship id)
    names: list[tuple[str, str | None, str]] = field(default_factory=list)  # (name, localSheetId, text)
    manual_calc: bool = False


def read_workbook_xml(book: bytes) -> WorkbookXml:
    """The sheets, defined names and calculation mode xl/workbook.xml lists."""
    out = WorkbookXml()
    path: list[str] = []       # local names of the open elements
    text: list[str] = []       # the definedName being read

    def start(qname: str, attrs: dict[str, str]) -> None:
        tag = local_name(qname)
        parent = path[-1] if path else ""
        path.append(tag)
        if tag == "sheet" and parent == "sheets":
            # r:id is the relationships namespace's "id", whatever prefix the writer bound to it
            rid = next((v for k, v in attrs.items() if ":" in k and local_name(k) == "id"), "")
            out.sheets.append((attrs.get("name", ""), rid))
        elif tag == "definedName" and parent == "definedNames":
            text.clear()
            out.names.append((attrs.get("name", ""), attrs.get("localSheetId"), ""))
        elif tag == "calcPr" and attrs.get("calcMode") == "manual":
            out.manual_calc = True

    def end(qname: str) -> None:
        tag = path.pop()
        if tag == "definedName" and path and path[-1] == "definedNames":
            out.names[-1] = out.names[-1][:2] + ("".join(text),)

    def chars(data: str) -> None:
        if path and path[-1] == "definedName":
            text.append(data)

    parse_part(book, start, end, chars)
    return out


def relationships(rels: bytes) -> dict[str, str]:
    """Relationship id -> target, in either order of the attributes."""
    out = {}

    def start(qname: str, attrs: dict[str, str]) -> None:
        if local_name(qname) == "Relationship" and "Id" in attrs and "Target" in attrs:
            out[attrs["Id"]] = attrs["Target"]

    parse_part(rels, start)
    return out


def sheet_parts(zf: zipfile.ZipFile, book: WorkbookXml | bytes | None = None) -> list[tuple[str, str]]:
    """(sheet name, its part in the package) in workbook order; the part is "" without a relationship.

    book: xl/workbook.xml (its bytes, or as read) when the caller has it already."""
    rels = relationships(zf.read(RELS)) if RELS in set(zf.namelist()) else {}
    if not isinstance(book, WorkbookXml):
        book = read_workbook_xml(book if book is not None else zf.read("xl/workbook.xml"))
    out = []
    for name, rid in book.sheets:
        target = rels.get(rid, "")
        part = "" if not target else target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        out.append((name, part))
    return out
