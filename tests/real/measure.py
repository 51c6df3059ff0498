"""Score perfxl's reader and rules on the real-forms corpus: forms recognised, facts, recall, precision.

`python tests/real/measure.py` prints the figures and every miss by cause; `--update` records them
as the floor tests/test_real_corpus.py holds the reader to."""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from realbuild import build, corpus, load  # noqa: E402

BASELINE = HERE / "baseline.json"
FACTS = ("project", "unit", "budget", "spent", "rate", "fund_score", "total_score", "grade")
PRINTED_ONLY = ("total_score", "grade")  # a value perfxl computed where the form prints none is no error
# A form the stored page cut off cannot be judged whole: its sums and its completeness are not scored
# (neither keyed nor reported findings of these rules count on a partial document). PX105 and PX106
# ask whether a reason is given anywhere on the form (the part cut off may hold it); PX119 adds up
# the 一级 blocks and their rows (a cut block's rows are incomplete).
WHOLE_FORM_RULES = frozenset({"PX105", "PX106", "PX112", "PX113", "PX114", "PX119", "PX301", "PX303"})
_SPACE = re.compile(r"\s+")


@dataclass
class Score:
    forms: int = 0
    recognised: int = 0
    facts: int = 0
    facts_right: int = 0
    keyed: int = 0          # findings in the keys
    found: int = 0          # of those, reported at the right cell
    reported: int = 0       # findings perfxl reported
    correct: int = 0        # of those, in the keys
    spurious: int = 0       # forms perfxl read where the keys have none (a sheet of instructions read as a form)
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        ratio = lambda a, b: round(a / b, 4) if b else 1.0
        return {"recognised": ratio(self.recognised, self.forms), "facts": ratio(self.facts_right, self.facts),
                "recall": ratio(self.found, self.keyed), "precision": ratio(self.correct, self.reported)}


def workbook_name(doc: dict) -> str:
    """As a county would name the file: place, year, title (PX304 reads the place in it)."""
    name = f"{doc.get('place') or ''}{doc.get('year') or ''}年{doc.get('title') or ''}"
    return re.sub(r'[\\/:*?"<>|\s]', "", name)[:80] + ".xlsx"


def same(key, got, name: str) -> bool:
    if isinstance(key, (int, float)) and not isinstance(key, bool):
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            return False
        return abs(key - got) <= (5e-5 if name == "rate" else 0.005) + 1e-9
    return _SPACE.sub("", str(key)) == _SPACE.sub("", str(got or ""))


def score_file(doc: dict, result: dict, score: Score, label: str) -> None:
    got_forms = list(result["forms"])
    used: set[int] = set()
    for want in doc["key"]["forms"]:
        score.forms += 1
        match = next((i for i, f in enumerate(got_forms) if i not in used and f["sheet"] == want["sheet"][:31]
                      and f["kind"] == want["kind"]), None)
        keyed = [k for k in FACTS if not (k == "project" and want.get(k) is None)]
        score.facts += len(keyed)
        if match is None:
            seen = [(f["sheet"], f["kind"]) for f in got_forms]
            score.misses.append(f"{label}: form {want['kind']} on {want['sheet']!r} not recognised (read: {seen})")
            continue
        used.add(match)
        score.recognised += 1
        got = got_forms[match]
        for k in keyed:
            value = got.get(k)
            value = None if value == "" else value  # an empty name is no name
            if want.get(k) is None:
                ok = value is None or (k in PRINTED_ONLY and got.get(k.replace("_score", "") + "_source") == "computed")
            else:
                ok = same(want[k], value, k)
            score.facts_right += ok
            if not ok:
                score.misses.append(f"{label}: {want['sheet']} {k}: key {want.get(k)!r}, read {value!r}")
    for i, f in enumerate(got_forms):
        if i not in used:
            score.spurious += 1
            score.misses.append(f"{label}: read a {f['kind']} form on {f['sheet']!r} that the key does not have")
    skip = WHOLE_FORM_RULES if doc.get("partial") else frozenset()
    keyed = {(f["rule"], f["sheet"][:31], f["cell"]) for f in doc["key"]["findings"] if f["rule"] not in skip}
    reported = {(f["rule"], f["sheet"], f["cell"]) for f in result["findings"]
                if f["rule"] != "PX000" and f["rule"] not in skip}
    score.keyed += len(keyed)
    score.found += len(keyed & reported)
    score.reported += len(reported)
    score.correct += len(keyed & reported)
    for rule, sheet, cell in sorted(keyed - reported, key=str):
        score.misses.append(f"{label}: missed {rule} at {sheet}!{cell}")
    for rule, sheet, cell in sorted(reported - keyed, key=str):
        score.misses.append(f"{label}: false {rule} at {sheet}!{cell}")


def profile_for(doc: dict):
    """The profile a bureau of the document's province checks with (perfxl profiles), else national."""
    from perfxl import profiles

    known = profiles.builtin()
    return profiles.resolve(doc.get("province")) if doc.get("province") in known else profiles.national()


def measure(variant=None, paths: list[Path] | None = None, ignore: str | None = None, convert=None) -> Score:
    """The corpus's score; variant: each document (and its key) as moved.py moves it; paths: a part
    of the corpus; ignore: a rule left unchecked (its keyed findings are the variant's to drop);
    convert(workbooks, folder): the workbooks saved otherwise (as .xls), read instead."""
    from perfxl.lint import lint_paths

    score = Score()
    with tempfile.TemporaryDirectory() as tmp:
        by_profile: dict = {}
        for path in corpus() if paths is None else paths:
            doc = load(path) if variant is None else variant(load(path))
            folder = Path(tmp) / path.stem
            folder.mkdir()
            by_profile.setdefault(profile_for(doc), []).append((path.stem, doc, build(doc, folder / workbook_name(doc))))
        results = []
        for group, (profile, items) in enumerate(by_profile.items()):
            if convert is not None:
                saved = convert([p for _, _, p in items], Path(tmp) / f"converted-{group}")
                items = [(label, doc, p) for (label, doc, _), p in zip(items, saved)]
            report = lint_paths([p for _, _, p in items], profile=profile,
                                ignore=[ignore] if ignore else None).to_json()
            results += [(label, doc, result) for (label, doc, _), result in zip(items, report["files"])]
    for label, doc, result in sorted(results, key=lambda r: r[0]):
        score_file(doc, result, score, label)
    return score


def main() -> None:
    score = measure()
    for line in score.misses:
        print(line)
    figures = score.figures()
    print(json.dumps({"documents": len(corpus()), "forms": score.forms, "spurious_forms": score.spurious,
                      "facts_keyed": score.facts,
                      "findings_keyed": score.keyed, "findings_reported": score.reported, **figures},
                     ensure_ascii=False))
    if "--update" in sys.argv:
        BASELINE.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
