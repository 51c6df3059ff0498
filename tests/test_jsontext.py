"""perfxl's indented JSON is json.dumps(indent=2)'s, byte for byte: on real reports and on random data."""

from __future__ import annotations

import enum
import json
import random
from pathlib import Path

import pytest

from perfxl.lint import jsontext
from perfxl.lint.jsontext import dumps
from perfxl.lint.run import lint_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def reference(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


class Level(enum.IntEnum):
    HIGH = 2


class Name(str):
    pass


SCALARS = [0, -1, 2**70, 1.5, -0.0, 1e308, 1e-320, float("nan"), float("inf"), float("-inf"), True, False, None,
           "", "金寨县", "a\"b\\c", "line\nbreak\ttab\x00\x1f", "\ud800 lone", "emoji 😀", "</script>",
           Level.HIGH, Name("子类")]


def random_value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth > 4 or roll < 0.45:
        return rng.choice(SCALARS)
    size = rng.choice([0, 1, 2, 5])
    if roll < 0.7:
        return [random_value(rng, depth + 1) for _ in range(size)] if rng.random() < 0.8 else \
            tuple(random_value(rng, depth + 1) for _ in range(size))
    keys = ["rule", "金额", "", "a b", 'q"k'] + ([1, 2.5, True, None] if rng.random() < 0.2 else [])
    return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(size)}


@pytest.mark.parametrize("seed", range(300))
def test_random_data_as_json_dumps_writes_it(seed):
    data = random_value(random.Random(seed))
    assert dumps(data) == reference(data)


def test_reports_of_the_examples_as_json_dumps_writes_them():
    report = lint_paths([EXAMPLES])
    assert report.files and any(f.findings for f in report.files)
    for data in (report.to_json(), report.to_sarif(), report.to_json("en")):
        assert dumps(data) == reference(data)


def test_what_json_cannot_write_fails_as_json_does():
    with pytest.raises(TypeError):
        dumps({"files": [{"path": object()}]})


def test_the_c_encoder_is_used_here_and_its_absence_only_slows(monkeypatch):
    """On this Python the probe passes (else every test above would only test json.dumps against
    itself); where it does not, the same text comes from json.dumps."""
    assert jsontext._USABLE
    data = random_value(random.Random(7))
    monkeypatch.setattr(jsontext, "_USABLE", False)
    assert dumps(data) == reference(data)
    monkeypatch.setattr(jsontext, "c_make_encoder", lambda *args: 1 / 0)   # another version's arguments
    monkeypatch.setattr(jsontext, "_FLAT", {})
    assert jsontext._probe() is False
