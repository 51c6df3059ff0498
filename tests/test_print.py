"""A generated form prints as clerks print it: A4 landscape, one page wide."""

from __future__ import annotations

from conftest import JZ, JZ_FORM, JZ_INDICATORS, write_roster
from formkit import ind_cell
from openpyxl import load_workbook

from devtools.render import pdf_page_size, pdf_pages, to_pdf, to_png
from perfxl.generate import generate


def test_generated_form_is_one_a4_landscape_page_wide(libreoffice, tmp_path):
    out = generate(write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS), tmp_path / "out").files[0]
    pdf = to_pdf(out, tmp_path / "pdf")
    width, height = pdf_page_size(pdf)
    assert (round(width), round(height)) == (842, 595)          # A4 landscape, in points
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    # The first and the last column of the form are on the same page: one page wide.
    assert "项目名称" in pages[0] and "偏差原因" in pages[0] and "资金来源核对" in pages[0]


def test_long_form_repeats_the_indicator_header_on_every_page(libreoffice, tmp_path):
    extra = [[JZ, "医疗保障专项经费", "产出指标", "数量指标", f"长指标{i}" * 6, "≥1 次", 0] for i in range(60)]
    roster = write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS + extra)
    out = generate(roster, tmp_path / "out").files[0]
    ws = load_workbook(out).worksheets[0]
    # Extra 产出 rows join the 产出 block (一级 blocks stay contiguous), before 效益.
    assert ws[ind_cell(ws, "level3", 67)].value.startswith("长指标59")
    assert ws[ind_cell(ws, "level3", 68)].value == JZ_INDICATORS[8][4]
    pages = pdf_pages(to_pdf(out, tmp_path / "pdf"))
    assert len(pages) >= 2
    assert all("偏差原因" in page for page in pages)              # header rows repeated
    assert all("一级指标" in page for page in pages)


def test_png_rendering(libreoffice, tmp_path):
    out = generate(write_roster(tmp_path / "r.xlsx", [JZ_FORM], JZ_INDICATORS), tmp_path / "out").files[0]
    png = to_png(out, tmp_path / "form.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > height                                        # landscape
