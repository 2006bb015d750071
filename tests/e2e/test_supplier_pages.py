"""The staff supplier list and detail page on a laptop and a phone, in English and Chinese: the
list table scrolls inside its own box (never the page), sorting and page numbers work, axe finds
nothing serious, and screenshots are written under var/screenshots/."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import CorrectiveAction, GreenLabel, LabelDecision, LabelRules, Score
from suppliers import services
from suppliers.models import Category
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    VIEWPORTS,
    assert_no_horizontal_overflow,
    axe_violations,
    shoot,
)
from tests.factories import AssessmentFactory, CampaignFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, E2E_DB]


def _data(officer) -> int:  # type: ignore[no-untyped-def]
    """30 suppliers with scores and labels; the first with a full detail page."""
    campaign = CampaignFactory(status="launched", name="FY2026 环境评估")
    rules = LabelRules.objects.order_by("-version").first()
    first = None
    for n, supplier in enumerate(SupplierFactory.create_batch(30)):
        assessment = AssessmentFactory(campaign=campaign, supplier=supplier, status="approved")
        score = Score.objects.create(
            assessment=assessment, kind="final", overall=Decimal(40 + n), version_hash="x" * 64
        )
        if n % 3 == 0:
            GreenLabel.objects.create(
                supplier=supplier, status="active" if n % 2 == 0 else "expired",
                assessment=assessment, score=score, rules=rules, granted_at=timezone.now(),
                valid_until=datetime.date(2027, 6, 30),
            )  # fmt: skip
        if first is None:
            first = supplier
            LabelDecision.objects.create(
                supplier=supplier, kind="granted", actor=officer, reason="Meets every rule.",
                assessment=assessment, score=score,
            )  # fmt: skip
            CorrectiveAction.objects.create(
                assessment=assessment, title="Renew the wastewater discharge permit",
                severity="critical", due_on=datetime.date(2027, 3, 1), raised_by=officer,
            )  # fmt: skip
            services.supplier_update(
                supplier=supplier, updated_by=officer,
                category=Category.objects.get(slug="office_it"), status="suspended",
            )  # fmt: skip
    assert first is not None
    return first.pk


def _look(page: Page, name: str) -> None:
    assert_no_horizontal_overflow(page)
    assert axe_violations(page) == []
    shoot(page, name)


@pytest.mark.parametrize("language", list(LOCALES))
def test_supplier_list_and_detail_fit_and_are_clean(
    officer_page: Page, server: str, officer, language: str
) -> None:
    page = officer_page
    supplier_id = _data(officer)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"{server}/suppliers/?ordering=-score")
        table = page.get_by_test_id("supplier-table")
        expect(table).to_be_visible()
        expect(page.locator('th[aria-sort="descending"]')).to_have_count(1)
        _look(page, f"suppliers-list-{language}-{size}")

        # Sorting the other way, then page 2: the sort is kept.
        page.get_by_test_id("sort-score").click()
        expect(page).to_have_url(f"{server}/suppliers/?ordering=score")
        page.get_by_test_id("page-numbers").locator('a[href$="page=2"]').first.click()
        expect(page).to_have_url(f"{server}/suppliers/?ordering=score&page=2")
        expect(page.locator("[data-testid^=row-]")).to_have_count(5)

        page.goto(f"{server}/suppliers/{supplier_id}/")
        expect(page.get_by_test_id("assessments")).to_contain_text("FY2026 环境评估")
        expect(page.get_by_test_id("label-history")).to_contain_text("Meets every rule.")
        expect(page.get_by_test_id("corrective-actions")).to_contain_text("wastewater")
        history = page.get_by_test_id("history")
        expect(history).to_contain_text("办公 IT" if language == "zh-hans" else "Office IT")
        expect(history).not_to_contain_text("office_it")
        _look(page, f"suppliers-detail-{language}-{size}")
