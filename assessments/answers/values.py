"""Parsing and checking an answer's value against its question type (pure: no queries)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from assessments.answers.models import DATA_QUALITY_CHOICES
from assessments.ghg.checks import energy_units_check
from assessments.models import Question
from core.parsers import is_storable_text

MAX_TEXT = 10_000
MAX_TABLE_ROWS = 500
# What a spreadsheet or a float keeps exactly: more digits would be changed silently later.
MAX_SIGNIFICANT_DIGITS = 15
# Below 10^15 in absolute value (what 15 digits write) and at most 15 decimal places: bounds
# checked on the exponent as typed, so that no huge number is ever written out or rounded.
MAX_NUMBER_ABS = Decimal(10) ** MAX_SIGNIFICANT_DIGITS
MAX_DECIMAL_PLACES = 15
# Digits, sign, point, exponent and separators of a number of 15 significant digits, with room
# for leading zeros; anything longer is refused before it is read as a number.
MAX_NUMBER_CHARS = 40
DATA_QUALITY_CODES = {code for code, _label in DATA_QUALITY_CHOICES}


def _choice_codes(question: Question, column_code: str = "") -> set[str]:
    return {
        choice.code
        for choice in question.choices.all()
        if (choice.column.code if choice.column is not None else "") == column_code
    }


def plain_decimal(number: Decimal) -> str:
    """A number as people write it: no exponent, no trailing zeros ("100", "0.5", never "1E+2")."""
    normal = number.normalize()
    return "0" if normal.is_zero() else format(normal, "f")


def significant_digits(number: Decimal) -> int:
    """The digits it takes to write the number, leading zeros aside (1200 has 4, 0.0012 has 2)."""
    normal = number.normalize()
    if normal.is_zero():
        return 1
    _sign, digits, exponent = normal.as_tuple()
    return len(digits) + max(int(exponent), 0)


def _number(value: Any, *, minimum: Decimal | None = None, maximum: Decimal | None = None) -> str:
    if isinstance(value, bool):
        raise ValueError(_("Enter a number."))
    typed = str(value).strip().replace(",", "")
    if len(typed) > MAX_NUMBER_CHARS:
        raise ValueError(
            _("Enter a number of at most %(count)s characters.") % {"count": MAX_NUMBER_CHARS}
        )
    try:
        number = Decimal(typed)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(_("Enter a number.")) from exc
    if not number.is_finite():
        raise ValueError(_("Enter a number."))
    # The exponent is checked as typed, before anything normalises, rounds or writes the number
    # out: "1e999999999" overflows Decimal's context and "1e-999999" is a million digits long.
    if number.is_zero():
        number = Decimal(0)
    elif number.adjusted() >= MAX_NUMBER_ABS.adjusted():
        raise ValueError(
            _("Use at most %(count)s significant digits.") % {"count": MAX_SIGNIFICANT_DIGITS}
        )
    elif number.adjusted() < -MAX_DECIMAL_PLACES:
        raise ValueError(_("Use at most %(count)s decimal places.") % {"count": MAX_DECIMAL_PLACES})
    if significant_digits(number) > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(
            _("Use at most %(count)s significant digits.") % {"count": MAX_SIGNIFICANT_DIGITS}
        )
    if -int(number.normalize().as_tuple().exponent) > MAX_DECIMAL_PLACES:
        raise ValueError(_("Use at most %(count)s decimal places.") % {"count": MAX_DECIMAL_PLACES})
    if minimum is not None and number < minimum:
        raise ValueError(_("Enter a number of at least %(min)s.") % {"min": plain_decimal(minimum)})
    if maximum is not None and number > maximum:
        raise ValueError(_("Enter a number of at most %(max)s.") % {"max": plain_decimal(maximum)})
    # Written out, never with an exponent ("1E-7"); decimals keep the places typed ("1.50").
    return plain_decimal(number) if number == number.to_integral() else format(number, "f")


def _date(value: Any) -> str:
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as exc:
        raise ValueError(_("Enter a date as YYYY-MM-DD.")) from exc


def _scalar(kind: str, value: Any, question: Question, column_code: str = "") -> Any:
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "yes", "1"):
            return True
        if str(value).lower() in ("false", "no", "0"):
            return False
        raise ValueError(_("Answer yes or no."))
    if kind == "single_choice":
        if str(value) not in _choice_codes(question, column_code):
            raise ValueError(_("Choose one of the options."))
        return str(value)
    if kind == "number":
        if column_code:
            return _number(value)
        return _number(value, minimum=question.min_value, maximum=question.max_value)
    if kind == "date":
        return _date(value)
    if kind == "text":
        if isinstance(value, (dict, list, tuple)):  # never stored as its Python repr
            raise ValueError(_("Enter text."))
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValueError(_("At most %(max)s characters.") % {"max": MAX_TEXT})
        if not is_storable_text(text):
            raise ValueError(_("The text contains a character that cannot be stored."))
        return text
    raise ValueError(_("This question takes no typed value."))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def clean_value(question: Question, value: Any) -> Any:
    """The stored form of an answer value, or ValueError with a message for the supplier."""
    if _empty(value):
        return None
    if question.type == Question.Type.MULTI_CHOICE:
        if not isinstance(value, list):
            raise ValueError(_("Choose any number of the options."))
        codes = _choice_codes(question)
        chosen = [str(item) for item in value]
        if any(item not in codes for item in chosen):
            raise ValueError(_("Choose among the options."))
        _check_exclusive(question, set(chosen))
        return [
            code for code in (choice.code for choice in question.choices.all()) if code in chosen
        ]
    if question.type == Question.Type.FILE:
        raise ValueError(_("Upload documents to answer this question."))
    if question.type == Question.Type.TABLE:
        rows = _clean_table(question, value)
        energy_units_check(question, value)  # GHG: only units with a conversion per type
        return rows or None  # only blank rows: not answered
    return _scalar(question.type, value, question)


def _check_exclusive(question: Question, chosen: set[str]) -> None:
    """An exclusive choice ("None") is ticked alone or not at all."""
    if len(chosen) < 2:
        return
    for choice in question.choices.all():
        if choice.column_id is None and choice.is_exclusive and choice.code in chosen:
            raise ValueError(
                _("“%(choice)s” cannot be combined with other choices.") % {"choice": choice.label}
            )


def _clean_table(question: Question, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ValueError(_("A table is a list of rows."))
    if len(value) > MAX_TABLE_ROWS:
        raise ValueError(_("At most %(max)s rows.") % {"max": MAX_TABLE_ROWS})
    columns = list(question.columns.all())
    codes = {column.code for column in columns}
    rows = []
    for number, row in enumerate(value, start=1):
        unknown = sorted(set(row) - codes)
        if unknown:
            raise ValueError(
                _("Row %(row)s: unknown columns %(columns)s.")
                % {"row": number, "columns": ", ".join(unknown)}
            )
        if all(_empty(row.get(column.code)) for column in columns):
            continue  # an empty row added and left blank
        clean: dict[str, Any] = {}
        for column in columns:
            cell = row.get(column.code)
            if _empty(cell):
                if column.is_required:
                    raise ValueError(
                        _("Row %(row)s: %(column)s is required.")
                        % {"row": number, "column": column.label}
                    )
                clean[column.code] = None
                continue
            try:
                clean[column.code] = _scalar(column.type, cell, question, column.code)
            except ValueError as exc:
                raise ValueError(
                    _("Row %(row)s, %(column)s: %(error)s")
                    % {"row": number, "column": column.label, "error": exc}
                ) from exc
        rows.append(clean)
    return rows
