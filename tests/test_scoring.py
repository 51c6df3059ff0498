"""Table tests for perfxl.scoring: docs/scoring.md rules on real and boundary cases."""
from __future__ import annotations

import pytest

from perfxl.scoring import (
    GRADE_SCALES,
    METHODS,
    NATIONAL,
    ScoringMethod,
    attainment,
    execution_rate,
    fund_score,
    grade,
    grade_matches,
    is_met,
    qualitative_band,
    rates_match,
    round_half_up,
    scale_of_grade_word,
    standard_score,
    units_conflict,
)
from perfxl.targets import parse_actual, parse_target


def rows(*table):
    """pytest params whose id is the first column of the row."""
    return [pytest.param(*row[1:], id=row[0]) for row in table]


def pair(target, actual, reverse_hint=False):
    return parse_target(target, reverse_hint, year=2023), parse_actual(actual, year=2023)


# --- is_met --------------------------------------------------------------------------------------------------
IS_MET = rows(
    # id, target, actual, expected
    # real pairs from the seeds
    ("001_coverage", "100%", "100%", True),
    ("001_publicity", "12 次", "12 次", True),
    ("001_insured_rate_over_100", "99.80%", "106.32%", True),
    ("001_somewhat_vs_significant", "有所提升", "显著提升", True),
    ("001_timely", "及时", "及时", True),
    ("001_cost_missed", "≤176.77 万元", "186.816 万元", False),
    ("001_satisfaction", "≥95%", "98%", True),
    ("001_front_desk", "≥14000", "15000", True),
    ("001_paid_in_december", "及时 支付", "2022 年 12 月支付 完成", True),
    ("001_staff_cost_label", "≤24.32 万元", "支付 24.32 万元", True),
    ("001_sms_done", "≥ 1050000 条", "完成", True),
    ("001_network_done", "网络无间断运行维护", "完成", True),
    ("001_cost_equal_bound", "≤ 30 万元", "30 万元", True),
    ("001_assets_unitless_actual", "≤20 万元", "9.954", True),
    ("001_aid_people", "≥9977 人", "100690 人", True),
    ("001_aid_visits", "≥5.26 万人次", "11.09 万人次", True),
    ("001_bound_vs_same_bound", "≥99%", "≥99%", True),
    ("001_rate_without_pct", "≥98%", "100", True),
    ("001_wait_to_pay", "及时支付", "待支付", False),
    ("001_drg_two_hospitals", "有序推进", "2 家县级医院", None),
    ("001_cost_under", "≤140 万元", "122 万元", True),
    ("000_multi_by_label", "医疗机构≥40% 病种≥70% 基金≥30%", "医疗机构≥86.46% 病种≥94.84% 基金≥76.26%", True),
    ("000_info_public_100pct", "信息公开", "100%", True),
    ("002_insured_people_missed", "≥218 万人", "216.96 万人", False),
    ("002_subsidy_equal", "≥640", "640", True),
    ("002_household_rate_missed", "≥90%", "86%", False),
    ("002_resident_rate_over", "≥98%", "110%", True),
    ("002_zero_fake_insured", "0", "0", True),
    ("002_months_in_range", "6-9 个月", "7 个月", True),
    ("002_bare_95", "95%", "95%", True),
    ("002_balance_share_cost", "≤15%", "5.48%", True),
    ("002_mobile_pay_missed", "≥30%", "3.33%", False),
    ("002_steadily", "稳步拓展", "稳步拓展", True),
    ("002_awareness_bound_actual", "85%以上", "85%以上", True),
    ("002_satisfaction_85_vs_95", "85%以上", "95%", True),
    ("002_deadline_same", "2023年12月底前", "2023年12月底前", True),
    ("002_deadline_month_vs_month_end", "2023年12月底前", "2023年12月前", True),
    ("002_checks", "≥300 家", "1523 家", True),
    ("002_training", "≥50 人次", "1300 人次", True),
    ("003_words_bound_actual", "大于等于85%", "大于等于95%", True),
    ("003_sentence_actual", "大于等于95%", "以常住人口数为基数计算基本医保综合参保率为101.88%。", True),
    # constructed cases
    ("range_below", "6-9 个月", "5 个月", False),
    ("range_above", "6-9 个月", "10 个月", False),
    ("range_edge", "6-9 个月", "9 个月", True),
    ("gt_equal_not_met", ">90%", "90%", False),
    ("lt_equal_not_met", "<5%", "5%", False),
    ("fraction_actual_vs_pct", "≥95%", 0.98, True),
    ("fraction_actual_missed", "≥95%", 0.90, False),
    ("pct_formatted_cell", "≥95%", None, None),
    ("wanyuan_vs_yuan_met", "≤20 万元", "150000 元", True),
    ("wanyuan_vs_yuan_missed", "≤20 万元", "250000 元", False),
    ("hours_vs_minutes", "≤2 小时", "90 分钟", True),
    ("ren_vs_renci_incomparable", "≥50 人", "1300 人次", None),
    ("yuan_vs_pct_incomparable", "≤20 万元", "95%", None),
    ("bound_actual_below_unknown", "≥95%", "≥90%", None),
    ("bound_actual_over_cost", "≤100 万元", "≥120 万元", False),
    ("multi_one_label_missed", "医疗机构≥40% 病种≥70%", "医疗机构≥86% 病种60%", False),
    ("multi_bound_below_unknown", "医疗机构≥40% 病种≥70%", "医疗机构≥86% 病种≥60%", None),
    ("multi_labels_reordered", "医疗机构≥40% 病种≥70%", "病种75%,医疗机构50%", True),
    ("multi_exact_label_before_partial", "耗材≥80% 高值耗材≥40%", "高值耗材50% 耗材90%", True),
    ("multi_by_order", "≥40%;≥70%", "50%;80%", True),
    ("multi_vs_single_unknown", "医疗机构≥40% 病种≥70%", "90%", None),
    ("not_completed", "完成", "未完成", False),
    ("not_reached_vs_number_target", "≥12 次", "未达到", False),
    ("unknown_words", "显著提升", "一般", None),
    ("deadline_late", "2023年6月底前", "2023年9月完成", False),
    ("deadline_early", "2023年12月底前", "2023-11-15", True),
    ("deadline_done_word", "年底前", "已完成", True),
    ("deadline_no_year_vs_date", "12月底前", "2023-11-15", True),
    ("qualitative_vs_deadline_actual", "按时完成", "2023年11月完成", True),
    ("empty_actual", "≥95%", "", None),
    ("empty_target", "", "98%", None),
    ("garbage_actual", "≥95%", "#REF!", None),
    ("qualitative_vs_other_number", "显著提升", "12 次", None),
)


