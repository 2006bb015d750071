"""Telling people: in-app notifications for users and one bilingual email for their addresses.

Who is told what (the task `notification_event_task` runs this after the event's transaction
commits; label decisions and corrective actions nearing their due date come the same way):

- submitted, and resubmitted (a submission after a return): staff with the reviewer role;
- returned, with every question queried and document rejected since the submission: the
  supplier. A query or a rejected document while the assessment is still being reviewed is
  told with the return (one message, not one per answer); once it is returned, each further
  query or rejected document is told on its own, as the supplier can act on it at once;
- a corrective action raised, and one nearing its due date (the daily reminders), approval,
  rejection, every label decision: the supplier.

"The supplier" is its supplier users (an in-app row each) and, for email, their addresses and
the supplier's registered contact (as the reminders are sent).

Each occasion has a key ("event:<id>", "label:<id>", "action-due:<id>:<due date>"); a row per
(user, key) and per (address, key), unique in the database, is written before anything is sent,
so a re-delivered task or a second worker sends nothing twice. As with the reminders, the email
rows are committed only once the email is handed to the mail backend: a mail server that fails
rolls them back, so the next try (the next reminder run) sends it; the in-app notification is
there all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from assessments.campaigns.notifications import bilingual_body, bilingual_subject
from assessments.models import (
    Assessment,
    CorrectiveAction,
    Event,
    LabelDecision,
    Notification,
    NotificationEmail,
)
from assessments.notifications import selectors
from assessments.notifications.texts import NotificationText, notification_text

Kind = Notification.Kind


@dataclass(frozen=True)
class Occasion:
    kind: str
    key: str
    params: dict[str, Any]
    link: str  # a path on this site
    users: list[User] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    greeting: str = ""  # the name in "Dear …," (a supplier's); empty for staff


class _Text:
    """The words, rendered each time in the language active then (for both email halves)."""

    def __init__(self, kind: str, params: dict[str, Any]) -> None:
        self.kind, self.params = kind, params

    def _text(self) -> NotificationText:
        return notification_text(self.kind, self.params)

    @property
    def title(self) -> str:
        return self._text().title

    @property
    def body(self) -> str:
        return self._text().body

    @property
    def details(self) -> list[str]:
        return self._text().details


def site_link(path: str) -> str:
    """An absolute link for an email: always from SITE_URL, never from a request."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _claim_emails(occasion: Occasion) -> list[str]:
    claimed = []
    for email in sorted(set(occasion.emails)):
        try:
            with transaction.atomic():
                NotificationEmail.objects.create(key=occasion.key, email=email, kind=occasion.kind)
        except IntegrityError:
            continue  # emailed already (an earlier run of this task, or another worker)
        claimed.append(email)
    return claimed


def notification_deliver(*, occasion: Occasion) -> int:
    """Write the in-app rows and send the email, each once per recipient; returns emails sent."""
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=occasion.kind,
                key=occasion.key,
                params=occasion.params,
                link=occasion.link,
            )
            for user in occasion.users
        ],
        ignore_conflicts=True,
    )
    # The email rows are written in the transaction that hands the email to the mail backend:
    # a failed send rolls them back (told on the next try), a second worker waits on their
    # unique keys and then finds them sent.
    with transaction.atomic():
        claimed = _claim_emails(occasion)
        if not claimed:
            return 0
        context = {
            "text": _Text(occasion.kind, occasion.params),
            "params": occasion.params,
            "greeting": occasion.greeting,
            "link": site_link(occasion.link),
        }
        send_mail(
            subject=bilingual_subject("notifications/email/notification_subject.txt", context),
            message=bilingual_body("notifications/email/notification_body.txt", context),
            from_email=None,
            recipient_list=claimed,
        )
    return len(claimed)


def _to_supplier(
    assessment: Assessment, *, kind: str, key: str, link: str, **params: Any
) -> Occasion:
    supplier = assessment.supplier
    return Occasion(
        kind=kind,
        key=key,
        params={"supplier": supplier.name, "campaign": assessment.campaign.name, **params},
        link=link,
        users=list(selectors.supplier_users(supplier)),
        emails=selectors.supplier_contact_emails(supplier),
        greeting=supplier.name,
    )


def _to_reviewers(assessment: Assessment, *, kind: str, key: str) -> Occasion:
    reviewers = list(selectors.reviewer_users())
    return Occasion(
        kind=kind,
        key=key,
        params={"supplier": assessment.supplier.name, "campaign": assessment.campaign.name},
        link=reverse("campaigns:assessment", args=[assessment.pk]),
        users=reviewers,
        emails=[user.email for user in reviewers if user.email],
    )


