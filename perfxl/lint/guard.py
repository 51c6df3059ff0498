"""Worker processes a file cannot take down: each file read under a time and memory budget, and a
file that aborts, hangs or exhausts its worker is reported as unreadable while the run goes on."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field

from .. import limits
from ..errors import OutputError
from ..i18n import Msg, msg

FILE_SECONDS = float(os.environ.get("PERFXL_FILE_SECONDS", 60))   # one file's reading and checking
FILE_MEMORY = int(os.environ.get("PERFXL_FILE_MEMORY_MB", 1024)) << 20  # address space a worker may add


AHEAD = 2   # batches a worker holds: the one it works on and the next

_CHOSEN: list[str] = []   # set by a process that runs threads beside its work (perfxl serve)
PRELOAD = ["perfxl.lint.run", "perfxl.lint.annotate", "perfxl.consolidate.worker", "python_calamine"]


def start_method() -> str | None:
    """"fork" starts a worker in milliseconds with perfxl loaded; "spawn" (Windows) re-imports it;
    "forkserver" where prefer_forkserver() chose it; None where there are no processes (Pyodide)."""
    if sys.platform == "emscripten":
        return None
    if _CHOSEN:
        return _CHOSEN[0]
    return "fork" if hasattr(os, "fork") else "spawn"


def prefer_forkserver() -> None:
    """Start workers from a fork server from now on. A process whose other threads may hold a lock
    when it forks (a server's: requests, the database, other checks) can leave the child waiting on
    that lock for ever; the fork server is a process of one thread, started once, perfxl loaded."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        _CHOSEN[:] = ["forkserver"]


def use_default_start() -> None:
    """Back to start_method()'s own choice (the server has stopped)."""
    _CHOSEN.clear()


@dataclass
class _Worker:
    process: object
    conn: object
    now: object                                   # shared with the worker: [file index, when begun]
    queue: deque = field(default_factory=deque)   # indices sent, not yet answered
    batches: int = 0                              # batches sent, not yet answered


def guarded(files: list, worker, workers: int = 1, chunk: int = 1, method: str = "fork",
            seconds: float = FILE_SECONDS):
    """worker(file) for every file, in file order, in `workers` forked processes.

    A file whose worker dies (abort, crash, out of memory) or runs past `seconds` yields
    worker.failed(file, reason) (reason: an i18n Msg); the worker is replaced and the run goes on."""
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    pending = deque(range(len(files)))
    done: dict[int, object] = {}
    pool: list[_Worker] = []
    next_out = 0

    def spawn() -> _Worker:
        parent, child = ctx.Pipe()
        # Which file the worker is on, and since when: read by the parent when the worker dies or
        # overruns, so results can travel a batch at a time (one message, not one per file).
        now = ctx.RawArray("d", [-1.0, 0.0])
        # a forked worker's parent is this process; a fork server's worker's is the fork server,
        # which ends with this process (and takes its workers with it)
        parent_pid = os.getpid() if method == "fork" else None
        proc = ctx.Process(target=_serve, args=(child, parent, files, worker, parent_pid, now), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent, now)

    def feed(w: _Worker) -> None:
        """Keep AHEAD batches with each worker: the next waits in its pipe while it works on one,
        so it never idles while this process reads the last one's results. Batches shrink towards
        the end, so the workers finish together."""
        while pending and w.batches < AHEAD:
            size = min(chunk, max(1, len(pending) // (AHEAD * len(pool))))
            batch = [pending.popleft() for _ in range(size)]
            w.queue.extend(batch)
            w.batches += 1
            try:
                w.conn.send(batch)
            except OSError:  # it died since its last answer: its sentinel says so next, and retire()
                return       # puts this batch back with the rest of its queue

    def retire(w: _Worker, why: Msg) -> None:
        """The file in progress failed with why; the rest of the worker's batch goes back (those
        it had done too: their results died with it)."""
        pool.remove(w)
        _stop(w.process)
        current = int(w.now[0])
        if current in w.queue:
            w.queue.remove(current)
            done[current] = worker.failed(files[current], why)
        pending.extendleft(reversed(w.queue))

    try:
        for _ in range(max(1, min(workers, len(files)))):
            pool.append(spawn())
        for w in pool:
            feed(w)
        while next_out < len(files):
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if next_out >= len(files):
                break
            busy = [w for w in pool if w.queue]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=min(1.0, seconds))
            now = time.monotonic()
            for w in busy:
                if w.conn in ready:
                    try:
                        results = w.conn.recv()
                    except (EOFError, OSError):
                        retire(w, _died(w.process))
                        continue
                    w.batches -= 1
                    feed(w)  # before this batch's results are unpacked: the worker goes on meanwhile
                    for i, blob in results:
                        w.queue.remove(i)
                        done[i] = _load(blob, files[i], worker)
                elif w.process.sentinel in ready:
                    retire(w, _died(w.process))
                elif w.now[0] >= 0 and now - w.now[1] > seconds:
                    retire(w, msg("worker_timeout", seconds=f"{seconds:g}"))
            while len(pool) < workers and pending and len(pool) < len(files):
                pool.append(spawn())
            for w in pool:
                feed(w)
    finally:
        for w in pool:
            _stop(w.process, gently=True)


def _load(blob: bytes, file, worker):
    try:
        result = pickle.loads(blob)
    except Exception as exc:  # a result that does not survive the trip is that file's failure
        return worker.failed(file, msg("worker_lost", why=type(exc).__name__))
    if isinstance(result, OutputError):
        raise result
    return result


def _died(process) -> Msg:
    process.join(1)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return msg("worker_killed", signal=name)
    return msg("worker_exited", code=code)


def _stop(process, gently: bool = False) -> None:
    if process.is_alive():
        if gently:
            process.terminate()
            process.join(0.5)
        if process.is_alive():
            process.kill()
    process.join(2)
    process.close()


def _serve(conn, parent_end, files: list, worker, parent_pid: int | None, now) -> None:
    """A worker's loop: a batch of indices in, its [(index, pickled result)] out; `now` says which
    file it is on and since when."""
    parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent_pid)
    _limit_memory()
    _quiet()
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        out = []
        for i in batch:
            now[1], now[0] = time.monotonic(), i
            try:
                result = worker(files[i])
            except OutputError as exc:  # the run's own output (the spool) failed: the parent stops
                result = exc
            except MemoryError:
                result = worker.failed(files[i], msg("worker_memory"))
            except Exception as exc:  # the worker's own fences failed: still this file's failure only
                result = worker.failed(files[i], msg("worker_error", why=type(exc).__name__))
            try:
                blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:
                blob = pickle.dumps(worker.failed(files[i], msg("worker_lost", why=type(exc).__name__)))
            out.append((i, blob))
        now[0] = -1.0
        conn.send(out)


def _quiet() -> None:
    """What a parser prints as it fails (a Rust panic's text, an allocator's last words) is not for
    a clerk: the file's failure is reported as PX001 with its reason instead."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _limit_memory() -> None:
    """Cap the worker's address space at what it has now plus FILE_MEMORY: a file that asks for
    more fails in this worker, never the machine."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            now = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = now + FILE_MEMORY
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        limits.CAPPED = True
    except (ImportError, OSError, ValueError):
        pass  # no /proc (macOS): the time budget still holds


def _die_with_parent(parent_pid: int | None) -> None:
    """On Linux, the kernel ends this worker when the parent dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if parent_pid is not None and os.getppid() != parent_pid:  # it died before the line above took effect
            os._exit(0)
