"""consolidate --feedback: one folder per unit to send back, its feedback workbook (概况, 问题清单 with
links into the annotated copies beside it and what to do) printable on A4, nothing overwritten."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.consolidate.run import consolidate
from perfxl.errors import OutputExistsError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
JINZHAI = next(EXAMPLES.glob("金寨*.xlsx"))       # 12 project forms of 2022, errors and warnings
GUANGYUAN = next(EXAMPLES.glob("广元*.xlsx"))     # 3 transfer forms of 2023
YUANJIANG = next(EXAMPLES.glob("沅江*.xlsx"))     # a department form naming 南京市医疗保障局
LINK = re.compile(r'^=HYPERLINK\("([^"#]*)#\'((?:[^\']|\'\')+)\'!([A-Z]+\d+)","([^"]*)"\)$')


@pytest.fixture
def received(tmp_path):
    """Workbooks of three units, 金寨's re-sent, and two units' files of the same name in folders of their own."""
    src = tmp_path / "收到的自评表"
    for sub in ("甲", "乙"):
        (src / sub).mkdir(parents=True)
    shutil.copy(JINZHAI, src / "甲" / "自评表.xlsx")
    shutil.copy(GUANGYUAN, src / "乙" / "自评表.xlsx")             # the same name, another county
    shutil.copy(JINZHAI, src / "金寨（修订版）.xlsx")
    shutil.copy(YUANJIANG, src / YUANJIANG.name)
    os.utime(src / "甲" / "自评表.xlsx", (1_600_000_000, 1_600_000_000))
    return src


def _digest(folder: Path) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _rows(ws, header_row: int) -> list[dict]:
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def test_one_folder_per_unit_with_its_forms_findings_and_linked_copies(received, tmp_path):
    before = _digest(received)
    back = tmp_path / "反馈"
    done = consolidate([received], tmp_path / "汇总.xlsx", feedback=back)
    assert _digest(received) == before                                   # inputs never touched
    folders = sorted(p.name for p in back.iterdir())
    assert folders == sorted(["广元市", "南京市医疗保障局", "金寨县医疗保障局"])   # each workbook's unit
    jinzhai = back / "金寨县医疗保障局"
    books = {p.name for p in jinzhai.iterdir()}
    assert books == {"自评表（标注）.xlsx", "金寨（修订版）（标注）.xlsx", "金寨县医疗保障局2022年度绩效自评检查反馈.xlsx"}
    guangyuan = sorted(p.name for p in (back / "广元市").iterdir())
    assert "自评表（标注）.xlsx" in guangyuan                              # same name, another folder: no clash
    wb = load_workbook(jinzhai / "金寨县医疗保障局2022年度绩效自评检查反馈.xlsx")
    assert wb.sheetnames == ["概况", "问题清单"]
    forms = _rows(wb["概况"], 5)
    assert len(forms) == 24 and sum(r["计入汇总"] == "是" for r in forms) == 12     # the re-sent copy counts
    assert {r["文件"] for r in forms if r["计入汇总"] == "是"} == {"金寨（修订版）（标注）.xlsx"}
    assert sum(r["全年预算数"] for r in forms if r["计入汇总"] == "是") == pytest.approx(5503.771)
    first = next(r for r in forms if r["项目名称"] == "医疗保障专项经费")
    assert first["总分"] == pytest.approx(100.37) and first["等级"] == "优" and first["执行率"] == pytest.approx(1.0568, abs=1e-4)
    issues = _rows(wb["问题清单"], 1)
    theirs = [f for f in done.report.files if f.path.endswith(("甲/自评表.xlsx", "金寨（修订版）.xlsx"))]
    expected = sum(x.rule != "PX502" and x.suppressed is None for f in theirs for x in f.findings)
    assert len(theirs) == 2 and len(issues) == expected and len(issues) > 40
    assert {"PX102", "PX111", "PX501"} <= {r["规则"] for r in issues}
    assert all(r["怎么改"] and r["问题说明"] and r["级别"] in ("错误", "警告") for r in issues)
    assert "PX502" not in {r["规则"] for r in issues}                      # the city's, not the county's
    _links_resolve(wb, jinzhai)
    assert "（2022年度）" in wb["概况"]["A1"].value or "2022年度" in wb["概况"]["A1"].value


def _links_resolve(wb, folder: Path) -> None:
    """Every link's file exists relative to the feedback workbook, and its sheet is in that file."""
    links = [c.value for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=HYPERLINK(")]
    assert links
    opened: dict[str, list[str]] = {}
    for text in links:
        m = LINK.match(text)
        assert m, text
        name, sheet = m.group(1), m.group(2).replace("''", "'")
        assert "/" not in name and (folder / name).is_file(), name          # relative, beside it
        if name not in opened:
            opened[name] = load_workbook(folder / name, read_only=True).sheetnames
        assert sheet in opened[name] and "检查结果" in opened[name]


def test_refuses_to_overwrite_and_to_write_into_an_input(received, tmp_path):
    back = tmp_path / "反馈"
    consolidate([received], tmp_path / "汇总.xlsx", feedback=back)
    before = _digest(back)
    with pytest.raises(OutputExistsError):
        consolidate([received], tmp_path / "汇总2.xlsx", feedback=back)
    assert not (tmp_path / "汇总2.xlsx").exists() and _digest(back) == before     # refused before any work
    consolidate([received], tmp_path / "汇总2.xlsx", feedback=back, force=True)
    with pytest.raises(OutputExistsError, match="输入"):
        consolidate([received], tmp_path / "汇总3.xlsx", feedback=received / "反馈")
    assert not (received / "反馈").exists()


def test_unit_names_become_safe_distinct_folder_names(tmp_path):
    from lintkit import CLEAN, write_book

    src = tmp_path / "in"
    src.mkdir()
    for i, unit in enumerate(("甲县/医保局", "甲县_医保局", "../乙县医保局", "CON")):
        write_book(src / f"{i}.xlsx", {**CLEAN, "unit": unit, "dept": unit, "project": f"项目{i}"})
    back = tmp_path / "反馈"
    consolidate([src], tmp_path / "汇总.xlsx", feedback=back)
    folders = [p for p in back.iterdir()]
    assert len(folders) == 4 and all(p.is_dir() and p.parent == back for p in folders)
    names = [p.name for p in folders]
    assert not any("/" in n or n.startswith(".") or n.upper() == "CON" for n in names)
    assert len({n.casefold() for n in names}) == 4                                  # 甲县/医保局 ≠ 甲县_医保局
    assert sum(1 for _ in back.rglob("*.xlsx")) == 8                               # a workbook and a copy each


def test_english_feedback(received, tmp_path):
    back = tmp_path / "feedback"
    consolidate([received], tmp_path / "summary.xlsx", feedback=back, lang="en")
    wb = load_workbook(next((back / "金寨县医疗保障局").glob("*反馈.xlsx")))
    issues = _rows(wb["问题清单"], 1)
    assert list(issues[0]) == ["File", "Sheet", "Cell", "Rule", "Severity", "Problem", "What to do"]
    px102 = next(r for r in issues if r["Rule"] == "PX102")
    assert px102["Severity"] == "error" and "ROUND" in px102["What to do"] and "资金得分" not in px102["Problem"][:4]


def test_every_rule_says_what_to_do_in_both_languages():
    from perfxl.rules import fix, load_all

    codes = set(load_all())
    assert all(fix(c, "zh") and fix(c, "en") and "Fix" not in fix(c, "en") for c in codes)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in fix(c, "zh")) for c in codes)   # Chinese for a clerk


