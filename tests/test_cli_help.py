"""`perfxl rules CODE` and `--help` read in Chinese, with English beside or on request (#13)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.rules import load_all
from perfxl.rules.docs import catalog_lines, explain, markdown

PLACEHOLDER = re.compile(r"[{}]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("code", sorted(load_all()))
def test_every_rule_explained_in_chinese_and_english_without_placeholders(code):
    rule = load_all()[code]
    zh, en = run("rules", code), run("rules", code.lower(), "--lang", "en")
    assert zh.exit_code == en.exit_code == 0
    assert not PLACEHOLDER.search(zh.output) and not PLACEHOLDER.search(en.output), (zh.output, en.output)
    assert zh.output.startswith(f"{code}（{'错误' if rule.severity == 'error' else '警告'}）")
    assert f"怎么改：{rule.fix_zh}" in zh.output and "Anti-pattern" not in zh.output
    assert en.output.startswith(f"{code} ({rule.severity})") and "Fix:" in en.output and "怎么改" not in en.output
    assert explain(code, "zh") == zh.output.rstrip("\n") + "\n"


def test_px202_shows_its_message_with_an_ellipsis_not_a_raw_placeholder():
    out = run("rules", "PX202").output
    assert "…，但偏差原因分析及改进措施为空" in out and "{why}" not in out
    assert "…, but the deviation reason" in run("rules", "PX202", "--lang", "en").output


def test_catalog_and_markdown_have_no_raw_placeholder():
    for text in ("\n".join(catalog_lines("zh")), "\n".join(catalog_lines("en")), markdown()):
        assert not PLACEHOLDER.search(text)


def test_unknown_rule_is_a_message():
    res = run("rules", "PX999")
    assert res.exit_code == 2 and "PX999" in res.output and "perfxl rules" in res.output
    assert "no rule PX999" in run("rules", "PX999", "--lang", "en").output


@pytest.mark.parametrize("command", [None, "new", "lint", "consolidate", "excel-addin", "rules", "serve", "templates"])
def test_help_is_chinese_then_english(command):
    res = run(*([command] if command else []), "--help")
    assert res.exit_code == 0
    options = [line for line in res.output.splitlines() if re.match(r"  -", line)]
    assert options
    for line in options:  # each option's help begins in Chinese (the English follows it)
        parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
        assert len(parts) == 1 or CJK.search(parts[1][:16]), line
    description = res.output.split("\n\n")[1]
    assert CJK.search(description), res.output
    english = res.output.split("Options:")[0].split("\n\n", 2)[-1]  # the paragraph after the Chinese
    assert re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", english) and not CJK.search(english[:3]), res.output
    if command is None:  # the command list: every command's summary in both languages
        listed = res.output.split("Commands:")[1].strip().splitlines()
        assert all(CJK.search(x) and re.search(r"[A-Z][a-z]+ ", x) for x in listed), listed
