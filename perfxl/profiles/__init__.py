"""Scoring profiles: what provinces choose differently (method, weights, thresholds, grades), as data files."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..i18n import msg
from ..scoring import METHODS
from ..vocabulary import GRADE_SCALES

HERE = Path(__file__).resolve().parent
DEFAULT = "national"
PARTS = ("funding", "产出", "成本", "效益", "满意度", "指标")  # what a scheme may give points to
THRESHOLDS = {"execution": 0.90, "budget_change": 0.20, "far": 1.30}
KEYS = {"name", "title", "method", "grade_scale", "thresholds", "schemes", "sources"}


@dataclass(frozen=True)
class Scheme:
    """One accepted split of the 100 points: part -> points (funding, 产出, 成本, 效益, 满意度, 指标)."""

    name: str
    weights: tuple[tuple[str, float], ...]

    def get(self, part: str) -> float | None:
        return dict(self.weights).get(part)


@dataclass(frozen=True)
class Profile:
    """A province's choices (docs/profiles.md); the national one is the default of every run."""

    name: str
    title: str = ""
    method: str = "national"          # PX206
    grade_scale: str = "national"     # computed grades
    execution: float = 0.90           # PX105
    budget_change: float = 0.20       # PX106
    far: float = 1.30                 # PX205
    schemes: tuple[Scheme, ...] = ()  # PX119
    sources: tuple[tuple[str, str], ...] = field(default=())  # (url, what it shows)
    path: str = ""

    def with_method(self, method: str | None) -> Profile:
        """The profile with --scoring's method in place of its own (None: its own)."""
        if method is None or method == self.method:
            return self
        return Profile(**{**self.__dict__, "method": method})


def builtin() -> dict[str, Path]:
    """The profiles shipped with perfxl: their name -> file (national first, then by name)."""
    found = {}
    for path in sorted(HERE.glob("*.toml")):
        found[read(path).name] = path
    return dict(sorted(found.items(), key=lambda kv: (kv[0] != DEFAULT, kv[0])))


def resolve(spec: str | Path | None, base: Path | None = None) -> Profile:
    """A profile by name (national, 四川, or its file's stem: sichuan) or by the path of a .toml file;
    base is the folder a relative path is read from (a perfxl.toml's own folder)."""
    if spec is None or str(spec).strip() == "":
        return national()
    text = str(spec).strip()
    if text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        return read(path if path.is_absolute() or base is None else base / path)
    for name, path in builtin().items():
        if text in (name, path.stem):
            return read(path)
    raise InputError(msg("profile_unknown", name=text, known="、".join(builtin())))


def national() -> Profile:
    return read(HERE / f"{DEFAULT}.toml")


@lru_cache(maxsize=32)
def read(path: Path) -> Profile:
    """A profile file, checked: every problem is a message naming the file and the key (exit 2)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(msg("profile_unreadable", path=str(path), why=str(exc))) from None
    problems = []

    def bad(key: str, problem: str, problem_en: str) -> None:
        problems.append(msg("profile_bad", path=str(path), field=key, problem=problem, problem_en=problem_en))

    for key in sorted(set(data) - KEYS):
        known = ", ".join(sorted(KEYS))
        bad(key, f"不是评分方案的项（可用：{known}）", f"is not a profile key (known: {known})")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        bad("name", "须为非空文字", "must be a non-empty text")
    method = data.get("method", "national")
    if method not in METHODS:
        bad("method", f"须为 {' / '.join(METHODS)} 之一", f"must be one of {' / '.join(METHODS)}")
    scale = data.get("grade_scale", "national")
    if scale not in GRADE_SCALES:
        bad("grade_scale", f"须为 {' / '.join(GRADE_SCALES)} 之一", f"must be one of {' / '.join(GRADE_SCALES)}")
    thresholds = data.get("thresholds", {})
    values = dict(THRESHOLDS)
    if not isinstance(thresholds, dict):
        bad("thresholds", "须为表 [thresholds]", "must be a table [thresholds]")
        thresholds = {}
    for key, value in thresholds.items():
        if key not in THRESHOLDS:
            known = ", ".join(THRESHOLDS)
            bad(f"thresholds.{key}", f"未知（可用：{known}）", f"is unknown (known: {known})")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or value < 0 or (key != "far" and value > 1) or (key == "far" and value < 1):
            bad(f"thresholds.{key}", "须为数：execution、budget_change 在 0 到 1 之间（0.9 即 90%），far 不小于 1",
                "must be a number: execution and budget_change between 0 and 1 (0.9 is 90%), far at least 1")
        else:
            values[key] = float(value)
    schemes = _schemes(data.get("schemes", []), bad)
    sources = _sources(data.get("sources", []), bad)
    if problems:
        raise InputError(*problems)
    return Profile(name.strip(), str(data.get("title", "")), method, scale, values["execution"],
                   values["budget_change"], values["far"], schemes, sources, str(path))


def _schemes(raw, bad) -> tuple[Scheme, ...]:
    if not isinstance(raw, list):
        bad("schemes", "须写成 [[schemes]]（列表）", "must be written [[schemes]] (a list)")
        return ()
    out = []
    for i, entry in enumerate(raw, start=1):
        where = f"schemes[{i}]"
        weights = entry.get("weights") if isinstance(entry, dict) else None
        if not isinstance(weights, dict) or not weights:
            table = '{ funding = 10, "产出" = 50, "效益" = 30, "满意度" = 10 }'
            bad(f"{where}.weights", f"须为表，如 {table}", f"must be a table such as {table}")
            continue
        parts = []
        for part, points in weights.items():
            if part not in PARTS:
                known = ", ".join(PARTS)
                bad(f"{where}.weights.{part}", f"未知（可用：{known}）", f"is unknown (known: {known})")
            elif isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 <= points <= 100:
                bad(f"{where}.weights.{part}", "须为 0 到 100 之间的分值", "must be points between 0 and 100")
            else:
                parts.append((part, float(points)))
        total = sum(p for _, p in parts)
        if len(parts) == len(weights) and abs(total - 100) > 1e-6:
            bad(f"{where}.weights", f"合计须为100分（现为{total:g}）", f"must add up to 100 (they add up to {total:g})")
        out.append(Scheme(str(entry.get("name", "")), tuple(parts)))
    return tuple(out)


def _sources(raw, bad) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list):
        bad("sources", "须写成 [[sources]]（列表）", "must be written [[sources]] (a list)")
        return ()
    out = []
    for i, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("shows", ""), str) \
                or not isinstance(entry.get("url", ""), str):
            table = '{ url = "…", shows = "…" }'
            bad(f"sources[{i}]", f"须为表 {table}", f"must be a table {table}")
            continue
        out.append((entry.get("url", ""), entry.get("shows", "")))
    return tuple(out)
