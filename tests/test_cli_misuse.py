"""Misuse of the command line is a message and exit 2, never a run that checks nothing (#13)."""

from __future__ import annotations

from click.testing import CliRunner
from lintkit import CLEAN, write_book

from perfxl.cli import main
from perfxl.errors import EXIT_CLEAN, EXIT_ERROR


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_unknown_select_or_ignore_code_is_an_error_naming_the_valid_ones(tmp_path):
    path = write_book(tmp_path / "金寨县2022.xlsx", CLEAN)
    for option, code in (("--select", "PX9"), ("--ignore", "P102"), ("--select", "PX1,PX999")):
        res = run("lint", path, option, code)
        assert res.exit_code == EXIT_ERROR, res.output
        assert option in res.output and code.split(",")[-1] in res.output
        assert "PX1, PX2" in res.output and "PX102" in res.output and "Traceback" not in res.output
    en = run("lint", path, "--select", "PX9", "--lang", "en")
    assert en.exit_code == EXIT_ERROR and "is not a rule code or prefix" in en.output
    assert run("lint", path, "--select", "px1", "--ignore", "PX102,PX3").exit_code == EXIT_CLEAN


def test_a_folder_with_no_workbook_is_an_error(tmp_path):
    empty, other = tmp_path / "empty", tmp_path / "other"
    empty.mkdir()
    other.mkdir()
    (other / "说明.txt").write_text("no workbook here")
    for folder in (empty, other):
        for args in (("lint", folder), ("consolidate", folder, "-o", tmp_path / "汇总.xlsx")):
            res = run(*args)
            assert res.exit_code == EXIT_ERROR and "没有工作簿" in res.output, (args, res.output)
    assert not (tmp_path / "汇总.xlsx").exists()


def test_templates_refuses_to_overwrite_without_force(tmp_path):
    assert run("templates", "-o", tmp_path).exit_code == EXIT_CLEAN
    master = next(tmp_path.glob("项目支出*.xlsx"))
    master.write_bytes(b"restyled by the bureau")
    res = run("templates", "-o", tmp_path)
    assert res.exit_code == EXIT_ERROR and "--force" in res.output
    assert master.read_bytes() == b"restyled by the bureau"
    assert run("templates", "-o", tmp_path, "--force").exit_code == EXIT_CLEAN
    assert master.read_bytes() != b"restyled by the bureau"
