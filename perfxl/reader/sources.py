"""Load a workbook file into grids with python-calamine; formulas computed only where results are missing."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..forms.cells import column_index, split_cell
from ..i18n import msg
from ..limits import check_file_limits
from ..template.markers import META_SHEET
from ..xlsxio import check_ods, check_package, check_regular
from .formats import percent_cells
from .grid import Grid
from .package import formula_counts, read_package


@dataclass
class Book:
    """A workbook as the linter sees it."""

    path: Path
    grids: list[Grid]
    ours: bool = False                 # carries perfxl's template markers
    computed: dict = field(default_factory=dict)  # (sheet, A1) -> value computed from the formulas
    in_memory: bool = False            # grids of an open workbook: there is no file to read
    owned: dict = field(default_factory=dict)     # (sheet, computed) -> template-owned cells (reader.ours)
    unread: list = field(default_factory=list)  # (sheet, error) of sheets the reader failed on
    members: list | None = None        # the package's parts as check_package read them (None: unknown)
    _package: object = None
    _computed: bool = False            # computed once, even when it failed (no retry per rule)

    def package(self):
        """Defined names and formulas of our own forms (read once, on first use; None if unreadable)."""
        if self._package is None and self.ours and not self.in_memory:
            try:
                self._package = read_package(self.path)
            except (OSError, KeyError, zipfile.BadZipFile):
                self._package = False
        return self._package or None

    def compute(self) -> None:
        if not self._computed and not self.in_memory:
            compute(self)


def _calamine_grids(path: Path, package: bytes | None = None) -> list[Grid]:
    """package: the file's package as the checks passed it (zipparts.Listing.stored_copy), read instead."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        str(path).encode("utf-8")
        wb = CalamineWorkbook.from_path(str(path)) if package is None else \
            CalamineWorkbook.from_filelike(io.BytesIO(package))
    except UnicodeEncodeError:  # a name that is not UTF-8: the parser takes the open file instead
        with open(path, "rb") as fh:
            wb = CalamineWorkbook.from_filelike(fh)
    grids = []
    for meta in wb.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        rows = sheet.to_python(skip_empty_area=False)
        merged = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or [])]
        grids.append(Grid(meta.name, rows, merged, hidden=meta.visible != SheetVisibleEnum.Visible))
    return grids


def _read_grids(path: Path, package: bytes | None) -> list[Grid]:
    """The grids from the checked package's stored copy; any failure there is read again from the
    file itself, so a file the parser refuses is refused in its own words."""
    if package is not None:
        try:
            return _calamine_grids(path, package)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a Rust panic is a BaseException
            pass
    return _calamine_grids(path)


class _FormatLoader:
    """Reads the package's percent formats once, the first time any grid of the book asks.

    It holds the grids' tables of formats, not the grids: grid -> loader -> grid would be a cycle,
    which keeps a workbook's sheets in memory until a garbage collection finds it (a worker's young
    collections walked them again and again, and a workbook left ~1,000 objects to collect)."""

    def __init__(self, path: Path, grids: list[Grid]):
        self.path, self.tables = path, [(grid.name, grid.formats) for grid in grids]

    def __call__(self) -> None:
        tables, self.tables = self.tables, []  # once: the other grids find nothing left to fill
        if tables:
            percent = percent_cells(self.path)
            for name, formats in tables:
                formats.update({cell: "0.00%" for cell in percent.get(name, ())})


# Compound (OLE) files: Excel's old .xls and WPS's own .et, which shares its format; and the
# OpenDocument .ods. python-calamine reads them all; only .xlsx/.xlsm have formats and formulas read.
OLE_SUFFIXES, ODS = (".xls", ".et"), ".ods"


def load_book(path: Path) -> Book:
    """Read a workbook; InputError (→ PX001) when it cannot be read (a WPS .et: save it as .xlsx)."""
    path = Path(path)
    suffix = path.suffix.lower()
    listed = None
    if suffix in OLE_SUFFIXES:
        check_regular(path)
    elif suffix == ODS:
        check_ods(path)
    else:
        listed = check_package(path)
        check_file_limits(path, listed=listed)
    try:
        grids = _read_grids(path, None if listed is None else listed.stored_copy())
    except BaseException as exc:  # a Rust panic in the parser is a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        if listed is not None:  # a capped worker skipped the scans that name a crafted grid: run them now
            check_file_limits(path, listed=listed, hidden=True)
        name = type(exc).__name__
        key = "encrypted" if "Password" in name or "ncrypt" in str(exc) else "truncated"
        raise InputError(msg("et_unreadable" if suffix == ".et" else key, path=str(path), why=name)) from None
    if suffix not in (*OLE_SUFFIXES, ODS):
        loader = _FormatLoader(path, grids)
        for grid in grids:
            grid.load_formats = loader
    return Book(path, grids, ours=any(g.name == META_SHEET for g in grids),
                members=None if listed is None else listed.members)


def compute(book: Book, formulas: int | None = None) -> None:
    """formulas: how many the book has, when the caller has counted them."""
    from ..evaluate import MAX_FORMULAS, compute_formulas  # books saved without results only: rare

    book._computed = True
    if formulas is None:
        formulas = formula_counts(book.path)[0]
    try:
        book.computed = compute_formulas(book.path) if formulas <= MAX_FORMULAS else {}
    except Exception:
        book.computed = {}
    _fill_computed(book)


def fill_uncached(book: Book) -> bool:
    """Compute formulas saved without values (files written by scripts); True when it did.

    Called only when the forms read show empty cells where results belong: an Excel- or
    WPS-saved workbook always carries its results, and the check costs a read of every sheet."""
    if (book.in_memory or book._computed or book.path.suffix.lower() in (*OLE_SUFFIXES, ODS)
            or not book.path.exists()):
        return False
    formulas, uncached = formula_counts(book.path)  # one read of the sheets for both answers
    if not uncached:
        return False
    compute(book, formulas)
    return True


def _fill_computed(book: Book) -> None:
    by_sheet = {g.name.upper(): g for g in book.grids}
    for (sheet, ref), value in book.computed.items():
        grid = by_sheet.get(sheet)
        if grid is None:
            continue
        letters, row = split_cell(ref)
        col = column_index(letters)
        if grid.raw(row, col) is None and value not in ("", None):
            grid.set(row, col, value)
