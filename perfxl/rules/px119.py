"""PX119: the 一级 weights differ from the profile's scheme, or from the scheme printed on the form itself."""

import re
from functools import lru_cache

from ..vocabulary import level1_of_level2, points_only
from . import Rule, register
from .common import block_weights, differs, form_sum, fund_total, is_placeholder, num, profile_of, rounded
from .reasons import zone

CATEGORIES = ("产出", "成本", "效益", "满意度")
# A scheme printed on the form: 产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分
PRINTED = re.compile(r"(产出|成本|效益|满意度)指标\s*(\d+(?:\.\d+)?)\s*分")
FITS_PRINTED = re.compile(r"指标\s*\d")  # in every PRINTED match: a literal start, searched fast
PRINTED_FUNDING = re.compile(r"(?:预算资金执行率|预算执行率|资金执行率|预算执行情况)\s*(\d+(?:\.\d+)?)\s*分")


@register
class PX119(Rule):
    """一级指标“{name}”的分值{actual}与评分方案（{scheme}）的{expected}分不符

    Anti-pattern: 产出指标(60分) + 效益指标(20分) + 满意度指标(10分) + 10 for the funding line (100 in
    all) under a note on the same form that says 产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分
    (the note 四川 中江 prints); or a 20-point funding line on a form checked with the national profile
    (10 + 50 + 30 + 10). Where the points do not add up at all (中江's own 70 + 20 + 10 + 10), PX112 or
    PX113 says so and this rule stays silent: one slip, one finding.
    Fix: give each 一级 the points of the scheme (the form's own note, else the province's profile,
    --profile): 产出 50, 效益 30, 满意度 10 and 10 for the funding line nationally; 效益 40 when 满意度
    is a 二级 under it; 20 + 80 in 湖北 and 云南.
    """

    code, severity = "PX119", "warning"
    fix_zh = "按评分方案分配一级指标分值（表内注明的方案优先，否则按本省方案：全国为资金10、产出50、效益30、满意度10）"
    kinds = ("project", "department")
    message_en = "first-level '{name}' carries {actual} points; the scheme ({scheme}) gives {expected}"

    def check(self, form, ctx):
        if "level1" not in form.columns or not form.level1s:
            return
        blocks = [(b, _category(b), _row_weight(b)) for b in form.level1s]  # each block read once
        if _other_slip(form, blocks):
            return
        parts, labels = _parts(form, blocks)
        if not parts:
            return
        printed = _printed(form, ctx)
        schemes = [("表内注明", printed)] if printed else \
            [(s.name or "评分方案", dict(s.weights)) for s in profile_of(ctx).schemes]
        if not schemes:
            return
        results = [(name, _misses(parts, weights)) for name, weights in schemes]
        if any(misses is not None and not misses for _, misses in results):
            return  # one scheme fits
        fitting = [(n, m) for n, m in results if m]
        if not fitting:
            return
        name, misses = min(fitting, key=lambda nm: len(nm[1]))
        for part, expected, actual in misses:
            if part == "funding":
                row = fund_total(form)
                yield self.at(form, row.cells["weight"], expected, actual, name="预算执行率（资金）", scheme=name)
            elif part == "指标":
                yield self.at(form, form.level1s[0].label, expected, actual, name="全部一级指标合计", scheme=name)
            else:
                yield self.at(form, labels[part], expected, actual, name=f"{part}指标", scheme=name)


def _other_slip(form, blocks) -> bool:
    """One slip, one finding: points that do not add up to 100 (PX112), a label whose points differ
    from its rows (PX113) or a required 一级 missing (PX303) already say the split is wrong."""
    total = form_sum(form, "weight")
    if total is not None and differs(total, 100):
        return True
    for block, _, rows in blocks:
        if block.declared is not None and rows is not None and differs(block.declared, rows):
            return True
    present = {category for _, category, _ in blocks}
    if "满意度" not in present and any("满意度" in i.level2_name for i in form.indicators):
        present.add("满意度")
    return not {"产出", "效益", "满意度"} <= present


def _category(block) -> str | None:
    named, bare = _named(block.name)
    if bare:
        level2 = next((r.level2_name for r in block.rows if r.level2_name), "")
        named = [c for c in CATEGORIES if c in (level1_of_level2(level2) or "")]
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=256)  # a province's few 一级 names recur on every form
def _named(name: str) -> tuple[tuple[str, ...], bool]:
    """The categories a 一级 name names, and whether it names none and shows only its points."""
    named = tuple([c for c in CATEGORIES if c in name])
    return named, not named and points_only(name)


def _row_weight(block) -> float | None:
    """The points of a block's rows added up; None where a row's are not known."""
    # a row with points is never filler: spared the test
    values = [weight for r, weight in block_weights(block) if weight is not None or not is_placeholder(r)]
    return None if not values or None in values else rounded(sum(values))


def _parts(form, blocks):
    """(part -> points, category -> its first label cell); 指标 only when every block's points are known."""
    parts, labels, total, known = {}, {}, 0.0, True
    for block, category, rows in blocks:
        weight = block.declared if block.declared is not None else rows  # the label's points, else its rows'
        if weight is None:
            known = False
            continue
        total += weight
        if category is None:
            continue
        parts[category] = parts.get(category, 0.0) + weight
        labels.setdefault(category, block.label)
    if known:
        parts["指标"] = rounded(total)
    row = fund_total(form)
    funding = num(row.cells.get("weight")) if row is not None else None
    if funding is not None:
        parts["funding"] = funding
    return parts, labels


def _misses(parts: dict, weights: dict):
    """The parts whose points differ from the scheme [(part, scheme's, form's)]; None where the
    scheme and the form cannot be compared (the form has a category the scheme does not split)."""
    parts = dict(parts)
    if "成本" in parts and "成本" not in weights and "产出" in weights:
        parts["产出"] = parts.get("产出", 0.0) + parts.pop("成本")  # 成本 as its own 一级 counts with 产出
    if "指标" not in weights:
        parts.pop("指标", None)
        if (parts.keys() & CATEGORIES) - weights.keys():
            return None  # a category the scheme does not split
    else:
        parts = {k: v for k, v in parts.items() if k in ("funding", "指标") or k in weights}
    # equal points (most) are spared the tolerance test
    return [(p, weights[p], parts[p]) for p in weights
            if p in parts and parts[p] != weights[p] and differs(parts[p], weights[p])]


def _printed(form, ctx) -> dict | None:
    """A scheme the form prints about itself (a 注 under the table), or None."""
    grid, text = zone(form, ctx)
    if grid is None:
        return None
    first, last = form.rows
    joined = grid.joined_rows()
    end = min(last + 8, grid.n_rows)
    # the form's rows and the 8 below as text, searched once: most forms print no scheme
    if first >= 1 and not FITS_PRINTED.search(text) and not FITS_PRINTED.search("\n".join(joined[last:end])):
        return None
    for row in range(first, end + 1):
        line = joined[row - 1]  # two substring tests, then one search, spare most rows the per-cell one
        if "指标" not in line or "分" not in line or not PRINTED.search(line):
            continue
        for col, _ in grid.row_texts(row):
            text = grid.raw(row, col)
            if not isinstance(text, str):
                continue
            found = {m.group(1): float(m.group(2)) for m in PRINTED.finditer(text)}
            if len(found) >= 2:
                funding = PRINTED_FUNDING.search(text)
                if funding:
                    found["funding"] = float(funding.group(1))
                return found
    return None
