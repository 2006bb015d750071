"""The supplier portal on a phone and a laptop, in English and Chinese (issue 16).

Every portal page (home, the assessment's overview, each area, "Check and submit", a corrective
action, the company profile, the invitation) at 390x844 and 1366x768 in both languages: nothing
sticks out sideways, axe finds no serious or critical violation, and a screenshot goes to
var/screenshots/portal-<page>-<lang>-<size>.png. Then answering as a supplier does: a follow-up
question appears as soon as its trigger is answered (no save), autosave says "Saved" and stores
the value, and leaving with a change not saved yet asks first.
"""

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from assessments.answers import services as answer_services
from assessments.campaigns.services import campaign_create, campaign_launch
from assessments.models import Answer, Assessment, CorrectiveAction
from assessments.questionnaires.services import default_questionnaire_load
from core import roles
from suppliers.models import Category
from tests.e2e.conftest import (
    AXE,
    E2E_DB,
    LOCALES,
    PASSWORD,
    VIEWPORTS,
    assert_no_horizontal_overflow,
    axe_violations,
    log_in,
    shoot,
)
from tests.factories import SupplierFactory, staff_user, supplier_user

pytestmark = [pytest.mark.e2e, E2E_DB, pytest.mark.usefixtures("celery_eager")]

SUPPLIER_USER = "portal-phone"
# The save bar may take at most this much of a phone's screen (it took 150 px).
SAVE_BAR_MAX = 56


def _launch() -> tuple[Assessment, str]:
    """A launched campaign of the default questionnaire for one engineering supplier, some of
    it answered, with a corrective action; its assessment and the invitation's path."""
    version = default_questionnaire_load()
    supplier = SupplierFactory(
        category=Category.objects.get(slug="engineering"), contact_email="li@supplier.example"
    )
    officer = staff_user(roles.PROCUREMENT_OFFICER, username="portal-officer", password=PASSWORD)
    campaign = campaign_create(
        name="FY2026 environmental assessment",
        questionnaire_version=version,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        due_on=datetime.date.today() + datetime.timedelta(days=60),
        created_by=officer,
        supplier_ids=[supplier.pk],
    )
    mail.outbox.clear()
    with transaction.atomic():
        campaign_launch(campaign=campaign, launched_by=officer)
    match = re.search(r"/portal/invitations/[A-Za-z0-9_-]+/", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    assessment = Assessment.objects.get(supplier=supplier)
    user = supplier_user(supplier=supplier, username=SUPPLIER_USER, password=PASSWORD)
    answer_services.assessment_acknowledge_code(assessment=assessment, user=user)
    for code, value in (("A1.1", True), ("A1.2", "all_held"), ("A1.1.1", "Li Wei, director")):
        answer_services.answer_save(
            assessment=assessment, question_code=code, value=value, user=user, revision=None
        )
    question = version.questions.get(code="A1.2")
    CorrectiveAction.objects.create(
        assessment=assessment, question=question, title="Renew the wastewater discharge permit",
        description="The permit expired in March; upload the renewed one.", severity="high",
        due_on=datetime.date.today() + datetime.timedelta(days=30), raised_by=officer,
    )  # fmt: skip
    return assessment, match.group(0)


def _session(browser: Browser, server: str) -> Any:
    context = browser.new_context()
    page = context.new_page()
    log_in(page, server, SUPPLIER_USER)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    state = context.storage_state()
    context.close()
    return state


def _context(
    browser: Browser, server: str, state: Any, *, viewport: str, lang: str
) -> BrowserContext:
    context = browser.new_context(
        storage_state=state, viewport=VIEWPORTS[viewport], locale=LOCALES[lang]
    )
    context.add_cookies([{"name": "django_language", "value": lang, "url": server}])
    context.add_init_script(path=str(AXE))
    return context


def _pages(assessment: Assessment) -> dict[str, str]:
    pk = assessment.pk
    pages = {
        "home": reverse("portal:home"),
        "overview": reverse("portal:assessment", args=[pk]),
        "submit": reverse("portal:submit", args=[pk]),
        "action": reverse("portal:action", args=[assessment.corrective_actions.get().pk]),
        "profile": reverse("portal:profile"),
    }
    for area in assessment.version.areas.order_by("order", "code"):
        pages[f"area-{area.code}"] = reverse("portal:area", args=[pk, area.code])
    return pages


def _check(page: Page, *, name: str, viewport: str, lang: str) -> list[str]:
    problems = []
    try:
        assert_no_horizontal_overflow(page)
    except AssertionError as error:
        problems.append(f"{name} {viewport} {lang} overflow: {error}")
    if page.get_by_test_id("save-bar").count():
        height = page.get_by_test_id("save-bar").evaluate("el => el.getBoundingClientRect().height")
        if viewport == "phone" and height > SAVE_BAR_MAX:
            problems.append(f"{name} {viewport} {lang} save bar: {height} px tall")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name} {viewport} {lang} axe: {violations}")
    shoot(page, f"portal-{name}-{lang}")
    return problems


