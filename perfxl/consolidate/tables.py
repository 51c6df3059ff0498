"""The summary's tables in plain Python, sorted so the same input gives the same output.

pandas is not needed to sort a city's forms and sum them per unit: leaving it out spares every
roll-up a quarter of a second of start-up; the CSV and Parquet exports still load it."""

from __future__ import annotations

import math
from collections import namedtuple
from dataclasses import dataclass, field

from ..scoring import national_grade
from .columns import SUMMARY_COLUMNS, UNIT_COLUMNS

GRADES = ("优", "良", "中", "差")


@dataclass
class Table:
    """Rows under named columns: what the writer and the exports need of a DataFrame."""

    columns: tuple[str, ...]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, key: str) -> list:
        i = self.columns.index(key)
        return [r[i] for r in self.rows]

    def records(self) -> list:
        """The rows as named tuples (rec.unit, rec.project …)."""
        Record = namedtuple("Record", self.columns, rename=True)
        return [Record(*r) for r in self.rows]

    def with_column(self, key: str, values: list) -> Table:
        return Table((*self.columns, key), [(*r, v) for r, v in zip(self.rows, values)])

    def frame(self):
        """As a pandas DataFrame (the CSV and Parquet exports)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.rows, columns=list(self.columns))

    @classmethod
    def of_dicts(cls, columns: tuple[str, ...], dicts: list[dict]) -> Table:
        return cls(columns, [tuple(d.get(c) for c in columns) for d in dicts])


SUMMARY_KEYS = tuple(c.key for c in SUMMARY_COLUMNS)
UNIT_KEYS = tuple(c.key for c in UNIT_COLUMNS)
_SORT = tuple(SUMMARY_KEYS.index(k) for k in ("unit", "project", "file", "sheet"))


@dataclass
class Tables:
    """The summary and per-unit tables, and where the long tables' rows lie in the spool."""

    summary: Table
    units: Table
    rows: list[tuple]            # forms in summary order: (their file's Parts, index in that file)
    files: list                  # every file's Parts, in 问题清单 order
    widths: dict[str, list[int]]
    roster: Table | None = None
    rollup_issues: list[tuple] = field(default_factory=list)   # 问题清单 rows of the roll-up's own findings

    @property
    def indicator_count(self) -> int:
        return sum(p.counts[i] for p, i in self.rows)

    @property
    def issue_count(self) -> int:
        return sum(p.issue_count for p in self.files) + len(self.rollup_issues)


def build(collected, dropped: dict[int, set[int]] | None = None) -> Tables:
    """The 汇总 and 按县区 tables from the workers' records, and the order of the spooled rows.

    dropped: collected index -> its records the roll-up does not count (rollup.py)."""
    records, owners, files = [], [], []
    for ci, r in enumerate(collected):
        files.append(r.parts)
        left_out = (dropped or {}).get(ci, ())
        kept = [i for i in range(len(r.records)) if i not in left_out]
        records += [r.records[i] for i in kept]
        owners += [(r.parts, i) for i in kept]
    order = sorted(range(len(records)), key=lambda i: tuple(records[i][k] or "" for k in _SORT))
    summary = Table(SUMMARY_KEYS, [records[i] for i in order])
    files.sort(key=lambda p: p.file)   # stable: a file's issues keep their order
    widths: dict[str, list[int]] = {}
    for p in files:
        for sheet, ws in p.widths.items():
            have = widths.setdefault(sheet, [])
            widths[sheet] = [max(a, b) for a, b in zip(have, ws)] + have[len(ws):] + ws[len(have):]
    return Tables(summary, per_unit(summary), [owners[i] for i in order], files, widths)


def _sum(values) -> float | None:
    """The sum of the numbers present; None when there are none (no amounts is not 0)."""
    present = [v for v in values if v is not None]
    return math.fsum(present) if present else None  # exact: the same figures on every Python


def per_unit(summary: Table) -> Table:
    """按县区: forms, money, rate, budget-weighted 总分, grades, errors and warnings per unit and
    year: a unit's forms of two years are two rows, never one sum."""
    groups: dict[tuple, list] = {}
    for rec in summary.records():
        groups.setdefault((rec.unit or "", rec.year or 0), []).append(rec)
    rows = []
    for unit, year in sorted(groups):
        recs = groups[(unit, year)]
        scored = [r for r in recs if r.total is not None and r.budget is not None]
        budget, spent = _sum(r.budget for r in recs), _sum(r.spent for r in recs)
        weight, points = _sum(r.budget for r in scored), _sum(r.total * r.budget for r in scored)
        bands = [national_grade(r.grade) for r in recs]  # a form on the five-level scale counts too
        rows.append({
            "unit": unit, "year": year or None, "forms": len(recs), "budget": budget, "spent": spent,
            "rate": spent / budget if budget and spent is not None else None,
            "weighted": points / weight if weight and points is not None else None,
            **{g: bands.count(g) for g in GRADES},
            "errors": sum(r.errors for r in recs), "warnings": sum(r.warnings for r in recs)})
    return Table.of_dicts(UNIT_KEYS, rows)
