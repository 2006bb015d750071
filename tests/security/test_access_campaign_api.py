"""Closing and extending a campaign, and acknowledging the code of conduct, over the API: with
the permissions of the pages that do the same, and errors in the one error shape."""

import datetime

import pytest
from rest_framework.test import APIClient

from assessments.models import Event
from tests.factories import LaunchedAssessmentFactory, api_token, supplier_user

pytestmark = pytest.mark.django_db

NEW_DUE = datetime.date(2027, 3, 15)


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def test_campaign_close_and_extend_over_the_api(officer, api, auditor, celery_eager) -> None:
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer)
    campaign = assessment.campaign
    close = f"/api/v1/campaigns/{campaign.pk}/close/"
    extend = f"/api/v1/campaigns/{campaign.pk}/extend/"
    supplier = _client(supplier_user(supplier=assessment.supplier, username="camp-supplier"))

    # Who may: as on the campaign page (assessments.change_campaign), never a supplier.
    for client in (_client(auditor), supplier):
        assert client.post(close).status_code == 403
        assert client.post(extend, {"due_on": "2027-03-15"}, format="json").status_code == 403
    assert APIClient().post(close).status_code == 401
    assert api.post("/api/v1/campaigns/999999/close/").json()["code"] == "not_found"

    missing = api.post(extend, {}, format="json")
    assert missing.status_code == 400 and set(missing.json()["fields"]) == {"due_on"}
    bad = api.post(extend, {"due_on": "next week"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"

    extended = api.post(extend, {"due_on": NEW_DUE.isoformat()}, format="json")
    assert extended.status_code == 200
    assert extended.json()["due_on"] == "2027-03-15" and extended.json()["id"] == campaign.pk
    assessment.refresh_from_db()
    assert assessment.due_on == NEW_DUE
    assert Event.objects.filter(assessment=assessment, kind="due_date_changed").count() == 1

    closed = api.post(close)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = api.post(close)
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    late = api.post(extend, {"due_on": "2027-04-30"}, format="json")
    assert late.status_code == 409 and late.json()["code"] == "invalid_state"
    assert set(late.json()) >= {"code", "detail", "fields"}


def test_acknowledge_over_the_api_only_by_the_supplier(officer, api, celery_eager) -> None:
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer, acknowledged=False)
    other = LaunchedAssessmentFactory(campaign__created_by=officer, acknowledged=False)
    url = f"/api/v1/assessments/{assessment.pk}/acknowledge/"
    outsider = _client(supplier_user(supplier=other.supplier, username="outsider"))

    assert api.post(url).status_code == 403  # staff do not acknowledge for the supplier
    assert outsider.post(url).json()["code"] == "not_found"  # another supplier's: not found
    assert APIClient().post(url).status_code == 401
    assessment.refresh_from_db()
    assert assessment.code_acknowledged_at is None

    user = supplier_user(supplier=assessment.supplier, username="signer")
    mine = _client(user)
    first = mine.post(url)
    assert first.status_code == 200
    assert first.json()["id"] == assessment.pk and first.json()["code_acknowledged_at"]
    assessment.refresh_from_db()
    assert assessment.code_acknowledged_by == user
    event = Event.objects.get(assessment=assessment, kind="code_acknowledged")
    assert (event.actor, event.via) == (user, "api")
    again = mine.post(url)  # once only: nothing changes the second time
    assert again.json()["code_acknowledged_at"] == first.json()["code_acknowledged_at"]
    assert Event.objects.filter(assessment=assessment, kind="code_acknowledged").count() == 1
    other.refresh_from_db()
    assert other.code_acknowledged_at is None
