"""Rule cases as data: tests/rules/PXnnn.toml, one file per rule, read and built into workbooks.

A case names what it changes in a clean form the way a clerk names it: a row by its label (年度资金总额,
a 三级指标 such as 监督检查覆盖率, 总分, 评价等级), a column by its header (全年执行数, 得分 …), a header
field by its label (实施单位). `spec_of` turns those edits into lintkit's spec dict; a name it does not
know raises CaseError, so a typo in a case file fails instead of testing an unchanged form.

File format (every key is checked, see KEYS):

    [[case]]
    name = "over-execution scored above weight"   # unique in the file; the test id is PX102:<name>
    file = "金寨县医疗保障局2022.xlsx"             # optional: the workbook's file name (PX304 reads it)
    base = { grade = "优" }                        # optional: form = "project" | "score_table", grade
    edits = [                                      # applied in order to the clean form of `base`
      { row = "年度资金总额", column = "全年执行数", value = 105.68 },
      { row = "验收合格率", column = "实际完成值", empty = true },   # an empty cell (TOML has no null)
      { field = "实施单位", value = "…" },          # 项目名称, 主管部门, 实施单位 (标题 too)
      { row = "评价等级", value = "良" },           # the grade row (empty = true removes it)
      { drop = "服务对象满意度" },                   # remove a row by its label
      # a new last indicator row; TOML keys other than A-Z a-z 0-9 _ - need quotes
      { append = { "二级指标" = "生态效益指标", "三级指标" = "本指标不适用" } },
    ]
    expect = [ { cell = "H6", expected = 10, actual = 10.57 } ]   # every finding of the rule; [] = silent

`expected` / `actual` are the values the report gives; leave one out where the report gives none
(null). Several forms in one workbook: `forms = [ { edits = [...] }, { base = {...}, edits = [...] } ]`
instead of base/edits, and a `sheet` in every expect entry (sheets are named 1-<项目名称>, 2-…).
"""

from __future__ import annotations

import copy
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lintkit import CLEAN, DEPARTMENT, SCORE_TABLE

RULES_DIR = Path(__file__).parent / "rules"
DEFAULT_FILE = "金寨县医疗保障局2022.xlsx"
TOLERANCE = 1e-6

KEYS = {
    "file": {"case"},
    "case": {"name", "file", "base", "edits", "forms", "expect"},
    "form": {"base", "edits"},
    "base": {"form", "grade"},
    "expect": {"sheet", "cell", "expected", "actual"},
}
# The shapes an edit may take (its set of keys decides which one it is).
EDIT_SHAPES = [
    ({"row", "column", "value"}, "set a cell"),
    ({"row", "column", "empty"}, "empty a cell"),
    ({"row", "value"}, "set the grade (row 评价等级 only)"),
    ({"row", "empty"}, "remove the grade (row 评价等级 only)"),
    ({"field", "value"}, "set a header field"),
    ({"field", "empty"}, "empty a header field"),
    ({"drop"}, "remove a row"),
    ({"append"}, "append an indicator row"),
    ({"insert", "after"}, "insert a money-block row after the row labelled `after`"),
]

# Columns as the clerk sees them, by the block their row belongs to (index into the spec's row lists).
FUND_COLUMNS = {"年初预算数": 1, "全年预算数": 2, "全年执行数": 3, "分值": 4, "执行率": 5, "得分": 6}
IND_COLUMNS = {"一级指标": 0, "二级指标": 1, "三级指标": 2, "年度指标值": 3, "实际完成值": 4, "分值": 5, "得分": 6,
               "偏差原因分析及改进措施": 7}
