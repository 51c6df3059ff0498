"""A finding: one problem at one cell of one form, and the message catalog it is rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field

# code -> (Chinese template, English template), filled by the rule registry as rules register:
# a finding knows its code, never the rule module, so this layer imports nothing above it.
MESSAGES: dict[str, tuple[str, str]] = {}
_LOADERS: list = []  # called once when a code is missing (rules imported lazily, or in workers only)


def on_missing_messages(loader) -> None:
    """Register the function that fills MESSAGES (the rule registry's load_all)."""
    if loader not in _LOADERS:
        _LOADERS.append(loader)


@dataclass(slots=True)
class Finding:
    """One problem at one cell; `form` is the index of its form in the file's forms (None: the file)."""

    rule: str
    severity: str
    sheet: str | None
    cell: str | None
    params: dict = field(default_factory=dict)
    expected: object = None
    actual: object = None
    form: int | None = None
    suppressed: dict | None = None  # {"reason": …} when a reviewer accepted it

    def message(self, lang: str = "zh") -> str:
        if self.rule not in MESSAGES:
            for load in _LOADERS:
                load()
        zh, en = MESSAGES.get(self.rule, (self.rule, self.rule))
        template = en if lang == "en" else zh
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template
