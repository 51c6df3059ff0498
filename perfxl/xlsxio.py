"""Open workbooks safely: clear messages for bad files, and no zip bombs handed to a parser."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import InputError
from .i18n import msg

# An honest form workbook unpacks to a few MB; these limits leave two orders of magnitude spare.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and legacy .xls both use OLE


def check_package(path: Path) -> None:
    """Raise InputError when path is not a plain, sane .xlsx package."""
    if not path.exists():
        raise InputError(msg("file_missing", path=str(path)))
    if path.name.startswith("~$"):
        raise InputError(msg("lock_file", path=str(path)))
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(msg("file_unreadable", path=str(path), why=exc.strerror or type(exc).__name__)) from None
    if not head:
        raise InputError(msg("empty_file", path=str(path)))
    if head == OLE_MAGIC:
        raise InputError(msg("encrypted", path=str(path)))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            worst = max((i.file_size / max(i.compress_size, 1) for i in infos if i.file_size > 1 << 20),
                        default=0)
    except (zipfile.BadZipFile, OSError) as exc:
        if not head.startswith(b"PK"):
            raise InputError(msg("not_workbook", path=str(path))) from None
        # a zip whose end (central directory) is missing or damaged
        raise InputError(msg("truncated", path=str(path), why="zip" if isinstance(exc, zipfile.BadZipFile)
                             else str(exc))) from None
    if total > MAX_UNPACKED or worst > MAX_RATIO:
        raise InputError(msg("too_large", path=str(path), size=total // (1 << 20)))
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise InputError(msg("not_workbook", path=str(path)))


def open_workbook(path: Path, data_only: bool = False, read_only: bool = False):
    """openpyxl's load_workbook behind check_package, with parser failures turned into messages."""
    from openpyxl import load_workbook

    path = Path(path)
    check_package(path)
    try:
        return load_workbook(path, data_only=data_only, read_only=read_only,
                             keep_vba=path.suffix.lower() == ".xlsm")
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file, not a crash
        raise InputError(msg("truncated", path=str(path), why=type(exc).__name__)) from None
