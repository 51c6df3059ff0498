"""The real corpus moved as clerks move a form, each document's key moved with it: what the reader
reads must not depend on where a form sits, what its sheet is called, how its labels are spaced,
whether its cells are merged, whether its numbers were typed as text, or whether it was saved as
an old .xls.

`python tests/real/moved.py` prints each variant's figures beside the corpus as published (the same
run) and every miss a variant adds; tests/test_real_moved.py holds each to the published figures."""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]   # measure, realbuild; the repository's devtools

from measure import measure  # noqa: E402
from realbuild import corpus, load  # noqa: E402


def relaid(doc: dict, rows_of: Callable[[list], list], cell: Callable[[int, int], tuple[int, int]],
           end: Callable[[int, int], tuple[int, int]] | None = None) -> dict:
    """The document with every sheet's rows laid out anew (rows_of) and every reference moved with them:
    cell(column, row) gives a cell's new place, end(column, row) a merged range's last cell's (default:
    cell's), in the merges, the formats and the key's findings."""
    doc, end = copy.deepcopy(doc), end or cell

    def moved(ref: str, place=cell) -> str:
        letters, row = coordinate_from_string(ref)
        c, r = place(column_index_from_string(letters), row)
        return f"{get_column_letter(c)}{r}"

    for sheet in doc["sheets"]:
        sheet["rows"] = rows_of(sheet["rows"])
        sheet["merges"] = [f"{moved(a)}:{moved(b, end)}" for a, b in (m.split(":") for m in sheet.get("merges", []))]
        sheet["formats"] = {moved(k): v for k, v in sheet.get("formats", {}).items()}
    for finding in doc["key"]["findings"]:
        finding["cell"] = moved(finding["cell"])
    return doc


def shifted(doc: dict, rows: int, cols: int, caption: str | None = None) -> dict:
    """Every sheet moved down and right (a form pasted at B3), with a caption in the new first row."""
    top = [[caption] if caption and i == 0 else [None] for i in range(rows)]
    return relaid(doc, lambda grid: top + [[None] * cols + list(row) for row in grid], lambda c, r: (c + cols, r + rows))


def spread(doc: dict) -> dict:
    """An empty column after every column, as a form converted from a PDF comes (each merged range
    spans the spacer after it too). PX301 leaves the comparison: an empty field's cell is the one
    just after its label, which is now the spacer."""
    return relaid(doc, lambda grid: [[x for value in row for x in (value, None)][:-1] for row in grid],
                  lambda c, r: (2 * c - 1, r), lambda c, r: (2 * c, r))


def spaced_rows(doc: dict) -> dict:
    """An empty row after every row, as some conversions from a PDF come (row r moves to 2r − 1; a
    merged range spans the empty rows inside it)."""
    return relaid(doc, lambda grid: [x for row in grid for x in (row, [None])][:-1], lambda c, r: (c, 2 * r - 1))


def renamed(doc: dict) -> dict:
    """Sheets named as a new workbook names them (Sheet1, Sheet2, …): no word of the form's title."""
    doc = copy.deepcopy(doc)
    names = {}
    for i, sheet in enumerate(doc["sheets"], 1):
        names[sheet["name"][:31]] = sheet["name"] = f"Sheet{i}"
    for entry in doc["key"]["forms"] + doc["key"]["findings"]:
        entry["sheet"] = names[entry["sheet"][:31]]
    return doc


def as_text(doc: dict) -> dict:
    """Every number typed as text, as pasted from a web page or a Word table: 1,304.23 with its
    thousands separators, "98.09%" where the cell was a percent. PX305 is then right wherever it
    applies, so it leaves the comparison."""
    doc = copy.deepcopy(doc)
    for sheet in doc["sheets"]:
        formats = sheet.pop("formats", {})
        for r, row in enumerate(sheet["rows"], 1):
            for c, value in enumerate(row, 1):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    percent = "%" in formats.get(f"{get_column_letter(c)}{r}", "")
                    row[c - 1] = _typed(value * 100) + "%" if percent else _typed(value)
        sheet["formats"] = {}
    return doc


def _typed(number: float) -> str:
    """A number as a clerk types it: its digits (no exponent), thousands separated from 1,000 on."""
    return f"{number:,.10f}".rstrip("0").rstrip(".") if abs(number) >= 1000 else f"{number:.10f}".rstrip("0").rstrip(".")