@pytest.mark.parametrize("target, actual, expected", IS_MET)
def test_is_met(target, actual, expected):
    assert is_met(*pair(target, actual)) is expected


def test_is_met_with_percent_cell_format():
    assert is_met(parse_target("≥95%"), parse_actual(0.98, "0.00%")) is True
    assert is_met(parse_target("≥99%"), parse_actual(0.98, "0.00%")) is False


def test_deadline_without_year_cannot_be_compared():
    assert is_met(parse_target("12月底前"), parse_actual("2023-11-15")) is None
    assert is_met(parse_target("12月底前"), parse_actual("12 月底前")) is True  # same words: met


# --- units_conflict -------------------------------------------------------------------------------------
UNITS = rows(
    ("wanyuan_vs_yuan", "≤20 万元", "150000 元", "万元 vs 元"),
    ("pct_missing", "≥98%", "100", "% vs 无单位"),
    ("unit_missing_in_actual", "≤20 万元", "9.954", "万元 vs 无单位"),
    ("ren_vs_renci", "≥50 人", "1300 人次", "人 vs 人次"),
    ("same_wanyuan", "≤176.77 万元", "186.816 万元", None),
    ("same_pct", "≥95%", "98%", None),
    ("month_synonym", "6-9 个月", "7月", None),
    ("both_unitless", "≥14000", "15000", None),
    ("qualitative", "及时", "及时", None),
    ("multi_second_differs", "医疗机构≥40% 病种≥70%", "医疗机构≥86% 病种≥0.9", "% vs 无单位"),
)


@pytest.mark.parametrize("target, actual, expected", UNITS)
def test_units_conflict(target, actual, expected):
    assert units_conflict(*pair(target, actual)) == expected


