"""Classic xlwings: the PX_ UDFs, the RunPython entry points, and the perfxl_check.xlsm add-in."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook
from test_excel_fakebook import JINZHAI, FakeApp, FakeBook, load_fake
from test_excel_lite import stub_xlwings

from perfxl.errors import OutputExistsError, PerfxlError
from perfxl.excel import addin
from perfxl.excel import functions as F
from perfxl.excel.adapter import RESULTS_SHEET

needs_xlwings = "the .xlsm is built on the installed xlwings' own template (pip install -e '.[excel]')"


@pytest.fixture
def classic(monkeypatch):
    xw = stub_xlwings()
    xw.Book.caller = classmethod(lambda cls: xw.caller)
    monkeypatch.setitem(sys.modules, "xlwings", xw)
    monkeypatch.delitem(sys.modules, "perfxl.excel.classic", raising=False)
    module = importlib.import_module("perfxl.excel.classic")
    yield module, xw
    sys.modules.pop("perfxl.excel.classic", None)


def panel_book(app, target=None, action="检查"):
    book = FakeBook("perfxl_check.xlsm", app=app)
    sheet = book.new_sheet(addin.PANEL_SHEET)
    sheet[addin.ACTION_CELL].value = action
    if target:
        sheet[addin.TARGET_CELL].value = target
    return book


def status(book):
    return book.sheets[addin.PANEL_SHEET][addin.STATUS_CELL].value


def test_udfs_are_registered_with_help(classic):
    module, xw = classic
    assert set(xw.registry["func"]) == set(F.FUNCTIONS)
    for name, entry in xw.registry["func"].items():
        assert {a: o["doc"] for a, o in entry["args"].items()} == F.FUNCTIONS[name][1]
    assert module.PX_SCORE("≥95%", "90%", 20) == 18.95 and module.PX_GRADE(89.99) == "良"
    assert module.PX_FUNDSCORE(176.77, 186.816, 10) == 10.0 and module.PX_PARSE("≥95%") == [[95.0, "%"]]
    assert module.PX_RATE(100, 50) == 0.5 and module.PX_BAND("达成", 10) == [[8.0, 10.0]]


def test_run_button_checks_the_other_open_workbook(classic):
    module, xw = classic
    app = FakeApp()
    xw.caller = panel_book(app)
    form = load_fake(JINZHAI, app=app)
    result = module.main()
    assert len(result.findings) == 38 and RESULTS_SHEET in [s.name for s in form.sheets]
    assert status(xw.caller).startswith("检查《金寨县医疗保障局2022年度项目支出绩效自评表.xlsx》：共 14 张")
    xw.caller.sheets[addin.PANEL_SHEET][addin.ACTION_CELL].value = "清除标记"
    assert module.main() == 37 and RESULTS_SHEET not in [s.name for s in form.sheets]
    assert status(xw.caller) == "已清除《金寨县医疗保障局2022年度项目支出绩效自评表.xlsx》的标记：恢复 37 个单元格的底色"


def test_target_is_named_when_several_books_are_open(classic):
    module, xw = classic
    app = FakeApp()
    xw.caller = panel_book(app)
    load_fake(JINZHAI, app=app)
    other = FakeBook("草稿.xlsx", app=app)
    assert module.check_active_workbook() is None
    assert "打开了多个工作簿" in status(xw.caller) and "草稿.xlsx" in status(xw.caller)
    xw.caller.sheets[addin.PANEL_SHEET][addin.TARGET_CELL].value = "金寨县医疗保障局2022年度项目支出绩效自评表"
    assert module.check_active_workbook() is not None and not other.log
    xw.caller.sheets[addin.PANEL_SHEET][addin.TARGET_CELL].value = "不存在.xlsx"
    assert module.check_active_workbook() is None and status(xw.caller) == "没有打开名为“不存在.xlsx”的工作簿"


def test_nothing_open_and_run_from_the_form_itself(classic):
    module, xw = classic
    xw.caller = panel_book(FakeApp())
    assert module.check_active_workbook() is None and status(xw.caller) == "请先打开要检查的工作簿，再点“运行”"
    xw.caller = load_fake(JINZHAI)                     # RunPython from the clerk's own workbook
    assert len(module.check_active_workbook().findings) == 38


# --- perfxl excel-addin ------------------------------------------------------------------------------
def test_template_comes_from_the_installed_xlwings(monkeypatch):
    assert addin.template_path().name == "quickstart_standalone.xlsm", needs_xlwings
    monkeypatch.setattr(addin.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(PerfxlError, match="python -m pip install xlwings") as caught:
        addin.template_path()
    assert "perfxl[excel]" not in caught.value.render("zh") + caught.value.render("en")  # perfxl is on no index


def test_addin_is_a_macro_workbook_with_the_panel(tmp_path):
    xlsm = addin.write_addin(tmp_path)
    assert xlsm.name == "perfxl_check.xlsm" and (tmp_path / "perfxl_check.py").exists()
    wb = load_workbook(xlsm, keep_vba=True)
    assert wb.sheetnames == ["perfxl", "_xlwings.conf"] and wb.vba_archive is not None
    ws = wb["perfxl"]
    assert ws["A1"].value == "perfxl 绩效自评表检查" and ws[addin.ACTION_CELL].value == "检查"
    assert ws.sheet_properties.codeName == "Sheet1" and wb.code_name == "ThisWorkbook"
    assert ws.data_validations.dataValidation[0].formula1 == '"检查,清除标记"'
    with zipfile.ZipFile(xlsm) as z, zipfile.ZipFile(addin.template_path()) as t:
        assert z.read("xl/vbaProject.bin") == t.read("xl/vbaProject.bin")      # VBA untouched
        vml = z.read("xl/drawings/vmlDrawing_perfxl.vml").decode("utf-8")
        assert b'Extension="vml"' in z.read("[Content_Types].xml")
        assert b"legacyDrawing" in z.read("xl/worksheets/sheet1.xml")
    assert "[0]!SampleCall" in vml and "[0]!ImportPythonUDFs" in vml and "运行" in vml
    module = (tmp_path / "perfxl_check.py").read_text(encoding="utf-8")
    assert "from perfxl.excel.classic import" in module and "main" in module
    compile(module, "perfxl_check.py", "exec")


def test_addin_is_never_overwritten_without_force(tmp_path):
    addin.write_addin(tmp_path)
    (tmp_path / "perfxl_check.xlsm").write_bytes(b"mine")
    with pytest.raises(OutputExistsError):
        addin.write_addin(tmp_path)
    assert (tmp_path / "perfxl_check.xlsm").read_bytes() == b"mine"
    addin.write_addin(tmp_path, force=True)
    assert zipfile.is_zipfile(tmp_path / "perfxl_check.xlsm")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_libreoffice_sees_the_buttons_and_their_macros(tmp_path):
    xlsm = addin.write_addin(tmp_path / "out")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/test.sh"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(xlsm)], check=True, capture_output=True, timeout=240)
    with zipfile.ZipFile(tmp_path / "perfxl_check.ods") as z:
        content = z.read("content.xml").decode("utf-8")
    assert 'form:label="运行"' in content and 'form:label="导入 PX_ 函数"' in content
    assert "Module1.SampleCall" in content and "xlwings.ImportPythonUDFs" in content
