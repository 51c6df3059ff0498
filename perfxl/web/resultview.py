"""One checked workbook on a page: per form its facts, then every finding with what to do."""

from __future__ import annotations

from ..rules import fix
from .layout import Raw, e, t, table

KIND = {"zh": {"project": "项目支出", "transfer": "转移支付", "department": "部门整体", "score_table": "评分表"},
        "en": {"project": "project", "transfer": "transfer", "department": "department", "score_table": "score table"}}


def _num(value, digits: int = 2) -> str:
    if value is None:
        return ""
    return f"{value:,.{digits}f}"


def _rate(value) -> str:
    return "" if value is None else f"{value * 100:.2f}%"


def status_of(file: dict) -> str:
    """error, warning or clean: the worst of the file's findings not suppressed."""
    if file["error"]:
        return "error"
    live = [x for x in file["findings"] if x.get("suppressed") is None]
    if any(x["severity"] == "error" for x in live):
        return "error"
    return "warning" if live else "clean"


def summary_line(lang: str, name: str, file: dict) -> Raw:
    live = [x for x in file["findings"] if x.get("suppressed") is None]
    errors = sum(x["severity"] == "error" for x in live) + (1 if file["error"] else 0)
    warnings = sum(x["severity"] == "warning" for x in live)
    status = status_of(file)
    key = {"error": "web_status_errors", "warning": "web_status_warnings", "clean": "web_status_clean"}[status]
    text = t(lang, "web_file_summary", name=name, forms=len(file["forms"]), errors=errors, warnings=warnings)
    return Raw(f'<p class="summary">{e(text)} <span class="{status}">{e(t(lang, key))}</span></p>')


def findings_table(lang: str, findings: list[dict]) -> Raw:
    head = [t(lang, "web_col_severity"), t(lang, "web_col_rule"), t(lang, "web_col_sheet"), t(lang, "web_col_cell"),
            t(lang, "web_col_message"), t(lang, "web_col_fix")]
    rows = []
    for x in findings:
        severity = t(lang, "web_sev_error" if x["severity"] == "error" else "web_sev_warning")
        if x.get("suppressed") is not None:
            severity += t(lang, "web_suppressed", reason=x["suppressed"].get("reason", ""))
        rows.append([Raw(f'<span class="{e(x["severity"])}">{e(severity)}</span>'), x["rule"], x["sheet"] or "",
                     x["cell"] or "", x["message"], fix(x["rule"], lang)])
    return table(head, rows, cls="findings")


def form_facts(lang: str, form: dict) -> Raw:
    head = [t(lang, "web_col_kind"), t(lang, "web_col_unit"), t(lang, "web_col_year"), t(lang, "web_col_budget"),
            t(lang, "web_col_spent"), t(lang, "web_col_rate"), t(lang, "web_col_fund_score"),
            t(lang, "web_col_total"), t(lang, "web_col_grade")]
    row = [KIND[lang].get(form["kind"], form["kind"]), form["unit"], form.get("year") or "",
           _num(form.get("budget"), 4), _num(form.get("spent"), 4), _rate(form.get("rate")),
           _num(form.get("fund_score")), _num(form.get("total_score")), form.get("grade") or ""]
    return table(head, [row], numeric={3, 4, 5, 6, 7}, cls="facts")


def file_view(lang: str, name: str, file: dict, annotated_url: str | None = None) -> Raw:
    """The whole result of a file: summary, download link, file-level findings, then each form."""
    out = [summary_line(lang, name, file)]
    if annotated_url:
        out.append(f'<p><a class="button annotated" href="{e(annotated_url)}">{e(t(lang, "web_download_annotated"))}'
                   f"</a></p>")
    if file["error"]:
        out.append(f'<p class="problem">{e(file["error"]["rule"])} {e(file["error"]["message"])}</p>')
    general = [x for x in file["findings"] if x.get("form") is None]
    if general:
        out.append(f"<h3>{e(t(lang, 'web_file_findings'))}</h3>" + findings_table(lang, general))
    for i, form in enumerate(file["forms"]):
        mine = [x for x in file["findings"] if x.get("form") == i]
        out.append(f'<section class="form"><h3>{e(t(lang, "web_form_heading", n=i + 1, sheet=form["sheet"]))}'
                   f' {e(form["project"])}</h3>')
        out.append(form_facts(lang, form))
        out.append(findings_table(lang, mine) if mine else f'<p class="clean">{e(t(lang, "web_form_clean"))}</p>')
        out.append("</section>")
    return Raw("".join(out))