# --- attainment ------------------------------------------------------------------------------------------
ATTAINMENT = rows(
    ("aid_visits_far_above", "≥5.26 万人次", "11.09 万人次", 11.09 / 5.26),
    ("aid_people_ten_times", "≥9977 人", "100690 人", 100690 / 9977),
    ("insured_people_short", "≥218 万人", "216.96 万人", 216.96 / 218),
    ("mobile_pay", "≥30%", "3.33%", 0.111),
    ("bound_actual_is_lower_bound", "≥95%", "≥99%", 99 / 95),
    ("wanyuan_vs_yuan", "≥20 万元", "300000 元", 1.5),
    ("cost_target_none", "≤176.77 万元", "186.816 万元", None),
    ("range_none", "6-9 个月", "7 个月", None),
    ("zero_target_none", ">0", "5", None),
    ("qualitative_none", "及时", "及时", None),
    ("multi_none", "医疗机构≥40% 病种≥70%", "医疗机构≥86% 病种≥90%", None),
    ("incomparable_none", "≥50 人", "1300 人次", None),
)


@pytest.mark.parametrize("target, actual, expected", ATTAINMENT)
def test_attainment(target, actual, expected):
    got = attainment(*pair(target, actual))
    assert got == (None if expected is None else pytest.approx(expected))


def test_attainment_flags_target_set_too_low():
    assert attainment(*pair("≥5.26 万人次", "11.09 万人次")) >= 1.3
    assert attainment(*pair("≥95%", "98%")) < 1.3


# --- standard_score ---------------------------------------------------------------------------------------
PROVINCE = ScoringMethod("province", reverse_zero_multiple=1.5, positive_zero_below=0.6)
UNCAPPED = ScoringMethod("uncapped", cap_at_weight=False)
STANDARD = rows(
    # id, target, actual, weight, method, expected
    ("cost_missed_seed", "≤176.77 万元", "186.816 万元", 10, NATIONAL, 9.43),
    ("cost_met", "≤140 万元", "122 万元", 10, NATIONAL, 10.0),
    ("cost_double_is_zero", "≤100 万元", "200 万元", 10, NATIONAL, 0.0),
    ("cost_beyond_double", "≤100 万元", "350 万元", 10, NATIONAL, 0.0),
    ("cost_just_under_double", "≤100 万元", "199 万元", 10, NATIONAL, 0.1),
    ("cost_bare_with_hint", "100 万元", "150 万元", 10, NATIONAL, 5.0),
    ("positive_missed", "≥218 万人", "216.96 万人", 10, NATIONAL, 9.95),
    ("positive_missed_far", "≥30%", "3.33%", 10, NATIONAL, 1.11),
    ("positive_half", "≥12 次", "6 次", 5, NATIONAL, 2.5),
    ("over_execution_capped", "≥9977 人", "100690 人", 10, NATIONAL, 10.0),
    ("over_execution_uncapped", "≥9977 人", "100690 人", 10, UNCAPPED, 100.92),
    ("uncapped_cost_met_stays_full", "≤140 万元", "122 万元", 10, UNCAPPED, 10.0),
    ("uncapped_missed", "≥10 次", "8 次", 10, UNCAPPED, 8.0),
    ("bound_actual_met", "≥99%", "≥99%", 5, NATIONAL, 5.0),
    ("range_met", "6-9 个月", "7 个月", 10, NATIONAL, 10.0),
    ("range_missed_no_rule", "6-9 个月", "12 个月", 10, NATIONAL, None),
    ("text_weight", "≥12 次", "6 次", "10分", NATIONAL, 5.0),
    ("rounding_half_up", "≥8 次", "7 次", 3, NATIONAL, 2.63),
    ("qualitative_none", "及时", "及时", 10, NATIONAL, None),
    ("unknown_bound_actual_none", "≥95%", "≥90%", 10, NATIONAL, None),
    ("garbage_weight_none", "≥12 次", "6 次", "abc", NATIONAL, None),
    ("empty_actual_none", "≥12 次", "", 10, NATIONAL, None),
    ("all_or_nothing_missed", "≥218 万人", "216.96 万人", 10, METHODS["all_or_nothing"], 0.0),
    ("all_or_nothing_met", "≥95%", "98%", 10, METHODS["all_or_nothing"], 10.0),
    ("province_reverse_multiple", "≤100 万元", "125 万元", 10, PROVINCE, 5.0),
    ("province_zero_below_60pct", "≥10 次", "5 次", 10, PROVINCE, 0.0),
    ("province_above_60pct", "≥10 次", "7 次", 10, PROVINCE, 7.0),
    ("zero_ceiling_missed", "0", "3", 10, NATIONAL, 0.0),
    ("multi_missed_no_rule", "医疗机构≥40% 病种≥70%", "医疗机构≥86% 病种≥60%", 10, NATIONAL, None),
)


@pytest.mark.parametrize("target, actual, weight, method, expected", STANDARD)
def test_standard_score(target, actual, weight, method, expected):
    reverse = target == "100 万元"
    assert standard_score(*pair(target, actual, reverse), weight, method) == expected


