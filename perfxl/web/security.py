"""The server's guards: sessions with CSRF tokens, the Host header check, the officer password."""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PerfxlError
from ..i18n import msg

COOKIE = "perfxl_session"
IDLE_SECONDS = 8 * 3600   # a working day: a clerk who leaves the page open comes back to it
MAX_SESSIONS = 5000       # a flood of cookie-less requests cannot grow memory without bound


class ServeError(PerfxlError):
    """The server cannot start as asked (no password on a shared address, a bad data folder)."""


def cookie(session_id: str) -> str:
    """The session cookie: never readable by a script, never sent from another site's page."""
    return f"{COOKIE}={session_id}; HttpOnly; SameSite=Strict; Path=/"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


WILDCARDS = {"", "0.0.0.0", "::"}


def allowed_hosts(host: str, port: int, extra: tuple[str, ...] = ()) -> set[str]:
    """Host header values accepted: the bound address, and the loopback names when bound there;
    bound to every address (0.0.0.0), this machine's name and addresses; and the names given
    with --allow-host. Anything else is a DNS-rebinding page or a misdirected request."""
    names = {host.lower(), *(n.lower() for n in extra)}
    if is_loopback(host) or host in WILDCARDS:
        names |= {"localhost", "127.0.0.1", "[::1]"}
    if host in WILDCARDS:
        names |= _machine_names()
    names |= {f"[{n}]" for n in names if ":" in n and not n.startswith("[")}
    return {f"{n}:{port}" for n in names} | ({n for n in names} if port == 80 else set())


def _machine_names() -> set[str]:
    import socket

    names = {socket.gethostname().lower(), socket.getfqdn().lower()}
    try:
        names |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        pass
    return names


def read_password(password_file: Path | None) -> str | None:
    """The officer password from --password-file (first line) or PERFXL_PASSWORD; None if neither."""
    if password_file is not None:
        try:
            text = Path(password_file).read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise ServeError(msg("web_password_unreadable", path=str(password_file),
                                 why=exc.strerror or type(exc).__name__)) from None
        password = text[0].strip() if text else ""
    else:
        password = os.environ.get("PERFXL_PASSWORD", "").strip()
    if (password_file is not None or password) and len(password) < 8:
        raise ServeError(msg("web_password_short"))
    return password or None


def password_matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def new_token() -> str:
    """An unguessable token for a unit's upload link (192 bits)."""
    return secrets.token_urlsafe(24)


@dataclass
class Session:
    """One browser: its CSRF token, language, whether an officer logged in, its uploads' folder."""

    id: str
    csrf: str
    last: float
    lang: str = "zh"
    officer: bool = False
    folder: Path | None = None
    jobs: list[str] = field(default_factory=list)


class Sessions:
    """Sessions by cookie, in memory; each one's uploads in a folder removed when it ends."""

    def __init__(self, root: Path):
        self.root = root
        self.by_id: dict[str, Session] = {}
        self.lock = threading.Lock()

    def get(self, cookie: str | None) -> Session | None:
        now = time.monotonic()
        with self.lock:
            session = self.by_id.get(cookie or "")
            if session is not None and now - session.last > IDLE_SECONDS:
                self._end(session)
                session = None
            if session is not None:
                session.last = now
            return session

    def new(self, lang: str = "zh") -> Session:
        with self.lock:
            self._expire()
            session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), time.monotonic(), lang)
            self.by_id[session.id] = session
            return session

    def folder(self, session: Session) -> Path:
        """The session's upload folder, made when first needed (private to this user)."""
        with self.lock:
            if session.folder is None:
                session.folder = self.root / secrets.token_hex(16)
                session.folder.mkdir(mode=0o700, parents=True)
            return session.folder

    def end(self, session: Session) -> None:
        with self.lock:
            self._end(session)

    def close(self) -> None:
        with self.lock:
            for session in list(self.by_id.values()):
                self._end(session)

    def _end(self, session: Session) -> None:
        self.by_id.pop(session.id, None)
        if session.folder is not None:
            shutil.rmtree(session.folder, ignore_errors=True)
            session.folder = None

    def _expire(self) -> None:
        now = time.monotonic()
        for session in [s for s in self.by_id.values() if now - s.last > IDLE_SECONDS]:
            self._end(session)
        if len(self.by_id) >= MAX_SESSIONS:  # the oldest idle ones go first
            for session in sorted(self.by_id.values(), key=lambda s: s.last)[: len(self.by_id) - MAX_SESSIONS + 1]:
                self._end(session)
