"""The server's guards, by raw HTTP: tokens, Host, CSRF, Origin, size and type limits, escaping, passwords."""

from __future__ import annotations

import http.client
import time

import pytest
from click.testing import CliRunner
from webkit import JINZHAI, YIYANG, Client, make_round, running, small_roster, submit, token, wait_idle

from perfxl.cli import main
from perfxl.errors import EXIT_ERROR
from perfxl.web.security import ServeError
from perfxl.web.server import start

JZ, YY = "金寨县医疗保障局", "益阳市医疗保障局"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A round of two units, each with one checked submission."""
    tmp = tmp_path_factory.mktemp("sec")
    roster = small_roster(tmp / "r.xlsx", (JZ, YY))
    with running(tmp / "data", max_upload_mb=1) as server:
        bureau = Client(server.app.port)
        links = make_round(bureau, roster)
        jz = submit(links[0], server.app.port, JINZHAI.read_bytes(), "../../金寨.xlsx")
        yy = submit(links[1], server.app.port, YIYANG.read_bytes(), "益阳.xlsx")
        wait_idle(server)
        yield server, bureau, links, jz, yy


def sid_of(server, unit_index: int) -> int:
    units = server.app.store.units(1)
    return server.app.store.submissions(units[unit_index]["id"])[0]["id"]


def test_a_units_token_reads_its_own_files_and_never_another_units(collected):
    server, _, links, jz, yy = collected
    own, other = sid_of(server, 0), sid_of(server, 1)
    assert jz.get(f"{links[0]}/s/{own}/annotated")[0] == 200
    assert jz.get(f"{links[0]}/s/{other}/annotated")[0] == 404     # 益阳's submission through 金寨's link
    assert jz.get(f"{links[0]}/s/{other}")[0] == 404
    assert yy.get(f"{links[1]}/s/{own}")[0] == 404
    assert jz.get(f"/u/{token()}")[0] == 404                        # a guessed token opens nothing
    assert jz.get("/collect/1")[0] == 200   # loopback without a password: officer pages are open locally


def test_a_client_file_name_is_never_a_path(collected, tmp_path):
    server, *_ = collected
    stored = {p.name for p in server.app.data.rglob("*.xlsx")}
    assert "金寨.xlsx" not in stored and not (server.app.data.parent / "金寨.xlsx").exists()
    row = server.app.store.submissions(server.app.store.units(1)[0]["id"])[0]
    assert row["client_name"] == "金寨.xlsx" and row["stored"] == "金寨县医疗保障局2022年度绩效自评表.xlsx"


def test_a_wrong_host_is_refused(collected):
    server, bureau, links, *_ = collected
    evil = Client(server.app.port, host="attacker.example:80")
    evil.cookie = bureau.cookie
    for path in ("/", "/collect/1", links[0]):
        status, _, body = evil.get(path)
        assert status == 400 and b"Host" in body and b"http://" not in body


def test_a_post_without_the_sessions_csrf_token_is_refused(collected):
    server, bureau, links, *_ = collected
    before = len(server.app.store.submissions(server.app.store.units(1)[1]["id"]))
    unit = Client(server.app.port)
    unit.get(links[1])
    assert unit.post_files(links[1], [("file", "益阳.xlsx", YIYANG.read_bytes())], csrf=False)[0] == 403
    other = Client(server.app.port)
    other.get("/")
    unit.csrf = other.csrf                                   # another session's token is no better
    assert unit.post_files(links[1], [("file", "益阳.xlsx", YIYANG.read_bytes())])[0] == 403
    assert bureau.post_form("/collect/1/rollup", {}, csrf=False)[0] == 403
    assert len(server.app.store.submissions(server.app.store.units(1)[1]["id"])) == before


def test_a_post_from_another_origin_is_refused_even_with_the_token(collected):
    server, bureau, *_ = collected
    status, _, _ = bureau.request("POST", "/collect/1/rollup", f"csrf={bureau.csrf}".encode(),
                                  {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"})
    assert status == 403


def test_an_oversized_upload_is_refused_before_it_is_read(collected):
    server, _, links, *_ = collected
    unit = Client(server.app.port)
    unit.get(links[1])
    conn = http.client.HTTPConnection("127.0.0.1", server.app.port, timeout=30)
    conn.putrequest("POST", links[1], skip_host=True)
    conn.putheader("Host", unit.host)
    conn.putheader("Cookie", unit.cookie)
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(200 << 20))
    conn.endheaders()
    conn.send(b"--x\r\n" + b"\0" * 65536)
    response = conn.getresponse()
    assert response.status == 413 and "MB" in response.read().decode()
    conn.close()
    # a file over the per-file limit (1 MB here) inside an acceptable request is refused too
    big = b"PK\x03\x04" + b"\0" * (1 << 20)
    assert unit.post_files(links[1], [("file", "大.xlsx", big)])[0] == 413


def test_only_workbooks_are_taken(collected):
    server, _, links, *_ = collected
    unit = Client(server.app.port)
    unit.get(links[1])
    assert unit.post_files(links[1], [("file", "x.exe", b"MZ...")])[0] == 415
    assert unit.post_files(links[1], [("file", "x.xlsx", b"MZ not a zip")])[0] == 415
    assert unit.post_files(links[1], [("file", "x.xls", b"PK\x03\x04 a zip named .xls")])[0] == 415


def test_every_page_carries_the_security_headers_and_a_strict_cookie(collected):
    server, *_ = collected
    fresh = Client(server.app.port)
    status, head, _ = fresh.get("/")
    assert status == 200
    assert "default-src 'none'" in head["Content-Security-Policy"] and "script-src" not in head["Content-Security-Policy"]
    assert head["X-Frame-Options"] == "DENY" and head["X-Content-Type-Options"] == "nosniff"
    cookie = head["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_roster_text_is_escaped_on_the_board(tmp_path):
    from conftest import write_roster

    hostile = '<script>alert("x")</script>县'
    roster = write_roster(tmp_path / "r.xlsx", [[hostile, "项目支出", 2022, "项目<b>甲</b>", "局", "局", None, None, 10]],
                          None)
    with running(tmp_path / "data") as server:
        bureau = Client(server.app.port)
        make_round(bureau, roster)
        _, _, page = bureau.get("/collect/1")
    text = page.decode()
    assert "<script>" not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;县" in text


def test_a_shared_address_needs_a_password_and_officer_pages_need_the_log_in(tmp_path, monkeypatch):
    monkeypatch.delenv("PERFXL_PASSWORD", raising=False)
    with pytest.raises(ServeError, match="密码"):
        start("0.0.0.0", 0, tmp_path / "data")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "0", "--data", str(tmp_path / "d"),
                                       "--no-browser"])
    assert result.exit_code == EXIT_ERROR and "PERFXL_PASSWORD" in result.output
    secret = tmp_path / "pw"
    secret.write_text("correct horse battery\n", encoding="utf-8")
    with running(tmp_path / "data", password_file=secret) as server:
        officer = Client(server.app.port)
        status, head, _ = officer.get("/collect")
        assert status == 303 and head["Location"].startswith("/login")
        officer.get("/login")
        assert officer.post_form("/login", {"password": "wrong password", "next": "/collect"})[0] == 403
        assert officer.get("/check")[0] == 303
        before = officer.cookie
        status, head, _ = officer.post_form("/login", {"password": "correct horse battery", "next": "/collect"})
        assert status == 303 and head["Location"] == "/collect"
        assert officer.cookie != before                      # a new session id once logged in
        assert officer.get("/collect")[0] == 200
        status, head, _ = officer.post_form("/login", {"password": "correct horse battery", "next": "//evil.example"})
        assert status == 303 and head["Location"] == "/"


def test_the_accepted_host_names():
    from perfxl.web.security import allowed_hosts

    assert allowed_hosts("127.0.0.1", 8765) == {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"}
    lan = allowed_hosts("192.168.1.5", 8765, ("perfxl.bureau.lan",))
    assert lan == {"192.168.1.5:8765", "perfxl.bureau.lan:8765"}       # no loopback names on a LAN address
    assert "localhost:8765" in allowed_hosts("0.0.0.0", 8765) and "evil.example:8765" not in allowed_hosts("0.0.0.0", 8765)


def test_a_units_submissions_are_capped_and_a_malformed_body_leaves_nothing(collected, monkeypatch):
    from perfxl.web import unitpage

    server, _, links, _, yy = collected
    monkeypatch.setattr(unitpage, "MAX_SUBMISSIONS", 1)
    assert yy.post_files(links[1], [("file", "益阳.xlsx", YIYANG.read_bytes())])[0] == 429
    status, _, _ = yy.request("POST", links[1], b'--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nab',
                              {"Content-Type": "multipart/form-data; boundary=x"})
    assert status == 400
    assert not list(server.app.incoming.iterdir())


def test_hostile_workbooks_are_each_an_unreadable_file_and_the_server_goes_on(collected):
    """The command line's limits hold on the page: each crafted file is PX001 with its reason, the
    good one beside them is checked, and the server answers after."""
    from hostile import make

    server, *_ = collected
    far = make.zip_bytes(make.package([make.sheet_xml('<row r="1">' + make.text_cell("A1", "项目名称")
                                                      + make.num_cell("XFE1", 1) + "</row>")]))
    amplified = make.zip_bytes(make._amplification())
    client = Client(server.app.port)
    client.get("/check")
    status, head, _ = client.post_files("/check", [("files", "far.xlsx", far), ("files", "amplified.xlsx", amplified),
                                                   ("files", "益阳.xlsx", YIYANG.read_bytes())])
    assert status == 303
    for _ in range(240):
        _, _, page = client.get(head["Location"])
        if b'<section class="file">' in page:
            break
        time.sleep(0.5)
    text = page.decode()
    files = text.split('<section class="file">')[1:]
    assert len(files) == 3
    assert "PX001" in files[0] and "超出 Excel 的行列范围" in files[0]
    assert "PX001" in files[1] and "amplified.xlsx：文字解压后过大" in files[1]
    assert str(server.app.temp) not in text and "001.xlsx" not in text      # no server path on the page
    assert "PX001" not in files[2] and "医疗服务和保障能力提升" in files[2]
    assert client.get("/")[0] == 200


def test_a_bad_roster_makes_no_round_and_its_problems_are_listed_by_cell(tmp_path):
    from conftest import JZ_FORM, write_roster

    bad = list(JZ_FORM)
    bad[8] = "一百"
    roster = write_roster(tmp_path / "r.xlsx", [bad], None)
    with running(tmp_path / "data") as server:
        bureau = Client(server.app.port)
        bureau.get("/collect")
        status, _, page = bureau.post_files("/collect", [("roster", "县区名单.xlsx", roster.read_bytes())])
        assert status == 400 and server.app.store.rounds() == []
        text = page.decode()
        assert "<td>表单</td><td>2</td><td>全年预算数</td><td>I2</td>" in text and "县区名单.xlsx 工作表" in text


def test_the_upload_links_as_csv(collected):
    server, bureau, links, *_ = collected
    status, head, body = bureau.get("/collect/1/links.csv")
    rows = body.decode("utf-8-sig").splitlines()
    assert status == 200 and head["Content-Type"].startswith("text/csv")
    assert rows[1:] == [f"{JZ},http://127.0.0.1:{server.app.port}{links[0]}",
                        f"{YY},http://127.0.0.1:{server.app.port}{links[1]}"]
