"""Benchmark `perfxl consolidate`: time against a raw python-calamine read, and peak memory.

For N county workbooks (~5 forms each, laid out like the seeds) it prints the consolidation time
against a raw read of the same files in the same run, and the peak resident memory of the main
process and of its workers, each size run in a fresh process so the peaks do not mix.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def one(n: int) -> dict:
    from bench_lint import make_corpus, raw_read

    from perfxl.consolidate.run import consolidate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        paths = make_corpus(folder, n)
        t0 = time.perf_counter()
        raw_read(paths)
        t1 = time.perf_counter()
        done = consolidate([folder], Path(tmp) / "汇总.xlsx", progress=False)
        t2 = time.perf_counter()
    return {"workbooks": n, "forms": len(done.tables.summary), "raw": t1 - t0, "consolidate": t2 - t1,
            "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    for n in map(int, args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True,
                             text=True, cwd=ROOT).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['workbooks']:>5} workbooks, {r['forms']:>5} forms: raw read {r['raw']:.2f} s, "
              f"consolidate {r['consolidate']:.2f} s ({r['consolidate'] / r['raw']:.2f}x); "
              f"peak RSS main {r['rss_main_mb']:.0f} MB, workers {r['rss_workers_mb']:.0f} MB")


if __name__ == "__main__":
    main()
