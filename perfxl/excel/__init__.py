"""perfxl inside Excel: xlwings Lite scripts and functions, classic xlwings UDFs and the .xlsm add-in."""

import sys
import types


def _pyodide_shim() -> None:
    # Pyodide (xlwings Lite) ships no _multiprocessing, so `from concurrent.futures import
    # ProcessPoolExecutor` (perfxl.lint.engine) fails to import there. A placeholder lets the import
    # succeed; perfxl never starts a process pool for an open workbook. Pyodide's maintainers suggest
    # the same (pyodide#1603). Where the module exists, nothing changes.
    try:
        import _multiprocessing  # noqa: F401
    except ImportError:
        sys.modules["_multiprocessing"] = types.ModuleType("_multiprocessing")


_pyodide_shim()
