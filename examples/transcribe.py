#!/usr/bin/env python
"""Write the example workbooks, the targets roster and the linter's answer key.

    python examples/transcribe.py [--out DIR]      (default: this folder)

Everything comes from the data literals in ``examples/source/`` (transcribed from the seed
PDFs in /work/shared/seeds); the output is byte-for-byte deterministic.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import forms  # noqa: E402
import reports  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Font  # noqa: E402
from render import cell_value, display, locate  # noqa: E402
from source import (  # noqa: E402
    guangyuan_a,
    guangyuan_b,
    jiayuguan,
    jinzhai_a,
    jinzhai_b,
    jinzhai_c,
    jinzhai_common,
    jinzhai_eval,
    yiyang,
    yuanjiang,
)

JINZHAI = "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
YIYANG = "益阳市医疗保障局2022年度项目支出绩效自评表.xlsx"
GUANGYUAN = "广元市2023年度转移支付区域绩效目标自评表.xlsx"
YUANJIANG = "沅江市医疗保障局2023年度部门整体支出绩效自评表.xlsx"
JIAYUGUAN = "嘉峪关市2023年城乡居民医疗保险市级财政补助项目绩效评价.xlsx"
JINZHAI_FORMS = jinzhai_a.FORMS + jinzhai_b.FORMS + jinzhai_c.FORMS
GUANGYUAN_FORMS = [guangyuan_a.FORM_1, guangyuan_a.FORM_2, guangyuan_b.FORM_3]

FORM_COLUMNS = ["县区/单位", "表类型", "年度", "项目名称", "主管部门", "实施单位", "中央主管部门", "年初预算数", "全年预算数"]
IND_COLUMNS = ["县区/单位", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值"]
NA = "本指标不适用"
FIXED_TIME = dt.datetime(2024, 1, 1)


def sheet_name(seq: int, project: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", f"{seq}-{project}")[:31]


class Book:
    """One output workbook plus the answer-key entries found on its sheets."""

    def __init__(self, filename: str):
        self.filename, self.wb, self.findings = filename, Workbook(), []
        self.wb.remove(self.wb.active)

    def sheet(self, name: str):
        assert len(name) <= 31 and name not in self.wb.sheetnames, name
        return self.wb.create_sheet(name)

    def key(self, ws, anchors: dict, findings: list, rows: list | None = None) -> None:
        for rule, at, note, *extra in findings:
            cell = locate(anchors, at, rows)
            shown = display(ws[cell].value, ws[cell].number_format)
            if shown not in note:  # the note must quote what the cell holds
                raise AssertionError(f"{self.filename}!{ws.title}!{cell}: {shown!r} not in {note!r}")
            self.findings.append({"file": self.filename, "sheet": ws.title, "rule": rule, "cell": cell,
                                  "note": ("extra: " if extra else "") + note})

    def save(self, out: Path) -> None:
        props = self.wb.properties
        props.creator, props.created, props.modified = "perfxl examples/transcribe.py", FIXED_TIME, FIXED_TIME
        self.wb.save(out / self.filename)
        normalize_zip(out / self.filename)


def normalize_zip(path: Path) -> None:
    """Pin the zip entry times and the core.xml modified stamp that openpyxl sets to now()."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def project_book(filename: str, items: list[tuple[str, dict]]) -> Book:
    book = Book(filename)
    for name, form in items:
        ws = book.sheet(name)
        anchors = forms.project_form(ws, form)
        book.key(ws, anchors, form["findings"], form["indicators"])
    return book


def jinzhai_book() -> Book:
    book = Book(JINZHAI)
    reports.project_list(book.sheet("项目清单"), "金寨县医疗保障局2022年度绩效自评项目清单",
                         jinzhai_common.PROJECT_LIST)
    for form in JINZHAI_FORMS:
        ws = book.sheet(sheet_name(form["seq"], form["project"]))
        book.key(ws, forms.project_form(ws, form), form["findings"], form["indicators"])
    ws = book.sheet("评价评分表")
    book.key(ws, reports.jinzhai_scores(ws, jinzhai_eval), jinzhai_eval.FINDINGS)
    return book


def guangyuan_book() -> Book:
    book = Book(GUANGYUAN)
    for form in GUANGYUAN_FORMS:
        ws = book.sheet(sheet_name(form["seq"], form["项目名称"]))
        book.key(ws, forms.transfer_form(ws, form), form["findings"], form["indicators"])
    return book


def yuanjiang_book() -> Book:
    book = Book(YUANJIANG)
    reports.yuanjiang_basic(book.sheet("基础数据表"), yuanjiang.BASIC)
    ws = book.sheet("部门整体支出绩效自评表")
    form = yuanjiang.FORM
    book.key(ws, forms.department_form(ws, form), form["findings"], form["indicators"])
    return book


