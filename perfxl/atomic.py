"""Output files: written to a temporary file beside the target, then renamed; checked before the
long work, locked against a second run, honouring the umask, and never left half-written."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

from .errors import OutputError, OutputExistsError, UsageError
from .i18n import msg

# Temporary names carry the writer's pid, so the next run can tell a killed run's leftovers
# (their pid is gone) from a live run's files.
TAG = ".perfxl-"
_TAGGED = re.compile(r"\.perfxl-(\d+)-")


# Names that read as a file, where -o wants a folder to write several files into.
FILE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv", ".parquet", ".py", ".zip", ".txt")


def output_file(raw: str | Path, suffix: str = ".xlsx", example: str = "自评表", key: str = "output_suffix") -> Path:
    """-o of a command that writes one file (consolidate, new --blank): a name ending in suffix.
    A folder — one that exists, or a name ending in / — and any other suffix are UsageErrors: a
    summary named 汇总.csv would be an .xlsx under a CSV's name, `-o out/` a file named out."""
    text = str(raw)
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.is_dir():
        raise UsageError(msg("output_not_file", path=text, suffix=suffix, example=str(path / f"{example}{suffix}")))
    if path.suffix.lower() != suffix:
        raise UsageError(msg(key, path=text, suffix=suffix,
                             example=str(path.with_name(f"{path.stem or example}{suffix}"))))
    return path


def output_folder(raw: str | Path) -> Path:
    """-o of a command that writes several files into a folder (new from a roster, excel-addin,
    templates), made when missing: an existing file, or a name that reads as one, is a UsageError."""
    path = Path(str(raw))
    if path.exists() and not path.is_dir():
        raise UsageError(msg("output_not_folder", path=str(raw)))
    if not path.exists() and path.suffix.lower() in FILE_SUFFIXES:
        raise UsageError(msg("output_looks_file", path=str(raw), suffix=path.suffix))
    return path


class Inputs(tuple):
    """The files a run reads, known by their identity (device, inode) once, when first asked: a
    roll-up checks its summary, its exports and each unit's feedback against thousands of them."""

    @cached_property
    def identities(self) -> frozenset:
        return _identities(self)


def check_writable(path: Path, force: bool, inputs: tuple[Path | str, ...] = ()) -> None:
    """Refuse to overwrite an input, or an existing file without --force."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return  # nothing there to overwrite, and no input is a file that does not exist
    if st.st_ino:   # the file itself, by device and inode: one stat per input
        ids = inputs.identities if isinstance(inputs, Inputs) else _identities(inputs)
        is_input = (st.st_dev, st.st_ino) in ids
    else:           # a file system without inodes: by path
        resolved = path.resolve()
        is_input = any(src.exists() and src.resolve() == resolved for src in map(Path, inputs))
    if is_input:
        raise OutputExistsError(msg("output_is_input", path=str(path)))
    if not force:
        raise OutputExistsError(msg("output_exists", path=str(path)))


def _identities(inputs) -> frozenset:
    found = set()
    for src in inputs:
        with contextlib.suppress(OSError, ValueError):
            st = os.stat(src)
            found.add((st.st_dev, st.st_ino))
    return frozenset(found)


def preflight(path: Path, need: int = 16 << 20) -> None:
    """Before the long work: the output's folder exists or can be made, takes a file, and has
    `need` bytes free; an OutputError naming the path otherwise."""
    folder = path.parent
    try:
        if path.is_dir():
            raise OutputError(msg("output_is_folder", path=str(path)))
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f"{TAG}{os.getpid()}-", suffix=".probe", dir=folder)
        os.close(fd)
        os.unlink(probe)
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise OutputError(msg("output_failed", path=str(path), why=_why(exc))) from None
    if free < need:
        raise OutputError(msg("output_no_space", path=str(path), need=need >> 20, free=free >> 20))
    sweep(folder)


def sweep(folder: Path | str) -> None:
    """Remove what a killed run of perfxl left in folder: temporary files beside outputs, spool
    folders in the system's temporary folder (both named with TAG and the writer's pid)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TAGGED.search(name) if name.startswith(".") else None
        if m and not pid_alive(int(m.group(1))):
            path = os.path.join(folder, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process: not ours to judge
    return True


def umask() -> int:
    """The process's umask (read by setting it, so read once)."""
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it over the target on success."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:40]}{TAG}{os.getpid()}-", suffix=path.suffix + ".tmp",
                                   dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(msg("output_failed", path=str(path), why=_why(exc))) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600); an output is as readable as any file the user makes
        os.chmod(tmp_path, 0o666 & ~umask())
        os.replace(tmp_path, path)
    except OSError as exc:
        raise OutputError(msg("output_failed", path=str(path), why=_why(exc))) from None
    finally:
        # On failure the half-written temporary file must not linger next to the user's files.
        with contextlib.suppress(OSError):
            tmp_path.unlink()


def write_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Call writer(tmp) and move the result to path in one rename."""
    with atomic_path(path) as tmp:
        writer(tmp)


def _why(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return "磁盘空间不足 / no space left"
    return exc.strerror or str(exc) or type(exc).__name__


@contextlib.contextmanager
def output_lock(path: Path) -> Iterator[None]:
    """Hold the output for this run: a second run on the same output is refused while one writes."""
    lock = path.with_name(f".{path.name}{TAG}lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(msg("output_failed", path=str(path), why=_why(exc))) from None
    try:
        if not _try_lock(fd, lock):
            raise OutputError(msg("output_busy", path=str(path)))
        yield
    finally:
        with contextlib.suppress(OSError):
            if _same_file(fd, lock):
                os.unlink(lock)
        os.close(fd)


def _try_lock(fd: int, lock: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: the lock file's existence is the lock
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    # the holder before us may have removed the file after we opened it: ours is then no lock
    return _same_file(fd, lock)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
