"""docs/scoring.md as functions: target met, attainment, standard scores, grades and fund execution."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from .targets import (
    Condition,
    Expression,
    is_percent_format,
    parse_plain_number,
    unit_scale,
    without_spaces,
)
from .vocabulary import (
    ACHIEVED_WORDS,
    GRADE_SCALES,
    NOT_MET_WORDS,
    QUALITATIVE_BAND_ALIASES,
    QUALITATIVE_BANDS,
    SPACES,
)

__all__ = ["ScoringMethod", "NATIONAL", "METHODS", "is_met", "units_conflict", "attainment", "standard_score",
           "qualitative_band", "GRADE_SCALES", "grade", "scale_of_grade_word", "grade_matches",
           "execution_rate", "fund_score", "national_grade", "rates_match", "round_half_up"]

_EPS = 1e-9


def round_half_up(x: float, places: int = 2) -> float:
    """Round like a clerk (and Excel's ROUND): 4.995 -> 5.0, not Python's 4.99."""
    return float(_rounded(Decimal(str(x)), Decimal(1).scaleb(-places), ROUND_HALF_UP))


def _rounded(d: Decimal, exp: Decimal, rounding: str) -> Decimal:
    """d rounded to exp's places; d itself where that needs more digits than a Decimal keeps (a
    crafted 1e308: a double that large has no fraction left to round)."""
    try:
        return d.quantize(exp, rounding)
    except InvalidOperation:
        return d


@dataclass(frozen=True)
class ScoringMethod:
    """How a missed quantitative target is scored; provinces vary, national practice is the default."""
    name: str
    cap_at_weight: bool = True  # a met positive target earns the weight, never more
    reverse_zero_multiple: float = 2.0  # a cost target scores 0 once actual >= multiple × X
    positive_zero_below: float = 0.0  # attainment ratio under which a missed positive target earns 0
    proportional: bool = True  # False: any missed quantitative target earns 0
    decimals: int = 2


NATIONAL = ScoringMethod("national")
METHODS: dict[str, ScoringMethod] = {"national": NATIONAL,
                                     "all_or_nothing": ScoringMethod("all_or_nothing", proportional=False)}


# --- matching target and actual ---------------------------------------------------------------------
def _words(expr: Expression) -> str:
    return "".join([c.words or "" for c in expr.conditions]) or without_spaces(expr.raw)


# Does a text hold any of the words: one search each, not a test for each word (asked of every
# qualitative actual). The word lists are fixed (a bureau's vocabulary extends others).
_NOT_MET = re.compile("|".join(map(re.escape, NOT_MET_WORDS)))
_ACHIEVED = re.compile("|".join(map(re.escape, ACHIEVED_WORDS)))


def _negative(words: str) -> bool:
    return _NOT_MET.search(words) is not None


def _pairs(target: Expression, actual: Expression) -> list[tuple[Condition, Condition]] | None:
    """Sub-conditions side by side: by label when every target part has one, else by order. Asked
    of two quantitative expressions only: every condition of either is quantitative."""
    tc, ac = target.conditions, actual.conditions
    if len(tc) == len(ac) == 1:
        return [(tc[0], ac[0])]
    if tc and all(c.label for c in tc + ac):
        out = []
        for t in tc:
            same = [a for a in ac if a.label == t.label] or \
                [a for a in ac if t.label in a.label or a.label in t.label]
            if not same:
                break
            out.append((t, same[0]))
        else:
            return out
    return list(zip(tc, ac)) if tc and len(tc) == len(ac) else None


_TIME_MINUTES = {"秒": 1 / 60, "分钟": 1.0, "小时": 60.0, "天": 1440.0}


def _times(values: list[float | None], factor: float) -> list[float | None]:
    return [v * factor if v is not None else None for v in values]


def _aligned(t: Condition, a: Condition) -> tuple[list[float | None], list[float | None]] | None:
    """Both sides' (low, high) in one unit, or None when the units cannot be compared."""
    tv, av = [t.low, t.high], [a.low, a.high]
    if t.unit == a.unit:
        return tv, av
    if t.unit in _TIME_MINUTES and a.unit in _TIME_MINUTES:
        return _times(tv, _TIME_MINUTES[t.unit]), _times(av, _TIME_MINUTES[a.unit])
    if t.unit is not None and a.unit is not None:
        return None  # different dimensions: 人 vs 人次, 元 vs %
    # One side left its unit out; clerks mean the other side's unit as written ("≤20 万元" vs "9.954").
    known, bare = (t, a) if a.unit is None else (a, t)
    if known.unit == "%":
        # "0.98" next to "≥95%" is a fraction; "100" next to "≥98%" is percent points.
        values = [v for v in (bare.low, bare.high) if v is not None]
        factor = 100.0 if values and max(map(abs, values)) <= 1.5 and abs(known.low or 0) > 1.5 else 1.0
    else:
        factor = float(unit_scale(known.raw_unit)[0])
    return (tv, _times(av, factor)) if bare is a else (_times(tv, factor), av)


