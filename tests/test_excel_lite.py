"""The xlwings Lite main.py and requirements.txt, the Lite kit, and perfxl importing without compiled wheels."""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest
from test_excel_fakebook import JINZHAI, load_fake

from perfxl.errors import OutputExistsError
from perfxl.excel import functions as F
from perfxl.excel.adapter import RESULTS_SHEET
from perfxl.excel.kit import LITE, kit_files, write_lite_kit

TESTS = Path(__file__).resolve().parent

# A stand-in for the xlwings Lite decorators: they register what they decorate, as Lite does.
STUB = '''
registry = {"func": {}, "script": {}}


class Book:
    pass


def _named(kind, f, options):
    registry[kind][f.__name__] = {"fn": f, "options": options, "args": dict(getattr(f, "_args", {}))}
    return f


def func(f=None, **options):
    return _named("func", f, options) if f else (lambda g: _named("func", g, options))


def script(f=None, **options):
    return _named("script", f, options) if f else (lambda g: _named("script", g, options))


def arg(name, *converters, **options):
    def inner(f):
        f._args = {**getattr(f, "_args", {}), name: options}
        return f
    return inner


def ret(*converters, **options):
    return lambda f: f
'''


def stub_xlwings() -> types.ModuleType:
    module = types.ModuleType("xlwings")
    exec(STUB, module.__dict__)
    return module


@pytest.fixture
def lite_main(monkeypatch):
    xw = stub_xlwings()
    monkeypatch.setitem(sys.modules, "xlwings", xw)
    spec = importlib.util.spec_from_file_location("perfxl_lite_main", LITE / "main.py")
    main = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(main)
    return main, xw.registry, xw


def test_main_registers_two_scripts_with_chinese_captions(lite_main):
    main, registry, xw = lite_main
    assert {k: v["options"].get("name") for k, v in registry["script"].items()} == {
        "check_this_workbook": "检查本工作簿", "clear_this_workbook": "清除标记"}
    for entry in registry["script"].values():
        params = inspect.signature(entry["fn"]).parameters
        assert [p.annotation for p in params.values()] == [xw.Book]    # Lite hands over the book
        assert "检查结果" in main.check_this_workbook.__doc__ + main.clear_this_workbook.__doc__


def test_main_registers_every_function_with_argument_help(lite_main):
    main, registry, _ = lite_main
    assert {name.upper() for name in registry["func"]} == set(F.FUNCTIONS)
    for name, entry in registry["func"].items():
        fn, docs = F.FUNCTIONS[name.upper()]
        assert {a: o["doc"] for a, o in entry["args"].items()} == docs
        assert list(inspect.signature(entry["fn"]).parameters) == list(docs)
        assert entry["fn"].__doc__.strip()


def test_main_functions_delegate_to_the_scoring_rules(lite_main):
    main, _, _ = lite_main
    assert main.px_score("≤176.77万元", "186.816万元", 10) == 9.43
    assert main.px_score("100", "120", 10, "成本") == 8.0
    assert main.px_grade(100.37) == "优" and main.px_grade(75, "五级") == "合格"
    assert main.px_parse("≥5.26万人次") == [[52600.0, "人次"]]
    assert main.px_fundscore(176.77, 186.816) == 10.0 and main.px_band("未达成", 10) == [[0.0, 6.0]]
    assert round(main.px_rate(176.77, 186.816), 4) == 1.0568


def test_main_scripts_check_and_clear_a_lite_book(lite_main, capsys):
    main, _, _ = lite_main
    book = load_fake(JINZHAI, lite=True)
    before = {s.name: dict(s.colors) for s in book.sheets}
    asyncio.run(main.check_this_workbook(book))
    rows = book.sheets[RESULTS_SHEET].used_range.options(ndim=2).value
    assert rows[2][3] == "PX102" and len(rows) == 40 and book.round_trips > 0
    main.clear_this_workbook(book)
    assert {s.name: dict(s.colors) for s in book.sheets} == before
    out = capsys.readouterr().out
    assert "错误 14 项，警告 24 项" in out and "已恢复 37 个单元格的底色" in out


def test_requirements_name_only_wheels_pyodide_can_install():
    lines = [x.strip() for x in (LITE / "requirements.txt").read_text().splitlines() if x.strip()]
    assert lines == ["xlwings", "openpyxl"]       # perfxl itself comes from the uploaded personal folder


def test_kit_holds_main_requirements_and_the_package(tmp_path):
    files = kit_files()
    assert files["main.py"] == (LITE / "main.py").read_bytes()
    assert "personal/perfxl/lint/check.py" in files and "personal/perfxl/rules/px102.py" in files
    assert not any(k.endswith(("cli.py", "excel/classic.py", "excel/addin.py")) or "/lite/" in k for k in files)
    out = write_lite_kit(tmp_path / "kit")
    assert (out / "personal" / "perfxl" / "excel" / "check.py").exists()
    with pytest.raises(OutputExistsError):
        write_lite_kit(tmp_path / "kit")
    write_lite_kit(tmp_path / "kit", force=True)


BROWSER = '''
import asyncio, importlib.abc, importlib.util, json, sys
# What Pyodide lacks (_multiprocessing, fcntl, termios ...) and perfxl's compiled or unneeded
# dependencies: importing any of them fails here, as it would in xlwings Lite.
BLOCKED = {"python_calamine", "formulas", "pandas", "numpy", "click", "rich", "_multiprocessing",
           "fcntl", "termios", "resource", "grp", "pwd"}

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)")

for name in [m for m in sys.modules if m.split(".")[0] in BLOCKED]:
    del sys.modules[name]          # loaded by the interpreter at start-up: make them go through the block
sys.meta_path.insert(0, Blocked())
kit, stub, tests, mode = sys.argv[1:5]
sys.path[:0] = [kit + "/personal", stub, tests]
if mode == "control":
    try:
        import concurrent.futures.process  # noqa: F401
    except ModuleNotFoundError as exc:
        print(json.dumps({"control": str(exc)}))
    sys.exit(0)
import perfxl
spec = importlib.util.spec_from_file_location("main", kit + "/main.py")
main = importlib.util.module_from_spec(spec)
spec.loader.exec_module(main)
from test_excel_fakebook import JINZHAI, load_fake
book = load_fake(JINZHAI, lite=True)
asyncio.run(main.check_this_workbook(book))
rows = book.sheets["检查结果"].used_range.options(ndim=2).value
print(json.dumps({"perfxl": perfxl.__file__, "rows": len(rows), "first": rows[2][3],
                  "score": main.px_score("≥95%", "90%", 20),
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}))
'''


def _browser(tmp_path, mode):
    kit = write_lite_kit(tmp_path / "kit", force=True)
    stub = tmp_path / "stub" / "xlwings"
    stub.mkdir(parents=True, exist_ok=True)
    (stub / "__init__.py").write_text(STUB, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", BROWSER, str(kit), str(stub.parent), str(TESTS), mode],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1]), kit


def test_kit_runs_without_compiled_wheels_or_multiprocessing(tmp_path):
    control, _ = _browser(tmp_path, "control")
    assert "_multiprocessing" in control["control"]       # the block is real: the stdlib pool fails
    out, kit = _browser(tmp_path, "run")
    assert out["perfxl"].startswith(str(kit / "personal"))
    assert out["rows"] == 40 and out["first"] == "PX102" and out["score"] == 18.95
    assert out["loaded"] == []          # nothing Pyodide lacks was needed (the process pool is lazy)
