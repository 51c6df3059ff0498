"""What only the whole roll-up can tell: a form received twice (PX501: the later 填报日期 counts,
else the later file), forms of several years (PX502), and which forms the summary counts (--year)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from ..findings import Finding
from ..forms.facts import name_key
from .columns import SUMMARY_COLUMNS

_KEY = {c.key: i for i, c in enumerate(SUMMARY_COLUMNS)}


@dataclass
class Settled:
    """The roll-up's own findings, as (file, finding), and the forms it leaves out, by file."""

    findings: list[tuple[str, Finding]] = field(default_factory=list)
    dropped: dict[int, set[int]] = field(default_factory=dict)   # collected index -> record indexes
    other_years: int = 0                                         # forms left out by --year
    no_year: int = 0                                             # … of them, those that state no year


class Copy(NamedTuple):
    """One file's copy of a form: what decides which copy counts, and where its record is."""

    filed: date | None       # the form's 填报日期
    mtime: float             # the file's modification time
    file: str
    ci: int                  # index in collected
    ri: int                  # index of its record


def settle(collected: list, year: int | None = None) -> Settled:
    """Decide what the summary counts. collected: the workers' Collected, in file order; the kept
    copy of a form received twice gets a warning added to its 汇总 record."""
    out = Settled()
    forms: dict[tuple, list[tuple]] = {}
    other_years: set[tuple] = set()   # forms, however many copies of each came
    counted_years: set[int] = set()
    for ci, c in enumerate(collected):
        mtime = _mtime(c.result.path)
        dates = getattr(c, "dates", None) or [None] * len(c.records)
        for ri, rec in enumerate(c.records):
            # the project with its budget code: two of one name and other codes are two projects
            key = (name_key(rec[_KEY["unit"]]), name_key(rec[_KEY["project"]], True), rec[_KEY["year"]])
            if year is not None and rec[_KEY["year"]] != year:
                out.dropped.setdefault(ci, set()).add(ri)
                other_years.add(key if key[1] else (*key, ci, ri))   # a nameless form is its own
                continue
            if key[2] is not None:
                counted_years.add(key[2])
            # a form without its 项目名称 (PX301) cannot be told apart from another file's: it is
            # compared with its own workbook's alone (a sheet copied whole counts once)
            forms.setdefault(key if key[1] else (*key, ci), []).append(Copy(dates[ri], mtime, c.parts.file, ci, ri))
    out.other_years = len(other_years)
    out.no_year = sum(k[2] is None for k in other_years)
    for copies in forms.values():
        if len(copies) > 1:
            _once(collected, copies, out)
    years = sorted(counted_years)
    if len(years) > 1:
        shown = "、".join(map(str, years))
        out.findings.append(("", Finding("PX502", "warning", None, None, {"years": shown})))
    return out


def _by_date(copies: list[Copy]) -> bool:
    """The 填报日期 decide when every copy states one and the latest is one copy's alone; else
    (a copy without a date, or a corrected file that kept its date) the modification time does."""
    dates = sorted((c.filed for c in copies), key=lambda d: (d is not None, d or date.min))
    return dates[0] is not None and dates[-1] != dates[-2]


def _once(collected: list, copies: list[Copy], out: Settled) -> None:
    """Count the latest file's copies of a form; every copy gets a PX501 saying which file counted
    and by what. In one workbook, a form repeated with the same figures (a sheet copied as a backup)
    counts once; two of one name with other figures are two forms (a name not changed), both count."""
    by_file: dict[int, list[Copy]] = {}
    for c in copies:
        by_file.setdefault(c.ci, []).append(c)
    for ci, own in by_file.items():
        by_file[ci] = _repeats_left_out(collected, own, out)
    if len(by_file) < 2:
        return
    # each file by its latest 填报日期 (a missing one counts as unknown, as for a single copy)
    heads = [max(cs, key=lambda c: (c.filed is not None, c.filed or date.min)) for cs in by_file.values()]
    by_date = _by_date(heads)
    *earlier_files, kept = sorted(heads, key=lambda c: (c.filed, c.mtime, c.file) if by_date else (c.mtime, c.file))
    params = _params(collected[kept.ci].records[kept.ri])
    others = "、".join(c.file for c in earlier_files)
    if by_date:
        shown = f"{kept.filed:%Y-%m-%d}"
        why = (f"计入汇总的是本文件（按填报日期，{shown} 最晚）；未计入：{others}",
               f"this file counts (by 填报日期, {shown} the latest); not counted: {others}")
    else:
        why = (f"计入汇总的是本文件（修改时间最晚）；未计入：{others}",
               f"this file counts (modified last); not counted: {others}")
    warnings = _KEY["warnings"]
    for c in by_file[kept.ci]:
        rec = collected[c.ci].records[c.ri]
        out.findings.append((c.file, _finding(rec, params, *why)))
        collected[c.ci].records[c.ri] = rec[:warnings] + (rec[warnings] + 1,) + rec[warnings + 1:]
        _changed(collected[c.ci].parts, c.ri)
    for head in earlier_files:
        if by_date:
            why = (f"本文件未计入汇总（填报日期 {head.filed:%Y-%m-%d}），按填报日期计入的是较晚的 {kept.file}",
                   f"this file is not counted (填报日期 {head.filed:%Y-%m-%d}); by 填报日期 {kept.file} is, "
                   "filled in later")
        else:
            why = (f"本文件未计入汇总，计入的是修改时间较晚的 {kept.file}",
                   f"this file is not counted; {kept.file} (modified later) is")
        for c in by_file[head.ci]:
            out.dropped.setdefault(c.ci, set()).add(c.ri)
            out.findings.append((c.file, _finding(collected[c.ci].records[c.ri], params, *why)))


_FIGURES = tuple(_KEY[k] for k in ("kind", "budget", "spent", "rate", "fund_score", "output", "benefit",
                                     "satisfaction", "total", "grade", "attained"))


def _repeats_left_out(collected: list, own: list[Copy], out: Settled) -> list[Copy]:
    """One workbook's forms of one name without those that repeat an earlier one's figures, each
    of those left out with a PX501 naming the sheet it repeats."""
    first: dict[tuple, Copy] = {}   # figures -> the form that first showed them
    for c in own:
        rec = collected[c.ci].records[c.ri]
        seen = first.setdefault(tuple(rec[i] for i in _FIGURES), c)
        if seen is c:
            continue
        out.dropped.setdefault(c.ci, set()).add(c.ri)
        sheet = collected[seen.ci].records[seen.ri][_KEY["sheet"]]
        out.findings.append((c.file, _finding(rec, _params(rec), f"与本工作簿中工作表“{sheet}”的表相同，未重复计入",
                                              f"the same as the form on sheet '{sheet}' of this workbook; "
                                              "not counted twice")))
    return list(first.values())


def _params(rec: tuple) -> dict:
    """What PX501's message names of a form: its unit, project and year."""
    return {"unit": rec[_KEY["unit"]], "project": rec[_KEY["project"]], "year": rec[_KEY["year"]] or "？"}


def _changed(parts, ri: int) -> None:
    """The worker's rendering of the record is out of date: the writer renders it anew."""
    parts.changed = (parts.changed or set()) | {ri}


def _finding(rec: tuple, params: dict, why: str, why_en: str) -> Finding:
    return Finding("PX501", "warning", rec[_KEY["sheet"]], None, {**params, "why": why, "why_en": why_en})


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except (OSError, ValueError):
        return 0.0
