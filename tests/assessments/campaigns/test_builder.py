"""The campaign builder: the date rule, editing and deleting drafts, finding suppliers, and the
count the confirmation states being the invitations the launch sends."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from assessments.campaigns import selectors as campaign_selectors
from assessments.campaigns import services as campaign_services
from assessments.errors import AssessmentStateError, CampaignInvalidError
from assessments.models import Campaign, Invitation
from suppliers.models import Category, Supplier
from tests.factories import (
    CampaignFactory,
    LaunchedCampaignFactory,
    QuestionnaireVersionFactory,
    SupplierFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
YESTERDAY = TODAY - datetime.timedelta(days=1)
DUE_TODAY = "The due date must be after today."
DUE_BEFORE_START = "The due date must be after the reporting period starts."


def _days(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


@pytest.fixture
def version():  # type: ignore[no-untyped-def]
    return QuestionnaireVersionFactory()


def _form_data(version, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "name": "Packaging FY2026",
        "questionnaire_version": version.pk,
        "period_start": _days(-200).isoformat(),
        "period_end": _days(165).isoformat(),
        "due_on": _days(30).isoformat(),
        "category": "",
        "region": "",
        "status": "",
    }
    data.update(overrides)
    return data


# --- The date rule: one function, used by the form, the service and the API -----------------


@pytest.mark.parametrize(
    ("period_start", "due_on", "errors"),
    [
        (_days(-30), YESTERDAY, [DUE_TODAY]),
        (_days(-30), TODAY, [DUE_TODAY]),  # the boundary: today is too late
        (_days(-30), TOMORROW, []),  # the first good day
        (TOMORROW, TOMORROW, [DUE_BEFORE_START]),  # the day the period starts: too early
        (TOMORROW, _days(2), []),
        (_days(10), _days(5), [DUE_BEFORE_START]),
        (TODAY, TODAY, [DUE_TODAY, DUE_BEFORE_START]),
    ],
)
def test_the_due_date_is_after_today_and_after_the_period_starts(
    period_start, due_on, errors
) -> None:
    found = campaign_services.campaign_date_errors(
        period_start=period_start, period_end=period_start + datetime.timedelta(days=365),
        due_on=due_on,
    )  # fmt: skip
    assert found.get("due_on", []) == errors


def test_the_service_refuses_a_due_date_of_today(officer, version) -> None:
    with pytest.raises(CampaignInvalidError) as refused:
        campaign_services.campaign_create(
            name="Late", questionnaire_version=version, period_start=_days(-30),
            period_end=_days(300), due_on=TODAY, created_by=officer,
            supplier_ids=[SupplierFactory().pk],
        )  # fmt: skip
    assert refused.value.fields == {"due_on": [DUE_TODAY]}
    assert not Campaign.objects.exists()


def test_the_form_shows_the_due_date_error_at_the_field(officer_client, version) -> None:
    supplier = SupplierFactory()
    response = officer_client.post(
        "/campaigns/new/",
        _form_data(version, due_on=TODAY.isoformat(), suppliers=[supplier.pk]),
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"due_on": [DUE_TODAY]}
    page = response.content.decode()
    assert DUE_TODAY in page
    assert f'value="{TODAY.isoformat()}"' in page  # what was typed is kept
    assert f'value="{supplier.pk}" checked' in page  # and what was ticked
    assert not Campaign.objects.exists()
    tomorrow = officer_client.post(
        "/campaigns/new/",
        _form_data(version, due_on=TOMORROW.isoformat(), suppliers=[supplier.pk]),
    )
    assert tomorrow.status_code == 302


def test_the_form_refuses_a_due_date_before_the_period_starts(officer_client, version) -> None:
    response = officer_client.post(
        "/campaigns/new/",
        _form_data(
            version,
            period_start=_days(60).isoformat(),
            period_end=_days(400).isoformat(),
            due_on=_days(30).isoformat(),
            category="logistics",
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"due_on": [DUE_BEFORE_START]}


def test_the_api_applies_the_same_date_rule(api, version) -> None:
    supplier = SupplierFactory()
    body = {
        "name": "API campaign", "questionnaire_version": version.pk,
        "period_start": _days(-30).isoformat(), "period_end": _days(300).isoformat(),
        "suppliers": [supplier.pk],
    }  # fmt: skip
    today = api.post("/api/v1/campaigns/", {**body, "due_on": TODAY.isoformat()}, format="json")
    assert today.status_code == 400
    assert today.json()["fields"] == {"due_on": [DUE_TODAY]}
    good = api.post("/api/v1/campaigns/", {**body, "due_on": TOMORROW.isoformat()}, format="json")
    assert good.status_code == 201


def test_extending_needs_a_due_date_after_today(officer, officer_client, api, version) -> None:
    campaign = LaunchedCampaignFactory(
        questionnaire_version=version, created_by=officer, suppliers=[SupplierFactory()],
        period_start=_days(-100), period_end=_days(200), due_on=_days(20),
    )  # fmt: skip
    page = officer_client.post(f"/campaigns/{campaign.pk}/extend/", {"due_on": TODAY.isoformat()})
    assert page.status_code == 400
    assert page.context["extend_form"].errors == {"due_on": [DUE_TODAY]}
    over_api = api.post(
        f"/api/v1/campaigns/{campaign.pk}/extend/", {"due_on": YESTERDAY.isoformat()}, format="json"
    )
    assert over_api.status_code == 400 and over_api.json()["fields"] == {"due_on": [DUE_TODAY]}
    with pytest.raises(CampaignInvalidError):
        campaign_services.campaign_extend(campaign=campaign, due_on=TODAY, changed_by=officer)
    campaign.refresh_from_db()
    assert campaign.due_on == _days(20)
    moved = officer_client.post(
        f"/campaigns/{campaign.pk}/extend/", {"due_on": TOMORROW.isoformat()}, follow=True
    )
    assert moved.status_code == 200
    campaign.refresh_from_db()
    assert campaign.due_on == TOMORROW


# --- Drafts are edited and deleted; launched campaigns are not ---------------------------------


def test_a_draft_is_edited_in_the_same_form_prefilled(officer_client, officer, version) -> None:
    kept, dropped, added = SupplierFactory(), SupplierFactory(), SupplierFactory()
    campaign = CampaignFactory(
        name="Old name", questionnaire_version=version, created_by=officer,
        period_start=_days(-30), period_end=_days(300), due_on=_days(30),
        supplier_filters={"region": "mainland_china"}, suppliers=[kept, dropped],
    )  # fmt: skip
    form = officer_client.get(f"/campaigns/{campaign.pk}/edit/")
    assert form.status_code == 200
    page = form.content.decode()
    assert 'value="Old name"' in page
    assert f'value="{kept.pk}" checked' in page and f'value="{dropped.pk}" checked' in page
    assert '<option value="mainland_china" selected>' in page
    saved = officer_client.post(
        f"/campaigns/{campaign.pk}/edit/",
        _form_data(version, name="New name", suppliers=[kept.pk, added.pk], category="logistics"),
        follow=True,
    )
    assert saved.status_code == 200
    assert "Draft campaign New name saved." in saved.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "New name"
    assert campaign.supplier_filters == {"category": "logistics"}
    assert set(campaign.suppliers.all()) == {kept, added}


def test_an_edit_with_errors_keeps_the_draft_unchanged(officer_client, officer, version) -> None:
    campaign = CampaignFactory(
        name="Draft", questionnaire_version=version, created_by=officer,
        due_on=_days(30), suppliers=[SupplierFactory()],
    )  # fmt: skip
    response = officer_client.post(
        f"/campaigns/{campaign.pk}/edit/", _form_data(version, name="Changed", due_on="")
    )
    assert response.status_code == 400
    assert "due_on" in response.context["form"].errors
    campaign.refresh_from_db()
    assert campaign.name == "Draft"


def test_a_launched_campaign_cannot_be_edited(officer_client, officer, version) -> None:
    campaign = LaunchedCampaignFactory(
        questionnaire_version=version, created_by=officer, suppliers=[SupplierFactory()]
    )
    page = officer_client.get(f"/campaigns/{campaign.pk}/edit/")
    assert page.status_code == 409
    assert "Only a draft campaign can be edited." in page.content.decode()
    post = officer_client.post(f"/campaigns/{campaign.pk}/edit/", _form_data(version))
    assert post.status_code == 409
    with pytest.raises(AssessmentStateError):
        campaign_services.campaign_update(
            campaign=campaign, name="X", questionnaire_version=version,
            period_start=_days(-30), period_end=_days(300), due_on=_days(30),
            supplier_filters={"category": "logistics"},
        )  # fmt: skip
    campaign.refresh_from_db()
    assert campaign.name == "FY2026"


def test_a_draft_is_deleted_after_confirmation(officer_client, officer, version) -> None:
    campaign = CampaignFactory(
        name="Throwaway", questionnaire_version=version, created_by=officer,
        suppliers=[SupplierFactory()],
    )  # fmt: skip
    detail = officer_client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'data-testid="delete-consequence"' in detail
    assert "This deletes the draft campaign Throwaway." in detail
    response = officer_client.post(f"/campaigns/{campaign.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == "/campaigns/"
    assert "Draft campaign Throwaway deleted." in response.content.decode()
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    assert officer_client.get(f"/campaigns/{campaign.pk}/delete/").status_code == 405


def test_a_launched_campaign_cannot_be_deleted(officer_client, officer, version) -> None:
    campaign = LaunchedCampaignFactory(
        questionnaire_version=version, created_by=officer, suppliers=[SupplierFactory()]
    )
    detail = officer_client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'data-testid="delete"' not in detail and 'data-testid="edit"' not in detail
    response = officer_client.post(f"/campaigns/{campaign.pk}/delete/")
    assert response.status_code == 409
    assert "Only a draft campaign can be deleted" in response.content.decode()
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    with pytest.raises(AssessmentStateError):
        campaign_services.campaign_delete(campaign=campaign)


def test_a_supplier_user_cannot_edit_or_delete(client, supplier_member, officer, version) -> None:
    campaign = CampaignFactory(questionnaire_version=version, suppliers=[SupplierFactory()])
    client.force_login(supplier_member)
    assert client.get(f"/campaigns/{campaign.pk}/edit/").status_code == 403
    assert client.post(f"/campaigns/{campaign.pk}/delete/").status_code == 403
    assert client.get("/campaigns/suppliers/?q=a").status_code == 403
    assert Campaign.objects.filter(pk=campaign.pk).exists()


# --- The count the confirmation states is what the launch sends -------------------------------


def _consequence(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}-consequence">([^<]*)<', page)
    assert match, testid
    return match.group(1)


def test_the_launch_count_is_what_the_launch_sends(
    officer_client, officer, version, celery_eager, django_capture_on_commit_callbacks
) -> None:
    logistics = Category.objects.get(slug="logistics")
    other = Category.objects.exclude(slug="logistics").first()
    matching = [SupplierFactory(category=logistics) for _ in range(3)]
    SupplierFactory(category=logistics, status=Supplier.Status.ARCHIVED)  # never reached
    picked = SupplierFactory(category=other)
    both = matching[0]  # picked and matching: one invitation
    campaign = CampaignFactory(
        questionnaire_version=version, created_by=officer, due_on=_days(30),
        supplier_filters={"category": "logistics"}, suppliers=[picked, both],
    )  # fmt: skip
    page = officer_client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "These 4 suppliers will be invited" in page
    assert _consequence(page, "launch").startswith("This emails 4 suppliers:")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(f"/campaigns/{campaign.pk}/launch/", follow=True)
    assert "4 assessments created, 4 invitations queued." in response.content.decode()
    assert Invitation.objects.filter(assessment__campaign=campaign).count() == 4
    assert len(mail.outbox) == 4

    # After the launch, "invite newly matching suppliers" counts only the new ones.
    SupplierFactory(category=logistics)
    SupplierFactory(category=logistics)
    page = officer_client.get(f"/campaigns/{campaign.pk}/").content.decode()
    consequence = _consequence(page, "launch")
    assert consequence.startswith("This emails 2 suppliers that match the campaign")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(f"/campaigns/{campaign.pk}/launch/")
    assert len(mail.outbox) == 2
    page = officer_client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'data-testid="launch-consequence"' not in page  # nobody left to invite
    assert "Every supplier the campaign reaches has its assessment." in page


def test_the_builders_live_count_is_the_launch_count(officer_client, officer, version) -> None:
    logistics = Category.objects.get(slug="logistics")
    for _ in range(3):
        SupplierFactory(category=logistics)
    SupplierFactory(category=logistics, status=Supplier.Status.ARCHIVED)
    picked = SupplierFactory(category=Category.objects.exclude(slug="logistics").first())
    live = officer_client.get(
        "/campaigns/suppliers/", {"category": "logistics", "suppliers": [picked.pk]}
    )
    assert live.status_code == 200
    assert 'data-count="4"' in live.content.decode()
    officer_client.post(
        "/campaigns/new/", _form_data(version, category="logistics", suppliers=[picked.pk])
    )
    campaign = Campaign.objects.get()
    result = campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    assert result.invitations_queued == 4


def test_closing_asks_and_states_the_open_assessments(officer_client, officer, version) -> None:
    campaign = LaunchedCampaignFactory(
        questionnaire_version=version, created_by=officer,
        suppliers=[SupplierFactory(), SupplierFactory()],
    )  # fmt: skip
    page = officer_client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert _consequence(page, "close").startswith(
        "Closing stops the suppliers of 2 open assessments"
    )
    # The action posts only from inside the question.
    assert re.search(
        r'<details class="confirm confirm-danger" data-testid="close">.*?action="/campaigns/'
        rf'{campaign.pk}/close/"',
        page,
        re.S,
    )


# --- Finding suppliers ---------------------------------------------------------------------


def test_the_search_finds_by_chinese_name_english_name_and_registration_code(
    officer_client,
) -> None:
    hangzhou = SupplierFactory(name="杭州绿色包装有限公司", name_en="Hangzhou Green Packaging")
    SupplierFactory(name="杭州旧厂有限公司", status=Supplier.Status.ARCHIVED)
    other = SupplierFactory(name="苏州物流有限公司")
    by_name = officer_client.get("/campaigns/suppliers/", {"q": "杭州"}).content.decode()
    assert hangzhou.name in by_name and other.name not in by_name
    assert "旧厂" not in by_name  # archived suppliers are never offered
    assert "1 supplier matches “杭州”" in by_name
    longer = officer_client.get("/campaigns/suppliers/", {"q": "杭州绿色"}).content.decode()
    assert hangzhou.name in longer and "1 supplier matches" in longer  # the indexed path
    by_english = officer_client.get("/campaigns/suppliers/", {"q": "green pack"}).content.decode()
    assert hangzhou.name in by_english
    code = other.registration_code
    by_code = officer_client.get("/campaigns/suppliers/", {"q": code[-6:].lower()}).content.decode()
    assert other.name in by_code and hangzhou.name not in by_code
    nothing = officer_client.get("/campaigns/suppliers/", {"q": "zzz-none"}).content.decode()
    assert "No supplier matches" in nothing


def test_ticked_suppliers_stay_ticked_where_they_are_shown(officer_client) -> None:
    first = SupplierFactory(name="杭州一厂")
    second = SupplierFactory(name="杭州二厂")
    elsewhere = SupplierFactory(name="宁波三厂")
    page = officer_client.get(
        "/campaigns/suppliers/", {"q": "杭州", "suppliers": [first.pk, elsewhere.pk]}
    ).content.decode()
    picked, results = page.split('data-testid="search-results"')
    # Ticked results stay in place, ticked; the other ticked ones are listed above them.
    assert f'value="{first.pk}" checked' in results and f'value="{second.pk}" data' in results
    assert f'value="{elsewhere.pk}" checked' in picked and f'value="{first.pk}"' not in picked
    assert "Picked one by one: 2" in picked
    assert page.count('name="suppliers"') == 3  # each supplier once


def test_search_without_javascript_keeps_what_was_typed_and_ticked(officer_client, version) -> None:
    ticked = SupplierFactory(name="宁波包装有限公司")
    found = SupplierFactory(name="杭州绿色包装有限公司")
    response = officer_client.post(
        "/campaigns/new/",
        _form_data(version, name="Half done", due_on="", q="杭州", action="search",
                   suppliers=[ticked.pk]),
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Half done"' in page and 'value="杭州"' in page
    assert f'value="{ticked.pk}" checked' in page and f'value="{found.pk}"' in page
    assert "This field is required." not in page  # a search is not a save
    assert not Campaign.objects.exists()


def test_search_results_are_paginated(officer_client) -> None:
    for number in range(45):
        SupplierFactory(name=f"杭州{number:02d}厂")
    first = officer_client.get("/campaigns/suppliers/", {"q": "杭州"}).content.decode()
    assert "45 suppliers match “杭州”" in first and "Page 1 of 3" in first
    assert first.count('name="suppliers"') == 20
    third = officer_client.get(
        "/campaigns/suppliers/", {"q": "杭州", "results_page": "3"}
    ).content.decode()
    assert third.count('name="suppliers"') == 5
    junk = officer_client.get(
        "/campaigns/suppliers/",
        {"q": "x" * 500, "results_page": "abc", "suppliers": ["1;DROP", "-3", "99999999999"]},
    )
    assert junk.status_code == 200


def test_the_supplier_search_selector_offers_no_archived_supplier(officer) -> None:
    live = SupplierFactory(name="杭州甲厂")
    SupplierFactory(name="杭州乙厂", status=Supplier.Status.ARCHIVED)
    found = campaign_selectors.supplier_search(user=officer, query=" 杭州 ")
    assert list(found) == [live]
    assert not campaign_selectors.supplier_search(user=officer, query="   ").exists()


# --- Query counts stay bounded ------------------------------------------------------------


def test_builder_pages_make_a_bounded_number_of_queries(
    officer_client, officer, version, django_assert_max_num_queries
) -> None:
    suppliers = [SupplierFactory(name=f"杭州{number:02d}厂") for number in range(40)]
    campaign = CampaignFactory(
        questionnaire_version=version, created_by=officer, due_on=_days(30),
        supplier_filters={"category": "logistics"}, suppliers=suppliers[:30],
    )  # fmt: skip
    picked = {"suppliers": [supplier.pk for supplier in suppliers[:30]]}
    with django_assert_max_num_queries(12):
        officer_client.get("/campaigns/suppliers/", {"q": "杭州", **picked})
    with django_assert_max_num_queries(25):
        officer_client.get(f"/campaigns/{campaign.pk}/")
    with django_assert_max_num_queries(25):
        officer_client.get(f"/campaigns/{campaign.pk}/edit/")
    with django_assert_max_num_queries(15):
        officer_client.get(f"/campaigns/{campaign.pk}/invitees/")
    with django_assert_max_num_queries(25):
        officer_client.get("/campaigns/new/")


def test_the_invitee_page_lists_who_the_launch_would_invite(
    officer_client, officer, version
) -> None:
    suppliers = [SupplierFactory() for _ in range(12)]
    campaign = CampaignFactory(
        questionnaire_version=version, created_by=officer, suppliers=suppliers
    )
    detail = officer_client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "These 12 suppliers will be invited" in detail
    assert "See all 12" in detail
    page = officer_client.get(f"/campaigns/{campaign.pk}/invitees/").content.decode()
    assert "Launching now emails 12 suppliers." in page
    assert all(supplier.contact_email in page for supplier in suppliers)