def test_national_is_the_registered_default():
    assert METHODS["national"] is NATIONAL
    assert (NATIONAL.cap_at_weight, NATIONAL.reverse_zero_multiple) == (True, 2.0)
    with pytest.raises(AttributeError):
        NATIONAL.cap_at_weight = False  # frozen: a province must make its own method


# --- qualitative bands, grades -------------------------------------------------------------------------------
BANDS = rows(
    ("met", "达成", 10, (8.0, 10.0)), ("partial", "部分达成", 10, (6.0, 8.0)), ("missed", "未达成", 10, (0.0, 6.0)),
    ("met_alias", "完全达成", 5, (4.0, 5.0)), ("partial_alias", "基本达成", 5, (3.0, 4.0)),
    ("odd_weight", "部分达成", 7, (4.2, 5.6)), ("text_weight", "达成", "15分", (12.0, 15.0)),
)


@pytest.mark.parametrize("level, weight, expected", BANDS)
def test_qualitative_band(level, weight, expected):
    assert qualitative_band(level, weight) == expected


@pytest.mark.parametrize("level, weight", rows(("unknown_level", "很好", 10), ("bad_weight", "达成", "abc")))
def test_qualitative_band_rejects(level, weight):
    with pytest.raises(ValueError):
        qualitative_band(level, weight)


GRADES = rows(
    ("n_100", 100, "national", "优"), ("n_90_inclusive", 90, "national", "优"),
    ("n_89.995_not_rounded", 89.995, "national", "良"), ("n_80", 80, "national", "良"),
    ("n_79.99", 79.99, "national", "中"), ("n_60", 60, "national", "中"), ("n_59.99", 59.99, "national", "差"),
    ("n_zero", 0, "national", "差"), ("n_seed_004", 88.82, "national", "良"), ("n_seed_001", 99.62, "national", "优"),
    ("n_float_noise", sum([0.1] * 900), "national", "优"), ("n_text_total", "99.62", "national", "优"),
    ("f_90", 90, "five", "优秀"), ("f_89.995", 89.995, "five", "良好"), ("f_80", 80, "five", "良好"),
    ("f_70", 70, "five", "合格"), ("f_69.99", 69.99, "five", "基本合格"), ("f_60", 60, "five", "基本合格"),
    ("f_59.99", 59.99, "five", "不合格"), ("none_total", None, "national", None), ("text_total", "abc", "five", None),
)


@pytest.mark.parametrize("total, scale, expected", GRADES)
def test_grade(total, scale, expected):
    assert grade(total, scale) == expected


def test_grade_unknown_scale():
    with pytest.raises(ValueError):
        grade(95, "seven")
    assert set(GRADE_SCALES) >= {"national", "five"}


SCALE_WORDS = rows(
    ("you", "优", "national"), ("liang", "良", "national"), ("zhong", "中", "national"), ("cha", "差", "national"),
    ("quoted", "“优”", "national"), ("with_suffix", "良等", "national"), ("youxiu", "优秀", "five"),
    ("lianghao", "良好", "five"), ("hege", "合格", "five"), ("jiben_hege", "基本合格", "five"),
    ("buhege", "不合格", "five"), ("spaced", " 优 秀 ", "five"), ("unknown", "满分", None), ("none", None, None),
)


@pytest.mark.parametrize("word, scale", SCALE_WORDS)
def test_scale_of_grade_word(word, scale):
    assert scale_of_grade_word(word) == scale


GRADE_MATCHES = rows(
    ("seed_001_you", "优", 99.62, True), ("seed_004_liang", "良", 88.82, True), ("seed_000_youxiu", "优秀", 100, True),
    ("you_too_low", "优", 89.99, False), ("youxiu_on_national_form", "优秀", 95, True),
    ("lianghao_on_national_form", "良好", 85, True), ("lianghao_too_high", "良好", 90, False),
    ("hege_five_scale", "合格", 75, True), ("hege_too_low", "合格", 65, False), ("zhong_at_65", "中", 65, True),
    ("cha_at_60", "差", 60, False), ("quoted_word", "“良”", 80, True), ("not_a_grade", "满分", 100, None),
    ("no_total", "优", None, None),
)


@pytest.mark.parametrize("word, total, expected", GRADE_MATCHES)
def test_grade_matches(word, total, expected):
    assert grade_matches(word, total) is expected


