"""Answers, documents and submission are refused once the campaign is closed, and before the
supplier acknowledged the code of conduct: over the API (409, stable codes) as on the web."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from assessments.models import Answer, Assessment, EvidenceDocument
from tests.factories import (
    PNG,
    LaunchedAssessmentFactory,
    SavedAnswerFactory,
    UploadedEvidenceFactory,
    api_token,
    supplier_user,
)

pytestmark = pytest.mark.django_db

COMPLETE = (
    ("A1.1", True),
    ("A1.2", ["discharge"]),
    ("A1.4", "certified"),
    ("A2.1", 5),
    ("A1.3", [{"kind": "water", "number": "P-1"}]),
)


def _supplier_api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _complete(assessment: Assessment, user) -> EvidenceDocument:  # type: ignore[no-untyped-def]
    for code, value in COMPLETE:
        SavedAnswerFactory(assessment=assessment, question_code=code, value=value, user=user)
    return UploadedEvidenceFactory(assessment=assessment, question_code="A1.3", user=user)


def _upload(api: APIClient, assessment: Assessment):  # type: ignore[no-untyped-def]
    return api.post(
        f"/api/v1/assessments/{assessment.pk}/evidence/",
        {"question_code": "A1.3", "file": SimpleUploadedFile("late.png", PNG)},
        format="multipart",
    )


def test_answers_after_campaign_close_are_409(officer, api, celery_eager) -> None:
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer)
    user = supplier_user(supplier=assessment.supplier, username="late-user")
    document = _complete(assessment, user)
    supplier_api = _supplier_api(user)
    assert api.post(f"/api/v1/campaigns/{assessment.campaign_id}/close/").status_code == 200

    base = f"/api/v1/assessments/{assessment.pk}"
    refused = [
        supplier_api.put(f"{base}/answers/A2.1/", {"value": 7, "revision": 1}, format="json"),
        _upload(supplier_api, assessment),
        supplier_api.delete(f"/api/v1/evidence/{document.pk}/"),
        supplier_api.post(f"{base}/submit/", {"attestation": True}, format="json"),
    ]
    for response in refused:
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "campaign_closed"
        assert "closed" in response.json()["detail"]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert Answer.objects.get(assessment=assessment, question__code="A2.1").value == "5"
    assert (
        EvidenceDocument.objects.filter(answer__assessment=assessment, removed_at=None).count() == 1
    )

    # The portal says so on the page and saves nothing either.
    web = Client()
    web.force_login(user)
    overview = web.get(f"/portal/assessments/{assessment.pk}/").content.decode()
    assert 'data-testid="campaign-closed"' in overview
    page = web.post(
        f"/portal/assessments/{assessment.pk}/areas/A2/", {"q-A2.1": "9", "q-A2.1-rev": "1"}
    )
    assert "This campaign is closed" in page.content.decode()
    assert Answer.objects.get(assessment=assessment, question__code="A2.1").value == "5"
    submit = web.post(f"/portal/assessments/{assessment.pk}/submit/", {"attestation": "yes"})
    assert submit.status_code == 400 and "This campaign is closed" in submit.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_api_answer_without_code_acknowledgement_is_409(officer, celery_eager) -> None:
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer, acknowledged=False)
    user = supplier_user(supplier=assessment.supplier, username="hasty-user")
    supplier_api = _supplier_api(user)
    url = f"/api/v1/assessments/{assessment.pk}/answers/A1.1/"
    for response in (
        supplier_api.put(url, {"value": True}, format="json"),
        _upload(supplier_api, assessment),
    ):
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "code_not_acknowledged"
    assert not Answer.objects.filter(assessment=assessment).exists()

    assert supplier_api.post(f"/api/v1/assessments/{assessment.pk}/acknowledge/").status_code == 200
    assert supplier_api.put(url, {"value": True}, format="json").status_code == 200
    assert _upload(supplier_api, assessment).status_code == 201


def test_api_submit_without_acknowledgement_is_409(officer, celery_eager) -> None:
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer)
    user = supplier_user(supplier=assessment.supplier, username="unsigned-user")
    _complete(assessment, user)
    # Answered before the rule (or by a route that skipped it): still not submittable.
    Assessment.objects.filter(pk=assessment.pk).update(code_acknowledged_at=None)
    supplier_api = _supplier_api(user)
    submit = f"/api/v1/assessments/{assessment.pk}/submit/"

    refused = supplier_api.post(submit, {"attestation": True}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "code_not_acknowledged"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS and assessment.submitted_at is None

    supplier_api.post(f"/api/v1/assessments/{assessment.pk}/acknowledge/")
    submitted = supplier_api.post(submit, {"attestation": True}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
