"""The collection point's records in SQLite: rounds, their units with upload tokens, submissions."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from .security import new_token

SCHEMA = """
CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL, roster_name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY, round_id INTEGER NOT NULL REFERENCES rounds(id), position INTEGER NOT NULL,
    name TEXT NOT NULL, file_name TEXT NOT NULL, token TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id), received TEXT NOT NULL,
    client_name TEXT NOT NULL, stored TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'checking', forms INTEGER, errors INTEGER, warnings INTEGER,
    result TEXT, annotated INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS submissions_unit ON submissions(unit_id, id);
"""

CHECKING, CHECKED, UNREADABLE = "checking", "checked", "unreadable"


def now() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class Store:
    """One connection shared under a lock: writes are few and short; SQLite serialises them anyway."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.lock = threading.Lock()
        self.db = sqlite3.connect(folder / "perfxl.sqlite3", check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def _all(self, sql: str, *args) -> list[sqlite3.Row]:
        with self.lock:
            return self.db.execute(sql, args).fetchall()

    def _one(self, sql: str, *args) -> sqlite3.Row | None:
        with self.lock:
            return self.db.execute(sql, args).fetchone()

    # rounds and units
    def create_round(self, name: str, roster_name: str, units: list[tuple[str, str]]) -> int:
        """A round with its units ((name, file name) in roster order), each given an upload token."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                rid = self.db.execute("INSERT INTO rounds(name, created, roster_name) VALUES (?, ?, ?)",
                                      (name, now(), roster_name)).lastrowid
                self.db.executemany("INSERT INTO units(round_id, position, name, file_name, token) "
                                    "VALUES (?, ?, ?, ?, ?)",
                                    [(rid, i, u, f, new_token()) for i, (u, f) in enumerate(units)])
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return rid

    def rounds(self) -> list[sqlite3.Row]:
        return self._all("SELECT * FROM rounds ORDER BY id DESC")

    def round(self, rid: int) -> sqlite3.Row | None:
        return self._one("SELECT * FROM rounds WHERE id = ?", rid)

    def units(self, rid: int) -> list[sqlite3.Row]:
        return self._all("SELECT * FROM units WHERE round_id = ? ORDER BY position", rid)

    def unit(self, uid: int) -> sqlite3.Row | None:
        return self._one("SELECT * FROM units WHERE id = ?", uid)

    def unit_by_token(self, token: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM units WHERE token = ?", token)

    # submissions
    def add_submission(self, unit_id: int, client_name: str, stored: str, size: int, sha256: str) -> int:
        with self.lock:
            return self.db.execute(
                "INSERT INTO submissions(unit_id, received, client_name, stored, size, sha256) VALUES (?,?,?,?,?,?)",
                (unit_id, now(), client_name, stored, size, sha256)).lastrowid

    def finish(self, sid: int, status: str, forms: int, errors: int, warnings: int, result: dict,
               annotated: bool) -> None:
        with self.lock:
            self.db.execute("UPDATE submissions SET status=?, forms=?, errors=?, warnings=?, result=?, annotated=? "
                            "WHERE id=?", (status, forms, errors, warnings, json.dumps(result, ensure_ascii=False),
                                           int(annotated), sid))

    def submissions(self, unit_id: int) -> list[sqlite3.Row]:
        return self._all("SELECT * FROM submissions WHERE unit_id = ? ORDER BY id DESC", unit_id)

    def submission(self, sid: int, unit_id: int) -> sqlite3.Row | None:
        """A submission only together with its unit: a unit's token never reaches another's rows."""
        return self._one("SELECT * FROM submissions WHERE id = ? AND unit_id = ?", sid, unit_id)

    def pending(self) -> list[sqlite3.Row]:
        """Submissions whose check never finished (the server stopped): checked again at start."""
        return self._all("SELECT * FROM submissions WHERE status = ?", CHECKING)

    def latest(self, rid: int) -> dict[int, sqlite3.Row]:
        """Each unit's newest submission in a round, with its count of submissions."""
        rows = self._all(
            "SELECT s.*, (SELECT COUNT(*) FROM submissions c WHERE c.unit_id = s.unit_id) AS count "
            "FROM submissions s JOIN units u ON u.id = s.unit_id WHERE u.round_id = ? AND s.id = "
            "(SELECT MAX(id) FROM submissions m WHERE m.unit_id = s.unit_id)", rid)
        return {r["unit_id"]: r for r in rows}
