"""Score a `perfxl lint --format json` report against a corpus answer key (CLI too)."""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path


def basename(path: str) -> str:
    return str(path).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def norm_cell(cell) -> str | None:
    """'$h$6' -> 'H6'; a range 'C4:E4' counts as its top-left cell."""
    if not cell:
        return None
    return str(cell).replace("$", "").strip().upper().split(":")[0]


def reported_findings(report: dict) -> list[tuple]:
    """(file, sheet, rule, cell) for every finding; a PX001 file error counts as one (sheet None)."""
    out = []
    for f in report.get("files") or []:
        name = basename(f.get("path", ""))
        err = f.get("error")
        if err:
            out.append((name, None, err.get("rule") or "PX001", None))
        for x in f.get("findings") or []:
            out.append((name, x.get("sheet") or None, x.get("rule"), norm_cell(x.get("cell"))))
    return out


def _leftover(cells: list, same: Counter) -> list:
    """The cells not matched exactly, in their original order."""
    used, out = Counter(), []
    for c in cells:
        if used[c] < same[c]:
            used[c] += 1
        else:
            out.append(c)
    return out


def measure(report: dict, key: list[dict]) -> dict:
    """Match report and key on (basename(file), sheet, rule) as multisets; compare cells among matches."""
    want = defaultdict(list)
    got = defaultdict(list)
    for e in key:
        want[basename(e["file"]), e.get("sheet") or None, e["rule"]].append(norm_cell(e.get("cell")))
    for name, sheet, rule, cell in reported_findings(report):
        got[name, sheet, rule].append(cell)
    tp = right = 0
    missed, extra, wrong, per_rule = [], [], [], defaultdict(Counter)
    for group in sorted(set(want) | set(got), key=lambda g: tuple("" if x is None else x for x in g)):
        kc, rc = want.get(group, []), got.get(group, [])
        same = Counter(kc) & Counter(rc)
        k_left, r_left = _leftover(kc, same), _leftover(rc, same)
        n_same, n_pair = sum(same.values()), min(len(k_left), len(r_left))
        tp, right = tp + n_same + n_pair, right + n_same
        file, sheet, rule = group
        per_rule[rule].update(tp=n_same + n_pair, fn=len(k_left) - n_pair, fp=len(r_left) - n_pair)
        for k, r in zip(k_left, r_left):
            wrong.append({"file": file, "sheet": sheet, "rule": rule, "expected": k, "reported": r})
        missed += [{"file": file, "sheet": sheet, "rule": rule, "cell": c} for c in k_left[n_pair:]]
        extra += [{"file": file, "sheet": sheet, "rule": rule, "cell": c} for c in r_left[n_pair:]]
    n_key, n_rep = sum(map(len, want.values())), sum(map(len, got.values()))
    return {"tp": tp, "fp": n_rep - tp, "fn": n_key - tp,
            "recall": tp / n_key if n_key else 1.0,
            "precision": tp / n_rep if n_rep else 1.0,
            "cell_accuracy": right / tp if tp else 1.0,
            "missed": missed, "extra": extra, "wrong_cell": wrong,
            "per_rule": {r: dict(c) for r, c in sorted(per_rule.items())}}


def _line(e: dict) -> str:
    cell = e.get("cell") if "cell" in e else f"{e['reported']} (key {e['expected']})"
    return f"  {e['rule']}  {e['file']} | {e['sheet']} | {cell}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m tests.corpus.measure REPORT.json ANSWER_KEY.json", file=sys.stderr)
        return 2
    report = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    key = json.loads(Path(args[1]).read_text(encoding="utf-8"))
    m = measure(report, key)
    print(f"recall {m['recall']:.3f}  precision {m['precision']:.3f}  cell accuracy {m['cell_accuracy']:.3f}  "
          f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    for rule, c in m["per_rule"].items():
        print(f"  {rule}: tp {c.get('tp', 0)} fn {c.get('fn', 0)} fp {c.get('fp', 0)}")
    for title, items in (("missed", m["missed"]), ("extra", m["extra"]), ("wrong cell", m["wrong_cell"])):
        if items:
            print(f"{title} ({len(items)}):")
            print("\n".join(_line(e) for e in items[:20]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
