"""The classic kit's install.py: perfxl[excel] into a venv from the kit's wheels, offline; standard library only."""

# `perfxl excel-addin` copies this file into the kit as install.py, with COVERED and LANG filled in;
# install.bat runs it with the first Python the kit covers. It must run on a bare Python: no perfxl here.
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

COVERED: tuple[str, ...] = ("3.11", "3.12", "3.13")  # written by perfxl excel-addin: the Pythons with wheels
LANG = "zh"                                             # written by perfxl excel-addin --lang
HERE = Path(__file__).resolve().parent
TEXT = {
    "python": ("这个 Python（{have}）不在套件支持的版本内（{want}）：请安装其中之一（python.org 的 Windows 64 位安装包）后重试",
               "this Python ({have}) is not one the kit has wheels for ({want}): install one of those "
               "(python.org's Windows 64-bit installer) and retry"),
    "wheels": ("找不到安装包文件夹 {path}：install.py 须和 wheels 文件夹放在一起", "no wheels folder at {path}: keep install.py beside it"),
    "occupied": ("{path} 已存在且不是 Python 环境，不会改动它：请用 --target 指定别的文件夹",
                 "{path} exists and is not a Python environment; left alone: give another folder with --target"),
    "venv": ("正在建立 Python 环境：{path}", "making the Python environment: {path}"),
    "pip": ("正在离线安装 perfxl 和 xlwings（不联网，只用 wheels 文件夹里的安装包）……",
            "installing perfxl and xlwings offline (only from the wheels folder) ..."),
    "failed": ("安装失败（见上面 pip 的输出）。套件可能不完整：请重新生成套件", "installation failed (see pip's output above); the kit may be incomplete: make it again"),
    "conf": ("已写出 {path}：perfxl_check.xlsm 用这个 Python 运行", "wrote {path}: perfxl_check.xlsm runs this Python"),
    "done": ("安装完成：perfxl {version}。打开 perfxl_check.xlsm（与 perfxl_check.py、xlwings.conf 放在同一文件夹）即可检查；"
             "命令行检查：\"{exe}\" lint 自评表.xlsx", "installed perfxl {version}. Open perfxl_check.xlsm (kept beside "
             "perfxl_check.py and xlwings.conf) to check; on the command line: \"{exe}\" lint form.xlsx"),
}


def say(key: str, **values) -> None:
    print(TEXT[key][LANG == "en"].format(**values), flush=True)


def default_target() -> Path:
    """Where the environment goes: a fixed per-user folder, so the kit folder may move or be deleted."""
    base = os.environ.get("LOCALAPPDATA") if os.name == "nt" else None
    return Path(base or Path.home() / ".local" / "share") / "perfxl" / "venv"


def interpreter(target: Path, windowless: bool = False) -> Path:
    if os.name == "nt":
        return target / "Scripts" / ("pythonw.exe" if windowless else "python.exe")
    return target / "bin" / "python"


def conf_text(python: Path) -> str:
    """xlwings.conf beside the workbook (xlwings' directory config): the interpreter RunPython starts.

    VBA reads it in the system's ANSI code page, so a path under %LOCALAPPDATA% is written as such
    (expanded by xlwings) and the file stays ASCII even for a user named in Chinese."""
    text = str(python)
    local = os.environ.get("LOCALAPPDATA")
    if local and text.lower().startswith(local.lower() + os.sep):
        text = "%LOCALAPPDATA%" + text[len(local):]
    return f'"INTERPRETER_WIN","{text}"\r\n'


def same_python(target: Path) -> bool:
    """An existing environment made by this Python's version (else it is made again)."""
    cfg = target / "pyvenv.cfg"
    if not cfg.is_file() or not interpreter(target).exists():
        return False
    want = "{}.{}.".format(*sys.version_info[:2])
    for line in cfg.read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return (value.strip() + ".").startswith(want)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="perfxl offline installer")
    parser.add_argument("--target", type=Path, default=None, help="environment folder")
    parser.add_argument("--wheels", type=Path, default=HERE / "wheels", help="folder of wheels")
    args = parser.parse_args(argv)
    have = "{}.{}".format(*sys.version_info[:2])
    if have not in COVERED or (os.name == "nt" and sys.maxsize <= 2**32):  # the wheels are 64-bit
        have += "" if sys.maxsize > 2**32 else " 32-bit"
        say("python", have=have, want=" / ".join(COVERED))
        return 1
    if not args.wheels.is_dir():
        say("wheels", path=args.wheels)
        return 1
    target = (args.target or default_target()).resolve()
    if not same_python(target):
        if target.exists() and any(target.iterdir()) and not (target / "pyvenv.cfg").is_file():
            say("occupied", path=target)     # never delete a folder that is not an environment
            return 1
        shutil.rmtree(target, ignore_errors=True)
        say("venv", path=target)
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
    say("pip")
    python = interpreter(target)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    # a kit rebuilt with the same version number: uninstall first, or pip keeps the old perfxl
    subprocess.run([*pip, "uninstall", "--yes", "--quiet", "perfxl"], capture_output=True)
    done = subprocess.run([*pip, "install", "--no-warn-script-location", "--no-index", "--find-links", str(args.wheels),
                           "--upgrade", "perfxl[excel]"])
    if done.returncode:
        say("failed")
        return 1
    version = subprocess.run([str(python), "-c", "import perfxl, xlwings; print(perfxl.__version__)"],
                             capture_output=True, text=True)
    if version.returncode:
        print(version.stderr, file=sys.stderr)
        say("failed")
        return 1
    conf = HERE / "xlwings.conf"
    if (HERE / "perfxl_check.xlsm").exists():
        text = conf_text(interpreter(target, windowless=True))
        conf.write_bytes(text.encode("mbcs" if os.name == "nt" else "utf-8", "replace"))
        say("conf", path=conf)
    exe = target / ("Scripts/perfxl.exe" if os.name == "nt" else "bin/perfxl")
    say("done", version=version.stdout.strip(), exe=exe)
    return 0


if __name__ == "__main__":
    sys.exit(main())
