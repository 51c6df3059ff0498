"""Facts derived from a form — money, totals, grade, unit, places, year, parsed targets — each once."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..scoring import execution_rate
from ..scoring import grade as grade_of
from ..targets import Expression, is_percent_format  # noqa: F401 - is_percent_format: read from here too
from .cells import Val
from .model import SCORE_TABLE, Form, Indicator, Level1
from .rows import actual_of, is_cost, met, target_actual, target_of  # noqa: F401 - the rules read them from here

# A budget code before a name: "054001-金寨县医疗保障局", "51092324T000010263357-…", "[155]濉溪县民政局"
# (five characters at least: "2022-2023年度…" keeps its years)
_CODE = re.compile(r"^\s*(?:[\[【(（]\s*[0-9A-Za-z]+\s*[\]】)）]|(?=[0-9A-Za-z]*\d)[0-9A-Za-z]{5,}\s*[-－—_])\s*")
PLACE = re.compile(r"([\u4e00-\u9fff]{2,3})(市|县|区|州|旗)")
FILLER = re.compile(r"[.…。·、\s]*|指标\d*[:：]?[.…]*|\(?[≥≤>=<]?\*+[^)]*\)?")  # ……, 指标2:, (≥**人)
YEAR = re.compile(r"((?:19|20)\d\d)\s*年度?")


def num(v: Val | None) -> float | None:
    return None if v is None else v.number


def money_blocks(fund: dict) -> list:
    """(total, its source rows) of each money block: one on most forms; the national checklist has
    one for the whole and one for each part, each a total followed by its sources."""
    blocks = []
    for key, row in fund.items():
        if row.parent is not None:
            continue  # a 其中 line of a source, added up against that source (model.Split)
        if row.role == "total" and (key == "total" or key.startswith("total#")):
            blocks.append((row, []))
        elif blocks:
            blocks[-1][1].append(row)
    if "total" in fund and blocks and blocks[0][0] is not fund["total"]:  # total read after its sources
        blocks = [(fund["total"], [r for k, r in fund.items() if k != "total" and r.parent is None])]
    return [(t, parts) for t, parts in blocks if parts]


def fund_total(form: Form):
    return form.fund.get("total")


def fund_rate(row) -> float | None:
    """The 执行率 of a funding row recomputed from its amounts; None when it cannot be (an amount
    missing, or a budget of 0): PX102 then cannot check the score, and PX111 does."""
    if row is None:
        return None
    if "_rate" not in row.__dict__:  # asked by four rules and the facts: computed once per row
        row.__dict__["_rate"] = execution_rate(num(row.cells.get("budget")), num(row.cells.get("spent")))
    return row.__dict__["_rate"]


def rounded(x):
    """round(x, 6): sums of two-decimal amounts drift (0.1 + 0.2). A whole float is left as it is,
    spared round()'s decimal conversion: most points are whole, and sums are taken on every form."""
    return x if x.__class__ is float and x.is_integer() else round(x, 6)


def column_sum(rows, key: str) -> float | None:
    """Sum of a column (weight, score) over rows; None when none of them holds a number."""
    values = [num(getattr(r, key)) for r in rows]
    present = [v for v in values if v is not None]
    return rounded(sum(present)) if present else None


def form_sum(form: Form, key: str) -> float | None:
    """The funding line's plus every indicator's 分值 (key "weight") or 得分 (key "score")."""
    cache = form.__dict__.setdefault("_sums", {})  # asked by the facts and by several rules
    if key not in cache:
        row, at = fund_total(form), 1 if key == "weight" else 2  # points(): (row, 分值, 得分)
        # a numbered parent sums its children: they are not counted again
        rows = [p[at] for p in points(form) if p[0].role != "child" and p[at] is not None]
        values = [rounded(sum(rows)) if rows else None, num(row.cells.get(key)) if row is not None else None]
        present = [v for v in values if v is not None]
        cache[key] = rounded(sum(present)) if present else None
    return cache[key]


