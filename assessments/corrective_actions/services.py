"""Corrective actions: raised by reviewers, answered by the supplier, closed or reopened."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.campaigns.events import event_record
from assessments.errors import AssessmentStateError, ReviewInvalidError
from assessments.models import (
    Assessment,
    CorrectiveAction,
    CorrectiveActionDocument,
    Event,
)
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
    *, action: CorrectiveAction, response: str, files: Iterable[File], user: User
) -> CorrectiveAction:
    """The supplier says what it did, with documents; the action waits for the reviewer."""
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    if action.status == CorrectiveAction.Status.CLOSED:
        raise AssessmentStateError(_("This corrective action is closed."))
    if not response.strip():
        raise ReviewInvalidError(_("Say what you did."), fields={"response": [_("Required.")]})
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
    )
    return action


@transaction.atomic
def action_close(*, action: CorrectiveAction, closed_by: User) -> CorrectiveAction:
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    if action.status == CorrectiveAction.Status.CLOSED:
        raise AssessmentStateError(_("This corrective action is closed already."))
    action.status = CorrectiveAction.Status.CLOSED
    action.closed_by = closed_by
    action.closed_at = timezone.now()
    action.save()
    event_record(
        assessment=action.assessment,
        kind=Event.Kind.ACTION_CLOSED,
        actor=closed_by,
        action=action.pk,
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
