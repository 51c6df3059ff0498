"""The worker of `perfxl consolidate`: lint a workbook, then spool its summary rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from ..i18n import Msg, msg
from ..lint.report import FileResult
from ..lint.run import Linter
from .spool import Parts, SpoolWriter


@dataclass
class Collected:
    """One workbook's share of the roll-up: its lint result, 汇总 records and spooled rows."""

    result: FileResult
    records: list[tuple]
    parts: Parts


class Collector(Linter):
    """Lints as `perfxl lint` does, then hands the forms to the spool (picklable: sent to workers)."""

    def __init__(self, spool: SpoolWriter, roster_units: dict | None = None, vocab: dict | None = None):
        super().__init__(roster_units=roster_units, vocab=vocab)
        self.spool = spool

    def __call__(self, path: Path) -> Collected:
        result, forms = self.lint(path)
        return self._spooled(forms, result)

    def failed(self, path: Path, why: Msg) -> Collected:
        """A file that took its worker down: listed in 问题清单 as unreadable, no forms."""
        return self._spooled([], super().failed(path, why))

    def _spooled(self, forms: list, result: FileResult) -> Collected:
        try:
            records, parts = self.spool.write(forms, result)
        except OSError as exc:  # the temporary folder, not the workbook: the run cannot go on
            raise OutputError(msg("spool_unwritable", folder=self.spool.folder,
                                  why=exc.strerror or type(exc).__name__)) from None
        return Collected(result, records, parts)
