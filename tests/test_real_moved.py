"""perfxl reads a real form the same wherever it sits, whatever its sheet is called, with its
numbers typed as text, and saved as .xls (tests/real/moved.py): each scores as the published one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "real"))

from moved import VARIANTS, compare, shifted, spaced_rows, spread, stacked


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_moved_corpus_reads_as_the_published_one(name):
    published, moved = compare(name)
    assert moved.forms >= published.forms > 0
    assert moved.figures() == published.figures(), (moved.misses, published.misses)
    assert moved.spurious == published.spurious == 0, moved.misses   # no form read that is not there


def test_the_moves_move_the_keys_with_the_forms():
    # The comparison means something only if each variant's key follows its cells.
    doc = {"sheets": [{"name": "表", "rows": [["甲", None, None], [None, None, None], [None, None, 0.5]],
                       "merges": ["A1:B2"], "formats": {"C3": "0%"}}],
           "key": {"forms": [{"sheet": "表"}], "findings": [{"rule": "PX101", "sheet": "表", "cell": "C3"}]}}
    def where(d):
        sh = d["sheets"][0]
        return sh["merges"], list(sh["formats"]), d["key"]["findings"][-1]["cell"]
    moved = shifted(doc, 2, 1, "附件2")
    assert moved["sheets"][0]["rows"][0] == ["附件2"] and moved["sheets"][0]["rows"][4][3] == 0.5
    assert where(moved) == (["B3:C4"], ["D5"], "D5")
    assert where(spread(doc)) == (["A1:D2"], ["E3"], "E3") and spread(doc)["sheets"][0]["rows"][2][4] == 0.5
    assert where(spaced_rows(doc)) == (["A1:B3"], ["C5"], "C5") and spaced_rows(doc)["sheets"][0]["rows"][4][2] == 0.5
    twice = stacked(doc)
    assert len(twice["key"]["forms"]) == 2 and [f["cell"] for f in twice["key"]["findings"]] == ["C3", "C8"]
    assert twice["sheets"][0]["merges"] == ["A1:B2", "A6:B7"] and len(twice["sheets"][0]["rows"]) == 8
    assert doc["key"]["findings"] == [{"rule": "PX101", "sheet": "表", "cell": "C3"}]   # the original untouched
