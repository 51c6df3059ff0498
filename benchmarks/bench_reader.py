"""Benchmark the reader against passes over the same cells: what a one-pass reader could win.

Loads N county workbooks (the varied corpus of bench_consolidate) into grids once, as perfxl loads
them (values and merged ranges), then times, in process and interleaved over `--repeat` rounds:
- `read_grid` of every visible sheet, each grid built afresh (its indexes are part of reading);
- the grids' text index alone (`Grid._all_texts`, the first thing the reader builds);
- a pass listing each row's non-empty cells with their columns, kept;
- a pass that only touches each cell.
Garbage is collected as in lint's workers (lint.run.GC_THRESHOLD). Prints the best round of each in
ns a cell and ms a workbook, and the reader as a multiple of the listing pass. Asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

from bench_lint import make_corpus


def load(paths: list[Path]) -> list[tuple]:
    """(name, rows, merged, hidden) of every sheet, as perfxl's loader reads them."""
    from perfxl.reader.sources import _calamine_grids

    return [(g.name, g.rows, g.merged, g.hidden) for p in paths for g in _calamine_grids(p)]


def read(sheets: list[tuple]) -> int:
    """Forms read from the sheets by perfxl's reader (a sheet it fails on reads none)."""
    from perfxl.reader.grid import Grid
    from perfxl.reader.sheets import read_grid

    forms = 0
    for name, rows, merged, hidden in sheets:
        if not hidden:
            try:
                forms += len(read_grid(Grid(name, rows, merged, hidden=hidden)))
            except Exception:  # as read_forms: the sheet is set aside
                pass
    return forms


def text_index(sheets: list[tuple]) -> int:
    from perfxl.reader.grid import Grid

    return sum(len(Grid(name, rows, merged)._all_texts()) for name, rows, merged, _ in sheets)


def listing(sheets: list[tuple]) -> int:
    """Each row's non-empty cells with their columns, kept (as a reader keeps what it reads)."""
    kept = [[[(c, v) for c, v in enumerate(row, 1) if v != ""] for row in rows] for _, rows, _, _ in sheets]
    return len(kept)


def touching(sheets: list[tuple]) -> int:
    n = 0
    for _, rows, _, _ in sheets:
        for row in rows:
            for v in row:
                if v.__class__ is str:
                    if v:
                        n += 1
                elif v is not None:
                    n += 1
    return n


PASSES = {"read_grid, as today": read, "text index alone": text_index,
          "listing non-empty cells": listing, "touching each cell": touching}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workbooks", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), args.workbooks)
        sheets = load(paths)
    cells = sum(len(r) for _, rows, _, _ in sheets for r in rows)
    from perfxl.lint.run import GC_THRESHOLD

    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])   # as lint's workers collect
    best = {name: float("inf") for name in PASSES}
    for _ in range(args.repeat):   # interleaved: a noisy moment falls on each
        for name, run in PASSES.items():
            t0 = time.perf_counter()
            run(sheets)
            best[name] = min(best[name], time.perf_counter() - t0)
    print(f"{args.workbooks} workbooks, {len(sheets)} sheets, {cells / args.workbooks:.0f} cells a workbook; "
          f"{read(sheets)} forms read; best of {args.repeat} rounds:")
    for name, seconds in best.items():
        per_cell, per_book = seconds * 1e9 / cells, seconds * 1e3 / args.workbooks
        print(f"  {name:24s} {per_cell:6.0f} ns a cell  {per_book:.3f} ms a workbook")
    print(f"the reader takes {best['read_grid, as today'] / best['listing non-empty cells']:.1f}× the pass listing "
          "each row's cells, a floor no reader goes below")


if __name__ == "__main__":
    main()
