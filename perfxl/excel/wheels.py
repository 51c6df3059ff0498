"""The classic kit's wheels: perfxl's own wheel, and a Windows wheelhouse checked complete under Windows markers."""

from __future__ import annotations

import email.parser
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .. import __version__
from ..errors import PerfxlError, UsageError
from .addin import _Text

PLATFORM = "win_amd64"
PYTHONS = ("3.11", "3.12", "3.13")  # the CPython versions a kit covers unless told otherwise
SOURCE = Path(__file__).resolve().parents[2]  # the repository, when perfxl runs from its source tree


class WheelError(PerfxlError):
    """perfxl's wheel or the Windows wheelhouse cannot be had: the kit is not written without them."""


def source_tree() -> Path | None:
    """The source checkout perfxl runs from (a wheel can be built from it), or None when installed."""
    project = SOURCE / "pyproject.toml"
    if project.is_file() and re.search(r'(?m)^name\s*=\s*"perfxl"', project.read_text(encoding="utf-8")):
        return SOURCE
    return None


def pip(*args: str) -> subprocess.CompletedProcess:
    """Run this interpreter's pip; a missing pip is a WheelError."""
    try:
        done = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise WheelError(_Text(f"无法运行 pip：{exc}", f"cannot run pip: {exc}")) from None
    if done.returncode and "No module named pip" in done.stderr:
        raise WheelError(_Text(f"{sys.executable} 没有 pip：请先运行 {sys.executable} -m ensurepip",
                               f"{sys.executable} has no pip: run {sys.executable} -m ensurepip first"))
    return done


def pip_said(done: subprocess.CompletedProcess) -> str:
    """pip's own reason, in one line: its last ERROR line, else its last line."""
    lines = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR:")]
    return (errors or lines or ["(pip 没有输出)"])[-1].removeprefix("ERROR:").strip()


def build_wheel(source: Path, dest: Path) -> Path:
    """`pip wheel SOURCE --no-deps`: perfxl's wheel (pure Python, one for every platform) in dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("perfxl-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:  # built from a copy: setuptools leaves build/ and *.egg-info behind
        copy = Path(tmp)
        shutil.copytree(source / "perfxl", copy / "perfxl", ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copyfile(source / name, copy / name)
        done = pip("wheel", str(copy), "--no-deps", "--quiet", "-w", str(dest.resolve()))
    built = sorted(dest.glob("perfxl-*.whl"))
    if done.returncode or not built:
        raise WheelError(_Text(f"无法从 {source} 构建 perfxl 的 wheel（{pip_said(done)}）。"
                               "构建要从软件源取 setuptools：请联网后重试，或用 --wheel 指定已构建好的 wheel"
                               "（scripts/build_wheel.sh 写在 dist/）",
                               f"cannot build perfxl's wheel from {source} ({pip_said(done)}). The build fetches "
                               "setuptools from the index: retry online, or give a built wheel with --wheel "
                               "(scripts/build_wheel.sh writes it to dist/)"))
    return built[-1]


def find_wheel(given: Path | None, wheelhouse: Path | None, workdir: Path) -> Path:
    """perfxl's wheel for the kit: --wheel, else built from the source tree perfxl runs from, else this
    version's in --wheelhouse (an installed perfxl)."""
    if given is not None:
        if not given.is_file() or not re.fullmatch(r"perfxl-[^-]+-py3-none-any\.whl", given.name):
            raise UsageError(_Text(f"--wheel 应为 perfxl 的 wheel 文件（perfxl-版本-py3-none-any.whl）：{given}",
                                   f"--wheel takes perfxl's wheel file (perfxl-VERSION-py3-none-any.whl): {given}"))
        return given
    source = source_tree()
    if source is not None:
        return build_wheel(source, workdir)   # this source, not an earlier build of the same version
    found = sorted(wheelhouse.glob(f"perfxl-{__version__}-py3-none-any.whl")) if wheelhouse else []
    if not found:
        raise WheelError(_Text(
            f"这个 perfxl 是安装版，没有可放进套件的 perfxl wheel：请用 --wheel 指定 "
            f"perfxl-{__version__}-py3-none-any.whl（在 perfxl 源码目录运行 scripts/build_wheel.sh 得到，"
            "或取 CI 的产物），或把它放进 --wheelhouse 指定的文件夹",
            f"this perfxl is installed, with no wheel of itself to put in the kit: give "
            f"perfxl-{__version__}-py3-none-any.whl with --wheel (scripts/build_wheel.sh in perfxl's source tree "
            "makes it, or take CI's), or put it in the --wheelhouse folder"))
    return found[0]


