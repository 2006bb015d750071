"""Numbers with huge exponents or too many digits are refused at parsing (web, API, tables);
rescoring skips an assessment it cannot score and reports it instead of failing the campaign."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assessments.answers.values import clean_value
from assessments.models import Answer, Question, RescoringJob, Score
from assessments.questionnaires.selectors import version_load
from assessments.questionnaires.services import default_questionnaire_load
from assessments.scoring import services as scoring_services
from core import roles
from tests.assessments.answers.rules_definition import rules_definition
from tests.factories import (
    AnswerFactory,
    LaunchedAssessmentFactory,
    LaunchedCampaignFactory,
    QuestionnaireVersionFactory,
    SupplierFactory,
    code_acknowledged,
    staff_user,
    supplier_user,
)

pytestmark = pytest.mark.django_db

HUGE = ["1e999999", "1e999999999", "-1E+999999999", "1e1000000000000"]
TINY = ["1e-999999", "1e-999999999", "0.0000000000000001"]


@pytest.fixture
def assessment(officer, celery_eager):  # type: ignore[no-untyped-def]
    return code_acknowledged(LaunchedAssessmentFactory(campaign__created_by=officer))


def _question(assessment, code: str) -> Question:  # type: ignore[no-untyped-def]
    return assessment.version.questions.prefetch_related("columns", "choices").get(code=code)


@pytest.mark.parametrize("typed", HUGE)
def test_huge_exponent_is_refused(assessment, typed) -> None:
    number = _question(assessment, "A2.1")  # a number question (MWh)
    with pytest.raises(ValueError, match=r"^Use at most 15 significant digits\.$"):
        clean_value(number, typed)
    user = supplier_user(supplier=assessment.supplier, username="numbers-user")
    api = APIClient()
    api.force_authenticate(user)
    url = f"/api/v1/assessments/{assessment.pk}/answers/A2.1/"
    as_string = api.put(url, {"value": typed}, format="json")
    assert as_string.status_code == 400
    assert as_string.json()["fields"]["value"] == ["Use at most 15 significant digits."]
    web = Client()
    web.force_login(user)
    page = web.post(
        f"/portal/assessments/{assessment.pk}/areas/A2/", {"q-A2.1": typed, "q-A2.1-rev": "0"}
    )
    assert page.status_code == 400 and "Use at most 15 significant digits." in page.content.decode()
    assert not Answer.objects.filter(assessment=assessment, question__code="A2.1").exists()


@pytest.mark.parametrize("typed", TINY)
def test_tiny_exponent_is_refused_without_writing_it_out(assessment, typed) -> None:
    with pytest.raises(ValueError, match=r"^Use at most 15 decimal places\.$"):
        clean_value(_question(assessment, "A2.1"), typed)


def test_a_json_number_out_of_range_is_refused(assessment) -> None:
    user = supplier_user(supplier=assessment.supplier, username="numbers-json")
    api = APIClient()
    api.force_authenticate(user)
    url = f"/api/v1/assessments/{assessment.pk}/answers/A2.1/"
    for body in ('{"value": 1e999999}', '{"value": 1e300}', '{"value": 1' + "0" * 4000 + "}"):
        response = api.generic("PUT", url, body, content_type="application/json")
        assert response.status_code == 400, body[:30]


def test_number_table_columns_are_bounded_too() -> None:
    definition = QuestionnaireVersionFactory(definition=rules_definition())
    targets = version_load(definition).by_code["A2.5.1"]
    row = {"target": "Less energy", "base_year": "2020", "target_year": "1e999999999"}
    with pytest.raises(
        ValueError, match=r"Row 1, Target year: Use at most 15 significant digits\."
    ):
        clean_value(targets, [row])


def test_numbers_within_the_bounds_are_kept() -> None:
    from assessments.answers.values import MAX_NUMBER_ABS

    assert MAX_NUMBER_ABS == 10**15
    question = Question(type=Question.Type.NUMBER)
    assert clean_value(question, "999999999999999") == "999999999999999"
    assert clean_value(question, "-0.000000000000001") == "-0.000000000000001"
    assert clean_value(question, "0e999999999") == "0"
    assert clean_value(question, "1.5e3") == "1500"


def test_rescoring_skips_an_unscorable_assessment(officer, celery_eager) -> None:
    suppliers = [SupplierFactory() for _ in range(3)]
    campaign = LaunchedCampaignFactory(
        created_by=officer,
        suppliers=suppliers,
        questionnaire_version=default_questionnaire_load(),
        send_invitations=False,
    )
    assessments = list(campaign.assessments.order_by("pk"))
    for assessment in assessments:
        scoring_services.assessment_score(assessment_id=assessment.pk, kind="provisional")
    broken = assessments[1]
    # Stored before the bounds: a diesel quantity no Decimal context can multiply.
    AnswerFactory(
        assessment=broken,
        question_code="A2.1",
        value=[{"energy_type": "diesel", "quantity": "1e999999999", "unit": "t"}],
    )
    job = scoring_services.rescoring_start(campaign=campaign, started_by=officer)
    job = scoring_services.rescoring_run(job_id=job.pk)
    assert job.status == RescoringJob.Status.PARTIAL
    assert job.processed == 3 and len(job.results) == 3
    [failure] = job.failures
    assert failure["assessment"] == broken.pk and failure["after"] is None
    assert failure["error"].startswith("Overflow")  # the GHG line: no Decimal can hold it
    scored = {entry["assessment"] for entry in job.results if not entry.get("error")}
    assert scored == {assessments[0].pk, assessments[2].pk}
    assert Score.objects.filter(assessment=broken).count() == 1  # kept its earlier score
    assert Score.objects.filter(assessment=assessments[2]).count() == 2
    reviewer = Client()
    reviewer.force_login(staff_user(roles.REVIEWER, username="bounds-rev"))
    page = reviewer.get(f"/campaigns/rescoring/{job.pk}/").content.decode()
    assert 'data-status="partial"' in page and "Finished with failures" in page
    assert "1 assessment could not be scored" in page
    assert page.count('data-testid="rescoring-error"') == 1


def test_a_json_object_as_a_text_answer_is_refused_not_stored_as_its_repr() -> None:
    from types import SimpleNamespace

    question = SimpleNamespace(type=Question.Type.TEXT, code="T1")
    for value in ({"a": 1}, [1, 2]):
        with pytest.raises(ValueError, match="Enter text"):
            clean_value(question, value)
