"""`perfxl new` against hostile rosters (issue #11): nothing escapes, clobbers, executes or half-writes."""

from __future__ import annotations

import csv
import re
import unicodedata
import zipfile

import pytest
from conftest import FORM_HEAD, IND_HEAD, JZ, JZ_FORM, JZ_INDICATORS, YJ_FORM, YJ_INDICATORS, write_roster
from formkit import ind_cell, top
from openpyxl import load_workbook

from perfxl.errors import RosterError
from perfxl.generate import generate, workbook_name
from perfxl.plan import FormRequest


def _unit(name: str, project: str = "医疗保障专项经费", unit: str | None = None) -> tuple[list, list]:
    """A form row and its indicator rows for a unit of another name (金寨's form, renamed)."""
    form = [name, *JZ_FORM[1:]]
    form[3] = project
    if unit is not None:
        form[5] = unit
    return form, [[name, project, *row[2:]] for row in JZ_INDICATORS]


def _roster(tmp_path, *units: tuple[list, list]):
    forms = [f for f, _ in units]
    indicators = [row for _, rows in units for row in rows]
    path = write_roster(tmp_path / "r.xlsx", forms, indicators)
    # A clerk's "=…" typed as text ('=… or a text-formatted cell) is text in the roster, not a formula.
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for cell in (c for row in ws.iter_rows() for c in row if c.data_type == "f"):
            cell.data_type = "s"
    wb.save(path)
    return path


def _nothing_written(outdir) -> bool:
    return not outdir.exists() or not any(outdir.iterdir())


# --- two units, one file name ---------------------------------------------------------------

SAME_FILE = {
    "space vs underscore": ("金寨县 医疗保障局", "金寨县_医疗保障局"),
    "slash vs colon": ("A/B", "A:B"),
    "case": ("Yiyang医保局", "YIYANG医保局"),
    "composed vs decomposed": ("Caf\u00e9医保局", "Cafe\u0301医保局"),
}


@pytest.mark.parametrize("names", SAME_FILE.values(), ids=list(SAME_FILE))
def test_units_sharing_a_file_name_are_an_error_naming_both_rows(tmp_path, names):
    first, second = names
    path = _roster(tmp_path, _unit(JZ), _unit(first), _unit(second))
    with pytest.raises(RosterError) as err:
        generate(path, tmp_path / "out")
    text = err.value.render("zh")
    assert text.startswith("名单有误，未生成任何文件")
    assert "表单" in text and "第3行" in text and "第4行" in text, text
    assert first in text and second in text, text
    assert "row 4" in err.value.render("en") and "row 3" in err.value.render("en")
    assert _nothing_written(tmp_path / "out")


# --- roster text is text, never a formula ---------------------------------------------------

HOSTILE_TEXT = '=HYPERLINK("http://x","y")'


def test_roster_text_is_written_as_literal_text(tmp_path):
    form, indicators = _unit(JZ, project=HOSTILE_TEXT, unit="=1+1")
    form[4] = "#N/A"   # an error literal openpyxl would otherwise store as an error value
    indicators[0][3] = "=A1"          # 二级指标
    indicators[0][4] = "=cmd|' /C calc'!A0"  # 三级指标
    indicators[0][5] = "=SUM(1,2)"    # 年度指标值
    out = generate(_roster(tmp_path, (form, indicators)), tmp_path / "out").files[0]
    ws = load_workbook(out).worksheets[0]
    expected = {top(ws, "PX_PROJECT"): HOSTILE_TEXT, top(ws, "PX_UNIT"): "=1+1", top(ws, "PX_DEPT"): "#N/A",
                ind_cell(ws, "level2", 0): "=A1", ind_cell(ws, "level3", 0): "=cmd|' /C calc'!A0",
                ind_cell(ws, "target", 0): "=SUM(1,2)"}
    for coord, text in expected.items():
        assert (ws[coord].value, ws[coord].data_type) == (text, "s"), coord
    assert ws[top(ws, "PX_PROJECT")].quotePrefix  # stays text when a clerk edits the cell
    # The sheet XML holds no formula with the roster's text: Excel shows the characters as typed.
    with zipfile.ZipFile(out) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    formulas = re.findall(r"<f>(.*?)</f>", sheet_xml)
    assert not [f for f in formulas if "HYPERLINK" in f or "calc" in f or f in ("1+1", "A1", "SUM(1,2)")]
    assert "<t>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)</t>" in sheet_xml or \
           '<t>=HYPERLINK("http://x","y")</t>' in sheet_xml


