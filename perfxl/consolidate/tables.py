"""The summary's tables in plain Python: 汇总 read in its order from the run's store, 按县区 summed
in one pass over it, so the same input gives the same output and no table of forms sits in memory.

pandas is not needed to sort a city's forms and sum them per unit: leaving it out spares every
roll-up a quarter of a second of start-up; the CSV and Parquet exports still load it."""

from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Iterator
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

    def frame(self):
        """As a pandas DataFrame (the CSV and Parquet exports)."""
        import pandas as pd

        return pd.DataFrame.from_records(list(self), columns=list(self.columns))

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
    store: object                # the run's store.Store: the counted forms, placed (store.placed), every file's Parts
    totals: Totals | None = None  # 汇总's 合计 figures
    roster: Table | None = None
    rollup_issues: list[tuple] = field(default_factory=list)   # 问题清单 rows of the roll-up's own findings

    @property
    def widths(self) -> dict[str, list[int]]:
        return self.store.widths

    @property
    def indicator_count(self) -> int:
        return self.store.detail_rows()

    @property
    def issue_count(self) -> int:
        return self.store.issues + len(self.rollup_issues)

    def loaded(self) -> Tables:
        """The tables as they stand, held in memory once the store is gone (the rows' places are not)."""
        return Tables(self.summary.loaded() if isinstance(self.summary, StoredTable) else self.summary, self.units,
                      None, self.totals, self.roster, self.rollup_issues)


def build(store, sort: str = "unit", unit_order: list[str] | None = None) -> Tables:
    """The 汇总 and 按县区 tables of the forms the roll-up counts (store.py, once rollup.settle has
    left out the others); sort, unit_order: 按县区's order (per_unit)."""
    summary, totals = StoredTable(SUMMARY_KEYS, store), Totals()
    return Tables(summary, per_unit(summary, sort, unit_order, totals), store, totals)


class ExactSum:
    """A sum of the numbers present (None skipped), correctly rounded: the same figures on every
    Python. Numbers are taken a batch at a time and folded into a few doubles that add up to
    exactly the same (each math.fsum, correctly rounded, of what the others leave), so a column is
    summed without holding its values, to what math.fsum of them all gives."""

    __slots__ = ("partials", "special", "count", "overflow")

    def __init__(self):
        self.partials, self.special, self.count, self.overflow = [], [], 0, False

    def add_all(self, values: list) -> None:
        values = [v for v in values if v is not None]
        self.count += len(values)
        finite = [v for v in values if v - v == 0]
        if len(finite) < len(values):   # inf, -inf, nan: fsum's own rules for them
            self.special += [v for v in values if v - v != 0]
        rest = self.partials + finite
        try:
            folded = [math.fsum(rest)]
            rest.append(-folded[-1])
            # each round leaves a rest 2**53 times smaller, a multiple of 2**-1074: it ends at 0
            while (left := math.fsum(rest)) != 0:
                folded.append(left)
                rest.append(-left)
        except OverflowError:   # beyond a double on the way (a crafted 1e308 twice)
            self.overflow, folded = True, []
        self.partials = folded

    def value(self, empty: float | None = None) -> float | None:
        """The sum; `empty` when there were none (no amounts is not 0 for a unit; a SUM of nothing
        is 0); None beyond a double (the cell is left empty, the roll-up goes on)."""
        if not self.count:
            return empty
        if self.overflow:
            return None
        try:
            return math.fsum(self.special) if self.special else math.fsum(self.partials)
        except (OverflowError, ValueError):
            return None


class WeightedMean:
    """Σ score × budget ÷ Σ budget over the forms that have both (加权总分), a batch at a time."""

    __slots__ = ("weight", "points")

    def __init__(self):
        self.weight, self.points = ExactSum(), ExactSum()

    def add_all(self, scores: list, budgets: list) -> None:
        pairs = [(s, b) for s, b in zip(scores, budgets) if s is not None and b is not None]
        self.weight.add_all([b for _, b in pairs])
        self.points.add_all([s * b for s, b in pairs])

    def value(self) -> float | None:
        """None where there are none, their budgets add up to 0, or the sums are beyond a double."""
        weight, points = self.weight.value(), self.points.value()
        return points / weight if weight and points is not None else None


