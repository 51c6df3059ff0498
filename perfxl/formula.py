"""A small evaluator of the formulas perfxl's own templates write (SUM, IF, ROUND … over cells of one sheet).

The `formulas` library computes any workbook but costs about a second to import (numpy, schedula)
and milliseconds a cell. perfxl's forms use a dozen functions; this evaluates those with Excel's
rules for blanks, text and errors, and raises Unsupported for anything else, which the library
then computes (perfxl/evaluate.py)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class Unsupported(ValueError):
    """A formula outside the subset: another sheet, a name, a function not listed here."""


class XlError(str):
    """An Excel error value (#DIV/0!, #VALUE!): propagates through what reads it."""


DIV0, VALUE = XlError("#DIV/0!"), XlError("#VALUE!")

_TOKEN = re.compile(r"""\s*(?:
    (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
  | (?P<str>"(?:[^"]|"")*")
  | (?P<ref>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)(?![A-Za-z0-9_(!.])
  | (?P<func>[A-Z][A-Z0-9.]*)\(
  | (?P<bool>TRUE|FALSE)(?![A-Za-z0-9_(])
  | (?P<op><>|<=|>=|[-+*/&=<>(),%^])
)""", re.X)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _cells(ref: str) -> list[tuple[int, int]]:
    first, _, last = ref.partition(":")
    (c1, r1), (c2, r2) = [(lambda m: (_column(m.group(1)), int(m.group(2))))(_CELL.fullmatch(x))
                          for x in (first, last or first)]
    return [(r, c) for r in range(min(r1, r2), max(r1, r2) + 1) for c in range(min(c1, c2), max(c1, c2) + 1)]


def _tokens(formula: str) -> list[tuple[str, str]]:
    text, pos, out = formula.lstrip("=").strip(), 0, []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise Unsupported(formula)
        out.append((m.lastgroup, m.group(m.lastgroup)))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


class _Range(list):
    """The values of a reference: functions treat a range's text and blanks unlike a typed value."""


def compile_formula(formula: str):
    """A function of value(row, col) -> the formula's value (Unsupported if outside the subset)."""
    tokens = _tokens(formula)
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else (None, None)

    def take(value=None):
        kind, text = peek()
        if kind is None or value is not None and text != value:
            raise Unsupported(formula)
        pos[0] += 1
        return kind, text

    levels = [("=", "<>", "<", ">", "<=", ">="), ("&",), ("+", "-"), ("*", "/")]

    def binary(level: int):
        if level == len(levels):
            return unary()
        left = binary(level + 1)
        while peek()[0] == "op" and peek()[1] in levels[level]:
            op = take()[1]
            right = binary(level + 1)
            left = (lambda a, b, o: lambda get: _apply(o, a(get), b(get)))(left, right, op)
        return left

    def unary():
        if peek() == ("op", "-"):
            take()
            inner = unary()
            return lambda get: _apply("-", 0.0, inner(get))
        if peek() == ("op", "+"):
            take()
        return primary()

    def primary():
        kind, text = take()
        if kind == "num":
            value = float(text)
            return lambda get: value
        if kind == "str":
            value = text[1:-1].replace('""', '"')
            return lambda get: value
        if kind == "bool":
            value = text == "TRUE"
            return lambda get: value
        if kind == "ref":
            cells = _cells(text)
            # one cell is a reference too: SUM and COUNT skip its text as they skip a range's
            return lambda get: _Range(get(r, c) for r, c in cells)
        if kind == "func":
            if text not in FUNCTIONS and text not in LAZY:
                raise Unsupported(formula)
            args = []
            while peek() != ("op", ")"):
                args.append(binary(0))
                if peek() == ("op", ","):
                    take()
                elif peek() != ("op", ")"):
                    raise Unsupported(formula)
            take(")")
            return (lambda fn, args: lambda get: fn(*[a(get) for a in args]))(FUNCTIONS[text], args) \
                if text not in LAZY else (lambda fn, args: lambda get: fn(get, *args))(LAZY[text], args)
        if (kind, text) == ("op", "("):
            inner = binary(0)
            take(")")
            return inner
        raise Unsupported(formula)

    body = binary(0)
    if pos[0] != len(tokens):
        raise Unsupported(formula)

    def run(get):
        value = _one(body(get))
        return 0.0 if value is None else value  # =A1 of a blank cell shows 0
    return run


def _one(v):
    """A reference read as one value: its cell's; a range of several cells is #VALUE! there."""
    if isinstance(v, _Range):
        return v[0] if len(v) == 1 else VALUE
    return v


def _number(v):
    """A value in arithmetic: blank 0, TRUE 1, numeric text its number; else #VALUE!."""
    v = _one(v)
    if isinstance(v, XlError):
        return v
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip())
    except ValueError:
        return VALUE


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        return _general(float(v))
    return str(v)


