"""PX000: a rule that failed on a form, or a sheet the reader failed on (a bug in perfxl); the rest still ran."""

from . import Rule, register


@register
class PX000(Rule):
    """{what}在本表上出错（{error}），这部分未检查；其余照常检查。请将此信息反馈给开发者

    Anti-pattern: nothing the clerk did: a form laid out in a way one rule's code, or the reader,
    did not foresee made it fail. Before this code existed one such failure hid every other finding
    of the workbook behind a PX001 "cannot be read".
    Fix: check by hand what the failed rule covers (perfxl rules CODE explains it), or the sheet the
    reader could not read, and report the workbook to perfxl's developers so it can be fixed.
    """

    code, severity, scope = "PX000", "error", "engine"
    fix_zh = "本表这一部分未能自动检查：请人工核对该规则涉及的内容，并把工作簿反馈给 perfxl 开发者。"
    message_en = ("{what_en} failed here ({error}) and did not check it; the rest was checked. "
                  "Please report this to the developers")
