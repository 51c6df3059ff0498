"""Fifty counties uploading at once on loopback: every upload answered in bounded time, stored exactly once."""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import write_roster
from webkit import YIYANG, Client, make_round, running

UNITS = 50


def test_fifty_concurrent_uploads_are_each_stored_once_and_checked(tmp_path):
    roster = write_roster(tmp_path / "r.xlsx", [[f"第{i:02d}县医疗保障局", "项目支出", 2022, f"项目{i}", "局", "局",
                                                 None, None, 10 + i] for i in range(UNITS)], None)
    data = YIYANG.read_bytes()
    from perfxl.lint.guard import start_method

    with running(tmp_path / "data") as server:
        # checks run beside the request threads: their workers come from a fork server, never a
        # fork of this threaded process (a lock another thread held hung one check in fifty)
        assert start_method() == "forkserver"
        links = make_round(Client(server.app.port), roster)
        assert len(links) == UNITS
        clients = []
        for link in links:   # each county opens its page first (its session and CSRF token)
            c = Client(server.app.port)
            assert c.get(link)[0] == 200
            clients.append((c, link))

        def upload(pair):
            c, link = pair
            began = time.monotonic()
            status, head, _ = c.post_files(link, [("file", "自评表.xlsx", data)])
            return status, head.get("Location"), time.monotonic() - began

        began = time.monotonic()
        with ThreadPoolExecutor(UNITS) as pool:
            answers = list(pool.map(upload, clients))
        took = time.monotonic() - began
        assert [a[:2] for a in answers] == [(303, link) for _, link in clients]
        assert took < 30, f"50 uploads took {took:.1f} s"

        deadline = time.monotonic() + 180        # the checks queue on the bounded pool
        while server.app.store.pending() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not server.app.store.pending(), "checks did not finish in 180 s"

        units = server.app.store.units(1)
        rows = [s for u in units for s in server.app.store.submissions(u["id"])]
        assert len(rows) == UNITS and len({r["id"] for r in rows}) == UNITS
        assert sorted(len(server.app.store.submissions(u["id"])) for u in units) == [1] * UNITS
        digest = hashlib.sha256(data).hexdigest()
        files = list((server.app.data / "rounds").rglob("第*县医疗保障局2022年度绩效自评表.xlsx"))
        assert len(files) == UNITS and all(hashlib.sha256(f.read_bytes()).hexdigest() == digest for f in files)
        assert {r["status"] for r in rows} == {"checked"} and {r["forms"] for r in rows} == {1}
        assert not list(server.app.incoming.iterdir())   # no request body left behind
    assert start_method() == "fork"
