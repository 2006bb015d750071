"""Questionnaire definitions as .xlsx (settings, areas, questions, choices, columns) and JSON.

The only module of the app that uses openpyxl. Reading turns cells into a definition and
reports every cell it cannot read with its sheet, row (header = row 1) and column; the
definition's own rules are checked afterwards by `validation.validate_definition`.

The import reads an upload in the web request, so before openpyxl opens it the archive is
checked (at most DEFINITION_IMPORT_MAX_UNPACKED_BYTES unpacked, the IMPORT_ARCHIVE_* limits) and
every sheet's rows and cells are counted by a streaming scan (`core.spreadsheets`): at most
DEFINITION_IMPORT_MAX_ROWS rows a sheet and IMPORT_MAX_COLUMNS cells a row reach the parser."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import IO, Any

import openpyxl
from django.conf import settings
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill

from assessments.questionnaires.definitions import (
    AREA_KEYS,
    CHOICE_KEYS,
    CODE_OF_CONDUCT_KEYS,
    COLUMN_KEYS,
    FORMAT,
    QUESTION_KEYS,
    DefinitionError,
    plain_number,
    to_decimal,
)
from core.errors import UploadInvalidError
from core.parsers import json_loads
from core.spreadsheets import (
    DAMAGED_WORKBOOK_ERRORS,
    WorkbookBoundsError,
    WorkbookLimits,
    workbook_check,
)
from core.uploads import archive_limits

# The questions sheet spells the condition out in three columns.
QUESTION_SHEET_KEYS = tuple(
    part
    for key in QUESTION_KEYS
    for part in (
        ("condition_question", "condition_operator", "condition_value")
        if key == "condition"
        else (key,)
    )
)
SHEETS = {
    "areas": AREA_KEYS,
    "questions": QUESTION_SHEET_KEYS,
    "choices": CHOICE_KEYS,
    "columns": COLUMN_KEYS,
}
# Columns a workbook may leave out: those added after the format's first files were written.
OPTIONAL_KEYS = {"choices": {"exclusive"}, "questions": {"requires_validity"}}
BOOLEAN_KEYS = {
    "is_required",
    "allows_not_applicable",
    "requires_evidence",
    "requires_validity",
    "data_quality",
    "exclusive",
}
# Codes and the references to them, read as written (see _code_cell).
CODE_KEYS = {"code", "area", "question", "column"}
NUMBER_KEYS = {"weight", "max_points", "points_yes", "points_no", "min", "max", "points"}
BAND = re.compile(r"^\s*(-?[\d.]*)\s*\.\.\s*(-?[\d.]*)\s*=\s*(-?[\d.]+)\s*$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain_number(value)
    return value


def _text_cell(sheet: Any, row: int, column: int, value: Any) -> Cell:
    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if isinstance(value, str) and value.startswith(FORMULA_START):
        # Text that looks like a formula stays text (a definition holds no formulas).
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def bands_to_text(bands: list[dict[str, Any]]) -> str:
    parts = []
    for band in bands:
        low = "" if band.get("min") is None else str(plain_number(band["min"]))
        high = "" if band.get("max") is None else str(plain_number(band["max"]))
        parts.append(f"{low}..{high}={plain_number(band['points'])}")
    return "; ".join(parts)


def _condition_value_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def write_definition_workbook(*, definition: dict[str, Any], stream: IO[bytes]) -> None:
    workbook = openpyxl.Workbook()
    settings_sheet = workbook.active
    assert settings_sheet is not None
    settings_sheet.title = "settings"
    meta = definition["questionnaire"]
    version = definition.get("version") or {}
    rows = [
        ("key", "value"),
        ("format", FORMAT),
        ("code", meta["code"]),
        ("name_en", meta["name_en"]),
        ("name_zh", meta["name_zh"]),
        ("version", version.get("number")),
        ("status", version.get("status")),
        ("content_hash", version.get("content_hash")),
        *((key, definition.get(key) or None) for key in CODE_OF_CONDUCT_KEYS),
    ]
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            _text_cell(settings_sheet, row_number, column_number, value)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="2E7D32")
    for name, keys in SHEETS.items():
        sheet = workbook.create_sheet(name)
        for column_number, key in enumerate(keys, start=1):
            cell = sheet.cell(row=1, column=column_number, value=key)
            cell.font = header_font
            cell.fill = header_fill
        sheet.freeze_panes = "A2"
        for row_number, item in enumerate(definition[name], start=2):
            values = _row_values(name, item)
            for column_number, key in enumerate(keys, start=1):
                _text_cell(sheet, row_number, column_number, values.get(key))
        for column_number, key in enumerate(keys, start=1):
            letter = sheet.cell(row=1, column=column_number).column_letter
            wide = key.startswith(("text_", "help_", "label_", "title_"))
            sheet.column_dimensions[letter].width = 50 if wide else max(12, len(key) + 2)
    workbook.save(stream)


def _row_values(sheet: str, item: dict[str, Any]) -> dict[str, Any]:
    values = dict(item)
    if sheet == "questions":
        condition = values.pop("condition", None) or {}
        values["condition_question"] = condition.get("question")
        values["condition_operator"] = condition.get("operator")
        values["condition_value"] = _condition_value_text(condition.get("value"))
        values["categories"] = ", ".join(values.get("categories") or [])
        values["bands"] = bands_to_text(values.get("bands") or [])
    return {key: (None if value == "" else value) for key, value in values.items()}


def parse_definition_json(raw: bytes) -> tuple[dict[str, Any] | None, list[DefinitionError]]:
    try:
        # Bounded: a deeply nested file or a lone surrogate is refused, not a 500 (core.parsers).
        data = json_loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, [DefinitionError("file", None, "", f"Not valid JSON: {exc}")]
    if not isinstance(data, dict):
        return None, [DefinitionError("file", None, "", "The JSON file must hold one object.")]
    if data.get("format") != FORMAT:
        return None, [
            DefinitionError(
                "file", None, "format", f"Unknown format {data.get('format')!r}; expected {FORMAT}."
            )
        ]
    return data, []


def read_definition_workbook(
    stream: IO[bytes],
) -> tuple[dict[str, Any] | None, list[DefinitionError]]:
    """A definition from an .xlsx file, or the cells that could not be read."""
    max_rows = settings.DEFINITION_IMPORT_MAX_ROWS
    max_columns = settings.IMPORT_MAX_COLUMNS
    limits = WorkbookLimits(
        max_rows=max_rows,
        max_columns=max_columns,
        max_strings=(max_rows + 1) * max_columns,
        sheets=("settings", *SHEETS),
    )
    archive = archive_limits(max_total_bytes=settings.DEFINITION_IMPORT_MAX_UNPACKED_BYTES)
    try:
        workbook_check(stream, archive=archive, limits=limits)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except WorkbookBoundsError as exc:
        return None, [DefinitionError(exc.sheet, exc.row, exc.column, exc.message)]
    except UploadInvalidError as exc:  # the archive's limits, or XML entities
        return None, [DefinitionError("file", None, "", exc.message)]
    except DAMAGED_WORKBOOK_ERRORS:
        return None, [DefinitionError("file", None, "", "Not a valid .xlsx workbook.")]
    try:
        return _read(workbook)
    finally:
        workbook.close()


def _read(workbook: Any) -> tuple[dict[str, Any] | None, list[DefinitionError]]:
    errors: list[DefinitionError] = []
    missing = [name for name in ("settings", *SHEETS) if name not in workbook.sheetnames]
    if missing:
        return None, [DefinitionError(name, None, "", "Sheet missing.") for name in missing]
    meta: dict[str, Any] = {}
    settings_rows = _rows(workbook["settings"], ("key", "value"), errors)
    for _row, values in settings_rows:
        meta[str(values.get("key") or "")] = values.get("value")
    if meta.get("format") not in (None, FORMAT):
        errors.append(
            DefinitionError("settings", None, "format", f"Unknown format {meta['format']!r}.")
        )
    definition: dict[str, Any] = {
        "format": FORMAT,
        "questionnaire": {
            "code": _code_cell(meta.get("code")),
            "name_en": _str(meta.get("name_en")),
            "name_zh": _str(meta.get("name_zh")),
        },
        **{key: _str(meta.get(key)) for key in CODE_OF_CONDUCT_KEYS},
    }
    for name, keys in SHEETS.items():
        items = []
        for row, values in _rows(workbook[name], keys, errors):
            items.append(_convert(name, row, values, errors))
        definition[name] = items
    types: dict[str, Any] = {}
    for question in definition["questions"]:
        types.setdefault(question.get("code"), question.get("type"))
    for question in definition["questions"]:
        condition = question.get("condition")
        if condition and condition.get("question") in types:
            condition["value"] = _condition_value(
                condition["value"], types[condition["question"]], condition.get("operator")
            )
    return (None, errors) if errors else (definition, [])


def _rows(
    sheet: Any, keys: tuple[str, ...], errors: list[DefinitionError]
) -> list[tuple[int, dict[str, Any]]]:
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        errors.append(DefinitionError(sheet.title, 1, "", "The header row is missing."))
        return []
    names = [None if value is None else str(value).strip() for value in header]
    for name in names:
        if name is not None and name not in keys:
            errors.append(DefinitionError(sheet.title, 1, name, f"Unknown column {name}."))
    optional = OPTIONAL_KEYS.get(sheet.title, set())
    for key in keys:
        if key not in names and sheet.title != "settings" and key not in optional:
            errors.append(DefinitionError(sheet.title, 1, key, f"Column {key} is missing."))
    result = []
    max_rows = settings.DEFINITION_IMPORT_MAX_ROWS
    for row_number, values in enumerate(rows, start=2):
        if row_number > max_rows + 1:
            errors.append(
                DefinitionError(sheet.title, row_number, "", f"More than {max_rows} rows.")
            )
            break
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        result.append(
            (
                row_number,
                {name: value for name, value in zip(names, values, strict=False) if name in keys},
            )
        )
    return result


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _code_cell(value: Any) -> str:
    """A code cell as written (a number typed as one is its digits): a space or line break
    around a code is refused by validation, as in JSON, not silently dropped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _bool(value: Any, sheet: str, row: int, key: str, errors: list[DefinitionError]) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "y"):
        return True
    if text in ("false", "no", "0", "n"):
        return False
    errors.append(DefinitionError(sheet, row, key, f"{value!r} is not TRUE or FALSE."))
    return None


