"""The 检查结果 sheet: one row per finding with a link to its cell, as the add-in shows it in Excel
and `--annotate` writes it into every annotated copy."""

from __future__ import annotations

from ..i18n import counted, msg
from ..xlsxio import hyperlink
from .report import FileResult

RESULTS_SHEET = "检查结果"
HEADER = {"zh": ["序号", "工作表", "单元格", "规则", "级别", "问题说明"],
          "en": ["No.", "Sheet", "Cell", "Rule", "Severity", "Problem"]}
SEVERITY = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}
CLEAN = {"zh": "未发现问题", "en": "No problems found"}
WIDTHS = (6, 30, 9, 8, 6, 90)


def summary_line(result: FileResult, name: str, lang: str = "zh") -> str:
    """The file-level line above the list: forms read, errors and warnings."""
    kept = [f for f in result.findings if f.suppressed is None]  # accepted findings are not counted
    errors = sum(f.severity == "error" for f in kept)
    warnings = len(kept) - errors
    forms = len(result.forms)
    if lang == "en":
        tail = ("no problems found" if not result.findings
                else f"{counted(errors, 'error')}, {counted(warnings, 'warning')}")
        return f"Checked {name}: {counted(forms, 'form')}, {tail}"
    tail = "未发现问题" if not result.findings else f"错误 {errors} 项，警告 {warnings} 项"
    return f"检查《{name}》：共 {forms} 张绩效自评表，{tail}"


def link(sheet: str | None, cell: str | None) -> str | None:
    """A HYPERLINK formula that jumps to the cell inside the workbook; the bare cell without a sheet."""
    if not cell:
        return None
    if not sheet:
        return cell
    return "=" + hyperlink(sheet, cell, cell)


def result_rows(result: FileResult, name: str, lang: str = "zh") -> list[list]:
    """The 检查结果 sheet as rows: the summary, the header, then one row per finding (or 未发现问题)."""
    width = len(HEADER["zh"])
    rows = [[summary_line(result, name, lang)] + [None] * (width - 1), list(HEADER[lang])]
    for i, f in enumerate(result.findings, 1):
        why = None if f.suppressed is None else f.suppressed.get("reason", "")
        note = "" if why is None else " " + msg("suppressed_note", reason=why).render(lang)
        rows.append([i, f.sheet, link(f.sheet, f.cell), f.rule, SEVERITY[lang][f.severity], f.message(lang) + note])
    if not result.findings:
        rows.append([CLEAN[lang]] + [None] * (width - 1))
    return rows
