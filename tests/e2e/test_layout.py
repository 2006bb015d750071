"""The shared layout on every staff page: laptop and phone, English and Chinese.

Each role logs in once (its session is reused through Playwright's storage state) and lands on
its work; then every staff page is loaded in one browser context per viewport and language and
checked the same way: nothing sticks out sideways, the header's menu is reachable (on the phone
the Menu button opens it and shows the links), the Chinese labels stay on one line, axe finds no
serious or critical violation, and a screenshot goes to var/screenshots/layout-<page>-<lang>-….
Every problem of a run is collected and reported together, page by page.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from assessments.models import Assessment, Campaign
from core import roles
from tests.assessments.audit_data import varied_campaign
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
from tests.factories import staff_user, supplier_user

pytestmark = [pytest.mark.e2e, E2E_DB, pytest.mark.usefixtures("celery_eager")]

ROLES = {
    "admin": roles.PROCUREMENT_ADMIN,
    "officer": roles.PROCUREMENT_OFFICER,
    "reviewer": roles.REVIEWER,
    "approver": roles.APPROVER,
    "auditor": roles.AUDITOR,
}
# Where each role lands after logging in (suppliers.views._LANDINGS).
LANDINGS = {
    "admin": "campaigns:list",
    "officer": "campaigns:list",
    "reviewer": "campaigns:review_queue",
    "approver": "campaigns:review_queue",
    "auditor": "exports:list",
}

# The header's items that must be on screen: links, disclosures, buttons.
HEADER_ITEMS = (
    ".site-nav .brand, .site-nav .nav-links > li > a, .site-nav .nav-links > li summary, "
    ".site-nav .nav-user > li > a, .site-nav .nav-user > li summary, .site-nav .language-switch button"
)
OFF_SCREEN_OR_BROKEN = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.getClientRects().length > 0)
  .flatMap((el) => {
    const box = el.getBoundingClientRect();
    const problems = [];
    if (box.left < 0 || box.right > window.innerWidth + 0.5)
      problems.push(`${el.textContent.trim()} is off-screen (${box.left}–${box.right})`);
    const line = parseFloat(getComputedStyle(el).lineHeight) || 24;
    if (box.height > line * 1.6 + 24)
      problems.push(`${el.textContent.trim()} breaks over lines (${box.height} px tall)`);
    return problems;
  })"""


def _staff_pages(*, campaign: Campaign, assessment: Assessment) -> dict[str, str]:
    """Every staff page, named for its screenshot."""
    supplier = assessment.supplier
    return {
        "supplier-list": reverse("suppliers:list"),
        "supplier-detail": reverse("suppliers:detail", args=[supplier.pk]),
        "supplier-new": reverse("suppliers:create"),
        "supplier-import": reverse("suppliers:import"),
        "categories": reverse("suppliers:categories"),
        "dashboard": reverse("campaigns:dashboard"),
        "campaign-list": reverse("campaigns:list"),
        "campaign-detail": reverse("campaigns:detail", args=[campaign.pk]),
        "campaign-new": reverse("campaigns:create"),
        "review-queue": reverse("campaigns:review_queue"),
        "assessment": reverse("campaigns:assessment", args=[assessment.pk]),
        "label-rules": reverse("campaigns:label_rules"),
        "export-list": reverse("exports:list"),
        "questionnaire-list": reverse("questionnaires:list"),
        "questionnaire-version": reverse(
            "questionnaires:version", args=[campaign.questionnaire_version_id]
        ),
        "notifications": reverse("notifications:list"),
        "password-change": reverse("password_change"),
    }


def _sessions(browser: Browser, server: str, users: dict[str, str]) -> dict[str, Any]:
    """Log each user in once through the real form; their storage states (the session cookie)."""
    states = {}
    for name, username in users.items():
        context = browser.new_context()
        page = context.new_page()
        log_in(page, server, username)
        expect(page.get_by_test_id("user-menu")).to_be_visible()
        states[name] = context.storage_state()
        context.close()
    return states


def _open_context(
    browser: Browser, server: str, state: Any, *, viewport: str, lang: str
) -> BrowserContext:
    context = browser.new_context(
        storage_state=state, viewport=VIEWPORTS[viewport], locale=LOCALES[lang]
    )
    context.add_cookies([{"name": "django_language", "value": lang, "url": server}])
    context.add_init_script(path=str(AXE))  # axe in every page (the CSP refuses injected scripts)
    return context


