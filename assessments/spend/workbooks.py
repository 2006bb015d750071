"""Spend import workbooks: the downloadable template and the streaming reader.

The only module of the context that uses openpyxl. As for the supplier import, the worker first
checks the archive and counts every sheet's rows and cells with a streaming scan
(`core.spreadsheets`), so openpyxl never sees more than the limits; then reads the sheet in
read-only mode with the declared dimensions reset. Rows are yielded one at a time: a file of
250,000 lines is never held as cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any, NamedTuple

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from assessments.errors import SpendImportFileError
from core.spreadsheets import (
    STRINGS_BESIDES_ROWS,
    WorkbookLimits,
    cell_text,
    import_archive_check,
    import_sheet_read,
    import_workbook_open,
    template_columns_write,
    template_header_write,
)
from core.spreadsheets import (
    TemplateColumn as Column,
)
from core.uploads import ArchiveLimits

SHEET_NAME = "Spend"
INSTRUCTIONS_SHEET = "Instructions"


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
    template_header_write(sheet, title=SHEET_NAME, columns=COLUMNS, text_keys=TEXT_COLUMNS)

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
    template_columns_write(instructions, columns=COLUMNS)
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
    """A zip within the archive limits holding an Office document, or SpendImportFileError."""
    import_archive_check(stream=stream, limits=spend_archive_limits(), error=SpendImportFileError)


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
    with import_workbook_open(
        stream=stream, archive=spend_archive_limits(), limits=limits, error=SpendImportFileError
    ) as workbook:
        yield from _read_sheet(workbook, max_rows=max_rows)


def _read_sheet(workbook: Any, *, max_rows: int) -> Iterator[tuple[str, SpendRow]]:
    sheet = import_sheet_read(workbook, sheet_name=SHEET_NAME, error=SpendImportFileError)
    _check_headers(sheet.title, sheet.keys)
    positions = [sheet.keys.index(key) if key in sheet.keys else None for key in COLUMN_KEYS]
    for count, (row_number, values) in enumerate(sheet.rows, start=1):
        if count > max_rows:
            raise SpendImportFileError(
                _("The file has more than %(max)s spend rows; split it into smaller files.")
                % {"max": f"{max_rows:,}"}
            )
        cells = tuple(
            cell_text(values[index]) if index is not None and index < len(values) else ""
            for index in positions
        )
        yield sheet.title, SpendRow(row=row_number, values=cells)


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
