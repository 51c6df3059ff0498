"""PX502: forms of different years in one roll-up."""

from . import Rule, register


@register
class PX502(Rule):
    """汇总中有多个年度的表（{years}）：按县区分年度统计，合计不跨年度；可用 --year 只汇总一个年度

    Anti-pattern: last year's forms left in the folder of this year's collection: 2022 and 2023
    figures summed into one county total.
    Fix: collect one year per folder, or run `perfxl consolidate --year 2023` to count one year.
    """

    code, severity, scope = "PX502", "warning", "rollup"
    fix_zh = "每个文件夹只放一个年度的表，或用 perfxl consolidate --year 只汇总一个年度。"
    message_en = "forms of several years ({years}) in one roll-up: 按县区 is by year and never sums " \
                 "across years; --year counts one year"
