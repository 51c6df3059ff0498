"""收表与汇总, the bureau's side: rounds from a roster, the board of who sent what, the roll-up."""

from __future__ import annotations

import csv
import io
import secrets

from ..errors import PerfxlError
from .checkpage import XLSX, progress_page, upload_form
from .collect import result_of
from .handler import Request, Response, download, html_response, redirect, uploads
from .layout import Raw, e, error_text, hidden_csrf, page, problems_table, t, table
from .resultview import file_view
from .store import CHECKING, UNREADABLE
from .uploads import roster_part


def rounds_page(req: Request, problems: PerfxlError | None = None, shown: str = "", status: int = 200) -> Response:
    lang = req.lang
    body = ""
    if problems is not None:
        body += f'<div class="problem"><p>{e(t(lang, "web_roster_problems", name=shown))}</p>'
        body += problems_table(lang, problems.messages, shown) + "</div>"
    rows = [[Raw(f'<a href="/collect/{r["id"]}">{e(r["name"])}</a>'), r["roster_name"], r["created"]]
            for r in req.app.store.rounds()]
    if rows:
        body += f"<h2>{e(t(lang, 'web_rounds'))}</h2>" + table(
            [t(lang, "web_col_round"), t(lang, "web_col_roster"), t(lang, "web_col_created")], rows)
    form = upload_form(req, "/collect", "roster", ".xlsx", False, t(lang, "web_round_drop"),
                       t(lang, "web_round_button"))
    name = (f'<p><label>{e(t(lang, "web_round_name"))}<br>'
            f'<input type="text" name="name" required maxlength="60" placeholder="{e(t(lang, "web_round_example"))}">'
            f'</label></p>')
    form = form.replace('<label class="drop">', name + '<label class="drop">', 1)  # the name above the file
    body += f"<h2>{e(t(lang, 'web_round_new'))}</h2>" + form
    return html_response(page(req, t(lang, "web_nav_collect"), body), status)


@uploads
def create_round(req: Request) -> Response:
    part = roster_part(req)
    name = " ".join(req.fields.get("name", "").split())[:60] or part.client_name.rsplit(".", 1)[0]
    folder = req.app.incoming / secrets.token_hex(8)
    folder.mkdir()
    roster = folder / "名单.xlsx"
    try:
        req.body.save(part, roster)
        rid = req.app.collection.create_round(name, roster, part.client_name)
    except PerfxlError as exc:
        return rounds_page(req, exc, part.client_name, 400)
    finally:
        roster.unlink(missing_ok=True)
        folder.rmdir()
    return redirect(f"/collect/{rid}")


def board_status(sub) -> str:
    if sub is None:
        return "missing"
    if sub["status"] == CHECKING:
        return "checking"
    if sub["status"] == UNREADABLE or sub["errors"]:
        return "error"
    return "clean"


def board(req: Request, rid: str) -> Response:
    lang = req.lang
    rnd = req.app.store.round(int(rid))
    if rnd is None:
        return req.error_page(404, t(lang, "web_not_found"))
    units = req.app.store.units(rnd["id"])
    latest = req.app.store.latest(rnd["id"])
    states = {u["id"]: board_status(latest.get(u["id"])) for u in units}
    count = {s: sum(v == s for v in states.values()) for s in ("missing", "checking", "error", "clean")}
    rows = []
    for i, u in enumerate(units, 1):
        sub, state = latest.get(u["id"]), states[u["id"]]
        link = f"http://{req.host}/u/{u['token']}"
        view = (Raw(f'<a href="/collect/{rnd["id"]}/u/{u["id"]}/s/{sub["id"]}">{e(t(lang, "web_view"))}</a>')
                if sub else "")
        rows.append([i, u["name"], Raw(f'<span class="{state}">{e(t(lang, "web_state_" + state))}</span>'),
                     sub["count"] if sub else 0, sub["received"] if sub else "", sub["errors"] if sub else "",
                     sub["warnings"] if sub else "", view, Raw(f'<code class="link">{e(link)}</code>')])
    head = [t(lang, "web_col_no"), t(lang, "web_col_unit"), t(lang, "web_col_state"), t(lang, "web_col_count"),
            t(lang, "web_col_received"), t(lang, "web_col_errors"), t(lang, "web_col_warnings"),
            t(lang, "web_col_view"), t(lang, "web_col_link")]
    tally = t(lang, "web_tally", units=len(units), received=len(units) - count["missing"], errors=count["error"],
              clean=count["clean"], missing=count["missing"], checking=count["checking"])
    body = (f'<p class="notice" id="tally">{e(tally)}</p>'
            f'<form method="post" action="/collect/{rnd["id"]}/rollup">{hidden_csrf(req.session.csrf)}'
            f'<button class="main" type="submit" id="rollup">{e(t(lang, "web_rollup_button"))}</button></form>'
            f'<p>{e(t(lang, "web_links_note"))} <a id="links" href="/collect/{rnd["id"]}/links.csv">'
            f'{e(t(lang, "web_links_csv"))}</a></p>'
            + table(head, rows, numeric={0, 3, 5, 6}, cls="board"))
    return html_response(page(req, t(lang, "web_board_title", name=rnd["name"]), body,
                              refresh=3 if count["checking"] else None))


