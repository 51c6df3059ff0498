"""Benchmark `perfxl consolidate`: time against a raw python-calamine read, and peak memory.

For N county workbooks (~5 forms each, laid out like the seeds) it prints the consolidation time
against a raw read of the same files in the same run, and the peak resident memory of the main
process and of its workers. The corpus of each size is generated once; every run is a fresh
process (so peaks do not mix) that imports both libraries, reads the files raw, then consolidates
them.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def one(folder: Path) -> dict:
    # Both sides timed with their libraries already imported, on files neither has read before.
    import python_calamine  # noqa: F401
    from bench_lint import raw_read

    from perfxl.consolidate.run import consolidate
    from perfxl.lint.engine import expand

    paths = expand([folder])
    t0 = time.perf_counter()
    raw_read(paths)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        done = consolidate([folder], Path(tmp) / "汇总.xlsx", progress=False)
    t2 = time.perf_counter()
    return {"workbooks": len(paths), "forms": len(done.tables.summary), "raw": t1 - t0, "consolidate": t2 - t1,
            "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (each in a fresh process)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one))))
        return
    from bench_lint import make_corpus

    for n in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            make_corpus(Path(tmp), n)
            ratios = []
            for _ in range(args.repeat):
                out = subprocess.run([sys.executable, __file__, "--one", tmp], check=True, capture_output=True,
                                     text=True, cwd=ROOT).stdout
                r = json.loads(out.strip().splitlines()[-1])
                ratios.append(r["consolidate"] / r["raw"])
                print(f"{r['workbooks']:>5} workbooks, {r['forms']:>5} forms: raw read {r['raw']:.2f} s, "
                      f"consolidate {r['consolidate']:.2f} s ({ratios[-1]:.2f}x); "
                      f"peak RSS main {r['rss_main_mb']:.0f} MB, workers {r['rss_workers_mb']:.0f} MB", flush=True)
            print(f"{n:>5} workbooks: median {statistics.median(ratios):.2f}x the raw read "
                  f"(range {min(ratios):.2f}-{max(ratios):.2f}x over {len(ratios)} runs)", flush=True)


if __name__ == "__main__":
    main()