def _interval(op: str, lo: float, hi: float | None) -> tuple[float, bool, float, bool]:
    """(low, low included, high, high included) of the values a condition allows."""
    # tests, not a table of all six built on every call: two calls for each pair compared
    if op == ">=":
        return lo, True, math.inf, False
    if op == "=":
        return lo, True, lo, True
    if op == "<=":
        return -math.inf, False, lo, True
    if op == ">":
        return lo, False, math.inf, False
    if op == "<":
        return -math.inf, False, lo, False
    if op == "range":
        return lo, True, hi, True
    raise KeyError(op)


def _cmp(x: float, y: float) -> int:
    if x == y or (math.isfinite(x) and math.isfinite(y) and abs(x - y) <= _EPS * max(1.0, abs(x), abs(y))):
        return 0
    return -1 if x < y else 1


def _cond_met(t: Condition, a: Condition) -> bool | None:
    """Met when every value the actual allows lies inside the target, not met when none does."""
    if t.unit == a.unit:  # most pairs: the values as they are (_aligned's first case, spared its lists)
        tl, th, al, ah = t.low, t.high, a.low, a.high
    else:
        aligned = _aligned(t, a)
        if aligned is None:
            return None
        (tl, th), (al, ah) = aligned
    t_lo, t_lo_in, t_hi, t_hi_in = _interval(t.op, tl, th)
    a_lo, a_lo_in, a_hi, a_hi_in = _interval(a.op, al, ah)
    c_lo, c_hi = _cmp(a_lo, t_lo), _cmp(a_hi, t_hi)
    if (c_lo > 0 or (c_lo == 0 and (t_lo_in or not a_lo_in))) and \
            (c_hi < 0 or (c_hi == 0 and (t_hi_in or not a_hi_in))):
        return True
    c_apart_hi, c_apart_lo = _cmp(a_hi, t_lo), _cmp(a_lo, t_hi)
    if c_apart_hi < 0 or (c_apart_hi == 0 and not (a_hi_in and t_lo_in)) or \
            c_apart_lo > 0 or (c_apart_lo == 0 and not (a_lo_in and t_hi_in)):
        return False
    return None


def is_met(target: Expression, actual: Expression) -> bool | None:
    """True/False when the 实际完成值 meets the 年度指标值, None when it cannot be told."""
    tk, ak = target.kind, actual.kind
    if tk in ("empty", "unparsed") or ak in ("empty", "unparsed"):
        return None
    if ak == "qualitative":
        words = _words(actual)  # only a qualitative actual's words are read
        if _negative(words):
            return False
        # A clerk writing 完成 / 及时支付 claims the target, whatever its form ("未完成" holds
        # "完成": ruled out above).
        met = True if _ACHIEVED.search(words) is not None or (tk == "qualitative" and _words(target) in words) \
            else None
    elif tk == "quantitative" and ak == "quantitative":
        tc, ac = target.conditions, actual.conditions
        if len(tc) == len(ac) == 1:  # most rows: that pair's verdict
            met = _cond_met(tc[0], ac[0])
        else:
            pairs = _pairs(target, actual)
            results = [_cond_met(t, a) for t, a in pairs] if pairs else [None]
            met = False if False in results else (True if all(r is True for r in results) else None)
    elif tk == "deadline" and ak == "deadline":
        td, ad = target.conditions[0].deadline, actual.conditions[0].deadline
        met = None if td is None or ad is None else ad <= td
    elif tk == "qualitative" and ak == "deadline":
        return True  # a completion date answers 及时 / 按时完成
    elif tk == "qualitative" and ak == "quantitative":  # "信息公开" answered by "100%"
        c = actual.conditions[0]
        full = len(actual.conditions) == 1 and c.op in ("=", ">=") and c.unit == "%" and _cmp(c.low, 100) >= 0
        met = True if full else None
    else:
        met = None
    # An actual written as the target (≥95% under ≥95%) claims it: asked only where the verdict
    # is not already yes (most rows are met, and their texts differ).
    return True if met or without_spaces(target.raw) == without_spaces(actual.raw) else met


