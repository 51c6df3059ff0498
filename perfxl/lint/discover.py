"""Discovery: the workbooks a run reads, from the files and folders a user names."""

from __future__ import annotations

from pathlib import Path

SUFFIXES = (".xlsx", ".xlsm", ".xls")


def expand(paths: list[Path]) -> list[Path]:
    """Files given, and workbooks found under folders (recursively, sorted for stable output)."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            # not only regular files: a pipe or device named *.xlsx is reported (PX001), not read
            out += sorted(x for x in p.rglob("*") if x.suffix.lower() in SUFFIXES and not x.is_dir())
        else:
            out.append(p)
    return out
