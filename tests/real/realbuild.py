"""Build a workbook from a transcription of the real-forms corpus (tests/real/forms/*.json)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from openpyxl import Workbook

FORMS = Path(__file__).resolve().parent / "forms"


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def build(doc: dict, out: Path) -> Path:
    """Write the document's sheets as a clerk had them: values, merges, number formats."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in doc["sheets"]:
        ws = wb.create_sheet(sheet["name"][:31])
        for r, row in enumerate(sheet["rows"], start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for ref, fmt in sheet.get("formats", {}).items():
            ws[ref].number_format = fmt
        for ref in sheet.get("merges", []):
            ws.merge_cells(ref)
    wb.save(out)
    return out


def corpus() -> list[Path]:
    return sorted(FORMS.glob("*.json"))


if __name__ == "__main__":
    build(load(Path(sys.argv[1])), Path(sys.argv[2]))
