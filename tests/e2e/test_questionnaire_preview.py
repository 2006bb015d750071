"""Previewing the default questionnaire as suppliers of two categories."""

import pytest
from playwright.sync_api import Page, expect

from assessments.questionnaires.services import default_questionnaire_load
from tests.e2e.conftest import E2E_DB

pytestmark = [pytest.mark.e2e, E2E_DB]


def _shown_codes(page: Page) -> set[str]:
    ids = page.locator("[data-testid^='preview-A']").evaluate_all(
        "nodes => nodes.map(node => node.dataset.testid)"
    )
    return {value.removeprefix("preview-") for value in ids}


def test_logistics_and_office_it_suppliers_see_different_questions(
    officer_page: Page, server: str
) -> None:
    version = default_questionnaire_load()
    page = officer_page
    page.goto(f"{server}/questionnaires/")
    page.get_by_test_id(f"version-{version.number}").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Published")

    page.locator("select[name=category]").first.select_option("logistics")
    page.get_by_test_id("preview").click()
    expect(page.get_by_test_id("preview-category")).to_have_value("logistics")
    logistics = _shown_codes(page)

    page.get_by_test_id("preview-category").select_option("office_it")
    page.get_by_test_id("apply-answers").click()
    expect(page.get_by_test_id("preview-category")).to_have_value("office_it")
    office_it = _shown_codes(page)

    assert {"A1.1", "A1.10"} <= logistics & office_it  # acknowledgement and attestation: everyone
    assert "A6.6" in logistics and "A6.6" not in office_it  # fleet: logistics only
    assert "A2.9" in office_it and "A2.9" not in logistics  # take-back: office IT only
    expect(page.get_by_test_id("preview-A2.9")).to_be_visible()
