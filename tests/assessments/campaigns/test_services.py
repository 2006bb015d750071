import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.answers import services as answer_services
from assessments.campaigns import services as campaign_services
from assessments.errors import (
    AnswerConflictError,
    AnswerInvalidError,
    AnswerLockedError,
    CampaignInvalidError,
    EvidenceInvalidError,
    InvitationInvalidError,
    SubmissionIncompleteError,
)
from assessments.models import Answer, Assessment, Event, Invitation
from suppliers.models import Category
from tests.factories import (
    CampaignFactory,
    QuestionnaireVersionFactory,
    SavedAnswerFactory,
    SupplierFactory,
    api_token,
    code_acknowledged,
    supplier_user,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 21)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%test\n"


@pytest.fixture
def launched(officer, celery_eager, django_capture_on_commit_callbacks, mailoutbox):  # type: ignore[no-untyped-def]
    logistics = SupplierFactory(category=Category.objects.get(slug="logistics"))
    office = SupplierFactory(category=Category.objects.get(slug="office_it"))
    SupplierFactory(category=Category.objects.get(slug="logistics"), status="archived")
    campaign = CampaignFactory(
        name="FY2026 environmental assessment",
        due_on=TODAY + datetime.timedelta(days=30),
        created_by=officer,
        supplier_filters={"category": "logistics"},
        suppliers=[office],
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    return campaign, result, logistics, office


def test_launch_creates_one_assessment_per_supplier_and_invites_each(launched, mailoutbox) -> None:
    campaign, result, logistics, office = launched
    assert (result.assessments_created, result.invitations_queued) == (2, 2)
    assert set(campaign.assessments.values_list("supplier_id", flat=True)) == {
        logistics.pk,
        office.pk,
    }
    assert all(
        a.version_id == campaign.questionnaire_version_id for a in campaign.assessments.all()
    )
    assert len(mailoutbox) == 2
    body = mailoutbox[0].body
    assert "/portal/invitations/" in body and "Dear" in body and "您" in body
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 2


def test_launching_again_adds_only_new_suppliers(launched, officer) -> None:
    campaign, _result, _logistics, _office = launched
    again = campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    assert again.assessments_created == 0
    SupplierFactory(category=Category.objects.get(slug="logistics"))
    assert (
        campaign_services.campaign_launch(
            campaign=campaign, launched_by=officer
        ).assessments_created
        == 1
    )
    assert Assessment.objects.filter(campaign=campaign).count() == 3


def test_campaign_needs_a_published_version_and_suppliers(officer) -> None:
    draft = QuestionnaireVersionFactory(is_published=False)
    with pytest.raises(CampaignInvalidError) as excinfo:
        campaign_services.campaign_create(
            name="FY2026 environmental assessment", questionnaire_version=draft,
            period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2027, 3, 31),
            due_on=TODAY + datetime.timedelta(days=30), created_by=officer, supplier_ids=[],
        )  # fmt: skip
    assert set(excinfo.value.fields) == {"questionnaire_version", "suppliers"}


def test_extend_moves_the_due_date_of_open_assessments(launched, officer) -> None:
    campaign, *_ = launched
    new_due = TODAY + datetime.timedelta(days=60)
    campaign_services.campaign_extend(campaign=campaign, due_on=new_due, changed_by=officer)
    assert set(campaign.assessments.values_list("due_on", flat=True)) == {new_due}
    assert Event.objects.filter(kind="due_date_changed").count() == 2


def _token_from(mail) -> str:  # type: ignore[no-untyped-def]
    return mail.body.split("/portal/invitations/")[1].split("/")[0]


def test_invitation_sets_a_password_once(launched, mailoutbox) -> None:
    _campaign_obj, _result, logistics, _office = launched
    mail = next(m for m in mailoutbox if m.to == [logistics.contact_email])
    token = _token_from(mail)
    with pytest.raises(InvitationInvalidError) as weak:
        campaign_services.invitation_accept(token=token, password="123")
    assert "password" in weak.value.fields
    user = campaign_services.invitation_accept(token=token, password="Green-Gate-2026!")
    assert user.username == logistics.contact_email.lower()
    assert user.supplier_membership.supplier == logistics
    with pytest.raises(InvitationInvalidError, match="used already"):
        campaign_services.invitation_accept(token=token, password="Green-Gate-2026!")