def jiayuguan_book() -> Book:
    book = Book(JIAYUGUAN)
    ws = book.sheet("绩效评价")
    book.key(ws, reports.jiayuguan(ws, jiayuguan), jiayuguan.FINDINGS)
    return book


# ---------------------------------------------------------------- roster

def number(raw):
    value, _ = cell_value(raw)
    assert value is None or isinstance(value, (int, float)), raw
    return value


def roster() -> tuple[list[list], list[list], list[str]]:
    """(表单 rows, 指标 rows, projects left out of 指标 because their weights do not add to 90)."""
    form_rows, ind_rows, left_out = [], [], []

    def indicators(group: str, project: str, rows: list, scored: bool) -> None:
        rows = [r for r in rows if r[2]]  # rows the form leaves blank apart from a 二级 label
        weights = [number(r[5]) for r in rows if r[2] != NA] if scored else []
        if scored and sum(w or 0 for w in weights) != 90:
            left_out.append(project)
            return
        for r in rows:
            weight = number(r[5]) if scored and r[2] != NA else None
            ind_rows.append([group, project, r[0], r[1], r[2], r[3], weight])

    group = jinzhai_common.UNIT_GROUP
    by_seq = {f["seq"]: f for f in JINZHAI_FORMS}
    for seq, name in jinzhai_common.PROJECT_LIST:
        f = by_seq.get(seq)
        total = f["funds"][0] if f else (None,) * 7
        form_rows.append([group, "项目支出", 2022, name, jinzhai_common.DEPT, jinzhai_common.UNIT, None,
                          number(total[1]), number(total[2])])
        if f:
            assert f["project"] == name
            indicators(group, name, f["indicators"], True)
    f, group = yiyang.FORM, "益阳市医疗保障局"
    form_rows.append([group, "项目支出", 2022, f["project"], f["dept"], f["unit"], None,
                      number(f["funds"][0][1]), number(f["funds"][0][2])])
    indicators(group, f["project"], f["indicators"], True)
    group = "广元市医疗保障局"
    for f in GUANGYUAN_FORMS:
        form_rows.append([group, "转移支付", 2023, f["项目名称"], f["地方主管部门"], f["资金使用单位"],
                          f["中央主管部门"], None, number(f["funds"][0][1])])
        indicators(group, f["项目名称"], f["indicators"], False)
    f, group = yuanjiang.FORM, "沅江市医疗保障局"
    # The roster is the bureau's own plan: its name, not the form's 南京 slip.
    form_rows.append([group, "部门整体", 2023, "部门整体支出", None, group, None,
                      number(f["funds"][0]), number(f["funds"][1])])
    indicators(group, "部门整体支出", f["indicators"], True)
    return form_rows, ind_rows, left_out


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def write_roster(out: Path) -> list[str]:
    form_rows, ind_rows, left_out = roster()
    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows, widths in (("表单", FORM_COLUMNS, form_rows, [18, 10, 6, 50, 24, 30, 20, 10, 10]),
                                       ("指标", IND_COLUMNS, ind_rows, [18, 40, 16, 18, 60, 24, 6])):
        ws = wb.create_sheet(name)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for col, width in zip("ABCDEFGHI", widths):
            ws.column_dimensions[col].width = width
    props = wb.properties
    props.creator, props.created, props.modified = "perfxl examples/transcribe.py", FIXED_TIME, FIXED_TIME
    wb.save(out / "roster.xlsx")
    normalize_zip(out / "roster.xlsx")
    for filename, header, rows in (("roster_forms.csv", FORM_COLUMNS, form_rows),
                                   ("roster_indicators.csv", IND_COLUMNS, ind_rows)):
        with open(out / filename, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([csv_text(v) for v in row] for row in rows)
    return left_out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: examples/)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    books = [
        jinzhai_book(),
        project_book(YIYANG, [("医疗服务和保障能力提升", yiyang.FORM)]),
        guangyuan_book(),
        yuanjiang_book(),
        jiayuguan_book(),
    ]
    findings = []
    for book in books:
        book.save(args.out)
        findings += book.findings
    with open(args.out / "expected_findings.json", "w", encoding="utf-8") as fh:
        json.dump(findings, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    left_out = write_roster(args.out)
    if left_out != ["人员经费"]:
        raise AssertionError(f"unexpected forms left out of the 指标 sheet: {left_out}")
    print(f"wrote {len(books)} workbooks, roster and {len(findings)} answer-key entries to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
