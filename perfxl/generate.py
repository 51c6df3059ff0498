"""`perfxl new`: forms from a roster (one workbook per unit) or a blank form of a kind."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .atomic import check_writable, output_file, output_folder, preflight, write_atomic
from .errors import InputError
from .finish import saving
from .i18n import msg
from .plan import FormRequest
from .roster import read_roster
from .template.fill import Master, render_workbook, typed_rows
from .template.masters import default_master
from .vocabulary import KINDS

# Path separators and what Windows refuses in a name; white space too, so names need no quoting.
_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')
# Windows device names: "CON.2022…xlsx" opens the console, whatever follows the first dot.
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])", re.IGNORECASE)
# ext4 and APFS take 255 bytes of UTF-8 per name (NTFS 255 UTF-16 units, never more than the bytes).
# 180 leaves room for a temporary name built from it (atomic.py) and keeps a Windows path in a usual
# folder under its 260 characters, while unit names of up to 50 汉字 stay whole.
MAX_NAME_BYTES = 180


@dataclass
class Generated:
    """What a run wrote."""

    files: list[Path] = field(default_factory=list)
    forms: int = 0


@cache
def _default_master(kind: str) -> Master:
    return default_master(kind)


class Masters:
    """Masters by kind: the user's --template files first, perfxl's defaults otherwise."""

    def __init__(self, templates: list[Path] = ()):
        self.by_kind: dict[str, Master] = {}
        for path in templates:
            master = Master.load(path)
            self.by_kind[master.markers.kind] = master

    def __call__(self, kind: str) -> Master:
        return self.by_kind.get(kind) or _default_master(kind)


def _file_safe(group: str) -> str:
    """A unit name fit for one file-name component: no separators, controls or leading dots."""
    text = unicodedata.normalize("NFC", group)
    # Controls, format characters (a right-to-left override disguises ".exe") and separators.
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    # Leading dots hide the file (and "." / ".." name folders); trailing ones Windows drops.
    return _BAD_FILE_CHARS.sub("_", text).strip("._") or "未命名单位"


def _shortened(unit: str, room: int) -> str:
    """unit cut to room bytes of UTF-8, tagged with a hash of the whole so cut names stay distinct."""
    if len(unit.encode("utf-8")) <= room:
        return unit
    # Hash what the file system compares (case and Unicode form folded), as the roster's check does.
    folded = unicodedata.normalize("NFC", unit.casefold())
    tag = f"（{hashlib.sha256(folded.encode('utf-8')).hexdigest()[:8]}）"
    cut = unit.encode("utf-8")[: room - len(tag.encode("utf-8"))].decode("utf-8", "ignore")
    return cut.rstrip("._") + tag


def workbook_name(group: str, requests: list[FormRequest]) -> str:
    """File name of a unit's workbook, e.g. 金寨县医疗保障局2022年度绩效自评表.xlsx.

    Always one safe name inside the output folder, at most MAX_NAME_BYTES long: a long unit name
    is cut, with a hash of the whole; the form's cells keep the roster's names uncut.
    """
    years = sorted({r.year for r in requests if r.year})
    tail = f"{years[0]}年度绩效自评表.xlsx" if len(years) == 1 else "绩效自评表.xlsx"
    name = _shortened(_file_safe(group), MAX_NAME_BYTES - len(tail.encode("utf-8"))) + tail
    return "_" + name if _RESERVED.fullmatch(name.split(".")[0]) else name


def generate(roster: Path, outdir: Path, force: bool = False, templates: list[Path] = (),
             indicators: Path | None = None) -> Generated:
    """Validate the roster fully, then write one workbook per unit; nothing is written on error."""
    roster = Path(roster)
    if not roster.exists():
        raise InputError(msg("file_missing", path=str(roster)))
    outdir = output_folder(outdir)  # a folder: an existing file or a name like forms.xlsx is misuse
    requests = read_roster(roster, indicators, file_name=workbook_name)
    masters = Masters(list(templates))
    groups: dict[str, list[FormRequest]] = {}
    for req in requests:
        groups.setdefault(req.group, []).append(req)
    plan = [(Path(outdir) / workbook_name(g, reqs), reqs) for g, reqs in groups.items()]
    inputs = (roster, *(templates or ()), *([indicators] if indicators else []))
    for path, _ in plan:  # refuse before writing anything, so a run never half-happens
        check_writable(path, force, inputs)
    if plan:  # the folder takes files and has room for them (about 60 KB a workbook)
        preflight(plan[0][0], need=(16 << 20) + (64 << 10) * len(plan))
    result = Generated()
    for path, reqs in plan:
        wb = render_workbook(masters, reqs)
        write_atomic(path, saving(wb, auto_rows=typed_rows(wb)))
        result.files.append(path)
        result.forms += len(reqs)
    return result


def generate_blank(kind: str, out: Path, force: bool = False, templates: list[Path] = (),
                   year: int | None = None) -> Path:
    """Write an empty form of a kind."""
    if kind not in KINDS:
        raise InputError(msg("unknown_kind", value=kind))
    out = output_file(out)  # a .xlsx name, not a folder (-o out/ once wrote a file named out)
    check_writable(out, force, tuple(templates))
    preflight(out)
    wb = render_workbook(Masters(list(templates)), [FormRequest(kind, year=year)],
                         sheet_titles=["自评表"])
    write_atomic(out, saving(wb, auto_rows=typed_rows(wb)))
    return out
