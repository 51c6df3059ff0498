"""The bureau's collection point: a round from a roster, each unit's submissions checked, the roll-up."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..consolidate.run import consolidate, roster_units
from ..generate import workbook_name
from ..lint.check import file_error
from ..lint.report import FileResult
from ..roster import read_roster
from .checking import annotate_files, as_json, check_files, counts
from .store import CHECKED, UNREADABLE, Store
from .uploads import copy_file

ROSTER = "名单.xlsx"           # the round's roster, under the server's name
ANNOTATED = "标注副本.xlsx"


@dataclass
class Collection:
    """Rounds on disk under the data folder, their records in the store."""

    folder: Path
    store: Store

    def round_folder(self, rid: int) -> Path:
        return self.folder / "rounds" / str(rid)

    def roster(self, rid: int) -> Path:
        return self.round_folder(rid) / ROSTER

    def create_round(self, name: str, roster_upload: Path, roster_name: str) -> int:
        """Read the roster (a RosterError names every problem's sheet, row and column), then record
        the round with one upload token per 县区/单位 in the roster's order."""
        requests = read_roster(roster_upload, file_name=workbook_name)
        groups: dict[str, list] = {}
        for r in requests:
            groups.setdefault(r.group, []).append(r)
        rid = self.store.create_round(name, roster_name,
                                      [(g, workbook_name(g, reqs)) for g, reqs in groups.items()])
        self.round_folder(rid).mkdir(parents=True, exist_ok=True)
        copy_file(roster_upload, self.roster(rid))
        return rid

    def submission_folder(self, unit, sid: int) -> Path:
        return self.round_folder(unit["round_id"]) / "units" / str(unit["id"]) / str(sid)

    def receive(self, unit, upload: Path, client_name: str, suffix: str) -> int:
        """Store a unit's upload as a new submission (earlier ones are kept: the history)."""
        data_hash = _sha256(upload)
        stored = Path(unit["file_name"]).with_suffix(suffix).name  # the roster's unit name, never the client's
        sid = self.store.add_submission(unit["id"], client_name, stored, upload.stat().st_size, data_hash)
        folder = self.submission_folder(unit, sid)
        folder.mkdir(parents=True, exist_ok=True)
        shutil.move(str(upload), folder / stored)
        return sid

    def check(self, unit, sid: int, lang: str = "zh") -> None:
        """Lint the submission against the round's roster (PX304), store its findings and annotated copy.
        Whatever goes wrong, the submission leaves 检查中: a county is never left waiting on a check
        that ended (it reads as unreadable, with the reason)."""
        try:
            self._check(unit, sid, lang)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            why = f"{type(exc).__name__}: {exc}"[:200]
            result = FileResult(str(sid), file_error(f"检查时出错（{why}），请重新上传或联系管理员",
                                                     f"the check failed ({why}); upload again or tell the bureau"))
            self.store.finish(sid, UNREADABLE, 0, 1, 0, as_json(result), False)
            raise

    def _check(self, unit, sid: int, lang: str) -> None:
        row = self.store.submission(sid, unit["id"])
        folder = self.submission_folder(unit, sid)
        path = folder / row["stored"]
        units = _roster_units(self.roster(unit["round_id"]))
        result = check_files([path], [row["client_name"]], units)[0]
        annotated = False
        if result.error is None:
            annotated = annotate_files([(path, folder / ANNOTATED)], [result], lang)[0] is None
        errors, warnings = counts(result)
        self.store.finish(sid, UNREADABLE if result.error else CHECKED, len(result.forms), errors, warnings,
                          as_json(result), annotated)

    def annotated(self, unit, sid: int) -> Path:
        return self.submission_folder(unit, sid) / ANNOTATED

    def rollup(self, rid: int, lang: str = "zh") -> tuple[Path, Path]:
        """The summary workbook of `perfxl consolidate` over each unit's latest checked submission,
        with the round's roster (名单核对 lists who has not sent), and a zip of it beside the
        workbooks it counted and each unit's feedback folder (--feedback: its feedback workbook and
        annotated copies; links are relative, so they work once unpacked).
        Both written into the round's folder."""
        rnd = self.store.round(rid)
        latest = self.store.latest(rid)
        units = {u["id"]: u for u in self.store.units(rid)}
        out = self.round_folder(rid) / "汇总" / f"{_safe(rnd['name'])}汇总.xlsx"
        with tempfile.TemporaryDirectory(prefix="perfxl-rollup-") as tmp:
            inputs = Path(tmp) / "收到的自评表"
            inputs.mkdir()
            for unit_id, sub in latest.items():
                if sub["status"] in (CHECKED, UNREADABLE):
                    copy_file(self.submission_folder(units[unit_id], sub["id"]) / sub["stored"],
                              inputs / sub["stored"])
            made = Path(tmp) / out.name
            feedback = Path(tmp) / ("反馈" if lang != "en" else "feedback")
            consolidate([inputs], made, True, self.roster(rid), lang=lang, progress=False, feedback=feedback,
                        empty_ok=True)
            write_atomic(out, lambda target: shutil.copyfile(made, target))
            bundle = out.with_suffix(".zip")
            write_atomic(bundle, lambda target: _zip(target, made, (inputs, feedback)))
        return out, bundle


def _zip(target: Path, summary: Path, folders: tuple[Path, ...]) -> None:
    """The summary, the workbooks it counted and each unit's feedback folder, as they lay beside it."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(summary, summary.name)
        for folder in folders:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                z.write(path, path.relative_to(folder.parent).as_posix())


def _roster_units(roster: Path) -> dict:
    try:
        return roster_units(read_roster(roster))
    except Exception:  # the roster was read when the round was made; never fail a county's check on it
        return {}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def _safe(name: str) -> str:
    """A round's name fit for a file name (the summary's title comes from it)."""
    return workbook_name(name, []).removesuffix("绩效自评表.xlsx") or "绩效自评"


def result_of(row, lang: str) -> dict | None:
    return json.loads(row["result"])[lang] if row["result"] else None
