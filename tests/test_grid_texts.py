"""A grid's row texts and the rows holding given words, as the reader searches them."""

from __future__ import annotations

import pytest

from perfxl.forms.cells import Val
from perfxl.reader.grid import Grid

ROWS = [
    ["项目支出绩效自评表", "", ""],
    ["项目名称", "项目 A", ""],
    ["一级指标", "二级指标", "三级指标"],
    ["产出指标（50分）", 3.0, "总分"],
    ["", "", ""],
    ["合计", "一级", "三级"],
]


def test_row_texts_fold_labels_mark_numbers_and_skip_merged_members():
    grid = Grid("S", [list(r) for r in ROWS], merged=[(2, 2, 2, 3)])
    assert grid.row_texts(2) == [(1, "项目名称"), (2, "项目A")]
    assert grid.row_texts(4) == [(1, "产出指标(50分)"), (2, "#"), (3, "总分")]
    assert grid.row_texts(5) == [] and grid.row_joined(5) == ""
    assert grid.row_joined(3) == "一级指标\t二级指标\t三级指标"


@pytest.mark.parametrize("first, last, rows", [(1, None, [3, 6]), (4, None, [6]), (1, 5, [3]), (4, 5, []),
                                               (7, None, []), (0, 99, [3, 6])])
def test_rows_with_any_of_the_words_in_order_within_the_range(first, last, rows):
    grid = Grid("S", [list(r) for r in ROWS])
    assert grid.rows_with(("三级", "一级"), first, last) == rows


def test_rows_with_finds_a_word_only_inside_one_row():
    grid = Grid("S", [["总"], ["分"], ["总分"]])
    assert grid.rows_with(("总分",)) == [3]
    assert grid.rows_with(("分", "总")) == [1, 2, 3]


@pytest.mark.parametrize("raw, text, empty", [("年初 预算数", "年初预算数", False), ("—", "—", True),
                                              (" ", "", True), (0.0, "0", False), (None, "", True),
                                              ("a\u3000b", "ab", False), (7, "7", False)])
def test_val_text_and_empty(raw, text, empty):
    val = Val(1, 1, raw)
    assert (val.text, val.empty) == (text, empty)


def test_rows_with_over_the_whole_sheet_is_searched_once_and_forgotten_when_a_cell_is_set():
    grid = Grid("S", [list(r) for r in ROWS])
    first = grid.rows_with(("三级",))
    first.append(99)  # a caller's list is its own: the kept answer does not change
    assert grid.rows_with(("三级",)) == [3, 6]
    grid.set(7, 1, "三级指标")
    assert grid.rows_with(("三级",)) == [3, 6, 7] and grid.rows_with(("三级",), 4) == [6, 7]


@pytest.mark.parametrize("text", ["项目名称", "≥80%", "82.98%", "项目（一）：A", "产出指标(50分)", "a\u3000b:c",
                                  "年初 预算数", "按时\n完成", "x" * 80 + "（注）", "x" * 80 + "%"])
def test_row_texts_and_canon_fold_exactly_as_translate_does(text):
    from perfxl.forms.cells import _CANON, canon
    from perfxl.vocabulary import LABEL_FOLD

    assert Grid("S", [[text]]).row_texts(1) == [(1, text.translate(LABEL_FOLD))]
    assert canon(text) == text.translate(_CANON)


@pytest.mark.parametrize("raw, empty", [("-", True), ("／", True), ("--", False), (" - ", True), ("\u3000", True),
                                        ("\n／\t", True), ("无", False), ("a b", False), ("", True), ("—", True)])
def test_blank_texts_with_and_without_spaces(raw, empty):
    from perfxl.forms.cells import is_blank

    assert is_blank(raw) is empty and Val(1, 1, raw).empty is empty
