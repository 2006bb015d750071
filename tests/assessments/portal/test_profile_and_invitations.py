import pytest
from django.test import Client

from assessments.models import Invitation
from core import roles
from tests.factories import staff_user, supplier_user

pytestmark = pytest.mark.django_db


def _sites(**rows: str) -> dict[str, str]:
    data = {
        "sites-TOTAL_FORMS": "1",
        "sites-INITIAL_FORMS": "0",
        "sites-MIN_NUM_FORMS": "0",
        "sites-MAX_NUM_FORMS": "1000",
    }
    data.update(rows)
    return data


def test_supplier_keeps_its_contacts_and_sites_but_not_its_registration(setup) -> None:
    client = setup.client
    supplier = setup.mine.supplier
    code = supplier.registration_code
    response = client.post(
        "/portal/profile/",
        {
            "contact_name": "新联系人", "contact_email": "new@supplier.example.com", "contact_phone": "123",
            "registration_code": "HACKED", "name": "Renamed",
            **_sites(**{"sites-0-name": "仓库", "sites-0-address": "上海 1 号", "sites-0-country": "CN"}),
        },
    )  # fmt: skip
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert (supplier.contact_name, supplier.contact_email) == (
        "新联系人",
        "new@supplier.example.com",
    )
    assert supplier.registration_code == code and supplier.name != "Renamed"
    assert list(supplier.sites.values_list("name", flat=True)) == ["仓库"]
    assert supplier.history.latest().history_user == setup.user
    bad = client.post(
        "/portal/profile/", {"contact_name": "x", "contact_email": "nope", **_sites()}
    )
    assert bad.status_code == 400 and 'value="x"' in bad.content.decode()


def test_staff_resend_and_invite_a_colleague(
    setup, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    officer = Client()
    officer.force_login(staff_user(roles.PROCUREMENT_OFFICER, username="inv-off"))
    assessment = setup.other
    first = Invitation.objects.get(assessment=assessment)
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/campaigns/assessments/{assessment.pk}/invitations/", {})
    first.refresh_from_db()
    assert not first.is_usable  # the old link stopped working
    assert Invitation.objects.filter(assessment=assessment).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(
            f"/campaigns/assessments/{assessment.pk}/invitations/",
            {"email": "colleague@b.example.com"},
        )
    assert mailoutbox[-1].to == ["colleague@b.example.com"]
    supplier_user(supplier=assessment.supplier, username="existing@b.example.com")
    existing = officer.post(
        f"/campaigns/assessments/{assessment.pk}/invitations/",
        {"email": "Existing@b.example.com"},
        follow=True,
    )
    assert "has an account already" in existing.content.decode()
    auditor = Client()
    auditor.force_login(staff_user(roles.AUDITOR, username="inv-aud"))
    assert (
        auditor.post(f"/campaigns/assessments/{assessment.pk}/invitations/", {}).status_code == 403
    )
