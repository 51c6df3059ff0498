"""The example workbooks in examples/ are faithful transcriptions of the seed forms, stay in sync
with examples/transcribe.py, and the answer key points at cells that really hold the errors."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import coordinate_to_tuple

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
JINZHAI = "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
YIYANG = "益阳市医疗保障局2022年度项目支出绩效自评表.xlsx"
GUANGYUAN = "广元市2023年度转移支付区域绩效目标自评表.xlsx"
YUANJIANG = "沅江市医疗保障局2023年度部门整体支出绩效自评表.xlsx"
JIAYUGUAN = "嘉峪关市2023年城乡居民医疗保险市级财政补助项目绩效评价.xlsx"
WORKBOOKS = [JINZHAI, YIYANG, GUANGYUAN, YUANJIANG, JIAYUGUAN, "roster.xlsx"]
TEXT_OUTPUTS = ["roster_forms.csv", "roster_indicators.csv", "expected_findings.json"]
FORM_HEADER = ["县区/单位", "表类型", "年度", "项目名称", "主管部门", "实施单位", "中央主管部门", "年初预算数", "全年预算数"]
IND_HEADER = ["县区/单位", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值"]


def run_script(out: Path) -> None:
    subprocess.run([sys.executable, str(EXAMPLES / "transcribe.py"), "--out", str(out)],
                   check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("transcribed")
    run_script(out)
    return out


@pytest.fixture(scope="module")
def books() -> dict:
    return {name: openpyxl.load_workbook(EXAMPLES / name) for name in WORKBOOKS}


@pytest.fixture(scope="module")
def key() -> list[dict]:
    return json.loads((EXAMPLES / "expected_findings.json").read_text(encoding="utf-8"))


def snapshot(path: Path) -> dict:
    """Sheet -> (merged ranges, {cell: (value, number format)}) for every non-empty cell."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        cells = {c.coordinate: (c.value, c.number_format) for row in ws.iter_rows() for c in row
                 if c.value is not None}
        out[ws.title] = (sorted(str(r) for r in ws.merged_cells.ranges), cells)
    return out


# ------------------------------------------------------------------ committed == generated

def test_script_writes_exactly_the_committed_outputs(generated):
    written = sorted(p.name for p in generated.iterdir())
    assert written == sorted(WORKBOOKS + TEXT_OUTPUTS)
    for name in written:
        assert (EXAMPLES / name).is_file(), f"{name} not committed in examples/"


@pytest.mark.parametrize("name", WORKBOOKS)
def test_committed_workbook_matches_script(generated, name):
    committed, fresh = snapshot(EXAMPLES / name), snapshot(generated / name)
    assert list(committed) == list(fresh), "sheet names/order differ"
    for sheet in fresh:
        assert committed[sheet][0] == fresh[sheet][0], f"{sheet}: merged ranges differ"
        assert committed[sheet][1] == fresh[sheet][1], f"{sheet}: cell values or number formats differ"


@pytest.mark.parametrize("name", TEXT_OUTPUTS)
def test_committed_text_output_matches_script(generated, name):
    assert (EXAMPLES / name).read_bytes() == (generated / name).read_bytes()


def test_script_output_is_deterministic(generated, tmp_path):
    run_script(tmp_path)
    for name in WORKBOOKS + TEXT_OUTPUTS:
        assert (tmp_path / name).read_bytes() == (generated / name).read_bytes(), name


# ------------------------------------------------------------------ reading my layout

def header_row(ws, first: str = "一级指标") -> int:
    for row in ws.iter_rows(max_col=2):
        if row[1].value == first:
            return row[1].row
    raise AssertionError(f"{ws.title}: no indicator header")


