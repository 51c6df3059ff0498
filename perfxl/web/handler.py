"""Each HTTP request: Host and CSRF checks, the session cookie, size limits, then its page's function."""

from __future__ import annotations

import re
import socket
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from ..i18n import msg
from .layout import STYLE, Raw, e, page, t
from .security import COOKIE, Session, cookie, same_token
from .uploads import Body, UploadRefused, stream_body

FORM_LIMIT = 64 << 10   # an ordinary form (login, a button): small
HEADERS = {
    # no scripts at all; styles only from here; no framing; forms post only here
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # a unit's link carries its token: never hand it to another site (and "no-referrer" would make
    # the browser send Origin: null on our own forms)
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    file: Path | None = None


def html_response(markup: str, status: int = 200) -> Response:
    return Response(status, markup.encode("utf-8"))


def redirect(to: str) -> Response:
    return Response(303, b"", headers={"Location": to})


def download(path: Path, name: str, content_type: str) -> Response:
    """A file as an attachment, under a name the browser shows (quoted: never a header injection)."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "download"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{urllib.parse.quote(name, safe='')}"
    return Response(200, content_type=content_type, file=path, headers={"Content-Disposition": disposition})


@dataclass
class Request:
    handler: BaseHTTPRequestHandler
    app: object
    method: str
    path: str
    query: dict
    session: Session
    fields: dict = field(default_factory=dict)
    body: Body | None = None

    @property
    def lang(self) -> str:
        return self.session.lang

    @property
    def officer(self) -> bool:
        """Officer pages are open on the loopback without a password, else after logging in."""
        return self.app.password is None or self.session.officer

    @property
    def host(self) -> str:
        return self.handler.headers.get("Host", "")

    def error_page(self, status: int, text: str) -> Response:
        body = f'<p class="problem">{e(text)}</p><p><a href="/">{e(t(self.lang, "web_home"))}</a></p>'
        return html_response(page(self, t(self.lang, "web_error_title", status=status), body), status)


class Handler(BaseHTTPRequestHandler):
    server_version = "perfxl"
    sys_version = ""
    timeout = 120   # a client that stops sending mid-request frees its thread

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_HEAD(self) -> None:
        self._send(Response(405, b""))

    def log_message(self, format, *args) -> None:
        if self.server.app.verbose:
            super().log_message(format, *args)

    def _serve(self, method: str) -> None:
        app = self.server.app
        if self.headers.get("Host", "").lower() not in app.hosts:
            # DNS rebinding or a misdirected request: nothing of ours is read or shown
            return self._send(Response(400, b"Host not allowed", "text/plain; charset=utf-8"))
        split = urllib.parse.urlsplit(self.path)
        if split.path == "/static/style.css":
            return self._send(Response(200, STYLE.encode(), "text/css; charset=utf-8"))
        session, fresh = self._session()
        req = Request(self, app, method, split.path, urllib.parse.parse_qs(split.query), session)
        try:
            response = self._route(req)
        except UploadRefused as exc:
            response = req.error_page(exc.status, exc.message.render(req.lang))
        finally:
            if req.body is not None:
                req.body.close()
        if fresh:
            response.headers.setdefault("Set-Cookie", cookie(session.id))
        self._send(response)

    def _session(self) -> tuple[Session, bool]:
        cookies = {}
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            cookies[name] = value
        found = self.server.app.sessions.get(cookies.get(COOKIE))
        return (found, False) if found is not None else (self.server.app.sessions.new(self.server.app.lang), True)

    def _route(self, req: Request) -> Response:
        for method, pattern, view, access in self.server.app.routes:
            m = pattern.fullmatch(req.path)
            if m is None or method != req.method:
                continue
            if access == "officer" and not req.officer:
                if req.method == "GET":
                    return redirect("/login?next=" + urllib.parse.quote(req.path))
                return req.error_page(403, t(req.lang, "web_login_needed"))
            if req.method == "POST":
                refused = self._read_post(req, multipart=getattr(view, "uploads", False))
                if refused is not None:
                    return refused
            return view(req, **m.groupdict())
        return req.error_page(404, t(req.lang, "web_not_found"))

    def _read_post(self, req: Request, multipart: bool) -> Response | None:
        """Read the body within its limit, then refuse it unless its CSRF token is the session's."""
        app = self.server.app
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return req.error_page(411, t(req.lang, "web_length_required"))
        limit = app.max_request if multipart else FORM_LIMIT
        if int(length) > limit:
            self.close_connection = True
            raise UploadRefused(413, msg("web_too_large", mb=max(1, limit >> 20)))
        origin = self.headers.get("Origin")
        if origin and urllib.parse.urlsplit(origin).netloc.lower() not in app.hosts:
            return req.error_page(403, t(req.lang, "web_csrf"))
        kind = self.headers.get("Content-Type", "")
        if multipart and kind.startswith("multipart/form-data"):
            path = stream_body(self.rfile, int(length), app.incoming)
            self.body_read = True
            req.body = Body(path, kind)
            req.fields = req.body.fields
        elif kind.startswith("application/x-www-form-urlencoded"):
            data = self.rfile.read(int(length)).decode("utf-8", "replace")
            self.body_read = True
            req.fields = {k: v[0] for k, v in urllib.parse.parse_qs(data).items()}
        else:
            return req.error_page(415, t(req.lang, "web_upload_bad"))
        if not same_token(req.fields.get("csrf"), req.session.csrf):
            return req.error_page(403, t(req.lang, "web_csrf"))
        return None

    def _send(self, response: Response) -> None:
        try:
            size = response.file.stat().st_size if response.file is not None else len(response.body)
            self.send_response(response.status)
            for name, value in {**HEADERS, **response.headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(size))
            if self.close_connection or (self.command == "POST" and not getattr(self, "body_read", False)):
                self.send_header("Connection", "close")
            self.end_headers()
            if response.file is not None:
                with open(response.file, "rb") as fh:
                    while block := fh.read(1 << 16):
                        self.wfile.write(block)
            else:
                self.wfile.write(response.body)
            self.wfile.flush()
            if self.command == "POST" and not getattr(self, "body_read", False):
                self._drain()   # refused before its body was read
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser left

    def _drain(self) -> None:
        """After refusing a body unread: close our side, then swallow a little of what is still in
        flight, so the client reads the refusal instead of a reset connection."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1.0)
            for _ in range(16):
                if not self.connection.recv(1 << 16):
                    break
        except OSError:
            pass


def uploads(view):
    """Mark a page function that takes files (multipart, up to the upload limit)."""
    view.uploads = True
    return view


__all__ = ["Handler", "Raw", "Request", "Response", "download", "html_response", "redirect", "uploads"]
