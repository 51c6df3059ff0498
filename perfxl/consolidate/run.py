"""Collect workbooks, lint and extract them over the cores, and write the summary atomically."""

from __future__ import annotations

import multiprocessing.connection  # noqa: F401 - the guarded workers' (lint/guard.py), loaded with the module
import os
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import TAG, Inputs, check_writable, output_file, output_lock, preflight, sweep, write_atomic
from ..errors import InputError, OutputError
from ..forms.facts import name_key, places, same_project
from ..i18n import msg
from ..lint.discover import SUFFIXES, expand
from ..lint.report import Report
from ..lint.run import iter_results
from ..lint.suppress import apply, unused
from ..vocabulary import KIND_NAMES, SPECS
from .render import Styles
from .spool import Reader, SpoolWriter, issue_level, issue_message
from .store import Store
from .units import RosterIndex
from .worker import Collector

if TYPE_CHECKING:  # the main process's alone, loaded while the workers run (_loading_writer)
    from .tables import Table, Tables


@dataclass
class Consolidated:
    report: Report
    tables: Tables | None      # None with keep_findings=False: the forms stayed on disk (store.py)
    outputs: list[Path]
    forms: int = 0             # the forms the summary counts
    other_years: int = 0        # forms left out by --year
    no_year: int = 0            # … of them, those that state no year (in the title or the file's name)
    feedback: list[tuple[Path, str | None]] = field(default_factory=list)   # (file written, None) or (copy, why)
    feedback_units: int = 0


def collect(paths: list[Path], output: Path, roster: Path | None = None, empty_ok: bool = False) -> list[Path]:
    """Workbooks under the inputs, recursively; lock files, the output itself and the roster left out."""
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(msg("file_missing", path=str(p)))
    out = output.resolve()
    roster_at = Path(roster).resolve() if roster is not None else None
    # Lint reports a lock file as PX001; a roll-up simply leaves out what Excel has open.
    return [x for x in expand(paths, empty_ok) if x.suffix.lower() in SUFFIXES and not x.name.startswith("~$")
            and not (x.name == out.name and x.resolve() == out and _is_summary(x))
            and not (roster_at is not None and x.resolve() == roster_at)]


