"""Disclosures and documents that expire, in a browser: the Disclosures page with a figure's
suppliers behind it, the supplier's permit question asking for the document's dates, and the
reviewer's workbench showing an expired and an expiring document; on a laptop and a phone, in
English and Chinese, with screenshots under var/screenshots/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Assessment, EvidenceDocument
from core import roles
from tests.assessments.disclosures.conftest import build
from tests.assessments.expiry.conftest import flag_validity
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    PASSWORD,
    VIEWPORTS,
    log_in,
    look,
)
from tests.factories import (
    LaunchedAssessmentFactory,
    SavedAnswerFactory,
    UploadedEvidenceFactory,
    staff_user,
    supplier_user,
)

pytestmark = [pytest.mark.e2e, E2E_DB]


@pytest.mark.parametrize("language", list(LOCALES))
def test_disclosures_page_and_a_figures_suppliers(
    officer_page: Page, server: str, language: str
) -> None:
    page = officer_page
    data = build()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"{server}/disclosures/?period=2025")
        figures = page.get_by_test_id("disclosure-figures")
        expect(figures).to_be_visible()
        # HKEX B5.1: the suppliers of the period (hk_old's relationship ended within it).
        total = page.get_by_test_id("value-hkex-b5.1-total")
        count = total.get_attribute("data-value")
        assert count is not None and int(count) > 0
        look(page, f"disclosures-{language}-{size}")
        total.click()
        expect(page.get_by_test_id("supplier-count")).to_have_attribute("data-value", count)
        expect(page.get_by_test_id(f"figure-supplier-{data.s['hk_old'].pk}")).to_be_visible()
        look(page, f"disclosures-suppliers-{language}-{size}")


def _documents() -> tuple[Assessment, EvidenceDocument, EvidenceDocument]:
    """A supplier's assessment whose permit question (A1.3) asks for validity, with one permit
    expired yesterday and one expiring in ten days."""
    assessment = LaunchedAssessmentFactory(
        supplier__name="绿源包装（深圳）有限公司", supplier__name_en="Lvyuan Packaging"
    )
    user = supplier_user(
        supplier=assessment.supplier, username="exp-e2e-supplier", password=PASSWORD
    )
    flag_validity(assessment.version)
    SavedAnswerFactory(assessment=assessment, question_code="A1.1", value=True, user=user)
    SavedAnswerFactory(assessment=assessment, question_code="A1.2", value=["discharge"], user=user)
    SavedAnswerFactory(
        assessment=assessment,
        question_code="A1.3",
        value=[{"kind": "water", "number": "深环水许〔2024〕018号"}],
        user=user,
    )
    today = timezone.localdate()
    documents = []
    for name, until in (
        ("discharge-permit-2021.png", today - datetime.timedelta(days=1)),
        ("pollutant-permit-2026.png", today + datetime.timedelta(days=10)),
    ):
        documents.append(
            UploadedEvidenceFactory(
                assessment=assessment,
                question_code="A1.3",
                name=name,
                user=user,
                valid_from=until - datetime.timedelta(days=365 * 3),
                valid_until=until,
            )
        )
    return assessment, documents[0], documents[1]


@pytest.mark.parametrize("language", list(LOCALES))
def test_expired_and_expiring_documents_for_supplier_and_reviewer(
    page: Page, server: str, language: str
) -> None:
    assessment, expired, expiring = _documents()
    staff_user(roles.REVIEWER, username="exp-e2e-reviewer", password=PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])

    log_in(page, server, "exp-e2e-supplier")
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"{server}/portal/assessments/{assessment.pk}/areas/A1/")
        expect(page.get_by_test_id(f"expired-{expired.pk}")).to_be_visible()
        expect(page.get_by_test_id(f"expiring-{expiring.pk}")).to_be_visible()
        expect(page.get_by_test_id("valid-until-A1.3")).to_be_visible()
        page.get_by_test_id(f"validity-{expired.pk}").scroll_into_view_if_needed()
        look(page, f"expiry-portal-{language}-{size}")

    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    log_in(page, server, "exp-e2e-reviewer")
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"{server}/campaigns/assessments/{assessment.pk}/?area=A1")
        expect(page.get_by_test_id(f"validity-{expired.pk}")).to_have_attribute(
            "data-validity", "expired"
        )
        expect(page.get_by_test_id(f"expiring-{expiring.pk}")).to_be_visible()
        look(page, f"expiry-review-{language}-{size}")
