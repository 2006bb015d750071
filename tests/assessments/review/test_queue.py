"""The review queue's "review complete" filter: what awaits an approver's decision."""

import pytest
from django.test import Client

from assessments.models import Answer, Assessment, EvidenceDocument
from assessments.review.selectors import assessment_list_review_complete, review_open_items
from core import roles
from tests.factories import review_complete, staff_user

pytestmark = pytest.mark.django_db

AWAITING = "/campaigns/review/?status=submitted&review=complete"


def _approver() -> Client:
    client = Client()
    client.force_login(staff_user(roles.APPROVER, username="queue-appr"))
    return client


def _shown(client: Client, url: str = AWAITING) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _link(assessment: Assessment) -> str:
    return f'data-testid="review-{assessment.pk}"'


def test_only_assessments_with_every_item_decided_await_a_decision(submitted) -> None:
    assessment, _user = submitted
    approver = _approver()
    assert _link(assessment) in _shown(approver, "/campaigns/review/?status=submitted")
    assert _link(assessment) not in _shown(approver)  # nothing reviewed yet
    reviewer = review_complete(assessment)
    page = _shown(approver)
    assert _link(assessment) in page and 'data-testid="awaiting-decision"' in page
    # One answer queried again: no longer complete.
    answer = Answer.objects.get(assessment=assessment, question__code="A1.4")
    Answer.objects.filter(pk=answer.pk).update(review_status=Answer.ReviewStatus.QUERIED)
    assert _link(assessment) not in _shown(approver)
    Answer.objects.filter(pk=answer.pk).update(review_status=Answer.ReviewStatus.ACCEPTED)
    # A document still pending: not complete either.
    EvidenceDocument.objects.filter(answer__assessment=assessment).update(review_status="pending")
    assert _link(assessment) not in _shown(approver)
    assert reviewer is not None


def test_review_complete_matches_the_approval_rule_on_hidden_questions(submitted) -> None:
    """A1.3 (and its document) is pending but hidden once A1.2 no longer says "discharge": it
    does not count (review_open_items), so the assessment awaits a decision all the same."""
    assessment, _user = submitted
    review_complete(assessment)
    Answer.objects.filter(assessment=assessment, question__code="A1.3").update(
        review_status=Answer.ReviewStatus.PENDING
    )
    EvidenceDocument.objects.filter(answer__assessment=assessment).update(review_status="pending")
    queryset = Assessment.objects.filter(pk=assessment.pk)
    assert review_open_items(assessment)  # shown: still open
    assert not assessment_list_review_complete(queryset).exists()
    Answer.objects.filter(assessment=assessment, question__code="A1.2").update(value=["eia"])
    assert review_open_items(assessment) == []
    assert list(assessment_list_review_complete(queryset)) == [assessment]


def test_a_returned_or_approved_assessment_does_not_await_a_decision(submitted) -> None:
    assessment, _user = submitted
    review_complete(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.RETURNED)
    # the filter means submitted: a status in the address does not widen it
    assert _link(assessment) not in _shown(_approver(), AWAITING.replace("submitted", "returned"))


def test_awaiting_decision_queries_are_bounded(submitted, django_assert_max_num_queries) -> None:
    assessment, _user = submitted
    review_complete(assessment)
    approver = _approver()
    _shown(approver)
    with django_assert_max_num_queries(12):
        page = _shown(approver)
    assert _link(assessment) in page
