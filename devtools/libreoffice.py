"""Recalculate and render workbooks with LibreOffice headless (a real spreadsheet engine)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from perfxl.errors import PerfxlError
from perfxl.i18n import Msg

# LibreOffice keeps stale cached values of xlsx formulas unless told to always recalculate.
_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "pdf": "pdf:calc_pdf_Export"}


def soffice() -> str | None:
    """Path of the soffice binary, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: list[Path], outdir: Path, fmt: str = "xlsx", timeout: int = 600) -> list[Path]:
    """Convert files in one soffice call (one call for many files is ~10x faster per file)."""
    exe = soffice()
    if exe is None:
        raise PerfxlError(Msg("file_missing", {"path": "soffice (LibreOffice)"}))
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="perfxl-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
        # Each soffice needs its own profile, or parallel runs block on one another's lock.
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", FILTERS.get(fmt, fmt), "--outdir", str(outdir), *map(str, files)]
        env = dict(os.environ, HOME=profile)
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env=env)
    outs = [outdir / (Path(f).stem + "." + fmt) for f in files]
    missing = [str(p) for p in outs if not p.exists()]
    if missing:
        raise PerfxlError(Msg("file_unreadable", {"path": ", ".join(missing), "why": "LibreOffice"}))
    return outs


def recalculated(files: list[Path], outdir: Path) -> list[Path]:
    """Copies of the files with every formula recalculated and its value cached."""
    return convert(files, outdir, "xlsx")
