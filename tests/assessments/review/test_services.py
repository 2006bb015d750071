import datetime

import pytest
from rest_framework.test import APIClient

from assessments.answers import services as answer_services
from assessments.campaigns.reminders import reminders_send
from assessments.errors import (
    AnswerLockedError,
    AssessmentStateError,
    ReviewInvalidError,
    SeparationOfDutiesError,
)
from assessments.models import Answer, Assessment, Event, SentReminder
from assessments.review import services as review_services
from core import roles
from tests.factories import review_complete, staff_user

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DUE = datetime.date(2027, 1, 31)


def test_query_return_fix_resubmit_and_approve(submitted) -> None:
    assessment, supplier_account = submitted
    reviewer = staff_user(roles.REVIEWER, username="rev")
    approver = staff_user(roles.APPROVER, username="appr")
    a14 = Answer.objects.get(assessment=assessment, question__code="A1.4")
    with pytest.raises(ReviewInvalidError):
        review_services.answer_review(answer=a14, accept=False, comment=" ", reviewer=reviewer)
    review_services.answer_review(
        answer=a14, accept=False, comment="Upload the ISO certificate?", reviewer=reviewer
    )
    review_services.answer_review(
        answer=Answer.objects.get(assessment=assessment, question__code="A1.1"),
        accept=True,
        comment="",
        reviewer=reviewer,
    )
    review_services.assessment_return(
        assessment=assessment, question_codes=[], comment="Please check A1.4", reviewer=reviewer
    )
    assessment.refresh_from_db()
    assert assessment.status == "returned" and assessment.reviewer == reviewer
    with pytest.raises(AnswerLockedError):  # only the queried question is open again
        answer_services.answer_save(
            assessment=assessment,
            question_code="A1.1",
            value=False,
            user=supplier_account,
            revision=None,
        )
    fixed = answer_services.answer_save(
        assessment=assessment, question_code="A1.4", value="none", supplier_response="No certificate yet.",
        user=supplier_account, revision=a14.revision,
    )  # fmt: skip
    assert fixed.supplier_response == "No certificate yet."
    answer_services.assessment_submit(
        assessment=assessment, attestation=True, user=supplier_account
    )
    with pytest.raises(SeparationOfDutiesError):
        review_services.assessment_approve(assessment=assessment, approver=reviewer)
    review_complete(assessment, reviewer)
    approved = review_services.assessment_approve(assessment=assessment, approver=approver)
    assert approved.status == "approved" and approved.decided_by == approver
    with pytest.raises(AssessmentStateError):
        review_services.assessment_reject(assessment=assessment, approver=approver, reason="late")
    kinds = list(assessment.events.values_list("kind", flat=True))
    for kind in ("submitted", "answer_queried", "returned", "approved"):
        assert kind in kinds
    visible = set(assessment.events.filter(is_supplier_visible=True).values_list("kind", flat=True))
    assert {"answer_queried", "returned", "approved"} <= visible
    assert "answer_accepted" not in visible


def test_evidence_rejection_needs_a_reason_and_removes_credit(submitted) -> None:
    assessment, _user = submitted
    reviewer = staff_user(roles.REVIEWER, username="rev2")
    document = Answer.objects.get(assessment=assessment, question__code="A1.3").evidence.get()
    with pytest.raises(ReviewInvalidError):
        review_services.evidence_review(
            document=document, accept=False, reason="", reviewer=reviewer
        )
    review_services.evidence_review(
        document=document, accept=False, reason="Blurred scan", reviewer=reviewer
    )
    review_services.assessment_return(
        assessment=assessment, question_codes=["A1.3"], comment="", reviewer=reviewer
    )
    missing = answer_services.assessment_missing_items(assessment)
    assert [(item.question_code, item.reason) for item in missing] == [
        ("A1.3", "Evidence is required.")
    ]


def test_reject_needs_a_reason(submitted) -> None:
    assessment, _user = submitted
    approver = staff_user(roles.APPROVER, username="appr2")
    with pytest.raises(ReviewInvalidError):
        review_services.assessment_reject(assessment=assessment, approver=approver, reason="")
    rejected = review_services.assessment_reject(
        assessment=assessment, approver=approver, reason="Permit missing"
    )
    assert rejected.status == "rejected" and rejected.decision_reason == "Permit missing"


def test_review_api_permissions_and_flow(submitted) -> None:
    assessment, supplier_account = submitted
    reviewer = APIClient()
    reviewer.force_authenticate(staff_user(roles.REVIEWER, username="rev3"))
    approver = APIClient()
    approver.force_authenticate(staff_user(roles.APPROVER, username="appr3"))
    supplier = APIClient()
    supplier.force_authenticate(supplier_account)
    base = f"/api/v1/assessments/{assessment.pk}"
    for client, url in (
        (supplier, "/return/"),
        (supplier, "/approve/"),
        (reviewer, "/approve/"),
        (approver, "/return/"),
    ):
        assert client.post(base + url, {}, format="json").status_code == 403, url
    queried = reviewer.post(
        base + "/answers/A1.4/review/", {"accept": False, "comment": "Why?"}, format="json"
    )
    assert queried.status_code == 200 and queried.json()["review_status"] == "queried"
    returned = reviewer.post(base + "/return/", {"comment": "See A1.4"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    refused = approver.post(base + "/approve/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_state"
    detail = supplier.get(base + "/").json()
    assert (
        next(a for a in detail["answers"] if a["question_code"] == "A1.4")["review_comment"]
        == "Why?"
    )


def test_reminders_are_sent_once_and_overdue_is_marked(
    submitted, officer, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    assessment, _user = submitted
    Assessment.objects.filter(pk=assessment.pk).update(status="in_progress")
    day_before = DUE - datetime.timedelta(days=1)
    assert reminders_send(today=day_before).sent == 1
    assert reminders_send(today=day_before).sent == 0  # a second run (or beat) sends nothing
    assert SentReminder.objects.filter(assessment=assessment).count() == 1
    assert reminders_send(today=DUE + datetime.timedelta(days=1)).sent == 1
    assessment.refresh_from_db()
    assert assessment.is_overdue
    assert Event.objects.filter(assessment=assessment, kind="marked_overdue").count() == 1
    reminders_send(today=DUE + datetime.timedelta(days=2))
    assert Event.objects.filter(assessment=assessment, kind="marked_overdue").count() == 1
    assert len(mailoutbox) == 3  # the invitation and two reminders
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    assert reminders_send(today=DUE + datetime.timedelta(days=7)).sent == 0
