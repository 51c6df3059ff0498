"""What the browser tests share: a real server on a free loopback port, real Chromium, raw HTTP calls."""

from __future__ import annotations

import http.client
import re
import secrets
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from openpyxl import load_workbook

from perfxl.web.server import start

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
JINZHAI = EXAMPLES / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
YIYANG = EXAMPLES / "益阳市医疗保障局2022年度项目支出绩效自评表.xlsx"
YUANJIANG = EXAMPLES / "沅江市医疗保障局2023年度部门整体支出绩效自评表.xlsx"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def running(data: Path, **options):
    """A server on 127.0.0.1 and a free port, answering from a thread; stopped and cleaned after."""
    server = start("127.0.0.1", 0, data, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.app.close()
        thread.join(5)


def base(server) -> str:
    return f"http://127.0.0.1:{server.app.port}"


@contextmanager
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download: the set-up installs it)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise AssertionError("chromium is not installed; run scripts/test.sh (it installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def small_roster(path: Path, units: tuple[str, ...]) -> Path:
    """examples/roster.xlsx cut down to the given units (both sheets)."""
    wb = load_workbook(EXAMPLES / "roster.xlsx")
    for ws in wb.worksheets:
        for row in range(ws.max_row, 1, -1):
            if ws.cell(row, 1).value not in units:
                ws.delete_rows(row)
    wb.save(path)
    return path


class Client:
    """A plain HTTP client with its own session cookie: what a script, or an attacker, sends."""

    def __init__(self, port: int, host: str | None = None):
        self.port, self.host = port, host or f"127.0.0.1:{port}"
        self.cookie = ""
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            head = {"Host": self.host, **({"Cookie": self.cookie} if self.cookie else {}), **(headers or {})}
            conn.request(method, path, body=body, headers=head)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        found = re.match(r"(perfxl_session=[^;]+)", resp.getheader("Set-Cookie") or "")
        if found:
            self.cookie = found.group(1)
        m = re.search(rb'name="csrf" value="([^"]+)"', data)
        if m:
            self.csrf = m.group(1).decode()
        return resp.status, dict(resp.getheaders()), data

    def get(self, path: str):
        return self.request("GET", path)

    def post_files(self, path: str, files: list[tuple[str, str, bytes]], fields: dict | None = None,
                   csrf: bool = True):
        """multipart/form-data with (field, file name, bytes) parts and the session's CSRF token."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in (({"csrf": self.csrf} if csrf else {}) | (fields or {})).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for field, filename, data in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def post_form(self, path: str, fields: dict, csrf: bool = True):
        import urllib.parse

        data = urllib.parse.urlencode(({"csrf": self.csrf} if csrf else {}) | fields).encode()
        return self.request("POST", path, data, {"Content-Type": "application/x-www-form-urlencoded"})


def copy_as(source: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(source, target)
    return target


def token() -> str:
    return secrets.token_urlsafe(24)


def make_round(client: Client, roster) -> list[str]:
    client.get("/collect")
    status, head, _ = client.post_files("/collect", [("roster", "名单.xlsx", roster.read_bytes())], {"name": "测试"})
    assert status == 303
    _, _, page = client.get(head["Location"])
    return re.findall(r"http://127\.0\.0\.1:\d+(/u/[\w-]+)", page.decode())


def submit(link: str, port: int, data: bytes, name: str) -> Client:
    unit = Client(port)
    unit.get(link)
    status, head, _ = unit.post_files(link, [("file", name, data)])
    assert status == 303 and head["Location"] == link
    return unit


def wait_idle(server, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while server.app.store.pending() and time.monotonic() < end:
        time.sleep(0.2)
    assert not server.app.store.pending()
