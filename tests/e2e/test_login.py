"""Logging in and out through the real login form."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import E2E_DB, OFFICER, PASSWORD, log_in

pytestmark = [pytest.mark.e2e, E2E_DB]


def test_officer_logs_in_lands_on_campaigns_and_logs_out(
    page: Page, server: str, officer: object
) -> None:
    log_in(page, server, OFFICER)

    expect(page).to_have_url(f"{server}/campaigns/")
    expect(page.get_by_role("heading", name="Campaigns", level=1)).to_be_visible()
    expect(page.get_by_role("navigation").get_by_text(OFFICER, exact=True)).to_be_visible()
    expect(page.get_by_test_id("new-campaign")).to_be_visible()

    page.get_by_test_id("user-menu").click()  # Log out is in the user menu
    page.get_by_test_id("logout").click()

    expect(page).to_have_url(f"{server}/accounts/login/")
    expect(page.get_by_test_id("logout")).to_have_count(0)
    page.goto(f"{server}/suppliers/")
    expect(page).to_have_url(re.compile(re.escape(f"{server}/accounts/login/")))


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(
    page: Page, server: str, officer: object
) -> None:
    log_in(page, server, OFFICER, password="not-the-password")

    expect(page).to_have_url(f"{server}/accounts/login/")
    form = page.get_by_test_id("login-form")
    expect(form.locator("ul.errorlist")).to_contain_text("correct username and password")
    expect(form.locator("#id_username")).to_have_value(OFFICER)
    expect(page.get_by_test_id("logout")).to_have_count(0)

    # One failure is far below the lockout limit: the right password still gets in.
    log_in(page, server, OFFICER)
    expect(page).to_have_url(f"{server}/campaigns/")


def test_anonymous_visitor_is_sent_to_login_and_back(
    page: Page, server: str, officer: object
) -> None:
    page.goto(f"{server}/suppliers/new/")
    expect(page).to_have_url(f"{server}/accounts/login/?next=/suppliers/new/")

    form = page.get_by_test_id("login-form")
    form.locator("#id_username").fill(OFFICER)
    form.locator("#id_password").fill(PASSWORD)
    form.get_by_test_id("login").click()

    expect(page).to_have_url(f"{server}/suppliers/new/")
    expect(page.get_by_test_id("supplier-form")).to_be_visible()
