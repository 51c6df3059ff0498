"""perfxl.toml: a bureau's own wording for its forms, beside the workbooks or named with --vocab."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .. import vocabulary
from ..errors import InputError
from ..i18n import msg

FILE_NAME = "perfxl.toml"


def beside(paths: list) -> list[Path]:
    """perfxl.toml in the folder given, or beside a file given; each found once, in input order."""
    found: list[Path] = []
    for p in map(Path, paths):
        candidate = (p if p.is_dir() else p.parent) / FILE_NAME
        if candidate.is_file() and candidate.resolve() not in {f.resolve() for f in found}:
            found.append(candidate)
    return found


def load(files: list[Path]) -> dict:
    """The [vocabulary] tables of the files, merged in order; every problem named with its file."""
    merged: dict = {}
    problems = []
    for path in map(Path, files):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(msg("vocab_unreadable", path=str(path), why=str(exc))) from None
        extra = data.get("vocabulary", {})
        found = [f"[{k}]: unknown table; a bureau's words go under [vocabulary.…] (docs/vocabulary.md)"
                 for k in data if k != "vocabulary"]
        found += ["[vocabulary]: expected tables such as [vocabulary.fields]"] if not isinstance(extra, dict) \
            else vocabulary.extension_problems(extra)
        problems += [msg("vocab_bad", path=str(path), problem=p) for p in found]
        if found:
            continue  # nothing of a file with problems is merged: the run stops below
        for section, entries in extra.items():
            target = merged.setdefault(section, {})
            for key, value in entries.items() if isinstance(entries, dict) else ():
                target[key] = [*target.get(key, []), *value] if section == "words" else value
    if problems:
        raise InputError(*problems)
    return merged


def for_run(paths: list, named: Path | None = None) -> dict:
    """The wording a run reads with: the file named with --vocab, else the perfxl.toml files beside the inputs."""
    return load([named] if named is not None else beside(paths))