def _is_summary(path: Path) -> bool:
    """An earlier summary of ours (skipped as input); any other workbook there is an input."""
    try:
        from python_calamine import CalamineWorkbook

        names = set(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:
        return False
    return {"汇总", "按县区", "指标明细", "问题清单"} <= names


def roster_units(requests) -> dict[str, str | None]:
    """The roster's unit per project, for PX304 (a department form is its unit's own): by the name
    with its budget code (name_key keep_code), and by the name alone where the lines of that name
    agree (None where they name other units: two projects told apart by their codes)."""
    lines = [r for r in requests if SPECS[r.kind].scored and r.kind != "department"]
    units: dict[str, str | None] = {}
    for r in lines:
        plain = name_key(r.project)
        units[plain] = r.unit if units.get(plain, r.unit) == r.unit else None
    for r in lines:
        units[name_key(r.project, True)] = r.unit
    return units


def roster_check(requests, summary: Table) -> list[dict]:
    """Rows for 名单核对: forms expected but not received, and received but not expected (the
    received forms are held here: a roster is as long as they are)."""
    recs = list(summary.records())
    by_project: dict[str, list[int]] = {}
    for i, rec in enumerate(recs):
        by_project.setdefault(name_key(rec.project), []).append(i)
    departments = [i for i, rec in enumerate(recs) if rec.kind == KIND_NAMES["department"]]
    matched: set[int] = set()
    rows = []
    for r in requests:
        # indexed by project: a city's roster and its forms are thousands each
        candidates = departments if r.kind == "department" else by_project.get(name_key(r.project), [])
        hits = [i for i in candidates if _matches(r, recs[i])]
        matched.update(hits)
        if not hits:
            rows.append({"status": "未收到", "unit": r.group, "project": r.project,
                         "kind": KIND_NAMES[r.kind], "file": ""})
    for i, rec in enumerate(recs):
        if i not in matched:
            rows.append({"status": "名单外", "unit": rec.unit, "project": rec.project, "kind": rec.kind,
                         "file": rec.file})
    return rows


def _matches(request, rec) -> bool:
    """A received form answers a roster line: by project name; a department form by its unit,
    or by the unit's place in the file name (its name on the form may be the very slip PX304 flags)."""
    if request.kind != "department":
        return same_project(request.project, rec.project)
    if rec.kind != KIND_NAMES["department"]:
        return False
    return name_key(request.unit) == name_key(rec.unit) or bool(places(request.unit) & places(Path(rec.file).name))


def _exports(output: Path, fmt: str) -> list[tuple[str, Path]]:
    names = ("汇总", "按县区", "指标明细", "问题清单")
    return [(n, output.with_name(f"{output.stem}_{n}.{fmt}")) for n in names] if fmt != "xlsx" else []


def consolidate(paths: list[Path], output: Path, force: bool = False, roster: Path | None = None,
                fmt: str = "xlsx", lang: str = "zh", progress: bool | None = None,
                vocab: dict | None = None, year: int | None = None, sort: str = "unit",
                feedback: Path | None = None, empty_ok: bool = False, profile=None,
                suppress: list | None = None, keep_findings: bool = True) -> Consolidated:
    """Lint and roll up the workbooks under paths into output (and its CSV/Parquet exports).

    year: count only the forms of that year (the others are left out, and PX502 is not raised);
    sort: 按县区's order — "unit" (the roster's order with --roster, else by name), "score", "rate";
    feedback: a folder to write each unit's feedback workbook and annotated copies into;
    empty_ok: a folder with no workbook is an empty roll-up, not a UsageError (the browser's board);
    suppress: perfxl.toml's [[suppress]] entries (lint.settings.suppressions_for_run), applied as lint does;
    keep_findings: False keeps only the counts of each file's forms and findings in the report
    (FileResult.release; 问题清单 lists them all), and no table of forms once written (`tables` is
    None; `forms` counts them), so memory does not grow with them: the command line's way (it prints
    counts). Feedback needs the findings and keeps them."""
    output = output_file(output, example="汇总", key="output_suffix_summary")
    # as text: a Path keeps its parts parsed (~0.9 KB), which a city's thousands would hold all run
    files = [str(f) for f in collect(paths, output, roster, empty_ok)]
    targets = [output] + [p for _, p in _exports(output, fmt)]
    inputs = Inputs(files + ([str(roster)] if roster else []))
    for target in targets:
        check_writable(target, force, inputs)
    if feedback is not None:
        from . import feedback as back

        back.prepare(feedback, force, list(paths))
    if fmt == "parquet":
        from .exports import needs_pyarrow

        needs_pyarrow()  # before the long work, and before anything is written
    for target in targets:
        preflight(target, need=(16 << 20) + (16 << 10) * len(files))
    requests = None
    if roster is not None:
        from ..roster import read_roster

        requests = read_roster(roster)  # a bad roster stops the run before any work, naming its cells
    styles = Styles()
    index = RosterIndex.of(requests) if requests else None
    with output_lock(output), _spool_folder() as folder:
        worker = Collector(SpoolWriter(folder, output.parent, lang, styles, data=fmt != "xlsx"),
                           roster_units(requests) if requests else None, vocab, index, profile, suppress,
                           keep=keep_findings or feedback is not None)
        spool, store = Reader(folder), _store(folder)
        try:
            results = _run(files, progress, worker, store)
            from .rollup import settle  # loaded while the workers ran, as the writer (see _run)
            from .tables import Table, build

            settled = settle(store, year)
            tables = build(store, sort, index.groups if index else None)
            tables.rollup_issues = _rollup_findings(store, results, settled, lang, suppress or [])
            if requests is not None:
                tables.roster = Table.of_dicts(("status", "unit", "project", "kind", "file"),
                                               roster_check(requests, tables.summary))
            from .workbook import write_summary

            title = summary_title(output, store.years())
            write_atomic(output, lambda tmp: write_summary(tmp, tables, spool, styles, title))
            if fmt != "xlsx":
                from .exports import export  # pandas and pyarrow with it: only for these formats

                export(tables, fmt, _exports(output, fmt), spool)
            forms = len(tables.summary)
            records = [store.file_records(ci) for ci in range(len(results))] if feedback is not None else []
            tables = tables.loaded() if keep_findings else None
        except sqlite3.Error as exc:   # the store's file in the temporary folder (a full disk): no traceback
            raise _store_failed(folder, exc) from None
        finally:
            spool.close()
            store.close()   # before its folder goes (Windows removes no open file)
    done = Consolidated(Report(results, unused(suppress or [], results)), tables, targets, forms,
                        settled.other_years, settled.no_year)
    if feedback is not None:
        plans = back.plan(results, files, records, Path(feedback))
        back.check(plans, force, inputs)   # every place first: nothing is written when one is refused
        done.feedback, done.feedback_units = back.write(plans, lang, title), len(plans)
    return done


def summary_title(output: Path, years: list) -> str:
    """The printed title: the name the bureau gave the summary (益阳市2022年度绩效自评汇总), with
    the year of its forms when the name does not say it."""
    known = sorted({y for y in years if y})
    title = output.stem
    if len(known) == 1 and str(known[0]) not in title:
        title += f"（{known[0]}年度）"
    return title


def _rollup_findings(store, results: list, settled, lang: str, suppress: list) -> list[tuple]:
    """The roll-up's findings joined to their files' results (counts, terminal) and as 问题清单 rows;
    perfxl.toml's suppressions apply to them as to the files' own (PX502, the run's: the first file's)."""
    rows = []
    for file, finding in settled.findings:
        ci = store.file_index(file) if file else None
        owner = results[ci] if ci is not None else (results[0] if results else None)
        if owner is not None:
            owner.findings.append(finding)
        # matched by its own file: PX502 has none, so an entry naming a file never accepts it
        apply([finding], suppress, file)
        p = finding.params
        rows.append((file, p.get("unit", ""), p.get("project", ""), finding.sheet or "", "", finding.rule,
                     issue_level(finding, lang), issue_message(finding, lang)))
    return rows


def _spool_folder() -> tempfile.TemporaryDirectory:
    """The run's temporary folder for spooled rows (named by this process, so the next run can
    remove what a killed one left); a clear message where it cannot be made."""
    sweep(tempfile.gettempdir())
    try:
        return tempfile.TemporaryDirectory(prefix=f"{TAG}{os.getpid()}-")
    except OSError as exc:
        raise InputError(msg("spool_unwritable", folder=tempfile.gettempdir(),
                             why=exc.strerror or type(exc).__name__)) from None


def _store(folder: str) -> Store:
    try:
        return Store(folder)
    except sqlite3.Error as exc:
        raise _store_failed(folder, exc) from None


def _store_failed(folder: str, exc: sqlite3.Error) -> OutputError:
    return OutputError(msg("spool_unwritable", folder=folder, why=str(exc) or type(exc).__name__))


def _run(files: list[str], progress: bool | None, worker: Collector, store: Store) -> list:
    """Each file's FileResult, in file order; its forms go to the store as they come."""
    show = sys.stderr.isatty() if progress is None else progress
    stream = _stored(_loading_writer(iter_results(files, worker)), store, files)
    if not show:
        return list(stream)
    from rich.progress import Progress

    results = []
    with Progress(transient=True) as bar:
        task = bar.add_task("汇总中…", total=len(files))
        for r in stream:
            results.append(r)
            bar.advance(task)
    return results


def _stored(stream, store: Store, files: list[str]):
    """The FileResult of each workers' Collected (in file order), its forms put into the store."""
    for collected, path in zip(stream, files):   # the stream first: it ends, and cleans up, before files do
        store.add(collected)
        if collected.result.path == path:   # one copy of the name, not one from each process
            collected.result.path = path
        yield collected.result


def _loading_writer(stream):
    """The results, loading the roll-up and the summary writer once the first has come: the workers
    are busy by then and the main process only waits (these are the main process's alone: loaded
    before the workers start, they would only delay them)."""
    for i, result in enumerate(stream):
        if i == 0:
            from . import rollup, workbook  # noqa: F401
        yield result
