"""The benchmarks' varied city (benchmarks/city.py): forms perfxl reads whole, all different, with
only the slips the generator means to make."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_lint import make_corpus  # noqa: E402

from perfxl.lint import lint_paths  # noqa: E402
from perfxl.lint.check import Context, lint_file  # noqa: E402
from perfxl.rules import selected  # noqa: E402


def test_every_form_is_read_whole_differs_from_the_others_and_slips_only_as_meant(tmp_path):
    paths = make_corpus(tmp_path, 6)
    report = lint_paths([tmp_path])
    rules = Counter(f.rule for _, f in report.all_findings())
    assert set(rules) <= {"PX202", "PX105"} and rules["PX202"] > 0   # a missed target without a reason
    rows, budgets, forms_of = [], set(), {}
    for path in paths:
        _, forms = lint_file(path, path.name, list(selected()), Context(str(path)))
        assert 4 <= len(forms) <= 6
        forms_of[path] = forms
        for form in forms:
            assert 7 <= len(form.indicators) <= 16 and form.total_score.number is not None
            budgets.add(form.fund["total"].cells["budget"].number)
            rows += [tuple(c.raw for c in (i.level3, i.target, i.actual)) for i in form.indicators]
    assert len(budgets) == sum(len(f) for f in forms_of.values())             # every form its own money
    assert len(set(rows)) > 0.95 * len(rows)                                  # rows hardly ever recur
