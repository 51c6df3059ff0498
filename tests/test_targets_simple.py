"""The one-match reading of a simple target (≥95%, 1350人, ≤350.5万元) gives exactly what the general
reading (_deadline, _clauses) gives, on every text of the examples and on hand-made edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfxl import targets
from perfxl.reader.sources import load_book
from perfxl.vocabulary import COMPARATOR_WORDS_BEFORE

ROOT = Path(__file__).resolve().parents[1]
EDGES = ["≥95%", "1350人", "≤350.5万元", "97.3%", "0", "0%", "≈5天", ">3", "<=5", "=100%", "100", "95.0%",
         "≥95%以上", "≥95%，", "5.26万元", "2023年", "12月", "≥1200人次", "3家", "≤0.5%", "1.5亿元", "10万",
         "95%-100%", "≥90%（含）", "2023-06-30", "≥", "%", "95 %", "９５％", "≥1,200人", "≥95%左右",
         "1200人/年", "≥.5", "≥95‰", "8小时", "≤15个工作日", "0.0", "00", "1e5", "≥95%≥"]


def _example_texts() -> list[str]:
    texts = set(EDGES)
    for path in sorted((ROOT / "examples").rglob("*.xlsx")):
        for grid in load_book(path).grids:
            texts.update(v for row in grid.rows for v in row if isinstance(v, str) and v and len(v) < 60)
    return sorted(texts)


TEXTS = _example_texts()


def _fields(e: targets.Expression) -> tuple:
    return e.raw, e.conditions, e.kind, e.is_reverse, hash(e)


def test_the_simple_comparators_are_words_of_their_own():
    """_SIMPLE takes one character as the whole comparator: no longer word may start with it."""
    for c in targets.SIMPLE_COMPARATORS:
        assert c in COMPARATOR_WORDS_BEFORE
        assert not any(w != c and w.startswith(c) for w in COMPARATOR_WORDS_BEFORE), c


@pytest.mark.parametrize("reverse", [False, True])
def test_simple_reading_equals_the_general_one(monkeypatch, reverse):
    fast = [(t, _fields(targets.parse_target(t, reverse, year=2023)), _fields(targets.parse_actual(t, "0.00%")))
            for t in TEXTS]
    taken = sum(targets._simple(targets._normalize(t), ">=") is not None for t in TEXTS)
    assert taken > 50  # the fast path is exercised, not only the texts it passes on
    monkeypatch.setattr(targets, "_simple", lambda t, bare_op: None)
    general = [(t, _fields(targets.parse_target(t, reverse, year=2023)), _fields(targets.parse_actual(t, "0.00%")))
               for t in TEXTS]
    assert [x for x, y in zip(fast, general) if x != y] == []
