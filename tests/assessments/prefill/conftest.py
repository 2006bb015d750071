"""Two cycles: year one approved, year two based on it with a version that changed a type and
dropped a question."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from assessments.answers import services as answer_services
from assessments.campaigns import services as campaign_services
from assessments.models import Assessment, Campaign, QuestionnaireVersion
from assessments.review import services as review_services
from core import roles
from tests.assessments.definitions import small_definition
from tests.factories import (
    PNG,
    QuestionnaireVersionFactory,
    SupplierFactory,
    code_acknowledged,
    review_complete,
    staff_user,
    supplier_user,
)

YEAR_ONE_ANSWERS: tuple[tuple[str, Any], ...] = (
    ("A1.1", True),
    ("A1.2", ["discharge"]),
    ("A1.3", [{"kind": "water", "number": "P-1"}]),
    ("A1.4", "certified"),
    ("A2.1", 5),
    ("A2.2", "Electric vans by 2028."),
)


def year_two_definition() -> dict[str, Any]:
    """A1.4 changes type (one choice -> text), A2.2 is removed, A1.1 scores differently."""
    definition = small_definition()
    questions = {question["code"]: question for question in definition["questions"]}
    questions["A1.4"]["type"] = "text"
    questions["A1.4"]["scoring"] = "answered"
    questions["A1.1"].update(max_points=4, points_yes=4)
    definition["questions"] = [q for q in definition["questions"] if q["code"] != "A2.2"]
    definition["choices"] = [c for c in definition["choices"] if c["question"] != "A1.4"]
    return definition


def approved_year_one(
    *, version: QuestionnaireVersion, suppliers: list[Any], officer: User, reviewer: User,
    approver: User,
) -> Campaign:  # fmt: skip
    """A launched campaign whose suppliers all answered, uploaded a permit and were approved."""
    campaign = campaign_services.campaign_create(
        name="FY2025 assessment",
        questionnaire_version=version,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
        due_on=datetime.date(2027, 1, 31),
        supplier_ids=[supplier.pk for supplier in suppliers],
        created_by=officer,
    )
    with TestCase.captureOnCommitCallbacks(execute=False):
        campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    for assessment in campaign.assessments.all():
        code_acknowledged(assessment)
        for code, value in YEAR_ONE_ANSWERS:
            answer_services.answer_save(
                assessment=assessment, question_code=code, value=value, user=None, revision=None
            )
        answer_services.evidence_upload(
            assessment=assessment,
            question_code="A1.3",
            file=SimpleUploadedFile("permit.png", PNG),
            user=None,
        )
        with TestCase.captureOnCommitCallbacks(execute=False):
            answer_services.assessment_submit(assessment=assessment, attestation=True, user=None)
            review_complete(assessment, reviewer)
            review_services.assessment_approve(assessment=assessment, approver=approver)
    campaign.refresh_from_db()
    return campaign


@dataclass(frozen=True)
class Cycles:
    year_one: Campaign
    year_two: Campaign
    mine: Assessment  # year two, of `user`'s supplier
    other: Assessment  # year two, another supplier's
    user: User
    other_user: User
    reviewer: User
    approver: User


@pytest.fixture
def cycles(officer) -> Cycles:  # type: ignore[no-untyped-def]
    reviewer = staff_user(roles.REVIEWER, username="pf-reviewer")
    approver = staff_user(roles.APPROVER, username="pf-approver")
    mine, other = SupplierFactory(), SupplierFactory()
    year_one = approved_year_one(
        version=QuestionnaireVersionFactory(),
        suppliers=[mine, other],
        officer=officer,
        reviewer=reviewer,
        approver=approver,
    )
    year_two = campaign_services.campaign_create(
        name="FY2026 assessment",
        questionnaire_version=QuestionnaireVersionFactory(definition=year_two_definition()),
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        due_on=datetime.date(2027, 2, 28),
        supplier_ids=[mine.pk, other.pk],
        created_by=officer,
        based_on=year_one,
    )
    with TestCase.captureOnCommitCallbacks(execute=False):
        campaign_services.campaign_launch(campaign=year_two, launched_by=officer)
    return Cycles(
        year_one=year_one,
        year_two=year_two,
        mine=year_two.assessments.get(supplier=mine),
        other=year_two.assessments.get(supplier=other),
        user=supplier_user(supplier=mine, username="pf-supplier"),
        other_user=supplier_user(supplier=other, username="pf-other"),
        reviewer=reviewer,
        approver=approver,
    )
