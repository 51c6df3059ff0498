"""`perfxl excel-addin`: the classic kit, perfxl_check.xlsm with the Windows wheels and an offline installer."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from importlib.metadata import version as installed
from pathlib import Path

from .. import __version__
from ..atomic import TAG, check_writable, output_folder, write_atomic
from ..errors import OutputExistsError, UsageError
from ..i18n import msg
from . import winsetup
from .addin import NAME, template_path, write_addin
from .wheels import PYTHONS, fill, find_wheel

VENV = r"%LOCALAPPDATA%\perfxl\venv"     # winsetup.default_target() on Windows
README = {"zh": "使用说明.txt", "en": "README.txt"}

BAT = {"zh": r"""@echo off
rem perfxl 离线安装：用本机的 Python {versions} 建立环境，只从 wheels 文件夹安装，不联网。
rem 本文件以 GBK 编码保存（中文 Windows 的命令提示符按它读取）。
setlocal
cd /d "%~dp0"
set "PY="
{find}
if defined PY goto install
echo 未找到 Python {versions}（64 位）。请先用 python.org 的 Windows 安装包装好其中之一，再双击 install.bat。
pause
exit /b 1
:install
echo 使用 %PY%
%PY% "%~dp0install.py" %*
set "RC=%ERRORLEVEL%"
pause
exit /b %RC%
""", "en": r"""@echo off
rem perfxl offline install: an environment made with this computer's Python {versions}, from the wheels folder only.
setlocal
cd /d "%~dp0"
set "PY="
{find}
if defined PY goto install
echo No Python {versions} - 64-bit - found. Install one with python.org's Windows installer, then run install.bat again.
pause
exit /b 1
:install
echo Using %PY%
%PY% "%~dp0install.py" %*
set "RC=%ERRORLEVEL%"
pause
exit /b %RC%
"""}

FIND = """for %%V in ({versions}) do (
  if not defined PY (
    py -%%V-64 -c "pass" >nul 2>nul
    if not errorlevel 1 set "PY=py -%%V-64"
  )
)
if not defined PY (
  python -c "import sys; sys.exit(0 if sys.version_info[:2] in [{tuples}] and sys.maxsize > 2**32 else 1)" >nul 2>nul
  if not errorlevel 1 set "PY=python"
)"""

GUIDE = {"zh": """perfxl 绩效自评表检查 — Excel 加载项（经典 xlwings，Windows）离线安装包

本文件夹：
  perfxl_check.xlsm    带“运行”按钮的检查工作簿
  perfxl_check.py      它调用的 Python 模块（与 .xlsm 放在一起，文件名不要改）
  xlwings.conf         告诉 perfxl_check.xlsm 用哪个 Python（install.bat 会写好）
  install.bat          离线安装（双击运行；它调用 install.py）
  wheels\\              perfxl {version}、xlwings {xlwings} 及全部依赖的 Windows 64 位安装包，适用于 Python {versions}

每台电脑做一次（不需要联网）：
0. 先把整个文件夹拷到本机（是压缩包时先解压），不要在压缩包或光盘里直接运行。
1. 装好 Python {versions} 之一（64 位）。没有时，用从 python.org 下载的 Windows 安装包
   （如 python-3.11.9-amd64.exe，需另外拷来；它本身不用联网）安装，保留默认勾选的 py launcher。
2. 双击 install.bat。它在 {venv} 建立独立的 Python 环境，只从 wheels 文件夹安装 perfxl 和 xlwings
  （不联网，不改动本机其他 Python），并写好本文件夹的 xlwings.conf。看到“安装完成”即可。
   装到别处：在本文件夹打开命令提示符，运行 install.bat --target D:\\perfxl-env
3. Excel → 文件 → 选项 → 信任中心 → 信任中心设置 → 宏设置：启用宏；要用工作表函数时再勾选
   “信任对 VBA 工程对象模型的访问”。

每次检查：先打开要检查的工作簿，再打开 perfxl_check.xlsm，“操作”选“检查”，点“运行”。
结果写在被检查工作簿的“检查结果”表；“清除标记”恢复原样。
perfxl_check.xlsm、perfxl_check.py、xlwings.conf 三个文件须在同一文件夹（整个文件夹可以挪走）。
命令行检查：{venv}\\Scripts\\perfxl.exe lint 自评表.xlsx
卸载：删除 {venv} 文件夹。

说明：本套件在没有 Windows 和 Excel 的机器上生成和测试；install.bat 和 Excel 里的按钮尚未在真实的
Windows 和 Excel 上运行过。遇到问题，请把 install.bat 窗口里的文字发给信息员。
""", "en": """perfxl — the Excel add-in (classic xlwings, Windows), offline kit

This folder:
  perfxl_check.xlsm    the checking workbook with its 运行 (Run) button
  perfxl_check.py      the Python module it calls (keep it beside the .xlsm, names unchanged)
  xlwings.conf         which Python perfxl_check.xlsm runs (install.bat writes it)
  install.bat          the offline installer (double-click; it runs install.py)
  wheels\\              Windows 64-bit wheels of perfxl {version}, xlwings {xlwings} and every dependency, for Python {versions}

Once per computer (no network needed):
0. Copy the whole folder to the computer first (unzip it if zipped); do not run it from inside a zip.
1. Have Python {versions} (64-bit). If there is none, install one with python.org's Windows installer
   (e.g. python-3.11.9-amd64.exe, brought along; it needs no network), keeping the py launcher ticked.
