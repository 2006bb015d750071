"""The procurement dashboard in the browser: the SVG charts render, their numbers are right, the
campaign filter works, and the Content Security Policy has nothing to block."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from assessments.labels import services as label_services
from assessments.models import Assessment, Campaign, GreenLabel, Score
from suppliers.models import Category
from tests.e2e.conftest import (
    E2E_DB,
    VIEWPORTS,
    assert_no_horizontal_overflow,
    axe_violations,
    shoot,
)
from tests.factories import AssessmentFactory, CampaignFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, E2E_DB]


def _score(assessment: Assessment, kind: str, overall: str, a1: float, a2: float) -> Score:
    return Score.objects.create(
        assessment=assessment,
        kind=kind,
        overall=Decimal(overall),
        areas=[
            {"code": "A1", "score": a1, "points": 0, "max_points": 0, "weight": 1},
            {"code": "A2", "score": a2, "points": 0, "max_points": 0, "weight": 1},
        ],
        version_hash="e2e",
    )


def _data() -> tuple[Campaign, Campaign]:
    """Three suppliers: one approved and labelled, one submitted, one invited and overdue."""
    s1 = SupplierFactory(category=Category.objects.get(slug="logistics"), country="CN")
    s2 = SupplierFactory(category=Category.objects.get(slug="media"), country="HK")
    s3 = SupplierFactory(category=Category.objects.get(slug="engineering"), country="US")
    first = CampaignFactory(name="E2E FY2026", status=Campaign.Status.LAUNCHED)
    second = CampaignFactory(
        name="E2E FY2027",
        questionnaire_version=first.questionnaire_version,
        status=Campaign.Status.LAUNCHED,
    )
    a1 = AssessmentFactory(campaign=first, supplier=s1, status="approved")
    _score(a1, "provisional", "70.00", 70.0, 70.0)
    final = _score(a1, "final", "90.00", 92.0, 88.0)
    a2 = AssessmentFactory(campaign=first, supplier=s2, status="submitted")
    _score(a2, "provisional", "60.00", 50.0, 70.0)
    AssessmentFactory(campaign=first, supplier=s3, status="invited", is_overdue=True)
    AssessmentFactory(campaign=second, supplier=s2, status="in_progress")
    GreenLabel.objects.create(
        supplier=s1, status=GreenLabel.Status.ACTIVE, assessment=a1, score=final,
        rules=label_services.current_rules(), granted_at=timezone.now(),
        valid_until=datetime.date(2027, 12, 31),
    )  # fmt: skip
    return first, second


def _expect_values(page: Page, values: dict[str, str]) -> None:
    for testid, text in values.items():
        expect(page.get_by_test_id(testid)).to_have_text(text)


def test_dashboard_charts_and_filter(officer_page: Page, server: str) -> None:
    page = officer_page
    csp_errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            csp_errors.append(message.text)

    page.on("console", on_console)
    _first, second = _data()

    page.goto(f"{server}/campaigns/dashboard/")
    expect(page.locator("h1")).to_have_text("Dashboard")

    # Every chart is an inline SVG with one bar per row of its table.
    for name, bars in (("status", 6), ("scores", 5), ("areas", 2), ("green-category", 3),
                       ("green-region", 2), ("region", 2), ("screening", 1)):  # fmt: skip
        chart = page.locator(f"svg[data-testid=chart-{name}]")
        expect(chart).to_be_visible()
        expect(chart.locator("rect")).to_have_count(bars)
        expect(page.get_by_test_id(f"table-{name}").locator("tbody tr")).to_have_count(bars)

    # 1. Statuses (all campaigns: 4 assessments) and overdue.
    _expect_values(
        page,
        {
            "value-status-invited": "1",
            "value-status-in_progress": "1",
            "value-status-submitted": "1",
            "value-status-returned": "0",
            "value-status-approved": "1",
            "value-status-rejected": "0",
            "table-status-total": "4",
            "overdue": "1",
        },
    )
    # 2. Score bands: a1's final 90 (not its provisional 70), a2's 60, two not scored.
    _expect_values(
        page,
        {
            "value-scores-85_100": "1",
            "value-scores-70_85": "0",
            "value-scores-50_70": "1",
            "value-scores-0_50": "0",
            "value-scores-none": "2",
            "table-scores-none": "2",
        },
    )
    # 3. Area averages over the latest scores.
    _expect_values(page, {"value-areas-A1": "71.00", "value-areas-A2": "79.00"})
    # 4.-6. Green share, suppliers by region, GRI 308-1.
    _expect_values(
        page,
        {
            "value-green-category-logistics": "100.0%",
            "value-green-category-media": "0.0%",
            "value-green-region-mainland_china": "100.0%",
            "value-green-region-other": "0.0%",
            "value-region-mainland_china": "1",
            "value-region-other": "2",
            "table-region-other": "2",
            "table-screening-new": "3",
            "table-screening-screened": "2",
            "value-screening-screened": "66.7%",
        },
    )
    # The bars are drawn to scale: full width for the largest count, nothing for zero.
    full = page.get_by_test_id("bar-region-other").bounding_box()
    half = page.get_by_test_id("bar-region-mainland_china").bounding_box()
    assert full and half and full["width"] > 0
    assert abs(half["width"] * 2 - full["width"]) < 1
    assert page.get_by_test_id("bar-status-returned").get_attribute("width") == "0"
    assert page.get_by_test_id("bar-screening-screened").get_attribute("data-value") == "66.7"

    # The campaign filter narrows the assessment figures only.
    # It applies on change (htmx swaps the body and pushes the address): no Apply click.
    expect(page.get_by_test_id("dashboard-apply")).to_be_hidden()
    page.get_by_test_id("campaign-select").select_option(str(second.pk))
    expect(page).to_have_url(f"{server}/campaigns/dashboard/?campaign={second.pk}")
    _expect_values(
        page,
        {
            "table-status-total": "1",
            "value-status-in_progress": "1",
            "value-status-approved": "0",
            "overdue": "0",
            "value-scores-none": "1",
            "value-region-other": "2",
            "table-screening-screened": "2",
        },
    )
    expect(page.locator("svg[data-testid=chart-areas] rect")).to_have_count(0)
    expect(page.get_by_test_id("campaign-select")).to_have_value(str(second.pk))
    assert csp_errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_manager_goes_from_a_dashboard_figure_to_the_suppliers_behind_it(
    officer_page: Page, server: str, size: str, language: str
) -> None:
    page = officer_page
    if language != "en":  # in the user menu once logged in
        page.get_by_test_id("user-menu").click()
        page.get_by_test_id(f"lang-{language}").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
    page.set_viewport_size(VIEWPORTS[size])
    _data()
    page.goto(f"{server}/campaigns/dashboard/")
    figure = page.get_by_test_id("figure-assessed")
    expect(figure).to_be_visible()
    assert figure.get_attribute("data-value") == "2"  # s1 approved, s2 submitted
    assert_no_horizontal_overflow(page)
    assert axe_violations(page) == []
    shoot(page, f"dashboard-{language}")
    page.get_by_test_id("figure-assessed").click()
    expect(page).to_have_url(f"{server}/suppliers/?assessed=any")
    expect(page.get_by_test_id("supplier-table").locator("tbody tr")).to_have_count(2)
    assert_no_horizontal_overflow(page)
    shoot(page, f"dashboard-suppliers-{language}")

    page.goto(f"{server}/campaigns/dashboard/")
    page.get_by_test_id("figure-overdue").click()
    expect(page.get_by_test_id("assessment-count")).to_have_attribute("data-value", "1")
    assert_no_horizontal_overflow(page)
    assert axe_violations(page) == []
    shoot(page, f"dashboard-assessments-{language}")
