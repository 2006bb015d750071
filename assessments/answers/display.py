"""An answer shown in words: choice labels, numbers with units, table rows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    Column,
    Question,
)


def _choice_labels(question: Question, column: Column | None = None) -> dict[str, str]:
    if column is not None:
        return {choice.code: choice.label for choice in column.choices.all()}
    return {
        choice.code: choice.label for choice in question.choices.all() if choice.column_id is None
    }


def _scalar_text(kind: str, value: Any, labels: dict[str, str], unit: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "yes_no":
        if value is True:
            return _("Yes")
        if value is False:
            return _("No")
    if kind == "single_choice":
        return labels.get(str(value), str(value))
    if kind == "number" and unit:
        return f"{value} {unit}"
    return str(value)


def _answer_display(question: Question, answer: Answer | None) -> dict[str, Any]:
    """The stored value in words: labels for codes, units for numbers, tables as rows."""
    if answer is None or answer.not_applicable or answer.value in (None, "", [], {}):
        return {"text": "", "table": None}
    value = answer.value
    if question.type == Question.Type.MULTI_CHOICE and isinstance(value, list):
        labels = _choice_labels(question)
        return {
            "text": "; ".join(labels.get(str(code), str(code)) for code in value),
            "table": None,
        }
    if question.type == Question.Type.TABLE and isinstance(value, list):
        columns = list(question.columns.all())
        headers = [f"{c.label} ({c.unit})" if c.unit else c.label for c in columns]
        rows = [
            [
                _scalar_text(c.type, row.get(c.code), _choice_labels(question, c), c.unit)
                for c in columns
            ]
            for row in value
            if isinstance(row, dict)
        ]
        return {"text": "", "table": {"headers": headers, "rows": rows}}
    text = _scalar_text(question.type, value, _choice_labels(question), question.unit)
    return {"text": text, "table": None}