2. Double-click install.bat. It makes its own Python environment in {venv}, installs perfxl and xlwings
   from the wheels folder only (offline; other Pythons untouched) and writes xlwings.conf here.
   Elsewhere: install.bat --target D:\\perfxl-env from a command prompt in this folder.
3. Excel: File > Options > Trust Center > Trust Center Settings > Macro Settings: enable macros; for the
   worksheet functions also tick "Trust access to the VBA project object model".

To check: open the workbook to check, then perfxl_check.xlsm, choose 检查 and click 运行. Findings go to
a 检查结果 sheet in the checked workbook; 清除标记 undoes the marks. Keep perfxl_check.xlsm,
perfxl_check.py and xlwings.conf in one folder (the folder may move).
Command line: {venv}\\Scripts\\perfxl.exe lint form.xlsx
Uninstall: delete {venv}.

Note: this kit was built and tested on a machine without Windows or Excel; install.bat and the Excel
button have not been run on real Windows or Excel.
"""}


def pythons_of(raw: tuple[str, ...]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(raw or PYTHONS))
    bad = [p for p in out if not re.fullmatch(r"3\.(1[1-9]|[2-9][0-9])", p)]   # perfxl needs 3.11+
    if bad:
        raise UsageError(msg("addin_bad_python", values=', '.join(bad)))
    return out


def texts(lang: str, pythons: tuple[str, ...]) -> dict[str, bytes]:
    """install.bat, install.py, xlwings.conf and the guide, as the kit holds them."""
    shown = " / ".join(pythons)
    find = FIND.format(versions=" ".join(pythons), tuples=", ".join(f"({p.replace('.', ',')})" for p in pythons))
    bat = BAT[lang].format(versions=shown, find=find).replace("\n", "\r\n")
    source = Path(winsetup.__file__).read_text(encoding="utf-8")
    source = re.sub(r"(?m)^COVERED: .*$", f"COVERED: tuple[str, ...] = {pythons!r}", source, count=1)
    source = re.sub(r'(?m)^LANG = "zh"', f"LANG = {lang!r}", source, count=1)
    guide = GUIDE[lang].format(version=__version__, xlwings=installed("xlwings"), versions=shown, venv=VENV)
    return {"install.bat": bat.encode("gbk" if lang == "zh" else "ascii"),
            "install.py": source.encode("utf-8"),
            "xlwings.conf": f'"INTERPRETER_WIN","{VENV}\\Scripts\\pythonw.exe"\r\n'.encode("ascii"),
            README[lang]: "\ufeff".encode() + guide.replace("\n", "\r\n").encode("utf-8")}


def write_kit(outdir: Path, force: bool = False, lang: str = "zh", wheel: Path | None = None,
              wheelhouse: Path | None = None, pythons: tuple[str, ...] = (), template: Path | None = None,
              starting=None) -> Path:
    """Write the classic kit into outdir: the add-in, wheels/ complete for each Python, install.bat/.py, the guide.

    starting(): called once every option is checked, before the wheels are downloaded (the CLI says
    then that this may take minutes: not before refusing a bad option)."""
    outdir, pythons = output_folder(outdir), pythons_of(pythons)
    template = template or template_path()           # no xlwings here: say so before any download
    if wheelhouse is not None and not wheelhouse.is_dir():
        raise UsageError(msg("addin_bad_wheelhouse", path=wheelhouse))
    files = texts(lang, pythons)
    for rel in (*files, f"{NAME}.xlsm", f"{NAME}.py"):
        check_writable(outdir / rel, force)
    wheels = outdir / "wheels"
    if not force and wheels.is_dir() and any(wheels.glob("*.whl")):
        raise OutputExistsError(msg("output_exists", path=str(wheels)))
    pins = [f"xlwings=={installed('xlwings')}"]      # the Python side matches the VBA of the template
    with tempfile.TemporaryDirectory() as build:
        own = find_wheel(wheel, wheelhouse, Path(build))   # a bad --wheel is refused here, before the line below
        if starting is not None:
            starting()
        made = not outdir.exists()
        outdir.mkdir(parents=True, exist_ok=True)
        try:
            _wheels(outdir / "wheels", own, pins, pythons, wheelhouse)
        except BaseException:
            if made and not any(outdir.iterdir()):
                outdir.rmdir()                       # no add-in without its wheels, and no empty folder either
            raise
    write_addin(outdir, force=True, template=template)  # checked above, with the other files
    for rel, data in files.items():
        write_atomic(outdir / rel, lambda tmp, data=data: tmp.write_bytes(data))
    return outdir


def _wheels(wheels: Path, own: Path, pins: list[str], pythons: tuple[str, ...], wheelhouse: Path | None) -> None:
    """Fill wheels/ from a download folder beside it; each file moved in whole, stale ones removed."""
    work = Path(tempfile.mkdtemp(prefix=f".wheels{TAG}{os.getpid()}-", dir=wheels.parent))
    try:
        fill(work, own, pins, pythons, wheelhouse)
        shutil.copyfile(own, work / own.name)   # this build, not a same-named one pip found first
        wheels.mkdir(exist_ok=True)
        fresh = {p.name for p in work.glob("*.whl")}
        # A --wheelhouse that is this very folder is the user's own store: nothing of it is removed.
        own_store = wheelhouse is not None and wheels.is_dir() and wheels.resolve() == wheelhouse.resolve()
        for old in () if own_store else wheels.glob("*.whl"):
            if old.name not in fresh:
                old.unlink()
        for name in sorted(fresh):
            os.replace(work / name, wheels / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