def _returned_items(event: Event) -> list[list[str]]:
    items: dict[str, str] = {}
    for earlier in selectors.events_queried_before_return(event):
        text = str(earlier.data.get("comment") or earlier.data.get("reason") or "")
        if earlier.question_code:
            items[earlier.question_code] = text or items.get(earlier.question_code, "")
    for code in event.data.get("questions") or []:
        items.setdefault(str(code), "")
    return [[code, items[code]] for code in sorted(items)]


def event_occasion(event: Event) -> Occasion | None:
    """Who is told of this event and how; None when nobody is."""
    assessment = event.assessment
    key = f"event:{event.pk}"
    portal = reverse("portal:assessment", args=[assessment.pk])
    if event.kind == Event.Kind.SUBMITTED:
        kind = Kind.RESUBMITTED if selectors.event_was_ever_returned(event) else Kind.SUBMITTED
        return _to_reviewers(assessment, kind=kind, key=key)
    if event.kind == Event.Kind.RETURNED:
        return _to_supplier(
            assessment,
            kind=Kind.RETURNED,
            key=key,
            link=portal,
            items=_returned_items(event),
            comment=str(event.data.get("comment") or ""),
        )
    if event.kind == Event.Kind.ANSWER_QUERIED:
        if not selectors.event_follows_return(event):
            return None  # told with the return, in one message
        return _to_supplier(
            assessment,
            kind=Kind.QUERIED,
            key=key,
            link=portal,
            question=event.question_code,
            comment=str(event.data.get("comment") or ""),
        )
    if event.kind == Event.Kind.EVIDENCE_REJECTED:
        if not selectors.event_follows_return(event):
            return None
        return _to_supplier(
            assessment,
            kind=Kind.DOCUMENT_REJECTED,
            key=key,
            link=portal,
            question=event.question_code,
            file=str(event.data.get("file") or ""),
            reason=str(event.data.get("reason") or ""),
        )
    if event.kind == Event.Kind.ACTION_RAISED:
        action_id = event.data.get("action")
        return _to_supplier(
            assessment,
            kind=Kind.ACTION_RAISED,
            key=key,
            link=reverse("portal:action", args=[action_id]) if action_id else portal,
            title=str(event.data.get("comment") or ""),
            severity=str(event.data.get("severity") or ""),
            due_on=str(event.data.get("due_on") or ""),
        )
    if event.kind == Event.Kind.APPROVED:
        return _to_supplier(assessment, kind=Kind.APPROVED, key=key, link=portal)
    if event.kind == Event.Kind.REJECTED:
        return _to_supplier(
            assessment,
            kind=Kind.REJECTED,
            key=key,
            link=portal,
            reason=str(event.data.get("reason") or assessment.decision_reason or ""),
        )
    return None


def notification_event_deliver(*, event_id: int) -> int:
    """Tell the people an assessment event concerns, once; returns the emails sent."""
    event = (
        Event.objects.select_related("assessment__supplier", "assessment__campaign")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    occasion = event_occasion(event)
    return notification_deliver(occasion=occasion) if occasion is not None else 0


def notification_label_deliver(*, decision_id: int) -> int:
    """Tell the supplier of a label decision (granted, renewed, suspended, expired, revoked)."""
    decision = (
        LabelDecision.objects.select_related("supplier", "supplier__green_label")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        return 0
    supplier = decision.supplier
    label = getattr(supplier, "green_label", None)
    occasion = Occasion(
        kind=Kind.LABEL_DECISION,
        key=f"label:{decision.pk}",
        params={
            "supplier": supplier.name,
            "decision": decision.kind,
            "reason": decision.reason,
            "valid_until": label.valid_until.isoformat() if label is not None else "",
        },
        link=reverse("portal:home"),
        users=list(selectors.supplier_users(supplier)),
        emails=selectors.supplier_contact_emails(supplier),
        greeting=supplier.name,
    )
    return notification_deliver(occasion=occasion)


def notification_action_due_soon(*, action: CorrectiveAction) -> int:
    """Tell the supplier that an open corrective action is nearly due: once per due date."""
    return notification_deliver(
        occasion=_to_supplier(
            action.assessment,
            kind=Kind.ACTION_DUE_SOON,
            key=f"action-due:{action.pk}:{action.due_on.isoformat()}",
            link=reverse("portal:action", args=[action.pk]),
            title=action.title,
            severity=action.severity,
            due_on=action.due_on.isoformat(),
        )
    )


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (reading it twice keeps the first time)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of this user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
