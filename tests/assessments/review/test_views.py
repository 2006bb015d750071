import pytest
from django.test import Client

from assessments.models import Answer
from core import roles
from tests.factories import review_complete, staff_user

pytestmark = pytest.mark.django_db


def _client(role: str, username: str) -> Client:
    client = Client()
    client.force_login(staff_user(role, username=username))
    return client


def test_review_queue_then_query_return_and_approve_on_the_web(submitted) -> None:
    assessment, _user = submitted
    reviewer = _client(roles.REVIEWER, "web-rev")
    queue = reviewer.get("/campaigns/review/").content.decode()
    assert f"/campaigns/assessments/{assessment.pk}/" in queue
    page = reviewer.get(f"/campaigns/assessments/{assessment.pk}/").content.decode()
    assert 'data-testid="query-A1.4"' in page and 'data-testid="approve"' not in page
    reviewer.post(
        f"/campaigns/assessments/{assessment.pk}/answers/A1.4/review/",
        {"decision": "query", "comment": "Certificate?"},
    )
    assert (
        Answer.objects.get(assessment=assessment, question__code="A1.4").review_status == "queried"
    )
    reviewer.post(f"/campaigns/assessments/{assessment.pk}/return/", {"comment": "See A1.4"})
    assessment.refresh_from_db()
    assert assessment.status == "returned"
    # the reviewer has no approval rights, and the officer no review rights
    officer = _client(roles.PROCUREMENT_OFFICER, "web-off")
    assert officer.post(f"/campaigns/assessments/{assessment.pk}/return/").status_code == 403
    assert reviewer.post(f"/campaigns/assessments/{assessment.pk}/approve/").status_code == 403


def test_approver_decides_and_errors_are_shown(submitted) -> None:
    assessment, _user = submitted
    approver = _client(roles.APPROVER, "web-appr")
    response = approver.post(
        f"/campaigns/assessments/{assessment.pk}/reject/", {"reason": ""}, follow=True
    )
    assert "reason" in response.content.decode().lower()
    refused = approver.post(f"/campaigns/assessments/{assessment.pk}/approve/", follow=True)
    assert "Review is not complete" in refused.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    review_complete(assessment)
    approver.post(f"/campaigns/assessments/{assessment.pk}/approve/")
    assessment.refresh_from_db()
    assert assessment.status == "approved"
    events = approver.get(f"/campaigns/assessments/{assessment.pk}/").content.decode()
    assert "Approved" in events
