"""PX000: a rule that failed on a form (a bug in perfxl); the other rules still ran."""

from . import Rule, register


@register
class PX000(Rule):
    """规则{failed}检查本表时出错（{error}），该项未检查；其他规则照常检查。请将此信息反馈给开发者

    Anti-pattern: nothing the clerk did: a form laid out in a way one rule's code did not foresee
    made that rule fail. Before this code existed one such failure hid every other finding of the
    workbook behind a PX001 "cannot be read".
    Fix: check by hand what the failed rule covers (perfxl rules CODE explains it) and report the
    workbook to perfxl's developers so the rule can be fixed.
    """

    code, severity, scope = "PX000", "error", "engine"
    message_en = ("rule {failed} failed on this form ({error}) and did not check it; the other rules "
                  "ran. Please report this to the developers")
