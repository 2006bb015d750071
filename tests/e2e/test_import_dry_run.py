"""A dry run of an import: upload with "Dry run" ticked, read the result, download the errors."""

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from suppliers.models import Supplier
from tests.e2e.conftest import (
    E2E_DB,
    VIEWPORTS,
    assert_no_horizontal_overflow,
    axe_violations,
    shoot,
)
from tests.factories import make_uscc
from tests.workbooks import good_row, workbook_bytes

pytestmark = [pytest.mark.e2e, E2E_DB]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_dry_run_reports_errors_writes_nothing_and_offers_the_error_report(
    officer_page: Page, server: str, tmp_path: Path, celery_eager: None, size: str, language: str
) -> None:
    page = officer_page
    if language != "en":  # in the user menu once logged in
        page.get_by_test_id("user-menu").click()
        page.get_by_test_id(f"lang-{language}").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
    page.set_viewport_size(VIEWPORTS[size])
    before = Supplier.objects.count()
    filled = tmp_path / "suppliers.xlsx"
    filled.write_bytes(
        workbook_bytes(
            [
                good_row(1),
                good_row(2, registration_code=make_uscc(100_002)[:-1] + "0", country="XX"),
                good_row(3, contact_email="not-an-email"),
            ]
        )
    )

    page.goto(f"{server}/suppliers/imports/")
    assert_no_horizontal_overflow(page)
    assert axe_violations(page) == []
    shoot(page, f"import-form-{language}")
    form = page.get_by_test_id("import-form")
    form.locator("input[type=file][name=file]").set_input_files(filled)
    form.locator("input[type=checkbox][name=dry_run]").check()
    form.get_by_test_id("upload").click()

    status = page.get_by_test_id("import-status")
    expect(status).to_have_attribute("data-status", "completed_with_errors", timeout=15_000)
    if language == "en":
        expect(status).to_have_text("Completed with 2 errors")
    expect(page.get_by_test_id("dry-run-note")).to_be_visible()
    expect(page.get_by_test_id("count-created")).to_have_text("1")  # would be created
    expect(page.get_by_test_id("count-failed")).to_have_text("2")
    expect(page.get_by_test_id("import-errors").locator("tbody tr")).to_have_count(2)
    assert Supplier.objects.count() == before
    assert_no_horizontal_overflow(page)
    assert axe_violations(page) == []
    shoot(page, f"import-dry-run-{language}")

    with page.expect_download() as download_info:
        page.get_by_test_id("error-report").click()
    report = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    rows = list(report["Errors"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["3", "4"]
