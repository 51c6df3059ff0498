"""Fixing a workbook: lint, correct one phase, lint the corrected copy again, until nothing is left."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import TAG, write_atomic
from ..errors import EXIT_CLEAN, EXIT_FINDINGS, InputError
from ..findings import Finding
from ..finish import saved_or_nothing, saving
from ..i18n import msg
from ..lint.run import Linter
from ..xlsxio import open_workbook, shown_name
from .plan import FIXABLE, PHASES, Change, decide, is_formula, target_cell
from .sheets import add_sheets

MAX_ROUNDS = 12  # phases are six; a change that uncovers another takes a round more


@dataclass
class Fixed:
    """What `perfxl fix` did: the changes in the order made, and what is left for a person."""

    source: Path
    changes: list[Change] = field(default_factory=list)
    people: list[Finding] = field(default_factory=list)   # findings of the corrected copy left open
    rounds: int = 0

    @property
    def exit_code(self) -> int:
        """0: nothing left that is an error; 1: errors remain that need a person."""
        return EXIT_FINDINGS if any(x.severity == "error" for x in self.people) else EXIT_CLEAN


def check_paths(source: Path, out: Path | None) -> None:
    """An .xlsx/.xlsm input, and a copy of the same kind that is not the input itself."""
    suffix = source.suffix.lower()
    if suffix == ".xls":
        raise InputError(msg("fix_xls", path=shown_name(source)))
    if out is None:
        return
    if out.suffix.lower() != suffix:
        raise InputError(msg("fix_suffix", path=shown_name(out), suffix=suffix or ".xlsx"))
    if out.resolve() == source.resolve():
        from ..errors import OutputExistsError

        raise OutputExistsError(msg("output_is_input", path=str(out)))


def fix_file(source: Path, out: Path | None = None, method: str = "national", vocab: dict | None = None,
             lang: str = "zh") -> Fixed:
    """Correct a copy of source and write it to out (None: a dry run, nothing written). The
    source is only read; the rounds' copies live in a temporary folder."""
    source = Path(source)
    check_paths(source, out)
    wb = open_workbook(source)
    linter = Linter(method=method, vocab=vocab)
    done = Fixed(source)
    made: dict[tuple[str, str], Change] = {}
    cached = _Cached(source)
    with tempfile.TemporaryDirectory(prefix=f"{TAG}fix-") as tmp:
        current = source
        for n in range(MAX_ROUNDS + 1):
            result, forms = linter.lint(current)
            if result.error is not None:
                raise InputError(msg("fix_unreadable", why=result.error.message(lang)))
            writes = []
            for f in result.findings:
                if f.rule not in FIXABLE or f.suppressed is not None or f.sheet not in wb.sheetnames:
                    continue
                form = forms[f.form] if f.form is not None and 0 <= f.form < len(forms) else None
                change = decide(f, form, target_cell(wb[f.sheet], f.cell))
                if change is None:
                    continue
                if not change.written:
                    _note(done, made, change, cached)
                elif made.get(change.key) is None or made[change.key].new != change.new:
                    writes.append(change)
            if not writes or n == MAX_ROUNDS:
                break
            phase = min(PHASES[c.rule] for c in writes)
            this_round = set()  # two findings on one cell: the first now, the other next round if still due
            for change in writes:
                if PHASES[change.rule] == phase and change.key not in this_round:
                    this_round.add(change.key)
                    _apply(wb, change)
                    done.changes.append(change)
                    made[change.key] = change
            done.rounds = n + 1
            current = Path(tmp) / f"round{n}{source.suffix}"
            wb.save(current)
        done.people = [f for f in result.findings if f.suppressed is None and f.rule != "PX403"]
    if out is not None:
        wb.calculation.fullCalcOnLoad = True  # formulas recalculate when the copy is opened
        add_sheets(wb, done, shown_name(source.name), lang)
        # every formula's value computed anew (the corrections change what they read), and the
        # source's rows of automatic height kept: a viewer that does not recalculate shows the fix
        write_atomic(out, saving(wb, None, saved_or_nothing(source)[1]))
    return done


def _apply(wb, change: Change) -> None:
    cell = target_cell(wb[change.sheet], change.cell)
    cell.value = change.new
    if change.rule == "PX305" and cell.data_type != "n":
        cell.data_type = "n"


def _note(done: Fixed, made: dict, change: Change, cached: _Cached) -> None:
    """A formula whose saved result differs from what it computes: listed once, written never
    (openpyxl keeps the formula and drops every saved result; the copy recalculates on opening)."""
    if change.key in made:
        return
    change.old = cached.value(change.sheet, change.cell, change.old)
    if _same(change.old, change.new):
        return  # not stale: only the copy's saved result is gone (openpyxl writes none)
    made[change.key] = change
    done.changes.append(change)


class _Cached:
    """The results the input saved with its formulas (read once, when a formula is first asked)."""

    def __init__(self, source: Path):
        self.source, self.wb = source, None

    def value(self, sheet: str, ref: str, default):
        if self.wb is None:
            self.wb = open_workbook(self.source, data_only=True)
        if sheet not in self.wb.sheetnames:
            return default
        value = self.wb[sheet][ref].value
        return None if is_formula(value) else value


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-6
    return ("" if a is None else str(a)) == ("" if b is None else str(b))
