"""Table tests for perfxl.targets: target, actual and number cells as clerks write them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from perfxl.targets import (
    Condition,
    Expression,
    Quantity,
    is_percent_format,
    is_text_number,
    parse_actual,
    parse_number,
    parse_plain_number,
    parse_target,
    unit_scale,
)


def rows(*table):
    """pytest params whose id is the first column of the row."""
    return [pytest.param(*row[1:], id=row[0]) for row in table]


def summary(expr: Expression) -> list[tuple]:
    """(op, low, high, unit, label) of each condition, floats rounded to dodge float noise."""
    r = lambda v: None if v is None else round(v, 6)
    return [(c.op, r(c.low), r(c.high), c.unit, c.label) for c in expr.conditions]


# --- 年度指标值: every expression listed in docs/scoring.md plus comparator spellings -----------------------
TARGETS = rows(
    # id, text, reverse_hint, kind, conditions
    ("ge_95pct", "≥95%", False, "quantitative", [(">=", 95, None, "%", None)]),
    ("dayu_dengyu_95pct", "大于等于95%", False, "quantitative", [(">=", 95, None, "%", None)]),
    ("le_176.77_wanyuan", "≤176.77 万元", False, "quantitative", [("<=", 1767700, None, "元", None)]),
    ("bare_100pct", "100%", False, "quantitative", [(">=", 100, None, "%", None)]),
    ("ge_9977_ren", "≥9977 人", False, "quantitative", [(">=", 9977, None, "人", None)]),
    ("ge_5.26_wan_renci", "≥5.26 万人次", False, "quantitative", [(">=", 52600, None, "人次", None)]),
    ("range_6-9_months", "6-9 个月", False, "quantitative", [("range", 6, 9, "个月", None)]),
    ("range_tilde", "6~9个月", False, "quantitative", [("range", 6, 9, "个月", None)]),
    ("range_fullwidth_tilde", "6～9个月", False, "quantitative", [("range", 6, 9, "个月", None)]),
    ("range_zhi", "6至9个月", False, "quantitative", [("range", 6, 9, "个月", None)]),
    ("range_units_both_sides", "6个月-9个月", False, "quantitative", [("range", 6, 9, "个月", None)]),
    ("range_reversed_ends", "9-6个月", False, "quantitative", [("range", 6, 9, "个月", None)]),
    ("85pct_yishang", "85%以上", False, "quantitative", [(">=", 85, None, "%", None)]),
    ("85pct_ji_yishang", "85%及以上", False, "quantitative", [(">=", 85, None, "%", None)]),
    ("budi_yu_90pct", "不低于90%", False, "quantitative", [(">=", 90, None, "%", None)]),
    ("bushao_yu", "不少于 3 次", False, "quantitative", [(">=", 3, None, "次", None)]),
    ("buxiao_yu", "不小于3次", False, "quantitative", [(">=", 3, None, "次", None)]),
    ("zhishao", "至少2期", False, "quantitative", [(">=", 2, None, "期", None)]),
    ("dadao", "达到98%", False, "quantitative", [(">=", 98, None, "%", None)]),
    ("dadao_yishang", "达到70%以上", False, "quantitative", [(">=", 70, None, "%", None)]),
    ("ge_1_ci", "≥1 次", False, "quantitative", [(">=", 1, None, "次", None)]),
    ("ascii_ge", ">=95%", False, "quantitative", [(">=", 95, None, "%", None)]),
    ("fullwidth_ge", "＞＝90％", False, "quantitative", [(">=", 90, None, "%", None)]),
    ("fullwidth_digits", "≥１０５．６８％", False, "quantitative", [(">=", 105.68, None, "%", None)]),
    ("latex_from_pdf", "$\\geq 95\\%$", False, "quantitative", [(">=", 95, None, "%", None)]),
    ("geqq_glyph", "≧80%", False, "quantitative", [(">=", 80, None, "%", None)]),
    ("ascii_le", "<=30万元", False, "quantitative", [("<=", 300000, None, "元", None)]),
    ("xiaoyu_dengyu", "小于等于15%", False, "quantitative", [("<=", 15, None, "%", None)]),
    ("bugao_yu", "不高于5%", False, "quantitative", [("<=", 5, None, "%", None)]),
    ("buchaoguo", "不超过 20 万元", False, "quantitative", [("<=", 200000, None, "元", None)]),
    ("buduo_yu", "不多于2次", False, "quantitative", [("<=", 2, None, "次", None)]),
    ("yinei_after", "30天以内", False, "quantitative", [("<=", 30, None, "天", None)]),
    ("nei_after", "30天内", False, "quantitative", [("<=", 30, None, "天", None)]),
    ("yixia_after", "5%以下", False, "quantitative", [("<=", 5, None, "%", None)]),
    ("kongzhi_zai_yinei", "控制在5%以内", False, "quantitative", [("<=", 5, None, "%", None)]),
    ("kongzhi_zai", "控制在 5% ", False, "quantitative", [("<=", 5, None, "%", None)]),
    ("conflicting_pre_post_kept_as_words", "≥5%以下", False, "qualitative", []),
    ("gt", ">0", False, "quantitative", [(">", 0, None, None, None)]),
    ("dayu", "大于90%", False, "quantitative", [(">", 90, None, "%", None)]),
    ("chaoguo", "超过100人", False, "quantitative", [(">", 100, None, "人", None)]),
    ("gaoyu", "高于80%", False, "quantitative", [(">", 80, None, "%", None)]),
    ("lt", "<5%", False, "quantitative", [("<", 5, None, "%", None)]),
    ("xiaoyu", "小于5%", False, "quantitative", [("<", 5, None, "%", None)]),
    ("diyu", "低于3%", False, "quantitative", [("<", 3, None, "%", None)]),
    ("eq", "=100%", False, "quantitative", [("=", 100, None, "%", None)]),
    ("dengyu", "等于100%", False, "quantitative", [("=", 100, None, "%", None)]),
    ("thousands_commas", "1,050,000 条", False, "quantitative", [(">=", 1050000, None, "条", None)]),
    ("spaced_ge", "≥ 1050000 条", False, "quantitative", [(">=", 1050000, None, "条", None)]),
    ("bare_count", "12 次", False, "quantitative", [(">=", 12, None, "次", None)]),
    ("bare_cost_with_hint", "3113 万 元", True, "quantitative", [("<=", 31130000, None, "元", None)]),
    ("bare_cost_no_hint", "3113 万 元", False, "quantitative", [(">=", 31130000, None, "元", None)]),
    ("explicit_ge_ignores_hint", "≥95%", True, "quantitative", [(">=", 95, None, "%", None)]),
    ("bare_zero_is_ceiling", "0", False, "quantitative", [("<=", 0, None, None, None)]),
    ("yi_yuan", "≤1.2亿元", False, "quantitative", [("<=", 120000000, None, "元", None)]),
    ("wan_ren", "≥218 万人", False, "quantitative", [(">=", 2180000, None, "人", None)]),
    ("square_metres", "473.25 平方米", False, "quantitative", [(">=", 473.25, None, "平方米", None)]),
    ("m2_symbol", "≤500m²", False, "quantitative", [("<=", 500, None, "平方米", None)]),
    ("per_mille", "≤5‰", False, "quantitative", [("<=", 0.5, None, "%", None)]),
    ("minutes", "≤60 分钟", False, "quantitative", [("<=", 60, None, "分钟", None)]),
    ("per_capita", "≥640元/人", False, "quantitative", [(">=", 640, None, "元/人", None)]),
    ("yuan_label_sentence_full_stop", "参保率为101.88%。", False, "quantitative",
     [(">=", 101.88, None, "%", "参保率")]),
    ("multi_three_labels", "医疗机构≥40% 病种≥70% 基金≥30%", False, "quantitative",
     [(">=", 40, None, "%", "医疗机构"), (">=", 70, None, "%", "病种"), (">=", 30, None, "%", "基金")]),
    ("multi_comma", "药品网采率≥85%, 高值医用耗材网采率≥75%", False, "quantitative",
     [(">=", 85, None, "%", "药品网采率"), (">=", 75, None, "%", "高值医用耗材网采率")]),
    ("multi_semicolon_mixed_ops", "及时率≥95%；投诉率≤1%", False, "quantitative",
     [(">=", 95, None, "%", "及时率"), ("<=", 1, None, "%", "投诉率")]),
    ("qual_jishi", "及时", False, "qualitative", []),
    ("qual_xianzhu_tisheng", "显著提升", False, "qualitative", []),
    ("qual_pdf_split", "显著提 升", False, "qualitative", []),
    ("prose_with_number_is_qualitative", "2 家县级医院", False, "qualitative", []),
    ("ambiguous_label_digit_is_qualitative", "DRG2.0覆盖率≥90%", False, "qualitative", []),
    ("label_over_30_chars_is_prose", "按照上级部门统一部署要求认真组织开展本年度各项医疗保障政策宣传活动覆盖率≥90%", False,
     "qualitative", []),
    ("label_30_chars_ok", "上级部门统一部署要求认真组织开展本年度各项医疗保障政策宣传≥90%", False, "quantitative",
     [(">=", 90, None, "%", "上级部门统一部署要求认真组织开展本年度各项医疗保障政策宣传")]),
    ("long_sentence_with_numbers", "市本级共暂停医保协议2家，解除协议1家。移送处理19家", False, "qualitative", []),
    ("deadline", "2023年12月底前", False, "deadline", []),
    ("empty_string", "", False, "empty", []),
    ("blank_spaces", "   ", False, "empty", []),
    ("dash_placeholder", "—", False, "empty", []),
    ("slash_placeholder", "/", False, "empty", []),
    ("none", None, False, "empty", []),
    ("excel_error", "#REF!", False, "unparsed", []),
    ("ascii_junk", "abc", False, "unparsed", []),
    ("double_dot", "12..5", False, "unparsed", []),
    ("comparator_only", "≥", False, "unparsed", []),
    ("percent_only", "%", False, "unparsed", []),
)


@pytest.mark.parametrize("text, reverse_hint, kind, conditions", TARGETS)
def test_parse_target(text, reverse_hint, kind, conditions):
    expr = parse_target(text, reverse_hint)
    assert expr.kind == kind
    if kind == "quantitative":
        assert summary(expr) == [tuple(pytest.approx(x) if isinstance(x, (int, float)) else x for x in c)
                                 for c in conditions]


QUALITATIVE_WORDS = rows(
    ("jishi", "及时", "及时"), ("jishi_zhifu", "及时 支付", "及时支付"), ("youxu_tuijin", "有序推进", "有序推进"),
    ("chengxiao_xianzhu", "成效显著", "成效显著"), ("mingxian_tigao", "明显提高", "明显提高"),
    ("wenbu_tuozhan", "稳步拓展", "稳步拓展"), ("quan_fugai", "全覆盖", "全覆盖"), ("wancheng", "完成", "完成"),
    ("wu_koufen", "无扣分", "无扣分"), ("yousuo_tisheng", "有所提升", "有所提升"),
    ("bu_shiyong", "本指标不适用", "本指标不适用"),
)


@pytest.mark.parametrize("text, words", QUALITATIVE_WORDS)
def test_qualitative_words_kept(text, words):
    expr = parse_target(text)
    assert expr.kind == "qualitative"
    assert [c.words for c in expr.conditions] == [words]


DEADLINES = rows(
    # id, text, year keyword, expected date (None: a deadline whose year is unknown)
    ("month_end_before", "2023年12月底前", None, dt.date(2023, 12, 31)),
    ("month_before_read_as_month_end", "2023年12月前", None, dt.date(2023, 12, 31)),
    ("month_end_no_year", "12月底前", None, None),
    ("month_end_year_kw", "12月底前", 2023, dt.date(2023, 12, 31)),
    ("june_end_year_kw", "6月底前", 2024, dt.date(2024, 6, 30)),
    ("feb_leap_year", "2024年2月底前", None, dt.date(2024, 2, 29)),
    ("year_end_before_needs_year", "年底前", None, None),
    ("year_end_before", "年底前", 2022, dt.date(2022, 12, 31)),
    ("iso_date", "2023-12-31", None, dt.date(2023, 12, 31)),
    ("dotted_date", "2023.6.30", None, dt.date(2023, 6, 30)),
    ("ymd_chinese", "2023年9月15日前", None, dt.date(2023, 9, 15)),
    ("mid_month", "2023年6月中旬前", None, dt.date(2023, 6, 20)),
    ("year_completed", "2022 年度完成", None, dt.date(2022, 12, 31)),
    ("year_end", "2023年底前", None, dt.date(2023, 12, 31)),
    ("actual_paid_in_december", "2022 年 12 月支付完成", None, dt.date(2022, 12, 31)),
)


@pytest.mark.parametrize("text, year, date", DEADLINES)
def test_deadlines(text, year, date):
    expr = parse_target(text, year=year)
    assert expr.kind == "deadline"
    assert expr.conditions[0].deadline == date


@pytest.mark.parametrize("text, year", rows(("month_13", "2023年13月底前", None),
                                           ("feb_30", "2023年2月30日前", None)))
def test_impossible_dates_are_not_deadlines(text, year):
    assert parse_target(text, year=year).kind != "deadline"


# --- 实际完成值: typed numbers with cell formats, text numbers, bounds, words ----------------------------
ACTUALS = rows(
    # id, value, number_format, kind, conditions
    ("pct_format_float", 1.0568, "0.00%", "quantitative", [("=", 105.68, None, "%", None)]),
    ("pct_format_int", 1, "0%", "quantitative", [("=", 100, None, "%", None)]),
    ("general_float", 0.98, "General", "quantitative", [("=", 0.98, None, None, None)]),
    ("rate_without_pct", 100, None, "quantitative", [("=", 100, None, None, None)]),
    ("decimal_value", Decimal("9.954"), None, "quantitative", [("=", 9.954, None, None, None)]),
    ("text_pct", "105.68%", None, "quantitative", [("=", 105.68, None, "%", None)]),
    ("text_wanyuan", "186.816 万元", None, "quantitative", [("=", 1868160, None, "元", None)]),
    ("text_leading_space", " 30 万元", None, "quantitative", [("=", 300000, None, "元", None)]),
    ("text_wan_renci", "11.09 万人次", None, "quantitative", [("=", 110900, None, "人次", None)]),
    ("bare_text_number", "15000", None, "quantitative", [("=", 15000, None, None, None)]),
    ("bound_as_actual", "≥99%", None, "quantitative", [(">=", 99, None, "%", None)]),
    ("words_bound_as_actual", "大于等于95%", None, "quantitative", [(">=", 95, None, "%", None)]),
    ("label_prefix", "支付 24.32 万元", None, "quantitative", [("=", 243200, None, "元", "支付")]),
    ("multi_actual", "医疗机构≥86.46% 病种≥94.84% 基金≥76.26%", None, "quantitative",
     [(">=", 86.46, None, "%", "医疗机构"), (">=", 94.84, None, "%", "病种"), (">=", 76.26, None, "%", "基金")]),
    ("negative_growth", "-5%", None, "quantitative", [("=", -5, None, "%", None)]),
    ("wait_to_pay", "待支付", None, "qualitative", []),
    ("done", "完成", None, "qualitative", []),
    ("nan", float("nan"), None, "unparsed", []),
    ("inf", float("inf"), None, "unparsed", []),
    ("huge_int", 10 ** 400, None, "unparsed", []),
    ("bool", True, None, "unparsed", []),
    ("list", [1, 2], None, "unparsed", []),
    ("object", object(), None, "unparsed", []),
    ("huge_text_number", "9" * 400, None, "unparsed", []),
)


@pytest.mark.parametrize("value, number_format, kind, conditions", ACTUALS)
def test_parse_actual(value, number_format, kind, conditions):
    expr = parse_actual(value, number_format)
    assert expr.kind == kind
    if kind == "quantitative":
        assert summary(expr) == [tuple(pytest.approx(x) if isinstance(x, (int, float)) else x for x in c)
                                 for c in conditions]


def test_actual_date_cell_is_a_deadline():
    assert parse_actual(dt.datetime(2022, 12, 20, 9, 30)).conditions[0].deadline == dt.date(2022, 12, 20)


REVERSE = rows(
    ("le_cost", "≤176.77 万元", False, True), ("lt", "<5%", False, True), ("ge", "≥95%", False, False),
    ("bare_no_hint", "30 万元", False, False), ("bare_with_hint", "30 万元", True, True),
    ("range", "6-9 个月", False, False), ("mixed_multi", "及时率≥95%；投诉率≤1%", False, False),
    ("qualitative", "及时", True, False), ("empty", "", True, False),
)


@pytest.mark.parametrize("text, hint, reverse", REVERSE)
def test_is_reverse(text, hint, reverse):
    assert parse_target(text, hint).is_reverse is reverse


RAW_UNITS = rows(("wanyuan", "≤176.77 万元", "万元"), ("yuan", "≤1767700元", "元"), ("pct", "≥95%", "%"),
                 ("none", "≥14000", None), ("wanrenci", "≥5.26 万人次", "万人次"), ("month", "6-9 个月", "个月"))


@pytest.mark.parametrize("text, raw_unit", RAW_UNITS)
def test_raw_unit_kept(text, raw_unit):
    cond = parse_target(text).conditions[0]
    assert cond.raw_unit == raw_unit
    assert cond.bound == Quantity(cond.low, cond.unit, raw_unit)


def test_bare_numbers_are_marked_implicit():
    assert parse_target("100%").conditions[0].explicit is False
    assert parse_target("≥100%").conditions[0].explicit is True


# --- real cells from the seeds (年度指标值 and 实际完成值 columns) -----------------------------------------
SEED_CELLS = rows(
    # id, text, parser ("t" target / "a" actual), kind, first condition (op, low, unit) or words
    ("001_coverage", "100%", "t", "quantitative", (">=", 100, "%")),
    ("001_publicity", "12 次", "t", "quantitative", (">=", 12, "次")),
    ("001_insured_rate_target", "99.80%", "t", "quantitative", (">=", 99.8, "%")),
    ("001_insured_rate_actual", "106.32%", "a", "quantitative", ("=", 106.32, "%")),
    ("001_capacity_target", "有所提升", "t", "qualitative", "有所提升"),
    ("001_timeliness", "及时", "t", "qualitative", "及时"),
    ("001_cost_target", "≤176.77 万元", "t", "quantitative", ("<=", 1767700, "元")),
    ("001_cost_actual", "186.816 万元", "a", "quantitative", ("=", 1868160, "元")),
    ("001_satisfaction", "≥95%", "t", "quantitative", (">=", 95, "%")),
    ("001_satisfaction_actual", "98%", "a", "quantitative", ("=", 98, "%")),
    ("001_front_desk", "≥14000", "t", "quantitative", (">=", 14000, None)),
    ("001_front_desk_actual", "15000", "a", "quantitative", ("=", 15000, None)),
    ("001_paid_december", "2022 年 12 月支付 完成", "a", "deadline", dt.date(2022, 12, 31)),
    ("001_staff_cost", "≤24.32 万元", "t", "quantitative", ("<=", 243200, "元")),
    ("001_staff_cost_actual", "支付 24.32 万元", "a", "quantitative", ("=", 243200, "元")),
    ("001_sms", "≥ 1050000 条", "t", "quantitative", (">=", 1050000, "条")),
    ("001_one_set", "1 套", "t", "quantitative", (">=", 1, "套")),
    ("001_network", "网络无间断运行维护", "t", "qualitative", "网络无间断运行维护"),
    ("001_latex_satisfaction", "$\\geq 95\\%$", "t", "quantitative", (">=", 95, "%")),
    ("001_rent_area", "473.25 平方米", "a", "quantitative", ("=", 473.25, "平方米")),
    ("001_rent_deadline", "2022 年度完成", "t", "deadline", dt.date(2022, 12, 31)),
    ("001_rent_cost", "≤13.23 万元", "t", "quantitative", ("<=", 132300, "元")),
    ("001_assets_actual_no_unit", "9.954", "a", "quantitative", ("=", 9.954, None)),
    ("001_aid_people", "≥9977 人", "t", "quantitative", (">=", 9977, "人")),
    ("001_aid_people_actual", "100690 人", "a", "quantitative", ("=", 100690, "人")),
    ("001_aid_visits", "≥5.26 万人次", "t", "quantitative", (">=", 52600, "人次")),
    ("001_aid_visits_split", "11.09 万 人次", "a", "quantitative", ("=", 110900, "人次")),
    ("001_aid_cost_split", "3113 万 元", "t", "quantitative", (">=", 31130000, "元")),
    ("001_checks", "≥8 次", "t", "quantitative", (">=", 8, "次")),
    ("001_uptime_actual_bound", "≥99%", "a", "quantitative", (">=", 99, "%")),
    ("001_drg", "有序推进", "t", "qualitative", "有序推进"),
    ("001_two_hospitals", "2 家县级医院", "a", "qualitative", "2家县级医院"),
    ("001_retirees", "≥2 人", "t", "quantitative", (">=", 2, "人")),
    ("001_wait_to_pay", "待支付", "a", "qualitative", "待支付"),
    ("001_rate_without_pct", "100", "a", "quantitative", ("=", 100, None)),
    ("000_multi_target", "医疗机构≥40% 病种≥70% 基金≥30%", "t", "quantitative", (">=", 40, "%")),
    ("000_multi_actual", "医疗机构≥86.46% 病种≥94.84% 基金≥76.26%", "a", "quantitative", (">=", 86.46, "%")),
    ("000_satisfaction", "≥80%", "t", "quantitative", (">=", 80, "%")),
    ("002_insured_people", "≥218 万人", "t", "quantitative", (">=", 2180000, "人")),
    ("002_insured_people_actual", "216.96 万人", "a", "quantitative", ("=", 2169600, "人")),
    ("002_subsidy", "≥640", "t", "quantitative", (">=", 640, None)),
    ("002_fake_insured", "0", "t", "quantitative", ("<=", 0, None)),
    ("002_months", "6-9 个月", "t", "quantitative", ("range", 6, "个月")),
    ("002_months_actual", "7 个月", "a", "quantitative", ("=", 7, "个月")),
    ("002_balance_share", "≤15%", "t", "quantitative", ("<=", 15, "%")),
    ("002_widespread", "普遍开展", "t", "qualitative", "普遍开展"),
    ("002_coverage", "全覆盖", "t", "qualitative", "全覆盖"),
    ("002_awareness", "85%以上", "t", "quantitative", (">=", 85, "%")),
    ("002_awareness_actual", "85%以上", "a", "quantitative", (">=", 85, "%")),
    ("002_hundred_pct_ge", "≥100%", "t", "quantitative", (">=", 100, "%")),
    ("002_one_ge", "≥1 个", "t", "quantitative", (">=", 1, "个")),
    ("002_mobile_pay_actual", "3.33%", "a", "quantitative", ("=", 3.33, "%")),
    ("002_no_deduction", "无扣分", "t", "qualitative", "无扣分"),
    ("002_deadline", "2023年12月底前", "t", "deadline", dt.date(2023, 12, 31)),
    ("002_deadline_month", "2023年12月前", "t", "deadline", dt.date(2023, 12, 31)),
    ("002_drg_sentence", "2023年底，实现按DRG/DIP、病组分值付费。", "t", "qualitative",
     "2023年底,实现按DRG/DIP、病组分值付费。"),
    ("002_label_rate", "国谈药品落地数据和其他医保药品监测数据报送及时率 100%", "t", "quantitative",
     (">=", 100, "%")),
    ("003_dayu_dengyu", "大于等于95%", "t", "quantitative", (">=", 95, "%")),
    ("003_sentence_rate", "以常住人口数为基数计算基本医保综合参保率为101.88%。", "a", "quantitative",
     ("=", 101.88, "%")),
    ("003_good", "较好", "a", "qualitative", "较好"),
)


@pytest.mark.parametrize("text, side, kind, expected", SEED_CELLS)
def test_seed_cells(text, side, kind, expected):
    expr = parse_target(text, year=2023) if side == "t" else parse_actual(text, year=2023)
    assert expr.kind == kind
    first = expr.conditions[0]
    if kind == "quantitative":
        assert (first.op, pytest.approx(first.low), first.unit) == (expected[0], expected[1], expected[2])
    elif kind == "deadline":
        assert first.deadline == expected
    else:
        assert first.words == expected


# --- numbers in amount / score cells -----------------------------------------------------------------------
PLAIN_NUMBERS = rows(
    ("float", 176.77, None, 176.77), ("int", 10, None, 10.0),
    ("pct_formatted_stays_fraction", 1.0568, "0.00%", 1.0568), ("text", "176.77", None, 176.77),
    ("text_wanyuan", "176.77 万元", None, 176.77), ("text_fen", "10分", None, 10.0),
    ("text_spaces", " 30 万元 ", None, 30.0), ("text_pct", "105.68%", None, 1.0568),
    ("text_fullwidth", "１０．５", None, 10.5), ("text_commas", "1,050,000", None, 1050000.0),
    ("text_negative", "-3.5", None, -3.5), ("text_yuan_sign", "￥12.5", None, 12.5),
    ("decimal", Decimal("0.1"), None, 0.1), ("dash", "—", None, None), ("empty", "", None, None),
    ("none", None, None, None), ("words", "十分", None, None), ("bound", "≥99%", None, None),
    ("bool", True, None, None), ("nan", float("nan"), None, None), ("huge_int", 10 ** 400, None, None),
    ("junk", "#DIV/0!", None, None), ("spaced_digits_join", "1 2", None, 12.0),
)


@pytest.mark.parametrize("value, number_format, expected", PLAIN_NUMBERS)
def test_parse_plain_number(value, number_format, expected):
    got = parse_plain_number(value, number_format)
    assert got == (None if expected is None else pytest.approx(expected))


PARSED_NUMBERS = rows(
    ("wanyuan_scaled", "176.77 万元", None, Quantity(1767700, "元", "万元")),
    ("pct_text", "105.68%", None, Quantity(105.68, "%", "%")),
    ("pct_format", 1.0568, "0.00%", Quantity(105.68, "%", "%")),
    ("quoted_pct_is_literal", 0.5, '0.00"%"', Quantity(0.5, None, None)),
    ("plain", 12, None, Quantity(12, None, None)),
    ("wan_renci", "11.09万人次", None, Quantity(110900, "人次", "万人次")),
    ("bound_is_not_a_number", "≥5", None, None), ("words", "完成", None, None), ("none", None, None, None),
)


@pytest.mark.parametrize("value, number_format, expected", PARSED_NUMBERS)
def test_parse_number(value, number_format, expected):
    got = parse_number(value, number_format)
    if expected is None:
        assert got is None
    else:
        assert (pytest.approx(got.value), got.unit, got.raw_unit) == (expected.value, expected.unit, expected.raw_unit)


TEXT_NUMBERS = rows(
    ("text_number", "10", True), ("text_score", "10分", True), ("text_amount", "176.77 ", True),
    ("text_pct", "100.00%", True), ("real_number", 10, False), ("real_float", 9.95, False), ("dash", "—", False),
    ("words", "完成", False), ("empty", "", False), ("none", None, False), ("bound", "≥10", False),
)


@pytest.mark.parametrize("value, expected", TEXT_NUMBERS)
def test_is_text_number(value, expected):
    assert is_text_number(value) is expected


UNIT_SCALES = rows(
    ("wanyuan", "万元", Decimal(10000), "元"), ("yiyuan", "亿元", Decimal(10 ** 8), "元"),
    ("yuan", "元", Decimal(1), "元"), ("wanren", "万人", Decimal(10000), "人"),
    ("wanrenci", "万人次", Decimal(10000), "人次"), ("pct", "%", Decimal(1), "%"),
    ("permille", "‰", Decimal("0.1"), "%"), ("month_synonym", "月", Decimal(1), "个月"),
    ("pingmi", "平米", Decimal(1), "平方米"), ("none", None, Decimal(1), None), ("unknown", "斤两", Decimal(1), None),
)


@pytest.mark.parametrize("raw, factor, unit", UNIT_SCALES)
def test_unit_scale(raw, factor, unit):
    assert unit_scale(raw) == (factor, unit)


PERCENT_FORMATS = rows(("two_decimals", "0.00%", True), ("general", "General", False), ("none", None, False),
                       ("quoted", '0"%"', False), ("escaped", "0\\%", False), ("integer_pct", "0%", True))


@pytest.mark.parametrize("fmt, expected", PERCENT_FORMATS)
def test_is_percent_format(fmt, expected):
    assert is_percent_format(fmt) is expected


GARBAGE = rows(
    ("none", None), ("bytes", b"\xff\xfe"), ("dict", {"a": 1}), ("nested_list", [[1]]), ("complex", 1j),
    ("long_prose", "啊" * 5000), ("long_digits_and_ops", "≥1" * 3000), ("control_chars", "\x00\x01≥5"),
    ("lone_surrogate", "\ud800"), ("only_separators", ",;、"), ("range_missing_end", "6-"), ("dash_number", "--5"),
    ("nan_text", "nan"), ("inf_text", "inf"), ("exponent", "1e309"), ("weird_unicode_digits", "٣٤٥%"),
)


@pytest.mark.parametrize("value", GARBAGE)
def test_garbage_never_raises(value):
    for expr in (parse_target(value), parse_actual(value), parse_target(value, True, year=2023)):
        assert isinstance(expr, Expression)
        assert expr.kind in ("empty", "unparsed", "qualitative", "quantitative", "deadline")
        assert all(isinstance(c, Condition) for c in expr.conditions)
    assert parse_plain_number(value) is None or isinstance(parse_plain_number(value), float)
    assert parse_number(value) is None or isinstance(parse_number(value), Quantity)


@pytest.mark.parametrize("value, kind", rows(
    ("none", None, "empty"), ("bytes", b"12", "unparsed"), ("dict", {"a": 1}, "unparsed"),
    ("long_prose", "啊" * 5000, "qualitative"), ("exponent", "1e309", "unparsed"), ("nan_text", "nan", "unparsed"),
    ("range_missing_end", "6-", "unparsed"),
))
def test_garbage_kinds(value, kind):
    assert parse_target(value).kind == kind
