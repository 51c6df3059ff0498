"""The human report: grouped by file and sheet, coloured on a terminal, plain when piped."""

from __future__ import annotations

import os
from itertools import groupby
from typing import TextIO

from ..forms.cells import column_index, split_cell
from .report import Report

WORDS = {"zh": {"error": "错误", "warning": "警告", "file": "文件"},
         "en": {"error": "error", "warning": "warning", "file": "file"}}
STYLE = {"error": "bold red", "warning": "yellow"}
# ANSI codes for the few styles used: a plain writer starts in milliseconds, where a rich console
# took a fifth of a one-workbook run to import.
_SGR = {"bold": "1", "underline": "4", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def _paint(text: str, style: str, colour: bool) -> str:
    if not colour or not style:
        return text
    return f"\x1b[{';'.join(_SGR[w] for w in style.split())}m{text}\x1b[0m"


def wants_colour(out: TextIO) -> bool:
    """Colour on a terminal that shows it, as no-color.org and force-color.org ask; plain when piped."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if not (hasattr(out, "isatty") and out.isatty()) or os.environ.get("TERM") == "dumb":
        return False
    return os.name != "nt" or _windows_ansi()


def _windows_ansi() -> bool:
    """Ask a Windows console to read ANSI codes (off by default in cmd and PowerShell's console)."""
    try:
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.GetStdHandle(-11)  # standard output
        mode = ctypes.c_uint32()
        if not kernel.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel.SetConsoleMode(handle, mode.value | 0x0004))  # ENABLE_VIRTUAL_TERMINAL_PROCESSING
    except (AttributeError, OSError):
        return False


def _position(cell: str | None) -> tuple[int, int]:
    """(row, column) of an A1 reference, for reading order; (0, 0) for none."""
    try:
        letters, row = split_cell(cell or "")
    except ValueError:
        return (0, 0)
    return (row, column_index(letters))


def summary_line(report: Report, lang: str = "zh") -> str:
    s = report.summary()
    if lang == "en":
        return (f"Checked {s['files']} files, {s['forms']} forms: "
                f"{s['errors']} errors, {s['warnings']} warnings")
    return f"共检查 {s['files']} 个文件、{s['forms']} 张表：{s['errors']} 个错误，{s['warnings']} 个警告"


def render_text(report: Report, lang: str, out: TextIO) -> None:
    colour = wants_colour(out)
    words = WORDS[lang]
    lines = []
    for f in report.files:
        findings = ([f.error] if f.error else []) + f.findings
        if not findings:
            continue
        lines.append(_paint(f.path, "bold underline", colour))
        order = {info.sheet: i for i, info in enumerate(f.forms)}
        findings.sort(key=lambda x: (order.get(x.sheet, -1), _position(x.cell), x.rule))
        for sheet, items in groupby(findings, key=lambda x: x.sheet):
            indent = "  "
            if sheet:
                lines.append(_paint(f"  {sheet}", "bold", colour))
                indent = "    "
            for x in items:
                lines.append(indent + _paint(f"{x.cell or '':<6}", "cyan", colour)
                             + _paint(f"{x.rule} ", "bold", colour)
                             + _paint(f"{words[x.severity]:<4}", STYLE[x.severity], colour)
                             + " " + x.message(lang))
    style = "bold red" if report.exit_code else "bold green"
    lines.append(_paint(summary_line(report, lang), style, colour))
    out.write("\n".join(lines) + "\n")
