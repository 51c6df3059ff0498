"""PX002: a workbook in which no 绩效自评表 is recognised."""

from . import Rule, register


@register
class PX002(Rule):
    """工作簿中未识别到绩效自评表：{why}

    Anti-pattern: a workbook holding only a project list or notes, or a form whose indicator table
    header was deleted or renamed (no cell reading 一级指标 / 二级指标 / 三级指标).
    Fix: keep the standard header row of the indicator table (一级指标, 二级指标, 三级指标,
    年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施), or remove the file from the batch.
    """

    code, severity, scope = "PX002", "warning", "file"
    fix_zh = ("保留标准的绩效指标表头（一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分、"
              "偏差原因分析及改进措施），或不要报送与自评表无关的文件。")
    message_en = "no 绩效自评表 recognised in the workbook: {why_en}"