def _check_menu(page: Page, viewport: str) -> None:
    """The header's links can be reached: inline on a laptop, behind the Menu button on a phone."""
    links = page.locator(".site-nav .nav-links > li > a")
    if page.get_by_test_id("user-menu").count() == 0:
        return  # logged out: only the brand and the language switch
    if viewport == "phone":
        menu_button = page.get_by_test_id("menu-button")
        expect(menu_button).to_be_visible()
        expect(links.first).to_be_hidden()
        menu_button.click()
        expect(links.first).to_be_visible()
        expect(page.get_by_test_id("user-menu")).to_be_visible()
    else:
        expect(page.get_by_test_id("menu-button")).to_be_hidden()
        expect(links.first).to_be_visible()
    problems = page.evaluate(OFF_SCREEN_OR_BROKEN, HEADER_ITEMS)
    assert not problems, problems
    assert_no_horizontal_overflow(page)  # the open menu does not widen the page either
    if viewport == "phone":
        page.get_by_test_id("menu-button").click()
        expect(links.first).to_be_hidden()


def _check_page(page: Page, *, name: str, viewport: str, lang: str) -> list[str]:
    """One page, every check; the problems found, in words."""
    problems: list[str] = []

    def attempt(what: str, check: Callable[[], None]) -> None:
        try:
            check()
        except AssertionError as error:
            problems.append(f"{name} {viewport} {lang} {what}: {str(error).splitlines()[0]}")

    attempt("lang", lambda: expect(page.locator("html")).to_have_attribute("lang", lang))
    attempt("overflow", lambda: assert_no_horizontal_overflow(page))
    attempt("menu", lambda: _check_menu(page, viewport))
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name} {viewport} {lang} axe: {violations}")
    shoot(page, f"layout-{name}-{lang}")
    return problems


def _visit(page: Page, server: str, path: str) -> None:
    response = page.goto(f"{server}{path}")
    assert response is not None and response.status < 400, f"{path}: {response and response.status}"


@pytest.mark.parametrize("lang", list(LOCALES))
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_staff_page_fits_has_a_menu_and_passes_axe(
    browser: Browser, server: str, officer: Any, viewport: str, lang: str
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=3)
    assessment = campaign.assessments.get(status=Assessment.Status.SUBMITTED)
    users = {name: f"layout-{name}" for name in ROLES}
    for name, role in ROLES.items():
        staff_user(role, username=users[name], password=PASSWORD)
    supplier_user(assessment.supplier, username="layout-supplier", password=PASSWORD)
    states = _sessions(browser, server, {**users, "supplier": "layout-supplier"})
    problems: list[str] = []

    # Each role on its work, from the start page.
    for name in ROLES:
        context = _open_context(browser, server, states[name], viewport=viewport, lang=lang)
        page = context.new_page()
        page.goto(f"{server}/")
        assert page.url.split("?")[0] == f"{server}{reverse(LANDINGS[name])}", (name, page.url)
        problems += _check_page(page, name=f"landing-{name}", viewport=viewport, lang=lang)
        if name == "reviewer":  # the assessment page with the review controls
            _visit(page, server, reverse("campaigns:assessment", args=[assessment.pk]))
            problems += _check_page(page, name="assessment-reviewer", viewport=viewport, lang=lang)
        context.close()

    # Every staff page, as the procurement admin (who may open them all).
    context = _open_context(browser, server, states["admin"], viewport=viewport, lang=lang)
    page = context.new_page()
    for name, path in _staff_pages(campaign=campaign, assessment=assessment).items():
        _visit(page, server, path)
        problems += _check_page(page, name=name, viewport=viewport, lang=lang)
    context.close()

    # The supplier portal uses the same header.
    context = _open_context(browser, server, states["supplier"], viewport=viewport, lang=lang)
    page = context.new_page()
    _visit(page, server, reverse("portal:home"))
    problems += _check_page(page, name="portal", viewport=viewport, lang=lang)
    context.close()

    # Logged out: the login page.
    context = _open_context(browser, server, None, viewport=viewport, lang=lang)
    page = context.new_page()
    _visit(page, server, reverse("login"))
    problems += _check_page(page, name="login", viewport=viewport, lang=lang)
    context.close()

    assert not problems, "\n".join(problems)


def test_menu_works_by_keyboard_with_a_visible_focus(
    browser: Browser, server: str, officer: Any
) -> None:
    staff_user(roles.REVIEWER, username="layout-keys", password=PASSWORD)
    state = _sessions(browser, server, {"reviewer": "layout-keys"})["reviewer"]
    context = _open_context(browser, server, state, viewport="phone", lang="en")
    page = context.new_page()
    page.goto(f"{server}/")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert (
        page.evaluate("() => document.querySelector('.skip-link').getBoundingClientRect().top") >= 0
    )
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # the Menu button
    expect(page.get_by_test_id("menu-toggle")).to_be_focused()
    outline = page.get_by_test_id("menu-button").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Space")
    suppliers = page.locator(".site-nav .nav-links").get_by_role("link", name="Suppliers")
    expect(suppliers).to_be_visible()
    page.keyboard.press("Tab")
    expect(suppliers).to_be_focused()
    focus = suppliers.evaluate("el => getComputedStyle(el).outlineStyle")
    assert focus != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server}/suppliers/")

    # The skip link takes the keyboard past the header.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    context.close()
