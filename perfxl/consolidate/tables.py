"""The summary's tables as pandas DataFrames, sorted so the same input gives the same output."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..scoring import national_grade
from .columns import SUMMARY, SUMMARY_COLUMNS, UNIT_COLUMNS

GRADES = ("优", "良", "中", "差")


@dataclass
class Tables:
    """The summary and per-unit tables (pandas), and where the long tables' rows lie in the spool."""

    summary: pd.DataFrame
    units: pd.DataFrame
    rows: list[tuple]            # forms in summary order: (their file's Parts, index in that file)
    files: list                  # every file's Parts, in 问题清单 order
    widths: dict[str, list[int]]
    roster: pd.DataFrame | None = None

    @property
    def indicator_count(self) -> int:
        return sum(sum(p.counts) for p in self.files)

    @property
    def issue_count(self) -> int:
        return sum(p.issue_count for p in self.files)


def build(collected) -> Tables:
    """The 汇总 and 按县区 tables from the workers' records, and the order of the spooled rows."""
    records, owners, files = [], [], []
    for r in collected:
        files.append(r.parts)
        records += r.records
        owners += [(r.parts, i) for i in range(len(r.records))]
    summary = pd.DataFrame.from_records(records, columns=list(SUMMARY))
    summary = summary.sort_values(["unit", "project", "file", "sheet"], kind="stable")
    rows = [owners[i] for i in summary.index]
    files.sort(key=lambda p: p.file)   # stable: a file's issues keep their order
    widths: dict[str, list[int]] = {}
    for p in files:
        for sheet, ws in p.widths.items():
            have = widths.setdefault(sheet, [])
            widths[sheet] = [max(a, b) for a, b in zip(have, ws)] + have[len(ws):] + ws[len(have):]
    return Tables(summary.reset_index(drop=True), per_unit(summary), rows, files, widths)


def warm() -> None:
    """Build the tables of one made-up form: pandas loads much of itself on first use (~50 ms),
    and this lets it do so while the workers are busy rather than after them."""
    from types import SimpleNamespace

    samples = {None: "文本", "#,##0.00": 1.0, "0.00%": 1.0, "0.00": 10.0}
    record = tuple(0 if c.key in ("errors", "warnings") else samples[c.fmt] for c in SUMMARY_COLUMNS)
    build([SimpleNamespace(parts=SimpleNamespace(file="a", widths={}), records=[record])])


def per_unit(summary: pd.DataFrame) -> pd.DataFrame:
    """按县区: forms, money, rate, budget-weighted 总分, grades, errors and warnings per unit."""
    cols = [c.key for c in UNIT_COLUMNS]
    if summary.empty:
        return pd.DataFrame(columns=cols)
    scored = summary["total"].notna() & summary["budget"].notna()
    bands = summary["grade"].map(national_grade)  # a form written on the five-level scale counts too
    parts = pd.DataFrame({
        "unit": summary["unit"], "budget": summary["budget"], "spent": summary["spent"],
        "weight": summary["budget"].where(scored), "points": (summary["total"] * summary["budget"]).where(scored),
        "errors": summary["errors"], "warnings": summary["warnings"],
        **{g: (bands == g).astype(int) for g in GRADES}})
    # One grouped sum for all columns; min_count=1 keeps "no amounts at all" empty rather than 0.
    out = parts.groupby("unit", sort=True).sum(min_count=1)
    out.insert(0, "forms", summary.groupby("unit", sort=True).size())
    budget, spent, weight = out["budget"], out["spent"], out["weight"]
    out["rate"] = (spent / budget).where(budget.notna() & (budget != 0) & spent.notna())
    out["weighted"] = (out["points"] / weight).where(weight.notna() & (weight != 0))
    for key in (*GRADES, "errors", "warnings"):
        out[key] = out[key].fillna(0).astype(int)
    return out.reset_index()[cols]
