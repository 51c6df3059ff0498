"""Benchmark `perfxl lint` against a raw python-calamine read of the same workbooks, in one run.

Generates N county workbooks of ~5 forms each (laid out like the seeds, not by perfxl's template),
then times (a) reading every sheet's values and merged ranges with python-calamine and nothing
else, and (b) perfxl's lint of the same files. Prints the figures and the ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

PLACES = ["金寨县", "霍邱县", "舒城县", "叶集区", "裕安区", "金安区", "霍山县", "沅江市", "桃江县", "安化县"]


CORPORA = ("varied", "uniform")


def make_corpus(folder: Path, n: int, seed: int = 1, corpus: str = "varied") -> list[Path]:
    """n county workbooks of 4–6 forms. varied (benchmarks/city.py): every form its own figures and
    indicators, as a city's are; uniform: one form copied with a new project name, some with a lost
    point (the corpus of earlier measurements, where caches keyed by cell values hit on every row)."""
    # Imported here, after tests/ is on sys.path, so importing this module for raw_read stays light.
    from city import city_form
    from lintkit import edit, form, write_book

    rnd = random.Random(seed)
    paths = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        specs = []
        for j in range(rnd.randint(4, 6)):
            # each workbook its own projects: a city receives each form once (a repeat is PX501)
            project = f"项目{i:04d}-{j}"
            if corpus == "varied":
                specs.append(city_form(form, edit, project, place, rnd))
                continue
            spec = form(project=project, dept=f"{place}医疗保障局", unit=f"{place}医疗保障局")
            if rnd.random() < 0.3:
                spec = edit(spec, "rows.4.6", 29)       # a lost point without a reason
            specs.append(spec)
        paths.append(write_book(folder / f"{place}{i:04d}医疗保障局2023年度绩效自评表.xlsx", *specs))
    return paths


def raw_read(paths: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for p in paths:
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            _ = sheet.merged_cell_ranges
            cells += sum(len(r) for r in rows)
    return cells


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--workbooks", type=int, default=1000)
    ap.add_argument("--corpus", choices=CORPORA, default="varied",
                    help="varied: every form its own figures (default); uniform: one form copied")
    args = ap.parse_args()
    from perfxl.lint import lint_paths

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths = make_corpus(folder, args.workbooks, corpus=args.corpus)
        t1 = time.perf_counter()
        cells = raw_read(paths)
        t2 = time.perf_counter()
        report = lint_paths([folder])
        t3 = time.perf_counter()
    raw, lint = t2 - t1, t3 - t2
    s = report.summary()
    print(f"corpus ({args.corpus}): {s['files']} workbooks, {s['forms']} forms, {cells} cells "
          f"(generated in {t1 - t0:.1f} s)")
    print(f"raw python-calamine read: {raw:.2f} s")
    print(f"perfxl lint:              {lint:.2f} s  ({lint / raw:.2f}x the raw read; "
          f"{s['errors']} errors, {s['warnings']} warnings)")


if __name__ == "__main__":
    main()
