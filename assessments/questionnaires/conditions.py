"""Conditional questions: which questions a set of answers makes visible (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from assessments.questionnaires.definitions import to_decimal


def _answered(value: Any) -> bool:
    return value not in (None, "", [], {})


def condition_holds(condition: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """Whether a display condition holds for the answers given so far (missing = not answered)."""
    if not condition:
        return True
    value = answers.get(condition["question"])
    operator = condition["operator"]
    expected = condition.get("value")
    if operator == "answered":
        return _answered(value)
    if not _answered(value) and value is not False:
        return False
    if operator == "equals":
        return bool(value == expected)
    if operator == "not_equals":
        return bool(value != expected)
    if operator == "in":
        return value in (expected or [])
    if operator == "contains":
        return isinstance(value, list) and expected in value
    try:
        number, bound = to_decimal(value), to_decimal(expected)
    except ValueError:
        return False
    if number is None or bound is None:
        return False
    return {
        "gt": number > bound,
        "gte": number >= bound,
        "lt": number < bound,
        "lte": number <= bound,
    }[operator]


class ConditionalQuestion(Protocol):
    """What visibility depends on: a question model, a scoring rule or a definition row."""

    @property
    def code(self) -> str: ...
    @property
    def categories(self) -> Sequence[str] | None: ...
    @property
    def condition(self) -> Mapping[str, Any] | None: ...


class _DefinitionQuestion(NamedTuple):
    code: str
    categories: Sequence[str] | None
    condition: Mapping[str, Any] | None


def visible_codes(
    questions: Iterable[ConditionalQuestion], *, category: str | None, answers: Mapping[str, Any]
) -> list[str]:
    """The questions a supplier of `category` sees, in order, given its answers.

    A question is shown when it applies to the category (no categories = all) and its condition
    holds; a question whose condition refers to a hidden question is hidden too.
    """
    shown: list[str] = []
    visible: set[str] = set()
    for question in questions:
        categories = question.categories or []
        if category is not None and categories and category not in categories:
            continue
        condition = question.condition
        if condition and condition["question"] not in visible:
            continue
        if not condition_holds(condition, answers):
            continue
        visible.add(question.code)
        shown.append(question.code)
    return shown


def visible_question_codes(
    definition: dict[str, Any], *, category: str | None, answers: Mapping[str, Any]
) -> list[str]:
    """`visible_codes` for the questions of a portable definition (dicts)."""
    return visible_codes(
        (
            _DefinitionQuestion(q["code"], q.get("categories"), q.get("condition"))
            for q in definition["questions"]
        ),
        category=category,
        answers=answers,
    )
