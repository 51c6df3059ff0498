"""`perfxl lint`: discover workbooks, check each against the rules, run over the cores, report."""

from __future__ import annotations

from importlib import import_module

# Exported lazily: the CLI imports perfxl.lint.outputs for its --format choices, and that must not
# load the reader and the rules before a command runs.
_EXPORTS = {"SUFFIXES": ".discover", "expand": ".discover", "Linter": ".run", "iter_results": ".run",
            "lint_grids": ".run", "lint_paths": ".run"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
