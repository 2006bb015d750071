"""Reminders before a permit or certificate expires. Safe to run twice at once.

Each current document with a `valid_until` is told to its supplier once per threshold of
DOCUMENT_EXPIRY_REMINDER_DAYS (60 and 14 days by default), and only at the nearest threshold
it has reached: a document 7 days from its end is told once, as the 14-day reminder, not as the
60-day one too. A reminder is recorded (SentReminder, key "expiry:<document>:<days>") in the
transaction that hands it to the mail backend, as the due-date reminders are
(`campaigns.reminders`): a failed send leaves no record and the next run tries it again.

A document carried into the next cycle (`prefill`) is a new row on the same stored file: the
original and its copies are one permit, told once (recorded on the original, linked to the
newest assessment, where the supplier uploads the renewal).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import EvidenceDocument, SentReminder
from assessments.notifications.selectors import supplier_contact_emails
from assessments.notifications.services import site_link
from core.validators import single_line
from suppliers.models import Supplier

logger = logging.getLogger(__name__)


def expiry_threshold(days_left: int, thresholds: Iterable[int]) -> int | None:
    """The reminder due for a document `days_left` days from its end: the smallest threshold
    it is within, or None when it is further than all of them or already expired."""
    if days_left < 0:
        return None
    within = [days for days in thresholds if days >= days_left]
    return min(within) if within else None


@dataclass(frozen=True)
class ExpiryRun:
    sent: int = 0
    failed: int = 0


def _renewed(documents: list[EvidenceDocument]) -> set[int]:
    """The documents a later-ending one of the same supplier and question code replaces (the
    renewed permit is in a newer assessment, or beside the old one): those are not told."""
    if not documents:
        return set()
    suppliers = {document.answer.assessment.supplier_id for document in documents}
    codes = {document.answer.question.code for document in documents}
    latest: dict[tuple[int, str], datetime.date] = {}
    rows = (
        EvidenceDocument.objects.filter(
            answer__assessment__supplier_id__in=suppliers,
            answer__question__code__in=codes,
            valid_until__isnull=False,
        )
        .exclude(review_status=EvidenceDocument.ReviewStatus.REJECTED)
        .values_list("answer__assessment__supplier_id", "answer__question__code", "valid_until")
    )
    for supplier_id, code, valid_until in rows:
        if valid_until is None:
            continue
        key = (supplier_id, code)
        if key not in latest or valid_until > latest[key]:
            latest[key] = valid_until
    renewed = set()
    for document in documents:
        end = latest.get((document.answer.assessment.supplier_id, document.answer.question.code))
        if end is not None and document.valid_until is not None and end > document.valid_until:
            renewed.add(document.pk)
    return renewed


def document_expiry_reminders_send(*, today: datetime.date | None = None) -> ExpiryRun:
    """Remind suppliers of their documents that expire within the reminder thresholds, once per
    document and threshold; one reminder that fails is logged, and the run goes on."""
    today = today or timezone.localdate()
    thresholds = sorted(set(settings.GREENGATE_DOCUMENT_EXPIRY_REMINDER_DAYS))
    if not thresholds:
        return ExpiryRun()
    documents = list(
        EvidenceDocument.objects.filter(
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=thresholds[-1]),
        )
        .exclude(review_status=EvidenceDocument.ReviewStatus.REJECTED)
        .exclude(answer__assessment__supplier__status=Supplier.Status.ARCHIVED)
        .select_related("answer__question", "answer__assessment__supplier")
        .order_by("valid_until", "pk")
    )
    renewed = _renewed(documents)
    sent = failed = 0
    for copies in _permits(documents):
        original, document = copies[0], copies[-1]
        assert document.valid_until is not None
        days = expiry_threshold((document.valid_until - today).days, thresholds)
        if days is None or document.pk in renewed:
            continue
        try:
            sent += _reminder_send(document=document, original=original, days=days, today=today)
        except Exception:
            failed += 1
            logger.exception(
                "Expiry reminder %s for document %s failed; the next run tries it again.",
                days,
                document.pk,
            )
    if failed:
        logger.error("Document expiry reminders: %s sent, %s failed.", sent, failed)
    return ExpiryRun(sent=sent, failed=failed)


def _permits(documents: list[EvidenceDocument]) -> list[list[EvidenceDocument]]:
    """The documents grouped by permit: the same supplier, stored file and end date (an upload
    and the copies carried from it into later cycles), each group oldest row first."""
    groups: dict[tuple[int, str, datetime.date | None], list[EvidenceDocument]] = {}
    for document in documents:
        key = (document.answer.assessment.supplier_id, document.file.name, document.valid_until)
        groups.setdefault(key, []).append(document)
    return [sorted(copies, key=lambda document: document.pk) for copies in groups.values()]


def _reminder_send(
    *, document: EvidenceDocument, original: EvidenceDocument, days: int, today: datetime.date
) -> int:
    """Tell the supplier of `document` (the newest copy of a permit); recorded on `original`
    (its first upload), so that no copy is told again."""
    assessment = document.answer.assessment
    recipients = supplier_contact_emails(assessment.supplier)
    if not recipients:
        return 0  # nobody to tell yet: not recorded, so a contact added later is told
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    assessment_id=original.answer.assessment_id,
                    key=f"expiry:{original.pk}:{days}",
                )
        except IntegrityError:
            return 0  # sent already (an earlier run, or a second beat process)
        context = {
            "document": document,
            "supplier": assessment.supplier,
            "question": document.answer.question,
            "days": (document.valid_until - today).days if document.valid_until else 0,
            "link": site_link(reverse("portal:assessment", args=[assessment.pk])),
        }
        bodies = []
        for language in ("zh-hans", "en"):
            with translation.override(language):
                bodies.append(
                    render_to_string("portal/email/document_expiry_body.txt", context).strip()
                )
        send_mail(
            subject=single_line(
                f"GreenGate: {document.original_name} ({document.valid_until:%Y-%m-%d})"
            ),
            message="\n\n----------------------------------------\n\n".join(bodies),
            from_email=None,
            recipient_list=recipients,
        )
    return 1
