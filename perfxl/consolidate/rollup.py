"""What only the whole roll-up can tell: a form received twice (PX501: the later 填报日期 counts,
else the later file), forms of several years (PX502), and which forms the summary counts (--year)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..findings import Finding
from .columns import SUMMARY_COLUMNS
from .store import Copy

_KEY = {c.key: i for i, c in enumerate(SUMMARY_COLUMNS)}


@dataclass
class Settled:
    """The roll-up's own findings, as (file, finding); the forms it leaves out are marked in the store."""

    findings: list[tuple[str, Finding]] = field(default_factory=list)
    other_years: int = 0                                         # forms left out by --year
    no_year: int = 0                                             # … of them, those that state no year


def settle(store, year: int | None = None) -> Settled:
    """Decide what the summary counts, over the run's forms in the store (store.py): those of other
    years and the earlier copies of a form received twice are left out there; the kept copy gets a
    warning added to its 汇总 record."""
    out = Settled()
    if year is not None:
        out.other_years, out.no_year = store.leave_out_years(year)
    years = store.years()
    store.year_for_no_year()
    for copies in store.repeated():
        _once(store, copies, out)
    if len(years) > 1:
        shown = "、".join(map(str, years))
        out.findings.append(("", Finding("PX502", "warning", None, None, {"years": shown})))
    return out


def _by_date(copies: list[Copy]) -> bool:
    """The 填报日期 decide when every copy states one and the latest is one copy's alone; else
    (a copy without a date, or a corrected file that kept its date) the modification time does."""
    dates = sorted((c.filed for c in copies), key=lambda d: (d is not None, d or date.min))
    return dates[0] is not None and dates[-1] != dates[-2]


def _once(store, copies: list[Copy], out: Settled) -> None:
    """Count the latest file's copies of a form; every copy gets a PX501 saying which file counted
    and by what. In one workbook, a form repeated with the same figures (a sheet copied as a backup)
    counts once; two of one name with other figures are two forms (a name not changed), both count."""
    by_file: dict[int, list[Copy]] = {}
    for c in copies:
        by_file.setdefault(c.ci, []).append(c)
    for ci, own in by_file.items():
        by_file[ci] = _repeats_left_out(store, own, out)
    if len(by_file) < 2:
        return
    # each file by its latest 填报日期 (a missing one counts as unknown, as for a single copy)
    heads = [max(cs, key=lambda c: (c.filed is not None, c.filed or date.min)) for cs in by_file.values()]
    by_date = _by_date(heads)
    *earlier_files, kept = sorted(heads, key=lambda c: (c.filed, c.mtime, c.file) if by_date else (c.mtime, c.file))
    # the year the copies state (one may state none: it is a copy of the form of that year)
    params = _params(kept.rec, next((c.rec[_KEY["year"]] for c in copies if c.rec[_KEY["year"]]), None))
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
        out.findings.append((c.file, _finding(c.rec, params, *why)))
        store.replace(c.ci, c.ri, c.rec[:warnings] + (c.rec[warnings] + 1,) + c.rec[warnings + 1:])
    for head in earlier_files:
        if by_date:
            why = (f"本文件未计入汇总（填报日期 {head.filed:%Y-%m-%d}），按填报日期计入的是较晚的 {kept.file}",
                   f"this file is not counted (填报日期 {head.filed:%Y-%m-%d}); by 填报日期 {kept.file} is, "
                   "filled in later")
        else:
            why = (f"本文件未计入汇总，计入的是修改时间较晚的 {kept.file}",
                   f"this file is not counted; {kept.file} (modified later) is")
        for c in by_file[head.ci]:
            store.drop(c.ci, c.ri)
            out.findings.append((c.file, _finding(c.rec, params, *why)))


_FIGURES = tuple(_KEY[k] for k in ("kind", "budget", "spent", "rate", "fund_score", "output", "benefit",
                                     "satisfaction", "total", "grade", "attained"))


def _repeats_left_out(store, own: list[Copy], out: Settled) -> list[Copy]:
    """One workbook's forms of one name without those that repeat an earlier one's figures, each
    of those left out with a PX501 naming the sheet it repeats."""
    first: dict[tuple, Copy] = {}   # figures -> the form that first showed them
    for c in own:
        seen = first.setdefault(tuple(c.rec[i] for i in _FIGURES), c)
        if seen is c:
            continue
        store.drop(c.ci, c.ri)
        sheet = seen.rec[_KEY["sheet"]]
        out.findings.append((c.file, _finding(c.rec, _params(c.rec), f"与本工作簿中工作表“{sheet}”的表相同，未重复计入",
                                              f"the same as the form on sheet '{sheet}' of this workbook; "
                                              "not counted twice")))
    return list(first.values())


def _params(rec: tuple, year: int | None = None) -> dict:
    """What PX501's message names of a form: its unit, project and year (its copies' where it states none)."""
    return {"unit": rec[_KEY["unit"]], "project": rec[_KEY["project"]], "year": rec[_KEY["year"]] or year or "？"}


def _finding(rec: tuple, params: dict, why: str, why_en: str) -> Finding:
    return Finding("PX501", "warning", rec[_KEY["sheet"]], None, {**params, "why": why, "why_en": why_en})
