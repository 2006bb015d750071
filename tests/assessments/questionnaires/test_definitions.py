from decimal import Decimal

import pytest

from assessments.questionnaires.comparison import diff_definitions
from assessments.questionnaires.conditions import condition_holds, visible_question_codes
from assessments.questionnaires.definitions import content_hash
from assessments.questionnaires.validation import validate_definition
from tests.assessments.definitions import small_definition

CATEGORIES = {"media", "events", "services", "engineering", "office_it", "logistics"}


def _errors(definition):  # type: ignore[no-untyped-def]
    return [
        (error.sheet, error.row, error.column)
        for error in validate_definition(definition, known_categories=CATEGORIES)
    ]


def test_small_definition_is_valid() -> None:
    assert _errors(small_definition()) == []


def _broken(change) -> list[tuple]:  # type: ignore[no-untyped-def]
    definition = small_definition()
    change(definition)
    return _errors(definition)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["questions"][1].update(type="checkbox"), ("questions", 3, "type")),
        (lambda d: d["questions"][4].update(code="A1.1"), ("questions", 6, "code")),
        (lambda d: d["areas"][1].update(code="A1"), ("areas", 3, "code")),
        (
            lambda d: d["questions"][2].update(condition={"question": "A2.1", "operator": "gt", "value": 1}),
            ("questions", 4, "condition_question"),
        ),
        (
            lambda d: d["questions"][2].update(condition={"question": "A9.9", "operator": "answered"}),
            ("questions", 4, "condition_question"),
        ),
        (lambda d: d["choices"].__delitem__(slice(2, 4)), ("questions", 5, "type")),
        (lambda d: d["choices"][0].update(points=150), ("choices", 2, "points")),
        (lambda d: d["choices"][0].update(points=7), ("choices", 2, "points")),  # above max_points 6
        (lambda d: d["questions"][0].update(points_yes=9), ("questions", 2, "points_yes")),
        (lambda d: d["questions"][4].update(max_points=-1), ("questions", 6, "max_points")),
        (lambda d: d["questions"][4]["bands"][0].update(points=11), ("questions", 6, "bands")),
        (lambda d: d["questions"][4].update(unit=""), ("questions", 6, "unit")),
        (lambda d: d["questions"][0].update(text_zh=""), ("questions", 2, "text_zh")),
        (lambda d: d["questions"][0].update(area="A7"), ("questions", 2, "area")),
        (lambda d: d["questions"][5].update(categories=["spaceships"]), ("questions", 7, "categories")),
        (lambda d: d["questions"][6].update(scoring="answered", max_points=1), ("questions", 8, "scoring")),
        (lambda d: d["columns"][0].update(type="table"), ("columns", 2, "type")),
        (lambda d: d["choices"].__delitem__(slice(4, 6)), ("columns", 2, "type")),
        (lambda d: d["areas"][0].update(weight=0), ("areas", 2, "weight")),
        (
            lambda d: d["questions"][2].update(condition={"question": "A1.2", "operator": "contains", "value": "x"}),
            ("questions", 4, "condition_value"),
        ),
        (
            lambda d: d["questions"][7].update(condition={"question": "A1.1", "operator": "equals", "value": "yes"}),
            ("questions", 9, "condition_value"),
        ),
    ],
    ids=[
        "unknown-type", "duplicate-question-code", "duplicate-area-code", "condition-on-later-question",
        "condition-on-unknown-question", "choice-list-missing", "points-out-of-range",
        "choice-points-above-max", "yes-points-above-max", "negative-max-points", "band-points-above-max",
        "number-without-unit", "missing-translation", "unknown-area", "unknown-category",
        "info-question-scored", "bad-column-type", "column-choice-list-missing", "zero-weight",
        "condition-value-not-a-choice", "yes-no-condition-not-boolean",
    ],
)  # fmt: skip
def test_each_problem_is_reported_with_sheet_row_and_column(change, expected) -> None:
    assert expected in _broken(change)


def test_several_problems_are_all_reported() -> None:
    definition = small_definition()
    definition["questions"][1]["type"] = "checkbox"
    definition["questions"][4]["code"] = "A1.1"
    definition["choices"][0]["points"] = 150
    errors = _errors(definition)
    assert ("questions", 3, "type") in errors
    assert ("questions", 6, "code") in errors
    assert ("choices", 2, "points") in errors


