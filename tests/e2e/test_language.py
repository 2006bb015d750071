"""The language switch on every page: Simplified Chinese and back to English."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import E2E_DB, OFFICER, log_in

pytestmark = [pytest.mark.e2e, E2E_DB]


def test_switch_to_chinese_and_back(page: Page, server: str, officer: object) -> None:
    page.goto(f"{server}/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("lang-en")).to_have_attribute("aria-current", "true")

    page.get_by_test_id("lang-zh-hans").click()

    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(f"{server}/accounts/login/")
    expect(page.get_by_test_id("lang-zh-hans")).to_have_attribute("aria-current", "true")

    # The choice sticks across the login and the pages after it.
    log_in(page, server, OFFICER)
    expect(page).to_have_url(f"{server}/campaigns/")
    expect(html).to_have_attribute("lang", "zh-hans")
    page.goto(f"{server}/suppliers/")

    page.get_by_test_id("user-menu").click()  # once logged in, the switch is in the user menu
    page.get_by_test_id("lang-en").click()

    expect(page).to_have_url(f"{server}/suppliers/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("lang-en")).to_have_attribute("aria-current", "true")
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Suppliers", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Suppliers", level=1)).to_be_visible()


def test_chinese_interface_strings(page: Page, server: str, officer: object) -> None:
    """Needs the compiled zh_Hans catalogue (locale/zh_Hans/LC_MESSAGES/django.mo)."""
    page.goto(f"{server}/accounts/login/")
    page.get_by_test_id("lang-zh-hans").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_test_id("login")).to_have_text("登录")

    log_in(page, server, OFFICER)
    expect(page).to_have_url(f"{server}/campaigns/")
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="供应商", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Suppliers", exact=True)).to_have_count(0)
