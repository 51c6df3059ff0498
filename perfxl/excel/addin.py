"""`perfxl excel-addin`: a ready perfxl_check.xlsm (xlwings' standalone quickstart) with a 运行 button."""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from pathlib import Path

from ..atomic import check_writable, output_folder, write_atomic
from ..errors import PerfxlError
from ..i18n import msg

NAME = "perfxl_check"           # the quickstart's SampleCall macro imports the module named like the file
TEMPLATE = "quickstart_standalone.xlsm"
PANEL_SHEET = "perfxl"
TARGET_CELL, ACTION_CELL, STATUS_CELL = "B4", "B5", "B6"
ACTIONS = ("检查", "清除标记")
RUN_MACRO, IMPORT_MACRO = "SampleCall", "ImportPythonUDFs"   # both already in the template's VBA
BUTTONS = (("运行", RUN_MACRO, (1, 0, 7, 0, 2, 0, 9, 0)),
           ("导入 PX_ 函数", IMPORT_MACRO, (2, 12, 7, 0, 2, 180, 9, 0)))

MODULE = f'''"""perfxl 检查（经典 xlwings）：{NAME}.xlsm 的 Python 部分，须与该文件放在同一文件夹。"""
# “运行”按钮（SampleCall 宏）执行 main()；“导入 PX_ 函数”按钮导入下面的工作表函数。
from perfxl.excel.classic import (  # noqa: F401
    PX_BAND, PX_FUNDSCORE, PX_GRADE, PX_PARSE, PX_RATE, PX_SCORE, check_active_workbook,
    clear_active_workbook, main)
'''

PANEL = [
    ("A1", "perfxl 绩效自评表检查"),
    ("A2", "先打开要检查的工作簿，再回到本工作簿点“运行”。结果写在被检查工作簿的“检查结果”表，"
           "有问题的单元格标红（错误）或标黄（警告）。"),
    ("A4", "要检查的工作簿"),
    ("C4", "留空：检查另一个打开的工作簿（只打开了一个时）；打开了多个时填文件名，如 金寨县2022年自评表.xlsx"),
    ("A5", "操作"), (ACTION_CELL, ACTIONS[0]),
    ("C5", "检查：列出问题并标色；清除标记：恢复原底色，删除“检查结果”表"),
    ("A6", "结果"),
    ("A11", "工作表函数（先点一次“导入 PX_ 函数”，需在 Excel 信任中心勾选“信任对 VBA 工程对象模型的访问”）"),
    ("A12", "PX_SCORE(年度指标值, 实际完成值, 分值, [成本])"),
    ("C12", "定量指标的标准得分（超额不加分，成本指标按比例扣分）"),
    ("A13", "PX_GRADE(总分, [五级])"), ("C13", "评价等级：优/良/中/差，或 优秀/良好/合格/基本合格/不合格"),
    ("A14", "PX_PARSE(指标值)"), ("C14", "拆出数字和单位（一行两格），如 ≥5.26万人次 → 52600 | 人次"),
    ("A15", "PX_RATE(全年预算数, 全年执行数)"), ("C15", "执行率"),
    ("A16", "PX_FUNDSCORE(全年预算数, 全年执行数, [分值])"), ("C16", "资金得分 = 分值 × min(执行率, 100%)"),
    ("A17", "PX_BAND(达成/部分达成/未达成, 分值)"), ("C17", "定性指标的分数段（一行两格）"),
    ("A19", f"本文件须与 {NAME}.py、xlwings.conf 放在同一文件夹，文件名不要改；每台电脑先双击套件里的 install.bat"
            "（离线安装 perfxl 和 xlwings，并在 xlwings.conf 写好所用的 Python）。"),
]


def template_path() -> Path:
    """xlwings' own standalone quickstart workbook: its VBA matches the installed xlwings version."""
    spec = importlib.util.find_spec("xlwings")
    path = Path(spec.origin).parent / TEMPLATE if spec and spec.origin else None
    if path is None or not path.exists():
        raise PerfxlError(msg("addin_no_xlwings"))
    return path


