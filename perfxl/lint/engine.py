"""Run the rules over files and folders: the library behind `perfxl lint`."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PerfxlError
from ..rules import Finding, load_all, selected
from ..rules.common import form_sum
from ..scoring import METHODS, NATIONAL
from ..scoring import grade as grade_of
from .model import Form
from .reader import read_grid
from .report import FileResult, FormInfo, Report
from .sources import Book, fill_uncached, load_book

SUFFIXES = (".xlsx", ".xlsm", ".xls")
PARALLEL_FROM = 24  # below this, starting workers costs more than it saves
CHUNK = 16          # files per task: few messages, and little left for one worker at the end


@dataclass
class Context:
    """What a rule may look at beyond its form."""

    path: str
    book: Book | None = None
    method: object = NATIONAL
    roster_units: dict = field(default_factory=dict)
    extract: object = None  # `perfxl consolidate`'s hook: extract(forms, result), also for unreadable files


def expand(paths: list[Path]) -> list[Path]:
    """Files given, and workbooks found under folders (recursively, sorted for stable output)."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out


def _file_error(reason: str, reason_en: str) -> Finding:
    return Finding("PX001", "error", None, None, {"reason": reason, "reason_en": reason_en})


def read_forms(book: Book) -> list[Form]:
    return [form for grid in book.grids if not grid.hidden for form in read_grid(grid)]


def _results_missing(forms: list[Form]) -> bool:
    """Cells where a form shows computed results are empty: perhaps formulas never calculated."""
    for f in forms:
        fund = f.fund.get("total")
        cells = [f.total_score] + ([fund.cells.get("rate"), fund.cells.get("score")] if fund else [])
        if any(v is not None and v.empty for v in cells):
            return True
    return False


def form_info(form: Form) -> FormInfo:
    total = form.total_score.number if form.total_score is not None else None
    if total is None and form.kind in ("project", "department"):
        total = form_sum(form, "score")
    grade = form.grade.text if form.grade is not None and not form.grade.empty else None
    if grade is None and total is not None and form.kind != "transfer":
        grade = grade_of(total)
    project = form.project if form.kind != "score_table" else form.sheet
    return FormInfo(form.sheet, form.kind, project, form.unit, total, grade)


def lint_book(path: Path, shown: str, rules: list, ctx: Context) -> FileResult:
    result = FileResult(shown)
    try:
        book = load_book(path)
    except PerfxlError as exc:
        why = ("；".join(m.render("zh") for m in exc.messages), "; ".join(m.render("en") for m in exc.messages))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the run
        why = (f"{shown}：无法解析（{type(exc).__name__}）", f"{shown}: cannot be parsed ({type(exc).__name__})")
    else:
        try:
            return check_book(book, rules, ctx, result)
        except Exception as exc:  # noqa: BLE001 - a sheet the reader cannot follow never stops the run
            result = FileResult(shown)
            why = (f"{shown}：其中的表无法读取（{type(exc).__name__}）",
                   f"{shown}: its sheets cannot be read ({type(exc).__name__})")
    if any(r.code == "PX001" for r in rules):  # unselected, the file simply yields nothing
        result.error = _file_error(*why)
    if ctx.extract:
        ctx.extract([], result)
    return result


def check_book(book: Book, rules: list, ctx: Context, result: FileResult) -> FileResult:
    """Run the rules over a loaded book (from a file, or grids from an open Excel workbook)."""
    ctx.book = book
    forms = read_forms(book)
    if _results_missing(forms) and fill_uncached(book):
        forms = read_forms(book)
    result.forms = [form_info(f) for f in forms]
    if not forms and any(r.code == "PX002" for r in rules):
        result.findings.append(Finding("PX002", "warning", None, None))
    for rule in rules if forms else ():
        if rule.scope == "book":
            result.findings += list(rule.check_book(forms, ctx))
        elif rule.scope == "form":
            for form in forms:
                if form.kind in rule.kinds:
                    result.findings += list(rule.check(form, ctx))
    if ctx.extract:
        ctx.extract(forms, result)
    return result


def lint_grids(grids: list, name: str, select=None, ignore=None, method: str = "national") -> FileResult:
    """Lint sheets that are already grids (an xlwings Book, a test): no file is read.

    name stands for the file name (PX304 compares unit names with the place in it)."""
    rules = list(selected(select, ignore))
    ctx = Context(name, method=METHODS.get(method, NATIONAL))
    # in_memory: the grids are what Excel shows; a same-named file on disk must not be read
    return check_book(Book(Path(name), grids, in_memory=True), rules, ctx, FileResult(name))


def _lint_one(job: tuple) -> FileResult:
    path, select, ignore, method, roster_units, extract = job
    rules = list(selected(select, ignore))
    ctx = Context(str(path), method=METHODS.get(method, NATIONAL), roster_units=roster_units or {},
                  extract=extract)
    return lint_book(path, str(path), rules, ctx)


def iter_results(files: list[Path], select=None, ignore=None, method: str = "national",
                 roster_units: dict | None = None, workers: int | None = None, extract=None):
    """FileResults in file order, computed over the machine's cores for batches."""
    jobs = [(p, tuple(select or ()), tuple(ignore or ()), method, roster_units, extract) for p in files]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(jobs) >= PARALLEL_FROM:
        # imported here: Pyodide (xlwings Lite) has no process pool, and lints one book at a time
        from concurrent.futures import ProcessPoolExecutor

        import python_calamine  # noqa: F401 - loaded once here, inherited by every forked worker

        load_all()
        # Forked workers share the parent's memory until they write to it; a collection in a
        # worker would write to every inherited object. Frozen objects are never collected.
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
                yield from pool.map(_lint_one, jobs, chunksize=max(1, min(CHUNK, len(jobs) // (workers * 8))))
        finally:
            gc.unfreeze()
    else:
        yield from map(_lint_one, jobs)


def lint_paths(paths: list, select=None, ignore=None, method: str = "national",
               roster_units: dict | None = None, workers: int | None = None) -> Report:
    """Lint files and folders; batches are spread over the machine's cores, order kept."""
    return Report(list(iter_results(expand(paths), select, ignore, method, roster_units, workers)))


def _context():
    import multiprocessing

    # fork starts workers in milliseconds with perfxl already imported; spawn where fork is absent
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
