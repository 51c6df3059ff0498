"""The worker of `perfxl consolidate`: lint a workbook, then spool its summary rows."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from ..forms.model import SCORE_TABLE
from ..i18n import Msg, msg
from ..lint.report import FileResult
from ..lint.run import Linter
from .dates import filed_dates
from .spool import Parts, SpoolWriter
from .store import form_rows
from .units import RosterIndex, assign


@dataclass
class Collected:
    """One workbook's share of the roll-up: its lint result, where its rows lie in the spool, and its
    forms as the main process's store keeps them (store.form_rows)."""

    result: FileResult
    parts: Parts
    forms: list[tuple]
    mtime: float                 # the file's modification time (which copy of a re-sent form counts)


class Collector(Linter):
    """Lints as `perfxl lint` does, then hands the forms to the spool (picklable: sent to workers)."""

    def __init__(self, spool: SpoolWriter, roster_units: dict | None = None, vocab: dict | None = None,
                 roster: RosterIndex | None = None, profile=None, suppress: list | None = None,
                 keep: bool = True):
        super().__init__(roster_units=roster_units, vocab=vocab, profile=profile, suppress=suppress)
        self.spool, self.roster = spool, roster
        self.keep = keep   # send the findings and forms back, not only their counts (FileResult.release)

    def context(self, path: str):
        # kept for the call: its book holds the grids the 填报日期 are read from (no second read)
        self._ctx = super().context(path)
        return self._ctx

    def __call__(self, path: Path) -> Collected:
        result, forms = self.lint(path)
        ctx = self.__dict__.pop("_ctx", None)
        dates = filed_dates(forms, ctx.book if ctx is not None else None)
        return self._spooled(path, forms, result, [d for f, d in zip(forms, dates) if f.kind != SCORE_TABLE])

    def failed(self, path: Path, why: Msg) -> Collected:
        """A file that took its worker down: listed in 问题清单 as unreadable, no forms."""
        return self._spooled(path, [], super().failed(path, why))

    def _spooled(self, path: Path, forms: list, result: FileResult, dates: list | None = None) -> Collected:
        units = assign(forms, result, self.roster)   # before the rows: its warnings are counted and listed
        try:
            records, parts = self.spool.write(forms, result, units)
        except OSError as exc:  # the temporary folder, not the workbook: the run cannot go on
            raise OutputError(msg("spool_unwritable", folder=self.spool.folder,
                                  why=exc.strerror or type(exc).__name__)) from None
        if not self.keep:  # spooled as 问题清单 rows: the main process needs only their counts
            result.release()
        # the file itself: its shown name differs where the name is not UTF-8
        return Collected(result, parts, form_rows(records, parts, dates), _mtime(path))


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except (OSError, ValueError):
        return 0.0
