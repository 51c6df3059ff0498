"""Screenshots of `perfxl serve`'s pages for the README (docs/img/web-*.png), taken in headless Chromium.

    python scripts/web_screenshots.py [--out docs/img]

Runs a server on a free loopback port with a temporary data folder, checks 金寨's workbook, makes a
collection round of three units from examples/roster.xlsx with two of them sent, and photographs
the start page, the check result, a roster's problems on the generate page, the board and a
county's page.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from webkit import CHROMIUM, CHROMIUM_ARGS, small_roster  # noqa: E402 - the browser tests' own set-up

from perfxl.web.server import start  # noqa: E402

EXAMPLES = ROOT / "examples"
JINZHAI = EXAMPLES / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
YIYANG = EXAMPLES / "益阳市医疗保障局2022年度项目支出绩效自评表.xlsx"
UNITS = ("金寨县医疗保障局", "益阳市医疗保障局", "沅江市医疗保障局")
ARGS = [*CHROMIUM_ARGS, "--hide-scrollbars"]  # screenshots without scroll bars


def bad_roster(path: Path) -> Path:
    """The example roster with the slips a clerk makes: text in an amount, a form with no project."""
    wb = load_workbook(EXAMPLES / "roster.xlsx")
    wb["表单"]["I3"] = "一百"
    wb["表单"]["D5"] = None
    wb.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        server = start("127.0.0.1", 0, Path(tmp) / "data")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.app.port}"
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})

        def shot(name: str) -> None:
            page.screenshot(path=str(out / f"web-{name}.png"))
            print(out / f"web-{name}.png")

        page.goto(url + "/")
        shot("home")
        page.goto(url + "/check")
        page.set_input_files("input[type=file]", str(JINZHAI))
        page.click("button.main")
        page.wait_for_selector("section.file", timeout=60_000)
        shot("check")
        page.goto(url + "/generate")
        page.set_input_files("input[type=file]", str(bad_roster(Path(tmp) / "名单（待修改）.xlsx")))
        page.click("button.main")
        page.wait_for_selector("#roster-problems", timeout=60_000)
        shot("generate")
        page.goto(url + "/collect")
        page.fill("input[name=name]", "益阳市2022年度绩效自评")
        page.set_input_files("input[type=file]", str(small_roster(Path(tmp) / "名单.xlsx", UNITS)))
        page.click("button.main")
        page.wait_for_url(re.compile(r"/collect/\d+$"))
        board = page.url
        links = page.locator("table.board code.link").all_inner_texts()
        county = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        for link, book in ((links[0], JINZHAI), (links[1], YIYANG)):
            county.goto(link)
            county.set_input_files("input[type=file]", str(book))
            county.click("button.main")
            county.wait_for_selector("#latest", timeout=60_000)
        county.screenshot(path=str(out / "web-unit.png"))
        print(out / "web-unit.png")
        page.goto(board)
        shot("board")
        browser.close()
        server.shutdown()
        server.app.close()


if __name__ == "__main__":
    main()
