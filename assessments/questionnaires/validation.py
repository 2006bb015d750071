"""Checking a questionnaire definition: every problem found, each naming sheet, row and column.

Pure: no database. The rules of the format are in `assessments.questionnaires.definitions`.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from assessments.questionnaires.definitions import (
    CODE_OF_CONDUCT_KEYS,
    CODE_OF_CONDUCT_MAX_LENGTH,
    CODE_RULE,
    COLUMN_TYPES,
    CRITICALITIES,
    MAX_LENGTHS,
    MAX_POINTS,
    MAX_WEIGHT,
    OPERATORS,
    QUESTION_DEFAULTS,
    QUESTION_KEYS,
    QUESTION_TYPES,
    SCORING_RULES,
    DefinitionError,
    is_code,
    plain_number,
    to_decimal,
)


class _Collector:
    def __init__(self) -> None:
        self.errors: list[DefinitionError] = []

    def add(self, sheet: str, index: int | None, column: str, message: str) -> None:
        row = None if index is None else index + 2
        self.errors.append(DefinitionError(sheet, row, column, message))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _code(value: Any) -> str:
    """A code or a reference to one as given, never stripped: the services store it as given."""
    return value if isinstance(value, str) else ""


def validate_definition(
    definition: dict[str, Any], *, known_categories: set[str] | None = None
) -> list[DefinitionError]:
    """Every problem of a definition, each with its sheet, row and column; [] when valid."""
    errors = _Collector()
    if not isinstance(definition, dict):
        errors.add("definition", None, "", "The definition must be an object.")
        return errors.errors
    meta = definition.get("questionnaire") or {}
    for key in ("code", "name_en", "name_zh"):
        if not _text(meta.get(key)):
            errors.add("settings", None, key, f"The questionnaire {key} is required.")
        elif len(_text(meta.get(key))) > MAX_LENGTHS["name"]:
            errors.add("settings", None, key, f"At most {MAX_LENGTHS['name']} characters.")
    if meta.get("code") and not is_code(meta["code"]):
        errors.add("settings", None, "code", CODE_RULE)
    for key in CODE_OF_CONDUCT_KEYS:
        if definition.get(key) is not None and not isinstance(definition[key], str):
            errors.add("settings", None, key, "The code of conduct must be text.")
        elif len(definition.get(key) or "") > CODE_OF_CONDUCT_MAX_LENGTH:
            errors.add("settings", None, key, f"At most {CODE_OF_CONDUCT_MAX_LENGTH} characters.")
    for key in ("areas", "questions", "choices", "columns"):
        if not isinstance(definition.get(key), list):
            errors.add(key, None, "", f"`{key}` must be a list.")
    if errors.errors:
        return errors.errors

    areas = _validate_areas(definition["areas"], errors)
    questions = _validate_questions(definition["questions"], areas, known_categories, errors)
    columns = _validate_columns(definition["columns"], questions, errors)
    _validate_choices(definition["choices"], questions, columns, errors)
    _validate_scoring(definition["questions"], definition["choices"], questions, errors)
    _validate_conditions(definition["questions"], definition["choices"], questions, errors)
    return errors.errors


def _validate_areas(items: list[Any], errors: _Collector) -> dict[str, int]:
    seen: dict[str, int] = {}
    if not items:
        errors.add("areas", None, "", "A questionnaire needs at least one area.")
    for index, area in enumerate(items):
        if not isinstance(area, dict):
            errors.add("areas", index, "", "Each area must be an object.")
            continue
        code = _code(area.get("code"))
        if not is_code(code):
            errors.add("areas", index, "code", CODE_RULE)
        elif code in seen:
            errors.add(
                "areas", index, "code", f"Duplicate area code {code} (row {seen[code] + 2})."
            )
        else:
            seen[code] = index
        for key in ("title_en", "title_zh"):
            if not _text(area.get(key)):
                errors.add("areas", index, key, "Required.")
            elif len(_text(area.get(key))) > MAX_LENGTHS["title"]:
                errors.add("areas", index, key, f"At most {MAX_LENGTHS['title']} characters.")
        try:
            weight = to_decimal(area.get("weight"))
        except ValueError as exc:
            errors.add("areas", index, "weight", str(exc))
            continue
        if weight is None or not (0 < weight <= MAX_WEIGHT):
            errors.add(
                "areas", index, "weight", f"A weight is a number above 0, at most {MAX_WEIGHT}."
            )
    return seen


def _check_points(
    value: Any, errors: _Collector, sheet: str, index: int, key: str, *, limit: Decimal = MAX_POINTS
) -> Decimal | None:
    try:
        points = to_decimal(value)
    except ValueError as exc:
        errors.add(sheet, index, key, str(exc))
        return None
    if points is not None and not (0 <= points <= limit):
        errors.add(
            sheet, index, key, f"Points out of range: {points} (0 to {plain_number(limit)})."
        )
        return None
    return points


def _validate_questions(
    items: list[Any], areas: dict[str, int], known: set[str] | None, errors: _Collector
) -> dict[str, tuple[int, dict[str, Any]]]:
    seen: dict[str, tuple[int, dict[str, Any]]] = {}
    if not items:
        errors.add("questions", None, "", "A questionnaire needs at least one question.")
    for index, question in enumerate(items):
        if not isinstance(question, dict):
            errors.add("questions", index, "", "Each question must be an object.")
            continue
        unknown = sorted(set(question) - set(QUESTION_KEYS))
        for key in unknown:
            errors.add("questions", index, key, f"Unknown field {key}.")
        code = _code(question.get("code"))
        if not is_code(code):
            errors.add("questions", index, "code", CODE_RULE)
        elif code in seen:
            errors.add(
                "questions",
                index,
                "code",
                f"Duplicate question code {code} (row {seen[code][0] + 2}).",
            )
        else:
            seen[code] = (index, question)
        area = _code(question.get("area"))
        if area not in areas:
            errors.add("questions", index, "area", f"Unknown area {area or '(blank)'}.")
        qtype = question.get("type")
        if qtype not in QUESTION_TYPES:
            errors.add(
                "questions",
                index,
                "type",
                f"Unknown type {qtype!r}; use one of {', '.join(QUESTION_TYPES)}.",
            )
        for key in ("text_en", "text_zh"):
            if not _text(question.get(key)):
                errors.add("questions", index, key, "Required: every question in both languages.")
        criticality = question.get("criticality", QUESTION_DEFAULTS["criticality"])
        if criticality not in CRITICALITIES:
            errors.add("questions", index, "criticality", f"Use one of {', '.join(CRITICALITIES)}.")
        elif criticality == "critical" and question.get("allows_not_applicable") is True:
            errors.add(
                "questions",
                index,
                "allows_not_applicable",
                f"{code or 'This question'} is critical, so it cannot allow not applicable "
                "(use critical_if_applicable for an item that may not apply).",
            )
        categories = question.get("categories") or []
        if not isinstance(categories, list):
            errors.add("questions", index, "categories", "A list of category codes.")
        elif known is not None:
            for slug in categories:
                if slug not in known:
                    errors.add("questions", index, "categories", f"Unknown category {slug}.")
        for key in (
            "is_required",
            "allows_not_applicable",
            "requires_evidence",
            "requires_validity",
            "data_quality",
        ):
            if key in question and not isinstance(question[key], bool):
                errors.add("questions", index, key, "true or false.")
        if qtype == "number" and not _text(question.get("unit")):
            errors.add("questions", index, "unit", "A number question needs its unit.")
        if len(_text(question.get("unit"))) > MAX_LENGTHS["unit"]:
            errors.add("questions", index, "unit", f"At most {MAX_LENGTHS['unit']} characters.")
        bounds = []
        for key in ("min", "max"):
            try:
                bounds.append(to_decimal(question.get(key)))
            except ValueError as exc:
                errors.add("questions", index, key, str(exc))
                bounds.append(None)
        if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
            errors.add("questions", index, "max", "max is below min.")
        if (bounds[0] is not None or bounds[1] is not None) and qtype != "number":
            errors.add("questions", index, "min", "min and max apply to number questions only.")
    return seen


def _validate_columns(
    items: list[Any], questions: dict[str, tuple[int, dict[str, Any]]], errors: _Collector
) -> dict[tuple[str, str], tuple[int, dict[str, Any]]]:
    seen: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    # A table whose rows mix units (fuels: t, m³, MWh) has a `unit` choice column instead.
    with_unit_column = {
        _code(column.get("question"))
        for column in items
        if isinstance(column, dict) and _code(column.get("code")) == "unit"
    }
    for index, column in enumerate(items):
        if not isinstance(column, dict):
            errors.add("columns", index, "", "Each column must be an object.")
            continue
        question = _code(column.get("question"))
        code = _code(column.get("code"))
        if question not in questions:
            errors.add("columns", index, "question", f"Unknown question {question or '(blank)'}.")
        elif questions[question][1].get("type") != "table":
            errors.add("columns", index, "question", f"{question} is not a table question.")
        if not is_code(code):
            errors.add("columns", index, "code", CODE_RULE)
        elif (question, code) in seen:
            errors.add("columns", index, "code", f"Duplicate column {code} in {question}.")
        else:
            seen[(question, code)] = (index, column)
        if column.get("type") not in COLUMN_TYPES:
            errors.add(
                "columns",
                index,
                "type",
                f"Unknown column type {column.get('type')!r}; "
                f"use one of {', '.join(COLUMN_TYPES)}.",
            )
        for key in ("label_en", "label_zh"):
            if not _text(column.get(key)):
                errors.add("columns", index, key, "Required.")
            elif len(_text(column.get(key))) > MAX_LENGTHS["label"]:
                errors.add("columns", index, key, f"At most {MAX_LENGTHS['label']} characters.")
        if len(_text(column.get("unit"))) > MAX_LENGTHS["unit"]:
            errors.add("columns", index, "unit", f"At most {MAX_LENGTHS['unit']} characters.")
        if (
            column.get("type") == "number"
            and not _text(column.get("unit"))
            and question not in with_unit_column
        ):
            errors.add(
                "columns",
                index,
                "unit",
                "A number column needs its unit (or the table a unit column).",
            )
    for code, (question_index, data) in questions.items():
        if data.get("type") == "table" and not any(key[0] == code for key in seen):
            errors.add(
                "questions", question_index, "type", f"Table question {code} has no columns."
            )
    return seen


def _validate_choices(
    items: list[Any],
    questions: dict[str, tuple[int, dict[str, Any]]],
    columns: dict[tuple[str, str], tuple[int, dict[str, Any]]],
    errors: _Collector,
) -> None:
    seen: set[tuple[str, str, str]] = set()
    for index, choice in enumerate(items):
        if not isinstance(choice, dict):
            errors.add("choices", index, "", "Each choice must be an object.")
            continue
        question = _code(choice.get("question"))
        column = _code(choice.get("column"))
        code = _code(choice.get("code"))
        if question not in questions:
            errors.add("choices", index, "question", f"Unknown question {question or '(blank)'}.")
        elif column:
            if (question, column) not in columns:
                errors.add("choices", index, "column", f"{question} has no column {column}.")
            elif columns[(question, column)][1].get("type") != "single_choice":
                errors.add("choices", index, "column", f"Column {column} is not a choice column.")
        elif questions[question][1].get("type") not in ("single_choice", "multi_choice"):
            errors.add("choices", index, "question", f"{question} is not a choice question.")
        if not is_code(code):
            errors.add("choices", index, "code", CODE_RULE)
        elif (question, column, code) in seen:
            errors.add("choices", index, "code", f"Duplicate choice {code} in {question}.")
        seen.add((question, column, code))
        for key in ("label_en", "label_zh"):
            if not _text(choice.get(key)):
                errors.add("choices", index, key, "Required.")
            elif len(_text(choice.get(key))) > MAX_LENGTHS["choice_label"]:
                errors.add(
                    "choices", index, key, f"At most {MAX_LENGTHS['choice_label']} characters."
                )
        _check_points(choice.get("points"), errors, "choices", index, "points")
        if "exclusive" in choice and not isinstance(choice["exclusive"], bool):
            errors.add("choices", index, "exclusive", "true or false.")
    lists = {
        (choice.get("question"), choice.get("column") or "")
        for choice in items
        if isinstance(choice, dict)
    }
    for code, (question_index, data) in questions.items():
        if data.get("type") in ("single_choice", "multi_choice") and (code, "") not in lists:
            errors.add(
                "questions", question_index, "type", f"Choice list missing: {code} has no choices."
            )
    for (question, column), (index, data) in columns.items():
        if data.get("type") == "single_choice" and (question, column) not in lists:
            errors.add(
                "columns", index, "type", f"Choice list missing: column {column} has no choices."
            )


def _validate_scoring(
    items: list[Any],
    choices: list[Any],
    questions: dict[str, tuple[int, dict[str, Any]]],
    errors: _Collector,
) -> None:
    for index, question in enumerate(items):
        if not isinstance(question, dict):
            continue
        rule = question.get("scoring", "none")
        qtype = question.get("type")
        if rule not in SCORING_RULES:
            errors.add("questions", index, "scoring", f"Use one of {', '.join(SCORING_RULES)}.")
            continue
        maximum = _check_points(
            question.get("max_points", 0), errors, "questions", index, "max_points"
        )
        if maximum is None:
            maximum = Decimal(0)
        if rule == "none" and maximum:
            errors.add("questions", index, "max_points", "An unscored question has 0 points.")
        if rule != "none" and not maximum:
            errors.add(
                "questions", index, "max_points", "A scored question needs max_points above 0."
            )
        if question.get("criticality") == "info" and rule != "none":
            errors.add("questions", index, "scoring", "An info question is not scored (use none).")
        if rule == "yes_no":
            if qtype != "yes_no":
                errors.add("questions", index, "scoring", "yes_no scoring needs a yes_no question.")
            for key in ("points_yes", "points_no"):
                if question.get(key) is None:
                    errors.add("questions", index, key, "Required for yes_no scoring.")
                else:
                    _check_points(question.get(key), errors, "questions", index, key, limit=maximum)
        elif rule == "choice":
            if qtype not in ("single_choice", "multi_choice"):
                errors.add("questions", index, "scoring", "choice scoring needs a choice question.")
            for choice_index, choice in enumerate(choices):
                if (
                    isinstance(choice, dict)
                    and choice.get("question") == question.get("code")
                    and not choice.get("column")
                ):
                    _check_points(
                        choice.get("points"),
                        errors,
                        "choices",
                        choice_index,
                        "points",
                        limit=maximum,
                    )
        elif rule == "bands":
            if qtype != "number":
                errors.add("questions", index, "scoring", "bands scoring needs a number question.")
            bands = question.get("bands") or []
            if not bands:
                errors.add("questions", index, "bands", "bands scoring needs at least one band.")
            ranges: list[tuple[int, Decimal | None, Decimal | None]] = []
            for number, band in enumerate(bands, start=1):
                if not isinstance(band, dict):
                    errors.add("questions", index, "bands", "Each band has min, max and points.")
                    continue
                try:
                    low, high = to_decimal(band.get("min")), to_decimal(band.get("max"))
                except ValueError as exc:
                    errors.add("questions", index, "bands", str(exc))
                    continue
                if low is not None and high is not None and low >= high:
                    errors.add(
                        "questions",
                        index,
                        "bands",
                        f"{question.get('code')} band {number} ({_band_text(low, high)}): "
                        "min must be below max.",
                    )
                    continue
                ranges.append((number, low, high))
                _check_points(
                    band.get("points"), errors, "questions", index, "bands", limit=maximum
                )
            for message in _band_coverage(ranges):
                errors.add("questions", index, "bands", f"{question.get('code')} {message}")


def _band_text(low: Decimal | None, high: Decimal | None) -> str:
    left = "" if low is None else str(plain_number(low))
    right = "" if high is None else str(plain_number(high))
    return f"{left}..{right}"


def _band_coverage(ranges: list[tuple[int, Decimal | None, Decimal | None]]) -> list[str]:
    """Gaps and overlaps between bands `[min, max)` sorted by min (null min first).

    Below the first band and from the last band's max on, a number earns 0 points: that is
    allowed. Between two bands it is not, nor may two bands claim the same number.
    """
    ordered = sorted(ranges, key=lambda item: (item[1] is not None, item[1] or Decimal(0)))
    problems = []
    for (number, low, high), (next_number, next_low, next_high) in pairwise(ordered):
        this, following = _band_text(low, high), _band_text(next_low, next_high)
        if high is None:
            problems.append(
                f"band {number} ({this}) has no max, so it overlaps band {next_number} "
                f"({following})."
            )
        elif next_low is None:
            problems.append(
                f"bands {number} ({this}) and {next_number} ({following}) overlap: "
                "both have no min."
            )
        elif next_low < high:
            problems.append(
                f"bands {number} ({this}) and {next_number} ({following}) overlap from "
                f"{plain_number(next_low)} to {plain_number(high)}: bands are [min, max), so "
                f"band {next_number} should start at {plain_number(high)}."
            )
        elif next_low > high:
            problems.append(
                f"bands {number} ({this}) and {next_number} ({following}) leave a gap from "
                f"{plain_number(high)} to {plain_number(next_low)}: bands are [min, max), so "
                f"band {next_number} should start at {plain_number(high)}."
            )
    return problems


def _validate_conditions(
    items: list[Any],
    choices: list[Any],
    questions: dict[str, tuple[int, dict[str, Any]]],
    errors: _Collector,
) -> None:
    for index, question in enumerate(items):
        if not isinstance(question, dict) or not question.get("condition"):
            continue
        condition = question["condition"]
        if not isinstance(condition, dict):
            errors.add(
                "questions",
                index,
                "condition_question",
                "A condition has question, operator, value.",
            )
            continue
        target = _code(condition.get("question"))
        operator = condition.get("operator")
        if target not in questions:
            errors.add(
                "questions",
                index,
                "condition_question",
                f"Condition on unknown question {target or '(blank)'}.",
            )
            continue
        target_index, target_question = questions[target]
        if target_index >= index:
            errors.add(
                "questions",
                index,
                "condition_question",
                f"Condition on {target}, which is not an earlier question.",
            )
        if operator not in OPERATORS:
            errors.add(
                "questions", index, "condition_operator", f"Use one of {', '.join(OPERATORS)}."
            )
            continue
        target_type = target_question.get("type")
        value = condition.get("value")
        if operator in ("gt", "gte", "lt", "lte"):
            if target_type != "number":
                errors.add(
                    "questions", index, "condition_operator", f"{operator} needs a number question."
                )
            else:
                try:
                    if to_decimal(value) is None:
                        raise ValueError("a number is required")
                except ValueError as exc:
                    errors.add("questions", index, "condition_value", str(exc))
        elif operator == "contains" and target_type != "multi_choice":
            errors.add(
                "questions", index, "condition_operator", "contains needs a multi_choice question."
            )
        elif operator == "in" and not isinstance(value, list):
            errors.add("questions", index, "condition_value", "in needs a list of values.")
        if (
            target_type == "yes_no"
            and operator in ("equals", "not_equals")
            and not isinstance(value, bool)
        ):
            errors.add(
                "questions",
                index,
                "condition_value",
                "A yes_no condition compares with true or false.",
            )
        if target_type in ("single_choice", "multi_choice") and operator in (
            "equals",
            "not_equals",
            "in",
            "contains",
        ):
            codes = {
                choice.get("code")
                for choice in choices
                if isinstance(choice, dict)
                and choice.get("question") == target
                and not choice.get("column")
            }
            for item in value if isinstance(value, list) else [value]:
                if item not in codes:
                    errors.add(
                        "questions",
                        index,
                        "condition_value",
                        f"{item!r} is not a choice of {target}.",
                    )
