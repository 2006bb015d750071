"""The code of conduct and the results page of the supplier portal on a phone and a laptop, in
English and Chinese (issue 16): nothing sticks out sideways, axe finds no serious or critical
violation, and screenshots go to var/screenshots/portal-code-<lang>-<size>.png,
portal-overview-results-<lang>-<size>.png (the overview's summary and link) and
portal-results-<lang>-<size>.png."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from assessments.answers import services as answer_services
from assessments.models import Assessment
from assessments.questionnaires.services import default_questionnaire_load
from assessments.scoring.services import assessment_score
from suppliers.models import Category
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    PASSWORD,
    VIEWPORTS,
    log_in,
    look,
)
from tests.factories import LaunchedAssessmentFactory, supplier_user

pytestmark = [pytest.mark.e2e, E2E_DB, pytest.mark.usefixtures("celery_eager")]

USERNAME = "results-phone"
# Answers with every kind of result: full, partial, "Yes" that earns nothing, a missing
# document, a figure in a lower band; the rest stays unanswered.
ANSWERS = (
    ("A1.1", True),
    ("A1.2", "all_held"),
    ("A1.4", True),
    ("A1.5", True),
    ("A1.6", "implemented_not_certified"),
    ("A1.9", 3),
    ("A4.1", "internally_calculated"),
    ("A4.9", "internal_target"),
)


def _approved() -> Assessment:
    """An approved assessment of the default questionnaire with a final score."""
    version = default_questionnaire_load()
    assessment = LaunchedAssessmentFactory(
        campaign__questionnaire_version=version,
        campaign__name="FY2026 环境评估",
        campaign__due_on=datetime.date.today() + datetime.timedelta(days=60),
        supplier__category=Category.objects.get(slug="engineering"),
        acknowledged=False,
    )
    user = supplier_user(supplier=assessment.supplier, username=USERNAME, password=PASSWORD)
    answer_services.assessment_acknowledge_code(assessment=assessment, user=user)
    for code, value in ANSWERS:
        answer_services.answer_save(
            assessment=assessment, question_code=code, value=value, user=user, revision=None
        )
    # Approval needs a complete review of a complete submission; the page only needs the result.
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.APPROVED)
    assessment_score(assessment_id=assessment.pk, kind="final")
    return assessment


@pytest.mark.parametrize("language", list(LOCALES))
def test_the_code_and_the_results_read_well_on_a_phone_and_a_laptop(
    page: Page, server: str, language: str
) -> None:
    assessment = _approved()
    log_in(page, server, USERNAME)
    expect(page).to_have_url(f"{server}/portal/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    chinese = language == "zh-hans"
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"{server}/portal/assessments/{assessment.pk}/")
        page.get_by_test_id("code-acknowledged").get_by_role("link").click()
        code = page.get_by_test_id("code-of-conduct")
        expect(code.locator("h2")).to_have_count(6)
        expect(code).to_contain_text("环境许可及报告" if chinese else "Environmental permits")
        look(page, f"portal-code-{language}-{size}")

        page.goto(f"{server}/portal/assessments/{assessment.pk}/")
        expect(page.get_by_test_id("results-summary")).to_be_visible()
        look(page, f"portal-overview-results-{language}-{size}")
        page.get_by_test_id("go-results").click()
        expect(page.get_by_test_id("critical-failures")).to_be_visible()
        actions = page.get_by_test_id("actions")
        expect(actions).to_contain_text("A1 加" if chinese else "points in A1")
        expect(page.get_by_test_id("area-A1")).to_contain_text(
            "环境许可及报告" if chinese else "Environmental permits and reporting"
        )
        look(page, f"portal-results-{language}-{size}")
