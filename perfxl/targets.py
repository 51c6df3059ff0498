"""Parse what clerks write in 年度指标值 / 实际完成值 / amount cells into a small comparable model."""
from __future__ import annotations

import calendar
import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from .vocabulary import (
    BASE_UNITS,
    COMPARATOR_GLYPHS,
    COMPARATOR_WORDS_AFTER,
    COMPARATOR_WORDS_BEFORE,
    SOFT_COMPARATOR_WORDS,
    SPACES,
    UNIT_SCALES,
    UNIT_SYNONYMS,
)

__all__ = ["Quantity", "Condition", "Expression", "QUANT_OPS", "parse_target", "parse_actual", "parse_number",
           "parse_plain_number", "is_text_number", "unit_scale", "is_percent_format", "without_spaces"]

QUANT_OPS = frozenset({">=", "<=", ">", "<", "=", "range"})
_PLACEHOLDERS = frozenset({"", "-", "--", "—", "——", "–", "/", "\\", "n/a", "N/A"})  # clerks' "nothing here"


class Quantity(NamedTuple):
    """A number with its unit (a number cell, a condition's bound); a named tuple, as Condition is."""

    value: float  # already scaled to the base unit: 5.26 万人次 -> 52600
    unit: str | None  # canonical base unit: 元, 人, 人次, %, 个月 ...
    raw_unit: str | None = None  # as written (万元), so callers can report "万元 vs 元"


class Condition(NamedTuple):
    """One requirement of a cell (≥95%, 2023年12月底前, 及时), or what an actual states."""

    # A named tuple, not a frozen dataclass: every parsed cell makes one or more, and a tuple is
    # built, read and compared in C. Equal, hashed and shown as its fields, as the dataclass was.
    op: str  # >= <= > < = range deadline qualitative
    low: float | None = None  # the bound of a comparison, or the low end of a range
    high: float | None = None  # the high end of a range
    unit: str | None = None
    raw_unit: str | None = None
    deadline: _dt.date | None = None
    words: str | None = None
    label: str | None = None  # 医疗机构 in "医疗机构≥40% 病种≥70%"
    explicit: bool = True  # False when the op was inferred from a bare number

    @property
    def is_quantitative(self) -> bool:
        return self.op in QUANT_OPS

    @property
    def bound(self) -> Quantity | None:
        return None if self.low is None else Quantity(self.low, self.unit, self.raw_unit)


_store = object.__setattr__  # not __dict__: reading it would turn the attributes into a dict's


@dataclass(frozen=True, init=False)
class Expression:
    raw: str
    conditions: tuple[Condition, ...] = ()
    # empty, unparsed, quantitative, deadline or qualitative: asked of every parsed cell, so set
    # when it is made (an Expression never changes); not part of its value, which it follows from
    kind: str = field(default="", repr=False, compare=False)

    def __init__(self, raw: str, conditions: tuple[Condition, ...] = (), kind: str | None = None) -> None:
        # frozen: stored as dataclass's own __init__ stores them. kind: given by the parser where it
        # knows it (one quantitative condition), else worked out from the conditions.
        _store(self, "raw", raw)
        _store(self, "conditions", conditions)
        _store(self, "kind", kind or _kind(raw, conditions))

    @property
    def is_reverse(self) -> bool:
        """A cost-type target: every quantitative condition is an upper bound."""
        quant = [c for c in self.conditions if c.is_quantitative]
        return bool(quant) and all(c.op in ("<=", "<") for c in quant)


def _kind(raw: str, conditions: tuple[Condition, ...]) -> str:
    if not conditions:
        return "empty" if _normalize(raw) in _PLACEHOLDERS else "unparsed"
    if len(conditions) == 1:  # most cells: one condition, its op says the kind
        op = conditions[0].op
        return "quantitative" if op in QUANT_OPS else op if op in ("deadline", "qualitative") else "unparsed"
    ops = {c.op for c in conditions}
    if ops <= QUANT_OPS:
        return "quantitative"
    return ops.pop() if ops in ({"deadline"}, {"qualitative"}) else "unparsed"


