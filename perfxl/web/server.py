"""`perfxl serve`: the server's state, its start (refusing unsafe settings) and its clean stop."""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import threading
import webbrowser
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

from ..i18n import msg
from ..lint.guard import prefer_forkserver, use_default_start
from . import checkpage, collectpage, generatepage, homepage, unitpage
from .collect import Collection
from .handler import Handler
from .jobs import Jobs
from .security import ServeError, Sessions, allowed_hosts, is_loopback, read_password
from .store import Store

DEFAULT_UPLOAD_MB = 20


@dataclass
class App:
    """Everything a request may use: settings, sessions, the store, the pool of long work."""

    data: Path
    host: str
    port: int
    password: str | None
    max_upload: int = DEFAULT_UPLOAD_MB << 20
    verbose: bool = False
    allow_hosts: tuple = ()
    lang: str = "zh"                 # a new visitor's page language (each may switch)
    hosts: set = field(default_factory=set)
    routes: list = field(default_factory=list)

    def __post_init__(self):
        self.data.mkdir(parents=True, exist_ok=True)
        self.temp = Path(tempfile.mkdtemp(prefix="perfxl-serve-"))   # uploads of the check page, bodies
        self.incoming = self.temp / "incoming"
        self.incoming.mkdir()
        self.sessions = Sessions(self.temp / "sessions")
        self.store = Store(self.data)
        self.collection = Collection(self.data, self.store)
        self.jobs = Jobs()
        prefer_forkserver()   # checks run beside request threads: workers must not be forked from them
        self.max_request = self.max_upload * 5 + (1 << 20)
        self.routes = [(m, re.compile(p), view, access) for module in (homepage, checkpage, generatepage,
                                                                         collectpage, unitpage)
                       for m, p, view, access in module.ROUTES]
        for sub in self.store.pending():  # checks the last run did not finish
            self.check_submission(self.store.unit(sub["unit_id"]), sub["id"], "zh")

    def check_submission(self, unit, sid: int, lang: str) -> None:
        self.jobs.submit(f"unit:{unit['id']}", 1, lambda job: self.collection.check(unit, sid, lang))

    def close(self) -> None:
        use_default_start()
        self.jobs.close()
        self.sessions.close()
        self.store.close()
        shutil.rmtree(self.temp, ignore_errors=True)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128   # many counties at the deadline: connections wait, not refused

    def __init__(self, app: App):
        self.app = app
        if ":" in app.host:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__((app.host, app.port), Handler)
        app.port = self.server_address[1]   # port 0: the system chose one (tests)
        app.hosts = allowed_hosts(app.host, app.port, app.allow_hosts)


def start(host: str = "127.0.0.1", port: int = 8765, data: Path = Path("perfxl-data"),
          password_file: Path | None = None, max_upload_mb: int = DEFAULT_UPLOAD_MB,
          verbose: bool = False, allow_hosts: tuple = (), lang: str = "zh") -> Server:
    """A server bound and ready (serve_forever not yet called). On an address other than the
    loopback an officer password is required: a LAN must not reach the forms without one."""
    password = read_password(password_file)
    if not is_loopback(host) and password is None:
        raise ServeError(msg("web_password_required", host=host))
    if max_upload_mb < 1:
        raise ServeError(msg("web_bad_limit"))
    try:
        app = App(Path(data), host, port, password, max_upload_mb << 20, verbose, tuple(allow_hosts), lang)
    except OSError as exc:
        raise ServeError(msg("web_data_unusable", path=str(data), why=exc.strerror or type(exc).__name__)) from None
    try:
        return Server(app)
    except OSError as exc:
        app.close()
        raise ServeError(msg("web_cannot_bind", host=host, port=port, why=exc.strerror or type(exc).__name__)) from None


def serve(host: str = "127.0.0.1", port: int = 8765, data: Path = Path("perfxl-data"),
          password_file: Path | None = None, max_upload_mb: int = DEFAULT_UPLOAD_MB, open_browser: bool = True,
          lang: str = "zh", verbose: bool = False, allow_hosts: tuple = ()) -> None:
    """Run until Ctrl-C: print the address, open it in the browser, then answer requests."""
    server = start(host, port, data, password_file, max_upload_mb, verbose, allow_hosts, lang)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.app.port}/"
    print(msg("web_started", url=url, path=str(Path(data).resolve())).render(lang), flush=True)
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(msg("web_stopped").render(lang), file=sys.stderr)
    finally:
        server.server_close()
        server.app.close()
