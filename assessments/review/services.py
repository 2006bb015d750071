"""Review: answers accepted or queried, evidence judged; returned, approved or rejected."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.answers.selectors import assessment_answers, visible_questions
from assessments.answers.services import score_queue
from assessments.campaigns.events import event_record
from assessments.errors import (
    AssessmentStateError,
    ReviewIncompleteError,
    ReviewInvalidError,
    SeparationOfDutiesError,
)
from assessments.models import Answer, Assessment, Event, EvidenceDocument
from assessments.questionnaires.selectors import version_load
from assessments.review.selectors import (
    REVIEWABLE_STATUSES,
    assessment_reviewers,
    open_item_text,
    review_open_items,
    user_label,
)

REVIEWABLE = REVIEWABLE_STATUSES


def _locked(assessment: Assessment, statuses: tuple[str, ...], message: str) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status not in statuses:
        raise AssessmentStateError(message % {"status": assessment.get_status_display()})
    return assessment


def _reviewable(assessment: Assessment) -> Assessment:
    """Submitted, or returned (a returned assessment takes further queries and decisions)."""
    return _locked(
        assessment,
        REVIEWABLE,
        _("Only a submitted or returned assessment can be reviewed; this one is %(status)s."),
    )


def _claim(assessment: Assessment, reviewer: User) -> None:
    if assessment.reviewer_id is None:
        assessment.reviewer = reviewer
        assessment.save(update_fields=["reviewer", "updated_at"])


def _reopen(assessment: Assessment, answer: Answer, comment: str) -> None:
    """Query an answer; on a returned assessment the supplier can change it at once."""
    answer.review_status = Answer.ReviewStatus.QUERIED
    answer.review_comment = comment
    answer.is_unlocked = answer.is_unlocked or assessment.status == Assessment.Status.RETURNED
    answer.save(update_fields=["review_status", "review_comment", "is_unlocked", "updated_at"])


@transaction.atomic
def answer_review(*, answer: Answer, accept: bool, comment: str, reviewer: User) -> Answer:
    """Accept an answer, or query it with a comment the supplier will see."""
    assessment = _reviewable(answer.assessment)
    if not accept and not comment.strip():
        raise ReviewInvalidError(
            _("Say what is wrong: the supplier sees this comment."),
            fields={"comment": [_("Required to query an answer.")]},
        )
    answer = Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    if accept:
        answer.review_status = Answer.ReviewStatus.ACCEPTED
        answer.review_comment = comment.strip()
        answer.is_unlocked = False
        answer.save(update_fields=["review_status", "review_comment", "is_unlocked", "updated_at"])
    else:
        _reopen(assessment, answer, comment.strip())
    _claim(assessment, reviewer)
    event_record(
        assessment=assessment,
        kind=Event.Kind.ANSWER_ACCEPTED if accept else Event.Kind.ANSWER_QUERIED,
        actor=reviewer,
        question_code=answer.question.code,
        comment=answer.review_comment,
    )
    return answer


@transaction.atomic
def evidence_review(
    *, document: EvidenceDocument, accept: bool, reason: str, reviewer: User
) -> EvidenceDocument:
    """Accept or reject a document; a rejection gives its reason and reopens its question for
    the supplier, as a query does (no credit without evidence, and no dead end either)."""
    assessment = _reviewable(document.answer.assessment)
    if not accept and not reason.strip():
        raise ReviewInvalidError(
            _("Give the reason for rejecting this document."),
            fields={"reason": [_("Required to reject a document.")]},
        )
    document.review_status = (
        EvidenceDocument.ReviewStatus.ACCEPTED if accept else EvidenceDocument.ReviewStatus.REJECTED
    )
    document.review_reason = reason.strip()
    document.save(update_fields=["review_status", "review_reason"])
    if not accept:
        answer = Answer.objects.select_for_update().get(pk=document.answer_id)
        comment = answer.review_comment if answer.review_status == "queried" else ""
        _reopen(
            assessment,
            answer,
            comment
            or _("Document “%(file)s” was rejected: %(reason)s")
            % {"file": document.original_name, "reason": document.review_reason},
        )
    _claim(assessment, reviewer)
    event_record(
        assessment=assessment,
        kind=Event.Kind.EVIDENCE_ACCEPTED if accept else Event.Kind.EVIDENCE_REJECTED,
        actor=reviewer,
        question_code=document.answer.question.code,
        file=document.original_name,
        reason=document.review_reason,
    )
    return document


@dataclass(frozen=True)
class AreaAccepted:
    area: str
    answers: list[str]
    documents: list[int]


@transaction.atomic
def area_accept(*, assessment: Assessment, area_code: str, reviewer: User) -> AreaAccepted:
    """Accept every answer and document of one area still waiting for review; one event each.

    Queried answers and rejected documents keep their decision: only what is pending changes.
    """
    assessment = _reviewable(assessment)
    loaded = version_load(assessment.version)
    if area_code not in {area.code for area in loaded.areas}:
        raise ReviewInvalidError(
            _("No area %(area)s in this questionnaire.") % {"area": area_code},
            fields={"area": [_("Unknown area.")]},
        )
    answers = assessment_answers(assessment)
    shown = {q.code for q in visible_questions(assessment, answers) if q.area.code == area_code}
    accepted_answers: list[str] = []
    accepted_documents: list[int] = []
    for code, answer in answers.items():  # in questionnaire order
        if code not in shown:
            continue
        for document in answer.documents:
            if document.review_status != EvidenceDocument.ReviewStatus.PENDING:
                continue
            document.review_status = EvidenceDocument.ReviewStatus.ACCEPTED
            document.save(update_fields=["review_status"])
            accepted_documents.append(document.pk)
            event_record(
                assessment=assessment,
                kind=Event.Kind.EVIDENCE_ACCEPTED,
                actor=reviewer,
                question_code=code,
                file=document.original_name,
                reason="",
                area=area_code,
            )
        if answer.review_status != Answer.ReviewStatus.PENDING:
            continue
        answer.review_status = Answer.ReviewStatus.ACCEPTED
        answer.is_unlocked = False
        answer.save(update_fields=["review_status", "is_unlocked", "updated_at"])
        accepted_answers.append(code)
        event_record(
            assessment=assessment,
            kind=Event.Kind.ANSWER_ACCEPTED,
            actor=reviewer,
            question_code=code,
            comment="",
            area=area_code,
        )
    if accepted_answers or accepted_documents:
        _claim(assessment, reviewer)
    return AreaAccepted(area_code, accepted_answers, accepted_documents)


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, question_codes: Iterable[str], comment: str, reviewer: User
) -> Assessment:
    """Send back to the supplier: only the queried questions open again."""
    assessment = _locked(
        assessment,
        (Assessment.Status.SUBMITTED,),
        _("Only a submitted assessment can be returned; this one is %(status)s."),
    )
    codes = set(question_codes) | set(
        assessment.answers.filter(review_status=Answer.ReviewStatus.QUERIED).values_list(
            "question__code", flat=True
        )
    )
    if not codes:
        raise ReviewInvalidError(
            _("Query at least one question to return the assessment."),
            fields={"questions": [_("Choose the questions the supplier must look at again.")]},
        )
    questions = {q.code: q for q in assessment.version.questions.filter(code__in=codes)}
    unknown = sorted(codes - set(questions))
    if unknown:
        raise ReviewInvalidError(
            _("Unknown questions: %(codes)s.") % {"codes": ", ".join(unknown)},
            fields={"questions": [", ".join(unknown)]},
        )
    for question in questions.values():
        answer, _created = Answer.objects.get_or_create(assessment=assessment, question=question)
        answer.is_unlocked = True
        if answer.review_status != Answer.ReviewStatus.QUERIED:
            answer.review_status = Answer.ReviewStatus.QUERIED
            answer.review_comment = answer.review_comment or comment.strip()
        answer.save(update_fields=["is_unlocked", "review_status", "review_comment", "updated_at"])
    assessment.status = Assessment.Status.RETURNED
    assessment.reviewer = assessment.reviewer or reviewer
    assessment.save(update_fields=["status", "reviewer", "updated_at"])
    event_record(
        assessment=assessment,
        kind=Event.Kind.RETURNED,
        actor=reviewer,
        comment=comment.strip(),
        questions=sorted(codes),
    )
    return assessment


def _decide(
    assessment: Assessment, approver: User, statuses: tuple[str, ...], message: str
) -> Assessment:
    assessment = _locked(assessment, statuses, message)
    # Four eyes: whoever took any review action on the assessment does not decide on it.
    reviewers = assessment_reviewers(assessment)
    if any(reviewer.pk == approver.pk for reviewer in reviewers):
        names = ", ".join(user_label(reviewer) for reviewer in reviewers)
        raise SeparationOfDutiesError(
            _(
                "You took review actions on this assessment (reviewed by: %(names)s); "
                "another approver must decide on it."
            )
            % {"names": names},
            reviewers=[
                {"id": r.pk, "username": r.username, "name": user_label(r)} for r in reviewers
            ],
        )
    return assessment


@transaction.atomic
def assessment_approve(*, assessment: Assessment, approver: User) -> Assessment:
    """Approve once review is complete; the final score follows."""
    assessment = _decide(
        assessment,
        approver,
        (Assessment.Status.SUBMITTED,),
        _("Only a submitted assessment can be approved; this one is %(status)s."),
    )
    open_items = review_open_items(assessment)
    if open_items:
        raise ReviewIncompleteError(
            _("Review is not complete: %(items)s.")
            % {"items": "; ".join(open_item_text(item) for item in open_items)},
            open=[item.as_dict() for item in open_items],
        )
    assessment.status = Assessment.Status.APPROVED
    assessment.decided_by = approver
    assessment.decided_at = timezone.now()
    assessment.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    event_record(assessment=assessment, kind=Event.Kind.APPROVED, actor=approver)
    score_queue(assessment.pk, "final")
    return assessment


@transaction.atomic
def assessment_reject(*, assessment: Assessment, approver: User, reason: str) -> Assessment:
    """Reject, with a reason, at any point after submission (submitted or returned)."""
    if not reason.strip():
        raise ReviewInvalidError(
            _("Give the reason for the rejection."), fields={"reason": [_("Required.")]}
        )
    assessment = _decide(
        assessment,
        approver,
        REVIEWABLE,
        _("Only a submitted or returned assessment can be rejected; this one is %(status)s."),
    )
    assessment.status = Assessment.Status.REJECTED
    assessment.decided_by = approver
    assessment.decided_at = timezone.now()
    assessment.decision_reason = reason.strip()
    assessment.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    assessment.answers.update(is_unlocked=False)
    event_record(
        assessment=assessment, kind=Event.Kind.REJECTED, actor=approver, reason=reason.strip()
    )
    return assessment


@transaction.atomic
def carried_answers_accept(*, assessment: Assessment, area_code: str, reviewer: User) -> list[str]:
    """Accept, in one action, every carried answer of an area the supplier confirmed unchanged
    and still waiting for review: one review decision per answer through `answer_review` (its
    own event each), and one event for the whole. Changed answers are reviewed one by one."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status not in REVIEWABLE_STATUSES:
        raise AssessmentStateError(
            _("Only a submitted or returned assessment can be reviewed; this one is %(status)s.")
            % {"status": assessment.get_status_display()}
        )
    if area_code not in {area.code for area in version_load(assessment.version).areas}:
        raise ReviewInvalidError(
            _("No area %(area)s in this questionnaire.") % {"area": area_code},
            fields={"area": [_("Unknown area.")]},
        )
    answers = (
        Answer.objects.select_related("question", "assessment")
        .filter(
            assessment=assessment,
            carried_forward=True,
            confirmed=True,
            review_status=Answer.ReviewStatus.PENDING,
            question__area__code=area_code,
        )
        .order_by("question__order")
    )
    codes = []
    for answer in answers:
        answer_review(answer=answer, accept=True, comment="", reviewer=reviewer)
        codes.append(answer.question.code)
    if codes:
        event_record(
            assessment=assessment,
            kind=Event.Kind.CARRIED_ACCEPTED,
            actor=reviewer,
            area=area_code,
            questions=codes,
        )
    return codes
