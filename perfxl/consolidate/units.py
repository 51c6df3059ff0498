"""Which unit a form counts under in the roll-up: the roster's 县区/单位 with --roster, else its
workbook's unit; a form naming another unit is a PX304 warning, never a county row of its own."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..forms.facts import facts, name_key, places, same_project
from ..forms.model import DEPARTMENT, SCORE_TABLE, TRANSFER
from ..xlsxio import clean_text

_LABELS = {DEPARTMENT: "预算部门名称", TRANSFER: "资金使用单位"}


@dataclass(frozen=True)
class Line:
    """A roster line as the roll-up needs it: the 县区/单位 it belongs to and the unit it names."""

    group: str
    unit: str
    project: str = ""


@dataclass
class RosterIndex:
    """The roster's lines by project (department forms by their unit): small, sent to every worker."""

    by_project: dict[str, list[Line]] = field(default_factory=dict)
    departments: list[Line] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)      # 县区/单位 in the roster's order

    @classmethod
    def of(cls, requests) -> RosterIndex:
        index = cls(groups=list(dict.fromkeys(r.group for r in requests)))
        for r in requests:
            line = Line(r.group, r.unit or r.group, r.project or "")
            if r.kind == DEPARTMENT:
                index.departments.append(line)
            else:
                index.by_project.setdefault(name_key(r.project), []).append(line)
        return index

    def line(self, form, own: str, file_places: frozenset) -> Line | None:
        """The roster line a form answers: by project (a department form by its unit, or by the
        place in its file name); of several lines, the one naming the form's unit or place."""
        if form.kind == DEPARTMENT:
            lines = self.departments
        else:
            # of one name, the lines whose budget code is not another's (the form's name with its code)
            lines = [x for x in self.by_project.get(name_key(form.project), [])
                     if same_project(x.project, form.project)]
        named = [x for x in lines if own and own in (name_key(x.unit), name_key(x.group))]
        if named:
            return named[0]
        where = places(own) | file_places
        placed = [x for x in lines if (places(x.unit) | places(x.group)) & where]
        if placed:
            return placed[0]
        return lines[0] if lines and form.kind != DEPARTMENT else None


def workbook_unit(forms, path: str) -> str:
    """The unit a workbook speaks for: the one most of its forms name (a tie: the one whose place
    is in the file name, else the first named), else the file's name."""
    spelled: dict[str, str] = {}
    counts: Counter = Counter()
    for f in forms:
        name = facts(f).unit if f.kind != SCORE_TABLE else ""
        key = name_key(name)
        if key:
            spelled.setdefault(key, name)
            counts[key] += 1
    if not counts:
        return clean_text(Path(path).stem).strip() or Path(path).name
    top = max(counts.values())
    best = [k for k in spelled if counts[k] == top]        # in the order first named
    file_places = places(Path(path).name)
    placed = [k for k in best if places(k) & file_places]
    return spelled[(placed or best)[0]]


def assign(forms, result, roster: RosterIndex | None = None) -> list[str]:
    """The unit each form (by its index) counts under; a PX304 warning added to result for every
    form whose own unit name differs from it (unless PX304 already points at that cell)."""
    file_places = places(Path(result.path).name)
    own = [name_key(facts(f).unit) if f.kind != SCORE_TABLE else "" for f in forms]
    lines = [roster.line(f, o, file_places) if roster else None for f, o in zip(forms, own)]
    fallback = workbook_unit(forms, result.path)
    if roster is not None:
        matched = Counter(x.group for x in lines if x is not None).most_common(1)
        placed = [g for g in roster.groups if places(g) & file_places]
        fallback = matched[0][0] if matched else placed[0] if placed else fallback
    groups = [x.group if x is not None else fallback for x in lines]
    flagged = {(x.sheet, x.cell) for x in result.findings if x.rule == "PX304"}
    for form, name, line, group in zip(forms, own, lines, groups):
        expected = {name_key(group)} | ({name_key(line.unit)} if line else set())
        if form.kind == SCORE_TABLE or not name or name in expected:
            continue
        cell = form.fields.get("unit") or form.fields.get("dept")
        if cell is None or (form.sheet, cell.cell) in flagged:
            continue
        result.findings.append(_finding(form, cell, group, line.unit if line else None))
    return groups


def _finding(form, cell, group: str, roster_unit: str | None) -> Finding:
    label = _LABELS.get(form.kind, "实施单位") if "unit" in form.fields else "主管部门"
    if roster_unit is not None:
        why = f"与名单中的“{roster_unit}”不一致，汇总时计入“{group}”"
        why_en = f"differs from the roster ('{roster_unit}'); counted under '{group}' in the roll-up"
    else:
        why = f"与本工作簿的单位（{group}）不一致，汇总时计入“{group}”"
        why_en = f"differs from this workbook's unit ({group}); counted under '{group}' in the roll-up"
    actual = str(cell.raw).strip()
    return Finding("PX304", "warning", form.sheet, cell.cell,
                   {"label": label, "actual": actual, "expected": group, "cell": cell.cell, "why": why,
                    "why_en": why_en}, group, actual, form.index)
