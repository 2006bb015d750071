"""Invitation links die when they lose their reason: a re-send replaces every unused link of the
supplier for that assessment, and an archived supplier's links are refused."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assessments.models import Invitation
from suppliers import services as supplier_services
from tests.factories import LaunchedAssessmentFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Green-Gate-2026!"


def _token(mail) -> str:  # type: ignore[no-untyped-def]
    return mail.body.split("/portal/invitations/")[1].split("/")[0]


@pytest.fixture
def invited(officer, celery_eager, mailoutbox):  # type: ignore[no-untyped-def]
    assessment = LaunchedAssessmentFactory(
        supplier__contact_email="old.contact@supplier.example.com", campaign__created_by=officer
    )
    (mail,) = mailoutbox
    assert mail.to == ["old.contact@supplier.example.com"]
    return assessment, _token(mail)


def test_old_invitation_link_dies_on_resend(  # type: ignore[no-untyped-def]
    invited, officer, officer_client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    assessment, old_token = invited
    supplier_services.supplier_update(
        supplier=assessment.supplier,
        updated_by=officer,
        contact_email="new.contact@supplier.example.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = officer_client.post(f"/campaigns/assessments/{assessment.pk}/invitations/")
    assert sent.status_code == 302
    new_mail = mailoutbox[-1]
    assert new_mail.to == ["new.contact@supplier.example.com"]

    # The old contact's link shows the invalid-invitation page and takes no password.
    page = Client().get(f"/portal/invitations/{old_token}/")
    assert page.status_code == 400
    assert 'data-testid="invitation-error"' in page.content.decode()
    refused = APIClient().post(
        "/api/v1/invitations/accept/", {"token": old_token, "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "invitation_invalid"
    assert not Invitation.objects.get(email="old.contact@supplier.example.com").is_usable

    accepted = APIClient().post(
        "/api/v1/invitations/accept/",
        {"token": _token(new_mail), "password": PASSWORD},
        format="json",
    )
    assert accepted.status_code == 201
    assert accepted.json() == {"username": "new.contact@supplier.example.com"}


def test_old_invitation_link_dies_when_a_colleague_is_invited(  # type: ignore[no-untyped-def]
    invited, officer_client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    assessment, old_token = invited
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(
            f"/campaigns/assessments/{assessment.pk}/invitations/",
            {"email": "colleague@supplier.example.com"},
        )
    assert mailoutbox[-1].to == ["colleague@supplier.example.com"]
    assert Client().get(f"/portal/invitations/{old_token}/").status_code == 400
    assert Client().get(f"/portal/invitations/{_token(mailoutbox[-1])}/").status_code == 200


def test_an_archived_suppliers_invitation_link_is_refused(invited, officer) -> None:
    assessment, token = invited
    supplier_services.supplier_archive(supplier=assessment.supplier, archived_by=officer)
    page = Client().get(f"/portal/invitations/{token}/")
    assert page.status_code == 400
    assert "account is archived" in page.content.decode()
    refused = APIClient().post(
        "/api/v1/invitations/accept/", {"token": token, "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "invitation_invalid"
