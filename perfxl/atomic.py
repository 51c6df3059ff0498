"""Atomic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputExistsError
from .i18n import msg


def check_writable(path: Path, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to overwrite an input, or an existing file without --force."""
    if not path.exists():
        return  # nothing there to overwrite, and no input is a file that does not exist
    resolved = path.resolve()
    for src in inputs:
        if src.exists() and src.resolve() == resolved:
            raise OutputExistsError(msg("output_is_input", path=str(path)))
    if path.exists() and not force:
        raise OutputExistsError(msg("output_exists", path=str(path)))


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it over the target on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        # On failure the half-written temporary file must not linger next to the user's files.
        if tmp_path.exists():
            tmp_path.unlink()


def write_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Call writer(tmp) and move the result to path in one rename."""
    with atomic_path(path) as tmp:
        writer(tmp)
