"""Reminders before and after the due date, and the overdue flag. Safe to run twice at once.

A reminder is recorded (SentReminder, its event) in the transaction that hands it to the mail
backend, so a failed send leaves no record and the next run tries it again; one failure never
stops the run.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.campaigns.events import event_record
from assessments.models import Assessment, Campaign, CorrectiveAction, Event, SentReminder
from assessments.notifications.selectors import supplier_contact_emails
from assessments.notifications.services import notification_action_due_soon
from core.validators import single_line

logger = logging.getLogger(__name__)


def _recipients(assessment: Assessment) -> list[str]:
    return supplier_contact_emails(assessment.supplier)


def _key(assessment: Assessment, today: datetime.date) -> str | None:
    days = (assessment.due_on - today).days
    if days >= 0 and days in settings.REMINDER_DAYS_BEFORE_DUE:
        return f"before:{days}"
    if days < 0 and -days in settings.REMINDER_DAYS_AFTER_DUE:
        return f"after:{-days}"
    return None


@dataclass(frozen=True)
class ReminderRun:
    """What a run did: emails handed to the mail backend, and those that failed (each logged,
    not recorded, so the next run tries it again)."""

    sent: int = 0
    failed: int = 0

    def __add__(self, other: ReminderRun) -> ReminderRun:
        return ReminderRun(sent=self.sent + other.sent, failed=self.failed + other.failed)


def reminders_send(*, today: datetime.date | None = None) -> ReminderRun:
    """Send today's reminders for unsubmitted assessments; mark overdue ones.

    One reminder that fails (a mail server error, a name the mail cannot carry) is logged and
    counted, and the run goes on with the others.
    """
    today = today or timezone.localdate()
    sent = failed = 0
    open_assessments = (
        Assessment.objects.open()
        .filter(campaign__status=Campaign.Status.LAUNCHED)
        .select_related("supplier", "campaign")
    )
    for assessment in open_assessments.iterator():
        if assessment.due_on < today and not assessment.is_overdue:
            with transaction.atomic():
                marked = Assessment.objects.filter(pk=assessment.pk, is_overdue=False).update(
                    is_overdue=True
                )
                if marked:  # only the process whose update changed the row records it
                    event_record(
                        assessment=assessment, kind=Event.Kind.MARKED_OVERDUE, via=Event.Via.SYSTEM
                    )
        key = _key(assessment, today)
        if key is None:
            continue
        try:
            sent += _reminder_send(assessment=assessment, key=key, today=today)
        except Exception:
            failed += 1
            logger.exception(
                "Reminder %s for assessment %s failed; the next run tries it again.",
                key,
                assessment.pk,
            )
    if failed:
        logger.error("Reminders: %s sent, %s failed.", sent, failed)
    return ReminderRun(sent=sent, failed=failed)


def _reminder_send(*, assessment: Assessment, key: str, today: datetime.date) -> int:
    """One reminder, recorded in the transaction that hands it to the mail backend: a failure
    rolls the record back; a second process at the same moment waits on the record's unique
    key, then finds it sent (so it is sent once)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentReminder.objects.create(assessment=assessment, key=key)
        except IntegrityError:
            return 0  # sent already (today, or by a second beat process at the same moment)
        event_record(
            assessment=assessment, kind=Event.Kind.REMINDER_SENT, via=Event.Via.SYSTEM, key=key
        )
        context = {
            "assessment": assessment,
            "days": abs((assessment.due_on - today).days),
            "is_late": key.startswith("after"),
            "link": f"{settings.SITE_URL.rstrip('/')}/portal/assessments/{assessment.pk}/",
        }
        bodies = []
        for language in ("zh-hans", "en"):
            with translation.override(language):
                bodies.append(render_to_string("portal/email/reminder_body.txt", context).strip())
        send_mail(
            subject=single_line(
                f"GreenGate: {assessment.campaign.name} ({assessment.due_on:%Y-%m-%d})"
            ),
            message="\n\n----------------------------------------\n\n".join(bodies),
            from_email=None,
            recipient_list=_recipients(assessment),
        )
    return 1


def action_reminders_send(*, today: datetime.date | None = None) -> ReminderRun:
    """Tell suppliers of open corrective actions due within ACTION_DUE_SOON_DAYS, once per due
    date (a changed due date is told again); one that fails is logged and tried next run."""
    today = today or timezone.localdate()
    sent = failed = 0
    actions = CorrectiveAction.objects.filter(
        status=CorrectiveAction.Status.OPEN,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=settings.ACTION_DUE_SOON_DAYS),
    ).select_related("assessment__supplier", "assessment__campaign")
    for action in actions.iterator():
        try:
            sent += notification_action_due_soon(action=action)
        except Exception:
            failed += 1
            logger.exception(
                "Due-soon reminder for corrective action %s failed; the next run tries it again.",
                action.pk,
            )
    if failed:
        logger.error("Corrective-action reminders: %s emails sent, %s failed.", sent, failed)
    return ReminderRun(sent=sent, failed=failed)
