"""Benchmark the wait for `perfxl lint ONE.xlsx` as whole processes, against a whole-process raw read."""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Beside this file, so on sys.path when run as a script.
from bench_lint import make_corpus, raw_read

TARGET_ONE_WORKBOOK_S = 0.15
LINT_EXIT_CODES = (0, 1)  # 1 means "findings", which the generated corpus has on purpose


@dataclass
class Whole:
    """One whole process, timed from spawn to exit."""

    seconds: float
    returncode: int
    peak_rss_mb: float | None  # the largest process of its tree, where the system reports it
    stderr: str


def installed_env(bytecode_cache: Path) -> dict[str, str]:
    """This environment, but with Python's bytecode kept in bytecode_cache, as an installed perfxl has it."""
    # pip compiles an installed package's bytecode; this checkout has no perfxl/__pycache__ and the
    # environment may forbid writing one (PYTHONDONTWRITEBYTECODE), which would time a compile of
    # every perfxl module in every run. A cache of our own, outside the source tree, filled by an
    # untimed warm-up, times what a user waits for instead.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    return env


def run_whole(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Whole:
    """Run cmd as a fresh process in cwd with stdout discarded; wall time spawn→exit and peak RSS."""
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: nothing can block on a full pipe
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd,
                                env=env)
        if hasattr(os, "wait4"):  # wait4 hands back this child's own rusage; Popen.wait would drop it
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:
            proc.wait()
            seconds, rss = time.perf_counter() - t0, None
        err.seek(0)
        return Whole(seconds, proc.returncode, rss, err.read().decode("utf-8", "replace"))


def checked(whole: Whole, what: str, ok: tuple[int, ...] = (0,)) -> Whole:
    # A crashed run is not a figure: timing an early exit would flatter perfxl.
    if whole.returncode not in ok:
        sys.exit(f"{what} exited {whole.returncode}; nothing to time.\n{whole.stderr.strip()}")
    return whole


def perfxl_command() -> tuple[list[str], str]:
    """The argv prefix that starts perfxl the way a clerk does, and a note saying which way it is."""
    if importlib.util.find_spec("perfxl.__main__") is not None:
        return [sys.executable, "-m", "perfxl"], "python -m perfxl"
    # The console script a clerk types, run by this interpreter so `-X importtime` can go before it.
    script = Path(sys.executable).with_name("perfxl")
    if script.is_file():
        return [sys.executable, str(script)], f"{script} (no perfxl/__main__.py, so not `python -m perfxl`)"
    return ([sys.executable, "-c", "from perfxl.cli import main; main()"],
            "python -c 'from perfxl.cli import main; main()' (no perfxl/__main__.py nor console script)")


def raw_read_command(folder: Path) -> list[str]:
    """A fresh interpreter doing exactly bench_lint.raw_read on folder's workbooks, importing nothing else."""
    # The source of raw_read itself, so the baseline cannot drift from the in-process one; postponed
    # annotations as in bench_lint, so its `list[Path]` costs no pathlib import. The folder, not a
    # list of paths, goes on the command line: a thousand paths outgrow one argument's size limit.
    code = ("from __future__ import annotations\n" + inspect.getsource(raw_read)
            + f"\nfrom pathlib import Path\nraw_read(sorted(Path({str(folder)!r}).rglob('*.xlsx')))\n")
    return [sys.executable, "-c", code]


def import_breakdown(stderr: str) -> tuple[list[tuple[str, float, float, str]], float]:
    """Per top-level package from `-X importtime` output: (name, cumulative ms, self ms, first importer).

    Cumulative is what the package's first imports cost including what they pulled in (so numpy
    under pandas counts for both): what leaving the package out would save. Self is the time in
    the package's own modules only.
    """
    entries = []  # (depth, module, self µs, cumulative µs), in the order Python prints them
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        # "import time:       110 |        110 |   _io": two spaces of indent per level, after one
        label, cumulative_us, name = line.split("|", 2)
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        entries.append((depth, name.strip(), float(label.split(":")[1]), float(cumulative_us)))
    # Python prints a module when its import ends, children first; read backwards, a module's
    # parent is the last one seen one level up.
    parents: dict[int, tuple[str, ...]] = {}
    stack: list[str] = []
    for i in range(len(entries) - 1, -1, -1):
        depth, module = entries[i][0], entries[i][1]
        del stack[depth:]
        parents[i] = tuple(stack)
        stack.append(module)
    cumulative: dict[str, float] = {}
    own: dict[str, float] = {}
    importer: dict[str, str] = {}
    for i, (_, module, self_us, cumulative_us) in enumerate(entries):
        package = _package(module)
        own[package] = own.get(package, 0) + self_us
        ancestors = parents[i]
        if any(_package(a) == package for a in ancestors):
            continue  # inside an import of its own package, already in that one's cumulative
        cumulative[package] = cumulative.get(package, 0) + cumulative_us
        if package not in importer:
            importer[package] = _via(ancestors)
    total_ms = sum(own.values()) / 1000
    rows = [(p, cumulative[p] / 1000, own[p] / 1000, importer[p]) for p in cumulative]
    return sorted(rows, key=lambda r: r[1], reverse=True), total_ms


