"""Reminders before and after the due date, and the overdue flag. Safe to run twice at once."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.campaigns.events import event_record
from assessments.models import Assessment, Campaign, CorrectiveAction, Event, SentReminder
from assessments.notifications.selectors import supplier_contact_emails
from assessments.notifications.services import notification_action_due_soon


def _recipients(assessment: Assessment) -> list[str]:
    return supplier_contact_emails(assessment.supplier)


def _key(assessment: Assessment, today: datetime.date) -> str | None:
    days = (assessment.due_on - today).days
    if days >= 0 and days in settings.REMINDER_DAYS_BEFORE_DUE:
        return f"before:{days}"
    if days < 0 and -days in settings.REMINDER_DAYS_AFTER_DUE:
        return f"after:{-days}"
    return None


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send today's reminders for unsubmitted assessments; mark overdue ones. Returns the count."""
    today = today or timezone.localdate()
    sent = 0
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
            with transaction.atomic():
                SentReminder.objects.create(assessment=assessment, key=key)
                event_record(
                    assessment=assessment,
                    kind=Event.Kind.REMINDER_SENT,
                    via=Event.Via.SYSTEM,
                    key=key,
                )
        except IntegrityError:
            continue  # sent already (today, or by a second beat process at the same moment)
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
            subject=f"GreenGate: {assessment.campaign.name} ({assessment.due_on:%Y-%m-%d})",
            message="\n\n----------------------------------------\n\n".join(bodies),
            from_email=None,
            recipient_list=_recipients(assessment),
        )
        sent += 1
    return sent


def action_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell suppliers of open corrective actions due within ACTION_DUE_SOON_DAYS, once per due
    date (a changed due date is told again); returns the emails sent."""
    today = today or timezone.localdate()
    actions = CorrectiveAction.objects.filter(
        status=CorrectiveAction.Status.OPEN,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=settings.ACTION_DUE_SOON_DAYS),
    ).select_related("assessment__supplier", "assessment__campaign")
    return sum(notification_action_due_soon(action=action) for action in actions.iterator())
