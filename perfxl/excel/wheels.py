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
from ..i18n import msg

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
        raise WheelError(msg("addin_no_pip_run", why=exc)) from None
    if done.returncode and "No module named pip" in done.stderr:
        raise WheelError(msg("addin_no_pip", python_exe=sys.executable))
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
        raise WheelError(msg("addin_wheel_build", source=source, why=pip_said(done)))
    return built[-1]


def find_wheel(given: Path | None, wheelhouse: Path | None, workdir: Path) -> Path:
    """perfxl's wheel for the kit: --wheel, else built from the source tree perfxl runs from, else this
    version's in --wheelhouse (an installed perfxl)."""
    if given is not None:
        if not given.is_file() or not re.fullmatch(r"perfxl-[^-]+-py3-none-any\.whl", given.name):
            raise UsageError(msg("addin_bad_wheel", path=given))
        return given
    source = source_tree()
    if source is not None:
        return build_wheel(source, workdir)   # this source, not an earlier build of the same version
    found = sorted(wheelhouse.glob(f"perfxl-{__version__}-py3-none-any.whl")) if wheelhouse else []
    if not found:
        raise WheelError(msg("addin_no_own_wheel", version=__version__))
    return found[0]


def download(dest: Path, requirements: list[str], python: str, wheelhouse: Path | None) -> None:
    """`pip download` Windows wheels for one CPython version into dest: from the index, or only from wheelhouse."""
    where = ["--no-index", "--find-links", str(wheelhouse)] if wheelhouse else []
    done = pip("download", "--only-binary=:all:", "--platform", PLATFORM, "--python-version", python,
               "--implementation", "cp", "--progress-bar", "off", "-d", str(dest), *where, *requirements)
    if done.returncode == 0:
        return
    if wheelhouse:
        raise WheelError(msg("addin_wheelhouse_lacks", path=wheelhouse, python=python, why=pip_said(done)))
    raise WheelError(msg("addin_download", python=python, why=pip_said(done)))


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
        raise WheelError(msg("addin_needs_packaging")) from None
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
    raise WheelError(msg("addin_wheels_incomplete", lacking=lacking))
