"""perfxl's own evaluator of its templates' formulas: Excel's rules for blanks, text and errors."""

from __future__ import annotations

import pytest

from perfxl.formula import Unsupported, compile_formula

CELLS = {(1, 1): 10.0, (1, 2): 8.0, (3, 1): "x", (4, 1): 95.0, (5, 1): "12.5"}  # A2 and A6 are blank
CASES = [
    ('=IF(AND(ISNUMBER(A1),ISNUMBER(B1)),IF(A1=0,"",B1/A1),"")', 0.8),
    ('=IF(AND(ISNUMBER(A2),ISNUMBER(B1)),IF(A2=0,"",B1/A2),"")', ""),    # a blank budget: no rate
    ('=IF(COUNT(A1,A2:A4)=0,"",ROUND(SUM(A1,A2:A4),2))', 105.0),          # SUM and COUNT skip text
    ('=IF(COUNT(A2,A6:A6)=0,"",ROUND(SUM(A2,A6:A6),2))', ""),
    ('="产出指标（"&SUM(A1:B1)&"分）"', "产出指标（18分）"),                  # 18, not 18.0
    ('="x"&0.1+0.2', "x0.3"),                                              # + before &
    ('=IF(ISNUMBER(A4),IF(A4>=90,"优",IF(A4>=80,"良",IF(A4>=60,"中","差"))),"")', "优"),
    ('=IF(ISNUMBER(A1),ROUND(A1*MIN(B1/A1,1),2),"")', 8.0),
    ("=A2+SUM(A1:B1)", 18.0),                                              # a blank is 0 in arithmetic
    ("=A2", 0.0),
    ("=A3+1", "#VALUE!"),
    ("=A5*2", 25.0),                                                       # numeric text is a number
    ("=SUM(A5)", 0.0),                                                     # ... but not to SUM
    ("=1/0", "#DIV/0!"),
    ('=IFERROR(1/0,"-")', "-"),
    ("=ROUND(2.675,2)", 2.68),                                             # half away from zero, as shown
    ("=ROUND(-2.5,0)", -3.0),
    ('=IF(A2="",1,2)', 1.0),                                               # a blank equals "" and 0
    ("=IF(A2=0,1,2)", 1.0),
    ('=IF(A3=0,1,2)', 2.0),
    ("=IF(A1>5,1)", 1.0),
    ("=IF(A1<5,1)", False),
    ("=AND(A2)", "#VALUE!"),
    ("=A1:B1+1", "#VALUE!"),                                               # two cells where one is read
    ('=IF(ISNUMBER(A1:B1),1,2)', 2.0),
    ('=HYPERLINK("#Sheet!A1","H6")', "H6"),
    ("=-A1+3", -7.0),
]


@pytest.mark.parametrize(("formula", "expected"), CASES)
def test_formula_values(formula, expected):
    got = compile_formula(formula)(lambda r, c: CELLS.get((r, c)))
    if isinstance(expected, str):  # text, or an error value (a str of its own kind)
        assert isinstance(got, str) and got == expected, (formula, got)
    else:
        assert type(got) is type(expected) and got == expected, (formula, got)


@pytest.mark.parametrize("formula", ["=Sheet2!A1", "=VLOOKUP(A1,B1:C9,2)", "=SUM(A:A)", "=A1+", "=INDIRECT(\"A1\")"])
def test_anything_else_is_left_to_the_library(formula):
    with pytest.raises(Unsupported):
        compile_formula(formula)(lambda r, c: None)
