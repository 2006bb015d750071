"""Corrective actions: raised by reviewers, answered by the supplier, closed or reopened."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.answers.services import answer_save
from assessments.answers.values import clean_value
from assessments.campaigns.events import event_record
from assessments.corrective_actions.selectors import action_improvement
from assessments.errors import ActionVerifyDeniedError, AssessmentStateError, ReviewInvalidError
from assessments.labels.services import current_rules, label_check, label_grant
from assessments.models import (
    Answer,
    Assessment,
    CorrectiveAction,
    CorrectiveActionDocument,
    Event,
    GreenLabel,
    LabelDecision,
    Score,
)
from assessments.scoring.selectors import latest_score
from assessments.scoring.services import assessment_score
from core.permissions import is_staff_member
from core.uploads import check_upload


@transaction.atomic
def action_raise(
    *,
    assessment: Assessment,
    title: str,
    severity: str,
    due_on: datetime.date,
    raised_by: User,
    description: str = "",
    question_code: str = "",
) -> CorrectiveAction:
    """A finding on a submitted assessment, optionally linked to a question, with a due date."""
    assessment = Assessment.objects.select_related("version").get(pk=assessment.pk)
    if assessment.status in (Assessment.Status.INVITED, Assessment.Status.IN_PROGRESS):
        raise AssessmentStateError(
            _("Corrective actions are raised once the assessment is submitted.")
        )
    fields: dict[str, list[str]] = {}
    if not title.strip():
        fields["title"] = [_("Describe the finding.")]
    if severity not in CorrectiveAction.Severity.values:
        fields["severity"] = [_("Choose low, medium, high or critical.")]
    question = None
    if question_code:
        question = assessment.version.questions.filter(code=question_code).first()
        if question is None:
            fields["question_code"] = [_("No such question in this questionnaire.")]
    if fields:
        raise ReviewInvalidError(_("The corrective action is not valid."), fields=fields)
    action = CorrectiveAction.objects.create(
        assessment=assessment,
        question=question,
        title=title.strip(),
        description=description.strip(),
        severity=severity,
        due_on=due_on,
        raised_by=raised_by,
    )
    event_record(
        assessment=assessment,
        kind=Event.Kind.ACTION_RAISED,
        actor=raised_by,
        question_code=question_code,
        action=action.pk,
        comment=action.title,
        severity=severity,
        due_on=due_on.isoformat(),
    )
    return action


@transaction.atomic
def action_respond(
    *,
    action: CorrectiveAction,
    response: str,
    files: Iterable[File],
    user: User,
    improved_value: Any = None,
) -> CorrectiveAction:
    """The supplier says what it did, with documents and, for an action on a question, the
    improved answer (checked as any answer is); the action waits for the reviewer."""
    action = (
        CorrectiveAction.objects.select_for_update(of=("self",))
        .select_related("question")
        .get(pk=action.pk)
    )
    if action.status == CorrectiveAction.Status.CLOSED:
        raise AssessmentStateError(_("This corrective action is closed."))
    if not response.strip():
        raise ReviewInvalidError(_("Say what you did."), fields={"response": [_("Required.")]})
    proposed = None
    if improved_value not in (None, "", []):
        if action.question is None:
            raise ReviewInvalidError(
                _("This corrective action is not about one question: send no new answer."),
                fields={"improved_value": [_("No question to answer.")]},
            )
        try:
            proposed = clean_value(action.question, improved_value)
        except ValueError as exc:
            raise ReviewInvalidError(
                _("The improved answer is not valid."), fields={"improved_value": [str(exc)]}
            ) from exc
    documents = []
    for file in files:
        upload = check_upload(file)
        document = CorrectiveActionDocument(
            action=action,
            original_name=upload.name,
            size=upload.size,
            sha256=upload.sha256,
            content_type=upload.content_type,
            uploaded_by=user,
        )
        document.file.save(
            f"ca{action.pk}-{upload.sha256[:24]}{upload.extension}", file, save=False
        )
        document.save()
        documents.append(document)
    action.response = response.strip()
    action.proposed_value = proposed
    action.status = CorrectiveAction.Status.RESPONDED
    action.responded_at = timezone.now()
    action.save()
    event_record(
        assessment=action.assessment,
        kind=Event.Kind.ACTION_RESPONDED,
        actor=user,
        action=action.pk,
        comment=action.response,
        files=[document.original_name for document in documents],
        improved_value=proposed,
    )
    return action


def _rescore_kind(assessment: Assessment, before: Score | None) -> str:
    """The kind the assessment had: an approved assessment's final score is replaced by a
    final one (a provisional one after it would never be shown, `latest_score`)."""
    if before is not None:
        return before.kind
    if assessment.status == Assessment.Status.APPROVED:
        return Score.Kind.FINAL
    return Score.Kind.PROVISIONAL


# A revoked label is a deliberate decision of a procurement admin: only they give it back (by
# granting it again); an active label stays as it is (a closed action does not renew it).
RECONSIDERED_LABELS = (GreenLabel.Status.SUSPENDED, GreenLabel.Status.EXPIRED)


def _label_reconsider(
    *, assessment: Assessment, score: Score, actor: User, action: CorrectiveAction
) -> tuple[LabelDecision | None, list[str]]:
    """Grant or reinstate the label when every rule now holds; the rules that fail if not."""
    label = GreenLabel.objects.filter(supplier_id=assessment.supplier_id).first()
    if label is not None and label.status not in RECONSIDERED_LABELS:
        return None, []
    failed = label_check(
        assessment=assessment, score=score, rules=current_rules(), today=timezone.localdate()
    )
    if failed:
        return None, [item.rule for item in failed]
    label_grant(
        supplier=assessment.supplier,
        assessment=assessment,
        granted_by=actor,
        reason=_("Corrective action “%(title)s” verified and closed: rescored.")
        % {"title": action.title},
    )
    return LabelDecision.objects.filter(supplier_id=assessment.supplier_id).latest("at", "id"), []


@transaction.atomic
def corrective_action_verify_close(
    *, action: CorrectiveAction, closed_by: User, verified: bool
) -> CorrectiveAction:
    """A reviewer verifies the supplier's fix and closes the action: the improved answer (if
    any) is saved and accepted, the assessment is rescored at once in a new score record (the
    old one kept) and the label is granted or reinstated if every rule now holds."""
    if not is_staff_member(closed_by) or not closed_by.has_perm("assessments.review_assessment"):
        raise ActionVerifyDeniedError(_("Only a reviewer verifies and closes corrective actions."))
    action = (
        CorrectiveAction.objects.select_for_update(of=("self",))
        .select_related("question")
        .get(pk=action.pk)
    )
    if action.status == CorrectiveAction.Status.CLOSED:
        raise AssessmentStateError(_("This corrective action is closed already."))
    if action.status != CorrectiveAction.Status.RESPONDED:
        raise AssessmentStateError(
            _("The supplier has not answered this corrective action: there is nothing to verify.")
        )
    if not verified:
        raise ReviewInvalidError(
            _("Confirm that you verified the supplier's fix before closing the action."),
            fields={"verified": [_("Required.")]},
        )
    assessment = Assessment.objects.select_related("supplier", "version").get(
        pk=action.assessment_id
    )
    before = latest_score(assessment)
    answer_updated = False
    if action.proposed_value is not None and action.question is not None:
        current = Answer.objects.filter(assessment=assessment, question=action.question).first()
        answer_save(
            assessment=assessment,
            question_code=action.question.code,
            value=action.proposed_value,
            user=closed_by,
            revision=None,
            data_quality=current.data_quality if current is not None else "",
            correction=True,
        )
        answer_updated = True
    action.status = CorrectiveAction.Status.CLOSED
    action.closed_by = closed_by
    action.closed_at = timezone.now()
    after = assessment_score(assessment_id=assessment.pk, kind=_rescore_kind(assessment, before))
    decision: LabelDecision | None = None
    label_failed: list[str] = []
    if assessment.status == Assessment.Status.APPROVED and after.kind == Score.Kind.FINAL:
        decision, label_failed = _label_reconsider(
            assessment=assessment, score=after, actor=closed_by, action=action
        )
    action.score_before = before
    action.score_after = after
    action.label_decision = decision
    action.save()
    improvement = action_improvement(action)
    event_record(
        assessment=assessment,
        kind=Event.Kind.ACTION_CLOSED,
        actor=closed_by,
        question_code=action.question.code if action.question is not None else "",
        action=action.pk,
        verified=True,
        answer_updated=answer_updated,
        area=improvement.area if improvement else "",
        area_before=improvement.area_before if improvement else None,
        area_after=improvement.area_after if improvement else None,
        overall_before=improvement.overall_before if improvement else None,
        overall_after=improvement.overall_after if improvement else None,
        label=decision.kind if decision is not None else "",
        label_failed=label_failed,
    )
    return action


@transaction.atomic
def action_reopen(*, action: CorrectiveAction, reopened_by: User, comment: str) -> CorrectiveAction:
    """Not resolved after all: open again, with the reason the supplier will read."""
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    if action.status == CorrectiveAction.Status.OPEN:
        raise AssessmentStateError(_("This corrective action is open already."))
    if not comment.strip():
        raise ReviewInvalidError(_("Say why it is reopened."), fields={"comment": [_("Required.")]})
    action.status = CorrectiveAction.Status.OPEN
    action.closed_by = None
    action.closed_at = None
    action.save()
    event_record(
        assessment=action.assessment,
        kind=Event.Kind.ACTION_REOPENED,
        actor=reopened_by,
        action=action.pk,
        comment=comment.strip(),
    )
    return action
