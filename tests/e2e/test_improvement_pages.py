"""Improvement that counts, in a browser: the supplier page's trend (table and chart), the
relationship's end, and a verified corrective action's score before and after, on a laptop and
a phone, in English and Chinese, with screenshots under var/screenshots/."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Campaign, CorrectiveAction, LabelDecision, Score
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    SCREENSHOTS,
    VIEWPORTS,
    look,
)
from tests.factories import (
    AssessmentFactory,
    CampaignFactory,
    QuestionnaireVersionFactory,
    SupplierFactory,
)

pytestmark = [pytest.mark.e2e, E2E_DB]


def _areas(a1: float, a2: float) -> list[dict]:
    return [
        {"code": "A1", "score": a1, "points": 0, "max_points": 0, "weight": 1, "assessed": True},
        {"code": "A2", "score": a2, "points": 0, "max_points": 0, "weight": 1.5, "assessed": True},
    ]


def _data(officer) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A supplier in three yearly campaigns; the latest with a verified corrective action."""
    version = QuestionnaireVersionFactory()
    supplier = SupplierFactory(relationship_ended_on=datetime.date(2026, 10, 31),
                               relationship_end_reason="environmental",
                               relationship_end_note="Discharge permit revoked by the EPB.")  # fmt: skip
    assessment = None
    for year, overall, a1, a2 in ((2024, "58.40", 45.0, 67.0), (2025, "65.35", 48.0, 76.9)):
        campaign = CampaignFactory(
            name=f"FY{year} 供应商环境评估", questionnaire_version=version,
            status=Campaign.Status.LAUNCHED, period_start=datetime.date(year, 4, 1),
            period_end=datetime.date(year + 1, 3, 31), due_on=datetime.date(year + 1, 1, 31),
        )  # fmt: skip
        assessment = AssessmentFactory(supplier=supplier, campaign=campaign, status="approved")
        before = Score.objects.create(
            assessment=assessment, kind="final", overall=Decimal(overall),
            areas=_areas(a1, a2), version_hash="x" * 64,
        )  # fmt: skip
    assert assessment is not None
    after = Score.objects.create(
        assessment=assessment, kind="final", overall=Decimal("81.35"),
        areas=_areas(88.0, 76.9), version_hash="x" * 64,
    )  # fmt: skip
    decision = LabelDecision.objects.create(
        supplier=supplier, kind="granted", actor=officer, assessment=assessment, score=after,
        reason="Corrective action verified and closed: rescored.",
    )  # fmt: skip
    action = CorrectiveAction.objects.create(
        assessment=assessment, question=version.questions.get(code="A1.4"),
        title="No certified environmental management system", severity="high",
        due_on=datetime.date(2026, 9, 30), status="closed", raised_by=officer,
        response="ISO 14001 certificate issued in June.", proposed_value="certified",
        closed_by=officer, closed_at=timezone.now(), score_before=before, score_after=after,
        label_decision=decision,
    )  # fmt: skip
    return supplier.pk, action.pk


@pytest.mark.parametrize("language", list(LOCALES))
def test_improvement_trend_and_action_pages(
    officer_page: Page, server: str, officer, language: str
) -> None:
    page = officer_page
    supplier_id, action_id = _data(officer)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"{server}/suppliers/{supplier_id}/")
        trend = page.get_by_test_id("trend")
        expect(trend.get_by_test_id("trend-table").locator("tbody tr")).to_have_count(2)
        expect(trend.get_by_test_id("chart-supplier-trend")).to_be_visible()
        expect(
            trend.locator('[data-testid="point-supplier-trend-overall-2025"]')
        ).to_have_attribute("data-value", "81.35")
        expect(page.get_by_test_id("relationship-ended-on")).to_have_text("2026-10-31")
        look(page, f"improvement-supplier-{language}-{size}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        trend.screenshot(
            path=str(SCREENSHOTS / f"improvement-trend-{language}-{size}.png"),
            animations="disabled",
        )

        page.goto(f"{server}/campaigns/actions/{action_id}/")
        improvement = page.get_by_test_id("action-improvement")
        expect(improvement.get_by_test_id("improvement-area")).to_contain_text("48.0")
        expect(improvement.get_by_test_id("improvement-area")).to_contain_text("88.0")
        expect(improvement.get_by_test_id("improvement-overall")).to_contain_text("81.4")
        expect(improvement.get_by_test_id("improvement-label")).to_be_visible()
        look(page, f"improvement-action-{language}-{size}")


@pytest.mark.parametrize("language", list(LOCALES))
def test_improvement_relationship_end_page(page: Page, server: str, language: str) -> None:
    from core import roles
    from tests.e2e.conftest import PASSWORD, log_in
    from tests.factories import staff_user

    staff_user(roles.PROCUREMENT_ADMIN, username="e2e-padmin", password=PASSWORD)
    supplier = SupplierFactory()
    log_in(page, server, "e2e-padmin")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"{server}/suppliers/{supplier.pk}/")
        page.get_by_test_id("relationship-end").click()
        form = page.get_by_test_id("relationship-end-form")
        form.locator("#id_relationship_ended_on").fill("2026-06-30")
        page.get_by_test_id("relationship-end-save").click()  # no reason: refused, explained
        expect(form.locator(".errorlist")).to_be_visible()
        look(page, f"improvement-relationship-end-{language}-{size}")
    form = page.get_by_test_id("relationship-end-form")
    form.locator("#id_relationship_end_reason").select_option("environmental")
    page.get_by_test_id("relationship-end-save").click()
    expect(page.get_by_test_id("relationship-ended-on")).to_have_text("2026-06-30")
