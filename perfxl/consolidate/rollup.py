"""What only the whole roll-up can tell: a form received twice (PX501), forms of several years
(PX502), and which forms the summary counts (--year)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..findings import Finding
from ..xlsxio import clean_text
from .columns import SUMMARY_COLUMNS

_KEY = {c.key: i for i, c in enumerate(SUMMARY_COLUMNS)}
_SPACE = re.compile(r"\s+")


@dataclass
class Settled:
    """The roll-up's own findings, as (file, finding), and the forms it leaves out, by file."""

    findings: list[tuple[str, Finding]] = field(default_factory=list)
    dropped: dict[int, set[int]] = field(default_factory=dict)   # collected index -> record indexes
    other_years: int = 0                                         # forms left out by --year


def _same(text) -> str:
    """A name as compared: without spaces, and without characters a workbook cannot show."""
    return _SPACE.sub("", clean_text(str(text or "")))


def settle(collected: list, year: int | None = None) -> Settled:
    """Decide what the summary counts. collected: the workers' Collected, in file order; the kept
    copy of a form received twice gets a warning added to its 汇总 record."""
    out = Settled()
    forms: dict[tuple, list[tuple[float, str, int, int]]] = {}
    other_years: set[tuple] = set()
    for ci, c in enumerate(collected):
        mtime = _mtime(c.result.path)
        for ri, rec in enumerate(c.records):
            key = (_same(rec[_KEY["unit"]]), _same(rec[_KEY["project"]]), rec[_KEY["year"]])
            if year is not None and rec[_KEY["year"]] != year:
                out.dropped.setdefault(ci, set()).add(ri)
                other_years.add(key)   # a form, however many copies of it came
                continue
            forms.setdefault(key, []).append((mtime, c.parts.file, ci, ri))
    out.other_years = len(other_years)
    for copies in forms.values():
        if len(copies) > 1:
            _once(collected, sorted(copies), out)
    years = sorted({k[2] for k in forms if k[2] is not None})
    if len(years) > 1:
        shown = "、".join(map(str, years))
        out.findings.append(("", Finding("PX502", "warning", None, None, {"years": shown})))
    return out


def _once(collected: list, copies: list[tuple[float, str, int, int]], out: Settled) -> None:
    """Count the latest copy of a form; every copy gets a PX501 saying which one counted."""
    *earlier, (_, kept_file, kci, kri) = copies
    rec = collected[kci].records[kri]
    params = {"unit": rec[_KEY["unit"]], "project": rec[_KEY["project"]], "year": rec[_KEY["year"]] or "？"}
    others = "、".join(f for _, f, _, _ in earlier)
    out.findings.append((kept_file, _finding(rec, params, f"计入汇总的是本文件（修改时间最晚）；未计入：{others}",
                                             f"this file counts (modified last); not counted: {others}")))
    warnings = _KEY["warnings"]
    collected[kci].records[kri] = rec[:warnings] + (rec[warnings] + 1,) + rec[warnings + 1:]
    for _, file, ci, ri in earlier:
        out.dropped.setdefault(ci, set()).add(ri)
        out.findings.append((file, _finding(collected[ci].records[ri], params,
                                            f"本文件未计入汇总，计入的是修改时间较晚的 {kept_file}",
                                            f"this file is not counted; {kept_file} (modified later) is")))


def _finding(rec: tuple, params: dict, why: str, why_en: str) -> Finding:
    return Finding("PX501", "warning", rec[_KEY["sheet"]], None, {**params, "why": why, "why_en": why_en})


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except (OSError, ValueError):
        return 0.0
