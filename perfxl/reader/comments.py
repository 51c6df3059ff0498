"""Cell comments of an .xlsx package (calamine gives none): each sheet's legacy comments part, read
through the sheet's relationships with the linear XML helpers, only when the package has one."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from .. import zipparts
from ..ooxml import local_name, parse_part, sheet_parts

COMMENTS_TYPE = "/comments"         # the relationship type's tail (transitional and strict alike)
MAX_PART = 16 * 1024 * 1024         # a comments part larger than this is not read (no suppression)
MAX_TEXT = 2_000                    # characters kept of one comment
MAX_COMMENTS = 10_000               # comments kept of one workbook


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _comment_targets(rels: bytes, part: str) -> list[str]:
    """The comments parts a sheet's relationships name, as package paths."""
    out: list[str] = []

    def start(qname: str, attrs: dict[str, str]) -> None:
        if (local_name(qname) == "Relationship" and attrs.get("Type", "").endswith(COMMENTS_TYPE)
                and attrs.get("Target") and attrs.get("TargetMode") != "External"):
            target = attrs["Target"]
            out.append(target.lstrip("/") if target.startswith("/")
                       else posixpath.normpath(posixpath.join(posixpath.dirname(part), target)))

    parse_part(rels, start)
    return out


def _comments(xml: bytes, found: dict, sheet: str) -> None:
    """ref -> text of every <comment> of one part, its runs' <t> joined."""
    state: dict = {"ref": None, "text": [], "in_t": False, "size": 0}

    def start(qname: str, attrs: dict[str, str]) -> None:
        tag = local_name(qname)
        if tag == "comment":
            state["ref"], state["text"], state["size"] = attrs.get("ref", "").upper(), [], 0
        elif tag == "t":
            state["in_t"] = True

    def end(qname: str) -> None:
        tag = local_name(qname)
        if tag == "t":
            state["in_t"] = False
        elif tag == "comment" and state["ref"] and len(found) < MAX_COMMENTS:
            found[(sheet, state["ref"])] = "".join(state["text"])[:MAX_TEXT]
            state["ref"] = None

    def text(data: str) -> None:
        if state["in_t"] and state["ref"] and state["size"] < MAX_TEXT:  # a running count: linear in the part
            state["text"].append(data)
            state["size"] += len(data)

    parse_part(xml, start, end, text)


def _is_comment_part(name: str) -> bool:
    return name.startswith("xl/") and "comment" in name.lower() and name.endswith(".xml")


def read_comments(path: Path, members: list | None = None) -> dict[tuple[str, str], str]:
    """(sheet name, A1) -> comment text; {} for a package without comments or one that cannot be read."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        listed = members  # the central directory alone says whether there are comments
        if listed is None:
            with open(path, "rb") as fh:
                listed = zipparts.members(fh)
        # every name in one string: a package without "comment" in any name (nearly all) is done
        # in one C-speed search, not a call per part
        if listed is not None and ("comment" not in "\n".join(m.name for m in listed).lower()
                                   or not any(_is_comment_part(m.name) for m in listed)):
            return {}
        with zipfile.ZipFile(path) as zf:
            infos = {i.filename: i for i in zf.infolist()}
            if not any(_is_comment_part(n) for n in infos):
                return {}
            found: dict = {}
            for sheet, part in sheet_parts(zf):
                rels = _rels_of(part) if part else ""
                if rels not in infos or infos[rels].file_size > MAX_PART:
                    continue
                for target in _comment_targets(zf.read(rels), part):
                    info = infos.get(target)
                    if info is not None and info.file_size <= MAX_PART:
                        _comments(zf.read(info), found, sheet)
            return found
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return {}
