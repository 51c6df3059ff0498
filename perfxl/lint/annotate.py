"""`--annotate`: a copy of a workbook with every finding's cell coloured and commented."""

from __future__ import annotations

from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from ..atomic import write_atomic
from ..xlsxio import open_workbook
from .report import FileResult

FILLS = {"error": PatternFill("solid", fgColor="FFC7CE"), "warning": PatternFill("solid", fgColor="FFEB9C")}


def annotate(source: Path, result: FileResult, out: Path, lang: str = "zh") -> int:
    """Write the annotated copy; returns how many cells were marked. The source is only read."""
    wb = open_workbook(source, read_only=False)
    notes: dict[tuple[str, str], list] = {}
    for x in result.findings:
        if x.sheet and x.cell and x.sheet in wb.sheetnames:
            notes.setdefault((x.sheet, x.cell), []).append(x)
    for (sheet, ref), items in notes.items():
        ws = wb[sheet]
        cell = ws[ref]
        for rng in ws.merged_cells.ranges:  # a comment belongs on a merged range's top-left cell
            if ref in rng:
                cell = ws.cell(rng.min_row, rng.min_col)
                break
        worst = "error" if any(x.severity == "error" for x in items) else "warning"
        cell.fill = FILLS[worst]
        text = "\n".join(f"{x.rule} {x.message(lang)}" for x in items)
        comment = Comment(text, "perfxl")
        comment.width, comment.height = 320, 40 + 20 * len(items)
        cell.comment = comment
    # Protected forms stay protected; comments and fills do not need the sheet unlocked to show.
    write_atomic(out, wb.save)
    return len(notes)
