"""Suppliers answering: typed values, drafts with conflict detection, evidence, submission."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

# The submission check is a read (one rule with the portal's progress): services re-export it.
from assessments.answers.selectors import MissingItem, assessment_missing_items  # noqa: F401
from assessments.answers.values import DATA_QUALITY_CODES, clean_value
from assessments.campaigns.events import event_record
from assessments.campaigns.services import assessment_carry_acknowledgement
from assessments.errors import (
    AnswerConflictError,
    AnswerInvalidError,
    AnswerLockedError,
    AssessmentStateError,
    CampaignClosedError,
    CodeNotAcknowledgedError,
    EvidenceLimitError,
    EvidenceValidityError,
    SubmissionIncompleteError,
)
from assessments.models import Answer, Assessment, Campaign, Event, EvidenceDocument, Question
from assessments.questionnaires.selectors import version_load
from core.uploads import check_upload


def _question(assessment: Assessment, code: str) -> Question:
    question = version_load(assessment.version).question(code)
    if question is None:
        raise AnswerInvalidError(
            _("No question %(code)s in this questionnaire.") % {"code": code},
            fields={"question_code": [_("Unknown question.")]},
        )
    categories = question.categories or []
    if categories and assessment.supplier.category.slug not in categories:
        raise AnswerInvalidError(
            _("Question %(code)s does not apply to your category.") % {"code": code},
            fields={"question_code": [_("Not for this supplier category.")]},
        )
    return question


def _check_open_for(assessment: Assessment, answer: Answer | None) -> None:
    if assessment.is_answer_editable_by_supplier(answer):
        return
    if assessment.status == Assessment.Status.RETURNED:
        raise AnswerLockedError(
            _("Only the questions the reviewer queried can be changed now."),
        )
    raise AnswerLockedError(
        _("This assessment is %(status)s: answers cannot change.")
        % {"status": assessment.get_status_display()}
    )


# Answers, documents and submission only while the campaign is open, and only once the supplier
# has acknowledged the code of conduct: the one home of both rules, for the portal and the API.


def _check_campaign_open(assessment: Assessment) -> None:
    if assessment.campaign.status == Campaign.Status.CLOSED:
        raise CampaignClosedError(
            _("This campaign is closed: answers can no longer be changed or submitted.")
        )


def _check_code_acknowledged(assessment: Assessment) -> None:
    if assessment.code_acknowledged_at is None:
        raise CodeNotAcknowledgedError(_("Please acknowledge the code of conduct first."))


def _start(assessment: Assessment) -> None:
    if assessment.status == Assessment.Status.INVITED:
        assessment.status = Assessment.Status.IN_PROGRESS
        assessment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    question_code: str,
    value: Any,
    user: User | None,
    revision: int | None,
    not_applicable: bool = False,
    justification: str = "",
    data_quality: str = "",
    supplier_response: str | None = None,
    via: str = Event.Via.WEB,
    correction: bool = False,
) -> Answer:
    """Save one answer as a draft; a stale `revision` is a conflict, never a silent overwrite.

    `correction`: a reviewer verifying a corrective action saves the improved answer the
    supplier sent with it, whatever the assessment's or campaign's state (an improvement counts
    at once, not next year), and the answer is accepted."""
    assessment = (
        # Only the assessment's row: a plain FOR UPDATE would also lock the joined supplier,
        # category and questionnaire version, which every supplier's save shares.
        Assessment.objects.select_for_update(of=("self",))
        .select_related("supplier__category", "version", "campaign")
        .get(pk=assessment.pk)
    )
    if not correction:
        _check_campaign_open(assessment)
    question = _question(assessment, question_code)
    answer = (
        Answer.objects.select_for_update().filter(assessment=assessment, question=question).first()
    )
    if not correction:
        _check_open_for(assessment, answer)
        _check_code_acknowledged(assessment)
    current = answer.revision if answer is not None else 0
    if revision is not None and revision != current:
        raise AnswerConflictError(
            _(
                "This answer was changed elsewhere (another tab or a colleague) since you opened "
                "it. Reload to see the saved answer, then apply your change again."
            ),
            current_revision=current,
            current_value=answer.value if answer is not None else None,
        )
    fields: dict[str, list[str]] = {}
    if not_applicable:
        if not question.allows_not_applicable:
            fields["not_applicable"] = [_("This question cannot be answered “not applicable”.")]
        elif not justification.strip():
            fields["justification"] = [_("Explain why the question does not apply.")]
        clean = None
    else:
        try:
            clean = clean_value(question, value)
        except ValueError as exc:
            fields["value"] = [str(exc)]
            clean = None
    if data_quality and data_quality not in DATA_QUALITY_CODES:
        fields["data_quality"] = [
            _("Choose metered, invoiced, calculated, estimated or secondary.")
        ]
    if fields:
        raise AnswerInvalidError(_("The answer is not valid."), fields=fields)
    old = (
        None if answer is None else {"value": answer.value, "not_applicable": answer.not_applicable}
    )
    if answer is None:
        answer = Answer(assessment=assessment, question=question, revision=0)
    # A carried answer (`prefill`) saved by the supplier is confirmed; changed, it becomes a
    # normal answer (its `carried_from` stays, for the reviewer's old -> new).
    still_carried = answer.carried_forward and (answer.value, answer.not_applicable) == (
        clean,
        not_applicable,
    )
    answer.carried_forward = still_carried
    answer.confirmed = True
    answer.value = clean
    answer.not_applicable = not_applicable
    answer.justification = justification.strip() if not_applicable else ""
    answer.data_quality = data_quality if question.data_quality else ""
    if supplier_response is not None:
        answer.supplier_response = supplier_response.strip()
    answer.revision = current + 1
    answer.updated_by = user
    if correction:
        answer.review_status = Answer.ReviewStatus.ACCEPTED
    answer.save()
    _start(assessment)
    event_record(
        assessment=assessment,
        kind=Event.Kind.ANSWER_SAVED,
        actor=user,
        via=via,
        question_code=question.code,
        old=old,
        new={"value": answer.value, "not_applicable": answer.not_applicable},
    )
    return answer


def _check_evidence_limit(answer: Answer | None) -> None:
    """At most EVIDENCE_MAX_PER_ANSWER current documents per answer (removed ones do not count);
    counted under the assessment's row lock, so parallel uploads cannot pass it together."""
    limit = settings.EVIDENCE_MAX_PER_ANSWER
    if answer is not None and answer.evidence.count() >= limit:
        raise EvidenceLimitError(
            _(
                "This answer already has %(count)s documents, the most it can hold. Remove one "
                "before uploading another."
            )
            % {"count": limit}
        )


