"""Lint quality on workbooks laid out like the real forms, with errors placed in them (not ours)."""

from __future__ import annotations

import pytest

from perfxl.lint import lint_paths
from tests.corpus.generate import generate_corpus
from tests.corpus.measure import measure


@pytest.mark.parametrize("seed", [11, 12])
def test_recall_precision_and_cells_on_an_unseen_corpus(tmp_path, seed):
    key = generate_corpus(tmp_path, 50, seed)
    rules = {e["rule"] for e in key}
    assert len(rules) >= 20                                       # the corpus exercises the catalog
    report = lint_paths([tmp_path]).to_json()
    m = measure(report, key)
    assert m["recall"] >= 0.95, m["missed"]
    assert m["precision"] >= 0.95, m["extra"]
    assert m["cell_accuracy"] >= 0.95, m["wrong_cell"]
