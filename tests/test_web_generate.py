"""The 生成 page in real Chromium: a roster in, a zip of generated forms out; a bad roster's problems by cell."""

from __future__ import annotations

import zipfile

from conftest import JZ_FORM, JZ_INDICATORS, YJ_FORM, write_roster
from openpyxl import load_workbook
from webkit import EXAMPLES, base, browser, running


def generate(page, server, roster) -> None:
    page.goto(base(server) + "/generate")
    page.set_input_files("input[type=file]", str(roster))
    page.click("button.main")


def test_a_roster_gives_a_zip_of_its_units_workbooks(tmp_path):
    with running(tmp_path / "data") as server, browser() as chromium:
        page = chromium.new_page()
        generate(page, server, EXAMPLES / "roster.xlsx")
        page.wait_for_selector("#zip", timeout=120_000)
        assert "已生成 4 个工作簿、18 张表" in page.locator("p.clean").inner_text()
        with page.expect_download() as info:
            page.click("#zip")
        assert info.value.suggested_filename == "roster-绩效自评表.zip"
        saved = tmp_path / "forms.zip"
        info.value.save_as(saved)
    with zipfile.ZipFile(saved) as z:
        names = sorted(z.namelist())
        z.extractall(tmp_path / "forms")
    assert names == sorted(["金寨县医疗保障局2022年度绩效自评表.xlsx", "广元市医疗保障局2023年度绩效自评表.xlsx",
                            "益阳市医疗保障局2022年度绩效自评表.xlsx", "沅江市医疗保障局2023年度绩效自评表.xlsx"])
    wb = load_workbook(tmp_path / "forms" / "金寨县医疗保障局2022年度绩效自评表.xlsx")
    assert len(wb.sheetnames) >= 13


def test_a_bad_rosters_problems_are_listed_by_sheet_row_and_column(tmp_path):
    bad_form = list(YJ_FORM)
    bad_form[8] = "一百"                         # text in 全年预算数
    roster = write_roster(tmp_path / "我的名单.xlsx", [JZ_FORM, bad_form], JZ_INDICATORS)
    with running(tmp_path / "data") as server, browser() as chromium:
        page = chromium.new_page()
        generate(page, server, roster)
        page.wait_for_selector("#roster-problems", timeout=60_000)
        rows = [r.locator("td").all_inner_texts() for r in page.locator("table.problems tbody tr").all()]
    assert ["表单", "3", "全年预算数", "I3"] in [r[:4] for r in rows]
    message = next(r[4] for r in rows if r[3] == "I3")
    assert message.startswith("我的名单.xlsx 工作表“表单” 第3行") and "一百" in message
    assert str(tmp_path) not in message and "名单.xlsx 工作表" in message   # the sender's name, not the server's path
