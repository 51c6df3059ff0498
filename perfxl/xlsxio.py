"""Open workbooks safely: clear messages for bad files, and no zip bombs handed to a parser."""

from __future__ import annotations

import io
import os
import re
import stat
import warnings
import zipfile
from operator import itemgetter
from pathlib import Path

from . import zipparts
from .errors import InputError
from .i18n import msg
from .limits import OPENPYXL_CELLS, check_file_limits

# An honest form workbook unpacks to a few MB; these limits leave two orders of magnitude spare.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000  # parts in the package: a form workbook has tens
MAX_HELD = 32 * 1024 * 1024  # a package up to this size is read into memory once (a form's is tens of KB)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and legacy .xls both use OLE
_NAME, _SIZE = itemgetter(0), itemgetter(2)  # of a member: zipparts.Member or (name, packed, size)


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # not workbook text
_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def clean_text(value: str) -> str:
    """Text a workbook can hold: characters XML 1.0 forbids removed, and text that looks like
    Excel's _xHHHH_ escape kept literal (_x005F_ is the escaped underscore), so it reads back as
    written. Everything perfxl writes from a form's text goes through here."""
    if not value.isprintable():  # a C-speed test; control characters are rare (\t \n \r stay)
        value = _ILLEGAL.sub("", value)
    if "_x" in value:
        value = _ESCAPE.sub(r"_x005F_\1", value)
    return value


def shown_name(path) -> str:
    """A path as text that can be printed and written anywhere: a file name that is not valid
    UTF-8 (from another system's archive) shows its undecodable bytes as �."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "replace")
    return text


def check_regular(path: Path) -> int:
    """Raise InputError unless path is a regular file: a FIFO or a device would block or never end.
    Returns its size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(msg("file_missing", path=str(path))) from None
    except OSError as exc:
        raise InputError(msg("file_unreadable", path=str(path), why=exc.strerror or type(exc).__name__)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(msg("not_regular", path=str(path)))
    return info.st_size


def check_package(path: Path) -> zipparts.Listing | None:
    """Raise InputError when path is not a plain, sane .xlsx package. Returns its members as read
    from a plain zip's central directory, with the file's bytes when it is small enough to hold
    (None: zipfile read it), for check_file_limits and the comments: the file is opened once."""
    if path.name.startswith("~$"):
        raise InputError(msg("lock_file", path=str(path)))
    size = check_regular(path)
    try:
        with open(path, "rb") as fh:  # a small file in one read, its head sliced off it
            data = fh.read(size + 8) if size <= MAX_HELD else None
            head = fh.read(8) if data is None else data[:8]
            listed = zipparts.members(io.BytesIO(data) if data is not None else fh) if head.startswith(b"PK") \
                else None
            members = listed  # (name, packed, size, …) each, as the tuples zipfile's reading makes below
    except FileNotFoundError:
        raise InputError(msg("file_missing", path=str(path))) from None
    except OSError as exc:
        raise InputError(msg("file_unreadable", path=str(path), why=exc.strerror or type(exc).__name__)) from None
    if not head:
        raise InputError(msg("empty_file", path=str(path)))
    if head == OLE_MAGIC:
        raise InputError(msg("encrypted", path=str(path)))
    try:
        if members is None:  # anything unusual: zipfile's full reading
            with zipfile.ZipFile(path) as zf:
                members = [(i.filename, i.compress_size, i.file_size) for i in zf.infolist()]
        names, sizes = set(map(_NAME, members)), list(map(_SIZE, members))
        total = sum(sizes)
        worst = max((m[2] / max(m[1], 1) for m in members if m[2] > 1 << 20), default=0) \
            if sizes and max(sizes) > 1 << 20 else 0  # the ratio of a large part: a form's parts are small
    except (zipfile.BadZipFile, OSError) as exc:
        if not head.startswith(b"PK"):
            raise InputError(msg("not_workbook", path=str(path))) from None
        # a zip whose end (central directory) is missing or damaged
        raise InputError(msg("truncated", path=str(path), why="zip" if isinstance(exc, zipfile.BadZipFile)
                             else str(exc))) from None
    if total > MAX_UNPACKED or worst > MAX_RATIO or len(members) > MAX_MEMBERS:
        raise InputError(msg("too_large", path=str(path), size=total // (1 << 20)))
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise InputError(msg("not_workbook", path=str(path)))
    return None if listed is None else zipparts.Listing(listed, data, {})


def check_ods(path: Path) -> None:
    """Raise InputError unless path is a sane OpenDocument spreadsheet (.ods, as LibreOffice and WPS
    save it): a regular file, a zip within the package bounds above, with its content.xml."""
    check_regular(path)
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(msg("not_ods", path=str(path), why=type(exc).__name__)) from None
    total = sum(m.file_size for m in members)
    worst = max((m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 1 << 20), default=0)
    if total > MAX_UNPACKED or worst > MAX_RATIO or len(members) > MAX_MEMBERS:
        raise InputError(msg("too_large", path=str(path), size=total // (1 << 20)))
    if "content.xml" not in {m.filename for m in members}:
        raise InputError(msg("not_ods", path=str(path), why="content.xml"))


def open_workbook(path: Path, data_only: bool = False, read_only: bool = False):
    """openpyxl's load_workbook behind check_package, with parser failures turned into messages."""
    from openpyxl import load_workbook

    path = Path(path)
    check_file_limits(path, OPENPYXL_CELLS, merges=True, listed=check_package(path))
    keep_vba = path.suffix.lower() == ".xlsm"
    with warnings.catch_warnings():  # openpyxl's notes on odd styles are not for a clerk
        warnings.simplefilter("ignore")
        try:
            return load_workbook(path, data_only=data_only, read_only=read_only, keep_vba=keep_vba)
        except Exception as exc:
            why = type(exc).__name__
        try:  # control characters raw in the XML (other writers let them through): read a cleaned copy
            return load_workbook(_without_controls(path), data_only=data_only, read_only=read_only,
                                 keep_vba=keep_vba)
        except Exception:
            raise InputError(msg("truncated", path=shown_name(path), why=why)) from None


_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_REF = re.compile(rb"&#(?:x0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]));")


def _without_controls(path: Path):
    """The package in memory with control characters (raw, or as &#x1;) taken out of its XML."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                data = _CONTROL_REF.sub(b"", _RAW_CONTROL.sub(b"", data))
            dst.writestr(item, data)
    out.seek(0)
    return out


def quoted(sheet: str) -> str:
    """A sheet's name as a reference quotes it, as Excel does ('O''Neil')."""
    return "'" + sheet.replace("'", "''") + "'"


def hyperlink(sheet: str, cell: str, shown: str, file: str = "") -> str:
    """HYPERLINK formula text (no "=") that jumps to sheet!cell, in file or in this workbook.

    The sheet is quoted as Excel quotes it ('O''Neil'); quotes in the text are doubled."""
    target = f"{file}#{quoted(sheet)}!{cell}"
    return 'HYPERLINK("' + target.replace('"', '""') + '","' + str(shown).replace('"', '""') + '")'
