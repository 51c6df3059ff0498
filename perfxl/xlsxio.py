"""Open workbooks safely: clear messages for bad files, and no zip bombs handed to a parser."""

from __future__ import annotations

import os
import re
import stat
import struct
import warnings
import zipfile
from pathlib import Path

from .errors import InputError
from .i18n import msg
from .limits import OPENPYXL_CELLS, check_file_limits

# An honest form workbook unpacks to a few MB; these limits leave two orders of magnitude spare.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000  # parts in the package: a form workbook has tens
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and legacy .xls both use OLE


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


def check_regular(path: Path) -> None:
    """Raise InputError unless path is a regular file: a FIFO or a device would block or never end."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(msg("file_missing", path=str(path))) from None
    except OSError as exc:
        raise InputError(msg("file_unreadable", path=str(path), why=exc.strerror or type(exc).__name__)) from None
    if not stat.S_ISREG(mode):
        raise InputError(msg("not_regular", path=str(path)))


def check_package(path: Path) -> None:
    """Raise InputError when path is not a plain, sane .xlsx package."""
    if path.name.startswith("~$"):
        raise InputError(msg("lock_file", path=str(path)))
    check_regular(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            members = _members(fh) if head.startswith(b"PK") else None
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
        names = {name for name, _, _ in members}
        total = sum(size for _, _, size in members)
        worst = max((size / max(packed, 1) for _, packed, size in members if size > 1 << 20), default=0)
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


_EOCD = struct.Struct("<4s4H2LH")           # end of central directory record
_ENTRY = struct.Struct("<4s6H3L5H2L")        # central directory file header


def _members(fh) -> list[tuple[str, int, int]] | None:
    """(name, packed size, unpacked size) of every member, read straight from the central directory
    of a plain zip (the case of every workbook Excel or WPS saves): a fraction of zipfile's cost.
    None for anything else (a comment, zip64, data before the archive): zipfile then reads it."""
    size = fh.seek(0, 2)
    if size < _EOCD.size:
        return None
    fh.seek(size - _EOCD.size)
    sig, disk, cd_disk, n_disk, n, cd_size, cd_offset, comment = _EOCD.unpack(fh.read(_EOCD.size))
    if sig != b"PK\x05\x06" or disk or cd_disk or n != n_disk or n == 0xFFFF or comment \
            or cd_offset + cd_size != size - _EOCD.size:
        return None
    fh.seek(cd_offset)
    cd = fh.read(cd_size)
    out, pos = [], 0
    for _ in range(n):
        if len(cd) < pos + _ENTRY.size:
            return None
        fields = _ENTRY.unpack_from(cd, pos)
        flags, packed, unpacked, name_len, extra_len, comment_len = (fields[3], *fields[8:13])
        if fields[0] != b"PK\x01\x02" or 0xFFFFFFFF in (packed, unpacked):
            return None
        raw = cd[pos + _ENTRY.size:pos + _ENTRY.size + name_len]
        try:
            out.append((raw.decode("utf-8" if flags & 0x800 else "cp437"), packed, unpacked))
        except UnicodeDecodeError:
            return None  # a name that is not what its flag says: zipfile's own reading decides
        pos += _ENTRY.size + name_len + extra_len + comment_len
    return out if pos == len(cd) else None


def open_workbook(path: Path, data_only: bool = False, read_only: bool = False):
    """openpyxl's load_workbook behind check_package, with parser failures turned into messages."""
    from openpyxl import load_workbook

    path = Path(path)
    check_package(path)
    check_file_limits(path, OPENPYXL_CELLS, merges=True)
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


def hyperlink(sheet: str, cell: str, shown: str, file: str = "") -> str:
    """HYPERLINK formula text (no "=") that jumps to sheet!cell, in file or in this workbook.

    The sheet is quoted as Excel quotes it ('O''Neil'); quotes in the text are doubled."""
    target = f"{file}#'{sheet.replace(chr(39), chr(39) * 2)}'!{cell}"
    return 'HYPERLINK("' + target.replace('"', '""') + '","' + str(shown).replace('"', '""') + '")'
