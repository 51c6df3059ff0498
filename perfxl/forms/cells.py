"""One cell as read (position, value, number format) and the text normalisation labels need."""

from __future__ import annotations

import re
from functools import lru_cache

from ..targets import parse_plain_number
from ..vocabulary import BRACKET_FOLD

_SPACE = re.compile(r"\s+")  # \s covers NBSP and the ideographic space


def norm(value) -> str:
    """Text of a cell with all whitespace removed ("年初 预算数" → "年初预算数")."""
    if value is None:
        return ""
    if isinstance(value, str):
        # Two C tests spare most texts the regex: every space but " " (NBSP, U+3000, tabs, line
        # breaks) makes a text non-printable.
        return value if " " not in value and value.isprintable() else _SPACE.sub("", value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:  # not 1e308's 309 digits
        return str(int(value))
    return _SPACE.sub("", str(value))


_CANON = str.maketrans(BRACKET_FOLD)
_TO_CANON = re.compile("[" + re.escape("".join(BRACKET_FOLD)) + "]")


def canon(text: str) -> str:
    """Full-width brackets and colons folded, so labels compare across WPS and Excel habits."""
    # translate looks each character up in a table; one C scan spares it the many texts with none
    return text.translate(_CANON) if _TO_CANON.search(text) else text


@lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """1 → A, 27 → AA (as openpyxl's, without importing openpyxl for it)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def coord(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


@lru_cache(maxsize=1024)
def column_index(letters: str) -> int:
    """A → 1, AA → 27."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


def split_cell(ref: str) -> tuple[str, int]:
    """"B12" (or "$B$12") → ("B", 12)."""
    m = _A1.fullmatch(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return m.group(1).upper(), int(m.group(2))


def range_bounds(ref: str) -> tuple[int, int, int, int]:
    """"B2:D9" → (min_col, min_row, max_col, max_row); a single cell is a range of one."""
    first, _, last = ref.partition(":")
    (c1, r1), (c2, r2) = split_cell(first), split_cell(last or first)
    return column_index(c1), r1, column_index(c2), r2


EMPTY_TEXTS = frozenset(("", "—", "-", "－", "/", "／"))
_UNSET = object()


def is_blank(raw) -> bool:
    """A value that says nothing: none, or text that is only spaces or a dash or slash."""
    if raw is None:
        return True
    cls = raw.__class__
    if cls is float or cls is int:
        return False  # a number is never blank: spared its text (asked of every cell by the rules)
    if cls is str:  # most texts hold nothing norm removes (its own test): blank only as a dash or slash
        return raw in EMPTY_TEXTS if " " not in raw and raw.isprintable() else _blank_text(raw)
    return norm(raw) in EMPTY_TEXTS


@lru_cache(maxsize=8192)  # the same spaced texts recur across a county's forms: each normalised once
def _blank_text(text: str) -> bool:
    return norm(text) in EMPTY_TEXTS


class Val:
    """One cell as read: where it is, what it holds, and its number format where known."""

    __slots__ = ("row", "col", "raw", "fmt", "_text", "_number")

    def __init__(self, row: int, col: int, raw: object = None, fmt: str | None = None):
        # one store a line: a tuple assignment packs and unpacks (~400 made for each workbook)
        self.row = row
        self.col = col
        self.raw = raw
        self.fmt = fmt
        self._text = None
        self._number = _UNSET

    def __repr__(self) -> str:
        return f"Val({self.cell}={self.raw!r})"

    def __reduce__(self):
        # Pickled or copied as what was read: the derived text and number are computed again
        # (copied as they are, the "not yet computed" marker would become a value of its own).
        return Val, (self.row, self.col, self.raw, self.fmt)

    def __eq__(self, other) -> bool:
        return isinstance(other, Val) and (self.row, self.col, self.raw) == (other.row, other.col, other.raw)

    __hash__ = None

    @property
    def cell(self) -> str:
        return coord(self.row, self.col)

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            raw = self.raw
            # norm's test for a text with nothing to remove, inlined: most cells are such texts
            text = self._text = raw if raw.__class__ is str and " " not in raw and raw.isprintable() else norm(raw)
        return text

    @property
    def empty(self) -> bool:
        return is_blank(self.raw)

    @property
    def number(self) -> float | None:
        """The number as written (percent text as a fraction), or None."""
        number = self._number
        if number is _UNSET:
            raw = self.raw
            cls = raw.__class__
            if cls is float or cls is int:
                number = float(raw)
            elif raw is None or cls is bool:
                number = None
            elif isinstance(raw, (int, float)):  # a subclass (numpy's) but not bool
                number = float(raw)
            else:
                number = None if self.empty else parse_plain_number(raw)
            self._number = number
        return number
