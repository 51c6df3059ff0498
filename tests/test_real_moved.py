"""perfxl reads a real form the same wherever it sits, whatever its sheet is called, with its
numbers typed as text, and saved as .xls (tests/real/moved.py): each scores as the published one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "real"))

from moved import VARIANTS, compare, moved_ref, shifted, stacked
from realbuild import corpus, load


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_moved_corpus_reads_as_the_published_one(name):
    published, moved = compare(name)
    assert moved.forms >= published.forms > 0
    assert moved.figures() == published.figures(), (moved.misses, published.misses)
    assert moved.spurious == published.spurious == 0, moved.misses   # no form read that is not there


def test_the_moves_move_the_keys_with_the_forms():
    # The comparison means something only if each variant's key follows its cells.
    doc = load(corpus()[0])
    moved = shifted(doc, 2, 1, "附件2")
    assert moved["sheets"][0]["rows"][0] == ["附件2"]
    assert moved["sheets"][0]["rows"][2][1:] == doc["sheets"][0]["rows"][0]
    assert [f["cell"] for f in moved["key"]["findings"]] == [moved_ref(f["cell"], 2, 1) for f in doc["key"]["findings"]]
    assert moved_ref("A1:C3", 2, 1) == "B3:D5"
    twice = stacked(doc)
    assert len(twice["key"]["forms"]) == 2 * len([f for f in doc["key"]["forms"]
                                                   if f["sheet"][:31] == doc["sheets"][0]["name"][:31]])
    assert len(twice["sheets"][0]["rows"]) == 2 * len(doc["sheets"][0]["rows"]) + 2
