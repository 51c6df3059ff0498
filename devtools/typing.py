"""Type text into a workbook's cells the way a clerk does, in LibreOffice, and print it to PDF.

A file filled by a script keeps whatever row heights it was saved with: LibreOffice (like Excel)
fits a row to its text when a cell of it is edited, not when a file is opened. So the proof that a
row grows with its text types the text in: devtools/lo_type.py, run by the system Python with
LibreOffice's UNO bridge (python3-uno), opens the workbook in a headless LibreOffice, calls
setString on each cell (LibreOffice's edit, which fits the row's height as typing does and leaves
a row of fixed height alone) and exports the PDF."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .libreoffice import _XCU, soffice

SCRIPT = Path(__file__).with_name("lo_type.py")


def uno_python() -> str | None:
    """A Python that imports uno (Debian's python3-uno installs it for /usr/bin/python3)."""
    for exe in ("/usr/bin/python3", shutil.which("python3")):
        if exe and subprocess.run([exe, "-c", "import uno"], capture_output=True).returncode == 0:
            return exe
    return None


def typed_pdf(workbook: Path, texts: dict[str, str], out_pdf: Path, timeout: int = 300) -> Path:
    """Type texts ({"I20": "…"}, first sheet) into workbook in LibreOffice; print it to out_pdf."""
    exe, python = soffice(), uno_python()
    if exe is None or python is None:
        raise FileNotFoundError("LibreOffice (soffice) and python3-uno are needed: run scripts/test.sh")
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="perfxl-lo-type-") as tmp:
        user = Path(tmp) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
        job = {"soffice": exe, "profile": Path(tmp).as_uri(), "pipe": f"perfxl{os.getpid()}",
               "doc": Path(workbook).resolve().as_uri(), "pdf": out_pdf.resolve().as_uri(), "texts": texts}
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        subprocess.run([python, str(SCRIPT)], input=json.dumps(job), text=True, check=True,
                       capture_output=True, timeout=timeout, env=dict(env, HOME=tmp))
    if not out_pdf.exists():
        raise FileNotFoundError(f"LibreOffice wrote no {out_pdf}")
    return out_pdf
