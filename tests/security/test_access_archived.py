"""An archived supplier's users lose the portal and the API, are told why, and get both back
when the supplier is unarchived (nothing about the users is changed on the way)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from assessments.answers import services as answer_services
from tests.factories import PNG, LaunchedAssessmentFactory, api_token, supplier_user

pytestmark = pytest.mark.django_db

MESSAGE = "Your company&#x27;s account is archived: contact your customer&#x27;s procurement team."


@pytest.fixture
def supplier_access(officer, celery_eager):  # type: ignore[no-untyped-def]
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer)
    user = supplier_user(supplier=assessment.supplier, username="archived-user")
    document = answer_services.evidence_upload(
        assessment=assessment,
        question_code="A1.3",
        file=SimpleUploadedFile("permit.png", PNG),
        user=user,
    )
    web = Client()
    web.force_login(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return assessment, user, document, web, api


def _pages(assessment, document) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "/portal/",
        f"/portal/assessments/{assessment.pk}/",
        f"/portal/assessments/{assessment.pk}/areas/A1/",
        f"/portal/assessments/{assessment.pk}/submit/",
        "/portal/profile/",
        "/notifications/",
    ]


def _api_calls(assessment, document):  # type: ignore[no-untyped-def]
    base = f"/api/v1/assessments/{assessment.pk}"
    return [
        ("get", "/api/v1/assessments/", None),
        ("get", f"{base}/", None),
        ("get", f"{base}/score/", None),
        ("get", f"{base}/ghg/", None),
        ("put", f"{base}/answers/A1.1/", {"value": True}),
        ("post", f"{base}/submit/", {"attestation": True}),
        ("post", f"{base}/acknowledge/", None),
        ("delete", f"/api/v1/evidence/{document.pk}/", None),
        ("get", "/api/v1/suppliers/", None),
    ]


def test_archived_supplier_users_lose_portal_and_api_access(supplier_access, api) -> None:
    assessment, user, document, web, supplier_api = supplier_access
    assert web.get("/portal/").status_code == 200
    assert supplier_api.get("/api/v1/assessments/").status_code == 200

    archived = api.post(f"/api/v1/suppliers/{assessment.supplier_id}/archive/")
    assert archived.status_code == 200

    for url in _pages(assessment, document):
        page = web.get(url)
        assert page.status_code == 403, url
        assert MESSAGE in page.content.decode(), url
    assert (
        web.post(f"/portal/assessments/{assessment.pk}/areas/A1/", {"q-A1.1": "yes"}).status_code
        == 403
    )
    assert web.get(f"/evidence/{document.pk}/").status_code == 404  # nothing of theirs is found
    for method, url, body in _api_calls(assessment, document):
        response = getattr(supplier_api, method)(url, body, format="json")
        assert response.status_code == 403, url
        assert response.json()["code"] == "supplier_archived", url
        assert "archived" in response.json()["detail"]
    assert not assessment.answers.filter(question__code="A1.1").exists()
    document.refresh_from_db()
    assert document.removed_at is None

    # Logging in again leads to the same message, not to the portal.
    fresh = Client()
    login = fresh.post(
        "/accounts/login/", {"username": user.username, "password": "pw-for-tests-1"}, follow=True
    )
    assert login.status_code == 403 and MESSAGE in login.content.decode()
    # ... and no new API token is issued.
    token = APIClient().post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "pw-for-tests-1"},
        format="json",
    )
    assert token.status_code == 403 and token.json()["code"] == "supplier_archived"


def test_unarchived_supplier_users_get_access_back(supplier_access, api) -> None:
    assessment, user, document, web, supplier_api = supplier_access
    assert api.post(f"/api/v1/suppliers/{assessment.supplier_id}/archive/").status_code == 200
    assert web.get("/portal/").status_code == 403

    restored = api.patch(
        f"/api/v1/suppliers/{assessment.supplier_id}/", {"status": "active"}, format="json"
    )
    assert restored.status_code == 200 and restored.json()["status"] == "active"

    for url in _pages(assessment, document):
        assert web.get(url).status_code == 200, url
    assert web.get(f"/evidence/{document.pk}/").status_code == 200
    assert supplier_api.get("/api/v1/assessments/").json()["count"] == 1
    saved = supplier_api.put(
        f"/api/v1/assessments/{assessment.pk}/answers/A1.1/", {"value": True}, format="json"
    )
    assert saved.status_code == 200
    user.refresh_from_db()
    assert user.is_active