class _Batched:
    """Rows added one at a time, summed a batch at a time (C loops; at most _BATCH rows held)."""

    def __init__(self):
        self.rows: list[tuple] = []

    def add(self, rec: tuple) -> None:
        self.rows.append(rec)
        if len(self.rows) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        rows, self.rows = self.rows, []
        if rows:
            self._take(rows)

    def _take(self, rows: list[tuple]) -> None:
        raise NotImplementedError


_BATCH = 512
_TOTALLED = [(i, c.key) for i, c in enumerate(SUMMARY_COLUMNS) if c.total]
_AVERAGED = [(i, c.key) for i, c in enumerate(SUMMARY_COLUMNS) if c.total == "average"]
_S = {c.key: i for i, c in enumerate(SUMMARY_COLUMNS)}


class Totals(_Batched):
    """汇总's 合计 figures: each totalled column's sum, and each averaged one's mean weighted by the
    budget (预算加权平均总分), of the numbers a sheet's functions count."""

    def __init__(self):
        super().__init__()
        self.sums = {key: ExactSum() for _, key in _TOTALLED}
        self.means = {key: WeightedMean() for _, key in _AVERAGED}

    def _take(self, rows: list[tuple]) -> None:
        columns = {i: numbers([r[i] for r in rows]) for i in {i for i, _ in _TOTALLED + _AVERAGED} | {_S["budget"]}}
        for i, key in _TOTALLED:
            self.sums[key].add_all(columns[i])
        for i, key in _AVERAGED:
            self.means[key].add_all(columns[i], columns[_S["budget"]])


def numbers(values: list) -> list[float | None]:
    """Values as a sheet's functions count them: finite numbers (written as numbers; NaN fails
    both comparisons), else None."""
    return [v if v.__class__ in (int, float) and -math.inf < v < math.inf else None for v in values]


SORTS = ("unit", "score", "rate")


def per_unit(summary: Table, sort: str = "unit", unit_order: list[str] | None = None,
             totals: Totals | None = None) -> Table:
    """按县区: forms, money, rate, budget-weighted 总分 and its rank, grades, errors and warnings per
    unit and year: a unit's forms of two years are two rows, never one sum.

    sort: "unit" (the roster's order when unit_order is given, else by name), "score" (weighted
    总分, best first) or "rate" (执行率, highest first); years always ascending. totals: 汇总's 合计,
    added up in the same pass over its rows."""
    groups: dict[tuple, _Unit] = {}   # a unit's running figures, not its forms: one pass over 汇总
    pending: list[_Unit] = []         # the units holding rows: all summed every _BATCH rows, however many
    for n, rec in enumerate(summary, 1):   # in SUMMARY_COLUMNS' order
        key = (rec[_S["unit"]] or "", rec[_S["year"]] or 0)
        unit = groups.get(key)
        if unit is None:
            unit = groups[key] = _Unit()
        if not unit.rows:
            pending.append(unit)
        unit.rows.append(rec)
        if n % _BATCH == 0:
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


class _Unit(_Batched):
    """One unit's (and year's) figures."""

    def __init__(self):
        super().__init__()
        self.forms = self.errors = self.warnings = 0
        self.budget, self.spent, self.weighted = ExactSum(), ExactSum(), WeightedMean()
        self.grades = dict.fromkeys(GRADES, 0)

    def _take(self, rows: list[tuple]) -> None:
        self.forms += len(rows)
        budgets = [r[_S["budget"]] for r in rows]
        self.budget.add_all(budgets)
        self.spent.add_all([r[_S["spent"]] for r in rows])
        self.weighted.add_all([r[_S["total"]] for r in rows], budgets)
        for r in rows:
            band = national_grade(r[_S["grade"]])   # a form on the five-level scale counts too
            if band in self.grades:
                self.grades[band] += 1
        self.errors += sum(r[_S["errors"]] for r in rows)
        self.warnings += sum(r[_S["warnings"]] for r in rows)


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