def _convert(
    sheet: str, row: int, values: dict[str, Any], errors: list[DefinitionError]
) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for key, value in values.items():
        if key in BOOLEAN_KEYS:
            parsed = _bool(value, sheet, row, key, errors)
            if parsed is not None:
                item[key] = parsed
        elif key in NUMBER_KEYS:
            try:
                number = to_decimal(value)
            except ValueError as exc:
                errors.append(DefinitionError(sheet, row, key, str(exc)))
                continue
            item[key] = plain_number(number)
        elif key in ("condition_question", "condition_operator", "condition_value"):
            continue
        elif key == "categories":
            item[key] = [part.strip() for part in _str(value).split(",") if part.strip()]
        elif key == "bands":
            item[key] = _bands(_str(value), sheet, row, errors)
        elif key in CODE_KEYS:
            item[key] = _code_cell(value)
        else:
            item[key] = _str(value)
    if sheet == "questions":
        target = _code_cell(values.get("condition_question"))
        operator = _str(values.get("condition_operator"))
        if target or operator:
            item["condition"] = {
                "question": target,
                "operator": operator,
                "value": values.get("condition_value"),
            }
        else:
            item["condition"] = None
        for key in ("help_en", "help_zh", "unit"):
            item.setdefault(key, "")
    if sheet in ("choices",):
        item.setdefault("column", "")
    return item


