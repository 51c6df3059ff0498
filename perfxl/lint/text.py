"""The human report: grouped by file and sheet, coloured on a terminal, plain when piped."""

from __future__ import annotations

import os
from collections import Counter
from typing import TextIO

from ..forms.cells import column_index, split_cell
from ..i18n import counted, msg
from .report import FileResult, Report, unused_text

WORDS = {"zh": {"error": "错误", "warning": "警告", "file": "文件"},
         "en": {"error": "error", "warning": "warning", "file": "file"}}
STYLE = {"error": "bold red", "warning": "yellow"}
# A form with more than this share of its result cells empty (全年执行数, 资金得分, 实际完成值, 得分: what
# a unit writes after the year, px301.RESULTS) is “not filled in yet”: one line says so instead of
# a PX301 line for each (a freshly generated form has them all empty). Other findings are listed.
UNFILLED = 0.5
# ANSI codes for the few styles used: a plain writer starts in milliseconds, where a rich console
# took a fifth of a one-workbook run to import.
_SGR = {"bold": "1", "dim": "2", "underline": "4", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def _paint(text: str, style: str, colour: bool) -> str:
    if not colour or not style:
        return text
    return f"\x1b[{';'.join(_SGR[w] for w in style.split())}m{text}\x1b[0m"


def wants_colour(out: TextIO) -> bool:
    """Colour on a terminal that shows it, as no-color.org and force-color.org ask; plain when piped."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if not (hasattr(out, "isatty") and out.isatty()) or os.environ.get("TERM") == "dumb":
        return False
    return os.name != "nt" or _windows_ansi()


def _windows_ansi() -> bool:
    """Ask a Windows console to read ANSI codes (off by default in cmd and PowerShell's console)."""
    try:
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.GetStdHandle(-11)  # standard output
        mode = ctypes.c_uint32()
        if not kernel.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel.SetConsoleMode(handle, mode.value | 0x0004))  # ENABLE_VIRTUAL_TERMINAL_PROCESSING
    except (AttributeError, OSError):
        return False


def _position(cell: str | None) -> tuple[int, int]:
    """(row, column) of an A1 reference, for reading order; (0, 0) for none."""
    try:
        letters, row = split_cell(cell or "")
    except ValueError:
        return (0, 0)
    return (row, column_index(letters))


def summary_line(report: Report, lang: str = "zh") -> str:
    s = report.summary()
    if lang == "en":
        return (f"Checked {counted(s['files'], 'file')}, {counted(s['forms'], 'form')}: "
                f"{counted(s['errors'], 'error')}, {counted(s['warnings'], 'warning')}")
    return f"共检查 {s['files']} 个文件、{s['forms']} 张表：{s['errors']} 个错误，{s['warnings']} 个警告"


def render_text(report: Report, lang: str, out: TextIO) -> None:
    """The report for people: by file and sheet, a run of one finding along a column or a row on one
    line with its count, and a form mostly not filled in said once instead of its every empty cell.
    Only this text changes: JSON and SARIF keep one finding per cell."""
    colour = wants_colour(out)
    words = WORDS[lang]
    lines = []
    for f in report.files:
        findings = ([f.error] if f.error else []) + f.findings
        if not findings:
            continue
        lines.append(_paint(f.path, "bold underline", colour))
        unfilled = _unfilled(f)
        findings = [x for x in findings if not (x.form in unfilled and _result_empty(x))]
        order = {info.sheet: i for i, info in enumerate(f.forms)}
        by_sheet: dict = {}
        for i in unfilled:
            by_sheet.setdefault(f.forms[i].sheet, [])
        for x in findings:
            by_sheet.setdefault(x.sheet, []).append(x)
        for sheet in sorted(by_sheet, key=lambda s: order.get(s, -1)):
            indent = "  "
            if sheet:
                lines.append(_paint(f"  {sheet}", "bold", colour))
                indent = "    "
            several = sum(info.sheet == sheet for info in f.forms) > 1
            for i, n in unfilled.items():
                if f.forms[i].sheet == sheet:
                    lines.append(indent + _unfilled_line(f.forms[i], n, several, lang, colour))
            entries = _runs(by_sheet[sheet], lang)
            width = max([6] + [len(label) for label, _, _ in entries])
            for label, x, count in entries:
                text = x.message(lang) + (_count(count, lang) if count > 1 else "")
                if x.suppressed is not None:  # accepted by a reviewer: shown dimmed, with the reason, not counted
                    note = msg("suppressed_note", reason=x.suppressed.get("reason", "")).render(lang)
                    lines.append(_paint(f"{indent}{label:<{width}} {x.rule} {words[x.severity]:<4} {text} {note}",
                                        "dim", colour))
                    continue
                lines.append(indent + _paint(f"{label:<{width}}", "cyan", colour)
                             + _paint(f" {x.rule} ", "bold", colour)
                             + _paint(f"{words[x.severity]:<4}", STYLE[x.severity], colour) + " " + text)
    unused = report.unused_suppressions()
    if unused:
        lines.append(_paint(msg("suppress_unused_head").render(lang), "bold yellow", colour))
        sep = ": " if lang == "en" else "："
        lines += [f"  {u['path'] + sep if u.get('path') else ''}{unused_text(u, lang)}" for u in unused]
    style = "bold red" if report.exit_code else "bold green"
    lines.append(_paint(summary_line(report, lang), style, colour))
    out.write("\n".join(lines) + "\n")


def _count(n: int, lang: str) -> str:
    return f" ({n} cells)" if lang == "en" else f"，{n} 处"


def _result_empty(x) -> bool:
    from ..rules.px301 import RESULTS

    return x.rule == "PX301" and x.suppressed is None and x.params.get("field") in RESULTS


def _unfilled(f: FileResult) -> dict[int, int]:
    """Forms not filled in yet: index -> empty result cells, where more than UNFILLED of the result
    cells PX301 requires (FormInfo.results) are empty."""
    empty = Counter(x.form for x in f.findings if x.form is not None and _result_empty(x))
    return {i: n for i, n in sorted(empty.items())
            if 0 <= i < len(f.forms) and f.forms[i].results and n > UNFILLED * f.forms[i].results}


def _unfilled_line(info, n: int, several: bool, lang: str, colour: bool) -> str:
    if lang == "en":
        name = f"{info.project}: " if several and info.project else ""
        head, tail = f"{name}not filled in yet", (f": {n} of its {info.results} result cells are empty "
                                                   "(PX301, not listed cell by cell; lint it again once filled in)")
    else:
        name = f"《{info.project}》" if several and info.project else ""
        head = f"{name}本表尚未填写"
        tail = f"：执行数、实际完成值、得分等 {info.results} 处中 {n} 处为空（PX301，不逐格列出；填好后再检查）"
    return _paint(head, "bold red", colour) + tail


def _runs(items: list, lang: str) -> list[tuple[str, object, int]]:
    """(cells, finding, count) lines of one sheet in reading order: findings of one rule with one
    message in consecutive cells of a column (F22–F33), else of a row (D7–F7), become one line."""
    groups: dict = {}
    for x in items:
        if _position(x.cell) != (0, 0):
            groups.setdefault((x.rule, x.severity, x.message(lang), str(x.suppressed)), []).append(x)
    taken, out = set(), []
    for members in groups.values():
        for vertical in (True, False):
            free = [x for x in members if id(x) not in taken]
            along = (lambda x: (_position(x.cell)[1], _position(x.cell)[0])) if vertical else _position_of
            free.sort(key=along)
            run: list = []
            for x in free + [None]:
                if run and x is not None and _next(along(run[-1]), along(x)):
                    run.append(x)
                    continue
                if len(run) > 1:
                    taken.update(id(y) for y in run)
                    out.append((f"{run[0].cell}–{run[-1].cell}", run[0], len(run)))
                run = [x]
    out += [(x.cell or "", x, 1) for x in items if id(x) not in taken]
    out.sort(key=lambda e: (_position(e[1].cell), e[1].rule))
    return out


def _position_of(x) -> tuple[int, int]:
    return _position(x.cell)


def _next(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """b follows a along the line both lie on (same first coordinate, second one more)."""
    return a[0] == b[0] and b[1] == a[1] + 1
