"""Benchmark `perfxl consolidate`: time in and as whole processes against a raw python-calamine read; peak memory.

For N county workbooks (~5 forms each, laid out like the seeds), each size's corpus generated once,
every run prints two comparisons made in the same go:

- in-process: a fresh process (so memory peaks do not mix) imports both libraries, reads the
  files raw, then consolidates them; both sides timed with their imports already done. It also
  reports the peak resident memory of that main process and of its workers.
- whole-process, what a user waits for: `perfxl consolidate FOLDER -o OUT.xlsx` from spawn to exit,
  against a fresh interpreter that imports python-calamine and raw-reads the same folder.

Then the medians, and how peak memory moves from the smallest size to the largest (flat in N is
the aim). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Beside this file, so on sys.path when run as a script.
from bench_lint import CORPORA
from bench_start import (
    checked,
    installed_env,
    perfxl_command,
    raw_read_command,
    run_whole,
)

ROOT = Path(__file__).resolve().parents[1]
TARGETS = "target ≤ 4× at 100, ≤ 2.5× at 1,000"
CONSOLIDATE_EXIT_CODES = (0, 1)  # 1 means "findings", which the generated corpus has on purpose


def workbooks(folder: Path) -> list[Path]:
    # The same list the whole-process raw read globs, so both baselines read the same files.
    return sorted(folder.rglob("*.xlsx"))


def one(folder: Path) -> dict:
    # Both sides timed with their libraries already imported, on files neither has read before.
    import python_calamine  # noqa: F401
    from bench_lint import raw_read

    from perfxl.consolidate.run import consolidate

    paths = workbooks(folder)
    t0 = time.perf_counter()
    raw_read(paths)
    t1 = time.perf_counter()
    count = len(paths)
    del paths   # ~0.9 KB a Path: held through the run, it would count as perfxl's memory
    with tempfile.TemporaryDirectory() as tmp:
        done = consolidate([folder], Path(tmp) / "汇总.xlsx", progress=False, keep_findings=False)  # as the CLI
    t2 = time.perf_counter()
    return {"workbooks": count, "forms": done.forms, "raw": t1 - t0, "consolidate": t2 - t1,
            "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def in_process(folder: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", str(folder)], check=False, capture_output=True,
                          text=True, cwd=ROOT)
    if done.returncode:  # its traceback, not just "exit status 1"
        sys.exit(f"in-process run exited {done.returncode}; nothing to time.\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_size(n: int, repeat: int, prefix: list[str], env: dict[str, str], warm_up: bool,
               corpus: str = "varied") -> tuple[float, ...]:
    """Print every run and the medians for n workbooks; return the peak RSS (main, workers, whole) in MB."""
    from bench_lint import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        folder, outdir = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        outdir.mkdir()  # outside the input folder, so no run reads an earlier run's summary
        t0 = time.perf_counter()
        make_corpus(folder, n, corpus=corpus)
        print(f"\n{n} workbooks ({corpus} corpus) generated in {time.perf_counter() - t0:.1f} s", flush=True)
        raw_cmd = raw_read_command(folder)

        def consolidate_cmd(out: Path) -> list[str]:
            return [*prefix, "consolidate", str(folder), "-o", str(out)]

        if warm_up:  # fills the bytecode cache every later run finds (see installed_env)
            raw = checked(run_whole(raw_cmd, Path(tmp), env), "whole-process raw read")
            whole = checked(run_whole(consolidate_cmd(outdir / "warm.xlsx"), Path(tmp), env), "perfxl consolidate",
                            CONSOLIDATE_EXIT_CODES)
            print(f"warm-up (not counted): raw read {raw.seconds:.2f} s, consolidate {whole.seconds:.2f} s", flush=True)
        ratios, whole_runs, mem = [], [], []
        for i in range(repeat):
            # The three measurements interleaved, so a noisy moment on the machine falls on each.
            r = in_process(folder)
            ratios.append(r["consolidate"] / r["raw"])
            print(f"{r['workbooks']:>5} workbooks, {r['forms']:>5} forms, in-process: raw read {r['raw']:.2f} s, "
                  f"consolidate {r['consolidate']:.2f} s ({ratios[-1]:.2f}x); "
                  f"peak RSS main {r['rss_main_mb']:.0f} MB, workers {r['rss_workers_mb']:.0f} MB", flush=True)
            raw = checked(run_whole(raw_cmd, Path(tmp), env), "whole-process raw read")
            whole = checked(run_whole(consolidate_cmd(outdir / f"汇总{i}.xlsx"), Path(tmp), env), "perfxl consolidate",
                            CONSOLIDATE_EXIT_CODES)
            whole_runs.append((whole.seconds, raw.seconds))
            mem.append((r["rss_main_mb"], r["rss_workers_mb"], whole.peak_rss_mb or 0.0))
            print(f"{n:>5} workbooks: consolidate {whole.seconds:.2f} s vs whole-process raw read "
                  f"{raw.seconds:.2f} s: {whole.seconds / raw.seconds:.2f}× ({TARGETS}); "
                  f"largest process {mem[-1][2]:.0f} MB", flush=True)
    print(f"{n:>5} workbooks, in-process: median {statistics.median(ratios):.2f}x the raw read "
          f"(range {min(ratios):.2f}-{max(ratios):.2f}x over {len(ratios)} runs)")
    whole_ratios = [w / r for w, r in whole_runs]
    print(f"{n:>5} workbooks: consolidate {statistics.median(w for w, _ in whole_runs):.2f} s vs whole-process raw "
          f"read {statistics.median(r for _, r in whole_runs):.2f} s: {statistics.median(whole_ratios):.2f}× "
          f"({TARGETS}) [medians over {len(whole_runs)} runs; ratio range "
          f"{min(whole_ratios):.2f}-{max(whole_ratios):.2f}×]", flush=True)
    return tuple(max(m[k] for m in mem) for k in range(3))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (each in fresh processes)")
    ap.add_argument("--corpus", choices=CORPORA, default="varied",
                    help="varied: every form its own figures (default); uniform: one form copied")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one))))
        return
    prefix, how = perfxl_command()
    print(f"perfxl started as: {how}; bytecode cached, as installed (PYTHONPYCACHEPREFIX)", flush=True)
    peaks = {}  # size -> (main MB, workers MB, whole-process largest MB), the highest over its runs
    with tempfile.TemporaryDirectory() as bytecode:
        env = installed_env(Path(bytecode))
        for n in map(int, args.sizes.split(",")):
            peaks[n] = bench_size(n, args.repeat, prefix, env, warm_up=not peaks, corpus=args.corpus)
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print()
        for label, k in (("main", 0), ("workers", 1), ("whole `perfxl consolidate` (largest process)", 2)):
            # A small run may use no workers at all (0 MB), which has no growth factor.
            growth = f"{peaks[large][k] / peaks[small][k]:.2f}x" if peaks[small][k] else "n/a"
            # what each further workbook adds: 0 is flat; the summary's own rows are the floor there
            each = (peaks[large][k] - peaks[small][k]) * 1024 / (large - small)
            print(f"peak RSS {label} {small}→{large}: {peaks[small][k]:.0f} → {peaks[large][k]:.0f} MB "
                  f"({growth} for {large / small:.0f}x the workbooks; {each:+.1f} KB a workbook)")
        # what each further workbook adds between neighbouring sizes: bounded caches and buffers fill
        # over the first sizes, a cost that grows with N keeps its slope to the last
        sizes = sorted(peaks)
        for label, k in (("main", 0), ("workers", 1)):
            steps = ", ".join(f"{a}→{b} {(peaks[b][k] - peaks[a][k]) * 1024 / (b - a):+.1f}"
                              for a, b in zip(sizes, sizes[1:]))
            print(f"peak RSS {label}, KB a further workbook: {steps}")


if __name__ == "__main__":
    main()
