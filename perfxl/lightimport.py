"""openpyxl imported without numpy: half of its import time, which every writing command pays.

openpyxl imports numpy when it is installed (pandas brings it) only to accept numpy scalars as
cell values. perfxl writes Python numbers only (calamine's, its own sums; the `formulas`
library's results are converted with .item()), so numpy is kept out while openpyxl's compat
module loads, and importable again the moment after (pandas, formulas). That saves about 0.1–0.15 s
of each `perfxl new`, `consolidate`, `fix` or `--annotate` run, measured by benchmarks/bench_start.py
and bench_consolidate.py."""

from __future__ import annotations

import sys
from importlib.machinery import PathFinder

_TARGET = "openpyxl.compat.numbers"


class _Loader:
    """Wraps the real loader of openpyxl.compat.numbers: numpy reads as absent while it runs."""

    def __init__(self, real):
        self.real = real

    def create_module(self, spec):
        return self.real.create_module(spec)

    def exec_module(self, module) -> None:
        if "numpy" in sys.modules:  # already loaded by something else: nothing to save
            self.real.exec_module(module)
            return
        sys.modules["numpy"] = None  # `import numpy` raises ImportError, which openpyxl expects
        try:
            self.real.exec_module(module)
        finally:
            if sys.modules.get("numpy", 0) is None:
                del sys.modules["numpy"]


class _Finder:
    """A meta-path finder for that one module; every other import goes on as usual."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != _TARGET:
            return None
        spec = PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Idempotent; costs nothing until openpyxl is imported."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
