"""`perfxl fix` in a guarded worker (lint/guard.py): a crafted file cannot hang or crash the run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, PerfxlError
from ..i18n import Msg, msg
from ..lint.guard import FILE_SECONDS, guarded, start_method
from ..xlsxio import shown_name
from .run import Fixed, fix_file


@dataclass
class FixWorker:
    """Reads, corrects and writes one workbook's copy in the worker process (picklable: sent there).

    What the worker says went wrong (an unreadable file, a refused copy) comes back as the error
    itself and is raised again in the run, with its own message."""

    out: Path | None
    method: str
    vocab: dict | None
    lang: str

    def __call__(self, source: Path) -> Fixed | PerfxlError:
        try:
            return fix_file(source, self.out, self.method, self.vocab, self.lang)
        except PerfxlError as exc:
            return exc

    def failed(self, source: Path, why: Msg) -> PerfxlError:
        """The guard stopped the worker (time, memory, a crash): the file is named, no copy written."""
        name = shown_name(source)
        return InputError(msg("fix_guarded", path=name, why=why.render("zh"), why_en=why.render("en")))


def fix_guarded(source: Path, out: Path | None = None, method: str = "national", vocab: dict | None = None,
                lang: str = "zh", seconds: float = FILE_SECONDS) -> Fixed:
    """fix_file under the guard lint reads every workbook under: FILE_SECONDS of time and
    FILE_MEMORY of address space; where there are no processes (Pyodide) it runs here."""
    worker = FixWorker(None if out is None else Path(out), method, vocab, lang)
    chosen = start_method()
    if chosen is None:
        result = worker(Path(source))
    else:
        (result,) = guarded([Path(source)], worker, workers=1, method=chosen, seconds=seconds)
    if isinstance(result, PerfxlError):
        raise result
    return result
