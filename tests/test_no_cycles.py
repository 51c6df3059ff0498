"""Reading and checking a workbook leaves no reference cycle: its thousands of objects die with it by
reference counting, and a worker's garbage collector never has to find them (lint/run.GC_THRESHOLD)."""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

import pytest

from perfxl.consolidate.render import Styles
from perfxl.consolidate.spool import SpoolWriter
from perfxl.consolidate.worker import Collector
from perfxl.lint.run import Linter

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").rglob("*.xlsx"))


def _cyclic_garbage(work) -> Counter:
    """The types of the objects work() left in reference cycles."""
    gc.collect()
    flags, was_enabled = gc.get_debug(), gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds is kept in gc.garbage, to be named
    try:
        work()
        gc.collect()
        return Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_lint_leaves_no_cycles(path):
    linter = Linter()
    linter(path)  # the first file loads what every later one shares
    assert _cyclic_garbage(lambda: linter(path)) == Counter()


def test_consolidate_worker_leaves_no_cycles(tmp_path):
    collect = Collector(SpoolWriter(tmp_path, tmp_path, "zh", Styles(), data=False))
    collect(EXAMPLES[0])
    assert _cyclic_garbage(lambda: [collect(p) for p in EXAMPLES]) == Counter()
