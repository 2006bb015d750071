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

from assessments.answers.plausibility import (
    BASE_YEAR_AFTER_TARGET_YEAR,
    DIVERTED_ABOVE_GENERATED,
    YEAR_OUT_OF_RANGE,
    PlausibilityWarning,
    plausibility_warnings,
)
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


def warning_text(warning: PlausibilityWarning, *, question: Question | None = None) -> str:
    """A plausibility warning in words for the reviewer; a table's column by its label."""
    labels = {column.code: column.label for column in question.columns.all()} if question else {}
    params = {
        **warning.params,
        "row": warning.row,
        "column": labels.get(warning.column, warning.column),
    }
    if warning.kind == DIVERTED_ABOVE_GENERATED:
        return (
            _(
                "Waste diverted (%(diverted)s) is more than waste generated "
                "(%(generated)s, %(generated_question)s)."
            )
            % params
        )
    if warning.kind == YEAR_OUT_OF_RANGE:
        return _("Row %(row)s: %(column)s %(year)s is outside %(first)s–%(last)s.") % params
    if warning.kind == BASE_YEAR_AFTER_TARGET_YEAR:
        return _("Row %(row)s: the base year %(base)s is after the target year %(target)s.") % (
            params
        )
    return warning.kind


def answer_warnings(
    *, questions: Sequence[Question], answers: Mapping[str, Answer]
) -> dict[str, list[str]]:
    """Plausibility warnings in words by question code, over the answers to `questions` (the
    visible ones; not-applicable answers left out). They inform the reviewer, never block."""
    by_code = {question.code: question for question in questions}
    values = {
        code: answer.value
        for code, answer in answers.items()
        if code in by_code and not answer.not_applicable
    }
    words: dict[str, list[str]] = {}
    for warning in plausibility_warnings(values):
        text = warning_text(warning, question=by_code.get(warning.question))
        words.setdefault(warning.question, []).append(text)
    return words
