"""Supplier import workbooks: the downloadable template, the streaming reader, the error report.

The only module of the app that uses openpyxl. The web request only checks the archive
(`check_import_archive`: the zip's directory, nothing unpacked); the worker reads the file with
`read_supplier_rows`, which first checks the archive again and counts every sheet's rows and
cells with a streaming scan (`core.spreadsheets`), so openpyxl never sees more than the limits.
Files are then read in read-only mode with the declared dimensions reset (a file may claim a
million rows), and XML entity declarations are refused, so an entity bomb is never expanded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

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
from core.uploads import archive_limits
from suppliers.errors import ImportFileError

SHEET_NAME = "Suppliers"
LISTS_SHEET = "Lists"
INSTRUCTIONS_SHEET = "Instructions"


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        gettext_lazy("Legal name"),
        True,
        36,
        gettext_lazy("Registered legal name; in Chinese for suppliers registered in China."),
    ),
    Column("name_en", gettext_lazy("English name"), False, 36, gettext_lazy("Optional.")),
    Column(
        "country",
        gettext_lazy("Registered country"),
        True,
        12,
        gettext_lazy("ISO 3166-1 alpha-2 code of the registered address, e.g. CN, HK, DE."),
    ),
    Column(
        "registration_code",
        gettext_lazy("Registration code"),
        True,
        24,
        gettext_lazy(
            "For CN the 18-character Unified Social Credit Code (GB 32100-2015, check "
            "character verified); elsewhere the company registration number. Type it as text."
        ),
    ),
    Column(
        "category",
        gettext_lazy("Category"),
        True,
        14,
        gettext_lazy("Category code, from the list (see the Lists sheet)."),
    ),
    Column(
        "contact_name", gettext_lazy("Contact name"), True, 20, gettext_lazy("Primary contact.")
    ),
    Column(
        "contact_email",
        gettext_lazy("Contact email"),
        True,
        28,
        gettext_lazy("Primary contact's email; invitations go there."),
    ),
    Column("contact_phone", gettext_lazy("Contact phone"), False, 18, gettext_lazy("Optional.")),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.is_required)


@dataclass
class SupplierRow:
    row: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class SupplierSheet:
    rows: list[SupplierRow]


def write_import_template(*, stream: IO[bytes], category_slugs: Iterable[str]) -> None:
    """The import template: header row, drop-down lists for category and country, instructions."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    # Registration codes and phone numbers are text: Excel would drop leading zeros.
    template_header_write(
        sheet,
        title=SHEET_NAME,
        columns=COLUMNS,
        text_keys=("registration_code", "contact_phone", "country", "category"),
    )

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.append([_("category"), _("country"), _("country name")])
    slugs = list(category_slugs)
    country_list = list(countries)
    for index in range(max(len(slugs), len(country_list))):
        lists.append(
            [
                slugs[index] if index < len(slugs) else None,
                country_list[index].code if index < len(country_list) else None,
                str(country_list[index].name) if index < len(country_list) else None,
            ]
        )
    lists.column_dimensions["C"].width = 40
    max_rows = 50_001
    category_letter = get_column_letter(COLUMN_KEYS.index("category") + 1)
    country_letter = get_column_letter(COLUMN_KEYS.index("country") + 1)
    for letter, formula in (
        (category_letter, f"={LISTS_SHEET}!$A$2:$A${len(slugs) + 1}"),
        (country_letter, f"={LISTS_SHEET}!$B$2:$B${len(country_list) + 1}"),
    ):
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.error = _("Choose a value from the list.")
        validation.errorTitle = _("Not in the list")
        validation.add(f"{letter}2:{letter}{max_rows}")
        sheet.add_data_validation(validation)

    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET)
    instructions.append([_("GreenGate supplier import")])
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.append(
        [
            _(
                "Fill one supplier per row in the Suppliers sheet, from row 2. Rows are matched "
                "on country + registration code: new ones are created, existing ones updated. "
                "Keep the header row. At most 50,000 rows."
            )
        ]
    )
    instructions.append([])
    template_columns_write(instructions, columns=COLUMNS)
    instructions.column_dimensions["A"].width = 20
    instructions.column_dimensions["B"].width = 24
    instructions.column_dimensions["C"].width = 10
    instructions.column_dimensions["D"].width = 90
    workbook.save(stream)


def check_import_archive(*, stream: IO[bytes]) -> None:
    """A zip within the archive limits that holds an Office document, or ImportFileError."""
    import_archive_check(stream=stream, limits=archive_limits(), error=ImportFileError)


