"""`perfxl lint examples/` finds every error of DOMAIN.md §5 at the right cell, and nothing else."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from perfxl.lint import lint_paths

ROOT = Path(__file__).resolve().parents[1]
KEY = json.loads((ROOT / "examples" / "expected_findings.json").read_text(encoding="utf-8"))

# Answer-key extras (findings the transcriber noticed beyond §5) that perfxl deliberately does not
# report, with the reason; anything else in the key must be found.
NOT_REPORTED = {
    ("PX303", "1-城乡居民医保财政补助资金"): "PX303 applies to scored forms; transfer forms follow the ministry's lists",
    ("PX303", "3-医疗服务与保障能力提升补助资金（医疗保障服务能力提升部分）"): "as above",
    ("PX304", "3-医疗服务与保障能力提升补助资金（医疗保障服务能力提升部分）"): "names no other place; transfer forms vary by programme",
    ("PX205", "医疗服务和保障能力提升"): "multi-target cell written as bounds: attainment not defined",
}


@pytest.fixture(scope="module")
def found():
    report = lint_paths([ROOT / "examples"])
    return report, {(Path(p).name, s, r, c) for p, s, c, r in report.flatten(("path", "sheet", "cell", "rule"))}


def test_every_seed_error_of_domain_section_5_is_found_at_its_cell(found):
    _, got = found
    for e in KEY:
        if (e["rule"], e["sheet"]) in NOT_REPORTED:
            continue
        assert (e["file"], e["sheet"], e["rule"], e["cell"]) in got, e


def test_the_section_5_list_is_pinned():
    """§5 as the key states it: a change here is a change of the seeds' truth, not of perfxl."""
    domain = Counter(e["rule"] for e in KEY if not e["note"].startswith("extra"))
    assert domain == Counter({"PX202": 6, "PX205": 8, "PX111": 2, "PX102": 1, "PX104": 1, "PX118": 1,
                              "PX203": 2, "PX302": 1, "PX112": 1, "PX113": 1, "PX114": 1, "PX116": 3,
                              "PX304": 1})


def test_nothing_is_reported_beyond_the_key(found):
    report, got = found
    key = {(e["file"], e["sheet"], e["rule"], e["cell"]) for e in KEY}
    assert got - key == {("roster.xlsx", None, "PX002", None)}  # the roster holds no form


def test_clean_forms_have_no_findings(found):
    report, _ = found
    dirty = {(e["file"], e["sheet"]) for e in KEY}
    for f in report.files:
        for form in f.forms:
            if (Path(f.path).name, form.sheet) in dirty:
                continue
            assert not [x for x in f.findings if x.sheet == form.sheet], (f.path, form.sheet)


def test_forms_are_all_recognised(found):
    report, _ = found
    forms = {Path(f.path).name: [(i.sheet, i.kind) for i in f.forms] for f in report.files}
    jz = forms["金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"]
    assert [k for _, k in jz] == ["project"] * 12 + ["score_table", "score_table"]
    assert [k for _, k in forms["广元市2023年度转移支付区域绩效目标自评表.xlsx"]] == ["transfer"] * 3
    assert [k for _, k in forms["沅江市医疗保障局2023年度部门整体支出绩效自评表.xlsx"]] == ["department"]
    assert [k for _, k in forms["益阳市医疗保障局2022年度项目支出绩效自评表.xlsx"]] == ["project"]
    assert [k for _, k in forms["嘉峪关市2023年城乡居民医疗保险市级财政补助项目绩效评价.xlsx"]] == ["score_table"]
    info = {i.sheet: i for f in report.files for i in f.forms}
    assert info["1-医疗保障专项经费"].total_score == 100.37 and info["1-医疗保障专项经费"].grade == "优"
    assert info["1-医疗保障专项经费"].unit == "金寨县医疗保障局"  # as 汇总 shows it: derived once
