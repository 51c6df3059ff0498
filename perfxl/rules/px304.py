"""PX304: a unit name that does not belong: across forms, against the file name, or the roster."""

import os
from collections import Counter
from functools import lru_cache

from ..forms.facts import name_key, places
from . import Rule, register

LABELS = {"dept": "主管部门", "unit": "实施单位"}


@register
class PX304(Rule):
    """{label}“{actual}”{why}

    Anti-pattern: a 沅江 workbook whose 预算部门名称 reads 南京市医疗保障局 (seed 003, copied from
    another unit's form); one form of a county's workbook naming a different 主管部门.
    Fix: write this unit's own name, the same in every form of the workbook and as in the roster.
    """

    code, severity, scope = "PX304", "warning", "book"
    fix_zh = "填写本单位自己的名称，工作簿中各张表一致，并与名单一致。"
    message_en = "{label} '{actual}' {why_en}"

    def check_book(self, forms, ctx):
        file_places = places(os.path.basename(ctx.path))  # the file's name (a Path object costs more)
        kinds = ("project", "department")
        scored = [f for f in forms if f.kind in kinds]
        for key in ("dept", "unit"):
            values = [(f, f.fields[key]) for f in scored if key in f.fields and not f.fields[key].empty]
            majority = _majority([v.text for _, v in values])
            for form in forms:
                val = form.fields.get(key)
                if val is None or val.empty:
                    continue
                label = "预算部门名称" if form.kind == "department" and key == "unit" else LABELS[key]
                # a 主管部门 may be the city's or the province's (淮南市人社局 over a 田家庵区 unit):
                # it is out of place only when it names another county (县, 区, 旗)
                named = _counties(val.text) if key == "dept" else places(val.text)
                if file_places and named and not (named & file_places):
                    zh, en = "、".join(sorted(file_places)), ", ".join(sorted(file_places))
                    yield self.at(form, val, zh, str(val.raw).strip(), label=label,
                                  why=f"与文件名中的地名（{zh}）不符",
                                  why_en=f"does not match the place in the file name ({en})")
                elif form.kind in kinds and majority and val.text != majority:
                    yield self.at(form, val, majority, str(val.raw).strip(), label=label,
                                  why=f"与本工作簿其他表（{majority}）不一致",
                                  why_en=f"differs from the other forms of this workbook ({majority})")
        yield from _roster(self, forms, ctx)


def _majority(texts: list[str]) -> str | None:
    """The name most forms write, None on a tie; one name throughout (most workbooks) needs no count."""
    if texts and texts.count(texts[0]) == len(texts):
        return texts[0]
    common = Counter(texts).most_common()
    return common[0][0] if common and (len(common) == 1 or common[0][1] > common[1][1]) else None


@lru_cache(maxsize=4096)
def _counties(text: str) -> frozenset[str]:
    """The counties (县, 区, 旗) a text names."""
    return frozenset(p for p in places(text) if p[-1] in "县区旗")


def _roster(rule, forms, ctx):
    """Against the roster (perfxl consolidate --roster): the unit the roster expects."""
    expected = getattr(ctx, "roster_units", None)
    if not expected:
        return
    for form in forms:
        val = form.fields.get("unit")
        # keyed so by consolidate.run.roster_units: the line of the form's budget code, else of its name
        want = expected.get(name_key(form.project, True)) or expected.get(name_key(form.project))
        if val is None or val.empty or want is None or name_key(val.raw) == name_key(want):
            continue
        yield rule.at(form, val, want, str(val.raw).strip(), label="实施单位",
                      why=f"与名单中的“{want}”不一致", why_en=f"differs from the roster ('{want}')")
