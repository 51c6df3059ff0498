"""Rows grow with their text: a long 偏差原因 or 实际完成情况 typed into a generated form shows whole when
LibreOffice prints it, and perfxl's own wrapped labels fit their rows."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import JZ, JZ_FORM, JZ_INDICATORS, write_roster
from formkit import ind_cell, top
from lxml import etree
from openpyxl import load_workbook

from devtools.pixels import page_pixels, text_lines
from devtools.render import to_pdf
from devtools.typing import typed_pdf, uno_python
from perfxl.generate import generate, generate_blank
from perfxl.ooxml import sheet_parts

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REASON = ("受疫情影响，部分定点医药机构的现场监督检查延至次年一季度开展；" * 8)[:200]
ACTUAL = ("经办窗口全年受理业务三万余件，群众办事平均等候时间缩短到十分钟以内；" * 8)[:240]
DPI = 100
# A 三级指标 of the roster long enough to wrap in its column: perfxl's own text, fitted when generated.
LONG_L3 = "城乡居民基本医疗保险参保人员住院费用政策范围内报销比例及大病保险起付线以上报销比例"


def laid_out(pdf: Path, text: str) -> list[tuple[float, float, float, float]]:
    """The boxes of the consecutive lines of the PDF's text that make up text."""
    found = text_lines(pdf)
    for i in range(len(found)):
        acc, j = "", i
        while j < len(found) and len(acc) < len(text) and text.startswith(acc + found[j][0]):
            acc, j = acc + found[j][0], j + 1
        if acc == text:
            return [box for _, box in found[i:j]]
    raise AssertionError(f"LibreOffice did not lay out {text[:12]}…")


def shown(pdf: Path, text: str) -> tuple[int, int, bool]:
    """(lines the text was laid out in, lines of ink inside its cell, every line inside the cell).

    The PDF's text has every line, clipped or not, with its box; the pixels have what prints. The
    cell is found in the pixels: from the middle of the text (a cell centres its text), up and down
    to the first pixel row dark across the text's whole width (a border)."""
    lines = laid_out(pdf, text)
    dark = page_pixels(pdf, DPI) < 128
    k = DPI / 72
    x0, x1 = int(min(b[0] for b in lines) * k), int(max(b[2] for b in lines) * k) + 1
    middle = int((min(b[1] for b in lines) + max(b[3] for b in lines)) / 2 * k)

    def border(y: int, step: int) -> int:
        while 0 < y < dark.shape[0] - 1 and dark[y, x0:x1].mean() < 0.9:
            y += step
        return y

    top_, bottom = border(middle, -1), border(middle, 1)
    # a line's box holds its font's ascent and descent, a little more than its ink: its middle is inside
    inside = all(top_ < (b[1] + b[3]) / 2 * k < bottom for b in lines)
    ink = dark[top_ + 2:bottom - 1, x0:x1].any(axis=1)
    runs = sum(1 for i in range(len(ink)) if ink[i] and (i == 0 or not ink[i - 1]))
    return len(lines), runs, inside


@pytest.fixture(scope="module")
def form(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("form")
    extra = [[JZ, "医疗保障专项经费", "产出指标", "质量指标", LONG_L3, "≥70%", 0]]
    return generate(write_roster(tmp / "r.xlsx", [JZ_FORM], JZ_INDICATORS + extra), tmp / "out").files[0]


def test_long_texts_typed_in_libreoffice_show_whole(form, libreoffice, tmp_path):
    """The issue's proof: 200 characters of 偏差原因 and a long 实际完成情况, typed as a clerk types
    them, print whole. Before, rows had fixed heights: one line of the reason showed, five of the goal."""
    if uno_python() is None:
        pytest.fail("python3-uno is not installed; run scripts/test.sh")
    ws = load_workbook(form).worksheets[0]
    reason, goal = ind_cell(ws, "reason", 7), top(ws, "PX_GOAL_ACTUAL")
    pdf = typed_pdf(form, {reason: REASON, goal: ACTUAL}, tmp_path / "typed.pdf")
    for text in (REASON, ACTUAL):
        laid, ink, inside = shown(pdf, text)
        assert laid >= 6, "the text should wrap over many lines"
        assert inside and ink == laid, f"{laid} lines laid out, {ink} printed inside the cell: {text[:12]}…"


def test_wrapped_labels_of_perfxl_fit_their_rows(form, libreoffice, tmp_path):
    """Text perfxl writes itself (labels, a long 三级指标 from the roster) fits without typing."""
    pdf = to_pdf(form, tmp_path / "pdf")
    seen = [shown(pdf, text) for text in (LONG_L3, "定点医疗、医药机构监督检查覆盖率", "项目资金（万元）",
                                          "评价等级（优≥90，良≥80，中≥60，差<60）")]
    assert all(ink == laid and inside for laid, ink, inside in seen), seen
    assert seen[0][0] >= 2  # the long 三级指标 wraps


def _rows(path: Path) -> dict[int, dict]:
    with zipfile.ZipFile(path) as zf:
        part = sheet_parts(zf)[0][1]
        root = etree.fromstring(zf.read(part))
    return {int(r.get("r")): dict(r.attrib) for r in root.iter(f"{MAIN}row")}


@pytest.mark.parametrize("kind", ["project", "transfer", "department"])
def test_rows_a_clerk_types_into_have_no_fixed_height(kind, tmp_path):
    path = generate_blank(kind, tmp_path / f"{kind}.xlsx")
    ws = load_workbook(path)["自评表"]
    typed = {c.row for row in ws.iter_rows() for c in row if c.protection.locked is False}
    rows = _rows(path)
    goal = ws[top(ws, "PX_GOAL_ACTUAL")].row
    assert goal in typed and rows[goal].get("ht") and "customHeight" not in rows[goal]
    assert all("customHeight" not in rows.get(r, {}) for r in typed)
    # Rows of labels only keep the heights fitted to their text.
    assert any(rows[r].get("customHeight") == "1" for r in rows if r not in typed)


def test_an_annotated_copy_keeps_the_rows_that_grow(form, tmp_path):
    from click.testing import CliRunner

    from perfxl.cli import main

    copy = tmp_path / "标注.xlsx"
    CliRunner().invoke(main, ["lint", str(form), "--annotate", str(copy)])
    before, after = _rows(form), _rows(copy)
    growing = [{r for r, a in rows.items() if a.get("ht") and "customHeight" not in a} for rows in (before, after)]
    assert growing[0] == growing[1] and len(growing[0]) > 10
