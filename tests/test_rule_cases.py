"""Every rule on its case file tests/rules/PXnnn.toml: passing and failing forms, with every finding.

The case files are the single source of the rule tests; tests/rulecases.py reads them (format there).
"""

from __future__ import annotations

import pytest
from lintkit import write_book
from rulecases import CaseError, case_files, read_file, show, spec_of, unmatched

from perfxl.lint import lint_paths
from perfxl.rules import load_all

# Rules no form edit can trigger: the file-level ones (unreadable file, no form found), the template
# checks (they need a perfxl template with formulas), the engine's report of a failed rule, and the
# roll-up's own (several files: tests/test_rollup.py).
NOT_FROM_A_FORM = {"PX000", "PX001", "PX002", "PX401", "PX402", "PX403", "PX501", "PX502"}


def _cases():
    """Every case of every file; a file that does not read fails test_case_file_parses_with_known_keys."""
    out = []
    for path in case_files():
        try:
            out += read_file(path)
        except CaseError:
            pass
    return out


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(tmp_path, case):
    path = write_book(tmp_path / case.file, *case.specs)
    report = lint_paths([path], select=[case.rule])
    found = [{"rule": x.rule, "sheet": x.sheet, "cell": x.cell, "expected": x.expected, "actual": x.actual,
              "message": x.message()} for _, x in report.all_findings()]
    others = [f for f in found if f["rule"] != case.rule]  # PX000 (a rule failed), PX001 (unreadable)
    assert not others, f"{case.id}: findings of other rules: " + "; ".join(f"{f['rule']} {show(f)}" for f in others)
    assert report.summary()["forms"] == len(case.specs), \
        f"{case.id}: {len(case.specs)} form(s) written, {report.summary()['forms']} recognised"
    missing, unexpected = unmatched(case.expect, found)
    if missing or unexpected:
        lines = [f"{case.id} ({case.source.name}): the findings differ from the case file"]
        lines += [f"  expected, not reported: {show(f)}" for f in missing]
        lines += [f"  reported, not expected: {show(f)}" for f in unexpected]
        pytest.fail("\n".join(lines), pytrace=False)


def test_every_rule_a_form_can_trigger_has_a_case_file():
    codes = set(load_all()) - NOT_FROM_A_FORM
    files = {p.stem for p in case_files()}
    assert not codes - files, f"rules without a case file in tests/rules/: {sorted(codes - files)}"
    assert not files - set(load_all()), f"case files of no registered rule: {sorted(files - set(load_all()))}"


@pytest.mark.parametrize("path", case_files(), ids=[p.stem for p in case_files()])
def test_case_file_parses_with_known_keys(path):
    """read_file checks every key, row, column and field; each rule has a silent and a failing case."""
    cases = read_file(path)
    assert any(not c.expect for c in cases), f"{path.name}: no case where the rule stays silent"
    assert any(c.expect for c in cases), f"{path.name}: no case where the rule reports"


@pytest.mark.parametrize("base,edits,error", [
    ({}, [{"row": "年度资金总颔", "column": "得分", "value": 1}], "no row labelled '年度资金总颔'"),
    ({}, [{"row": "年度资金总额", "column": "得份", "value": 1}], "has no column '得份'"),
    ({}, [{"row": "监督检查覆盖率", "column": "执行率", "value": 1}], "has no column '执行率'"),
    ({}, [{"field": "实施单为", "value": "x"}], "unknown field"),
    ({}, [{"row": "总分", "column": "得分", "vaule": 1}], "fit no edit"),
    ({}, [{"drop": "满意度"}], "no row labelled '满意度'"),
    ({}, [{"append": {"三级": "x"}}], "unknown indicator column"),
    ({}, [{"row": "验收合格率", "value": 1}], "only '评价等级'"),
    ({"grade": "优", "form": "score_tabel"}, [], "base form 'score_tabel' unknown"),
    ({"grades": "优"}, [], "unknown base key"),
    ({"form": "score_table"}, [{"row": "小计", "column": "得分", "value": 1}], "no row labelled '小计'"),
    ({}, [{"row": "验收合格率", "column": "三级指标", "value": "监督检查覆盖率"},
          {"row": "监督检查覆盖率", "column": "得分", "value": 1}], "names 2 rows"),
])
def test_a_typo_in_a_case_fails(base, edits, error):
    with pytest.raises(CaseError, match=error):
        spec_of(base, edits)


def test_edits_reach_the_cells_they_name():
    spec = spec_of({"grade": "优"}, [
        {"row": "年度资金总额", "column": "全年执行数", "value": 105.68},
        {"row": "上年结转资金", "column": "年初预算数", "value": 5},
        {"row": "资金支付及时性", "column": "偏差原因分析及改进措施", "value": "次年1月支付"},
        {"row": "总分", "column": "得分", "value": 98},
        {"field": "实施单位", "empty": True},
        {"drop": "服务对象满意度"},
        {"append": {"二级指标": "生态效益指标", "三级指标": "本指标不适用"}},
    ])
    assert spec["fund"][0][3] == 105.68 and spec["fund"][2][1] == 5
    assert spec["rows"][2][7] == "次年1月支付" and spec["total"] == [100, 98]
    assert spec["unit"] is None and spec["grade"] == "优"
    assert [r[2] for r in spec["rows"]][-2:] == ["群众获得感", "本指标不适用"]
    assert spec["rows"][-1] == [None, "生态效益指标", "本指标不适用", None, None, None, None, None]
    table = spec_of({"form": "score_table"}, [{"row": "过程小计", "column": "得分率", "value": 0.7245},
                                              {"row": "合计", "column": "得分", "value": 97}])
    assert table["rows"][6] == ["过程", "小计", 20, 18, 0.7245] and table["total"] == [100, 97, 0.98]
