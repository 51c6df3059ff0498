"""A cell as read (forms.cells.Val): what it says survives a trip between processes and a copy."""

from __future__ import annotations

import copy
import pickle

import pytest

from perfxl.forms.cells import Val


@pytest.mark.parametrize("raw, number, text", [("95%", 0.95, "95%"), (3.0, 3.0, "3"), ("—", None, "—"),
                                               (None, None, ""), ("≥ 90", None, "≥90")])
@pytest.mark.parametrize("trip", ["pickle", "deepcopy", "copy"])
@pytest.mark.parametrize("asked_before", [False, True])
def test_val_keeps_its_number_and_text_across_a_trip(raw, number, text, trip, asked_before):
    val = Val(4, 7, raw, "0.00%")
    if asked_before:  # derived values computed before the trip, or only after it
        assert (val.number, val.text) == (number, text)
    moved = {"pickle": lambda v: pickle.loads(pickle.dumps(v)), "deepcopy": copy.deepcopy, "copy": copy.copy}[trip](val)
    assert (moved.row, moved.col, moved.raw, moved.fmt, moved.cell) == (4, 7, raw, "0.00%", "G4")
    assert moved.number == number and moved.text == text and moved.empty == val.empty
    assert moved == val
