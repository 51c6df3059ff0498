"""Spool files: each worker renders its forms' rows and appends them to a file of its own, so the
city's long tables never sit in memory; the main process reads them back in summary order."""

from __future__ import annotations

import os
import pickle
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from ..forms.cells import split_cell
from ..i18n import msg
from . import render
from .columns import ISSUE_COLUMNS, MONEY, PERCENT, SCORE, SUMMARY_COLUMNS
from .extract import extract

_FDS: dict[tuple[str, int], int] = {}  # (folder, pid) -> this process's spool file
Span = tuple[int, int]                 # (offset, length) in a spool file
_PREAD = getattr(os, "pread", None)    # one system call a span where the system has it


@dataclass(slots=True)
class Parts:
    """Where one workbook's rendered rows lie in its spool file. They were appended as one run of
    blobs — each form's 指标明细 rows, the 问题清单 rows, each form's 汇总 row, then the pickled data
    when spooled — so where each lies follows from where the run starts and where each blob ends: a
    worker sends one of these per workbook, a few hundred bytes, not lists of spans; the main
    process keeps it in the run's store (store.py)."""

    name: str
    file: str                    # the workbook, relative to the summary's folder
    start: int                   # where its first blob starts
    ends: array                  # where each blob ends, in the order above
    counts: array                # per form: how many 指标明细 rows
    issue_count: int
    has_data: bool = False       # the last blob is (indicator rows per form, issue rows), for CSV/Parquet
    widths: dict[str, bytes] = field(default_factory=dict)  # sheet -> widths of a sample (to 255)

    def _span(self, k: int) -> Span:
        begin = self.ends[k - 1] if k else self.start
        return begin, self.ends[k] - begin

    def indicators(self, i: int) -> Span:
        """Form i's 指标明细 rows."""
        return self._span(i)

    @property
    def issues(self) -> Span:
        return self._span(len(self.counts))

    def summary(self, i: int) -> Span:
        """Form i's 汇总 row as its worker rendered it (store.py knows whether the roll-up changed it since)."""
        return self._span(len(self.counts) + 1 + i)

    @property
    def data(self) -> Span | None:
        return self._span(len(self.ends) - 1) if self.has_data else None


_FILE = [c.key for c in SUMMARY_COLUMNS].index("file")
_LINK = [c.link for c in SUMMARY_COLUMNS].index(True)   # the sheet: a link to it in its workbook
# the columns whose text wraps, and their widths: the row is as tall as the tallest of them needs
_WRAPPED = [i for i, c in enumerate(SUMMARY_COLUMNS) if c.width]
_WRAP_WIDTHS = [c.width for c in SUMMARY_COLUMNS if c.width]
_CELL = [c.key for c in ISSUE_COLUMNS].index("cell")
_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=4)
def _summary_styles(st: render.Styles) -> list[int]:
    """The style of each 汇总 column: wrapped text, or its number format's."""
    by_format = {MONEY: st.money, PERCENT: st.percent, SCORE: st.score, None: st.plain}
    return [st.wrap if col.width else by_format[col.fmt] for col in SUMMARY_COLUMNS]


def summary_rows(records: list[tuple], st: render.Styles) -> list[bytes]:
    """汇总 rows (SUMMARY_COLUMNS order), as UTF-8: money, rates and scores formatted, the sheet a
    link to it in its workbook."""
    styles = _summary_styles(st)
    before, after = styles[:_LINK], styles[_LINK + 1:]
    cell = render.cell
    out = []
    for rec in records:
        cells = list(map(cell, rec[:_LINK], before))   # the sheet's own cell is its link, not a text
        cells.append(render.hyperlink(rec[_FILE], rec[_LINK], st.link))
        cells += map(cell, rec[_LINK + 1:], after)
        out.append(render.row(cells, render.lines_needed([rec[i] for i in _WRAPPED], _WRAP_WIDTHS)).encode())
    return out


def issue_rows(result, file: str, lang: str, units: list[str] | None = None) -> list[tuple]:
    """问题清单 rows of a file (ISSUE_COLUMNS order): its read error first, then its findings in the
    order of its sheets as a clerk numbers them (1-, 2-, … 10-), then of their cells.

    units: the unit each form counts under (units.assign), else the unit each form names."""
    forms = result.forms
    units = units or [f.unit for f in forms]
    common = Counter(u for u in units if u).most_common(1)
    file_unit = common[0][0] if common else ""
    found = ([result.error] if result.error else []) + sorted(result.findings, key=place_order)
    rows = []
    for x in found:
        form = forms[x.form] if x.form is not None and x.form < len(forms) else None
        rows.append((file, (units[x.form] if form else "") or file_unit, form.project if form else "", x.sheet or "",
                     x.cell or "", x.rule, issue_level(x, lang), issue_message(x, lang)))
    return rows


# a finding's level as 问题清单 and the feedback workbooks write it, in the run's language
SEVERITY = {"zh": {"error": "错误", "warning": "警告", "suppressed": "（已忽略）"},
            "en": {"error": "error", "warning": "warning", "suppressed": " (suppressed)"}}