def block_weights(block: Level1) -> list[tuple[Indicator, float | None]]:
    """(row, 分值) of each row of a 一级 block that carries its own points (not 本指标不适用, not a
    numbered parent's child): PX113 adds them up against the label, PX119 by category. Kept with
    the block."""
    done = block.__dict__.get("_weights")
    if done is None:
        done = block.__dict__["_weights"] = [
            (i, None if i.weight is None else i.weight.number)  # num(), spelled out: asked of every row
            for i in block.rows if not i.not_applicable and i.role != "child"]
    return done


def reason_cell(form: Form, ind: Indicator):
    """Where a row's 偏差原因 is written: its own cell, else the form's one cell for all rows (None:
    the form has nowhere to write one, so an explanation can be neither seen nor missed)."""
    return ind.reason if ind.reason is not None else form.reason


def unexplained(form: Form) -> list[tuple[Indicator, float | None, float | None, Val]]:
    """(row, 分值, 得分, its reason cell) of each scored row whose 偏差原因 is empty: PX202 and PX205
    ask why a missed or far exceeded target goes unexplained. A row with nowhere to write a reason
    (no reason column, the form's one cell cut off) is not among them. Kept with the form."""
    done = form.__dict__.get("_unexplained")
    if done is None:
        done = form.__dict__["_unexplained"] = [
            (i, w, s, reason) for i, w, s in points(form)
            if (reason := reason_cell(form, i)) is not None and reason.empty]
    return done


def scored_rows(form: Form) -> list[Indicator]:
    """Indicator rows that carry points: not 本指标不适用, not an empty placeholder."""
    rows = form.__dict__.get("_scored")  # asked by most rules: computed once per form
    if rows is None:
        rows = form.__dict__["_scored"] = [i for i in form.indicators
                                           if not i.not_applicable and not is_placeholder(i)]
    return rows


def points(form: Form) -> list[tuple[Indicator, float | None, float | None]]:
    """(row, 分值, 得分) of each scored row, the numbers read once per form: several rules compare
    them row by row. Kept with the form; only the reader writes its cells, before any rule."""
    done = form.__dict__.get("_points")
    if done is None:
        done = form.__dict__["_points"] = [
            (i, None if i.weight is None else i.weight.number, None if i.score is None else i.score.number)
            for i in scored_rows(form)]  # num() of each, spelled out: asked of every row of every form
    return done


def is_placeholder(ind: Indicator) -> bool:
    """A row that holds no indicator: a 二级 with no 三级 and nothing else (seed 003 lists unused
    二级 that way), or the template's filler left in (……, 指标2: with nothing beside it)."""
    for v in (ind.weight, ind.score, ind.target, ind.actual):  # numbers first: their test is the cheapest
        if v is not None and not v.empty:
            return False
    return ind.level3 is None or ind.level3.empty or is_filler(ind.level3.text)


@lru_cache(maxsize=4096)
def is_filler(text: str) -> bool:
    """Template filler a clerk left in place of an indicator's name."""
    return bool(FILLER.fullmatch(text))


def parsed_rows(form: Form) -> list[tuple[Indicator, Expression | None, Expression | None]]:
    """(row, target, actual) of each scored row: for the rules that read every row's pair."""
    done = form.__dict__.get("_parsed_rows")
    if done is None:
        done = form.__dict__["_parsed_rows"] = [(i, *target_actual(i)) for i in scored_rows(form)]
    return done



@lru_cache(maxsize=4096)
def places(text: str) -> frozenset[str]:
    """Place names (金寨县, 沅江市 …) in a text: how a unit is told from another county's. An
    autonomous region (内蒙古自治区) is a province, not a place a unit is told apart by."""
    return frozenset(a + b for a, b in PLACE.findall((text or "").replace("自治区", "\n")))


def without_code(text: str) -> str:
    """A unit's or project's name without its budget-code prefix, as a bureau lists it."""
    return _CODE.sub("", text.strip())


