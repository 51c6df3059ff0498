"""Collect workbooks, lint and extract them over the cores, and write the summary atomically."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..atomic import check_writable, write_atomic
from ..errors import InputError
from ..i18n import msg
from ..lint.engine import SUFFIXES, expand, iter_results
from ..lint.report import Report
from .tables import INDICATORS, ISSUES, SUMMARY, UNIT_HEADERS, Tables, build
from .workbook import write_summary

FORMATS = ("xlsx", "csv", "parquet")
_SPACE = re.compile(r"\s+")


@dataclass
class Consolidated:
    report: Report
    tables: Tables
    outputs: list[Path]


def collect(paths: list[Path], output: Path) -> list[Path]:
    """Workbooks under the inputs, recursively; lock files and the output itself left out."""
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(msg("file_missing", path=str(p)))
    out = output.resolve()
    # Lint reports a lock file as PX001; a roll-up simply leaves out what Excel has open.
    return [x for x in expand(paths) if x.suffix.lower() in SUFFIXES and not x.name.startswith("~$")
            and not (x.resolve() == out and _is_summary(x))]


def _is_summary(path: Path) -> bool:
    """An earlier summary of ours (skipped as input); any other workbook there is an input."""
    try:
        from python_calamine import CalamineWorkbook

        names = set(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # noqa: BLE001 - unreadable: certainly not our summary
        return False
    return {"汇总", "按县区", "指标明细", "问题清单"} <= names


def _key(text) -> str:
    return _SPACE.sub("", str(text or ""))


def roster_units(requests) -> dict[str, str]:
    """The roster's unit per project, for PX304; a department form is its unit's own."""
    from ..kinds import SPECS

    return {r.project: r.unit for r in requests if SPECS[r.kind].scored and r.kind != "department"}


def roster_check(requests, summary: pd.DataFrame) -> list[dict]:
    """Rows for 名单核对: forms expected but not received, and received but not expected."""
    names = {"project": "项目支出", "transfer": "转移支付", "department": "部门整体"}
    matched: set[int] = set()
    rows = []
    for r in requests:
        hits = [i for i, rec in enumerate(summary.itertuples(index=False)) if _matches(r, rec)]
        matched.update(hits)
        if not hits:
            rows.append({"status": "未收到", "unit": r.group, "project": r.project,
                         "kind": names[r.kind], "file": ""})
    for i, rec in enumerate(summary.itertuples(index=False)):
        if i not in matched:
            rows.append({"status": "名单外", "unit": rec.unit, "project": rec.project, "kind": rec.kind,
                         "file": rec.file})
    return rows


def _matches(request, rec) -> bool:
    """A received form answers a roster line: by project name; a department form by its unit,
    or by the unit's place in the file name (its name on the form may be the very slip PX304 flags)."""
    from ..rules.px304 import places

    if request.kind != "department":
        return _key(request.project) == _key(rec.project)
    if rec.kind != "部门整体":
        return False
    return _key(request.unit) == _key(rec.unit) or bool(places(request.unit) & places(Path(rec.file).name))


def _exports(output: Path, fmt: str) -> list[tuple[str, Path]]:
    names = ("汇总", "按县区", "指标明细", "问题清单")
    return [(n, output.with_name(f"{output.stem}_{n}.{fmt}")) for n in names] if fmt != "xlsx" else []


def _export(t: Tables, fmt: str, targets: list[tuple[str, Path]]) -> None:
    frames = {"汇总": t.summary.rename(columns=SUMMARY), "按县区": t.units.rename(columns=UNIT_HEADERS),
              "指标明细": t.indicators.rename(columns=INDICATORS), "问题清单": t.issues.rename(columns=ISSUES)}
    for name, path in targets:
        df = frames[name]
        if fmt == "csv":
            # Text from forms must not run as a formula when the CSV is opened in Excel.
            safe = df.apply(lambda col: col.map(lambda v: "'" + v if isinstance(v, str) and v[:1] in "=+-@" else v))
            write_atomic(path, lambda tmp, d=safe: d.to_csv(tmp, index=False, encoding="utf-8-sig"))
        else:
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise InputError(msg("needs_pyarrow")) from None
            write_atomic(path, lambda tmp, d=df: d.to_parquet(tmp, index=False))


def consolidate(paths: list[Path], output: Path, force: bool = False, roster: Path | None = None,
                fmt: str = "xlsx", lang: str = "zh", progress: bool | None = None) -> Consolidated:
    output = Path(output)
    files = collect(paths, output)
    targets = [output] + [p for _, p in _exports(output, fmt)]
    for target in targets:
        check_writable(target, force, tuple(files) + ((roster,) if roster else ()))
    requests = None
    if roster is not None:
        from ..roster import read_roster

        requests = read_roster(roster)  # a bad roster stops the run before any work, naming its cells
    results = _run(files, progress, roster_units(requests) if requests else None)
    tables = build(results, output.parent, lang)
    if requests is not None:
        tables.roster = pd.DataFrame(roster_check(requests, tables.summary),
                                     columns=["status", "unit", "project", "kind", "file"])
    write_atomic(output, lambda tmp: write_summary(tmp, tables, output.parent))
    if fmt != "xlsx":
        _export(tables, fmt, _exports(output, fmt))
    return Consolidated(Report(results), tables, targets)


def _run(files: list[Path], progress: bool | None, units: dict | None = None) -> list:
    show = sys.stderr.isatty() if progress is None else progress
    stream = iter_results(files, roster_units=units, extract=True)
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
