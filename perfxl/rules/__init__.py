"""The rule catalog (docs/rules.md, generated from it): one module per rule, collected into a registry."""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
from collections.abc import Iterable, Iterator

from ..errors import UsageError
from ..findings import MESSAGES, Finding, on_missing_messages
from ..i18n import msg

CODE = re.compile(r"^PX\d{3}$")
SEVERITIES = ("error", "warning")


class RegistryError(ValueError):
    """A rule module breaks the catalog's conventions (a bug, caught at import)."""


class Rule:
    """Base of every rule: a code, a severity, a message (docstring line 1) and a check."""

    code = ""
    severity = "error"
    scope = "form"  # form: check(form, ctx); book: check_book(forms, ctx); file, engine: reported by the engine
    kinds: tuple[str, ...] = ("project", "transfer", "department", "score_table")
    message_en = ""
    fix_zh = ""  # what a clerk does about a finding, in Chinese (English: the docstring's Fix)

    @property
    def message(self) -> str:
        return (self.__doc__ or "").strip().splitlines()[0]

    @property
    def explanation(self) -> str:
        return "\n".join(line.strip() for line in (self.__doc__ or "").strip().splitlines()[1:]).strip()

    def fix(self, lang: str = "zh") -> str:
        """What to do about a finding: fix_zh, or in English the docstring's Fix paragraph."""
        if lang != "en":
            return self.fix_zh
        _, _, tail = self.explanation.partition("Fix:")
        return " ".join(tail.split("\n\n")[0].split())

    def check(self, form, ctx) -> Iterable[Finding]:  # pragma: no cover - overridden
        return ()

    def check_book(self, forms, ctx) -> Iterable[Finding]:
        return ()

    def at(self, form, cell, expected=None, actual=None, **params) -> Finding:
        """A finding of this rule on a form (or a sheet name, for findings of no one form) at a cell."""
        cell = getattr(cell, "cell", cell)
        params.setdefault("expected", _show(expected))
        params.setdefault("actual", _show(actual))
        params.setdefault("cell", cell)
        sheet, index = (form, None) if form is None or isinstance(form, str) else (form.sheet, form.index)
        return Finding(self.code, self.severity, sheet, cell, params, _plain(expected), _plain(actual), index)


def _plain(value):
    if isinstance(value, float):  # JSON has no Infinity (1e308 ÷ 1e-300 in a crafted file): null
        return round(value, 6) if math.isfinite(value) else None
    return value


def _show(value) -> str:
    if isinstance(value, float):
        return number_text(value)
    return "" if value is None else str(value)


def number_text(value: float) -> str:
    """A number for a message: up to 4 decimals, no trailing zeros; a crafted 1e308 as 1e+308, not
    309 digits (and inf as inf)."""
    if not abs(value) < 1e15:
        return f"{value:g}"
    return f"{value:.4f}".rstrip("0").rstrip(".")


def percent_text(value: float, places: int = 0, sign: str = "") -> str:
    """A fraction as a percent for a message (sign "+": always signed); one past a million times
    (a crafted 1e308 over 640) in three digits, 1.56e+307%."""
    if not abs(value) < 1e6:
        return f"{value * 100:{sign}.3g}%"
    return f"{value:{sign}.{places}%}"


REGISTRY: dict[str, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry, rejecting duplicate or malformed codes."""
    code = cls.code
    if not CODE.match(code or ""):
        raise RegistryError(f"rule code {code!r} is not of the form PX000")
    if code in REGISTRY:
        raise RegistryError(f"rule code {code} registered twice")
    if cls.severity not in SEVERITIES:
        raise RegistryError(f"{code}: severity must be one of {SEVERITIES}")
    doc = (cls.__doc__ or "").strip().splitlines()
    if not doc or not cls.message_en or "Anti-pattern" not in (cls.__doc__ or "") or "Fix" not in cls.__doc__:
        raise RegistryError(f"{code}: needs a docstring (message, Anti-pattern, Fix) and message_en")
    if not cls.fix_zh:
        raise RegistryError(f"{code}: needs fix_zh, what a clerk does about it in Chinese")
    REGISTRY[code] = rule = cls()
    MESSAGES[code] = (rule.message, rule.message_en)
    return cls


_LOADED: list[bool] = []  # every module imported (one imported alone must not stop the others)


def load_all() -> dict[str, Rule]:
    """Import every rule module once; the registry in code order."""
    if not _LOADED:
        for info in pkgutil.iter_modules(__path__):
            if CODE.match(info.name.upper()):
                importlib.import_module(f"{__name__}.{info.name}")
        _LOADED.append(True)
    return dict(sorted(REGISTRY.items()))


on_missing_messages(load_all)


def fix(code: str, lang: str = "zh") -> str:
    """What to do about a finding of this rule ("" for an unknown code)."""
    rule = load_all().get(code)
    return rule.fix(lang) if rule is not None else ""


def check_codes(option: str, codes: Iterable[str] | None) -> None:
    """UsageError (exit 2) naming the valid codes and prefixes when a code selects no rule (as ruff does)."""
    known = load_all()
    bad = [c for c in (codes or []) if not any(k.startswith(c.strip().upper()) for k in known)]
    if bad:
        prefixes = ["PX"] + sorted({k[:3] for k in known})
        raise UsageError(msg("unknown_codes", option=option, codes=", ".join(bad), prefixes=", ".join(prefixes),
                             all=", ".join(known)))


def selected(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> Iterator[Rule]:
    """Rules whose code starts with a selected prefix and with no ignored prefix (as ruff does)."""
    sel = [s.upper() for s in (select or [])]
    ign = [s.upper() for s in (ignore or [])]
    for code, rule in load_all().items():
        if sel and not any(code.startswith(s) for s in sel):
            continue
        if any(code.startswith(i) for i in ign):
            continue
        yield rule