def columns(ws) -> dict[str, int]:
    """Indicator-table column roles from the header row."""
    r = header_row(ws)
    roles = {}
    for cell in ws[r]:
        text = str(cell.value or "")
        for role, prefixes in (("target", ("年度指标值", "指标值")), ("actual", ("实际完成值", "全年实际完成值")),
                               ("weight", ("分值",)), ("score", ("得分",)), ("reason", ("偏差原因", "未完成原因")),
                               ("l1", ("一级指标",)), ("l3", ("三级指标",))):
            if any(text.startswith(p) for p in prefixes):
                roles[role] = cell.column
    return roles


def indicator_rows(ws) -> range:
    first = header_row(ws) + 1
    last = first
    while last <= ws.max_row and ws.cell(last, 1).value not in ("总分", "说明") and any(
            ws.cell(last, c).value is not None for c in range(2, 9)):
        last += 1
    return range(first, last)


def fund_row(ws) -> tuple[int, dict[str, int]]:
    for row in ws.iter_rows(max_col=3):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("年度资金总额"):
                heads = {str(c.value): c.column for c in ws[cell.row - 1] if c.value}
                if "年度预算申请（万元）" in heads:  # department form: headers carry （万元）
                    heads = {k.replace("（万元）", ""): v for k, v in heads.items()}
                return cell.row, heads
    raise AssertionError(f"{ws.title}: no 年度资金总额 row")


def total_row(ws) -> int:
    for row in ws.iter_rows(max_col=1):
        if row[0].value == "总分":
            return row[0].row
    raise AssertionError(f"{ws.title}: no 总分 row")


def num(value) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def weights_and_scores(ws) -> tuple[float, float, float, float]:
    """(Σ分值 incl. 资金, Σ得分 incl. 资金, stated 总分 分值, stated 总分 得分)."""
    fr, heads = fund_row(ws)
    cols, t = columns(ws), total_row(ws)
    rows = indicator_rows(ws)
    weight = num(ws.cell(fr, heads["分值"]).value) + sum(num(ws.cell(r, cols["weight"]).value) for r in rows)
    score = num(ws.cell(fr, heads["得分"]).value) + sum(num(ws.cell(r, cols["score"]).value) for r in rows)
    return weight, score, ws.cell(t, cols["weight"]).value, ws.cell(t, cols["score"]).value


def shown(cell) -> str:
    """Independent re-implementation of how a cell reads on screen."""
    v, fmt = cell.value, cell.number_format
    if v is None or v == "":
        return "（空）"
    if isinstance(v, str):
        return v
    if fmt.endswith("%"):
        return f"{v * 100:.{len(fmt) - 3 if '.' in fmt else 0}f}%"
    if fmt.startswith("0."):
        return f"{v:.{len(fmt) - 2}f}"
    return str(int(v)) if float(v).is_integer() else str(v)


def numbers(text) -> list[float]:
    if isinstance(text, (int, float)):
        return [float(text)]
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", str(text))]


