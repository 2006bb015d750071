"""The campaign builder in the browser: an officer finds suppliers by name, ticks them, creates the
campaign and launches it after a question that states how many emails go out (none before the
second click); and the builder's pages on a laptop and a phone, in English and Chinese: nothing
sticks out sideways, axe finds nothing serious, screenshots under var/screenshots/."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Campaign, Invitation
from suppliers.models import Category
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    VIEWPORTS,
    axe_violations,
    look,
)
from tests.factories import (
    CampaignFactory,
    LaunchedCampaignFactory,
    QuestionnaireVersionFactory,
    SupplierFactory,
)

pytestmark = [pytest.mark.e2e, E2E_DB, pytest.mark.usefixtures("celery_eager")]

HANGZHOU = ["杭州绿色包装有限公司", "杭州蓝天印刷有限公司"]
OTHERS = ["宁波港物流有限公司", "苏州精密机械有限公司"]


def _days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _number(count: int) -> re.Pattern[str]:
    """A text stating `count`, in either language."""
    return re.compile(rf"(^|\D){count}(\D|$)")


def _with_axe(page: Page, server: str) -> None:
    """Put axe in the pages first (it reloads the page once), so that looking later keeps what
    was typed and opened."""
    page.goto(f"{server}/campaigns/")
    assert axe_violations(page) == []


def test_launching_a_campaign_shows_the_count_and_asks_before_sending(
    officer_page: Page, server: str
) -> None:
    """An officer builds and launches a campaign for suppliers found by name."""
    page = officer_page
    version = QuestionnaireVersionFactory()
    office = Category.objects.get(slug="office_it")
    found = [SupplierFactory(name=name, category=office) for name in HANGZHOU]
    for name in OTHERS:
        SupplierFactory(name=name, category=office)
    _with_axe(page, server)

    page.goto(f"{server}/campaigns/new/")
    form = page.get_by_test_id("campaign-form")
    form.locator("#id_name").fill("Hangzhou packaging FY2026")
    form.locator("#id_questionnaire_version").select_option(str(version.pk))
    form.locator("#id_due_on").fill(_days(45))
    page.evaluate("() => { window.builderMarker = 'same page'; }")

    # Results come as the officer types: no page load, nothing saved.
    form.get_by_test_id("supplier-search").press_sequentially("杭州")
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("2 suppliers match “杭州”")
    expect(results).not_to_contain_text(OTHERS[0])
    for supplier in found:
        results.get_by_test_id(f"pick-{supplier.pk}").check()
    expect(page.get_by_test_id("reach-count")).to_have_text(
        "2 suppliers will be invited when the campaign is launched."
    )
    assert page.evaluate("() => window.builderMarker") == "same page"
    assert not Campaign.objects.exists()

    form.get_by_test_id("save").click()
    campaign = Campaign.objects.get()
    expect(page).to_have_url(f"{server}/campaigns/{campaign.pk}/")
    expect(page.locator(".message-success")).to_contain_text("created as a draft")
    invitees = page.get_by_test_id("invitees")
    expect(invitees).to_contain_text("These 2 suppliers will be invited")
    for name in HANGZHOU:
        expect(invitees).to_contain_text(name)

    # The first click only asks, stating the count; nothing is sent.
    mail.outbox.clear()
    page.get_by_test_id("launch-open").click()
    expect(page.get_by_test_id("launch-consequence")).to_contain_text("This emails 2 suppliers")
    look(page, "builder-launch-question")
    assert mail.outbox == []
    assert not Invitation.objects.exists()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT

    page.get_by_test_id("launch-confirm").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Launched")
    expect(page.locator(".message-success")).to_have_text(
        "2 assessments created, 2 invitations queued."
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        supplier.contact_email for supplier in found
    )


@pytest.mark.parametrize("language", list(LOCALES))
def test_builder_pages_fit_and_are_clean(officer_page: Page, server: str, language: str) -> None:
    page = officer_page
    version = QuestionnaireVersionFactory()
    logistics = Category.objects.get(slug="logistics")
    suppliers = [
        SupplierFactory(name=f"杭州{n:02d}号绿色物流有限公司", category=logistics)
        for n in range(25)
    ]
    draft = CampaignFactory(
        name="FY2026 杭州 packaging", questionnaire_version=version,
        period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2027, 3, 31),
        due_on=timezone.localdate() + datetime.timedelta(days=60),
        supplier_filters={"category": "logistics"}, suppliers=suppliers[:3],
    )  # fmt: skip
    launched = LaunchedCampaignFactory(
        name="FY2025 物流", questionnaire_version=version, due_on=draft.due_on,
        supplier_filters={"category": "logistics"},
    )  # fmt: skip
    SupplierFactory(name="杭州新加入物流有限公司", category=logistics)  # matches since the launch
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    _with_axe(page, server)
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        tag = f"{language}-{size}"

        page.goto(f"{server}/campaigns/new/")
        page.get_by_test_id("supplier-search").fill("杭州")
        expect(page.get_by_test_id("search-results").locator("label")).to_have_count(20)
        page.get_by_test_id(f"pick-{suppliers[0].pk}").check()
        expect(page.get_by_test_id("reach-count")).to_have_attribute("data-count", "1")
        look(page, f"builder-form-{tag}")

        page.goto(f"{server}/campaigns/{draft.pk}/")
        expect(page.get_by_test_id("invitees")).to_be_visible()
        page.get_by_test_id("launch-open").click()
        expect(page.get_by_test_id("launch-consequence")).to_have_text(_number(26))
        page.get_by_test_id("delete-open").click()
        look(page, f"builder-draft-{tag}")

        page.goto(f"{server}/campaigns/{launched.pk}/")
        page.get_by_test_id("launch-open").click()
        expect(page.get_by_test_id("launch-consequence")).to_have_text(_number(1))
        page.get_by_test_id("close-open").click()
        expect(page.get_by_test_id("close-consequence")).to_have_text(_number(25))
        look(page, f"builder-launched-{tag}")

        page.goto(f"{server}/campaigns/{draft.pk}/edit/")
        expect(page.get_by_test_id("picked-list").locator("input:checked")).to_have_count(3)
        look(page, f"builder-edit-{tag}")

        page.goto(f"{server}/campaigns/{draft.pk}/invitees/")
        expect(page.get_by_test_id("invitee-table").locator("tbody tr")).to_have_count(26)
        look(page, f"builder-invitees-{tag}")


def test_enter_in_the_supplier_search_searches_and_does_not_send_the_form(
    officer_page: Page, server: str
) -> None:
    """builder.js: Enter in the picker's search box updates the results in place; the campaign
    form is neither submitted nor reloaded, and what was typed in it stays."""
    page = officer_page
    version = QuestionnaireVersionFactory()
    office = Category.objects.get(slug="office_it")
    for name in HANGZHOU + OTHERS:
        SupplierFactory(name=name, category=office)
    page.goto(f"{server}/campaigns/new/")
    form = page.get_by_test_id("campaign-form")
    form.locator("#id_name").fill("Ningbo FY2026")
    form.locator("#id_questionnaire_version").select_option(str(version.pk))
    page.evaluate("() => { window.builderMarker = 'same page'; }")
    search = form.get_by_test_id("supplier-search")
    # Set the words without an input event, so only Enter can start the search.
    search.evaluate("(field) => { field.value = '宁波'; }")
    search.focus()
    search.press("Enter")
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("1 supplier matches “宁波”")
    expect(results).to_contain_text(OTHERS[0])
    expect(results).not_to_contain_text(HANGZHOU[0])
    assert page.evaluate("() => window.builderMarker") == "same page"
    expect(page).to_have_url(f"{server}/campaigns/new/")
    expect(form.locator("#id_name")).to_have_value("Ningbo FY2026")
    expect(search).to_be_focused()
    assert not Campaign.objects.exists()
