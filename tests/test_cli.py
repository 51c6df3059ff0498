"""The command line as a clerk uses it: messages, exit statuses, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from conftest import JZ_FORM, write_roster
from openpyxl import load_workbook

from perfxl.cli import main
from perfxl.errors import EXIT_CLEAN, EXIT_ERROR


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_new_from_roster(roster, tmp_path):
    res = run("new", roster, "-o", tmp_path / "out")
    assert res.exit_code == EXIT_CLEAN, res.output
    assert "已生成 3 个工作簿、3 张表" in res.output
    res = run("new", roster, "-o", tmp_path / "out", "--lang", "en")
    assert res.exit_code == EXIT_ERROR and "output file exists" in res.output and "--force" in res.output


def test_blank_form(tmp_path):
    res = run("new", "--blank", "transfer", "-o", tmp_path / "t.xlsx", "--year", "2024")
    assert res.exit_code == EXIT_CLEAN, res.output
    ws = load_workbook(tmp_path / "t.xlsx")["自评表"]
    assert ws["A1"].value == "转移支付区域（项目）绩效目标自评表" and ws["A2"].value == "（2024年度）"


def test_bad_roster_message_and_status(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [JZ_FORM[:8] + ["很多"]], [])
    res = run("new", path, "-o", tmp_path / "out")
    assert res.exit_code == EXIT_ERROR
    assert "名单有误" in res.output and "I2" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_not_a_workbook_and_missing_file(tmp_path):
    (tmp_path / "fake.xlsx").write_text("not a zip")
    for path, words in ((tmp_path / "fake.xlsx", "不是有效的 Excel 工作簿"), (tmp_path / "none.xlsx", "找不到文件")):
        res = run("new", path, "-o", tmp_path / "out")
        assert res.exit_code == EXIT_ERROR and words in res.output and "Traceback" not in res.output


def test_installed_entry_point_runs():
    res = subprocess.run([sys.executable, "-m", "perfxl.cli", "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "new" in res.stdout
