"""Long work off the request threads: a few at a time, each with its progress for the page to show."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..errors import PerfxlError
from ..i18n import Msg

KEEP_SECONDS = 24 * 3600


@dataclass
class Job:
    """A piece of work: who may see it, how far it is, and what it gave (or why it failed)."""

    id: str
    owner: str
    total: int = 0
    done: int = 0
    state: str = "queued"          # queued, running, done, failed
    result: object = None
    error: PerfxlError | Msg | None = None
    names: list = field(default_factory=list)   # what it works on, as the page lists it
    kept: object = None                          # where its files were kept when the user asked
    started: float = field(default_factory=time.monotonic)

    def advance(self, n: int = 1) -> None:
        self.done += n

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class Jobs:
    """A bounded pool: fifty counties uploading at once queue here instead of forking fifty readers."""

    def __init__(self, workers: int = 2):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="perfxl-job")
        self.by_id: dict[str, Job] = {}
        self.lock = threading.Lock()

    def submit(self, owner: str, total: int, work: Callable[[Job], object], names: list = ()) -> Job:
        job = Job(secrets.token_urlsafe(12), owner, total, names=list(names))
        with self.lock:
            old = [k for k, j in self.by_id.items() if j.finished and time.monotonic() - j.started > KEEP_SECONDS]
            for k in old:
                del self.by_id[k]
            self.by_id[job.id] = job
        self.pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, only for its owner (a session, a unit): ids alone open nothing."""
        job = self.by_id.get(job_id)
        return job if job is not None and job.owner == owner else None

    def _run(self, job: Job, work: Callable[[Job], object]) -> None:
        job.state = "running"
        try:
            job.result = work(job)
            job.state = "done"
        except PerfxlError as exc:
            job.error, job.state = exc, "failed"
        except Exception as exc:  # a bug: shown on the page as one line, the server goes on
            from ..i18n import msg

            job.error, job.state = msg("web_internal", why=f"{type(exc).__name__}: {exc}"[:200]), "failed"

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
