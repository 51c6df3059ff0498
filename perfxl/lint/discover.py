"""Discovery: the workbooks a run reads, from the files and folders a user names."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..i18n import msg

# .et (WPS's own) and .ods are read too, or reported (PX001: save it as .xlsx), never skipped
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")


def expand(paths: list[Path], empty_ok: bool = False) -> list[Path]:
    """Files given, and workbooks found under folders (recursively, sorted for stable output).

    A folder with no workbook in it is a UsageError (exit 2): the run would check nothing
    (empty_ok: an empty list instead, for a roll-up of the browser's collection point before any
    unit has sent a workbook)."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            # not only regular files: a pipe or device named *.xlsx is reported (PX001), not read
            found = sorted(x for x in p.rglob("*") if x.suffix.lower() in SUFFIXES and not x.is_dir())
            if not found and not empty_ok:
                raise UsageError(msg("no_workbooks", path=str(p)))
            out += found
        else:
            out.append(p)
    return out
