"""Answer values: exclusive choices stand alone, number errors in plain words, 15 digits at most."""

from decimal import Decimal

import pytest
from django.test import Client

from assessments.answers.values import clean_value, plain_decimal, significant_digits
from assessments.errors import AnswerInvalidError
from assessments.models import Answer, Question
from assessments.questionnaires.selectors import version_load
from tests.assessments.answers.rules_definition import rules_definition
from tests.factories import LaunchedAssessmentFactory, QuestionnaireVersionFactory, supplier_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():  # type: ignore[no-untyped-def]
    return version_load(QuestionnaireVersionFactory(definition=rules_definition())).by_code


def _error(question: Question, value) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError) as excinfo:
        clean_value(question, value)
    return str(excinfo.value)


# --- Exclusive choices ------------------------------------------------------------------------


def test_an_exclusive_choice_cannot_be_ticked_with_another(questions) -> None:
    permits = questions["A1.2"]
    assert _error(permits, ["eia", "none"]) == "“None” cannot be combined with other choices."
    assert _error(permits, ["none", "discharge", "eia"]).startswith("“None”")
    assert clean_value(permits, ["none"]) == ["none"]
    assert clean_value(permits, ["none", "none"]) == ["none"]
    assert clean_value(permits, ["eia", "discharge"]) == ["discharge", "eia"]


def test_a_choice_not_marked_exclusive_combines() -> None:
    version = QuestionnaireVersionFactory(definition=rules_definition(exclusive=False))
    permits = version_load(version).by_code["A1.2"]
    assert clean_value(permits, ["eia", "none"]) == ["eia", "none"]


# --- Numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (Decimal("100.000000"), "100"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.500000"), "0.5"),
        (Decimal("-2.50"), "-2.5"),
        (Decimal("0E-6"), "0"),
        (Decimal("1E-7"), "0.0000001"),
    ],
)
def test_bounds_read_plainly(number, text) -> None:
    assert plain_decimal(number) == text


@pytest.mark.parametrize(
    ("text", "digits"),
    [("123456789012345", 15), ("1200", 4), ("0.0012", 2), ("1.50", 2), ("0", 1), ("1E+20", 21)],
)
def test_significant_digits(text, digits) -> None:
    assert significant_digits(Decimal(text)) == digits


def test_number_bounds_are_said_in_plain_words(questions) -> None:
    rate = questions["A3.5.2"]
    assert rate.max_value == Decimal("100.000000")  # as the database keeps it
    assert _error(rate, "150") == "Enter a number of at most 100."
    assert _error(rate, "0.1") == "Enter a number of at least 0.5."
    assert clean_value(rate, "100") == "100"


@pytest.mark.parametrize(
    "value",
    ["1234567890123456", "0.1234567890123456", "1000000000000000", "1e20", "1e400"],
)
def test_more_than_15_significant_digits_is_refused(questions, value) -> None:
    assert _error(questions["A3.5"], value) == "Use at most 15 significant digits."


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("123456789012345", "123456789012345"),
        ("0.123456789012345", "0.123456789012345"),
        ("1.500", "1.500"),
        ("1e2", "100"),
        ("1E-7", "0.0000001"),
        ("12,000.5", "12000.5"),
    ],
)
def test_numbers_are_stored_written_out(questions, value, stored) -> None:
    assert clean_value(questions["A3.5"], value) == stored


def test_table_number_columns_take_at_most_15_significant_digits(questions) -> None:
    targets = questions["A2.5.1"]
    row = {"target": "Less energy", "base_year": "2020", "target_year": "20300000000000001"}
    assert _error(targets, [row]) == "Row 1, Target year: Use at most 15 significant digits."
    row["target_year"] = "2030"
    assert clean_value(targets, [row]) == [row]


# --- Through the service and the portal -------------------------------------------------------


@pytest.fixture
def assessment(celery_eager):  # type: ignore[no-untyped-def]
    return LaunchedAssessmentFactory(campaign__questionnaire_version__definition=rules_definition())


def test_answer_save_refuses_with_the_same_words(assessment) -> None:
    from assessments.answers.services import answer_save

    with pytest.raises(AnswerInvalidError) as excinfo:
        answer_save(
            assessment=assessment, question_code="A1.2", value=["none", "eia"], user=None,
            revision=None,
        )  # fmt: skip
    assert excinfo.value.fields == {"value": ["“None” cannot be combined with other choices."]}
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_the_portal_shows_the_plain_messages(assessment) -> None:
    client = Client()
    client.force_login(supplier_user(supplier=assessment.supplier, username="rules-user"))
    base = f"/portal/assessments/{assessment.pk}"
    client.post(f"{base}/acknowledge/", {"acknowledge": "yes"})
    waste = client.post(
        f"{base}/areas/A3/",
        {"q-A3.5": "1234567890123456", "q-A3.5-rev": "0", "q-A3.5.2": "150", "q-A3.5.2-rev": "0"},
    )
    assert waste.status_code == 400
    html = waste.content.decode()
    assert "Use at most 15 significant digits." in html
    assert "Enter a number of at most 100." in html and "E+" not in html
    permits = client.post(f"{base}/areas/A1/", {"q-A1.2": ["none", "eia"], "q-A1.2-rev": "0"})
    assert permits.status_code == 400
    assert "“None” cannot be combined with other choices." in permits.content.decode()
    assert not Answer.objects.filter(assessment=assessment).exists()
