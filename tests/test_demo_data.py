import pytest
from django.core.management import call_command

from assessments.models import Answer, Assessment, Campaign, EvidenceDocument, NotificationEmail
from suppliers.models import Supplier, SupplierMembership

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates(
    celery_eager, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_default_questionnaire")
        call_command("load_demo_data")
    counts = (Supplier.objects.count(), Campaign.objects.count(), Assessment.objects.count())
    answers = Answer.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_default_questionnaire")
        call_command("load_demo_data")
    assert (
        Supplier.objects.count(),
        Campaign.objects.count(),
        Assessment.objects.count(),
    ) == counts
    assert counts[0] >= 18 and counts[2] == counts[0]
    demo = SupplierMembership.objects.get(user__username="supplier").supplier
    assert Assessment.objects.filter(supplier=demo).exists()
    invitations = [mail for mail in mailoutbox if "/portal/invitations/" in mail.body]
    assert len(invitations) == counts[2]  # one invitation per assessment, sent once
    # and each submission and approval told once, in one message (notifications)
    told = NotificationEmail.objects.values("key").distinct().count()
    assert told > 0 and len(mailoutbox) - len(invitations) == told
    # Four suppliers answered through the real services, once: two approved with final scores,
    # one submitted (provisional score), one half way; the demo supplier user's is approved.
    assert Answer.objects.count() == answers > 100
    statuses = sorted(Assessment.objects.exclude(status="invited").values_list("status", flat=True))
    assert statuses == ["approved", "approved", "in_progress", "submitted"]
    assert Assessment.objects.get(supplier=demo).status == "approved"
    for assessment in Assessment.objects.filter(status="approved"):
        assert assessment.scores.filter(kind="final", overall__isnull=False).exists()
    assert EvidenceDocument.objects.filter(answer__assessment__status="approved").exists()