def download(dest: Path, requirements: list[str], python: str, wheelhouse: Path | None) -> None:
    """`pip download` Windows wheels for one CPython version into dest: from the index, or only from wheelhouse."""
    where = ["--no-index", "--find-links", str(wheelhouse)] if wheelhouse else []
    done = pip("download", "--only-binary=:all:", "--platform", PLATFORM, "--python-version", python,
               "--implementation", "cp", "--progress-bar", "off", "-d", str(dest), *where, *requirements)
    if done.returncode == 0:
        return
    if wheelhouse:
        raise WheelError(_Text(
            f"{wheelhouse} 里缺少 Python {python}（Windows 64 位）要用的安装包：{pip_said(done)}。请在能上网的电脑上"
            "运行 perfxl excel-addin（不加 --wheelhouse）生成套件，把它的 wheels 文件夹拷来再用 --wheelhouse 指定",
            f"{wheelhouse} lacks wheels Python {python} (Windows, 64-bit) needs: {pip_said(done)}. On a computer "
            "online, run perfxl excel-addin without --wheelhouse and bring its wheels folder to use with --wheelhouse"))
    raise WheelError(_Text(
        f"无法下载 Python {python}（Windows 64 位）要用的安装包：{pip_said(done)}。本机不能上网时：在能上网的电脑上"
        "运行 perfxl excel-addin -o 套件 生成套件（或只拷它的 wheels 文件夹，在这里加 --wheelhouse wheels）",
        f"cannot download the wheels Python {python} (Windows, 64-bit) needs: {pip_said(done)}. Offline: run "
        "perfxl excel-addin -o KIT on a computer online and bring the kit (or its wheels folder, given here with "
        "--wheelhouse wheels)"))


def windows(python: str) -> dict[str, str]:
    """The marker environment of 64-bit CPython on Windows (pip judges markers on the machine it runs on)."""
    return {"implementation_name": "cpython", "implementation_version": f"{python}.0", "os_name": "nt",
            "platform_machine": "AMD64", "platform_python_implementation": "CPython", "platform_release": "10",
            "platform_system": "Windows", "platform_version": "10.0.19045", "python_full_version": f"{python}.0",
            "python_version": python, "sys_platform": "win32", "extra": ""}


def _wheels(folder: Path, python: str) -> dict[str, list]:
    """Name -> [(version, path)] of the wheels in folder that CPython `python` on 64-bit Windows installs
    (by their tags and their Requires-Python, as pip chooses)."""
    from packaging.specifiers import SpecifierSet
    from packaging.tags import compatible_tags, cpython_tags
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename

    version = tuple(int(x) for x in python.split("."))
    abi = "cp" + "".join(map(str, version))
    supported = {*cpython_tags(version, [abi], [PLATFORM]), *compatible_tags(version, abi, [PLATFORM])}
    found: dict[str, list] = {}
    for path in sorted(folder.glob("*.whl")):
        try:
            name, ver, _, tags = parse_wheel_filename(path.name)
        except InvalidWheelFilename:
            continue
        if tags & supported and SpecifierSet(_metadata(path).get("Requires-Python") or "").contains(python, True):
            found.setdefault(name, []).append((ver, path))
    return found


def _metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        text = z.read(meta).decode("utf-8")
    return email.parser.Parser().parsestr(text, headersonly=True)


def missing(folder: Path, roots: list[str], python: str) -> list[str]:
    """What installing roots on 64-bit Windows with CPython `python` would need and folder lacks (empty: complete)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    have, env = _wheels(folder, python), windows(python)
    todo, seen, lacking = [Requirement(r) for r in roots], set(), []
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), str(req.specifier), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        fits = [(v, p) for v, p in have.get(canonicalize_name(req.name), []) if req.specifier.contains(v, True)]
        if not fits:
            req.marker = None
            lacking.append(str(req))
            continue
        for line in _metadata(max(fits)[1]).get_all("Requires-Dist") or []:
            dep = Requirement(line)
            if dep.marker is None or any(dep.marker.evaluate({**env, "extra": e}) for e in ("", *req.extras)):
                todo.append(dep)
    return sorted(set(lacking))


def fill(dest: Path, wheel: Path, pins: list[str], pythons: tuple[str, ...], wheelhouse: Path | None) -> None:
    """Download into dest every wheel perfxl[excel] needs on 64-bit Windows for each CPython in pythons.

    pip resolves under this machine's markers (no pywin32 from Linux), so what Windows would still miss
    is fetched in further rounds until nothing is missing for any of them (a wheel fetched for one
    version may be the one another version now picks); an incomplete wheelhouse is a WheelError."""
    try:
        import packaging  # noqa: F401  (in perfxl's excel extra)
    except ImportError:
        raise WheelError(_Text("核对安装包需要 packaging：在 perfxl 所在的 Python 环境里运行 "
                               "python -m pip install packaging",
                               "checking the wheels needs packaging: run python -m pip install packaging in perfxl's "
                               "Python environment")) from None
    roots = [f"perfxl[excel]=={wheel.name.split('-')[1]}", *pins]
    need = {python: [f"{wheel}[excel]", *pins] for python in pythons}
    for _ in range(8):
        for python, requirements in need.items():
            if requirements:
                download(dest, requirements, python, wheelhouse)
        need = {python: missing(dest, roots, python) for python in pythons}
        if not any(need.values()):
            return
    lacking = "; ".join(f"{python}: {', '.join(reqs)}" for python, reqs in need.items() if reqs)
    raise WheelError(_Text(f"安装包仍不全（{lacking}）", f"the wheels are still incomplete ({lacking})"))
