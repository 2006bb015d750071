"""Scope 3 Category 1 in the browser: the figures, methods, top suppliers and categories and the
target's progress; on a laptop and a phone, in English and Chinese, with screenshots under
var/screenshots/."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Scope3Target
from suppliers.models import Category
from tests.assessments.scope3.data import approved, factor_set, spend
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    VIEWPORTS,
    assert_no_horizontal_overflow,
    axe_violations,
    shoot,
)
from tests.factories import SupplierFactory

pytestmark = [pytest.mark.e2e, E2E_DB]


def _data() -> None:
    logistics = SupplierFactory(name="杭州绿源物流有限公司", name_en="Hangzhou Green Logistics")
    approved(logistics, scope1="120", scope2="80", revenue=40)
    spend(logistics, "2000000")  # 200 x 2,000,000 / 40,000,000 = 10 t
    declared = SupplierFactory(name="上海明远传媒有限公司")
    approved(declared, declared="4.2", declared_method="market_value")
    spend(declared, "500000")
    events = SupplierFactory(category=Category.objects.get(slug="events"))
    spend(events, "300000")
    spend(events, "250000", period=2024)
    spend(logistics, "1800000", period=2024)
    factor_set({"events": "0.35", "logistics": "0.2"})
    Scope3Target.objects.create(base_period=2024, target_year=2030, reduction_pct=Decimal("25"))


@pytest.mark.parametrize("language", list(LOCALES))
def test_scope3_page(officer_page: Page, server: str, language: str) -> None:
    _data()
    page = officer_page
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"{server}/scope3/?period=2025")
        # 10 + 4.2 + 300,000 x 0.35 / 1000 = 119.2 t
        expect(page.get_by_test_id("scope3-total")).to_have_attribute("data-value", "119.2000")
        expect(page.get_by_test_id("scope3-top-suppliers")).to_contain_text("杭州绿源物流有限公司")
        expect(page.get_by_test_id("target-progress")).to_be_visible()
        assert_no_horizontal_overflow(page)
        assert axe_violations(page) == []
        shoot(page, f"scope3-{language}-{size}")
