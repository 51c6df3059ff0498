"""Checking uploaded workbooks with the linter (guarded workers) and writing their annotated copies."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from .. import vocabulary
from ..lint.annotate import annotate_all
from ..lint.check import lint_file
from ..lint.report import FileResult, Report
from ..lint.run import Linter, iter_results, rules_for
from ..xlsxio import shown_name


class NamedLinter(Linter):
    """The linter, naming each stored file by the name its sender gave it: messages and PX304 (the
    place in the file name) see the client's name, while the file on disk has the server's."""

    def __init__(self, names: dict[str, str], roster_units: dict | None = None):
        super().__init__(roster_units=roster_units)
        self.names = names

    def lint(self, path: Path):
        vocabulary.use(self.vocab)
        shown = self.names.get(str(path), shown_name(path))
        result, forms = lint_file(path, shown, list(rules_for(self.select, self.ignore)), self.context(shown))
        return self._unnamed(result, path), forms

    def failed(self, path: Path, why):
        result = super().failed(path, why)
        result.path = self.names.get(str(path), result.path)
        return self._unnamed(result, path)

    @staticmethod
    def _unnamed(result: FileResult, path: Path) -> FileResult:
        """A reason that names the stored file (the reader's messages do) names the sender's
        instead: the server's folders are nobody's business on the page."""
        if result.error is not None:
            for key in ("reason", "reason_en"):
                text = result.error.params.get(key, "")
                result.error.params[key] = text.replace(shown_name(path), result.path).replace(str(path), result.path)
        return result


def check_files(files: list[Path], names: list[str], roster_units: dict | None = None,
                progress: Callable[[], None] = lambda: None) -> list[FileResult]:
    """Each file's result, in order; progress() after each (every file read in a guarded worker)."""
    linter = NamedLinter({str(f): n for f, n in zip(files, names)}, roster_units)
    out = []
    for result in iter_results(list(files), linter, workers=1 if len(files) < 24 else None):
        out.append(result)
        progress()
    return out


def annotate_files(pairs: list[tuple[Path, Path]], results: list[FileResult], lang: str) -> list[str | None]:
    """Write each (source, copy); per pair None when written, else why not (a file that could not be
    read has no copy). Copies are written by guarded workers, as `perfxl lint --annotate` does."""
    renamed = [dataclasses.replace(r, path=shown_name(src)) for (src, _), r in zip(pairs, results)]
    done = {target: why for target, why in annotate_all(pairs, Report(renamed), lang)}
    return [done.get(target, "-") if r.error is None else "-" for (_, target), r in zip(pairs, results)]


def as_json(result: FileResult) -> dict:
    """The file's entry of the JSON contract (docs/json.md), in both languages: the page switches."""
    return {lang: Report([result]).to_json(lang)["files"][0] for lang in ("zh", "en")}


def counts(result: FileResult) -> tuple[int, int]:
    """(errors, warnings) not suppressed, the unreadable file counting as one error."""
    return result.tally()[1:]