# --- fund execution ---------------------------------------------------------------------------------------
EXEC_RATES = rows(
    ("seed_over_execution", 176.77, 186.816, 186.816 / 176.77), ("seed_assets", 10, 9.954, 0.9954),
    ("seed_transfer", 674, 553.8, 553.8 / 674), ("text_numbers", "30", "30 ", 1.0),
    ("zero_budget", 0, 5, None), ("missing_budget", None, 5, None), ("missing_spent", 10, "", None),
    ("dash_budget", "—", 5, None), ("zero_spent", 10, 0, 0.0),
)


@pytest.mark.parametrize("budget, spent, expected", EXEC_RATES)
def test_execution_rate(budget, spent, expected):
    got = execution_rate(budget, spent)
    assert got == (None if expected is None else pytest.approx(expected))


FUND_SCORES = rows(
    ("seed_over_execution_capped", 10, 186.816 / 176.77, 10.0), ("seed_assets", 10, 0.9954, 9.95),
    ("full", 10, 1.0, 10.0), ("half_up_not_bankers", 5, 0.999, 5.0), ("half_up_9.985", 10, 0.9985, 9.99),
    ("third_decimal_down", 10, 0.99125, 9.91), ("third_decimal_up", 10, 0.99175, 9.92), ("tiny", 10, 0.00049, 0.0),
    ("negative_rate", 10, -0.5, 0.0),
    ("transfer_rate", 10, 553.8 / 674, 8.22), ("weight_15", 15, 0.9545, 14.32),
    ("text_weight_and_pct_rate", "10分", "99.54%", 9.95), ("text_pct_over_100", "10", "105.68%", 10.0),
)


@pytest.mark.parametrize("weight, rate, expected", FUND_SCORES)
def test_fund_score(weight, rate, expected):
    assert fund_score(weight, rate) == expected


@pytest.mark.parametrize("weight, rate", rows(("no_rate", 10, None), ("text_rate", 10, "abc"), ("no_weight", "", 1.0)))
def test_fund_score_rejects_non_numbers(weight, rate):
    with pytest.raises(ValueError):
        fund_score(weight, rate)


RATES_MATCH = rows(
    # id, stated, computed, number_format, expected
    ("seed_text_rounded", "105.68%", 186.816 / 176.77, None, True),
    ("seed_pct_cell", 1.0568, 186.816 / 176.77, "0.00%", True),
    ("rounded", "66.67%", 2 / 3, None, True), ("truncated", "66.66%", 2 / 3, None, True),
    ("neither", "66.65%", 2 / 3, None, False), ("wrong", "100.00%", 0.9954, None, False),
    ("exact_full", "100%", 1.0, None, True), ("plain_percent_points", 100, 1.0, None, True),
    ("plain_fraction", 0.9954, 0.9954, None, True), ("full_precision_cell", 2 / 3, 2 / 3, "0.00%", True),
    ("pct_cell_off", 0.6668, 2 / 3, "0.00%", False), ("full_precision_off", 0.66672, 2 / 3, "0.00%", False),
    ("seed_transfer", "82.17%", 553.8 / 674, None, True),
    ("fullwidth", "８２．１７％", 553.8 / 674, None, True), ("garbage", "abc", 0.5, None, False),
    ("no_computed", "100%", None, None, False),
)


@pytest.mark.parametrize("stated, computed, number_format, expected", RATES_MATCH)
def test_rates_match(stated, computed, number_format, expected):
    assert rates_match(stated, computed, number_format) is expected


@pytest.mark.parametrize("value, places, expected", rows(
    ("half_up", 4.995, 2, 5.0), ("down", 9.4317, 2, 9.43), ("one_place", 0.25, 1, 0.3), ("negative", -1.005, 2, -1.01),
))
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == expected


GARBAGE = [None, "", "#REF!", 1j, object(), "啊" * 3000, float("nan")]


@pytest.mark.parametrize("value", [pytest.param(v, id=f"garbage{i}") for i, v in enumerate(GARBAGE)])
def test_garbage_never_raises(value):
    t, a = parse_target(value), parse_actual(value)
    good = parse_target("≥95%")
    assert is_met(t, a) in (None, True, False)
    assert is_met(good, a) is None
    assert units_conflict(good, a) is None
    assert attainment(good, a) is None
    assert standard_score(good, a, 10) is None
    assert standard_score(good, parse_actual("98%"), value) is None
    assert grade(value) is None
    assert execution_rate(value, 10) is None
    assert rates_match(value, 0.5) is False
