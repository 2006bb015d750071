"""Spend: upload a workbook with bad rows through the import page, read every problem with its
sheet, row and column, then the spend list by supplier; on a laptop and a phone, in English and
Chinese, with screenshots under var/screenshots/."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessments.spend.models import SpendLine
from core import roles
from tests.assessments.spend.helpers import line, workbook_bytes
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    VIEWPORTS,
    look,
)
from tests.factories import SupplierFactory, staff_user

pytestmark = [pytest.mark.e2e, E2E_DB]


@pytest.mark.parametrize("language", list(LOCALES))
def test_spend_import_with_errors_and_the_spend_list(
    officer_page: Page, server: str, tmp_path: Path, celery_eager: None, language: str
) -> None:
    page = officer_page
    supplier = SupplierFactory(name="宁波蓝海包装有限公司", name_en="Ningbo Blue Sea Packaging")
    other = SupplierFactory()
    for n in range(3):
        SpendLine.objects.create(
            supplier=other if n else supplier, period=2025, line_reference=f"PO-2025-{n:04d}",
            amount=Decimal("125000.50"), currency="USD", rate_to_cny=Decimal("7.12"),
            amount_cny=Decimal("890003.56"), category="packaging",
            description="Corrugated cartons, Q2",
        )  # fmt: skip
    bad = tmp_path / "spend-fy2025.xlsx"
    bad.write_bytes(
        workbook_bytes(
            [
                line(supplier, "PO-1"),
                line(supplier, "PO-2", amount="12,50"),
                line(supplier, "PO-3", currency="EUR"),
                line(supplier, "PO-4", registration_code="91330100MA9999999X"),
                line(supplier, "PO-1"),
            ]
        )
    )
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])

    page.goto(f"{server}/spend/imports/")
    page.get_by_test_id("spend-import-form").locator("input[type=file]").set_input_files(bad)
    page.get_by_test_id("spend-upload").click()
    expect(page.get_by_test_id("spend-import-status")).to_have_attribute("data-status", "failed")
    errors = page.get_by_test_id("spend-import-errors")
    expect(errors.locator("tbody tr")).to_have_count(4)
    expect(errors).to_contain_text("EUR")
    detail = page.url
    assert not SpendLine.objects.filter(line_reference="PO-1").exists()

    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(detail)
        look(page, f"spend-import-errors-{language}-{size}")
        page.goto(f"{server}/spend/imports/")
        look(page, f"spend-import-{language}-{size}")
        page.goto(f"{server}/spend/?period=2025")
        expect(page.get_by_test_id("spend-suppliers")).to_contain_text("宁波蓝海包装有限公司")
        look(page, f"spend-list-{language}-{size}")
        page.goto(f"{server}/spend/?period=2025&supplier={supplier.pk}")
        expect(page.get_by_test_id("spend-lines")).to_contain_text("PO-2025-0000")
        look(page, f"spend-lines-{language}-{size}")


@pytest.mark.parametrize("language", list(LOCALES))
def test_exchange_rates_page(page: Page, server: str, seeded_db: None, language: str) -> None:
    from tests.e2e.conftest import PASSWORD, log_in

    staff_user(roles.PROCUREMENT_ADMIN, username="e2e-padmin", password=PASSWORD)
    log_in(page, server, "e2e-padmin")
    page.wait_for_load_state()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    page.goto(f"{server}/spend/rates/")
    form = page.get_by_test_id("rate-form")
    form.locator("#id_period").fill("2025")
    form.locator("#id_currency").fill("USD")
    form.locator("#id_rate_to_cny").fill("7.12")
    form.locator("#id_source").fill("PBOC central parity, 2025-04-01")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("exchange-rates")).to_contain_text("PBOC central parity")
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.reload()
        look(page, f"spend-rates-{language}-{size}")