def _package(module: str) -> str:
    return module.split(".")[0]


def _via(ancestors: tuple[str, ...]) -> str:
    """The nearest perfxl module above an import (the line a developer would change), then its direct importer."""
    ours = [a for a in ancestors if _package(a) == "perfxl"]
    if not ancestors:
        return "(top level: the interpreter's start, or an import inside a function)"
    if not ours or ours[-1] == ancestors[-1]:
        return ancestors[-1]
    return f"{ours[-1]} → {ancestors[-1]}"  # e.g. numpy, pulled in by openpyxl rather than by perfxl


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7, help="timed runs of each command, interleaved")
    ap.add_argument("--top", type=int, default=12, help="packages shown in the import breakdown")
    args = ap.parse_args()
    prefix, how = perfxl_command()
    with tempfile.TemporaryDirectory() as tmp:
        # Run from the workbook's folder, as a clerk would; not from the repository, whose perfxl/
        # would shadow the installed one for `-m` and `-c`.
        folder = Path(tmp) / "book"
        folder.mkdir()
        env = installed_env(Path(tmp) / "pycache")
        book = make_corpus(folder, 1)[0]
        commands = {"raw read": (raw_read_command(folder), (0,)),
                    "lint": ([*prefix, "lint", str(book)], LINT_EXIT_CODES),
                    "lint --format json": ([*prefix, "lint", "--format", "json", str(book)], LINT_EXIT_CODES)}
        print(f"workbook: {book.name} ({book.stat().st_size / 1024:.0f} KB)")
        print(f"perfxl started as: {how}; bytecode cached, as installed (PYTHONPYCACHEPREFIX)", flush=True)
        # One untimed run each: fills the bytecode cache (see installed_env) and warms the page
        # cache, which a clerk's second run of the day also finds warm.
        warm = {name: checked(run_whole(cmd, folder, env), name, ok).seconds for name, (cmd, ok) in commands.items()}
        print("warm-up (not counted): " + ", ".join(f"{name} {s:.3f} s" for name, s in warm.items()))
        times: dict[str, list[float]] = {name: [] for name in commands}
        for i in range(args.repeat):
            # Interleaved, so a noisy moment on the machine falls on both sides alike.
            line = []
            for name, (cmd, ok) in commands.items():
                times[name].append(checked(run_whole(cmd, folder, env), name, ok).seconds)
                line.append(f"{name} {times[name][-1]:.3f} s")
            print(f"run {i + 1}: " + ", ".join(line), flush=True)
        profiled = run_whole([prefix[0], "-X", "importtime", *prefix[1:], "lint", str(book)], folder, env)
        checked(profiled, "lint -X importtime", LINT_EXIT_CODES)
    medians = {name: statistics.median(t) for name, t in times.items()}
    raw = medians["raw read"]
    print(f"\nmedians over {args.repeat} runs (whole processes, spawn to exit):")
    for name, median in medians.items():
        spread = f"range {min(times[name]):.3f}-{max(times[name]):.3f} s"
        ratio = "" if name == "raw read" else f"  {median / raw:.1f}x the raw read"
        print(f"  {name:<19} {median:.3f} s  ({spread}){ratio}")
    print(f"one workbook: {medians['lint']:.2f} s wall (target < {TARGET_ONE_WORKBOOK_S} s)")
    rows, total_ms = import_breakdown(profiled.stderr)
    print(f"\nimports in one `perfxl lint -X importtime` run: {total_ms:.0f} ms of its {profiled.seconds:.3f} s; "
          f"the other {profiled.seconds * 1000 - total_ms:.0f} ms is interpreter start, reading, rules and output")
    ours = next((r for r in rows if r[0] == "perfxl"), None)
    if ours:
        print(f"  perfxl's own modules: {ours[2]:.0f} ms self")
    shown = [r for r in rows if r[0] != "perfxl"][:args.top]
    width = max(len("package"), *(len(r[0]) for r in shown))
    print(f"  top {len(shown)} other packages by cumulative import time (which includes what each imports):")
    print(f"  {'package':<{width}} {'cumulative':>10} {'self':>8}  first imported via")
    for package, cumulative_ms, self_ms, via in shown:
        print(f"  {package:<{width}} {cumulative_ms:>7.1f} ms {self_ms:>5.1f} ms  {via}")


if __name__ == "__main__":
    main()
