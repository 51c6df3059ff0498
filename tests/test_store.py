"""The roll-up's store (consolidate/store.py) and its one-pass sums: the order and the figures the
summary had when every form was held in memory."""

from __future__ import annotations

import math
import random
from array import array
from pathlib import Path

import pytest
from lintkit import form, write_book

from perfxl.consolidate.columns import SUMMARY_COLUMNS
from perfxl.consolidate.run import consolidate
from perfxl.consolidate.spool import Parts
from perfxl.consolidate.store import Store, form_rows
from perfxl.consolidate.sums import ExactSum
from perfxl.consolidate.worker import Collected
from perfxl.lint.report import FileResult

KEYS = [c.key for c in SUMMARY_COLUMNS]


def _record(**values) -> tuple:
    return tuple(values.get(k) for k in KEYS)


def _collected(file: str, records: list[tuple]) -> Collected:
    """A workbook's share as a worker hands it over: each form one 指标明细 blob and one 汇总 blob."""
    n = len(records)
    parts = Parts("1.bin", file, 0, array("Q", range(1, 2 * n + 2)), array("I", [1] * n), 0)
    return Collected(FileResult(file), parts, form_rows(records, parts), 0.0)


def test_forms_come_back_in_the_order_python_sorts_them(tmp_path):
    # 汇总 is sorted by unit, project, file and sheet, forms of one key in the order they came: the
    # store sorts UTF-8 bytes, which must agree with Python's str order on any text (CJK, accents,
    # astral characters, empty and missing names, a file name that is not UTF-8)
    names = ["", None, "Z", "a", "é", "中", "乙", "\U0001f600", "ｚ", "a\udcff", "项目（2022）", "项目(2022)"]
    rng = random.Random(7)
    files = []
    for i in range(12):
        file = rng.choice(names[2:]) + f"{i % 3}.xlsx"
        files.append((file, [_record(unit=rng.choice(names), project=rng.choice(names), file=file,
                                     sheet=rng.choice(["1-", "10-", "2-", None]), budget=float(i * 10 + j))
                             for j in range(rng.randint(0, 4))]))
    store = Store(str(tmp_path))
    try:
        for file, records in files:
            store.add(_collected(file, records))
        came = [r for _, records in files for r in records]
        at = [KEYS.index(k) for k in ("unit", "project", "file", "sheet")]
        expected = sorted(came, key=lambda r: tuple(r[i] or "" for i in at))
        assert list(store.records()) == expected and store.count() == len(came)
    finally:
        store.close()


def test_a_changed_record_is_read_back_and_rendered_anew(tmp_path):
    store = Store(str(tmp_path))
    try:
        store.add(_collected("a.xlsx", [_record(unit="甲", project="一"), _record(unit="甲", project="二")]))
        changed = _record(unit="甲", project="二", warnings=1)
        store.replace(0, 1, changed)
        store.drop(0, 0)
        (placed,) = store.placed()
        assert placed.rec == changed and placed.summary is None and store.count() == 1
        assert store.file_records(0) == [(_record(unit="甲", project="一"), False), (changed, True)]
    finally:
        store.close()


@pytest.mark.parametrize("seed", range(40))
def test_exact_sums_taken_in_batches_are_math_fsum_of_all(seed):
    rng = random.Random(seed)
    kinds = [lambda: round(rng.uniform(-1e6, 1e7), 2), lambda: rng.choice([1e16, -1e16, 1.0, 0.1, -0.0, None]),
             lambda: rng.uniform(-1, 1) * 10 ** rng.randint(-300, 300), lambda: rng.choice([0.1, 0.2, -0.3, 5e-324])]
    values = [kinds[seed % 4]() for _ in range(rng.randint(1, 3000))]
    total, i = ExactSum(), 0
    while i < len(values):
        step = rng.randint(1, 700)
        total.add_all(values[i:i + step])
        i += step
    present = [v for v in values if v is not None]
    assert total.value() == (math.fsum(present) if present else None)


@pytest.mark.parametrize("values, expected", [([1e308, 1e308], None), ([math.inf, 1.0], math.inf),
                                              ([math.inf, -math.inf], None), ([], "empty")])
def test_exact_sums_beyond_a_double(values, expected):
    total = ExactSum()
    total.add_all(values)
    assert total.value("empty") == expected


def test_the_command_line_keeps_no_table_of_forms(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "金寨县.xlsx", form(project="项目一"), form(project="项目二"))
    lean = consolidate([folder], tmp_path / "汇总.xlsx", keep_findings=False)
    kept = consolidate([folder], tmp_path / "汇总2.xlsx")
    assert lean.tables is None and lean.forms == kept.forms == len(kept.tables.summary) == 2
    assert kept.tables.summary.column("project") == ["项目一", "项目二"] and Path(kept.outputs[0]).exists()


def test_per_unit_holds_a_batch_of_rows_however_many_units(monkeypatch):
    # 按县区 sums a unit's forms a batch at a time; a city of many units with a few forms each must
    # not keep every unit's rows until the end (each unit's batch alone would never fill)
    from perfxl.consolidate import tables

    made, most = [], [0]
    init = tables._Unit.__init__

    def register(self):
        init(self)
        made.append(self)

    def rows():
        for i in range(3 * tables.BATCH):
            most[0] = max(most[0], sum(len(u.rows) for u in made))
            yield _record(unit=f"第{i % 1000}单位", year=2022, budget=1.0, spent=0.5, total=90.0, grade="优",
                          errors=0, warnings=1)

    monkeypatch.setattr(tables._Unit, "__init__", register)
    summary = type("Rows", (), {"__iter__": lambda self: rows()})()
    table = tables.per_unit(summary)
    assert len(table) == 1000 and most[0] <= tables.BATCH
    assert sum(table.column("forms")) == 3 * tables.BATCH and sum(table.column("warnings")) == 3 * tables.BATCH