TOTAL_COLUMNS = {"分值": 0, "得分": 1}
FIELDS = {"标题": "title", "项目名称": "project", "主管部门": "dept", "实施单位": "unit"}
TOTAL, GRADE = "总分", "评价等级"
# Score tables (lintkit.SCORE_TABLE): rows by 二级指标, a 小计 row by its block (过程小计), 合计.
SCORE_COLUMNS = {"一级指标": 0, "二级指标": 1, "分值": 2, "得分": 3, "得分率": 4}
SCORE_TOTAL_COLUMNS = {"分值": 0, "得分": 1, "得分率": 2}
SCORE_TOTAL = "合计"
FORMS = {"project": CLEAN, "score_table": SCORE_TABLE, "department": DEPARTMENT}
# Department forms (lintkit.DEPARTMENT): a part of 按收入性质分 / 按支出性质分 by its label, its one amount.
PART_COLUMNS = {"金额": 1}
# A row inserted into the money block (a 其中 line): { insert = { 项目资金 = "其中：中央资金", 全年预算数 = 60 },
# after = "其中：本年财政拨款" }; the label goes under 项目资金, the amounts under their columns.
FUND_LABEL = "项目资金"


class CaseError(ValueError):
    """A case file that cannot be read as written (unknown key, row, column or field)."""


@dataclass
class Case:
    rule: str
    name: str
    file: str
    specs: list[dict]                      # one lintkit spec per form, in sheet order
    expect: list[dict]
    by_sheet: bool = False                 # expect entries name their sheet
    source: Path = field(default_factory=Path)

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.name}"


# --- reading files ---------------------------------------------------------------------------------

def case_files() -> list[Path]:
    return sorted(RULES_DIR.glob("*.toml"))


def read_file(path: Path) -> list[Case]:
    """Every case of one rule file, checked and built; CaseError names the file and the case."""
    rule = path.stem
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(f"{path.name}: not valid TOML: {exc}") from None
    _known(data, "file", path.name)
    if not isinstance(data.get("case", []), list):
        raise CaseError(f"{path.name}: write each case as [[case]] (a list), not [case]")
    cases, names = [], set()
    for i, raw in enumerate(data.get("case", [])):
        where = f"{path.name}, case {i + 1}" + (f" ({raw.get('name')!r})" if isinstance(raw, dict) else "")
        try:
            case = _case(rule, raw, path)
        except CaseError as exc:
            raise CaseError(f"{where}: {exc}") from None
        if case.name in names:
            raise CaseError(f"{where}: a second case of this name")
        names.add(case.name)
        cases.append(case)
    if not cases:
        raise CaseError(f"{path.name}: no [[case]]")
    return cases


def all_cases() -> list[Case]:
    return [case for path in case_files() for case in read_file(path)]


def _known(table: dict, what: str, where: str) -> None:
    if not isinstance(table, dict):
        raise CaseError(f"{where}: {what} must be a table, not {table!r}")
    unknown = set(table) - KEYS[what]
    if unknown:
        raise CaseError(f"{where}: unknown {what} key(s) {sorted(unknown)}; known: {sorted(KEYS[what])}")


def _case(rule: str, raw: dict, path: Path) -> Case:
    _known(raw, "case", "case")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CaseError("needs a name")
    if "expect" not in raw:
        raise CaseError("needs expect (a list of findings; [] where the rule must stay silent)")
    if "forms" in raw:
        if "base" in raw or "edits" in raw:
            raise CaseError("give either forms or base/edits, not both")
        forms = raw["forms"]
        if not isinstance(forms, list) or not forms:
            raise CaseError("forms must be a non-empty list of { base, edits }")
    else:
        forms = [{k: raw[k] for k in ("base", "edits") if k in raw}]
    specs = []
    for k, f in enumerate(forms):
        _known(f, "form", f"form {k + 1}")
        specs.append(spec_of(f.get("base", {}), f.get("edits", [])))
    expect = raw["expect"]
    if not isinstance(expect, list):
        raise CaseError("expect must be a list")
    for e in expect:
        _known(e, "expect", "expect entry")
        if not isinstance(e.get("cell"), str):
            raise CaseError(f"expect entry {e!r} needs a cell such as \"H6\"")
    with_sheet = {("sheet" in e) for e in expect}
    if len(with_sheet) > 1:
        raise CaseError("name the sheet in every expect entry or in none")
    by_sheet = with_sheet == {True}
    if len(specs) > 1 and expect and not by_sheet:
        raise CaseError("a case of several forms must name the sheet of each expected finding")
    file = raw.get("file", DEFAULT_FILE)
    if not isinstance(file, str) or not file.endswith(".xlsx"):
        raise CaseError(f"file must be an .xlsx name, not {file!r}")
    return Case(rule, name, file, specs, expect, by_sheet, path)


