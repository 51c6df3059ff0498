"""Running: a worker applied to every workbook, over the machine's cores for batches, in file order."""

from __future__ import annotations

import gc
import os
from functools import lru_cache
from pathlib import Path

from .. import vocabulary
from ..errors import PerfxlError
from ..i18n import Msg
from ..limits import check_file_limits
from ..profiles import Profile, national
from ..reader.sources import Book
from ..rules import check_codes, load_all, selected
from ..scoring import METHODS, NATIONAL
from ..xlsxio import check_package, shown_name
from .check import Context, check_book, file_error, lint_file, reasons
from .discover import expand
from .guard import guarded, start_method
from .report import FileResult, Report
from .suppress import apply, unused

PARALLEL_FROM = 24  # below this, starting workers costs more than it saves
CHUNK = 16          # files per task: few messages, and little left for one worker at the end
GC_THRESHOLD = 20_000  # allocations between young-generation collections while linting (Python's: 700)


@lru_cache(maxsize=16)
def rules_for(select: tuple, ignore: tuple) -> tuple:
    return tuple(selected(select, ignore))


class Linter:
    """The worker of `perfxl lint`: a workbook in, its FileResult out (picklable: sent to workers)."""

    def __init__(self, select=(), ignore=(), method: str | None = None, roster_units: dict | None = None,
                 vocab: dict | None = None, profile: Profile | None = None, suppress: list | None = None):
        self.select, self.ignore = tuple(select or ()), tuple(ignore or ())
        self.suppress = list(suppress or ())  # perfxl.toml's [[suppress]] entries, applied in the worker
        self.roster_units = roster_units or {}
        self.vocab = vocab or {}
        # --scoring overrides the profile's method; the profile is read here, once, not in each worker
        self.profile = (profile or national()).with_method(method)
        self.method = self.profile.method

    def context(self, path: str) -> Context:
        return Context(path, method=METHODS.get(self.method, NATIONAL), roster_units=self.roster_units,
                       failures=not any("PX000".startswith(i.upper()) for i in self.ignore), profile=self.profile)

    def lint(self, path: Path):
        """(FileResult, forms) of one workbook: what a worker that goes further builds on."""
        vocabulary.use(self.vocab)
        shown = shown_name(path)
        result, forms = lint_file(path, shown, list(rules_for(self.select, self.ignore)), self.context(shown))
        if self.suppress:  # after the cell comments, before anything counts or lists the findings
            result.matched = apply(result.findings, self.suppress, result.path)
        return result, forms

    def __call__(self, path: Path) -> FileResult:
        return self.lint(path)[0]

    def failed(self, path: Path, why: Msg) -> FileResult:
        """The result of a file that took its worker down (guard): PX001 with the reason."""
        shown = shown_name(path)
        result = FileResult(shown)
        if any(r.code == "PX001" for r in rules_for(self.select, self.ignore)):
            named = _named_reason(path)
            if named is not None:  # what the file is, not only what it did to the worker
                result.error = file_error(*(shown_name(w) for w in reasons(named)))
            else:
                result.error = file_error(f"{shown}：{why.render('zh')}", f"{shown}: {why.render('en')}")
        return result


def _named_reason(path: Path) -> PerfxlError | None:
    """What the package and limits checks say of a workbook that took its worker down. A worker's
    memory is capped, so it skips the scans that name a crafted grid (limits.CAPPED) and lets the
    parser's allocation fail instead; this process runs them in full, on that one file."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        check_file_limits(path, listed=check_package(path), hidden=True)
    except PerfxlError as exc:
        return exc
    except Exception:  # anything else: the worker's own reason stands
        return None
    return None


def lint_grids(grids: list, name: str, select=None, ignore=None, method: str | None = None,
               vocab: dict | None = None, profile: Profile | None = None) -> FileResult:
    """Lint sheets that are already grids (an xlwings Book, a test): no file is read.

    name stands for the file name (PX304 compares unit names with the place in it)."""
    linter = Linter(select, ignore, method, vocab=vocab, profile=profile)
    vocabulary.use(linter.vocab)
    # in_memory: the grids are what Excel shows; a same-named file on disk must not be read
    book = Book(Path(name), grids, in_memory=True)
    return check_book(book, list(rules_for(linter.select, linter.ignore)), linter.context(name), name)[0]


def iter_results(files: list[Path], worker, workers: int | None = None):
    """worker(file) for every file, in file order, computed over the machine's cores for batches.

    Every file is read in a guarded worker process (lint/guard.py), even one file alone, so a file
    that aborts the parser or exhausts memory is PX001, never the end of the run. Where workers
    cannot be forked (Windows) small runs stay in this process; Pyodide (xlwings Lite) has none.
    workers=0: in this process, unguarded (a caller that inspects the work, as tests do)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    method = start_method()
    big = workers > 1 and len(files) >= PARALLEL_FROM
    # A workbook's thousands of small objects die with it by reference counting: collecting every
    # 700 allocations only walks them in vain (1 % of lint's instructions). Forked workers inherit this.
    threshold = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *threshold[1:])
    try:
        if not files or workers == 0 or method is None or (method == "spawn" and not big):
            yield from map(worker, files)
            return
        import python_calamine  # noqa: F401 - loaded once here, inherited by every forked worker

        load_all()
        count = workers if big else 1
        # Forked workers share the parent's memory until they write to it; a collection in a
        # worker would write to every inherited object. Frozen objects are never collected.
        gc.freeze()
        try:
            yield from guarded(files, worker, count, chunk=max(1, min(CHUNK, len(files) // (count * 8))),
                               method=method)
        finally:
            gc.unfreeze()
    finally:
        gc.set_threshold(*threshold)


def lint_paths(paths: list, select=None, ignore=None, method: str | None = None,
               roster_units: dict | None = None, workers: int | None = None, vocab: dict | None = None,
               profile: Profile | None = None, suppress: list | None = None) -> Report:
    """Lint files and folders; batches are spread over the machine's cores, order kept.

    vocab: a bureau's wording (settings.load of perfxl.toml files); profile: the province's choices
    (perfxl.profiles, national when None); method: --scoring, overriding the profile's; suppress:
    perfxl.toml's [[suppress]] entries (settings.suppressions_for_run), applied here. An unknown
    rule code in select or ignore is a UsageError, before anything is read."""
    check_codes("--select", select)
    check_codes("--ignore", ignore)
    linter = Linter(select, ignore, method, roster_units, vocab, profile, suppress)
    report = Report(list(iter_results(expand(paths), linter, workers)))
    report.unused = unused(suppress or [], report.files)
    return report