def read_supplier_rows(
    *, stream: IO[bytes], max_rows: int, max_columns: int | None = None
) -> SupplierSheet:
    """Read and check a supplier workbook: raise ImportFileError for a file that can't be used.

    Nothing beyond `max_rows` rows with data and `max_columns` cells a row is parsed: the
    archive and sheet checks refuse such a file, naming the sheet and row, before openpyxl runs.
    """
    limits = WorkbookLimits(
        max_rows=max_rows,
        max_columns=max_columns or settings.IMPORT_MAX_COLUMNS,
        max_strings=(max_rows + 1) * len(COLUMNS) + STRINGS_BESIDES_ROWS,
        sheets=(SHEET_NAME,),
    )
    with import_workbook_open(
        stream=stream, archive=archive_limits(), limits=limits, error=ImportFileError
    ) as workbook:
        return _read_sheet(workbook, max_rows=max_rows)


def _read_sheet(workbook: Any, *, max_rows: int) -> SupplierSheet:
    sheet = import_sheet_read(workbook, sheet_name=SHEET_NAME, error=ImportFileError)
    keys = sheet.keys
    _check_headers(keys)
    result: list[SupplierRow] = []
    for row_number, values in sheet.rows:
        if len(result) >= max_rows:
            raise ImportFileError(
                _("The file has more than %(max)s supplier rows; split it into smaller files.")
                % {"max": f"{max_rows:,}"}
            )
        row = SupplierRow(row=row_number)
        for key, value in zip(keys, values, strict=False):
            if key in COLUMN_KEYS:
                row.values[key] = cell_text(value)
        result.append(row)
    return SupplierSheet(rows=result)


def _check_headers(keys: list[str | None]) -> None:
    present = [key for key in keys if key is not None]
    unknown = [key for key in present if key not in COLUMN_KEYS]
    missing = [key for key in REQUIRED_KEYS if key not in present]
    duplicated = sorted({key for key in present if present.count(key) > 1})
    # An empty header cell between named ones (merged header cells, a deleted title) would
    # silently drop that column's data: name it instead.
    last = max((index for index, key in enumerate(keys) if key is not None), default=-1)
    unnamed = [get_column_letter(index + 1) for index in range(last) if keys[index] is None]
    problems = []
    if unnamed:
        problems.append(
            _("no header in column %(columns)s (merged or empty header cells)")
            % {"columns": ", ".join(unnamed)}
        )
    if missing:
        problems.append(_("missing columns: %(keys)s") % {"keys": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(keys)s") % {"keys": ", ".join(unknown)})
    if duplicated:
        problems.append(_("repeated columns: %(keys)s") % {"keys": ", ".join(duplicated)})
    if problems:
        raise ImportFileError(
            _("The header row (row 1) is not the template's: %(problems)s. Expected: %(expected)s.")
            % {"problems": "; ".join(problems), "expected": ", ".join(COLUMN_KEYS)}
        )


# --- Error report -------------------------------------------------------------------------

ERRORS_SHEET = "Errors"
# Text starting with these is a formula to Excel (OWASP CSV injection): written as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class ImportErrorRow(NamedTuple):
    """A refused row: its number in the uploaded file, its cells as read, and each problem."""

    row: int
    values: dict[str, str]
    problems: list[tuple[str, str]]  # (column key, message)


def write_import_error_report(*, stream: IO[bytes], rows: Iterable[ImportErrorRow]) -> None:
    """The refused rows with their cells, the problem cells marked, and a column naming each
    problem. Every cell is text: a value such as "=1+1" stays what was typed."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(ERRORS_SHEET)
    # A write-only sheet takes its layout before the first row.
    sheet.freeze_panes = "B2"
    for index, width in enumerate([8, *(column.width for column in COLUMNS), 70], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    labels = {column.key: str(column.label) for column in COLUMNS}
    bold = Font(bold=True)
    header = [_("Row"), *(f"{column.key} ({column.label})" for column in COLUMNS), _("Problems")]
    header_cells = []
    for value in header:
        cell = _text_cell(sheet, value)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    marked = PatternFill("solid", fgColor="FFEBEE")
    wrapped = Alignment(wrap_text=True, vertical="top")
    for item in rows:
        bad = {key for key, _message in item.problems}
        cells = [_text_cell(sheet, str(item.row))]
        for column in COLUMNS:
            cell = _text_cell(sheet, item.values.get(column.key, ""))
            if column.key in bad:
                cell.fill = marked
            cells.append(cell)
        problems = "\n".join(f"{labels.get(key, key)}: {message}" for key, message in item.problems)
        cell = _text_cell(sheet, problems)
        cell.alignment = wrapped
        cells.append(cell)
        sheet.append(cells)
    workbook.save(stream)


def _text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """A string cell, never a formula, never invalid XML."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell
