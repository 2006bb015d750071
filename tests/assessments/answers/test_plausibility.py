"""Plausibility warnings: shown to the reviewer beside the answer, never blocking the supplier."""

import pytest

from assessments.answers import services as answer_services
from assessments.answers.plausibility import (
    BASE_YEAR_AFTER_TARGET_YEAR,
    DIVERTED_ABOVE_GENERATED,
    YEAR_OUT_OF_RANGE,
    PlausibilityWarning,
    plausibility_warnings,
)
from assessments.models import Assessment
from tests.assessments.answers.rules_definition import rules_definition
from tests.factories import (
    LaunchedAssessmentFactory,
    SavedAnswerFactory,
    UploadedEvidenceFactory,
    supplier_user,
)


def _row(base, target):  # type: ignore[no-untyped-def]
    return {"target": "Less energy", "base_year": base, "target_year": target}


def _kinds(values) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(w.question, w.kind, w.row, w.column) for w in plausibility_warnings(values)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"A3.5": "10", "A3.5.1": "12.5"}, [("A3.5.1", DIVERTED_ABOVE_GENERATED, None, "")]),
        ({"A3.5": "10", "A3.5.1": "10"}, []),  # all of it diverted: plausible
        ({"A3.5": "10"}, []),
        ({"A3.5.1": "12"}, []),
        ({"A3.5": "0", "A3.5.1": "0.001"}, [("A3.5.1", DIVERTED_ABOVE_GENERATED, None, "")]),
        ({"A3.5": "ten", "A3.5.1": "12"}, []),  # not a number: nothing to compare
        ({"A2.5.1": [_row("2020", "2030")]}, []),
        ({"A2.5.1": [_row("2000", "2100")]}, []),  # the bounds themselves are plausible
        ({"A2.5.1": [_row("1999", "2030")]}, [("A2.5.1", YEAR_OUT_OF_RANGE, 1, "base_year")]),
        ({"A4.9.1": [_row("2020", "2101")]}, [("A4.9.1", YEAR_OUT_OF_RANGE, 1, "target_year")]),
        (
            {"A5.7.1": [_row("2020", "2030"), _row("2030", "2025")]},
            [("A5.7.1", BASE_YEAR_AFTER_TARGET_YEAR, 2, "base_year")],
        ),
        (
            {"A2.5.1": [_row("20", "2030")]},
            [("A2.5.1", YEAR_OUT_OF_RANGE, 1, "base_year")],  # 20 < 2030: no order warning
        ),
        (
            {"A2.5.1": [_row("3020", "30")]},
            [
                ("A2.5.1", YEAR_OUT_OF_RANGE, 1, "base_year"),
                ("A2.5.1", YEAR_OUT_OF_RANGE, 1, "target_year"),
                ("A2.5.1", BASE_YEAR_AFTER_TARGET_YEAR, 1, "base_year"),
            ],
        ),
        ({"A2.5.1": [_row(None, "2030"), "not a row"]}, []),
        ({"A9.9": [_row("1900", "2030")]}, []),  # only the target tables are checked
    ],
)
def test_plausibility_rules(values, expected) -> None:
    assert _kinds(values) == expected


def test_a_warning_carries_what_its_words_need() -> None:
    (warning,) = plausibility_warnings({"A3.5": "10.0", "A3.5.1": "1.2E+1"})
    assert warning == PlausibilityWarning(
        question="A3.5.1",
        kind=DIVERTED_ABOVE_GENERATED,
        params={"diverted": "12", "generated": "10", "generated_question": "A3.5"},
    )


@pytest.fixture
def implausible(officer, celery_eager, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """A submitted assessment whose supplier diverted more waste than it generated and set a
    target for 2200: saved and submitted like any other."""
    assessment = LaunchedAssessmentFactory(
        campaign__created_by=officer,
        campaign__questionnaire_version__definition=rules_definition(),
    )
    user = supplier_user(supplier=assessment.supplier, username="plausible-user")
    for code, value in (
        ("A1.1", True),
        ("A1.2", ["discharge"]),
        ("A1.4", "certified"),
        ("A2.1", 5),
        ("A1.3", [{"kind": "water", "number": "P-1"}]),
        ("A3.5", "10"),
        ("A3.5.1", "12"),
        ("A2.5.1", [_row("2020", "2200")]),
    ):
        SavedAnswerFactory(assessment=assessment, question_code=code, value=value, user=user)
    UploadedEvidenceFactory(assessment=assessment, question_code="A1.3", name="p.png", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
    return assessment


@pytest.mark.django_db
def test_the_supplier_saves_and_submits_implausible_answers(implausible) -> None:
    implausible.refresh_from_db()
    assert implausible.status == Assessment.Status.SUBMITTED


@pytest.mark.django_db
def test_the_reviewer_sees_each_warning_beside_its_answer(implausible, officer_client) -> None:
    response = officer_client.get(f"/campaigns/assessments/{implausible.pk}/")
    assert response.status_code == 200
    # The review workbench opens one area at a time: every area's items, one page each.
    pages = [
        officer_client.get(f"/campaigns/assessments/{implausible.pk}/?area={tab['code']}")
        for tab in response.context["tabs"]
    ]
    rows = {row["question"].code: row["warnings"] for page in pages for row in page.context["rows"]}
    assert rows["A3.5.1"] == ["Waste diverted (12) is more than waste generated (10, A3.5)."]
    assert rows["A2.5.1"] == ["Row 1: Target year 2200 is outside 2000–2100."]
    assert rows["A3.5"] == [] and rows["A1.1"] == []
    html = "".join(page.content.decode() for page in pages)
    assert 'data-testid="warnings-A3.5.1"' in html and 'data-testid="warnings-A2.5.1"' in html
    assert "Target year 2200 is outside 2000–2100." in html


@pytest.mark.django_db
def test_a_not_applicable_answer_gives_no_warning(implausible, officer_client) -> None:
    from assessments.answers.display import answer_warnings

    answers = {answer.question.code: answer for answer in implausible.answers.all()}
    questions = [answer.question for answer in answers.values()]
    assert set(answer_warnings(questions=questions, answers=answers)) == {"A3.5.1", "A2.5.1"}
    answers["A3.5.1"].not_applicable = True
    assert set(answer_warnings(questions=questions, answers=answers)) == {"A2.5.1"}
    # A question not shown (its condition no longer holds) gives none either.
    shown = [question for question in questions if question.code != "A2.5.1"]
    assert answer_warnings(questions=shown, answers=answers) == {}