def evidence_validity_check(
    *, question: Question, valid_from: datetime.date | None, valid_until: datetime.date | None
) -> None:
    """A permit or certificate (`requires_validity`) states the date it is valid until; dates,
    where given, are in order."""
    fields: dict[str, list[str]] = {}
    if question.requires_validity and valid_until is None:
        fields["valid_until"] = [
            _(
                "Question %(code)s asks for a permit or certificate: enter the date the "
                "document is valid until."
            )
            % {"code": question.code}
        ]
    if valid_from is not None and valid_until is not None and valid_from > valid_until:
        fields["valid_from"] = [_("The document cannot be valid from a date after its end.")]
    if fields:
        raise EvidenceValidityError(next(iter(fields.values()))[0], fields=fields)


@transaction.atomic
def evidence_upload(
    *,
    assessment: Assessment,
    question_code: str,
    file: File,
    user: User | None,
    via: str = Event.Via.WEB,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> EvidenceDocument:
    """Attach a document to an answer: checked by content and size, kept privately with its hash;
    on a question that asks for a permit or certificate, with the date it is valid until."""
    assessment = (
        # Only the assessment's row: a plain FOR UPDATE would also lock the joined supplier,
        # category and questionnaire version, which every supplier's save shares.
        Assessment.objects.select_for_update(of=("self",))
        .select_related("supplier__category", "version", "campaign")
        .get(pk=assessment.pk)
    )
    _check_campaign_open(assessment)
    question = _question(assessment, question_code)
    answer = Answer.objects.filter(assessment=assessment, question=question).first()
    _check_open_for(assessment, answer)
    _check_code_acknowledged(assessment)
    _check_evidence_limit(answer)
    evidence_validity_check(question=question, valid_from=valid_from, valid_until=valid_until)
    upload = check_upload(file)
    if answer is None:
        answer = Answer.objects.create(assessment=assessment, question=question, updated_by=user)
    document = EvidenceDocument(
        answer=answer,
        original_name=upload.name,
        size=upload.size,
        sha256=upload.sha256,
        content_type=upload.content_type,
        uploaded_by=user,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    document.file.save(f"{assessment.pk}-{upload.sha256[:24]}{upload.extension}", file, save=False)
    document.save()
    _start(assessment)
    event_record(
        assessment=assessment,
        kind=Event.Kind.EVIDENCE_UPLOADED,
        actor=user,
        via=via,
        question_code=question.code,
        file=upload.name,
        sha256=document.sha256,
        size=upload.size,
        **({"valid_until": valid_until.isoformat()} if valid_until else {}),
    )
    return document


@transaction.atomic
def evidence_remove(
    *, document: EvidenceDocument, user: User | None, via: str = Event.Via.WEB
) -> EvidenceDocument:
    """The supplier withdraws one of its documents (to replace it, or because it was wrong).

    Allowed wherever the supplier may change the answer: before submission, and after a return
    on the reopened questions only. The file is kept privately for the record; the event names it.
    """
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=document.answer.assessment_id)
    )
    _check_campaign_open(assessment)
    document = (
        EvidenceDocument.objects.select_for_update()
        .select_related("answer__question")
        .get(pk=document.pk)
    )
    _check_open_for(assessment, document.answer)
    _check_code_acknowledged(assessment)
    document.removed_at = timezone.now()
    document.removed_by = user
    document.save(update_fields=["removed_at", "removed_by"])
    event_record(
        assessment=assessment,
        kind=Event.Kind.EVIDENCE_REMOVED,
        actor=user,
        via=via,
        question_code=document.answer.question.code,
        file=document.original_name,
        sha256=document.sha256,
        review_status=document.review_status,
    )
    return document


@transaction.atomic
def assessment_acknowledge_code(
    *, assessment: Assessment, user: User | None, via: str = Event.Via.WEB
) -> Assessment:
    """The supplier acknowledges the code of conduct once: its other assessments carry it over.

    The acknowledgement records the version whose code was read: the assessment's own.
    `user` is the supplier user who acknowledged; None only for data loaded without a person
    (the demo's suppliers that have no user)."""
    if assessment.code_acknowledged_at is None:
        assessment.code_acknowledged_at = timezone.now()
        assessment.code_acknowledged_by = user
        assessment.code_acknowledged_version_id = assessment.version_id
        assessment.save(
            update_fields=[
                "code_acknowledged_at",
                "code_acknowledged_by",
                "code_acknowledged_version",
                "updated_at",
            ]
        )
        event_record(assessment=assessment, kind=Event.Kind.CODE_ACKNOWLEDGED, actor=user, via=via)
        others = Assessment.objects.filter(
            supplier_id=assessment.supplier_id, code_acknowledged_at__isnull=True
        ).exclude(pk=assessment.pk)
        for other in others:
            assessment_carry_acknowledgement(assessment=other, source=assessment)
    return assessment


@transaction.atomic
def assessment_submit(
    *, assessment: Assessment, attestation: bool, user: User | None, via: str = Event.Via.WEB
) -> Assessment:
    """Submit for review: every required answer and evidence, and the signed attestation."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=assessment.pk)
    )
    _check_campaign_open(assessment)
    if not assessment.is_editable_by_supplier:
        raise AssessmentStateError(
            _("This assessment is %(status)s and cannot be submitted.")
            % {"status": assessment.get_status_display()}
        )
    _check_code_acknowledged(assessment)
    if not attestation:
        raise SubmissionIncompleteError(
            _("Confirm that the information is true, complete and supported by records."),
            fields={"attestation": [_("Required to submit.")]},
            missing=[],
        )
    missing = assessment_missing_items(assessment)
    if missing:
        raise SubmissionIncompleteError(
            _("%(count)s item(s) are missing before you can submit.") % {"count": len(missing)},
            missing=[item.__dict__ for item in missing],
        )
    now = timezone.now()
    resubmission = assessment.status == Assessment.Status.RETURNED
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = now
    assessment.attested_at = now
    assessment.attested_by = user
    assessment.save()
    if resubmission:
        # The supplier has answered the queries: the reopened answers wait for review again.
        assessment.answers.filter(
            is_unlocked=True, review_status=Answer.ReviewStatus.QUERIED
        ).update(review_status=Answer.ReviewStatus.PENDING)
    assessment.answers.update(is_unlocked=False)
    event_record(
        assessment=assessment,
        kind=Event.Kind.SUBMITTED,
        actor=user,
        via=via,
        resubmission=resubmission,
    )
    score_queue(assessment.pk, "provisional")
    return assessment


def score_queue(assessment_id: int, kind: str) -> None:
    from assessments.tasks import assessment_score_task

    transaction.on_commit(lambda: assessment_score_task.delay(assessment_id, kind))


# --- Carried answers (a campaign based on an earlier one: assessments.prefill) ----------


def _area_code(assessment: Assessment, area_code: str) -> str:
    if area_code not in {area.code for area in version_load(assessment.version).areas}:
        raise AnswerInvalidError(
            _("No area %(area)s in this questionnaire.") % {"area": area_code},
            fields={"area": [_("Unknown area.")]},
        )
    return area_code


@transaction.atomic
def carried_answers_confirm(
    *,
    assessment: Assessment,
    area_code: str,
    user: User | None,
    question_codes: Iterable[str] | None = None,
    via: str = Event.Via.WEB,
) -> list[str]:
    """The supplier stands by carried answers as they are: every one of the area still waiting,
    or only those of `question_codes`. Allowed where it may change them (the answer-saving
    rules); returns the codes confirmed, in questionnaire order, with one event."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("campaign", "version")
        .get(pk=assessment.pk)
    )
    _check_campaign_open(assessment)
    _check_code_acknowledged(assessment)
    _area_code(assessment, area_code)
    answers = list(
        Answer.objects.select_for_update(of=("self",))
        .select_related("question")
        .filter(
            assessment=assessment,
            carried_forward=True,
            confirmed=False,
            question__area__code=area_code,
        )
        .order_by("question__order")
    )
    if question_codes is not None:
        wanted = set(question_codes)
        answers = [answer for answer in answers if answer.question.code in wanted]
    for answer in answers:
        _check_open_for(assessment, answer)
    if not answers:
        return []
    Answer.objects.filter(pk__in=[answer.pk for answer in answers]).update(
        confirmed=True, updated_by=user, updated_at=timezone.now()
    )
    _start(assessment)
    codes = [answer.question.code for answer in answers]
    event_record(
        assessment=assessment,
        kind=Event.Kind.CARRIED_CONFIRMED,
        actor=user,
        via=via,
        question_code=codes[0] if len(codes) == 1 else "",
        area=area_code,
        questions=codes,
    )
    return codes