# --- units ------------------------------------------------------------------------------------
def _alternation(words, first: tuple[str, ...] = ()) -> str:
    """A pattern for any of words, the longest first where one starts another (大于等于 before 大于,
    人次 before 人). first: words tried before the others, the commonest (≥, %): the order matters
    only between words that start one another, and these start no other word nor another them."""
    assert not [(a, b) for a in first for b in words if a != b and (a.startswith(b) or b.startswith(a))]
    rest = sorted((w for w in words if w not in first), key=len, reverse=True)
    return "|".join(map(re.escape, [w for w in first if w in words] + rest))


_BASE_RE = _alternation(BASE_UNITS, ("%",))
_SCALE_RE = "千万|百万|万|亿"
# a rate's denominator may be a product: 元/人·月 (also typed 元/人*月)
_PER_RE = rf"(?:{_BASE_RE})(?:[*·•×](?:{_BASE_RE}))?"
_UNIT_RE = rf"(?:(?:{_SCALE_RE})(?:{_BASE_RE})?|(?:{_BASE_RE}))(?:/{_PER_RE})?"
_UNIT_PARTS = re.compile(rf"({_SCALE_RE})?({_BASE_RE})?(?:/({_PER_RE}))?")
_TIMES = re.compile(r"[*·•×]")


@lru_cache(maxsize=1024)
def unit_scale(raw_unit: str | None) -> tuple[Decimal, str | None]:
    """(factor, canonical unit) of a written unit: 万元 -> (10000, 元), ‰ -> (0.1, %)."""
    m = _UNIT_PARTS.fullmatch(raw_unit or "")
    if not raw_unit or not m:
        return Decimal(1), None
    factor, base = UNIT_SCALES.get(m.group(1), Decimal(1)), m.group(2)
    if base == "‰":
        factor, base = factor / 10, "%"
    base = UNIT_SYNONYMS.get(base, base)
    if m.group(3):
        per = "·".join(UNIT_SYNONYMS.get(u, u) for u in _TIMES.split(m.group(3)))
        base = f"{base or ''}/{per}"
    return factor, base


# --- normalisation --------------------------------------------------------------------------------



