"""perfxl on real published forms (tests/real): it must never read them worse than the recorded floor."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parent / "real"
sys.path.insert(0, str(REAL))

from measure import BASELINE, Score, measure, score_file, workbook_name  # noqa: E402
from realbuild import build, corpus, load  # noqa: E402


def test_the_corpus_is_real_varied_and_keyed_by_hand():
    docs = [load(p) for p in corpus()]
    assert len(docs) >= 10
    seeds = ("益阳", "金寨", "广元", "沅江", "嘉峪关")
    for doc in docs:
        # a stored page without an address names its source in the notes instead
        assert (doc["url"] or "").startswith("http") or doc["notes"], doc["title"]
        assert doc["province"] and doc["key"]["forms"]
        assert not any(s in (doc.get("place") or "") for s in seeds)
        for form in doc["key"]["forms"]:
            assert form["kind"] in ("project", "transfer", "department", "score_table")
        for f in doc["key"]["findings"]:
            assert f["rule"].startswith("PX") and f["cell"] and f.get("why")


def test_no_value_lies_under_a_merge(tmp_path):
    """A merge hides every cell but its top-left: a transcribed value there would vanish."""
    from openpyxl.utils.cell import range_boundaries

    for path in corpus():
        for sheet in load(path)["sheets"]:
            for ref in sheet.get("merges", []):
                c1, r1, c2, r2 = range_boundaries(ref)
                hidden = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)
                          and r <= len(sheet["rows"]) and c <= len(sheet["rows"][r - 1])
                          and sheet["rows"][r - 1][c - 1] is not None]
                assert hidden == [], (path.name, ref)


def test_every_transcription_builds_a_workbook(tmp_path):
    from openpyxl import load_workbook

    for path in corpus():
        doc = load(path)
        out = build(doc, tmp_path / workbook_name(doc))
        names = load_workbook(out, read_only=True).sheetnames
        assert names == [s["name"][:31] for s in doc["sheets"]], path.name


def test_perfxl_reads_the_corpus_no_worse_than_the_recorded_floor():
    """The floor (baseline.json) rises as the reader learns, towards 0.95 for each figure."""
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))
    score = measure()
    figures = score.figures()
    print(json.dumps(figures), *score.misses, sep="\n")
    assert {k: figures[k] >= floor[k] - 1e-9 for k in floor} == {k: True for k in floor}, (figures, floor)


@pytest.mark.parametrize("got, expected", [
    ({"forms": [], "findings": []}, {"recognised": 0.0, "facts": 0.0, "recall": 0.0, "precision": 1.0}),
    ({"forms": [{"sheet": "表", "kind": "project", "project": "甲", "unit": "乙", "budget": 10.0, "spent": 9.0,
                 "rate": 0.9, "fund_score": 9.0, "total_score": 95.0, "grade": "优", "total_source": "printed",
                 "grade_source": "printed"}],
      "findings": [{"rule": "PX202", "sheet": "表", "cell": "I9"}, {"rule": "PX301", "sheet": "表", "cell": "F9"}]},
     {"recognised": 1.0, "facts": 1.0, "recall": 1.0, "precision": 0.5}),
])
def test_the_scorer_counts_what_it_should(got, expected):
    doc = {"key": {"forms": [{"sheet": "表", "kind": "project", "project": "甲", "unit": "乙", "budget": 10,
                              "spent": 9, "rate": 0.9, "fund_score": 9, "total_score": 95, "grade": "优"}],
                   "findings": [{"rule": "PX202", "sheet": "表", "cell": "I9", "why": "…"}]}}
    score = Score()
    score_file(doc, got, score, "x")
    assert score.figures() == expected


def test_the_scorer_counts_a_form_the_key_does_not_have():
    doc = {"key": {"forms": [{"sheet": "表", "kind": "project", "project": "甲", "unit": "乙", "budget": None,
                              "spent": None, "rate": None, "fund_score": None, "total_score": None, "grade": None}],
                   "findings": []}}
    form = {"sheet": "表", "kind": "project", "project": "甲", "unit": "乙"}
    score = Score()
    score_file(doc, {"forms": [form, dict(form, sheet="填表说明")], "findings": []}, score, "x")
    assert (score.recognised, score.spurious) == (1, 1)
    assert score.misses == ["x: read a project form on '填表说明' that the key does not have"]
