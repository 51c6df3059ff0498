"""The 检查 page in real Chromium: drop workbooks, read each form's findings, download the annotated copy."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from webkit import JINZHAI, YIYANG, base, browser, running

from perfxl.lint.jsontext import dumps
from perfxl.lint.run import lint_paths

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "lint-output.schema.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running(tmp_path_factory.mktemp("web") / "data") as srv:
        yield srv


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def checked(chromium, server, *files: Path):
    """A new page on which these workbooks have been checked."""
    page = chromium.new_page()
    page.goto(base(server) + "/check")
    page.set_input_files("input[type=file]", [str(f) for f in files])
    page.click("button.main")
    page.wait_for_selector("section.file", timeout=60_000)
    return page


def test_findings_of_two_workbooks_are_shown_per_form_and_the_annotated_copy_opens(server, chromium, tmp_path):
    page = chromium.new_page()
    page.goto(base(server) + "/check")
    assert page.locator("h1").inner_text() == "检查"
    page.set_input_files("input[type=file]", [str(JINZHAI), str(YIYANG)])
    page.click("button.main")
    page.wait_for_selector("section.file", timeout=60_000)
    files = page.locator("section.file")
    assert files.count() == 2
    jinzhai = files.nth(0)
    assert JINZHAI.name in jinzhai.locator("h2").inner_text()
    assert "14 张表" in jinzhai.locator("p.summary").inner_text()
    # seed 001's canonical error: 执行率 105.68% scored 10.57 on a 10-point line, at H6 of its first form
    first = jinzhai.locator("section.form").nth(0)
    assert "1-医疗保障专项经费" in first.locator("h3").inner_text()
    facts = first.locator("table.facts tbody td").all_inner_texts()
    assert facts[:3] == ["项目支出", "金寨县医疗保障局", "2022"] and "105.68%" in facts and "10.57" in facts
    rows = [r.locator("td").all_inner_texts() for r in first.locator("table.findings tbody tr").all()]
    px102 = [r for r in rows if r[1] == "PX102"]
    assert px102 == [["错误", "PX102", "1-医疗保障专项经费", "H6", "资金得分10.57应为分值×min(执行率,100%)=10",
                      px102[0][5]]]
    assert "执行率超过100%按100%计" in px102[0][5]      # what to do, in Chinese (the rule's fix_zh)
    assert {r[1] for r in rows} >= {"PX102", "PX104", "PX118", "PX202", "PX203", "PX302"}
    # 人员经费 (form 2): 得分 15 on 分值 10 twice
    second = [r.locator("td").all_inner_texts()[1:4] for r in
              jinzhai.locator("section.form").nth(1).locator("table.findings tbody tr").all()]
    assert ["PX111", "2-人员经费", "H14"] in second and ["PX111", "2-人员经费", "H16"] in second

    with page.expect_download() as info:
        jinzhai.locator("a.annotated").click()
    download = info.value
    assert download.suggested_filename == JINZHAI.stem + "-标注.xlsx"
    saved = tmp_path / "annotated.xlsx"
    download.save_as(saved)
    wb = load_workbook(saved)
    assert "检查结果" in wb.sheetnames
    cell = wb["1-医疗保障专项经费"]["H6"]
    assert cell.fill.fgColor.rgb.endswith("FFC7CE") and "PX102" in cell.comment.text
    listed = [r[3] for r in wb["检查结果"].iter_rows(min_row=3, values_only=True)]
    assert listed.count("PX102") == 1

    # the copy `perfxl fix` corrected: 资金得分 capped at its 分值, every change in 修改记录
    assert "3 处" in jinzhai.locator("a.fixed").inner_text()
    with page.expect_download() as info:
        jinzhai.locator("a.fixed").click()
    assert info.value.suggested_filename == JINZHAI.stem + "-修正.xlsx"
    fixed = tmp_path / "fixed.xlsx"
    info.value.save_as(fixed)
    wb = load_workbook(fixed)
    assert wb["1-医疗保障专项经费"]["H6"].value == 10 and "修改记录" in wb.sheetnames
    assert "1 处" in files.nth(1).locator("a.fixed").inner_text()   # 益阳: 分值 typed "10分" becomes 10
    page.close()


def test_the_json_report_is_the_contract_lint_writes(server, chromium):
    """报告 JSON: the document `perfxl lint --format json` writes for the same workbook, as it writes it."""
    page = checked(chromium, server, JINZHAI)
    response = page.request.get(base(server) + page.locator("#json").get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("application/json")
    text = response.text()
    doc = json.loads(text)
    assert not list(Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).iter_errors(doc))
    assert text == dumps(doc) + "\n"                        # indented as the command line writes it
    cli = lint_paths([JINZHAI]).to_json()
    assert [f["findings"] for f in doc["files"]] == [f["findings"] for f in cli["files"]]
    assert any(x["rule"] == "PX102" and x["cell"] == "H6" for x in doc["files"][0]["findings"])
    page.close()


def test_english_switch_renders_the_same_findings_in_english(server, chromium):
    page = chromium.new_page()
    page.goto(base(server) + "/check")
    page.click("#lang")
    assert page.locator("h1").inner_text() == "Check"
    page.set_input_files("input[type=file]", str(JINZHAI))
    page.click("button.main")
    page.wait_for_selector("section.file", timeout=60_000)
    text = page.locator("section.form").nth(0).inner_text()
    assert "funding score 10.57 should be" in text and "Form 1" in text
    assert "ROUND(" in text and "执行率超过100%按100%计" not in text   # what to do: the rule's English Fix
    page.click("#lang")  # and back: the same page, in Chinese
    assert "资金得分10.57应为" in page.locator("section.form").nth(0).inner_text()
    page.close()


def test_a_file_that_is_not_a_workbook_is_refused_and_its_name_is_shown_as_text(server, chromium, tmp_path):
    fake = tmp_path / '<img src=x onerror="alert(1)">.xlsx'
    fake.write_text("not a workbook", encoding="utf-8")
    page = chromium.new_page()
    page.goto(base(server) + "/check")
    page.set_input_files("input[type=file]", str(fake))
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        page.click("button.main")
    assert info.value.status == 415
    problem = page.locator("p.problem").inner_text()
    assert '<img src=x onerror="alert(1)">.xlsx' in problem and "不是 Excel 工作簿" in problem
    assert page.locator("main img").count() == 0   # escaped: text, never an element
    page.close()


def test_the_check_page_keeps_nothing_after_the_session_ends(server, chromium):
    page = checked(chromium, server, YIYANG)
    result_url = page.url
    page.click("#keep")                   # asked for: these are kept beyond the session
    kept = server.app.data / "kept"
    assert str(kept) in page.locator("#kept").inner_text()
    folder = next(kept.iterdir())
    assert sorted(p.name for p in folder.iterdir()) == ["001-标注.xlsx", "001.xlsx", "清单.csv"]
    assert YIYANG.name in (folder / "清单.csv").read_text(encoding="utf-8-sig")
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "perfxl_session")
    assert next(c for c in page.context.cookies() if c["name"] == "perfxl_session")["httpOnly"]
    stored = list(server.app.sessions.by_id[cookie].folder.rglob("*.xlsx"))
    assert stored and all(p.name[0].isdigit() for p in stored)   # the server's names, not the sender's
    page.goto(base(server) + "/check")
    page.click("#forget")
    assert not any(p.exists() for p in stored)
    page.goto(result_url)            # a new session: the old results are not there to see
    assert "找不到" in page.locator("p.problem").inner_text()
    assert (folder / "001.xlsx").read_bytes() == YIYANG.read_bytes()     # what was kept stays
    page.close()


def test_long_work_shows_how_far_it_is(server, monkeypatch):
    """Three files: the page says 1 of 3 while the second is being read, then shows the results."""
    import threading

    from webkit import Client

    from perfxl.web import checkpage

    gate, reached = threading.Event(), threading.Event()
    real = checkpage.check_files

    def slow(files, names, roster_units=None, progress=lambda: None):
        def step():
            progress()
            reached.set()
            gate.wait(30)
        return real(files, names, roster_units, step)

    monkeypatch.setattr(checkpage, "check_files", slow)
    client = Client(server.app.port)
    client.get("/check")
    status, head, _ = client.post_files("/check", [("files", f"{i}.xlsx", YIYANG.read_bytes()) for i in range(3)])
    assert status == 303
    assert reached.wait(60)
    _, _, page = client.get(head["Location"])
    text = page.decode()
    assert "已完成 1 / 3" in text and '<progress max="3" value="1">' in text and 'http-equiv="refresh"' in text
    gate.set()
    for _ in range(120):
        _, _, page = client.get(head["Location"])
        if b"section" in page:
            break
        time.sleep(0.5)
    assert page.decode().count('<section class="file">') == 3


def test_no_fixed_copy_is_offered_where_arithmetic_changes_nothing(server, tmp_path):
    from lintkit import CLEAN, write_book
    from webkit import Client

    clean = write_book(tmp_path / "clean.xlsx", CLEAN)
    c = Client(server.app.port)
    c.get("/check")
    status, head, _ = c.post_files("/check", [("files", "clean.xlsx", clean.read_bytes())])
    assert status == 303
    deadline = time.monotonic() + 60
    while True:
        status, _, body = c.get(head["Location"])
        if "section" in body.decode() or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    page = body.decode()
    assert 'class="file"' in page and 'class="button annotated"' in page and 'class="button fixed"' not in page


def test_wps_et_and_ods_uploads_are_checked_like_xlsx(server, libreoffice, tmp_path):
    # what the reader reads, the page takes: WPS's .et (an .xls saved under .et: no WPS at hand) and .ods
    from webkit import Client

    from devtools.libreoffice import convert

    xls, ods = convert([JINZHAI], tmp_path, "xls")[0], convert([JINZHAI], tmp_path, "ods")[0]
    c = Client(server.app.port)
    c.get("/check")
    status, head, _ = c.post_files("/check", [("files", "金寨县.et", xls.read_bytes()),
                                              ("files", "金寨县.ods", ods.read_bytes())])
    assert status == 303
    deadline = time.monotonic() + 120
    while True:
        _, _, body = c.get(head["Location"])
        page = body.decode()
        if 'class="file"' in page or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert page.count('class="file"') == 2 and page.count("14 张表") >= 2 and page.count(">PX102<") == 2
