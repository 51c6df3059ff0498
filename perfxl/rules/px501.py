"""PX501: the same form received twice (a re-sent file); the roll-up counts it once."""

from . import Rule, register


@register
class PX501(Rule):
    """同一张表（{unit}，{project}，{year}年度）收到多份：{why}

    Anti-pattern: a county re-sends a corrected workbook (…（修订版）.xlsx) and the first one stays in
    the folder: every figure of that county is counted twice in 按县区.
    Fix: remove the superseded file from the folder; the roll-up meanwhile counts only the later
    copy (by the forms' 填报日期 where every copy states one, else by the files' modification time)
    and lists both in 问题清单. In one workbook, a form repeated with the same figures (a sheet
    copied as a backup) counts once, while two forms of one name with other figures both count; a
    form whose 项目名称 is empty (PX301) is never taken for a copy of another file's; a copy that
    states no year is one with its form's copies that state one, where they state one year alone.
    """

    code, severity, scope = "PX501", "warning", "rollup"
    fix_zh = "删除被替代的旧文件，每张表只报送一份；汇总时只计入较晚的一份。"
    message_en = "the same form ({unit}, {project}, {year}) was received more than once: {why_en}"
