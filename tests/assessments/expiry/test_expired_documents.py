"""An expired permit document suspends the label (the existing rule) and is shown as expired to
the reviewer and the supplier."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from assessments.labels import services as label_services
from assessments.models import EvidenceDocument, GreenLabel, LabelDecision
from assessments.review import services as review_services
from core import roles
from tests.assessments.expiry.conftest import flag_validity
from tests.factories import review_complete, staff_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def approved(submitted, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    assessment, _user = submitted
    review_complete(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_approve(
            assessment=assessment, approver=staff_user(roles.APPROVER, username="exp-appr")
        )
    assessment.refresh_from_db()
    return assessment


def _permit(assessment, valid_until: datetime.date) -> EvidenceDocument:  # type: ignore[no-untyped-def]
    document = EvidenceDocument.objects.get(
        answer__assessment=assessment, answer__question__code="A1.3"
    )
    EvidenceDocument.objects.filter(pk=document.pk).update(valid_until=valid_until)
    document.refresh_from_db()
    return document


def test_a_passed_end_date_on_a_flagged_question_is_an_expired_permit(approved) -> None:
    _permit(approved, TODAY - datetime.timedelta(days=1))
    assert label_services.expired_permits(approved, TODAY) == []  # not a permit question
    flag_validity(approved.version)
    assert label_services.expired_permits(approved, TODAY) == ["A1.3: p.png (2026-11-21)"]
    assert label_services.expired_permits(approved, TODAY - datetime.timedelta(days=1)) == []
    EvidenceDocument.objects.update(review_status=EvidenceDocument.ReviewStatus.REJECTED)
    assert label_services.expired_permits(approved, TODAY) == []
    EvidenceDocument.objects.update(
        review_status=EvidenceDocument.ReviewStatus.ACCEPTED, removed_at=timezone.now()
    )
    assert label_services.expired_permits(approved, TODAY) == []


def test_the_daily_review_suspends_the_label_for_an_expired_document(approved) -> None:
    flag_validity(approved.version)
    label = label_services.label_grant(
        supplier=approved.supplier,
        assessment=approved,
        granted_by=staff_user(roles.APPROVER, username="exp-appr2"),
    )
    ends = TODAY + datetime.timedelta(days=20)
    _permit(approved, ends)
    assert label_services.labels_review(today=ends) == {"expired": 0, "suspended": 0}
    later = ends + datetime.timedelta(days=1)
    assert later < label.valid_until
    assert label_services.labels_review(today=later) == {"expired": 0, "suspended": 1}
    assert label_services.labels_review(today=later) == {"expired": 0, "suspended": 0}
    assert GreenLabel.objects.get().status == "suspended"
    assert "p.png" in LabelDecision.objects.get(kind="suspended").reason


def test_the_reviewer_and_the_supplier_see_the_document_expired(submitted) -> None:
    assessment, user = submitted
    flag_validity(assessment.version)
    today = timezone.localdate()
    document = _permit(assessment, today - datetime.timedelta(days=1))
    reviewer = Client()
    reviewer.force_login(staff_user(roles.REVIEWER, username="exp-rev"))
    page = reviewer.get(f"/campaigns/assessments/{assessment.pk}/?area=A1").content.decode()
    assert f'data-testid="expired-{document.pk}"' in page
    assert f'data-testid="validity-{document.pk}" data-validity="expired"' in page
    supplier = Client()
    supplier.force_login(user)
    portal = supplier.get(f"/portal/assessments/{assessment.pk}/areas/A1/").content.decode()
    assert f'data-testid="expired-{document.pk}"' in portal
    EvidenceDocument.objects.update(valid_until=today + datetime.timedelta(days=30))
    page = reviewer.get(f"/campaigns/assessments/{assessment.pk}/?area=A1").content.decode()
    assert f'data-testid="expiring-{document.pk}"' in page
    assert f'data-testid="expired-{document.pk}"' not in page
    EvidenceDocument.objects.update(valid_until=today + datetime.timedelta(days=300))
    page = reviewer.get(f"/campaigns/assessments/{assessment.pk}/?area=A1").content.decode()
    assert 'data-validity="valid"' in page and f'data-testid="expiring-{document.pk}"' not in page


def test_the_workbench_reads_validity_without_a_query_per_document(
    submitted, django_assert_max_num_queries
) -> None:
    assessment, _user = submitted
    reviewer = Client()
    reviewer.force_login(staff_user(roles.REVIEWER, username="exp-rev2"))
    url = f"/campaigns/assessments/{assessment.pk}/?area=A1"
    reviewer.get(url)
    with django_assert_max_num_queries(60) as before:
        reviewer.get(url)
    EvidenceDocument.objects.update(valid_until=timezone.localdate())
    with django_assert_max_num_queries(len(before.captured_queries)):
        reviewer.get(url)
