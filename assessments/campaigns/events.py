"""The one way events are written: every state change and answer change of an assessment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from assessments.models import Assessment, Event
from assessments.notifications.models import NOTIFIED_EVENT_KINDS
from assessments.tasks import notification_event_task

# Events a supplier sees about its own assessment: what the customer said and decided.
SUPPLIER_VISIBLE = {
    Event.Kind.CREATED,
    Event.Kind.INVITED,
    Event.Kind.SUBMITTED,
    Event.Kind.ANSWER_QUERIED,
    Event.Kind.EVIDENCE_REJECTED,
    Event.Kind.RETURNED,
    Event.Kind.APPROVED,
    Event.Kind.REJECTED,
    Event.Kind.REMINDER_SENT,
    Event.Kind.DUE_DATE_CHANGED,
    Event.Kind.ACTION_RAISED,
    Event.Kind.ACTION_RESPONDED,
    Event.Kind.ACTION_CLOSED,
    Event.Kind.ACTION_REOPENED,
}


def event_record(
    *,
    assessment: Assessment,
    kind: str,
    actor: User | None = None,
    via: str = Event.Via.WEB,
    question_code: str = "",
    **data: Any,
) -> Event:
    event = Event.objects.create(
        assessment=assessment,
        kind=kind,
        actor=actor,
        via=via,
        question_code=question_code,
        data=data,
        is_supplier_visible=kind in SUPPLIER_VISIBLE,
    )
    if kind in NOTIFIED_EVENT_KINDS:  # the task decides who is told (notifications.services)
        transaction.on_commit(lambda: notification_event_task.delay(event.pk))
    return event


def events_record_many(*, events: Iterable[Event]) -> list[Event]:
    """Many events in one query (a launch carrying answers into hundreds of assessments), with
    the supplier's visibility set as `event_record` sets it. None may be of a notified kind:
    those go through `event_record`, one at a time."""
    rows = list(events)
    for event in rows:
        if event.kind in NOTIFIED_EVENT_KINDS:
            raise ValueError(f"{event.kind} is notified: record it with event_record.")
        event.is_supplier_visible = event.kind in SUPPLIER_VISIBLE
    return Event.objects.bulk_create(rows)
