"""The classic kit: perfxl's wheel built and installed offline, the Windows wheelhouse complete, install.py run."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfxl import __version__
from perfxl.cli import main
from perfxl.excel import winkit
from perfxl.excel.wheels import build_wheel, fill, missing, source_tree

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache"   # downloads kept between runs (gitignored): the network is used only when incomplete
HERE_PY = "{}.{}".format(*sys.version_info[:2])
WIN_PY = "3.11"
PINS = [f"xlwings=={version('xlwings')}"]
ROOTS = [f"perfxl[excel]=={__version__}", *PINS]
EXAMPLE = ROOT / "examples" / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"
OFFLINE = {"PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_RETRIES": "0",
           "PIP_TIMEOUT": "3", "PIP_FIND_LINKS": None, "PIP_EXTRA_INDEX_URL": None}   # no index is reachable


def offline(monkeypatch):
    for key, value in OFFLINE.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """What CI builds: perfxl's wheel from this source tree."""
    assert source_tree() == ROOT
    return build_wheel(ROOT, tmp_path_factory.mktemp("dist"))


def cached(folder: Path, wheel: Path, complete, download) -> Path:
    """A download cache with this run's perfxl wheel beside it while it is checked and filled."""
    folder.mkdir(parents=True, exist_ok=True)
    own = folder / wheel.name
    own.write_bytes(wheel.read_bytes())
    try:
        if not complete(folder):
            download(folder)
        assert complete(folder)
    finally:
        own.unlink()                     # the cache never holds a perfxl wheel: each run brings its own
    return folder


@pytest.fixture(scope="module")
def win_wheels(wheel):
    """Windows wheels of perfxl[excel]'s dependencies for CPython 3.11, downloaded once into .cache/."""
    return cached(CACHE / "wheels-win_amd64", wheel, lambda f: not missing(f, ROOTS, WIN_PY),
                  lambda f: fill(f, wheel, PINS, (WIN_PY,), None))


@pytest.fixture(scope="module")
def linux_wheels(wheel):
    """This machine's wheels of perfxl[excel]'s dependencies (the offline install is proved on Linux)."""
    def download(folder, offline=False):
        where = ["--no-index", "--find-links", str(folder)] if offline else []
        return subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "-d", str(folder),
                               *where, f"{folder / wheel.name}[excel]", *PINS], capture_output=True, text=True)

    return cached(CACHE / f"wheels-linux-cp{HERE_PY.replace('.', '')}", wheel,
                  lambda f: download(f, offline=True).returncode == 0, download)


def test_the_wheel_holds_every_module_its_data_and_the_command(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry = z.read(f"perfxl-{__version__}.dist-info/entry_points.txt").decode()
        meta = z.read(f"perfxl-{__version__}.dist-info/METADATA").decode()
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "perfxl").rglob("*") if p.is_file()
               and "__pycache__" not in p.parts}
    assert sources and sources <= names, sorted(sources - names)
    assert "perfxl = perfxl.entry:run" in entry
    assert 'Requires-Dist: xlwings>=0.30; extra == "excel"' in meta and 'Requires-Dist: packaging>=23; extra == "excel"' in meta
    assert "Requires-Dist: python-calamine" in meta


