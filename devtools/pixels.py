"""A PDF page as pixels (pdftoppm's grey image) and as lines of text with their boxes (pdftotext)."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import numpy as np


def page_pixels(pdf: Path, dpi: int = 100) -> np.ndarray:
    """Page 1 of pdf rendered by pdftoppm as grey pixels (height × width, 0 black … 255 white); the
    rendering is the page as printed, so text clipped by its cell is not there."""
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf)], check=True,
                         capture_output=True).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    if not m or m.group(3) != b"255":
        raise ValueError(f"pdftoppm gave no 8-bit grey image of {pdf}")
    width, height = int(m.group(1)), int(m.group(2))
    return np.frombuffer(pgm[m.end():m.end() + width * height], dtype=np.uint8).reshape(height, width)


_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word [^>]*>([^<]*)</word>")


def text_lines(pdf: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each line of text on page 1 as laid out (clipped text included), with its box in points."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return [(html.unescape("".join(_WORD.findall(m.group(5)))), tuple(float(m.group(i)) for i in range(1, 5)))
            for m in _LINE.finditer(xml)]
