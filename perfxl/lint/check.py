"""Checking: read a workbook's forms and run the rules over them, each rule fenced off from the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PerfxlError
from ..findings import Finding
from ..forms.model import Form
from ..profiles import Profile
from ..reader.comments import read_comments
from ..reader.diagnose import diagnose
from ..reader.sheets import read_grid
from ..reader.sources import Book, fill_uncached, load_book
from ..scoring import NATIONAL
from ..xlsxio import shown_name
from .report import FileResult, FormInfo, count_results
from .suppress import apply, from_comments


@dataclass
class Context:
    """What a rule may look at beyond its form."""

    path: str
    book: Book | None = None
    method: object = NATIONAL
    roster_units: dict = field(default_factory=dict)
    failures: bool = True   # report a rule that raises as PX000 (unless the user ignores PX000)
    profile: Profile | None = None  # the province's choices (thresholds, weights); None: the national one


def file_error(reason: str, reason_en: str) -> Finding:
    return Finding("PX001", "error", None, None, {"reason": reason, "reason_en": reason_en})


def reasons(exc: PerfxlError) -> tuple[str, str]:
    """Why a file cannot be read, in Chinese and English, as an InputError's messages say it."""
    return "；".join(m.render("zh") for m in exc.messages), "; ".join(m.render("en") for m in exc.messages)


def read_forms(book: Book) -> list[Form]:
    """Every form of the book's visible sheets, numbered in order (findings name them by number).
    A sheet the reader fails on is set aside in book.unread while the others are read; if none
    could be read, the first failure stands (the file is PX001)."""
    forms: list[Form] = []
    book.unread = []
    for grid in book.grids:
        if grid.hidden:
            continue
        try:
            forms += read_grid(grid)
        except Exception as exc:  # one sheet's layout must not lose the workbook's other forms
            book.unread.append((grid.name, exc))
    if book.unread and not forms:
        raise book.unread[0][1]
    for i, form in enumerate(forms):
        form.index = i
    return forms


def _results_missing(forms: list[Form]) -> bool:
    """Cells where a form shows computed results are empty: perhaps formulas never calculated."""
    for f in forms:
        fund = f.fund.get("total")
        cells = [f.total_score] + ([fund.cells.get("rate"), fund.cells.get("score")] if fund else [])
        if any(v is not None and v.empty for v in cells):
            return True
    return False


def lint_file(path: Path, shown: str, rules: list, ctx: Context) -> tuple[FileResult, list[Form]]:
    """A file's result and its forms; a file that cannot be read is PX001 and no forms."""
    try:
        book = load_book(path)
    except PerfxlError as exc:
        why = reasons(exc)
    except Exception as exc:
        why = (f"{shown}：无法解析（{type(exc).__name__}）", f"{shown}: cannot be parsed ({type(exc).__name__})")
    else:
        try:
            result, forms = check_book(book, rules, ctx, shown)
        except Exception as exc:
            why = (f"{shown}：其中的表无法读取（{type(exc).__name__}）",
                   f"{shown}: its sheets cannot be read ({type(exc).__name__})")
        else:
            _comment_suppressions(result, path, shown, book.members)
            return result, forms
    result = FileResult(shown)
    if any(r.code == "PX001" for r in rules):  # unselected, the file simply yields nothing
        result.error = file_error(*(shown_name(w) for w in why))  # messages name the file as given
    return result, []


def _comment_suppressions(result: FileResult, path: Path, shown: str, members: list | None = None) -> None:
    """Findings accepted by a cell comment (perfxl: 忽略 PX205 原因…) are marked; comments that match
    nothing are kept on the result for the report."""
    found = from_comments(read_comments(path, members), shown)
    apply(result.findings, found, shown)
    result.unused = [s.to_json() for s in found if not s.used]


def check_book(book: Book, rules: list, ctx: Context, shown: str) -> tuple[FileResult, list[Form]]:
    """Run the rules over a loaded book (from a file, or grids from an open Excel workbook)."""
    ctx.book = book
    forms = read_forms(book)
    if _results_missing(forms) and fill_uncached(book):
        forms = read_forms(book)
    if ctx.profile is not None:
        for f in forms:  # a grade perfxl computes reads on the profile's scale (优秀/良好/合格… where five)
            f.grade_scale = ctx.profile.grade_scale
    result = FileResult(shown, forms=[FormInfo.of(f) for f in forms])
    for sheet, exc in book.unread:
        _failed(result.findings, "读表", "the reader", sheet, None, exc, ctx)
    if not forms and any(r.code == "PX002" for r in rules):
        why, why_en = diagnose(book.grids)  # what was found and what was missing: which word to add
        result.findings.append(Finding("PX002", "warning", None, None, {"why": why, "why_en": why_en}))
    found = result.findings
    for rule in rules if forms else ():
        if rule.scope == "book":
            try:
                found.extend(rule.check_book(forms, ctx))
            except Exception as exc:  # one rule's bug must not hide the others' findings
                _failed(found, f"规则{rule.code}", f"rule {rule.code}", None, None, exc, ctx)
        elif rule.scope == "form":
            for form in forms:
                if form.kind in rule.kinds:
                    try:
                        found.extend(rule.check(form, ctx))  # what it found before failing stays
                    except Exception as exc:  # as above, on this form only
                        _failed(found, f"规则{rule.code}", f"rule {rule.code}", form.sheet, form.index, exc, ctx)
    count_results(result.forms, forms, found)
    return result, forms


def _failed(found: list[Finding], what: str, what_en: str, sheet: str | None, form: int | None,
            exc: Exception, ctx: Context) -> None:
    """A PX000 for what failed (a rule, the reader) on its form, its sheet, or the whole book."""
    if ctx.failures:
        found.append(Finding("PX000", "error", sheet, None, {
            "what": what, "what_en": what_en, "error": f"{type(exc).__name__}: {exc}"[:160]}, form=form))
