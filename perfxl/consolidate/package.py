"""The summary workbook's small parts as text: styles, workbook, relationships, properties, and
按县区's chart. The summary was written with openpyxl, whose import alone cost each roll-up ~55 ms
of the main process; these are the parts it wrote, attribute for attribute (a part missing or out
of the schema's order is what openxml-audit, run by tests/test_ooxml_audit.py, reports)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from ..xlsxio import quoted
from .columns import MONEY, PERCENT, SCORE
from .render import Styles, escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DRAWING_ML = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART_ML = "http://schemas.openxmlformats.org/drawingml/2006/chart"
THEME = Path(__file__).with_name("theme1.xml")   # Office's default theme, as openpyxl writes it

# Excel's built-in number formats for the summary's three: cellXfs refer to them by id alone.
BUILTIN_FORMATS = {MONEY: 4, PERCENT: 10, SCORE: 2}
HEADER_STYLE = 11     # after render.Styles' ten: bold on light blue, centred and wrapped


def _attr(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def _xf(fmt: str | None = None, font: int = 0, fill: int = 0, align: str = "") -> str:
    num = BUILTIN_FORMATS[fmt] if fmt else 0
    head = f'<xf numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="0"'
    tail = ' pivotButton="0" quotePrefix="0" xfId="0"'
    if not align:
        return f"{head}{tail}/>"
    return f'{head} applyAlignment="1"{tail}><alignment {align}/></xf>'


_TOP, _WRAP = 'vertical="top"', 'vertical="top" wrapText="1"'
_LINK_FONT, _BOLD_FONT, _HEAD_FILL = 1, 2, 2


def base_styles(st: Styles) -> list[str]:
    """cellXfs 0 to HEADER_STYLE, at the indexes render.Styles names (checked by the caller)."""
    xfs = {0: _xf(), st.money: _xf(MONEY, align=_TOP), st.percent: _xf(PERCENT, align=_TOP),
           st.score: _xf(SCORE, align=_TOP), st.link: _xf(font=_LINK_FONT, align=_WRAP),
           st.bold: _xf(font=_BOLD_FONT), st.bold_money: _xf(MONEY, _BOLD_FONT),
           st.bold_percent: _xf(PERCENT, _BOLD_FONT), st.bold_score: _xf(SCORE, _BOLD_FONT),
           st.wrap: _xf(align=_WRAP), st.plain: _xf(align=_TOP),
           HEADER_STYLE: _xf(font=_BOLD_FONT, fill=_HEAD_FILL,
                             align='horizontal="center" vertical="center" wrapText="1"')}
    if sorted(xfs) != list(range(HEADER_STYLE + 1)):
        raise AssertionError("render.Styles must number the styles 1 to 10, each once")
    return [xfs[i] for i in range(HEADER_STYLE + 1)]


def number_style(fmt: str) -> str:
    """A plain cell of a number format (按县区's figures)."""
    return _xf(fmt)


_COLORS = ("00000000 00FFFFFF 00FF0000 0000FF00 000000FF 00FFFF00 00FF00FF 0000FFFF " * 2
           + "00800000 00008000 00000080 00808000 00800080 00008080 00C0C0C0 00808080 009999FF 00993366 "
           "00FFFFCC 00CCFFFF 00660066 00FF8080 000066CC 00CCCCFF 00000080 00FF00FF 00FFFF00 0000FFFF "
           "00800080 00800000 00008080 000000FF 0000CCFF 00CCFFFF 00CCFFCC 00FFFF99 0099CCFF 00FF99CC "
           "00CC99FF 00FFCC99 003366FF 0033CCCC 0099CC00 00FFCC00 00FF9900 00FF6600 00666699 00969696 "
           "00003366 00339966 00003300 00333300 00993300 00993366 00333399 00333333").split()


def styles_xml(xfs: list[str]) -> str:
    colors = "".join(f'<rgbColor rgb="{c}"/>' for c in _COLORS)   # the legacy palette openpyxl lists
    return (f'<styleSheet xmlns="{MAIN}"><numFmts count="0"/><fonts count="3"><font><sz val="11"/>'
            '<color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
            '<font><u val="single"/><color rgb="000563C1"/></font><font><b val="1"/></font></fonts>'
            '<fills count="3"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>'
            '<fill><patternFill patternType="solid"><fgColor rgb="00DDEBF7"/></patternFill></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/></cellStyles>'
            '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
            f"<colors><indexedColors>{colors}</indexedColors></colors></styleSheet>")


def workbook_xml(sheets: list[tuple[str, str | None]]) -> str:
    """sheets: (name, the range its filter covers or None)."""
    tags = "".join(f'<sheet xmlns:r="{REL}" name="{_attr(name)}" sheetId="{i}" state="visible" r:id="rId{i}"/>'
                   for i, (name, _) in enumerate(sheets, start=1))
    names = []
    for i, (name, ref) in enumerate(sheets):
        if ref:
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                         f"{escape(quoted(name))}!{ref}</definedName>")
        names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{escape(quoted(name))}!$1:$1'
                     "</definedName>")
    return (f'<workbook xmlns="{MAIN}"><workbookPr/><workbookProtection/><bookViews><workbookView '
            'visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" '
            'tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/></bookViews>'
            f'<sheets>{tags}</sheets><definedNames>{"".join(names)}</definedNames>'
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def relationships(targets: list[tuple[str, str]]) -> str:
    """(type, target) -> rId1, rId2 … in order."""
    rels = "".join(f'<Relationship Type="{t}" Target="{target}" Id="rId{i}"/>'
                   for i, (t, target) in enumerate(targets, start=1))
    return f'<Relationships xmlns="{PKG_REL}">{rels}</Relationships>'


_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument."


def workbook_rels(sheets: int) -> str:
    return relationships([(_OD + "worksheet", f"/xl/worksheets/sheet{i}.xml") for i in range(1, sheets + 1)]
                         + [(_OD + "styles", "styles.xml"), (_OD + "theme", "theme/theme1.xml")])


ROOT_RELS = relationships([(_OD + "officeDocument", "xl/workbook.xml"),
                           (PKG_REL + "/metadata/core-properties", "docProps/core.xml"),
                           (_OD + "extended-properties", "docProps/app.xml")])
SHEET_DRAWING_RELS = relationships([(_OD + "drawing", "/xl/drawings/drawing1.xml")])
DRAWING_CHART_RELS = relationships([(_OD + "chart", "/xl/charts/chart1.xml")])
APP = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       "<Application>perfxl</Application></Properties>")   # who wrote it: perfxl, no longer openpyxl


