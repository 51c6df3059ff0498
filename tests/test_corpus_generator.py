"""Tests of the lint measuring corpus: determinism, the answer key read back from the cells, measure()."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus.generate import KEY_NAME, MANIFEST_NAME, generate_corpus
from tests.corpus.measure import measure
from tests.corpus.readback import form_findings, number, table_findings, unit_findings

RULES = ["PX101", "PX102", "PX103", "PX104", "PX111", "PX112", "PX113", "PX114", "PX115", "PX116", "PX117",
         "PX118", "PX201", "PX202", "PX203", "PX204", "PX205", "PX206", "PX301", "PX302", "PX303", "PX304",
         "PX305"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    key = generate_corpus(out, 60, 1)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    return out, key, manifest


@pytest.fixture(scope="module")
def books(corpus):
    out, _, manifest = corpus
    return {m["file"]: load_workbook(out / m["file"]) for m in manifest if not m.get("special")}


def forms_of(manifest):
    return {(m["file"], f["sheet"]): f for m in manifest for f in m["forms"]}


# ---------------------------------------------------------------- the generator

def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    key_a, key_b, key_c = generate_corpus(a, 6, 7), generate_corpus(b, 6, 7), generate_corpus(c, 6, 8)
    assert key_a == key_b
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert key_c != key_a
    assert json.loads((a / KEY_NAME).read_text(encoding="utf-8")) == key_a


def test_every_rule_appears(corpus):
    _, key, _ = corpus
    assert set(RULES) | {"PX001", "PX002"} <= {e["rule"] for e in key}
    assert not any(e["rule"].startswith("PX4") for e in key)


def test_key_entries_point_at_existing_cells(corpus, books):
    out, key, manifest = corpus
    sheets = forms_of(manifest)
    for e in key:
        assert (out / e["file"]).exists(), e
        if e["sheet"] is None:
            assert e["cell"] is None and e["rule"] in ("PX001", "PX002"), e
            continue
        assert (e["file"], e["sheet"]) in sheets, e
        ws = books[e["file"]][e["sheet"]]
        col, row = coordinate_from_string(e["cell"])
        assert row <= ws.max_row, e
        value = ws[e["cell"]].value
        assert (value is None) == (e["rule"] in ("PX301", "PX202")), (e, value)
    assert len({(e["file"], e["sheet"], e["rule"], e["cell"]) for e in key}) == len(key)


def test_clean_forms_exist_and_carry_no_findings(corpus):
    _, key, manifest = corpus
    flagged = Counter((e["file"], e["sheet"]) for e in key)
    forms = [(m["file"], f) for m in manifest for f in m["forms"]]
    clean = [f for _, f in forms if f["status"] in ("clean", "benign")]
    assert 0.35 <= len(clean) / len(forms) <= 0.65
    assert {f["kind"] for f in clean} >= {"project", "transfer", "department", "score_table"}
    for file, f in forms:
        assert (flagged[file, f["sheet"]] > 0) == (f["status"] == "injected"), (file, f["sheet"], f["status"])
        assert len(f["injections"]) <= 2


def test_workbook_variety(corpus, books):
    _, _, manifest = corpus
    counts = Counter(len(m["forms"]) for m in manifest if not m.get("special"))
    assert min(counts) >= 1 and max(counts) >= 5
    names = [ws.title for wb in books.values() for ws in wb.worksheets]
    assert any(n.startswith("Sheet") for n in names) and any(re.match(r"\d+-", n) for n in names)
    assert "项目清单" in names
    texts = {str(c.value) for wb in books.values() for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)}
    for needle in ("产出指标（", "产出指标(", "本指标不适用", "大于等于", "不低于", "以上", "万元", "小计", "得分率"):
        assert any(needle in t for t in texts), needle
    assert any("\n" in t for t in texts) and any(isinstance(c.value, float) and c.number_format == "0.00%"
                                                 for wb in books.values() for ws in wb.worksheets
                                                 for row in ws.iter_rows() for c in row)
    starts = {min(c.column for row in ws.iter_rows() for c in row if c.value is not None)
              for wb in books.values() for ws in wb.worksheets}
    assert {1, 2} <= starts
    merged_l1 = sum(any(str(r).startswith("B") and r.max_row > r.min_row for r in ws.merged_cells.ranges)
                    for wb in books.values() for ws in wb.worksheets)
    assert merged_l1 > 10


def test_key_matches_an_independent_reading_of_the_cells(corpus, books):
    _, key, manifest = corpus
    expected = Counter()
    for e in key:
        if e["sheet"]:
            expected[e["file"], e["sheet"]] += 1
    for m in manifest:
        if m.get("special"):
            continue
        book = books[m["file"]]
        mine = {(e["sheet"], e["rule"], e["cell"]) for e in key if e["file"] == m["file"]}
        seen = set(unit_findings(book, m))
        for f in m["forms"]:
            ws = book[f["sheet"]]
            found = table_findings(ws, f) if f["kind"] in ("score_table", "summary") else form_findings(ws, f)
            seen |= {(f["sheet"], rule, cell) for rule, cell in found}
        assert seen == mine, (m["file"], sorted(seen - mine), sorted(mine - seen))


def test_px102_and_px104_entries_recomputed_from_the_cells(corpus, books):
    _, key, manifest = corpus
    forms = forms_of(manifest)
    for e in [e for e in key if e["rule"] in ("PX102", "PX104")]:
        f, ws = forms[e["file"], e["sheet"]], books[e["file"]][e["sheet"]]
        budget, spent = (number(ws[f["anchors"][k]].value) for k in ("fund:0:全年预算数", "fund:0:全年执行数"))
        if e["rule"] == "PX104":
            assert e["cell"] == f["anchors"]["fund:0:全年执行数"] and spent > budget, e
        else:
            assert e["cell"] == f["anchors"]["fund:0:得分"], e
            weight = number(ws[f["anchors"]["fund:0:分值"]].value)
            assert abs(number(ws[e["cell"]].value) - round(weight * min(spent / budget, 1), 2)) > 0.005, e


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_is_injected_several_times(corpus, rule):
    _, key, manifest = corpus
    entries = [e for e in key if e["rule"] == rule]
    assert len(entries) >= 3, rule
    forms = forms_of(manifest)
    for e in entries:
        f = forms[e["file"], e["sheet"]]
        assert f["status"] == "injected" and f["injections"], e
        assert e["cell"] in f["anchors"].values(), e


def test_bad_files_are_unreadable_or_formless(corpus):
    out, key, _ = corpus
    bad = [e for e in key if e["rule"] in ("PX001", "PX002")]
    assert Counter(e["rule"] for e in bad) == {"PX001": 4, "PX002": 1}
    names = [e["file"] for e in bad if e["rule"] == "PX001"]
    assert any(n.startswith("~$") for n in names)
    assert any((out / n).stat().st_size == 0 for n in names)
    for n in names:
        if (out / n).stat().st_size:
            with pytest.raises(Exception):
                load_workbook(out / n)
    formless = load_workbook(out / next(e["file"] for e in bad if e["rule"] == "PX002"))
    text = {str(c.value) for ws in formless.worksheets for row in ws.iter_rows() for c in row}
    assert not any(t in text for t in ("绩效指标", "一级指标", "年度资金总额"))
    assert zipfile.is_zipfile(out / next(e["file"] for e in bad if e["rule"] == "PX002"))


# ---------------------------------------------------------------- measure()

KEY = [{"file": "a县医保局.xlsx", "sheet": "1-x", "rule": "PX102", "cell": "H6"},
       {"file": "a县医保局.xlsx", "sheet": "1-x", "rule": "PX111", "cell": "H17"},
       {"file": "a县医保局.xlsx", "sheet": "1-x", "rule": "PX111", "cell": "H19"},
       {"file": "b.xlsx", "sheet": None, "rule": "PX001", "cell": None}]


def report(findings, error=True):
    files = {}
    for f, s, r, c in findings:
        files.setdefault(f, []).append({"rule": r, "severity": "error", "sheet": s, "cell": c, "message": "…"})
    out = [{"path": "corpus/" + f, "error": None, "forms": [], "findings": x} for f, x in files.items()]
    if error:
        out.append({"path": "corpus/b.xlsx", "error": {"rule": "PX001", "message": "不是工作簿"}, "findings": []})
    return {"version": 1, "files": out, "summary": {}}


PERFECT = [("a县医保局.xlsx", "1-x", "PX102", "H6"), ("a县医保局.xlsx", "1-x", "PX111", "H19"),
           ("a县医保局.xlsx", "1-x", "PX111", "$H$17")]


def test_measure_perfect():
    m = measure(report(PERFECT), KEY)
    assert (m["tp"], m["fp"], m["fn"]) == (4, 0, 0)
    assert m["recall"] == m["precision"] == m["cell_accuracy"] == 1.0
    assert m["missed"] == m["extra"] == m["wrong_cell"] == []


def test_measure_one_missed():
    m = measure(report(PERFECT, error=False), KEY)
    assert (m["tp"], m["fp"], m["fn"]) == (3, 0, 1)
    assert m["recall"] == 0.75 and m["precision"] == 1.0
    assert m["missed"] == [{"file": "b.xlsx", "sheet": None, "rule": "PX001", "cell": None}]


def test_measure_one_extra():
    m = measure(report(PERFECT + [("a县医保局.xlsx", "1-x", "PX202", "I9")]), KEY)
    assert (m["tp"], m["fp"], m["fn"]) == (4, 1, 0)
    assert m["precision"] == 0.8 and m["recall"] == 1.0
    assert m["extra"] == [{"file": "a县医保局.xlsx", "sheet": "1-x", "rule": "PX202", "cell": "I9"}]


def test_measure_wrong_cell_and_duplicate():
    wrong = [("a县医保局.xlsx", "1-x", "PX102", "G6:H6"), ("a县医保局.xlsx", "1-x", "PX111", "H19"),
             ("a县医保局.xlsx", "1-x", "PX111", "H20"), ("a县医保局.xlsx", "1-x", "PX111", "H19")]
    m = measure(report(wrong), KEY)
    assert (m["tp"], m["fp"], m["fn"]) == (4, 1, 0)
    assert m["cell_accuracy"] == 0.5
    assert {(w["rule"], w["expected"], w["reported"]) for w in m["wrong_cell"]} == {("PX102", "H6", "G6"),
                                                                                     ("PX111", "H17", "H20")}
    assert m["extra"] == [{"file": "a县医保局.xlsx", "sheet": "1-x", "rule": "PX111", "cell": "H19"}]


def test_measure_on_the_key_itself(corpus):
    _, key, _ = corpus
    files = {}
    for e in key:
        f = files.setdefault(e["file"], {"path": e["file"], "error": None, "findings": []})
        if e["rule"] == "PX001":
            f["error"] = {"rule": "PX001", "message": "…"}
        else:
            f["findings"].append({"rule": e["rule"], "sheet": e["sheet"], "cell": e["cell"]})
    m = measure({"files": list(files.values())}, key)
    assert (m["recall"], m["precision"], m["cell_accuracy"]) == (1.0, 1.0, 1.0)
    assert m["tp"] == len(key)
