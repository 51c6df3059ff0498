"""The human report: grouped by file and sheet, coloured on a terminal, plain when piped."""

from __future__ import annotations

import re
from itertools import groupby

from rich.console import Console
from rich.text import Text

from .report import Report

WORDS = {"zh": {"error": "错误", "warning": "警告", "file": "文件"},
         "en": {"error": "error", "warning": "warning", "file": "file"}}
STYLE = {"error": "bold red", "warning": "yellow"}


_A1 = re.compile(r"([A-Z]+)(\d+)")


def _position(cell: str | None) -> tuple[int, int]:
    """(row, column) of an A1 reference, for reading order; (0, 0) for none."""
    m = _A1.fullmatch(cell or "")
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


def summary_line(report: Report, lang: str = "zh") -> str:
    s = report.summary()
    if lang == "en":
        return (f"Checked {s['files']} files, {s['forms']} forms: "
                f"{s['errors']} errors, {s['warnings']} warnings")
    return f"共检查 {s['files']} 个文件、{s['forms']} 张表：{s['errors']} 个错误，{s['warnings']} 个警告"


def render_text(report: Report, lang: str = "zh", console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    words = WORDS[lang]
    for f in report.files:
        findings = ([f.error] if f.error else []) + f.findings
        if not findings:
            continue
        console.print(Text(f.path, style="bold underline"))
        order = {info.sheet: i for i, info in enumerate(f.forms)}
        findings.sort(key=lambda x: (order.get(x.sheet, -1), _position(x.cell), x.rule))
        for sheet, items in groupby(findings, key=lambda x: x.sheet):
            indent = "  "
            if sheet:
                console.print(Text(f"  {sheet}", style="bold"))
                indent = "    "
            for x in items:
                line = Text(indent)
                line.append(f"{x.cell or '':<6}", style="cyan")
                line.append(f"{x.rule} ", style="bold")
                line.append(f"{words[x.severity]:<4}", style=STYLE[x.severity])
                line.append(" " + x.message(lang))
                console.print(line)
    style = "bold red" if report.exit_code else "bold green"
    console.print(Text(summary_line(report, lang), style=style))
