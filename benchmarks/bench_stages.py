"""Benchmark what `perfxl consolidate`'s stages leave of its target: the whole run, the run with every
rule stubbed out, and the run with no form read, each as a whole process against a raw read in the same go.

For N county workbooks (the varied corpus of bench_consolidate), each round runs, interleaved:
- the whole-process raw python-calamine read (bench_start.raw_read_command);
- `perfxl consolidate` as it is;
- the same with every rule's check replaced by one that finds nothing ("no rules");
- the same with no form read from any workbook ("no forms": the package checks, the parser and a
  summary of nothing);
- the same on one worker process ("one worker"), which with the run as it is splits the run, by
  Amdahl's law, into a serial part and a part spread over the cores.
Stubs are set in the main process before its workers are forked, so this measures Linux's fork.
Then the medians, and the time reading forms, the rules and the spool take in the run
(as it is − no forms) against what the target leaves them (target × raw read − no forms): where a
redesign has to find its time; then the serial and parallel parts, the worker time the target
leaves the parallel part on this machine's cores, and the ratio an estimate gives on 4 and 8
cores (the raw read is one process whatever the cores). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_consolidate import CONSOLIDATE_EXIT_CODES
from bench_start import checked, installed_env, raw_read_command, run_whole

# Run in a fresh interpreter before perfxl's command line: what each variant leaves out.
STUBS = {
    "as it is": "",
    "no rules": ("from perfxl.rules import load_all\n"
                 "for rule in load_all().values():\n"
                 "    cls = rule if isinstance(rule, type) else type(rule)\n"
                 "    cls.check = lambda self, form, ctx: ()\n"
                 "    cls.check_book = lambda self, forms, ctx: ()\n"),
    "no forms": ("import perfxl.lint.check as check\n"
                 "def read_forms(book):\n"
                 "    book.unread = []\n"
                 "    return []\n"
                 "check.read_forms = read_forms\n"),
    "one worker": "import os\nos.cpu_count = lambda: 1\n",   # lint.run sizes its pool by it
}


def variant_command(stub: str, folder: Path, out: Path) -> list[str]:
    code = stub + ("import runpy, sys\nsys.argv = ['perfxl', 'consolidate', sys.argv[1], '-o', sys.argv[2]]\n"
                   "runpy.run_module('perfxl', run_name='__main__')\n")
    return [sys.executable, "-c", code, str(folder), str(out)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1000, help="workbooks (default 1000)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds (each variant in fresh processes)")
    ap.add_argument("--target", type=float, default=2.5, help="the target, × the raw read (default 2.5)")
    args = ap.parse_args()
    from bench_lint import make_corpus

    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as bytecode:
        env = installed_env(Path(bytecode))
        folder, outdir = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        outdir.mkdir()
        t0 = time.perf_counter()
        make_corpus(folder, args.size)
        print(f"{args.size} workbooks (varied corpus) generated in {time.perf_counter() - t0:.1f} s", flush=True)
        raw_cmd = raw_read_command(folder)

        def run(name: str, tag: str) -> float:
            if name == "raw read":
                return checked(run_whole(raw_cmd, Path(tmp), env), name).seconds
            cmd = variant_command(STUBS[name], folder, outdir / f"{tag}-{names.index(name)}.xlsx")
            return checked(run_whole(cmd, Path(tmp), env), f"consolidate ({name})", CONSOLIDATE_EXIT_CODES).seconds

        names = ["raw read", *STUBS]
        for name in names:   # warm-up, not counted: fills the bytecode cache every later run finds
            run(name, "warm")
        times: dict[str, list[float]] = {name: [] for name in names}
        for i in range(args.repeat):   # interleaved, so a noisy moment on the machine falls on each
            for name in names:
                times[name].append(run(name, str(i)))
            print(f"round {i + 1}: " + ", ".join(f"{n} {times[n][-1]:.2f} s" for n in names), flush=True)
    med = {name: statistics.median(v) for name, v in times.items()}
    raw = med["raw read"]
    print(f"\nmedians over {args.repeat} rounds, {args.size} workbooks, each × the raw read ({raw:.2f} s):")
    for name in STUBS:
        print(f"  consolidate {name:10s} {med[name]:.2f} s  {med[name] / raw:.2f}×")
    spent, allowed = med["as it is"] - med["no forms"], args.target * raw - med["no forms"]
    print(f"reading forms, rules and spool: {spent:.2f} s of the run; at {args.target:g}× they may take "
          f"{allowed:.2f} s ({allowed / spent:.0%} of now); without any rule the run is "
          f"{med['no rules'] / raw:.2f}×")
    cores = os.cpu_count() or 1
    if cores > 1:
        print(amdahl(med["one worker"], med["as it is"], cores, raw, args.target))


def amdahl(one: float, all_cores: float, cores: int, raw: float, target: float) -> str:
    """The run split into a serial part and a parallel part (one worker: serial + parallel; all
    cores: serial + parallel ÷ cores), what the target leaves the parallel part, and the ratio an
    estimate gives with more cores."""
    parallel = (one - all_cores) * cores / (cores - 1)
    serial = one - parallel
    room = (target * raw - serial) * cores
    more = ", ".join(f"{n} cores {(serial + parallel / n) / raw:.2f}×" for n in (4, 8) if n > cores)
    return (f"one worker {one:.2f} s: serial {serial:.2f} s, parallel {parallel:.2f} s of worker time over "
            f"{cores} cores; at {target:g}× the parallel part may take {room:.2f} s ({room / parallel:.0%} "
            f"of now)" + (f"; estimated with {more}" if more else ""))


if __name__ == "__main__":
    main()
