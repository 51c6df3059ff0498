"""A collection round in real Chromium: three units (one resubmits, one never sends), the board, the roll-up."""

from __future__ import annotations

import re
import zipfile

from openpyxl import load_workbook
from webkit import JINZHAI, YIYANG, base, browser, running, small_roster

from perfxl.lint import lint_paths

JZ, YY, YJ = "金寨县医疗保障局", "益阳市医疗保障局", "沅江市医疗保障局"


def board_rows(page) -> dict[str, list[str]]:
    rows = [r.locator("td").all_inner_texts() for r in page.locator("table.board tbody tr").all()]
    return {r[1]: r for r in rows}


def wait_checked(page) -> None:
    page.wait_for_selector("#latest", timeout=90_000)   # the page refreshes itself until the check is done


def test_a_collection_round_with_three_units(tmp_path):
    roster = small_roster(tmp_path / "名单.xlsx", (JZ, YY, YJ))
    with running(tmp_path / "data") as server, browser() as chromium:
        bureau = chromium.new_page()
        bureau.goto(base(server) + "/collect")
        bureau.fill("input[name=name]", "益阳市2022年度绩效自评")
        bureau.set_input_files("input[type=file]", str(roster))
        bureau.click("button.main")
        bureau.wait_for_url(re.compile(r"/collect/\d+$"))
        rows = board_rows(bureau)
        assert list(rows) == [JZ, YY, YJ]                     # the roster's order
        assert all(r[2] == "未收到" for r in rows.values())
        links = {name: r[8] for name, r in rows.items()}
        assert len(set(links.values())) == 3 and all(re.fullmatch(r"http://127\.0\.0\.1:\d+/u/[\w-]{32}", v)
                                                     for v in links.values())

        # 金寨 first sends the wrong workbook (益阳's), then the right one
        county = chromium.new_context().new_page()
        county.goto(links[JZ])
        assert county.locator("h1").inner_text() == JZ
        county.set_input_files("input[type=file]", str(YIYANG))
        county.click("button.main")
        wait_checked(county)
        county.set_input_files("input[type=file]", str(JINZHAI))
        county.click("button.main")
        county.wait_for_function("document.querySelectorAll('table.history tbody tr').length == 2")
        wait_checked(county)
        assert JINZHAI.name in county.locator("#latest p.summary").inner_text()
        assert "PX102" in county.locator("#latest").inner_text()       # its findings, at once
        history = [r.locator("td").all_inner_texts()[1] for r in county.locator("table.history tbody tr").all()]
        assert history == [JINZHAI.name, YIYANG.name]                  # both kept, newest first

        yiyang = chromium.new_context().new_page()
        yiyang.goto(links[YY])
        yiyang.set_input_files("input[type=file]", str(YIYANG))
        yiyang.click("button.main")
        wait_checked(yiyang)
        assert "错误 0 项" in yiyang.locator("#latest p.summary").inner_text()
        # a unit sees only its own submissions: 金寨's file name appears nowhere on 益阳's page
        assert JINZHAI.name not in yiyang.content()

        bureau.reload()
        rows = board_rows(bureau)
        assert [rows[JZ][2], rows[JZ][3], rows[YY][2], rows[YY][3], rows[YJ][2], rows[YJ][3]] == \
            ["有错误", "2", "无错误", "1", "未收到", "0"]
        assert int(rows[JZ][5]) > 0 and rows[YY][5] == "0"
        assert "共 3 个单位：已收到 2（有错误 1，无错误 1，检查中 0），未收到 1" in bureau.locator("#tally").inner_text()

        bureau.click("#rollup")
        bureau.wait_for_selector("#rollup-download", timeout=120_000)
        with bureau.expect_download() as info:
            bureau.click("#rollup-download")
        assert info.value.suggested_filename == "益阳市2022年度绩效自评汇总.xlsx"
        summary_path = tmp_path / "汇总.xlsx"
        info.value.save_as(summary_path)
        with bureau.expect_download() as info:
            bureau.click("#rollup-zip")
        info.value.save_as(tmp_path / "汇总.zip")
    with zipfile.ZipFile(tmp_path / "汇总.zip") as z:
        names = sorted(z.namelist())
        assert [n for n in names if not n.startswith("反馈/")] == [
            "收到的自评表/益阳市医疗保障局2022年度绩效自评表.xlsx", "收到的自评表/金寨县医疗保障局2022年度绩效自评表.xlsx",
            "益阳市2022年度绩效自评汇总.xlsx"]
        # each unit that sent its form has its feedback folder: the feedback workbook and the annotated copy
        feedback = [n for n in names if n.startswith("反馈/")]
        assert {n.split("/")[1] for n in feedback} == {JZ, YY}
        assert sum("检查反馈" in n for n in feedback) == 2 and sum("（标注）" in n for n in feedback) == 2
        assert z.read("收到的自评表/金寨县医疗保障局2022年度绩效自评表.xlsx") == JINZHAI.read_bytes()

    # the roll-up counts each unit's latest submission once: 金寨's 12 forms and 益阳's one
    expected = [f for r in lint_paths([JINZHAI, YIYANG]).files for f in r.forms if f.kind != "score_table"]
    wb = load_workbook(summary_path)
    ws = wb["汇总"]
    head = [c.value for c in ws[1]]
    unit_col, budget_col = head.index("县区/单位"), head.index("全年预算数")
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] is not None and r[unit_col] in (JZ, YY)]
    assert len(rows) == len(expected) == 13
    assert sorted(r[unit_col] for r in rows).count(YY) == 1
    assert abs(sum(r[budget_col] or 0 for r in rows) - sum(f.budget or 0 for f in expected)) < 1e-6
    missing = [r for r in wb["名单核对"].iter_rows(min_row=2, values_only=True) if r[0] == "未收到"]
    assert (YJ, "部门整体支出") in [(r[1], r[2]) for r in missing]
