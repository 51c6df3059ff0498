"""检查: workbooks dropped on the page are linted; findings per form, the annotated copies to download."""

from __future__ import annotations

import csv
import io
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import PerfxlError
from ..fix.guarded import fix_guarded
from ..i18n import msg
from ..lint.outputs import FORMATS
from ..lint.report import FileResult, Report
from .checking import annotate_files, as_json, check_files, counts
from .handler import Request, Response, download, html_response, redirect, uploads
from .layout import e, hidden_csrf, page, t
from .resultview import file_view
from .uploads import ACCEPT, WORKBOOK_TYPES, UploadRefused, check_part, copy_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Checked:
    """One file of a check: the sender's name, its result, its annotated copy if one was written."""

    name: str
    result: FileResult
    source: Path
    copy: Path | None = None      # the annotated copy, if one could be written
    fixed: Path | None = None     # the copy `perfxl fix` corrected, if arithmetic changed anything
    changes: int = 0


def upload_form(req: Request, action: str, field: str, accept: str, multiple: bool, label: str,
                button: str) -> str:
    lang = req.lang
    return (f'<form method="post" action="{e(action)}" enctype="multipart/form-data">{hidden_csrf(req.session.csrf)}'
            f'<label class="drop">{e(label)}<br><input type="file" name="{e(field)}" accept="{e(accept)}"'
            f'{" multiple" if multiple else ""} required></label>'
            f'<p>{e(t(lang, "web_limits", mb=req.app.max_upload >> 20))}</p>'
            f'<button class="main" type="submit">{e(button)}</button></form>')


def check_form(req: Request) -> Response:
    lang = req.lang
    body = upload_form(req, "/check", "files", ACCEPT, True, t(lang, "web_check_drop"),
                       t(lang, "web_check_button"))
    jobs = [j for j in (req.app.jobs.get(i, req.session.id) for i in req.session.jobs) if j is not None]
    if jobs:
        items = "".join(f'<li><a href="/check/{e(j.id)}">{e(", ".join(j.names))}</a></li>' for j in reversed(jobs))
        body += f"<h2>{e(t(lang, 'web_check_earlier'))}</h2><ul>{items}</ul>"
    body += (f'<h2>{e(t(lang, "web_privacy_title"))}</h2><p>{e(t(lang, "web_privacy"))}</p>'
             f'<form method="post" action="/logout">{hidden_csrf(req.session.csrf)}'
             f'<button type="submit" id="forget">{e(t(lang, "web_forget"))}</button></form>')
    return html_response(page(req, t(lang, "web_nav_check"), body))


@uploads
def check_upload(req: Request) -> Response:
    parts = [p for p in req.body.files if p.field == "files"]
    if not parts:
        raise UploadRefused(400, msg("web_no_file"))
    suffixes = [check_part(req.body, p, WORKBOOK_TYPES, req.app.max_upload) for p in parts]
    folder = req.app.sessions.folder(req.session) / secrets.token_hex(8)
    folder.mkdir()
    files = []
    for i, (part, suffix) in enumerate(zip(parts, suffixes), 1):
        files.append(folder / f"{i:03d}{suffix}")   # the server's name; the sender's is display text
        req.body.save(part, files[-1])
    names = [p.client_name for p in parts]
    lang = req.lang

    def work(job):
        results = check_files(files, names, progress=job.advance)
        pairs = [(f, f.with_name(f"{f.stem}-annotated.xlsx")) for f in files]
        failures = annotate_files(pairs, results, lang)
        checked = [Checked(n, r, pair[0], pair[1] if why is None else None)
                   for n, r, pair, why in zip(names, results, pairs, failures)]
        for item in checked:
            fix_copy(item, lang)
        return checked

    job = req.app.jobs.submit(req.session.id, len(files), work, names)
    req.session.jobs.append(job.id)
    return redirect(f"/check/{job.id}")


def fix_copy(item: Checked, lang: str) -> None:
    """`perfxl fix` on a file the check read (a file it could not read is not opened again); the
    copy is offered only where arithmetic changed something."""
    if item.result.error is not None or item.source.suffix not in (".xlsx", ".xlsm"):
        return
    target = item.source.with_name(f"{item.source.stem}-fixed{item.source.suffix}")
    try:
        done = fix_guarded(item.source, target, lang=lang)  # openpyxl reads it: under the guard too
    except PerfxlError:
        return
    if done.changes:
        item.fixed, item.changes = target, len(done.changes)


def progress_page(req: Request, job, title: str) -> Response:
    lang = req.lang
    if job.total > 1:
        body = (f'<p class="notice" id="progress-text">{e(t(lang, "web_progress", done=job.done, total=job.total))}</p>'
                f'<progress max="{job.total}" value="{job.done}"></progress>')
    else:  # one piece of work (a roll-up, a roster): how long it has run, and a bar that moves
        seconds = int(time.monotonic() - job.started)
        body = (f'<p class="notice" id="progress-text">{e(t(lang, "web_working", seconds=seconds))}</p>'
                "<progress></progress>")
    return html_response(page(req, title, body, refresh=1))


