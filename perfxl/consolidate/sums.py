"""Sums taken in one pass over rows read from the store, a batch at a time: exact (math.fsum's
figures) without holding a column, for 汇总's 合计 and 按县区."""

from __future__ import annotations

import math

from .columns import SUMMARY_COLUMNS


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


class Batched:
    """Rows added one at a time, summed a batch at a time (C loops; at most BATCH rows held)."""

    def __init__(self):
        self.rows: list[tuple] = []

    def add(self, rec: tuple) -> None:
        self.rows.append(rec)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        rows, self.rows = self.rows, []
        if rows:
            self._take(rows)

    def _take(self, rows: list[tuple]) -> None:
        raise NotImplementedError


BATCH = 512
_TOTALLED = [(i, c.key) for i, c in enumerate(SUMMARY_COLUMNS) if c.total]
_AVERAGED = [(i, c.key) for i, c in enumerate(SUMMARY_COLUMNS) if c.total == "average"]
AT = {c.key: i for i, c in enumerate(SUMMARY_COLUMNS)}   # a 汇总 column's place in a row


class Totals(Batched):
    """汇总's 合计 figures: each totalled column's sum, and each averaged one's mean weighted by the
    budget (预算加权平均总分), of the numbers a sheet's functions count."""

    def __init__(self):
        super().__init__()
        self.sums = {key: ExactSum() for _, key in _TOTALLED}
        self.means = {key: WeightedMean() for _, key in _AVERAGED}

    def _take(self, rows: list[tuple]) -> None:
        columns = {i: numbers([r[i] for r in rows]) for i in {i for i, _ in _TOTALLED + _AVERAGED} | {AT["budget"]}}
        for i, key in _TOTALLED:
            self.sums[key].add_all(columns[i])
        for i, key in _AVERAGED:
            self.means[key].add_all(columns[i], columns[AT["budget"]])


def numbers(values: list) -> list[float | None]:
    """Values as a sheet's functions count them: finite numbers (written as numbers; NaN fails
    both comparisons), else None."""
    return [v if v.__class__ in (int, float) and -math.inf < v < math.inf else None for v in values]
