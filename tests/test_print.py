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


def _word_width(pdf, word: str) -> float:
    """Width in points of the first occurrence of word on the PDF's first page (pdftotext -bbox)."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    m = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">' + re.escape(word) + "<", html)
    assert m, f"{word} not on the first page"
    return float(m.group(2)) - float(m.group(1))


def test_summary_prints_legibly_on_a4_landscape(libreoffice, tmp_path):
    """汇总 on A4 landscape, one page wide at a scale of 70% or more (measured: its header text
    against the same sheet printed at 100%), with the title, unit and date on the page."""
    import shutil
    from pathlib import Path

    from perfxl.consolidate.run import consolidate

    examples = Path(__file__).resolve().parents[1] / "examples"
    src = tmp_path / "收到的自评表"
    src.mkdir()
    for f in examples.glob("*.xlsx"):
        if not f.name.startswith("roster"):
            shutil.copy(f, src / f.name)
    out = tmp_path / "益阳市绩效自评汇总.xlsx"
    consolidate([src], out)
    wb = load_workbook(out)
    for name in wb.sheetnames[1:]:
        del wb[name]                                   # 汇总 alone
    fitted, actual = tmp_path / "fitted.xlsx", tmp_path / "actual.xlsx"
    wb.save(fitted)
    ws = wb["汇总"]
    ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.scale = False, 100
    wb.save(actual)
    pdf = to_pdf(fitted, tmp_path / "pdf")
    assert [round(x) for x in pdf_page_size(pdf)] == [842, 595]        # A4 landscape
    pages = pdf_pages(pdf)
    assert "县区/单位" in pages[0] and "工作表" in pages[0]                # one page wide
    assert "益阳市绩效自评汇总" in pages[0] and "单位：万元" in pages[0] and "制表日期" in pages[0]
    scale = _word_width(pdf, "县区/单位") / _word_width(to_pdf(actual, tmp_path / "pdf100"), "县区/单位")
    assert scale >= 0.70, f"printed at {scale:.0%}"
