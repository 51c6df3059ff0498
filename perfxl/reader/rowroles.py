"""How indicator rows relate beyond their labels: a row with the points over rows with the values,
numbered parent rows over their children, and points stated only in the 一级/二级 labels."""

from __future__ import annotations

import re

from ..forms.model import Indicator, Level1, Val
from ..vocabulary import POINTS

_PARENT = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]")     # 一、示范区建立
_CHILD = re.compile(r"[(（]?\d{1,2}[)）、.．]")                   # 1、水稻侧深施肥, (2)…


def label_points(text: str) -> float | None:
    """The points a 一级/二级 label states ("产出指标（50分）", "数量指标15分"), else None."""
    m = POINTS.search(text)
    return None if m is None else float(m.group(1) or m.group(2))


def weights_from_labels(rows: list[Indicator], level1s: list[Level1]) -> None:
    """No 分值 column (湖北, 云南 保山 forms): a scored row alone under a 二级 label, else alone under
    a 一级 label, that states its points ("数量指标15分", "产出指标(40分)") is worth those points, so
    its score can be judged; the weights of rows that share a label stay unknown."""
    scored = [i for i in rows if _filled(i.score) and i.weight is None]
    by_level2: dict[tuple[int, int], list[Indicator]] = {}
    for ind in scored:
        if ind.level2 is not None:
            by_level2.setdefault((ind.level2.row, ind.level2.col), []).append(ind)
    for members in by_level2.values():
        points = label_points(members[0].level2.text)
        if len(members) == 1 and points is not None:
            members[0].weight = Val(members[0].level2.row, members[0].level2.col, points)
    for block in level1s:
        members = [i for i in block.rows if _filled(i.score)]
        if len(members) == 1 and members[0].weight is None and block.declared is not None:
            members[0].weight = Val(block.label.row, block.label.col, block.declared)


def _filled(v: Val | None) -> bool:
    return v is not None and not v.empty


def mark_groups(rows: list[Indicator]) -> None:
    """Rows with a target or actual but no points under a row with points are its parts: the row
    above carries the points for them (a "group" when it has no values of its own, ★补助种植面积
    10 分 over 红薯 5.5亩 …; else a total broken down, 29.5亩 over 桃树 1.5亩 …)."""
    head = None
    for ind in rows:
        if _filled(ind.weight) or _filled(ind.score):
            head = ind
        elif head is not None and (_filled(ind.target) or _filled(ind.actual)):
            ind.role = "part"
            if not (_filled(head.target) or _filled(head.actual)):
                head.role = "group"
        else:
            head = None




def mark_parents(rows: list[Indicator]) -> None:
    """云南 保山: "一、示范区建立 15" over "1、… 5", "2、… 5", "3、… 5" — a numbered parent row whose
    score sums its numbered children's. The parent counts in the form's sums and the children are
    checked against it (PX115); a parent without a score leaves its children as ordinary rows."""
    parent = None
    for ind in rows:
        name = ind.level3.text if ind.level3 is not None else ""
        if _PARENT.match(name):
            parent = ind if _filled(ind.score) else None
        elif parent is not None and _CHILD.match(name) and _cell(ind.level2) == _cell(parent.level2):
            parent.role, ind.role = "parent", "child"
        else:
            parent = None


def _cell(v: Val | None) -> tuple[int, int] | None:
    return None if v is None else (v.row, v.col)