_NOT_NAME = re.compile(r"[\s\x00-\x1f\x7f]+")   # spaces and control characters: no part of a name


@lru_cache(maxsize=4096, typed=True)  # a unit is compared many times: its forms, the roster's lines
def name_key(text, keep_code: bool = False) -> str:
    """A unit's or project's name as two are compared (a re-sent copy, a roster line): without its
    budget-code prefix, spaces or control characters, and full-width alike half-width (NFKC: a clerk
    types （2022） on one form and (2022) on the next, or the roster another way). keep_code: the
    prefix stays (two projects of one name told apart by their codes are two projects)."""
    text = str(text or "")
    if not unicodedata.is_normalized("NFKC", text):   # a C check: most names need no normalizing
        text = unicodedata.normalize("NFKC", text)
    if " " in text or not text.isprintable():          # other spaces are not printable
        text = _NOT_NAME.sub("", text)
    return text if keep_code else _CODE.sub("", text)


def same_project(a: str | None, b: str | None) -> bool:
    """One project by its name as a clerk means it (name_key); where both name a budget code, by the
    code too: two roster lines of one name and other codes are two projects, each answered by its own."""
    if name_key(a) != name_key(b):
        return False
    coded_a, coded_b = name_key(a, True), name_key(b, True)
    return coded_a == name_key(a) or coded_b == name_key(b) or coded_a == coded_b


def _wan(amount: float | None, scale: float) -> float | None:
    """An amount in 万元 (scale 0.0001 where the form counts in 元)."""
    return amount if amount is None or scale == 1 else round(amount * scale, 6)


def year_in(text: str) -> int | None:
    """The year a title or file name states (（2022年度）, 2023年度…), or None."""
    m = YEAR.search(text or "")
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Facts:
    """What a form says or implies, derived once: the report, the summary and the rules read this."""

    project: str
    unit: str                 # as the form writes it, budget-code prefix removed
    year: int | None
    scored: bool              # has 分值/得分: totals and a grade apply
    budget: float | None
    spent: float | None
    rate: float | None        # recomputed from the amounts
    fund_score: float | None  # as the form states it
    total: float | None
    total_source: str | None  # "printed" where the form states it, "computed" where derived
    grade: str | None
    grade_source: str | None


def facts(form: Form) -> Facts:
    """The form's facts, computed on first use and kept with the form."""
    done = form.__dict__.get("_facts")
    if done is None:
        done = form.__dict__["_facts"] = _derive(form)
    return done


def is_scored(form: Form) -> bool:
    """Has points: 分值/得分 columns in its indicator table or on its funding line."""
    fund = fund_total(form)
    return form.kind == SCORE_TABLE or "score" in form.columns or "weight" in form.columns or (
        fund is not None and ("score" in fund.cells or "weight" in fund.cells))


def _derive(form: Form) -> Facts:
    scored = is_scored(form)
    fund = fund_total(form)
    # a score table's conclusion (综合得分 89 分) is the total it states, before its 合计 row
    total, total_source = num(form.fields.get("stated_total")), "printed"
    if total is None:
        total = num(form.total_score)
    if total is None:
        total = form_sum(form, "score") if scored and form.kind != SCORE_TABLE else None
        total_source = "computed" if total is not None else None
    grade, grade_source = (form.grade.text, "printed") if form.grade is not None and not form.grade.empty \
        else (None, None)
    if grade is None and total is not None and scored:
        grade, grade_source = grade_of(total, form.grade_scale), "computed"
    # a score table without cover lines naming it goes by its sheet's name
    project = without_code(form.project) if form.kind != SCORE_TABLE or "project" in form.fields else form.sheet
    return Facts(project, without_code(form.unit), form.year, scored,
                 _wan(num(fund.cells.get("budget")), form.money_scale) if fund else None,
                 _wan(num(fund.cells.get("spent")), form.money_scale) if fund else None,
                 fund_rate(fund), num(fund.cells.get("score")) if fund and scored else None,
                 total, total_source, grade, grade_source)
