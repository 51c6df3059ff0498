"""按县区's chart as DrawingML text: weighted 总分 as bars on the left axis (分), 执行率 as a line on
the right axis (%), each point labelled with its value: two scales, never one axis for both."""

from __future__ import annotations

from ..xlsxio import quoted
from .package import CHART_ML, DRAWING_ML, REL
from .render import escape

TITLE = "各县区预算加权总分与执行率"
HEIGHT_CM = 14
_A = f'xmlns:a="{DRAWING_ML}"'
# The value alone: LibreOffice shows the series and unit names too unless told.
_LABELS = ('<dLbls><showLegendKey val="0"/><showVal val="1"/><showCatName val="0"/><showSerName val="0"/>'
           '<showPercent val="0"/></dLbls>')
_LINE = f'<spPr><a:ln {_A}><a:prstDash val="solid"/></a:ln></spPr>'


def width_cm(n: int) -> float:
    return max(18, 3 + 2.2 * n)   # room for each unit's name under its bar


def _emu(cm: float) -> int:
    return int(cm * 360000)


def _rich(text: str) -> str:
    return (f"<tx><rich><a:bodyPr {_A}/><a:p {_A}><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{escape(text)}</a:t></a:r>"
            "</a:p></rich></tx>")


def _range(sheet: str, col: str, first: int, last: int) -> str:
    ref = f"${col}${first}" if first == last else f"${col}${first}:${col}${last}"
    return f"{escape(quoted(sheet))}!{ref}"


def chart_xml(sheet: str, n: int, bar_col: str, line_col: str) -> str:
    """The chart of n units' rows (2 to n + 1): bars from bar_col, the line from line_col, units in A."""
    name = escape(quoted(sheet))
    cats = f"<cat><numRef><f>{_range(sheet, 'A', 2, n + 1)}</f></numRef></cat>"
    bar = (f'<barChart><barDir val="col"/><grouping val="clustered"/><ser><idx val="0"/><order val="0"/>'
           f"<tx><strRef><f>{name}!{bar_col}1</f></strRef></tx>{_LINE}{cats}"
           f"<val><numRef><f>{_range(sheet, bar_col, 2, n + 1)}</f></numRef></val></ser>{_LABELS}"
           '<gapWidth val="150"/><axId val="10"/><axId val="100"/></barChart>')
    line = (f'<lineChart><grouping val="standard"/><ser><idx val="1"/><order val="1"/>'
            f"<tx><strRef><f>{name}!{line_col}1</f></strRef></tx>{_LINE}"
            f'<marker><symbol val="none"/>{_LINE}</marker>'
            f"<val><numRef><f>{_range(sheet, line_col, 2, n + 1)}</f></numRef></val></ser>{_LABELS}"
            '<axId val="10"/><axId val="200"/></lineChart>')
    ticks = '<majorTickMark val="none"/><minorTickMark val="none"/>'
    axes = ('<catAx><axId val="10"/><scaling><orientation val="minMax"/></scaling><axPos val="l"/>'
            f'{ticks}<crossAx val="100"/><lblOffset val="100"/></catAx>'
            '<valAx><axId val="100"/><scaling><orientation val="minMax"/><max val="100"/><min val="0"/></scaling>'
            f'<axPos val="l"/><majorGridlines/><title>{_rich("加权总分（分）")}</title>{ticks}'
            '<crossAx val="10"/></valAx>'
            '<valAx><axId val="200"/><scaling><orientation val="minMax"/><min val="0"/></scaling><axPos val="l"/>'
            f'<majorGridlines/><title>{_rich("执行率（%）")}</title>{ticks}<crossAx val="10"/><crosses val="max"/>'
            "</valAx>")
    return (f'<chartSpace xmlns="{CHART_ML}"><style val="10"/><chart><title>{_rich(TITLE)}</title>'
            f'<plotArea>{bar}{line}{axes}</plotArea><legend><legendPos val="b"/></legend><plotVisOnly val="1"/>'
            '<dispBlanksAs val="gap"/></chart></chartSpace>')


def drawing_xml(row: int, n: int) -> str:
    """The chart anchored at column A of row (0-based), as wide as n units need."""
    return ('<wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"><oneCellAnchor>'
            f"<from><col>0</col><colOff>0</colOff><row>{row}</row><rowOff>0</rowOff></from>"
            f'<ext cx="{_emu(width_cm(n))}" cy="{_emu(HEIGHT_CM)}"/><graphicFrame><nvGraphicFramePr>'
            '<cNvPr id="1" name="Chart 1"/><cNvGraphicFramePr/></nvGraphicFramePr><xfrm/>'
            f'<a:graphic {_A}><a:graphicData uri="{CHART_ML}"><c:chart xmlns:c="{CHART_ML}" '
            f'xmlns:r="{REL}" r:id="rId1"/></a:graphicData></a:graphic></graphicFrame><clientData/>'
            "</oneCellAnchor></wsDr>")
