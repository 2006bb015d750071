"""The review loop has no dead end, and four eyes hold: who reviewed does not decide, and nothing
is approved while something is open."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from assessments.answers import services as answer_services
from assessments.errors import (
    AnswerLockedError,
    AssessmentStateError,
    ReviewIncompleteError,
    ReviewInvalidError,
    SeparationOfDutiesError,
)
from assessments.models import Answer, Event, EvidenceDocument
from assessments.review import services as review_services
from assessments.review.selectors import review_open_items
from core import roles
from tests.factories import PNG, review_complete, staff_user

pytestmark = pytest.mark.django_db


def _document(assessment, code: str = "A1.3") -> EvidenceDocument:
    return EvidenceDocument.objects.get(answer__assessment=assessment, answer__question__code=code)


def _open(assessment) -> dict[str, tuple[int, list[str]]]:
    return {item.code: (item.count, item.questions) for item in review_open_items(assessment)}


def test_a_rejected_document_reopens_its_question_and_the_supplier_replaces_it(submitted) -> None:
    assessment, supplier = submitted
    reviewer = staff_user(roles.REVIEWER, username="ri-rev")
    approver = staff_user(roles.APPROVER, username="ri-appr")
    review_complete(assessment, reviewer)  # everything accepted, A1.3 never queried
    document = _document(assessment)
    review_services.evidence_review(
        document=document, accept=False, reason="The permit has expired.", reviewer=reviewer
    )
    answer = Answer.objects.get(assessment=assessment, question__code="A1.3")
    assert answer.review_status == "queried"
    assert "The permit has expired." in answer.review_comment
    review_services.assessment_return(
        assessment=assessment, question_codes=[], comment="", reviewer=reviewer
    )
    with pytest.raises(AnswerLockedError):
        answer_services.answer_save(
            assessment=assessment, question_code="A1.1", value=False, user=supplier, revision=None
        )
    removed = answer_services.evidence_remove(document=document, user=supplier)
    assert removed.removed_at is not None and removed.file  # kept privately for the record
    assert EvidenceDocument.all_objects.filter(pk=document.pk).exists()
    assert not EvidenceDocument.objects.filter(pk=document.pk).exists()
    assert Event.objects.filter(assessment=assessment, kind="evidence_removed").count() == 1
    missing = answer_services.assessment_missing_items(assessment)
    assert [item.question_code for item in missing] == ["A1.3"]
    answer_services.evidence_upload(
        assessment=assessment,
        question_code="A1.3",
        file=SimpleUploadedFile("renewed.png", PNG),
        user=supplier,
    )
    answer_services.assessment_submit(assessment=assessment, attestation=True, user=supplier)
    answer.refresh_from_db()
    assert answer.review_status == "pending" and not answer.is_unlocked
    assert _open(assessment) == {
        "answers_pending": (1, ["A1.3"]),
        "documents_pending": (1, ["A1.3"]),
    }
    with pytest.raises(ReviewIncompleteError) as refused:
        review_services.assessment_approve(assessment=assessment, approver=approver)
    assert {item["code"] for item in refused.value.extra["open"]} == {
        "answers_pending",
        "documents_pending",
    }
    accepted = review_services.area_accept(assessment=assessment, area_code="A1", reviewer=reviewer)
    assert accepted.answers == ["A1.3"] and len(accepted.documents) == 1
    approved = review_services.assessment_approve(assessment=assessment, approver=approver)
    assert approved.status == "approved"


def test_a_returned_assessment_takes_further_queries_and_document_decisions(submitted) -> None:
    assessment, supplier = submitted
    reviewer = staff_user(roles.REVIEWER, username="ri-rev2")
    review_services.answer_review(
        answer=Answer.objects.get(assessment=assessment, question__code="A1.4"),
        accept=False,
        comment="Which certificate?",
        reviewer=reviewer,
    )
    review_services.assessment_return(
        assessment=assessment, question_codes=[], comment="", reviewer=reviewer
    )
    # a further query after the return opens that question at once
    review_services.answer_review(
        answer=Answer.objects.get(assessment=assessment, question__code="A1.1"),
        accept=False,
        comment="Who signed?",
        reviewer=reviewer,
    )
    answer_services.answer_save(
        assessment=assessment, question_code="A1.1", value=True, user=supplier, revision=None
    )
    review_services.evidence_review(
        document=_document(assessment), accept=False, reason="Unreadable", reviewer=reviewer
    )
    assert Answer.objects.get(assessment=assessment, question__code="A1.3").is_unlocked
    with pytest.raises(AssessmentStateError):  # it is with the supplier already
        review_services.assessment_return(
            assessment=assessment, question_codes=["A1.1"], comment="", reviewer=reviewer
        )


def test_before_submission_documents_can_be_removed_and_after_a_decision_not(submitted) -> None:
    assessment, supplier = submitted
    approver = staff_user(roles.APPROVER, username="ri-appr3")
    review_services.assessment_reject(assessment=assessment, approver=approver, reason="No permit")
    with pytest.raises(AnswerLockedError):
        answer_services.evidence_remove(document=_document(assessment), user=supplier)


@pytest.mark.parametrize(
    "action",
    ["accept_answer", "query_answer", "accept_document", "reject_document", "corrective_action"],
)
def test_whoever_took_a_review_action_cannot_decide(submitted, action) -> None:
    import datetime

    from assessments.corrective_actions.services import action_raise

    assessment, _supplier = submitted
    both = staff_user(roles.REVIEWER, username=f"both-{action}")
    both.groups.add(*staff_user(roles.APPROVER, username=f"tmp-{action}").groups.all())
    answer = Answer.objects.get(assessment=assessment, question__code="A1.4")
    if action == "accept_answer":
        review_services.answer_review(answer=answer, accept=True, comment="", reviewer=both)
    elif action == "query_answer":
        review_services.answer_review(answer=answer, accept=False, comment="?", reviewer=both)
    elif action == "accept_document":
        review_services.evidence_review(
            document=_document(assessment), accept=True, reason="", reviewer=both
        )
    elif action == "reject_document":
        review_services.evidence_review(
            document=_document(assessment), accept=False, reason="old", reviewer=both
        )
    else:
        action_raise(
            assessment=assessment,
            title="Spill kit",
            severity="low",
            due_on=datetime.date(2027, 3, 1),
            raised_by=both,
        )
    Assessment = type(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(reviewer=None)  # not claimed either
    review_complete(assessment, staff_user(roles.REVIEWER, username=f"other-{action}"))
    with pytest.raises(SeparationOfDutiesError) as refused:
        review_services.assessment_approve(assessment=assessment, approver=both)
    assert both.username in str(refused.value)
    with pytest.raises(SeparationOfDutiesError):
        review_services.assessment_reject(assessment=assessment, approver=both, reason="no")


def test_four_eyes_over_the_api_is_409_and_names_the_reviewers(submitted) -> None:
    assessment, _supplier = submitted
    second = staff_user(roles.REVIEWER, username="second-rev")
    second.groups.add(*staff_user(roles.APPROVER, username="second-tmp").groups.all())
    review_complete(assessment, staff_user(roles.REVIEWER, username="first-rev"))
    review_services.answer_review(
        answer=Answer.objects.get(assessment=assessment, question__code="A1.1"),
        accept=True,
        comment="",
        reviewer=second,
    )
    client = APIClient()
    client.force_authenticate(second)
    response = client.post(f"/api/v1/assessments/{assessment.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "four_eyes"
    assert {r["username"] for r in body["reviewers"]} == {"first-rev", "second-rev"}
    assert "first-rev" in body["detail"]


def test_approval_with_no_review_is_refused_with_what_is_open(submitted) -> None:
    assessment, _supplier = submitted
    client = APIClient()
    client.force_authenticate(staff_user(roles.APPROVER, username="nr-appr"))
    response = client.post(f"/api/v1/assessments/{assessment.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "review_incomplete"
    by_code = {item["code"]: item for item in body["open"]}
    assert set(by_code) == {"answers_pending", "documents_pending", "no_reviewer"}
    assert by_code["documents_pending"] == {
        "code": "documents_pending",
        "count": 1,
        "questions": ["A1.3"],
    }
    assert by_code["answers_pending"]["count"] == len(by_code["answers_pending"]["questions"])


def test_approval_with_a_pending_document_or_an_open_query_is_refused(submitted) -> None:
    assessment, _supplier = submitted
    reviewer = staff_user(roles.REVIEWER, username="pq-rev")
    approver = staff_user(roles.APPROVER, username="pq-appr")
    for answer in Answer.objects.filter(assessment=assessment):
        review_services.answer_review(answer=answer, accept=True, comment="", reviewer=reviewer)
    assert _open(assessment) == {"documents_pending": (1, ["A1.3"])}
    with pytest.raises(ReviewIncompleteError):
        review_services.assessment_approve(assessment=assessment, approver=approver)
    review_services.evidence_review(
        document=_document(assessment), accept=True, reason="", reviewer=reviewer
    )
    review_services.answer_review(
        answer=Answer.objects.get(assessment=assessment, question__code="A1.4"),
        accept=False,
        comment="Which one?",
        reviewer=reviewer,
    )
    assert _open(assessment) == {"answers_queried": (1, ["A1.4"])}
    with pytest.raises(ReviewIncompleteError):
        review_services.assessment_approve(assessment=assessment, approver=approver)
    # rejecting stays possible, with a reason
    with pytest.raises(ReviewInvalidError):
        review_services.assessment_reject(assessment=assessment, approver=approver, reason=" ")
    assert (
        review_services.assessment_reject(
            assessment=assessment, approver=approver, reason="Unsupported claims"
        ).status
        == "rejected"
    )


def test_accept_area_over_the_api_records_one_event_per_item(submitted) -> None:
    assessment, _supplier = submitted
    reviewer = staff_user(roles.REVIEWER, username="aa-rev")
    review_services.answer_review(
        answer=Answer.objects.get(assessment=assessment, question__code="A1.4"),
        accept=False,
        comment="?",
        reviewer=reviewer,
    )
    client = APIClient()
    client.force_authenticate(reviewer)
    url = f"/api/v1/assessments/{assessment.pk}/review/accept-area/"
    assert client.post(url, {"area": "A9"}, format="json").status_code == 400
    assert client.post(url, {}, format="json").status_code == 400
    before = Event.objects.filter(assessment=assessment).count()
    response = client.post(url, {"area": "A1"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == "A1" and "A1.4" not in body["answers"]  # the query stands
    assert sorted(body["answers"]) == ["A1.1", "A1.2", "A1.3"]
    assert len(body["documents"]) == 1
    assert Event.objects.filter(assessment=assessment).count() == before + 4
    assert (
        Answer.objects.get(assessment=assessment, question__code="A2.1").review_status == "pending"
    )
    supplier = APIClient()
    supplier.force_authenticate(_supplier)
    assert supplier.post(url, {"area": "A2"}, format="json").status_code == 403
    again = client.post(url, {"area": "A1"}, format="json").json()
    assert again["answers"] == [] and again["documents"] == []


def test_the_staff_page_shows_reviewers_open_items_and_accepts_an_area(submitted) -> None:
    assessment, _supplier = submitted
    client = Client()
    client.force_login(staff_user(roles.REVIEWER, username="page-rev"))
    page = client.get(f"/campaigns/assessments/{assessment.pk}/").content.decode()
    assert 'data-testid="open-answers_pending"' in page
    assert 'data-testid="accept-area-A1"' in page
    response = client.post(
        f"/campaigns/assessments/{assessment.pk}/review/accept-area/", {"area": "A1"}, follow=True
    )
    page = response.content.decode()
    assert "accepted" in page and "page-rev" in page
    assert not Answer.objects.filter(
        assessment=assessment, question__area__code="A1", review_status="pending"
    ).exists()
