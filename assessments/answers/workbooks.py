"""The offline answers workbook (answers.xlsx): written from `selectors.offline_answers`, read back
for `offline.answers_import_workbook`. The only module of answers that uses openpyxl.

Layout (one rule per cell, so a person and the import agree on it):

- one sheet per area ("A1 <title>"), a row per question the supplier sees: code, question, type,
  unit, required, allowed choices, answer, not applicable, justification. Texts are in the
  user's language, codes as they are. Only the answer, "not applicable" and justification cells
  of open questions are unlocked; locked rows are grey and the sheet is protected (no password:
  it marks the rows, the import is what refuses a change).
- yes/no answers are "yes" or "no" and single choices a choice code, each from a drop-down;
  several choices are their codes separated by ";" (the drop-down offers the codes one at a
  time and lets more be typed); numbers as numbers, dates as dates (YYYY-MM-DD).
- one sheet per table question (named by its code), a column per table column, a row per row.
- the hidden sheet `greengate` holds the assessment's id, the questionnaire version's hash, and
  each answer's revision and fingerprint as downloaded: the import finds the rows changed offline
  and the answers changed in the portal since (conflicts).

Reading: the upload is bounded before openpyxl opens it (OFFLINE_MAX_BYTES on disk, the archive
limits with OFFLINE_MAX_UNPACKED_BYTES, rows and cells by `core.spreadsheets.workbook_check`),
then read in read-only mode with `data_only=False`: a formula cell is read as its formula text
("=A1*2") and never evaluated. Problems name the sheet, the row as Excel numbers it and the
column by its letter (what a person finds in Excel).

Writer and reader stay in one module past the usual size: they share the layout (the columns,
the hidden sheet), and this is the one place openpyxl appears for answers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import IO, Any, NamedTuple

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessments.answers.selectors import OfflineAnswers, OfflineChoice, OfflineQuestion
from assessments.answers.values import MAX_TABLE_ROWS
from core.errors import UploadInvalidError
from core.printing import print_setup, text_lines
from core.spreadsheets import (
    DAMAGED_WORKBOOK_ERRORS,
    WorkbookBoundsError,
    WorkbookLimits,
    workbook_check,
)
from core.uploads import archive_limits

FORMAT = "greengate.answers/1"
META_SHEET = "greengate"
LISTS_SHEET = "lists"
# What an answers workbook may be: a large questionnaire with full tables is well under 1 MB.
OFFLINE_MAX_BYTES = 10 * 1024 * 1024
OFFLINE_MAX_UNPACKED_BYTES = 30 * 1024 * 1024
# Rows a sheet may hold: a table's rows (MAX_TABLE_ROWS, more are refused by the value rules
# with a message) and the questions of an area or of the hidden sheet, with room to spare.
OFFLINE_MAX_ROWS = 2000
OFFLINE_MAX_STRINGS = 200_000
EXCEL_MAX_CELL = 32_767
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "yes", "no"
# Codes of a multi-choice answer: ";" as written, "," and line breaks as people also type them.
CODE_SEPARATORS = re.compile(r"[;,，；\n]")


class AreaColumn(NamedTuple):
    key: str
    label: Any
    width: int


AREA_COLUMNS: tuple[AreaColumn, ...] = (
    AreaColumn("code", gettext_lazy("Code"), 10),
    AreaColumn("question", gettext_lazy("Question"), 60),
    AreaColumn("type", gettext_lazy("Type"), 14),
    AreaColumn("unit", gettext_lazy("Unit"), 10),
    AreaColumn("required", gettext_lazy("Required"), 10),
    AreaColumn("choices", gettext_lazy("Allowed choices"), 36),
    AreaColumn("answer", gettext_lazy("Answer"), 30),
    AreaColumn("not_applicable", gettext_lazy("Not applicable"), 14),
    AreaColumn("justification", gettext_lazy("Justification"), 36),
)
AREA_LETTERS = {column.key: get_column_letter(i) for i, column in enumerate(AREA_COLUMNS, 1)}
POSITIONS = {letter: position for position, letter in enumerate(AREA_LETTERS.values())}
ANSWER, NOT_APPLICABLE, JUSTIFICATION = (
    AREA_LETTERS["answer"],
    AREA_LETTERS["not_applicable"],
    AREA_LETTERS["justification"],
)

HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="2F6B3A")
LOCKED_FILL = PatternFill("solid", fgColor="E7E7E7")
OPEN_FILL = PatternFill("solid", fgColor="FFFDE7")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
DATE_FORMAT = "yyyy-mm-dd"


# --- Writing --------------------------------------------------------------------------------


def _text(value: Any) -> Any:
    """User text as a cell value: no control characters XML cannot hold, within Excel's limit."""
    if value is None:
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:EXCEL_MAX_CELL]


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    cell: Cell = sheet.cell(row=row, column=column, value=_text(value))
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        # Text that looks like a formula stays text (OWASP CSV injection guidance).
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _number_cell(value: Any) -> Any:
    """A stored number as a number cell where reading it back gives the same text, else as text
    ("1.50" keeps its places): an untouched answer must read back as itself."""
    text = str(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if re.fullmatch(r"-?\d{1,15}", text):
        return int(number)
    as_float = float(number)
    return as_float if repr(as_float) == text else text


def _scalar_cell(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "yes_no":
        return YES if value else NO
    if kind == "number":
        return _number_cell(value)
    if kind == "date":
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return value


def _header(sheet: Worksheet, labels: Iterable[str], widths: Iterable[int]) -> None:
    for index, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=label)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    print_setup(sheet, grid_lines=False)


def _protect(sheet: Worksheet) -> None:
    """Locked cells cannot be typed over; columns and rows may still be resized and filtered."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.autoFilter = False
    protection.sort = False


def _sheet_title(text: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\']", " ", text).strip()[:31] or "sheet"
    base, number = title, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


class _Lists:
    """The hidden sheet of drop-down lists: one column of codes per list."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.column = 0
        self.known: dict[tuple[str, ...], str] = {}

    def formula(self, codes: tuple[str, ...]) -> str:
        if codes not in self.known:
            self.column += 1
            for row, code in enumerate(codes, start=1):
                _put(self.sheet, row, self.column, code)
            letter = get_column_letter(self.column)
            self.known[codes] = (
                f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${max(len(codes), 1)}"
            )
        return self.known[codes]


def _validation(
    sheet: Worksheet, formula: str, cells: str, *, strict: bool = True, prompt: str = ""
) -> DataValidation:
    validation = DataValidation(
        type="list", formula1=formula, allow_blank=True, showErrorMessage=strict
    )
    if strict:
        validation.error = _("Choose a value from the list.")
        validation.errorTitle = _("Not in the list")
    if prompt:
        validation.prompt = prompt
        validation.showInputMessage = True
    validation.add(cells)
    sheet.add_data_validation(validation)
    return validation


def _choices_text(choices: tuple[OfflineChoice, ...]) -> str:
    return "\n".join(f"{choice.code} = {choice.label}" for choice in choices)


def _allowed_text(question: OfflineQuestion) -> str:
    if question.type == "yes_no":
        return f"{YES} / {NO}"
    if question.type == "single_choice":
        return _choices_text(question.choices)
    if question.type == "multi_choice":
        return _("Codes separated by ;") + "\n" + _choices_text(question.choices)
    if question.type == "date":
        return "YYYY-MM-DD"
    return ""


def write_offline_workbook(*, answers: OfflineAnswers, stream: IO[bytes]) -> None:
    """The workbook of `answers`: instructions, a sheet per area and per table, lists, meta."""
    workbook = openpyxl.Workbook()
    intro = workbook.active
    assert intro is not None
    taken: set[str] = {META_SHEET, LISTS_SHEET}
    intro.title = _sheet_title(_("Instructions"), taken)
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists = _Lists(lists_sheet)
    yes_no = lists.formula((YES, NO))
    na_list = lists.formula((YES,))
    meta_rows: list[tuple[Any, ...]] = [
        ("format", FORMAT),
        ("assessment", answers.assessment_id),
        ("version", answers.version_hash),
    ]
    area_sheets = []
    tables: list[tuple[OfflineQuestion, str]] = []
    for area in answers.areas:
        sheet = workbook.create_sheet(_sheet_title(f"{area.code} {area.title}", taken))
        area_sheets.append(sheet)
        meta_rows.append(("area", area.code, sheet.title))
        _header(sheet, (str(c.label) for c in AREA_COLUMNS), (c.width for c in AREA_COLUMNS))
        for row, question in enumerate(area.questions, start=2):
            table_title = ""
            if question.type == "table":
                table_title = _sheet_title(question.code, taken)
                tables.append((question, table_title))
            _area_row(sheet, row, question, table_title, lists, yes_no, na_list)
            meta_rows.append(
                (
                    "question",
                    question.code,
                    question.revision,
                    question.fingerprint,
                    table_title,
                    ",".join(column.code for column in question.columns),
                )
            )
        _protect(sheet)
    for question, title in tables:
        _table_sheet(workbook.create_sheet(title), question, lists, yes_no)
    _instructions(intro, answers, [sheet.title for sheet in area_sheets])
    meta = workbook.create_sheet(META_SHEET)
    for row, values in enumerate(meta_rows, start=1):
        for column, value in enumerate(values, start=1):
            _put(meta, row, column, value)
    meta.sheet_state = "hidden"
    lists_sheet.sheet_state = "hidden"
    _protect(meta)
    _protect(lists_sheet)
    workbook.save(stream)


def _area_row(
    sheet: Worksheet,
    row: int,
    question: OfflineQuestion,
    table_title: str,
    lists: _Lists,
    yes_no: str,
    na_list: str,
) -> None:
    values: dict[str, Any] = {
        "code": question.code,
        "question": question.text,
        "type": question.type_label,
        "unit": question.unit,
        "required": _("yes") if question.is_required else _("no"),
        "choices": _allowed_text(question),
        "answer": None,
        "not_applicable": YES if question.not_applicable else None,
        "justification": question.justification or None,
    }
    if question.type == "table":
        values["answer"] = _("See sheet %(sheet)s") % {"sheet": table_title}
    elif question.type == "file":
        values["answer"] = _("Upload documents in the portal.")
    elif question.type == "multi_choice" and question.value:
        values["answer"] = "; ".join(question.value)
    elif not question.not_applicable:
        values["answer"] = _scalar_cell(question.type, question.value)
    for index, column in enumerate(AREA_COLUMNS, start=1):
        cell = _put(sheet, row, index, values[column.key])
        cell.alignment = WRAP
        if not question.is_editable:
            cell.fill = LOCKED_FILL
    # Excel and LibreOffice do not fit a row's height to wrapped text on opening the file.
    lines = max(text_lines(values[column.key], column.width) for column in AREA_COLUMNS)
    sheet.row_dimensions[row].height = min(409, 15 * lines)
    answer_cell = f"{ANSWER}{row}"
    if question.type == "table":
        sheet[answer_cell].hyperlink = f"#{quote_sheetname(table_title)}!A1"
    if question.type == "date":
        sheet[answer_cell].number_format = DATE_FORMAT
    if not question.is_editable:
        return
    editable = [NOT_APPLICABLE, JUSTIFICATION] if question.allows_not_applicable else []
    if question.type not in ("table", "file"):
        editable.append(ANSWER)
    for letter in editable:
        sheet[f"{letter}{row}"].protection = UNLOCKED
        sheet[f"{letter}{row}"].fill = OPEN_FILL
    if question.allows_not_applicable:
        _validation(sheet, na_list, f"{NOT_APPLICABLE}{row}")
    codes = tuple(choice.code for choice in question.choices)
    if question.type == "yes_no":
        _validation(sheet, yes_no, answer_cell)
    elif question.type == "single_choice":
        _validation(sheet, lists.formula(codes), answer_cell)
    elif question.type == "multi_choice":
        _validation(
            sheet,
            lists.formula(codes),
            answer_cell,
            strict=False,
            prompt=_("Codes separated by ;"),
        )


def _table_sheet(sheet: Worksheet, question: OfflineQuestion, lists: _Lists, yes_no: str) -> None:
    columns = question.columns
    labels = [
        f"{column.label} ({column.code})"
        + (f" [{column.unit}]" if column.unit else "")
        + (" *" if column.is_required else "")
        for column in columns
    ]
    _header(sheet, labels, [max(14, min(40, len(label) + 4)) for label in labels])
    rows = [] if question.not_applicable else list(question.value or [])
    last = MAX_TABLE_ROWS + 1
    for row, values in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            cell = _put(sheet, row, index, _scalar_cell(column.type, values.get(column.code)))
            if column.type == "date":
                cell.number_format = DATE_FORMAT
    if not question.is_editable:
        _protect(sheet)
        return
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{last}"
        if column.type == "yes_no":
            _validation(sheet, yes_no, cells)
        elif column.type == "single_choice":
            codes = tuple(choice.code for choice in column.choices)
            _validation(sheet, lists.formula(codes), cells)
        if column.type == "date":  # the column's format: no empty cells are written
            sheet.column_dimensions[letter].number_format = DATE_FORMAT


def _instructions(sheet: Worksheet, answers: OfflineAnswers, area_titles: list[str]) -> None:
    lines = [
        (_("Answers offline: %(campaign)s") % {"campaign": answers.campaign}, TITLE_FONT),
        (answers.supplier, None),
        ("", None),
        (
            _(
                "Type the answers in the yellow cells of each area's sheet; grey rows cannot "
                "change."
            ),
            None,
        ),
        (
            _("Yes / no and single choices: pick from the drop-down (yes, no, or a choice code)."),
            None,
        ),
        (_("Several choices: their codes separated by ; (for example a; b)."), None),
        (_("Numbers in the question's unit; dates as YYYY-MM-DD."), None),
        (_("Not applicable: yes, with a justification."), None),
        (_("Tables: one row per line on the table's own sheet."), None),
        (_("Formulas are read as their text, never calculated: type values."), None),
        (
            _(
                "Upload the file on the portal's offline page. Answers changed in the portal "
                "since this download are not overwritten: the upload lists them."
            ),
            None,
        ),
        ("", None),
        *((title, None) for title in area_titles),
    ]
    sheet.column_dimensions["A"].width = 100
    for row, (text, font) in enumerate(lines, start=1):
        cell = _put(sheet, row, 1, text)
        cell.alignment = Alignment(wrap_text=True)
        if font is not None:
            cell.font = font


# --- Reading --------------------------------------------------------------------------------


class OfflineProblem(NamedTuple):
    """One problem of an upload: sheet, row as Excel numbers it (None: the whole sheet or
    file), column letter ("" for a whole row or sheet), message."""

    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


class OfflineCell(NamedTuple):
    """A cell as typed: text, a bool or None (numbers and dates as their text)."""

    sheet: str
    row: int
    column: str
    value: Any


class OfflineEntry(NamedTuple):
    """A question's row of an area sheet."""

    code: str
    answer: OfflineCell
    not_applicable: OfflineCell
    justification: OfflineCell


class OfflineTableRow(NamedTuple):
    row: int
    cells: tuple[tuple[str, OfflineCell], ...]  # column code, cell


class OfflineDownloaded(NamedTuple):
    """What the hidden sheet says of one answer as it was downloaded."""

    revision: int
    fingerprint: str
    table_sheet: str
    columns: tuple[str, ...]


class OfflineUpload(NamedTuple):
    assessment_id: str
    version_hash: str
    downloaded: dict[str, OfflineDownloaded]
    entries: list[OfflineEntry]
    tables: dict[str, tuple[str, list[OfflineTableRow]]]  # question code: sheet, rows
    problems: list[OfflineProblem]


def split_codes(value: Any) -> list[str]:
    """A multi-choice cell's codes ("a; b"), in the order typed."""
    if value is None or isinstance(value, bool):
        return [] if value is None else [str(value)]
    return [part.strip() for part in CODE_SEPARATORS.split(str(value)) if part.strip()]


def _typed(cell: Any) -> Any:
    """What a cell holds, as the value rules read it: a formula as its text, never evaluated."""
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f":
        return str(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _file_problem(message: str) -> OfflineUpload:
    return OfflineUpload("", "", {}, [], {}, [OfflineProblem("file", None, "", message)])


def read_offline_workbook(*, stream: IO[bytes], size: int) -> OfflineUpload:
    """An answers workbook as typed, or the problems that stop it being read (bounded first)."""
    if size > OFFLINE_MAX_BYTES:
        return _file_problem(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": OFFLINE_MAX_BYTES // 1024 // 1024}
        )
    limits = WorkbookLimits(
        max_rows=OFFLINE_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_strings=OFFLINE_MAX_STRINGS,
    )
    not_a_workbook = _(
        "This file is not an answers workbook (.xlsx) from GreenGate: download it again."
    )
    try:
        workbook_check(
            stream,
            archive=archive_limits(max_total_bytes=OFFLINE_MAX_UNPACKED_BYTES),
            limits=limits,
        )
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False, keep_links=False)
    except WorkbookBoundsError as exc:
        return OfflineUpload(
            "", "", {}, [], {}, [OfflineProblem(exc.sheet, exc.row, exc.column, exc.message)]
        )
    except UploadInvalidError as exc:  # the archive's limits, or XML entities
        return _file_problem(exc.message)
    except DAMAGED_WORKBOOK_ERRORS:
        return _file_problem(not_a_workbook)
    try:
        return _read(workbook)
    except DAMAGED_WORKBOOK_ERRORS:
        return _file_problem(not_a_workbook)
    finally:
        workbook.close()


def _rows(sheet: Any, *, columns: int, first: int = 1) -> Iterable[tuple[int, list[Any]]]:
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(min_row=first, max_col=columns), start=first):
        yield number, list(cells)


