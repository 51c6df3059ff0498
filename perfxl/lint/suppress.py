"""Suppression: findings a reviewer accepted, by a cell comment (perfxl: 忽略 PX205 原因…) or by
[[suppress]] entries of perfxl.toml; still reported, with the reason, never counted."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import PurePath

from ..findings import Finding

# perfxl: 忽略 PX205,PX202 原因… / perfxl: ignore PX205 reason… (full-width colon and commas too)
_COMMENT = re.compile(r"perfxl\s{0,8}[:：]\s{0,8}(?:忽略|ignore)\s{0,8}"
                      r"(PX\d{3}(?:\s{0,4}[,，、;；]?\s{0,4}PX\d{3}){0,50})(.*)", re.IGNORECASE | re.DOTALL)
_REASON_WORD = re.compile(r"^\s*(?:原因|理由|reason)?\s*[:：,，。.;；\-—]*\s*", re.IGNORECASE)
_CODE = re.compile(r"PX\d{3}", re.IGNORECASE)
CELL = re.compile(r"[A-Z]{1,3}[1-9]\d{0,6}")
KEYS = {"file", "sheet", "cell", "rule", "reason"}


@dataclass
class Suppression:
    """Findings of `rules` where file, sheet and cell match (None matches any) are accepted for `reason`."""

    rules: tuple[str, ...]
    reason: str
    kind: str = "external"           # SARIF: "inSource" (a cell comment) or "external" (perfxl.toml)
    file: str | None = None          # a glob on the workbook's file name
    sheet: str | None = None
    cell: str | None = None
    origin: str = ""                 # where it was written: the workbook, or perfxl.toml and its entry
    used: bool = field(default=False, compare=False)

    def matches(self, name: str, x: Finding) -> bool:
        return (x.rule in self.rules and (self.sheet is None or self.sheet == x.sheet)
                and (self.cell is None or self.cell == (x.cell or "").upper())
                and (self.file is None or fnmatchcase(PurePath(name).name, self.file)))

    def to_json(self) -> dict:
        return {"source": "comment" if self.kind == "inSource" else "perfxl.toml", "origin": self.origin,
                "file": self.file, "sheet": self.sheet, "cell": self.cell, "rules": list(self.rules),
                "reason": self.reason}


def parse_comment(text: str) -> tuple[tuple[str, ...], str] | None:
    """(codes, reason) of a comment that suppresses; None for any other comment."""
    m = _COMMENT.search(text or "")
    if not m:
        return None
    codes = tuple(dict.fromkeys(c.upper() for c in _CODE.findall(m.group(1))))
    reason = _REASON_WORD.sub("", m.group(2).strip(), count=1).strip()
    return codes, reason


def from_comments(comments: dict, shown: str) -> list[Suppression]:
    """The suppressions of a workbook's cell comments ((sheet, A1) -> text), in sheet and cell order."""
    out = []
    for (sheet, cell), text in comments.items():
        parsed = parse_comment(text)
        if parsed:
            out.append(Suppression(parsed[0], parsed[1], "inSource", None, sheet, cell.upper(), shown))
    return out


def apply(findings: list[Finding], suppressions: list[Suppression], name: str) -> list[int]:
    """Mark the findings of a file (name: its path as shown) that a suppression matches; the first wins.
    Returns the indexes of the suppressions that matched: a worker process's copies are marked used,
    the run's own are marked by `unused` from these indexes."""
    matched: list[int] = []
    for x in findings:
        if x.suppressed is not None:
            continue
        for i, s in enumerate(suppressions):
            if s.matches(name, x):
                x.suppressed = {"reason": s.reason, "kind": s.kind}
                s.used = True
                if i not in matched:
                    matched.append(i)
                break
    return matched


def unused(suppressions: list[Suppression], results) -> list[dict]:
    """The suppressions of perfxl.toml that matched no finding of any file (FileResult.matched)."""
    hit = {i for r in results for i in r.matched}
    return [s.to_json() for i, s in enumerate(suppressions) if not s.used and i not in hit]


def entries(data: object, path: str) -> tuple[list[Suppression], list[tuple[int, str, str]]]:
    """The [[suppress]] entries of one perfxl.toml, and its problems as (entry number, zh, en)."""
    from ..rules import load_all

    known = load_all()
    if not isinstance(data, list):
        return [], [(0, "须写成 [[suppress]] 表的数组", "must be an array of tables, [[suppress]]")]
    out, problems = [], []
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict):
            problems.append((n, "须是表（键 = 值）", "must be a table (key = value)"))
            continue
        keys = sorted(KEYS)
        found = [(f"未知的键“{k}”（可用：{'、'.join(keys)}）", f"unknown key '{k}' (known: {', '.join(keys)})")
                 for k in entry if k not in KEYS]
        for key in ("file", "sheet", "cell", "reason"):
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                found.append((f"“{key}”须是非空文字", f"'{key}' must be non-empty text"))
        rule = entry.get("rule")
        codes = [rule] if isinstance(rule, str) else rule if isinstance(rule, list) else None
        if not codes or not all(isinstance(c, str) for c in codes):
            found.append(("缺少“rule”（规则代码，如 \"PX205\"，或其列表）",
                          "'rule' is missing (a rule code such as \"PX205\", or a list of them)"))
            codes = []
        codes = [c.strip().upper() for c in codes]
        found += [(f"“{c}”不是规则代码（perfxl rules 列出全部）", f"'{c}' is not a rule code (perfxl rules lists them)")
                  for c in codes if c not in known]
        if "reason" not in entry:
            found.append(("缺少“reason”（为何接受）", "'reason' is missing (why it is accepted)"))
        cell = entry.get("cell")
        if isinstance(cell, str) and not CELL.fullmatch(cell.strip().upper()):
            found.append((f"“{cell}”不是单元格地址（如 F14）", f"'{cell}' is not a cell address (such as F14)"))
        problems += [(n, zh, en) for zh, en in found]
        if not found:
            out.append(Suppression(tuple(dict.fromkeys(codes)), entry["reason"].strip(), "external",
                                   entry.get("file"), entry.get("sheet"),
                                   entry["cell"].strip().upper() if "cell" in entry else None,
                                   f"{path} [[suppress]] #{n}"))
    return out, problems
