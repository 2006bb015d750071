import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.answers import services as answer_services
from assessments.campaigns import services as campaign_services
from assessments.models import Answer, Assessment, EvidenceDocument
from tests.factories import code_acknowledged, supplier_user

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _area(setup, code="A1"):  # type: ignore[no-untyped-def]
    return f"/portal/assessments/{setup.mine.pk}/areas/{code}/"


def _acknowledge(setup) -> None:  # type: ignore[no-untyped-def]
    setup.client.post(f"/portal/assessments/{setup.mine.pk}/acknowledge/", {"acknowledge": "yes"})


def test_portal_home_lists_only_own_assessments(setup) -> None:
    page = setup.client.get("/portal/").content.decode()
    assert f"/portal/assessments/{setup.mine.pk}/" in page
    assert f"/portal/assessments/{setup.other.pk}/" not in page


def test_code_must_be_acknowledged_before_answering(setup) -> None:
    response = setup.client.get(_area(setup))
    assert response.status_code == 302
    _acknowledge(setup)
    assert setup.client.get(_area(setup)).status_code == 200
    setup.mine.refresh_from_db()
    assert setup.mine.code_acknowledged_at is not None


def test_valid_answers_are_saved_and_invalid_ones_keep_what_was_typed(setup) -> None:
    _acknowledge(setup)
    response = setup.client.post(
        _area(setup, "A2"),
        {"q-A2.1": "12x", "q-A2.1-rev": "0", "q-A2.2": "Electric vans by 2027", "q-A2.2-rev": "0"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="12x"' in html and "Enter a number." in html
    saved = Answer.objects.get(assessment=setup.mine, question__code="A2.2")
    assert saved.value == "Electric vans by 2027"
    assert not Answer.objects.filter(assessment=setup.mine, question__code="A2.1").exists()


def test_two_tabs_editing_the_same_answer_get_a_conflict(setup) -> None:
    _acknowledge(setup)
    client = setup.client
    client.post(_area(setup), {"q-A1.4": "certified", "q-A1.4-rev": "0"})
    # Tab 2 saved meanwhile (revision 1 -> 2); tab 1 still holds revision 1.
    client.post(_area(setup), {"q-A1.4": "none", "q-A1.4-rev": "1"})
    stale = client.post(_area(setup), {"q-A1.4": "certified", "q-A1.4-rev": "1"})
    assert stale.status_code == 400
    assert "changed elsewhere" in stale.content.decode()
    assert Answer.objects.get(assessment=setup.mine, question__code="A1.4").value == "none"


def test_tables_take_rows_and_evidence_in_the_same_form(setup) -> None:
    _acknowledge(setup)
    client = setup.client
    client.post(_area(setup), {"q-A1.2": ["discharge"], "q-A1.2-rev": "0"})
    page = client.get(_area(setup)).content.decode()
    assert 'data-testid="table-A1.3"' in page
    added = client.post(
        _area(setup),
        {
            "q-A1.2": ["discharge"],
            "q-A1.2-rev": "1",
            "q-A1.3-rows": "1",
            "add-row": "A1.3",
            "q-A1.3-rev": "0",
        },
    )
    assert added.content.decode().count('name="q-A1.3-1-number"') == 1
    response = client.post(
        _area(setup),
        {
            "q-A1.2": ["discharge"], "q-A1.2-rev": "1", "q-A1.3-rows": "2", "q-A1.3-rev": "0",
            "q-A1.3-0-kind": "water", "q-A1.3-0-number": "P-1", "q-A1.3-0-expires_on": "2027-06-30",
            "q-A1.3-1-kind": "air", "q-A1.3-1-number": "P-2",
            "q-A1.3-file": SimpleUploadedFile("permit.png", PNG),
        },
    )  # fmt: skip
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
    )
    answer = Answer.objects.get(assessment=setup.mine, question__code="A1.3")
    assert [row["number"] for row in answer.value] == ["P-1", "P-2"]
    assert answer.evidence.count() == 1
    bad_file = client.post(
        _area(setup),
        {
            "q-A1.2": ["discharge"],
            "q-A1.2-rev": "1",
            "q-A1.3-rows": "2",
            "q-A1.3-rev": str(answer.revision),
            "q-A1.3-0-kind": "water",
            "q-A1.3-0-number": "P-1",
            "q-A1.3-0-expires_on": "2027-06-30",
            "q-A1.3-1-kind": "air",
            "q-A1.3-1-number": "P-2",
            "q-A1.3-file": SimpleUploadedFile("x.pdf", b"MZ\x90"),
        },
    )
    assert "none of them" in bad_file.content.decode()


def test_submit_page_lists_missing_items_with_links_then_submits(setup) -> None:
    _acknowledge(setup)
    client = setup.client
    page = client.get(f"/portal/assessments/{setup.mine.pk}/submit/").content.decode()
    assert 'data-testid="missing-A1.1"' in page and "/areas/A1/#q-A1.1" in page
    user, assessment = setup.user, setup.mine
    for code, value in (("A1.1", True), ("A1.2", ["eia"]), ("A1.4", "certified"), ("A2.1", 5)):
        answer_services.answer_save(
            assessment=assessment, question_code=code, value=value, user=user, revision=None
        )
    without = client.post(f"/portal/assessments/{assessment.pk}/submit/", {})
    assert without.status_code == 400
    done = client.post(f"/portal/assessments/{assessment.pk}/submit/", {"attestation": "yes"})
    assert done.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    locked = client.post(_area(setup), {"q-A1.1": "false", "q-A1.1-rev": "1"}, follow=True)
    assert "answers cannot change" in locked.content.decode()
    assert Answer.objects.get(assessment=assessment, question__code="A1.1").value is True


def test_another_suppliers_pages_and_files_are_not_found(setup) -> None:
    other = setup.other
    other_user = supplier_user(supplier=other.supplier, username="other-user")
    document = answer_services.evidence_upload(
        assessment=code_acknowledged(other),
        question_code="A1.3",
        file=SimpleUploadedFile("secret.png", PNG),
        user=other_user,
    )
    client = setup.client
    for url in (
        f"/portal/assessments/{other.pk}/",
        f"/portal/assessments/{other.pk}/areas/A1/",
        f"/portal/assessments/{other.pk}/submit/",
        f"/evidence/{document.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/portal/assessments/{other.pk}/acknowledge/", {"acknowledge": "yes"}
        ).status_code
        == 404
    )
    own_client = Client()
    own_client.force_login(other_user)
    download = own_client.get(f"/evidence/{document.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG
    assert EvidenceDocument.objects.count() == 1


def test_staff_can_download_evidence_and_are_sent_away_from_the_portal(
    setup, officer_client
) -> None:
    document = answer_services.evidence_upload(
        assessment=code_acknowledged(setup.mine),
        question_code="A1.3",
        file=SimpleUploadedFile("p.png", PNG),
        user=setup.user,
    )
    assert officer_client.get(f"/evidence/{document.pk}/").status_code == 200
    assert officer_client.get(f"/portal/assessments/{setup.mine.pk}/").status_code == 302


def test_invitation_page_sets_the_password_and_logs_in(setup, mailoutbox) -> None:
    token = mailoutbox[0].body.split("/portal/invitations/")[1].split("/")[0]
    client = Client()
    page = client.get(f"/portal/invitations/{token}/")
    assert page.status_code == 200
    mismatch = client.post(
        f"/portal/invitations/{token}/", {"password1": "Green-Gate-2026!", "password2": "other"}
    )
    assert mismatch.status_code == 400
    response = client.post(
        f"/portal/invitations/{token}/",
        {"password1": "Green-Gate-2026!", "password2": "Green-Gate-2026!"},
    )
    assert response.status_code == 302 and response.url == "/portal/"
    assert client.get("/portal/").status_code == 200
    reused = Client().get(f"/portal/invitations/{token}/")
    assert reused.status_code == 400 and "used already" in reused.content.decode()
    assert Client().get("/portal/invitations/not-a-token/").status_code == 400


def test_the_code_is_acknowledged_once_per_supplier(setup, officer) -> None:
    _acknowledge(setup)
    first = setup.mine
    first.refresh_from_db()
    version = first.version
    campaign = campaign_services.campaign_create(
        name="FY2027", questionnaire_version=version, period_start=datetime.date(2027, 4, 1),
        period_end=datetime.date(2028, 3, 31), due_on=datetime.date(2028, 1, 31),
        created_by=officer, supplier_ids=[first.supplier_id],
    )  # fmt: skip
    campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    second = Assessment.objects.get(campaign=campaign)
    page = setup.client.get(f"/portal/assessments/{second.pk}/")
    assert 'data-testid="acknowledge"' not in page.content.decode()
    second.refresh_from_db()
    assert second.code_acknowledged_at == first.code_acknowledged_at
    assert setup.client.get(_area_of(second)).status_code == 200


def _area_of(assessment) -> str:  # type: ignore[no-untyped-def]
    return f"/portal/assessments/{assessment.pk}/areas/A1/"
