"""Answering offline in Excel, as a supplier does it in a browser (issue 16).

The overview links to the offline page; its button downloads the answers workbook of the default
questionnaire; answers typed in it with openpyxl are applied by the upload form; a bad cell is
listed by sheet, row and column. The page fits 390x844 and 1366x768 in both languages, axe finds
no serious or critical violation, and screenshots go to var/screenshots/portal-offline-*.png.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from assessments.models import Answer, Assessment
from assessments.questionnaires.services import default_questionnaire_load
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
from tests.factories import LaunchedAssessmentFactory, staff_user, supplier_user

pytestmark = [pytest.mark.e2e, E2E_DB, pytest.mark.usefixtures("celery_eager")]

USERNAME = "offline-supplier"


def _assessment() -> Assessment:
    version = default_questionnaire_load()
    officer = staff_user(username="offline-officer")
    assessment = LaunchedAssessmentFactory(
        supplier__category=Category.objects.get(slug="engineering"),
        campaign__questionnaire_version=version,
        campaign__created_by=officer,
        campaign__name="FY2026 environmental assessment",
    )
    supplier_user(supplier=assessment.supplier, username=USERNAME, password=PASSWORD)
    return assessment


def _row(sheet: Any, code: str) -> int:
    return next(row for row in range(2, sheet.max_row + 1) if sheet[f"A{row}"].value == code)


def _download(page: Page, tmp_path: Path) -> Any:
    with page.expect_download() as info:
        page.get_by_test_id("offline-download").click()
    path = tmp_path / "answers.xlsx"
    info.value.save_as(path)
    return openpyxl.load_workbook(path)


def _upload(page: Page, workbook: Any, tmp_path: Path, name: str = "filled.xlsx") -> None:
    stream = io.BytesIO()
    workbook.save(stream)
    path = tmp_path / name
    path.write_bytes(stream.getvalue())
    page.get_by_test_id("offline-file").set_input_files(str(path))
    page.get_by_test_id("offline-upload").click()


def test_download_fill_in_and_upload_in_the_browser(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    assessment = _assessment()
    context = browser.new_context(viewport=VIEWPORTS["laptop"], accept_downloads=True)
    page = context.new_page()
    log_in(page, server, USERNAME)
    page.goto(f"{server}{reverse('portal:assessment', args=[assessment.pk])}")
    page.get_by_test_id("go-offline").click()
    expect(page).to_have_url(f"{server}{reverse('portal:offline', args=[assessment.pk])}")

    workbook = _download(page, tmp_path)
    sheet = next(s for s in workbook.worksheets if s.title.startswith("A1 "))
    sheet[f"G{_row(sheet, 'A1.1')}"] = "yes"
    sheet[f"G{_row(sheet, 'A1.2')}"] = "all_held"
    _upload(page, workbook, tmp_path)
    expect(page.get_by_text("2 answer(s) changed")).to_be_visible()
    values = dict(
        Answer.objects.filter(assessment=assessment).values_list("question__code", "value")
    )
    assert values["A1.1"] is True and values["A1.2"] == "all_held"

    workbook = _download(page, tmp_path)
    sheet = next(s for s in workbook.worksheets if s.title.startswith("A1 "))
    sheet[f"G{_row(sheet, 'A1.2')}"] = "some_missing_typo"
    _upload(page, workbook, tmp_path, "bad.xlsx")
    problems = page.get_by_test_id("offline-problems")
    expect(problems).to_contain_text(sheet.title)
    expect(problems).to_contain_text(f"{_row(sheet, 'A1.2')}")
    shoot(page, "portal-offline-problems")
    context.close()


@pytest.mark.parametrize("lang", list(LOCALES))
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_offline_page_fits_and_passes_axe(
    browser: Browser, server: str, viewport: str, lang: str, tmp_path: Path
) -> None:
    assessment = _assessment()
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], locale=LOCALES[lang], accept_downloads=True
    )
    context.add_cookies([{"name": "django_language", "value": lang, "url": server}])
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    log_in(page, server, USERNAME)
    page.goto(f"{server}{reverse('portal:offline', args=[assessment.pk])}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    shoot(page, f"portal-offline-{lang}")
    assert_no_horizontal_overflow(page)
    assert not axe_violations(page)
    # With the problems of a bad upload listed.
    workbook = _download(page, tmp_path)
    sheet = next(s for s in workbook.worksheets if s.title.startswith("A2 "))
    for row in range(2, sheet.max_row + 1):  # numbers and choices refuse it (text takes it)
        if sheet[f"G{row}"].protection.locked is False:
            sheet[f"G{row}"] = "=SUM(1, 2)"
    _upload(page, workbook, tmp_path)
    expect(page.get_by_test_id("offline-error")).to_be_visible()
    shoot(page, f"portal-offline-errors-{lang}")
    assert_no_horizontal_overflow(page)
    assert not axe_violations(page)
    context.close()