# --- edits ----------------------------------------------------------------------------------------

def spec_of(base: dict, edits: list) -> dict:
    """The lintkit spec of a clean form of kind base["form"], with the edits applied in order."""
    _known(base, "base", "base")
    kind = base.get("form", "project")
    if kind not in FORMS:
        raise CaseError(f"base form {kind!r} unknown; known: {sorted(FORMS)}")
    spec = copy.deepcopy(FORMS[kind])
    if "grade" in base:
        if kind != "project":
            raise CaseError("base grade is for project forms")
        spec["grade"] = base["grade"]
    if not isinstance(edits, list):
        raise CaseError("edits must be a list")
    for e in edits:
        try:
            apply(spec, e)
        except CaseError as exc:
            raise CaseError(f"edit {e!r}: {exc}") from None
    return spec


def apply(spec: dict, e: dict) -> None:
    """Apply one edit to spec in place."""
    if not isinstance(e, dict):
        raise CaseError("an edit is a table such as { row = …, column = …, value = … }")
    shapes = [what for keys, what in EDIT_SHAPES if set(e) == keys]
    if not shapes:
        raise CaseError(f"keys {sorted(e)} fit no edit; an edit is one of: "
                        + "; ".join(f"{{{', '.join(sorted(k))}}} ({w})" for k, w in EDIT_SHAPES))
    if "empty" in e and e["empty"] is not True:
        raise CaseError("empty must be true (leave the key out otherwise)")
    value = e.get("value")  # None where empty = true
    if "field" in e:
        fields = FIELDS if spec.get("form") != "score_table" else {"标题": "title"}
        if e["field"] not in fields:
            raise CaseError(f"unknown field {e['field']!r}; known: {', '.join(fields)}")
        spec[fields[e["field"]]] = value
    elif "drop" in e:
        _drop(spec, e["drop"])
    elif "append" in e:
        _append(spec, e["append"])
    elif "insert" in e:
        _insert(spec, e["insert"], e["after"])
    elif "column" in e:
        rows, index = _cell(spec, e["row"], e["column"])
        rows[index] = value
    else:  # { row, value }: the grade row
        if e["row"] != GRADE or spec.get("form") == "score_table":
            raise CaseError(f"a row without a column is only {GRADE!r} (of a project form): give a column")
        spec["grade"] = value


def _labelled(spec: dict) -> list[tuple[str, str, list]]:
    """(label, block, row) for every row a case may name by its label."""
    if spec.get("form") == "score_table":
        return [(r[0] + "小计" if r[1] == "小计" and r[0] else r[1], "score", r) for r in spec["rows"]]
    parts = [(r[0], "part", r) for r in spec.get("income", []) + spec.get("expense", [])]
    return [(r[0], "fund", r) for r in spec["fund"]] + parts + [(r[2], "indicator", r) for r in spec["rows"]]


def _find(spec: dict, label: str) -> tuple[str, list]:
    if not isinstance(label, str):
        raise CaseError(f"a row label is text, not {label!r}")
    hits = [(block, row) for name, block, row in _labelled(spec) if name == label]
    if len(hits) > 1:
        raise CaseError(f"row label {label!r} names {len(hits)} rows at this point; edit them before they "
                        "share a label")
    if not hits:
        special = [TOTAL, GRADE] if spec.get("form") != "score_table" else [SCORE_TOTAL]
        known = [n for n, _, _ in _labelled(spec) if n] + special
        raise CaseError(f"no row labelled {label!r}; rows: {', '.join(known)}")
    return hits[0]


