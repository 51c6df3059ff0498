"""The PX_ worksheet functions as plain Python, on the docs/scoring.md rules."""

from __future__ import annotations

import pytest

from perfxl.excel import functions as F


@pytest.mark.parametrize("target, actual, weight, expected", [
    ("≥95%", "98%", 20, 20.0),                 # positive target met: full 分值
    ("≥95%", "90%", 20, 18.95),                # missed: round(actual ÷ X × 分值, 2)
    ("大于等于95%", 0.9, 10, 9.47),             # a percent cell arrives as a fraction
    (0.95, 0.9, 10, 9.47),                     # both sides percent cells
    ("≥9977人", "100690人", 10, 10.0),          # over-execution is capped at 分值
    ("≥5.26万人次", "11.09万人次", 10, 10.0),
    ("≥5.26万人次", "4万人次", 10, 7.6),          # units with scale: 40000 ÷ 52600 × 10
    ("≥52600人次", "4万人次", 10, 7.6),           # 万 on one side only
    ("≤176.77万元", "186.816万元", 10, 9.43),    # reverse: 10 × (1 − 10.046 ÷ 176.77)
    ("≤176.77万元", "1767700元", 10, 10.0),      # reverse met exactly, units differ in scale
    ("≤100万元", "200万元", 10, 0.0),            # reverse at 2X: 0
    ("≤100万元", "250万元", 10, 0.0),
    ("不低于90%", "85%", 10, 9.44),
])
def test_score_follows_the_national_rules(target, actual, weight, expected):
    assert F.px_score(target, actual, weight) == expected


def test_score_reverse_flag_turns_a_bare_number_into_a_ceiling():
    assert F.px_score("100", "120", 10) == 10.0          # a bare target is a minimum: 120 ≥ 100 met
    assert F.px_score("100", "120", 10, "成本") == 8.0    # as a cost ceiling: 10 × (1 − 20/100)
    assert F.px_score("100", "120", 10, True) == 8.0


def test_score_method_all_or_nothing():
    assert F.px_score("≥95%", "90%", 20, False, "all_or_nothing") == 0.0
    assert F.px_score("≥95%", "96%", 20, False, "all_or_nothing") == 20.0


def test_score_says_why_it_has_no_number():
    assert F.px_score("及时", "及时", 10) == F.QUALITATIVE
    assert F.px_score("2023年12月底前", "2023年11月", 10) == F.QUALITATIVE
    assert F.px_score("≥95%", "98%", None) == F.NEED_WEIGHT
    assert F.px_score("≥95%", "待支付", 10) == F.UNCLEAR


@pytest.mark.parametrize("total, scale, word", [
    (90, "national", "优"), (89.995, "national", "良"), (80, None, "良"), (60, "", "中"), (59.9, "四级", "差"),
    (90, "五级", "优秀"), (75, "five", "合格"), (60, "五级", "基本合格"), (59, "五级", "不合格"),
    ("100.37", "national", "优"), (None, "national", ""),
])
def test_grade_on_both_scales(total, scale, word):
    assert F.px_grade(total, scale) == word


def test_grade_rejects_an_unknown_scale():
    assert F.px_grade(90, "六级") == F.BAD_SCALE


@pytest.mark.parametrize("text, row", [
    ("≥5.26 万人次", [52600.0, "人次"]),
    ("≤176.77万元", [1767700.0, "元"]),
    ("≥95%", [95.0, "%"]),
    ("6-9 个月", [6.0, "个月"]),
    ("≥1 次", [1.0, "次"]),
    ("及时", ["", "定性"]),
    ("2023年12月底前", ["", "时限"]),
    (None, ["", ""]),
])
def test_parse_returns_one_row_of_number_and_unit(text, row):
    assert F.px_parse(text) == [row]


def test_rate_and_fund_score_cap_over_execution():
    assert F.px_rate(176.77, 186.816) == pytest.approx(1.056831, abs=1e-6)
    assert F.px_fundscore(176.77, 186.816, 10) == 10.0     # not the published 10.57
    assert F.px_fundscore(176.77, 186.816) == 10.0          # 分值 defaults to 10
    assert F.px_fundscore(200, 150, 10) == 7.5
    assert F.px_fundscore(200, 199.99, 10) == 10.0          # 9.99995 rounds half up
    assert F.px_rate(0, 5) == "" and F.px_fundscore(None, 5) == ""
    assert F.px_fundscore(100, 50, "十") == F.NEED_WEIGHT


@pytest.mark.parametrize("level, band", [("达成", [8.0, 10.0]), ("部分达成", [6.0, 8.0]),
                                         ("未达成", [0.0, 6.0]), ("基本达成", [6.0, 8.0])])
def test_qualitative_bands(level, band):
    assert F.px_band(level, 10) == [band]


def test_band_explains_a_bad_level_or_weight():
    assert F.px_band("很好", 10) == [[F.BAD_BAND, ""]]
    assert F.px_band("达成", None) == [[F.NEED_WEIGHT, ""]]


def test_every_function_is_documented_in_chinese():
    for name, (fn, args) in F.FUNCTIONS.items():
        assert name == "PX_" + fn.__name__[3:].upper()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in fn.__doc__)
        assert list(args) == list(fn.__code__.co_varnames[:fn.__code__.co_argcount])
