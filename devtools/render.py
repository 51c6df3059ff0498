"""Render a workbook's first page to PNG through LibreOffice (PDF) and poppler (pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .libreoffice import convert


def to_pdf(workbook: Path, outdir: Path) -> Path:
    return convert([workbook], outdir, "pdf")[0]


def pdf_pages(pdf: Path) -> list[str]:
    """Text of each page of a PDF (pdftotext keeps one form feed between pages)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def pdf_page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    line = next(x for x in info.splitlines() if x.startswith("Page size:"))
    w, _, h = line.split(":", 1)[1].split()[:3]
    return float(w), float(h)


def to_png(workbook: Path, out_png: Path, dpi: int = 80) -> Path:
    """First page of the printed workbook as a PNG."""
    if shutil.which("pdftoppm") is None:
        raise FileNotFoundError("pdftoppm (poppler-utils) is not installed")
    pdf = to_pdf(workbook, out_png.parent / "_pdf")
    stem = out_png.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(stem)], check=True, capture_output=True)
    shutil.rmtree(pdf.parent, ignore_errors=True)
    return out_png
