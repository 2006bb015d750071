"""The sheet reader every workbook import shares (core.spreadsheets.import_sheet_read)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from core import spreadsheets
from core.errors import ApplicationError
from core.spreadsheets import import_sheet_read


class SheetError(ApplicationError):
    pass


def _workbook(rows: list[list[object]], *, title: str = "Data") -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return openpyxl.load_workbook(stream, read_only=True, data_only=True)


def test_rows_keep_their_spreadsheet_numbers_and_blank_rows_are_skipped() -> None:
    workbook = _workbook([["key (Label)", "other"], ["a", 1], [None, "  "], [], ["b", 2]])
    sheet = import_sheet_read(workbook, sheet_name="Data", error=SheetError)
    assert (sheet.title, sheet.keys) == ("Data", ["key", "other"])
    assert [(number, values[0]) for number, values in sheet.rows] == [(2, "a"), (5, "b")]


def test_data_ends_after_a_run_of_blank_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets, "BLANK_ROWS_END", 3)
    workbook = _workbook([["key"], ["a"], [None], [None], ["b"], [None], [None], [None], ["c"]])
    sheet = import_sheet_read(workbook, sheet_name="Data", error=SheetError)
    assert [values[0] for _number, values in sheet.rows] == ["a", "b"]


def test_the_first_sheet_is_read_when_none_has_the_name() -> None:
    workbook = _workbook([["key"], ["a"]], title="Other")
    assert import_sheet_read(workbook, sheet_name="Data", error=SheetError).title == "Other"


def test_an_empty_sheet_raises_the_imports_error() -> None:
    with pytest.raises(SheetError, match="first row must hold the column headers"):
        import_sheet_read(_workbook([]), sheet_name="Data", error=SheetError)
