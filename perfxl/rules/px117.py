"""PX117: the stated 评价等级 must match the 总分 on the grade scale."""

from ..forms.facts import facts
from ..scoring import grade, grade_matches, scale_of_grade_word
from . import Rule, register


@register
class PX117(Rule):
    """评价等级“{actual}”与总分{total}不符（应为{expected}）

    Anti-pattern: 总分 88.5 graded 优 (优 needs 90 or more), or 不合格 on a 92.
    Fix: national scale 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 ("90(含)"); five-level provinces 优秀
    ≥ 90, 良好 ≥ 80, 合格 ≥ 70, 基本合格 ≥ 60, 不合格 below.
    """

    code, severity = "PX117", "error"
    fix_zh = ("按总分填写评价等级：90分（含）以上为优，80–90为良，60–80为中，60以下为差（五级制省份：优秀、"
              "良好、合格、基本合格、不合格）。")
    message_en = "grade '{actual}' does not match the total {total} (expected {expected})"

    def check(self, form, ctx):
        if form.grade is None or form.grade.empty:
            return
        total = facts(form).total  # printed, else the sum of its parts: the total the report shows
        if total is None:
            return
        word = form.grade.text
        if grade_matches(word, total) is False:
            expected = grade(total, scale_of_grade_word(word) or "national")
            yield self.at(form, form.grade, expected, word, total=f"{total:g}")
