"""An answer in words: the one rule the staff assessment page and the audit workbook share.

A yes/no value reads "Yes" or "No", a choice reads its label (several choices are joined by
"; "), anything else reads as stored, and a value is followed by its unit when it has one (in
the workbook a number stays a number, its unit in a column of its own). A table is its rows of
such cells. Labels follow the active language, so words are read from a question when they are
shown and never cached across requests.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from assessments.models import Answer, Question

# Plain strings: compared once per cell of a large workbook.
YES_NO, NUMBER, TABLE = (
    Question.Type.YES_NO.value,
    Question.Type.NUMBER.value,
    Question.Type.TABLE.value,
)


CHOICE_TYPES = (Question.Type.SINGLE_CHOICE.value, Question.Type.MULTI_CHOICE.value)


EMPTY_VALUES: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True, slots=True)
class ColumnWords:
    """A table column as its cells are shown: code, label, type, unit and choice labels."""

    code: str
    label: str
    type: str
    unit: str
    labels: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class QuestionWords:
    """What showing a question's answers needs, read once in the active language."""

    type: str
    unit: str
    labels: Mapping[str, str]
    columns: tuple[ColumnWords, ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerTable:
    """A table answer on the staff page: column headers with units, then the rows' cells."""

    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True, slots=True)
class AnswerDisplay:
    """An answer on the staff page: its words, or a table of words (both empty: nothing)."""

    text: str
    table: AnswerTable | None = None


def question_words(question: Question) -> QuestionWords:
    """The question's type, unit and choice labels, and its table columns', in the active language.

    Reads the question's prefetched choices and columns (`version_load` prefetches them).
    """
    columns: tuple[ColumnWords, ...] = ()
    if question.type == TABLE:
        columns = tuple(
            ColumnWords(
                code=column.code,
                label=column.label,
                type=column.type,
                unit=column.unit,
                labels={choice.code: choice.label for choice in column.choices.all()},
            )
            for column in question.columns.all()
        )
    return QuestionWords(
        type=question.type,
        unit=question.unit,
        labels={
            choice.code: choice.label
            for choice in question.choices.all()
            if choice.column_id is None
        },
        columns=columns,
    )


def value_text(kind: str, value: Any, *, labels: Mapping[str, str], unit: str = "") -> str:
    """One value in words ("" if empty): Yes or No, choice labels, else as stored; then its unit."""
    if value is None or value == "":
        return ""
    if kind == YES_NO and (value is True or value is False):
        text = _("Yes") if value else _("No")
    elif kind in CHOICE_TYPES:
        codes = value if isinstance(value, list) else [value]
        text = "; ".join(labels.get(str(code), str(code)) for code in codes)
    else:
        text = str(value)
    return f"{text} {unit}" if unit and text else text


def table_cells(words: QuestionWords, rows: Sequence[Any]) -> list[list[str]]:
    """A table answer's cells in words, one list per row (anything but a row object is skipped)."""
    return [
        [
            value_text(column.type, row.get(column.code), labels=column.labels, unit=column.unit)
            for column in words.columns
        ]
        for row in rows
        if isinstance(row, dict)
    ]


def answer_text(*, words: QuestionWords, value: Any) -> str | Decimal | None:
    """The answer as one spreadsheet cell: a number stays a number (its unit has its own
    column), a table is one line per row of "column: cell" pairs, None when there is none."""
    if value is None or value in EMPTY_VALUES:
        return None
    if words.type == NUMBER:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return str(value)
        return number if number.is_finite() else str(value)
    if words.type == TABLE and isinstance(value, list):
        return "\n".join(
            "; ".join(
                f"{column.label}: {cell}" for column, cell in zip(words.columns, cells, strict=True)
            )
            for cells in table_cells(words, value)
        )
    if words.type == YES_NO or words.type in CHOICE_TYPES:
        return value_text(words.type, value, labels=words.labels)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def answer_display(*, question: Question, answer: Answer | None) -> AnswerDisplay:
    """The answer for the staff page, in words; nothing when unanswered or not applicable."""
    if answer is None or answer.not_applicable or answer.value in EMPTY_VALUES:
        return AnswerDisplay(text="")
    words = question_words(question)
    if words.type == TABLE and isinstance(answer.value, list):
        headers = [
            f"{column.label} ({column.unit})" if column.unit else column.label
            for column in words.columns
        ]
        return AnswerDisplay(text="", table=AnswerTable(headers, table_cells(words, answer.value)))
    return AnswerDisplay(
        text=value_text(words.type, answer.value, labels=words.labels, unit=words.unit)
    )