def test_install_script_installs_offline_and_the_installed_perfxl_runs_and_makes_the_kit(
        wheel, linux_wheels, win_wheels, tmp_path, monkeypatch):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "install.py").write_bytes(winkit.texts("zh", (HERE_PY,))["install.py"])
    (kit / "perfxl_check.xlsm").write_bytes(b"stands for the workbook")
    wheels = tmp_path / "wheels"      # this machine's wheelhouse and the wheel CI built, as a kit holds them
    wheels.mkdir()
    for src in [*linux_wheels.glob("*.whl"), wheel]:
        (wheels / src.name).symlink_to(src)
    offline(monkeypatch)                # the install must not need an index
    monkeypatch.delenv("PYTHONPATH", raising=False)
    target = tmp_path / "venv"
    done = subprocess.run([sys.executable, str(kit / "install.py"), "--wheels", str(wheels), "--target", str(target)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert done.returncode == 0 and f"安装完成：perfxl {__version__}" in done.stdout, done.stdout + done.stderr
    assert (kit / "xlwings.conf").read_bytes().decode() == f'"INTERPRETER_WIN","{target.resolve() / "bin" / "python"}"\r\n'

    perfxl = [str(target / "bin" / "perfxl")]
    where = subprocess.run([str(target / "bin" / "python"), "-c", "import perfxl; print(perfxl.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert where.stdout.startswith(str(target)), where        # the installed copy, not this source tree
    assert subprocess.run([*perfxl, "--version"], capture_output=True, text=True).stdout.strip().endswith(__version__)
    lint = subprocess.run([*perfxl, "lint", str(EXAMPLE), "--format", "json"], capture_output=True, text=True)
    ours = run("lint", EXAMPLE, "--format", "json")
    assert lint.returncode == ours.exit_code == 1 and lint.stdout == ours.output

    # an installed perfxl has no source tree: it needs the wheel given, and then makes the kit offline
    out = tmp_path / "kit2"
    refused = subprocess.run([*perfxl, "excel-addin", "-o", str(out), "--python", WIN_PY, "--wheelhouse", str(win_wheels)],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "这个 perfxl 是安装版" in refused.stderr and "--wheel" in refused.stderr, refused
    assert "Traceback" not in refused.stderr and not (out / "wheels").exists()
    made = subprocess.run([*perfxl, "excel-addin", "-o", str(out), "--python", WIN_PY, "--wheelhouse", str(win_wheels),
                           "--wheel", str(wheel)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert (out / "wheels" / wheel.name).read_bytes() == wheel.read_bytes() and not missing(out / "wheels", ROOTS, WIN_PY)
    # or finds its own version's wheel in the wheelhouse (an earlier kit's wheels folder holds it)
    again = subprocess.run([*perfxl, "excel-addin", "-o", str(tmp_path / "kit3"), "--python", WIN_PY,
                            "--wheelhouse", str(out / "wheels"), "--lang", "en"], capture_output=True, text=True)
    assert again.returncode == 0 and "gathering the Windows wheels" in again.stderr, again.stderr
    assert sorted(p.name for p in (tmp_path / "kit3" / "wheels").iterdir()) == sorted(p.name for p in (out / "wheels").iterdir())
    assert (tmp_path / "kit3" / "README.txt").exists() and b"Python 3.11" in (tmp_path / "kit3" / "install.bat").read_bytes()


def test_kit_holds_every_windows_wheel_and_the_installer(wheel, win_wheels, tmp_path):
    kit = winkit.write_kit(tmp_path / "kit", wheel=wheel, wheelhouse=win_wheels, pythons=(WIN_PY,))
    names = sorted(p.name for p in (kit / "wheels").iterdir())
    assert sorted(p.name for p in kit.iterdir()) == sorted(["install.bat", "install.py", "perfxl_check.py",
                                                            "perfxl_check.xlsm", "wheels", "xlwings.conf", "使用说明.txt"])
    assert (kit / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    # what pip on Linux leaves out, judging Windows-only markers by the machine it runs on
    assert any(n.startswith("pywin32-") and n.endswith("-cp311-cp311-win_amd64.whl") for n in names), names
    assert any(n.startswith("colorama-") for n in names), names
    assert f"xlwings-{version('xlwings')}-cp311-cp311-win_amd64.whl" in names
    assert all(n.endswith(("-none-any.whl", "-cp311-cp311-win_amd64.whl", "-abi3-win_amd64.whl")) for n in names), names
    assert missing(kit / "wheels", ROOTS, WIN_PY) == []
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--find-links", str(kit / "wheels"),
                          "--only-binary=:all:", "--platform", "win_amd64", "--python-version", WIN_PY, "--target",
                          str(tmp_path / "t"), "perfxl[excel]"], capture_output=True, text=True)
    assert pip.returncode == 0 and f"perfxl-{__version__}" in pip.stdout, pip.stderr

    bat = (kit / "install.bat").read_bytes()
    text = bat.decode("gbk")           # cmd.exe on Chinese Windows reads a batch file in GBK
    assert b"\r\n" in bat and b"\n" not in bat.replace(b"\r\n", b"")
    assert "for %%V in (3.11) do" in text and 'py -%%V-64 -c "pass"' in text and '"%~dp0install.py" %*' in text
    assert "未找到 Python 3.11" in text and "[(3,11)]" in text
    source = (kit / "install.py").read_text(encoding="utf-8")
    covered = next(n for n in ast.parse(source).body if isinstance(n, ast.AnnAssign) and n.target.id == "COVERED")
    assert ast.literal_eval(covered.value) == ("3.11",)
    assert (kit / "xlwings.conf").read_bytes() == b'"INTERPRETER_WIN","%LOCALAPPDATA%\\perfxl\\venv\\Scripts\\pythonw.exe"\r\n'
    guide = (kit / "使用说明.txt").read_bytes().decode("utf-8-sig")
    assert "双击 install.bat" in guide and f"perfxl {__version__}" in guide and "没有 Windows 和 Excel" in guide

    # the kit remade with --force from its own wheels folder: a wheel it no longer needs is the user's, kept
    spare = kit / "wheels" / "colorama-0.0.1-py2.py3-none-any.whl"
    spare.write_bytes(next((kit / "wheels").glob("colorama-*.whl")).read_bytes())
    winkit.write_kit(kit, force=True, wheel=wheel, wheelhouse=kit / "wheels", pythons=(WIN_PY,))
    assert spare.exists() and (kit / "wheels" / wheel.name).exists()


def test_an_incomplete_wheelhouse_or_no_network_is_a_message_and_writes_nothing(wheel, tmp_path, monkeypatch):
    offline(monkeypatch)
    empty, out = tmp_path / "empty", tmp_path / "kit"
    empty.mkdir()
    res = run("excel-addin", "-o", out, "--wheel", wheel, "--python", WIN_PY, "--wheelhouse", empty)
    assert res.exit_code == 2 and "缺少 Python 3.11（Windows 64 位）要用的安装包" in res.output, res.output
    res = run("excel-addin", "-o", out, "--wheel", wheel, "--python", WIN_PY)
    assert res.exit_code == 2 and "无法下载 Python 3.11" in res.output and "--wheelhouse" in res.output, res.output
    en = run("excel-addin", "-o", out, "--wheel", wheel, "--python", WIN_PY, "--lang", "en")
    assert en.exit_code == 2 and "cannot download the wheels Python 3.11" in en.output, en.output
    assert "Traceback" not in res.output + en.output and not out.exists()   # no add-in without its wheels


def test_missing_judges_markers_as_64_bit_windows_does(tmp_path):
    def whl(name, tags, *requires, python=""):
        dist, ver = name.split("-")
        with zipfile.ZipFile(tmp_path / f"{name}-{tags}.whl", "w") as z:
            z.writestr(f"{name}.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {dist}\nVersion: {ver}\n"
                       + (f"Requires-Python: {python}\n" if python else "")
                       + "".join(f"Requires-Dist: {r}\n" for r in requires))

    whl("app-1.0", "py3-none-any", 'win; platform_system == "Windows"', 'old; python_version < "3.12"',
        'mac; sys_platform == "darwin"', 'plus; extra == "x"', "dep>=2")
    whl("win-1.0", "cp311-cp311-manylinux_2_17_x86_64")        # a Linux build is no Windows wheel
    whl("dep-1.0", "py3-none-any")                              # too old for dep>=2
    assert missing(tmp_path, ["app"], "3.11") == ["dep>=2", "old", "win"]
    assert missing(tmp_path, ["app"], "3.12") == ["dep>=2", "win"]
    assert missing(tmp_path, ["app[x]"], "3.12") == ["dep>=2", "plus", "win"]
    whl("win-1.0", "cp312-cp312-win_amd64", "pywin32")
    whl("dep-2.0", "py3-none-any")
    assert missing(tmp_path, ["app"], "3.12") == ["pywin32"] and missing(tmp_path, ["app"], "3.11") == ["old", "win"]
    # a newer release fetched for 3.12 that 3.11 may not install: 3.11 keeps its own, and what that needs
    whl("dep-3.0", "py3-none-any", "only312", python=">=3.12")
    whl("pywin32-1.0", "cp312-cp312-win_amd64")
    assert missing(tmp_path, ["app"], "3.12") == ["only312"] and missing(tmp_path, ["app"], "3.11") == ["old", "win"]


def test_kit_options_are_checked_before_any_work(tmp_path):
    for args, said in ((("--lite", "--python", "3.11"), "--lite"), (("--python", "2.7"), "2.7"), (("--python", "3.10"), "3.11 及以后"),
                       (("--wheel", tmp_path / "x.whl"), "x.whl"), (("--wheelhouse", tmp_path / "none"), "none")):
        res = run("excel-addin", "-o", tmp_path / "kit", *args)
        assert res.exit_code == 2 and said in res.output and "Traceback" not in res.output, (args, res.output)
        assert "正在准备" not in res.output, (args, res.output)   # no "this may take minutes" before a refusal
    assert not (tmp_path / "kit").exists()
    res = run("excel-addin", "-o", tmp_path / "only", "--no-wheels")
    assert res.exit_code == 0 and sorted(p.name for p in (tmp_path / "only").iterdir()) == ["perfxl_check.py",
                                                                                             "perfxl_check.xlsm"]


def test_english_kit_and_several_pythons():
    files = winkit.texts("en", ("3.11", "3.12", "3.13"))
    bat = files["install.bat"].decode("ascii")
    assert "for %%V in (3.11 3.12 3.13) do" in bat and "[(3,11), (3,12), (3,13)]" in bat and "No Python 3.11 / 3.12 / 3.13" in bat
    assert "LANG = 'en'" in files["install.py"].decode() and "COVERED: tuple[str, ...] = ('3.11', '3.12', '3.13')" in files["install.py"].decode()
    guide = files["README.txt"].decode("utf-8-sig")
    assert "Double-click install.bat" in guide and "for Python 3.11 / 3.12 / 3.13" in guide and "使用说明.txt" not in files


def install(tmp_path, covered, *args):
    script = tmp_path / "install.py"
    script.write_bytes(winkit.texts("zh", covered)["install.py"])
    (tmp_path / "wheels").mkdir(exist_ok=True)
    return subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True, cwd=tmp_path)


def test_install_script_refuses_a_python_the_kit_has_no_wheels_for(tmp_path):
    done = install(tmp_path, ("3.19",), "--target", tmp_path / "venv")
    assert done.returncode == 1 and f"这个 Python（{HERE_PY}）不在套件支持的版本内（3.19）" in done.stdout, done
    assert not (tmp_path / "venv").exists()


def test_install_script_never_replaces_a_folder_that_is_not_an_environment(tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "自评表.xlsx").write_bytes(b"a clerk's file")
    done = install(tmp_path, (HERE_PY,), "--target", mine)
    assert done.returncode == 1 and "已存在且不是 Python 环境" in done.stdout, done
    assert [p.name for p in mine.iterdir()] == ["自评表.xlsx"] and (mine / "自评表.xlsx").read_bytes() == b"a clerk's file"


def test_xlwings_conf_names_the_interpreter_through_localappdata(monkeypatch, tmp_path):
    """VBA reads xlwings.conf in the ANSI code page: a user folder named in Chinese stays out of the file."""
    from perfxl.excel import winsetup

    local = tmp_path / "张三" / "AppData" / "Local"
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    assert winsetup.conf_text(local / "perfxl" / "venv" / "pythonw.exe") == \
        f'"INTERPRETER_WIN","%LOCALAPPDATA%{os.sep}perfxl{os.sep}venv{os.sep}pythonw.exe"\r\n'
    assert winsetup.conf_text(tmp_path / "elsewhere" / "python") == f'"INTERPRETER_WIN","{tmp_path}/elsewhere/python"\r\n'
