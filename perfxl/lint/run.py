"""Running: a worker applied to every workbook, over the machine's cores for batches, in file order."""

from __future__ import annotations

import gc
import os
from functools import lru_cache
from pathlib import Path

from .. import vocabulary
from ..reader.sources import Book
from ..rules import load_all, selected
from ..scoring import METHODS, NATIONAL
from .check import Context, check_book, lint_file
from .discover import expand
from .report import FileResult, Report

PARALLEL_FROM = 24  # below this, starting workers costs more than it saves
CHUNK = 16          # files per task: few messages, and little left for one worker at the end


@lru_cache(maxsize=16)
def rules_for(select: tuple, ignore: tuple) -> tuple:
    return tuple(selected(select, ignore))


class Linter:
    """The worker of `perfxl lint`: a workbook in, its FileResult out (picklable: sent to workers)."""

    def __init__(self, select=(), ignore=(), method: str = "national", roster_units: dict | None = None,
                 vocab: dict | None = None):
        self.select, self.ignore = tuple(select or ()), tuple(ignore or ())
        self.method, self.roster_units = method, roster_units or {}
        self.vocab = vocab or {}

    def context(self, path: str) -> Context:
        return Context(path, method=METHODS.get(self.method, NATIONAL), roster_units=self.roster_units,
                       failures=not any("PX000".startswith(i.upper()) for i in self.ignore))

    def lint(self, path: Path):
        """(FileResult, forms) of one workbook: what a worker that goes further builds on."""
        vocabulary.use(self.vocab)
        return lint_file(path, str(path), list(rules_for(self.select, self.ignore)), self.context(str(path)))

    def __call__(self, path: Path) -> FileResult:
        return self.lint(path)[0]


def lint_grids(grids: list, name: str, select=None, ignore=None, method: str = "national",
               vocab: dict | None = None) -> FileResult:
    """Lint sheets that are already grids (an xlwings Book, a test): no file is read.

    name stands for the file name (PX304 compares unit names with the place in it)."""
    linter = Linter(select, ignore, method, vocab=vocab)
    vocabulary.use(linter.vocab)
    # in_memory: the grids are what Excel shows; a same-named file on disk must not be read
    book = Book(Path(name), grids, in_memory=True)
    return check_book(book, list(rules_for(linter.select, linter.ignore)), linter.context(name), name)[0]


def iter_results(files: list[Path], worker, workers: int | None = None):
    """worker(file) for every file, in file order, computed over the machine's cores for batches."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(files) >= PARALLEL_FROM:
        # imported here: Pyodide (xlwings Lite) has no process pool, and lints one book at a time
        from concurrent.futures import ProcessPoolExecutor

        import python_calamine  # noqa: F401 - loaded once here, inherited by every forked worker

        load_all()
        # Forked workers share the parent's memory until they write to it; a collection in a
        # worker would write to every inherited object. Frozen objects are never collected.
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
                yield from pool.map(worker, files, chunksize=max(1, min(CHUNK, len(files) // (workers * 8))))
        finally:
            gc.unfreeze()
    else:
        yield from map(worker, files)


def lint_paths(paths: list, select=None, ignore=None, method: str = "national",
               roster_units: dict | None = None, workers: int | None = None, vocab: dict | None = None) -> Report:
    """Lint files and folders; batches are spread over the machine's cores, order kept.

    vocab: a bureau's wording (settings.load of perfxl.toml files)."""
    linter = Linter(select, ignore, method, roster_units, vocab)
    return Report(list(iter_results(expand(paths), linter, workers)))


def _context():
    import multiprocessing

    # fork starts workers in milliseconds with perfxl already imported; spawn where fork is absent
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
