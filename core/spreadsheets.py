"""Bounds on an uploaded workbook (.xlsx), checked by a streaming scan before any parser runs;
and the parts every workbook import shares (opening and reading its sheet, the template's header).

openpyxl builds a whole row's cells before it hands the row over, keeps the shell of every row
and shared string it has read, keeps every element it does not know, and scans each sheet once
when the workbook opens. So a workbook within the archive limits (`core.uploads.archive_check`)
can still cost a gigabyte: one row of two million cells, or ten million stray elements, fit in
40 MB. This scan reads every part of the archive through expat with constant memory, counts
what openpyxl would hold, and refuses the file at the first count over its limit, naming the
sheet, the row and the column.

It matches element names without namespaces (a superset of what openpyxl reads). Expat stops at
the first error of well-formedness, as the parsers openpyxl uses do, so what lies after such an
error is read by neither.
"""

from __future__ import annotations

import datetime
import re
import zipfile
import zlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from xml.parsers import expat

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import ApplicationError, UploadInvalidError
from core.uploads import ArchiveLimits, ArchiveRefusedError, archive_check

CHUNK = 64 * 1024
# One cell holds a value, a formula or an inline string; rich text adds runs and their fonts.
ELEMENTS_PER_CELL = 32
ELEMENTS_PER_STRING = 1000
# Elements outside rows and shared strings, in all parts together: styles, themes, column
# widths, merged cells, validations. A large real workbook has a few thousand.
MAX_OTHER_ELEMENTS = 200_000
# Rows without values (formatted, empty) that a sheet may hold besides its rows with data.
EMPTY_ROWS_ALLOWED = 10_000
CELL_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?\d")


# What reading a damaged or hostile workbook raises: a broken or truncated zip (CRC, inflate),
# a missing part, malformed or forbidden XML (lxml and ElementTree parse errors are
# SyntaxErrors; defusedxml's refusals are ValueErrors), values of the wrong kind, no sheet.
DAMAGED_WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OSError,
    EOFError,
    SyntaxError,
)


@dataclass(frozen=True)
class WorkbookLimits:
    """Rows with data per sheet read (after the header), cells per row, shared strings in all.

    `sheets` names the sheets the import reads, whose rows with data are limited (if none of
    them is in the file: the first sheet); empty means every sheet. The sheets not read are
    bounded by the rows, cells and elements that all sheets together may hold.
    """

    max_rows: int
    max_columns: int
    max_strings: int
    sheets: tuple[str, ...] = ()


class WorkbookBoundsError(UploadInvalidError):
    """A workbook with more rows, cells or elements than its import reads; names where."""

    code = "workbook_too_large"

    def __init__(self, message: str, *, sheet: str, row: int | None = None, column: str = ""):
        super().__init__(message)
        self.sheet, self.row, self.column = sheet, row, column


class WorkbookEntitiesError(UploadInvalidError):
    """A workbook part declaring XML entities: never expanded, refused."""


def column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index


def workbook_check(stream: IO[bytes], *, archive: ArchiveLimits, limits: WorkbookLimits) -> None:
    """Refuse a workbook over the archive limits (ArchiveRefusedError), with an XML entity
    (WorkbookEntitiesError) or over the row and cell limits (WorkbookBoundsError).

    zipfile.BadZipFile and zlib.error mean a damaged file. The stream is left at its start.
    """
    archive_check(stream, limits=archive)
    try:
        with zipfile.ZipFile(stream) as package:
            titles = _sheet_titles(package)
            read = [part for part, title in titles.items() if title in limits.sheets]
            if limits.sheets and not read:
                read = list(titles)[:1]
            scan = _Scan(limits)
            for entry in package.infolist():
                if not entry.is_dir():
                    name = entry.filename
                    is_read = not limits.sheets or name in read
                    scan.part(package, name, titles.get(name), rows_limited=is_read)
    finally:
        stream.seek(0)


class _Stop(Exception):
    """Ends the scan of one part early (for the sheet names: what was needed is read)."""


def _parse(package: zipfile.ZipFile, name: str, parser: Any) -> None:
    """Feed one part to `parser`; a part that is not XML or is malformed just ends there."""
    try:
        with package.open(name) as source:
            while block := source.read(CHUNK):
                parser.Parse(block, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, _Stop):
        pass
    except (NotImplementedError, RuntimeError):  # an unknown compression or an encrypted part
        pass


def _new_parser(refuse_entities: bool = True) -> Any:
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args: Any) -> None:
        raise WorkbookEntitiesError(
            _("This workbook declares XML entities; such files are refused.")
        )

    if refuse_entities:
        parser.EntityDeclHandler = refuse
    return parser