def core_xml(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(tz=UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    when = ('xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:type="dcterms:W3CDTF"')
    return ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
            '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">perfxl</dc:creator>'
            f"<dcterms:created {when}>{stamp}</dcterms:created><dcterms:modified {when}>{stamp}</dcterms:modified>"
            "</cp:coreProperties>")


def content_types(sheets: int, chart: bool) -> str:
    def part(name: str, kind: str) -> str:
        return f'<Override PartName="{name}" ContentType="{kind}"/>'

    parts = [part("/xl/styles.xml", _CT + "spreadsheetml.styles+xml"), part("/xl/theme/theme1.xml", _CT + "theme+xml"),
             part("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
             part("/docProps/app.xml", _CT + "extended-properties+xml")]
    for i in range(1, sheets + 1):
        parts.append(part(f"/xl/worksheets/sheet{i}.xml", _CT + "spreadsheetml.worksheet+xml"))
        if chart and i == 2:   # 按县区's drawing, listed after its sheet
            parts.append(part("/xl/drawings/drawing1.xml", _CT + "drawing+xml"))
    if chart:
        parts.append(part("/xl/charts/chart1.xml", _CT + "drawingml.chart+xml"))
    parts.append(part("/xl/workbook.xml", _CT + "spreadsheetml.sheet.main+xml"))
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{"".join(parts)}</Types>')


# Control characters (\x01 to \x19, as openpyxl's escape has it) in a header or footer: _xHHHH_
_CONTROL = re.compile(r"[\001-\031]")
_CODES = {"&[Tab]": "&A", "&[Pages]": "&N", "&[Date]": "&D", "&[Path]": "&Z", "&[Page]": "&P", "&[Time]": "&T",
          "&[File]": "&F", "&[Picture]": "&G"}
_CODE = re.compile("|".join(f"({re.escape(k)})" for k in _CODES))


def header_footer(left: str | None, center: str | None, right: str | None) -> str:
    """One header or footer line in Excel's mini-format (&L…&C…&R…), as openpyxl packs it."""
    text = "".join(f"&{key}{part}" for key, part in zip("LCR", (left, center, right)) if part is not None)
    text = _CODE.sub(lambda m: _CODES[m.group(0)], text)
    return _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):0>4x}_", text)