def _panel_workbook(template: Path) -> bytes:
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = load_workbook(template, keep_vba=True)
    ws = wb.worksheets[0]             # codeName Sheet1 stays: the VBA project knows it by that name
    ws.title = PANEL_SHEET
    for ref, text in PANEL:
        ws[ref] = text
        ws[ref].alignment = Alignment(vertical="center", wrap_text=ref in ("A2", "C4", "C5", "A19"))
    ws["A1"].font = Font(bold=True, size=16)
    for ref in ("A4", "A5", "A6", "A11"):
        ws[ref].font = Font(bold=True)
    for ref in (TARGET_CELL, ACTION_CELL):
        ws[ref].fill = PatternFill("solid", fgColor="FFF2CC")
    rule = DataValidation(type="list", formula1='"' + ",".join(ACTIONS) + '"', allow_blank=False)
    ws.add_data_validation(rule)
    rule.add(ACTION_CELL)
    for ref in ("A2:C2", "A11:C11", "A19:C19"):
        ws.merge_cells(ref)
    for col, width in (("A", 40), ("B", 26), ("C", 70)):
        ws.column_dimensions[col].width = width
    for row, height in ((2, 36), (4, 32), (19, 36)):
        ws.row_dimensions[row].height = height
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _vml(buttons) -> bytes:
    shapes = []
    for i, (caption, macro, anchor) in enumerate(buttons, 1):
        shapes.append(
            f'<v:shape id="_x0000_s{1024 + i}" type="#_x0000_t201" style="position:absolute;'
            f'margin-left:{150 + 150 * (i - 1)}pt;margin-top:105pt;width:140pt;height:28pt;z-index:{i};'
            f'mso-wrap-style:tight" o:button="t" fillcolor="buttonFace [67]" strokecolor="windowText [64]" '
            f'o:insetmode="auto"><v:fill color2="buttonFace [67]" o:detectmouseclick="t"/>'
            f'<o:lock v:ext="edit" rotation="t"/><v:textbox style="mso-direction-alt:auto" o:singleclick="f">'
            f'<div style="text-align:center"><font face="Microsoft YaHei" size="240" color="#000000">{caption}'
            f'</font></div></v:textbox><x:ClientData ObjectType="Button">'
            f'<x:Anchor>{", ".join(map(str, anchor))}</x:Anchor><x:PrintObject>False</x:PrintObject>'
            f'<x:AutoFill>False</x:AutoFill><x:FmlaMacro>[0]!{macro}</x:FmlaMacro>'
            f'<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign></x:ClientData></v:shape>')
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
            '<o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t201" '
            'coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
            '<v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>'
            '<o:lock v:ext="edit" shapetype="t"/></v:shapetype>' + "".join(shapes) + "</xml>").encode("utf-8")


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_VML_REL = _R + "/vmlDrawing"
_AFTER_LEGACY = ("<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls",
                 "<webPublishItems", "<tableParts", "<extLst", "</worksheet>")


def add_buttons(package: bytes, sheet_xml: str, buttons=BUTTONS) -> bytes:
    """Add form-control buttons (legacy VML, as Excel and XlsxWriter store them) to one sheet."""
    src = zipfile.ZipFile(io.BytesIO(package))
    files = {name: src.read(name) for name in src.namelist()}
    rels_name = sheet_xml.replace("worksheets/", "worksheets/_rels/") + ".rels"
    vml_name = "xl/drawings/vmlDrawing_perfxl.vml"
    rel = f'<Relationship Id="rIdPerfxlVml" Type="{_VML_REL}" Target="../drawings/vmlDrawing_perfxl.vml"/>'
    rels = files.get(rels_name, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                b'relationships"></Relationships>').decode("utf-8")
    files[rels_name] = rels.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")
    sheet = files[sheet_xml].decode("utf-8")
    if "xmlns:r=" not in sheet[:sheet.index(">", sheet.index("<worksheet"))]:
        sheet = sheet.replace("<worksheet ", f'<worksheet xmlns:r="{_R}" ', 1)
    at = min(i for i in (sheet.find(tag) for tag in _AFTER_LEGACY) if i >= 0)
    files[sheet_xml] = (sheet[:at] + '<legacyDrawing r:id="rIdPerfxlVml"/>' + sheet[at:]).encode("utf-8")
    types = files["[Content_Types].xml"].decode("utf-8")
    if 'Extension="vml"' not in types:
        types = re.sub(r"(<Types[^>]*>)", r'\1<Default Extension="vml" '
                       r'ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>', types, count=1)
    files["[Content_Types].xml"] = types.encode("utf-8")
    files[vml_name] = _vml(buttons)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in files.items():
            dst.writestr(name, data)
    return out.getvalue()


def write_addin(outdir: Path, force: bool = False, template: Path | None = None) -> Path:
    """Write DIR/perfxl_check.xlsm and DIR/perfxl_check.py; never overwrites without force."""
    outdir = output_folder(outdir)
    xlsm, module = outdir / f"{NAME}.xlsm", outdir / f"{NAME}.py"
    for path in (xlsm, module):
        check_writable(path, force)
    package = add_buttons(_panel_workbook(template or template_path()), "xl/worksheets/sheet1.xml")
    write_atomic(xlsm, lambda tmp: tmp.write_bytes(package))
    write_atomic(module, lambda tmp: tmp.write_text(MODULE, encoding="utf-8"))
    return xlsm
