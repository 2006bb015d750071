"""Registering a supplier through the web form: a bad registration code, then a good one."""

import re

import pytest
from playwright.sync_api import Page, expect

from suppliers.models import Category, Supplier
from suppliers.validators import USCC_ALPHABET
from tests.e2e.conftest import E2E_DB, OFFICER
from tests.factories import make_uscc

pytestmark = [pytest.mark.e2e, E2E_DB]

NAME = "杭州绿源物流有限公司"
NAME_EN = "Hangzhou Lvyuan Logistics Co., Ltd."
CONTACT_NAME = "王芳"
CONTACT_EMAIL = "wang.fang@lvyuan.example.com"
CONTACT_PHONE = "+86 571 8888 0000"


def _wrong_check_character(code: str) -> str:
    """The same code with a different (still well-formed) 18th character."""
    wrong = next(char for char in USCC_ALPHABET if char != code[-1])
    return code[:-1] + wrong


def test_bad_check_character_is_reported_then_good_code_registers(
    officer_page: Page, server: str
) -> None:
    page = officer_page
    logistics = Category.objects.get(slug="logistics")
    good_code = make_uscc(5)
    bad_code = _wrong_check_character(good_code)

    page.get_by_test_id("new-supplier").click()
    expect(page).to_have_url(f"{server}/suppliers/new/")
    form = page.get_by_test_id("supplier-form")
    form.locator("#id_name").fill(NAME)
    form.locator("#id_name_en").fill(NAME_EN)
    form.locator("#id_country").select_option("CN")
    form.locator("#id_registration_code").fill(bad_code)
    form.locator("#id_category").select_option(label="Logistics")
    form.locator("#id_contact_name").fill(CONTACT_NAME)
    form.locator("#id_contact_email").fill(CONTACT_EMAIL)
    form.locator("#id_contact_phone").fill(CONTACT_PHONE)
    form.get_by_test_id("save").click()

    # Still the form, with the error right next to the registration code.
    expect(page).to_have_url(f"{server}/suppliers/new/")
    form = page.get_by_test_id("supplier-form")
    code_field = form.locator("div.field.has-error").filter(
        has=page.locator("#id_registration_code")
    )
    expect(code_field.locator("ul.errorlist")).to_contain_text("check character")
    # Only the code is wrong.
    expect(form.locator("div.field.has-error")).to_have_count(1)
    # What was typed is kept.
    expect(form.locator("#id_registration_code")).to_have_value(bad_code)
    expect(form.locator("#id_name")).to_have_value(NAME)
    expect(form.locator("#id_name_en")).to_have_value(NAME_EN)
    expect(form.locator("#id_country")).to_have_value("CN")
    expect(form.locator("#id_category")).to_have_value(str(logistics.pk))
    expect(form.locator("#id_contact_name")).to_have_value(CONTACT_NAME)
    expect(form.locator("#id_contact_email")).to_have_value(CONTACT_EMAIL)
    expect(form.locator("#id_contact_phone")).to_have_value(CONTACT_PHONE)
    assert not Supplier.objects.exists()

    form.locator("#id_registration_code").fill(good_code)
    form.get_by_test_id("save").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(server)}/suppliers/\d+/$"))
    supplier = Supplier.objects.get(registration_code=good_code)
    assert page.url == f"{server}/suppliers/{supplier.pk}/"
    assert (supplier.name, supplier.country.code, supplier.category_id) == (
        NAME,
        "CN",
        logistics.pk,
    )
    assert supplier.created_by.username == OFFICER
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(page.get_by_role("article").get_by_text(good_code, exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("registered")
    history = page.get_by_test_id("history")
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history.locator("tbody tr").first).to_contain_text(OFFICER)
    expect(history.locator("tbody tr").first).to_contain_text("created")

    # And the list finds it by its code.
    page.goto(f"{server}/suppliers/")
    page.locator("input[name=search]").fill(good_code)
    page.locator("input[name=search]").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]search=" + good_code))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=NAME)).to_be_visible()
