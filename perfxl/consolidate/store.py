"""The roll-up's forms on disk: a SQLite file in the run's spool folder, so the main process holds
none of a city's thousands of forms while it settles, sorts and writes them (its memory stays flat
in the number of workbooks; SQLite keeps a page cache of 1 MB and sorts beyond it on disk)."""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from ..forms.facts import name_key
from .columns import SUMMARY_COLUMNS
from .spool import Span

_KEY = {c.key: i for i, c in enumerate(SUMMARY_COLUMNS)}
_ORDERED = [_KEY[k] for k in ("unit", "project", "file", "sheet")]   # 汇总's order
_PICKLE = pickle.HIGHEST_PROTOCOL

_SCHEMA = """
CREATE TABLE files (ci INTEGER PRIMARY KEY, file BLOB, parts BLOB, mtime REAL);
CREATE TABLE forms (
    id INTEGER PRIMARY KEY, rec BLOB,                 -- id: the file's index in the run << 20, + the form's in it
    unit BLOB, project BLOB, file BLOB, sheet BLOB,   -- 汇总's order
    copy BLOB,                                        -- which forms are one form (rollup.settle)
    name BLOB,                                        -- … but for the year (NULL: no 项目名称)
    named INTEGER, year INTEGER, filed TEXT,
    dropped INTEGER DEFAULT 0, changed INTEGER DEFAULT 0,
    spool TEXT, summary_at INTEGER, summary_len INTEGER, detail_at INTEGER, detail_len INTEGER,
    detail_rows INTEGER, data_at INTEGER, data_len INTEGER);
"""
# Made once the forms are in (one sort each, not an update per form added): settle finds the
# copies of a form through the first, the tables read the forms in order through the others
# (a sort of each read would hold its rows).
_INDEXES = ("CREATE INDEX by_copy ON forms (copy)", "CREATE INDEX by_name ON forms (name)",
            "CREATE INDEX in_order ON forms (unit, project, file, sheet, id)",
            "CREATE INDEX files_in_order ON files (file, ci)")
_INSERT = ("INSERT INTO forms (id, rec, unit, project, file, sheet, copy, name, named, year, filed, spool, "
           "summary_at, summary_len, detail_at, detail_len, detail_rows, data_at, data_len) VALUES ("
           + ", ".join("?" * 19) + ")")
_ORDER = "ORDER BY unit, project, file, sheet, id"   # Python's sort of the texts, stable in file order
_FILE = 20   # id >> _FILE: the file's index in the run (a workbook has at most MAX_SHEETS sheets of forms)


class Placed(NamedTuple):
    """A counted form in 汇总's order: its record and where the worker spooled its rows."""

    rec: tuple | None          # its 汇总 record where the roll-up changed it since the worker rendered it
    spool: str                 # the spool file
    summary: Span | None       # its 汇总 row as the worker rendered it; None where the roll-up changed it
    data: Span | None          # its file's rows as data (CSV/Parquet), with ri its place in them
    ri: int


class Copy(NamedTuple):
    """One copy of a form: what decides which copy counts (rollup.settle), and its record."""

    filed: date | None         # the form's 填报日期
    mtime: float               # its file's modification time
    file: str
    ci: int                    # its file, in the run's order
    ri: int                    # its record in that file
    rec: tuple


def text(value) -> bytes:
    """A text as SQLite compares it the way Python sorts str: UTF-8 bytes are in code-point order
    (surrogatepass: a file name that is not UTF-8 keeps its place)."""
    return ("" if value is None else str(value)).encode("utf-8", "surrogatepass")


def form_rows(records: list[tuple], parts, dates: list[date | None] | None = None) -> list[tuple]:
    """A workbook's forms as the store keeps them (all but their file's index in the run): made by
    the worker, so the main process only inserts them. dates: each form's 填报日期, if any.

    Which forms are one form: (unit, project with its budget code, year) as a clerk means them
    (name_key): two of one name and other codes are two projects. A form without its 项目名称
    (PX301) cannot be told apart from another file's: it is one with its own workbook's alone
    (Store.add adds the file to its key)."""
    data = parts.data or (None, None)
    rows = []
    for ri, rec in enumerate(records):
        unit, project, year = name_key(rec[_KEY["unit"]]), name_key(rec[_KEY["project"]], True), rec[_KEY["year"]]
        name = f"{unit}\0{project}"
        filed = dates[ri] if dates else None
        rows.append((ri, pickle.dumps(rec, _PICKLE), *(text(rec[i]) for i in _ORDERED), text(f"{name}\0{year}"),
                     text(name) if project else None, bool(project), year, filed and filed.isoformat(), parts.name,
                     *parts.summary(ri), *parts.indicators(ri), parts.counts[ri], *data))
    return rows