def retyped(doc: dict, change: Callable[[str], str]) -> dict:
    """The document with change(text) typed in place of every text cell's value."""
    doc = copy.deepcopy(doc)
    for sheet in doc["sheets"]:
        for row in sheet["rows"]:
            row[:] = [change(v) if isinstance(v, str) else v for v in row]
    return doc


_FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
_NUMBER_TEXT = re.compile(r"-?[\d,]+(?:\.\d+)?%?")


def full_width(doc: dict) -> dict:
    """as_text, typed with a Chinese input method in full-width mode: ９５．５, ７２，８９０, １００％."""
    return retyped(as_text(doc), lambda t: t.translate(_FULL_WIDTH) if _NUMBER_TEXT.fullmatch(t) else t)


def trailing_space(doc: dict) -> dict:
    """A space after every text, as a copy from a web page or a Word table leaves it."""
    return retyped(doc, lambda t: t + " " if t.strip() else t)


def wrapped(doc: dict) -> dict:
    """A line break typed into the middle of every text of six characters or more (Alt+Enter, to
    wrap a long name in its cell; a PDF's converter leaves them too)."""
    def wrap(text: str) -> str:
        t = text.strip()
        return t[:len(t) // 2] + "\n" + t[len(t) // 2:] if len(t) >= 6 and "\n" not in text else text
    return retyped(doc, wrap)


def stacked(doc: dict) -> dict:
    """The first sheet's form twice, one below the other with two empty rows between (a unit's
    projects in one sheet); only for a document published whole (a cut form has no end)."""
    doc = copy.deepcopy(doc)
    sheet, name = doc["sheets"][0], doc["sheets"][0]["name"][:31]
    below = len(sheet["rows"]) + 2
    second = shifted({"sheets": [sheet], "key": {"findings": [f for f in doc["key"]["findings"]
                                                              if f["sheet"][:31] == name]}}, below, 0)
    sheet["rows"] = sheet["rows"] + [[None], [None]] + second["sheets"][0]["rows"][below:]
    sheet["merges"] = sheet.get("merges", []) + second["sheets"][0]["merges"]
    sheet["formats"] = {**sheet.get("formats", {}), **second["sheets"][0]["formats"]}
    doc["key"]["forms"] += [dict(f) for f in doc["key"]["forms"] if f["sheet"][:31] == name]
    doc["key"]["findings"] += second["key"]["findings"]
    return doc


# Labels many forms print spaced out to fill their cell (项 目 名 称), in the forms' own words
SPACED = frozenset(("项目名称", "主管部门", "实施单位", "单位名称", "一级指标", "二级指标", "三级指标", "年度指标值",
                    "实际完成值", "指标值", "完成值", "分值", "权重", "得分", "总分", "合计", "年初预算数",
                    "全年预算数", "全年执行数", "执行率", "预算执行率", "评价等级"))


def spaced(doc: dict) -> dict:
    """Every label of SPACED written with a space between its characters, as typed to fill a cell."""
    return retyped(doc, lambda t: " ".join(t.strip()) if t.strip() in SPACED else t)


def unmerged(doc: dict) -> dict:
    """No merged range left, as some systems export a form: a label stands in its first cell only."""
    doc = copy.deepcopy(doc)
    for sheet in doc["sheets"]:
        sheet["merges"] = []
    return doc


# A 填表说明 sheet before the form, as many templates carry one: the form's words, none of its layout
INSTRUCTIONS = ("填表说明：",
                "1．项目名称：填写预算批复的项目全称；实施单位：填写项目实施单位全称。",
                "2．项目资金：年初预算数、全年预算数、全年执行数按决算数据填写，执行率=全年执行数/全年预算数。",
                "3．一级指标、二级指标、三级指标：按批复的绩效目标填写，年度指标值按批复的指标值填写。",
                "4．实际完成值：填写年度实际完成情况；分值、得分：总分100分，其中预算执行率10分。",
                "5．偏差原因分析及改进措施：实际完成值与年度指标值偏差较大的，须说明原因。",
                "6．评价等级：90分（含）以上为优，80（含）-90分为良，60（含）-80分为中，60分以下为差。")


def with_instructions(doc: dict) -> dict:
    """A 填表说明 sheet of the template's instructions before the form's sheets."""
    doc = copy.deepcopy(doc)
    doc["sheets"].insert(0, {"name": "填表说明", "rows": [[line] for line in INSTRUCTIONS], "merges": [],
                             "formats": {}})
    return doc


# A table of the project's spending that some units attach under the form: numbers, a 合计, no scores
DETAIL = (("附表：项目支出明细",), ("序号", "支出内容", "金额（万元）", "备注"), (1, "设备购置", 12.5, None),
          (2, "劳务费", 8, "按合同支付"), (3, "其他支出", 3.2, None), ("合计", None, 23.7, None))


def with_detail(doc: dict) -> dict:
    """Two empty rows and DETAIL under every sheet's form (only for documents published whole: under a
    form cut off mid-table it would read as the table's end)."""
    doc = copy.deepcopy(doc)
    for sheet in doc["sheets"]:
        sheet["rows"] = sheet["rows"] + [[None], [None]] + [list(row) for row in DETAIL]
    return doc


def whole() -> list[Path]:
    return [p for p in corpus() if not load(p).get("partial")]


def as_xls(workbooks: list[Path], folder: Path) -> list[Path]:
    """The workbooks saved by LibreOffice as Excel 97–2003 .xls, as many units still send them:
    no number formats are read from one, so a percent cell is a bare fraction to the reader."""
    from devtools.libreoffice import convert

    # one LibreOffice call a batch of distinct names (two documents may give one workbook name)
    batches: list[dict[str, int]] = []
    for i, path in enumerate(workbooks):
        batch = next((b for b in batches if path.name not in b), None)
        if batch is None:
            batches.append(batch := {})
        batch[path.name] = i
    saved: list[Path] = list(workbooks)
    for k, batch in enumerate(batches):
        for i, out in zip(batch.values(), convert([workbooks[i] for i in batch.values()], folder / str(k), "xls")):
            saved[i] = out
    return saved


class Variant(NamedTuple):
    move: Callable[[dict], dict]        # a document (and its key) moved
    docs: Callable[[], list[Path]]      # the documents it applies to
    leave_out: str | None = None        # a rule right wherever it applies, left out of the comparison
    convert: Callable | None = None     # measure's convert: the workbooks saved otherwise


VARIANTS = {
    "2 rows down, 1 column right": Variant(lambda d: shifted(d, 2, 1), corpus),
    "an empty column after every column (from a PDF)": Variant(spread, corpus, "PX301"),
    "an empty row after every row (from a PDF)": Variant(spaced_rows, corpus),
    "a caption (附件2) above": Variant(lambda d: shifted(d, 2, 0, "附件2"), corpus),
    "sheets named Sheet1, Sheet2": Variant(renamed, corpus),
    "a 填表说明 sheet of instructions first": Variant(with_instructions, corpus),
    "labels spaced out (项 目 名 称)": Variant(spaced, corpus),
    "no merged ranges": Variant(unmerged, corpus),
    "numbers typed as text": Variant(as_text, corpus, "PX305"),
    "numbers typed in full width (１００％)": Variant(full_width, corpus, "PX305"),
    "a space after every text": Variant(trailing_space, corpus),
    "a line break typed into every long text": Variant(wrapped, corpus),
    "the form twice in its sheet": Variant(stacked, whole),
    "a table of its spending under the form": Variant(with_detail, whole),
    "saved as .xls (Excel 97–2003)": Variant(lambda d: d, corpus, None, as_xls),
}


def without(rule: str | None):
    """A variant's step that drops a rule from the document's key (its reports are dropped by score)."""
    def drop(doc: dict) -> dict:
        if rule:
            doc["key"]["findings"] = [f for f in doc["key"]["findings"] if f["rule"] != rule]
        return doc
    return drop


@cache
def published(docs, rule: str | None):
    """The corpus as published, scored as a variant with that rule left out is."""
    return measure(without(rule), docs(), ignore=rule)


def compare(name: str):
    """(the published corpus's score, the variant's) on the same documents, in one run."""
    v = VARIANTS[name]
    keep = without(v.leave_out)
    return (published(v.docs, v.leave_out),
            measure(lambda d: keep(v.move(d)), v.docs(), ignore=v.leave_out, convert=v.convert))


def main() -> None:
    for name in VARIANTS:
        before, moved = compare(name)
        print(f"{name}: {json.dumps(moved.figures())} (as published: {json.dumps(before.figures())})")
        for line in moved.misses[:40] if moved.figures() != before.figures() else ():
            print("   ", line)


if __name__ == "__main__":
    main()
