"""The rule catalog rendered from the registry: `perfxl rules` and docs/rules.md."""

from __future__ import annotations

import re

from . import load_all

SEVERITY = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}


def title(message: str) -> str:
    """A message template read as a title: its placeholders ({why}, {n:g}) shown as "…"."""
    return re.sub(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}", "…", message)


def catalog_lines(lang: str = "zh") -> list[str]:
    return [f"{code}  {SEVERITY[lang][r.severity]:<7} {title(r.message_en if lang == 'en' else r.message)}"
            for code, r in load_all().items()]


def explain(code: str, lang: str = "zh") -> str | None:
    rule = load_all().get(code.upper())
    if rule is None:
        return None
    if lang == "en":  # the docstring: the anti-pattern and its fix
        return f"{rule.code} ({rule.severity})\n{title(rule.message_en)}\n\n{rule.explanation}\n"
    return f"{rule.code}（{SEVERITY[lang][rule.severity]}）\n{title(rule.message)}\n\n怎么改：{rule.fix_zh}\n"


def markdown() -> str:
    """docs/rules.md: generated, never edited by hand (a test keeps it in step with the code)."""
    out = ["# perfxl lint rules", "",
           "Generated from the rule registry by `perfxl rules --markdown`; do not edit by hand.", "",
           "| code | severity | message | message (en) |", "|---|---|---|---|"]
    rules = load_all()
    for code, r in rules.items():
        out.append(f"| [{code}](#{code.lower()}) | {r.severity} | {title(r.message)} | {title(r.message_en)} |")
    for code, r in rules.items():
        out += ["", f"## {code}", "", f"**{title(r.message)}** — {title(r.message_en)}", "",
                f"Severity: {r.severity}.", ""]
        out += [line for line in r.explanation.splitlines()]
        out += ["", f"怎么改：{r.fix_zh}"]
    return "\n".join(out) + "\n"