def test_content_hash_ignores_metadata_and_key_order_but_not_content() -> None:
    definition = small_definition()
    reordered = {key: definition[key] for key in reversed(list(definition))}
    reordered["version"] = {"number": 7, "status": "published"}
    assert content_hash(reordered) == content_hash(definition)
    definition["questions"][0]["points_yes"] = Decimal("5.00")
    assert content_hash(definition) == content_hash(small_definition())
    definition["questions"][0]["text_en"] = "Changed?"
    assert content_hash(definition) != content_hash(small_definition())


@pytest.mark.parametrize(
    ("condition", "answers", "holds"),
    [
        (None, {}, True),
        ({"question": "q", "operator": "equals", "value": True}, {"q": True}, True),
        ({"question": "q", "operator": "equals", "value": True}, {"q": False}, False),
        ({"question": "q", "operator": "equals", "value": False}, {"q": False}, True),
        ({"question": "q", "operator": "equals", "value": True}, {}, False),
        ({"question": "q", "operator": "not_equals", "value": "a"}, {"q": "b"}, True),
        ({"question": "q", "operator": "not_equals", "value": "a"}, {}, False),
        ({"question": "q", "operator": "in", "value": ["a", "b"]}, {"q": "b"}, True),
        ({"question": "q", "operator": "in", "value": ["a", "b"]}, {"q": "c"}, False),
        ({"question": "q", "operator": "contains", "value": "a"}, {"q": ["a", "c"]}, True),
        ({"question": "q", "operator": "contains", "value": "a"}, {"q": ["c"]}, False),
        ({"question": "q", "operator": "gt", "value": 5}, {"q": Decimal("5.1")}, True),
        ({"question": "q", "operator": "gt", "value": 5}, {"q": 5}, False),
        ({"question": "q", "operator": "gte", "value": 5}, {"q": 5}, True),
        ({"question": "q", "operator": "lt", "value": 5}, {"q": "4"}, True),
        ({"question": "q", "operator": "lte", "value": 5}, {"q": 6}, False),
        ({"question": "q", "operator": "gt", "value": 5}, {"q": "n/a"}, False),
        ({"question": "q", "operator": "answered"}, {"q": "x"}, True),
        ({"question": "q", "operator": "answered"}, {"q": ""}, False),
        ({"question": "q", "operator": "answered"}, {"q": []}, False),
    ],
)
def test_conditions_are_evaluated(condition, answers, holds) -> None:
    assert condition_holds(condition, answers) is holds


def test_visible_questions_follow_category_and_conditions() -> None:
    definition = small_definition()
    logistics = visible_question_codes(definition, category="logistics", answers={})
    assert logistics == ["A1.1", "A1.2", "A1.4", "A2.1", "A2.2"]
    office = visible_question_codes(
        definition,
        category="office_it",
        answers={"A1.1": True, "A1.2": ["discharge"], "A2.1": 60},
    )
    assert office == ["A1.1", "A1.2", "A1.3", "A1.4", "A2.1", "A2.3", "A2.4"]


def test_a_question_conditioned_on_a_hidden_question_is_hidden() -> None:
    definition = small_definition()
    definition["questions"][6]["condition"] = {"question": "A2.2", "operator": "answered"}
    assert "A2.3" not in visible_question_codes(
        definition, category="media", answers={"A2.2": "leaked answer"}
    )
    assert "A2.3" in visible_question_codes(
        definition, category="logistics", answers={"A2.2": "plan"}
    )


def test_diff_names_added_removed_and_changed_questions_and_scoring() -> None:
    old = small_definition()
    new = small_definition()
    new["questions"][0]["text_en"] = "Do you acknowledge the Code of Conduct?"
    new["choices"][2]["points"] = 8
    removed = new["questions"].pop(5)
    new["questions"].append(
        {"code": "A2.9", "area": "A2", "type": "text", "text_en": "New", "text_zh": "新"}
    )
    diff = diff_definitions(old, new)
    assert diff.added == ["A2.9"]
    assert diff.removed == [removed["code"]]
    changes = {change.code: change for change in diff.changed}
    assert set(changes) == {"A1.1", "A1.4"}
    assert changes["A1.1"].fields["text_en"][1] == "Do you acknowledge the Code of Conduct?"
    assert not changes["A1.1"].is_scoring_change
    assert changes["A1.4"].is_scoring_change
    assert diff_definitions(old, small_definition()).is_empty


def test_over_long_texts_are_reported_not_stored() -> None:
    definition = small_definition()
    definition["areas"][0]["title_en"] = "x" * 201
    definition["choices"][0]["label_zh"] = "长" * 301
    definition["columns"][0]["unit"] = "u" * 41
    errors = _errors(definition)
    assert ("areas", 2, "title_en") in errors
    assert ("choices", 2, "label_zh") in errors
    assert ("columns", 2, "unit") in errors
