"""Who is told, and what a user may read of their own notifications."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from assessments.models import Event, Notification
from assessments.notifications.models import NotificationQuerySet
from core import roles
from suppliers.models import Supplier, SupplierMembership


def supplier_contact_emails(supplier: Supplier) -> list[str]:
    """A supplier's addresses: its active supplier users' and its registered contact's."""
    emails = set(
        SupplierMembership.objects.filter(supplier=supplier, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if supplier.contact_email:
        emails.add(supplier.contact_email)
    return sorted(emails)


def supplier_users(supplier: Supplier) -> QuerySet[User]:
    """The supplier users of a supplier: each gets the in-app notification."""
    return User.objects.filter(supplier_membership__supplier=supplier, is_active=True).order_by(
        "pk"
    )


def reviewer_users() -> QuerySet[User]:
    """Staff with the reviewer role (a supplier user in that group by mistake is not staff)."""
    return (
        User.objects.filter(groups__name=roles.REVIEWER, is_active=True)
        .filter(supplier_membership__isnull=True)
        .distinct()
        .order_by("pk")
    )


def event_follows_return(event: Event) -> bool:
    """Was the assessment returned when this event happened (a RETURNED since the last
    submission)? Read from the event log, so a later change of status does not matter."""
    last = (
        Event.objects.filter(
            assessment_id=event.assessment_id,
            kind__in=[Event.Kind.SUBMITTED, Event.Kind.RETURNED],
            pk__lt=event.pk,
        )
        .order_by("-pk")
        .values_list("kind", flat=True)
        .first()
    )
    return last == Event.Kind.RETURNED


def event_was_ever_returned(event: Event) -> bool:
    """A submission after a return is a resubmission."""
    return Event.objects.filter(
        assessment_id=event.assessment_id, kind=Event.Kind.RETURNED, pk__lt=event.pk
    ).exists()


def events_queried_before_return(event: Event) -> list[Event]:
    """The queries and rejected documents between the last submission and this return."""
    submitted = (
        Event.objects.filter(
            assessment_id=event.assessment_id, kind=Event.Kind.SUBMITTED, pk__lt=event.pk
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return list(
        Event.objects.filter(
            assessment_id=event.assessment_id,
            kind__in=[Event.Kind.ANSWER_QUERIED, Event.Kind.EVIDENCE_REJECTED],
            pk__gt=submitted or 0,
            pk__lt=event.pk,
        ).order_by("pk")
    )


def notification_list(*, user: AbstractBaseUser | AnonymousUser) -> NotificationQuerySet:
    """A user's own notifications, newest first; nobody else's, ever."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def notification_unread_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    return notification_list(user=user).unread().count()


def notification_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, notification_id: int
) -> Notification:
    """The user's notification; 404 for another user's (whether it exists is not told)."""
    notification = notification_list(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification
