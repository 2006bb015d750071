"""Review: answers accepted or queried, evidence judged; returned, approved or rejected."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.answers.services import score_queue
from assessments.campaigns.events import event_record
from assessments.errors import AssessmentStateError, ReviewInvalidError, SeparationOfDutiesError
from assessments.models import Answer, Assessment, Event, EvidenceDocument


def _submitted(assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise AssessmentStateError(
            _("Only a submitted assessment can be reviewed; this one is %(status)s.")
            % {"status": assessment.get_status_display()}
        )
    return assessment


def _claim(assessment: Assessment, reviewer: User) -> None:
    if assessment.reviewer_id is None:
        assessment.reviewer = reviewer
        assessment.save(update_fields=["reviewer", "updated_at"])


@transaction.atomic
def answer_review(*, answer: Answer, accept: bool, comment: str, reviewer: User) -> Answer:
    """Accept an answer, or query it with a comment the supplier will see."""
    assessment = _submitted(answer.assessment)
    if not accept and not comment.strip():
        raise ReviewInvalidError(
            _("Say what is wrong: the supplier sees this comment."),
            fields={"comment": [_("Required to query an answer.")]},
        )
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    answer.review_status = Answer.ReviewStatus.ACCEPTED if accept else Answer.ReviewStatus.QUERIED
    answer.review_comment = comment.strip()
    answer.save(update_fields=["review_status", "review_comment", "updated_at"])
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
    """Accept or reject a document; a rejection gives its reason (no credit without evidence)."""
    assessment = _submitted(document.answer.assessment)
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


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, question_codes: Iterable[str], comment: str, reviewer: User
) -> Assessment:
    """Send back to the supplier: only the queried questions open again."""
    assessment = _submitted(assessment)
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


def _decide(assessment: Assessment, approver: User) -> Assessment:
    assessment = _submitted(assessment)
    # Four eyes: whoever reviewed the assessment does not decide on it.
    if assessment.reviewer_id is not None and assessment.reviewer_id == approver.pk:
        raise SeparationOfDutiesError(
            _("You reviewed this assessment; another approver must decide on it.")
        )
    return assessment


@transaction.atomic
def assessment_approve(*, assessment: Assessment, approver: User) -> Assessment:
    assessment = _decide(assessment, approver)
    assessment.status = Assessment.Status.APPROVED
    assessment.decided_by = approver
    assessment.decided_at = timezone.now()
    assessment.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    event_record(assessment=assessment, kind=Event.Kind.APPROVED, actor=approver)
    score_queue(assessment.pk, "final")
    return assessment


@transaction.atomic
def assessment_reject(*, assessment: Assessment, approver: User, reason: str) -> Assessment:
    if not reason.strip():
        raise ReviewInvalidError(
            _("Give the reason for the rejection."), fields={"reason": [_("Required.")]}
        )
    assessment = _decide(assessment, approver)
    assessment.status = Assessment.Status.REJECTED
    assessment.decided_by = approver
    assessment.decided_at = timezone.now()
    assessment.decision_reason = reason.strip()
    assessment.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    event_record(
        assessment=assessment, kind=Event.Kind.REJECTED, actor=approver, reason=reason.strip()
    )
    return assessment