_GLYPH = re.compile("[" + re.escape("".join(sorted({old[0] for old, _ in COMPARATOR_GLYPHS}))) + "]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # 1,050,000
_QUOTED = re.compile(r'"[^"]*"|\\.')


def _normalize(text: str) -> str:
    # NFKC folds full-width digits and punctuation (１０５．６８％, ＞＝); PDF extraction leaves
    # LaTeX (\geq 95\%); all whitespace goes because clerks and extractors put it anywhere.
    t = unicodedata.normalize("NFKC", text)
    if _GLYPH.search(t):  # one scan spares most texts the replacements: none has a glyph's first character
        for old, new in COMPARATOR_GLYPHS:
            t = t.replace(old, new)
    t = without_spaces(t)
    return _THOUSANDS.sub("", t) if "," in t else t


def without_spaces(text: str) -> str:
    """text with every kind of whitespace removed."""
    # Two C tests spare most texts the regex: every space but " " (NBSP, U+3000, tabs, line
    # breaks) makes a text unprintable.
    return text if " " not in text and text.isprintable() else SPACES.sub("", text)


@lru_cache(maxsize=256)  # a workbook has a handful of formats
def is_percent_format(number_format: str | None) -> bool:
    """True for Excel number formats that display a percentage (0.00%), ignoring quoted text."""
    return bool(number_format) and "%" in _QUOTED.sub("", number_format)


# --- comparators and clauses --------------------------------------------------------------------
_NUM = r"\d+(?:\.\d+)?|\.\d+"
_PRE_RE, _POST_RE = _alternation(COMPARATOR_WORDS_BEFORE, ("≥", "≤")), _alternation(COMPARATOR_WORDS_AFTER)
_CLAUSE = re.compile(
    rf"(?P<pre>{_PRE_RE})?(?P<sign>[-+])?(?P<n1>{_NUM})(?P<u1>{_UNIT_RE})?"
    rf"(?:(?P<sep>[-~—–至到])(?P<n2>{_NUM})(?P<u2>{_UNIT_RE})?)?(?P<post>{_POST_RE})?")
_SEPARATORS = ",;、/|"
_LABEL_END = re.compile(r"(为|是|:)$")
_NO_WORDS = re.compile(r"[\W\d_]+")
_INCLUDED = re.compile(r"\((含|包含)\)")
_DIGIT = re.compile(r"\d")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _scaled(number: str, raw_unit: str | None, negative: bool = False) -> tuple[float, str | None]:
    factor, unit = unit_scale(raw_unit)
    if factor == 1:  # most units: the float of the digits is the exact Decimal's, correctly rounded too
        value = -float(number) if negative else float(number)
    else:
        value = float(Decimal(number) * factor * (-1 if negative else 1))  # Decimal: 5.26 万 -> 52600 exactly
    if not math.isfinite(value):
        raise ValueError(number)
    return value, unit


_SEPARATOR_SET = frozenset(_SEPARATORS)
_LABEL_STRIP, _TAIL_STRIP = _SEPARATORS + ":", _SEPARATORS + "。."


def _clauses(t: str, bare_op: str) -> tuple[Condition, ...] | None:
    """Quantitative conditions of a whole cell, or None when the text is prose, not an expression."""
    out: list[Condition] = []
    pos, prev = 0, None
    for m in _CLAUSE.finditer(t):
        gap = t[pos:m.start()]
        label = _LABEL_END.sub("", gap.strip(_LABEL_STRIP)) if gap else ""
        if label and (any(ch in label for ch in ",;。") or len(label) > 30 or _NO_WORDS.fullmatch(label)):
            return None
        pre, sign, n1, u1, _, n2, u2, post = m.groups()  # the groups in order (sep: only to split)
        if prev is not None and gap[:1] not in _SEPARATOR_SET:
            # "医疗机构≥40% 病种70%" lost its spaces: a label may follow without a separator only a
            # clause that ends in a unit, else "DRG2.0覆盖率≥90%" would split into two targets.
            if not prev or not (pre or label):
                return None
        if n2 is not None:
            if u1 and u2 and unit_scale(u1) != unit_scale(u2):
                return None
            low, unit = _scaled(n1, u1 or u2, sign == "-")
            high, _ = _scaled(n2, u2 or u1)
            out.append(Condition("range", min(low, high), max(low, high), unit, u2 or u1,
                                 label=label or None))
        else:
            before, after = COMPARATOR_WORDS_BEFORE, COMPARATOR_WORDS_AFTER
            firm = pre and pre not in SOFT_COMPARATOR_WORDS
            if firm and post and before[pre] != after[post]:
                return None
            op = before[pre] if firm else after.get(post) or before.get(pre) or bare_op
            value, unit = _scaled(n1, u1, sign == "-")
            if not (pre or post) and bare_op == ">=" and value == 0:
                op = "<="  # a bare "0" target (虚报参保人数 0) means "none allowed", not ">= 0"
            out.append(Condition(op, value, None, unit, u1, label=label or None, explicit=bool(pre or post)))
        pos, prev = m.end(), bool(u1 or u2 or post)  # whether this clause ends in a unit (see above)
    if not out:
        return None
    tail = t[pos:]  # most cells end with their last clause
    return tuple(out) if not tail or not _INCLUDED.sub("", tail).strip(_TAIL_STRIP) else None


# --- deadlines -------------------------------------------------------------------------------------
_DATE_PREFIX = r"(?:于|在|到|截至|截止到|截止)?"
_DATE_SUFFIX = (r"(?:前|之前|以前|以内|内|止|为止)?(?:已|全部|按时|按期)?"
                r"(?:支付|拨付|发放|兑付|实施|上线|验收|开展)?(?:完成|完毕|到位|结束|付清)?[。.]?")
_DATE_FORMS = [re.compile(_DATE_PREFIX + form + _DATE_SUFFIX) for form in (
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})日?",
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?(?P<part>底|末|份|上旬|中旬|下旬)?",
    r"(?:(?P<y>\d{4})年(?:底|末|度|内)?|(?:本|当|今)?年(?:底|末|度|内))")]