def _sheet_titles(package: zipfile.ZipFile) -> dict[str, str]:
    """Part name to sheet title, from the workbook and its relationships (for messages only)."""
    names = set(package.namelist())
    ids: dict[str, str] = {}
    targets: dict[str, str] = {}

    def on_sheet(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "sheet" and len(ids) < 10_000:
            rel = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), None)
            if rel is not None:
                ids[rel] = attrs.get("name", "")

    def on_rel(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "Relationship" and len(targets) < 10_000:
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    for part, handler in (("xl/workbook.xml", on_sheet), ("xl/_rels/workbook.xml.rels", on_rel)):
        if part in names:
            parser = _new_parser()
            parser.StartElementHandler = handler
            _parse(package, part, parser)
    titles = {}  # in the workbook's order
    for rel, title in ids.items():
        target = targets.get(rel, "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        titles[path] = title
    return titles


class _Scan:
    """Counts, over all parts of one workbook, what openpyxl would build and keep."""

    def __init__(self, limits: WorkbookLimits) -> None:
        self.limits = limits
        self.max_row_elements = limits.max_columns * ELEMENTS_PER_CELL
        self.max_rows_in_all = 2 * (limits.max_rows + 1) + EMPTY_ROWS_ALLOWED
        self.other = 0
        self.strings = 0
        self.rows_in_all = 0

    def part(
        self, package: zipfile.ZipFile, name: str, title: str | None, *, rows_limited: bool
    ) -> None:
        sheet = title or name
        limits = self.limits
        depth = 0
        sheet_data = row_depth = string_depth = cell_depth = 0
        in_strings = False
        row = column = cells = row_elements = data_rows = string_elements = 0
        has_value = False

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal depth, sheet_data, row_depth, string_depth, cell_depth, in_strings
            nonlocal row, column, cells, row_elements, has_value, string_elements
            depth += 1
            local = tag.rpartition(":")[2]
            if row_depth:
                row_elements += 1
                if local == "c" and depth == row_depth + 1:
                    cell_depth = depth
                    cells += 1
                    match = CELL_REFERENCE.match(attrs.get("r", ""))
                    column = _column_index(match.group(1)) if match else column + 1
                    if column > limits.max_columns or cells > limits.max_columns:
                        raise self._columns_error(sheet, row, max(column, cells))
                elif cell_depth and local in ("v", "is") and depth == cell_depth + 1:
                    has_value = True
                if row_elements > self.max_row_elements:
                    raise self._columns_error(sheet, row, column)
            elif string_depth:
                string_elements += 1
                if string_elements > ELEMENTS_PER_STRING:
                    raise self._strings_error()
            elif sheet_data and local == "row" and depth == sheet_data + 1:
                row_depth = depth
                row = _row_number(attrs.get("r"), row)
                column = cells = row_elements = 0
                has_value = False
                self.rows_in_all += 1
                if self.rows_in_all > self.max_rows_in_all:
                    raise WorkbookBoundsError(
                        _(
                            "Sheet %(sheet)s, row %(row)s: more than %(max)s rows, counting the "
                            "empty ones; delete the empty rows."
                        )
                        % {"sheet": sheet, "row": f"{row:,}", "max": f"{self.max_rows_in_all:,}"},
                        sheet=sheet,
                        row=row,
                    )
            elif in_strings and local == "si" and depth == 2:
                string_depth = depth
                string_elements = 0
                self.strings += 1
                if self.strings > limits.max_strings:
                    raise self._strings_error()
            else:
                self.other += 1
                if self.other > MAX_OTHER_ELEMENTS:
                    raise WorkbookBoundsError(
                        _(
                            "Part %(part)s of this workbook holds more than %(max)s elements "
                            "outside its rows; save it again from Excel or use the template."
                        )
                        % {"part": sheet[:100], "max": f"{MAX_OTHER_ELEMENTS:,}"},
                        sheet=sheet,
                    )
                if local == "sheetData" and not sheet_data:
                    sheet_data = depth
                elif local == "sst" and depth == 1:
                    in_strings = True

        def end(tag: str) -> None:
            nonlocal depth, sheet_data, row_depth, string_depth, cell_depth, data_rows
            if depth == cell_depth:
                cell_depth = 0
            elif depth == row_depth:
                row_depth = 0
                if has_value and row > 1 and rows_limited:
                    data_rows += 1
                    if data_rows > limits.max_rows:
                        raise WorkbookBoundsError(
                            _(
                                "Sheet %(sheet)s, row %(row)s: more than %(max)s rows; split "
                                "the file into smaller files."
                            )
                            % {"sheet": sheet, "row": f"{row:,}", "max": f"{limits.max_rows:,}"},
                            sheet=sheet,
                            row=row,
                        )
            elif depth == string_depth:
                string_depth = 0
            elif depth == sheet_data:
                sheet_data = 0
            depth -= 1

        parser = _new_parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        _parse(package, name, parser)

    def _columns_error(self, sheet: str, row: int, column: int) -> WorkbookBoundsError:
        letter = column_letter(min(column, 16384))
        return WorkbookBoundsError(
            _(
                "Sheet %(sheet)s, row %(row)s, column %(column)s: more than %(max)s columns; "
                "delete the cells after column %(last)s."
            )
            % {
                "sheet": sheet,
                "row": f"{row:,}",
                "column": letter,
                "max": self.limits.max_columns,
                "last": column_letter(self.limits.max_columns),
            },
            sheet=sheet,
            row=row,
            column=letter,
        )

    def _strings_error(self) -> WorkbookBoundsError:
        return WorkbookBoundsError(
            _("This workbook holds more than %(max)s texts; split the file into smaller files.")
            % {"max": f"{self.limits.max_strings:,}"},
            sheet="sharedStrings",
        )


def _row_number(value: str | None, previous: int) -> int:
    if value is None:
        return previous + 1
    try:
        return int(float(value))
    except (ValueError, OverflowError):
        return previous + 1


# --- Import workbooks: the archive check, the reader and the template's shared parts ---------

NOT_A_WORKBOOK = gettext_lazy(
    "This file is not a valid Excel workbook (.xlsx). Download the template and use it."
)
# "name", "name (Legal name)", "name [法定名称]", "name（法定名称）": key, then an optional label.
HEADER_PATTERN = re.compile(r"^\s*([A-Za-z_]+)\s*(?:[(\[（【].*[)\]）】])?\s*$", re.DOTALL)
# After this many blank rows in a row the data is taken to have ended.
BLANK_ROWS_END = 1000
# Texts a file may hold besides one per cell of the rows read: the Lists and Instructions sheets.
STRINGS_BESIDES_ROWS = 10_000


@dataclass(frozen=True)
class TemplateColumn:
    """A column of an import template: its header key and label, width, what to enter, and
    (optional) an example value for the instructions."""

    key: str
    label: Any
    is_required: bool
    width: int
    help: Any
    example: str = ""


def import_archive_check(
    *, stream: IO[bytes], limits: ArchiveLimits, error: type[ApplicationError]
) -> None:
    """A zip within `limits` that holds an Office document, or `error` saying why not.

    Reads only the zip's directory: what the web request may do with an upload.
    """
    try:
        names = archive_check(stream, limits=limits)
    except ArchiveRefusedError as exc:
        raise error(exc.message) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise error(str(NOT_A_WORKBOOK)) from exc
    if "[Content_Types].xml" not in names:
        raise error(str(NOT_A_WORKBOOK))


@contextmanager
def import_workbook_open(
    *,
    stream: IO[bytes],
    archive: ArchiveLimits,
    limits: WorkbookLimits,
    error: type[ApplicationError],
) -> Iterator[Any]:
    """The workbook opened read-only after the streaming scan; `error` for a file over a limit,
    damaged, or with a damaged sheet found while the body reads it. Closed on leaving."""
    try:
        workbook_check(stream, archive=archive, limits=limits)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except UploadInvalidError as exc:  # over a limit, or XML entities
        raise error(exc.message) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise error(str(NOT_A_WORKBOOK)) from exc
    try:
        yield workbook
    except DAMAGED_WORKBOOK_ERRORS as exc:  # a damaged sheet inside a valid zip: the file's fault
        raise error(
            _("This workbook could not be read: %(reason)s") % {"reason": type(exc).__name__}
        ) from exc
    finally:
        workbook.close()


@dataclass
class ImportSheet:
    """The sheet an import reads: its title, the column key of each header cell (None where
    empty), and its rows with data as (number as the spreadsheet shows it, cell values)."""

    title: str
    keys: list[str | None]
    rows: Iterator[tuple[int, tuple[Any, ...]]]


def import_sheet_read(
    workbook: Any, *, sheet_name: str, error: type[ApplicationError]
) -> ImportSheet:
    """The sheet named `sheet_name` (else the first), its dimensions reset (a file may claim a
    million rows); `error` for a sheet without a header row. Blank rows are skipped, and after
    BLANK_ROWS_END of them in a row the data is taken to have ended."""
    sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise error(_("The workbook is empty: the first row must hold the column headers."))
    return ImportSheet(
        title=str(sheet.title),
        keys=[parse_header(value) for value in header],
        rows=_data_rows(rows),
    )


def _data_rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    blank_run = 0
    for row_number, values in enumerate(rows, start=2):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            blank_run += 1
            if blank_run >= BLANK_ROWS_END:
                return
            continue
        blank_run = 0
        yield row_number, values


def parse_header(value: object) -> str | None:
    """The column key a header cell names, or None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    match = HEADER_PATTERN.match(str(value))
    return match.group(1).lower() if match else str(value).strip()


def cell_text(value: object) -> str:
    """A cell as the text the user meant: whole numbers without '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def template_header_write(
    sheet: Any, *, title: str, columns: Sequence[TemplateColumn], text_keys: Collection[str]
) -> None:
    """The template's header row: "key (label)" on green, column widths, the header frozen.

    The `text_keys` columns are formatted as text: Excel would drop a code's leading zeros or
    read "2025" as a number.
    """
    sheet.title = title
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="2E7D32")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=f"{column.key} ({column.label})")
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.key in text_keys:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"


def template_columns_write(instructions: Any, *, columns: Sequence[TemplateColumn]) -> None:
    """The instructions' table of columns: key, label, whether required, what to enter."""
    instructions.append([_("Column"), _("Label"), _("Required"), _("What to enter")])
    for cell in instructions[instructions.max_row]:
        cell.font = Font(bold=True)
    for column in columns:
        instructions.append(
            [
                column.key,
                str(column.label),
                _("yes") if column.is_required else _("no"),
                str(column.help),
            ]
        )