def test_a_spreadsheet_program_shows_roster_formulas_as_typed(tmp_path, recalc):
    form, indicators = _unit(JZ, project=HOSTILE_TEXT, unit="=1+1")
    out = generate(_roster(tmp_path, (form, indicators)), tmp_path / "out").files[0]
    ws = recalc(out)[0].worksheets[0]   # LibreOffice opens, recalculates and saves it
    assert ws[top(ws, "PX_PROJECT")].value == HOSTILE_TEXT and ws[top(ws, "PX_UNIT")].value == "=1+1"


# --- control characters are roster problems, found before anything is written --------------

def test_control_character_in_a_later_unit_is_reported_and_nothing_is_written(tmp_path):
    # Excel stores BEL as "_x0007_" in the file; openpyxl reads it back as those 7 characters.
    yj_form = list(YJ_FORM)
    yj_form[5] = "沅江市医疗_x0007_保障局"
    indicators = JZ_INDICATORS + [list(r) for r in YJ_INDICATORS]
    indicators[-1][5] = "100%_x007F__x001b_"
    path = write_roster(tmp_path / "r.xlsx", [JZ_FORM, yj_form], indicators)
    with pytest.raises(RosterError) as err:
        generate(path, tmp_path / "out")
    text = err.value.render("zh")
    assert "工作表“表单” 第3行 列“实施单位”（F3）" in text, text
    assert "U+0007" in text and "第6个字符" in text, text
    last = len(indicators) + 1
    assert f"工作表“指标” 第{last}行 列“年度指标值”（F{last}）：第5、6个字符" in text, text
    assert "U+007F、U+001B" in text and "position 5, 6 (U+007F, U+001B)" in err.value.render("en")
    assert _nothing_written(tmp_path / "out")


def test_control_character_in_a_csv_roster(tmp_path):
    def dump(path, head, rows):
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([head, *[["" if v is None else v for v in r] for r in rows]])

    dump(tmp_path / "r_forms.csv", FORM_HEAD, [JZ_FORM, [*YJ_FORM[:3], "部门整体\x1b支出", *YJ_FORM[4:]]])
    dump(tmp_path / "r_indicators.csv", IND_HEAD, JZ_INDICATORS + YJ_INDICATORS)
    with pytest.raises(RosterError) as err:
        generate(tmp_path / "r_forms.csv", tmp_path / "out")
    assert "第3行 列“项目名称”（D3）" in err.value.render("zh") and "U+001B" in err.value.render("zh")
    assert _nothing_written(tmp_path / "out")


# --- long names -----------------------------------------------------------------------------

def test_long_unit_names_get_short_distinct_file_names_and_keep_the_full_name_in_the_form(tmp_path):
    stem = "金寨县医疗保障局城乡居民基本医疗保险基金管理中心" * 5  # 120 characters, 360 bytes
    long_a, long_b = stem[:120], stem[:119] + "乙"
    assert len(long_a) == 120
    path = _roster(tmp_path, _unit(long_a, unit=long_a), _unit(long_b, unit=long_b))
    result = generate(path, tmp_path / "out")
    names = [p.name for p in result.files]
    assert len(set(names)) == 2
    for name in names:
        assert len(name.encode("utf-8")) <= 255 and name.endswith("2022年度绩效自评表.xlsx")
        assert name.startswith("金寨县医疗保障局")
    ws = load_workbook(result.files[0]).worksheets[0]
    assert ws[top(ws, "PX_UNIT")].value == long_a
    # Deterministic: the same roster gives the same names.
    again = generate(path, tmp_path / "again")
    assert [p.name for p in again.files] == names


# --- amounts ----------------------------------------------------------------------------------

def test_amounts_must_be_finite_non_negative_and_sane_all_reported_at_once(tmp_path):
    forms = [list(JZ_FORM), list(YJ_FORM)]
    forms[0][8] = -5            # I2
    forms[1][7] = 1e308         # H3
    forms[1][8] = "1e400"       # I3: parses as inf
    forms.append([*_unit("甲")[0][:7], "-inf", "NaN"])  # H4, I4
    indicators = JZ_INDICATORS + YJ_INDICATORS + _unit("甲")[1]
    path = write_roster(tmp_path / "r.xlsx", forms, indicators)
    with pytest.raises(RosterError) as err:
        generate(path, tmp_path / "out")
    text = err.value.render("zh")
    for cell in ("I2", "H3", "I3", "H4", "I4"):
        assert f"（{cell}）" in text, (cell, text)
    assert "-5" in text
    assert _nothing_written(tmp_path / "out")


def test_zero_and_large_but_plausible_amounts_are_fine(tmp_path):
    form, indicators = _unit(JZ)
    form[7], form[8] = 0, 2_500_000  # 250 亿元: a big province's programme, in 万元
    assert generate(_roster(tmp_path, (form, indicators)), tmp_path / "out").forms == 1


# --- file names stay inside the output folder ---------------------------------------------

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
HOSTILE_NAMES = ["../x", "..", ".", "/etc/passwd", "C:\\Windows\\x", "\\\\server\\share", "CON", "nul",
                 "con.txt", "COM1", "LPT9", "Aux.", "x. ", "x...", " .hidden", "..\\..\\x", "a\u202eb",
                 "~/x", "*?<>|\"", "", "　"]


@pytest.mark.parametrize("group", HOSTILE_NAMES)
def test_file_names_are_one_safe_component(group):
    name = workbook_name(group, [FormRequest("project", group=group, year=2022)])
    assert name and "/" not in name and "\\" not in name and ":" not in name
    assert not name.startswith((".", " ")) and not name.endswith((".", " "))
    assert name.split(".")[0].rstrip(" ").upper() not in RESERVED
    assert not any(unicodedata.category(ch)[0] in "CZ" for ch in name)
    assert name.endswith("绩效自评表.xlsx") and len(name.encode("utf-8")) <= 255


def test_hostile_unit_names_write_only_inside_the_output_folder(tmp_path):
    groups = ["../逃逸", "/tmp/绝对路径", "CON", "NUL.", "尾部点.. "]
    path = _roster(tmp_path, *(_unit(g) for g in groups))
    outdir = tmp_path / "work" / "out"
    result = generate(path, outdir)
    assert len(result.files) == len(groups)
    assert all(p.parent == outdir for p in result.files)
    assert sorted(p.name for p in outdir.iterdir()) == sorted(p.name for p in result.files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx", "work"]
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["out"]


# --- sheet names from project names ---------------------------------------------------------

@pytest.mark.parametrize("project, title", [
    ("医疗保障\n专项经费", "1-医疗保障 专项经费"),          # Alt+Enter in the roster cell
    ("O'Neil'", "1-O'Neil"),                                  # Excel refuses a trailing apostrophe
    ("😀" * 20, "1-" + "😀" * 14),                            # 31 UTF-16 units, emoji count two
    ("a/b:c[d]", "1-a_b_c_d_"),
])
def test_sheet_titles_are_legal_in_excel(project, title):
    from perfxl.template.fill import sheet_title

    assert sheet_title(1, project, set()) == title