def _deadline(t: str, year: int | None) -> Condition | None:
    # the first of _DATE_FORMS (2023-06-30) needs - / or ., the others 月 or 年: most targets, and
    # decimals, are spared the matches that cannot succeed
    worded = "年" in t or "月" in t
    if not worded and "-" not in t and "/" not in t and "." not in t:
        return None
    for form in _DATE_FORMS if worded else _DATE_FORMS[:1]:
        m = form.fullmatch(t)
        if not m:
            continue
        groups = m.groupdict()
        y = int(groups["y"]) if groups.get("y") else year
        if y is None:  # "年底前" / "12月底前" without a year: a deadline we cannot date
            return Condition("deadline", words=t)
        month = int(groups.get("m") or 12)
        try:
            last = calendar.monthrange(y, month)[1]
            # "12月前" and "12月底前" are used interchangeably; read both as the end of that month.
            day = int(groups["d"]) if groups.get("d") else {"上旬": 10, "中旬": 20}.get(groups.get("part"), last)
            return Condition("deadline", deadline=_dt.date(y, month, day), words=t)
        except (ValueError, calendar.IllegalMonthError):
            return None
    return None


# --- public parsers ----------------------------------------------------------------------------------
# A whole cell of one number with its comparator and unit (≥95%, 1350人, ≤350.5万元, 97.3%): most
# cells. _simple reads it as _deadline and _clauses would, in one match: each comparator here is a
# word of its own (no other word starts with it), the number is _CLAUSE's (its digits greedy; the
# rest holds none), and what follows must be a unit as _CLAUSE's u1 reads it, the whole of it, with
# no 年 or 月 (a date is _deadline's).
SIMPLE_COMPARATORS = "≥≤><=≈"  # each a word of its own (tests/test_targets_simple.py)
_SIMPLE = re.compile(rf"([{SIMPLE_COMPARATORS}])?(\d+(?:\.\d+)?)(\D*)")
_UNIT_ALONE = re.compile(_UNIT_RE)


@lru_cache(maxsize=256)  # what follows the number: a handful of units
def _whole_unit(text: str) -> bool:
    """Whether text, after a cell's number, is one unit as _CLAUSE reads it, the whole of it."""
    if not text:
        return True
    m = _UNIT_ALONE.match(text)  # the first reading, not fullmatch's: the one _CLAUSE keeps
    return m is not None and m.end() == len(text) and "年" not in text and "月" not in text


def _simple(t: str, bare_op: str) -> tuple[Condition] | None:
    """The one condition of a text of one number, comparator and unit; None for other texts."""
    m = _SIMPLE.fullmatch(t)
    if m is None or not _whole_unit(m[3]):
        return None
    pre, number, raw_unit = m.groups()
    raw_unit = raw_unit or None
    value, unit = _scaled(number, raw_unit)
    if pre:  # a soft word (≈) reads as a firm one: no word follows to say more
        return (Condition(COMPARATOR_WORDS_BEFORE[pre], value, None, unit, raw_unit, None, None, None, True),)
    op = "<=" if bare_op == ">=" and value == 0 else bare_op  # as _clauses: a bare 0 target is a ceiling
    return (Condition(op, value, None, unit, raw_unit, None, None, None, False),)


