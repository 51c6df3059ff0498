"""Render the README's consolidate pictures from a real run on examples/ (LibreOffice + pdftoppm):
the summary's first page and 金寨's feedback workbook's first page. python scripts/consolidate_images.py"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from devtools.render import to_pdf  # noqa: E402
from perfxl.consolidate.run import consolidate  # noqa: E402

OUT = ROOT / "docs" / "img"


def first_page_png(workbook: Path, png: Path, work: Path) -> Path:
    """The workbook as printed, first page, at 60 dpi (small enough for the repository)."""
    pdf = to_pdf(workbook, work / "pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True, capture_output=True)
    return png


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        received = tmp / "收到的自评表"      # beside the summary: its links are relative, as a bureau's are
        received.mkdir()
        for book in (ROOT / "examples").glob("*.xlsx"):
            if book.name != "roster.xlsx":
                shutil.copy(book, received / book.name)
        summary, back = tmp / "益阳市绩效自评汇总.xlsx", tmp / "反馈"
        consolidate([received], summary, roster=ROOT / "examples" / "roster.xlsx", feedback=back, progress=False)
        feedback = next((back / "金寨县医疗保障局").glob("*反馈.xlsx"))
        for book, name in ((summary, "consolidate-summary.png"), (feedback, "consolidate-feedback.png")):
            print(first_page_png(book, OUT / name, tmp / name))


if __name__ == "__main__":
    main()
