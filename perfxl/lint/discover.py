"""Discovery: the workbooks a run reads, from the files and folders a user names."""

from __future__ import annotations

from pathlib import Path

SUFFIXES = (".xlsx", ".xlsm", ".xls")


def expand(paths: list[Path]) -> list[Path]:
    """Files given, and workbooks found under folders (recursively, sorted for stable output)."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out