def _bands(text: str, sheet: str, row: int, errors: list[DefinitionError]) -> list[dict[str, Any]]:
    bands = []
    for part in [part for part in text.split(";") if part.strip()]:
        match = BAND.match(part)
        if not match:
            errors.append(
                DefinitionError(
                    sheet, row, "bands", f"{part.strip()!r}: write bands as min..max=points; ..."
                )
            )
            continue
        low, high, points = match.groups()
        try:
            bands.append(
                {
                    "min": plain_number(to_decimal(low)),
                    "max": plain_number(to_decimal(high)),
                    "points": plain_number(to_decimal(points)),
                }
            )
        except ValueError as exc:
            errors.append(DefinitionError(sheet, row, "bands", str(exc)))
    return bands


def _condition_value(value: Any, target_type: str | None, operator: str | None) -> Any:
    """The typed condition value; what cannot be typed stays as written, for validation to name."""
    if operator == "answered":
        return None
    if operator == "in":
        return [part.strip() for part in _str(value).split(",") if part.strip()]
    if target_type == "yes_no":
        errors: list[DefinitionError] = []
        parsed = _bool(value, "questions", 0, "condition_value", errors)
        return value if errors or parsed is None else parsed
    if target_type == "number":
        try:
            return plain_number(to_decimal(value))
        except ValueError:
            return value
    return _str(value)
