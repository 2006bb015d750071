"""Who is told what, once, after commit, in Chinese and English, with links from SITE_URL."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from assessments.answers import services as answer_services
from assessments.campaigns.events import event_record
from assessments.campaigns.reminders import action_reminders_send
from assessments.corrective_actions import services as action_services
from assessments.labels import services as label_services
from assessments.models import (
    Assessment,
    CorrectiveAction,
    Event,
    GreenLabel,
    LabelDecision,
    LabelRules,
    Notification,
    NotificationEmail,
    Score,
)
from assessments.review import services as review_services
from assessments.tasks import notification_event_task, notification_label_task
from core import roles
from tests.assessments.notifications.conftest import SITE, Setup, halves
from tests.factories import SupplierFactory, staff_user, supplier_user

pytestmark = pytest.mark.django_db


def _submit(setup: Setup, capture) -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        answer_services.assessment_submit(
            assessment=setup.assessment, attestation=True, user=setup.supplier_user
        )


def _record(capture, assessment: Assessment, kind: str, **data) -> Event:  # type: ignore[no-untyped-def]
    with capture(execute=True), transaction.atomic():
        return event_record(assessment=assessment, kind=kind, **data)


def _set_status(assessment: Assessment, status: str) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()


def _supplier_emails(setup: Setup) -> list[str]:
    return sorted({setup.supplier_user.email, setup.assessment.supplier.contact_email})


def _kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@override_settings(SITE_URL=SITE + "/")
def test_submission_tells_every_reviewer_once_in_both_languages(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _submit(answered, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert sorted(email.to) == sorted(user.email for user in answered.reviewers)
    chinese, english = halves(email.body)
    assert "供应商" in chinese and chinese != english
    assert "submitted the assessment" in english
    link = f"{SITE}/campaigns/assessments/{answered.assessment.pk}/"
    assert link in chinese and link in english
    assert " / " in email.subject and "GreenGate" in email.subject
    for reviewer in answered.reviewers:
        assert _kinds(reviewer) == [Notification.Kind.SUBMITTED]
    assert _kinds(answered.supplier_user) == []
    assert _kinds(answered.officer) == []  # only the reviewer role is told


def test_a_submission_after_a_return_is_a_resubmission(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _submit(answered, django_capture_on_commit_callbacks)
    reviewer = answered.reviewers[0]
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_return(
            assessment=answered.assessment,
            question_codes=["A1.4"],
            comment="Check A1.4",
            reviewer=reviewer,
        )
    mailoutbox.clear()
    _submit(answered, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert "resubmitted" in halves(mailoutbox[0].body)[1]
    assert _kinds(reviewer) == [Notification.Kind.RESUBMITTED, Notification.Kind.SUBMITTED]


@override_settings(SITE_URL=SITE)
def test_a_return_tells_the_supplier_once_with_every_query(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    other_user = supplier_user(supplier=SupplierFactory(), username="other-sup")
    _submit(answered, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    assessment = answered.assessment
    # Queries while the assessment is being reviewed are told with the return, in one message.
    _record(
        django_capture_on_commit_callbacks, assessment, Event.Kind.ANSWER_QUERIED,
        question_code="A1.4", comment="Upload the certificate",
    )  # fmt: skip
    _record(
        django_capture_on_commit_callbacks, assessment, Event.Kind.EVIDENCE_REJECTED,
        question_code="A1.3", file="p.png", reason="Illegible",
    )  # fmt: skip
    assert mailoutbox == []
    _set_status(assessment, Assessment.Status.RETURNED)
    _record(
        django_capture_on_commit_callbacks, assessment, Event.Kind.RETURNED,
        comment="Two things", questions=["A1.3", "A1.4", "A2.1"],
    )  # fmt: skip
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert sorted(email.to) == _supplier_emails(answered)
    chinese, english = halves(email.body)
    assert "尊敬的" in chinese and "供应商" in chinese
    assert "was returned to you" in english
    assert "Question A1.4: Upload the certificate" in english
    assert "Question A1.3: Illegible" in english
    assert "Question A2.1" in english
    assert "Two things" in english
    assert f"{SITE}/portal/assessments/{assessment.pk}/" in english
    assert _kinds(answered.supplier_user) == [Notification.Kind.RETURNED]
    assert _kinds(other_user) == []
    assert not Notification.objects.filter(recipient__in=answered.reviewers, kind="returned")


def test_queries_and_rejections_after_a_return_are_told_each(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _submit(answered, django_capture_on_commit_callbacks)
    assessment = answered.assessment
    _set_status(assessment, Assessment.Status.RETURNED)
    _record(django_capture_on_commit_callbacks, assessment, Event.Kind.RETURNED, questions=["A1.4"])
    mailoutbox.clear()
    _record(
        django_capture_on_commit_callbacks, assessment, Event.Kind.ANSWER_QUERIED,
        question_code="A2.1", comment="Is 5 right?",
    )  # fmt: skip
    _record(
        django_capture_on_commit_callbacks, assessment, Event.Kind.EVIDENCE_REJECTED,
        question_code="A1.3", file="scan.pdf", reason="Expired",
    )  # fmt: skip
    assert len(mailoutbox) == 2
    assert "queried question A2.1" in halves(mailoutbox[0].body)[1]
    assert "Is 5 right?" in mailoutbox[0].body
    assert '"scan.pdf"' in halves(mailoutbox[1].body)[1]
    assert _kinds(answered.supplier_user) == [
        Notification.Kind.DOCUMENT_REJECTED,
        Notification.Kind.QUERIED,
        Notification.Kind.RETURNED,
    ]


@override_settings(SITE_URL=SITE)
def test_a_corrective_action_is_told_when_raised_and_when_nearly_due(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _submit(answered, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    today = datetime.date(2026, 12, 1)
    with django_capture_on_commit_callbacks(execute=True):
        action = action_services.action_raise(
            assessment=answered.assessment,
            title="Fix the oil separator",
            severity="high",
            due_on=today + datetime.timedelta(days=10),
            raised_by=answered.reviewers[0],
        )
    assert len(mailoutbox) == 1
    english = halves(mailoutbox[0].body)[1]
    assert "Fix the oil separator" in english and "High" in english
    assert f"{SITE}/portal/actions/{action.pk}/" in english
    mailoutbox.clear()

    assert action_reminders_send(today=today).sent == 0  # ten days ahead: not yet
    nearly = today + datetime.timedelta(days=4)
    assert action_reminders_send(today=nearly).sent == 2  # the contact and the supplier user
    assert action_reminders_send(today=nearly).sent == 0  # the next hourly run sends nothing
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == _supplier_emails(answered)
    assert f"{SITE}/portal/actions/{action.pk}/" in mailoutbox[0].body
    assert _kinds(answered.supplier_user) == [
        Notification.Kind.ACTION_DUE_SOON,
        Notification.Kind.ACTION_RAISED,
    ]
    # A new due date is told again; a closed (or answered) action is not.
    CorrectiveAction.objects.filter(pk=action.pk).update(due_on=nearly + datetime.timedelta(days=2))
    assert action_reminders_send(today=nearly).sent == 2
    CorrectiveAction.objects.filter(pk=action.pk).update(
        status=CorrectiveAction.Status.CLOSED, due_on=nearly + datetime.timedelta(days=3)
    )
    assert action_reminders_send(today=nearly).sent == 0


def test_approval_and_rejection_tell_the_supplier(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _submit(answered, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    approver = staff_user(roles.APPROVER, username="notify-appr")
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_reject(
            assessment=answered.assessment, approver=approver, reason="Permits missing"
        )
    assert len(mailoutbox) == 1
    english = halves(mailoutbox[0].body)[1]
    assert "was rejected" in english and "Reason: Permits missing" in english
    _record(django_capture_on_commit_callbacks, answered.assessment, Event.Kind.APPROVED)
    assert len(mailoutbox) == 2
    assert "was approved" in halves(mailoutbox[1].body)[1]
    assert _kinds(answered.supplier_user) == [
        Notification.Kind.APPROVED,
        Notification.Kind.REJECTED,
    ]


def _label(setup: Setup) -> GreenLabel:
    score = Score.objects.create(
        assessment=setup.assessment, kind=Score.Kind.FINAL, overall=80, areas=[]
    )
    return GreenLabel.objects.create(
        supplier=setup.assessment.supplier,
        status=GreenLabel.Status.ACTIVE,
        assessment=setup.assessment,
        score=score,
        rules=label_services.current_rules(),
        granted_at=timezone.now(),
        valid_until=datetime.date(2027, 6, 30),
    )


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (
            LabelDecision.Kind.GRANTED,
            "was granted the green supplier label, valid until 2027-06-30",
        ),
        (LabelDecision.Kind.RENEWED, "was renewed, valid until 2027-06-30"),
        (LabelDecision.Kind.SUSPENDED, "was suspended"),
        (LabelDecision.Kind.EXPIRED, "expired (it was valid until 2027-06-30)"),
        (LabelDecision.Kind.REVOKED, "was revoked"),
    ],
)
def test_every_label_decision_tells_the_supplier(answered, mailoutbox, kind, words) -> None:  # type: ignore[no-untyped-def]
    _label(answered)
    decision = LabelDecision.objects.create(
        supplier=answered.assessment.supplier, kind=kind, reason="Because"
    )
    assert notification_label_task(decision.pk) == 2
    assert len(mailoutbox) == 1
    chinese, english = halves(mailoutbox[0].body)
    assert words in english and "Reason: Because" in english
    assert "尊敬的" in chinese
    assert "/portal/" in english
    assert _kinds(answered.supplier_user) == [Notification.Kind.LABEL_DECISION]


def test_label_services_tell_the_supplier_after_commit(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    label = _label(answered)
    with django_capture_on_commit_callbacks(execute=True):
        label_services.label_revoke(
            supplier=answered.assessment.supplier,
            reason="Falsified permit",
            revoked_by=staff_user(roles.PROCUREMENT_ADMIN, username="notify-padmin"),
        )
    assert len(mailoutbox) == 1 and "was revoked" in mailoutbox[0].body
    GreenLabel.objects.filter(pk=label.pk).update(status=GreenLabel.Status.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        label_services.labels_review(today=label.valid_until + relativedelta(days=1))
        label_services.labels_review(today=label.valid_until + relativedelta(days=2))
    assert len(mailoutbox) == 2 and "expired" in mailoutbox[1].body
    assert NotificationEmail.objects.filter(kind="label_decision").count() == 4
    assert LabelRules.objects.exists()


def test_running_the_task_twice_sends_once(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _submit(answered, django_capture_on_commit_callbacks)
    _set_status(answered.assessment, Assessment.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        event = event_record(assessment=answered.assessment, kind=Event.Kind.APPROVED)
    assert len(callbacks) == 1
    mailoutbox.clear()
    assert notification_event_task(event.pk) == 2
    assert notification_event_task(event.pk) == 0  # re-delivered: nothing more
    callbacks[0]()  # and the queued one, run by a second worker
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(key=f"event:{event.pk}").count() == 1
    assert NotificationEmail.objects.filter(key=f"event:{event.pk}").count() == 2


def test_nothing_is_sent_when_the_transaction_rolls_back(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _submit(answered, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        event_record(assessment=answered.assessment, kind=Event.Kind.APPROVED)
        raise RuntimeError("the decision failed")
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.filter(kind="approved").exists()


def test_events_that_tell_nobody_queue_nothing(
    answered, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        event_record(assessment=answered.assessment, kind=Event.Kind.ANSWER_SAVED)
        event_record(assessment=answered.assessment, kind=Event.Kind.ANSWER_ACCEPTED)
    assert callbacks == []


def test_an_inactive_supplier_user_is_not_told(
    answered, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    answered.supplier_user.is_active = False
    answered.supplier_user.save()
    _submit(answered, django_capture_on_commit_callbacks)
    _record(django_capture_on_commit_callbacks, answered.assessment, Event.Kind.APPROVED)
    assert mailoutbox[-1].to == [answered.assessment.supplier.contact_email]
    assert _kinds(answered.supplier_user) == []
