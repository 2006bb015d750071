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
    look,
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
        look(page, f"suppliers-list-{language}-{size}")

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
        look(page, f"suppliers-detail-{language}-{size}")


# Every control of the filter form: inside the form and the window, and its text not clipped.
_CLIPPED = """() => {
  const form = document.querySelector('[data-testid=filters]').getBoundingClientRect();
  return Array.from(document.querySelectorAll('[data-testid=filters] select, [data-testid=filters] input, [data-testid=filters] button'))
    .filter(e => e.type !== 'hidden')
    .map(e => [e.name || e.type, e.getBoundingClientRect()])
    .filter(([, r]) => r.right > Math.min(form.right, window.innerWidth) + 1.5 || r.left < form.left - 1.5 || r.width < 60)
    .map(([name, r]) => name + ":" + Math.round(r.left) + "-" + Math.round(r.right) + "/" + Math.round(form.left) + "-" + Math.round(form.right));
}"""


# The selects whose longest choice does not fit in their box (inside padding and arrow).
_CHOICES_CUT = """() => Array.from(document.querySelectorAll('[data-testid=filters] select')).map(e => {
  const style = getComputedStyle(e);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const text = Math.max(...Array.from(e.options).map(o => context.measureText(o.text).width));
  const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return text <= room ? null : `${e.name}: ${Math.ceil(text)} px of words in ${Math.floor(room)} px`;
}).filter(Boolean)"""


@pytest.mark.parametrize("language", list(LOCALES))
def test_supplier_filters_fold_on_a_phone_and_fit_in_a_row_on_a_laptop(
    officer_page: Page, server: str, language: str
) -> None:
    page = officer_page
    SupplierFactory.create_batch(30)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])

    # A phone: the filters fold behind "Filters", the list starts in the first screen.
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{server}/suppliers/")
    expect(page.get_by_test_id("filter-toggle")).to_be_visible()
    expect(page.get_by_test_id("filters")).to_be_hidden()
    top = page.get_by_test_id("supplier-table").bounding_box()
    assert top is not None and top["y"] < VIEWPORTS["phone"]["height"] * 0.6, top
    shoot(page, f"suppliers-filters-{language}-closed")
    page.get_by_test_id("filter-toggle").click()
    expect(page.get_by_test_id("filters")).to_be_visible()
    assert page.evaluate(_CLIPPED) == []
    assert page.evaluate(_CHOICES_CUT) == []
    assert_no_horizontal_overflow(page)
    # A filter set: open, with the number of filters on the summary.
    page.goto(f"{server}/suppliers/?status=active&search=%E5%85%AC%E5%8F%B8")
    expect(page.get_by_test_id("filters")).to_be_visible()
    expect(page.get_by_test_id("active-filters")).to_have_text("2")
    assert page.evaluate(_CLIPPED) == []
    look(page, f"suppliers-filters-{language}-open")

    # A laptop: always shown, a row that wraps (at most in two), every choice whole.
    page.set_viewport_size(VIEWPORTS["laptop"])
    page.goto(f"{server}/suppliers/?ordering=-updated_at")
    expect(page.get_by_test_id("filters")).to_be_visible()
    expect(page.get_by_test_id("filter-toggle")).to_be_hidden()
    assert page.evaluate(_CLIPPED) == []
    assert page.evaluate(_CHOICES_CUT) == []
    search = page.locator("[data-testid=filters] input[name=search]").bounding_box()
    button = page.get_by_test_id("filters").get_by_role("button").bounding_box()
    assert search is not None and button is not None
    assert button["y"] - search["y"] < 100, "the filters take more than two rows"
    look(page, f"suppliers-filters-{language}")
