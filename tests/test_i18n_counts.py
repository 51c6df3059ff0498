"""English counts agree with their numbers ("1 file", "2 files"); both languages name the same fields."""

from __future__ import annotations

import string

import pytest

from perfxl.i18n import CATALOG, counted, msg
from perfxl.lint.report import FileResult, Report
from perfxl.lint.results import summary_line as file_line
from perfxl.lint.text import summary_line


def _fields(template: str) -> set[str]:
    # an English text may take a parameter's English form (why_en for why), passed beside it
    return {name.removesuffix("_en") for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_both_languages_take_the_same_parameters(key):
    zh, en = CATALOG[key]
    assert _fields(zh) == _fields(en), key


def test_counted_nouns():
    assert counted(1, "file") == "1 file"
    assert counted(0, "error") == "0 errors"
    assert counted(2, "warning") == "2 warnings"


def test_catalog_counts_in_english_and_leaves_chinese_alone():
    one = msg("consolidated", files=1, forms=1, errors=1, warnings=1, output="汇总.xlsx")
    assert one.render("en") == "consolidated 1 file, 1 form: 1 error, 1 warning → 汇总.xlsx"
    many = msg("consolidated", files=3, forms=12, errors=0, warnings=2, output="汇总.xlsx")
    assert many.render("en") == "consolidated 3 files, 12 forms: 0 errors, 2 warnings → 汇总.xlsx"
    assert one.render("zh") == "已汇总 1 个文件、1 张表：1 个错误，1 个警告 → 汇总.xlsx"
    assert msg("unreadable", n=1).render("en").startswith("1 file could not be read")


def test_other_format_specs_still_work():
    # a spec that is not a noun is str.format's own, in a template that also counts
    assert msg("fix_done", path="a.xlsx", n=1).render("en") == "corrected copy: a.xlsx (1 change; the input is untouched)"


def test_lint_summaries_in_english():
    report = Report([FileResult("a.xlsx")])
    assert summary_line(report, "en") == "Checked 1 file, 0 forms: 0 errors, 0 warnings"
    assert file_line(FileResult("a.xlsx"), "a.xlsx", "en") == "Checked a.xlsx: 0 forms, no problems found"
