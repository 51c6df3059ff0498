"""`--annotate`: a copy of a workbook with every finding's cell coloured and commented."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from ..atomic import check_writable, preflight, write_atomic
from ..errors import InputError
from ..finish import saved_or_nothing, saving
from ..i18n import Msg
from ..xlsxio import clean_text, open_workbook, shown_name
from .guard import guarded, start_method
from .report import FileResult
from .results import RESULTS_SHEET, WIDTHS, result_rows

FILLS = {"error": PatternFill("solid", fgColor="FFC7CE"), "warning": PatternFill("solid", fgColor="FFEB9C")}


def annotate(source: Path, result: FileResult, out: Path, lang: str = "zh") -> int:
    """Write the annotated copy; returns how many cells were marked. The source is only read."""
    wb = open_workbook(source, read_only=False)
    notes: dict[tuple[str, str], list] = {}
    for x in result.findings:  # accepted (suppressed) findings are listed on 检查结果, not marked
        if x.sheet and x.cell and x.sheet in wb.sheetnames and x.suppressed is None:
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
        text = clean_text("\n".join(f"{x.rule} {x.message(lang)}" for x in items))
        if cell.comment is not None and cell.comment.text:  # a reviewer's own comment is kept, below ours
            text += "\n\n" + cell.comment.text
        comment = Comment(text, "perfxl")
        comment.width, comment.height = 320, 40 + 20 * len(items)
        cell.comment = comment
    _results_sheet(wb, result, source.name, lang)
    # Protected forms stay protected; comments and fills do not need the sheet unlocked to show.
    # openpyxl drops the results saved with formulas and marks every row's height as set by hand:
    # the source's results and rows of automatic height are kept, missing results computed.
    write_atomic(out, saving(wb, *saved_or_nothing(source)))
    return len(notes)


def _results_sheet(wb, result: FileResult, name: str, lang: str) -> None:
    """Every finding listed on a sheet of its own, each cell a link: comments do not print, and a
    clerk works down a list (the add-in's 检查结果 sheet, the same rows)."""
    ws = wb.create_sheet(RESULTS_SHEET)  # openpyxl numbers the name if the workbook has one already
    for row in result_rows(result, shown_name(name), lang):
        ws.append([v if not isinstance(v, str) or v.startswith("=HYPERLINK(") else clean_text(v) for v in row])
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", 9  # A4, as the forms print
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def targets(files: list[Path], out: Path, force: bool) -> list[tuple[Path, Path]]:
    """(source, copy) per workbook, checked before the linting: one file's copy is `out`, several
    go into the folder `out` under their own names."""
    pairs = [(f, out if len(files) == 1 else out / f.name) for f in files]
    for _, target in pairs:
        check_writable(target, force, tuple(files))
    if pairs:
        preflight(pairs[0][1])  # every copy goes into one folder
    return pairs


@dataclass
class Annotator:
    """The worker of --annotate (guarded: openpyxl holds a whole workbook in memory)."""

    results: dict
    lang: str

    def __call__(self, pair: tuple[Path, Path]) -> str | None:
        try:
            annotate(pair[0], self.results[shown_name(pair[0])], pair[1], self.lang)
        except InputError as exc:
            return exc.render(self.lang)
        return None

    def failed(self, pair: tuple[Path, Path], why: Msg) -> str:
        return f"{shown_name(pair[0])}{'：' if self.lang != 'en' else ': '}{why.render(self.lang)}"


def annotate_all(pairs: list[tuple[Path, Path]], report, lang: str = "zh"):
    """(copy, None) for each copy written, (copy, why) for a workbook that could not be annotated;
    files that could not be read are left out."""
    results = {f.path: f for f in report.files if f.error is None}
    todo = [p for p in pairs if shown_name(p[0]) in results]
    worker = Annotator(results, lang)
    method = start_method()
    stream = guarded(todo, worker, method=method) if method in ("fork", "forkserver") else map(worker, todo)
    for pair, failure in zip(todo, stream):
        yield pair[1], failure