GENERIC_COUNT = "个"  # the general measure word: no dimension of its own


def units_conflict(target: Expression, actual: Expression) -> str | None:
    """"万元 vs 元", "% vs 无单位" … when the two cells are written in different units, else None."""
    if target.kind != "quantitative" or actual.kind != "quantitative":
        return None
    for t, a in _pairs(target, actual) or []:
        if t.raw_unit == a.raw_unit:
            continue  # written alike (most rows): nothing to compare
        if {t.raw_unit, a.raw_unit} == {GENERIC_COUNT, None}:
            continue  # "≥50个" met by a bare 50: 个 only counts, so the bare number says the same
        if unit_scale(t.raw_unit) != unit_scale(a.raw_unit):
            return f"{t.raw_unit or '无单位'} vs {a.raw_unit or '无单位'}"
    return None


def _single(target: Expression, actual: Expression) -> tuple[Condition, Condition, float, float] | None:
    """The one quantitative pair as (t, a, X, actual value), units aligned; None otherwise."""
    if target.kind != "quantitative" or actual.kind != "quantitative":
        return None
    pairs = _pairs(target, actual)
    if not pairs or len(pairs) != 1 or pairs[0][1].op == "range":
        return None
    t, a = pairs[0]
    aligned = _aligned(t, a)
    return None if aligned is None else (t, a, aligned[0][0], aligned[1][0])


def attainment(target: Expression, actual: Expression) -> float | None:
    """actual ÷ target for a single positive quantitative target (≥ 1.3 means "set too low")."""
    single = _single(target, actual)
    if single is None or single[0].op not in (">=", ">", "=") or single[1].op in ("<=", "<"):
        return None
    _, _, x, value = single
    return value / x if x > 0 else None


def standard_score(target: Expression, actual: Expression, weight,
                   method: ScoringMethod = NATIONAL) -> float | None:
    """The score the method gives a quantitative indicator; None for qualitative or unclear rows."""
    w = parse_plain_number(weight)
    if w is None or target.kind != "quantitative":
        return None
    met, single = is_met(target, actual), _single(target, actual)
    over = bool(met) and single is not None and single[0].op in (">=", ">") and single[2] > 0
    if met is None or (met and (method.cap_at_weight or not over)):
        return None if met is None else round_half_up(w, method.decimals)
    if single is None:
        return None
    t, _, x, value = single
    if met:  # cap_at_weight=False: exceeding a positive target earns proportionally more
        score = w * value / x
    elif not method.proportional:
        score = 0.0
    elif t.op in (">=", ">", "="):
        if t.op == "=" and value > x:
            return None  # an exact target overshot: no rule
        ratio = value / x if x > 0 else 0.0
        score = 0.0 if ratio < method.positive_zero_below else w * ratio
    elif t.op in ("<=", "<"):
        span = (method.reverse_zero_multiple - 1) * x
        score = 0.0 if span <= 0 else w * (1 - (value - x) / span)
    else:
        return None
    return round_half_up(max(score, 0.0), method.decimals)





def qualitative_band(level: str, weight) -> tuple[float, float]:
    """(lowest, highest) score of a qualitative indicator at 达成 / 部分达成 / 未达成; ValueError else."""
    key, w = SPACES.sub("", str(level)), parse_plain_number(weight)
    key = QUALITATIVE_BAND_ALIASES.get(key, key)
    if key not in QUALITATIVE_BANDS or w is None:
        raise ValueError(f"unknown qualitative level {level!r} or weight {weight!r}")
    return tuple(round_half_up(w * share) for share in QUALITATIVE_BANDS[key])  # type: ignore[return-value]





