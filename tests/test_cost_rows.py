"""A 成本 row's bare target is a ceiling, told by its 一级 or 二级 name: 100万元 spent as 120万元 is
over budget, not a target exceeded."""

from __future__ import annotations

import pytest

from perfxl.forms.cells import Val
from perfxl.forms.model import Indicator
from perfxl.forms.rows import is_cost, met


def _row(level1: str, level2: str, target, actual) -> Indicator:
    return Indicator(9, Val(9, 1, level1), Val(9, 2, level2), Val(9, 3, "指标"), Val(9, 4, target), Val(9, 5, actual))


@pytest.mark.parametrize("level1, level2", [("成本指标", "经济成本指标"), ("成本指标（20分）", "项目成本"),
                                            ("产出指标", "成本控制")])
def test_a_cost_rows_bare_target_is_a_ceiling(level1, level2):
    assert is_cost(_row(level1, level2, "100万元", "120万元"))
    assert met(_row(level1, level2, "100万元", "120万元")) is False
    assert met(_row(level1, level2, "100万元", "90万元")) is True


def test_elsewhere_a_bare_target_is_a_floor():
    assert not is_cost(_row("产出指标", "数量指标", "100", "120"))
    assert met(_row("产出指标", "数量指标", "100", "120")) is True
    assert met(_row("产出指标", "数量指标", "100", "90")) is False