def test_expired_and_unknown_invitations_are_refused(launched, mailoutbox) -> None:
    token = _token_from(mailoutbox[0])
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(InvitationInvalidError, match="expired"):
        campaign_services.invitation_accept(token=token, password="Green-Gate-2026!")
    with pytest.raises(InvitationInvalidError, match="not valid"):
        campaign_services.invitation_accept(token="nope", password="Green-Gate-2026!")


def test_invitation_accept_api(launched, mailoutbox) -> None:
    token = _token_from(mailoutbox[0])
    client = APIClient()
    response = client.post(
        "/api/v1/invitations/accept/",
        {"token": token, "password": "Green-Gate-2026!"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json() == {"username": mailoutbox[0].to[0].lower()}
    reused = client.post(
        "/api/v1/invitations/accept/",
        {"token": token, "password": "Green-Gate-2026!"},
        format="json",
    )
    assert reused.status_code == 400
    assert reused.json()["code"] == "invitation_invalid"


@pytest.fixture
def answering(launched):  # type: ignore[no-untyped-def]
    campaign, _result, logistics, _office = launched
    assessment = code_acknowledged(campaign.assessments.get(supplier=logistics))
    user = supplier_user(supplier=logistics, username="lw")
    return assessment, user


def test_answers_are_typed_and_validated(answering) -> None:
    assessment, user = answering
    save = answer_services.answer_save
    assert (
        save(
            assessment=assessment, question_code="A1.1", value=True, user=user, revision=None
        ).value
        is True
    )
    assert (
        save(
            assessment=assessment, question_code="A2.1", value="1,234.50", user=user, revision=0
        ).value
        == "1234.50"
    )
    bad = [
        ("A1.1", "maybe"),
        ("A1.2", ["discharge", "forged"]),
        ("A1.4", "platinum"),
        ("A2.1", -5),  # below min 0
        ("A2.3", "2026-13-01"),
    ]
    for code, value in bad:
        with pytest.raises(AnswerInvalidError) as excinfo:
            save(assessment=assessment, question_code=code, value=value, user=user, revision=None)
        assert "value" in excinfo.value.fields, code
    with pytest.raises(AnswerInvalidError):  # A2.4 is for office IT and engineering only
        save(assessment=assessment, question_code="A2.4", value=None, user=user, revision=None)
    assessment.refresh_from_db()
    assert assessment.status == "in_progress"


def test_table_rows_are_checked_cell_by_cell(answering) -> None:
    assessment, user = answering
    rows = [
        {"kind": "water", "number": "P-1", "expires_on": "2027-01-31"},
        {},
        {"kind": "air", "number": "P-2"},
    ]
    answer = answer_services.answer_save(
        assessment=assessment, question_code="A1.3", value=rows, user=user, revision=None
    )
    assert answer.value == [
        {"kind": "water", "number": "P-1", "expires_on": "2027-01-31"},
        {"kind": "air", "number": "P-2", "expires_on": None},
    ]
    with pytest.raises(AnswerInvalidError) as excinfo:
        answer_services.answer_save(
            assessment=assessment,
            question_code="A1.3",
            value=[{"kind": "fire", "number": "P-3"}],
            user=user,
            revision=answer.revision,
        )
    assert "Row 1" in excinfo.value.fields["value"][0]


def test_stale_revision_is_a_conflict_not_an_overwrite(answering) -> None:
    assessment, user = answering
    first = answer_services.answer_save(
        assessment=assessment, question_code="A1.4", value="certified", user=user, revision=None
    )
    answer_services.answer_save(
        assessment=assessment,
        question_code="A1.4",
        value="none",
        user=user,
        revision=first.revision,
    )
    with pytest.raises(AnswerConflictError) as excinfo:
        answer_services.answer_save(
            assessment=assessment,
            question_code="A1.4",
            value="certified",
            user=user,
            revision=first.revision,
        )
    assert excinfo.value.extra["current_value"] == "none"
    assert Answer.objects.get(assessment=assessment, question__code="A1.4").value == "none"


def test_not_applicable_only_where_allowed_and_justified(answering) -> None:
    assessment, user = answering
    with pytest.raises(AnswerInvalidError) as excinfo:
        answer_services.answer_save(
            assessment=assessment, question_code="A1.1", value=None, not_applicable=True,
            justification="n/a", user=user, revision=None,
        )  # fmt: skip
    assert "not_applicable" in excinfo.value.fields
    with pytest.raises(AnswerInvalidError) as excinfo:
        answer_services.answer_save(
            assessment=assessment, question_code="A1.4", value=None, not_applicable=True,
            justification=" ", user=user, revision=None,
        )  # fmt: skip
    assert "justification" in excinfo.value.fields
    answer = answer_services.answer_save(
        assessment=assessment, question_code="A1.4", value=None, not_applicable=True,
        justification="We are a service office.", user=user, revision=None,
    )  # fmt: skip
    assert answer.not_applicable


def test_evidence_is_checked_by_content_and_size(answering, settings) -> None:
    assessment, user = answering
    upload = answer_services.evidence_upload
    document = upload(
        assessment=assessment,
        question_code="A1.3",
        file=SimpleUploadedFile("permit.pdf", PDF),
        user=user,
    )
    assert document.content_type == "application/pdf" and len(document.sha256) == 64
    assert document.file.name.endswith(".pdf") and "permit" not in document.file.name
    with pytest.raises(EvidenceInvalidError, match="none of them"):
        upload(
            assessment=assessment,
            question_code="A1.3",
            file=SimpleUploadedFile("report.pdf", b"MZ\x90\x00exe"),
            user=user,
        )
    with pytest.raises(EvidenceInvalidError, match="empty"):
        upload(
            assessment=assessment,
            question_code="A1.3",
            file=SimpleUploadedFile("e.pdf", b""),
            user=user,
        )
    settings.EVIDENCE_MAX_BYTES = 50
    with pytest.raises(EvidenceInvalidError, match="limit"):
        upload(
            assessment=assessment,
            question_code="A1.3",
            file=SimpleUploadedFile("big.png", PNG),
            user=user,
        )


def test_office_documents_are_recognised_from_their_zip_content(answering) -> None:
    import openpyxl

    assessment, user = answering
    stream = io.BytesIO()
    openpyxl.Workbook().save(stream)
    document = answer_services.evidence_upload(
        assessment=assessment, question_code="A1.3",
        file=SimpleUploadedFile("data.bin", stream.getvalue()), user=user,
    )  # fmt: skip
    assert document.content_type.endswith("spreadsheetml.sheet")


def _complete(assessment, user) -> None:  # type: ignore[no-untyped-def]
    for code, value in (("A1.1", True), ("A1.2", ["eia"]), ("A1.4", "certified"), ("A2.1", 10)):
        SavedAnswerFactory(assessment=assessment, question_code=code, value=value, user=user)


def test_submit_lists_what_is_missing_then_locks(answering) -> None:
    assessment, user = answering
    with pytest.raises(SubmissionIncompleteError) as excinfo:
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
    assert {item["question_code"] for item in excinfo.value.extra["missing"]} == {
        "A1.1",
        "A1.2",
        "A1.4",
        "A2.1",
    }
    _complete(assessment, user)
    answer_services.answer_save(
        assessment=assessment, question_code="A1.2", value=["discharge"], user=user, revision=1
    )  # A1.3 (permit table, evidence required) now shows and is missing
    with pytest.raises(SubmissionIncompleteError) as excinfo:
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
    assert [item["question_code"] for item in excinfo.value.extra["missing"]] == ["A1.3"]
    answer_services.answer_save(
        assessment=assessment,
        question_code="A1.3",
        value=[{"kind": "water", "number": "1"}],
        user=user,
        revision=None,
    )
    with pytest.raises(SubmissionIncompleteError) as excinfo:
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
    assert excinfo.value.extra["missing"][0]["reason"] == "Evidence is required."
    answer_services.evidence_upload(
        assessment=assessment,
        question_code="A1.3",
        file=SimpleUploadedFile("p.png", PNG),
        user=user,
    )
    with pytest.raises(SubmissionIncompleteError):
        answer_services.assessment_submit(assessment=assessment, attestation=False, user=user)
    submitted = answer_services.assessment_submit(
        assessment=assessment, attestation=True, user=user
    )
    assert submitted.status == "submitted" and submitted.attested_by == user
    with pytest.raises(AnswerLockedError):
        answer_services.answer_save(
            assessment=assessment, question_code="A1.1", value=False, user=user, revision=None
        )
    kinds = list(Event.objects.filter(assessment=assessment).values_list("kind", flat=True))
    assert kinds[0] == "created" and kinds[-1] == "submitted" and "answer_saved" in kinds


def _api_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def test_answer_api_with_revisions_and_conflicts(answering) -> None:
    assessment, user = answering
    api = _api_for(user)
    url = f"/api/v1/assessments/{assessment.pk}/answers/A1.4/"
    first = api.put(url, {"value": "certified"}, format="json")
    assert first.status_code == 200 and first.json()["revision"] == 1
    second = api.put(url, {"value": "none", "revision": 1}, format="json")
    assert second.status_code == 200 and second.json()["revision"] == 2
    stale = api.put(url, {"value": "certified", "revision": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    detail = api.get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert detail["status"] == "in_progress"
    assert {area["code"] for area in detail["areas"]} == {"A1", "A2"}
    assert [a["question_code"] for a in detail["answers"]] == ["A1.4"]
    bad = api.put(
        f"/api/v1/assessments/{assessment.pk}/answers/A1.1/", {"value": "x"}, format="json"
    )
    assert bad.status_code == 400 and "value" in bad.json()["fields"]


def test_evidence_and_submit_api(answering) -> None:
    assessment, user = answering
    api = _api_for(user)
    response = api.post(
        f"/api/v1/assessments/{assessment.pk}/evidence/",
        {"question_code": "A1.3", "file": SimpleUploadedFile("a.png", PNG)},
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["content_type"] == "image/png"
    incomplete = api.post(
        f"/api/v1/assessments/{assessment.pk}/submit/", {"attestation": True}, format="json"
    )
    assert incomplete.status_code == 400 and incomplete.json()["code"] == "incomplete"
    assert incomplete.json()["missing"]


def test_a_supplier_never_sees_another_suppliers_assessment(launched) -> None:
    campaign, _result, logistics, office = launched
    other = campaign.assessments.get(supplier=office)
    mine = campaign.assessments.get(supplier=logistics)
    user = supplier_user(supplier=logistics, username="lw2")
    api = _api_for(user)
    assert [a["id"] for a in api.get("/api/v1/assessments/").json()["results"]] == [mine.pk]
    for method, url, data in [
        ("get", f"/api/v1/assessments/{other.pk}/", None),
        ("put", f"/api/v1/assessments/{other.pk}/answers/A1.1/", {"value": True}),
        ("post", f"/api/v1/assessments/{other.pk}/evidence/", {"question_code": "A1.3"}),
        ("post", f"/api/v1/assessments/{other.pk}/submit/", {"attestation": True}),
    ]:
        response = getattr(api, method)(
            url,
            data,
            format="json" if method != "post" or "attestation" in (data or {}) else "multipart",
        )
        assert response.status_code == 404, url
    assert api.get(f"/api/v1/assessments/?supplier={office.pk}").json()["count"] == 0
    assert api.get("/api/v1/campaigns/").status_code == 403


def test_campaign_api_create_and_launch(
    api, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
) -> None:
    version = QuestionnaireVersionFactory()
    supplier = SupplierFactory()
    response = api.post(
        "/api/v1/campaigns/",
        {
            "name": "API campaign",
            "questionnaire_version": version.pk,
            "period_start": "2026-04-01",
            "period_end": "2027-03-31",
            "due_on": "2027-01-31",
            "suppliers": [supplier.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    campaign_id = response.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        launched = api.post(f"/api/v1/campaigns/{campaign_id}/launch/")
    assert launched.json() == {"assessments_created": 1, "invitations_queued": 1}
    assert api.get(f"/api/v1/campaigns/{campaign_id}/").json()["status"] == "launched"
    assert len(mailoutbox) == 1
