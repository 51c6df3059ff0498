"""The guarded workers: a file that aborts, hangs, exhausts memory or sends back what cannot be
pickled is that file's failure; every other file's result arrives, in order."""

from __future__ import annotations

import os
import threading
import time

import pytest

from perfxl.lint.guard import guarded


class Work:
    """A worker whose behaviour is chosen by the file name (picklable, as the real ones are)."""

    def __call__(self, name: str):
        if name == "abort":
            os.abort()
        if name == "exit":
            os._exit(3)
        if name == "hang":
            time.sleep(60)
        if name == "hog":
            return bytearray(4 << 30)       # beyond the worker's memory cap: MemoryError there
        if name == "unpicklable":
            return threading.Lock()
        if name == "raise":
            raise RuntimeError("a bug the worker's own fences missed")
        return ("ok", name, os.getpid())

    def failed(self, name: str, why):
        return ("failed", name, why.render("en"))


@pytest.mark.parametrize("workers", [1, 2])
def test_every_bad_file_fails_alone_and_the_rest_arrive_in_order(workers):
    files = ["a", "abort", "b", "exit", "c", "hog", "d", "unpicklable", "e", "raise", "f"]
    out = list(guarded(files, Work(), workers=workers, chunk=3))
    assert [r[1] for r in out] == files
    status = {r[1]: r[0] for r in out}
    assert {n for n, s in status.items() if s == "failed"} == {"abort", "exit", "hog", "unpicklable", "raise"}
    why = {r[1]: r[2] for r in out if r[0] == "failed"}
    assert "SIGABRT" in why["abort"] and "exit 3" in why["exit"]
    assert "memory" in why["hog"] and "RuntimeError" in why["raise"] and "result was lost" in why["unpicklable"]
    assert os.getpid() not in {r[2] for r in out if r[0] == "ok"}  # the work ran in other processes


def test_a_worker_dead_before_its_next_batch_is_sent_fails_its_file_only(monkeypatch):
    # The worker answers "a", then aborts on "abort", the batch after it already in its pipe; this
    # process looks only then (its wait slowed down), and sends the next batch to a dead worker. The
    # broken pipe is the dead worker's, not the run's: "abort" fails, every other file arrives.
    import multiprocessing.connection

    real_wait = multiprocessing.connection.wait

    def slow_wait(*args, **kwargs):
        time.sleep(0.5)
        return real_wait(*args, **kwargs)

    monkeypatch.setattr(multiprocessing.connection, "wait", slow_wait)
    files = ["a", "abort", "b", "c", "d"]
    out = list(guarded(files, Work(), workers=1, chunk=1))
    assert [(r[0], r[1]) for r in out] == [("ok", "a"), ("failed", "abort"), ("ok", "b"), ("ok", "c"), ("ok", "d")]


def test_a_file_past_its_time_is_stopped_and_the_run_goes_on():
    started = time.monotonic()
    out = list(guarded(["a", "hang", "b"], Work(), workers=1, seconds=1.5))
    assert time.monotonic() - started < 15
    assert [r[0] for r in out] == ["ok", "failed", "ok"]
    assert "longer than 1.5 s" in out[1][2]


def test_no_worker_outlives_the_run():
    before = _children()   # a fork server another test started lives on: not this run's worker
    gen = guarded(["a", "hang", "b"], Work(), workers=2, seconds=30)
    first = next(gen)
    assert first[1] == "a"
    children = _children() - before
    assert children
    gen.close()  # the consumer stops early (an error, Ctrl-C): the workers are stopped
    time.sleep(0.2)
    assert not (_children() & children)


def _children() -> set[int]:
    me = str(os.getpid())
    out = set()
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me and fields[0] != "Z":
                out.add(int(pid))
    return out