def finished_job(req: Request, job_id: str, title: str):
    """The session's job once it has finished, else the page to show instead (not found, progress)."""
    job = req.app.jobs.get(job_id, req.session.id)
    if job is None:
        return req.error_page(404, t(req.lang, "web_not_found"))
    return job if job.finished else progress_page(req, job, title)


def check_result(req: Request, job_id: str) -> Response:
    lang = req.lang
    title = t(lang, "web_check_result")
    job = finished_job(req, job_id, title)
    if isinstance(job, Response):
        return job
    if job.state == "failed":
        return req.error_page(500, job.error.render(lang))
    out = [f'<p><a class="button" href="/check">{e(t(lang, "web_check_more"))}</a> '
           f'<a href="/check/{e(job.id)}/report.json" id="json">{e(t(lang, "web_json"))}</a></p>']
    if job.kept is not None:
        out.append(f'<p class="notice" id="kept">{e(t(lang, "web_kept", path=str(job.kept)))}</p>')
    else:
        out.append(f'<form method="post" action="/check/{e(job.id)}/keep">{hidden_csrf(req.session.csrf)}'
                   f'<button type="submit" id="keep">{e(t(lang, "web_keep"))}</button></form>')
    for i, item in enumerate(job.result):
        url = f"/check/{job.id}/{i}/annotated" if item.copy is not None else None
        fixed = (f'<p><a class="button fixed" href="/check/{e(job.id)}/{i}/fixed">'
                 f'{e(t(lang, "web_download_fixed", n=item.changes))}</a></p>') if item.fixed is not None else ""
        out.append(f'<section class="file"><h2>{e(item.name)}</h2>{fixed}'
                   f'{file_view(lang, item.name, as_json(item.result)[lang], url)}</section>')
    return html_response(page(req, title, "".join(out)))


def _done_job(req: Request, job_id: str):
    job = req.app.jobs.get(job_id, req.session.id)
    return job if job is not None and job.state == "done" else None


def check_annotated(req: Request, job_id: str, index: str) -> Response:
    return _copy(req, job_id, index, "copy", "web_annotated_suffix")


def check_fixed(req: Request, job_id: str, index: str) -> Response:
    return _copy(req, job_id, index, "fixed", "web_fixed_suffix")


def _copy(req: Request, job_id: str, index: str, which: str, suffix: str) -> Response:
    """A copy made of a checked file (annotated or fixed), named after the sender's file."""
    job = _done_job(req, job_id)
    i = int(index)
    path = getattr(job.result[i], which) if job is not None and i < len(job.result) else None
    if path is None or not path.exists():
        return req.error_page(404, t(req.lang, "web_not_found"))
    stem = job.result[i].name.rsplit(".", 1)[0]
    return download(path, f"{stem}-{t(req.lang, suffix)}{path.suffix}", XLSX)


def check_keep(req: Request, job_id: str) -> Response:
    """Asked for: the uploads and their annotated copies kept in the data folder (the server's
    names, with a list of the senders' names), beyond the session."""
    job = _done_job(req, job_id)
    if job is None:
        return req.error_page(404, t(req.lang, "web_not_found"))
    if job.kept is None:
        folder = req.app.data / "kept" / f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        folder.mkdir(parents=True)
        rows = [["编号", "文件名", "错误", "警告"]]
        for i, item in enumerate(job.result, 1):
            copy_file(item.source, folder / f"{i:03d}{item.source.suffix}")
            if item.copy is not None:
                copy_file(item.copy, folder / f"{i:03d}-标注.xlsx")
            # a name starting with = + - @ would be a formula when the list is opened in Excel
            name = "'" + item.name if item.name.startswith(("=", "+", "-", "@")) else item.name
            rows.append([f"{i:03d}", name, *counts(item.result)])
        with open(folder / "清单.csv", "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
        job.kept = folder
    return redirect(f"/check/{job.id}")


def check_json(req: Request, job_id: str) -> Response:
    job = _done_job(req, job_id)
    if job is None:
        return req.error_page(404, t(req.lang, "web_not_found"))
    text = io.StringIO()   # written by `perfxl lint --format json`'s own writer
    FORMATS["json"][0](Report([item.result for item in job.result]), req.lang, text)
    return Response(200, text.getvalue().encode("utf-8"), "application/json; charset=utf-8")


ROUTES = [
    ("GET", r"/check", check_form, "officer"),
    ("POST", r"/check", check_upload, "officer"),
    ("GET", r"/check/(?P<job_id>[A-Za-z0-9_-]{8,40})", check_result, "officer"),
    ("GET", r"/check/(?P<job_id>[A-Za-z0-9_-]{8,40})/(?P<index>\d{1,3})/annotated", check_annotated, "officer"),
    ("GET", r"/check/(?P<job_id>[A-Za-z0-9_-]{8,40})/(?P<index>\d{1,3})/fixed", check_fixed, "officer"),
    ("GET", r"/check/(?P<job_id>[A-Za-z0-9_-]{8,40})/report\.json", check_json, "officer"),
    ("POST", r"/check/(?P<job_id>[A-Za-z0-9_-]{8,40})/keep", check_keep, "officer"),
]