def grade(total, scale: str = "national") -> str | None:
    """The grade word of a total; thresholds are inclusive ("90(含)") and the total is not rounded
    first, so 89.995 is still 良."""
    if scale not in GRADE_SCALES:
        raise ValueError(f"unknown grade scale {scale!r}")
    t = parse_plain_number(total)  # None for blanks and text; never NaN or inf
    return None if t is None else next(word for limit, word in GRADE_SCALES[scale] if t >= limit - _EPS)


_GRADE_DRESS = re.compile(r"[\s\"'“”‘’「」『』]|等级$|等次$|等$|级$")


def _clean_grade(word) -> str:
    return _GRADE_DRESS.sub("", str(word or ""))


def scale_of_grade_word(word) -> str | None:
    """"national" for 优/良/中/差, "five" for 优秀/良好/合格/基本合格/不合格. National forms also write
    优秀 / 良好; reading them on the five scale is safe because 优秀 ≥ 90 and 良好 80–90 are exactly 优 and 良."""
    w = _clean_grade(word)
    return next((name for name, levels in GRADE_SCALES.items() if w in {x for _, x in levels}), None)


@lru_cache(maxsize=256)  # asked once per form of a city; the words are few
def national_grade(word) -> str | None:
    """The 优/良/中/差 band a written grade falls in (优秀 → 优, 合格 → 中, 不合格 → 差); None when it
    is no grade word. Bands follow from the scales' thresholds, not from a second table."""
    w = _clean_grade(word)
    own = scale_of_grade_word(w)
    if own is None:
        return None
    low = next(limit for limit, x in GRADE_SCALES[own] if x == w)
    return grade(low if math.isfinite(low) else -1, "national")


def grade_matches(word, total) -> bool | None:
    """Does a written grade agree with the total on the word's own scale? None when it is no grade word."""
    w = _clean_grade(word)
    own = scale_of_grade_word(w)
    expected = None if own is None else grade(total, own)
    return None if expected is None else expected == w


def execution_rate(budget, spent) -> float | None:
    """全年执行数 ÷ 全年预算数 as a fraction; None when either is missing or the budget is 0."""
    b, s = parse_plain_number(budget), parse_plain_number(spent)
    rate = None if b is None or s is None or b == 0 else s / b
    return rate if rate is None or math.isfinite(rate) else None  # 1e308 ÷ 1e-300: no rate to speak of


def fund_score(weight, rate) -> float:
    """分值 × min(执行率, 100%), rounded half up to 2 decimals: over-execution earns no more.
    rate is a fraction (1.0568) or a percentage text ("105.68%"); ValueError when either is no number."""
    w, r = parse_plain_number(weight), parse_plain_number(rate)
    if w is None or r is None:
        raise ValueError(f"fund_score needs numbers, got {weight!r} and {rate!r}")
    r = min(max(r, 0.0), 1.0)
    return float(_rounded(Decimal(repr(w)) * Decimal(repr(r)), Decimal("0.01"), ROUND_HALF_UP))


def rates_match(stated, computed, number_format: str | None = None) -> bool:
    """Does a stated 执行率 agree with the computed fraction? Clerks round or truncate to 2 decimals
    of a percent, accept both; a stated value with more decimals must be within 0.005 points."""
    value, c = parse_plain_number(stated, number_format), parse_plain_number(computed)
    if value is None or c is None:
        return False
    # "105.68%" text and percent-formatted cells arrive as fractions, and so does a bare 0.9954;
    # a bare 99.54 or 100 (a rate typed without %) is already in percent points.
    as_fraction = (isinstance(stated, str) and ("%" in stated or "％" in stated)) \
        or is_percent_format(number_format) or abs(value) <= 2
    if abs(value * (100 if as_fraction else 1) - c * 100) < 1e-9:
        return True  # the same number (most forms): rounding and truncation both keep it; no Decimals
    pct, exact = Decimal(repr(value)) * (100 if as_fraction else 1), Decimal(repr(c)) * 100
    if -pct.normalize().as_tuple().exponent > 2:
        return abs(pct - exact) <= Decimal("0.005")
    cent = Decimal("0.01")
    return pct in (_rounded(exact, cent, ROUND_HALF_UP), _rounded(exact, cent, ROUND_DOWN))
