"""Reminders before a document expires: once per document and threshold, the nearest only."""

import datetime

import pytest
from django.core import mail

from assessments.answers.reminders import document_expiry_reminders_send, expiry_threshold
from assessments.models import Answer, EvidenceDocument, SentReminder
from assessments.tasks import document_expiry_reminders_task
from tests.factories import AssessmentFactory, EvidenceDocumentFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("days_left", "thresholds", "expected"),
    [
        (61, [60, 14], None),
        (60, [60, 14], 60),
        (30, [60, 14], 60),
        (14, [60, 14], 14),
        (7, [60, 14], 14),
        (0, [60, 14], 14),
        (-1, [60, 14], None),
        (7, [], None),
        (40, [30], None),
        (20, [30], 30),
    ],
)
def test_the_nearest_threshold_reached_is_due(days_left, thresholds, expected) -> None:
    assert expiry_threshold(days_left, thresholds) == expected


def _document(setup, days: int, code: str = "A1.3", **fields) -> EvidenceDocument:  # type: ignore[no-untyped-def]
    answer, _created = Answer.objects.get_or_create(
        assessment=setup.mine, question=setup.mine.version.questions.get(code=code)
    )
    return EvidenceDocumentFactory(
        answer=answer, valid_until=TODAY + datetime.timedelta(days=days), **fields
    )


def _expiry_mails() -> list:  # type: ignore[type-arg]
    return [message for message in mail.outbox if "permit.png" in message.subject]


def test_next_week_sends_one_reminder_and_a_rerun_none(flagged) -> None:
    mail.outbox.clear()
    document = _document(flagged, 7)
    assert document_expiry_reminders_send(today=TODAY).sent == 1
    assert document_expiry_reminders_send(today=TODAY).sent == 0
    assert list(
        SentReminder.objects.filter(key__startswith="expiry:").values_list("key", flat=True)
    ) == [f"expiry:{document.pk}:14"]
    [message] = _expiry_mails()
    assert flagged.user.email in message.to
    assert "2026-12-09" in message.body and "A1.3" in message.body
    assert "7 days" in message.body


def test_each_threshold_is_sent_once_as_the_date_comes_nearer(flagged) -> None:
    mail.outbox.clear()
    document = _document(flagged, 70)
    assert document_expiry_reminders_send(today=TODAY).sent == 0  # further than 60 days
    assert document_expiry_reminders_send(today=TODAY + datetime.timedelta(days=10)).sent == 1
    assert document_expiry_reminders_send(today=TODAY + datetime.timedelta(days=30)).sent == 0
    assert document_expiry_reminders_send(today=TODAY + datetime.timedelta(days=56)).sent == 1
    assert document_expiry_reminders_send(today=TODAY + datetime.timedelta(days=71)).sent == 0
    keys = SentReminder.objects.filter(key__startswith="expiry:").values_list("key", flat=True)
    assert sorted(keys) == [f"expiry:{document.pk}:14", f"expiry:{document.pk}:60"]
    assert len(_expiry_mails()) == 2


def test_the_thresholds_are_a_setting(flagged, settings) -> None:
    settings.GREENGATE_DOCUMENT_EXPIRY_REMINDER_DAYS = [30]
    _document(flagged, 40)
    assert document_expiry_reminders_send(today=TODAY).sent == 0
    assert document_expiry_reminders_send(today=TODAY + datetime.timedelta(days=15)).sent == 1


def test_removed_rejected_renewed_and_undated_documents_are_not_told(flagged) -> None:
    from django.utils import timezone

    _document(flagged, 10, removed_at=timezone.now())
    _document(flagged, 10, review_status=EvidenceDocument.ReviewStatus.REJECTED)
    _document(flagged, 10, original_name="old.png")
    _document(flagged, 400, original_name="renewed.png")  # the same question, a later end
    EvidenceDocumentFactory(answer=Answer.objects.get(question__code="A1.3"))  # no end date
    assert document_expiry_reminders_send(today=TODAY).sent == 0


def test_the_periodic_task_runs_the_service(flagged) -> None:
    _document(flagged, 7)
    assert document_expiry_reminders_task() == {"sent": 1, "failed": 0}
    assert document_expiry_reminders_task() == {"sent": 0, "failed": 0}


def test_the_beat_schedule_runs_the_task(settings) -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "assessments.tasks.document_expiry_reminders_task" in tasks


def test_a_permit_carried_into_the_next_cycle_is_told_once(flagged) -> None:
    """The copy the next cycle carries (a new row on the same stored file) is the same permit:
    told once per threshold, however many cycles hold it, linked to the newest assessment."""
    mail.outbox.clear()
    original = _document(flagged, 30)
    assert document_expiry_reminders_send(today=TODAY).sent == 1  # the 60-day reminder
    later = AssessmentFactory(supplier=flagged.mine.supplier, campaign__questionnaire_version=(
        flagged.mine.version))  # fmt: skip
    answer = Answer.objects.create(
        assessment=later, question=later.version.questions.get(code="A1.3")
    )
    copy = EvidenceDocument.objects.create(
        answer=answer, file=original.file.name, original_name=original.original_name,
        size=original.size, sha256=original.sha256, content_type=original.content_type,
        review_status=original.review_status, valid_until=original.valid_until,
    )  # fmt: skip
    assert document_expiry_reminders_send(today=TODAY).sent == 0  # told at 60 days already
    assert document_expiry_reminders_send(today=TODAY + datetime.timedelta(days=20)).sent == 1
    assert document_expiry_reminders_send(today=TODAY + datetime.timedelta(days=21)).sent == 0
    keys = SentReminder.objects.filter(key__startswith="expiry:").values_list(
        "assessment_id", "key"
    )
    assert sorted(keys) == [
        (flagged.mine.pk, f"expiry:{original.pk}:14"),
        (flagged.mine.pk, f"expiry:{original.pk}:60"),
    ]
    mails = _expiry_mails()
    assert len(mails) == 2
    assert f"/portal/assessments/{later.pk}/" in mails[1].body and copy.pk != original.pk
