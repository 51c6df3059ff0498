"""perfxl.toml: a bureau's own wording for its forms, beside the workbooks or named with --vocab."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .. import profiles, vocabulary
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
        found = [f"[{k}]: unknown table; a bureau's words go under [vocabulary.…] (docs/vocabulary.md), "
                 "its profile under [profile], accepted findings under [[suppress]] (docs/profiles.md)"
                 for k in data if k not in ("vocabulary", "profile", "suppress")]
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


def profile_for_run(paths: list, named: str | None = None, vocab_file: Path | None = None):
    """The profile a run checks with: --profile NAME|FILE, else the [profile] name of the perfxl.toml
    files (the --vocab file, else those beside the inputs; a relative file is read from the
    perfxl.toml's folder), else the national one. Two perfxl.toml naming different profiles are an error."""
    if named is not None:
        return profiles.resolve(named)
    chosen = {}
    for path, data in _settings_files(paths, vocab_file):
        table = data.get("profile")
        if table is None:
            continue
        name = table.get("name") if isinstance(table, dict) else None
        if not isinstance(name, str) or not name.strip() or set(table) - {"name"}:
            raise InputError(msg("profile_bad", path=str(path), field="profile",
                                 problem="须为表 [profile]，只有一项 name = \"四川\"（或评分方案文件的路径）",
                                 problem_en="must be a table [profile] with one key, name = \"四川\" "
                                            "(or a profile file's path)"))
        profile = profiles.resolve(name, base=path.parent)
        chosen[profile.path] = profile
    if len(chosen) > 1:
        raise InputError(msg("profile_conflict", names="、".join(p.name for p in chosen.values())))
    return next(iter(chosen.values())) if chosen else profiles.national()


def suppressions_for_run(paths: list, vocab_file: Path | None = None) -> list:
    """The [[suppress]] entries of the perfxl.toml files (the --vocab file, else those beside the
    inputs), in order; any problem is an InputError naming the file and the entry (exit 2)."""
    from .suppress import entries

    found, problems = [], []
    for path, data in _settings_files(paths, vocab_file):
        if "suppress" not in data:
            continue
        good, bad = entries(data["suppress"], str(path))
        found += good
        problems += [msg("suppress_bad", path=str(path), n=n, problem=zh, problem_en=en) for n, zh, en in bad]
    if problems:
        raise InputError(*problems)
    return found


def for_run(paths: list, named: Path | None = None) -> dict:
    """The wording a run reads with: the file named with --vocab, else the perfxl.toml files beside the inputs."""
    return load([named] if named is not None else beside(paths))


def _settings_files(paths: list, vocab_file: Path | None):
    """(path, parsed TOML) of the --vocab file, else of the perfxl.toml files beside the inputs."""
    for path in ([vocab_file] if vocab_file is not None else beside(paths)):
        path = Path(path)
        try:
            yield path, tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(msg("vocab_unreadable", path=str(path), why=str(exc))) from None
