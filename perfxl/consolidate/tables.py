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


def build(collected, dropped: dict[int, set[int]] | None = None, sort: str = "unit",
          unit_order: list[str] | None = None) -> Tables:
    """The 汇总 and 按县区 tables from the workers' records, and the order of the spooled rows.

    dropped: collected index -> its records the roll-up does not count (rollup.py); sort, unit_order:
    按县区's order (per_unit)."""
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
            widths[sheet] = [max(a, b) for a, b in zip(have, ws)] + have[len(ws):] + list(ws[len(have):])
    return Tables(summary, per_unit(summary, sort, unit_order), [owners[i] for i in order], files, widths)


def exact_sum(values, empty: float | None = None) -> float | None:
    """The sum of the numbers present (None skipped), correctly rounded: the same figures on every
    Python. `empty` when there are none (no amounts is not 0 for a unit; a SUM of nothing is 0).
    None when it is beyond a double (a crafted 1e308 twice: the cell is left empty, the roll-up goes on)."""
    present = [v for v in values if v is not None]
    if not present:
        return empty
    try:
        return math.fsum(present)
    except (OverflowError, ValueError):  # fsum's "intermediate overflow", inf − inf
        return None


def weighted_mean(scores, budgets) -> float | None:
    """Σ score × budget ÷ Σ budget over the forms that have both (加权总分): None where there are
    none, their budgets add up to 0, or the sums are beyond a double."""
    pairs = [(s, b) for s, b in zip(scores, budgets) if s is not None and b is not None]
    weight, points = exact_sum(b for _, b in pairs), exact_sum(s * b for s, b in pairs)
    return points / weight if weight and points is not None else None


SORTS = ("unit", "score", "rate")


def per_unit(summary: Table, sort: str = "unit", unit_order: list[str] | None = None) -> Table:
    """按县区: forms, money, rate, budget-weighted 总分 and its rank, grades, errors and warnings per
    unit and year: a unit's forms of two years are two rows, never one sum.

    sort: "unit" (the roster's order when unit_order is given, else by name), "score" (weighted
    总分, best first) or "rate" (执行率, highest first); years always ascending."""
    groups: dict[tuple, list] = {}
    for rec in summary.records():
        groups.setdefault((rec.unit or "", rec.year or 0), []).append(rec)
    rows = []
    for unit, year in sorted(groups):
        recs = groups[(unit, year)]
        budget, spent = exact_sum(r.budget for r in recs), exact_sum(r.spent for r in recs)
        bands = [national_grade(r.grade) for r in recs]  # a form on the five-level scale counts too
        rows.append({
            "unit": unit, "year": year or None, "forms": len(recs), "budget": budget, "spent": spent,
            "rate": spent / budget if budget and spent is not None else None,
            "weighted": weighted_mean([r.total for r in recs], [r.budget for r in recs]), "rank": None,
            **{g: bands.count(g) for g in GRADES},
            "errors": sum(r.errors for r in recs), "warnings": sum(r.warnings for r in recs)})
    _rank(rows)
    return Table.of_dicts(UNIT_KEYS, sorted(rows, key=_order(sort, unit_order)))


def _rank(rows: list[dict]) -> None:
    """名次 by weighted 总分 within each year (equal scores share a place: 1, 1, 3)."""
    for year in {r["year"] for r in rows}:
        scored = sorted((r for r in rows if r["year"] == year and r["weighted"] is not None),
                        key=lambda r: -r["weighted"])
        for i, r in enumerate(scored):
            r["rank"] = scored[i - 1]["rank"] if i and round(r["weighted"], 6) == round(
                scored[i - 1]["weighted"], 6) else i + 1


def _order(sort: str, unit_order: list[str] | None):
    place = {u: i for i, u in enumerate(unit_order or [])}

    def key(r: dict) -> tuple:
        year = r["year"] or 0
        if sort in ("score", "rate"):
            value = r["weighted" if sort == "score" else "rate"]
            return year, value is None, -(value or 0), r["unit"]
        return year, place.get(r["unit"], len(place)), r["unit"]
    return key
