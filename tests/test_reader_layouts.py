"""One small workbook per real-world layout feature (docs/forms.md): the reader gets each right."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "real"))

from moved import spaced_rows
from realbuild import build

from perfxl.lint import lint_paths
from perfxl.lint.check import read_forms
from perfxl.reader.sources import load_book

HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
ROWS = [["产出指标", "数量指标", "覆盖率", "≥95%", "96%", 50, 50, None],
        ["效益指标", "社会效益指标", "群众获得感", "显著提升", "显著提升", 30, 30, None],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10, None]]


def sheet(*rows, merges=(), formats=None, name="自评表") -> dict:
    width = max(len(r) for r in rows)
    return {"name": name, "rows": [list(r) + [None] * (width - len(r)) for r in rows], "merges": list(merges),
            "formats": formats or {}}


def lint(tmp_path, *sheets, file="金寨县2022年自评表.xlsx", select=None):
    path = build({"sheets": list(sheets)}, tmp_path / file)
    data = lint_paths([path], select=select).to_json()["files"][0]
    return data["forms"], {(f["rule"], f["cell"]) for f in data["findings"]}


def project(money_head=("全年预算数", "全年执行数", "分值", "执行率", "得分"), money=(100, 95, 10, 0.95, 9.5),
            head=HEAD, rows=ROWS, title="项目支出绩效自评表", fields=(("项目名称", "甲项目"), ("实施单位", "金寨县医疗保障局"))):
    out = [[title], ["（2022年度）"]] + [list(f) for f in fields]
    out += [["项目资金（万元）", *money_head], ["年度资金总额", *money]]
    out += [["绩效指标", *head]] + [[None, *r] for r in rows]
    return out


def test_other_words_for_the_money_columns_and_names(tmp_path):
    rows = project(money_head=("调整后预算数", "预算执行数", "权重", "预算执行率", "得分"),
                   fields=(("专项资金名称", "51092324T000010263357-乡村道路养护"), ("项目实施单位", "[155]金寨县交通局")))
    forms, _ = lint(tmp_path, sheet(*rows))
    f = forms[0]
    assert (f["kind"], f["project"], f["unit"]) == ("project", "乡村道路养护", "金寨县交通局")
    assert (f["budget"], f["spent"], f["rate"], f["fund_score"]) == (100, 95, 0.95, 9.5)


def test_names_typed_over_two_lines_read_on_one(tmp_path):
    # a line break typed to wrap the cell (or left by a PDF's converter), even inside the budget code
    rows = project(fields=(("项目名称", "51092324T0000102633\n57-乡村道路\n养护"), ("实施单位", "金寨县\r\n交通局")))
    forms, _ = lint(tmp_path, sheet(*rows))
    assert (forms[0]["project"], forms[0]["unit"]) == ("乡村道路养护", "金寨县交通局")
    # the model's names, which 汇总, 指标明细 and 问题清单 show (budget code and all): on one line too
    read = read_forms(load_book(tmp_path / "金寨县2022年自评表.xlsx"))[0]
    assert (read.project, read.unit) == ("51092324T000010263357-乡村道路养护", "金寨县交通局")


def test_a_merged_label_exported_as_copies_of_itself(tmp_path):
    # 实施单位 merged over two cells, written out by a system as the label twice: the value is after both
    rows = project(fields=(("项目名称", "项目名称", "甲项目"), ("实施单位", "实施单位", "金寨县医疗保障局")))
    forms, _ = lint(tmp_path, sheet(*rows))
    assert (forms[0]["project"], forms[0]["unit"]) == ("甲项目", "金寨县医疗保障局")


def test_other_words_for_the_indicator_columns(tmp_path):
    head = ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "全年实际值", "权重", "自评分", "未完成原因分析"]
    rows = [r[:] for r in ROWS]
    rows[0][4], rows[0][6] = "90%", 50  # missed, full marks, no reason
    forms, found = lint(tmp_path, sheet(*project(head=head, rows=rows)), select=["PX201", "PX202"])
    assert forms[0]["scored"] and {r for r, _ in found} == {"PX201", "PX202"}


def test_split_target_columns_combine_and_lend_their_unit_to_the_actual(tmp_path):
    head = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
    rows = [["产出指标", "数量指标", "覆盖率", "≥", 95, "%", 90, 50, 50, None],
            ["效益指标", "社会效益指标", "减少投诉", "≤", 10, "件", 8, 30, 30, None],
            ["满意度指标", "服务对象满意度指标", "满意度", "﹦", 100, "%", 100, 10, 10, None]]
    _, found = lint(tmp_path, sheet(*project(head=head, rows=rows)), select=["PX201", "PX204", "PX301"])
    assert found == {("PX201", "J8")}     # 90% of ≥95%: missed; units agree; nothing reads as empty


@pytest.mark.parametrize("actual, second, missed", [("90", "８", {"J8"}), ("９０", "8.0", {"J8"}),
                                                    ("90", "1,008", {"J8", "J9"})],
                         ids=["typed-as-text", "full-width", "thousands"])
def test_split_target_lends_its_unit_to_an_actual_typed_as_text(tmp_path, actual, second, missed):
    # typed as text, in full width (a Chinese input method's ９０) or with thousands separators: the
    # same number, and the 度量单位 is its unit too
    head = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
    rows = [["产出指标", "数量指标", "覆盖率", "≥", 95, "%", actual, 50, 50, None],
            ["效益指标", "社会效益指标", "减少投诉", "≤", 10, "件", second, 30, 30, None]]
    _, found = lint(tmp_path, sheet(*project(head=head, rows=rows)), select=["PX201", "PX204"])
    assert found == {("PX201", cell) for cell in missed}     # 90% of ≥95% missed; no unit conflict


@pytest.mark.parametrize("actual", ["100%", "１００％"], ids=["ascii", "full-width"])
def test_a_fraction_target_beside_a_percent_actual_is_a_percent(tmp_path, actual):
    # a target typed 1 in a cell whose % format is unknown reads as 100% beside an actual written 100%
    rows = [["产出指标", "数量指标", "结算完成率", 1, actual, 50, 50, None]] + ROWS[1:]
    _, found = lint(tmp_path, sheet(*project(rows=rows)), select=["PX201", "PX204"])
    assert found == set()


# 云南 (丽江): 年度指标值 spans 指标性质/指标值/度量单位 in the row below, which also holds 一级–三级;
# elsewhere 一级–三级 stand in the upper row, merged down beside the split target.
LIJIANG = (["绩效指标", None, None, None, "年度指标值", None, None, "实际完成值", "分值", "得分", "偏差原因"],
           [None, "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
           ["E4:G4", "H4:H5", "I4:I5", "J4:J5", "K4:K5"])
MERGED_DOWN = (["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", None, None, "实际完成值", "分值", "得分", "偏差原因"],
               [None, None, None, None, "指标性质", "指标值", "度量单位"],
               ["E4:G4", "B4:B5", "C4:C5", "D4:D5", "H4:H5", "I4:I5", "J4:J5", "K4:K5"])


@pytest.mark.parametrize("top, low, merges", [LIJIANG, MERGED_DOWN], ids=["lower-row-levels", "upper-row-levels"])
def test_a_two_row_header(tmp_path, top, low, merges):
    rows = [[None, "产出指标", "数量指标", "覆盖率", "≥", 95, "%", 90, 50, 45, None],
            [None, "效益指标", "社会效益指标", "获得感", "定性", "显著提升", None, "显著提升", 30, 30, None],
            [None, "满意度指标", "服务对象满意度指标", "满意度", "≥", 90, "%", 95, 10, 10, None]]
    grid = [["项目支出绩效自评表"], ["项目名称", "甲"], ["实施单位", "金寨县医保局"], top, low, *rows]
    forms, found = lint(tmp_path, sheet(*grid, merges=merges), select=["PX202", "PX301"])
    assert forms[0]["kind"] == "project" and found == {("PX202", "K6")}


def test_weights_before_targets_and_a_leading_column_and_extra_columns(tmp_path):
    head = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分", "原因", "得分计算方法"]
    rows = [["产出指标", "数量指标", "覆盖率", 50, "≥95%", "96%", 60, None, "完成得满分"],
            ["效益指标", "社会效益指标", "获得感", 30, "显著提升", "显著提升", 30, None, None],
            ["满意度指标", "服务对象满意度指标", "满意度", 10, "≥90%", "95%", 10, None, None]]
    _, found = lint(tmp_path, sheet(*project(head=head, rows=rows)), select=["PX111"])
    assert found == {("PX111", "H8")}     # 60 of 50 in the 得分 column, wherever it stands


@pytest.mark.parametrize("title, money_head, head, kind, scored", [
    ("项目支出绩效自评表", ("全年预算数(A)", "全年执行数(B)", "执行率(B/A)"), HEAD[:5] + ["原因"], "project", False),
    ("转移支付区域（项目）绩效目标自评表", ("全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"), HEAD,
     "transfer", True),
])
def test_kind_comes_from_the_title_and_scored_from_the_columns(tmp_path, title, money_head, head, kind, scored):
    rows = [r[:5] + [None] for r in ROWS] if not scored else ROWS
    money = (100, 95, 0.95) if len(money_head) == 3 else (100, 95, 10, 0.95, 9.5)
    forms, _ = lint(tmp_path, sheet(*project(title=title, money_head=money_head, money=money, head=head, rows=rows)))
    assert (forms[0]["kind"], forms[0]["scored"]) == (kind, scored)


def test_template_filler_is_no_indicator(tmp_path):
    rows = ROWS[:1] + [[None, None, "指标2:", None, None, None, None, None], [None, None, "……", None, None, None, None, None],
                       [None, None, "(≥**人)", None, None, None, None, None]] + ROWS[1:]
    _, found = lint(tmp_path, sheet(*project(rows=rows)), select=["PX301", "PX302"])
    assert found == set()


@pytest.mark.parametrize("merges", [(), ("B11:C11", "D11:I11")])
def test_a_remarks_row_between_the_indicators_and_the_total_is_no_indicator(tmp_path, merges):
    # 云南's 其他需要说明事项 | 无 under the table, above the 总分 row that still closes it (its cells
    # merged or, as some systems export it, not): it was read as a 一级 block with one indicator
    rows = project() + [[None, "其他需要说明事项", None, "无"], ["总分", None, None, None, None, None, 90, 90]]
    assert rows[10][1] == "其他需要说明事项"  # row 11: its label over 一级 and 二级, 无 from 三级 on
    forms, found = lint(tmp_path, sheet(*rows, merges=merges), select=["PX301", "PX302", "PX303"])
    assert found == set()
    assert (forms[0]["total_score"], forms[0]["total_source"]) == (90, "printed")
    read = read_forms(load_book(tmp_path / "金寨县2022年自评表.xlsx"))[0]
    assert [i.row for i in read.indicators] == [8, 9, 10]   # 指标明细 lists no 无
    assert [b.name for b in read.level1s] == ["产出指标", "效益指标", "满意度指标"]


def test_a_row_with_the_points_over_rows_with_the_values(tmp_path):
    rows = [["产出指标", "数量指标", "★补助种植面积", None, None, 50, 50, None],
            [None, None, "红薯种植面积", "5.5亩", "5.5亩", None, None, None],
            [None, None, "梨树种植面积", "6亩", "6亩", None, None, None]] + ROWS[1:]
    _, found = lint(tmp_path, sheet(*project(rows=rows)), select=["PX301"])
    assert found == set()


def test_a_money_block_without_an_indicator_table_is_still_a_form(tmp_path):
    grid = [["部门整体支出绩效自评表"], ["预算部门名称", "金寨县医疗保障局"],
            ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"], ["年度资金总额", 90, 100, 98]]
    forms, _ = lint(tmp_path, sheet(*grid))
    assert [(f["kind"], f["unit"], f["budget"], f["spent"]) for f in forms] == [("department", "金寨县医疗保障局", 100, 98)]


def test_amounts_in_yuan_and_typed_as_text_are_read_in_wan_yuan(tmp_path):
    yuan = project(money_head=("全年预算数", "全年执行数", "分值", "执行率", "得分"), money=(250000, 215457.6, 10, 0.8618, 8.62))
    yuan[4][0] = "项目资金（元）"
    forms, _ = lint(tmp_path, sheet(*yuan))
    assert (forms[0]["budget"], forms[0]["spent"]) == (25, 21.54576)
    text = project(money=("4753.66万元", "4700万元", 10, 0.9887, 9.89))
    forms, found = lint(tmp_path, sheet(*text), file="b.xlsx", select=["PX101", "PX305"])
    assert (forms[0]["budget"], forms[0]["spent"]) == (4753.66, 4700) and {r for r, _ in found} == {"PX305"}


def test_a_total_printed_above_the_tables_and_a_label_with_its_value(tmp_path):
    rows = project(fields=(("项目名称", "甲项目"), ("单位名称：金寨县医疗保障局", "填报日期：2022年3月"), ("自评总分", 98)))
    forms, found = lint(tmp_path, sheet(*rows), select=["PX114"])
    f = forms[0]
    assert (f["unit"], f["total_score"], f["total_source"]) == ("金寨县医疗保障局", 98, "printed")
    assert found == {("PX114", "B5")}     # 98 stated; the parts give 9.5 + 90 = 99.5


def test_no_form_says_what_was_found_and_what_was_missing(tmp_path):
    # no 项目名称/实施单位 either: with them, a money block alone would already be a form
    grid = [["项目支出绩效自评表"], ["项目资金（万元）", "全年预算数", "全年执行数"],
            ["年度资金总额", 100, 95], ["考核指标", "指标值", "完成数", "分值", "得分"], ["里程", "300", "280", 50, 45]]
    path = build({"sheets": [sheet(*grid)]}, tmp_path / "a.xlsx")
    found = lint_paths([path]).files[0].findings
    assert [x.rule for x in found] == ["PX002"]
    zh, en = found[0].message("zh"), found[0].message("en")
    assert "项目资金（全年预算数、全年执行数）" in zh and "缺三级指标" in zh and "perfxl.toml" in zh
    assert "money block" in en and "三级指标" in en and "{" not in zh + en


def test_the_national_checklist_transfer_form(tmp_path):
    grid = [["XX县2024年计划生育服务项目绩效自评表"],
            ["指标名称", None, None, "指标解释", "记录", None, "未完成原因及改进措施"],
            ["一级指标", "二级指标", "三级指标", None, "自评内容", "完成情况"],
            ["项目预算管理", "资金投入", "预算资金安排", "资金安排情况", "年度预算资金总额：", 1084.25],
            [None, None, None, None, "其中：中央补助", 668],
            ["产出", "数量", "奖励扶助人数", "实际扶助人数", "≥3000人", "3120人"]]
    forms, _ = lint(tmp_path, sheet(*grid, merges=["A2:C2", "E2:F2"]))
    assert [(f["kind"], f["scored"], f["budget"]) for f in forms] == [("transfer", False, 1084.25)]


def test_a_merge_over_the_whole_sheet_is_read_in_no_time(tmp_path):
    import json
    import subprocess
    import zipfile

    small = build({"sheets": [sheet(*project(), merges=["K1:K2"])]}, tmp_path / "small.xlsx")
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():   # the merge widened in the XML: openpyxl could not write it
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'ref="K1:K2"', b'ref="K1:XFD1048576"')
            out.writestr(item, data)
    # in a process of its own, with a time-out as a guard: unclipped, the merge would index seventeen
    # billion cells and take the test run down with it
    run = subprocess.run([sys.executable, "-m", "perfxl", "lint", str(path), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    forms = json.loads(run.stdout)["files"][0]["forms"]
    assert forms and forms[0]["budget"] == 100


def test_headers_repeated_after_every_page_break_stay_one_form(tmp_path):
    body = project(rows=[])
    for i in range(400):
        body += [["绩效指标", *HEAD], [None, "产出指标", "数量指标", f"里程{i}", "≥1个", "1个", 0.2, 0.2, None]]
    path = build({"sheets": [sheet(*body)]}, tmp_path / "a.xlsx")
    forms = lint_paths([path]).files[0].forms
    assert len(forms) == 1 and forms[0].budget == 100


def test_a_funding_line_with_its_points_in_the_header_and_no_weight_column(tmp_path):
    # 湖北/云南 保山: 预算执行情况 worth 20 (得分 = 20 × 执行率), indicators' points only in the 一级 labels
    head = ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"]
    rows = [["产出指标(40分)", "数量指标", "里程", "≥300公里", "300公里", 40],
            ["效益指标(40分)", "社会效益指标", "通行", "明显改善", "明显改善", 40]]
    grid = project(money_head=("预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"),
                   money=(100, 95, 0.95, 20), head=head, rows=rows)
    forms, found = lint(tmp_path, sheet(*grid), select=["PX102", "PX112"])
    assert forms[0]["scored"] and forms[0]["fund_score"] == 20
    assert found == {("PX102", "E6")}   # 20 × 95% = 19, not 20; no PX112: there is no 分值 column to add up


def test_every_source_row_counts_towards_the_total(tmp_path):
    # 四川: 财政资金 / 财政专户管理资金 / 单位资金 under 总额; three 财政资金 rows of one kind (内蒙古) too
    grid = [["项目支出绩效自评表"], ["项目名称", "甲"], ["实施单位", "金寨县医保局"],
            ["预算执行情况", "全年预算数", "全年执行数"], ["总额", 100, 90],
            ["其中：财政资金", 60, 60], ["自治区财政资金", 20, 20], ["盟市财政资金", 10, 5], ["单位资金", 10, 5],
            ["绩效指标", *HEAD], *[[None, *r] for r in ROWS]]
    _, found = lint(tmp_path, sheet(*grid), select=["PX103"])
    assert found == set()   # 60 + 20 + 10 + 10 = 100, 60 + 20 + 5 + 5 = 90: every row summed
    grid[7][1] = 15
    _, found = lint(tmp_path, sheet(*grid), file="b.xlsx", select=["PX103"])
    assert found == {("PX103", "B5")}   # 105 of sources under a total of 100


def test_every_money_block_of_the_national_checklist_adds_up(tmp_path):
    # 重庆 彭水: 年度预算资金总额 and its 其中 rows for the whole, then again for each part
    grid = [["XX县2024年计划生育服务项目绩效自评表"],
            ["指标名称", None, None, "指标解释", "记录", None, "未完成原因及改进措施"],
            ["一级指标", "二级指标", "三级指标", None, "自评内容", "完成情况"],
            ["项目预算管理", "资金投入", "预算资金安排", "资金安排情况", "年度预算资金总额：", 1084.25],
            [None, None, None, None, "其中：中央补助", 668], [None, None, None, None, "市级资金", 343],
            [None, None, None, None, "本级资金（包括结转结余）", 73.25], [None, None, None, None, "其中："],
            [None, None, None, None, "特别扶助制度补助资金（万元）"],
            [None, None, None, None, "年度预算资金总额：", 321.25],
            [None, None, None, None, "其中：中央补助", 166], [None, None, None, None, "市级资金", 136],
            [None, None, None, None, "本级资金（包括结转结余）", 20.25],
            ["产出", "数量", "奖励扶助人数", "实际扶助人数", "≥3000人", "3120人"]]
    forms, found = lint(tmp_path, sheet(*grid, merges=["A2:C2", "E2:F2"]), select=["PX103"])
    assert forms[0]["budget"] == 1084.25          # the whole block's total is the form's budget
    assert found == {("PX103", "F10")}            # 166 + 136 + 20.25 = 322.25, not 321.25; the first adds up


def test_label_and_amount_pairs_along_a_row_with_sources_under_them(tmp_path):
    # 湖南's older 自评报告: 计划安排资金 | 170 | 实际到位资金 | 170 | 实际支出 | 179.6, sources below
    grid = [["岳阳市南湖新区财政支出项目绩效评价自评报告"], ["项目名称", "优抚"], ["项目单位", "南湖新区民政局"],
            ["主管部门", None],
            ["计划安排资金\n(万元)", 170, "实际到位资金\n(万元)", 170, "实际支出\n(万元)", 179.6, "结余(万元)", 0],
            ["其中:中央财政", None, "其中:中央财政", None, "其中:中央财政", None, "其中:中央财政"],
            ["省财政", 170, "省财政", 170, "省财政", 170, "省财政"],
            ["其它", None, "其它", 9.6, "其它", 9.6, "其它"],
            ["项目绩效定量目标(指标)及完成情况", "一级指标", "二级指标", "指标内容", "指标(目标)值", "实际完成值"],
            [None, "产出指标", "数量指标", "优抚对象", "≥100人", "100人"]]
    forms, found = lint(tmp_path, sheet(*grid), select=["PX103", "PX104", "PX301"])
    f = forms[0]
    assert (f["kind"], f["project"], f["unit"], f["budget"], f["spent"]) == ("project", "优抚", "南湖新区民政局", 170,
                                                                            179.6)
    # 实际到位资金 170 against sources 170 + 9.6; 实际支出 above 计划安排; 主管部门 empty
    assert found == {("PX103", "D5"), ("PX104", "F5"), ("PX301", "B4")}


def test_label_and_amount_pairs_with_an_empty_column_between_every_two(tmp_path):
    # the same form converted from a PDF: an empty column after each (the amounts are still the labels')
    grid = [["岳阳市南湖新区财政支出项目绩效评价自评报告"], ["项目名称", None, "优抚"], ["项目单位", None, "南湖新区民政局"],
            ["计划安排资金\n(万元)", None, 170, None, "实际到位资金\n(万元)", None, 170, None, "实际支出\n(万元)", None,
             179.6, None, "结余(万元)", None, None],
            ["其中:中央财政", None, None, None, "其中:中央财政", None, None, None, "其中:中央财政"],
            ["省财政", None, 170, None, "省财政", None, 170, None, "省财政", None, 170],
            ["其它", None, None, None, "其它", None, 9.6, None, "其它", None, 9.6],
            ["项目绩效定量目标(指标)及完成情况", None, "一级指标", None, "二级指标", None, "指标内容", None, "指标(目标)值",
             None, "实际完成值"],
            [None, None, "产出指标", None, "数量指标", None, "优抚对象", None, "≥100人", None, "100人"]]
    forms, found = lint(tmp_path, sheet(*grid), select=["PX103", "PX104"])
    f = forms[0]
    assert (f["budget"], f["spent"], round(f["rate"], 4)) == (170, 179.6, 1.0565)
    assert found == {("PX103", "G4"), ("PX104", "K4")}   # as above, at the amounts' own cells


def test_hainans_planned_received_and_used_pairs_over_an_evaluation_score_table(tmp_path):
    # 海南's older 自评表: 计划投资额 | 570 | 实际到位资金 | 398.88 | 实际使用情况 | 395.86, sources below,
    # then 一级/分值/二级/分值/三级/分值/得分 with no target or actual: a project form, not a score table
    grid = [["服务贸易项目绩效自评表"], ["项目实施单位", "省商务厅服务贸易和商贸服务业处", None, None, "主管部门", "省商务厅"],
            ["计划投资额\n(万元)", 570, "实际到位资金\n(万元)", 398.88, "实际使用情况(万元)", 395.86],
            ["其中:\n中央财政", 0, "其中:\n中央财政", 0], ["省财政", 570, "省财政", 398.88],
            ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
            ["项目决策", 20, "项目目标", 4, "目标内容", 4, 4]]
    forms, _ = lint(tmp_path, sheet(*grid), select=["PX103"])
    f = forms[0]
    assert (f["kind"], f["unit"], f["budget"], f["spent"]) == ("project", "省商务厅服务贸易和商贸服务业处", 570, 395.86)


def test_points_written_after_each_level_count_at_the_deepest(tmp_path):
    # 海南: 一级 | 分值 | 二级 | 分值 | 三级 | 分值 | 得分, the 一级's and 二级's points merged down their rows:
    # a row's points are its 三级's (F), not the 一级's merged cell (B), whose lower members are no blanks
    grid = [["服务贸易项目绩效自评表"], ["项目实施单位", "省商务厅服务贸易和商贸服务业处"],
            ["计划投资额(万元)", 100, "实际到位资金(万元)", 100, "实际使用情况(万元)", 100],
            ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
            ["项目决策", 20, "项目目标", 20, "目标内容", 20, 20],
            ["项目管理", 25, "资金管理", 25, "资金使用", 15, 15],
            [None, None, None, None, "财务管理", 10, 10],
            ["项目绩效", 55, "项目产出", 55, "产出数量", 30, 30],
            [None, None, None, None, "产出质量", 25, 20]]
    forms, found = lint(tmp_path, sheet(*grid, merges=["A6:A7", "B6:B7", "C6:C7", "D6:D7", "A8:A9", "B8:B9",
                                                       "C8:C9", "D8:D9"]), select=["PX301", "PX112", "PX114"])
    assert found == set()   # every row's points filled, 100 in all (B read as them: its merged members blank)


def test_sources_written_across_over_one_row_of_amounts(tmp_path):
    # 湖北 广水: 项目资金来源 | 中央 | 省、地 | 本级 | 其他 | 合计 | 执行数 | 执行率, amounts in the row below
    grid = [["广水市财政预算支出项目绩效目标自评表"], ["项目名称", "乡村道路建设养护项目"],
            ["项目实施单位", "广水市交通运输局"],
            ["项目资金来源", "中央\n(万元)", "省、地\n(万元)", "本级\n(万元)", "其他\n(万元)", "合计\n(万元)",
             "执行数\n(万元)", "执行率"],
            [None, None, 100, 209, None, 319, 300, 0.94],
            ["一级指标", "二级指标", "三级指标", "年初目标值", "年终完成值", "自评分"],
            ["产出指标", "数量指标", "里程", "≥300公里", "300公里", 15]]
    forms, found = lint(tmp_path, sheet(*grid, formats={"H5": "0%"}), select=["PX101", "PX103"])
    f = forms[0]
    assert (f["budget"], f["spent"], f["unit"]) == (319, 300, "广水市交通运输局")
    assert found == {("PX103", "F5"), ("PX101", "H5")}   # 100 + 209 = 309 of 319; 300 ÷ 319 = 94.04%


SIX_MONEY_ROWS = [["转移支付（项目）名称", "就业补助资金"], ["地方主管部门", "临河区财政局"],
                  ["资金投入情况（万元）", None, "全年预算数(A)", "全年执行数(B)"], [None, "年度资金总额", 100, 90],
                  [None, "其中：中央财政资金", 40, 40], [None, "自治区财政资金", 20, 20], [None, "盟市财政资金", 10, 10],
                  [None, "旗县财政资金", 10, 10], [None, "其他资金", 20, 10],
                  ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年实际完成值"],
                  [None, "产出指标", "数量指标", "补助人数", "≥100人", "120人"]]


@pytest.mark.parametrize("name, grid, merges, formats", [
    ("a two-row header", [["项目支出绩效自评表"], ["项目名称", "甲"], ["实施单位", "金寨县医保局"], *LIJIANG[:2],
                          [None, "产出指标", "数量指标", "覆盖率", "≥", 95, "%", 90, 50, 45, None]], LIJIANG[2], {}),
    ("six money rows", [["就业补助资金绩效目标自评表"], *SIX_MONEY_ROWS], ["A4:A10"], {}),
    ("sources across", [["广水市财政预算支出项目绩效目标自评表"], ["项目名称", "乡村道路"], ["项目实施单位", "广水市交通运输局"],
                        ["项目资金来源", "中央\n(万元)", "省、地\n(万元)", "本级\n(万元)", "其他\n(万元)", "合计\n(万元)",
                         "执行数\n(万元)", "执行率"], [None, None, 100, 209, None, 319, 300, 0.94],
                        ["一级指标", "二级指标", "三级指标", "年初目标值", "年终完成值", "自评分"],
                        ["产出指标", "数量指标", "里程", "≥300公里", "300公里", 15]], [], {"H5": "0%"}),
    ("label and amount pairs", [["财政支出项目绩效评价自评报告"], ["项目名称", "优抚"], ["项目单位", "南湖新区民政局"],
                                ["计划安排资金\n(万元)", 170, "实际到位资金\n(万元)", 170, "实际支出\n(万元)", 179.6],
                                ["其中:中央财政", None, "其中:中央财政", None, "其中:中央财政", None],
                                ["省财政", 170, "省财政", 170, "省财政", 170], ["其它", None, "其它", 9.6, "其它", 9.6],
                                ["项目绩效定量目标(指标)及完成情况", "一级指标", "二级指标", "指标内容", "指标(目标)值", "实际完成值"],
                                [None, "产出指标", "数量指标", "优抚对象", "≥100人", "100人"]], [], {}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_an_empty_row_after_every_row_reads_as_the_form(tmp_path, name, grid, merges, formats):
    # Some conversions from a PDF put an empty row between every two: between a header's two rows, a
    # money block's lines, a row of amounts and its labels. The form reads as it does without them.
    rules = ["PX101", "PX103", "PX104", "PX201", "PX202", "PX301"]
    plain = sheet(*grid, merges=merges, formats=formats)
    (tmp_path / "plain").mkdir()
    (tmp_path / "spread").mkdir()
    forms, found = lint(tmp_path / "plain", plain, select=rules)
    # the real corpus's move (tests/real/moved.py), the findings as a key moved with the cells
    doc = spaced_rows({"sheets": [plain], "key": {"findings": [{"cell": cell} for _, cell in sorted(found)]}})
    spread, spread_found = lint(tmp_path / "spread", doc["sheets"][0], select=rules)
    keys = ("kind", "project", "unit", "budget", "spent", "rate", "scored")
    assert [{k: f[k] for k in keys} for f in spread] == [{k: f[k] for k in keys} for f in forms]
    assert forms and (forms[0]["budget"] is not None or name == "a two-row header")   # that one has no money
    assert spread_found == {(rule, f["cell"]) for (rule, _), f in zip(sorted(found), doc["key"]["findings"])}


def test_one_reason_cell_for_the_whole_form(tmp_path):
    # 湖北/云南 保山: no 偏差原因 column; one 偏差大或目标未完成原因分析 cell under the total
    head = ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"]
    rows = [["产出指标(40分)", "数量指标", "化验", "≥60个", "105个", 40],
            ["效益指标(20分)", "社会效益指标", "通行", "≥90%", "80%", 15],
            ["满意度指标(20分)", "服务对象满意度指标", "满意度", "≥90%", "85%", 15]]
    grid = project(money_head=("预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"),
                   money=(100, 100, 1, 20), head=head, rows=rows)
    cut = [r[:] for r in grid]
    _, found = lint(tmp_path, sheet(*cut), select=["PX202", "PX205"])
    assert found == set()   # the form's reason cell is not there (cut off): nothing can be judged missing
    grid += [["总分", None, None, None, None, None, 90], ["偏差大或目标未完成原因分析", None]]  # rows 11, 12
    _, found = lint(tmp_path, sheet(*grid), file="b.xlsx", select=["PX202", "PX205"])
    assert found == {("PX202", "B12"), ("PX205", "F8")}   # two rows missed: one finding on the one cell
    findings = lint_paths([tmp_path / "b.xlsx"], select=["PX202"]).files[0].findings
    assert len(findings) == 1
    grid[-1][1] = "化验需求超出预期；通行率受汛期影响"
    _, found = lint(tmp_path, sheet(*grid), file="c.xlsx", select=["PX202", "PX205"])
    assert found == set()


def test_weights_written_only_in_the_labels(tmp_path):
    # 湖北 广水 / 云南 保山: no 分值 column; "数量指标15分" over one row, "效益指标(30分)" over one row
    head = ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"]
    rows = [["产出指标40分", "数量指标15分", "里程", "≥300公里", "280公里", 15],      # missed, full 15
            [None, "质量指标25分", "合格率", "≥95%", "96%", 30],                      # 30 of 25
            ["效益指标(30分)", "社会效益指标", "通行", "明显改善", "明显改善", 30],     # alone: worth 30
            ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 8],           # no points stated
            [None, "服务对象满意度指标", "投诉", "≤5件", "3件", 2]]
    grid = project(money_head=("预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"),
                   money=(100, 100, 1, 20), head=head, rows=rows)
    _, found = lint(tmp_path, sheet(*grid), select=["PX111", "PX113", "PX201"])
    assert found == {("PX201", "G8"), ("PX111", "G9")}   # judged against the labels' points
    grid[8][2], grid[8][6] = "质量指标20分", 20   # 产出指标40分 over 数量 15 + 质量 20: the labels disagree
    _, found = lint(tmp_path, sheet(*grid), file="b.xlsx", select=["PX111", "PX113"])
    assert found == {("PX113", "B8")}
    grid[8][2] = "质量指标"   # one row's points unknown: the block cannot be added up
    _, found = lint(tmp_path, sheet(*grid), file="c.xlsx", select=["PX111", "PX113"])
    assert found == set()


def test_numbered_parent_rows_over_their_children(tmp_path):
    # 云南 保山: "一、示范区建立 15" sums "1、… 5" × 3; the total counts the parents, not both
    head = ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"]
    rows = [["产出指标", "数量指标", "一、示范区建立", "≧2000亩", "2000亩", 15],
            [None, None, "1、水稻侧深施肥", "≧500亩", "500亩", 5],
            [None, None, "2、玉米种肥同播", "≧1000亩", "1000亩", 5],
            [None, None, "3、施用配方肥", "≧500亩", "500亩", 5],
            [None, None, "二、田间试验", "≧15组", "15组", 15],
            [None, None, "1、肥料利用率", "≧5组", "5组", 5],
            [None, None, "2、化肥减量增效", "≧10组", "10组", 9],
            ["效益指标", "社会效益指标", "受益农户数", "5000户", "5000户", 50],
            ["总分", None, None, None, None, 100]]
    grid = project(money_head=("预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"),
                   money=(100, 100, 1, 20), head=head, rows=rows)
    grid[-1] = ["总分", None, None, None, None, None, 100]   # 20 + 15 + 15 + 50: the parents counted once
    _, found = lint(tmp_path, sheet(*grid, merges=["C8:C14"]), select=["PX114", "PX115"])
    assert found == {("PX115", "G12")}   # 二、田间试验 15, its rows 5 + 9 = 14


def test_a_score_table_is_named_by_the_report_cover_lines(tmp_path):
    table = [["一级指标", "二级指标", "三级指标", "分值", "指标评价内容", "得分"],
             ["项目决策（20分）", "科学决策（10分）", "必要性", 10, "符合政策", 10],
             [None, "绩效目标（10分）", "明确性", 10, "目标明确", 9],
             ["总分", None, None, 20, None, 19]]
    cover = [["仪陇县2018年国省县乡道路养护项目绩效评价报告"], ["评价对象：国省县乡道路养护及道班房维修"],
             ["被评价单位：仪陇县交通运输局"], ["评价机构：四川某会计师事务所"], []]
    forms, _ = lint(tmp_path, sheet(*cover, *table, name="附表2"))
    f = forms[0]
    assert (f["kind"], f["project"], f["unit"], f["year"]) == ("score_table", "国省县乡道路养护及道班房维修",
                                                               "仪陇县交通运输局", 2018)
    forms, _ = lint(tmp_path, sheet(*table, name="附表2"), file="b.xlsx")
    assert (forms[0]["project"], forms[0]["unit"]) == ("附表2", "")   # no cover: the sheet's name
