"""The process entry of `perfxl` and `python -m perfxl`: the command line, then a quick way out."""

from __future__ import annotations

import atexit
import os
import sys
import threading


def run() -> None:
    """Run the command line, then end the process without tearing down every loaded module.

    Python's own finalisation frees each module and object one by one: ~15 ms on every command (a
    tenth of linting one workbook), for nothing, as the process ends anyway. Every file a command
    writes is closed by then; atexit handlers (multiprocessing's, tempfile's) still run. Where a
    thread is still running (perfxl serve's), or a profiler or debugger watches (python -m cProfile
    -m perfxl writes its figures after the program), the process ends the usual way."""
    from .cli import main

    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if threading.active_count() > 1 or sys.getprofile() or sys.gettrace():
        sys.exit(code)  # a thread to wait for, or a profiler, debugger or coverage tool to let finish
    if code is not None and not isinstance(code, int):  # sys.exit("text"): shown, status 1
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (perfxl lint … | head): nothing left to say
            pass
    os._exit(code or 0)
