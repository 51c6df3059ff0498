"""openpyxl as perfxl needs it: imported without numpy, and writing fonts in the order Excel's SDK checks.

- numpy: openpyxl imports it when it is installed (pandas brings it) only to accept numpy scalars
  as cell values. perfxl writes Python numbers only (calamine's, its own sums; the `formulas`
  library's results are converted with .item()), so numpy is kept out while openpyxl's compat
  module loads, and importable again the moment after (pandas, formulas). That saves about
  0.1–0.15 s of each `perfxl new`, `consolidate`, `fix` or `--annotate` run.
- fonts: openpyxl writes a font's children as name, charset, family, b, … color, sz. The schema
  allows any order, but the Open XML SDK (Excel's own validator, and openxml-audit, which the
  tests run on every kind of workbook perfxl writes) requires b, i, … sz, color, name, family,
  charset, scheme, and reports every font otherwise."""

from __future__ import annotations

import sys
from importlib.machinery import PathFinder

# CT_Font's children in the Open XML SDK's order (DocumentFormat.OpenXml.Spreadsheet.Font)
SDK_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
                  "color", "name", "family", "charset", "scheme")


def _without_numpy(real, module) -> None:
    if "numpy" in sys.modules:  # already loaded by something else: nothing to save
        real.exec_module(module)
        return
    sys.modules["numpy"] = None  # `import numpy` raises ImportError, which openpyxl expects
    try:
        real.exec_module(module)
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]


def _fonts_in_sdk_order(real, module) -> None:
    real.exec_module(module)
    _reorder(module.Font)


def _reorder(font) -> None:
    if set(font.__elements__) == set(SDK_FONT_ORDER):  # the same children, only reordered
        font.__elements__ = SDK_FONT_ORDER


_HOOKS = {"openpyxl.compat.numbers": _without_numpy, "openpyxl.styles.fonts": _fonts_in_sdk_order}


class _Loader:
    """Wraps the real loader of one of those modules."""

    def __init__(self, real, hook):
        self.real, self.hook = real, hook

    def create_module(self, spec):
        return self.real.create_module(spec)

    def exec_module(self, module) -> None:
        self.hook(self.real, module)


class _Finder:
    """A meta-path finder for those modules; every other import goes on as usual."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        hook = _HOOKS.get(name)
        if hook is None:
            return None
        spec = PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _Loader(spec.loader, hook)
        return spec


def install() -> None:
    """Idempotent; costs nothing until openpyxl is imported."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
    fonts = sys.modules.get("openpyxl.styles.fonts")  # imported before perfxl: reorder it now
    if fonts is not None:
        _reorder(fonts.Font)