def test_cli_writes_feedback(received, tmp_path):
    from click.testing import CliRunner

    from perfxl.cli import main

    back = tmp_path / "反馈"
    res = CliRunner().invoke(main, ["consolidate", str(received), "-o", str(tmp_path / "汇总.xlsx"),
                                    "--feedback", str(back)])
    assert res.exit_code == 1, res.output                       # error findings, as without --feedback
    assert "已写出 3 个单位的反馈" in res.output and (back / "金寨县医疗保障局").is_dir()


def _word_width(pdf, word: str, page: int = 1) -> float:
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    m = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">' + re.escape(word) + "<", html)
    assert m, f"{word} not on page {page}"
    return float(m.group(2)) - float(m.group(1))


def test_feedback_prints_on_a4_landscape(libreoffice, received, tmp_path):
    """概况 of 24 forms on two pages; 问题清单 one page wide at 70% or more (its header measured
    against the same sheet at 100%), at least 8 findings a page, its header on every page, the
    unit's title and page numbers on each."""
    from devtools.render import pdf_page_size, pdf_pages, to_pdf

    back = tmp_path / "反馈"
    consolidate([received], tmp_path / "汇总.xlsx", feedback=back)
    book = next((back / "金寨县医疗保障局").glob("*反馈.xlsx"))
    pdf = to_pdf(book, tmp_path / "pdf")
    assert [round(x) for x in pdf_page_size(pdf)] == [842, 595]
    pages = pdf_pages(pdf)
    overview = [p for p in pages if "警告数" in p]
    issues = [p for p in pages if "怎么改" in p]
    findings = len(_rows(load_workbook(book)["问题清单"], 1))
    assert len(overview) == 2 and len(issues) == len(pages) - 2                   # every 问题清单 page: its header
    assert 3 <= len(issues) <= -(-findings // 8)
    assert all("金寨县医疗保障局" in p and re.search(r"第 \d+ 页，共 \d+ 页", p) for p in pages)
    assert "PX102" in issues[0] and "资金得分 = 分值 × 执行率" in "".join(issues).replace("\n", "")
    wb = load_workbook(book)
    del wb["概况"]
    fitted, actual = tmp_path / "fitted.xlsx", tmp_path / "actual.xlsx"
    wb.save(fitted)
    ws = wb["问题清单"]
    ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.scale = False, 100
    wb.save(actual)
    scale = _word_width(to_pdf(fitted, tmp_path / "f"), "工作表") / _word_width(to_pdf(actual, tmp_path / "a"), "工作表")
    assert scale >= 0.70, f"printed at {scale:.0%}"


def test_control_characters_in_a_unit_name_never_reach_a_file_name_or_a_cell(tmp_path):
    """A form whose unit name carries BEL, NUL and ESC (raw and escaped in its XML): its feedback is
    written, under a safe folder name, and reads back."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from hostile import make

    src = tmp_path / "in"
    src.mkdir()
    (src / "control_chars.xlsx").write_bytes(make.zip_bytes(make._control_chars()))
    back = tmp_path / "反馈"
    consolidate([src], tmp_path / "汇总.xlsx", feedback=back)
    [folder] = list(back.iterdir())
    assert folder.name.isprintable() and "\x1b" not in folder.name
    book = next(folder.glob("*反馈.xlsx"))
    texts = [c.value for ws in load_workbook(book) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts and all(t.isprintable() or "\n" in t for t in texts)
