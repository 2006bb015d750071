"""Shared fixtures: a launched campaign with a supplier user, and a submitted assessment."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.answers import services as answer_services
from assessments.models import Assessment
from tests.factories import (
    LaunchedAssessmentFactory,
    LaunchedCampaignFactory,
    SavedAnswerFactory,
    SupplierFactory,
    UploadedEvidenceFactory,
    supplier_user,
)

DUE = datetime.date(2027, 1, 31)


@dataclass(frozen=True)
class PortalSetup:
    """Two logistics suppliers' assessments in one launched campaign (invitations sent); `user`,
    logged in on `client`, belongs to the supplier of `mine`."""

    client: Client
    user: User
    mine: Assessment
    other: Assessment


@pytest.fixture
def setup(officer, celery_eager) -> PortalSetup:  # type: ignore[no-untyped-def]
    mine, other = SupplierFactory(), SupplierFactory()
    campaign = LaunchedCampaignFactory(created_by=officer, suppliers=[mine, other])
    user = supplier_user(supplier=mine, username="portal-user")
    client = Client()
    client.force_login(user)
    return PortalSetup(
        client=client,
        user=user,
        mine=campaign.assessments.get(supplier=mine),
        other=campaign.assessments.get(supplier=other),
    )


@pytest.fixture
def submitted(officer, celery_eager, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer, campaign__due_on=DUE)
    user = supplier_user(supplier=assessment.supplier, username="sup-user")
    for code, value in (
        ("A1.1", True),
        ("A1.2", ["discharge"]),
        ("A1.4", "certified"),
        ("A2.1", 5),
        ("A1.3", [{"kind": "water", "number": "P-1"}]),
    ):
        SavedAnswerFactory(assessment=assessment, question_code=code, value=value, user=user)
    UploadedEvidenceFactory(assessment=assessment, question_code="A1.3", name="p.png", user=user)
    with django_capture_on_commit_callbacks(execute=True):  # scores the submission
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
    return assessment, user
