"""`consolidate --feedback DIR`: for each unit a folder to send back, its feedback workbook (概况 and
问题清单 with what to do, ready to print) beside annotated copies of its workbooks."""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from collections import Counter
from pathlib import Path

from ..atomic import check_writable, preflight, write_atomic
from ..errors import OutputExistsError
from ..forms.facts import places
from ..i18n import msg
from ..lint.report import Report
from .columns import SUMMARY_COLUMNS
from .feedback_book import Source, UnitFeedback, write_book
from .units import workbook_unit

_KEY = {c.key: i for i, c in enumerate(SUMMARY_COLUMNS)}
NAME_BYTES = 100      # a unit's folder: room beside it for a file name of COPY_BYTES and the tags
COPY_BYTES = 150      # a copy's stem: with （标注N）.xlsx and atomic.py's tag under the 255 bytes of a name
TAIL = "绩效自评检查反馈"   # in Chinese whatever --lang: the county files it among its own


def prepare(folder: Path, force: bool, inputs: list[Path]) -> None:
    """Before the long work: the feedback folder is no input's folder (its copies would be read as
    forms next time), holds no earlier feedback unless --force, and can be written."""
    folder = Path(folder)
    at = folder.resolve()
    for p in map(Path, inputs):
        base = p.resolve()
        if p.is_dir() and (at == base or base in at.parents):
            raise OutputExistsError(msg("feedback_in_input", path=str(folder), input=str(p)))
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputExistsError(msg("output_exists", path=str(folder)))
    preflight(folder / "probe.xlsx")


def _safe(text: str, room: int = NAME_BYTES) -> str:
    """Clerk text as one file-name component: generate's rules (no separators, controls, leading
    dots, Windows names), no '#' (a link's anchor), cut to room bytes with a hash of the whole."""
    from ..generate import _RESERVED, _file_safe, _shortened

    name = _shortened(_file_safe(text).replace("#", "_"), room)
    return "_" + name if _RESERVED.fullmatch(name.split(".")[0]) else name


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name.casefold())   # as a file system may compare names


def _file_unit(records: list[tuple], path: Path, units: list[str]) -> str:
    """The unit a workbook came from: the one its forms count under, else the one whose place its
    file name shows, else its own name."""
    counted = Counter(rec[_KEY["unit"]] for rec in records if rec[_KEY["unit"]]).most_common(1)
    if counted:
        return counted[0][0]
    placed = [u for u in units if places(u) & places(path.name)]
    return placed[0] if placed else workbook_unit([], str(path))


def plan(results: list, files: list[Path], records: list[list[tuple[tuple, bool]]],
         folder: Path) -> list[UnitFeedback]:
    """Each unit's folder, feedback workbook and copies: names that cannot collide, whatever the
    units are called and whatever their files are named. results, files and records (each file's 汇总
    records with whether the summary counts them: store.file_records): the run's, in the same order.
    Roll-up findings of the whole run (PX502) are the city's, not a county's: left out."""
    by_file = []
    for result, path, kept in zip(results, files, records):
        result = dataclasses.replace(result, findings=[x for x in result.findings if x.rule != "PX502"])
        by_file.append(Source(Path(path), result, kept))
    known = sorted({rec[_KEY["unit"]] for s in by_file for rec, _ in s.records if rec[_KEY["unit"]]})
    units: dict[str, UnitFeedback] = {}
    used: set[str] = set()
    for s in by_file:
        unit = _file_unit([r for r, _ in s.records], s.path, known)
        if unit not in units:
            name = _safe(unit)
            if _fold(name) in used:   # two units whose names are one once made safe
                name = _safe(f"{name}（{hashlib.sha256(unit.encode()).hexdigest()[:8]}）")
            used.add(_fold(name))
            units[unit] = UnitFeedback(unit, Path(folder) / name)
        units[unit].sources.append(s)
    for fb in units.values():
        years = fb.years
        fb.workbook = fb.folder / f"{fb.folder.name}{f'{years[0]}年度' if len(years) == 1 else ''}{TAIL}.xlsx"
        taken = {_fold(fb.workbook.name)}
        for s in fb.sources:
            stem, suffix = _safe(s.path.stem, COPY_BYTES), s.path.suffix.lower()
            n = 1
            while _fold(name := f"{stem}（标注{n if n > 1 else ''}）{suffix}") in taken:
                n += 1
            taken.add(_fold(name))
            s.copy = fb.folder / name
    return list(units.values())


def check(plans: list[UnitFeedback], force: bool, inputs: tuple[Path, ...]) -> None:
    """Every output's place, before any is written: none over an input, none over a file without --force."""
    for fb in plans:
        for target in [fb.workbook] + [s.copy for s in fb.sources]:
            check_writable(target, force, inputs)


def write(plans: list[UnitFeedback], lang: str = "zh", summary_title: str = "") -> list[tuple[Path, str | None]]:
    """Annotated copies (guarded workers, as lint --annotate), then each unit's workbook: (path,
    None) for each file written, (path, why) for a copy that could not be made (its findings are
    still listed, without links)."""
    from ..lint.annotate import annotate_all

    pairs = [(s.path, s.copy) for fb in plans for s in fb.sources if s.result.error is None]
    report = Report([s.result for fb in plans for s in fb.sources])
    done: list[tuple[Path, str | None]] = list(annotate_all(pairs, report, lang))
    failed = {target for target, why in done if why}
    for fb in plans:
        for s in fb.sources:
            if s.copy in failed or s.result.error is not None:
                s.copy = None
        write_atomic(fb.workbook, lambda tmp, fb=fb: write_book(tmp, fb, lang, summary_title))
        done.append((fb.workbook, None))
    return done
