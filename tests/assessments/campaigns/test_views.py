"""Staff pages for campaigns and assessments: list, create, launch, extend, close, one assessment."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.campaigns import services as campaign_services
from assessments.campaigns.events import event_record
from assessments.campaigns.models import fiscal_year_start
from assessments.models import Assessment, Campaign, Event
from assessments.questionnaires import services
from tests.factories import (
    CampaignFactory,
    LaunchedAssessmentFactory,
    LaunchedCampaignFactory,
    QuestionnaireVersionFactory,
    SavedAnswerFactory,
    SupplierFactory,
    UploadedEvidenceFactory,
    supplier_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test evidence\n"


def _future(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def version():  # type: ignore[no-untyped-def]
    return QuestionnaireVersionFactory()


@pytest.fixture
def campaign(officer, version):  # type: ignore[no-untyped-def]
    return CampaignFactory(
        name="FY2026 environmental assessment",
        questionnaire_version=version,
        due_on=_future(30),
        created_by=officer,
        suppliers=[SupplierFactory(), SupplierFactory()],
    )


@pytest.fixture
def launched(campaign, officer, celery_eager, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    campaign.refresh_from_db()
    return campaign


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in response.context["messages"]]


# --- List -----------------------------------------------------------------------------------


def test_list_shows_campaigns_with_their_questionnaire_and_assessment_count(
    officer_client, launched
) -> None:
    response = officer_client.get("/campaigns/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "FY2026 environmental assessment" in page
    assert "Test questionnaire · version 1" in page
    assert "2026-04-01 – 2027-03-31" in page
    assert 'class="badge badge-launched"' in page
    assert response.context["page"][0].assessment_count == 2
    assert 'data-testid="new-campaign"' in page


def test_list_query_count_stays_constant_as_campaigns_and_assessments_grow(
    officer_client, officer, launched, version, django_assert_max_num_queries
) -> None:
    with CaptureQueriesContext(connection) as baseline:
        assert officer_client.get("/campaigns/").status_code == 200
    for number in range(5):
        LaunchedCampaignFactory(
            name=f"Campaign {number}",
            questionnaire_version=version,
            due_on=_future(30),
            created_by=officer,
            suppliers=[SupplierFactory(), SupplierFactory()],
            send_invitations=False,
        )
    with django_assert_max_num_queries(len(baseline)):
        response = officer_client.get("/campaigns/")
    assert len(response.context["page"]) == 6


# --- Create ---------------------------------------------------------------------------------


def test_create_form_offers_published_versions_and_defaults_to_the_fiscal_year(
    officer_client, version
) -> None:
    draft = services.version_clone(version=version, created_by=None)
    response = officer_client.get("/campaigns/new/")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["questionnaire_version"].queryset) == [version]
    assert draft not in form.fields["questionnaire_version"].queryset
    start = fiscal_year_start()
    page = response.content.decode()
    assert f'value="{start.isoformat()}"' in page
    assert f'value="{datetime.date(start.year + 1, 3, 31).isoformat()}"' in page
    assert "archived" not in [value for value, _label in form.fields["status"].choices]


def test_create_with_good_data_redirects_to_the_new_campaign(
    officer_client, officer, version
) -> None:
    picked = SupplierFactory()
    response = officer_client.post(
        "/campaigns/new/",
        {
            "name": "Logistics FY2026",
            "questionnaire_version": version.pk,
            "period_start": "2026-04-01",
            "period_end": "2027-03-31",
            "due_on": _future(30).isoformat(),
            "category": "logistics",
            "region": "mainland_china",
            "status": "",
            "suppliers": f" {picked.pk}, ",
        },
    )
    campaign = Campaign.objects.get(name="Logistics FY2026")
    assert response.status_code == 302
    assert response.url == f"/campaigns/{campaign.pk}/"
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.questionnaire_version == version
    assert campaign.due_on == _future(30)
    assert campaign.supplier_filters == {"category": "logistics", "region": "mainland_china"}
    assert list(campaign.suppliers.all()) == [picked]
    assert campaign.created_by == officer
    detail = officer_client.get(response.url)
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Logistics FY2026" in page and picked.name in page
    assert "Category: Logistics" in page


def test_invalid_create_shows_field_errors_and_keeps_what_was_typed(
    officer_client, version
) -> None:
    response = officer_client.post(
        "/campaigns/new/",
        {
            "name": "Half-filled campaign",
            "questionnaire_version": version.pk,
            "period_start": "2027-03-31",
            "period_end": "2026-04-01",
            "due_on": _future(30).isoformat(),
            "suppliers": "",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["period_end"] == ["The reporting period must end after it starts."]
    assert form.errors["suppliers"] == [
        "Pick suppliers, or filter them by category, region or status."
    ]
    page = response.content.decode()
    assert 'value="Half-filled campaign"' in page
    assert 'value="2027-03-31"' in page
    assert "The reporting period must end after it starts." in page
    assert not Campaign.objects.exists()


def test_create_refuses_malformed_and_unknown_supplier_ids(officer_client, version) -> None:
    data = {
        "name": "Picked",
        "questionnaire_version": version.pk,
        "period_start": "2026-04-01",
        "period_end": "2027-03-31",
        "due_on": _future(30).isoformat(),
    }
    malformed = officer_client.post("/campaigns/new/", {**data, "suppliers": "12, abc"})
    assert malformed.status_code == 400
    assert "“abc” is not a supplier id" in malformed.context["form"].errors["suppliers"][0]
    unknown = officer_client.post("/campaigns/new/", {**data, "suppliers": "999999"})
    assert unknown.status_code == 400
    assert "Unknown supplier ids" in unknown.context["form"].errors["suppliers"][0]
    missing = officer_client.post("/campaigns/new/", {"name": "", "period_start": "x"})
    assert missing.status_code == 400
    assert set(missing.context["form"].errors) >= {"name", "questionnaire_version", "due_on"}
    assert not Campaign.objects.exists()


def test_create_refuses_a_version_that_is_not_published(officer_client, version) -> None:
    draft = services.version_clone(version=version, created_by=None)
    response = officer_client.post(
        "/campaigns/new/",
        {
            "name": "Draft version",
            "questionnaire_version": draft.pk,
            "period_start": "2026-04-01",
            "period_end": "2027-03-31",
            "due_on": _future(30).isoformat(),
            "category": "logistics",
        },
    )
    assert response.status_code == 400
    assert "questionnaire_version" in response.context["form"].errors


# --- Detail, launch, extend, close ------------------------------------------------------------


def test_detail_shows_the_campaign_facts_and_a_launch_button(officer_client, campaign) -> None:
    response = officer_client.get(f"/campaigns/{campaign.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert campaign.name in page
    assert 'data-testid="launch"' in page and 'data-testid="extend"' in page
    assert "No assessment yet: launch the campaign to create them." in page
    assert officer_client.get("/campaigns/999999/").status_code == 404


def test_launch_creates_assessments_and_sends_the_invitations(
    officer_client, campaign, celery_eager, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(f"/campaigns/{campaign.pk}/launch/", follow=True)
    assert response.status_code == 200
    assert "2 assessments created, 2 invitations queued." in _messages(response)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LAUNCHED
    assert campaign.assessments.count() == 2
    assert len(mailoutbox) == 2
    assert {mail.to[0] for mail in mailoutbox} == set(
        campaign.suppliers.values_list("contact_email", flat=True)
    )
    page = response.content.decode()
    for assessment in campaign.assessments.select_related("supplier"):
        assert assessment.supplier.name in page
        assert f"/suppliers/{assessment.supplier_id}/" in page
        assert f"/campaigns/assessments/{assessment.pk}/" in page
    again = officer_client.post(f"/campaigns/{campaign.pk}/launch/", follow=True)
    assert "0 assessments created, 0 invitations queued." in _messages(again)
    assert officer_client.get(f"/campaigns/{campaign.pk}/launch/").status_code == 405


def test_extend_changes_the_due_date_of_the_campaign_and_its_assessments(
    officer_client, launched
) -> None:
    new_due = _future(60)
    response = officer_client.post(
        f"/campaigns/{launched.pk}/extend/", {"due_on": new_due.isoformat()}, follow=True
    )
    assert response.status_code == 200
    launched.refresh_from_db()
    assert launched.due_on == new_due
    assert set(launched.assessments.values_list("due_on", flat=True)) == {new_due}
    assert Event.objects.filter(kind=Event.Kind.DUE_DATE_CHANGED).count() == 2
    assert any("Due date changed" in message for message in _messages(response))


def test_extend_with_a_bad_date_shows_the_error_next_to_the_field(officer_client, launched) -> None:
    response = officer_client.post(f"/campaigns/{launched.pk}/extend/", {"due_on": "soon"})
    assert response.status_code == 400
    assert "due_on" in response.context["extend_form"].errors
    assert 'value="soon"' in response.content.decode()
    launched.refresh_from_db()
    assert launched.due_on == _future(30)


def test_close_stops_launching_and_extending(officer_client, launched) -> None:
    response = officer_client.post(f"/campaigns/{launched.pk}/close/", follow=True)
    assert "Campaign FY2026 environmental assessment closed." in _messages(response)
    launched.refresh_from_db()
    assert launched.status == Campaign.Status.CLOSED
    assert 'data-testid="launch"' not in response.content.decode()
    refused = officer_client.post(f"/campaigns/{launched.pk}/launch/", follow=True)
    assert "This campaign is closed." in _messages(refused)
    refused = officer_client.post(
        f"/campaigns/{launched.pk}/extend/", {"due_on": _future(90).isoformat()}, follow=True
    )
    assert "This campaign is closed." in _messages(refused)
    again = officer_client.post(f"/campaigns/{launched.pk}/close/", follow=True)
    assert "This campaign is closed already." in _messages(again)


def test_detail_filters_assessments_by_status_and_overdue(officer_client, launched) -> None:
    first, second = launched.assessments.order_by("id")
    Assessment.objects.filter(pk=first.pk).update(status="in_progress", is_overdue=True)
    response = officer_client.get(f"/campaigns/{launched.pk}/", {"status": "in_progress"})
    assert [a.pk for a in response.context["page"]] == [first.pk]
    response = officer_client.get(f"/campaigns/{launched.pk}/", {"overdue": "on"})
    assert [a.pk for a in response.context["page"]] == [first.pk]
    response = officer_client.get(f"/campaigns/{launched.pk}/", {"status": "invited"})
    assert [a.pk for a in response.context["page"]] == [second.pk]
    response = officer_client.get(f"/campaigns/{launched.pk}/", {"status": "nonsense"})
    assert response.status_code == 200
    assert len(response.context["page"]) == 2


def test_detail_query_count_stays_constant_as_assessments_grow(
    officer_client, officer, launched, django_assert_max_num_queries
) -> None:
    with CaptureQueriesContext(connection) as baseline:
        assert officer_client.get(f"/campaigns/{launched.pk}/").status_code == 200
    launched.suppliers.add(*[SupplierFactory() for _ in range(10)])
    campaign_services.campaign_launch(campaign=launched, launched_by=officer)
    with django_assert_max_num_queries(len(baseline)):
        response = officer_client.get(f"/campaigns/{launched.pk}/")
    assert len(response.context["page"]) == 12


# --- One assessment -------------------------------------------------------------------------


@pytest.fixture
def answered(officer, version, celery_eager):  # type: ignore[no-untyped-def]
    assessment = LaunchedAssessmentFactory(
        campaign__name="Answers",
        campaign__questionnaire_version=version,
        campaign__due_on=_future(30),
        campaign__created_by=officer,
    )
    user = supplier_user(supplier=assessment.supplier, username="answerer")
    rows = [{"kind": "water", "number": "P-001", "expires_on": "2027-01-31"}]
    for code, value, extra in (
        ("A1.1", True, {}),
        ("A1.2", ["discharge"], {}),
        ("A1.3", rows, {}),
        ("A1.4", None, {"not_applicable": True, "justification": "We run no production site."}),
        ("A2.1", "1234.5", {"data_quality": "metered"}),
    ):
        SavedAnswerFactory(
            assessment=assessment, question_code=code, value=value, user=user, **extra
        )
    UploadedEvidenceFactory(
        assessment=assessment, question_code="A1.3", name="permit.pdf", content=PDF, user=user
    )
    event_record(assessment=assessment, kind=Event.Kind.MARKED_OVERDUE, via=Event.Via.SYSTEM)
    return assessment


def test_assessment_page_shows_answers_in_words_and_the_event_log(officer_client, answered) -> None:
    response = officer_client.get(f"/campaigns/assessments/{answered.pk}/")
    assert response.status_code == 200
    # one area open at a time (the review workbench): the answers of both areas
    page = response.content.decode()
    page += officer_client.get(f"/campaigns/assessments/{answered.pk}/?area=A2").content.decode()
    assert "Do you acknowledge the code?" in page
    assert "Discharge permit" in page  # a choice label, not its code
    assert "Water" in page and "P-001" in page and "2027-01-31" in page  # the table rows
    assert "Not applicable" in page and "We run no production site." in page
    assert "1234.5 MWh" in page and "Metered" in page
    assert "permit.pdf" in page
    assert hashlib.sha256(PDF).hexdigest() in page
    assert f"{len(PDF)} bytes" in page
    progress = {tab["code"]: tab["progress"] for tab in response.context["tabs"]}
    assert progress["A1"]["answered"] == progress["A1"]["required"] == 4
    kinds = [row["event"].kind for row in response.context["event_rows"]]
    assert kinds[0] == Event.Kind.CREATED
    assert kinds[-1] == Event.Kind.MARKED_OVERDUE
    assert kinds.count(Event.Kind.ANSWER_SAVED) == 5
    assert "Answer saved" in page and "Evidence uploaded" in page
    assert "answerer" in page and "officer1" in page and "system" in page
    assert answered.supplier.name in page and answered.campaign.name in page


def test_assessment_page_is_for_staff_only(client, auditor, supplier_member, answered) -> None:
    path = f"/campaigns/assessments/{answered.pk}/"
    assert _client(auditor).get(path).status_code == 200
    assert _client(supplier_member).get(path).status_code == 403
    own_supplier_user = User.objects.get(username="answerer")
    assert _client(own_supplier_user).get(path).status_code == 403  # the portal is theirs
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")
    assert _client(auditor).get("/campaigns/assessments/999999/").status_code == 404


# --- Permissions ----------------------------------------------------------------------------


def test_auditors_can_view_but_not_create_launch_extend_or_close(auditor, launched) -> None:
    client = _client(auditor)
    listing = client.get("/campaigns/")
    assert listing.status_code == 200
    assert 'data-testid="new-campaign"' not in listing.content.decode()
    detail = client.get(f"/campaigns/{launched.pk}/")
    assert detail.status_code == 200
    assert 'data-testid="launch"' not in detail.content.decode()
    assert client.get("/campaigns/new/").status_code == 403
    assert client.post("/campaigns/new/", {"name": "x"}).status_code == 403
    assert client.post(f"/campaigns/{launched.pk}/launch/").status_code == 403
    assert (
        client.post(f"/campaigns/{launched.pk}/extend/", {"due_on": "2030-01-01"}).status_code
        == 403
    )
    assert client.post(f"/campaigns/{launched.pk}/close/").status_code == 403
    launched.refresh_from_db()
    assert launched.status == Campaign.Status.LAUNCHED
    assert Campaign.objects.count() == 1


def test_procurement_admin_can_create(procurement_admin, version) -> None:
    response = _client(procurement_admin).post(
        "/campaigns/new/",
        {
            "name": "By the admin",
            "questionnaire_version": version.pk,
            "period_start": "2026-04-01",
            "period_end": "2027-03-31",
            "due_on": _future(30).isoformat(),
            "status": "active",
        },
    )
    assert response.status_code == 302
    assert Campaign.objects.get().supplier_filters == {"status": "active"}


def test_supplier_users_and_anonymous_users_are_refused(client, supplier_member, launched) -> None:
    assessment = launched.assessments.first()
    pages = ["/campaigns/", "/campaigns/new/", f"/campaigns/{launched.pk}/"]
    actions = [f"/campaigns/{launched.pk}/{action}/" for action in ("launch", "extend", "close")]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), path
    for path in actions:
        response = client.post(path)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), path
    member = _client(supplier_member)
    for path in [*pages, f"/campaigns/assessments/{assessment.pk}/"]:
        assert member.get(path).status_code == 403, path
    for path in actions:
        assert member.post(path).status_code == 403, path
    launched.refresh_from_db()
    assert launched.status == Campaign.Status.LAUNCHED
