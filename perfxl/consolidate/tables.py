"""The summary's tables in plain Python: 汇总 read in its order from the run's store, 按县区 summed
in one pass over it, so the same input gives the same output and no table of forms sits in memory.

pandas is not needed to sort a city's forms and sum them per unit: leaving it out spares every
roll-up a quarter of a second of start-up; the CSV and Parquet exports still load it."""

from __future__ import annotations

import dataclasses
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..scoring import national_grade
from .columns import SUMMARY_COLUMNS, UNIT_COLUMNS
from .sums import AT, BATCH, Batched, ExactSum, Totals, WeightedMean

GRADES = ("优", "良", "中", "差")


@dataclass
class Table:
    """Rows under named columns: what the writer and the exports need of a DataFrame."""

    columns: tuple[str, ...]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def column(self, key: str) -> list:
        i = self.columns.index(key)
        return [r[i] for r in self]

    def records(self) -> list:
        """The rows as named tuples (rec.unit, rec.project …)."""
        Record = namedtuple("Record", self.columns, rename=True)
        return [Record(*r) for r in self]

    def with_column(self, key: str, values: list) -> Table:
        return Table((*self.columns, key), [(*r, v) for r, v in zip(self, values)])

    @classmethod
    def of_dicts(cls, columns: tuple[str, ...], dicts: list[dict]) -> Table:
        return cls(columns, [tuple(d.get(c) for c in columns) for d in dicts])


class StoredTable(Table):
    """汇总's rows while they lie in the run's store (store.py): read one at a time, in order,
    each time they are asked for; `loaded` holds them in memory (for a caller after the run)."""

    def __init__(self, columns: tuple[str, ...], store):
        self.columns, self.store = columns, store

    @property
    def rows(self) -> list[tuple]:
        return list(self)

    def __len__(self) -> int:
        return self.store.count()

    def __iter__(self) -> Iterator[tuple]:
        return self.store.records()

    def records(self) -> Iterator:
        Record = namedtuple("Record", self.columns, rename=True)
        return (Record(*r) for r in self)

    def loaded(self) -> Table:
        return Table(self.columns, self.rows)


SUMMARY_KEYS = tuple(c.key for c in SUMMARY_COLUMNS)
UNIT_KEYS = tuple(c.key for c in UNIT_COLUMNS)


@dataclass
class Tables:
    """The summary and per-unit tables; where the long tables' rows lie in the spool is the store's."""

    summary: Table
    units: Table
    store: object | None         # the run's store.Store: the counted forms, placed; every file's Parts
    totals: Totals
    widths: dict[str, list[int]]  # 指标明细, 问题清单 -> widest sample of each column, over the files
    indicator_count: int         # 指标明细 rows of the counted forms
    file_issues: int             # 问题清单 rows of the files
    roster: Table | None = None
    rollup_issues: list[tuple] = field(default_factory=list)   # 问题清单 rows of the roll-up's own findings

    @property
    def issue_count(self) -> int:
        return self.file_issues + len(self.rollup_issues)

    def loaded(self) -> Tables:
        """The tables as they stand, held in memory once the store is gone (the rows' places are not)."""
        summary = self.summary.loaded() if isinstance(self.summary, StoredTable) else self.summary
        return dataclasses.replace(self, summary=summary, store=None)


def build(store, sort: str = "unit", unit_order: list[str] | None = None) -> Tables:
    """The 汇总 and 按县区 tables of the forms the roll-up counts (store.py, once rollup.settle has
    left out the others); sort, unit_order: 按县区's order (per_unit)."""
    summary, totals = StoredTable(SUMMARY_KEYS, store), Totals()
    units = per_unit(summary, sort, unit_order, totals)
    return Tables(summary, units, store, totals, store.widths, store.detail_rows(), store.issues)


SORTS = ("unit", "score", "rate")


def per_unit(summary: Table, sort: str = "unit", unit_order: list[str] | None = None,
             totals: Totals | None = None) -> Table:
    """按县区: forms, money, rate, budget-weighted 总分 and its rank, grades, errors and warnings per
    unit and year: a unit's forms of two years are two rows, never one sum.

    sort: "unit" (the roster's order when unit_order is given, else by name), "score" (weighted
    总分, best first) or "rate" (执行率, highest first); years always ascending. totals: 汇总's 合计,
    added up in the same pass over its rows."""
    groups: dict[tuple, _Unit] = {}   # a unit's running figures, not its forms: one pass over 汇总
    pending: list[_Unit] = []         # the units holding rows: all summed every BATCH rows, however many
    for n, rec in enumerate(summary, 1):   # in SUMMARY_COLUMNS' order
        key = (rec[AT["unit"]] or "", rec[AT["year"]] or 0)
        unit = groups.get(key)
        if unit is None:
            unit = groups[key] = _Unit()
        if not unit.rows:
            pending.append(unit)
        unit.rows.append(rec)
        if n % BATCH == 0:
            for unit in pending:
                unit.flush()
            pending = []
        if totals is not None:
            totals.add(rec)
    if totals is not None:
        totals.flush()
    rows = []
    for unit, year in sorted(groups):
        g = groups[(unit, year)]
        g.flush()
        budget, spent = g.budget.value(), g.spent.value()
        rows.append({
            "unit": unit, "year": year or None, "forms": g.forms, "budget": budget, "spent": spent,
            "rate": spent / budget if budget and spent is not None else None,
            "weighted": g.weighted.value(), "rank": None, **g.grades, "errors": g.errors, "warnings": g.warnings})
    _rank(rows)
    return Table.of_dicts(UNIT_KEYS, sorted(rows, key=_order(sort, unit_order)))


class _Unit(Batched):
    """One unit's (and year's) figures."""

    def __init__(self):
        super().__init__()
        self.forms = self.errors = self.warnings = 0
        self.budget, self.spent, self.weighted = ExactSum(), ExactSum(), WeightedMean()
        self.grades = dict.fromkeys(GRADES, 0)

    def _take(self, rows: list[tuple]) -> None:
        self.forms += len(rows)
        budgets = [r[AT["budget"]] for r in rows]
        self.budget.add_all(budgets)
        self.spent.add_all([r[AT["spent"]] for r in rows])
        self.weighted.add_all([r[AT["total"]] for r in rows], budgets)
        for r in rows:
            band = national_grade(r[AT["grade"]])   # a form on the five-level scale counts too
            if band in self.grades:
                self.grades[band] += 1
        self.errors += sum(r[AT["errors"]] for r in rows)
        self.warnings += sum(r[AT["warnings"]] for r in rows)


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