def links_csv(req: Request, rid: str) -> Response:
    """Every unit's upload link as a CSV (for a mail merge); names that look like formulas quoted."""
    rnd = req.app.store.round(int(rid))
    if rnd is None:
        return req.error_page(404, t(req.lang, "web_not_found"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t(req.lang, "web_col_unit"), t(req.lang, "web_col_link")])
    for u in req.app.store.units(rnd["id"]):
        name = "'" + u["name"] if u["name"].startswith(("=", "+", "-", "@")) else u["name"]
        writer.writerow([name, f"http://{req.host}/u/{u['token']}"])
    response = Response(200, out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = "attachment; filename=\"links.csv\""
    return response


def _unit_of_round(req: Request, rid: str, uid: str):
    return next((u for u in req.app.store.units(int(rid)) if u["id"] == int(uid)), None)


def officer_submission(req: Request, rid: str, uid: str, sid: str) -> Response:
    lang = req.lang
    unit = _unit_of_round(req, rid, uid)
    sub = req.app.store.submission(int(sid), unit["id"]) if unit else None
    if sub is None:
        return req.error_page(404, t(lang, "web_not_found"))
    result = result_of(sub, lang)
    base = f"/collect/{rid}/u/{uid}/s/{sid}"
    history = "".join(f'<li><a href="/collect/{rid}/u/{uid}/s/{s["id"]}">{e(s["received"])} '
                      f'{e(s["client_name"])}</a></li>' for s in req.app.store.submissions(unit["id"]))
    body = (f'<p><a href="/collect/{e(rid)}">{e(t(lang, "web_back_board"))}</a> · '
            f'<a href="{base}/file">{e(t(lang, "web_download_original"))}</a></p>'
            + (file_view(lang, sub["client_name"], result, f"{base}/annotated" if sub["annotated"] else None)
               if result else f'<p class="notice">{e(t(lang, "web_state_checking"))}</p>')
            + f"<h2>{e(t(lang, 'web_history'))}</h2><ul>{history}</ul>")
    return html_response(page(req, unit["name"], body, refresh=None if result else 2))


def officer_file(req: Request, rid: str, uid: str, sid: str, what: str) -> Response:
    unit = _unit_of_round(req, rid, uid)
    sub = req.app.store.submission(int(sid), unit["id"]) if unit else None
    if sub is None:
        return req.error_page(404, t(req.lang, "web_not_found"))
    folder = req.app.collection.submission_folder(unit, sub["id"])
    if what == "annotated":
        path = req.app.collection.annotated(unit, sub["id"])
        name = f"{unit['name']}-{t(req.lang, 'web_annotated_suffix')}.xlsx"
    else:
        path, name = folder / sub["stored"], sub["stored"]
    if not path.exists():
        return req.error_page(404, t(req.lang, "web_not_found"))
    return download(path, name, XLSX)


def start_rollup(req: Request, rid: str) -> Response:
    rnd = req.app.store.round(int(rid))
    if rnd is None:
        return req.error_page(404, t(req.lang, "web_not_found"))
    lang = req.lang
    job = req.app.jobs.submit(req.session.id, 1, lambda job: req.app.collection.rollup(rnd["id"], lang),
                              [rnd["name"]])
    return redirect(f"/collect/{rnd['id']}/rollup/{job.id}")


def rollup_result(req: Request, rid: str, job_id: str) -> Response:
    lang = req.lang
    job = req.app.jobs.get(job_id, req.session.id)
    if job is None:
        return req.error_page(404, t(lang, "web_not_found"))
    if not job.finished:
        return progress_page(req, job, t(lang, "web_rollup_title"))
    if job.state == "failed":
        return req.error_page(500, error_text(lang, job.error))
    here = f"/collect/{e(rid)}/rollup/{e(job.id)}"
    body = (f'<p class="clean">{e(t(lang, "web_rollup_done", name=job.result[0].name))}</p>'
            f'<p><a class="button" id="rollup-download" href="{here}/file">{e(t(lang, "web_rollup_download"))}</a> '
            f'<a class="button" id="rollup-zip" href="{here}/zip">{e(t(lang, "web_rollup_zip"))}</a></p><p>'
            f'<a href="/collect/{e(rid)}">{e(t(lang, "web_back_board"))}</a></p>')
    return html_response(page(req, t(lang, "web_rollup_title"), body))


def rollup_file(req: Request, rid: str, job_id: str, what: str) -> Response:
    job = req.app.jobs.get(job_id, req.session.id)
    path = job.result[0 if what == "file" else 1] if job is not None and job.state == "done" else None
    if path is None or not path.exists():
        return req.error_page(404, t(req.lang, "web_not_found"))
    return download(path, path.name, XLSX if what == "file" else "application/zip")


ID = r"\d{1,9}"
JOB = r"[A-Za-z0-9_-]{8,40}"
ROUTES = [
    ("GET", r"/collect", rounds_page, "officer"),
    ("POST", r"/collect", create_round, "officer"),
    ("GET", rf"/collect/(?P<rid>{ID})", board, "officer"),
    ("GET", rf"/collect/(?P<rid>{ID})/u/(?P<uid>{ID})/s/(?P<sid>{ID})", officer_submission, "officer"),
    ("GET", rf"/collect/(?P<rid>{ID})/u/(?P<uid>{ID})/s/(?P<sid>{ID})/(?P<what>annotated|file)", officer_file,
     "officer"),
    ("GET", rf"/collect/(?P<rid>{ID})/links\.csv", links_csv, "officer"),
    ("POST", rf"/collect/(?P<rid>{ID})/rollup", start_rollup, "officer"),
    ("GET", rf"/collect/(?P<rid>{ID})/rollup/(?P<job_id>{JOB})", rollup_result, "officer"),
    ("GET", rf"/collect/(?P<rid>{ID})/rollup/(?P<job_id>{JOB})/(?P<what>file|zip)", rollup_file, "officer"),
]
