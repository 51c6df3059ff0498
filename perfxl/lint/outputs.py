"""The report's output formats: one registry, from which the CLI's --format choices come."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the CLI reads the registry's names before anything is linted: keep this light
    from .report import Report


def _json(report: Report, lang: str, out: TextIO) -> None:
    _dump(report.to_json(lang), out)


def _sarif(report: Report, lang: str, out: TextIO) -> None:
    _dump(report.to_sarif(lang), out)


def _dump(data: dict, out: TextIO) -> None:
    from .jsontext import dumps  # for these two formats only: the text report and consolidate need none

    out.write(dumps(data) + "\n")


def _text(report: Report, lang: str, out: TextIO) -> None:
    from .text import render_text

    render_text(report, lang, out)


# name -> (writer, what it is for); the first is the default
FORMATS: dict[str, tuple[Callable[[Report, str, TextIO], None], str]] = {
    "text": (_text, "grouped by file and sheet, for people"),
    "json": (_json, "the contract other tools read (docs/json.md)"),
    "sarif": (_sarif, "SARIF 2.1.0, for code-scanning viewers"),
}


def write_report(report: Report, fmt: str, lang: str = "zh", out: TextIO | None = None) -> None:
    """Write the report in a registered format (to standard output by default)."""
    FORMATS[fmt][0](report, lang, out or sys.stdout)
