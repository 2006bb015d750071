"""The next cycle prefilled in the browser: the supplier's area page with carried answers (one
confirmed by its button, then the rest of the area at once) and the reviewer's workbench with
unchanged carried answers apart from the changed one, accepted in one action."""

import datetime
from typing import Any

import pytest
from django.test import TestCase
from playwright.sync_api import Browser, BrowserContext, Page, expect

from assessments.answers import services as answer_services
from assessments.campaigns import services as campaign_services
from assessments.models import Answer, Assessment
from core import roles
from tests.assessments.prefill.conftest import approved_year_one, year_two_definition
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    PASSWORD,
    VIEWPORTS,
    assert_no_horizontal_overflow,
    axe_violations,
    log_in,
    shoot,
)
from tests.factories import QuestionnaireVersionFactory, SupplierFactory, staff_user, supplier_user

pytestmark = [pytest.mark.e2e, E2E_DB]


def _year_two() -> Assessment:
    officer = staff_user(roles.PROCUREMENT_OFFICER, username="pf-e2e-officer")
    reviewer = staff_user(roles.REVIEWER, username="pf-e2e-reviewer", password=PASSWORD)
    approver = staff_user(roles.APPROVER, username="pf-e2e-approver")
    supplier = SupplierFactory()
    supplier_user(supplier=supplier, username="pf-e2e-supplier", password=PASSWORD)
    year_one = approved_year_one(
        version=QuestionnaireVersionFactory(),
        suppliers=[supplier],
        officer=officer,
        reviewer=reviewer,
        approver=approver,
    )
    campaign = campaign_services.campaign_create(
        name="FY2026 environmental assessment",
        questionnaire_version=QuestionnaireVersionFactory(definition=year_two_definition()),
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        due_on=datetime.date.today() + datetime.timedelta(days=60),
        supplier_ids=[supplier.pk],
        created_by=officer,
        based_on=year_one,
    )
    with TestCase.captureOnCommitCallbacks(execute=False):
        campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    assessment = campaign.assessments.get()
    answer_services.answer_save(  # changed: a normal answer now
        assessment=assessment,
        question_code="A1.2",
        value=["discharge", "eia"],
        user=None,
        revision=None,
    )
    return assessment


def _context(browser: Browser, server: str, *, viewport: str, lang: str) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=LOCALES[lang])
    context.add_cookies([{"name": "django_language", "value": lang, "url": server}])
    return context


def _look(page: Page, name: str) -> list[str]:
    problems = []
    try:
        assert_no_horizontal_overflow(page)
    except AssertionError as error:
        problems.append(f"{name}: {error}")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name} axe: {violations}")
    shoot(page, name)
    return problems


def _status(assessment: Assessment) -> dict[str, Any]:
    return dict(
        Answer.objects.filter(assessment=assessment).values_list("question__code", "review_status")
    )


@pytest.mark.parametrize("lang", list(LOCALES))
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_prefill_portal_confirm_and_reviewer_accepts_unchanged(
    browser: Browser, server: str, viewport: str, lang: str
) -> None:
    assessment = _year_two()
    problems: list[str] = []

    context = _context(browser, server, viewport=viewport, lang=lang)
    page = context.new_page()
    log_in(page, server, "pf-e2e-supplier")
    expect(page).to_have_url(f"{server}/portal/")
    page.goto(f"{server}/portal/assessments/{assessment.pk}/areas/A1/")
    expect(page.get_by_test_id("carried-area")).to_be_visible()
    expect(page.get_by_test_id("carried-A1.1")).to_be_visible()
    expect(page.get_by_test_id("carried-A1.2")).to_be_visible()  # changed since
    problems += _look(page, f"prefill-portal-area-{lang}")
    page.get_by_test_id("confirm-A1.1").click()
    expect(page.get_by_test_id("confirm-A1.1")).to_have_count(0)
    expect(page.get_by_test_id("confirm-A1.3")).to_be_visible()
    page.get_by_test_id("confirm-area").click()
    expect(page.get_by_test_id("carried-area")).to_have_count(0)
    problems += _look(page, f"prefill-portal-area-confirmed-{lang}")
    context.close()
    assert not Answer.objects.filter(
        assessment=assessment, question__area__code="A1", confirmed=False
    ).exists()

    answer_services.answer_save(
        assessment=assessment, question_code="A1.4", value="ISO 14001", user=None, revision=None
    )
    answer_services.carried_answers_confirm(assessment=assessment, area_code="A2", user=None)
    with TestCase.captureOnCommitCallbacks(execute=False):
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=None)

    context = _context(browser, server, viewport=viewport, lang=lang)
    page = context.new_page()
    log_in(page, server, "pf-e2e-reviewer")
    expect(page).not_to_have_url(f"{server}/accounts/login/")
    page.goto(f"{server}/campaigns/assessments/{assessment.pk}/?area=A1")
    expect(page.get_by_test_id("carried-old-A1.2")).to_be_visible()
    expect(page.get_by_test_id("carried-A1.1")).to_be_visible()
    problems += _look(page, f"prefill-review-{lang}")
    page.get_by_test_id("accept-carried-A1").click()
    expect(page.get_by_test_id("area-success")).to_be_visible()
    expect(page.get_by_test_id("accept-carried-A1")).to_have_count(0)
    context.close()
    status = _status(assessment)
    assert status["A1.1"] == status["A1.3"] == "accepted"
    assert status["A1.2"] == "pending"
    assert not problems, "\n".join(problems)
