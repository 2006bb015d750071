"""How every workbook GreenGate writes prints: A4 landscape, one page wide and as many pages
long as it takes, the header rows repeated on each page, grid lines. Set when a sheet is created
(in write-only mode the page setup is written in the sheet's head, before its first row)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

PAPER_A4 = 9  # the OOXML paper size code of A4


def print_setup(sheet: Any, *, title_rows: str = "1:1", grid_lines: bool = True) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.gridLines = grid_lines


# The height of one line of 11-point Calibri, and the most a row may be (Excel's limit).
LINE_HEIGHT = 15
MAX_ROW_HEIGHT = 409


def text_lines(value: Any, width: float) -> int:
    """The lines a value takes wrapped in a column `width` characters wide (a CJK character
    counts two): spreadsheet programs do not grow a row for wrapped text written by a library,
    so a row that must show all of its text is given this height."""
    if value is None or isinstance(value, (int, float, datetime.date)):
        return 1
    count = 0
    for line in str(value).split("\n"):
        size = sum(2 if ord(char) > 0x2E7F else 1 for char in line)
        count += max(1, -(-size // max(int(width) - 2, 1)))
    return count


def row_height(values: Sequence[Any], widths: Sequence[float]) -> float:
    """The height in points of a row of wrapped `values` in columns of `widths`."""
    lines = max(
        (text_lines(value, width) for value, width in zip(values, widths, strict=True)), default=1
    )
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)