class Store:
    """The forms of a run, added as the workers hand them over, read back in the order asked."""

    def __init__(self, folder: str):
        # isolation_level None: one transaction, begun here; no journal, no sync: the file dies with the run
        self.db = sqlite3.connect(os.path.join(folder, "forms.sqlite"), isolation_level=None)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                              "PRAGMA cache_size=-1024;" + _SCHEMA)
        self.db.execute("BEGIN")
        self.files = 0
        self.indexed = False                     # _INDEXES made
        self.issues = 0                          # 问题清单 rows of all files
        self.widths: dict[str, list[int]] = {}   # sheet -> widest sample of each column, over the files

    def close(self) -> None:
        self.db.close()

    def add(self, collected) -> int:
        """A worker's Collected (its forms made by form_rows); its index in the run."""
        ci, parts = self.files, collected.parts
        self.files += 1
        self.db.execute("INSERT INTO files VALUES (?, ?, ?, ?)",
                        (ci, text(parts.file), pickle.dumps(parts, _PICKLE), collected.mtime))
        own = b"\0%d" % ci   # a nameless form is one with its own workbook's alone
        first = ci << _FILE
        self.db.executemany(_INSERT, ((first + row[0], *row[1:6], row[6] if row[7] else row[6] + own, *row[7:])
                                      for row in collected.forms))
        self.issues += parts.issue_count
        for sheet, ws in parts.widths.items():
            have = self.widths.setdefault(sheet, [])
            self.widths[sheet] = list(map(max, have, ws)) + have[len(ws):] + list(ws[len(have):])
        return ci

    # -- what rollup.settle asks

    def leave_out_years(self, year: int) -> tuple[int, int]:
        """Leave out the forms of other years; (forms, of them those that state no year), each form
        counted once however many copies came, and each nameless one on its own."""
        self._indexed()
        other = "year IS NOT ? AND dropped = 0"
        forms = self._one(f"SELECT COUNT(DISTINCT copy) FROM forms WHERE {other} AND named", year)
        forms += self._one(f"SELECT COUNT(*) FROM forms WHERE {other} AND NOT named", year)
        no_year = self._one("SELECT COUNT(DISTINCT copy) FROM forms WHERE year IS NULL AND named") + self._one(
            "SELECT COUNT(*) FROM forms WHERE year IS NULL AND NOT named")
        self.db.execute(f"UPDATE forms SET dropped = 1 WHERE {other}", (year,))
        return forms, no_year

    def years(self) -> list[int]:
        """The years of the forms counted, ascending."""
        return [y for (y,) in self.db.execute("SELECT DISTINCT year FROM forms WHERE dropped = 0 AND year IS NOT NULL "
                                              "ORDER BY year")]

    def year_for_no_year(self) -> None:
        """A copy that states no year is one with the copies of its form (its unit and project) that
        state one, where they state one year alone: a county that sent the form first without a year
        and again with it has sent one form twice, not two."""
        self._indexed()
        for name, year in self.db.execute("SELECT name, MAX(year) FROM forms WHERE dropped = 0 AND name IS NOT NULL "
                                          "GROUP BY name HAVING COUNT(DISTINCT year) = 1 AND COUNT(year) < COUNT(*)"
                                          ).fetchall():
            self.db.execute("UPDATE forms SET copy = ? WHERE name = ? AND year IS NULL AND dropped = 0",
                            (name + f"\0{year}".encode(), name))

    def repeated(self) -> Iterator[list[Copy]]:
        """The copies of each form that came more than once, in file order; the forms in the order
        their first copies came."""
        self._indexed()
        keys = [k for (k,) in self.db.execute("SELECT copy FROM forms WHERE dropped = 0 GROUP BY copy "
                                              "HAVING COUNT(*) > 1 ORDER BY MIN(id)")]
        for key in keys:
            yield [_copy(filed, mtime, i, pickle.loads(rec)) for i, filed, mtime, rec in self.db.execute(
                       f"SELECT id, filed, mtime, rec FROM forms JOIN files ON files.ci = forms.id >> {_FILE} "
                       "WHERE copy = ? AND dropped = 0 ORDER BY id", (key,))]

    def drop(self, ci: int, ri: int) -> None:
        self.db.execute("UPDATE forms SET dropped = 1 WHERE id = ?", ((ci << _FILE) + ri,))

    def replace(self, ci: int, ri: int, rec: tuple) -> None:
        """The roll-up changed a form's record (a PX501 counted): the writer renders its row anew."""
        self.db.execute("UPDATE forms SET rec = ?, changed = 1 WHERE id = ?",
                        (pickle.dumps(rec, _PICKLE), (ci << _FILE) + ri))

    def file_index(self, file: str) -> int | None:
        """The run's index of a file (by its path from the summary's folder)."""
        return self._one("SELECT ci FROM files WHERE file = ?", text(file))

    # -- what the tables and the writer read

    def count(self) -> int:
        return self._one("SELECT COUNT(*) FROM forms WHERE dropped = 0")

    def detail_rows(self) -> int:
        return self._one("SELECT COALESCE(SUM(detail_rows), 0) FROM forms WHERE dropped = 0")

    def records(self) -> Iterator[tuple]:
        """The counted forms' records in 汇总's order."""
        self._indexed()
        return (pickle.loads(rec) for (rec,) in self.db.execute(f"SELECT rec FROM forms WHERE dropped = 0 {_ORDER}"))

    def placed(self) -> Iterator[Placed]:
        """The counted forms in 汇总's order, with where their 汇总 rows (and data) lie in the spool."""
        self._indexed()
        # the record only where the row is rendered anew: the others' rows are in the spool
        for rec, spool, s_at, s_len, data_at, data_len, ri in self.db.execute(
                "SELECT CASE WHEN changed THEN rec END, spool, summary_at, summary_len, data_at, data_len, "
                f"id & {(1 << _FILE) - 1} "
                f"FROM forms WHERE dropped = 0 {_ORDER}"):
            yield Placed(rec and pickle.loads(rec), spool, None if rec else (s_at, s_len),
                         None if data_at is None else (data_at, data_len), ri)

    def details(self) -> Iterator[tuple[str, Span]]:
        """Where each counted form's 指标明细 rows lie (spool file, span), in 汇总's order."""
        self._indexed()
        return ((spool, (at, length)) for spool, at, length in self.db.execute(
            f"SELECT spool, detail_at, detail_len FROM forms WHERE dropped = 0 {_ORDER}"))

    def parts(self) -> Iterator:
        """Every file's Parts (spool.py), in 问题清单's order: by file, then as they came."""
        self._indexed()
        return (pickle.loads(p) for (p,) in self.db.execute("SELECT parts FROM files ORDER BY file, ci"))

    def file_records(self, ci: int) -> list[tuple[tuple, bool]]:
        """A file's records as the roll-up left them, each with whether the summary counts it."""
        return [(pickle.loads(rec), not dropped) for rec, dropped in self.db.execute(
            "SELECT rec, dropped FROM forms WHERE id BETWEEN ? AND ? ORDER BY id",
            (ci << _FILE, ((ci + 1) << _FILE) - 1))]

    def _indexed(self) -> None:
        """_INDEXES, made when the first question is asked: every form is in by then."""
        if not self.indexed:
            for statement in _INDEXES:
                self.db.execute(statement)
            self.indexed = True

    def _one(self, sql: str, *args):
        row = self.db.execute(sql, args).fetchone()
        return row[0] if row else None


def _copy(filed: str | None, mtime: float, form: int, rec: tuple) -> Copy:
    return Copy(date.fromisoformat(filed) if filed else None, mtime, rec[_KEY["file"]], form >> _FILE,
                form & ((1 << _FILE) - 1), rec)
