"""Misuse of the command line is a message and exit 2, never a run that checks nothing (#13)."""

from __future__ import annotations

from click.testing import CliRunner
from lintkit import CLEAN, write_book

from perfxl.cli import main
from perfxl.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS


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


def test_what_dash_o_means_for_each_command(tmp_path, roster):
    """consolidate and new --blank: an .xlsx file; new from a roster, excel-addin, templates: a folder."""
    forms = tmp_path / "forms"
    assert run("new", roster, "-o", forms).exit_code == EXIT_CLEAN
    folder, a_file = tmp_path / "existing", tmp_path / "a_file"
    folder.mkdir()
    a_file.write_text("x")
    cases = [
        (("consolidate", forms, "-o", tmp_path / "汇总.csv"), "汇总.xlsx", "--format csv"),
        (("consolidate", forms, "-o", f"{tmp_path / 'somedir'}/"), "somedir/汇总.xlsx", "文件夹"),
        (("consolidate", forms, "-o", folder, "--force"), "existing/汇总.xlsx", "文件夹"),
        (("new", "--blank", "project", "-o", f"{tmp_path / 'blank'}/"), "blank/自评表.xlsx", "文件夹"),
        (("new", "--blank", "project", "-o", folder, "--force"), "existing/自评表.xlsx", "文件夹"),
        (("new", "--blank", "project", "-o", tmp_path / "空白表.csv"), "空白表.xlsx", ".xlsx"),
        (("new", roster, "-o", a_file, "--force"), "a_file", "是一个文件"),
        (("new", roster, "-o", tmp_path / "表.xlsx"), "表.xlsx", "去掉 .xlsx"),
        (("excel-addin", "-o", a_file, "--force"), "a_file", "是一个文件"),
        (("excel-addin", "-o", tmp_path / "perfxl_check.xlsm"), "perfxl_check.xlsm", "去掉 .xlsm"),
        (("templates", "-o", a_file, "--force"), "a_file", "是一个文件"),
    ]
    for args, named, why in cases:
        res = run(*args)
        assert res.exit_code == EXIT_ERROR and named in res.output and why in res.output, (args, res.output)
        assert "内部错误" not in res.output and "Traceback" not in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "existing", "forms", "roster.xlsx"]
    assert a_file.read_text() == "x" and not any(folder.iterdir())
    en = run("consolidate", forms, "-o", tmp_path / "汇总.csv", "--lang", "en")
    assert en.exit_code == EXIT_ERROR and "takes an .xlsx file name" in en.output
    assert run("consolidate", forms, "-o", tmp_path / "汇总.XLSX").exit_code == EXIT_FINDINGS  # written; forms not filled in
    assert run("excel-addin", "-o", folder, "--no-wheels").exit_code == EXIT_CLEAN and (folder / "perfxl_check.xlsm").exists()
