"""Cell styles of the default masters: labels, inputs (unlocked, tinted) and formulas (locked)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
INPUT_FILL = PatternFill("solid", fgColor="FFFDE9")   # pale yellow: a clerk types here
FORMULA_FILL = PatternFill("solid", fgColor="EDEDED")  # grey: perfxl computes this

AMOUNT_FORMAT = "#,##0.00####"
RATE_FORMAT = "0.00%"
SCORE_FORMAT = "0.00"


def _apply(cell, font, align, fill=None, locked=True, number_format=None, border=True):
    cell.font = font
    cell.alignment = align
    if border:
        cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    cell.protection = Protection(locked=locked)
    if number_format:
        cell.number_format = number_format


def title(cell, size=16):
    _apply(cell, Font(name=FONT, size=size, bold=True), CENTER, border=False)


def subtitle(cell):
    """The year line under the title: a blank form's "（    年度）" is filled in by the clerk."""
    _apply(cell, Font(name=FONT, size=11), CENTER, border=False, locked=False)


def label(cell, bold=False):
    _apply(cell, Font(name=FONT, size=10, bold=bold), CENTER)


def text_input(cell, left=True):
    _apply(cell, Font(name=FONT, size=10), LEFT if left else CENTER, INPUT_FILL, locked=False)


def number_input(cell, number_format=AMOUNT_FORMAT):
    _apply(cell, Font(name=FONT, size=10), CENTER, INPUT_FILL, locked=False, number_format=number_format)


def formula(cell, number_format=None, bold=False, left=False):
    _apply(cell, Font(name=FONT, size=10, bold=bold), LEFT if left else CENTER, FORMULA_FILL,
           number_format=number_format)


def constant(cell, number_format=None):
    """A fixed value of the form (the funding line's 分值 10): locked, not tinted."""
    _apply(cell, Font(name=FONT, size=10), CENTER, number_format=number_format)


def footer(cell):
    _apply(cell, Font(name=FONT, size=10), LEFT, border=False, locked=False)


def box(ws, ref, styler, **kw):
    """Style every cell of a range (merged cells need borders on each member to print boxed)."""
    ref = ref if ":" in ref else f"{ref}:{ref}"
    for row in ws[ref]:
        for cell in row:
            styler(cell, **kw)
