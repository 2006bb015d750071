"""Safe names (issue 14): a campaign name is one line. A name with a line break made the reminder
run fail (Django's mail refuses a subject with a newline) after recording the reminder as sent,
and skip every reminder after it."""

import datetime
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from rest_framework.test import APIClient

from assessments.campaigns import services as campaign_services
from assessments.campaigns.notifications import bilingual_subject
from assessments.campaigns.reminders import action_reminders_send, reminders_send
from assessments.errors import CampaignInvalidError
from assessments.models import (
    Campaign,
    CorrectiveAction,
    Event,
    NotificationEmail,
    SentReminder,
)
from core.validators import single_line
from tests.factories import LaunchedCampaignFactory, QuestionnaireVersionFactory, SupplierFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 1, 31)
DAY_BEFORE = DUE - datetime.timedelta(days=1)
FAILING = "fails@supplier.example.com"
NAMES = ["FY2026\nBcc: victim@example.com", "FY2026\r\n", "FY\u20282026", "FY\t2026"]


class FailingForOneBackend(EmailBackend):
    """The test outbox, except that a message to FAILING fails as an SMTP server would."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if FAILING in message.to:
                raise smtplib.SMTPRecipientsRefused({FAILING: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


BACKEND = f"{__name__}.FailingForOneBackend"


def _data(version: Any, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "questionnaire_version": version.pk,
        "period_start": "2026-04-01",
        "period_end": "2027-03-31",
        "due_on": DUE.isoformat(),
    }


@pytest.mark.parametrize("name", NAMES)
def test_campaign_name_with_newline_is_refused(officer, officer_client, name) -> None:
    version = QuestionnaireVersionFactory()
    supplier = SupplierFactory()
    # The service (the one rule, wherever the name comes from).
    with pytest.raises(CampaignInvalidError) as refused:
        campaign_services.campaign_create(
            name=name,
            questionnaire_version=version,
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2027, 3, 31),
            due_on=DUE,
            supplier_ids=[supplier.pk],
            created_by=officer,
        )
    assert "name" in refused.value.fields
    # The web form (it strips the ends, so the break is put inside the name too).
    inner = name.replace("\n", "\nX") if name.endswith("\n") else name
    page = officer_client.post(
        "/campaigns/new/", {**_data(version, inner), "suppliers": supplier.pk}
    )
    assert page.status_code == 400
    assert "one line" in page.context["form"].errors["name"][0]
    # The API.
    api = APIClient()
    api.force_authenticate(user=officer)
    response = api.post(
        "/api/v1/campaigns/", {**_data(version, inner), "suppliers": [supplier.pk]}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "name" in response.json()["fields"]
    assert not Campaign.objects.exists()


def test_a_one_line_name_is_still_taken(officer_client) -> None:
    version = QuestionnaireVersionFactory()
    supplier = SupplierFactory()
    response = officer_client.post(
        "/campaigns/new/", {**_data(version, "FY2026 · 物流"), "suppliers": supplier.pk}
    )
    assert response.status_code == 302
    assert Campaign.objects.get().name == "FY2026 · 物流"


def _two_assessments(officer: Any, name: str = "FY2026") -> tuple[Any, Any]:
    failing = SupplierFactory(contact_email=FAILING)
    fine = SupplierFactory()
    campaign = LaunchedCampaignFactory(
        created_by=officer, suppliers=[failing, fine], due_on=DUE, name=name
    )
    return campaign.assessments.get(supplier=failing), campaign.assessments.get(supplier=fine)


def test_one_failing_reminder_does_not_stop_the_run_and_is_not_recorded(
    officer, celery_eager, caplog
) -> None:
    failing, fine = _two_assessments(officer)
    mail.outbox.clear()  # the invitations
    with override_settings(EMAIL_BACKEND=BACKEND):
        run = reminders_send(today=DAY_BEFORE)
    assert (run.sent, run.failed) == (1, 1)
    assert [message.to for message in mail.outbox] == [[fine.supplier.contact_email]]
    assert SentReminder.objects.filter(assessment=fine).count() == 1
    # The failed one is not recorded as sent, neither as a row nor as an event...
    assert not SentReminder.objects.filter(assessment=failing).exists()
    assert not Event.objects.filter(assessment=failing, kind=Event.Kind.REMINDER_SENT).exists()
    assert f"assessment {failing.pk} failed" in caplog.text
    # ...so the next run, with the mail server back, sends it (and only it).
    again = reminders_send(today=DAY_BEFORE)
    assert (again.sent, again.failed) == (1, 0)
    assert SentReminder.objects.filter(assessment=failing).count() == 1
    assert Event.objects.filter(assessment=failing, kind=Event.Kind.REMINDER_SENT).count() == 1


def test_one_failing_due_soon_reminder_does_not_stop_the_run_and_is_not_recorded(
    officer, celery_eager
) -> None:
    failing, fine = _two_assessments(officer)
    today = datetime.date(2026, 12, 1)
    for assessment in (failing, fine):
        CorrectiveAction.objects.create(
            assessment=assessment, title="Fix the separator", severity="high", due_on=today
        )
    mail.outbox.clear()
    with override_settings(EMAIL_BACKEND=BACKEND):
        run = action_reminders_send(today=today)
    assert (run.sent, run.failed) == (1, 1)
    assert [message.to for message in mail.outbox] == [[fine.supplier.contact_email]]
    assert not NotificationEmail.objects.filter(email=FAILING).exists()
    again = action_reminders_send(today=today)
    assert (again.sent, again.failed) == (1, 0)
    assert NotificationEmail.objects.filter(email=FAILING).count() == 1


def test_a_name_stored_before_the_rule_still_gets_its_reminder_on_one_line(
    officer, celery_eager, mailoutbox
) -> None:
    _failing, fine = _two_assessments(officer)
    Campaign.objects.filter(pk=fine.campaign_id).update(name="FY2026\nBcc: victim@example.com")
    mailoutbox.clear()
    run = reminders_send(today=DAY_BEFORE)
    assert (run.sent, run.failed) == (2, 0)
    subjects = {message.subject for message in mailoutbox}
    assert subjects == {"GreenGate: FY2026 Bcc: victim@example.com (2027-01-31)"}
    for message in mailoutbox:
        message.message()  # the headers build: no BadHeaderError


@pytest.mark.parametrize("text", NAMES)
def test_subjects_built_from_names_are_one_line(text) -> None:
    assert "\n" not in single_line(text) and "\r" not in single_line(text)
    assert "\u2028" not in single_line(text) and "\t" not in single_line(text)
    assert single_line("a\x00b\x85c") == "a b c"
    subject = bilingual_subject("portal/email/invitation_subject.txt", {})
    assert subject == single_line(subject)