def _read(workbook: Any) -> OfflineUpload:
    problems: list[OfflineProblem] = []
    if META_SHEET not in workbook.sheetnames:
        return _file_problem(
            _("This workbook has no hidden sheet %(sheet)s: download the answers workbook again.")
            % {"sheet": META_SHEET}
        )
    settings_: dict[str, str] = {}
    area_sheets: list[str] = []
    downloaded: dict[str, OfflineDownloaded] = {}
    for _number, cells in _rows(workbook[META_SHEET], columns=6):
        values = [_typed(cell) for cell in cells] + [None] * 6
        kind = values[0]
        if kind in ("format", "assessment", "version"):
            settings_[kind] = values[1] or ""
        elif kind == "area" and values[2]:
            area_sheets.append(values[2])
        elif kind == "question" and values[1]:
            try:
                revision = int(values[2] or 0)
            except ValueError:
                revision = -1
            downloaded[values[1]] = OfflineDownloaded(
                revision,
                values[3] or "",
                values[4] or "",
                tuple(code for code in (values[5] or "").split(",") if code),
            )
    if settings_.get("format") != FORMAT:
        return _file_problem(
            _("This workbook is not an answers workbook from GreenGate: download it again.")
        )
    entries = []
    width = len(AREA_COLUMNS)
    for title in area_sheets:
        if title not in workbook.sheetnames:
            problems.append(OfflineProblem(title, None, "", _("This sheet is missing.")))
            continue
        for number, cells in _rows(workbook[title], columns=width, first=2):
            values = [_typed(cell) for cell in cells] + [None] * width
            code = values[0]
            if code is None or not str(code).strip():
                continue

            entries.append(
                OfflineEntry(
                    str(code).strip(),
                    *(
                        OfflineCell(title, number, letter, values[POSITIONS[letter]])
                        for letter in (ANSWER, NOT_APPLICABLE, JUSTIFICATION)
                    ),
                )
            )
    tables: dict[str, tuple[str, list[OfflineTableRow]]] = {}
    for code, known in downloaded.items():
        if not known.table_sheet:
            continue
        title = known.table_sheet
        if title not in workbook.sheetnames:
            problems.append(OfflineProblem(title, None, "", _("This sheet is missing.")))
            continue
        rows = []
        count = len(known.columns)
        for number, cells in _rows(workbook[title], columns=max(count, 1), first=2):
            values = [_typed(cell) for cell in cells] + [None] * count
            if all(value is None or str(value).strip() == "" for value in values[:count]):
                continue
            rows.append(
                OfflineTableRow(
                    number,
                    tuple(
                        (column, OfflineCell(title, number, get_column_letter(i + 1), values[i]))
                        for i, column in enumerate(known.columns)
                    ),
                )
            )
        tables[code] = (title, rows)
    return OfflineUpload(
        str(settings_.get("assessment") or ""),
        str(settings_.get("version") or ""),
        downloaded,
        entries,
        tables,
        problems,
    )