@pytest.mark.parametrize("lang", list(LOCALES))
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_portal_page_fits_and_passes_axe(
    browser: Browser, server: str, viewport: str, lang: str
) -> None:
    assessment, invitation = _launch()
    state = _session(browser, server)
    problems: list[str] = []
    context = _context(browser, server, state, viewport=viewport, lang=lang)
    page = context.new_page()
    for name, path in _pages(assessment).items():
        response = page.goto(f"{server}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        problems += _check(page, name=name, viewport=viewport, lang=lang)
    context.close()
    # The invitation, logged out.
    context = _context(browser, server, None, viewport=viewport, lang=lang)
    page = context.new_page()
    page.goto(f"{server}{invitation}")
    expect(page.get_by_test_id("invitation-form")).to_be_visible()
    problems += _check(page, name="invitation", viewport=viewport, lang=lang)
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def area_page(browser: Browser, server: str) -> Any:
    assessment, _invitation = _launch()
    state = _session(browser, server)
    context = _context(browser, server, state, viewport="phone", lang="en")
    page = context.new_page()
    yield assessment, page
    context.close()


def test_a_follow_up_appears_without_a_save_and_keeps_what_was_typed(
    area_page: Any, server: str
) -> None:
    assessment, page = area_page
    Answer.objects.filter(assessment=assessment, question__code="A1.1").delete()
    page.goto(f"{server}{reverse('portal:area', args=[assessment.pk, 'A1'])}")
    follow_up = page.get_by_test_id("question-A1.1.1")
    expect(follow_up).to_be_hidden()
    page.get_by_test_id("question-A1.1").get_by_label("Yes").check()
    expect(follow_up).to_be_visible()  # no navigation, no Save
    shoot(page, "portal-follow-up-appears")
    follow_up.locator("textarea").fill("Li Wei, director")
    page.get_by_test_id("question-A1.1").get_by_label("No").check()
    expect(follow_up).to_be_hidden()
    page.get_by_test_id("question-A1.1").get_by_label("Yes").check()
    expect(follow_up).to_be_visible()
    expect(follow_up.locator("textarea")).to_have_value("Li Wei, director")


def test_autosave_says_saved_and_stores_the_value(area_page: Any, server: str) -> None:
    assessment, page = area_page
    page.goto(f"{server}{reverse('portal:area', args=[assessment.pk, 'A1'])}")
    question = page.get_by_test_id("question-A1.1.1")
    question.locator("textarea").fill("Zhang Min, environment manager")
    question.locator("textarea").blur()
    expect(page.get_by_test_id("state-A1.1.1")).to_contain_text("Saved")
    answer = Answer.objects.get(assessment=assessment, question__code="A1.1.1")
    assert answer.value == "Zhang Min, environment manager"
    shoot(page, "portal-autosaved")
    # The page's Save goes on from the autosaved revision: no conflict.
    page.get_by_test_id("save").click()
    expect(page.locator(".message-success").first).to_contain_text("Saved.")
    expect(page.locator("ul.errorlist")).to_have_count(0)


def test_leaving_with_unsaved_changes_warns(area_page: Any, server: str) -> None:
    assessment, page = area_page
    area = f"{server}{reverse('portal:area', args=[assessment.pk, 'A1'])}"
    page.goto(area)
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    # A document chosen is not uploaded until Save: the page is not saved yet.
    page.get_by_test_id("question-A1.1.1").locator("textarea").press_sequentially("Li")
    page.get_by_role("link", name="Overview").last.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == area  # stayed: the change is still here
    expect(page.get_by_test_id("question-A1.1.1").locator("textarea")).to_have_value(
        re.compile("Li")
    )
    # Once autosaved, leaving does not ask.
    page.get_by_test_id("question-A1.1.1").locator("textarea").blur()
    expect(page.get_by_test_id("state-A1.1.1")).to_contain_text("Saved")
    page.get_by_role("link", name="Overview").last.click()
    expect(page).to_have_url(f"{server}{reverse('portal:assessment', args=[assessment.pk])}")
    assert dialogs == ["beforeunload"]


def test_a_table_is_a_stack_of_cards_on_a_phone(area_page: Any, server: str) -> None:
    assessment, page = area_page
    page.goto(f"{server}{reverse('portal:area', args=[assessment.pk, 'A2'])}")
    table = page.get_by_test_id("table-A2.1")
    expect(table).to_be_visible()
    cell = table.locator("tbody tr").first.locator("td").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label.strip('"') == cell.get_attribute("data-label")
    remove = table.locator(".remove-row").first
    expect(remove).to_be_visible()
    assert remove.evaluate("el => getComputedStyle(el).borderStyle") != "none"
    assert_no_horizontal_overflow(page)
    shoot(page, "portal-table-cards")