def _cell(spec: dict, label: str, column: str) -> tuple[list, int]:
    """The row list and index that hold (row label, column name)."""
    score_table = spec.get("form") == "score_table"
    if label == (SCORE_TOTAL if score_table else TOTAL):
        columns, row = (SCORE_TOTAL_COLUMNS if score_table else TOTAL_COLUMNS), spec["total"]
    elif label == GRADE and not score_table:
        raise CaseError(f"{GRADE} has no columns: {{ row = \"{GRADE}\", value = … }}")
    else:
        block, row = _find(spec, label)
        columns = {"fund": FUND_COLUMNS, "indicator": IND_COLUMNS, "score": SCORE_COLUMNS, "part": PART_COLUMNS}[block]
    if column not in columns:
        raise CaseError(f"row {label!r} has no column {column!r}; its columns: {', '.join(columns)}")
    return row, columns[column]


def _drop(spec: dict, label: str) -> None:
    if label == GRADE and spec.get("form") != "score_table":
        spec["grade"] = None
        return
    _, row = _find(spec, label)
    for key in ("fund", "rows", "income", "expense"):
        if any(r is row for r in spec.get(key, [])):
            spec[key] = [r for r in spec[key] if r is not row]


def _append(spec: dict, cells: dict) -> None:
    if spec.get("form") == "score_table":
        raise CaseError("append is for indicator rows of a project form")
    if not isinstance(cells, dict) or not cells:
        raise CaseError("append takes a table of column = value, e.g. { 三级指标 = \"…\" }")
    unknown = set(cells) - set(IND_COLUMNS)
    if unknown:
        raise CaseError(f"unknown indicator column(s) {sorted(unknown)}; known: {', '.join(IND_COLUMNS)}")
    row = [None] * len(IND_COLUMNS)
    for column, value in cells.items():
        row[IND_COLUMNS[column]] = value
    spec["rows"].append(row)


def _insert(spec: dict, cells: dict, after: str) -> None:
    if spec.get("form") == "score_table":
        raise CaseError("insert is for the money block of a project or department form")
    if not isinstance(cells, dict) or not isinstance(cells.get(FUND_LABEL), str):
        raise CaseError(f"insert takes a table with the row's label under {FUND_LABEL!r} and its amounts")
    unknown = set(cells) - set(FUND_COLUMNS) - {FUND_LABEL}
    if unknown:
        raise CaseError(f"unknown money column(s) {sorted(unknown)}; known: {FUND_LABEL}, {', '.join(FUND_COLUMNS)}")
    block, row = _find(spec, after)
    if block != "fund":
        raise CaseError(f"{after!r} is no row of the money block")
    new = [cells[FUND_LABEL]] + [None] * len(FUND_COLUMNS)
    for column, value in cells.items():
        if column != FUND_LABEL:
            new[FUND_COLUMNS[column]] = value
    at = next(i for i, r in enumerate(spec["fund"]) if r is row)
    spec["fund"].insert(at + 1, new)


# --- comparing findings ---------------------------------------------------------------------------

def same_value(want, got) -> bool:
    """Numbers within TOLERANCE (10 matches 10.0); anything else exactly, None only with None."""
    numbers = (int, float)
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got
    if isinstance(want, numbers) and isinstance(got, numbers):
        return math.isclose(want, got, rel_tol=0, abs_tol=TOLERANCE)
    return type(want) is type(got) and want == got


def same_finding(want: dict, got: dict) -> bool:
    return all(same_value(want.get(k), got.get(k)) for k in ("sheet", "cell", "expected", "actual")
               if k != "sheet" or "sheet" in want)


def unmatched(expect: list[dict], found: list[dict]) -> tuple[list[dict], list[dict]]:
    """(expected findings not reported, reported findings not expected), order-insensitive."""
    left = list(found)
    missing = []
    for want in expect:
        hit = next((i for i, got in enumerate(left) if same_finding(want, got)), None)
        if hit is None:
            missing.append(want)
        else:
            left.pop(hit)
    return missing, left


def show(f: dict) -> str:
    parts = [f"sheet={f['sheet']!r}"] if f.get("sheet") is not None else []
    parts += [f"cell={f.get('cell')}", f"expected={f.get('expected')!r}", f"actual={f.get('actual')!r}"]
    if f.get("message"):
        parts.append(f"message={f['message']!r}")
    return "{ " + ", ".join(parts) + " }"