def _general(x: float) -> str:
    """A number as Excel's General format shows it in text: up to 15 significant digits, no .0."""
    text = f"{x:.15g}"
    return text if "e" not in text else f"{Decimal(text):f}".rstrip("0").rstrip(".")


def _rank(v):
    """Excel's order across types: numbers < text < logicals (blank compares as 0 or "")."""
    if isinstance(v, bool):
        return (2, v)
    if isinstance(v, (int, float)):
        return (0, float(v))
    return (1, str(v).lower())


def _apply(op: str, a, b):
    a, b = _one(a), _one(b)
    for v in (a, b):
        if isinstance(v, XlError):
            return v
    if op == "&":
        return _text(a) + _text(b)
    if op in ("=", "<>", "<", ">", "<=", ">="):
        if a is None:
            a = "" if isinstance(b, str) else 0.0
        if b is None:
            b = "" if isinstance(a, str) else 0.0
        ra, rb = _rank(a), _rank(b)
        return {"=": ra == rb, "<>": ra != rb, "<": ra < rb, ">": ra > rb, "<=": ra <= rb, ">=": ra >= rb}[op]
    x, y = _number(a), _number(b)
    for v in (x, y):
        if isinstance(v, XlError):
            return v
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if y == 0:
        return DIV0
    return x / y


def _numbers(args) -> list:
    """The numbers SUM, COUNT, MIN … take: a range's numbers only; a typed argument coerced."""
    out = []
    for a in args:
        if isinstance(a, _Range):
            for v in a:
                if isinstance(v, XlError):
                    return [v]
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    out.append(float(v))
        elif a is not None:
            out.append(_number(a))
    return out


def _aggregate(fn):
    def call(*args):
        values = _numbers(args)
        bad = next((v for v in values if isinstance(v, XlError)), None)
        return bad if bad is not None else fn(values)
    return call


def _count(*args):
    n = 0
    for a in args:
        if isinstance(a, _Range):
            n += sum(1 for v in a if isinstance(v, (int, float)) and not isinstance(v, bool))
        elif isinstance(a, (int, float)) and not isinstance(a, bool):
            n += 1
    return float(n)


def _truth(v):
    v = _one(v)
    if isinstance(v, XlError):
        return v
    if v is None:
        return False
    if isinstance(v, str):
        return True if v.upper() == "TRUE" else False if v.upper() == "FALSE" else VALUE
    return bool(v)


def _logical(fn):
    def call(*args):
        values = []
        for a in args:
            items = [v for v in a if isinstance(v, (bool, int, float))] if isinstance(a, _Range) else [_truth(a)]
            values += items
        bad = next((v for v in values if isinstance(v, XlError)), None)
        return bad if bad is not None else VALUE if not values else fn(bool(v) for v in values)
    return call


def _round(x, digits=0.0):
    x, digits = _number(x), _number(digits)
    for v in (x, digits):
        if isinstance(v, XlError):
            return v
    try:
        exp = Decimal(1).scaleb(-int(digits))
        return float(Decimal(f"{x:.15g}").quantize(exp, rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return VALUE


def _if(get, cond, then, other=None):
    truth = _truth(cond(get))
    if isinstance(truth, XlError):
        return truth
    if not truth and other is None:
        return False  # IF(cond, x) with cond false
    return _one((then if truth else other)(get))


def _iferror(get, value, fallback):
    v = _one(value(get))
    return _one(fallback(get)) if isinstance(v, XlError) else v


def _isnumber(v):
    v = _one(v)
    return isinstance(v, (int, float)) and not isinstance(v, bool)


FUNCTIONS = {
    "SUM": _aggregate(lambda xs: float(sum(xs))),
    "MIN": _aggregate(lambda xs: min(xs) if xs else 0.0),
    "MAX": _aggregate(lambda xs: max(xs) if xs else 0.0),
    "COUNT": _count,
    "AND": _logical(all),
    "OR": _logical(any),
    "ROUND": _round,
    "ABS": lambda x: (lambda n: n if isinstance(n, XlError) else abs(n))(_number(x)),
    "ISNUMBER": _isnumber,
    "HYPERLINK": lambda link, name=None: _text(_one(name if name is not None else link)),  # shows its name
    "ISBLANK": lambda v: _one(v) is None,
}
LAZY = {"IF": _if, "IFERROR": _iferror}  # their branches are evaluated only when taken
