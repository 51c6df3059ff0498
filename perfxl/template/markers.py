"""perfxl's markers in a workbook: sheet-local defined names (PX_*) and the hidden _perfxl sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..forms.cells import column_letter as get_column_letter
from ..forms.cells import range_bounds

META_SHEET = "_perfxl"
TEMPLATE_VERSION = 1

# Indicator table columns, in order, for scored and unscored kinds. A restyled master may change
# labels, fonts and widths but keeps this order inside PX_IND.
SCORED_COLUMNS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "reason")
UNSCORED_COLUMNS = ("level1", "level2", "level3", "target", "actual", "reason")

# Names every master of a kind must carry (the rest are optional).
REQUIRED = {
    "project": ("PX_KIND", "PX_PROJECT", "PX_F_BUDGET", "PX_F_SPENT", "PX_F_WEIGHT", "PX_F_RATE",
                "PX_F_SCORE", "PX_IND", "PX_TOTAL_WEIGHT", "PX_TOTAL_SCORE", "PX_GRADE"),
    "department": ("PX_KIND", "PX_UNIT", "PX_F_BUDGET", "PX_F_SPENT", "PX_F_WEIGHT", "PX_F_RATE",
                   "PX_F_SCORE", "PX_IND", "PX_TOTAL_WEIGHT", "PX_TOTAL_SCORE", "PX_GRADE"),
    "transfer": ("PX_KIND", "PX_PROJECT", "PX_F_BUDGET", "PX_F_SPENT", "PX_F_RATE", "PX_IND"),
}


@dataclass(frozen=True)
class Box:
    """A rectangular cell range, 1-based and inclusive."""

    min_col: int
    min_row: int
    max_col: int
    max_row: int

    @classmethod
    def parse(cls, ref: str) -> Box:
        ref = ref.split("!")[-1].replace("$", "")
        c1, r1, c2, r2 = range_bounds(ref)
        return cls(c1, r1, c2, r2)

    def stretched(self, first: int, last: int, delta: int) -> Box:
        """The box after rows first..last become (last - first + 1 + delta) rows.

        Boxes below the block move; boxes that reach into the block stretch with it, as Excel
        stretches a range when rows are inserted inside it.
        """
        r1 = self.min_row + delta if self.min_row > last else self.min_row
        r2 = self.max_row + delta if self.max_row >= first else self.max_row
        return Box(self.min_col, r1, self.max_col, r2)

    @property
    def coord(self) -> str:
        a = f"{get_column_letter(self.min_col)}{self.min_row}"
        b = f"{get_column_letter(self.max_col)}{self.max_row}"
        return a if a == b else f"{a}:{b}"

    @property
    def absolute(self) -> str:
        a = f"${get_column_letter(self.min_col)}${self.min_row}"
        b = f"${get_column_letter(self.max_col)}${self.max_row}"
        return a if a == b else f"{a}:{b}"


@dataclass
class Markers:
    """The PX_* names of one form sheet, resolved to boxes."""

    kind: str
    boxes: dict[str, Box] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Box:
        return self.boxes[name]

    def get(self, name: str) -> Box | None:
        return self.boxes.get(name)

    def stretched(self, first: int, last: int, delta: int) -> Markers:
        return Markers(self.kind, {k: b.stretched(first, last, delta) for k, b in self.boxes.items()})


def read_markers(ws) -> Markers | None:
    """Markers of a sheet, or None when it carries no PX_KIND (not a perfxl form)."""
    return markers_from_names({k: dn.attr_text for k, dn in ws.defined_names.items()})


def markers_from_names(names: dict[str, str]) -> Markers | None:
    """Markers from a sheet's defined names (name -> reference text), however they were read."""
    kind = names.get("PX_KIND")
    if kind is None:
        return None
    boxes = {}
    for key, ref in names.items():
        if key.startswith("PX_") and key not in ("PX_KIND", "PX_VERSION"):
            try:
                boxes[key] = Box.parse(ref)
            except (ValueError, TypeError):
                continue  # a name the user broke (#REF!) is reported as missing, not a crash
    return Markers(kind.strip().strip('="'), boxes)


def missing_markers(markers: Markers) -> list[str]:
    """Required names that a master lacks."""
    return [n for n in REQUIRED[markers.kind] if n != "PX_KIND" and n not in markers.boxes]


def write_markers(ws, markers: Markers) -> None:
    """Replace the sheet's PX_* names with the given markers."""
    from openpyxl.utils import quote_sheetname  # writing only: the linter reads markers without openpyxl
    from openpyxl.workbook.defined_name import DefinedName

    for key in [k for k in ws.defined_names if k.startswith("PX_")]:
        del ws.defined_names[key]
    ws.defined_names["PX_KIND"] = DefinedName("PX_KIND", attr_text=f'"{markers.kind}"')
    ws.defined_names["PX_VERSION"] = DefinedName("PX_VERSION", attr_text=str(TEMPLATE_VERSION))
    sheet = quote_sheetname(ws.title)
    for key, box in sorted(markers.boxes.items()):
        ws.defined_names[key] = DefinedName(key, attr_text=f"{sheet}!{box.absolute}")


def col(box: Box, offset: int) -> str:
    """Column letter of the offset-th column of a box."""
    return get_column_letter(box.min_col + offset)


def columns_of(kind: str) -> tuple[str, ...]:
    return UNSCORED_COLUMNS if kind == "transfer" else SCORED_COLUMNS
