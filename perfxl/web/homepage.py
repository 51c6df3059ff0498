"""The start page, the officer's log-in and log-out, and the language switch."""

from __future__ import annotations

import time

from .handler import Request, html_response, redirect
from .layout import e, hidden_csrf, page, t
from .security import cookie, password_matches


def _local(next_path: str | None) -> str:
    """Where to go after a form: a path of this site only (never //elsewhere or a full URL)."""
    if not next_path or not next_path.startswith("/") or next_path.startswith("//") or "\\" in next_path:
        return "/"
    return next_path


def home(req: Request):
    lang = req.lang
    cards = "".join(f'<a href="{href}" id="card-{href[1:]}"><b>{e(t(lang, title))}</b>{e(t(lang, what))}</a>'
                    for href, title, what in (("/check", "web_nav_check", "web_home_check"),
                                              ("/generate", "web_nav_generate", "web_home_generate"),
                                              ("/collect", "web_nav_collect", "web_home_collect")))
    return html_response(page(req, t(lang, "web_title"), f'<div class="cards">{cards}</div>'))


def login_form(req: Request, failed: bool = False, status: int = 200):
    lang = req.lang
    nxt = _local((req.query.get("next") or [req.fields.get("next")])[0])
    note = f'<p class="problem">{e(t(lang, "web_login_failed"))}</p>' if failed else ""
    body = (f'{note}<form method="post" action="/login">{hidden_csrf(req.session.csrf)}'
            f'<input type="hidden" name="next" value="{e(nxt)}">'
            f'<p><label>{e(t(lang, "web_password"))}<br><input type="password" name="password" autofocus></label></p>'
            f'<p><button class="main" type="submit">{e(t(lang, "web_login"))}</button></p></form>')
    return html_response(page(req, t(lang, "web_login"), body, nav=False), status)


def login(req: Request):
    if req.app.password is not None and password_matches(req.fields.get("password", ""), req.app.password):
        # a new session on logging in: a session id known before (fixed by someone else) gains nothing
        officer = req.app.sessions.new(req.lang)
        officer.officer = True
        req.app.sessions.end(req.session)
        response = redirect(_local(req.fields.get("next")))
        response.headers["Set-Cookie"] = cookie(officer.id)
        return response
    time.sleep(1)  # slows guessing; the request's own thread waits, no other
    return login_form(req, failed=True, status=403)


def logout(req: Request):
    req.app.sessions.end(req.session)  # the session's uploads go with it
    return redirect("/")


def language(req: Request):
    req.session.lang = "en" if req.fields.get("to") == "en" else "zh"
    return redirect(_local(req.fields.get("next")))


ROUTES = [
    ("GET", r"/", home, "officer"),
    ("GET", r"/login", login_form, "any"),
    ("POST", r"/login", login, "any"),
    ("POST", r"/logout", logout, "any"),
    ("POST", r"/lang", language, "any"),
]