def issue_level(x, lang: str = "zh") -> str:
    """错误 or 警告 (error or warning with --lang en); an accepted one 错误（已忽略）, so a filter on
    错误 finds only what counts."""
    words = SEVERITY["en" if lang == "en" else "zh"]
    level = words[x.severity]
    return level if x.suppressed is None else level + words["suppressed"]


def issue_message(x, lang: str) -> str:
    """A finding's message as 问题清单 lists it: one a reviewer accepted says so, with the reason
    (it is listed, never counted)."""
    text = x.message(lang)
    if x.suppressed is None:
        return text
    return f"{text} {msg('suppressed_note', reason=x.suppressed.get('reason', '')).render(lang)}"


def place_order(finding) -> tuple:
    """Natural order: sheet 2- before 10-, row 9 before row 10, then column."""
    letters, row = split_cell(finding.cell) if finding.cell else ("", 0)
    return natural(finding.sheet or ""), row, len(letters), letters


def natural(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


def issue_xml(rows: list[tuple], st: render.Styles) -> str:
    """问题清单 rows as sheet XML, each cell reference a link to that cell in its workbook."""
    return "".join(render.row([render.hyperlink(r[0], r[3], st.link, v) if i == _CELL and r[3] and v
                               else render.cell(v) for i, v in enumerate(r)]) for r in rows)


def _widths(rows: list[tuple]) -> bytes:
    """Column widths of a sample of rows (a file's first form and first issues: enough to size), to
    255 characters (Excel's widest column; the writer caps them far below)."""
    return bytes(min(render.widest(col), 255) for col in zip(*rows[:8]))


def relative(path: str, base: Path) -> str:
    """The path as a link from the summary's folder (base already resolved)."""
    folder, name = os.path.split(path)
    prefix = _relative_folder(folder, base)
    return str(path) if prefix is None else prefix + name


@lru_cache(maxsize=256)
def _relative_folder(folder: str, base: Path) -> str | None:
    """A folder's path from base, with its separator ("" for base itself); None outside base.
    Once per folder: its files are many, and resolving walks every link on the way."""
    try:
        rel = Path(folder).resolve().relative_to(base)
    except ValueError:
        return None
    return "" if rel == Path() else str(rel) + os.sep


@dataclass(frozen=True)
class SpoolWriter:
    """Renders a linted workbook's rows and appends them to this process's spool file."""

    folder: str
    base: Path
    lang: str
    styles: render.Styles
    data: bool = False           # also spool the rows as data (for --format csv/parquet)

    def __post_init__(self):
        object.__setattr__(self, "base", Path(self.base).resolve())

    def write(self, forms: list, result, units: list[str] | None = None) -> tuple[list[tuple], Parts]:
        """The workbook's 汇总 records (kept by the caller) and where its rows lie in the spool;
        units: the unit each form counts under (units.assign), else the one it names."""
        file = relative(result.path, self.base)
        records, detail = extract(forms, result, file, units) if forms else ([], [])
        issues = issue_rows(result, file, self.lang, units)
        # 汇总 rows too: rendered here, beside the others, they cost the main process only a copy
        blobs = ([render.plain_rows(rows) for rows in detail] + [issue_xml(issues, self.styles).encode()]
                 + summary_rows(records, self.styles))
        if self.data:
            blobs.append(pickle.dumps((detail, issues), pickle.HIGHEST_PROTOCOL))
        start = _append(self.folder, b"".join(blobs))
        ends = array("Q", (start + end for end in accumulate(map(len, blobs))))
        widths = {"指标明细": _widths(detail[0] if detail else []), "问题清单": _widths(issues)}
        return records, Parts(f"{os.getpid()}.bin", file, start, ends, array("I", map(len, detail)), len(issues),
                              self.data, widths)


def _append(folder: str, data: bytes) -> int:
    """Append to this process's spool file (unbuffered: a pool worker exits without flushing)."""
    key = (folder, os.getpid())
    fd = _FDS.get(key)
    if fd is None:
        # O_BINARY: on Windows a descriptor is opened in text mode otherwise, and would rewrite "\n"
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = _FDS[key] = os.open(os.path.join(folder, f"{key[1]}.bin"), flags)
    offset = os.lseek(fd, 0, os.SEEK_END)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    return offset


class Reader:
    """Reads spans back from the spool files of a run."""

    def __init__(self, folder: str):
        self.folder, self.files = folder, {}

    def read(self, name: str, span: Span) -> bytes:
        fh = self.files.get(name)
        if fh is None:
            # unbuffered: spans are read whole, in no order, and a buffer would only copy them twice
            fh = self.files[name] = open(os.path.join(self.folder, name), "rb", buffering=0)
        if _PREAD:
            return _PREAD(fh.fileno(), span[1], span[0])
        fh.seek(span[0])  # Windows has no os.pread
        return fh.read(span[1])

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()
        self.files.clear()
        # The main process may have spooled too (small runs lint in-process).
        for key in [k for k in _FDS if k[0] == self.folder]:
            os.close(_FDS.pop(key))
