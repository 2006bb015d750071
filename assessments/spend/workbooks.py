"""Spend import workbooks: the downloadable template and the streaming reader.

The only module of the context that uses openpyxl. As for the supplier import, the worker first
checks the archive and counts every sheet's rows and cells with a streaming scan
(`core.spreadsheets`), so openpyxl never sees more than the limits; then reads the sheet in
read-only mode with the declared dimensions reset. Rows are yielded one at a time: a file of
250,000 lines is never held as cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assessments.errors import SpendImportFileError
from core.errors import UploadInvalidError
from core.spreadsheets import DAMAGED_WORKBOOK_ERRORS, WorkbookLimits, workbook_check
from core.uploads import ArchiveLimits, ArchiveRefusedError, archive_check
from suppliers.workbooks import NOT_A_WORKBOOK, cell_text, parse_header

SHEET_NAME = "Spend"
INSTRUCTIONS_SHEET = "Instructions"
# After this many blank rows in a row the data is taken to have ended.
BLANK_ROWS_END = 1000
STRINGS_BESIDES_ROWS = 10_000


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    is_required: bool
    width: int
    help: Any
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "registration_code",
        gettext_lazy("Registration code"),
        True,
        24,
        gettext_lazy(
            "The supplier's registration code as in the supplier registry (for CN the "
            "18-character Unified Social Credit Code). Type it as text."
        ),
        "91310000631696382C",
    ),
    Column(
        "country",
        gettext_lazy("Registered country"),
        True,
        12,
        gettext_lazy("ISO 3166-1 alpha-2 code of the supplier's registered country, e.g. CN."),
        "CN",
    ),
    Column(
        "period",
        gettext_lazy("Reporting period"),
        True,
        12,
        gettext_lazy(
            "The reporting period as the year it starts in: 2025 is 1 April 2025 to 31 March 2026."
        ),
        "2025",
    ),
    Column(
        "amount",
        gettext_lazy("Amount"),
        True,
        16,
        gettext_lazy("The amount spent, 0 or more, with at most 2 decimals, e.g. 125000.50."),
        "125000.50",
    ),
    Column(
        "currency",
        gettext_lazy("Currency"),
        False,
        10,
        gettext_lazy(
            "ISO 4217 code, e.g. CNY, USD, EUR; empty means CNY. Another currency needs an "
            "exchange rate for the period, kept by an admin under Exchange rates."
        ),
        "CNY",
    ),
    Column(
        "line_reference",
        gettext_lazy("Line reference"),
        True,
        20,
        gettext_lazy(
            "Your reference for the line (purchase order, invoice, ledger line), unique per "
            "supplier and period: importing it again updates the line."
        ),
        "PO-2025-0001",
    ),
    Column(
        "category",
        gettext_lazy("Spend category"),
        False,
        18,
        gettext_lazy("Optional, e.g. packaging, electronics."),
        "packaging",
    ),
    Column(
        "description",
        gettext_lazy("Description"),
        False,
        36,
        gettext_lazy("Optional."),
        "Corrugated cartons, Q2",
    ),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.is_required)
TEXT_COLUMNS = ("registration_code", "country", "period", "currency", "line_reference")


class SpendRow(NamedTuple):
    """One row with data: its number as the spreadsheet shows it (header is row 1), its cells
    as text in the order of COLUMN_KEYS (empty for an absent optional column)."""

    row: int
    values: tuple[str, ...]


def write_spend_template(*, stream: IO[bytes]) -> None:
    """The import template: the header row, and the instructions with an example row.

    The example stays on the Instructions sheet, so the template imports cleanly as it is.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="2E7D32")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=f"{column.key} ({column.label})")
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        # Codes are text: Excel would drop leading zeros or read "2025" as a number.
        if column.key in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"

    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET)
    instructions.append([_("GreenGate spend import")])
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.append(
        [
            _(
                "Fill one spend line per row in the Spend sheet, from row 2, and keep the header "
                "row. Lines are matched on supplier, period and line reference: new ones are "
                "created, changed ones updated. If any row has a problem nothing is imported; "
                "every problem is listed with its row and column. At most %(max)s rows."
            )
            % {"max": f"{settings.SPEND_IMPORT_MAX_ROWS:,}"}
        ]
    )
    instructions.append([])
    instructions.append([_("Column"), _("Label"), _("Required"), _("What to enter")])
    for cell in instructions[instructions.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        instructions.append(
            [
                column.key,
                str(column.label),
                _("yes") if column.is_required else _("no"),
                str(column.help),
            ]
        )
    instructions.append([])
    instructions.append([_("Example row (copy it to the Spend sheet and change it):")])
    instructions[instructions.max_row][0].font = Font(bold=True)
    instructions.append(list(COLUMN_KEYS))
    instructions.append([column.example for column in COLUMNS])
    for column_letter, width in (("A", 22), ("B", 24), ("C", 12), ("D", 90)):
        instructions.column_dimensions[column_letter].width = width
    workbook.save(stream)


def spend_archive_limits() -> ArchiveLimits:
    """A spend file may hold 250,000 lines: it unpacks to more than a supplier file may."""
    unpacked = settings.SPEND_IMPORT_MAX_UNPACKED_BYTES
    return ArchiveLimits(
        max_entries=settings.IMPORT_ARCHIVE_MAX_ENTRIES,
        max_entry_bytes=unpacked,
        max_total_bytes=unpacked,
        max_ratio=settings.IMPORT_ARCHIVE_MAX_RATIO,
    )


def check_spend_archive(*, stream: IO[bytes]) -> None:
    """A zip within the archive limits holding an Office document, or SpendImportFileError.

    Reads only the zip's directory: what the web request may do with an upload.
    """
    try:
        names = archive_check(stream, limits=spend_archive_limits())
    except ArchiveRefusedError as exc:
        raise SpendImportFileError(exc.message) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise SpendImportFileError(str(NOT_A_WORKBOOK)) from exc
    if "[Content_Types].xml" not in names:
        raise SpendImportFileError(str(NOT_A_WORKBOOK))


def header_error(sheet: str, column: str, message: str) -> dict[str, Any]:
    return {"sheet": sheet, "row": 1, "column": column, "message": message}


def read_spend_rows(*, stream: IO[bytes], max_rows: int) -> Iterator[tuple[str, SpendRow]]:
    """Yield (sheet title, row) for each row with data; SpendImportFileError for a file that
    cannot be used, with `extra["errors"]` naming each problem of the header row.

    Nothing beyond `max_rows` rows is parsed: the scan refuses such a file, naming the sheet
    and row, before openpyxl runs.
    """
    limits = WorkbookLimits(
        max_rows=max_rows,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_strings=(max_rows + 1) * len(COLUMNS) + STRINGS_BESIDES_ROWS,
        sheets=(SHEET_NAME,),
    )
    try:
        workbook_check(stream, archive=spend_archive_limits(), limits=limits)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except UploadInvalidError as exc:  # over a limit, or XML entities
        raise SpendImportFileError(exc.message) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise SpendImportFileError(str(NOT_A_WORKBOOK)) from exc
    try:
        yield from _read_sheet(workbook, max_rows=max_rows)
    except DAMAGED_WORKBOOK_ERRORS as exc:  # a damaged sheet inside a valid zip: the file's fault
        raise SpendImportFileError(
            _("This workbook could not be read: %(reason)s") % {"reason": type(exc).__name__}
        ) from exc
    finally:
        workbook.close()


def _read_sheet(workbook: Any, *, max_rows: int) -> Iterator[tuple[str, SpendRow]]:
    sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
    title = str(sheet.title)
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise SpendImportFileError(
            _("The workbook is empty: the first row must hold the column headers.")
        )
    keys = [parse_header(value) for value in header]
    _check_headers(title, keys)
    positions = [keys.index(key) if key in keys else None for key in COLUMN_KEYS]
    blank_run = 0
    count = 0
    for row_number, values in enumerate(rows, start=2):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            blank_run += 1
            if blank_run >= BLANK_ROWS_END:
                break
            continue
        blank_run = 0
        count += 1
        if count > max_rows:
            raise SpendImportFileError(
                _("The file has more than %(max)s spend rows; split it into smaller files.")
                % {"max": f"{max_rows:,}"}
            )
        cells = tuple(
            cell_text(values[index]) if index is not None and index < len(values) else ""
            for index in positions
        )
        yield title, SpendRow(row=row_number, values=cells)


def _check_headers(sheet: str, keys: list[str | None]) -> None:
    present = [key for key in keys if key is not None]
    errors = []
    for index, key in enumerate(keys):
        if key is not None and key not in COLUMN_KEYS:
            errors.append(
                header_error(
                    sheet,
                    get_column_letter(index + 1),
                    _("Unknown column %(key)s; the columns are: %(expected)s.")
                    % {"key": key[:100], "expected": ", ".join(COLUMN_KEYS)},
                )
            )
    for key in sorted({key for key in present if present.count(key) > 1}):
        errors.append(header_error(sheet, key, _("This column appears more than once.")))
    for key in REQUIRED_KEYS:
        if key not in present:
            errors.append(
                header_error(
                    sheet, key, _("The required column %(key)s is missing.") % {"key": key}
                )
            )
    if errors:
        raise SpendImportFileError(
            _("The header row (row 1) is not the template's. Expected: %(expected)s.")
            % {"expected": ", ".join(COLUMN_KEYS)},
            errors=errors,
        )