def merged_value(ws, row: int, col: int):
    """The value shown at (row, col), looking through merged cells."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return ws.cell(rng.min_row, rng.min_col).value
    return ws.cell(row, col).value


# ------------------------------------------------------------------ spot values from the seeds

def test_jinzhai_medical_security_fund_errors(books):
    ws = books[JINZHAI]["1-医疗保障专项经费"]
    assert ws["H6"].value == 10.57 and ws["F6"].value == 10
    assert ws["G6"].value == pytest.approx(1.0568) and ws["G6"].number_format == "0.00%"
    assert (ws["D6"].value, ws["E6"].value) == (176.77, 186.816)
    assert ws["C5"].value is None, "this form has no 年初预算数 column"
    t = total_row(ws)
    assert (ws.cell(t, 7).value, ws.cell(t, 8).value) == (100, 100.37)
    weight, score, _, _ = weights_and_scores(ws)
    assert (weight, round(score, 2)) == (100, 100.37)
    assert ws["F20"].value == "186.816 万元" and ws["E20"].value == "≤176.77 万元"
    produce = next(r for r in ws.merged_cells.ranges if r.min_col == 2 and r.min_row == 13)
    assert ws["B13"].value == "产出指标(50分)"
    assert sum(num(ws.cell(r, 7).value) for r in range(produce.min_row, produce.max_row + 1)) == 50


def test_jinzhai_staff_costs_weights_add_to_90(books):
    ws = books[JINZHAI]["2-人员经费"]
    weight, score, stated_weight, stated_score = weights_and_scores(ws)
    assert (weight, stated_weight) == (90, 100)
    assert (score, stated_score) == (100, 100)
    cols = columns(ws)
    over = [r for r in indicator_rows(ws) if num(ws.cell(r, cols["score"]).value) > num(ws.cell(r, cols["weight"]).value)]
    assert [(ws.cell(r, cols["weight"]).value, ws.cell(r, cols["score"]).value) for r in over] == [(10, 15), (10, 15)]


def test_jinzhai_workbook_sheets(books):
    wb = books[JINZHAI]
    listed = {int(ws_row[0].value): ws_row[1].value
              for ws_row in wb["项目清单"].iter_rows(min_row=3) if ws_row[0].value is not None}
    assert len(listed) == 13
    forms = wb.sheetnames[1:-1]
    assert wb.sheetnames[0] == "项目清单" and wb.sheetnames[-1] == "评价评分表" and len(forms) == 12
    for name in forms:
        seq = int(name.split("-")[0])
        assert wb[name]["B3"].value == listed[seq] and len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)
    assert 13 not in {int(n.split("-")[0]) for n in forms}, "the 13th 自评表 is not printed in the seed"


@pytest.mark.parametrize("name", [
    "1-医疗保障专项经费", "3-信息网络维护费用", "4-租赁费", "5-固定资产采购", "6-城乡医疗救助",
    "7-中央专项彩票公益金支持城乡医疗救助资金（转移性支付）", "8-医疗救助补助资金", "9-医疗服务与能力提升专项经费",
    "10-城乡医疗救助资金", "11-上年结转(医疗服务与能力提升补助资金、转移支付)", "12-离退休人员一次性奖励"])
def test_jinzhai_forms_add_up_as_printed(books, name):
    """Transcription check: every form but 人员经费 has 分值 100 and its printed 得分 total."""
    weight, score, stated_weight, stated_score = weights_and_scores(books[JINZHAI][name])
    assert weight == stated_weight == 100
    assert round(score, 2) == stated_score


def test_jinzhai_score_tables(books):
    ws = books[JINZHAI]["评价评分表"]
    subtotals = [r for r in range(3, 40) if ws.cell(r, 2).value == "小计"]
    assert len(subtotals) == 4
    start = 3
    for r in subtotals:  # 小计 rows add up in the printed table
        assert sum(ws.cell(i, 4).value for i in range(start, r)) == ws.cell(r, 4).value
        assert round(sum(ws.cell(i, 5).value for i in range(start, r)), 2) == ws.cell(r, 5).value
        start = r + 1
    row = next(r for r in range(30, 50) if ws.cell(r, 2).value == "组织实施（8分）")
    assert [ws.cell(row, c).value for c in (3, 4, 5)] == [8, 8, 0.75]


def test_jiayuguan_rates(books):
    ws = books[JIAYUGUAN]["绩效评价"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "得分率")
    assert [ws.cell(row - 2, c).value for c in range(3, 8)] == [11, 20, 34, 35, 100]
    assert ws.cell(row, 4).value == 0.7245 and ws.cell(row, 4).number_format == "0.00%"
    assert ws.cell(row - 1, 4).value / ws.cell(row - 2, 4).value == pytest.approx(0.7495)
    assert ws.cell(row - 1, 5).value / ws.cell(row - 2, 5).value == pytest.approx(0.9576, abs=5e-5)
    assert sum(ws.cell(row - 1, c).value for c in range(3, 7)) == pytest.approx(ws.cell(row - 1, 7).value)


def test_yiyang_form(books):
    ws = books[YIYANG]["医疗服务和保障能力提升"]
    fr, heads = fund_row(ws)
    assert ws.cell(fr, heads["分值"]).value == "10分"
    assert ws.cell(fr, heads["年初预算数"]).value is None
    assert ws.cell(fr, heads["全年执行数"]).value == 194.19
    cols = columns(ws)
    l1 = {merged_value(ws, r, 3): merged_value(ws, r, cols["l1"]) for r in indicator_rows(ws)}
    assert l1["服务对象满意度指标"] == "效益指标(40分)"
    assert any(ws.cell(r, cols["target"]).value == "医疗机构≥40% 病种≥70% 基金≥30%" for r in indicator_rows(ws))


def test_guangyuan_forms(books):
    wb = books[GUANGYUAN]
    assert len(wb.sheetnames) == 3
    third = wb.worksheets[2]
    assert len(indicator_rows(third)) == 31
    assert third.cell(indicator_rows(third)[-1] + 1, 1).value == "说明"
    for ws in wb.worksheets:
        cols = columns(ws)
        assert "weight" not in cols and "score" not in cols
        fr, heads = fund_row(ws)
        budget, spent, rate = (ws.cell(fr, c).value for c in (3, 4, 5))
        assert rate == pytest.approx(spent / budget, abs=5e-5)


def test_yuanjiang_keeps_the_nanjing_slip(books):
    wb = books[YUANJIANG]
    assert wb.sheetnames == ["基础数据表", "部门整体支出绩效自评表"]
    ws = wb["部门整体支出绩效自评表"]
    assert ws["A2"].value == "预算部门名称" and ws["C2"].value == "南京市医疗保障局"
    weight, score, stated_weight, stated_score = weights_and_scores(ws)
    assert weight == stated_weight == 100 and score == stated_score == 100


# ------------------------------------------------------------------ roster

def test_roster_sheets_and_rules(books):
    wb = books["roster.xlsx"]
    forms = [list(r) for r in wb["表单"].iter_rows(values_only=True)]
    inds = [list(r) for r in wb["指标"].iter_rows(values_only=True)]
    assert forms[0] == FORM_HEADER and inds[0] == IND_HEADER
    assert len(forms) - 1 == 18
    kinds = Counter((r[0], r[1]) for r in forms[1:])
    assert kinds == {("金寨县医疗保障局", "项目支出"): 13, ("益阳市医疗保障局", "项目支出"): 1,
                     ("广元市医疗保障局", "转移支付"): 3, ("沅江市医疗保障局", "部门整体"): 1}
    department = next(r for r in forms if r[1] == "部门整体")
    assert department[3:6] == ["部门整体支出", None, "沅江市医疗保障局"]
    kind_of = {(r[0], r[3]): r[1] for r in forms[1:]}
    sums: Counter = Counter()
    for group, project, l1, l2, l3, target, weight in inds[1:]:
        kind = kind_of[group, project]
        if kind == "转移支付" or l3 == "本指标不适用":
            assert weight is None
        else:
            assert isinstance(weight, (int, float))
            sums[group, project] += weight
    scored = {k for k, v in kind_of.items() if v != "转移支付"}
    assert set(sums.values()) == {90}
    assert scored - set(sums) == {("金寨县医疗保障局", "人员经费"),
                                  ("金寨县医疗保障局", "县区域医疗信息系统对接省医保系统接口费用")}
    jinzhai_13 = next(r for r in forms if r[3] == "县区域医疗信息系统对接省医保系统接口费用")
    assert jinzhai_13[7:] == [None, None]


@pytest.mark.parametrize("csv_name, sheet", [("roster_forms.csv", "表单"), ("roster_indicators.csv", "指标")])
def test_roster_csv_matches_workbook(books, csv_name, sheet):
    raw = (EXAMPLES / csv_name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    with open(EXAMPLES / csv_name, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    sheet_rows = list(books["roster.xlsx"][sheet].iter_rows(values_only=True))
    assert len(rows) == len(sheet_rows)
    for text_row, values in zip(rows, sheet_rows):
        expected = ["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                    for v in values]
        assert text_row == expected


# ------------------------------------------------------------------ answer key

REQUIRED = Counter({  # DOMAIN.md §5, as (workbook, sheet, rule)
    (JINZHAI, "1-医疗保障专项经费", "PX102"): 1, (JINZHAI, "1-医疗保障专项经费", "PX104"): 1,
    (JINZHAI, "1-医疗保障专项经费", "PX118"): 1, (JINZHAI, "1-医疗保障专项经费", "PX203"): 1,
    (JINZHAI, "1-医疗保障专项经费", "PX202"): 1, (JINZHAI, "1-医疗保障专项经费", "PX302"): 1,
    (JINZHAI, "2-人员经费", "PX111"): 2, (JINZHAI, "2-人员经费", "PX112"): 1,
    (JINZHAI, "2-人员经费", "PX113"): 1, (JINZHAI, "2-人员经费", "PX114"): 1,
    (JINZHAI, "3-信息网络维护费用", "PX202"): 1,
    (JINZHAI, "评价评分表", "PX116"): 1,
    (GUANGYUAN, "1-城乡居民医保财政补助资金", "PX203"): 1,
    (YUANJIANG, "部门整体支出绩效自评表", "PX304"): 1,
    (JIAYUGUAN, "绩效评价", "PX116"): 2,
})
for _sheet in ("6-城乡医疗救助", "7-中央专项彩票公益金支持城乡医疗救助资金（转移性支付）", "8-医疗救助补助资金",
               "10-城乡医疗救助资金"):
    REQUIRED[JINZHAI, _sheet, "PX202"] = 1
    REQUIRED[JINZHAI, _sheet, "PX205"] = 2


def test_answer_key_covers_domain_errors(key):
    assert all(set(e) == {"file", "sheet", "rule", "cell", "note"} for e in key)
    listed = Counter((e["file"], e["sheet"], e["rule"]) for e in key if not e["note"].startswith("extra: "))
    assert listed == REQUIRED
    assert len({(e["file"], e["sheet"], e["rule"], e["cell"]) for e in key}) == len(key), "duplicate entries"


def test_answer_key_cells_hold_what_the_notes_say(books, key):
    for e in key:
        ws = books[e["file"]][e["sheet"]]
        assert re.fullmatch(r"[A-Z]{1,2}[1-9]\d*", e["cell"]), e
        cell = ws[e["cell"]]
        assert shown(cell) in e["note"], (e, shown(cell))


def _check(ws, e) -> None:
    """Recompute each keyed violation from the workbook's own values."""
    r, c = coordinate_to_tuple(e["cell"])
    v = ws.cell(r, c).value
    rule = e["rule"]
    if rule in ("PX102", "PX104", "PX106", "PX305"):
        fr, heads = fund_row(ws)
        assert r == fr
        if rule == "PX102":
            assert c == heads["得分"] and v > ws.cell(r, heads["分值"]).value * min(ws.cell(r, heads["执行率"]).value, 1) + .005
        elif rule == "PX104":
            assert c == heads["全年执行数"] and v > ws.cell(r, heads["全年预算数"]).value
        elif rule == "PX106":  # adjusted by more than 20% in the year, and no reason anywhere (second round)
            initial = ws.cell(r, heads["年初预算数"]).value
            assert c == heads["全年预算数"] and abs(v - initial) > 0.2 * initial
            cols = columns(ws)
            assert all(ws.cell(i, cols["reason"]).value is None for i in indicator_rows(ws))
        else:
            assert c == heads["分值"] and isinstance(v, str) and re.fullmatch(r"\d+(\.\d+)?\s*分", v)
        return
    if rule in ("PX112", "PX114", "PX118"):
        assert r == total_row(ws)
        weight, _, stated_weight, stated_score = weights_and_scores(ws)
        if rule == "PX118":
            assert v == stated_score > stated_weight
        else:
            assert v == stated_weight != weight
        return
    if rule == "PX116":
        if ws.title == "评价评分表":
            stated, computed = v, ws.cell(r, c - 1).value / ws.cell(r, c - 2).value
        else:
            stated, computed = v, ws.cell(r - 1, c).value / ws.cell(r - 2, c).value
        # clerks round or truncate: only a rate matching neither is an error
        assert stated not in (round(computed, 4), int(computed * 10000) / 10000)
        return
    if rule == "PX120":  # a transfer form's 预算执行率 (B/A) beside its 全年预算数(A) and 全年执行数(B)
        assert float(ws.cell(r, c - 2).value) == 0 and float(ws.cell(r, c - 1).value) == 0
        assert v is not None and any("执行率" in str(ws.cell(i, c).value) for i in range(max(1, r - 6), r))
        return
    if rule == "PX304":
        place = e["file"][:2]
        assert isinstance(v, str) and place not in v
        return
    cols = columns(ws)
    if rule == "PX303":
        assert v == "一级指标"
        assert not any("效益" in str(ws.cell(i, c).value or "") for i in indicator_rows(ws))
        return
    assert r in indicator_rows(ws)
    target, actual = ws.cell(r, cols["target"]).value, ws.cell(r, cols["actual"]).value
    if rule == "PX111":
        assert c == cols["score"] and v > ws.cell(r, cols["weight"]).value
    elif rule == "PX113":
        m = re.search(r"[(（](\d+)分[)）]", v)
        rng = next(x for x in ws.merged_cells.ranges if x.min_row == r and x.min_col == c)
        assert int(m.group(1)) != sum(num(ws.cell(i, cols["weight"]).value) for i in range(rng.min_row, rng.max_row + 1))
    elif rule == "PX202":
        assert c == cols["reason"] and v is None
        assert ws.cell(r, cols["score"]).value < ws.cell(r, cols["weight"]).value
    elif rule == "PX203":
        assert c == cols["actual"]
        if isinstance(v, (int, float)):
            assert v > 1 and ws.cell(r, c).number_format.endswith("%")
        else:
            assert max(float(x) for x in re.findall(r"(\d+(?:\.\d+)?)%", v)) > 100
    elif rule == "PX204":
        assert c == cols["actual"]
        unit = "%" if "%" in str(target) else "万元"
        assert unit in str(target)
        if isinstance(v, (int, float)):  # a bare number: no unit, and no % format either
            assert "%" not in ws.cell(r, c).number_format
        else:
            assert unit not in v
    elif rule == "PX205":
        assert c == cols["actual"] and ws.cell(r, cols["reason"]).value is None
        assert str(target).lstrip().startswith(("≥", "医疗机构≥"))
        pairs = list(zip(numbers(target), numbers(v)))
        assert pairs and all(a >= 1.3 * t for t, a in pairs), pairs
    elif rule == "PX206":
        assert c == cols["score"]
        bound, real, weight = numbers(target)[0], numbers(actual)[0], ws.cell(r, cols["weight"]).value
        assert str(target).startswith("≤") and bound < real < 2 * bound
        assert round(weight * (1 - (real - bound) / bound), 2) != v
    elif rule == "PX307":  # a bound or a range written as the actual (second round)
        assert c == cols["actual"] and isinstance(v, str) and re.search(r"≥|大于等于|以上", v)
    elif rule == "PX302":
        assert c == cols["l3"]
        assert v in [ws.cell(i, c).value for i in indicator_rows(ws) if i < r]
    else:
        raise AssertionError(f"no check for {rule}")


def test_answer_key_violations_are_real(books, key):
    for e in key:
        _check(books[e["file"]][e["sheet"]], e)


def test_readme_describes_every_output():
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in WORKBOOKS + TEXT_OUTPUTS + ["transcribe.py"]:
        assert name in text, name
