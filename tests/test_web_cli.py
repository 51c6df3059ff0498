"""`perfxl serve` as a process: it prints its address, answers, and on Ctrl-C stops and leaves no temporary files."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request

from webkit import ROOT


def test_serve_answers_and_stops_cleanly_on_ctrl_c(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "perfxl", "serve", "--port", "0", "--no-browser",
                             "--data", str(tmp_path / "data")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        assert "perfxl 已启动" in line
        with urllib.request.urlopen(url, timeout=30) as response:
            page = response.read().decode()
        assert response.status == 200 and "收表与汇总" in page
        assert any(p.name.startswith("perfxl-serve-") for p in temp.iterdir())
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "perfxl 已停止" in err
    assert not [p for p in temp.iterdir() if p.name.startswith("perfxl-serve-")]   # uploads removed with it
    assert (tmp_path / "data" / "perfxl.sqlite3").exists()                          # the collection point's kept


def test_serve_lang_en_opens_the_pages_in_english(tmp_path):
    from webkit import Client, running

    with running(tmp_path / "data", lang="en") as server:
        status, _, page = Client(server.app.port).get("/")
    assert status == 200 and "<h1>perfxl performance self-evaluation forms</h1>" in page.decode()
