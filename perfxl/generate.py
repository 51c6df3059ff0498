"""`perfxl new`: forms from a roster (one workbook per unit) or a blank form of a kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .atomic import check_writable, write_atomic
from .errors import InputError
from .i18n import msg
from .plan import FormRequest
from .roster import read_roster
from .template.fill import Master, render_workbook
from .template.masters import default_master
from .vocabulary import KINDS

_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')


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


def workbook_name(group: str, requests: list[FormRequest]) -> str:
    """File name of a unit's workbook, e.g. 金寨县医疗保障局2022年度绩效自评表.xlsx."""
    years = sorted({r.year for r in requests if r.year})
    year = f"{years[0]}年度" if len(years) == 1 else ""
    return f"{_BAD_FILE_CHARS.sub('_', group).strip('_') or '未命名单位'}{year}绩效自评表.xlsx"


def generate(roster: Path, outdir: Path, force: bool = False, templates: list[Path] = (),
             indicators: Path | None = None) -> Generated:
    """Validate the roster fully, then write one workbook per unit; nothing is written on error."""
    roster = Path(roster)
    if not roster.exists():
        raise InputError(msg("file_missing", path=str(roster)))
    requests = read_roster(roster, indicators)
    masters = Masters(list(templates))
    groups: dict[str, list[FormRequest]] = {}
    for req in requests:
        groups.setdefault(req.group, []).append(req)
    plan = [(Path(outdir) / workbook_name(g, reqs), reqs) for g, reqs in groups.items()]
    inputs = (roster, *(templates or ()), *([indicators] if indicators else []))
    for path, _ in plan:  # refuse before writing anything, so a run never half-happens
        check_writable(path, force, inputs)
    result = Generated()
    for path, reqs in plan:
        wb = render_workbook(masters, reqs)
        write_atomic(path, wb.save)
        result.files.append(path)
        result.forms += len(reqs)
    return result


def generate_blank(kind: str, out: Path, force: bool = False, templates: list[Path] = (),
                   year: int | None = None) -> Path:
    """Write an empty form of a kind."""
    if kind not in KINDS:
        raise InputError(msg("unknown_kind", value=kind))
    out = Path(out)
    check_writable(out, force, tuple(templates))
    wb = render_workbook(Masters(list(templates)), [FormRequest(kind, year=year)],
                         sheet_titles=["自评表"])
    write_atomic(out, wb.save)
    return out
