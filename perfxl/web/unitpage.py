"""A county's upload page, reached by its token link: send the workbook, see its findings, send again."""

from __future__ import annotations

import secrets

from ..i18n import msg
from .checkpage import XLSX, upload_form
from .collect import result_of
from .handler import Request, Response, download, html_response, redirect, uploads
from .layout import Raw, e, page, t, table
from .resultview import file_view
from .store import CHECKING
from .uploads import ACCEPT, WORKBOOK_TYPES, UploadRefused, check_part

TOKEN = r"(?P<token>[A-Za-z0-9_-]{24,64})"
MAX_SUBMISSIONS = 100   # a leaked link cannot fill the bureau's disk


def _unit(req: Request, token: str):
    return req.app.store.unit_by_token(token)


def unit_page(req: Request, token: str) -> Response:
    lang = req.lang
    unit = _unit(req, token)
    if unit is None:
        return req.error_page(404, t(lang, "web_not_found"))
    rnd = req.app.store.round(unit["round_id"])
    subs = req.app.store.submissions(unit["id"])  # this unit's only: the query is by its id
    body = f'<p class="notice">{e(t(lang, "web_unit_intro", round=rnd["name"]))}</p>'
    body += upload_form(req, f"/u/{token}", "file", ACCEPT, False,
                        t(lang, "web_unit_drop"), t(lang, "web_unit_button" if not subs else "web_unit_again"))
    checking = bool(subs) and subs[0]["status"] == CHECKING
    if subs:
        latest = subs[0]
        body += f"<h2>{e(t(lang, 'web_unit_latest', time=latest['received']))}</h2>"
        result = result_of(latest, lang)
        if result is None:
            body += f'<p class="notice" id="checking">{e(t(lang, "web_state_checking"))}</p>'
        else:
            url = f"/u/{token}/s/{latest['id']}/annotated" if latest["annotated"] else None
            body += f'<div id="latest">{file_view(lang, latest["client_name"], result, url)}</div>'
        rows = [[s["received"], s["client_name"], _state(lang, s), s["errors"] if s["errors"] is not None else "",
                 s["warnings"] if s["warnings"] is not None else "",
                 Raw(f'<a href="/u/{e(token)}/s/{s["id"]}">{e(t(lang, "web_view"))}</a>')] for s in subs]
        body += f"<h2>{e(t(lang, 'web_history'))}</h2>" + table(
            [t(lang, "web_col_received"), t(lang, "web_col_file"), t(lang, "web_col_state"), t(lang, "web_col_errors"),
             t(lang, "web_col_warnings"), t(lang, "web_col_view")], rows, numeric={3, 4}, cls="history")
    return html_response(page(req, unit["name"], body, refresh=2 if checking else None, nav=False))


def _state(lang: str, sub) -> Raw:
    if sub["status"] == CHECKING:
        state = "checking"
    elif sub["status"] != "checked" or sub["errors"]:
        state = "error"
    else:
        state = "clean"
    return Raw(f'<span class="{state}">{e(t(lang, "web_state_" + state))}</span>')


@uploads
def unit_upload(req: Request, token: str) -> Response:
    unit = _unit(req, token)
    if unit is None:
        return req.error_page(404, t(req.lang, "web_not_found"))
    parts = [p for p in req.body.files if p.field == "file"]
    if len(parts) != 1:
        raise UploadRefused(400, msg("web_no_file"))
    if len(req.app.store.submissions(unit["id"])) >= MAX_SUBMISSIONS:
        raise UploadRefused(429, msg("web_too_many_submissions", n=MAX_SUBMISSIONS))
    suffix = check_part(req.body, parts[0], WORKBOOK_TYPES, req.app.max_upload)
    target = req.app.incoming / f"{secrets.token_hex(12)}{suffix}"
    req.body.save(parts[0], target)
    sid = req.app.collection.receive(unit, target, parts[0].client_name, suffix)
    req.app.check_submission(unit, sid, req.lang)
    return redirect(f"/u/{token}")


def unit_submission(req: Request, token: str, sid: str) -> Response:
    lang = req.lang
    unit = _unit(req, token)
    sub = req.app.store.submission(int(sid), unit["id"]) if unit else None
    if sub is None:
        return req.error_page(404, t(lang, "web_not_found"))
    result = result_of(sub, lang)
    url = f"/u/{token}/s/{sid}/annotated" if sub["annotated"] else None
    body = (f'<p><a href="/u/{e(token)}">{e(t(lang, "web_back_unit"))}</a></p>'
            + (file_view(lang, sub["client_name"], result, url) if result
               else f'<p class="notice">{e(t(lang, "web_state_checking"))}</p>'))
    return html_response(page(req, unit["name"], body, refresh=None if result else 2, nav=False))


def unit_annotated(req: Request, token: str, sid: str) -> Response:
    unit = _unit(req, token)
    sub = req.app.store.submission(int(sid), unit["id"]) if unit else None
    path = req.app.collection.annotated(unit, sub["id"]) if sub else None
    if path is None or not path.exists():
        return req.error_page(404, t(req.lang, "web_not_found"))
    return download(path, f"{unit['name']}-{t(req.lang, 'web_annotated_suffix')}.xlsx", XLSX)


ROUTES = [
    ("GET", rf"/u/{TOKEN}", unit_page, "any"),
    ("POST", rf"/u/{TOKEN}", unit_upload, "any"),
    ("GET", rf"/u/{TOKEN}/s/(?P<sid>\d{{1,9}})", unit_submission, "any"),
    ("GET", rf"/u/{TOKEN}/s/(?P<sid>\d{{1,9}})/annotated", unit_annotated, "any"),
]