def _parse(value, number_format: str | None, bare_op: str, year: int | None) -> Expression:
    try:
        if value.__class__ is str:  # most cells: spared the type tests
            return _parse_text(value, bare_op, year)
        if value is None:
            return Expression("")
        if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal, _dt.date)):
            return Expression(repr(value))
        if isinstance(value, _dt.date):  # a date-typed cell; datetime is a date subclass
            day = value.date() if isinstance(value, _dt.datetime) else value
            return Expression(value.isoformat(), (Condition("deadline", deadline=day),))
        if isinstance(value, (int, float, Decimal)):
            q = parse_number(value, number_format)
            if q is None:
                return Expression(str(value))
            op = "<=" if bare_op == ">=" and q.value == 0 else bare_op
            return Expression(str(value), (Condition(op, q.value, None, q.unit, q.raw_unit, explicit=False),))
        return _parse_text(value, bare_op, year)  # a str subclass
    except Exception:
        return Expression(value if isinstance(value, str) else "<unprintable>")


def _parse_text(value: str, bare_op: str, year: int | None) -> Expression:
    """A text cell's expression (what fails here, _parse catches)."""
    t = _normalize(value)
    if t in _PLACEHOLDERS:
        return Expression(value)
    if len(t) > 2000:  # prose; keep the regexes away from pathological input
        return Expression(value, (Condition("qualitative", words=t),))
    one = _simple(t, bare_op)
    if one is not None:
        return Expression(value, one, "quantitative")
    d = _deadline(t, year)
    if d is not None:
        return Expression(value, (d,))
    conds = _clauses(t, bare_op) if _DIGIT.search(t) else None
    if conds:
        return Expression(value, conds)
    if _HAN.search(t):  # words a clerk wrote, as opposed to junk like #REF!
        return Expression(value, (Condition("qualitative", words=t),))
    return Expression(value)


def parse_target(text, reverse_hint: bool = False, *, year: int | None = None,
                 number_format: str | None = None) -> Expression:
    """Parse a 年度指标值. A bare number is a minimum to reach (>=) unless reverse_hint says the
    row is a 成本指标, then a ceiling (<=); a bare 0 is always a ceiling ("none allowed")."""
    return _parse(text, number_format, "<=" if reverse_hint else ">=", year)


def parse_actual(value, number_format: str | None = None, *, year: int | None = None) -> Expression:
    """Parse a 实际完成值; bare numbers are "=", bounds (≥99%) are kept as written."""
    return _parse(value, number_format, "=", year)


_NUMBER_CELL = re.compile(rf"[¥￥]?(?P<sign>[-+])?(?P<n>{_NUM})(?P<u>{_UNIT_RE})?")


def parse_number(value, number_format: str | None = None) -> Quantity | None:
    """A single number with an optional unit, scaled to the base unit (176.77 万元 -> 1767700 元)."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if not _finite(value):
            return None
        if is_percent_format(number_format):  # the cell stores 1.0568 and shows 105.68%
            return Quantity(float(Decimal(repr(float(value))) * 100), "%", "%")
        return Quantity(float(value), None, None)
    m = _NUMBER_CELL.fullmatch(_normalize(value)) if isinstance(value, str) else None
    try:
        value, unit = _scaled(m.group("n"), m.group("u"), m.group("sign") == "-")
    except (AttributeError, ValueError, ArithmeticError):  # no match, or 1e400
        return None
    return Quantity(value, unit, m.group("u"))


def parse_plain_number(value, number_format: str | None = None) -> float | None:
    """The number as written, units and 分 stripped ("176.77 万元" -> 176.77); percentages come
    back as fractions ("105.68%" -> 1.0568, a 1.0568 cell with a % format stays 1.0568)."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return float(value) if _finite(value) else None
    m = _NUMBER_CELL.fullmatch(_normalize(value)) if isinstance(value, str) else None
    if not m:
        return None
    unit = m.group("u") or ""
    divisor = 100 if unit.endswith("%") else 1000 if unit.endswith("‰") else 1
    result = float(Decimal((m.group("sign") or "") + m.group("n")) / divisor)
    return result if math.isfinite(result) else None


def _finite(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (OverflowError, ValueError, InvalidOperation):  # 10**400, Decimal('sNaN')
        return False


def is_text_number(value) -> bool:
    """A str cell holding a number (a PX305 candidate: Excel's SUM skips it)."""
    return isinstance(value, str) and parse_plain_number(value) is not None
