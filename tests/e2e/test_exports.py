"""An auditor exports a campaign's audit workbook, downloads it and verifies it in the browser."""

import hashlib

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from assessments.exports.workbooks import SHEETS
from core import roles
from tests.assessments.audit_data import varied_campaign
from tests.e2e.conftest import E2E_DB, PASSWORD, log_in
from tests.factories import staff_user

pytestmark = [pytest.mark.e2e, E2E_DB, pytest.mark.usefixtures("celery_eager")]


def test_auditor_exports_downloads_and_verifies_a_campaign_workbook(
    page: Page, server: str, officer: object, tmp_path
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=2)
    staff_user(roles.AUDITOR, username="e2e-auditor", password=PASSWORD)
    log_in(page, server, "e2e-auditor")
    page.goto(f"{server}/campaigns/{campaign.pk}/")
    page.get_by_test_id("export").click()

    expect(page.get_by_test_id("export-status")).to_have_attribute("data-status", "succeeded")
    sha256 = page.get_by_test_id("sha256").inner_text().strip()
    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.endswith(".xlsx")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == list(SHEETS)

    page.goto(f"{server}/exports/")
    page.get_by_test_id("verify-form").locator("input[type=file]").set_input_files(str(path))
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-match", "true")
